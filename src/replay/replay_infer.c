/*
 * The first pass of --conform: what the trace's server was set to (see
 * replay_infer.h for the rules).
 */
#include <string.h>

#include "replay_infer.h"
#include "tfo_alloc.h"

#define NONE UINT32_MAX
/* Linux reqsk_fastopen_remove(): a reset Fast Open request holds its slot 60 s. */
#define HOLD_NS (60 * (int64_t)TFO_NS_PER_S)
/* Held requests tracked per listener; older ones are let go early. */
#define HELD_MAX 64

struct replay_infer_listener {
	tfo_sockaddr addr;
	uint8_t tfo;         /* a SYN-ACK with a TFO option, or acknowledging SYN data */
	uint32_t pending;    /* Fast Open children whose handshake is not complete */
	uint32_t lower;      /* the largest pending count + 1 at a SYN whose data was taken */
	uint32_t upper_opt;  /* the smallest pending count at a refused SYN with a TFO option */
	uint32_t upper_data; /* ... at a refused SYN with data (cookie-less mode) */
	/* Children reset by their client while pending: counted in pending
	 * until their hold ends (a ring of expiry times, oldest first). */
	int64_t held[HELD_MAX];
	uint32_t held_head, held_len;
};

/* What the first pass keeps per connection. */
struct iconn {
	uint8_t judged;  /* the server's answer to the SYN was seen */
	uint8_t pending; /* it holds a Fast Open child of listener `listener` */
	uint32_t listener;
	struct replay_pair pair; /* the client's SYNs, to find the one answered */
};

void replay_infer_init(struct replay_infer *inf, const tfo_allocator *mem)
{
	memset(inf, 0, sizeof(*inf));
	inf->mem = mem_get(mem);
	replay_slots_init(&inf->conns, inf->mem, sizeof(struct iconn));
}

void replay_infer_free(struct replay_infer *inf)
{
	replay_slots_free(&inf->conns);
	mem_free(inf->mem, inf->l);
	inf->l = NULL;
	inf->n = inf->cap = 0;
}

static int same(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return a->port == b->port && tfo_addr_equal(&a->addr, &b->addr);
}

/* The index of the listener on addr, added when new; -1 without memory. */
static long listener(struct replay_infer *inf, const tfo_sockaddr *addr)
{
	struct replay_infer_listener *l;

	if (inf->n && same(&inf->l[inf->last].addr, addr))
		return (long)inf->last;
	for (size_t i = 0; i < inf->n; i++) {
		if (same(&inf->l[i].addr, addr)) {
			inf->last = i;
			return (long)i;
		}
	}
	if (inf->n == inf->cap) {
		size_t cap = inf->cap ? inf->cap * 2 : 4;

		l = mem_alloc(inf->mem, cap * sizeof(*l));
		if (!l)
			return -1;
		if (inf->n)
			memcpy(l, inf->l, inf->n * sizeof(*l));
		mem_free(inf->mem, inf->l);
		inf->l = l;
		inf->cap = cap;
	}
	l = &inf->l[inf->n];
	memset(l, 0, sizeof(*l));
	l->addr = *addr;
	l->upper_opt = l->upper_data = NONE;
	inf->last = inf->n;
	return (long)inf->n++;
}

static void lower_to(uint32_t *bound, uint32_t v)
{
	if (v < *bound)
		*bound = v;
}

/* Held requests whose 60 s are over leave the queue. */
static void expire_held(struct replay_infer *inf, struct replay_infer_listener *l)
{
	while (l->held_len && l->held[l->held_head] <= inf->now) {
		l->held_head = (l->held_head + 1) % HELD_MAX;
		l->held_len--;
		if (l->pending)
			l->pending--;
	}
}

/* Whether the key in force for c made the cookie c's SYN carried. */
static int cookie_invalid(const struct replay_infer *inf, const struct replay_conn *c)
{
	const tfo_keyring *ring = inf->keys ? replay_keyring_for(inf->keys, c->number) : NULL;

	return ring && c->syn_tfo.cookie_len > 0 &&
	       tfo_keyring_check(ring, &c->client.addr, &c->server.addr, c->syn_tfo.cookie,
	                         (size_t)c->syn_tfo.cookie_len) == TFO_MATCH_NONE;
}

/* The server's first SYN-ACK, paired with the SYN it answers: what it says
 * about the listener. */
static int judge(struct replay_infer *inf, const struct replay_conn *c, struct iconn *e,
                 const tfo_segment *synack_seg)
{
	long i = listener(inf, &c->server), k = replay_pair_answer(&e->pair, synack_seg, c->isn);
	const struct replay_pair_syn *s;
	struct replay_infer_listener *l;
	uint32_t data, acked;
	int8_t syn, synack = c->synack_tfo.cookie_len;

	if (i < 0)
		return TFO_ERR_NOMEM;
	if (k < 0)
		return 0;
	s = replay_pair_get(&e->pair, (uint32_t)k);
	data = s->len;
	syn = s->cookie_len;
	l = &inf->l[i];
	expire_held(inf, l);
	acked = c->synack_ack - c->isn - 1;
	if (synack >= 0)
		l->tfo = 1;
	if (synack > 0)
		inf->seen |= REPLAY_SEEN_COOKIE_GRANTED;
	if (data && acked && acked <= data) {
		l->tfo = 1;
		if (syn < 0)
			inf->seen |= REPLAY_SEEN_DATA_NO_OPTION;
		if (syn > 0 && cookie_invalid(inf, c))
			inf->seen |= REPLAY_SEEN_BAD_COOKIE_TAKEN;
		if (l->lower < l->pending + 1)
			l->lower = l->pending + 1;
		l->pending++;
		e->pending = 1;
		e->listener = (uint32_t)i;
	} else if (acked == 0 && synack < 0) {
		if (syn == 0)
			inf->seen |= REPLAY_SEEN_REQUEST_NO_COOKIE;
		if (syn == 0 || (syn > 0 && data))
			lower_to(&l->upper_opt, l->pending);
		if (data)
			lower_to(&l->upper_data, l->pending);
	}
	return 0;
}

/* A child leaves the queue; one its client reset stays held for 60 s. */
static void pending_done(struct replay_infer *inf, struct iconn *e, int reset)
{
	struct replay_infer_listener *l = &inf->l[e->listener];

	e->pending = 0;
	if (reset) {
		if (l->held_len == HELD_MAX) {
			l->held_head = (l->held_head + 1) % HELD_MAX;
			l->held_len--;
			if (l->pending)
				l->pending--;
		}
		l->held[(l->held_head + l->held_len) % HELD_MAX] = inf->now + HOLD_NS;
		l->held_len++;
		return;
	}
	if (l->pending)
		l->pending--;
}

int replay_infer_packet(struct replay_infer *inf, const struct replay_conn *c,
                        const struct replay_packet *p, int from_client)
{
	struct iconn *e = replay_slots_get(&inf->conns, c->number);
	uint8_t fl = p->seg.flags;

	if (!e)
		return TFO_ERR_NOMEM;
	inf->now = p->has_time ? p->t_ns : inf->now + (int64_t)TFO_NS_PER_US;
	if (from_client && (fl & (TFO_TH_SYN | TFO_TH_ACK | TFO_TH_RST)) == TFO_TH_SYN &&
	    !e->judged)
		replay_pair_add(&e->pair, &p->seg);
	if (!from_client && !e->judged &&
	    (fl & (TFO_TH_SYN | TFO_TH_ACK)) == (TFO_TH_SYN | TFO_TH_ACK)) {
		e->judged = 1;
		return judge(inf, c, e, &p->seg);
	}
	/* A RST answering the SYN: a closed port, no listener. */
	if (!from_client && !e->judged && (fl & TFO_TH_RST) && c->syn_seen)
		e->judged = 1;
	/* Linux takes a child off the Fast Open queue when its handshake
	 * completes (reqsk_fastopen_remove()), or when it is reset: by the
	 * server at once, by the client after 60 s (the application had
	 * accepted it, as every server in a trace that sends data has). */
	if (e->pending && ((from_client && c->hs_done) || (fl & TFO_TH_RST)))
		pending_done(inf, e, from_client && (fl & TFO_TH_RST));
	return 0;
}

void replay_infer_release(struct replay_infer *inf, const struct replay_conn *c)
{
	struct iconn *e = replay_slots_peek(&inf->conns, c->number);

	if (e && e->pending)
		pending_done(inf, e, 0);
	replay_slots_release(&inf->conns, c->number);
}

static int qlen_of(const struct replay_infer_listener *l, int no_cookie)
{
	uint32_t lo = l->lower > 1 ? l->lower : 1;
	uint32_t up = no_cookie ? l->upper_data : l->upper_opt;
	uint32_t q;

	if (!l->tfo)
		return 0;
	if (up == NONE)
		q = lo > REPLAY_INFER_QLEN_DEFAULT ? lo : REPLAY_INFER_QLEN_DEFAULT;
	else
		q = up >= lo ? up : lo;
	return q > INT32_MAX ? INT32_MAX : (int)q;
}

/* Why the server needs no cookie, or REPLAY_NO_COOKIE_NONE. */
static int no_cookie_why(unsigned seen)
{
	const unsigned any_cookie = REPLAY_SEEN_BAD_COOKIE_TAKEN | REPLAY_SEEN_REQUEST_NO_COOKIE;

	if (seen & REPLAY_SEEN_DATA_NO_OPTION)
		return REPLAY_NO_COOKIE_DATA_NO_OPTION;
	if ((seen & any_cookie) == any_cookie && !(seen & REPLAY_SEEN_COOKIE_GRANTED))
		return REPLAY_NO_COOKIE_ANY_COOKIE;
	return REPLAY_NO_COOKIE_NONE;
}

int replay_infer_server(const struct replay_infer *inf, struct replay_server *out)
{
	int any = 0, why = no_cookie_why(inf->seen);

	memset(out, 0, sizeof(*out));
	out->fastopen = TFO_FASTOPEN_CLIENT;
	if (inf->n) {
		out->listeners = mem_alloc(inf->mem, inf->n * sizeof(*out->listeners));
		if (!out->listeners)
			return TFO_ERR_NOMEM;
	}
	for (size_t i = 0; i < inf->n; i++)
		any |= inf->l[i].tfo;
	if (any)
		out->fastopen |= TFO_FASTOPEN_SERVER;
	if (any && why != REPLAY_NO_COOKIE_NONE) {
		out->fastopen |= TFO_FASTOPEN_SERVER_NO_COOKIE;
		out->no_cookie_why = why;
	}
	for (size_t i = 0; i < inf->n; i++) {
		out->listeners[i].addr = inf->l[i].addr;
		out->listeners[i].qlen = qlen_of(&inf->l[i], out->no_cookie_why != 0);
	}
	out->nlisteners = inf->n;
	return 0;
}

void replay_server_free(struct replay_server *s, const tfo_allocator *mem)
{
	mem_free(mem_get(mem), s->listeners);
	s->listeners = NULL;
	s->nlisteners = 0;
}

int replay_server_needs_key(const struct replay_server *s)
{
	int qlen = 0;

	for (size_t i = 0; i < s->nlisteners; i++)
		qlen |= s->listeners[i].qlen > 0;
	return qlen && (s->fastopen & TFO_FASTOPEN_SERVER) &&
	       !(s->fastopen & TFO_FASTOPEN_SERVER_NO_COOKIE);
}

void replay_infer_set_keys(struct replay_infer *inf, const struct replay *keys)
{
	inf->keys = keys;
}

const char *replay_no_cookie_why_text(int why)
{
	switch (why) {
	case REPLAY_NO_COOKIE_DATA_NO_OPTION:
		return "SYN data without a TFO option was acknowledged";
	case REPLAY_NO_COOKIE_ANY_COOKIE:
		return "SYN data with a cookie the key did not make was acknowledged, a cookie "
		       "request got no cookie, and no SYN-ACK carried one";
	default:
		return NULL;
	}
}
