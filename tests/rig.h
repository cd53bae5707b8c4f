/*
 * A test rig for endpoint tests: a host with a counting allocator, an
 * output callback that records every segment (with its time and its
 * tcpdump line), an event and a log recorder, and a scripted random
 * callback. Tests feed hand-built segments, advance the clock by hand and
 * check the exact segments that come out.
 */
#ifndef TFO_RIG_H
#define TFO_RIG_H

#include "testutil.h"

#define MS(x) ((tfo_time)(x)*TFO_NS_PER_MS)
#define SEC(x) ((tfo_time)(x)*TFO_NS_PER_S)

/* Test addresses: the cookie known answer is for 192.0.2.1 -> 192.168.0.1 (KEY_A). */
#define CLI "192.0.2.1:40000"
#define SRV "192.168.0.1:80"
#define KEY_A "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"
#define COOKIE_A "3021b9d889017eeb"

#define RIG_DATA_MAX 70000

struct rig_seg {
	tfo_time t;
	tfo_segment seg;
	uint8_t *data;
	char line[TFO_SEGMENT_STRLEN];
};

struct rig_ev {
	tfo_time t;
	tfo_event ev;
};

struct rig {
	tfo_host *h;
	struct test_alloc ta;
	struct rig_seg *out;
	size_t nout, cap, next; /* next: first output not yet expected */
	struct rig_ev *ev;
	size_t nev, evcap;
	char **log;
	size_t nlog, logcap;
	uint32_t rnd[32];
	size_t nrnd, rndpos;
	/* optional hooks */
	void (*on_event)(struct rig *r, tfo_time now, const tfo_event *ev);
	void (*on_output)(struct rig *r, tfo_time now, const tfo_segment *seg);
	void *user;
	int quiet; /* do not keep log lines */
	char rbuf[4096];
	char hex[4][2 * TFO_COOKIE_MAX + 1];
	unsigned hexturn;
};

/* rig_settings: defaults with the given fastopen bits. */
tfo_settings rig_settings(uint32_t fastopen);

/* rig_init: a host with settings s (NULL: rig_settings(0x3)) and KEY_A as primary key. */
void rig_init(struct rig *r, const tfo_settings *s);

/* rig_init_muted: as rig_init, with the callbacks' mute bits. */
void rig_init_muted(struct rig *r, const tfo_settings *s, uint32_t mute);

/* rig_init_alloc: as rig_init, failing the fail_at-th allocation; returns tfo_host_new's result. */
int rig_init_alloc(struct rig *r, const tfo_settings *s, unsigned long fail_at);

/* rig_free: deletes the host and checks that nothing is left allocated. */
void rig_free(struct rig *r);

/* rig_rand: the values the random callback returns, one 32-bit value per call. */
void rig_rand(struct rig *r, size_t n, const uint32_t *v);
#define RIG_RAND(r, ...)                                                                           \
	rig_rand((r), sizeof((uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t),                      \
	         (const uint32_t[]){ __VA_ARGS__ })

tfo_sockaddr sa(const char *text);
tfo_addr ad(const char *text);

/* seg: a segment from src to dst ("a.b.c.d:port"), with no options or payload. */
tfo_segment seg(const char *src, const char *dst, uint8_t flags, uint32_t seq, uint32_t ack,
                uint16_t win);
/* seg_data: attaches a payload (a string, kept by the caller). */
void seg_data(tfo_segment *s, const char *data);
/* seg_syn_opts: MSS 1460, SACK-permitted + TS(val, ecr), NOP + wscale 7, as Linux lays them out. */
void seg_syn_opts(tfo_segment *s, uint32_t tsval, uint32_t tsecr);
/* seg_ts: NOP NOP TS(val, ecr). */
void seg_ts(tfo_segment *s, uint32_t tsval, uint32_t tsecr);
/* seg_cookie: a TFO option (kind 34, or 254 with exp) from hex, "" for a request, + NOPs. */
void seg_cookie(tfo_segment *s, int exp, const char *hex);

/* rig_in: hands seg to the host at t and checks the result. */
void rig_in(struct rig *r, tfo_time t, const tfo_segment *seg);
/* rig_in_r: the same, returning tfo_host_input()'s result. */
int rig_in_r(struct rig *r, tfo_time t, const tfo_segment *seg);
/* rig_advance: tfo_host_advance() to t. */
void rig_advance(struct rig *r, tfo_time t);

/*
 * rig_expect: the next segment out was sent at t and prints as line
 * (tcpdump -n -S -t style, see tfo_segment_format_line()).
 */
#define rig_expect(r, t, line) rig_expect_at((r), (t), (line), __FILE__, __LINE__)
void rig_expect_at(struct rig *r, tfo_time t, const char *line, const char *file, int lineno);
/* rig_expect_none: no segment left unchecked. */
#define rig_expect_none(r) rig_expect_none_at((r), __FILE__, __LINE__)
void rig_expect_none_at(struct rig *r, const char *file, int lineno);
/* rig_last: the last segment sent. */
const struct rig_seg *rig_last(const struct rig *r);
/* rig_skip: marks every segment so far as checked. */
void rig_skip(struct rig *r);

/* rig_log_has: 1 if a log line contains text. */
int rig_log_has(const struct rig *r, const char *text);
/* rig_events: how many events of type were delivered (for ep, or any when ep is NULL). */
size_t rig_events(const struct rig *r, int type, const tfo_endpoint *ep);
/* rig_last_event: the last event of type, or NULL. */
const tfo_event *rig_last_event(const struct rig *r, int type);

/* rig_connect: tfo_connect() from src to dst with flags and data (may be NULL). */
int rig_connect(struct rig *r, tfo_time t, const char *src, const char *dst, unsigned flags,
                const char *data, tfo_endpoint **ep);

/*
 * rig_client: a client endpoint in ESTABLISHED: ISS 1000, TS offset 0, SYN at 0,
 * the server's SYN-ACK (ISS 5000, TS 7000, window 65535) at 10 ms; every
 * segment so far counts as checked.
 */
tfo_endpoint *rig_client(struct rig *r);

/* rig_peer: a segment from the server to that client: window 512, NOP NOP TS 7100 10. */
tfo_segment rig_peer(uint8_t flags, uint32_t seq, uint32_t ack);

/* rig_listen: a listener on addr with backlog and Fast Open qlen. */
tfo_listener *rig_listen(struct rig *r, const char *addr, int backlog, int qlen);

/* rig_read: reads everything readable into a string (in r->rbuf). */
const char *rig_read(struct rig *r, tfo_endpoint *ep, tfo_time t);

/* rig_ctr: a counter of the rig's host. */
uint64_t rig_ctr(const struct rig *r, int counter);

/*
 * rig_cookie: the 8-byte siphash cookie of key_text for client -> server
 * addresses, in hex (one of four buffers in r, used in turn).
 */
const char *rig_cookie(struct rig *r, const char *key_text, const char *client, const char *server);

#endif /* TFO_RIG_H */
