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

void report_add(struct report *r, const struct conn_result *res)
{
	r->total++;
	if (res->status == RES_DONE)
		r->done++;
	else if (res->status == RES_FAILED)
		r->failed++;
	else
		r->unfinished++;
	if (res->outcome >= 0 && res->outcome <= TFO_OUTCOME_INCOMPLETE)
		r->outcomes[res->outcome]++;
	r->sum_rtt += res->rtt;
	if (res->req_at_server != TFO_TIME_NEVER) {
		r->n_req++;
		r->sum_req += res->req_at_server;
	}
	if (res->first_byte != TFO_TIME_NEVER) {
		r->n_first++;
		r->sum_first += res->first_byte;
	}
	if (res->index >= 1 && res->index <= r->limit) {
		r->rows[res->index - 1] = *res;
		r->have[res->index - 1] = 1;
	}
}

const struct conn_result *report_row(const struct report *r, uint64_t index)
{
	if (index < 1 || index > r->limit || !r->have[index - 1])
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

static void row(FILE *out, const struct conn_result *c, const struct conn_result *cf, int with_cf)
{
	char req[48], first[48], saved[48], oc[32];
	const char *miss = c->status == RES_FAILED ? "failed" : "-";
	int ok;
	int64_t d;

	if (c->status == RES_FAILED)
		snprintf(oc, sizeof(oc), "failed %s", tfo_errname(c->error));
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
	cell(saved, sizeof(saved), d, ok, c->rtt, "-");
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

static void mean_line(FILE *out, const char *what, uint64_t n_on, uint64_t sum_on, uint64_t n_off,
                      uint64_t sum_off, uint64_t rtt)
{
	char a[32], b[32], d[32], r[32];
	uint64_t m_on, m_off;

	if (!n_on) {
		fprintf(out, "%s: never reached\n", what);
		return;
	}
	m_on = sum_on / n_on;
	fprintf(out, "%s: mean %s ms", what, units_ms(a, m_on));
	if (n_off) {
		m_off = sum_off / n_off;
		fprintf(out, ", %s ms with TFO off: %s ms (%s RTT) saved", units_ms(b, m_off),
		        units_ms_signed(d, (int64_t)m_off - (int64_t)m_on),
		        units_ratio(r, (int64_t)m_off - (int64_t)m_on, rtt));
	}
	fputc('\n', out);
}

void report_summary(FILE *out, const struct report *on, const struct report *off)
{
	uint64_t rtt = on->total ? on->sum_rtt / on->total : 0;
	char r[32];
	int first = 1;

	fprintf(out, "connections: %llu (%llu done, %llu failed, %llu unfinished)\n",
	        (unsigned long long)on->total, (unsigned long long)on->done,
	        (unsigned long long)on->failed, (unsigned long long)on->unfinished);
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
	mean_line(out, "request at server", on->n_req, on->sum_req, off ? off->n_req : 0,
	          off ? off->sum_req : 0, rtt);
	mean_line(out, "first answer byte", on->n_first, on->sum_first, off ? off->n_first : 0,
	          off ? off->sum_first : 0, rtt);
}
