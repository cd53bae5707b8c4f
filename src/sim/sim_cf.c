/* The TFO-off run derived from one connection per line (sim_cf.h says when and why). */
#include <string.h>

#include "sim_cf.h"
#include "tfo_alloc.h"

/* What one connection of a line does alone with Fast Open off. */
struct cf_line {
	struct conn_result res;
	tfo_time hold; /* from its start to the end of the run: its port is free by then */
};

static int dir_static(const struct sc_dir *d)
{
	return !d->jitter && !d->loss_ppm && !d->dup_ppm && !d->reorder_ppm && !d->rate_bps;
}

static const struct sc_listen *listener(const struct sim_scenario *sc, const struct sc_connect *l)
{
	for (size_t i = 0; i < sc->nlisten; i++)
		if (sc->listen[i].host == l->server && sc->listen[i].port == l->port)
			return &sc->listen[i];
	return NULL;
}

int cf_static_ok(const struct sim_scenario *sc)
{
	if (sc->nloss || sc->nmbox || sc->nkcp || sc->stop != TFO_TIME_NEVER)
		return 0;
	for (size_t i = 0; i < sc->nlinks; i++)
		if (!dir_static(&sc->links[i].dir[0]) || !dir_static(&sc->links[i].dir[1]))
			return 0;
	for (size_t i = 0; i < sc->nconnect; i++) {
		const struct sc_listen *lis = listener(sc, &sc->connect[i]);

		/*
		 * A server that closes first keeps the 4-tuple in TIME-WAIT
		 * after the client has freed the port.
		 */
		if (sc->connect[i].reset || !lis || lis->closer != SC_CLOSE_CLIENT)
			return 0;
	}
	return 1;
}

/*
 * alone: runs line i's first connection by itself with Fast Open off.
 * Key changes are left out: with Fast Open off no host uses a key.
 */
static int alone(const struct sim_scenario *sc, const struct sim_options *o, size_t i,
                 struct sim_scenario *one, struct cf_line *out, const tfo_allocator *mem, char *err)
{
	struct sim_options so = { .seed = o->seed, .tfo_off = 1, .table = 1, .pcap_host = -1 };
	struct sim_result res;
	const struct conn_result *r;
	int rc;

	*one = *sc;
	one->nkeyops = 0;
	one->nconnect = 1;
	one->connect[0] = sc->connect[i];
	one->connect[0].every = 0;
	one->connect[0].count = 1;
	rc = sim_run(one, &so, mem, &res, err);
	r = rc == 0 ? report_row(&res.rep, 1) : NULL;
	if (r && r->status == RES_DONE) {
		out->res = *r;
		out->hold = res.end - r->start;
	} else if (rc == 0) {
		rc = CF_SIMULATE;
	}
	sim_result_free(&res, mem);
	return rc;
}

/* The most connections of a line that can start within any span of hold. */
static uint64_t at_once(const struct sc_connect *l, uint64_t n, tfo_time hold)
{
	uint64_t k;

	if (!l->every)
		return n;
	k = hold / l->every + 1;
	return k < n ? k : n;
}

/*
 * ports_suffice: whether every client host always has a free ephemeral
 * port, counting every connection from it as if to the same server (the
 * real test is per 4-tuple, so this can only refuse too much).
 */
static int ports_suffice(const struct sim_scenario *sc, const struct sim_options *o,
                         const struct cf_line *lines)
{
	for (size_t h = 0; h < sc->nhosts; h++) {
		tfo_time hold = 0;
		uint64_t need = 0, range;
		tfo_settings set;

		for (size_t i = 0; i < sc->nconnect; i++)
			if (sc->connect[i].client == h && lines[i].hold > hold)
				hold = lines[i].hold;
		for (size_t i = 0; i < sc->nconnect; i++)
			if (sc->connect[i].client == h)
				need += at_once(&sc->connect[i], sim_line_count(sc, o, i), hold);
		for (size_t i = 0; i < sc->nlisten; i++)
			need += sc->listen[i].host == h; /* a listener may sit in the range */
		sim_host_settings(&sc->hosts[h], &set);
		range = (uint64_t)set.port_hi - set.port_lo + 1;
		if (need >= range)
			return 0;
	}
	return 1;
}

/* fill: the sums of every line's connections, and the rows on has, from its lines. */
static int fill(const struct sim_scenario *sc, const struct sim_options *o,
                const struct cf_line *lines, const struct report *on, struct report *off,
                const tfo_allocator *mem)
{
	if (report_init(off, on->limit, mem) != 0)
		return TFO_ERR_NOMEM;
	for (size_t i = 0; i < sc->nconnect; i++)
		report_add_many(off, &lines[i].res, sim_line_count(sc, o, i));
	for (uint64_t k = 1; k <= on->limit; k++) {
		const struct conn_result *c = report_row(on, k);
		struct conn_result r;

		if (!c || c->line >= sc->nconnect) {
			report_free(off, mem);
			return CF_SIMULATE;
		}
		r = lines[c->line].res;
		r.index = k;
		r.line = c->line;
		r.start = c->start;
		report_put_row(off, &r);
	}
	return 0;
}

int cf_derive(const struct sim_scenario *sc, const struct sim_options *o, const struct report *on,
              struct report *off, const tfo_allocator *mem, char *err)
{
	struct sim_scenario *one;
	struct cf_line *lines;
	int rc = 0;

	memset(off, 0, sizeof(*off));
	if (!cf_static_ok(sc))
		return CF_SIMULATE;
	one = mem_alloc(mem, sizeof(*one));
	lines = mem_zalloc(mem, sc->nconnect ? sc->nconnect : 1, sizeof(*lines));
	if (!one || !lines)
		rc = TFO_ERR_NOMEM;
	for (size_t i = 0; rc == 0 && i < sc->nconnect; i++)
		if (sim_line_count(sc, o, i))
			rc = alone(sc, o, i, one, &lines[i], mem, err);
	if (rc == 0 && !ports_suffice(sc, o, lines))
		rc = CF_SIMULATE;
	if (rc == 0)
		rc = fill(sc, o, lines, on, off, mem);
	mem_free(mem, one);
	mem_free(mem, lines);
	return rc;
}
