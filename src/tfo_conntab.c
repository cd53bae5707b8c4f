/* The 4-tuple hash table of a host. */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_conn.h"
#include "tfo_conntab.h"

#define CTAB_INITIAL 64u

int ctab_init(struct conntab *t, const tfo_allocator *mem)
{
	t->b = mem_zalloc(mem, CTAB_INITIAL, sizeof(*t->b));
	if (!t->b)
		return TFO_ERR_NOMEM;
	t->mask = CTAB_INITIAL - 1;
	t->n = 0;
	return 0;
}

void ctab_free(struct conntab *t, const tfo_allocator *mem)
{
	mem_free(mem, t->b);
	memset(t, 0, sizeof(*t));
}

/* A 64-bit multiply-xorshift mix, folded to 32 bits. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 29);
}

static uint64_t mix_sockaddr(uint64_t h, const tfo_sockaddr *sa)
{
	uint64_t w[2];

	memcpy(w, sa->addr.bytes, sizeof(w));
	h = mix(h, w[0]);
	h = mix(h, w[1]);
	return mix(h, (uint64_t)sa->port << 8 | sa->addr.family);
}

uint32_t ctab_hash(const tfo_sockaddr *local, const tfo_sockaddr *remote)
{
	uint64_t h = mix_sockaddr(mix_sockaddr(0, local), remote);

	h ^= h >> 32;
	return (uint32_t)h;
}

int sockaddr_eq(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return a->port == b->port && a->addr.family == b->addr.family &&
	       memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes)) == 0;
}

static void grow(struct conntab *t, const tfo_allocator *mem)
{
	uint32_t nb = (t->mask + 1) * 2;
	struct tfo_endpoint **b;

	if (nb == 0 || nb > UINT32_MAX / 2)
		return;
	b = mem_zalloc(mem, nb, sizeof(*b));
	if (!b)
		return;
	for (uint32_t i = 0; i <= t->mask; i++) {
		struct tfo_endpoint *ep = t->b[i];

		while (ep) {
			struct tfo_endpoint *next = ep->hnext;

			ep->hnext = b[ep->hash & (nb - 1)];
			b[ep->hash & (nb - 1)] = ep;
			ep = next;
		}
	}
	mem_free(mem, t->b);
	t->b = b;
	t->mask = nb - 1;
}

void ctab_insert(struct conntab *t, const tfo_allocator *mem, struct tfo_endpoint *ep)
{
	struct tfo_endpoint **slot;

	if (t->n >= (size_t)t->mask + 1)
		grow(t, mem);
	slot = &t->b[ep->hash & t->mask];
	ep->hnext = *slot;
	*slot = ep;
	t->n++;
}

void ctab_remove(struct conntab *t, struct tfo_endpoint *ep)
{
	struct tfo_endpoint **p = &t->b[ep->hash & t->mask];

	while (*p && *p != ep)
		p = &(*p)->hnext;
	if (!*p)
		return;
	*p = ep->hnext;
	ep->hnext = NULL;
	t->n--;
}

struct tfo_endpoint *ctab_find(const struct conntab *t, const tfo_sockaddr *local,
                               const tfo_sockaddr *remote)
{
	uint32_t h = ctab_hash(local, remote);

	for (struct tfo_endpoint *ep = t->b[h & t->mask]; ep; ep = ep->hnext)
		if (ep->hash == h && sockaddr_eq(&ep->local, local) &&
		    sockaddr_eq(&ep->remote, remote))
			return ep;
	return NULL;
}
