/* Sweeps: parsing the grid's lists and running one cell (sim_sweep.h). */
#include <stdlib.h>
#include <string.h>

#include "sim_run.h"
#include "sim_sweep.h"
#include "sim_units.h"

const char sweep_default_scenario[] =
        "title request/response: a first visit fetches the cookie, then return visits\n"
        "host client addr 10.0.0.1 fastopen client\n"
        "host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
        "link client server delay 50ms\n"
        "listen server port 80 response 1000B\n"
        "connect at 0ms client server:80 request 100B\n"
        "connect at 1s client server:80 request 100B every 1s count 100\n";

const char *sweep_mode_name(int mode)
{
	return mode == SWEEP_TFO ? "tfo" : "tcp";
}

typedef int (*unit_fn)(const char *s, size_t n, uint64_t *out);

static int u_time(const char *s, size_t n, uint64_t *out)
{
	tfo_time t;

	if (units_time(s, n, &t) != 0)
		return -1;
	*out = t;
	return 0;
}

static int u_pct(const char *s, size_t n, uint64_t *out)
{
	uint32_t p;

	if (units_percent(s, n, &p) != 0)
		return -1;
	*out = p;
	return 0;
}

/* push: appends v to *a (growing it), at most SWEEP_LIST_MAX values. */
static int push(uint64_t **a, size_t *n, size_t *cap, uint64_t v, char *err)
{
	if (*n == SWEEP_LIST_MAX) {
		snprintf(err, SC_ERR_MAX, "more than %d values in one list", SWEEP_LIST_MAX);
		return -1;
	}
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		uint64_t *b = realloc(*a, c * sizeof(*b));

		if (!b) {
			snprintf(err, SC_ERR_MAX, "out of memory");
			return -1;
		}
		*a = b;
		*cap = c;
	}
	(*a)[(*n)++] = v;
	return 0;
}

/* item: "V" or "A..B/STEP", appended to *a. */
static int item(const char *s, size_t len, unit_fn fn, const char *what, uint64_t **a, size_t *n,
                size_t *cap, char *err)
{
	const char *dots = NULL, *slash = NULL;
	uint64_t lo, hi, step;

	for (size_t i = 0; i + 1 < len && !dots; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			dots = s + i;
	if (!dots) {
		if (fn(s, len, &lo) != 0)
			goto bad;
		return push(a, n, cap, lo, err);
	}
	slash = memchr(dots, '/', len - (size_t)(dots - s));
	if (!slash || fn(s, (size_t)(dots - s), &lo) != 0 ||
	    fn(dots + 2, (size_t)(slash - dots - 2), &hi) != 0 ||
	    fn(slash + 1, len - (size_t)(slash + 1 - s), &step) != 0)
		goto bad;
	if (step == 0 || hi < lo) {
		snprintf(err, SC_ERR_MAX, "'%.*s': a range goes up, by a step above zero", (int)len,
		         s);
		return -1;
	}
	for (uint64_t v = lo; v <= hi; v += step)
		if (push(a, n, cap, v, err) != 0)
			return -1;
	return 0;
bad:
	snprintf(err, SC_ERR_MAX, "'%.*s' is not a %s or a range FROM..TO/STEP", (int)len, s, what);
	return -1;
}

static int parse_list(const char *s, unit_fn fn, const char *what, uint64_t **out, size_t *n,
                      char *err)
{
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (item(s, len, fn, what, out, n, &cap, err) != 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

int sweep_parse_times(const char *s, tfo_time **out, size_t *n, char *err)
{
	uint64_t *v;

	if (parse_list(s, u_time, "time (10ms)", &v, n, err) != 0)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (v[i] == 0 || v[i] % 2 != 0) {
			snprintf(err, SC_ERR_MAX,
			         "an RTT must be above zero and a whole number of "
			         "nanoseconds when halved");
			free(v);
			return -1;
		}
	*out = v; /* tfo_time is a uint64_t */
	return 0;
}

int sweep_parse_percents(const char *s, uint32_t **out, size_t *n, char *err)
{
	uint64_t *v;
	uint32_t *p;

	if (parse_list(s, u_pct, "percentage (2%)", &v, n, err) != 0)
		return -1;
	p = malloc(*n * sizeof(*p));
	if (!p) {
		snprintf(err, SC_ERR_MAX, "out of memory");
		free(v);
		return -1;
	}
	for (size_t i = 0; i < *n; i++)
		p[i] = (uint32_t)v[i];
	free(v);
	*out = p;
	return 0;
}

void sweep_grid_free(struct sweep_grid *g)
{
	free(g->rtt);
	free(g->loss_ppm);
	g->rtt = NULL;
	g->loss_ppm = NULL;
}

static int cmp_time(const void *a, const void *b)
{
	tfo_time x = *(const tfo_time *)a, y = *(const tfo_time *)b;

	return (x > y) - (x < y);
}

/* pct: the nearest-rank percentile p of the n sorted values. */
static tfo_time pct(const tfo_time *v, uint64_t n, unsigned p)
{
	uint64_t rank = (n * p + 99) / 100;

	return n ? v[rank ? rank - 1 : 0] : TFO_TIME_NEVER;
}

/* one_mode: every seed of one mode into row; times collects first bytes. */
static int one_mode(const struct sweep_spec *spec, const struct sim_scenario *sc, int mode,
                    tfo_time *times, uint64_t cap, struct sweep_row *row, char *err)
{
	uint64_t total = sim_total_connections(
	        sc, &(struct sim_options){ .connections = spec->connections, .pcap_host = -1 });
	uint64_t n = 0;

	for (uint64_t seed = 1; seed <= spec->seeds; seed++) {
		struct sim_options o = { .seed = seed,
			                 .tfo_off = mode == SWEEP_TCP,
			                 .table = total,
			                 .connections = spec->connections,
			                 .pcap_host = -1 };
		struct sim_result res;
		int rc = sim_run(sc, &o, NULL, &res, err);

		if (rc != 0) {
			sim_result_free(&res, NULL);
			return rc;
		}
		for (uint64_t i = 2; i <= total && n < cap; i++) {
			const struct conn_result *c = report_row(&res.rep, i);

			times[n++] = c ? c->first_byte : TFO_TIME_NEVER;
			if (c && c->outcome == TFO_OUTCOME_ACCEPTED)
				row->accepted++;
		}
		sim_result_free(&res, NULL);
	}
	qsort(times, n, sizeof(*times), cmp_time);
	row->mode = (uint8_t)mode;
	row->connections = n;
	row->p50 = pct(times, n, 50);
	row->p90 = pct(times, n, 90);
	row->p99 = pct(times, n, 99);
	return 0;
}

int sweep_cell(const struct sweep_spec *spec, uint64_t cell, tfo_time rtt, uint32_t loss_ppm,
               struct sweep_row rows[SWEEP_MODES], char *err)
{
	struct sim_scenario *sc = malloc(sizeof(*sc));
	uint64_t total, cap;
	tfo_time *times;
	int rc = 0;

	if (!sc)
		return TFO_ERR_NOMEM;
	*sc = *spec->sc;
	for (size_t l = 0; l < sc->nlinks; l++)
		for (int d = 0; d < 2; d++) {
			sc->links[l].dir[d].delay = rtt / 2;
			sc->links[l].dir[d].loss_ppm = loss_ppm;
		}
	total = sim_total_connections(
	        sc, &(struct sim_options){ .connections = spec->connections, .pcap_host = -1 });
	cap = total > 1 ? (total - 1) * spec->seeds : 0;
	times = malloc((cap ? cap : 1) * sizeof(*times));
	if (!times) {
		free(sc);
		return TFO_ERR_NOMEM;
	}
	for (int m = 0; m < SWEEP_MODES && rc == 0; m++) {
		rows[m] = (struct sweep_row){ .cell = cell, .rtt = rtt, .loss_ppm = loss_ppm };
		rc = one_mode(spec, sc, m, times, cap, &rows[m], err);
	}
	if (rc == 0)
		rows[SWEEP_TFO].saved_p50 =
		        (int64_t)rows[SWEEP_TCP].p50 - (int64_t)rows[SWEEP_TFO].p50;
	rows[SWEEP_TFO].have_saved = rc == 0 && rows[SWEEP_TCP].p50 != TFO_TIME_NEVER &&
	                             rows[SWEEP_TFO].p50 != TFO_TIME_NEVER;
	free(times);
	free(sc);
	return rc;
}
