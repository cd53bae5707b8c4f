/*
 * Simulated connections: the records the engine keeps per connection in
 * the schedule, the 4-tuples that lead to them, and their results. A
 * record lives while either endpoint does, then goes back on a free list.
 */
#ifndef SIM_CONN_H
#define SIM_CONN_H

#include "sim_engine.h"

/* sconn_new: a fresh record at the end of the live list, or NULL (out of memory). */
struct sim_conn *sconn_new(struct sim *s);

/* sconn_release: drops one reference; the last one frees the record. */
void sconn_release(struct sim *s, struct sim_conn *c);

/*
 * sconn_key: maps (host, local, remote) to c for one side (0 client, 1
 * server), taking a reference. A side is mapped once. Returns 1 when this
 * call mapped it, 0 when it was mapped already or could not be.
 */
int sconn_key(struct sim *s, struct sim_conn *c, int side, const tfo_sockaddr *local,
              const tfo_sockaddr *remote);

/* sconn_unkey: removes a side's mapping and its reference. */
void sconn_unkey(struct sim *s, struct sim_conn *c, int side);

/* sconn_of_ep: the connection an endpoint on host belongs to, mapping its side if new. */
struct sim_conn *sconn_of_ep(struct sim *s, uint32_t host, tfo_endpoint *ep);

/* sconn_forget: ep is closed: sconn_of_ep no longer answers from its user pointer. */
void sconn_forget(tfo_endpoint *ep);

/* sconn_snapshot: refreshes the client endpoint's info while it is open. */
void sconn_snapshot(struct sim_conn *c);

/* sconn_finish: records c's result once, with status enum res_status. */
void sconn_finish(struct sim *s, struct sim_conn *c, int status);

#endif /* SIM_CONN_H */
