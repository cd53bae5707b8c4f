/* Canonical 4-tuples and their hash. */
#include <string.h>

#include "replay_tuple.h"
#include "tfo_hashtab.h"

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

uint32_t replay_tuple_hash(const struct replay_tuple *t)
{
	return htab_fold(htab_mix_sockaddr(htab_mix_sockaddr(0, &t->lo), &t->hi));
}
