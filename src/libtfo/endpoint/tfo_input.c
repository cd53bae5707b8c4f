/*
 * SEGMENT ARRIVES (RFC 793 section 3.9) for an existing connection, with
 * RFC 5961's defences: RSTs must hit rcv_nxt exactly (else a challenge
 * ACK), SYNs in synchronized states get a challenge ACK, ACKs are checked
 * against [snd_una - max window, snd_max]. Decisions that change state go
 * to the state machine (tfo_fsm.c) as events.
 */
#include <string.h>

#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_fsm.h"
#include "tfo_host.h"
#include "tfo_input.h"
#include "tfo_output.h"
#include "tfo_retransmit.h"
#include "tfo_seq.h"

static void drop(struct tfo_endpoint *ep, const char *why)
{
	conn_logf(ep, "drop: %s", why);
}

/* Room in the receive queue for the data, before anything changes. */
static int reserve_rcv(struct tfo_endpoint *ep, const tfo_segment *seg)
{
	uint32_t n = conn_rcv_space(ep);

	if (ep->flags & EPF_FIN_RCVD)
		return 0;
	if (n > seg->len)
		n = seg->len;
	return buf_reserve(&ep->rcvq, &ep->h->pool, n);
}

/* RFC 793 page 69: the segment must overlap the receive window. */
static int acceptable(const struct tfo_endpoint *ep, uint32_t seq, uint32_t seqlen)
{
	uint32_t wnd = seq_gt(ep->rcv_adv, ep->rcv_nxt) ? ep->rcv_adv - ep->rcv_nxt : 0;
	uint32_t last = seq + seqlen - 1;

	if (wnd == 0)
		/* "special allowance ... to accept valid ACKs, URGs and RSTs" */
		return seq == ep->rcv_nxt;
	if (seq_ge(seq, ep->rcv_nxt) && seq_lt(seq, ep->rcv_nxt + wnd))
		return 1;
	return seqlen > 0 && seq_ge(last, ep->rcv_nxt) && seq_lt(last, ep->rcv_nxt + wnd);
}

/* RFC 7323 section 4.3, with rcv_nxt standing for Last.ACK.sent. */
static void update_ts_recent(struct tfo_endpoint *ep, const tfo_segment *seg,
                             const tfo_opts_parsed *opts)
{
	if (ep->ts_ok && (opts->present & TFO_HAS_TS) && seq_le(seg->seq, ep->rcv_nxt) &&
	    seq_ge(opts->ts_val, ep->ts_recent))
		ep->ts_recent = opts->ts_val;
}

static void segment_acked(struct tfo_endpoint *ep, struct fsm_ctx *ctx, uint32_t ack)
{
	tfo_host *h = ep->h;
	uint32_t end = ep->snd_base + ep->sndq.len;
	uint32_t to = seq_lt(ack, end) ? ack : end;

	if (!(ep->flags & EPF_SYNCED))
		ctx->syn_acked = 1;
	if (seq_gt(to, ep->snd_base)) {
		uint32_t n = to - ep->snd_base;

		buf_consume(&ep->sndq, &h->pool, n);
		ep->snd_base += n;
		ep->bytes_sent += n;
	}
	if ((ep->flags & EPF_FIN_QUEUED) && seq_gt(ack, end))
		ctx->fin_acked = 1;
}

/* RFC 5681 section 3.1: slow start, then congestion avoidance. */
static void grow_cwnd(struct tfo_endpoint *ep, uint32_t acked)
{
	if (ep->cwnd < ep->ssthresh)
		ep->cwnd += acked < ep->mss ? acked : ep->mss;
	else
		ep->cwnd += (uint32_t)((uint64_t)ep->mss * ep->mss / ep->cwnd) + 1;
}

/*
 * Linux tcp_synack_rtt_meas(): a SYN-ACK sent again gives no timing sample
 * (Karn), but the handshake ACK's TS ecr does (tcp_ack_update_rtt(), in
 * TS ticks of 1 ms, at least one). Without it a Fast Open child whose
 * SYN-ACK was lost would wait the backed-off RTO to resend its data; Linux
 * resends it about 200 ms after the handshake (traces/lossy/synack-lost).
 */
static void synack_ts_sample(struct tfo_endpoint *ep, const tfo_opts_parsed *opts)
{
	uint32_t ticks;

	if (!ep->ts_ok || !opts || !(opts->present & TFO_HAS_TS) || opts->ts_ecr == 0)
		return;
	ticks = conn_ts_now(ep) - opts->ts_ecr;
	if (ticks > 60000) /* not an echo of ours: older than a minute, or ahead */
		return;
	rtx_sample(ep, (tfo_time)(ticks ? ticks : 1) * TFO_NS_PER_MS);
}

static void new_ack(struct tfo_endpoint *ep, struct fsm_ctx *ctx, uint32_t ack)
{
	tfo_host *h = ep->h;
	uint32_t acked = ack - ep->snd_una;
	uint32_t mss = ep->mss ? ep->mss : 1;

	/* Linux counts packets: the SYN-ACK (a child's handshake), then segments. */
	ep->delivered += (acked + mss - 1) / mss;
	segment_acked(ep, ctx, ack);
	ep->snd_una = ack;
	if (seq_lt(ep->snd_nxt, ack))
		ep->snd_nxt = ack;
	if ((ep->flags & EPF_RTT) && seq_gt(ack, ep->rtt_seq)) {
		ep->flags &= ~EPF_RTT;
		rtx_sample(ep, h->now - ep->rtt_time);
	} else if (ctx->syn_acked && ep->srtt == 0) {
		synack_ts_sample(ep, ctx->opts);
	}
	if (ep->flags & EPF_SYNCED)
		ep->nrtx = 0;
	ep->dupacks = 0;
	rtx_reset_backoff(ep);
	grow_cwnd(ep, acked);
	/* RFC 6298 (5.3): restart the timer for what is still outstanding. */
	if (tmr_armed(&ep->t_main) && ep->t_main.kind == TMR_RTO)
		tmr_stop(&h->heap, &ep->t_main);
	if ((ep->flags & EPF_WANT_WRITE) && ep->sndq.len <= h->s.sndbuf / 2) {
		ep->flags &= ~EPF_WANT_WRITE;
		conn_event(ep, TFO_EV_WRITABLE);
	}
}

/* RFC 5681 section 3.2: the third duplicate ACK resends snd_una at once. */
static void dup_ack(struct tfo_endpoint *ep, const tfo_segment *seg)
{
	uint32_t flight = ep->snd_max - ep->snd_una;

	if (seg->len || (seg->flags & (TFO_TH_SYN | TFO_TH_FIN)) || flight == 0 ||
	    !(ep->flags & EPF_SYNCED) || ((uint32_t)seg->window << ep->snd_wscale) != ep->snd_wnd)
		return;
	if (++ep->dupacks != 3)
		return;
	ep->ssthresh = flight / 2 > 2u * ep->mss ? flight / 2 : 2u * ep->mss;
	ep->cwnd = ep->ssthresh;
	conn_logf(ep, "fast retransmit of %u", ep->snd_una);
	out_retransmit(ep);
}

/* RFC 793: take the window from the newest segment (SND.WL1, SND.WL2). */
static void update_window(struct tfo_endpoint *ep, const tfo_segment *seg)
{
	uint32_t old = ep->snd_wnd;

	if (!(seq_lt(ep->snd_wl1, seg->seq) ||
	      (ep->snd_wl1 == seg->seq && seq_le(ep->snd_wl2, seg->ack))))
		return;
	ep->snd_wnd = (uint32_t)seg->window << ep->snd_wscale;
	ep->snd_wl1 = seg->seq;
	ep->snd_wl2 = seg->ack;
	if (ep->snd_wnd > ep->max_snd_wnd)
		ep->max_snd_wnd = ep->snd_wnd;
	if (old == 0 && ep->snd_wnd > 0 && tmr_armed(&ep->t_main) &&
	    ep->t_main.kind == TMR_PERSIST) {
		tmr_stop(&ep->h->heap, &ep->t_main);
		rtx_reset_backoff(ep);
	}
}

/* The ACK field (RFC 793 "fifth", RFC 5961 section 5.2). Returns 0 to go on, -1 to stop. */
static int check_ack(struct tfo_endpoint *ep, const tfo_segment *seg, struct fsm_ctx *ctx)
{
	uint32_t ack = seg->ack;

	if (!(ep->flags & EPF_SYNCED)) {
		if (!seq_gt(ack, ep->snd_una) || seq_gt(ack, ep->snd_max)) {
			out_rst_reply(ep->h, seg);
			drop(ep, "ACK does not acknowledge our SYN");
			return -1;
		}
		if (ep->parent && ep->where == WHERE_PENDING && lsn_accept_full(ep->parent)) {
			host_ctr(ep->h, TFO_CTR_LISTEN_OVERFLOWS);
			drop(ep, "accept queue full, handshake ACK ignored");
			return -1;
		}
	}
	if (seq_gt(ack, ep->snd_max)) {
		out_ack(ep);
		drop(ep, "ACK of data never sent");
		return -1;
	}
	if (seq_lt(ack, ep->snd_una - ep->max_snd_wnd)) {
		out_challenge_ack(ep);
		drop(ep, "ACK too old (RFC 5961 section 5.2)");
		return -1;
	}
	if (seq_gt(ack, ep->snd_una))
		new_ack(ep, ctx, ack);
	else if (ack == ep->snd_una)
		dup_ack(ep, seg);
	update_window(ep, seg);
	ep->probes = 0;
	return 0;
}

/*
 * Where new text starts: what is before rcv_nxt was had already. Returns
 * 0 when nothing of the data is new (the FIN may be), -1 when all of it,
 * FIN included, is old (an ACK is owed), 1 otherwise.
 */
static int skip_old(const struct tfo_endpoint *ep, uint32_t *seq, const uint8_t **data,
                    uint32_t *len)
{
	uint32_t skip;

	if (!seq_lt(*seq, ep->rcv_nxt))
		return 1;
	skip = ep->rcv_nxt - *seq;
	if (skip > *len)
		return -1;
	*data += skip;
	*len -= skip;
	*seq = ep->rcv_nxt;
	return *len > 0;
}

/* In-order data into the receive queue; an orphan answers it with a RST. */
static int take_data(struct tfo_endpoint *ep, struct fsm_ctx *ctx, const uint8_t *data,
                     uint32_t len)
{
	if (ep->flags & EPF_ORPHAN) {
		fsm_event(ep, FSM_RCV_DATA_CLOSED, ctx);
		return -1;
	}
	/* in_segment() (or the listener, for a Fast Open child's SYN) reserved
	 * room for what of the segment fits the window, before anything changed. */
	buf_put(&ep->rcvq, data, len);
	ep->rcv_nxt += len;
	ep->bytes_received += len;
	conn_event(ep, TFO_EV_READABLE);
	rtx_delack(ep);
	return 0;
}

void in_take_text(struct tfo_endpoint *ep, const tfo_segment *seg, uint32_t seq)
{
	struct fsm_ctx ctx = { .seg = seg };
	const uint8_t *data = seg->payload;
	uint32_t len = seg->len, space = conn_rcv_space(ep);
	int fin = (seg->flags & TFO_TH_FIN) != 0;

	if (ep->flags & EPF_FIN_RCVD)
		return;
	if (skip_old(ep, &seq, &data, &len) < 0) {
		ep->flags |= EPF_ACK_NOW;
		return;
	}
	if (seq != ep->rcv_nxt) {
		/* Out of order: not kept; the duplicate ACK asks for what is missing. */
		if (len || fin)
			ep->flags |= EPF_ACK_NOW;
		if (len)
			drop(ep, "out-of-order data");
		return;
	}
	if (len > space) {
		len = space;
		fin = 0;
	}
	if (len && take_data(ep, &ctx, data, len) != 0)
		return;
	if (fin) {
		ep->rcv_nxt++;
		ep->flags |= EPF_FIN_RCVD | EPF_ACK_NOW;
		conn_event(ep, TFO_EV_READABLE);
		if (ep->flags & EPF_ACTIVE)
			foc_stream_done(ep);
		fsm_event(ep, FSM_RCV_FIN, &ctx);
	}
}

/*
 * Whether in_take_text() has anything to do with seg: data, a FIN, or an
 * old sequence number (an ACK is owed). Most segments are bare ACKs at
 * rcv_nxt, where it would only check that.
 */
static int has_text(const struct tfo_endpoint *ep, const tfo_segment *seg)
{
	return seg->len || (seg->flags & TFO_TH_FIN) || seq_lt(seg->seq, ep->rcv_nxt);
}

static int syn_sent(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts)
{
	struct fsm_ctx ctx = { .seg = seg, .opts = opts };
	uint8_t fl = seg->flags;

	if (ep->flags & EPF_DEFERRED) {
		drop(ep, "fast-open connect has sent no SYN yet");
		return 0;
	}
	if ((fl & TFO_TH_ACK) && (seq_le(seg->ack, ep->iss) || seq_gt(seg->ack, ep->snd_max))) {
		out_rst_reply(ep->h, seg);
		drop(ep, "unacceptable ACK in SYN-SENT");
		return 0;
	}
	if (fl & TFO_TH_RST) {
		if (fl & TFO_TH_ACK)
			fsm_event(ep, FSM_RCV_RST, &ctx);
		else
			drop(ep, "RST without ACK in SYN-SENT");
		return 0;
	}
	if (!(fl & TFO_TH_SYN)) {
		drop(ep, "no SYN in SYN-SENT");
		return 0;
	}
	if (!(fl & TFO_TH_ACK)) {
		fsm_event(ep, FSM_RCV_SYN, &ctx);
		return 0;
	}
	fsm_event(ep, FSM_RCV_SYNACK, &ctx);
	if (ep->state == TFO_CLOSED)
		return 0;
	in_take_text(ep, seg, seg->seq + 1);
	out_push(ep);
	return 0;
}

/* Linux tcp_rcv_state_process(): the peer's SYN-ACK after a simultaneous open counts as an ACK. */
static int simultaneous_synack(const struct tfo_endpoint *ep, const tfo_segment *seg)
{
	return (ep->flags & EPF_ACTIVE) && (seg->flags & TFO_TH_ACK) && seg->seq == ep->irs &&
	       seg->len == 0 && !(seg->flags & TFO_TH_FIN) && seq_gt(seg->ack, ep->snd_una) &&
	       seq_le(seg->ack, ep->snd_max);
}

/*
 * TIME-WAIT (Linux tcp_timewait_state_process()): a new SYN beyond
 * rcv_nxt ends it so the listener can take the SYN; the peer's FIN again
 * is acknowledged and restarts the timer. Returns -1 when the segment
 * needs the ordinary checks.
 */
static int time_wait(struct tfo_endpoint *ep, const tfo_segment *seg)
{
	struct fsm_ctx ctx = { .seg = seg };
	uint8_t fl = seg->flags;

	if ((fl & TFO_TH_SYN) && !(fl & (TFO_TH_ACK | TFO_TH_RST)) &&
	    seq_gt(seg->seq, ep->rcv_nxt)) {
		ctx.reopen = 1;
		fsm_event(ep, FSM_RCV_SYN, &ctx);
		return IN_REOPEN;
	}
	if ((fl & TFO_TH_FIN) && !(fl & (TFO_TH_SYN | TFO_TH_RST)) &&
	    seg->seq + seg->len + 1 == ep->rcv_nxt) {
		fsm_event(ep, FSM_RCV_FIN, &ctx);
		return 0;
	}
	return -1;
}

/*
 * Before the handshake completes (SYN-RECEIVED, or a Fast Open child that
 * already closed): the peer's SYN again, or after a simultaneous open its
 * SYN-ACK, which counts as an ACK (*seg then points to copy, SYN
 * stripped). Returns 1 when the segment goes on.
 */
static int handshake_syn(struct tfo_endpoint *ep, const tfo_segment **seg, tfo_segment *copy,
                         struct fsm_ctx *ctx)
{
	if (!simultaneous_synack(ep, *seg)) {
		fsm_event(ep, FSM_RCV_SYN, ctx);
		return 0;
	}
	*copy = **seg;
	copy->flags &= (uint8_t)~TFO_TH_SYN;
	copy->seq++;
	*seg = copy;
	ctx->seg = copy;
	return 1;
}

/* RFC 793's first to fourth checks and the ACK bit. Returns 1 when the segment goes on. */
static int control_checks(struct tfo_endpoint *ep, const tfo_segment *seg, struct fsm_ctx *ctx)
{
	uint8_t fl = seg->flags;

	if (!acceptable(ep, seg->seq, tfo_segment_seqlen(seg))) {
		if (fl & TFO_TH_RST) {
			drop(ep, "RST outside the window");
			return 0;
		}
		if (fl & TFO_TH_SYN)
			fsm_event(ep, FSM_RCV_SYN, ctx);
		else
			out_ack(ep);
		drop(ep, "outside the window");
		return 0;
	}
	if (fl & TFO_TH_RST) {
		/* RFC 5961 section 3.2 */
		if (seg->seq == ep->rcv_nxt) {
			fsm_event(ep, FSM_RCV_RST, ctx);
		} else {
			out_challenge_ack(ep);
			drop(ep, "RST not at rcv_nxt (RFC 5961 section 3.2)");
		}
		return 0;
	}
	if (fl & TFO_TH_SYN) {
		fsm_event(ep, FSM_RCV_SYN, ctx);
		return 0;
	}
	if (!(fl & TFO_TH_ACK)) {
		drop(ep, "no ACK");
		return 0;
	}
	return 1;
}

static int synchronized(struct tfo_endpoint *ep, const tfo_segment *seg,
                        const tfo_opts_parsed *opts)
{
	struct fsm_ctx ctx = { .seg = seg, .opts = opts };
	tfo_segment copy;
	int r;

	if (!(ep->flags & EPF_SYNCED) && (seg->flags & TFO_TH_SYN) && !(seg->flags & TFO_TH_RST) &&
	    !handshake_syn(ep, &seg, &copy, &ctx))
		return 0;
	if (ep->state == TFO_TIME_WAIT && (r = time_wait(ep, seg)) >= 0)
		return r;
	if (!control_checks(ep, seg, &ctx) || check_ack(ep, seg, &ctx) != 0)
		return 0;
	/* Linux tcp_ack(): TS.Recent moves only for a segment whose ACK was acceptable. */
	update_ts_recent(ep, seg, opts);
	/* Every state ignores an ACK that acknowledged neither our SYN nor our
	 * FIN (most of them): not handed to the state machine. */
	if (ctx.syn_acked || ctx.fin_acked)
		fsm_event(ep, FSM_RCV_ACK, &ctx);
	if (ep->state == TFO_CLOSED)
		return 0;
	if (has_text(ep, seg))
		in_take_text(ep, seg, seg->seq);
	if (ep->state != TFO_CLOSED)
		out_push(ep);
	return 0;
}

int in_segment(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts)
{
	int r;

	if (seg->len && reserve_rcv(ep, seg) != 0) {
		drop(ep, "no memory for the data");
		return TFO_ERR_NOMEM;
	}
	if (ep->state == TFO_SYN_SENT)
		r = syn_sent(ep, seg, opts);
	else
		r = synchronized(ep, seg, opts);
	if (r != IN_REOPEN)
		buf_trim(&ep->rcvq, &ep->h->pool);
	return r;
}
