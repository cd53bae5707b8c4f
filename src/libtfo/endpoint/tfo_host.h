/*
 * The host: one machine's TCP. Owns settings, callbacks, allocator, key
 * ring, cookie cache, counters, blackhole state, the connection table,
 * listeners, timers, the event queue and the chunk pool.
 */
#ifndef TFO_HOST_H
#define TFO_HOST_H

#include <tfo/tfo.h>

#include "tfo_buf.h"
#include "tfo_conntab.h"
#include "tfo_cookie_cache.h"
#include "tfo_events.h"
#include "tfo_timer.h"

struct tfo_endpoint;
struct tfo_listener;

/*
 * State that a layer above the endpoint (the socket layer) keeps per host.
 * The layer says how to free it, so the host frees it without knowing the
 * layer: dependencies run only downward.
 */
struct host_upper {
	void *state;
	void (*free_state)(tfo_host *h, void *state);
};

struct tfo_host {
	tfo_settings s;
	tfo_callbacks cb;
	uint32_t mute; /* tfo_host_mute_events(): types never queued */
	tfo_allocator mem;
	tfo_keyring *ring;
	struct cookie_cache cc;
	uint64_t ctr[TFO_CTR_COUNT];
	/* Linux net->ipv4.tfo_active_disable_times / _stamp */
	uint32_t bh_times;
	tfo_time bh_stamp;
	struct conntab ct;
	struct tfo_listener *listeners;
	struct tfo_endpoint *all;     /* every endpoint */
	struct tfo_endpoint *zombies; /* closed orphans waiting to be freed */
	struct tfo_endpoint *spare;   /* freed endpoints kept for the next ones (by cnext) */
	uint32_t nspare;
	struct tmr_heap heap;
	uint32_t ntimers;
	struct evq evq;
	/* Allocations that failed inside a call that could go on (a cookie not
	 * cached, an event lost): the call still returns TFO_ERR_NOMEM. One
	 * count, so that an entry point compares one word. */
	uint64_t nomem;
	struct buf_pool pool;
	uint8_t *scratch; /* one segment's payload */
	uint32_t scratch_len;
	tfo_time now;
	int depth;                   /* entry points in progress */
	int in_cb;                   /* inside the output or log callback */
	struct tfo_endpoint *sender; /* the output callback's endpoint (tfo_host_sender) */
	int delivering;
	struct host_upper upper;
};

/* host_flush: delivers every queued event, those the callbacks queue too, then reaps. */
void host_flush(tfo_host *h);

/*
 * host_enter: starts an entry point at time now. Returns 0, or
 * TFO_ERR_REENTRANT when called from the output or log callback.
 * In line, with host_leave: every call of the API goes through both.
 */
static inline int host_enter(tfo_host *h, tfo_time now)
{
	if (h->in_cb)
		return TFO_ERR_REENTRANT;
	h->depth++;
	h->now = now;
	return 0;
}

/*
 * host_leave: ends an entry point; the outermost one delivers the events
 * and reaps, when there is anything to deliver or reap (many calls, a
 * read until EAGAIN say, leave neither).
 */
static inline void host_leave(tfo_host *h)
{
	if (--h->depth == 0 && (h->evq.n || h->zombies))
		host_flush(h);
}

/* host_logf: one log line, if there is a log callback. */
void host_logf(tfo_host *h, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 2, 3)))
#endif
        ;

/* host_log_enabled: 1 when log lines go anywhere. */
static inline int host_log_enabled(const tfo_host *h)
{
	return h->cb.log != NULL;
}

/* host_rand32: 4 bytes from the random callback, big-endian. In line: five a connection. */
static inline uint32_t host_rand32(tfo_host *h)
{
	uint8_t b[4] = { 0 };

	h->in_cb++;
	h->cb.random(h->cb.user, b, sizeof(b));
	h->in_cb--;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* host_output: hands a segment ep sends (NULL: a reply no endpoint owns) to the output callback. */
void host_output(tfo_host *h, struct tfo_endpoint *ep, const tfo_segment *seg);

/*
 * host_event_lost: counts (in nomem) and logs an event that could not be
 * queued for lack of memory (host_event(), in tfo_conn.h, queues the others).
 */
void host_event_lost(tfo_host *h, const struct evq_entry *e);

/* host_ctr: adds one to a counter. */
static inline void host_ctr(tfo_host *h, int counter)
{
	h->ctr[counter]++;
}

/*
 * host_mss: the MSS this host announces for a family (mtu - 40 or - 60,
 * at most 65495). In line: every SYN and SYN-ACK asks, some twice.
 */
static inline uint16_t host_mss(const tfo_host *h, int family)
{
	uint32_t hdr = family == TFO_AF_INET6 ? 60 : 40;
	uint32_t mss = h->s.mtu > hdr ? h->s.mtu - hdr : 0;

	return (uint16_t)(mss > 65495 ? 65495 : mss);
}

/* host_drop: logs and counts (InErrs when bad) a segment that is dropped. */
void host_drop(tfo_host *h, const tfo_segment *seg, const char *why, int bad);

#endif /* TFO_HOST_H */
