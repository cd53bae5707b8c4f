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
#include "tfo_host.h"
#include "tfo_seq.h"

/*
 * Linux reserves the whole option space in a SYN with data
 * (MAX_TCP_OPTION_SPACE), so a data SYN never exceeds the MSS.
 */
#define SYN_OPTION_RESERVE 40u

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

/*
 * Linux tcp_send_syn_data(): mss_clamp starts at our advertised MSS ("If MSS
 * is not cached") and tcp_fastopen_cache_get() replaces it with the cached
 * one; the path MTU bounds it (we never send more than our own MSS), and
 * MAX_TCP_OPTION_SPACE comes off. RFC 7413 section 4.2 suggests the default
 * MSS (536) when nothing is cached; Linux 6.18 sends 1420 bytes then (see
 * tests/scripts/client-no-cookie-0x4.pkt), and we follow Linux.
 */
uint32_t foc_syn_room(const struct tfo_endpoint *ep)
{
	const tfo_host *h = ep->h;
	const struct cc_entry *e = cc_find(&h->cc, &ep->local.addr, &ep->remote.addr);
	uint32_t ours = host_mss(h, ep->local.addr.family);
	uint32_t mss = e && e->mss ? e->mss : ours;

	if (mss > ours)
		mss = ours;
	return mss > SYN_OPTION_RESERVE ? mss - SYN_OPTION_RESERVE : 0;
}

static void plan_cookie(struct tfo_endpoint *ep, struct cc_entry *e, struct foc_plan *p)
{
	p->opt.len = (int8_t)e->cookie_len;
	p->opt.exp = e->cookie_exp;
	memcpy(p->opt.cookie, e->cookie, e->cookie_len);
	p->data_ok = 1;
	cc_touch(&ep->h->cc, e);
}

void foc_plan(struct tfo_endpoint *ep, unsigned flags, struct foc_plan *p)
{
	tfo_host *h = ep->h;
	struct cc_entry *e;

	memset(p, 0, sizeof(*p));
	p->opt.len = -1;
	if (!(flags & (TFO_CONNECT_FASTOPEN | TFO_CONNECT_DEFER))) {
		/* fall through to recording a plain SYN */
	} else if (foc_paused(h)) {
		conn_logf(ep, "tfo: client Fast Open paused (blackhole), plain SYN");
	} else if (h->s.fastopen & TFO_FASTOPEN_CLIENT_NO_COOKIE) {
		p->data_ok = 1;
	} else if ((e = cc_find(&h->cc, &ep->local.addr, &ep->remote.addr)) && e->cookie_len) {
		plan_cookie(ep, e, p);
	} else {
		/* Linux tcp_fastopen_cache_get(): the exp form while try_exp is 1 */
		p->opt.len = 0;
		p->opt.exp = e && e->try_exp == 1;
		ep->fo.client_fail = TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE;
	}
	/* Linux syn_fastopen_ch: passed the check although a pause was recorded. */
	if ((flags & (TFO_CONNECT_FASTOPEN | TFO_CONNECT_DEFER)) && h->s.blackhole_timeout &&
	    h->bh_times && !foc_paused(h))
		ep->fo.ch = 1;
	p->syn_room = p->data_ok ? foc_syn_room(ep) : 0;
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
