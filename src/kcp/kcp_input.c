/*
 * Input: every segment carries UNA (all below it arrived), so the send
 * buffer is trimmed by each one; an ACK removes its one segment, gives an
 * RTT sample from the ts it echoes, and counts as a skip for every earlier
 * segment still in flight (fast retransmission); a PUSH is acknowledged at
 * the next flush and filed by sn. Once per datagram, the highest ACK drives
 * the skip counts and progress of UNA opens the congestion window. A bad
 * segment ends the datagram at once, as in the reference: what came before
 * it has taken effect, the per-datagram steps are skipped.
 */
#include <string.h>

#include "kcp_ack.h"
#include "kcp_input.h"
#include "kcp_queue.h"
#include "kcp_rtt.h"
#include "kcp_time.h"

/* The send buffer's first sn, or snd_nxt when everything is acknowledged. */
static void shrink(tfo_kcp *kcp)
{
	kcp->snd_una = kcp->snd_buf.head ? kcp->snd_buf.head->sn : kcp->snd_nxt;
}

static void drop_below(tfo_kcp *kcp, uint32_t una)
{
	struct kcp_seg *seg;

	while ((seg = kcp->snd_buf.head) && kcp_diff(una, seg->sn) > 0) {
		list_remove(&kcp->snd_buf, seg);
		seg_free(kcp->mem, seg);
	}
	shrink(kcp);
}

static void drop_acked(tfo_kcp *kcp, uint32_t sn)
{
	if (kcp_diff(sn, kcp->snd_una) < 0 || kcp_diff(sn, kcp->snd_nxt) >= 0)
		return;
	for (struct kcp_seg *seg = kcp->snd_buf.head; seg; seg = seg->next) {
		if (seg->sn == sn) {
			list_remove(&kcp->snd_buf, seg);
			seg_free(kcp->mem, seg);
			break;
		}
		if (kcp_diff(sn, seg->sn) < 0)
			break;
	}
	shrink(kcp);
}

/* Every segment before sn still in flight was skipped once more. */
static void count_skips(tfo_kcp *kcp, uint32_t sn)
{
	if (kcp_diff(sn, kcp->snd_una) < 0 || kcp_diff(sn, kcp->snd_nxt) >= 0)
		return;
	for (struct kcp_seg *seg = kcp->snd_buf.head; seg; seg = seg->next) {
		if (kcp_diff(sn, seg->sn) < 0)
			break;
		if (sn != seg->sn)
			seg->fastack++;
	}
}

static int on_push(tfo_kcp *kcp, const tfo_kcp_segment *s)
{
	struct kcp_seg *seg;
	int rc;

	if (kcp_diff(s->sn, kcp->rcv_nxt + kcp->cfg.rcv_wnd) >= 0)
		return 0; /* beyond the window: not even acknowledged */
	rc = ack_push(kcp, s->sn, s->ts);
	if (rc < 0 || kcp_diff(s->sn, kcp->rcv_nxt) < 0)
		return rc;
	seg = seg_new(kcp->mem, s->len);
	if (!seg) {
		kcp->ack_count--; /* not kept: the peer must send it again */
		return TFO_ERR_NOMEM;
	}
	seg->conv = s->conv;
	seg->cmd = s->cmd;
	seg->frg = s->frg;
	seg->wnd = s->wnd;
	seg->ts = s->ts;
	seg->sn = s->sn;
	seg->una = s->una;
	seg->len = s->len;
	if (s->len)
		memcpy(seg->data, s->data, s->len);
	rcvbuf_insert(kcp, seg);
	return 0;
}

/* Congestion avoidance as the reference does it: slow start below ssthresh, then ~1/cwnd. */
static void open_cwnd(tfo_kcp *kcp)
{
	uint32_t mss = kcp->mss;

	if (kcp->cwnd >= kcp->rmt_wnd)
		return;
	if (kcp->cwnd < kcp->ssthresh) {
		kcp->cwnd++;
		kcp->incr += mss;
	} else {
		if (kcp->incr < mss)
			kcp->incr = mss;
		kcp->incr += (mss * mss) / kcp->incr + (mss / 16);
		if ((kcp->cwnd + 1) * mss <= kcp->incr)
			kcp->cwnd = (kcp->incr + mss - 1) / mss;
	}
	if (kcp->cwnd > kcp->rmt_wnd) {
		kcp->cwnd = kcp->rmt_wnd;
		kcp->incr = kcp->rmt_wnd * mss;
	}
}

/* One decoded segment of our conversation. */
static int on_segment(tfo_kcp *kcp, const tfo_kcp_segment *s, int *have_ack, uint32_t *max_ack)
{
	kcp->rmt_wnd = s->wnd;
	drop_below(kcp, s->una);
	switch (s->cmd) {
	case TFO_KCP_CMD_ACK:
		if (kcp_diff(kcp->current, s->ts) >= 0)
			rtt_sample(kcp, kcp_diff(kcp->current, s->ts));
		drop_acked(kcp, s->sn);
		if (!*have_ack || kcp_diff(s->sn, *max_ack) > 0)
			*max_ack = s->sn;
		*have_ack = 1;
		return 0;
	case TFO_KCP_CMD_PUSH:
		return on_push(kcp, s);
	case TFO_KCP_CMD_WASK:
		kcp->probe |= KCP_ASK_TELL;
		return 0;
	default: /* WINS: its wnd was all it had to say */
		return 0;
	}
}

int input(tfo_kcp *kcp, const uint8_t *dgram, size_t len)
{
	uint32_t prev_una = kcp->snd_una, max_ack = 0;
	int have_ack = 0;
	size_t off = 0;

	if (!dgram || len < TFO_KCP_OVERHEAD)
		return TFO_ERR_TRUNCATED;
	kcp->st.datagrams_in++;
	while (len - off >= TFO_KCP_OVERHEAD) {
		tfo_kcp_segment s;
		int n, rc;

		if (dgram[off] != (uint8_t)kcp->cfg.conv ||
		    dgram[off + 1] != (uint8_t)(kcp->cfg.conv >> 8) ||
		    dgram[off + 2] != (uint8_t)(kcp->cfg.conv >> 16) ||
		    dgram[off + 3] != (uint8_t)(kcp->cfg.conv >> 24))
			return TFO_ERR_KCP_CONV;
		n = tfo_kcp_segment_decode(dgram + off, len - off, &s);
		if (n < 0)
			return n;
		rc = on_segment(kcp, &s, &have_ack, &max_ack);
		if (rc < 0)
			return rc;
		off += (size_t)n;
	}
	if (have_ack)
		count_skips(kcp, max_ack);
	if (kcp_diff(kcp->snd_una, prev_una) > 0)
		open_cwnd(kcp);
	return 0;
}
