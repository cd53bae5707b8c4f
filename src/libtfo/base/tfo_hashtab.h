/*
 * The hash table that libtfo, the simulator and replay share: intrusive
 * chaining. An owner embeds a struct hnode in its own struct and keeps its
 * key there; the table holds only a power-of-two array of chain heads, so
 * an insertion never allocates except to grow. Each node keeps its full
 * 32-bit hash: growing rehashes without calling back into the owner, and a
 * lookup compares keys only on a full hash match.
 *
 * Entries are reached only by hash (htab_for_each) or all at once to be
 * freed (htab_drain), never listed in table order, so hash values cannot
 * leak into anyone's output order.
 *
 * A zeroed struct hashtab is an empty table without buckets: it can be
 * looked up, removed from, cleared and freed; htab_init gives it buckets
 * before the first insertion.
 */
#ifndef TFO_HASHTAB_H
#define TFO_HASHTAB_H

#include <stddef.h>
#include <string.h>

#include <tfo/tfo.h>

struct hnode {
	struct hnode *next;
	uint32_t hash;
};

struct hashtab {
	struct hnode **b; /* NULL: no buckets yet */
	uint32_t mask;    /* buckets - 1 */
	size_t n;         /* entries */
};

/* hnode_entry: the type that embeds node (not NULL) as member. */
#define hnode_entry(node, type, member) ((type *)(void *)((char *)(node)-offsetof(type, member)))

/*
 * htab_init: buckets (a power of two, at least 1) empty chains.
 * Returns 0 or TFO_ERR_NOMEM (t is then still a valid empty table).
 */
int htab_init(struct hashtab *t, const tfo_allocator *mem, uint32_t buckets);

/* htab_free: frees the buckets (not the nodes) and leaves t zeroed. */
void htab_free(struct hashtab *t, const tfo_allocator *mem);

/* htab_clear: forgets every entry (their nodes are left as they are). */
void htab_clear(struct hashtab *t);

/* htab_add: puts node, with this hash, at the head of its chain. t must have buckets. */
void htab_add(struct hashtab *t, struct hnode *node, uint32_t hash);

/*
 * htab_insert: htab_add, after doubling the buckets if node would make
 * more entries than buckets, so chains stay about one long. Returns 0, or
 * TFO_ERR_NOMEM when that doubling could not allocate: node is in all the
 * same and the table stays correct, only its chains get longer.
 */
int htab_insert(struct hashtab *t, const tfo_allocator *mem, struct hnode *node, uint32_t hash);

/* htab_remove: unlinks node if it is in t; otherwise does nothing. */
void htab_remove(struct hashtab *t, struct hnode *node);

/*
 * htab_drain: unlinks every entry, calling fn(node, user) on each after
 * it is out (fn may free it); t is empty afterwards. The order is the
 * table's: for freeing, never for anything that shows.
 */
void htab_drain(struct hashtab *t, void (*fn)(struct hnode *node, void *user), void *user);

/* htab_first: the first entry with this hash, or NULL. */
static inline struct hnode *htab_first(const struct hashtab *t, uint32_t hash)
{
	struct hnode *n = t->b ? t->b[hash & t->mask] : NULL;

	while (n && n->hash != hash)
		n = n->next;
	return n;
}

/* htab_next: the next entry in node's chain with node's hash, or NULL. */
static inline struct hnode *htab_next(struct hnode *node)
{
	struct hnode *n = node->next;

	while (n && n->hash != node->hash)
		n = n->next;
	return n;
}

/*
 * htab_for_each: pos (a struct hnode *) over the entries with this hash,
 * in chain order (added ones go to the head; doubling reverses chains);
 * the caller compares keys. Removing pos ends the walk: break right after.
 */
#define htab_for_each(t, hash, pos)                                                                \
	for ((pos) = htab_first((t), (hash)); (pos); (pos) = htab_next(pos))

/*
 * The one hash function for keys made of addresses: whole 64-bit words
 * mixed by multiply and xorshift (the 64-bit golden-ratio constant, as in
 * Fibonacci hashing), folded to 32 bits. It has no seed, so every run
 * hashes alike; the words are read in the machine's byte order, which is
 * fine because no output depends on hash values. Start from 0, mix every
 * field equality looks at, fold.
 */
static inline uint64_t htab_mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 29);
}

/* htab_mix_addr: a's 16 address bytes and family. */
static inline uint64_t htab_mix_addr(uint64_t h, const tfo_addr *a)
{
	uint64_t w[2];

	memcpy(w, a->bytes, sizeof(w));
	h = htab_mix(h, w[0]);
	h = htab_mix(h, w[1]);
	return htab_mix(h, a->family);
}

/* htab_mix_sockaddr: sa's 16 address bytes, port and family. */
static inline uint64_t htab_mix_sockaddr(uint64_t h, const tfo_sockaddr *sa)
{
	uint64_t w[2];

	memcpy(w, sa->addr.bytes, sizeof(w));
	h = htab_mix(h, w[0]);
	h = htab_mix(h, w[1]);
	return htab_mix(h, (uint64_t)sa->port << 8 | sa->addr.family);
}

/*
 * htab_ipv4_pair: two IPv4 addresses (a's and b's first 4 bytes) in one
 * word, for keys whose ends are both IPv4, the commonest: one mix where
 * the whole addresses take six.
 */
static inline uint64_t htab_ipv4_pair(const tfo_addr *a, const tfo_addr *b)
{
	uint32_t x, y;

	memcpy(&x, a->bytes, sizeof(x));
	memcpy(&y, b->bytes, sizeof(y));
	return (uint64_t)x << 32 | y;
}

/* htab_fold: the 32-bit hash of a mixed value. */
static inline uint32_t htab_fold(uint64_t h)
{
	return (uint32_t)(h ^ (h >> 32));
}

#endif /* TFO_HASHTAB_H */
