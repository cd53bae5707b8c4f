/*
 * The runner's state, shared by the runner (script_run.c), the packet
 * matcher (script_packet.c) and the system-call layer
 * (script_syscall.c). One runner runs one script once.
 */
#ifndef SCRIPT_RUN_H
#define SCRIPT_RUN_H

#include <tfo/tfo.h>

#include "script_model.h"

#define SR_MSG 400

/* What a run is configured with (the resolved tfo_script_config). */
struct sr_config {
	int family; /* TFO_AF_INET or TFO_AF_INET6 on the wire */
	int mapped; /* ipv4-mapped-ipv6: AF_INET6 sockets, IPv4 packets */
	tfo_addr local, remote;
	uint32_t mtu;
	int64_t tolerance_us;
	int64_t tolerance_pct; /* millionths of a percent: packetdrill's --tolerance_percent */
	int64_t ts_tick_us;    /* 0: outbound TS val not checked */
	uint16_t bind_port, connect_port;
};

/* A packet the model sent, waiting for a > line. */
struct sr_out {
	struct sr_out *next;
	tfo_time t;
	tfo_segment seg;
	uint8_t data[];
};

/* The connection under test: the newest one (last connect, newest child). */
struct sr_conn {
	int valid;
	int active;
	tfo_sockaddr local, remote;
	int know_isn;
	uint32_t isn; /* our live ISN */
	int know_peer_isn;
	uint32_t peer_isn; /* the script's ISN, as written in its SYN */
	tfo_endpoint *ep;  /* NULL once CLOSED */
	int state;
};

/* Per descriptor: what the socket layer does not keep. */
struct sr_fd {
	uint8_t nonblock;
};

#define SR_FDS 1024

/* A blocking call waiting for the model. */
struct sr_pending {
	int active;
	struct sc_event *ev;
	tfo_time start;
	tfo_time end; /* the time it must return at */
	int op;       /* enum sys_op */
	int fd;
	size_t len, done;
	int flags;
	tfo_time deadline; /* poll(): when its timeout ends, 0 none */
};

struct runner {
	const char *name;
	struct sc_script *sc;
	struct sr_config cfg;
	const tfo_script_observer *obs;
	const char *dir;

	tfo_host *h;
	tfo_settings set;
	uint64_t rmem2, rmem_max; /* tcp_rmem[2] and net.core.rmem_max, for the window scale */
	int window_scaling;
	uint64_t rng, seed_word;
	tfo_time base, now;
	tfo_time last; /* relative times count from here */

	struct sr_out *q, **qtail;
	struct sr_conn cur;
	uint16_t next_port;
	tfo_sockaddr listen_addr;
	int have_listen;

	int have_ts;
	uint32_t ts_script, ts_live;

	struct sr_fd fds[SR_FDS]; /* by the model's descriptor */
	int fdmap[SR_FDS];        /* the script's descriptor -> the model's (0: none) */
	struct sr_pending pend;
	uint8_t *buf; /* payload scratch */
	size_t buflen;

	int verdict, line, nomem;
	char msg[TFO_SCRIPT_MSGLEN];
};

/* sr_fail: records the first failure (verdict 1 or 2) at line. Returns -1. */
int sr_fail(struct runner *r, int verdict, int line, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* sr_note: a -v line at the current time. */
void sr_note(struct runner *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sr_secs: script seconds of model time t, "1.000000". Returns buf. */
const char *sr_secs(const struct runner *r, tfo_time t, char *buf, size_t size);

/*
 * sr_tolerance: how far from time t an event may happen: the larger of
 * --tolerance_usecs and --tolerance_percent of t (since the script's 0),
 * as packetdrill allows it.
 */
tfo_time sr_tolerance(const struct runner *r, tfo_time t);

/* sr_scratch: a zeroed buffer of at least n bytes, or NULL. */
uint8_t *sr_scratch(struct runner *r, size_t n);

/* sr_walk: runs every event in order (r set up by the caller). Returns 0 or -1 (r->verdict). */
int sr_walk(struct runner *r);

/* Packet matcher (script_packet.c). */
int pkt_inject(struct runner *r, struct sc_event *ev);
/* pkt_expect: the next packet of the connection under test, due in [lo, hi] (want: the
 * script's time, for messages); *when gets the time it left. Returns 0 or -1. */
int pkt_expect(struct runner *r, struct sc_event *ev, tfo_time want, tfo_time lo, tfo_time hi,
               tfo_time *when);
/* pkt_format: the script form of a live segment (as a > line would say it). */
void pkt_format(const struct runner *r, const tfo_segment *seg, char *buf, size_t size);

/* System-call layer (script_syscall.c, script_args.c, script_poll.c). Returns 0 (done or
 * blocked: r->pend), -1 failed. */
int sys_call(struct runner *r, struct sc_event *ev);
/* sys_retry: tries the pending call again; returns 0, or -1 failed. */
int sys_retry(struct runner *r);
/* sys_info_lookup: an assert name over the connection under test (sa_lookup). */
int sys_info_lookup(void *user, const char *name, int64_t *value);

#endif /* SCRIPT_RUN_H */
