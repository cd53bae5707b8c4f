/*
 * Which simulated connection a 4-tuple on a host belongs to: (host, local
 * address:port, remote address:port) to a connection, in the shared hash
 * table (tfo_hashtab.h). Each connection record embeds its two entries,
 * its client's and its server's, so mapping a key never allocates but to
 * grow the table. It is only ever looked up, never iterated, so its order
 * cannot leak into the output. It grows by doubling and never shrinks.
 */
#ifndef SIM_CONNTAB_H
#define SIM_CONNTAB_H

#include <tfo/tfo.h>

#include "tfo_hashtab.h"

struct sim_conn;

struct conntab_key {
	uint32_t host;
	tfo_sockaddr local, remote;
};

/* One key of a connection, embedded in its record. */
struct conntab_entry {
	struct hnode hn;
	struct conntab_key key;
	struct sim_conn *conn;
	uint8_t mapped; /* the table maps key to this entry */
};

/* A lookup kept for a put of the same key that may follow: its key, hash and answer. */
struct conntab_probe {
	struct conntab_key key;
	uint32_t hash;
	struct conntab_entry *found; /* the entry that maps key, or NULL */
};

/*
 * The last probe that found nothing is remembered until the next put: a
 * new connection's key is looked up when its first segment leaves, then
 * again when it is put (the client's) or when the application accepts it
 * (the server's). The second time takes the memo's hash and answer after
 * comparing the key alone.
 */
struct conntab {
	const tfo_allocator *mem;
	struct hashtab ht;         /* of struct conntab_entry; no buckets before the first put */
	struct conntab_probe miss; /* valid while have_miss */
	uint8_t have_miss;
};

void conntab_init(struct conntab *t, const tfo_allocator *mem);
void conntab_free(struct conntab *t);

/* conntab_key_make: a key with every padding byte zeroed, so keys compare with memcmp. */
void conntab_key_make(struct conntab_key *k, uint32_t host, const tfo_sockaddr *local,
                      const tfo_sockaddr *remote);

/* conntab_get: the connection for k, or NULL. */
struct sim_conn *conntab_get(const struct conntab *t, const struct conntab_key *k);

/* conntab_probe: looks (host, local, remote) up into p; p->found is conntab_get's answer. */
void conntab_probe(struct conntab *t, uint32_t host, const tfo_sockaddr *local,
                   const tfo_sockaddr *remote, struct conntab_probe *p);

/*
 * conntab_put: maps e->key to e->conn, replacing any mapping of that key;
 * e stays in the table until conntab_del. Returns 0 or TFO_ERR_NOMEM
 * (the table could not grow; then nothing changed).
 */
int conntab_put(struct conntab *t, struct conntab_entry *e);

/*
 * conntab_put_probed: gives e the probe's key and puts it, as
 * conntab_put(); the table must not have changed since the probe, whose
 * hash and answer are taken instead of looking again.
 */
int conntab_put_probed(struct conntab *t, struct conntab_entry *e, const struct conntab_probe *p);

/* conntab_del: removes k's mapping if it is to conn. */
void conntab_del(struct conntab *t, const struct conntab_key *k, const struct sim_conn *conn);

/*
 * conntab_unmap: removes the mapping of a mapped entry (e->mapped), which
 * is conntab_del(t, &e->key, e->conn) without hashing the key again.
 */
void conntab_unmap(struct conntab *t, struct conntab_entry *e);

#endif /* SIM_CONNTAB_H */
