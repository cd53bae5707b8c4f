/*
 * The event queue: a binary min-heap ordered by (virtual time, insertion
 * order), so that events due at the same moment run in the order they were
 * scheduled. The heap array grows by doubling and never shrinks: once a
 * run has reached its largest number of pending events it allocates no
 * more.
 */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <tfo/common.h>

struct sim_event {
	tfo_time time;
	uint64_t seq; /* insertion order, set by queue_push */
	int type;     /* the engine's event kinds */
	uint32_t arg; /* an index (host, connection line, ...) */
	void *ptr;    /* a packet or connection, owned by the engine */
};

struct sim_queue {
	const tfo_allocator *mem;
	struct sim_event *heap;
	size_t len, cap;
	uint64_t next_seq;
};

/* queue_init: an empty queue allocating through mem (NULL: libc). */
void queue_init(struct sim_queue *q, const tfo_allocator *mem);

/* queue_free: releases the heap array (the events' pointers are the caller's). */
void queue_free(struct sim_queue *q);

/* queue_push: adds ev (its seq is overwritten). Returns 0 or TFO_ERR_NOMEM. */
int queue_push(struct sim_queue *q, const struct sim_event *ev);

/* queue_pop: removes the earliest event into *ev. Returns 1, or 0 when empty. */
int queue_pop(struct sim_queue *q, struct sim_event *ev);

/* queue_next_time: the earliest event's time, or TFO_TIME_NEVER when empty. */
tfo_time queue_next_time(const struct sim_queue *q);

#endif /* SIM_QUEUE_H */
