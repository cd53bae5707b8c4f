/* Canonical 4-tuples and their hash. */
#include <string.h>

#include "replay_tuple.h"

int replay_sockaddr_cmp(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	int c;

	if (a->addr.family != b->addr.family)
		return a->addr.family < b->addr.family ? -1 : 1;
	c = memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes));
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

int replay_tuple_equal(const struct replay_tuple *a, const struct replay_tuple *b)
{
	return replay_sockaddr_cmp(&a->lo, &b->lo) == 0 && replay_sockaddr_cmp(&a->hi, &b->hi) == 0;
}

/* FNV-1a over the fields, then a final mix so that the low bits (the
 * bucket index) depend on every byte. */
static uint32_t mix(uint32_t h, const tfo_sockaddr *s)
{
	size_t n = tfo_addr_len(&s->addr);

	h = (h ^ s->addr.family) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s->addr.bytes[i]) * 16777619u;
	h = (h ^ (s->port & 0xffu)) * 16777619u;
	return (h ^ (uint32_t)(s->port >> 8)) * 16777619u;
}

uint32_t replay_tuple_hash(const struct replay_tuple *t)
{
	uint32_t h = mix(mix(2166136261u, &t->lo), &t->hi);

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}
