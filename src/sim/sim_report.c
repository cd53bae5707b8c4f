/* Per-connection results, run aggregates, and their text rendering. */
#include <string.h>

#include "sim_report.h"
#include "sim_units.h"
#include "tfo_alloc.h"

const char *res_status_name(int status)
{
	switch (status) {
	case RES_DONE:
		return "done";
	case RES_FAILED:
		return "failed";
	case RES_UNFINISHED:
		return "unfinished";
	default:
		return "?";
	}
}

int report_init(struct report *r, uint64_t limit, const tfo_allocator *mem)
{
	memset(r, 0, sizeof(*r));
	r->limit = limit;
	if (!limit)
		return 0;
	if (limit > SIZE_MAX / sizeof(*r->rows))
		return TFO_ERR_NOMEM;
	r->rows = mem_zalloc(mem, (size_t)limit, sizeof(*r->rows));
	r->have = mem_zalloc(mem, (size_t)limit, 1);
	if (!r->rows || !r->have) {
		report_free(r, mem);
		return TFO_ERR_NOMEM;
	}
	return 0;
}

void report_free(struct report *r, const tfo_allocator *mem)
{
	mem_free(mem, r->rows);
	mem_free(mem, r->have);
	r->rows = NULL;
	r->have = NULL;
}

int report_failure_kind(int error)
{
	switch (error) {
	case TFO_ERR_CONNREFUSED:
		return FAIL_REFUSED;
	case TFO_ERR_TIMEDOUT:
		return FAIL_TIMED_OUT;
	case TFO_ERR_CONNRESET:
		return FAIL_RESET;
	default:
		return FAIL_OTHER;
	}
}

const char *report_failure_word(int error)
{
	static const char *const words[] = { "refused", "timed out", "reset" };
	int k = report_failure_kind(error);

	return k == FAIL_OTHER ? tfo_errname(error) : words[k];
}

/* Wrapping sums, as n single additions would wrap. */
static void means_add(struct report_means *m, const struct conn_result *res, uint64_t n)
{
	if (res->req_at_server != TFO_TIME_NEVER) {
		m->n_req += n;
		m->sum_req += n * res->req_at_server;
	}
	if (res->first_byte != TFO_TIME_NEVER) {
		m->n_first += n;
		m->sum_first += n * res->first_byte;
	}
}

void report_add_many(struct report *r, const struct conn_result *res, uint64_t n)
{
	r->total += n;
	if (res->status == RES_DONE) {
		r->done += n;
	} else if (res->status == RES_FAILED) {
		r->failed += n;
		r->failures[report_failure_kind(res->error)] += n;
	} else {
		r->unfinished += n;
	}
	if (res->outcome >= 0 && res->outcome <= TFO_OUTCOME_INCOMPLETE) {
		r->outcomes[res->outcome] += n;
		means_add(&r->by_outcome[res->outcome], res, n);
	}
	r->sum_rtt += n * res->rtt;
	means_add(&r->all, res, n);
}

void report_put_row(struct report *r, const struct conn_result *res)
{
	if (report_keeps_row(r, res->index)) {
		r->rows[res->index - 1] = *res;
		r->have[res->index - 1] = 1;
	}
}

void report_add(struct report *r, const struct conn_result *res)
{
	report_add_many(r, res, 1);
	report_put_row(r, res);
}

const struct conn_result *report_row(const struct report *r, uint64_t index)
{
	if (!report_keeps_row(r, index) || !r->have[index - 1])
		return NULL;
	return &r->rows[index - 1];
}

int64_t report_saved(tfo_time on, tfo_time off, int *ok)
{
	*ok = on != TFO_TIME_NEVER && off != TFO_TIME_NEVER;
	return *ok ? (int64_t)off - (int64_t)on : 0;
}

/* "  150.000 ms  1.50 RTT", or the reason there is no time. */
static void cell(char *buf, size_t size, int64_t ns, int ok, tfo_time rtt, const char *missing)
{
	char ms[32], r[32];

	if (!ok) {
		snprintf(buf, size, "%22s", missing); /* as wide as a time */
		return;
	}
	snprintf(buf, size, "%9s ms %5s RTT", units_ms_signed(ms, ns), units_ratio(r, ns, rtt));
}

/* A time saved, or a time lost said as such: never a negative "saved". */
static void saved_cell(char *buf, size_t size, int64_t ns, int ok, tfo_time rtt)
{
	if (!ok || ns >= 0) {
		cell(buf, size, ns, ok, rtt, "-");
		return;
	}
	cell(buf, size - 5, -ns, 1, rtt, "-");
	strcat(buf, " lost");
}

static void row(FILE *out, const struct conn_result *c, const struct conn_result *cf, int with_cf)
{
	char req[48], first[48], saved[48], oc[32];
	const char *miss = c->status == RES_FAILED ? report_failure_word(c->error) : "-";
	int ok;
	int64_t d;

	if (c->status == RES_FAILED)
		snprintf(oc, sizeof(oc), "%s", report_failure_word(c->error));
	else
		snprintf(oc, sizeof(oc), "%s",
		         c->outcome >= 0 ? tfo_outcome_name(c->outcome) : "-");
	cell(req, sizeof(req), (int64_t)c->req_at_server, c->req_at_server != TFO_TIME_NEVER,
	     c->rtt, miss);
	cell(first, sizeof(first), (int64_t)c->first_byte, c->first_byte != TFO_TIME_NEVER, c->rtt,
	     miss);
	if (!with_cf) {
		fprintf(out, "%5llu  %-16s %s  %s\n", (unsigned long long)c->index, oc, req, first);
		return;
	}
	d = report_saved(c->req_at_server, cf ? cf->req_at_server : TFO_TIME_NEVER, &ok);
	saved_cell(saved, sizeof(saved), d, ok, c->rtt);
	fprintf(out, "%5llu  %-16s %s  %s  %s\n", (unsigned long long)c->index, oc, req, first,
	        saved);
}

void report_table(FILE *out, const struct report *on, const struct report *off)
{
	uint64_t shown = 0;

	fprintf(out, "%5s  %-16s %22s  %22s", "conn", "outcome", "request at server",
	        "first answer byte");
	if (off)
		fprintf(out, "  %22s", "saved vs TFO off");
	fputc('\n', out);
	for (uint64_t i = 1; i <= on->limit; i++) {
		const struct conn_result *c = report_row(on, i);

		if (!c)
			continue;
		row(out, c, off ? report_row(off, i) : NULL, off != NULL);
		shown++;
	}
	if (on->total > shown)
		fprintf(out, "(%llu more connections: see the summary; --table=all lists them)\n",
		        (unsigned long long)(on->total - shown));
}

/* "  tfo-accepted     50.000 ms  0.50 RTT  (3 connections)" */
static void mean_row(FILE *out, const char *what, uint64_t n, uint64_t sum, uint64_t of,
                     uint64_t rtt)
{
	char c[48];

	cell(c, sizeof(c), n ? (int64_t)(sum / n) : 0, n > 0, rtt, "never reached");
	fprintf(out, "  %-16s %s", what, c);
	if (n)
		fprintf(out, "  (%llu connection%s", (unsigned long long)n, n == 1 ? "" : "s");
	if (n && n < of)
		fprintf(out, " of %llu", (unsigned long long)of);
	fputs(n ? ")\n" : "\n", out);
}

/* The saved (or lost) line under the comparison of all connections with TFO off. */
static void saved_row(FILE *out, uint64_t m_on, uint64_t m_off, uint64_t rtt)
{
	char d[32], r[32];
	int64_t diff = (int64_t)m_off - (int64_t)m_on;

	fprintf(out, "  %-16s %9s ms %5s RTT %s\n", "TFO on vs off",
	        units_ms_signed(d, diff < 0 ? -diff : diff),
	        units_ratio(r, diff < 0 ? -diff : diff, rtt), diff < 0 ? "lost" : "saved");
}

/*
 * Means per outcome (a plain visit, a first visit asking for a cookie, a
 * return visit...), never one mean mixing them; then all connections with
 * TFO on and off, and what TFO saved or lost over them.
 */
static void means(FILE *out, const char *what, const struct report *on, const struct report *off,
                  int first, uint64_t rtt)
{
	const struct report_means *all = &on->all;
	uint64_t n_all = first ? all->n_first : all->n_req;
	uint64_t s_all = first ? all->sum_first : all->sum_req;

	fprintf(out, "%s, mean:\n", what);
	for (int o = 0; o <= TFO_OUTCOME_INCOMPLETE; o++) {
		const struct report_means *m = &on->by_outcome[o];

		if (on->outcomes[o])
			mean_row(out, tfo_outcome_name(o), first ? m->n_first : m->n_req,
			         first ? m->sum_first : m->sum_req, on->outcomes[o], rtt);
	}
	if (!off)
		return;
	mean_row(out, "all, TFO on", n_all, s_all, on->total, rtt);
	mean_row(out, "all, TFO off", first ? off->all.n_first : off->all.n_req,
	         first ? off->all.sum_first : off->all.sum_req, off->total, rtt);
	if (n_all && (first ? off->all.n_first : off->all.n_req))
		saved_row(out, s_all / n_all,
		          first ? off->all.sum_first / off->all.n_first
		                : off->all.sum_req / off->all.n_req,
		          rtt);
}

static void counts(FILE *out, const struct report *on)
{
	static const char *const words[] = { "refused", "timed out", "reset", "other" };
	int first = 1;

	fprintf(out, "connections: %llu (%llu done, %llu failed", (unsigned long long)on->total,
	        (unsigned long long)on->done, (unsigned long long)on->failed);
	for (int k = 0; k < FAIL_KINDS; k++) {
		if (!on->failures[k])
			continue;
		fprintf(out, "%s%llu %s", first ? ": " : ", ", (unsigned long long)on->failures[k],
		        words[k]);
		first = 0;
	}
	fprintf(out, "; %llu unfinished)\n", (unsigned long long)on->unfinished);
}

void report_summary(FILE *out, const struct report *on, const struct report *off)
{
	uint64_t rtt = on->total ? on->sum_rtt / on->total : 0;
	char r[32];
	int first = 1;

	counts(out, on);
	fputs("outcomes:", out);
	for (int o = 0; o <= TFO_OUTCOME_INCOMPLETE; o++) {
		if (!on->outcomes[o])
			continue;
		fprintf(out, "%s %s %llu", first ? "" : ",", tfo_outcome_name(o),
		        (unsigned long long)on->outcomes[o]);
		first = 0;
	}
	fprintf(out, "%s\n", first ? " none" : "");
	fprintf(out, "mean RTT: %s ms\n", units_ms(r, rtt));
	means(out, "request at server", on, off, 0, rtt);
	means(out, "first answer byte", on, off, 1, rtt);
}
