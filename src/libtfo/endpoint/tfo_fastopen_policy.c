/*
 * Fast Open policy: the verdicts of tfo_fastopen_policy.h, after Linux
 * net/ipv4/tcp_fastopen.c tcp_try_fastopen(), tcp_fastopen_queue_check(),
 * tcp_fastopen_cookie_check() and tcp_output.c tcp_send_syn_data().
 */
#include <string.h>

#include "tfo_fastopen_policy.h"

/* Linux reserves the whole option space in a SYN with data (MAX_TCP_OPTION_SPACE). */
#define SYN_OPTION_RESERVE 40u

static int outcome_of(const struct fos_question *q, int accept)
{
	if (accept)
		return TFO_OUTCOME_ACCEPTED;
	if (q->data_len || q->cookie_len > 0)
		return TFO_OUTCOME_REJECTED;
	return q->cookie_len == 0 ? TFO_OUTCOME_COOKIE_REQUEST : TFO_OUTCOME_PLAIN;
}

/* Which reason, in the order tcp_try_fastopen() tests. */
static enum fos_reason server_reason(const struct fos_question *q)
{
	if (!(q->fastopen & TFO_FASTOPEN_SERVER) || q->max_qlen == 0)
		return FOS_OFF;
	if (q->data_len == 0 && q->cookie_len < 0)
		return FOS_NOT_ASKED;
	if (q->qlen >= q->max_qlen)
		return FOS_QUEUE_FULL;
	if (q->fastopen & TFO_FASTOPEN_SERVER_NO_COOKIE)
		return FOS_NO_COOKIE_NEEDED;
	if (q->cookie_len < 0)
		return FOS_NO_OPTION;
	if (q->cookie_len == 0)
		return FOS_COOKIE_REQUEST;
	if (q->match == FOS_MATCH_UNKNOWN)
		return FOS_CHECK_COOKIE;
	if (q->match == TFO_MATCH_PRIMARY)
		return FOS_VALID;
	return q->match == TFO_MATCH_BACKUP ? FOS_VALID_BACKUP : FOS_INVALID;
}

void fos_policy(const struct fos_question *q, struct fos_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->reason = server_reason(q);
	if (v->reason == FOS_CHECK_COOKIE)
		return;
	v->accept = v->reason == FOS_NO_COOKIE_NEEDED || v->reason == FOS_VALID ||
	            v->reason == FOS_VALID_BACKUP;
	v->fresh_cookie = v->reason == FOS_COOKIE_REQUEST || v->reason == FOS_VALID ||
	                  v->reason == FOS_VALID_BACKUP || v->reason == FOS_INVALID;
	v->send_cookie = v->fresh_cookie && v->reason != FOS_VALID;
	v->outcome = outcome_of(q, v->accept);
}

uint32_t fo_syn_room(uint16_t cached_mss, uint16_t our_mss)
{
	uint32_t mss = cached_mss ? cached_mss : our_mss;

	if (mss > our_mss)
		mss = our_mss;
	return mss > SYN_OPTION_RESERVE ? mss - SYN_OPTION_RESERVE : 0;
}

static enum foc_reason client_reason(const struct foc_question *q)
{
	if (!(q->flags & (TFO_CONNECT_FASTOPEN | TFO_CONNECT_DEFER)))
		return FOC_NOT_ASKED;
	if (q->paused)
		return FOC_PAUSED;
	if (q->fastopen & TFO_FASTOPEN_CLIENT_NO_COOKIE)
		return FOC_NO_COOKIE;
	return q->cached && q->cookie_len ? FOC_COOKIE : FOC_COOKIE_REQUEST;
}

void foc_policy(const struct foc_question *q, struct foc_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->reason = client_reason(q);
	v->opt_len = -1;
	switch (v->reason) {
	case FOC_NOT_ASKED:
	case FOC_PAUSED:
		break;
	case FOC_NO_COOKIE:
		v->data_ok = 1;
		break;
	case FOC_COOKIE:
		v->opt_len = q->cookie_len;
		v->opt_exp = q->cookie_exp;
		v->data_ok = 1;
		break;
	case FOC_COOKIE_REQUEST:
		/* Linux tcp_fastopen_cache_get(): the exp form while try_exp is 1 */
		v->opt_len = 0;
		v->opt_exp = q->cached && q->try_exp == 1;
		v->client_fail = TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE;
		break;
	}
	v->syn_room = v->data_ok ? fo_syn_room(q->cached_mss, q->our_mss) : 0;
}
