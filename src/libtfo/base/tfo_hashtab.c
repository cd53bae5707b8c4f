/* The shared intrusive hash table: chains of embedded nodes, grown by doubling. */
#include "tfo_alloc.h"
#include "tfo_hashtab.h"

/* The bucket count stays a power of two that the 32-bit mask can hold. */
#define MAX_BUCKETS (UINT32_C(1) << 31)

_Static_assert(sizeof(((tfo_addr *)0)->bytes) == 2 * sizeof(uint64_t),
               "htab_mix_addr mixes an address as two 64-bit words");

int htab_init(struct hashtab *t, const tfo_allocator *mem, uint32_t buckets)
{
	memset(t, 0, sizeof(*t));
	t->b = mem_zalloc(mem, buckets, sizeof(*t->b));
	if (!t->b)
		return TFO_ERR_NOMEM;
	t->mask = buckets - 1;
	return 0;
}

void htab_free(struct hashtab *t, const tfo_allocator *mem)
{
	mem_free(mem, t->b);
	memset(t, 0, sizeof(*t));
}

void htab_clear(struct hashtab *t)
{
	if (t->b)
		memset(t->b, 0, ((size_t)t->mask + 1) * sizeof(*t->b));
	t->n = 0;
}

void htab_add(struct hashtab *t, struct hnode *node, uint32_t hash)
{
	struct hnode **head = &t->b[hash & t->mask];

	node->hash = hash;
	node->next = *head;
	*head = node;
	t->n++;
}

/* Moves every chain into b (nb buckets), each node to the head of its new chain. */
static void rehash(struct hashtab *t, struct hnode **b, uint32_t nb)
{
	for (uint32_t i = 0; i <= t->mask; i++) {
		struct hnode *n = t->b[i], *next;

		for (; n; n = next) {
			next = n->next;
			n->next = b[n->hash & (nb - 1)];
			b[n->hash & (nb - 1)] = n;
		}
	}
}

/* Out of line: one insertion in a table's size doubles it, the others only add. */
static __attribute__((noinline)) int grow(struct hashtab *t, const tfo_allocator *mem)
{
	uint32_t nb = (t->mask + 1) * 2;
	struct hnode **b;

	/* At the largest size the chains just get longer. */
	if (t->mask + 1 >= MAX_BUCKETS)
		return 0;
	b = mem_zalloc(mem, nb, sizeof(*b));
	if (!b)
		return TFO_ERR_NOMEM;
	rehash(t, b, nb);
	mem_free(mem, t->b);
	t->b = b;
	t->mask = nb - 1;
	return 0;
}

int htab_insert(struct hashtab *t, const tfo_allocator *mem, struct hnode *node, uint32_t hash)
{
	int rc = 0;

	if (t->n >= (size_t)t->mask + 1)
		rc = grow(t, mem);
	htab_add(t, node, hash);
	return rc;
}

void htab_remove(struct hashtab *t, struct hnode *node)
{
	struct hnode **p;

	if (!t->b)
		return;
	for (p = &t->b[node->hash & t->mask]; *p; p = &(*p)->next) {
		if (*p == node) {
			*p = node->next;
			node->next = NULL;
			t->n--;
			return;
		}
	}
}

void htab_drain(struct hashtab *t, void (*fn)(struct hnode *node, void *user), void *user)
{
	if (!t->b)
		return;
	for (uint32_t i = 0; i <= t->mask; i++) {
		struct hnode *n = t->b[i], *next;

		t->b[i] = NULL;
		for (; n; n = next) {
			next = n->next;
			n->next = NULL;
			fn(n, user);
		}
	}
	t->n = 0;
}
