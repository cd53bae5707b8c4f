/*
 * Building segments: option layouts as Linux writes them
 * (net/ipv4/tcp_output.c tcp_options_write(), tcp_syn_options(),
 * tcp_synack_options(), tcp_established_options()), the send loop, ACKs,
 * probes and resets.
 */
#include <string.h>

#include "tfo_bytes.h"
#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_host.h"
#include "tfo_options.h"
#include "tfo_output.h"
#include "tfo_retransmit.h"
#include "tfo_segment_zero.h"
#include "tfo_seq.h"

static void seg_init(const struct tfo_endpoint *ep, tfo_segment *seg, uint32_t seq, uint8_t flags)
{
	segment_zero(seg);
	seg->src = ep->local;
	seg->dst = ep->remote;
	seg->seq = seq;
	seg->flags = flags;
	if (flags & TFO_TH_ACK)
		seg->ack = ep->rcv_nxt;
}

/*
 * Established segments: NOP NOP TS (01 01 08 0a val ecr), written in
 * place: seg comes fresh from seg_init(), its option space empty.
 */
static void add_ts(const struct tfo_endpoint *ep, tfo_segment *seg)
{
	if (!ep->ts_ok)
		return;
	seg->opts[0] = TFO_OPT_NOP;
	seg->opts[1] = TFO_OPT_NOP;
	seg->opts[2] = TFO_OPT_TS;
	seg->opts[3] = 10;
	put_be32(seg->opts + 4, conn_ts_now(ep));
	put_be32(seg->opts + 8, ep->ts_recent);
	seg->optlen = 12;
}

static uint8_t *put_nops2(uint8_t *p)
{
	p[0] = TFO_OPT_NOP;
	p[1] = TFO_OPT_NOP;
	return p + 2;
}

static uint8_t *put_sack_perm(uint8_t *p)
{
	p[0] = TFO_OPT_SACK_PERM;
	p[1] = 2;
	return p + 2;
}

/*
 * The TFO option (kind 34, or 254 with the magic), then two NOPs when its
 * length is 2 mod 4 (tcp_options_write()); a cookie of a length
 * tfo_opt_add_fastopen() refuses is left out, as it leaves it out.
 */
static uint8_t *put_fastopen(uint8_t *p, const struct fo_option *fo)
{
	size_t n;

	if (!tfo_opts_cookie_len_ok((size_t)fo->len))
		return p;
	n = tfo_opts_put_fastopen(p, fo->exp, fo->cookie, (size_t)fo->len);
	return (n & 3) == 2 ? put_nops2(p + n) : p + n;
}

/*
 * SYN and SYN-ACK options in Linux's order: MSS; SACK-permitted + TS
 * (04 02 08 0a) or NOP NOP TS; NOP NOP SACK-permitted without TS;
 * NOP + window scale; the TFO option last. 40 bytes always suffice: 20
 * plus at most 20 for a 16-byte cookie, so they are written in place,
 * from seg_init()'s empty option space, the length set once at the end.
 */
static void add_syn_options(const struct tfo_endpoint *ep, tfo_segment *seg, uint32_t ts_ecr,
                            int ts, int sack, int ws, const struct fo_option *fo)
{
	uint8_t wscale = ep->h->s.wscale;
	uint8_t *o = seg->opts + seg->optlen, *p = o;

	p[0] = TFO_OPT_MSS;
	p[1] = 4;
	put_be16(p + 2, conn_adv_mss(ep));
	p += 4;
	if (ts) {
		p = sack ? put_sack_perm(p) : put_nops2(p);
		p[0] = TFO_OPT_TS;
		p[1] = 10;
		put_be32(p + 2, conn_ts_now(ep));
		put_be32(p + 6, ts_ecr);
		p += 10;
	} else if (sack) {
		p = put_sack_perm(put_nops2(p));
	}
	if (ws) {
		p[0] = TFO_OPT_NOP;
		p[1] = TFO_OPT_WSCALE;
		p[2] = 3;
		p[3] = wscale;
		p += 4;
	}
	if (fo && fo->len >= 0)
		p = put_fastopen(p, fo);
	seg->optlen = (uint8_t)(seg->optlen + (p - o));
}

/* RFC 7323 section 2.2: the window of a SYN or SYN-ACK is never scaled. */
static uint16_t syn_window(const struct tfo_endpoint *ep)
{
	uint32_t space = conn_rcv_space(ep);

	return (uint16_t)(space > 65535 ? 65535 : space);
}

uint16_t out_window(struct tfo_endpoint *ep)
{
	uint32_t wnd = conn_rcv_space(ep);
	uint32_t cur = seq_gt(ep->rcv_adv, ep->rcv_nxt) ? ep->rcv_adv - ep->rcv_nxt : 0;
	uint32_t field;

	/* Never move the right edge back (RFC 7323 section 2.4). */
	if (wnd < cur)
		wnd = cur;
	field = wnd >> ep->rcv_wscale;
	if (field > 65535)
		field = 65535;
	if (seq_gt(ep->rcv_nxt + (field << ep->rcv_wscale), ep->rcv_adv))
		ep->rcv_adv = ep->rcv_nxt + (field << ep->rcv_wscale);
	return (uint16_t)field;
}

/* Hands seg to the output callback and does what sending it means. */
static void emit(struct tfo_endpoint *ep, const tfo_segment *seg, int retransmit)
{
	tfo_host *h = ep->h;

	if (seg->flags & TFO_TH_ACK) {
		ep->flags &= ~(EPF_ACK_NOW | EPF_DELACK_OWED);
		tmr_stop(&h->heap, &ep->t_delack);
	}
	if (retransmit) {
		host_ctr(h, TFO_CTR_RETRANS_SEGS);
		ep->retransmits++;
	} else {
		host_ctr(h, TFO_CTR_OUT_SEGS);
	}
	if (seg->flags & TFO_TH_RST)
		host_ctr(h, TFO_CTR_OUT_RSTS);
	host_output(h, ep, seg);
}

static void note_sent(struct tfo_endpoint *ep, uint32_t end)
{
	ep->snd_nxt = end;
	if (seq_gt(end, ep->snd_max))
		ep->snd_max = end;
}

/* Karn's rule (RFC 6298 section 3): a retransmission ends the RTT measurement. */
static void time_segment(struct tfo_endpoint *ep, uint32_t seq, int retransmit)
{
	if (retransmit) {
		ep->flags &= ~EPF_RTT;
		return;
	}
	if (ep->flags & EPF_RTT)
		return;
	ep->flags |= EPF_RTT;
	ep->rtt_seq = seq;
	ep->rtt_time = ep->h->now;
}

static struct fo_option syn_fo_option(const struct tfo_endpoint *ep)
{
	struct fo_option fo = { -1, 0, { 0 } };

	if (ep->fo.opt) {
		fo.len = (int8_t)ep->fo.cookie_len;
		fo.exp = ep->fo.exp;
		/* All of it, a fixed copy: only the first len bytes are written out. */
		memcpy(fo.cookie, ep->fo.cookie, sizeof(fo.cookie));
	}
	return fo;
}

void out_syn(struct tfo_endpoint *ep, int retransmit)
{
	tfo_host *h = ep->h;
	struct fo_option fo = syn_fo_option(ep);
	uint32_t data = retransmit ? 0 : ep->fo.syn_data;
	tfo_segment seg;

	seg_init(ep, &seg, ep->iss, TFO_TH_SYN);
	seg.window = syn_window(ep);
	add_syn_options(ep, &seg, 0, h->s.timestamps, h->s.sack, h->s.wscale <= TFO_WSCALE_MAX,
	                retransmit ? NULL : &fo);
	if (data) {
		/* The output callback reads the SYN's data where it lies when it can. */
		seg.payload = buf_span(&ep->sndq, 0, data);
		if (!seg.payload) {
			buf_peek(&ep->sndq, 0, h->scratch, data);
			seg.payload = h->scratch;
		}
		seg.len = data;
	}
	if (!retransmit)
		host_ctr(h, TFO_CTR_ACTIVE_OPENS);
	time_segment(ep, ep->iss, retransmit);
	emit(ep, &seg, retransmit);
	/* A bare SYN retry leaves the data to be sent after the handshake. */
	note_sent(ep, ep->iss + 1 + data);
}

void out_synack(struct tfo_endpoint *ep, const struct fo_option *fo, int retransmit)
{
	tfo_segment seg;

	seg_init(ep, &seg, ep->iss, TFO_TH_SYN | TFO_TH_ACK);
	seg.window = syn_window(ep);
	add_syn_options(ep, &seg, ep->ts_recent, ep->ts_ok, ep->sack_ok, ep->ws_ok, fo);
	if (seq_gt(ep->rcv_nxt + seg.window, ep->rcv_adv))
		ep->rcv_adv = ep->rcv_nxt + seg.window;
	time_segment(ep, ep->iss, retransmit);
	emit(ep, &seg, retransmit);
	if (seq_lt(ep->snd_nxt, ep->iss + 1))
		note_sent(ep, ep->iss + 1);
}

static uint32_t data_end(const struct tfo_endpoint *ep)
{
	return ep->snd_base + ep->sndq.len;
}

static void send_data(struct tfo_endpoint *ep, uint32_t seq, uint32_t len, int fin)
{
	tfo_host *h = ep->h;
	int retransmit = seq_lt(seq, ep->snd_max);
	tfo_segment seg;
	uint8_t flags = TFO_TH_ACK;

	/* Linux pushes the last segment of what the application wrote. */
	if (len && seq + len == data_end(ep))
		flags |= TFO_TH_PSH;
	if (fin)
		flags |= TFO_TH_FIN;
	seg_init(ep, &seg, seq, flags);
	seg.window = out_window(ep);
	add_ts(ep, &seg);
	if (len) {
		/* Handed over where it lies when one chunk holds it, as a SYN's data. */
		seg.payload = buf_span(&ep->sndq, seq - ep->snd_base, len);
		if (!seg.payload) {
			buf_peek(&ep->sndq, seq - ep->snd_base, h->scratch, len);
			seg.payload = h->scratch;
		}
		seg.len = len;
	}
	time_segment(ep, seq, retransmit);
	emit(ep, &seg, retransmit);
	note_sent(ep, seq + len + (fin ? 1 : 0));
}

/*
 * Linux tcp_passive_fastopen(): a TFO child sends in SYN-RECEIVED.
 * Otherwise nothing goes before our SYN is acknowledged (RFC 793 queues a
 * CLOSE in SYN-RECEIVED until ESTABLISHED).
 */
static int may_send(const struct tfo_endpoint *ep)
{
	switch (ep->state) {
	case TFO_SYN_RECEIVED:
	case TFO_ESTABLISHED:
	case TFO_CLOSE_WAIT:
	case TFO_FIN_WAIT_1:
	case TFO_CLOSING:
	case TFO_LAST_ACK:
		return (ep->flags & (EPF_SYNCED | EPF_TFO_CHILD)) != 0;
	default:
		return 0;
	}
}

/* One segment if the windows allow it. Returns 1 if one was sent. */
static int push_one(struct tfo_endpoint *ep)
{
	uint32_t end = data_end(ep);
	int fin_queued = (ep->flags & EPF_FIN_QUEUED) != 0;
	uint32_t wnd, lim, room, len;

	/* Nothing unsent (most calls): no window to work out. */
	if (!seq_lt(ep->snd_nxt, end) && !(fin_queued && ep->snd_nxt == end))
		return 0;
	wnd = ep->snd_wnd < ep->cwnd ? ep->snd_wnd : ep->cwnd;
	lim = ep->snd_una + wnd;
	room = seq_gt(lim, ep->snd_nxt) ? lim - ep->snd_nxt : 0;
	if (seq_lt(ep->snd_nxt, end)) {
		len = end - ep->snd_nxt;
		if (len > ep->mss)
			len = ep->mss;
		if (len > room)
			len = room;
		if (len == 0)
			return 0;
		send_data(ep, ep->snd_nxt, len,
		          fin_queued && ep->snd_nxt + len == end && room > len);
		return 1;
	}
	/* The FIN takes one unit of window, like Linux's tcp_snd_wnd_test(). */
	if (fin_queued && ep->snd_nxt == end && room > 0) {
		send_data(ep, end, 0, 1);
		return 1;
	}
	return 0;
}

void out_retransmit(struct tfo_endpoint *ep)
{
	uint32_t end = data_end(ep);
	uint32_t len;

	ep->snd_nxt = ep->snd_una;
	if (seq_lt(ep->snd_una, end)) {
		len = end - ep->snd_una;
		if (len > ep->mss)
			len = ep->mss;
		send_data(ep, ep->snd_una, len,
		          (ep->flags & EPF_FIN_QUEUED) && ep->snd_una + len == end &&
		                  len < ep->mss);
	} else if ((ep->flags & EPF_FIN_QUEUED) && ep->snd_una == end) {
		send_data(ep, end, 0, 1);
	}
}

static int may_ack(const struct tfo_endpoint *ep)
{
	return ep->state != TFO_CLOSED && ep->state != TFO_LISTEN && ep->state != TFO_SYN_SENT &&
	       (ep->state != TFO_SYN_RECEIVED || (ep->flags & EPF_SYNCED));
}

void out_push(struct tfo_endpoint *ep)
{
	int sent = 0;

	if (may_send(ep))
		while (push_one(ep))
			sent++;
	if (!sent && (ep->flags & EPF_ACK_NOW) && may_ack(ep))
		out_ack(ep);
	rtx_update(ep);
}

void out_ack(struct tfo_endpoint *ep)
{
	tfo_segment seg;

	seg_init(ep, &seg, ep->snd_nxt, TFO_TH_ACK);
	seg.window = out_window(ep);
	add_ts(ep, &seg);
	emit(ep, &seg, 0);
}

void out_challenge_ack(struct tfo_endpoint *ep)
{
	host_ctr(ep->h, TFO_CTR_CHALLENGE_ACK);
	out_ack(ep);
}

void out_probe(struct tfo_endpoint *ep)
{
	tfo_segment seg;

	seg_init(ep, &seg, ep->snd_una - 1, TFO_TH_ACK);
	seg.window = out_window(ep);
	add_ts(ep, &seg);
	emit(ep, &seg, 0);
}

void out_rst(struct tfo_endpoint *ep)
{
	tfo_segment seg;

	seg_init(ep, &seg, ep->snd_nxt, TFO_TH_RST | TFO_TH_ACK);
	seg.window = out_window(ep);
	add_ts(ep, &seg);
	emit(ep, &seg, 0);
}

void out_rst_reply(tfo_host *h, const tfo_segment *in)
{
	tfo_segment seg;

	if (in->flags & TFO_TH_RST)
		return;
	tfo_segment_init(&seg, &in->dst, &in->src);
	if (in->flags & TFO_TH_ACK) {
		seg.seq = in->ack;
		seg.flags = TFO_TH_RST;
	} else {
		seg.ack = in->seq + tfo_segment_seqlen(in);
		seg.flags = TFO_TH_RST | TFO_TH_ACK;
	}
	host_ctr(h, TFO_CTR_OUT_SEGS);
	host_ctr(h, TFO_CTR_OUT_RSTS);
	host_output(h, NULL, &seg);
}
