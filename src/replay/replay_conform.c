/*
 * The second pass of --conform: the libtfo server host, fed the trace's
 * client packets, and the comparison of its answers (see
 * replay_conform.h for what is fed and what is compared).
 */
#include <stdio.h>
#include <string.h>

#include "replay_conform.h"
#include "replay_conn_update.h"
#include "replay_seq.h"
#include "tfo_alloc.h"

/* Host time of the first packet: capture times are offsets from it. */
#define START TFO_NS_PER_S
/* Listen backlog: Linux's somaxconn default, so the accept queue never decides. */
#define BACKLOG 4096
/* Receive and send buffers: the traces' tcp_rmem maximum, window scale to match. */
#define BUFFERS (32u << 20)
#define WSCALE 10

/* The text forms carry no payload bytes: libtfo gets zeros instead. */
static const uint8_t zeros[65535];

/* Per connection, in the slots. */
struct cconn {
	tfo_endpoint *ep; /* libtfo's connection, accepted, while the application holds it */
	uint32_t lib_iss; /* libtfo's ISN, from its SYN-ACK */
	uint32_t written; /* bytes of the server's data given to libtfo */
	uint8_t fed_syn;  /* a client's SYN went in */
	uint8_t answered; /* the trace's answer was seen */
	uint32_t syn_no;  /* the SYN it answers, 0-based */
	uint32_t syns;    /* the SYNs sent before it */
	struct replay_pair pair;
	/* The SYNs not yet fed, as in pair (payloads left out: zeros stand in). */
	tfo_segment held[REPLAY_PAIR_SYNS];
	struct replay_answer trace, lib;
};

struct replay_conform {
	const tfo_allocator *mem;
	struct replay_conform_config cfg;
	tfo_host *h;
	struct replay_slots conns;
	size_t ring; /* the key installed: 0 --key, i the i-th --rekey; SIZE_MAX none */
	uint64_t rng;
	tfo_time now;
	int64_t t0;
	uint8_t t0_set;
	/* The segment being fed; while it is a SYN, what goes back to its sender is the answer. */
	const struct replay_conn *cur;
	struct cconn *cur_e;
	uint8_t cur_syn;
	uint8_t sink[4096]; /* what libtfo's server application reads */
};

static int same(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return a->port == b->port && tfo_addr_equal(&a->addr, &b->addr);
}

static void answer_of(struct replay_answer *a, int kind, const tfo_segment *seg, uint32_t isn)
{
	a->kind = (uint8_t)kind;
	a->flags = seg->flags;
	a->ack = seg->ack - isn;
	replay_tfo_get(seg, &a->tfo);
}

static void on_output(void *user, tfo_time now, const tfo_segment *seg)
{
	struct replay_conform *cf = user;
	const struct replay_conn *c = cf->cur;
	struct cconn *e = cf->cur_e;

	(void)now;
	if (!cf->cur_syn || e->lib.kind != REPLAY_ANSWER_NONE || !same(&seg->dst, &c->client) ||
	    !same(&seg->src, &c->server))
		return;
	if ((seg->flags & (TFO_TH_SYN | TFO_TH_ACK)) == (TFO_TH_SYN | TFO_TH_ACK)) {
		answer_of(&e->lib, REPLAY_ANSWER_SYNACK, seg, c->isn);
		e->lib_iss = seg->seq;
	} else if (seg->flags & TFO_TH_RST) {
		answer_of(&e->lib, REPLAY_ANSWER_RST, seg, c->isn);
	}
}

/* The server application reads everything at once, as the traces' did. */
static void drain(struct replay_conform *cf, tfo_endpoint *ep, tfo_time now)
{
	while (tfo_read(ep, now, cf->sink, sizeof(cf->sink)) > 0)
		;
}

/* A child accepted: it belongs to the connection being fed. */
static void adopt(struct replay_conform *cf, tfo_endpoint *ep, tfo_time now)
{
	struct cconn *e = cf->cur_e;
	tfo_endpoint_info info;

	tfo_endpoint_get_info(ep, &info);
	if (e && !e->ep && same(&info.remote, &cf->cur->client) &&
	    same(&info.local, &cf->cur->server)) {
		e->ep = ep;
		tfo_endpoint_set_user(ep, cf);
		drain(cf, ep, now);
		return;
	}
	tfo_close(ep, now);
}

static void on_event(void *user, tfo_time now, const tfo_event *ev)
{
	struct replay_conform *cf = user;
	tfo_endpoint *ep;

	if (ev->type == TFO_EV_ACCEPT) {
		while (tfo_accept(ev->listener, &ep) == 0)
			adopt(cf, ep, now);
	} else if (ev->type == TFO_EV_READABLE && tfo_endpoint_user(ev->ep) == cf) {
		drain(cf, ev->ep, now);
	}
}

/* splitmix64: ISNs and timestamp offsets, the same on every run. */
static void on_random(void *user, uint8_t *buf, size_t len)
{
	struct replay_conform *cf = user;

	for (size_t i = 0; i < len; i++) {
		uint64_t z = (cf->rng += UINT64_C(0x9e3779b97f4a7c15));

		z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
		z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
		buf[i] = (uint8_t)(z ^ (z >> 31));
	}
}

static int install(struct replay_conform *cf, size_t i, char *err, size_t errsize)
{
	const char *text = i ? cf->cfg.rekeys[i - 1].ring : cf->cfg.key;
	int rc = tfo_keyring_parse(tfo_host_keyring(cf->h), text);

	if (rc != 0 && err)
		snprintf(err, errsize, "bad key '%s'", text);
	cf->ring = rc == 0 ? i : SIZE_MAX;
	return rc;
}

/* Every key is tried once, so that none can fail later; --key stays. */
static int keys(struct replay_conform *cf, char *err, size_t errsize)
{
	int rc = 0;

	if (!cf->cfg.key)
		return 0;
	for (size_t i = cf->cfg.nrekeys; rc == 0 && i > 0; i--)
		rc = install(cf, i, err, errsize);
	return rc == 0 ? install(cf, 0, err, errsize) : rc;
}

static int listeners(struct replay_conform *cf, char *err, size_t errsize)
{
	const struct replay_server *s = cf->cfg.server;
	char addr[TFO_SOCKADDRSTRLEN];
	tfo_listener *l;

	for (size_t i = 0; i < s->nlisteners; i++) {
		int rc = tfo_listen(cf->h, &s->listeners[i].addr, BACKLOG, &l);

		if (rc == 0)
			rc = tfo_listener_set_fastopen(l, s->listeners[i].qlen);
		if (rc != 0) {
			tfo_sockaddr_format(&s->listeners[i].addr, addr, sizeof(addr));
			snprintf(err, errsize, "libtfo cannot listen on %s: %s", addr,
			         tfo_strerror(rc));
			return rc;
		}
	}
	return 0;
}

static int make_host(struct replay_conform *cf, char *err, size_t errsize)
{
	tfo_callbacks cb = { cf, on_output, on_event, NULL, on_random };
	tfo_settings s;
	int rc;

	tfo_settings_default(&s);
	s.fastopen = cf->cfg.server->fastopen;
	s.cookie_alg = cf->cfg.alg;
	s.cookie_len = (uint8_t)(cf->cfg.cookie_len ? cf->cfg.cookie_len : TFO_COOKIE_DEFAULT_LEN);
	s.wscale = WSCALE;
	s.rcvbuf = BUFFERS;
	s.sndbuf = BUFFERS;
	rc = tfo_host_new(&cf->h, &s, &cb, cf->mem);
	if (rc != 0 && rc != TFO_ERR_NOMEM)
		snprintf(err, errsize, "libtfo host: %s", tfo_strerror(rc));
	return rc;
}

int replay_conform_new(struct replay_conform **out, const struct replay_conform_config *cfg,
                       char *err, size_t errsize)
{
	const tfo_allocator *mem = mem_get(cfg->mem);
	struct replay_conform *cf = mem_zalloc(mem, 1, sizeof(*cf));
	int rc;

	if (!cf)
		return TFO_ERR_NOMEM;
	cf->mem = mem;
	cf->cfg = *cfg;
	cf->ring = SIZE_MAX;
	cf->now = START;
	replay_slots_init(&cf->conns, mem, sizeof(struct cconn));
	rc = make_host(cf, err, errsize);
	if (rc == 0)
		rc = keys(cf, err, errsize);
	if (rc == 0)
		rc = listeners(cf, err, errsize);
	if (rc != 0) {
		replay_conform_del(cf);
		return rc;
	}
	*out = cf;
	return 0;
}

void replay_conform_del(struct replay_conform *cf)
{
	if (!cf)
		return;
	tfo_host_del(cf->h);
	replay_slots_free(&cf->conns);
	mem_free(cf->mem, cf);
}

const tfo_host *replay_conform_host(const struct replay_conform *cf)
{
	return cf->h;
}

/* Capture time as host time; without times, a microsecond per packet. Never backwards. */
static tfo_time clock_of(struct replay_conform *cf, const struct replay_packet *p)
{
	tfo_time t = cf->now + TFO_NS_PER_US, d;

	if (p->has_time) {
		if (!cf->t0_set) {
			cf->t0 = p->t_ns;
			cf->t0_set = 1;
		}
		d = p->t_ns > cf->t0 ? (uint64_t)p->t_ns - (uint64_t)cf->t0 : 0;
		t = d < TFO_TIME_NEVER - START ? START + d : TFO_TIME_NEVER - 1;
	}
	if (t < cf->now)
		t = cf->now;
	cf->now = t;
	return t;
}

/* The key ring of connection n, installed if it is not already. */
static int ring_for(struct replay_conform *cf, uint64_t n)
{
	size_t i = 0;

	if (!cf->cfg.key)
		return 0;
	while (i < cf->cfg.nrekeys && cf->cfg.rekeys[i].from <= n)
		i++;
	return i == cf->ring ? 0 : install(cf, i, NULL, 0);
}

/* Feeds s; a payload that was not captured (p NULL: a held SYN) is zeros. */
static int feed(struct replay_conform *cf, const struct replay_conn *c, struct cconn *e,
                tfo_segment *s, const struct replay_packet *p, int syn)
{
	int rc;

	if (s->len && (!p || !p->seg.payload || p->snapped)) {
		if (s->len > sizeof(zeros))
			return 0; /* no IP packet is that long: a text line's mistake */
		s->payload = zeros;
	}
	cf->cur = c;
	cf->cur_e = e;
	cf->cur_syn = (uint8_t)syn;
	rc = tfo_host_input(cf->h, cf->now, s);
	cf->cur = NULL;
	cf->cur_e = NULL;
	cf->cur_syn = 0;
	return rc == TFO_ERR_NOMEM ? rc : 0;
}

static int client_packet(struct replay_conform *cf, const struct replay_conn *c, struct cconn *e,
                         const struct replay_packet *p)
{
	tfo_segment s = p->seg;
	tfo_endpoint_info info;
	int rc;

	if ((s.flags & (TFO_TH_SYN | TFO_TH_ACK | TFO_TH_RST)) == TFO_TH_SYN) {
		/* Until the answer shows which SYN reached the server, none goes in. */
		if (!e->answered) {
			s.payload = NULL;
			e->held[replay_pair_add(&e->pair, &s) % REPLAY_PAIR_SYNS] = s;
			return 0;
		}
		rc = ring_for(cf, c->number);
		return rc == 0 ? feed(cf, c, e, &s, p, 1) : rc;
	}
	/* Later segments only where both servers took the connection. */
	if (!e->fed_syn || e->lib.kind != REPLAY_ANSWER_SYNACK || !c->synack_seen)
		return 0;
	if (s.flags & TFO_TH_ACK) {
		s.ack = e->lib_iss + (s.ack - c->srv_isn);
		if (e->ep) {
			tfo_endpoint_get_info(e->ep, &info);
			if (seq_gt(s.ack, info.snd_nxt))
				s.ack = info.snd_nxt;
		}
	}
	return feed(cf, c, e, &s, p, 0);
}

/* libtfo's server application does what the trace's server did: send, close, reset. */
static int mirror(struct replay_conform *cf, const struct replay_conn *c, struct cconn *e,
                  const tfo_segment *seg)
{
	uint32_t end = seg->seq + seg->len - (c->srv_isn + 1);
	int n = 0;

	if (seg->flags & TFO_TH_RST) {
		tfo_abort(e->ep, cf->now);
		e->ep = NULL;
		return 0;
	}
	while (seq_gt(end, e->written)) {
		uint32_t want = end - e->written;

		n = tfo_write(e->ep, cf->now, zeros, want < sizeof(zeros) ? want : sizeof(zeros));
		if (n <= 0)
			break;
		e->written += (uint32_t)n;
	}
	if (n == TFO_ERR_NOMEM)
		return n;
	if ((seg->flags & TFO_TH_FIN) && e->written == end) {
		tfo_endpoint_set_user(e->ep, NULL);
		tfo_close(e->ep, cf->now);
		e->ep = NULL;
	}
	return 0;
}

/* The trace's answer: the SYN it answers goes in now, and libtfo answers it. */
static int answered(struct replay_conform *cf, const struct replay_conn *c, struct cconn *e,
                    const tfo_segment *seg, int kind)
{
	long k = replay_pair_answer(&e->pair, seg, c->isn);
	int rc;

	e->answered = 1;
	if (k < 0)
		return 0;
	answer_of(&e->trace, kind, seg, c->isn);
	e->syn_no = (uint32_t)k;
	e->syns = e->pair.n;
	e->fed_syn = 1;
	rc = ring_for(cf, c->number);
	return rc == 0 ? feed(cf, c, e, &e->held[k % REPLAY_PAIR_SYNS], NULL, 1) : rc;
}

static int server_packet(struct replay_conform *cf, const struct replay_conn *c, struct cconn *e,
                         const struct replay_packet *p)
{
	const tfo_segment *seg = &p->seg;

	if (!e->answered) {
		if ((seg->flags & (TFO_TH_SYN | TFO_TH_ACK)) == (TFO_TH_SYN | TFO_TH_ACK))
			return answered(cf, c, e, seg, REPLAY_ANSWER_SYNACK);
		if (seg->flags & TFO_TH_RST)
			return answered(cf, c, e, seg, REPLAY_ANSWER_RST);
	}
	if (!e->fed_syn || !e->ep || !c->synack_seen || (seg->flags & TFO_TH_SYN))
		return 0;
	return mirror(cf, c, e, seg);
}

int replay_conform_packet(struct replay_conform *cf, const struct replay_conn *c,
                          const struct replay_packet *p, int from_client)
{
	struct cconn *e = replay_slots_get(&cf->conns, c->number);
	tfo_time now;
	int rc;

	if (!e)
		return TFO_ERR_NOMEM;
	now = clock_of(cf, p);
	if (tfo_host_next_deadline(cf->h) <= now) {
		rc = tfo_host_advance(cf->h, now);
		if (rc != 0)
			return rc;
	}
	return from_client ? client_packet(cf, c, e, p) : server_packet(cf, c, e, p);
}

void replay_conform_release(struct replay_conform *cf, const struct replay_conn *c)
{
	struct cconn *e = replay_slots_peek(&cf->conns, c->number);

	if (e && e->ep)
		tfo_abort(e->ep, cf->now);
	replay_slots_release(&cf->conns, c->number);
}

static unsigned compare(const struct replay_answer *t, const struct replay_answer *l)
{
	unsigned d = 0;

	if (t->kind != l->kind)
		return REPLAY_DIFF_ANSWER;
	if ((t->flags ^ l->flags) & REPLAY_ANSWER_FLAGS)
		d |= REPLAY_DIFF_FLAGS;
	if ((t->flags & l->flags & TFO_TH_ACK) && t->ack != l->ack)
		d |= REPLAY_DIFF_ACK;
	if (t->kind != REPLAY_ANSWER_SYNACK)
		return d;
	if (t->tfo.cookie_len != l->tfo.cookie_len ||
	    (t->tfo.cookie_len > 0 &&
	     memcmp(t->tfo.cookie, l->tfo.cookie, (size_t)t->tfo.cookie_len) != 0))
		d |= REPLAY_DIFF_COOKIE;
	else if (t->tfo.cookie_len >= 0 && t->tfo.form != l->tfo.form)
		d |= REPLAY_DIFF_OPTION;
	return d;
}

void replay_conform_verdict(const struct replay_conform *cf, const struct replay_conn *c,
                            struct replay_verdict *v)
{
	const struct cconn *e = replay_slots_peek(&cf->conns, c->number);

	memset(v, 0, sizeof(*v));
	v->number = c->number;
	v->client = c->client;
	v->server = c->server;
	v->status = REPLAY_VERDICT_SKIPPED;
	if (!e || e->pair.n == 0) {
		v->skip = REPLAY_SKIP_NO_SYN;
		return;
	}
	if (!e->fed_syn) {
		v->status = REPLAY_VERDICT_UNANSWERED;
		v->syns = e->pair.n;
		return;
	}
	v->trace = e->trace;
	v->libtfo = e->lib;
	v->syn = e->syn_no + 1;
	v->syns = e->syns;
	v->diffs = compare(&e->trace, &e->lib);
	v->status = v->diffs ? REPLAY_VERDICT_MISMATCH : REPLAY_VERDICT_MATCH;
}

void replay_conform_summary_add(struct replay_conform_summary *s, const struct replay_verdict *v)
{
	if (v->status == REPLAY_VERDICT_MATCH)
		s->match++;
	else if (v->status == REPLAY_VERDICT_MISMATCH)
		s->mismatch++;
	else if (v->status == REPLAY_VERDICT_UNANSWERED)
		s->unanswered++;
	else
		s->skipped++;
}
