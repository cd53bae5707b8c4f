/* The text output of a run: header, ladders, results, summary, counters, packets. */
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

void text_body(FILE *out, const struct session *ss)
{
	char rtt[32];
	uint64_t mean = ss->on.rep.total ? ss->on.rep.sum_rtt / ss->on.rep.total : 0;

	if (!ss->o.stepped)
		ladders(out, ss);
	fprintf(out,
	        "\n== results: times from each connection's start; RTT = the link's two "
	        "one-way delays (%s ms)\n",
	        units_ms(rtt, mean));
	report_table(out, &ss->on.rep, &ss->off.rep);
	fputs("\n== summary (TFO off: the same run with Fast Open off on every host)\n", out);
	report_summary(out, &ss->on.rep, &ss->off.rep);
	counters(out, ss);
	packets(out, &ss->on);
}
