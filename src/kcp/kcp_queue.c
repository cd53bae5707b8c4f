/* The send queue, the receive buffer and the receive queue. */
#include <string.h>

#include "kcp_queue.h"
#include "kcp_time.h"

/*
 * Stream mode: the last queued segment (not yet sent) grows by n bytes.
 * The grown copy replaces it only once allocated.
 */
static int stream_top_up(tfo_kcp *kcp, const uint8_t *buf, size_t n)
{
	struct kcp_seg *old = kcp->snd_queue.tail;
	struct kcp_seg *seg = seg_new(kcp->mem, old->len + (uint32_t)n);

	if (!seg)
		return TFO_ERR_NOMEM;
	memcpy(seg->data, old->data, old->len);
	memcpy(seg->data + old->len, buf, n);
	seg->len = old->len + (uint32_t)n;
	list_insert_after(&kcp->snd_queue, old, seg);
	list_remove(&kcp->snd_queue, old);
	seg_free(kcp->mem, old);
	return 0;
}

/* cut: count segments of at most mss bytes from buf, frg counting down. */
static int cut(tfo_kcp *kcp, struct kcp_list *out, const uint8_t *buf, size_t len, size_t count)
{
	size_t off = 0;

	for (size_t i = 0; i < count; i++) {
		size_t size = len - off > kcp->mss ? kcp->mss : len - off;
		struct kcp_seg *seg = seg_new(kcp->mem, (uint32_t)size);

		if (!seg) {
			list_free_all(out, kcp->mem);
			return TFO_ERR_NOMEM;
		}
		if (size)
			memcpy(seg->data, buf + off, size);
		seg->len = (uint32_t)size;
		seg->frg = kcp->cfg.stream ? 0 : (uint32_t)(count - i - 1);
		list_push_back(out, seg);
		off += size;
	}
	return 0;
}

int queue_send(tfo_kcp *kcp, const uint8_t *buf, size_t len)
{
	struct kcp_list segs = { 0 };
	const struct kcp_seg *tail = kcp->snd_queue.tail;
	size_t room = 0, rest, count;
	int rc;

	if (len > INT32_MAX)
		return TFO_ERR_INVALID;
	if (kcp->cfg.stream && tail && tail->len < kcp->mss)
		room = kcp->mss - tail->len < len ? kcp->mss - tail->len : len;
	rest = len - room;
	if (kcp->cfg.stream && rest == 0)
		count = 0; /* a stream has no empty messages */
	else
		count = rest <= kcp->mss ? 1 : (rest + kcp->mss - 1) / kcp->mss;
	if (count >= KCP_WND_RCV)
		return TFO_ERR_INVALID;
	rc = cut(kcp, &segs, buf + room, rest, count);
	if (rc < 0)
		return rc;
	if (room) {
		rc = stream_top_up(kcp, buf, room);
		if (rc < 0) {
			list_free_all(&segs, kcp->mem);
			return rc;
		}
	}
	list_append_all(&kcp->snd_queue, &segs);
	return (int)len;
}

int queue_peek_size(const tfo_kcp *kcp)
{
	const struct kcp_seg *seg = kcp->rcv_queue.head;
	size_t len = 0;

	if (!seg)
		return TFO_ERR_AGAIN;
	if (seg->frg == 0)
		return (int)seg->len;
	if (kcp->rcv_queue.count < seg->frg + 1)
		return TFO_ERR_AGAIN;
	for (; seg; seg = seg->next) {
		len += seg->len;
		if (seg->frg == 0)
			break;
	}
	return seg ? (int)len : TFO_ERR_AGAIN;
}

int queue_recv(tfo_kcp *kcp, uint8_t *buf, size_t cap)
{
	int size = queue_peek_size(kcp);
	int was_full = kcp->rcv_queue.count >= kcp->cfg.rcv_wnd;
	size_t off = 0;

	if (size < 0)
		return size;
	if ((size_t)size > cap)
		return TFO_ERR_NOBUF;
	for (;;) {
		struct kcp_seg *seg = kcp->rcv_queue.head;
		uint32_t frg = seg->frg;

		memcpy(buf + off, seg->data, seg->len);
		off += seg->len;
		list_remove(&kcp->rcv_queue, seg);
		seg_free(kcp->mem, seg);
		if (frg == 0)
			break;
	}
	kcp->st.messages_received++;
	rcvbuf_drain(kcp);
	/* The queue had closed our window: tell the peer it is open again */
	if (was_full && kcp->rcv_queue.count < kcp->cfg.rcv_wnd)
		kcp->probe |= KCP_ASK_TELL;
	return size;
}

void rcvbuf_drain(tfo_kcp *kcp)
{
	struct kcp_seg *seg;

	while ((seg = kcp->rcv_buf.head) && seg->sn == kcp->rcv_nxt &&
	       kcp->rcv_queue.count < kcp->cfg.rcv_wnd) {
		list_remove(&kcp->rcv_buf, seg);
		list_push_back(&kcp->rcv_queue, seg);
		kcp->rcv_nxt++;
	}
}

void rcvbuf_insert(tfo_kcp *kcp, struct kcp_seg *seg)
{
	struct kcp_seg *pos;

	if (kcp_diff(seg->sn, kcp->rcv_nxt + kcp->cfg.rcv_wnd) >= 0 ||
	    kcp_diff(seg->sn, kcp->rcv_nxt) < 0) {
		seg_free(kcp->mem, seg);
		return;
	}
	/* Arrivals are mostly in order: search from the end */
	for (pos = kcp->rcv_buf.tail; pos; pos = pos->prev) {
		if (pos->sn == seg->sn) {
			seg_free(kcp->mem, seg);
			return;
		}
		if (kcp_diff(seg->sn, pos->sn) > 0)
			break;
	}
	list_insert_after(&kcp->rcv_buf, pos, seg);
	rcvbuf_drain(kcp);
}

uint16_t wnd_unused(const tfo_kcp *kcp)
{
	uint32_t free_wnd = kcp->rcv_queue.count < kcp->cfg.rcv_wnd
	                            ? kcp->cfg.rcv_wnd - kcp->rcv_queue.count
	                            : 0;

	return (uint16_t)(free_wnd > UINT16_MAX ? UINT16_MAX : free_wnd);
}
