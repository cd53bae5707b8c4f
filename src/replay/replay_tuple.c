/* Canonical 4-tuples and their hash. */
#include <string.h>

#include "replay_tuple.h"
#include "tfo_bytes.h"
#include "tfo_hashtab.h"

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

int replay_sockaddr_cmp(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	int c;

	if (a->addr.family != b->addr.family)
		return a->addr.family < b->addr.family ? -1 : 1;
	/* The bytes as two big-endian numbers order as memcmp orders them:
	 * two comparisons instead of a call for every packet. */
	c = cmp_u64(get_be64(a->addr.bytes), get_be64(b->addr.bytes));
	if (c == 0)
		c = cmp_u64(get_be64(a->addr.bytes + 8), get_be64(b->addr.bytes + 8));
	if (c)
		return c;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return 0;
}

int replay_tuple_make(struct replay_tuple *t, const tfo_sockaddr *src, const tfo_sockaddr *dst)
{
	memset(t, 0, sizeof(*t));
	if (replay_sockaddr_cmp(src, dst) <= 0) {
		t->lo.addr = src->addr;
		t->lo.port = src->port;
		t->hi.addr = dst->addr;
		t->hi.port = dst->port;
		return 0;
	}
	t->lo.addr = dst->addr;
	t->lo.port = dst->port;
	t->hi.addr = src->addr;
	t->hi.port = src->port;
	return 1;
}

static int same_end(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	uint64_t x[2], y[2];

	memcpy(x, a->addr.bytes, sizeof(x));
	memcpy(y, b->addr.bytes, sizeof(y));
	return a->addr.family == b->addr.family && a->port == b->port && x[0] == y[0] &&
	       x[1] == y[1];
}

int replay_tuple_equal(const struct replay_tuple *a, const struct replay_tuple *b)
{
	return same_end(&a->lo, &b->lo) && same_end(&a->hi, &b->hi);
}

/* One end's share of the hash. */
static uint64_t end_hash(const tfo_sockaddr *s)
{
	uint64_t w[2];

	memcpy(w, s->addr.bytes, sizeof(w));
	return htab_mix(htab_mix(w[0], w[1]), (uint64_t)s->port << 8 | s->addr.family);
}

/* The two shares are added, so the hash does not depend on which end
 * comes first: a packet is looked up by its own source and destination,
 * without ordering them into a key first. */
uint32_t replay_ends_hash(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return htab_fold(htab_mix(0, end_hash(a) + end_hash(b)));
}

uint32_t replay_tuple_hash(const struct replay_tuple *t)
{
	return replay_ends_hash(&t->lo, &t->hi);
}

int replay_tuple_match(const struct replay_tuple *t, const tfo_sockaddr *src,
                       const tfo_sockaddr *dst)
{
	/* in replay_tuple_make's order: src == dst makes src the lo end */
	if (same_end(&t->lo, src) && same_end(&t->hi, dst))
		return 0;
	if (same_end(&t->hi, src) && same_end(&t->lo, dst))
		return 1;
	return -1;
}
