/*
 * Fast Open, server side, after Linux net/ipv4/tcp_fastopen.c
 * tcp_try_fastopen(), tcp_fastopen_queue_check() and
 * tcp_fastopen_cookie_gen_check(): whether a SYN's data is accepted, and
 * which cookie, if any, the SYN-ACK carries.
 */
#include <string.h>

#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_host.h"

/* Linux tcp_fastopen_queue_check(): TFO on for the listener and room in its queue. */
static int queue_ok(struct tfo_listener *l, struct tfo_endpoint *child)
{
	if (l->fo_max_qlen == 0)
		return 0;
	if (l->fo_qlen >= l->fo_max_qlen) {
		host_ctr(l->h, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW);
		conn_logf(child, "tfo: Fast Open queue full (%d), no Fast Open", l->fo_max_qlen);
		return 0;
	}
	return 1;
}

/* The primary key's cookie for this client and server (Linux's valid_foc). */
static void primary_cookie(tfo_host *h, const tfo_segment *seg, struct fo_option *out, int exp)
{
	uint8_t c[TFO_COOKIE_MAX];
	int n = tfo_keyring_make(h->ring, &seg->src.addr, &seg->dst.addr, c, sizeof(c));

	out->len = -1;
	out->exp = (uint8_t)exp;
	if (n <= 0)
		return;
	out->len = (int8_t)n;
	memcpy(out->cookie, c, (size_t)n);
}

static int outcome_of(const tfo_segment *seg, const tfo_opts_parsed *opts, int child_tfo)
{
	if (child_tfo)
		return TFO_OUTCOME_ACCEPTED;
	if (seg->len || opts->cookie_len > 0)
		return TFO_OUTCOME_REJECTED;
	return opts->cookie_len == 0 ? TFO_OUTCOME_COOKIE_REQUEST : TFO_OUTCOME_PLAIN;
}

/* A cookie came with the SYN: primary, backup or invalid. */
static void check_cookie(struct tfo_endpoint *child, const tfo_segment *seg,
                         const tfo_opts_parsed *opts, struct fos_decision *d)
{
	tfo_host *h = child->h;
	int m = tfo_keyring_check(h->ring, &seg->src.addr, &seg->dst.addr, opts->cookie,
	                          (size_t)opts->cookie_len);

	d->match = m > 0 ? m : TFO_MATCH_NONE;
	if (d->match == TFO_MATCH_NONE) {
		host_ctr(h, TFO_CTR_FASTOPEN_PASSIVE_FAIL);
		d->synack = d->fallback;
		conn_logf(child, "tfo: invalid cookie, %u data bytes dropped, fresh cookie%s",
		          seg->len, d->synack.len > 0 ? " sent" : " unavailable (no key)");
		return;
	}
	d->child_tfo = 1;
	if (d->match == TFO_MATCH_BACKUP) {
		/* Linux: the backup key's cookie earns a fresh primary cookie */
		d->synack = d->fallback;
		conn_logf(child,
		          "tfo: cookie valid on the backup key, %u data bytes accepted, "
		          "fresh cookie sent",
		          seg->len);
	} else {
		conn_logf(child, "tfo: cookie valid, %u data bytes accepted", seg->len);
	}
}

void fos_decide(struct tfo_listener *l, struct tfo_endpoint *child, const tfo_segment *seg,
                const tfo_opts_parsed *opts, struct fos_decision *d)
{
	tfo_host *h = l->h;
	int syn_data = seg->len > 0;

	memset(d, 0, sizeof(*d));
	d->synack.len = -1;
	d->fallback.len = -1;
	if (opts->cookie_len == 0)
		host_ctr(h, TFO_CTR_FASTOPEN_COOKIE_REQD);
	if (!(h->s.fastopen & TFO_FASTOPEN_SERVER) || !(syn_data || opts->cookie_len >= 0) ||
	    !queue_ok(l, child)) {
		if (syn_data)
			conn_logf(child, "tfo: no Fast Open, %u SYN data bytes dropped", seg->len);
	} else if (h->s.fastopen & TFO_FASTOPEN_SERVER_NO_COOKIE) {
		d->child_tfo = 1;
		conn_logf(child, "tfo: no cookie required, %u data bytes accepted", seg->len);
	} else if (opts->cookie_len >= 0) {
		primary_cookie(h, seg, &d->fallback, opts->cookie_exp);
		if (opts->cookie_len == 0) {
			d->synack = d->fallback;
			if (syn_data)
				conn_logf(child, "tfo: cookie request with data, %u bytes dropped",
				          seg->len);
		} else {
			check_cookie(child, seg, opts, d);
		}
	} else {
		conn_logf(child, "tfo: SYN data without a TFO option, %u bytes dropped", seg->len);
	}
	d->outcome = outcome_of(seg, opts, d->child_tfo);
}

void fos_child_failed(struct tfo_endpoint *child, struct fos_decision *d)
{
	host_ctr(child->h, TFO_CTR_FASTOPEN_PASSIVE_FAIL);
	conn_logf(child, "tfo: no memory for the SYN data, acknowledging the SYN only");
	d->child_tfo = 0;
	d->synack = d->fallback;
	d->outcome = TFO_OUTCOME_REJECTED;
}

void fos_child_created(struct tfo_endpoint *child, const struct fos_decision *d)
{
	tfo_host *h = child->h;

	host_ctr(h, TFO_CTR_FASTOPEN_PASSIVE);
	host_ctr(h, TFO_CTR_PASSIVE_OPENS);
	if (d->match == TFO_MATCH_BACKUP)
		host_ctr(h, TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY);
}
