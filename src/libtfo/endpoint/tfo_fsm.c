/*
 * The TCP state machine (RFC 793 section 3.9, with RFC 5961 and Linux's
 * choices where they differ). fsm_event() dispatches to one handler per
 * state; each handler switches over the events; every state change goes
 * through fsm_set_state(). The sequence-space work (acceptability, ACK
 * processing, data) is in tfo_input.c; segments are built in
 * tfo_output.c. docs/state-machine.md draws this file.
 */
#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_fsm.h"
#include "tfo_host.h"
#include "tfo_input.h"
#include "tfo_output.h"
#include "tfo_retransmit.h"

static const char *const state_names[] = {
	[TFO_CLOSED] = "CLOSED",           [TFO_LISTEN] = "LISTEN",
	[TFO_SYN_SENT] = "SYN-SENT",       [TFO_SYN_RECEIVED] = "SYN-RECEIVED",
	[TFO_ESTABLISHED] = "ESTABLISHED", [TFO_FIN_WAIT_1] = "FIN-WAIT-1",
	[TFO_FIN_WAIT_2] = "FIN-WAIT-2",   [TFO_CLOSE_WAIT] = "CLOSE-WAIT",
	[TFO_CLOSING] = "CLOSING",         [TFO_LAST_ACK] = "LAST-ACK",
	[TFO_TIME_WAIT] = "TIME-WAIT",
};

TFO_EXPORT const char *tfo_state_name(int state)
{
	if (state < 0 || (size_t)state >= sizeof(state_names) / sizeof(state_names[0]))
		return "?";
	return state_names[state];
}

static const char *const ev_names[] = {
	[FSM_APP_CONNECT] = "app connect",
	[FSM_APP_SEND] = "app write",
	[FSM_APP_SHUTDOWN] = "app shutdown",
	[FSM_APP_CLOSE] = "app close",
	[FSM_APP_ABORT] = "app abort",
	[FSM_RCV_SYN] = "rcv SYN",
	[FSM_RCV_SYNACK] = "rcv SYN-ACK",
	[FSM_RCV_ACK] = "rcv ACK",
	[FSM_RCV_FIN] = "rcv FIN",
	[FSM_RCV_RST] = "rcv RST",
	[FSM_RCV_DATA_CLOSED] = "rcv data after close",
	[FSM_TIMEOUT_RTO] = "timeout RTO",
	[FSM_TIMEOUT_PERSIST] = "timeout persist",
	[FSM_TIMEOUT_TIMEWAIT] = "timeout TIME-WAIT",
	[FSM_TIMEOUT_FINWAIT2] = "timeout FIN-WAIT-2",
	[FSM_LISTENER_CLOSE] = "listener close",
};

const char *fsm_ev_name(enum fsm_ev ev)
{
	if ((size_t)ev >= sizeof(ev_names) / sizeof(ev_names[0]))
		return "?";
	return ev_names[ev];
}

/* Linux tcp_set_state(): the counters a transition moves. */
static void count_transition(tfo_host *h, int old, int state)
{
	if (state != TFO_CLOSED)
		return;
	if (old == TFO_ESTABLISHED || old == TFO_CLOSE_WAIT)
		host_ctr(h, TFO_CTR_ESTAB_RESETS);
	if (old == TFO_SYN_SENT || old == TFO_SYN_RECEIVED)
		host_ctr(h, TFO_CTR_ATTEMPT_FAILS);
}

void fsm_set_state(struct tfo_endpoint *ep, int state, enum fsm_ev ev)
{
	int old = ep->state;
	struct evq_entry e = { 0 };

	if (old == state)
		return;
	ep->state = (uint8_t)state;
	if (state != TFO_CLOSED)
		ep->flags |= EPF_WAS_OPEN;
	/* conn_logf checks too, but the names would be looked up for nothing. */
	if (host_log_enabled(ep->h))
		conn_logf(ep, "%s --%s--> %s", tfo_state_name(old), fsm_ev_name(ev),
		          tfo_state_name(state));
	count_transition(ep->h, old, state);
	e.obj = ep;
	e.type = TFO_EV_STATE;
	e.old_state = (uint8_t)old;
	e.new_state = (uint8_t)state;
	host_event(ep->h, &e);
	switch (state) {
	case TFO_CLOSED:
		conn_closed(ep);
		break;
	case TFO_TIME_WAIT:
		/* Linux TCP_TIMEWAIT_LEN: a fixed 60 s, no 2*MSL variants. */
		rtx_arm_state_timer(ep, TMR_TIMEWAIT, ep->h->s.time_wait);
		break;
	case TFO_FIN_WAIT_2:
		if (ep->flags & EPF_ORPHAN)
			rtx_arm_state_timer(ep, TMR_FINWAIT2, ep->h->s.fin_timeout);
		break;
	default:
		break;
	}
}

void fsm_fail(struct tfo_endpoint *ep, int error, enum fsm_ev ev)
{
	struct evq_entry e = { 0 };

	ep->error = (int8_t)error;
	ep->last_error = (int8_t)error;
	e.obj = ep;
	e.type = TFO_EV_ERROR;
	e.error = error;
	host_event(ep->h, &e);
	fsm_set_state(ep, TFO_CLOSED, ev);
}

/* A reset we send, then CLOSED (Linux tcp_send_active_reset() + tcp_done()). */
static void reset(struct tfo_endpoint *ep, enum fsm_ev ev)
{
	out_rst(ep);
	fsm_set_state(ep, TFO_CLOSED, ev);
}

/*
 * Linux tcp_close(): close() with unread data sends a RST instead of a FIN
 * (RFC 2525 section 2.17), counted as TCPAbortOnClose. Returns 1 when it
 * reset the connection.
 */
static int abort_on_unread(struct tfo_endpoint *ep, enum fsm_ev ev)
{
	if (ev != FSM_APP_CLOSE || !ep->rcvq.len)
		return 0;
	host_ctr(ep->h, TFO_CTR_ABORT_ON_CLOSE);
	reset(ep, ev);
	return 1;
}

/* close() or shutdown() with the connection open: a FIN after the queued data, and next. */
static void app_close(struct tfo_endpoint *ep, enum fsm_ev ev, int next)
{
	if (abort_on_unread(ep, ev))
		return;
	ep->flags |= EPF_FIN_QUEUED;
	fsm_set_state(ep, next, ev);
	out_push(ep);
}

/* Data after close(): Linux answers with a RST and closes (TCPAbortOnData). */
static void data_after_close(struct tfo_endpoint *ep, const struct fsm_ctx *ctx, enum fsm_ev ev)
{
	host_ctr(ep->h, TFO_CTR_ABORT_ON_DATA);
	out_rst_reply(ep->h, ctx->seg);
	fsm_set_state(ep, TFO_CLOSED, ev);
}

static void st_closed(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	switch (ev) {
	case FSM_APP_CONNECT:
		fsm_set_state(ep, TFO_SYN_SENT, ev);
		if (!(ep->flags & EPF_DEFERRED)) {
			out_syn(ep, 0);
			rtx_start(ep);
		}
		break;
	default:
		break;
	}
}

/* A child of a listener starts in LISTEN and leaves it with the SYN. */
static void st_listen(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	switch (ev) {
	case FSM_RCV_SYN:
		conn_passive_open(ep, ctx->seg, ctx->opts, ctx->fo);
		fsm_set_state(ep, TFO_SYN_RECEIVED, ev);
		lsn_child_added(ep);
		if (ctx->fo->child_tfo)
			in_take_text(ep, ctx->seg, ctx->seg->seq + 1);
		out_synack(ep, &ctx->fo->synack, 0);
		rtx_start(ep);
		break;
	default:
		break;
	}
}

static void st_syn_sent(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	switch (ev) {
	case FSM_APP_SEND:
		out_syn(ep, 0);
		rtx_start(ep);
		break;
	case FSM_RCV_SYNACK:
		conn_active_open(ep, ctx->seg, ctx->opts);
		fsm_set_state(ep, TFO_ESTABLISHED, ev);
		conn_handshake_done(ep);
		break;
	case FSM_RCV_SYN:
		/* RFC 793 simultaneous open; Linux ignores the SYN's data here. */
		conn_simultaneous_open(ep, ctx->seg, ctx->opts);
		fsm_set_state(ep, TFO_SYN_RECEIVED, ev);
		out_synack(ep, NULL, 0);
		rtx_start(ep);
		break;
	case FSM_RCV_RST:
		fsm_fail(ep, TFO_ERR_CONNREFUSED, ev);
		break;
	case FSM_APP_SHUTDOWN:
	case FSM_APP_CLOSE:
	case FSM_APP_ABORT:
		/* Linux tcp_close_state(): SYN-SENT goes straight to CLOSED, silently. */
		fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	case FSM_TIMEOUT_RTO:
		rtx_syn_timeout(ep);
		break;
	default:
		break;
	}
}

/*
 * SYN-RECEIVED, passive or after a simultaneous open. RFC 793 sends a
 * passive connection reset by its peer back to LISTEN: here the child is
 * dropped and the listener stays.
 */
static void syn_received_rst(struct tfo_endpoint *ep, enum fsm_ev ev)
{
	if (ep->flags & EPF_ACTIVE)
		fsm_fail(ep, TFO_ERR_CONNREFUSED, ev);
	else if (ep->flags & (EPF_APP | EPF_TFO_CHILD))
		/* Linux tcp_reset(): a full socket in SYN_RECV (a Fast Open child,
		 * accepted or still queued) gets ECONNRESET. */
		fsm_fail(ep, TFO_ERR_CONNRESET, ev);
	else
		fsm_set_state(ep, TFO_CLOSED, ev);
}

/*
 * A SYN in SYN-RECEIVED. Linux tcp_check_req(): the peer's SYN again
 * (same ISN, no ACK) is answered with the SYN-ACK again, and its data is
 * not taken twice; any other SYN resets the embryonic connection.
 */
static void syn_received_syn(struct tfo_endpoint *ep, const struct fsm_ctx *ctx, enum fsm_ev ev)
{
	const tfo_segment *seg = ctx->seg;

	if (!(seg->flags & TFO_TH_ACK) && seg->seq == ep->irs) {
		conn_logf(ep, "retransmitted SYN: SYN-ACK again%s",
		          seg->len ? ", its data not taken twice" : "");
		out_synack(ep, NULL, 1);
		return;
	}
	out_rst_reply(ep->h, seg);
	syn_received_rst(ep, ev);
}

static void st_syn_received(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	switch (ev) {
	case FSM_RCV_SYN:
		syn_received_syn(ep, ctx, ev);
		break;
	case FSM_RCV_ACK:
		if (ctx->syn_acked) {
			fsm_set_state(ep, TFO_ESTABLISHED, ev);
			conn_handshake_done(ep);
		}
		break;
	case FSM_RCV_FIN:
		fsm_set_state(ep, TFO_CLOSE_WAIT, ev);
		break;
	case FSM_RCV_RST:
		lsn_child_fo_reset(ep);
		syn_received_rst(ep, ev);
		break;
	case FSM_APP_SHUTDOWN:
	case FSM_APP_CLOSE:
		app_close(ep, ev, TFO_FIN_WAIT_1);
		break;
	case FSM_APP_ABORT:
		reset(ep, ev);
		break;
	case FSM_LISTENER_CLOSE:
		/* Linux: a request socket vanishes; a Fast Open child is reset. */
		if (ep->flags & EPF_TFO_CHILD)
			reset(ep, ev);
		else
			fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	case FSM_TIMEOUT_RTO:
		rtx_timeout(ep);
		break;
	default:
		break;
	}
}

/* Events every synchronized state treats alike. Returns 1 if handled. */
static int synchronized_common(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	switch (ev) {
	case FSM_RCV_SYN:
		if (!(ep->flags & EPF_SYNCED))
			syn_received_syn(ep, ctx, ev);
		else
			out_challenge_ack(ep); /* RFC 5961 section 4.2 */
		return 1;
	case FSM_RCV_ACK:
		/* A Fast Open child can close or be closed before its handshake completes. */
		if (ctx->syn_acked)
			conn_handshake_done(ep);
		return 0;
	case FSM_TIMEOUT_RTO:
		rtx_timeout(ep);
		return 1;
	case FSM_TIMEOUT_PERSIST:
		rtx_persist(ep);
		return 1;
	default:
		return 0;
	}
}

static void st_established(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	if (synchronized_common(ep, ev, ctx))
		return;
	switch (ev) {
	case FSM_RCV_FIN:
		fsm_set_state(ep, TFO_CLOSE_WAIT, ev);
		break;
	case FSM_RCV_RST:
		fsm_fail(ep, TFO_ERR_CONNRESET, ev);
		break;
	case FSM_APP_SHUTDOWN:
	case FSM_APP_CLOSE:
		app_close(ep, ev, TFO_FIN_WAIT_1);
		break;
	case FSM_APP_ABORT:
	case FSM_LISTENER_CLOSE:
		reset(ep, ev);
		break;
	default:
		break;
	}
}

static void st_fin_wait_1(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	if (synchronized_common(ep, ev, ctx))
		return;
	switch (ev) {
	case FSM_RCV_ACK:
		if (ctx->fin_acked)
			fsm_set_state(ep, TFO_FIN_WAIT_2, ev);
		break;
	case FSM_RCV_FIN:
		fsm_set_state(ep, TFO_CLOSING, ev);
		break;
	case FSM_RCV_RST:
		/* A Fast Open child closed before its handshake completed:
		 * Linux tcp_check_req() handles its RST as in SYN-RECEIVED. */
		lsn_child_fo_reset(ep);
		fsm_fail(ep, TFO_ERR_CONNRESET, ev);
		break;
	case FSM_RCV_DATA_CLOSED:
		data_after_close(ep, ctx, ev);
		break;
	case FSM_APP_CLOSE:
		abort_on_unread(ep, ev);
		break;
	case FSM_APP_ABORT:
	case FSM_LISTENER_CLOSE:
		reset(ep, ev);
		break;
	default:
		break;
	}
}

static void st_fin_wait_2(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	if (synchronized_common(ep, ev, ctx))
		return;
	switch (ev) {
	case FSM_RCV_FIN:
		fsm_set_state(ep, TFO_TIME_WAIT, ev);
		break;
	case FSM_RCV_RST:
		fsm_fail(ep, TFO_ERR_CONNRESET, ev);
		break;
	case FSM_RCV_DATA_CLOSED:
		data_after_close(ep, ctx, ev);
		break;
	case FSM_APP_CLOSE:
		if (abort_on_unread(ep, ev))
			break;
		/* Linux tcp_close(): an orphan waits tcp_fin_timeout for the FIN. */
		rtx_arm_state_timer(ep, TMR_FINWAIT2, ep->h->s.fin_timeout);
		break;
	case FSM_APP_ABORT:
		reset(ep, ev);
		break;
	case FSM_TIMEOUT_FINWAIT2:
		fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	default:
		break;
	}
}

static void st_close_wait(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	if (synchronized_common(ep, ev, ctx))
		return;
	switch (ev) {
	case FSM_RCV_RST:
		/* Linux tcp_reset(): EPIPE in CLOSE-WAIT */
		fsm_fail(ep, TFO_ERR_PIPE, ev);
		break;
	case FSM_APP_SHUTDOWN:
	case FSM_APP_CLOSE:
		app_close(ep, ev, TFO_LAST_ACK);
		break;
	case FSM_APP_ABORT:
	case FSM_LISTENER_CLOSE:
		reset(ep, ev);
		break;
	default:
		break;
	}
}

/* CLOSING and LAST-ACK: our FIN's ACK ends them; Linux sends no RST on abort here. */
static void st_closing(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	if (synchronized_common(ep, ev, ctx))
		return;
	switch (ev) {
	case FSM_RCV_ACK:
		if (ctx->fin_acked)
			fsm_set_state(ep, TFO_TIME_WAIT, ev);
		break;
	case FSM_RCV_RST:
		fsm_fail(ep, TFO_ERR_CONNRESET, ev);
		break;
	case FSM_APP_ABORT:
		fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	default:
		break;
	}
}

static void st_last_ack(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	if (synchronized_common(ep, ev, ctx))
		return;
	switch (ev) {
	case FSM_RCV_ACK:
		if (ctx->fin_acked)
			fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	case FSM_RCV_RST:
		fsm_fail(ep, TFO_ERR_CONNRESET, ev);
		break;
	case FSM_APP_ABORT:
		fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	default:
		break;
	}
}

/*
 * TIME-WAIT. RFC 793: a retransmitted FIN is acknowledged and restarts
 * the timer. A valid RST ends it early: Linux's default (tcp_rfc1337=0),
 * the "TIME-WAIT assassination" of RFC 1337.
 */
static void st_time_wait(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	switch (ev) {
	case FSM_RCV_SYN:
		if (ctx->reopen)
			fsm_set_state(ep, TFO_CLOSED, ev);
		else
			out_challenge_ack(ep);
		break;
	case FSM_RCV_FIN:
		out_ack(ep);
		rtx_arm_state_timer(ep, TMR_TIMEWAIT, ep->h->s.time_wait);
		break;
	case FSM_RCV_RST:
	case FSM_APP_ABORT:
	case FSM_TIMEOUT_TIMEWAIT:
		fsm_set_state(ep, TFO_CLOSED, ev);
		break;
	default:
		break;
	}
}

typedef void state_handler(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx);

/*
 * The handlers by state. Called through the table, each keeps its own
 * frame: switched over in one function, all were inlined into it, and
 * every event paid the registers the largest saves.
 */
static state_handler *const handlers[] = {
	[TFO_CLOSED] = st_closed,           [TFO_LISTEN] = st_listen,
	[TFO_SYN_SENT] = st_syn_sent,       [TFO_SYN_RECEIVED] = st_syn_received,
	[TFO_ESTABLISHED] = st_established, [TFO_FIN_WAIT_1] = st_fin_wait_1,
	[TFO_FIN_WAIT_2] = st_fin_wait_2,   [TFO_CLOSE_WAIT] = st_close_wait,
	[TFO_CLOSING] = st_closing,         [TFO_LAST_ACK] = st_last_ack,
	[TFO_TIME_WAIT] = st_time_wait,
};
_Static_assert(sizeof(handlers) / sizeof(handlers[0]) == TFO_TIME_WAIT + 1,
               "a handler for every state, TIME-WAIT the last");

void fsm_event(struct tfo_endpoint *ep, enum fsm_ev ev, const struct fsm_ctx *ctx)
{
	static const struct fsm_ctx none;

	if (ep->state < sizeof(handlers) / sizeof(handlers[0]))
		handlers[ep->state](ep, ev, ctx ? ctx : &none);
}
