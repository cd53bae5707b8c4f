/*
 * The text report. Connection lines use the JSON field names as keys, so
 * that the two outputs read alike; "-" stands for null.
 */
#include <inttypes.h>
#include <stdio.h>

#include "replay_report.h"

const char *replay_cookie_hex(const struct replay_tfo *t, char *buf, size_t size)
{
	if (t->cookie_len <= 0 || tfo_hex_encode(t->cookie, (size_t)t->cookie_len, buf, size) < 0)
		return "-";
	return buf;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static const char *num(int64_t v, char *buf, size_t size)
{
	if (v == REPLAY_NULL)
		return "-";
	snprintf(buf, size, "%" PRId64, v);
	return buf;
}

void replay_report_conn(FILE *out, const struct replay_result *r)
{
	char client[TFO_SOCKADDRSTRLEN], server[TFO_SOCKADDRSTRLEN];
	char sent[2 * TFO_COOKIE_MAX + 1], granted[2 * TFO_COOKIE_MAX + 1];
	char rtt[24], saved[24], rr[24];

	tfo_sockaddr_format(&r->client, client, sizeof(client));
	tfo_sockaddr_format(&r->server, server, sizeof(server));
	fprintf(out,
	        "%" PRIu64 " %s > %s %s option=%s cookie_sent=%s cookie_granted=%s "
	        "cookie_check=%s syn_data_bytes=%" PRIu32 " rtt_us=%s saved_us=%s "
	        "saved_rtts=%.6g request_to_response_us=%s\n",
	        r->number, client, server, replay_outcome_name(r->outcome),
	        or_dash(replay_option_name(r->option)),
	        replay_cookie_hex(&r->sent, sent, sizeof(sent)),
	        replay_cookie_hex(&r->granted, granted, sizeof(granted)),
	        or_dash(replay_check_name(r->check)), r->syn_data, num(r->rtt_us, rtt, sizeof(rtt)),
	        num(r->saved_us, saved, sizeof(saved)), r->saved_rtts,
	        num(r->rr_us, rr, sizeof(rr)));
}

static void outcomes(FILE *out, const struct replay_summary *s)
{
	static const int order[] = { TFO_OUTCOME_ACCEPTED, TFO_OUTCOME_PARTIAL,
		                     TFO_OUTCOME_REJECTED, TFO_OUTCOME_COOKIE_REQUEST,
		                     TFO_OUTCOME_PLAIN,    TFO_OUTCOME_INCOMPLETE };

	fprintf(out, "connections: %" PRIu64, s->connections);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		fprintf(out, "%s%s %" PRIu64, i ? ", " : " (", replay_outcome_name(order[i]),
		        s->outcomes[order[i]]);
	fputs(")\n", out);
}

static void anomalies(FILE *out, const struct replay *r)
{
	const struct replay_anomalies *a = replay_get_anomalies(r);

	if (replay_anomalies_total(a) == 0) {
		fputs("anomalies: none\n", out);
		return;
	}
	for (int k = 0; k < RA_COUNT; k++) {
		const struct replay_anomaly *first = NULL;

		if (!a->count[k])
			continue;
		for (size_t i = 0; i < a->n && !first; i++)
			if (a->list[i].kind == k)
				first = &a->list[i];
		fprintf(out, "anomaly %s: %" PRIu64, replay_anomaly_name(k), a->count[k]);
		if (first) {
			fprintf(out, " (first: %s", replay_input_name(r, first->file));
			if (first->index)
				fprintf(out, " packet %" PRIu64, first->index);
			if (first->conn)
				fprintf(out, ", connection %" PRIu64, first->conn);
			fprintf(out, ": %s)", first->detail);
		}
		fputc('\n', out);
	}
}

void replay_report_summary(FILE *out, const struct replay *r)
{
	const struct replay_summary *s = replay_get_summary(r);
	int64_t mean = replay_summary_mean_us(s);
	const char *plural = s->saved_rtts_total == 1.0 ? "" : "s";

	outcomes(out, s);
	fprintf(out, "tfo used: %" PRIu64 " of %" PRIu64 " connections (%.1f%%)\n", s->tfo_used,
	        s->connections, 100.0 * replay_summary_share(s));
	if (mean == REPLAY_NULL)
		fprintf(out, "time saved: %.6g RTT%s (the trace has no times)\n",
		        s->saved_rtts_total, plural);
	else
		fprintf(out,
		        "time saved: %.6g RTT%s, %" PRId64 " us in total, %" PRId64
		        " us per connection on average\n",
		        s->saved_rtts_total, plural, s->saved_us_total, mean);
	fprintf(out, "packets: %" PRIu64 "\n", s->packets);
	anomalies(out, r);
}
