/*
 * The connection tracker: packets in, connections out. Each packet is
 * matched to its connection by 4-tuple; the tracker keeps, per
 * connection, the handshake facts the analysis needs and the sequence
 * state that finds retransmissions, reordering and holes. A connection
 * is finished when it closes (FINs both ways, each acknowledged, or a
 * RST), when a new SYN reuses its 4-tuple, or at the end of the input;
 * it is then taken out of the table, so memory follows the number of
 * open connections. Finished connections are handed out in the order
 * their first packet appeared.
 */
#ifndef REPLAY_CONN_H
#define REPLAY_CONN_H

#include <tfo/common.h>
#include <tfo/wire.h>

#include "replay_packet.h"
#include "replay_tuple.h"
#include "tfo_hashtab.h"

/* "No time": a field not seen, or a trace without timestamps. */
#define REPLAY_NO_TIME INT64_MIN

enum replay_tfo_form { REPLAY_OPT_NONE, REPLAY_OPT_STANDARD, REPLAY_OPT_EXPERIMENTAL };

/* A TFO option as a SYN or SYN-ACK carried it. */
struct replay_tfo {
	uint8_t form;      /* enum replay_tfo_form */
	int8_t cookie_len; /* -1 no option, 0 a request, else the cookie's length */
	uint8_t cookie[TFO_COOKIE_MAX];
};

/* One direction's sequence space. */
struct replay_side {
	uint32_t nxt;              /* the highest sequence end seen */
	uint32_t hole_lo, hole_hi; /* the latest hole behind nxt */
	uint32_t fin_seq;          /* the sequence number the FIN occupies */
	uint8_t started, has_hole, fin, fin_acked;
};

enum { REPLAY_CLIENT = 0, REPLAY_SERVER = 1 };

struct replay_conn {
	struct hnode hn; /* the table of open connections */
	/* The order list (first packets), or, by finish order, the done list. */
	struct replay_conn *onext, *oprev;
	struct replay_tuple key;
	uint64_t number; /* 1-based, in the order of first packets */
	tfo_sockaddr client, server;
	uint8_t client_is_hi; /* the client is key.hi */
	uint8_t syn_seen, synack_seen, hs_done, cdata_seen, sdata_seen, rst, done;

	/* The client's first SYN. */
	uint32_t isn, syn_data;
	struct replay_tfo syn_tfo;
	/* The server's first SYN-ACK. */
	uint32_t srv_isn, synack_ack;
	struct replay_tfo synack_tfo;

	int64_t t_syn;      /* the first SYN */
	int64_t t_syn_last; /* the last SYN before the SYN-ACK: the one answered */
	int64_t t_synack;
	int64_t t_synack_last; /* the last SYN-ACK before the handshake ACK */
	int64_t t_hs_ack;      /* the client's ACK that completes the handshake */
	int64_t t_cdata;       /* the client's first data (the SYN's, if it had some) */
	int64_t t_sdata;       /* the server's first data */

	uint64_t packets;
	uint32_t first_file;
	uint32_t closed_slot; /* its key's slot in the memory of closed 4-tuples */
	uint64_t first_index;
	struct replay_side side[2]; /* REPLAY_CLIENT, REPLAY_SERVER */
	void *ext;                  /* for an observer's own per-connection state */
};

/*
 * What the tracker tells its user. packet() sees every packet after the
 * tracker has updated c (from_client says which way it went); done() is
 * called once per connection when it is finished. Both return 0 or a
 * negative TFO_ERR_* that stops the replay. Either may be NULL.
 */
struct replay_conns_cb {
	void *user;
	int (*packet)(void *user, struct replay_conn *c, const struct replay_packet *p,
	              int from_client);
	int (*done)(void *user, struct replay_conn *c);
};

struct replay_conns;

/*
 * replay_conns_new: an empty tracker; anomalies go to emit->anomaly.
 * Returns 0 or TFO_ERR_NOMEM.
 */
int replay_conns_new(struct replay_conns **out, const tfo_allocator *mem,
                     const struct replay_emit *emit, const struct replay_conns_cb *cb);

/* replay_conns_del: frees everything, finished or not (NULL is fine). */
void replay_conns_del(struct replay_conns *t);

/*
 * replay_conns_input: one packet, in capture order. p->seg.seq is filled
 * in where the packet did not carry it (p->seq_unknown). Returns 0,
 * TFO_ERR_NOMEM, or what a callback returned.
 */
int replay_conns_input(struct replay_conns *t, struct replay_packet *p);

/* replay_conns_finish: the input is over: finishes every open connection. */
int replay_conns_finish(struct replay_conns *t);

/*
 * replay_conns_by_finish: hand connections out as they finish rather than
 * in the order of their first packets. A finished connection then waits
 * for nothing, so memory follows the open connections only. Call before
 * the first packet.
 */
void replay_conns_by_finish(struct replay_conns *t);

/*
 * replay_conns_next: the oldest connection not yet released, if it is
 * finished; else NULL (it is still open, or there is none). By finish
 * order: the first finished connection not yet released.
 */
struct replay_conn *replay_conns_next(struct replay_conns *t);

/* replay_conns_release: gives back the connection replay_conns_next returned. */
void replay_conns_release(struct replay_conns *t, struct replay_conn *c);

#endif /* REPLAY_CONN_H */
