/*
 * Helpers for the replay suites: run a replay over bytes held in memory,
 * collect its results, and build pcap files frame by frame.
 */
#ifndef TFO_REPLAY_TESTUTIL_H
#define TFO_REPLAY_TESTUTIL_H

#include "testutil.h"

#include "replay.h"
#include "replay_conform.h"

#define RT_MAX_RESULTS 32

struct rt_out {
	struct replay *r;
	struct replay_result res[RT_MAX_RESULTS];
	size_t n;
	int rc;
	char err[512];
	char warn[2048]; /* every warning, one per line */
};

/* rt_run: replays the inputs (each len bytes) as files named "in1", "in2"...; key may be NULL. */
int rt_run(struct rt_out *o, const char *key, const uint8_t *const *bufs, const size_t *lens,
           size_t n);

/* rt_run1: one input. */
int rt_run1(struct rt_out *o, const char *key, const void *buf, size_t len);

/* rt_text: one text input given as a string. */
int rt_text(struct rt_out *o, const char *text);

/* rt_text_by_finish: the same, results handed out as connections finish. */
int rt_text_by_finish(struct rt_out *o, const char *text);

/*
 * rt_run_config: one input under cfg (copied; its user, result and warn
 * are rt's own).
 */
int rt_run_config(struct rt_out *o, const struct replay_config *cfg, const void *buf, size_t len);

void rt_free(struct rt_out *o);

/* rt_count: anomalies of one kind. */
uint64_t rt_count(const struct rt_out *o, int kind);

/* A pcap file being built in memory. */
struct rt_pcap {
	uint8_t buf[65536];
	size_t len;
};

/* rt_pcap_begin: the 24-byte file header (nanos: the ns magic). */
void rt_pcap_begin(struct rt_pcap *p, uint32_t linktype, uint32_t snaplen, int nanos);

/* rt_pcap_add: one record with caplen bytes of frame, original length len. */
void rt_pcap_add(struct rt_pcap *p, uint32_t sec, uint32_t frac, const uint8_t *frame,
                 size_t caplen, size_t len);

/*
 * rt_seg: a segment src -> dst ("a.b.c.d:port" or "[v6]:port") with flags,
 * seq, ack, window 1000 and len payload bytes of 'x'.
 */
void rt_seg(tfo_segment *s, const char *src, const char *dst, uint8_t flags, uint32_t seq,
            uint32_t ack, uint32_t len);

/* rt_ip: encodes s as IP bytes; returns the length. */
size_t rt_ip(uint8_t *out, size_t size, const tfo_segment *s);

/* rt_eth: an Ethernet frame (with vlans 802.1Q tags) around s; returns the length. */
size_t rt_eth(uint8_t *out, size_t size, const tfo_segment *s, int vlans);

/* What rt_conform() is given: keys, and the server when not inferred. */
struct rt_conform_args {
	const char *key; /* NULL: none */
	const struct replay_rekey *rekeys;
	size_t nrekeys;
	long fastopen; /* -1: inferred */
	int qlen;      /* -1: inferred */
	const tfo_allocator *mem;
};

/* Both passes of --conform over one input, what they found, and the checker. */
struct rt_conform {
	struct replay_server server;
	struct replay_conform *cf;
	struct replay *r;
	struct replay_verdict v[RT_MAX_RESULTS];
	size_t n;
	int rc;
	char err[512];
	const tfo_allocator *mem;
};

/* rt_conform: infers the server from the input (unless given), then checks it. Returns o->rc. */
int rt_conform(struct rt_conform *o, const struct rt_conform_args *a, const void *buf, size_t len);

/* rt_conform_text: rt_conform over a string with a key (NULL: none), the server inferred. */
int rt_conform_text(struct rt_conform *o, const char *key, const char *text);

/* rt_conform_free: frees the replay, then the checker and the server. */
void rt_conform_free(struct rt_conform *o);

/* rt_verdict_line: the text line of verdict i, without its newline, in buf. */
const char *rt_verdict_line(const struct rt_conform *o, size_t i, char *buf, size_t size);

/* rt_slurp: reads a file of traces/ into buf; returns its length. */
size_t rt_slurp(const char *name, uint8_t *buf, size_t size);

#endif /* TFO_REPLAY_TESTUTIL_H */
