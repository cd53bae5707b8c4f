/*
 * Per-connection state of an observer that cannot use c->ext (the ladder
 * owns it), kept by connection number. Connections are numbered in the
 * order they appear and released in that same order, so the state is a
 * ring of fixed-size entries from the oldest connection not yet released
 * to the newest: memory follows the connections the tracker holds, and
 * nothing is looked up by hash. Entries move when the ring grows: never
 * keep a pointer to one across a call that may add connections.
 */
#ifndef REPLAY_SLOTS_H
#define REPLAY_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include <tfo/common.h>

struct replay_slots {
	const tfo_allocator *mem;
	uint8_t *ring;
	size_t size;      /* bytes per entry */
	size_t cap, head; /* entries in the ring; index of the oldest */
	size_t len;       /* entries in use */
	uint64_t base;    /* connection number of the oldest entry */
};

/* replay_slots_init: an empty store of entries of size bytes (mem NULL: libc). */
void replay_slots_init(struct replay_slots *s, const tfo_allocator *mem, size_t size);

/* replay_slots_free: frees the ring. */
void replay_slots_free(struct replay_slots *s);

/*
 * replay_slots_get: the entry of connection number (1-based), zeroed the
 * first time. Returns NULL when the number was released already, or when
 * the ring cannot grow (TFO_ERR_NOMEM for the caller).
 */
void *replay_slots_get(struct replay_slots *s, uint64_t number);

/*
 * replay_slots_peek: the entry of number if it exists, else NULL; never
 * adds one.
 */
void *replay_slots_peek(const struct replay_slots *s, uint64_t number);

/*
 * replay_slots_release: drops the entry of number and any older one;
 * numbers up to it are never given out again.
 */
void replay_slots_release(struct replay_slots *s, uint64_t number);

#endif /* REPLAY_SLOTS_H */
