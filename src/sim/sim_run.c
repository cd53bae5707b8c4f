/*
 * The engine's main loop: build hosts and links from the scenario, seed
 * the queue with the schedule, then pop events in (time, insertion) order
 * until none is left or the stop time is reached.
 */
#include <string.h>

#include "sim_engine.h"
#include "tfo_alloc.h"

#define PROGRESS_EVERY (1u << 18)
#define PACKET_BUF 65600 /* any IPv4/IPv6 packet the codec can write */

void sim_fail(struct sim *s, int err)
{
	if (!s->err)
		s->err = err;
}

void sim_push(struct sim *s, tfo_time t, int kind, uint32_t arg, void *ptr)
{
	struct sim_event ev = { .time = t, .type = kind, .arg = arg, .ptr = ptr };

	if (queue_push(&s->q, &ev) != 0)
		sim_fail(s, TFO_ERR_NOMEM);
}

int sim_push_lane(struct sim *s, size_t lane, tfo_time t, int kind, uint32_t arg, void *ptr)
{
	struct sim_event ev = { .time = t, .type = kind, .arg = arg, .ptr = ptr };

	if (queue_push_lane(&s->q, lane, &ev) == 0)
		return 0;
	sim_fail(s, TFO_ERR_NOMEM);
	return TFO_ERR_NOMEM;
}

tfo_time sim_link_rtt(const struct sim_scenario *sc, unsigned a, unsigned b)
{
	int l = scenario_find_link(sc, a, b);

	return l < 0 ? 0 : sc->links[l].dir[0].delay + sc->links[l].dir[1].delay;
}

uint64_t sim_line_count(const struct sim_scenario *sc, const struct sim_options *o, size_t i)
{
	return o->connections && sc->connect[i].every ? o->connections : sc->connect[i].count;
}

uint64_t sim_total_connections(const struct sim_scenario *sc, const struct sim_options *o)
{
	uint64_t n = 0;

	for (size_t i = 0; i < sc->nconnect; i++)
		n += sim_line_count(sc, o, i);
	return n;
}

static int result_init(struct sim *s, struct sim_result *res, uint64_t total)
{
	const struct sim_options *o = s->opt;
	uint64_t ladders = o->ladders < total ? o->ladders : total;
	uint64_t rows = o->table < total ? o->table : total;

	memset(res, 0, sizeof(*res));
	res->nhosts = s->sc->nhosts;
	if (report_init(&res->rep, rows, s->mem) != 0)
		return TFO_ERR_NOMEM;
	if (!ladders)
		return 0;
	res->traces = mem_zalloc(s->mem, (size_t)ladders, sizeof(*res->traces));
	res->info = mem_zalloc(s->mem, (size_t)ladders, sizeof(*res->info));
	return res->traces && res->info ? 0 : TFO_ERR_NOMEM;
}

static void schedule(struct sim *s)
{
	const struct sim_scenario *sc = s->sc;

	for (size_t i = 0; i < sc->nconnect; i++) {
		uint64_t n = sim_line_count(sc, s->opt, i);

		s->line_count[i] = n;
		s->total += n;
		if (n)
			sim_push(s, sc->connect[i].at, EV_CONNECT, (uint32_t)i, NULL);
	}
	for (size_t i = 0; i < sc->nkeyops; i++)
		sim_push(s, sc->keyops[i].at, EV_KEYOP, (uint32_t)i, NULL);
}

static int setup(struct sim *s, char *err)
{
	int rc;

	/* 'a' to 'z' over and over: 26 bytes, then doubled (n stays a multiple of 26) */
	for (size_t i = 0; i < 26; i++)
		s->pattern[i] = (uint8_t)('a' + i);
	for (size_t n = 26; n < PATTERN_LEN; n *= 2)
		memcpy(s->pattern + n, s->pattern, n < PATTERN_LEN - n ? n : PATTERN_LEN - n);
	queue_init(&s->q, s->mem);
	pool_init(&s->pool, PACKET_BUF, s->mem);
	conntab_init(&s->tab, s->mem);
	/* one lane per link direction: with a fixed delay, its packets arrive in order */
	if ((rc = queue_set_lanes(&s->q, 2 * s->sc->nlinks)) != 0)
		return rc;
	for (uint32_t h = 0; h < s->sc->nhosts; h++)
		if ((rc = shost_setup(s, h, err)) != 0)
			return rc;
	if ((rc = wire_setup(s)) != 0) {
		snprintf(err, SC_ERR_MAX, "%s", tfo_strerror(rc));
		return rc;
	}
	return kcp_setup(s, err);
}

static void dispatch(struct sim *s, const struct sim_event *ev)
{
	switch (ev->type) {
	case EV_CONNECT:
		app_connect(s, ev->arg);
		break;
	case EV_DELIVER:
		wire_deliver(s, ev->ptr, ev->arg);
		break;
	case EV_TIMER:
		shost_timer(s, ev->arg, ev->time);
		break;
	case EV_RESPOND:
		app_respond(s, ev->ptr, ev->arg);
		break;
	case EV_KEYOP:
		shost_keyop(s, ev->arg);
		shost_rearm(&s->hosts[s->sc->keyops[ev->arg].host]);
		break;
	default:
		kcp_event(s, ev);
		break;
	}
}

static void progress(struct sim *s, int last)
{
	if (!s->opt->progress)
		return;
	fprintf(stderr, "\rtfosim: %s%llu of %llu connections started, %llu events%s",
	        s->opt->tfo_off ? "(the run with TFO off) " : "", (unsigned long long)s->next_index,
	        (unsigned long long)s->total, (unsigned long long)s->res->events, last ? "\n" : "");
}

/* The count of events and the last one's time go to the result when it ends (or is shown). */
static void loop(struct sim *s)
{
	const tfo_time stop = s->sc->stop;
	struct sim_event ev;
	uint64_t events = 0;

	while (!s->err && queue_next_time(&s->q) <= stop && queue_pop(&s->q, &ev)) {
		s->now = ev.time;
		dispatch(s, &ev);
		if (++events % PROGRESS_EVERY == 0) {
			s->res->events = events;
			progress(s, 0);
		}
	}
	s->res->events = events;
	s->res->end = s->now;
	if (events >= PROGRESS_EVERY)
		progress(s, 1);
}

/* teardown: packets still in flight, hosts, connections, tables. */
static void teardown(struct sim *s)
{
	struct sim_event ev;

	while (queue_pop(&s->q, &ev))
		if (ev.type == EV_DELIVER || ev.type == EV_KCP_DELIVER) {
			s->res->dropped[SIM_DROP_TIMEOUT]++;
			pool_put(&s->pool, ev.ptr);
		}
	for (size_t h = 0; h < s->sc->nhosts; h++) {
		if (!s->hosts[h].h)
			continue;
		for (int k = 0; k < TFO_CTR_COUNT; k++)
			s->res->counters[h][k] = tfo_host_counter(s->hosts[h].h, k);
		tfo_host_del(s->hosts[h].h);
		s->hosts[h].h = NULL;
	}
	app_free_all(s);
	kcp_teardown(s);
	for (size_t l = 0; l < s->sc->nlinks; l++) {
		linkdir_free(&s->links[l][0], s->mem);
		linkdir_free(&s->links[l][1], s->mem);
	}
	s->res->peak_packets = s->pool.allocated;
	pool_free(&s->pool);
	conntab_free(&s->tab);
	queue_free(&s->q);
}

int sim_run(const struct sim_scenario *sc, const struct sim_options *o, const tfo_allocator *mem,
            struct sim_result *res, char *err)
{
	struct sim *s = mem_zalloc(mem, 1, sizeof(*s));
	int rc;

	err[0] = '\0';
	memset(res, 0, sizeof(*res));
	if (!s) {
		snprintf(err, SC_ERR_MAX, "%s", tfo_strerror(TFO_ERR_NOMEM));
		return TFO_ERR_NOMEM;
	}
	s->sc = sc;
	s->opt = o;
	s->mem = mem;
	s->res = res;
	s->ctx_cause = TR_NO_CAUSE;
	rc = result_init(s, res, sim_total_connections(sc, o));
	if (rc == 0)
		rc = setup(s, err);
	if (rc == 0) {
		schedule(s);
		loop(s);
		app_finish_all(s);
		kcp_finish(s);
		rc = s->err ? s->err : kcp_take_ladders(s);
		if (rc && res->capture_errno)
			snprintf(err, SC_ERR_MAX, "cannot write the capture: %s",
			         strerror(res->capture_errno));
		else if (rc)
			snprintf(err, SC_ERR_MAX, "simulation failed: %s", tfo_strerror(rc));
	} else if (!err[0]) {
		snprintf(err, SC_ERR_MAX, "%s", tfo_strerror(rc));
	}
	teardown(s);
	mem_free(mem, s);
	return rc;
}

void sim_result_free(struct sim_result *res, const tfo_allocator *mem)
{
	for (uint64_t i = 0; res->traces && i < res->ntraced; i++)
		trace_free(&res->traces[i], mem);
	mem_free(mem, res->traces);
	mem_free(mem, res->info);
	report_free(&res->rep, mem);
	for (size_t i = 0; i < res->nkcp_ladders; i++)
		trace_free(&res->kcp_ladders[i].tr, mem);
	mem_free(mem, res->kcp_ladders);
	mem_free(mem, res->kcp);
	memset(res, 0, sizeof(*res));
}
