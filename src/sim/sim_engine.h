/*
 * The engine's internals, shared by sim_run.c (setup and main loop),
 * sim_host.c (hosts, timers, keys), sim_wire.c (packets on links) and
 * sim_app.c (the request/response applications).
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include "sim_conntab.h"
#include "sim_kcp.h"
#include "sim_pool.h"
#include "sim_queue.h"
#include "sim_rng.h"
#include "sim_run.h"

enum ev_kind {
	EV_CONNECT,    /* arg: connect line */
	EV_DELIVER,    /* arg: destination host, ptr: packet */
	EV_TIMER,      /* arg: host */
	EV_RESPOND,    /* arg: generation, ptr: connection */
	EV_KEYOP,      /* arg: key change */
	EV_KCP_START,  /* arg: kcp line */
	EV_KCP_SEND,   /* arg: kcp line: the client's next message */
	EV_KCP_TICK,   /* arg: kcp line: update both ends */
	EV_KCP_DELIVER /* arg: kcp line * 2 + receiving side, ptr: packet */
};

#define PATTERN_LEN 16384 /* application bytes are written from here */

struct sim;

struct sim_host {
	struct sim *sim;
	uint32_t idx;
	unsigned fastopen; /* its settings' TFO_FASTOPEN_* (0 with --tfo-off) */
	const struct sc_host *cfg;
	tfo_host *h;
	tfo_time timer_at; /* the queued timer event, or TFO_TIME_NEVER */
	struct sim_rng rng;
	const struct sim_route *last_route; /* the route its last packet took, or NULL */
};

struct sim_route {
	uint32_t from, to;
	uint16_t link;
	uint8_t dir;
	/* 1: a run without capture or middleboxes, onto a direction with a fixed delay alone */
	uint8_t plain;
	tfo_addr addr;
};

/* The fields of the client endpoint's tfo_endpoint_info that a result row takes. */
struct sconn_info {
	int8_t outcome;
	uint8_t client_fail;
	uint32_t syn_data, syn_data_acked, retransmits;
};

struct sim_conn {
	struct sim_conn *next, *prev; /* the live list, in index order; next: free list */
	uint64_t gen;                 /* changes each time the record is reused */
	uint64_t index;
	const struct sc_connect *line;
	const struct sc_listen *lis; /* NULL: nobody listens on that port */
	uint32_t client, server;
	tfo_endpoint *cep, *sep;
	struct conntab_entry ckey, skey;
	uint8_t c_keyed, s_keyed, client_gone, use_tfo, finalized;
	uint8_t req_done, resp_queued, server_closed;
	int refs; /* keys in the table + 1 while the client endpoint lives */
	uint64_t req_written, req_read, resp_written, resp_read;
	tfo_time start, req_at, first_at;
	struct sconn_info cinfo; /* what the row takes of the client's tfo_endpoint_info */
	uint8_t have_cinfo;
	int error;
	struct trace *tr; /* NULL: not traced */
};

/* Records come in blocks: a run of N connections makes N / SIM_CONN_BLOCK allocations. */
#define SIM_CONN_BLOCK 64

struct sim_conn_block {
	struct sim_conn_block *next;
	struct sim_conn conns[SIM_CONN_BLOCK];
};

struct sim_kconv;

/* The output callback's user: one end of a KCP conversation. */
struct sim_kport {
	struct sim_kconv *kc;
	int side; /* 0: the client, 1: the server */
};

/* A KCP conversation while it runs (sim_kcp.c). */
struct sim_kconv {
	struct sim *s;
	const struct sc_kcp *line;
	uint32_t idx;
	int started, done;
	tfo_kcp *end[2];
	struct sim_kport port[2];
	tfo_sockaddr addr[2];
	uint32_t host[2];
	uint16_t link;
	uint8_t dir[2];
	uint16_t ip_id[2];
	uint64_t next_msg, got_bytes;
	tfo_time *sent_at, *lat; /* [count] */
	uint8_t *buf;
	size_t bufsize;
	uint32_t max_sn[2]; /* the highest PUSH sn each side sent, for "rtx" */
	uint8_t have_sn[2];
	struct trace *tr; /* NULL: not traced */
	struct kcp_result *r;
};

struct sim {
	const struct sim_scenario *sc;
	const struct sim_options *opt;
	const tfo_allocator *mem;
	struct sim_result *res;
	struct sim_queue q;
	struct sim_pool pool;
	struct conntab tab;
	struct sim_host hosts[SC_MAX_HOSTS];
	struct sim_linkdir links[SC_MAX_LINKS][2];
	struct sim_route routes[SC_MAX_LINKS * 4];
	size_t nroutes;
	uint64_t line_next[SC_MAX_CONNECT]; /* the next connection of each line */
	uint64_t line_count[SC_MAX_CONNECT];
	struct sim_conn *free_conns, *live_head, *live_tail;
	struct sim_conn_block *conn_blocks; /* every record's memory */
	uint64_t live, next_index, next_gen, total;
	tfo_time now;
	/* The connection a host call is about: a connect, or the packet being input. */
	struct sim_conn *ctx;
	uint32_t ctx_host;
	const tfo_segment *ctx_seg; /* NULL during tfo_connect */
	int32_t ctx_cause;          /* the arriving packet's index in ctx's trace, or TR_NO_CAUSE */
	uint8_t in_timer;           /* a host's timer is being run */
	int err;                    /* the first fatal error */
	struct sim_kconv *kconv;    /* [sc->nkcp] */
	uint8_t pattern[PATTERN_LEN];
	uint8_t scratch[PATTERN_LEN];
};

/* sim_fail: records the first fatal error; the main loop stops. */
void sim_fail(struct sim *s, int err);

/* sim_push: schedules an event. */
void sim_push(struct sim *s, tfo_time t, int kind, uint32_t arg, void *ptr);
/*
 * sim_push_lane: sim_push through a lane of the queue (2 * link +
 * direction). Returns 0, or TFO_ERR_NOMEM (the run fails; ptr stays the
 * caller's).
 */
int sim_push_lane(struct sim *s, size_t lane, tfo_time t, int kind, uint32_t arg, void *ptr);

/* ---- sim_host.c ---- */
int shost_setup(struct sim *s, uint32_t idx, char *err);
void shost_rearm(struct sim_host *sh);
void shost_timer(struct sim *s, uint32_t idx, tfo_time t);
void shost_keyop(struct sim *s, uint32_t op);

/* ---- sim_wire.c ---- */
int wire_setup(struct sim *s);
void wire_output(struct sim_host *sh, tfo_time now, const tfo_segment *seg);
void wire_deliver(struct sim *s, struct sim_packet *pkt, uint32_t to);
/* wire_capture: writes pkt to the capture when host is the observation point. */
void wire_capture(struct sim *s, uint32_t host, const struct sim_packet *pkt);

/* ---- sim_kcp.c ---- */
/* kcp_setup: the result slots and the start events. Returns 0 or an error (err set). */
int kcp_setup(struct sim *s, char *err);
void kcp_event(struct sim *s, const struct sim_event *ev);
/* kcp_finish: latencies and counters into the results. */
void kcp_finish(struct sim *s);
/* kcp_take_ladders: moves the traces into the result. 0 or TFO_ERR_NOMEM. */
int kcp_take_ladders(struct sim *s);
void kcp_teardown(struct sim *s);

/* ---- sim_app.c ---- */
void app_connect(struct sim *s, uint32_t line);
void app_event(struct sim_host *sh, tfo_time now, const tfo_event *ev);
void app_respond(struct sim *s, struct sim_conn *c, uint64_t gen);
/* app_lookup: the connection of a 4-tuple on a host, or NULL. */
struct sim_conn *app_lookup(struct sim *s, uint32_t host, const tfo_sockaddr *local,
                            const tfo_sockaddr *remote);
/* app_lookup_sent: app_lookup for a segment sender (tfo_host_sender) sends from host. */
struct sim_conn *app_lookup_sent(struct sim *s, uint32_t host, tfo_endpoint *sender,
                                 const tfo_segment *seg);
/* app_trace_add: adds ev to the trace of c, which is traced. */
void app_trace_add(struct sim *s, struct sim_conn *c, const struct trace_ev *ev);

/* app_trace: adds ev to c's trace when c is traced (asked of every packet, mostly untraced). */
static inline void app_trace(struct sim *s, struct sim_conn *c, const struct trace_ev *ev)
{
	if (c && c->tr)
		app_trace_add(s, c, ev);
}
/* app_finish_all: results for the connections still alive when the run ends. */
void app_finish_all(struct sim *s);
/* app_free_all: the memory of every connection record, live or free (sim_conn.c). */
void app_free_all(struct sim *s);

#endif /* SIM_ENGINE_H */
