/*
 * The endpoint (one TCP connection) and the listener, as the modules
 * that implement them see them. The public API keeps both opaque.
 */
#ifndef TFO_CONN_H
#define TFO_CONN_H

#include <tfo/tfo.h>

#include "tfo_buf.h"
#include "tfo_hashtab.h"
#include "tfo_host.h"
#include "tfo_timer.h"

struct fos_decision;

/* Endpoint flags. */
#define EPF_ACTIVE 0x00001u      /* we sent the SYN */
#define EPF_APP 0x00002u         /* the application holds it (connect or accept) */
#define EPF_ORPHAN 0x00004u      /* tfo_close()d: the host frees it once CLOSED */
#define EPF_FIN_QUEUED 0x00008u  /* shutdown: a FIN follows the queued data */
#define EPF_FIN_RCVD 0x00010u    /* the peer's FIN arrived: end of stream */
#define EPF_ACK_NOW 0x00020u     /* an ACK is owed and goes out before we return */
#define EPF_DEFERRED 0x00040u    /* fast-open connect: the SYN waits for a write */
#define EPF_SYN_ONLY 0x00080u    /* the deferred write takes only what fits in the SYN */
#define EPF_WANT_WRITE 0x00100u  /* a write hit a full buffer: signal TFO_EV_WRITABLE */
#define EPF_TFO_CHILD 0x00200u   /* server child created by Fast Open */
#define EPF_FO_PENDING 0x00400u  /* counted in the listener's Fast Open queue */
#define EPF_SYN_REXMIT 0x00800u  /* our SYN or SYN-ACK was retransmitted */
#define EPF_DELACK_OWED 0x01000u /* received data not yet acknowledged */
#define EPF_SYNCED 0x02000u      /* our SYN was acknowledged: handshake complete */
#define EPF_RTT 0x04000u         /* timing the segment that starts at rtt_seq */
#define EPF_WAS_OPEN 0x08000u    /* it left CLOSED once (read/write tell NOTCONN from EOF) */
#define EPF_CLOSE_RST 0x10000u   /* tfo_close() with unread data: reset (RFC 2525 2.17) */

/* Where a listener's child is. */
enum { WHERE_NONE, WHERE_PENDING, WHERE_ACCEPTQ, WHERE_ZOMBIE };

/* Timer kinds: the main timer (RTO, persist, TIME-WAIT, FIN-WAIT-2) and delayed ACK. */
enum { TMR_RTO, TMR_PERSIST, TMR_TIMEWAIT, TMR_FINWAIT2, TMR_DELACK };

/* What Fast Open did for this connection (tfo_endpoint_info). */
struct fo_rec {
	uint8_t outcome;     /* enum tfo_outcome */
	uint8_t client_fail; /* enum tfo_client_fail */
	uint8_t opt;         /* client: our SYN had a TFO option (Linux syn_fastopen) */
	uint8_t exp;         /* the option was kind 254 */
	uint8_t ch;          /* client: passed the blackhole check after a pause */
	uint8_t cookie_len;
	uint8_t cookie[TFO_COOKIE_MAX];
	uint32_t syn_data;
	uint32_t syn_data_acked;
};

struct tfo_endpoint {
	tfo_host *h;
	void *user;
	struct hnode hn;                    /* connection table chain */
	struct tfo_endpoint *aprev, *anext; /* every endpoint of the host */
	struct tfo_endpoint *cprev, *cnext; /* listener list or zombie list */
	struct tfo_listener *parent;        /* while it counts for a listener */
	struct tmr t_main, t_delack;
	struct sbuf sndq, rcvq;
	tfo_sockaddr local, remote;
	uint32_t flags; /* EPF_* */
	uint8_t state;  /* enum tfo_state */
	uint8_t where;  /* WHERE_* */
	uint16_t nevents;
	int8_t error;      /* pending error for read/write (TFO_ERR_*), 0 none */
	int32_t fd;        /* socket layer descriptor, -1 none */
	int8_t last_error; /* what closed it, for info */

	/* Send sequence space (RFC 793 section 3.2) */
	uint32_t iss, snd_una, snd_nxt, snd_max;
	uint32_t snd_base; /* sequence number of sndq's first byte */
	uint32_t snd_wnd, max_snd_wnd, snd_wl1, snd_wl2;
	/* Receive sequence space */
	uint32_t irs, rcv_nxt, rcv_adv; /* rcv_adv: right edge we advertised */
	/* Negotiated options */
	uint16_t mss;                   /* payload bytes per segment */
	uint16_t peer_mss;              /* the MSS the peer announced (536/1220 if none) */
	uint16_t user_mss;              /* TCP_MAXSEG, 0 none */
	uint32_t delivered;             /* segments acked (Linux tp->delivered) */
	uint8_t user_syn_retries;       /* TCP_SYNCNT, 0: the host's */
	uint8_t snd_wscale, rcv_wscale; /* 0 unless ws_ok */
	uint8_t ws_ok, sack_ok, ts_ok;
	uint32_t ts_offset, ts_recent;
	/* RTT, RTO (RFC 6298) and congestion window (RFC 5681) */
	tfo_time srtt, rttvar, rto, rtt_time;
	uint32_t rtt_seq;
	uint8_t nrtx;   /* consecutive timeouts without progress */
	uint8_t probes; /* zero-window probes without an answer */
	uint8_t dupacks;
	uint32_t cwnd, ssthresh;
	uint32_t retransmits;

	struct fo_rec fo;
	uint64_t bytes_sent, bytes_received;
	tfo_time t_open, t_established;
};

struct tfo_listener {
	tfo_host *h;
	void *user;
	struct tfo_listener *next;
	tfo_sockaddr local;
	int backlog;
	int fo_max_qlen; /* setsockopt(TCP_FASTOPEN) */
	int fo_qlen;     /* TFO children whose handshake is not complete, and held requests */
	/* Linux's rskq_rst_head/tail: reset Fast Open requests holding a slot
	 * of the Fast Open queue, oldest first, as the times they expire
	 * (a ring of fo_held_cap, fo_held_len from fo_held_head). */
	tfo_time *fo_held;
	uint32_t fo_held_head, fo_held_len, fo_held_cap;
	struct tfo_endpoint *acc_head, *acc_tail;
	uint32_t acc_len;
	struct tfo_endpoint *pend_head;
	uint32_t pend_len;
	uint32_t refs; /* children that point to it */
	int32_t fd;    /* socket layer descriptor, -1 none */
	uint16_t nevents;
	uint8_t closed;
};

/* host_event_count: the count of queued events of e's object, an endpoint or a listener. */
static inline uint16_t *host_event_count(const struct evq_entry *e)
{
	if (e->type == TFO_EV_ACCEPT)
		return &((struct tfo_listener *)e->obj)->nevents;
	return &((struct tfo_endpoint *)e->obj)->nevents;
}

/*
 * host_event: queues an event for delivery at the end of the entry point.
 * In line (it needs both objects' layouts, hence here): a connection
 * queues about ten.
 */
static inline void host_event(tfo_host *h, const struct evq_entry *e)
{
	if (h->mute & (1u << e->type))
		return; /* never queued, so nothing waits for its delivery */
	if (evq_push(&h->evq, &h->mem, e) == 0)
		(*host_event_count(e))++;
	else
		host_event_lost(h, e);
}

/* ctab_find: declared in tfo_conntab.h. */
static inline struct tfo_endpoint *ctab_find(const struct conntab *t, const tfo_sockaddr *local,
                                             const tfo_sockaddr *remote)
{
	struct hnode *n;

	htab_for_each(&t->ht, ctab_hash(local, remote), n) {
		struct tfo_endpoint *ep = hnode_entry(n, struct tfo_endpoint, hn);

		if (sockaddr_eq(&ep->local, local) && sockaddr_eq(&ep->remote, remote))
			return ep;
	}
	return NULL;
}

/* conn_logf: a log line prefixed with "<local> > <remote> ". */
void conn_logf(const struct tfo_endpoint *ep, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/*
 * conn_new: a zeroed endpoint in CLOSED with its timers reserved, linked
 * into the host's list (not the connection table). Draws nothing at
 * random. Returns NULL on allocation failure.
 */
struct tfo_endpoint *conn_new(tfo_host *h, const tfo_sockaddr *local, const tfo_sockaddr *remote);

/* conn_draw_isn: the ISN and timestamp offset from the random callback, in that order. */
void conn_draw_isn(struct tfo_endpoint *ep);

/*
 * Freed endpoints a host keeps for its next ones, made then without the
 * allocator (as the chunk pool keeps chunks): at most this many, about
 * 30 KiB, given back at tfo_host_del().
 */
#define CONN_SPARE_MAX 64u

/*
 * conn_free: unlinks ep from everything and frees it, or keeps it for
 * conn_new while the host keeps fewer than CONN_SPARE_MAX; its queued
 * events are dropped.
 */
void conn_free(struct tfo_endpoint *ep);

/* conn_free_spares: frees the endpoints conn_free kept for reuse. */
void conn_free_spares(tfo_host *h);

/*
 * conn_closed: the bookkeeping of entering CLOSED: out of the table,
 * timers stopped, detached from its listener, buffers released (the
 * receive queue stays readable), freed later if nobody holds it.
 */
void conn_closed(struct tfo_endpoint *ep);

/* conn_handshake_done: our SYN was acknowledged: CONNECTED, accept queue, RTO, cwnd. */
void conn_handshake_done(struct tfo_endpoint *ep);

/* conn_passive_open: a child takes its peer's SYN (sequence numbers, options, TFO record). */
void conn_passive_open(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts,
                       const struct fos_decision *fo);

/*
 * conn_active_open: SYN-SENT takes an acceptable SYN-ACK: sequence
 * numbers, options, the acknowledgment of our SYN (and SYN data), the RTT
 * sample, and the client's Fast Open handling.
 */
void conn_active_open(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts);

/* conn_simultaneous_open: SYN-SENT takes a SYN without ACK (RFC 793 simultaneous open). */
void conn_simultaneous_open(struct tfo_endpoint *ep, const tfo_segment *seg,
                            const tfo_opts_parsed *opts);

/* conn_orphan: the application gave ep up; freed once CLOSED and its events are delivered. */
void conn_orphan(struct tfo_endpoint *ep);

/* conn_reap: frees the closed orphans whose events have all been delivered. */
void conn_reap(tfo_host *h);

/* conn_event: queues an event of type for ep. */
void conn_event(struct tfo_endpoint *ep, int type);

/*
 * conn_rcv_space, conn_ts_now and conn_adv_mss are in line: every segment
 * built or taken in asks one of them, most more than once.
 */

/* conn_rcv_space: free bytes in the receive buffer. */
static inline uint32_t conn_rcv_space(const struct tfo_endpoint *ep)
{
	uint32_t buf = ep->h->s.rcvbuf;

	return buf > ep->rcvq.len ? buf - ep->rcvq.len : 0;
}

/* conn_ts_now: our timestamp clock (1 ms ticks) for ep. */
static inline uint32_t conn_ts_now(const struct tfo_endpoint *ep)
{
	return ep->ts_offset + (uint32_t)(ep->h->now / TFO_NS_PER_MS);
}

/* conn_adv_mss: the MSS ep announces: the host's, capped by TCP_MAXSEG (Linux tcp_advertise_mss()).
 */
static inline uint16_t conn_adv_mss(const struct tfo_endpoint *ep)
{
	uint16_t mss = host_mss(ep->h, ep->local.addr.family);

	return ep->user_mss && ep->user_mss < mss ? ep->user_mss : mss;
}

/* Listener side (tfo_listener.c). */

/* lsn_find: the listener for a local address and port: exact address first, then a wildcard. */
struct tfo_listener *lsn_find(tfo_host *h, const tfo_sockaddr *local);

/* lsn_input: a segment for a listening port. Returns 0 or TFO_ERR_NOMEM. */
int lsn_input(struct tfo_listener *l, const tfo_segment *seg, const tfo_opts_parsed *opts);

/*
 * lsn_child_added: a new child in SYN-RECEIVED: a Fast Open child joins
 * the accept queue (and the Fast Open queue) at once, others wait.
 */
void lsn_child_added(struct tfo_endpoint *ep);

/* lsn_accept_full: 1 when l's accept queue is full (Linux sk_acceptq_is_full()). */
int lsn_accept_full(const struct tfo_listener *l);

/* lsn_child_established: a child's handshake completed; it joins the accept queue. */
void lsn_child_established(struct tfo_endpoint *ep);

/* lsn_child_fo_done: a TFO child leaves the listener's Fast Open queue. */
void lsn_child_fo_done(struct tfo_endpoint *ep);

/*
 * lsn_child_fo_reset: a TFO child whose handshake is not complete was reset
 * by its peer. Linux reqsk_fastopen_remove(sk, req, reset=true): when the
 * application had accepted it and the listener still listens, its request
 * keeps its slot in the Fast Open queue for 60 s (a defence against
 * spoofed Fast Open SYNs); otherwise the slot is freed at once, as by
 * lsn_child_fo_done. Without memory to hold it, the slot is freed too.
 */
void lsn_child_fo_reset(struct tfo_endpoint *ep);

/* lsn_free: frees l and the requests it holds (the host going away). */
void lsn_free(struct tfo_listener *l);

/* lsn_child_detach: a dying child leaves its listener's lists. */
void lsn_child_detach(struct tfo_endpoint *ep);

/* lsn_port_taken: 1 if a listener is bound to (addr, port) or to the port on any address. */
int lsn_port_taken(tfo_host *h, const tfo_sockaddr *local);

#endif /* TFO_CONN_H */
