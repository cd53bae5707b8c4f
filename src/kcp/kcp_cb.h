/*
 * The control block: one end of a KCP conversation. The fields follow the
 * reference's ikcpcb where they have the same meaning, so that docs/kcp.md
 * can name them once for both.
 */
#ifndef KCP_CB_H
#define KCP_CB_H

#include <tfo/kcp.h>

#include "kcp_seg.h"

/* The reference's fixed values (ikcp.c). */
#define KCP_RTO_NDL 30         /* minimum RTO with nodelay */
#define KCP_RTO_MIN 100        /* minimum RTO without */
#define KCP_RTO_DEF 200        /* RTO before the first sample */
#define KCP_RTO_MAX 60000      /* RTO ceiling */
#define KCP_WND_SND 32         /* default send window */
#define KCP_WND_RCV 128        /* default and smallest receive window; the largest message */
#define KCP_MTU_DEF 1400       /* default MTU */
#define KCP_INTERVAL 100       /* default flush interval */
#define KCP_DEADLINK 20        /* transmissions of one segment that mean a dead link */
#define KCP_THRESH_INIT 2      /* initial slow-start threshold */
#define KCP_THRESH_MIN 2       /* smallest slow-start threshold */
#define KCP_PROBE_INIT 7000    /* first window probe after 7 s of zero window */
#define KCP_PROBE_LIMIT 120000 /* probe period ceiling */
#define KCP_FASTACK_LIMIT 5    /* default fast-resend limit */

/* probe bits: what the next flush must send */
#define KCP_ASK_SEND 1u /* a WASK */
#define KCP_ASK_TELL 2u /* a WINS */

struct kcp_ack {
	uint32_t sn, ts;
};

struct tfo_kcp {
	tfo_kcp_config cfg;
	const tfo_allocator *mem;
	tfo_kcp_output_fn output;
	void *user;
	uint32_t mss;

	/* sequence state */
	uint32_t snd_una, snd_nxt, rcv_nxt;
	/* windows and congestion control */
	uint32_t rmt_wnd, cwnd, incr, ssthresh;
	/* the estimator */
	int32_t rx_srtt, rx_rttval;
	uint32_t rx_rto;
	/* the clock */
	uint32_t current, ts_flush;
	int updated;
	/* window probing */
	uint32_t probe, probe_wait, ts_probe;
	int dead;

	struct kcp_list snd_queue, snd_buf, rcv_buf, rcv_queue;
	struct kcp_ack *acks;
	uint32_t ack_count, ack_cap;

	uint8_t *buffer; /* one datagram being assembled, mtu bytes */
	int out_err;     /* the output callback's first error during a flush */
	tfo_kcp_stats st;
};

#endif /* KCP_CB_H */
