/*
 * KCP: a reliable ARQ protocol over datagrams, sans I/O.
 *
 * Wire-compatible with the reference implementation (skywind3000/kcp,
 * ikcp.c) and with kcp-go: every segment is a 24-byte little-endian header
 * (conv, cmd, frg, wnd, ts, sn, una, len) followed by len bytes of data,
 * and one datagram carries as many segments as fit in the MTU.
 *
 * Like the TCP endpoint, a tfo_kcp never reads a clock and never does
 * I/O: the caller passes the time in milliseconds (a 32-bit counter that
 * may wrap; only differences matter), feeds received datagrams to
 * tfo_kcp_input(), gets datagrams to send through the output callback,
 * and calls tfo_kcp_update() when tfo_kcp_check() says it is due.
 * docs/kcp.md describes the model and how it follows the reference.
 *
 * Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_KCP_H
#define TFO_KCP_H

#include <tfo/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The segment header: conv u32, cmd u8, frg u8, wnd u16, ts u32, sn u32, una u32, len u32. */
#define TFO_KCP_OVERHEAD 24u

/* The commands (cmd byte), as in the reference. */
enum tfo_kcp_cmd {
	TFO_KCP_CMD_PUSH = 81, /* data, sn numbers it */
	TFO_KCP_CMD_ACK = 82,  /* acknowledges sn, echoes the ts of the segment */
	TFO_KCP_CMD_WASK = 83, /* window probe: "tell me your window" */
	TFO_KCP_CMD_WINS = 84  /* window announcement */
};

/* One decoded segment. data points into the datagram it was decoded from. */
typedef struct tfo_kcp_segment {
	uint32_t conv; /* conversation id: both ends must agree */
	uint8_t cmd;   /* enum tfo_kcp_cmd */
	uint8_t frg;   /* fragments still to come in this message (message mode) */
	uint16_t wnd;  /* the sender's free receive window, in segments */
	uint32_t ts;   /* send time (PUSH) or the echoed send time (ACK), ms */
	uint32_t sn;   /* sequence number (PUSH), or the one acknowledged (ACK) */
	uint32_t una;  /* every sn below this was received */
	uint32_t len;  /* data length */
	const uint8_t *data;
} tfo_kcp_segment;

/*
 * tfo_kcp_segment_decode: decodes the segment at the start of buf.
 * Returns the bytes it spans (24 + len) or TFO_ERR_TRUNCATED (fewer than 24
 * bytes, or len past the end of buf or above 2^31 - 1, as the reference
 * refuses), or TFO_ERR_KCP_CMD (a cmd that is none of the four). Does not
 * check conv.
 */
TFO_EXPORT int tfo_kcp_segment_decode(const uint8_t *buf, size_t len, tfo_kcp_segment *seg);

/*
 * tfo_kcp_segment_encode: writes seg's 24-byte header followed by its
 * seg->len data bytes (when seg->data is not NULL) into out. Returns the
 * bytes written or TFO_ERR_NOBUF when cap is too small.
 */
TFO_EXPORT int tfo_kcp_segment_encode(const tfo_kcp_segment *seg, uint8_t *out, size_t cap);

/* tfo_kcp_cmd_name: "PUSH", "ACK", "WASK", "WINS", or "?" for another value. */
TFO_EXPORT const char *tfo_kcp_cmd_name(unsigned cmd);

/* ------------------------------------------------------------------ */
/* Configuration                                                       */
/* ------------------------------------------------------------------ */

/* The presets of the reference's own experiment (test.cpp). */
enum tfo_kcp_preset {
	TFO_KCP_PRESET_DEFAULT, /* nodelay 0, interval 10, resend 0, nc 0 */
	TFO_KCP_PRESET_NORMAL,  /* nodelay 0, interval 10, resend 0, nc 1 */
	TFO_KCP_PRESET_FAST     /* nodelay 2, interval 10, resend 2, nc 1; the sending side
	                           also gets minimum RTO 10 ms and resend 1 (see docs/kcp.md) */
};

typedef struct tfo_kcp_config {
	uint32_t conv;       /* conversation id */
	uint8_t nodelay;     /* 0: minimum RTO 100 ms, RTO x2 per timeout, first resend
	                        delayed by rto/8; 1: minimum 30 ms, RTO + rto/2 per timeout;
	                        2: as 1 but RTO + current estimate/2 per timeout */
	uint32_t interval;   /* flush period, ms, 10..5000; default 100 */
	uint32_t resend;     /* fast retransmission after this many skips; 0 = off (default) */
	uint8_t nc;          /* 1: no congestion window, send window min(snd_wnd, rmt_wnd) */
	uint32_t min_rto;    /* ms; default 100, 30 when nodelay is set */
	uint32_t fast_limit; /* fast retransmissions only while a segment has been sent at
	                        most this many times; 0 = no limit; default 5 */
	uint32_t snd_wnd;    /* segments; default 32 */
	uint32_t rcv_wnd;    /* segments; at least 128 (the largest message), default 128 */
	uint32_t mtu;        /* datagram size limit, 50..65535; default 1400 */
	uint32_t dead_link;  /* transmissions of one segment that mark the link dead; 20 */
	uint8_t stream;      /* 1: stream mode (messages merged, frg always 0) */
} tfo_kcp_config;

/* tfo_kcp_config_default: the reference's defaults (ikcp_create) for conv. */
TFO_EXPORT void tfo_kcp_config_default(tfo_kcp_config *cfg, uint32_t conv);

/*
 * tfo_kcp_config_preset: the defaults, windows 128/128 and one of the
 * reference experiment's presets. sender selects the extra settings test.cpp
 * gives its sending side in fast mode. Returns 0 or TFO_ERR_INVALID.
 */
TFO_EXPORT int tfo_kcp_config_preset(tfo_kcp_config *cfg, uint32_t conv, int preset, int sender);

/* tfo_kcp_preset_name: "default", "normal", "fast", or NULL. */
TFO_EXPORT const char *tfo_kcp_preset_name(int preset);

/*
 * tfo_kcp_config_set_nodelay: what ikcp_nodelay does: sets nodelay and the
 * minimum RTO that goes with it (30 ms or 100 ms), the interval (clamped
 * to 10..5000), resend and nc. Returns 0 or TFO_ERR_INVALID (nodelay > 2).
 */
TFO_EXPORT int tfo_kcp_config_set_nodelay(tfo_kcp_config *cfg, int nodelay, uint32_t interval,
                                          uint32_t resend, int nc);

/* ------------------------------------------------------------------ */
/* The control block                                                   */
/* ------------------------------------------------------------------ */

typedef struct tfo_kcp tfo_kcp;

/*
 * The output callback: one datagram of len bytes to send. The bytes are
 * only valid during the call. A negative return is passed on to the caller
 * of the function that flushed (the segments count as sent all the same).
 */
typedef int (*tfo_kcp_output_fn)(const uint8_t *dgram, size_t len, void *user);

/*
 * tfo_kcp_new: a control block for cfg (copied). mem may be NULL for the C
 * library's allocator. Returns 0 and *out, or TFO_ERR_INVALID (NULL output,
 * mtu out of range, interval out of range, nodelay > 2) or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_kcp_new(const tfo_kcp_config *cfg, const tfo_allocator *mem,
                           tfo_kcp_output_fn output, void *user, tfo_kcp **out);

/* tfo_kcp_free: frees kcp and every queued segment (NULL is fine). */
TFO_EXPORT void tfo_kcp_free(tfo_kcp *kcp);

/* tfo_kcp_config_get: the configuration in force. */
TFO_EXPORT void tfo_kcp_config_get(const tfo_kcp *kcp, tfo_kcp_config *cfg);

/*
 * tfo_kcp_send: queues a message of len bytes (split into segments of at
 * most mtu - 24 bytes; in stream mode first topping up the last queued
 * segment). Nothing leaves until the next update or flush. Returns len, or
 * TFO_ERR_INVALID when the message needs 128 segments or more (the
 * reference's limit), or TFO_ERR_NOMEM (nothing queued).
 */
TFO_EXPORT int tfo_kcp_send(tfo_kcp *kcp, const void *buf, size_t len);

/*
 * tfo_kcp_recv: copies the next complete message into buf and removes it.
 * Returns its length, TFO_ERR_AGAIN when no whole message has arrived, or
 * TFO_ERR_NOBUF when it is longer than cap (it stays queued).
 */
TFO_EXPORT int tfo_kcp_recv(tfo_kcp *kcp, void *buf, size_t cap);

/* tfo_kcp_peek_size: the next complete message's length, or TFO_ERR_AGAIN. */
TFO_EXPORT int tfo_kcp_peek_size(const tfo_kcp *kcp);

/*
 * tfo_kcp_input: one received datagram, at time now_ms. Processes its
 * segments in order; bytes after the last whole header are ignored, as the
 * reference does. Returns 0, or stops at the first bad segment with
 * TFO_ERR_TRUNCATED (shorter than a header, or len past the end),
 * TFO_ERR_KCP_CONV (another conversation), TFO_ERR_KCP_CMD (unknown cmd)
 * or TFO_ERR_NOMEM; the segments before it have taken effect.
 */
TFO_EXPORT int tfo_kcp_input(tfo_kcp *kcp, uint32_t now_ms, const uint8_t *dgram, size_t len);

/*
 * tfo_kcp_update: the clock tick. Flushes when the interval has passed
 * since the last flush (the first call flushes at once). Returns 0 or the
 * output callback's first negative return.
 */
TFO_EXPORT int tfo_kcp_update(tfo_kcp *kcp, uint32_t now_ms);

/*
 * tfo_kcp_flush: sends now what is due at the time of the last update or
 * input: pending ACKs, window probes, new segments the window admits, and
 * retransmissions (timeout and fast). Does nothing before the first update.
 * Returns 0 or the output callback's first negative return.
 */
TFO_EXPORT int tfo_kcp_flush(tfo_kcp *kcp);

/*
 * tfo_kcp_check: when tfo_kcp_update() next needs calling: now_ms when it
 * is already due, otherwise the earlier of the next flush and the next
 * retransmission, at most interval ms away.
 */
TFO_EXPORT uint32_t tfo_kcp_check(const tfo_kcp *kcp, uint32_t now_ms);

/* tfo_kcp_waitsnd: segments queued or in flight, not yet acknowledged. */
TFO_EXPORT uint32_t tfo_kcp_waitsnd(const tfo_kcp *kcp);

/* tfo_kcp_is_dead: 1 once one segment was sent dead_link times, else 0. */
TFO_EXPORT int tfo_kcp_is_dead(const tfo_kcp *kcp);

/* Counters and estimator state, for reports and tests. */
typedef struct tfo_kcp_stats {
	uint32_t srtt_ms, rttvar_ms, rto_ms;     /* the estimator (0 before a sample) */
	uint32_t cwnd, ssthresh, rmt_wnd;        /* congestion and peer windows */
	uint32_t snd_una, snd_nxt, rcv_nxt;      /* sequence state */
	uint64_t datagrams_out, bytes_out;       /* what the output callback got */
	uint64_t segments_out, retrans_timeout;  /* PUSH segments sent; resent on timeout */
	uint64_t retrans_fast, acks_out;         /* resent on skips; ACK segments sent */
	uint64_t probes_out, datagrams_in;       /* WASK/WINS sent; datagrams input */
	uint64_t rtt_samples, messages_received; /* ACKs that gave an RTT; messages recv'd */
} tfo_kcp_stats;

/* tfo_kcp_stats_get: a snapshot of the counters. */
TFO_EXPORT void tfo_kcp_stats_get(const tfo_kcp *kcp, tfo_kcp_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* TFO_KCP_H */
