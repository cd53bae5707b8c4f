/*
 * The flush, in the reference's order: the ACKs owed, window probes, new
 * segments the send window admits, then every segment in flight that is
 * new, timed out or skipped often enough. Segments share datagrams up to
 * the MTU; each datagram goes out when the next segment would not fit.
 */
#include <string.h>

#include "kcp_codec.h"
#include "kcp_flush.h"
#include "kcp_probe.h"
#include "kcp_queue.h"
#include "kcp_rtt.h"
#include "kcp_time.h"

struct packer {
	tfo_kcp *kcp;
	size_t used;
};

static void pack_emit(struct packer *p)
{
	tfo_kcp *kcp = p->kcp;
	int rc;

	if (p->used == 0)
		return;
	rc = kcp->output(kcp->buffer, p->used, kcp->user);
	if (rc < 0 && kcp->out_err == 0)
		kcp->out_err = rc;
	kcp->st.datagrams_out++;
	kcp->st.bytes_out += p->used;
	p->used = 0;
}

/* pack_room: makes room for need bytes, sending the datagram so far if it is too full. */
static uint8_t *pack_room(struct packer *p, size_t need)
{
	if (p->used + need > p->kcp->cfg.mtu)
		pack_emit(p);
	p->used += need;
	return p->kcp->buffer + p->used - need;
}

static void pack_control(struct packer *p, uint8_t cmd, uint16_t wnd, uint32_t ts, uint32_t sn)
{
	tfo_kcp *kcp = p->kcp;

	kcp_header_put(pack_room(p, TFO_KCP_OVERHEAD), kcp->cfg.conv, cmd, 0, wnd, ts, sn,
	               kcp->rcv_nxt, 0);
}

static void flush_acks(struct packer *p, uint16_t wnd)
{
	tfo_kcp *kcp = p->kcp;

	for (uint32_t i = 0; i < kcp->ack_count; i++)
		pack_control(p, TFO_KCP_CMD_ACK, wnd, kcp->acks[i].ts, kcp->acks[i].sn);
	kcp->st.acks_out += kcp->ack_count;
	kcp->ack_count = 0;
}

static void flush_probes(struct packer *p, uint16_t wnd)
{
	tfo_kcp *kcp = p->kcp;

	probe_schedule(kcp);
	if (kcp->probe & KCP_ASK_SEND) {
		pack_control(p, TFO_KCP_CMD_WASK, wnd, 0, 0);
		kcp->st.probes_out++;
	}
	if (kcp->probe & KCP_ASK_TELL) {
		pack_control(p, TFO_KCP_CMD_WINS, wnd, 0, 0);
		kcp->st.probes_out++;
	}
	kcp->probe = 0;
}

/* send_window: min(snd_wnd, rmt_wnd), and cwnd unless nc. */
static uint32_t send_window(const tfo_kcp *kcp)
{
	uint32_t w = kcp->cfg.snd_wnd < kcp->rmt_wnd ? kcp->cfg.snd_wnd : kcp->rmt_wnd;

	if (!kcp->cfg.nc && kcp->cwnd < w)
		w = kcp->cwnd;
	return w;
}

static void admit_new(tfo_kcp *kcp, uint32_t window, uint16_t wnd)
{
	struct kcp_seg *seg;

	while (kcp_diff(kcp->snd_nxt, kcp->snd_una + window) < 0 && (seg = kcp->snd_queue.head)) {
		list_remove(&kcp->snd_queue, seg);
		list_push_back(&kcp->snd_buf, seg);
		seg->conv = kcp->cfg.conv;
		seg->cmd = TFO_KCP_CMD_PUSH;
		seg->wnd = wnd;
		seg->ts = kcp->current;
		seg->sn = kcp->snd_nxt++;
		seg->una = kcp->rcv_nxt;
		seg->resendts = kcp->current;
		seg->rto = kcp->rx_rto;
		seg->fastack = 0;
		seg->xmit = 0;
	}
}

enum send_reason { SEND_NONE, SEND_FIRST, SEND_TIMEOUT, SEND_FAST };

/* due: whether seg goes out in this flush, and why; updates its timers. */
static enum send_reason due(tfo_kcp *kcp, struct kcp_seg *seg, uint32_t resent)
{
	uint32_t now = kcp->current;

	if (seg->xmit == 0) {
		/* Without nodelay the first timeout waits an eighth of the RTO more */
		seg->rto = kcp->rx_rto;
		seg->resendts = now + seg->rto + (kcp->cfg.nodelay ? 0 : kcp->rx_rto >> 3);
		return SEND_FIRST;
	}
	if (kcp_diff(now, seg->resendts) >= 0) {
		seg->rto = rto_backoff(kcp, seg->rto);
		seg->resendts = now + seg->rto;
		return SEND_TIMEOUT;
	}
	if (seg->fastack >= resent &&
	    (kcp->cfg.fast_limit == 0 || seg->xmit <= kcp->cfg.fast_limit)) {
		seg->fastack = 0;
		seg->resendts = now + seg->rto;
		return SEND_FAST;
	}
	return SEND_NONE;
}

static void pack_push(struct packer *p, struct kcp_seg *seg, uint16_t wnd)
{
	tfo_kcp *kcp = p->kcp;
	uint8_t *at;

	seg->ts = kcp->current;
	seg->wnd = wnd;
	seg->una = kcp->rcv_nxt;
	at = pack_room(p, TFO_KCP_OVERHEAD + seg->len);
	kcp_header_put(at, seg->conv, (uint8_t)seg->cmd, (uint8_t)seg->frg, (uint16_t)seg->wnd,
	               seg->ts, seg->sn, seg->una, seg->len);
	if (seg->len)
		memcpy(at + TFO_KCP_OVERHEAD, seg->data, seg->len);
	kcp->st.segments_out++;
	if (seg->xmit >= kcp->cfg.dead_link)
		kcp->dead = 1;
}

/* After a fast retransmission: halve the threshold to the flight, window = threshold + resend. */
static void on_fast_loss(tfo_kcp *kcp, uint32_t resent)
{
	uint32_t inflight = kcp->snd_nxt - kcp->snd_una;

	kcp->ssthresh = inflight / 2;
	if (kcp->ssthresh < KCP_THRESH_MIN)
		kcp->ssthresh = KCP_THRESH_MIN;
	kcp->cwnd = kcp->ssthresh + resent;
	kcp->incr = kcp->cwnd * kcp->mss;
}

/* After a timeout: threshold to half the window used, restart from one segment. */
static void on_timeout_loss(tfo_kcp *kcp, uint32_t window)
{
	kcp->ssthresh = window / 2;
	if (kcp->ssthresh < KCP_THRESH_MIN)
		kcp->ssthresh = KCP_THRESH_MIN;
	kcp->cwnd = 1;
	kcp->incr = kcp->mss;
}

int flush(tfo_kcp *kcp)
{
	struct packer p = { kcp, 0 };
	uint16_t wnd = wnd_unused(kcp);
	uint32_t window, resent = kcp->cfg.resend ? kcp->cfg.resend : UINT32_MAX;
	int fast = 0, lost = 0;

	if (!kcp->updated)
		return 0;
	kcp->out_err = 0;
	flush_acks(&p, wnd);
	flush_probes(&p, wnd);
	window = send_window(kcp);
	admit_new(kcp, window, wnd);
	for (struct kcp_seg *seg = kcp->snd_buf.head; seg; seg = seg->next) {
		enum send_reason why = due(kcp, seg, resent);

		if (why == SEND_NONE)
			continue;
		seg->xmit++;
		if (why == SEND_TIMEOUT) {
			kcp->st.retrans_timeout++;
			lost = 1;
		} else if (why == SEND_FAST) {
			kcp->st.retrans_fast++;
			fast = 1;
		}
		pack_push(&p, seg, wnd);
	}
	pack_emit(&p);
	if (fast)
		on_fast_loss(kcp, resent);
	if (lost)
		on_timeout_loss(kcp, window);
	if (kcp->cwnd < 1) {
		kcp->cwnd = 1;
		kcp->incr = kcp->mss;
	}
	return kcp->out_err;
}
