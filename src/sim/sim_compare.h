/*
 * `tfosim compare`: one echo workload over TCP, TCP Fast Open and KCP in
 * the reference's three presets, on the same link model and seeds, with
 * the latency, retransmission and wire-cost figures of each protocol. The
 * link model and the loop are those of the reference implementation's own
 * experiment (skywind3000/kcp test.cpp and its LatencySimulator): a 1 ms
 * tick, per-direction loss drawn from a shuffled bag of 100, one-way delay
 * uniform in [min, max), datagrams delivered in order.
 */
#ifndef SIM_COMPARE_H
#define SIM_COMPARE_H

#include <stdint.h>
#include <stdio.h>
#include <tfo/tfo.h>

#include "sim_rng.h"

enum cmp_proto { CMP_TCP, CMP_TFO, CMP_KCP_DEFAULT, CMP_KCP_NORMAL, CMP_KCP_FAST, CMP_NPROTO };

struct cmp_workload {
	uint32_t loss_pct;     /* per direction, 0..100 */
	uint32_t delay_min_ms; /* one way */
	uint32_t delay_max_ms; /* exclusive, as rand() % (max - min) */
	uint32_t every_ms;     /* a message every ... */
	uint32_t message;      /* bytes, at least 8 (the number and the send time) */
	uint32_t echoes;       /* run until this many echoes are back */
	uint32_t limit_ms;     /* give up after this much virtual time */
	uint64_t seed;
};

/* cmp_reference: test.cpp's experiment: 5% per direction, 30..62 ms, 8 B every 20 ms, 1000. */
void cmp_reference(struct cmp_workload *w, uint64_t seed);

struct cmp_result {
	int proto;
	uint32_t delivered; /* echoes back */
	double mean_ms;     /* echo latency */
	uint32_t p50_ms, p99_ms, max_ms;
	uint64_t retransmissions;
	uint64_t wire_bytes;      /* IP packets sent by both ends, lost ones included */
	uint64_t delivered_bytes; /* message bytes delivered to an application, both ways */
	uint32_t elapsed_ms;      /* virtual time the run took */
};

/* cmp_proto_name: "tcp", "tfo", "kcp-default", "kcp-normal", "kcp-fast". */
const char *cmp_proto_name(int proto);

/*
 * cmp_run: the workload over one protocol. Deterministic: the same
 * workload (seed included) gives the same result. Returns 0,
 * TFO_ERR_NOMEM, or another TFO_ERR_* from the endpoints.
 */
int cmp_run(const struct cmp_workload *w, int proto, const tfo_allocator *mem,
            struct cmp_result *out);

/* ---- the pieces cmp_run uses (sim_compare_*.c) ---- */

/* One direction of the reference's LatencySimulator. */
struct cmp_pkt {
	uint32_t at_ms; /* deliverable from then on */
	uint32_t len;
	uint8_t *bytes;
};

#define CMP_QUEUE_MAX 1000 /* LatencySimulator's nmax: more waiting are dropped */
#define CMP_PKT_MAX 2048

struct cmp_dir {
	struct sim_rng loss, delay;
	uint8_t bag[100];
	uint32_t bag_len;
	const struct cmp_workload *w;
	struct cmp_pkt q[CMP_QUEUE_MAX];
	uint32_t head, len;
	uint8_t *store; /* CMP_QUEUE_MAX * CMP_PKT_MAX bytes */
	uint64_t wire_bytes;
};

/* cmp_dir_init: allocates the queue's storage. 0 or TFO_ERR_NOMEM. */
int cmp_dir_init(struct cmp_dir *d, const struct cmp_workload *w, const char *label,
                 const tfo_allocator *mem);
void cmp_dir_free(struct cmp_dir *d, const tfo_allocator *mem);

/*
 * cmp_dir_send: a packet of len bytes (wire counts the IP bytes) enters at
 * now_ms: lost with the bag's draw, dropped when CMP_QUEUE_MAX wait, else
 * queued to arrive after the drawn delay (but never before the one ahead).
 */
void cmp_dir_send(struct cmp_dir *d, uint32_t now_ms, const uint8_t *bytes, size_t len,
                  size_t wire);

/* cmp_dir_recv: the packet at the head if it is due at now_ms, else NULL. Valid until the next
 * call. */
const struct cmp_pkt *cmp_dir_recv(struct cmp_dir *d, uint32_t now_ms);

/* cmp_stats: mean, p50, p99 (nearest rank) and max of n latencies (sorted in place). */
void cmp_stats(struct cmp_result *r, uint32_t *lat, uint32_t n);

/* The runs, per family of protocol. */
int cmp_run_kcp(const struct cmp_workload *w, int preset, const tfo_allocator *mem,
                struct cmp_result *out);
int cmp_run_tcp(const struct cmp_workload *w, int fastopen, const tfo_allocator *mem,
                struct cmp_result *out);

#endif /* SIM_COMPARE_H */
