/*
 * The connection table: endpoints by 4-tuple, in the shared hash table
 * (tfo_hashtab.h), which grows by doubling (amortised over insertions,
 * never per segment), so that a million connections cost a lookup of a
 * short chain each.
 */
#ifndef TFO_CONNTAB_H
#define TFO_CONNTAB_H

#include <tfo/tfo.h>

#include "tfo_hashtab.h"

struct tfo_endpoint;

struct conntab {
	struct hashtab ht; /* of struct tfo_endpoint, by hn */
};

/* ctab_init: an empty table of 64 buckets. Returns 0 or TFO_ERR_NOMEM. */
int ctab_init(struct conntab *t, const tfo_allocator *mem);
void ctab_free(struct conntab *t, const tfo_allocator *mem);

/* ctab_ipv4_word: an IPv4 end's address and port in one word. */
static inline uint64_t ctab_ipv4_word(const tfo_sockaddr *sa)
{
	uint32_t a;

	memcpy(&a, sa->addr.bytes, sizeof(a));
	return (uint64_t)a << 16 | sa->port;
}

/*
 * ctab_hash: the hash of (local, remote), in line (every segment a host
 * takes asks it once). Two IPv4 ends, the commonest key, mix in two
 * words, anything else in six. Equal keys hash alike whatever their
 * family, which is all a lookup needs (what an IPv4 key leaves out only
 * makes keys unequal).
 */
static inline uint32_t ctab_hash(const tfo_sockaddr *local, const tfo_sockaddr *remote)
{
	if (local->addr.family == TFO_AF_INET && remote->addr.family == TFO_AF_INET)
		return htab_fold(
		        htab_mix(htab_mix(0, ctab_ipv4_word(local)), ctab_ipv4_word(remote)));
	return htab_fold(htab_mix_sockaddr(htab_mix_sockaddr(0, local), remote));
}

/*
 * ctab_insert: adds ep under its local and remote address. When the table
 * is fuller than one entry per bucket it doubles; if that allocation
 * fails the table stays as it is, which is slower but correct.
 */
void ctab_insert(struct conntab *t, const tfo_allocator *mem, struct tfo_endpoint *ep);

/* ctab_remove: removes ep if present. */
void ctab_remove(struct conntab *t, struct tfo_endpoint *ep);

/*
 * ctab_find: the endpoint with this local and remote address and port,
 * or NULL. In line, in tfo_conn.h, which knows the endpoint's layout:
 * every segment a host takes looks one up.
 */

/* sockaddr_eq: same family, address bytes and port. */
int sockaddr_eq(const tfo_sockaddr *a, const tfo_sockaddr *b);

#endif /* TFO_CONNTAB_H */
