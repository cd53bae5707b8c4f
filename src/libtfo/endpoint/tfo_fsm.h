/*
 * The state machine: RFC 793's states, one handler per state, each
 * switching over the events below. Every transition goes through
 * fsm_set_state(), which logs "STATE --event--> STATE" and queues
 * TFO_EV_STATE.
 */
#ifndef TFO_FSM_H
#define TFO_FSM_H

#include <tfo/tfo.h>

struct tfo_endpoint;
struct fos_decision;

enum fsm_ev {
	FSM_APP_CONNECT,      /* "app connect" */
	FSM_APP_SEND,         /* "app write": the deferred fast-open SYN leaves */
	FSM_APP_SHUTDOWN,     /* "app shutdown" */
	FSM_APP_CLOSE,        /* "app close" */
	FSM_APP_ABORT,        /* "app abort" */
	FSM_RCV_SYN,          /* "rcv SYN" */
	FSM_RCV_SYNACK,       /* "rcv SYN-ACK" */
	FSM_RCV_ACK,          /* "rcv ACK": an acceptable ACK of our SYN or FIN was processed */
	FSM_RCV_FIN,          /* "rcv FIN" */
	FSM_RCV_RST,          /* "rcv RST" */
	FSM_RCV_DATA_CLOSED,  /* "rcv data after close" */
	FSM_TIMEOUT_RTO,      /* "timeout RTO" */
	FSM_TIMEOUT_PERSIST,  /* "timeout persist" */
	FSM_TIMEOUT_TIMEWAIT, /* "timeout TIME-WAIT" */
	FSM_TIMEOUT_FINWAIT2, /* "timeout FIN-WAIT-2" */
	FSM_LISTENER_CLOSE    /* "listener close" */
};

struct fsm_ctx {
	const tfo_segment *seg;
	const tfo_opts_parsed *opts;
	const struct fos_decision *fo; /* LISTEN, rcv SYN: the Fast Open decision */
	uint8_t syn_acked;             /* rcv ACK: it acknowledged our SYN */
	uint8_t fin_acked;             /* rcv ACK: it acknowledged our FIN */
	uint8_t reopen;                /* rcv SYN in TIME-WAIT: a new connection may replace it */
};

/* fsm_ev_name: "rcv SYN-ACK", "timeout RTO", ... */
const char *fsm_ev_name(enum fsm_ev ev);

/* fsm_event: hands ev to the handler of ep's state. ctx may be NULL for app and timer events. */
void fsm_event(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx);

/*
 * fsm_set_state: the one way states change: logs the transition, counts
 * (EstabResets, AttemptFails), queues TFO_EV_STATE and does the
 * bookkeeping of entering the new state.
 */
void fsm_set_state(struct tfo_endpoint *ep, int state, enum fsm_ev ev);

/* fsm_fail: queues TFO_EV_ERROR with error, then moves to CLOSED. */
void fsm_fail(struct tfo_endpoint *ep, int error, enum fsm_ev ev);

#endif /* TFO_FSM_H */
