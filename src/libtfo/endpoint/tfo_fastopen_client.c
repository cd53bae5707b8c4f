/*
 * Fast Open, client side, after Linux net/ipv4/tcp_fastopen.c and
 * tcp_output.c: what the SYN carries (tcp_fastopen_cookie_check(),
 * tcp_send_syn_data()), what the SYN-ACK teaches
 * (tcp_rcv_fastopen_synack(), tcp_fastopen_cache_set()), and the
 * blackhole pause (tcp_fastopen_active_should_disable(),
 * tcp_fastopen_active_detect_blackhole()).
 */
#include <string.h>

#include "tfo_conn.h"
#include "tfo_cookie_cache.h"
#include "tfo_fastopen.h"
#include "tfo_fastopen_policy.h"
#include "tfo_host.h"
#include "tfo_seq.h"

int foc_paused(const tfo_host *h)
{
	tfo_time timeout = h->s.blackhole_timeout;
	uint32_t shift;

	if (timeout == 0 || h->bh_times == 0)
		return 0;
	/* timeout * 2^min(times - 1, 6) */
	shift = h->bh_times - 1 < 6 ? h->bh_times - 1 : 6;
	if (timeout > (TFO_TIME_NEVER - h->bh_stamp) >> shift)
		return 1;
	return h->now < h->bh_stamp + (timeout << shift);
}

uint32_t foc_syn_room(const struct tfo_endpoint *ep)
{
	const tfo_host *h = ep->h;
	const struct cc_entry *e = cc_find(&h->cc, &ep->local.addr, &ep->remote.addr);

	return fo_syn_room(e ? e->mss : 0, conn_adv_mss(ep));
}

/* The question for the policy, from the host and the cache entry e (may be NULL). */
static void ask(const struct tfo_endpoint *ep, const struct cc_entry *e, unsigned flags,
                struct foc_verdict *v)
{
	const tfo_host *h = ep->h;
	struct foc_question q = {
		.flags = flags,
		.fastopen = h->s.fastopen,
		.paused = foc_paused(h),
		.cached = e != NULL,
		.cookie_len = e ? e->cookie_len : 0,
		.cookie_exp = e ? e->cookie_exp : 0,
		.try_exp = e ? e->try_exp : 0,
		.cached_mss = e ? e->mss : 0,
		.our_mss = conn_adv_mss(ep),
	};

	foc_policy(&q, v);
}

void foc_plan(struct tfo_endpoint *ep, unsigned flags, struct foc_plan *p)
{
	tfo_host *h = ep->h;
	int fo = (flags & (TFO_CONNECT_FASTOPEN | TFO_CONNECT_DEFER)) != 0;
	struct cc_entry *e = fo ? cc_find(&h->cc, &ep->local.addr, &ep->remote.addr) : NULL;
	struct foc_verdict v;

	ask(ep, e, flags, &v);
	memset(p, 0, sizeof(*p));
	p->opt.len = (int8_t)v.opt_len;
	p->opt.exp = (uint8_t)v.opt_exp;
	p->data_ok = v.data_ok;
	p->syn_room = v.syn_room;
	if (v.reason == FOC_PAUSED)
		conn_logf(ep, "tfo: client Fast Open paused (blackhole), plain SYN");
	if (v.reason == FOC_COOKIE) {
		memcpy(p->opt.cookie, e->cookie, e->cookie_len);
		cc_touch(&h->cc, e);
	}
	if (v.client_fail)
		ep->fo.client_fail = (uint8_t)v.client_fail;
	/* Linux syn_fastopen_ch: passed the check although a pause was recorded. */
	if (fo && h->s.blackhole_timeout && h->bh_times && v.reason != FOC_PAUSED)
		ep->fo.ch = 1;
	ep->fo.opt = p->opt.len >= 0;
	ep->fo.exp = ep->fo.opt ? p->opt.exp : 0;
	ep->fo.cookie_len = p->opt.len > 0 ? (uint8_t)p->opt.len : 0;
	memcpy(ep->fo.cookie, p->opt.cookie, sizeof(ep->fo.cookie));
}

/*
 * Linux tcp_fastopen_cache_set(): the MSS and a cookie replace what was
 * cached; try_exp only moves up (0 -> 1 -> 2) while no cookie is known,
 * as the captures in traces/server-off show; syn_loss counts consecutive
 * Fast Open SYN losses (Linux keeps it for `ip tcp_metrics`; nothing here
 * reads it back).
 */
static void cache_set(struct tfo_endpoint *ep, uint16_t mss, const tfo_opts_parsed *opts,
                      int use_cookie, int syn_drop, uint8_t try_exp)
{
	tfo_host *h = ep->h;
	struct cc_entry *e = cc_get(&h->cc, &ep->local.addr, &ep->remote.addr);
	struct evq_entry ev = { 0 };

	if (!e) {
		if (h->cc.max)
			h->nomem++;
		conn_logf(ep, "tfo: cookie cache: no entry (no memory or size 0)");
		return;
	}
	if (mss)
		e->mss = mss;
	if (use_cookie) {
		e->cookie_len = (uint8_t)opts->cookie_len;
		e->cookie_exp = opts->cookie_exp;
		memcpy(e->cookie, opts->cookie, e->cookie_len);
		ev.obj = ep;
		ev.type = TFO_EV_COOKIE;
		ev.cookie_len = e->cookie_len;
		memcpy(ev.cookie, e->cookie, e->cookie_len);
		host_event(h, &ev);
		conn_logf(ep, "tfo: cookie learned (%u bytes%s)", e->cookie_len,
		          e->cookie_exp ? ", experimental option" : "");
	} else if (try_exp > e->try_exp && e->cookie_len == 0) {
		e->try_exp = try_exp;
	}
	if (syn_drop) {
		e->syn_loss++;
		e->last_syn_loss = h->now;
	} else {
		e->syn_loss = 0;
	}
}

/* SYN data still unacknowledged after the SYN-ACK: resend it now. */
static void syn_data_unacked(struct tfo_endpoint *ep, uint32_t acked)
{
	tfo_host *h = ep->h;

	ep->fo.client_fail = (ep->flags & EPF_SYN_REXMIT) ? TFO_CLIENT_FAIL_SYN_RETRANSMITTED
	                                                  : TFO_CLIENT_FAIL_DATA_NOT_ACKED;
	ep->fo.outcome = acked ? TFO_OUTCOME_PARTIAL : TFO_OUTCOME_REJECTED;
	ep->fo.syn_data_acked = acked;
	host_ctr(h, TFO_CTR_FASTOPEN_ACTIVE_FAIL);
	ep->snd_nxt = ep->snd_una;
	conn_logf(ep, "tfo: SYN-ACK acknowledged %u of %u SYN data bytes, resending the rest",
	          acked, ep->fo.syn_data);
}

void foc_synack(struct tfo_endpoint *ep, const tfo_opts_parsed *opts)
{
	uint32_t acked = ep->snd_una - (ep->iss + 1);
	int tried = ep->fo.opt || ep->fo.syn_data;
	int cookie = ep->fo.opt && opts->cookie_len > 0;
	int data_left, syn_drop = 0;
	uint8_t try_exp = 0;
	uint16_t mss = (opts->present & TFO_HAS_MSS) ? opts->mss : 0;

	if (acked > ep->fo.syn_data)
		acked = ep->fo.syn_data;
	data_left = ep->fo.syn_data && acked < ep->fo.syn_data;
	if (!tried) {
		ep->fo.outcome = TFO_OUTCOME_PLAIN;
		return;
	}
	/* Unsolicited cookies (no TFO option in our SYN) are ignored. */
	if (ep->fo.opt && (ep->flags & EPF_SYN_REXMIT))
		syn_drop = opts->cookie_len < 0 && data_left;
	else if (ep->fo.opt && opts->cookie_len < 0 && !ep->fo.syn_data)
		try_exp = ep->fo.exp ? 2 : 1;
	cache_set(ep, mss, opts, cookie, syn_drop, try_exp);
	if (data_left) {
		syn_data_unacked(ep, acked);
		return;
	}
	if (ep->fo.syn_data) {
		ep->fo.syn_data_acked = ep->fo.syn_data;
		ep->fo.outcome = TFO_OUTCOME_ACCEPTED;
		host_ctr(ep->h, TFO_CTR_FASTOPEN_ACTIVE);
	} else {
		ep->fo.outcome = TFO_OUTCOME_COOKIE_REQUEST;
	}
}

static void pause_client(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	if (h->s.blackhole_timeout == 0)
		return;
	h->bh_stamp = h->now;
	h->bh_times++;
	host_ctr(h, TFO_CTR_FASTOPEN_BLACKHOLE);
	conn_logf(ep, "tfo: blackhole suspected, client Fast Open paused (%u)", h->bh_times);
}

/*
 * Linux counts icsk_retransmits before this timeout's retransmission:
 * the third consecutive timeout of a connection that tried Fast Open
 * (or an earlier one that gives up) pauses client Fast Open host-wide,
 * and counts TCPFastOpenActiveFail even when pausing is off.
 */
void foc_timeout(struct tfo_endpoint *ep, int expired)
{
	if (!(ep->fo.opt || ep->fo.syn_data || ep->fo.syn_data_acked))
		return;
	if (ep->nrtx == 2 || (ep->nrtx < 2 && expired)) {
		pause_client(ep);
		host_ctr(ep->h, TFO_CTR_FASTOPEN_ACTIVE_FAIL);
	}
}

/*
 * Linux tcp_fastopen_active_disable_ofo_check(): a Fast Open connection
 * that passed the check after a pause and received data in order ends
 * the pause. Here: when its peer's FIN arrives in order after data.
 */
void foc_stream_done(struct tfo_endpoint *ep)
{
	tfo_host *h = ep->h;

	if (ep->fo.opt && ep->fo.ch && ep->bytes_received && h->bh_times) {
		h->bh_times = 0;
		conn_logf(ep, "tfo: Fast Open worked again, blackhole pause lifted");
	}
}
