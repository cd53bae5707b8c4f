/*
 * A connection's 4-tuple in a canonical order, so that both directions of
 * a connection give the same key, and the hash used to find it.
 */
#ifndef REPLAY_TUPLE_H
#define REPLAY_TUPLE_H

#include <stdint.h>
#include <string.h>

#include <tfo/wire.h>

#include "tfo_hashtab.h"

struct replay_tuple {
	tfo_sockaddr lo, hi; /* lo sorts before hi (family, address bytes, port) */
};

/* replay_sockaddr_cmp: <0, 0, >0, comparing family, address bytes, then port. */
int replay_sockaddr_cmp(const tfo_sockaddr *a, const tfo_sockaddr *b);

/*
 * replay_tuple_make: the key of the segment src -> dst. Returns 0 when src
 * is t->lo, 1 when src is t->hi.
 */
int replay_tuple_make(struct replay_tuple *t, const tfo_sockaddr *src, const tfo_sockaddr *dst);

/* replay_tuple_equal: 1 when both ends are equal, else 0. */
int replay_tuple_equal(const struct replay_tuple *a, const struct replay_tuple *b);

/* replay_tuple_hash: the key's hash for the hash tables (fixed, so runs repeat). */
uint32_t replay_tuple_hash(const struct replay_tuple *t);

/*
 * Inline below: every packet hashes its two ends and matches them
 * against a key or two, and the calls cost as much as the work.
 */

/* replay_same_end: 1 when a and b are the same address and port. */
static inline int replay_same_end(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	uint64_t x[2], y[2];

	memcpy(x, a->addr.bytes, sizeof(x));
	memcpy(y, b->addr.bytes, sizeof(y));
	return a->addr.family == b->addr.family && a->port == b->port && x[0] == y[0] &&
	       x[1] == y[1];
}

/*
 * replay_tuple_match: whether the segment src -> dst belongs to key t:
 * 0 when src is t->lo, 1 when src is t->hi (as replay_tuple_make would
 * say; src == dst makes src the lo end), -1 when it does not belong.
 */
static inline int replay_tuple_match(const struct replay_tuple *t, const tfo_sockaddr *src,
                                     const tfo_sockaddr *dst)
{
	if (replay_same_end(&t->lo, src) && replay_same_end(&t->hi, dst))
		return 0;
	if (replay_same_end(&t->hi, src) && replay_same_end(&t->lo, dst))
		return 1;
	return -1;
}

/* One end's share of the hash. */
static inline uint64_t replay_end_hash(const tfo_sockaddr *s)
{
	uint64_t w[2];

	memcpy(w, s->addr.bytes, sizeof(w));
	return htab_mix(htab_mix(w[0], w[1]), (uint64_t)s->port << 8 | s->addr.family);
}

/*
 * replay_ends_hash: the key's hash from its two ends in either order.
 * The shares are added, so the order does not matter: a packet is looked
 * up by its own source and destination, without ordering them first.
 */
static inline uint32_t replay_ends_hash(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return htab_fold(htab_mix(0, replay_end_hash(a) + replay_end_hash(b)));
}

#endif /* REPLAY_TUPLE_H */
