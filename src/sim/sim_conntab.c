/* 4-tuple to connection: the shared chained table over the records' own entries. */
#include <string.h>

#include "sim_conntab.h"

#define MIN_BUCKETS 64u

void conntab_init(struct conntab *t, const tfo_allocator *mem)
{
	memset(t, 0, sizeof(*t));
	t->mem = mem;
}

void conntab_free(struct conntab *t)
{
	htab_free(&t->ht, t->mem);
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

/*
 * Two IPv4 ends, the commonest key, in two words: the host and ports, the
 * addresses; anything else as every field in turn. Equal keys hash alike
 * either way, which is all a lookup needs.
 */
static uint32_t hash(const struct conntab_key *k)
{
	if (k->local.addr.family == TFO_AF_INET && k->remote.addr.family == TFO_AF_INET)
		return htab_fold(htab_mix(htab_mix(0, (uint64_t)k->host << 32 |
		                                              (uint64_t)k->local.port << 16 |
		                                              k->remote.port),
		                          htab_ipv4_pair(&k->local.addr, &k->remote.addr)));
	return htab_fold(
	        htab_mix_sockaddr(htab_mix_sockaddr(htab_mix(0, k->host), &k->local), &k->remote));
}

static struct conntab_entry *find(const struct conntab *t, const struct conntab_key *k, uint32_t h)
{
	struct hnode *n;

	htab_for_each(&t->ht, h, n) {
		struct conntab_entry *e = hnode_entry(n, struct conntab_entry, hn);

		if (memcmp(&e->key, k, sizeof(*k)) == 0)
			return e;
	}
	return NULL;
}

struct sim_conn *conntab_get(const struct conntab *t, const struct conntab_key *k)
{
	const struct conntab_entry *e = find(t, k, hash(k));

	return e ? e->conn : NULL;
}

/*
 * was_missed: k is the key of the last probe that found nothing, and
 * nothing was put since (a deletion cannot make a missing key found).
 */
static int was_missed(const struct conntab *t, const struct conntab_key *k)
{
	return t->have_miss && memcmp(&t->miss.key, k, sizeof(*k)) == 0;
}

void conntab_probe(struct conntab *t, uint32_t host, const tfo_sockaddr *local,
                   const tfo_sockaddr *remote, struct conntab_probe *p)
{
	conntab_key_make(&p->key, host, local, remote);
	if (was_missed(t, &p->key)) {
		p->hash = t->miss.hash;
		p->found = NULL;
		return;
	}
	p->hash = hash(&p->key);
	p->found = find(t, &p->key, p->hash);
	if (!p->found) {
		t->miss = *p;
		t->have_miss = 1;
	}
}

/* Puts e, with hash h, in place of old (the entry mapping e's key, or NULL). */
static int put_at(struct conntab *t, struct conntab_entry *e, uint32_t h, struct conntab_entry *old)
{
	t->have_miss = 0;
	if (old) {
		/* The key's owner changes; old's own conntab_del then does nothing. */
		htab_remove(&t->ht, &old->hn);
		old->mapped = 0;
		htab_add(&t->ht, &e->hn, h);
		e->mapped = 1;
		return 0;
	}
	if (!t->ht.b && htab_init(&t->ht, t->mem, MIN_BUCKETS) != 0)
		return TFO_ERR_NOMEM;
	if (htab_insert(&t->ht, t->mem, &e->hn, h) == 0) {
		e->mapped = 1;
		return 0;
	}
	/* A table that cannot grow fails the run, as it always has. */
	htab_remove(&t->ht, &e->hn);
	return TFO_ERR_NOMEM;
}

int conntab_put(struct conntab *t, struct conntab_entry *e)
{
	uint32_t h;

	if (was_missed(t, &e->key))
		return put_at(t, e, t->miss.hash, NULL);
	h = hash(&e->key);
	return put_at(t, e, h, find(t, &e->key, h));
}

int conntab_put_probed(struct conntab *t, struct conntab_entry *e, const struct conntab_probe *p)
{
	e->key = p->key;
	return put_at(t, e, p->hash, p->found);
}

void conntab_del(struct conntab *t, const struct conntab_key *k, const struct sim_conn *conn)
{
	struct conntab_entry *e = find(t, k, hash(k));

	if (e && e->conn == conn) {
		htab_remove(&t->ht, &e->hn);
		e->mapped = 0;
	}
}

void conntab_unmap(struct conntab *t, struct conntab_entry *e)
{
	htab_remove(&t->ht, &e->hn);
	e->mapped = 0;
}
