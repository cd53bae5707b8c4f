/* 4-tuple to connection: linear probing with backward-shift deletion. */
#include <string.h>

#include "sim_conntab.h"
#include "tfo_alloc.h"

#define MIN_CAP 64

void conntab_init(struct conntab *t, const tfo_allocator *mem)
{
	memset(t, 0, sizeof(*t));
	t->mem = mem;
}

void conntab_free(struct conntab *t)
{
	mem_free(t->mem, t->slots);
	t->slots = NULL;
	t->cap = t->len = 0;
}

void conntab_key_make(struct conntab_key *k, uint32_t host, const tfo_sockaddr *local,
                      const tfo_sockaddr *remote)
{
	memset(k, 0, sizeof(*k));
	k->host = host;
	k->local.addr = local->addr;
	k->local.port = local->port;
	k->remote.addr = remote->addr;
	k->remote.port = remote->port;
}

static size_t hash(const struct conntab_key *k)
{
	const uint8_t *p = (const uint8_t *)k;
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (size_t i = 0; i < sizeof(*k); i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return (size_t)(h ^ (h >> 29));
}

static size_t find(const struct conntab *t, const struct conntab_key *k)
{
	size_t i = hash(k) & (t->cap - 1);

	while (t->slots[i].conn && memcmp(&t->slots[i].key, k, sizeof(*k)) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

struct sim_conn *conntab_get(const struct conntab *t, const struct conntab_key *k)
{
	return t->cap ? t->slots[find(t, k)].conn : NULL;
}

static int grow(struct conntab *t)
{
	size_t cap = t->cap ? t->cap * 2 : MIN_CAP;
	struct conntab_slot *old = t->slots;
	size_t old_cap = t->cap;

	t->slots = mem_zalloc(t->mem, cap, sizeof(*t->slots));
	if (!t->slots) {
		t->slots = old;
		return TFO_ERR_NOMEM;
	}
	t->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].conn)
			t->slots[find(t, &old[i].key)] = old[i];
	mem_free(t->mem, old);
	return 0;
}

int conntab_put(struct conntab *t, const struct conntab_key *k, struct sim_conn *conn)
{
	size_t i;

	/* Keep the table at most half full, so probes stay short. */
	if ((t->len + 1) * 2 > t->cap && grow(t) != 0)
		return TFO_ERR_NOMEM;
	i = find(t, k);
	if (!t->slots[i].conn) {
		t->slots[i].key = *k;
		t->len++;
	}
	t->slots[i].conn = conn;
	return 0;
}

void conntab_del(struct conntab *t, const struct conntab_key *k, const struct sim_conn *conn)
{
	size_t i, j, mask = t->cap - 1;

	if (!t->cap)
		return;
	i = find(t, k);
	if (t->slots[i].conn != conn || !conn)
		return;
	t->slots[i].conn = NULL;
	t->len--;
	/* Move later members of the probe run back into the hole. */
	for (j = (i + 1) & mask; t->slots[j].conn; j = (j + 1) & mask) {
		size_t home = hash(&t->slots[j].key) & mask;

		if (((j - home) & mask) >= ((j - i) & mask)) {
			t->slots[i] = t->slots[j];
			t->slots[j].conn = NULL;
			i = j;
		}
	}
}
