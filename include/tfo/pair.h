/*
 * libtfo test kit: two hosts joined by a link, driven in virtual time.
 *
 * For unit tests of code built on libtfo: a client host and a server host,
 * every segment one sends reaching the other `delay` later unless the drop
 * hook says otherwise, and a loop that delivers segments and fires timers
 * in time order. Segments are copied (tfo_segment_dup) when sent, so the
 * hooks may keep nothing and the hosts never see each other's buffers.
 *
 * Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_PAIR_H
#define TFO_PAIR_H

#include <tfo/common.h>
#include <tfo/endpoint.h>
#include <tfo/wire.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tfo_pair tfo_pair;

/* The two sides. */
enum tfo_pair_side { TFO_PAIR_CLIENT = 0, TFO_PAIR_SERVER = 1 };

typedef struct tfo_pair_config {
	const tfo_settings *client; /* NULL: tfo_settings_default() */
	const tfo_settings *server; /* NULL: the defaults with fastopen 0x3 */
	tfo_time delay;             /* one-way delay, each direction (an RTT is 2 * delay) */
	uint64_t seed;              /* the hosts' random numbers (ISNs, ports) */
	void *user;
	/*
	 * Every segment a host sends, `from` being its side, before the link
	 * takes it. Returns nonzero to drop it. Called from the host's output:
	 * it must not call into either host. May be NULL (nothing dropped).
	 */
	int (*drop)(void *user, int from, tfo_time now, const tfo_segment *seg);
	/* A segment arrives at side `to` (before the host sees it). May be NULL. */
	void (*deliver)(void *user, int to, tfo_time now, const tfo_segment *seg);
	/* The hosts' events and log lines, with the side. Either may be NULL. */
	void (*event)(void *user, int side, tfo_time now, const tfo_event *ev);
	void (*log)(void *user, int side, tfo_time now, const char *line);
	const tfo_allocator *mem; /* NULL: libc */
} tfo_pair_config;

/*
 * tfo_pair_new: two hosts as cfg says, at time 0, nothing in flight. The
 * server's key ring is empty (see tfo_host_new): set a key with
 * tfo_host_keyring(tfo_pair_host(p, TFO_PAIR_SERVER)). Returns 0,
 * TFO_ERR_INVALID (cfg NULL, bad settings) or what tfo_host_new() returns.
 * Since 0.2.0.
 */
TFO_EXPORT int tfo_pair_new(tfo_pair **out, const tfo_pair_config *cfg);

/* tfo_pair_del: frees both hosts and every segment in flight (NULL is fine). Since 0.2.0. */
TFO_EXPORT void tfo_pair_del(tfo_pair *p);

/* tfo_pair_host: the host of a side (TFO_PAIR_CLIENT or _SERVER), or NULL. Since 0.2.0. */
TFO_EXPORT tfo_host *tfo_pair_host(tfo_pair *p, int side);

/* tfo_pair_now: the current virtual time: pass it to calls made between steps. Since 0.2.0. */
TFO_EXPORT tfo_time tfo_pair_now(const tfo_pair *p);

/* tfo_pair_in_flight: segments sent and not yet delivered. Since 0.2.0. */
TFO_EXPORT size_t tfo_pair_in_flight(const tfo_pair *p);

/*
 * tfo_pair_step: does the earliest thing due at or before `until`: a
 * segment's arrival, or a host's timer. At equal times arrivals go first
 * (in the order sent), then the client's timers, then the server's. Time
 * moves to that thing's time. Returns 1 when something was done, 0 when
 * nothing is due by `until` (time does not move), or a negative error: a
 * host's (TFO_ERR_NOMEM) or TFO_ERR_NOMEM when a segment could not be
 * copied (it was lost). Since 0.2.0.
 */
TFO_EXPORT int tfo_pair_step(tfo_pair *p, tfo_time until);

/*
 * tfo_pair_run_until: steps until nothing is due at or before t, then
 * sets the time to t (which must not be in the past). Returns 0 or
 * tfo_pair_step()'s error (time then stays where the error happened).
 * Since 0.2.0.
 */
TFO_EXPORT int tfo_pair_run_until(tfo_pair *p, tfo_time t);

#ifdef __cplusplus
}
#endif

#endif /* TFO_PAIR_H */
