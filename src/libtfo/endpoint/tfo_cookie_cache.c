/*
 * The client cookie cache: the shared hash table over an LRU list of fixed
 * entries. The LRU list is the cache's own: it orders entries by use,
 * which no hash table does.
 */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_cookie_cache.h"

/* Buckets: the next power of two at or above max, at most 2^20. */
static uint32_t bucket_count(uint32_t max)
{
	uint32_t n = 16;

	while (n < max && n < (1u << 20))
		n *= 2;
	return n;
}

void cc_init(struct cookie_cache *c, const tfo_allocator *mem, uint32_t max)
{
	memset(c, 0, sizeof(*c));
	c->mem = mem;
	c->max = max;
}

void cc_clear(struct cookie_cache *c)
{
	struct cc_entry *e = c->head;

	while (e) {
		struct cc_entry *next = e->lnext;

		mem_free(c->mem, e);
		e = next;
	}
	c->head = c->tail = NULL;
	htab_clear(&c->ht);
}

void cc_free(struct cookie_cache *c)
{
	cc_clear(c);
	htab_free(&c->ht, c->mem);
}

/*
 * Two IPv4 addresses, the commonest pair, in one word; anything else as
 * both addresses whole. Equal pairs hash alike either way.
 */
static uint32_t hash_pair(const tfo_addr *local, const tfo_addr *remote)
{
	if (local->family == TFO_AF_INET && remote->family == TFO_AF_INET)
		return htab_fold(htab_mix(0, htab_ipv4_pair(local, remote)));
	return htab_fold(htab_mix_addr(htab_mix_addr(0, local), remote));
}

static int addr_eq(const tfo_addr *a, const tfo_addr *b)
{
	uint64_t x[2], y[2];

	memcpy(x, a->bytes, sizeof(x));
	memcpy(y, b->bytes, sizeof(y));
	return a->family == b->family && ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

static struct cc_entry *find(const struct cookie_cache *c, const tfo_addr *local,
                             const tfo_addr *remote, uint32_t h)
{
	struct hnode *n;

	htab_for_each(&c->ht, h, n) {
		struct cc_entry *e = hnode_entry(n, struct cc_entry, hn);

		if (addr_eq(&e->local, local) && addr_eq(&e->remote, remote))
			return e;
	}
	return NULL;
}

struct cc_entry *cc_find(const struct cookie_cache *c, const tfo_addr *local,
                         const tfo_addr *remote)
{
	return find(c, local, remote, hash_pair(local, remote));
}

static void lru_unlink(struct cookie_cache *c, struct cc_entry *e)
{
	if (e->lprev)
		e->lprev->lnext = e->lnext;
	else
		c->head = e->lnext;
	if (e->lnext)
		e->lnext->lprev = e->lprev;
	else
		c->tail = e->lprev;
	e->lprev = e->lnext = NULL;
}

static void lru_push(struct cookie_cache *c, struct cc_entry *e)
{
	e->lprev = NULL;
	e->lnext = c->head;
	if (c->head)
		c->head->lprev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

void cc_touch(struct cookie_cache *c, struct cc_entry *e)
{
	if (c->head == e)
		return;
	lru_unlink(c, e);
	lru_push(c, e);
}

/* The entry to fill: the LRU victim when full, else a new one. */
static struct cc_entry *take_slot(struct cookie_cache *c)
{
	struct cc_entry *e;

	if (c->ht.n >= c->max) {
		e = c->tail;
		htab_remove(&c->ht, &e->hn);
		lru_unlink(c, e);
		return e;
	}
	return mem_alloc(c->mem, sizeof(struct cc_entry));
}

struct cc_entry *cc_get(struct cookie_cache *c, const tfo_addr *local, const tfo_addr *remote)
{
	uint32_t h = hash_pair(local, remote);
	struct cc_entry *e = find(c, local, remote, h);

	if (e) {
		cc_touch(c, e);
		return e;
	}
	if (c->max == 0)
		return NULL;
	if (!c->ht.b && htab_init(&c->ht, c->mem, bucket_count(c->max)) != 0)
		return NULL;
	e = take_slot(c);
	if (!e)
		return NULL;
	memset(e, 0, sizeof(*e));
	e->local = *local;
	e->remote = *remote;
	/* Sized for max up front, the buckets never grow (past 2^20 entries chains lengthen). */
	htab_add(&c->ht, &e->hn, h);
	lru_push(c, e);
	return e;
}
