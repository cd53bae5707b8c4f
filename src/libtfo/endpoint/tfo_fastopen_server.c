/*
 * Fast Open, server side: the listener asks the policy
 * (tfo_fastopen_policy.c, after Linux tcp_try_fastopen()) and this file
 * applies its verdict: counters, log lines, the SYN-ACK's cookie.
 */
#include <string.h>

#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_fastopen_policy.h"
#include "tfo_host.h"

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

void fos_question_of(const struct tfo_listener *l, const tfo_segment *seg,
                     const tfo_opts_parsed *opts, struct fos_question *q)
{
	q->fastopen = l->h->s.fastopen;
	q->max_qlen = l->fo_max_qlen;
	q->qlen = l->fo_qlen;
	q->data_len = seg->len;
	q->cookie_len = opts->cookie_len;
	q->match = FOS_MATCH_UNKNOWN;
}

static void ask(struct tfo_listener *l, const tfo_segment *seg, const tfo_opts_parsed *opts,
                struct fos_verdict *v)
{
	struct fos_question q;

	fos_question_of(l, seg, opts, &q);
	fos_policy(&q, v);
	if (v->reason != FOS_CHECK_COOKIE)
		return;
	q.match = tfo_keyring_check(l->h->ring, &seg->src.addr, &seg->dst.addr, opts->cookie,
	                            (size_t)opts->cookie_len);
	if (q.match < 0)
		q.match = TFO_MATCH_NONE;
	fos_policy(&q, v);
}

/* One log line and the counter the verdict's reason calls for. */
static void account(struct tfo_listener *l, struct tfo_endpoint *child, const tfo_segment *seg,
                    const struct fos_verdict *v, const struct fos_decision *d)
{
	tfo_host *h = l->h;
	uint32_t n = seg->len;

	switch (v->reason) {
	case FOS_CHECK_COOKIE:
	case FOS_NOT_ASKED:
		break;
	case FOS_QUEUE_FULL:
		host_ctr(h, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW);
		conn_logf(child, "tfo: Fast Open queue full (%d), no Fast Open", l->fo_max_qlen);
		/* fall through */
	case FOS_OFF:
		if (n)
			conn_logf(child, "tfo: no Fast Open, %u SYN data bytes dropped", n);
		break;
	case FOS_NO_COOKIE_NEEDED:
		conn_logf(child, "tfo: no cookie required, %u data bytes accepted", n);
		break;
	case FOS_COOKIE_REQUEST:
		if (n)
			conn_logf(child, "tfo: cookie request with data, %u bytes dropped", n);
		break;
	case FOS_NO_OPTION:
		conn_logf(child, "tfo: SYN data without a TFO option, %u bytes dropped", n);
		break;
	case FOS_VALID:
		conn_logf(child, "tfo: cookie valid, %u data bytes accepted", n);
		break;
	case FOS_VALID_BACKUP:
		/* Linux: the backup key's cookie earns a fresh primary cookie */
		conn_logf(child,
		          "tfo: cookie valid on the backup key, %u data bytes accepted, "
		          "fresh cookie sent",
		          n);
		break;
	case FOS_INVALID:
		host_ctr(h, TFO_CTR_FASTOPEN_PASSIVE_FAIL);
		conn_logf(child, "tfo: invalid cookie, %u data bytes dropped, fresh cookie%s", n,
		          d->synack.len > 0 ? " sent" : " unavailable (no key)");
		break;
	}
}

void fos_decide(struct tfo_listener *l, struct tfo_endpoint *child, const tfo_segment *seg,
                const tfo_opts_parsed *opts, struct fos_decision *d)
{
	struct fos_verdict v;

	memset(d, 0, sizeof(*d));
	d->synack.len = -1;
	if (opts->cookie_len == 0)
		host_ctr(l->h, TFO_CTR_FASTOPEN_COOKIE_REQD);
	ask(l, seg, opts, &v);
	/* A valid primary cookie earns a fresh one only if the child then fails: made there. */
	d->fresh_cookie = v.fresh_cookie;
	if (v.send_cookie)
		primary_cookie(l->h, seg, &d->synack, opts->cookie_exp);
	d->child_tfo = v.accept;
	d->match = v.reason == FOS_VALID          ? TFO_MATCH_PRIMARY
	           : v.reason == FOS_VALID_BACKUP ? TFO_MATCH_BACKUP
	                                          : TFO_MATCH_NONE;
	d->outcome = v.outcome;
	account(l, child, seg, &v, d);
}

void fos_child_failed(struct tfo_endpoint *child, const tfo_segment *seg,
                      const tfo_opts_parsed *opts, struct fos_decision *d)
{
	host_ctr(child->h, TFO_CTR_FASTOPEN_PASSIVE_FAIL);
	conn_logf(child, "tfo: no memory for the SYN data, acknowledging the SYN only");
	d->child_tfo = 0;
	if (d->fresh_cookie)
		primary_cookie(child->h, seg, &d->synack, opts->cookie_exp);
	else
		d->synack = (struct fo_option){ .len = -1 };
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
