/*
 * The test kit's two hosts and their link. Segments in flight are one list
 * in arrival order; with one delay for both directions, a new segment
 * arrives last or nearly so, so the insertion walks from the tail.
 */
#include <string.h>

#include <tfo/tfo.h>

#include "tfo_alloc.h"

struct flight {
	struct flight *prev, *next;
	tfo_time arrive;
	int to;
	tfo_segment *seg;
};

struct side {
	tfo_pair *pair;
	int side;
	uint64_t rng;
	tfo_host *host;
};

struct tfo_pair {
	tfo_pair_config cfg;
	const tfo_allocator *mem;
	tfo_time now;
	struct side sides[2];
	struct flight *head, *tail;
	size_t in_flight;
	int error; /* a segment could not be copied: the next step reports it */
};

/* splitmix64: a small generator, enough to make ISNs and ports differ. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static void on_random(void *user, uint8_t *buf, size_t len)
{
	struct side *s = user;

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(next_random(&s->rng) >> 56);
}

static void enqueue(tfo_pair *p, struct flight *f)
{
	struct flight *after = p->tail;

	while (after && after->arrive > f->arrive)
		after = after->prev;
	f->prev = after;
	f->next = after ? after->next : p->head;
	if (f->next)
		f->next->prev = f;
	else
		p->tail = f;
	if (after)
		after->next = f;
	else
		p->head = f;
	p->in_flight++;
}

static void on_output(void *user, tfo_time now, const tfo_segment *seg)
{
	struct side *s = user;
	tfo_pair *p = s->pair;
	struct flight *f;

	if (p->cfg.drop && p->cfg.drop(p->cfg.user, s->side, now, seg))
		return;
	f = mem_alloc(p->mem, sizeof(*f));
	if (f)
		f->seg = tfo_segment_dup(seg, p->mem);
	if (!f || !f->seg) {
		mem_free(p->mem, f);
		p->error = TFO_ERR_NOMEM;
		return;
	}
	f->arrive = now + p->cfg.delay;
	f->to = !s->side;
	enqueue(p, f);
}

static void on_event(void *user, tfo_time now, const tfo_event *ev)
{
	struct side *s = user;

	if (s->pair->cfg.event)
		s->pair->cfg.event(s->pair->cfg.user, s->side, now, ev);
}

static void on_log(void *user, tfo_time now, const char *line)
{
	struct side *s = user;

	if (s->pair->cfg.log)
		s->pair->cfg.log(s->pair->cfg.user, s->side, now, line);
}

static int make_host(tfo_pair *p, int side, const tfo_settings *given)
{
	struct side *s = &p->sides[side];
	tfo_callbacks cb = { s, on_output, on_event, on_log, on_random };
	tfo_settings def;

	s->pair = p;
	s->side = side;
	s->rng = p->cfg.seed ^ (side ? 0x5e7e7u : 0xc11e47u);
	if (!given) {
		tfo_settings_default(&def);
		if (side == TFO_PAIR_SERVER)
			def.fastopen = TFO_FASTOPEN_CLIENT | TFO_FASTOPEN_SERVER;
		given = &def;
	}
	return tfo_host_new(&s->host, given, &cb, p->cfg.mem);
}

TFO_EXPORT int tfo_pair_new(tfo_pair **out, const tfo_pair_config *cfg)
{
	const tfo_allocator *mem;
	tfo_pair *p;
	int rc;

	if (!out || !cfg)
		return TFO_ERR_INVALID;
	*out = NULL;
	mem = mem_get(cfg->mem);
	p = mem_zalloc(mem, 1, sizeof(*p));
	if (!p)
		return TFO_ERR_NOMEM;
	p->cfg = *cfg;
	p->mem = mem;
	rc = make_host(p, TFO_PAIR_CLIENT, cfg->client);
	if (rc == 0)
		rc = make_host(p, TFO_PAIR_SERVER, cfg->server);
	if (rc != 0) {
		tfo_pair_del(p);
		return rc;
	}
	*out = p;
	return 0;
}

TFO_EXPORT void tfo_pair_del(tfo_pair *p)
{
	struct flight *f, *next;

	if (!p)
		return;
	for (f = p->head; f; f = next) {
		next = f->next;
		tfo_segment_free(f->seg);
		mem_free(p->mem, f);
	}
	tfo_host_del(p->sides[0].host);
	tfo_host_del(p->sides[1].host);
	mem_free(p->mem, p);
}

TFO_EXPORT tfo_host *tfo_pair_host(tfo_pair *p, int side)
{
	if (!p || (side != TFO_PAIR_CLIENT && side != TFO_PAIR_SERVER))
		return NULL;
	return p->sides[side].host;
}

TFO_EXPORT tfo_time tfo_pair_now(const tfo_pair *p)
{
	return p ? p->now : 0;
}

TFO_EXPORT size_t tfo_pair_in_flight(const tfo_pair *p)
{
	return p ? p->in_flight : 0;
}

static int deliver(tfo_pair *p)
{
	struct flight *f = p->head;
	int rc;

	p->head = f->next;
	if (p->head)
		p->head->prev = NULL;
	else
		p->tail = NULL;
	p->in_flight--;
	p->now = f->arrive;
	if (p->cfg.deliver)
		p->cfg.deliver(p->cfg.user, f->to, p->now, f->seg);
	rc = tfo_host_input(p->sides[f->to].host, p->now, f->seg);
	tfo_segment_free(f->seg);
	mem_free(p->mem, f);
	return rc;
}

/* The copy error of a segment sent during the step, or the host's. */
static int outcome(tfo_pair *p, int rc)
{
	if (rc == 0 && p->error)
		rc = p->error;
	p->error = 0;
	return rc < 0 ? rc : 1;
}

TFO_EXPORT int tfo_pair_step(tfo_pair *p, tfo_time until)
{
	tfo_time t[2];
	int first;

	if (!p)
		return TFO_ERR_INVALID;
	if (p->error)
		return outcome(p, 0);
	if (p->head && p->head->arrive <= until &&
	    p->head->arrive <= tfo_host_next_deadline(p->sides[0].host) &&
	    p->head->arrive <= tfo_host_next_deadline(p->sides[1].host))
		return outcome(p, deliver(p));
	t[0] = tfo_host_next_deadline(p->sides[0].host);
	t[1] = tfo_host_next_deadline(p->sides[1].host);
	first = t[1] < t[0];
	if (t[first] == TFO_TIME_NEVER || t[first] > until)
		return 0;
	p->now = t[first] > p->now ? t[first] : p->now;
	return outcome(p, tfo_host_advance(p->sides[first].host, p->now));
}

TFO_EXPORT int tfo_pair_run_until(tfo_pair *p, tfo_time t)
{
	int rc;

	if (!p || t < p->now)
		return TFO_ERR_INVALID;
	while ((rc = tfo_pair_step(p, t)) == 1)
		;
	if (rc == 0)
		p->now = t;
	return rc;
}
