/*
 * The four segment queues: messages cut into the send queue, the receive
 * buffer (out of order, inside the receive window) moved in order to the
 * receive queue, and messages read back out of it.
 */
#ifndef KCP_QUEUE_H
#define KCP_QUEUE_H

#include "kcp_cb.h"

/*
 * queue_send: cuts a message into the send queue (see tfo_kcp_send).
 * Returns len, TFO_ERR_INVALID or TFO_ERR_NOMEM (the queue unchanged).
 */
int queue_send(tfo_kcp *kcp, const uint8_t *buf, size_t len);

/* queue_peek_size: the first complete message's length, or TFO_ERR_AGAIN. */
int queue_peek_size(const tfo_kcp *kcp);

/* queue_recv: see tfo_kcp_recv. */
int queue_recv(tfo_kcp *kcp, uint8_t *buf, size_t cap);

/*
 * rcvbuf_insert: files a received PUSH segment in the receive buffer by sn
 * (taking ownership; duplicates and segments outside the window are
 * freed), then moves what is in order to the receive queue.
 */
void rcvbuf_insert(tfo_kcp *kcp, struct kcp_seg *seg);

/* rcvbuf_drain: moves in-order segments to the receive queue while it has room. */
void rcvbuf_drain(tfo_kcp *kcp);

/* wnd_unused: the free receive window we advertise. */
uint16_t wnd_unused(const tfo_kcp *kcp);

#endif /* KCP_QUEUE_H */
