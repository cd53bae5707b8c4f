/*
 * tfosim replay --kcp PORT: KCP conversations in real UDP captures. Each
 * datagram to or from PORT is read as plain KCP segments, or, when kcp-go
 * put its fixed 20-byte header in front (a 16-byte nonce and the CRC32 of
 * the rest, what kcptun sends with --crypt none and no FEC), past that
 * header once the CRC matches. Per conversation: the messages, the
 * retransmissions (after skips or on timeout, inferred), the RTT samples
 * from the ts each ACK echoes, and the bytes on the wire per byte of data.
 */
#ifndef REPLAY_KCP_H
#define REPLAY_KCP_H

#include <stdint.h>
#include <stdio.h>
#include <tfo/tfo.h>

#define KCPGO_HEADER 20           /* kcp-go: nonce (16) + CRC32 (4), before the segments */
#define KCP_REPLAY_MAX_CONVS 1024 /* conversations followed per file */

/* One direction of a conversation: what one end sent. */
struct kcp_dir_stats {
	uint64_t datagrams, wire_bytes; /* UDP datagrams and their IP bytes */
	uint64_t push_new, push_rtx;    /* PUSH segments sent first / again */
	uint64_t rtx_fast, rtx_timeout; /* the retransmissions, by inferred cause */
	uint64_t data_bytes;            /* data of first transmissions */
	uint64_t messages;              /* first transmissions with frg 0 */
	uint64_t acks, probes;          /* ACK segments; WASK and WINS */
	uint64_t rtt_n, rtt_sum_us;     /* samples: this end's PUSHes, their echoed ts */
	uint64_t rtt_min_us, rtt_max_us;
};

struct kcp_seen; /* per-sn transmission history (replay_kcp.c) */

struct kcp_conv {
	uint32_t conv;
	tfo_sockaddr client, server; /* the server is the end on PORT */
	uint64_t first_us, last_us;
	struct kcp_dir_stats dir[2]; /* [0] client to server, [1] back */
	struct kcp_seen *seen[2];
	struct kcp_conv *next;
};

struct kcp_replay {
	uint16_t port;
	uint64_t packets, udp, datagrams;   /* frames read, UDP on PORT */
	uint64_t plain, kcpgo, undecodable; /* framing of the datagrams on PORT */
	uint64_t untracked;     /* KCP datagrams past KCP_REPLAY_MAX_CONVS conversations */
	struct kcp_conv *convs; /* in order of first appearance */
	size_t nconvs;
	const tfo_allocator *mem;
};

/*
 * kcp_replay_file: reads the capture at path (pcap or pcapng) into r.
 * Returns 0, or TFO_ERR_NOMEM, or TFO_ERR_INVALID with err (256 bytes)
 * naming the file and, for a bad record, the packet's index.
 */
int kcp_replay_file(struct kcp_replay *r, const char *path, uint16_t port, const tfo_allocator *mem,
                    char *err);

/* kcp_replay_stream: the same from an open stream (closed when done), called name in errors. */
int kcp_replay_stream(struct kcp_replay *r, FILE *f, const char *name, uint16_t port,
                      const tfo_allocator *mem, char *err);

void kcp_replay_free(struct kcp_replay *r);

/* kcp_replay_text, kcp_replay_json: the report. The JSON returns 0 or -1. */
void kcp_replay_text(FILE *out, const char *path, const struct kcp_replay *r);
int kcp_replay_json(FILE *out, const char *path, const struct kcp_replay *r);

#endif /* REPLAY_KCP_H */
