/*
 * Which simulated connection a 4-tuple on a host belongs to: an open
 * addressing hash table (linear probing, backward-shift deletion) from
 * (host, local address:port, remote address:port) to a connection. It is
 * only ever looked up, never iterated, so its order cannot leak into the
 * output. It grows by doubling and never shrinks.
 */
#ifndef SIM_CONNTAB_H
#define SIM_CONNTAB_H

#include <tfo/tfo.h>

struct sim_conn;

struct conntab_key {
	uint32_t host;
	tfo_sockaddr local, remote;
};

struct conntab_slot {
	struct conntab_key key;
	struct sim_conn *conn; /* NULL: empty */
};

struct conntab {
	const tfo_allocator *mem;
	struct conntab_slot *slots;
	size_t cap, len; /* cap is a power of two */
};

void conntab_init(struct conntab *t, const tfo_allocator *mem);
void conntab_free(struct conntab *t);

/* conntab_key_make: a key with every padding byte zeroed, so keys compare with memcmp. */
void conntab_key_make(struct conntab_key *k, uint32_t host, const tfo_sockaddr *local,
                      const tfo_sockaddr *remote);

/* conntab_get: the connection for k, or NULL. */
struct sim_conn *conntab_get(const struct conntab *t, const struct conntab_key *k);

/* conntab_put: maps k to conn, replacing any mapping. Returns 0 or TFO_ERR_NOMEM. */
int conntab_put(struct conntab *t, const struct conntab_key *k, struct sim_conn *conn);

/* conntab_del: removes k's mapping if it is to conn. */
void conntab_del(struct conntab *t, const struct conntab_key *k, const struct sim_conn *conn);

#endif /* SIM_CONNTAB_H */
