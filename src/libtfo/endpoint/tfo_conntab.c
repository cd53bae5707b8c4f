/* The 4-tuple hash table of a host. */
#include <string.h>

#include "tfo_conn.h"
#include "tfo_conntab.h"

#define CTAB_INITIAL 64u

int ctab_init(struct conntab *t, const tfo_allocator *mem)
{
	return htab_init(&t->ht, mem, CTAB_INITIAL);
}

void ctab_free(struct conntab *t, const tfo_allocator *mem)
{
	htab_free(&t->ht, mem);
}

int sockaddr_eq(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return a->port == b->port && a->addr.family == b->addr.family &&
	       memcmp(a->addr.bytes, b->addr.bytes, sizeof(a->addr.bytes)) == 0;
}

void ctab_insert(struct conntab *t, const tfo_allocator *mem, struct tfo_endpoint *ep)
{
	/* Without memory to double, the chains just get longer. */
	(void)htab_insert(&t->ht, mem, &ep->hn, ctab_hash(&ep->local, &ep->remote));
}

void ctab_remove(struct conntab *t, struct tfo_endpoint *ep)
{
	htab_remove(&t->ht, &ep->hn);
}
