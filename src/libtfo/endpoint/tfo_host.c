/*
 * The host: creation and teardown, settings, segment demultiplexing (RFC
 * 793: connection, else listener, else a reset for a closed port), the
 * timer loop, event delivery, logging and randomness.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_conn.h"
#include "tfo_host.h"
#include "tfo_input.h"
#include "tfo_output.h"
#include "tfo_retransmit.h"

TFO_EXPORT void tfo_settings_default(tfo_settings *s)
{
	if (!s)
		return;
	memset(s, 0, sizeof(*s));
	s->fastopen = TFO_FASTOPEN_CLIENT;
	s->cookie_alg = TFO_COOKIE_SIPHASH;
	s->cookie_len = TFO_COOKIE_DEFAULT_LEN;
	s->cookie_cache_max = 1024;
	s->blackhole_timeout = 0;
	s->mtu = 1500;
	s->wscale = 7;
	s->sack = 1;
	s->timestamps = 1;
	s->rcvbuf = 65535;
	s->sndbuf = 65536;
	s->rto_initial = TFO_NS_PER_S;
	s->rto_min = 200 * TFO_NS_PER_MS;
	s->rto_max = 120 * TFO_NS_PER_S;
	s->syn_retries = 6;
	s->syn_linear_timeouts = 4;
	s->synack_retries = 5;
	s->retries2 = 15;
	s->time_wait = 60 * TFO_NS_PER_S;
	s->fin_timeout = 60 * TFO_NS_PER_S;
	s->delack = 0;
	s->port_lo = 32768;
	s->port_hi = 60999;
}

static int settings_ok(const tfo_settings *s)
{
	return s->mtu >= 128 && s->rcvbuf > 0 && s->rcvbuf <= (1u << 30) && s->sndbuf > 0 &&
	       s->sndbuf <= (1u << 30) && s->rto_initial > 0 && s->rto_min > 0 &&
	       s->rto_max >= s->rto_min && s->port_lo > 0 && s->port_lo <= s->port_hi;
}

static void host_free(tfo_host *h)
{
	while (h->all)
		conn_free(h->all);
	conn_free_spares(h);
	while (h->listeners) {
		struct tfo_listener *l = h->listeners;

		h->listeners = l->next;
		lsn_free(l);
	}
	if (h->upper.free_state)
		h->upper.free_state(h, h->upper.state);
	tfo_keyring_del(h->ring);
	cc_free(&h->cc);
	ctab_free(&h->ct, &h->mem);
	heap_free(&h->heap, &h->mem);
	evq_free(&h->evq, &h->mem);
	buf_pool_free(&h->pool);
	mem_free(&h->mem, h->scratch);
	mem_free(&h->mem, h);
}

static int host_init(tfo_host *h)
{
	int r = tfo_keyring_new(&h->ring, h->s.cookie_alg, h->s.cookie_len, &h->mem);

	if (r)
		return r;
	if (ctab_init(&h->ct, &h->mem) || evq_init(&h->evq, &h->mem))
		return TFO_ERR_NOMEM;
	h->scratch_len = host_mss(h, TFO_AF_INET);
	h->scratch = mem_alloc(&h->mem, h->scratch_len);
	return h->scratch ? 0 : TFO_ERR_NOMEM;
}

TFO_EXPORT int tfo_host_new(tfo_host **out, const tfo_settings *s, const tfo_callbacks *cb,
                            const tfo_allocator *mem)
{
	tfo_settings def;
	tfo_host *h;
	int r;

	if (!out || !cb || !cb->output || !cb->random)
		return TFO_ERR_INVALID;
	if (!s) {
		tfo_settings_default(&def);
		s = &def;
	}
	if (!settings_ok(s))
		return TFO_ERR_INVALID;
	mem = mem_get(mem);
	h = mem_zalloc(mem, 1, sizeof(*h));
	if (!h)
		return TFO_ERR_NOMEM;
	h->s = *s;
	h->cb = *cb;
	h->mem = *mem;
	cc_init(&h->cc, &h->mem, s->cookie_cache_max);
	heap_init(&h->heap);
	buf_pool_init(&h->pool, &h->mem);
	r = host_init(h);
	if (r) {
		host_free(h);
		return r;
	}
	*out = h;
	return 0;
}

TFO_EXPORT void tfo_host_del(tfo_host *h)
{
	if (h)
		host_free(h);
}

TFO_EXPORT const tfo_settings *tfo_host_settings(const tfo_host *h)
{
	return h ? &h->s : NULL;
}

TFO_EXPORT int tfo_host_set_settings(tfo_host *h, const tfo_settings *s)
{
	if (!h || !s || !settings_ok(s))
		return TFO_ERR_INVALID;
	/* These size objects made once, at tfo_host_new(). */
	if (s->mtu != h->s.mtu || s->cookie_alg != h->s.cookie_alg ||
	    s->cookie_len != h->s.cookie_len || s->cookie_cache_max != h->s.cookie_cache_max)
		return TFO_ERR_INVALID;
	if (h->in_cb)
		return TFO_ERR_REENTRANT;
	h->s = *s;
	return 0;
}

TFO_EXPORT int tfo_host_mute_events(tfo_host *h, uint32_t mute)
{
	if (!h)
		return TFO_ERR_INVALID;
	h->mute = mute;
	return 0;
}

TFO_EXPORT tfo_keyring *tfo_host_keyring(tfo_host *h)
{
	return h ? h->ring : NULL;
}

TFO_EXPORT size_t tfo_host_endpoint_count(const tfo_host *h)
{
	return h ? h->ct.ht.n : 0;
}

void host_logf(tfo_host *h, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!h->cb.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	h->in_cb++;
	h->cb.log(h->cb.user, h->now, line);
	h->in_cb--;
}

void host_output(tfo_host *h, struct tfo_endpoint *ep, const tfo_segment *seg)
{
	h->in_cb++;
	h->sender = ep;
	h->cb.output(h->cb.user, h->now, seg);
	h->sender = NULL;
	h->in_cb--;
}

TFO_EXPORT tfo_endpoint *tfo_host_sender(const tfo_host *h)
{
	return h ? h->sender : NULL;
}

void host_event_lost(tfo_host *h, const struct evq_entry *e)
{
	h->nomem++;
	host_logf(h, "event %s lost: no memory", tfo_event_name(e->type));
}

void host_drop(tfo_host *h, const tfo_segment *seg, const char *why, int bad)
{
	char text[TFO_SEGMENT_STRLEN];

	if (bad)
		host_ctr(h, TFO_CTR_IN_ERRS);
	if (!h->cb.log)
		return;
	if (tfo_segment_format_line(seg, text, sizeof(text)) < 0)
		strcpy(text, "?");
	host_logf(h, "drop (%s): %s", why, text);
}

static void deliver(tfo_host *h, const struct evq_entry *e)
{
	tfo_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = e->type;
	if (e->type == TFO_EV_ACCEPT)
		ev.listener = e->obj;
	else
		ev.ep = e->obj;
	ev.old_state = e->old_state;
	ev.new_state = e->new_state;
	ev.error = e->error;
	ev.cookie_len = e->cookie_len;
	memcpy(ev.cookie, e->cookie, sizeof(ev.cookie));
	(*host_event_count(e))--;
	if (h->cb.event)
		h->cb.event(h->cb.user, h->now, &ev);
}

void host_flush(tfo_host *h)
{
	struct evq_entry e;

	h->depth = 1;
	while (evq_pop(&h->evq, &e))
		if (e.obj)
			deliver(h, &e);
	if (h->zombies)
		conn_reap(h);
	h->depth = 0;
}

static const char *bad_segment(const tfo_segment *seg)
{
	int fam = seg->src.addr.family;

	if ((fam != TFO_AF_INET && fam != TFO_AF_INET6) || seg->dst.addr.family != fam)
		return "bad address family";
	if (seg->src.port == 0 || seg->dst.port == 0)
		return "port 0";
	if (seg->optlen > TFO_MAX_OPTLEN)
		return "option length";
	if (seg->len && !seg->payload)
		return "payload missing";
	if (seg->len > 65535)
		return "payload too long";
	return NULL;
}

static int input(tfo_host *h, const tfo_segment *seg)
{
	const char *bad = bad_segment(seg);
	struct tfo_endpoint *ep;
	struct tfo_listener *l;
	tfo_opts_parsed opts;
	int r;

	host_ctr(h, TFO_CTR_IN_SEGS);
	if (bad) {
		host_drop(h, seg, bad, 1);
		return 0;
	}
	tfo_opts_parse(seg, &opts);
	ep = ctab_find(&h->ct, &seg->dst, &seg->src);
	if (ep) {
		r = in_segment(ep, seg, &opts);
		if (r != IN_REOPEN)
			return r;
	}
	l = lsn_find(h, &seg->dst);
	if (l)
		return lsn_input(l, seg, &opts);
	/* RFC 793: a closed port answers everything but a RST with a RST. */
	out_rst_reply(h, seg);
	host_drop(h, seg, "no connection or listener", 0);
	return 0;
}

TFO_EXPORT int tfo_host_input(tfo_host *h, tfo_time now, const tfo_segment *seg)
{
	uint64_t lost;
	int r;

	if (!h || !seg)
		return TFO_ERR_INVALID;
	r = host_enter(h, now);
	if (r)
		return r;
	lost = h->nomem;
	r = input(h, seg);
	host_leave(h);
	return r == 0 && h->nomem != lost ? TFO_ERR_NOMEM : r;
}

TFO_EXPORT tfo_time tfo_host_next_deadline(const tfo_host *h)
{
	const struct tmr *t = h ? heap_min(&h->heap) : NULL;

	return t ? t->when : TFO_TIME_NEVER;
}

static struct tfo_endpoint *timer_owner(struct tmr *t)
{
	size_t off = t->kind == TMR_DELACK ? offsetof(struct tfo_endpoint, t_delack)
	                                   : offsetof(struct tfo_endpoint, t_main);

	return (struct tfo_endpoint *)(void *)((char *)t - off);
}

TFO_EXPORT int tfo_host_advance(tfo_host *h, tfo_time now)
{
	uint64_t lost;
	struct tmr *t;

	if (!h)
		return TFO_ERR_INVALID;
	if (h->in_cb)
		return TFO_ERR_REENTRANT;
	lost = h->nomem;
	/* Each timer runs at its own deadline, its events delivered before the next. */
	while ((t = heap_min(&h->heap)) != NULL && t->when <= now) {
		struct tfo_endpoint *ep = timer_owner(t);

		host_enter(h, t->when);
		tmr_stop(&h->heap, t);
		rtx_fire(ep, t->kind);
		host_leave(h);
	}
	if (h->depth == 0)
		h->now = now;
	return h->nomem != lost ? TFO_ERR_NOMEM : 0;
}
