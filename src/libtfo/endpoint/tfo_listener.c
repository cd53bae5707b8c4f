/*
 * Listening sockets: the passive open, the accept queue (Linux's
 * sk_acceptq, full when longer than the backlog), the Fast Open queue
 * (children with accepted SYN data whose handshake is not complete, and
 * requests reset while pending, held 60 s), and closing a listener.
 */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_conn.h"
#include "tfo_fastopen.h"
#include "tfo_fastopen_policy.h"
#include "tfo_fsm.h"
#include "tfo_host.h"
#include "tfo_output.h"

static int wildcard(const tfo_sockaddr *sa)
{
	return sa->addr.family == TFO_AF_NONE;
}

struct tfo_listener *lsn_find(tfo_host *h, const tfo_sockaddr *local)
{
	struct tfo_listener *wild = NULL;

	for (struct tfo_listener *l = h->listeners; l; l = l->next) {
		if (l->local.port != local->port)
			continue;
		if (wildcard(&l->local))
			wild = l;
		else if (sockaddr_eq(&l->local, local))
			return l;
	}
	return wild;
}

int lsn_port_taken(tfo_host *h, const tfo_sockaddr *local)
{
	for (struct tfo_listener *l = h->listeners; l; l = l->next)
		if (l->local.port == local->port &&
		    (wildcard(&l->local) || wildcard(local) || sockaddr_eq(&l->local, local)))
			return 1;
	return 0;
}

TFO_EXPORT int tfo_listen(tfo_host *h, const tfo_sockaddr *local, int backlog, tfo_listener **out)
{
	struct tfo_listener *l;
	int fam;

	if (!h || !local || !out || backlog < 0 || local->port == 0)
		return TFO_ERR_INVALID;
	fam = local->addr.family;
	if (fam != TFO_AF_NONE && fam != TFO_AF_INET && fam != TFO_AF_INET6)
		return TFO_ERR_INVALID;
	if (h->in_cb)
		return TFO_ERR_REENTRANT;
	if (lsn_port_taken(h, local))
		return TFO_ERR_ADDRINUSE;
	l = mem_zalloc(&h->mem, 1, sizeof(*l));
	if (!l)
		return TFO_ERR_NOMEM;
	l->h = h;
	l->local = *local;
	l->backlog = backlog;
	l->fd = -1;
	/* Linux inet_listen(): 0x400 gives every listener a Fast Open queue of backlog. */
	if ((h->s.fastopen & TFO_FASTOPEN_SERVER) &&
	    (h->s.fastopen & TFO_FASTOPEN_SERVER_ALL_LISTENERS))
		l->fo_max_qlen = backlog;
	l->next = h->listeners;
	h->listeners = l;
	*out = l;
	return 0;
}

TFO_EXPORT int tfo_listener_set_fastopen(tfo_listener *l, int qlen)
{
	if (!l || qlen < 0)
		return TFO_ERR_INVALID;
	l->fo_max_qlen = qlen;
	return 0;
}

TFO_EXPORT void tfo_listener_set_user(tfo_listener *l, void *user)
{
	if (l)
		l->user = user;
}

TFO_EXPORT void *tfo_listener_user(const tfo_listener *l)
{
	return l ? l->user : NULL;
}

int lsn_accept_full(const struct tfo_listener *l)
{
	return l->acc_len > (uint32_t)l->backlog;
}

static void list_unlink(struct tfo_endpoint **head, struct tfo_endpoint **tail,
                        struct tfo_endpoint *ep)
{
	if (ep->cprev)
		ep->cprev->cnext = ep->cnext;
	else
		*head = ep->cnext;
	if (ep->cnext)
		ep->cnext->cprev = ep->cprev;
	else if (tail)
		*tail = ep->cprev;
	ep->cprev = ep->cnext = NULL;
}

static void accept_push(struct tfo_listener *l, struct tfo_endpoint *ep)
{
	struct evq_entry e = { 0 };

	ep->where = WHERE_ACCEPTQ;
	ep->cnext = NULL;
	ep->cprev = l->acc_tail;
	if (l->acc_tail)
		l->acc_tail->cnext = ep;
	else
		l->acc_head = ep;
	l->acc_tail = ep;
	l->acc_len++;
	e.obj = l;
	e.type = TFO_EV_ACCEPT;
	host_event(l->h, &e);
}

static void unlink_child(struct tfo_listener *l, struct tfo_endpoint *ep)
{
	if (ep->where == WHERE_PENDING) {
		list_unlink(&l->pend_head, NULL, ep);
		l->pend_len--;
	} else if (ep->where == WHERE_ACCEPTQ) {
		list_unlink(&l->acc_head, &l->acc_tail, ep);
		l->acc_len--;
	}
	if (ep->where != WHERE_ZOMBIE)
		ep->where = WHERE_NONE;
}

void lsn_child_added(struct tfo_endpoint *ep)
{
	struct tfo_listener *l = ep->parent;

	if (ep->flags & EPF_TFO_CHILD) {
		/* Linux tcp_conn_request(): straight into the accept queue. */
		ep->flags |= EPF_FO_PENDING;
		l->fo_qlen++;
		accept_push(l, ep);
		return;
	}
	ep->where = WHERE_PENDING;
	ep->cprev = NULL;
	ep->cnext = l->pend_head;
	if (l->pend_head)
		l->pend_head->cprev = ep;
	l->pend_head = ep;
	l->pend_len++;
}

void lsn_child_established(struct tfo_endpoint *ep)
{
	struct tfo_listener *l = ep->parent;

	unlink_child(l, ep);
	accept_push(l, ep);
}

void lsn_free(struct tfo_listener *l)
{
	mem_free(&l->h->mem, l->fo_held);
	mem_free(&l->h->mem, l);
}

static void release(struct tfo_listener *l)
{
	if (l->closed && l->refs == 0)
		lsn_free(l);
}

void lsn_child_detach(struct tfo_endpoint *ep)
{
	struct tfo_listener *l = ep->parent;

	if (!l)
		return;
	unlink_child(l, ep);
	ep->parent = NULL;
	l->refs--;
	release(l);
}

/* Linux reqsk_fastopen_remove(): a reset request is held for 60*HZ. */
#define FO_RST_HOLD (60 * TFO_NS_PER_S)

/* Appends an expiry time to l's held requests; 0 without memory. */
static int fo_hold(struct tfo_listener *l, tfo_time expires)
{
	if (l->fo_held_len == l->fo_held_cap) {
		uint32_t cap = l->fo_held_cap ? l->fo_held_cap * 2 : 4;
		tfo_time *t = mem_alloc(&l->h->mem, cap * sizeof(*t));

		if (!t)
			return 0;
		for (uint32_t i = 0; i < l->fo_held_len; i++)
			t[i] = l->fo_held[(l->fo_held_head + i) % l->fo_held_cap];
		mem_free(&l->h->mem, l->fo_held);
		l->fo_held = t;
		l->fo_held_cap = cap;
		l->fo_held_head = 0;
	}
	l->fo_held[(l->fo_held_head + l->fo_held_len) % l->fo_held_cap] = expires;
	l->fo_held_len++;
	return 1;
}

/*
 * Linux tcp_fastopen_queue_check(), run for a SYN that asks for Fast Open
 * on a listener that does it: when the queue is full, the oldest held
 * request whose 60 s are over (now >= its expiry) leaves it, one at most
 * per SYN. Held requests have no timer of their own. Whether the SYN gets
 * that far is the policy's question (the queue is asked about last but
 * one, before the cookie).
 */
static void fo_queue_check(struct tfo_listener *l, const tfo_segment *seg,
                           const tfo_opts_parsed *opts)
{
	struct fos_question q;
	struct fos_verdict v;

	if (!l->fo_held_len || l->h->now < l->fo_held[l->fo_held_head])
		return;
	fos_question_of(l, seg, opts, &q);
	fos_policy(&q, &v);
	if (v.reason != FOS_QUEUE_FULL)
		return;
	l->fo_held_head = (l->fo_held_head + 1) % l->fo_held_cap;
	l->fo_held_len--;
	l->fo_qlen--;
	host_logf(l->h, "tfo: a reset Fast Open request held 60 s leaves the queue (%d of %d)",
	          l->fo_qlen, l->fo_max_qlen);
}

void lsn_child_fo_reset(struct tfo_endpoint *ep)
{
	struct tfo_listener *l = ep->parent;

	if (!(ep->flags & EPF_FO_PENDING))
		return;
	if (!l || l->closed || !(ep->flags & EPF_APP) || !fo_hold(l, ep->h->now + FO_RST_HOLD)) {
		lsn_child_fo_done(ep);
		return;
	}
	/* The slot passes from the child to the held request: fo_qlen stays. */
	ep->flags &= ~EPF_FO_PENDING;
	conn_logf(ep, "tfo: reset before its handshake completed: its Fast Open request holds a "
	              "queue slot for 60 s");
	if (ep->where == WHERE_NONE)
		lsn_child_detach(ep);
}

void lsn_child_fo_done(struct tfo_endpoint *ep)
{
	if (!(ep->flags & EPF_FO_PENDING))
		return;
	ep->flags &= ~EPF_FO_PENDING;
	if (ep->parent) {
		ep->parent->fo_qlen--;
		/* Accepted already: nothing ties it to the listener any more. */
		if (ep->where == WHERE_NONE)
			lsn_child_detach(ep);
	}
}

TFO_EXPORT int tfo_accept(tfo_listener *l, tfo_endpoint **out)
{
	struct tfo_endpoint *ep;

	if (!l || !out || l->closed)
		return TFO_ERR_INVALID;
	if (l->h->in_cb)
		return TFO_ERR_REENTRANT;
	ep = l->acc_head;
	if (!ep)
		return TFO_ERR_AGAIN;
	unlink_child(l, ep);
	ep->flags |= EPF_APP;
	if (!(ep->flags & EPF_FO_PENDING))
		lsn_child_detach(ep);
	*out = ep;
	return 0;
}

/*
 * Linux inet_csk_listen_stop(): children in the accept queue are
 * disconnected (a RST where tcp_need_reset() says so), request sockets
 * still in the handshake vanish silently.
 */
TFO_EXPORT void tfo_listener_close(tfo_listener *l, tfo_time now)
{
	tfo_host *h;
	struct tfo_listener **p;

	if (!l || l->closed || host_enter(l->h, now) != 0)
		return;
	h = l->h;
	for (p = &h->listeners; *p && *p != l; p = &(*p)->next)
		;
	if (*p)
		*p = l->next;
	l->closed = 1;
	evq_purge(&h->evq, l);
	l->nevents = 0;
	l->refs++; /* keep l while its children go */
	while (l->acc_head || l->pend_head) {
		struct tfo_endpoint *ep = l->acc_head ? l->acc_head : l->pend_head;

		fsm_event(ep, FSM_LISTENER_CLOSE, NULL);
		if (ep->parent == l && ep->state == TFO_CLOSED) {
			/* A dead child kept for accept(): nobody will take it now. */
			lsn_child_detach(ep);
			conn_orphan(ep);
		} else if (ep->parent == l) {
			lsn_child_detach(ep);
			fsm_set_state(ep, TFO_CLOSED, FSM_LISTENER_CLOSE);
		}
	}
	l->refs--;
	release(l);
	host_leave(h);
}

static int make_child(struct tfo_listener *l, const tfo_segment *seg, const tfo_opts_parsed *opts)
{
	tfo_host *h = l->h;
	struct fsm_ctx ctx = { .seg = seg, .opts = opts };
	struct fos_decision d;
	struct tfo_endpoint *ep = conn_new(h, &seg->dst, &seg->src);

	if (!ep) {
		host_drop(h, seg, "no memory for a new connection", 0);
		return TFO_ERR_NOMEM;
	}
	ep->state = TFO_LISTEN;
	fo_queue_check(l, seg, opts);
	fos_decide(l, ep, seg, opts, &d);
	if (d.child_tfo && seg->len &&
	    buf_reserve(&ep->rcvq, &h->pool, seg->len < h->s.rcvbuf ? seg->len : h->s.rcvbuf) != 0)
		fos_child_failed(ep, seg, opts, &d);
	if (d.child_tfo)
		fos_child_created(ep, &d);
	conn_draw_isn(ep);
	ep->parent = l;
	l->refs++;
	ctab_insert(&h->ct, &h->mem, ep);
	ctx.fo = &d;
	fsm_event(ep, FSM_RCV_SYN, &ctx);
	buf_trim(&ep->rcvq, &h->pool);
	return 0;
}

/* RFC 793 LISTEN: RSTs are ignored, ACKs reset, SYNs open. */
int lsn_input(struct tfo_listener *l, const tfo_segment *seg, const tfo_opts_parsed *opts)
{
	tfo_host *h = l->h;
	uint8_t fl = seg->flags;

	if (fl & TFO_TH_RST) {
		host_drop(h, seg, "RST for a listener", 0);
		return 0;
	}
	if (fl & TFO_TH_ACK) {
		out_rst_reply(h, seg);
		host_drop(h, seg, "ACK for a listener", 0);
		return 0;
	}
	if (!(fl & TFO_TH_SYN)) {
		host_drop(h, seg, "no SYN for a listener", 0);
		return 0;
	}
	if (lsn_accept_full(l)) {
		host_ctr(h, TFO_CTR_LISTEN_OVERFLOWS);
		host_drop(h, seg, "accept queue full", 0);
		return 0;
	}
	return make_child(l, seg, opts);
}
