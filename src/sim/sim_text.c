/* The text output of a run: header, ladders, results, summary, counters, packets. */
#include <string.h>

#include "sim_session.h"
#include "sim_units.h"

void text_header(FILE *out, const struct sim_scenario *sc, const char *name, uint64_t seed)
{
	fprintf(out, "scenario %s, seed %llu\n", name, (unsigned long long)seed);
	if (sc->title[0])
		fprintf(out, "%s\n", sc->title);
}

static void ladders(FILE *out, const struct session *ss)
{
	const struct sim_result *r = &ss->on;

	if (!r->ntraced)
		return;
	fprintf(out,
	        "\n== ladders: %llu of %llu connection%s; times in virtual ms; X: the packet "
	        "died there\n",
	        (unsigned long long)r->ntraced, (unsigned long long)r->rep.total,
	        r->rep.total == 1 ? "" : "s");
	for (uint64_t i = 0; i < r->ntraced; i++) {
		fputc('\n', out);
		ladder_render(out, &r->info[i], &r->traces[i], &ss->o.ladder);
	}
}

#define WRAP 96

/* One host's non-zero counters, wrapped before WRAP columns. */
static void host_counters(FILE *out, const char *name, const uint64_t *ctr)
{
	size_t col = (size_t)fprintf(out, "%s:", name);
	int n = 0;

	for (int k = 0; k < TFO_CTR_COUNT; k++) {
		char item[96];
		size_t len;

		if (!ctr[k])
			continue;
		len = (size_t)snprintf(item, sizeof(item), " %s %llu", tfo_counter_name(k),
		                       (unsigned long long)ctr[k]);
		if (n && col + 1 + len > WRAP) {
			fputs(",\n ", out);
			col = 1;
		} else if (n) {
			fputc(',', out);
			col++;
		}
		fputs(item, out);
		col += len;
		n++;
	}
	fputs(n ? "\n" : " none\n", out);
}

static void counters(FILE *out, const struct session *ss)
{
	fputs("\n== counters (as in /proc/net/netstat and /proc/net/snmp; zeros left out)\n", out);
	for (size_t h = 0; h < ss->on.nhosts; h++)
		host_counters(out, ss->sc->hosts[h].name, ss->on.counters[h]);
}

static void packets(FILE *out, const struct sim_result *r)
{
	int n = 0;

	fprintf(out, "\n== packets\nsent %llu, delivered %llu", (unsigned long long)r->sent,
	        (unsigned long long)r->delivered);
	for (int d = SIM_DROP_SCRIPT; d <= SIM_DROP_TIMEOUT; d++) {
		if (!r->dropped[d])
			continue;
		fprintf(out, "%s %s %llu", n++ ? "," : "; lost:", sim_drop_name(d),
		        (unsigned long long)r->dropped[d]);
	}
	fputc('\n', out);
}

static void kcp_ladders(FILE *out, const struct sim_result *r, const struct ladder_style *st)
{
	if (!r->nkcp_ladders)
		return;
	fprintf(out, "\n== kcp ladders: %zu of %zu conversation%s; times in virtual ms\n",
	        r->nkcp_ladders, r->nkcp, r->nkcp == 1 ? "" : "s");
	for (size_t i = 0; i < r->nkcp_ladders; i++) {
		fputc('\n', out);
		kcp_ladder_render(out, &r->kcp_ladders[i], st);
	}
}

/* One conversation's row: echo latencies, retransmissions, wire cost. */
static void kcp_row(FILE *out, const struct kcp_result *k)
{
	char mean[32], p50[32], p99[32], max[32], cost[32];

	if (k->echoed) {
		units_ms(mean, k->lat_sum / k->echoed);
		units_ms(p50, k->lat_p50);
		units_ms(p99, k->lat_p99);
		units_ms(max, k->lat_max);
	} else {
		strcpy(mean, "-");
		strcpy(p50, "-");
		strcpy(p99, "-");
		strcpy(max, "-");
	}
	if (k->echo_bytes)
		snprintf(cost, sizeof(cost), "%.2f", (double)k->wire_bytes / (double)k->echo_bytes);
	else
		strcpy(cost, "-");
	fprintf(out, "%4u %-8s %7llu/%-7llu %9s %9s %9s %9s %6llu %6llu %8llu %6s%s\n",
	        (unsigned)k->line + 1, tfo_kcp_preset_name(k->preset),
	        (unsigned long long)k->echoed, (unsigned long long)k->sent, mean, p50, p99, max,
	        (unsigned long long)k->retrans_timeout, (unsigned long long)k->retrans_fast,
	        (unsigned long long)k->datagrams, cost,
	        k->dead       ? " dead link"
	        : k->finished ? ""
	                      : " unfinished");
}

static void kcp_results(FILE *out, const struct sim_result *r)
{
	if (!r->nkcp)
		return;
	fputs("\n== kcp: echo latency = echo back at the client minus the send (ms); rtx: "
	      "resent on\ntimeout / after skips, both ends; wire/B: IP+UDP+KCP bytes per "
	      "message byte delivered\n",
	      out);
	fprintf(out, "%4s %-8s %15s %9s %9s %9s %9s %6s %6s %8s %6s\n", "kcp", "preset",
	        "echoed/sent", "mean", "p50", "p99", "max", "rto", "fast", "dgrams", "wire/B");
	for (size_t i = 0; i < r->nkcp; i++)
		kcp_row(out, &r->kcp[i]);
}

void text_body(FILE *out, const struct session *ss)
{
	char rtt[32];
	uint64_t mean = ss->on.rep.total ? ss->on.rep.sum_rtt / ss->on.rep.total : 0;

	if (!ss->o.stepped)
		ladders(out, ss);
	kcp_ladders(out, &ss->on, &ss->o.ladder);
	fprintf(out,
	        "\n== results: times from each connection's start; RTT = the link's two "
	        "one-way delays (%s ms)\n",
	        units_ms(rtt, mean));
	report_table(out, &ss->on.rep, &ss->off.rep);
	fputs("\n== summary (TFO off: the same run with Fast Open off on every host)\n", out);
	report_summary(out, &ss->on.rep, &ss->off.rep);
	kcp_results(out, &ss->on);
	counters(out, ss);
	packets(out, &ss->on);
}
