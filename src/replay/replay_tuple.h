/*
 * A connection's 4-tuple in a canonical order, so that both directions of
 * a connection give the same key, and the hash used to find it.
 */
#ifndef REPLAY_TUPLE_H
#define REPLAY_TUPLE_H

#include <stdint.h>

#include <tfo/wire.h>

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

/*
 * replay_tuple_match: whether the segment src -> dst belongs to key t:
 * 0 when src is t->lo, 1 when src is t->hi (as replay_tuple_make would
 * say), -1 when it does not belong.
 */
int replay_tuple_match(const struct replay_tuple *t, const tfo_sockaddr *src,
                       const tfo_sockaddr *dst);

/* replay_tuple_hash: the key's hash for the hash tables (fixed, so runs repeat). */
uint32_t replay_tuple_hash(const struct replay_tuple *t);

/* replay_ends_hash: the same hash from the two ends in either order. */
uint32_t replay_ends_hash(const tfo_sockaddr *a, const tfo_sockaddr *b);

#endif /* REPLAY_TUPLE_H */
