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

/* ipv4_word: an IPv4 end's address and port in one word. */
static inline uint64_t ipv4_word(const tfo_sockaddr *sa)
{
	uint32_t a;

	memcpy(&a, sa->addr.bytes, sizeof(a));
	return (uint64_t)a << 16 | sa->port;
}

/*
 * Two IPv4 ends, the commonest key, in two words; anything else in six.
 * Equal keys hash alike whatever their family, which is all a lookup
 * needs (what an IPv4 key leaves out only makes keys unequal).
 */
uint32_t ctab_hash(const tfo_sockaddr *local, const tfo_sockaddr *remote)
{
	if (local->addr.family == TFO_AF_INET && remote->addr.family == TFO_AF_INET)
		return htab_fold(htab_mix(htab_mix(0, ipv4_word(local)), ipv4_word(remote)));
	return htab_fold(htab_mix_sockaddr(htab_mix_sockaddr(0, local), remote));
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

struct tfo_endpoint *ctab_find(const struct conntab *t, const tfo_sockaddr *local,
                               const tfo_sockaddr *remote)
{
	struct hnode *n;

	htab_for_each(&t->ht, ctab_hash(local, remote), n) {
		struct tfo_endpoint *ep = hnode_entry(n, struct tfo_endpoint, hn);

		if (sockaddr_eq(&ep->local, local) && sockaddr_eq(&ep->remote, remote))
			return ep;
	}
	return NULL;
}
