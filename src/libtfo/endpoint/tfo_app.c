/*
 * The application's calls on endpoints: connect, write, read, shutdown,
 * close, abort, and what they can learn about a connection.
 */
#include <string.h>

#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_fsm.h"
#include "tfo_host.h"
#include "tfo_output.h"
#include "tfo_seq.h"

static int check_args(const tfo_connect_args *a)
{
	int fam = a->remote.addr.family;

	if (fam != TFO_AF_INET && fam != TFO_AF_INET6)
		return TFO_ERR_INVALID;
	if (a->local.addr.family != fam || a->remote.port == 0)
		return TFO_ERR_INVALID;
	if (a->flags & ~(TFO_CONNECT_FASTOPEN | TFO_CONNECT_DEFER | TFO_CONNECT_SYN_DATA_ONLY))
		return TFO_ERR_INVALID;
	if (a->len && (!a->data || !(a->flags & TFO_CONNECT_FASTOPEN)))
		return TFO_ERR_INVALID;
	if (a->len > INT32_MAX)
		return TFO_ERR_INVALID;
	return 0;
}

/* An ephemeral port: a random start in [port_lo, port_hi], then the next free one. */
static int pick_port(tfo_host *h, tfo_sockaddr *local, const tfo_sockaddr *remote)
{
	uint32_t lo = h->s.port_lo, range = (uint32_t)h->s.port_hi - lo + 1;
	uint32_t off = host_rand32(h) % range;

	for (uint32_t i = 0; i < range; i++) {
		local->port = (uint16_t)(lo + (off + i) % range);
		if (!ctab_find(&h->ct, local, remote) && !lsn_port_taken(h, local))
			return 0;
	}
	return TFO_ERR_ADDRNOTAVAIL;
}

/* How much of len the connect or deferred write takes, given the plan. */
static uint32_t amount(const tfo_host *h, const struct foc_plan *p, unsigned flags, size_t len)
{
	size_t max =
	        (flags & TFO_CONNECT_SYN_DATA_ONLY) ? (p->data_ok ? p->syn_room : 0) : h->s.sndbuf;

	return (uint32_t)(len < max ? len : max);
}

static int queue_syn_data(struct tfo_endpoint *ep, const struct foc_plan *p, unsigned flags,
                          const void *data, size_t len)
{
	uint32_t take = amount(ep->h, p, flags, len);

	if (take && buf_append(&ep->sndq, &ep->h->pool, data, take) != 0)
		return TFO_ERR_NOMEM;
	ep->fo.syn_data = p->data_ok ? (take < p->syn_room ? take : p->syn_room) : 0;
	return (int)take;
}

static int connect_start(tfo_host *h, const tfo_connect_args *a, tfo_endpoint **out)
{
	tfo_sockaddr local = a->local;
	struct tfo_endpoint *ep;
	struct foc_plan plan;
	int fo = (a->flags & (TFO_CONNECT_FASTOPEN | TFO_CONNECT_DEFER)) != 0;
	int r;

	r = check_args(a);
	if (r)
		return r;
	if ((a->flags & TFO_CONNECT_DEFER) && a->len)
		return TFO_ERR_INVALID;
	if (fo && !(h->s.fastopen & TFO_FASTOPEN_CLIENT))
		return TFO_ERR_OPNOTSUPP;
	if (local.port == 0)
		r = pick_port(h, &local, &a->remote);
	else if (ctab_find(&h->ct, &local, &a->remote))
		r = TFO_ERR_ADDRINUSE;
	if (r)
		return r;
	ep = conn_new(h, &local, &a->remote);
	if (!ep)
		return TFO_ERR_NOMEM;
	ep->flags |= EPF_ACTIVE | EPF_APP;
	ep->user_mss = a->mss;
	ep->user_syn_retries = a->syn_retries;
	conn_draw_isn(ep);
	foc_plan(ep, a->flags, &plan);
	r = queue_syn_data(ep, &plan, a->flags, a->data, a->len);
	if (r < 0) {
		conn_free(ep);
		return r;
	}
	/* Linux tcp_fastopen_defer_connect(): only with a cookie (or cookie-less mode). */
	if ((a->flags & TFO_CONNECT_DEFER) && plan.data_ok) {
		ep->flags |= EPF_DEFERRED;
		if (a->flags & TFO_CONNECT_SYN_DATA_ONLY)
			ep->flags |= EPF_SYN_ONLY;
	}
	ep->t_open = h->now;
	ctab_insert(&h->ct, &h->mem, ep);
	fsm_event(ep, FSM_APP_CONNECT, NULL);
	*out = ep;
	return r;
}

TFO_EXPORT int tfo_connect(tfo_host *h, tfo_time now, const tfo_connect_args *args,
                           tfo_endpoint **out)
{
	int r;

	if (!h || !args || !out)
		return TFO_ERR_INVALID;
	r = host_enter(h, now);
	if (r)
		return r;
	r = connect_start(h, args, out);
	host_leave(h);
	return r;
}

/* The first write of a fast-open connect: the SYN leaves with it (Linux tcp_sendmsg_fastopen()). */
static int deferred_write(struct tfo_endpoint *ep, const void *buf, size_t len)
{
	unsigned flags =
	        TFO_CONNECT_FASTOPEN | (ep->flags & EPF_SYN_ONLY ? TFO_CONNECT_SYN_DATA_ONLY : 0);
	struct foc_plan plan;
	int r;

	foc_plan(ep, flags, &plan);
	r = queue_syn_data(ep, &plan, flags, buf, len);
	if (r < 0)
		return r;
	ep->flags &= ~(EPF_DEFERRED | EPF_SYN_ONLY);
	ep->t_open = ep->h->now;
	fsm_event(ep, FSM_APP_SEND, NULL);
	return r;
}

static int closed_error(const struct tfo_endpoint *ep)
{
	if (ep->error)
		return ep->error;
	return (ep->flags & EPF_WAS_OPEN) ? TFO_ERR_PIPE : TFO_ERR_NOTCONN;
}

static int do_write(struct tfo_endpoint *ep, const void *buf, size_t len)
{
	tfo_host *h = ep->h;
	uint32_t space, n;

	if (ep->flags & EPF_DEFERRED)
		return deferred_write(ep, buf, len);
	if (ep->state == TFO_CLOSED)
		return closed_error(ep);
	if (ep->flags & EPF_FIN_QUEUED)
		return TFO_ERR_PIPE;
	space = h->s.sndbuf > ep->sndq.len ? h->s.sndbuf - ep->sndq.len : 0;
	if (space == 0 && len) {
		ep->flags |= EPF_WANT_WRITE;
		return TFO_ERR_AGAIN;
	}
	n = (uint32_t)(len < space ? len : space);
	if (n > INT32_MAX)
		n = INT32_MAX;
	if (n && buf_append(&ep->sndq, &h->pool, buf, n) != 0)
		return TFO_ERR_NOMEM;
	out_push(ep);
	return (int)n;
}

TFO_EXPORT int tfo_write(tfo_endpoint *ep, tfo_time now, const void *buf, size_t len)
{
	int r;

	if (!ep || (!buf && len))
		return TFO_ERR_INVALID;
	r = host_enter(ep->h, now);
	if (r)
		return r;
	r = do_write(ep, buf, len);
	host_leave(ep->h);
	return r;
}

/*
 * Linux __tcp_cleanup_rbuf(): after a read, announce the window when it
 * at least doubled and the old one was at most half the buffer.
 */
static void window_update(struct tfo_endpoint *ep)
{
	uint32_t cur, now_wnd;

	if (ep->state != TFO_ESTABLISHED && ep->state != TFO_FIN_WAIT_1 &&
	    ep->state != TFO_FIN_WAIT_2)
		return;
	cur = seq_gt(ep->rcv_adv, ep->rcv_nxt) ? ep->rcv_adv - ep->rcv_nxt : 0;
	now_wnd = (conn_rcv_space(ep) >> ep->rcv_wscale) << ep->rcv_wscale;
	if (2 * (uint64_t)cur <= ep->h->s.rcvbuf && now_wnd >= 2 * (uint64_t)cur && now_wnd > cur)
		out_ack(ep);
}

static int do_read(struct tfo_endpoint *ep, void *buf, size_t len)
{
	uint32_t n;

	if (ep->rcvq.len) {
		n = (uint32_t)(len < ep->rcvq.len ? len : ep->rcvq.len);
		if (n > INT32_MAX)
			n = INT32_MAX;
		buf_peek(&ep->rcvq, 0, buf, n);
		buf_consume(&ep->rcvq, &ep->h->pool, n);
		if (n)
			window_update(ep);
		return (int)n;
	}
	if (ep->flags & EPF_FIN_RCVD)
		return 0;
	if (ep->error)
		return ep->error;
	if (ep->state == TFO_CLOSED)
		return (ep->flags & EPF_WAS_OPEN) ? 0 : TFO_ERR_NOTCONN;
	return TFO_ERR_AGAIN;
}

TFO_EXPORT int tfo_read(tfo_endpoint *ep, tfo_time now, void *buf, size_t len)
{
	int r;

	if (!ep || (!buf && len))
		return TFO_ERR_INVALID;
	r = host_enter(ep->h, now);
	if (r)
		return r;
	r = do_read(ep, buf, len);
	host_leave(ep->h);
	return r;
}

TFO_EXPORT int tfo_shutdown(tfo_endpoint *ep, tfo_time now)
{
	int r;

	if (!ep)
		return TFO_ERR_INVALID;
	r = host_enter(ep->h, now);
	if (r)
		return r;
	switch (ep->state) {
	case TFO_CLOSED:
		r = TFO_ERR_NOTCONN;
		break;
	case TFO_SYN_SENT:
	case TFO_SYN_RECEIVED:
	case TFO_ESTABLISHED:
	case TFO_CLOSE_WAIT:
		if (!(ep->flags & EPF_FIN_QUEUED))
			fsm_event(ep, FSM_APP_SHUTDOWN, NULL);
		break;
	default:
		break;
	}
	host_leave(ep->h);
	return r;
}

TFO_EXPORT void tfo_close(tfo_endpoint *ep, tfo_time now)
{
	if (!ep || host_enter(ep->h, now) != 0)
		return;
	if (ep->state == TFO_CLOSED) {
		conn_orphan(ep);
	} else {
		ep->flags |= EPF_ORPHAN;
		fsm_event(ep, FSM_APP_CLOSE, NULL);
	}
	host_leave(ep->h);
}

TFO_EXPORT void tfo_abort(tfo_endpoint *ep, tfo_time now)
{
	tfo_host *h;

	if (!ep || host_enter(ep->h, now) != 0)
		return;
	h = ep->h;
	fsm_event(ep, FSM_APP_ABORT, NULL);
	conn_free(ep);
	host_leave(h);
}

TFO_EXPORT void tfo_endpoint_set_user(tfo_endpoint *ep, void *user)
{
	if (ep)
		ep->user = user;
}

TFO_EXPORT void *tfo_endpoint_user(const tfo_endpoint *ep)
{
	return ep ? ep->user : NULL;
}

TFO_EXPORT int tfo_endpoint_state(const tfo_endpoint *ep)
{
	return ep ? ep->state : TFO_CLOSED;
}

static const char *const outcome_names[] = {
	[TFO_OUTCOME_PLAIN] = "plain",           [TFO_OUTCOME_COOKIE_REQUEST] = "cookie-request",
	[TFO_OUTCOME_ACCEPTED] = "tfo-accepted", [TFO_OUTCOME_PARTIAL] = "tfo-partial",
	[TFO_OUTCOME_REJECTED] = "tfo-rejected", [TFO_OUTCOME_INCOMPLETE] = "incomplete",
};

TFO_EXPORT const char *tfo_outcome_name(int outcome)
{
	if (outcome < 0 || (size_t)outcome >= sizeof(outcome_names) / sizeof(outcome_names[0]))
		return "?";
	return outcome_names[outcome];
}

static void info_fo(const struct tfo_endpoint *ep, tfo_endpoint_info *in)
{
	in->outcome = ep->fo.outcome;
	in->client_fail = ep->fo.client_fail;
	in->cookie_exp = ep->fo.exp;
	in->cookie_len = ep->fo.cookie_len;
	memcpy(in->cookie, ep->fo.cookie, sizeof(in->cookie));
	in->syn_data = ep->fo.syn_data;
	in->syn_data_acked = ep->fo.syn_data_acked;
}

TFO_EXPORT void tfo_endpoint_addrs(const tfo_endpoint *ep, tfo_sockaddr *local,
                                   tfo_sockaddr *remote)
{
	static const tfo_sockaddr none;

	if (local)
		*local = ep ? ep->local : none;
	if (remote)
		*remote = ep ? ep->remote : none;
}

TFO_EXPORT void tfo_endpoint_get_info(const tfo_endpoint *ep, tfo_endpoint_info *in)
{
	if (!in)
		return;
	memset(in, 0, sizeof(*in));
	if (!ep)
		return;
	in->state = ep->state;
	in->active = (ep->flags & EPF_ACTIVE) != 0;
	in->local = ep->local;
	in->remote = ep->remote;
	in->iss = ep->iss;
	in->irs = ep->irs;
	in->snd_una = ep->snd_una;
	in->delivered = ep->delivered;
	in->snd_nxt = ep->snd_nxt;
	in->rcv_nxt = ep->rcv_nxt;
	in->snd_wnd = ep->snd_wnd;
	in->rcv_wnd = seq_gt(ep->rcv_adv, ep->rcv_nxt) ? ep->rcv_adv - ep->rcv_nxt : 0;
	in->mss = ep->mss;
	in->snd_wscale = ep->ws_ok ? ep->snd_wscale : 0xff;
	in->rcv_wscale = ep->ws_ok ? ep->rcv_wscale : 0xff;
	in->sack_ok = ep->sack_ok;
	in->ts_ok = ep->ts_ok;
	in->srtt = ep->srtt;
	in->rto = ep->rto;
	in->retransmits = ep->retransmits;
	info_fo(ep, in);
	in->bytes_sent = ep->bytes_sent;
	in->bytes_received = ep->bytes_received;
	in->t_open = ep->t_open;
	in->t_established = ep->t_established;
	in->error = ep->last_error;
}
