/*
 * Endpoint lifecycle: creation, the three ways a connection opens
 * (passive, active, simultaneous), handshake completion, entering CLOSED,
 * and freeing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_host.h"
#include "tfo_input.h"
#include "tfo_retransmit.h"
#include "tfo_seq.h"

/* RFC 6298 section 5.7: the RTO after a handshake that gave no RTT sample. */
#define RTO_FALLBACK (3 * TFO_NS_PER_S)
/* RFC 6928, Linux TCP_INIT_CWND */
#define INIT_CWND_SEGS 10u

/* AddressSanitizer: GCC says so with a macro, clang with __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define CONN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CONN_ASAN 1
#endif
#endif
#ifdef CONN_ASAN
#include <sanitizer/asan_interface.h>
#endif

/*
 * A kept endpoint is poisoned for AddressSanitizer but for its link, so
 * that a use after conn_free() is still reported.
 */
static void spare_poison(struct tfo_endpoint *ep, int on)
{
#ifdef CONN_ASAN
	char *b = (char *)ep, *link = (char *)&ep->cnext, *end = (char *)(ep + 1);

	if (on) {
		ASAN_POISON_MEMORY_REGION(b, (size_t)(link - b));
		ASAN_POISON_MEMORY_REGION(link + sizeof(ep->cnext),
		                          (size_t)(end - link) - sizeof(ep->cnext));
	} else {
		ASAN_UNPOISON_MEMORY_REGION(b, sizeof(*ep));
	}
#else
	(void)ep;
	(void)on;
#endif
}

void conn_logf(const struct tfo_endpoint *ep, const char *fmt, ...)
{
	char l[TFO_SOCKADDRSTRLEN], r[TFO_SOCKADDRSTRLEN], msg[256];
	va_list ap;

	if (!host_log_enabled(ep->h))
		return;
	if (tfo_sockaddr_format(&ep->local, l, sizeof(l)) < 0)
		strcpy(l, "?");
	if (tfo_sockaddr_format(&ep->remote, r, sizeof(r)) < 0)
		strcpy(r, "?");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	host_logf(ep->h, "%s > %s %s", l, r, msg);
}

struct tfo_endpoint *conn_new(tfo_host *h, const tfo_sockaddr *local, const tfo_sockaddr *remote)
{
	struct tfo_endpoint *ep;

	/* Room in the timer heap for its two timers, grown (rarely) here. */
	if (h->ntimers > UINT32_MAX - 2 ||
	    (h->ntimers + 2 > h->heap.cap && heap_reserve(&h->heap, &h->mem, h->ntimers + 2) != 0))
		return NULL;
	ep = h->spare;
	if (ep) {
		h->spare = ep->cnext;
		h->nspare--;
		spare_poison(ep, 0);
		mem_zero(ep, sizeof(*ep));
	} else if (!(ep = mem_zalloc(&h->mem, 1, sizeof(*ep)))) {
		return NULL;
	}
	h->ntimers += 2;
	ep->h = h;
	ep->local = *local;
	ep->remote = *remote;
	tmr_init(&ep->t_main, TMR_RTO);
	tmr_init(&ep->t_delack, TMR_DELACK);
	ep->state = TFO_CLOSED;
	ep->fd = -1;
	ep->rto = h->s.rto_initial;
	ep->mss = local->addr.family == TFO_AF_INET6 ? 1220 : 536;
	ep->peer_mss = ep->mss;
	ep->cwnd = INIT_CWND_SEGS * ep->mss;
	ep->ssthresh = UINT32_MAX;
	ep->fo.outcome = TFO_OUTCOME_INCOMPLETE;
	ep->anext = h->all;
	if (h->all)
		h->all->aprev = ep;
	h->all = ep;
	return ep;
}

void conn_draw_isn(struct tfo_endpoint *ep)
{
	ep->iss = host_rand32(ep->h);
	ep->ts_offset = host_rand32(ep->h);
	ep->snd_una = ep->snd_nxt = ep->snd_max = ep->iss;
	ep->snd_base = ep->iss + 1;
}

void conn_event(struct tfo_endpoint *ep, int type)
{
	struct evq_entry e = { 0 };

	e.obj = ep;
	e.type = (uint8_t)type;
	host_event(ep->h, &e);
}

/* What both ends offered in their SYNs (RFC 7323, RFC 2018, RFC 6691). */
static void negotiate(struct tfo_endpoint *ep, const tfo_opts_parsed *opts)
{
	const tfo_settings *s = &ep->h->s;
	int v6 = ep->local.addr.family == TFO_AF_INET6;
	uint16_t ours = conn_adv_mss(ep);
	uint16_t mss;

	/* RFC 6691 defaults; Linux tcp_min_snd_mss keeps at least 48. */
	ep->peer_mss = (opts->present & TFO_HAS_MSS) ? opts->mss : (v6 ? 1220 : 536);
	if (ep->peer_mss < 48)
		ep->peer_mss = 48;
	ep->ts_ok = s->timestamps && (opts->present & TFO_HAS_TS);
	if (ep->ts_ok)
		ep->ts_recent = opts->ts_val;
	ep->sack_ok = s->sack && (opts->present & TFO_HAS_SACK_PERM);
	ep->ws_ok = s->wscale <= TFO_WSCALE_MAX && (opts->present & TFO_HAS_WSCALE);
	ep->rcv_wscale = ep->ws_ok ? s->wscale : 0;
	ep->snd_wscale = ep->ws_ok ? opts->wscale : 0;
	/* Linux's mss_cache leaves room for the timestamp option. */
	mss = ep->peer_mss < ours ? ep->peer_mss : ours;
	ep->mss = (uint16_t)(mss - (ep->ts_ok ? 12 : 0));
	ep->cwnd = INIT_CWND_SEGS * ep->mss;
}

static void take_peer_syn(struct tfo_endpoint *ep, const tfo_segment *seg,
                          const tfo_opts_parsed *opts)
{
	ep->irs = seg->seq;
	ep->rcv_nxt = seg->seq + 1;
	ep->rcv_adv = ep->rcv_nxt;
	negotiate(ep, opts);
	ep->snd_wnd = seg->window; /* never scaled in a SYN (RFC 7323 section 2.2) */
	ep->max_snd_wnd = ep->snd_wnd;
	ep->snd_wl1 = seg->seq;
	ep->snd_wl2 = seg->ack;
}

void conn_passive_open(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts,
                       const struct fos_decision *fo)
{
	take_peer_syn(ep, seg, opts);
	ep->snd_wl2 = ep->iss;
	ep->t_open = ep->h->now;
	ep->fo.outcome = (uint8_t)fo->outcome;
	ep->fo.exp = opts->cookie_exp;
	if (opts->cookie_len > 0) {
		ep->fo.cookie_len = (uint8_t)opts->cookie_len;
		memcpy(ep->fo.cookie, opts->cookie, ep->fo.cookie_len);
	}
	ep->fo.syn_data = seg->len;
	if (fo->child_tfo) {
		ep->flags |= EPF_TFO_CHILD;
		ep->fo.syn_data_acked = seg->len;
	}
}

/* The SYN-ACK acknowledges our SYN and maybe some or all of the SYN's data. */
static void take_synack_ack(struct tfo_endpoint *ep, uint32_t ack)
{
	tfo_host *h = ep->h;
	uint32_t data = ack - (ep->iss + 1);

	if (data > ep->sndq.len)
		data = ep->sndq.len;
	buf_consume(&ep->sndq, &h->pool, data);
	ep->snd_base += data;
	ep->bytes_sent += data;
	ep->snd_una = ack;
	ep->delivered++; /* the SYN, with what data of it was acked: one skb in Linux */
	if (seq_lt(ep->snd_nxt, ack))
		ep->snd_nxt = ack;
	if (ep->flags & EPF_RTT) {
		ep->flags &= ~EPF_RTT;
		rtx_sample(ep, h->now - ep->rtt_time);
	}
}

void conn_active_open(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts)
{
	take_peer_syn(ep, seg, opts);
	take_synack_ack(ep, seg->ack);
	/* Our SYN's window was the free receive buffer, unscaled. */
	ep->rcv_adv = ep->rcv_nxt + (conn_rcv_space(ep) > 65535 ? 65535 : conn_rcv_space(ep));
	foc_synack(ep, opts);
	ep->flags |= EPF_ACK_NOW;
	tmr_stop(&ep->h->heap, &ep->t_main);
}

void conn_simultaneous_open(struct tfo_endpoint *ep, const tfo_segment *seg,
                            const tfo_opts_parsed *opts)
{
	take_peer_syn(ep, seg, opts);
	ep->snd_wl2 = ep->iss;
	/* The SYN-ACK we answer with carries no data: ours goes after the handshake. */
	ep->snd_nxt = ep->iss + 1;
	ep->flags &= ~EPF_RTT;
	if (ep->fo.syn_data)
		ep->fo.outcome = TFO_OUTCOME_REJECTED;
	else
		ep->fo.outcome = ep->fo.opt ? TFO_OUTCOME_COOKIE_REQUEST : TFO_OUTCOME_PLAIN;
}

void conn_handshake_done(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;
	uint8_t syn_rexmits = ep->nrtx;

	if (ep->flags & EPF_SYNCED)
		return;
	ep->flags |= EPF_SYNCED;
	ep->t_established = h->now;
	ep->nrtx = 0;
	if (ep->srtt == 0 && (ep->flags & EPF_SYN_REXMIT))
		ep->rto = RTO_FALLBACK > h->s.rto_initial ? RTO_FALLBACK : h->s.rto_initial;
	else
		rtx_reset_backoff(ep);
	/* Linux tcp_init_transfer(): cwnd 1 after more than one SYN/SYN-ACK retransmission. */
	if (syn_rexmits > 1)
		ep->cwnd = ep->mss;
	if (!(ep->flags & (EPF_ACTIVE | EPF_TFO_CHILD)))
		host_ctr(h, TFO_CTR_PASSIVE_OPENS);
	if (ep->flags & EPF_FO_PENDING)
		lsn_child_fo_done(ep);
	if (ep->parent && ep->where == WHERE_PENDING)
		lsn_child_established(ep);
	conn_event(ep, TFO_EV_CONNECTED);
}

static void zombie_add(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	if (ep->where == WHERE_ZOMBIE)
		return;
	ep->where = WHERE_ZOMBIE;
	ep->cprev = NULL;
	ep->cnext = h->zombies;
	if (h->zombies)
		h->zombies->cprev = ep;
	h->zombies = ep;
}

static void zombie_unlink(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	if (ep->where != WHERE_ZOMBIE)
		return;
	if (ep->cprev)
		ep->cprev->cnext = ep->cnext;
	else
		h->zombies = ep->cnext;
	if (ep->cnext)
		ep->cnext->cprev = ep->cprev;
	ep->cprev = ep->cnext = NULL;
	ep->where = WHERE_NONE;
}

/* conn_orphan: the application gave ep up; freed once CLOSED and its events are delivered. */
void conn_orphan(struct tfo_endpoint *ep)
{
	ep->flags |= EPF_ORPHAN;
	if (ep->state == TFO_CLOSED) {
		buf_release(&ep->rcvq, &ep->h->pool);
		zombie_add(ep);
	}
}

void conn_closed(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	rtx_stop_all(ep);
	ctab_remove(&h->ct, ep);
	if (ep->flags & EPF_FO_PENDING)
		lsn_child_fo_done(ep);
	/*
	 * Linux tcp_done() leaves a child that is in the accept queue there:
	 * inet_csk_accept() still hands it out, with its unread data and its
	 * error (a Fast Open child reset in SYN_RECV, say). Such a child is
	 * kept, receive queue and all, until accept() or the listener's close.
	 */
	if (ep->parent && ep->where != WHERE_ACCEPTQ)
		lsn_child_detach(ep);
	buf_release(&ep->sndq, &h->pool);
	ep->flags &= ~(EPF_ACK_NOW | EPF_DELACK_OWED | EPF_DEFERRED | EPF_WANT_WRITE | EPF_RTT);
	conn_event(ep, TFO_EV_CLOSED);
	if (ep->parent)
		return;
	if (!(ep->flags & EPF_APP) || (ep->flags & EPF_ORPHAN)) {
		buf_release(&ep->rcvq, &h->pool);
		zombie_add(ep);
	}
}

void conn_free(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	evq_purge(&h->evq, ep);
	ep->nevents = 0;
	rtx_stop_all(ep);
	h->ntimers -= 2;
	if (ep->state != TFO_CLOSED)
		ctab_remove(&h->ct, ep);
	if (ep->flags & EPF_FO_PENDING)
		lsn_child_fo_done(ep);
	if (ep->parent)
		lsn_child_detach(ep);
	zombie_unlink(ep);
	if (ep->aprev)
		ep->aprev->anext = ep->anext;
	else
		h->all = ep->anext;
	if (ep->anext)
		ep->anext->aprev = ep->aprev;
	buf_release(&ep->sndq, &h->pool);
	buf_release(&ep->rcvq, &h->pool);
	if (h->nspare < CONN_SPARE_MAX) {
		ep->cnext = h->spare;
		h->spare = ep;
		h->nspare++;
		spare_poison(ep, 1);
	} else {
		mem_free(&h->mem, ep);
	}
}

void conn_free_spares(tfo_host *h)
{
	while (h->spare) {
		struct tfo_endpoint *ep = h->spare;

		h->spare = ep->cnext;
		spare_poison(ep, 0);
		mem_free(&h->mem, ep);
	}
	h->nspare = 0;
}

/* conn_reap: frees the closed orphans whose events have all been delivered. */
void conn_reap(tfo_host *h)
{
	struct tfo_endpoint *ep = h->zombies;

	while (ep) {
		struct tfo_endpoint *next = ep->cnext;

		if (ep->nevents == 0)
			conn_free(ep);
		ep = next;
	}
}
