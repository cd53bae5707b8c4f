/*
 * Fast Open decisions, client side (tfo_fastopen_client.c) and server side
 * (tfo_fastopen_server.c), after Linux's net/ipv4/tcp_fastopen.c.
 */
#ifndef TFO_FASTOPEN_H
#define TFO_FASTOPEN_H

#include <tfo/tfo.h>

struct tfo_endpoint;
struct tfo_listener;

/* A TFO option to send: len -1 none, 0 a cookie request, else a cookie. */
struct fo_option {
	int8_t len;
	uint8_t exp; /* kind 254 + magic 0xF989 instead of kind 34 */
	uint8_t cookie[TFO_COOKIE_MAX];
};

/* ---- Client ---- */

/* What the client's SYN will carry (Linux tcp_send_syn_data / tcp_fastopen_cookie_check). */
struct foc_plan {
	struct fo_option opt;
	uint32_t syn_room; /* data bytes the SYN may carry */
	int data_ok;       /* data may ride in the SYN (cookie cached, or cookie-less mode) */
};

/*
 * foc_plan: decides the SYN of ep for a Fast Open connect (flags are
 * TFO_CONNECT_*; 0 gives a plain SYN) and records it in ep->fo.
 */
void foc_plan(struct tfo_endpoint *ep, unsigned flags, struct foc_plan *plan);

/* foc_syn_room: data bytes a SYN to ep's peer may carry (cached MSS or 536/1220, minus 40). */
uint32_t foc_syn_room(const struct tfo_endpoint *ep);

/*
 * foc_synack: the client's handling of the SYN-ACK (Linux
 * tcp_rcv_fastopen_synack()): cache the cookie and MSS, count, decide the
 * outcome, and rewind snd_nxt when SYN data must be resent. Called after
 * snd_una took the SYN-ACK's acknowledgment.
 */
void foc_synack(struct tfo_endpoint *ep, const tfo_opts_parsed *opts);

/*
 * foc_timeout: a retransmission timer of ep expired (Linux
 * tcp_fastopen_active_detect_blackhole()); expired: the connection gives up.
 */
void foc_timeout(struct tfo_endpoint *ep, int expired);

/* foc_stream_done: the peer's FIN arrived in order: may end a blackhole pause. */
void foc_stream_done(struct tfo_endpoint *ep);

/* foc_paused: 1 while a blackhole pause disables client Fast Open. */
int foc_paused(const tfo_host *h);

/* ---- Server ---- */

/* What a listener does with a SYN (Linux tcp_try_fastopen()). */
struct fos_decision {
	int child_tfo;           /* accept the SYN's data: a Fast Open child */
	int match;               /* enum tfo_key_match of the client's cookie */
	struct fo_option synack; /* TFO option for the SYN-ACK */
	int fresh_cookie;        /* the primary key's cookie, if the child cannot take the data */
	int outcome;             /* enum tfo_outcome for the child's record */
};

struct fos_question;

/* fos_question_of: the policy's question for a SYN to l, the cookie not yet checked. */
void fos_question_of(const struct tfo_listener *l, const tfo_segment *seg,
                     const tfo_opts_parsed *opts, struct fos_question *q);

/*
 * fos_decide: the Fast Open decision for a SYN to l that child (still in
 * LISTEN) will answer; counts as Linux does up to the child's creation.
 */
void fos_decide(struct tfo_listener *l, struct tfo_endpoint *child, const tfo_segment *seg,
                const tfo_opts_parsed *opts, struct fos_decision *d);

/*
 * fos_child_failed: the child cannot take the SYN's data: ack the ISN
 * only (Linux's fallback), with the cookie d->fresh_cookie calls for.
 */
void fos_child_failed(struct tfo_endpoint *child, const tfo_segment *seg,
                      const tfo_opts_parsed *opts, struct fos_decision *d);

/* fos_child_created: counts a Fast Open child (TCPFastOpenPassive, PassiveAltKey). */
void fos_child_created(struct tfo_endpoint *child, const struct fos_decision *d);

#endif /* TFO_FASTOPEN_H */
