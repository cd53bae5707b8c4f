/*
 * The text report. Connection lines use the JSON field names as keys, so
 * that the two outputs read alike; "-" stands for null.
 */
#include <inttypes.h>
#include <stdio.h>

#include "replay_report.h"
#include "tfo_addr.h"
#include "tfo_strbuf.h"

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

/* A null number is "-"; others in decimal, negative ones with their sign. */
static void put_num(struct strbuf *sb, int64_t v)
{
	if (v == REPLAY_NULL) {
		sb_putc(sb, '-');
		return;
	}
	if (v < 0)
		sb_putc(sb, '-');
	sb_putu(sb, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* A cookie in hex, or "-" when there is none. */
static void put_cookie(struct strbuf *sb, const struct replay_tfo *t)
{
	if (t->cookie_len <= 0)
		sb_putc(sb, '-');
	else
		sb_puthex(sb, t->cookie, (size_t)t->cookie_len);
}

/* Written in place when the longest address fits: two copies of
 * unknown length fewer per address. */
static void put_sockaddr(struct strbuf *sb, const tfo_sockaddr *sa)
{
	char addr[TFO_SOCKADDRSTRLEN];
	int n;

	if (sb->len + TFO_SOCKADDRSTRLEN < sb->size) {
		n = sockaddr_text(sa, sb->buf + sb->len);
		if (n > 0)
			sb->len += (size_t)n;
		else
			sb->buf[sb->len] = '\0';
		return;
	}
	n = tfo_sockaddr_format(sa, addr, sizeof(addr));
	if (n > 0)
		sb_putn(sb, addr, (size_t)n);
}

/* saved_rtts as %.6g would print it; whole numbers, the common case, without printf. */
static void put_rtts(struct strbuf *sb, double v)
{
	char text[32];

	/* the range first: casting NaN or a huge value is undefined */
	if (v > -1e6 && v < 1e6 && v == (double)(int64_t)v) {
		put_num(sb, (int64_t)v);
		return;
	}
	snprintf(text, sizeof(text), "%.6g", v);
	sb_puts(sb, text);
}

/*
 * One connection's line, built in a buffer and written at once: this runs
 * for every connection of a capture, and one fprintf with fourteen
 * conversions cost a quarter of a replay (docs/performance.md).
 */
void replay_report_conn(FILE *out, const struct replay_result *r, int with_file)
{
	char line[512];
	struct strbuf sb;
	size_t n;

	sb_init(&sb, line, sizeof(line));
	sb_putu(&sb, r->number);
	sb_putc(&sb, ' ');
	put_sockaddr(&sb, &r->client);
	sb_putlit(&sb, " > ");
	put_sockaddr(&sb, &r->server);
	sb_putc(&sb, ' ');
	sb_puts(&sb, replay_outcome_name(r->outcome));
	sb_putlit(&sb, " option=");
	sb_puts(&sb, or_dash(replay_option_name(r->option)));
	sb_putlit(&sb, " cookie_sent=");
	put_cookie(&sb, &r->sent);
	sb_putlit(&sb, " cookie_granted=");
	put_cookie(&sb, &r->granted);
	sb_putlit(&sb, " cookie_check=");
	sb_puts(&sb, or_dash(replay_check_name(r->check)));
	sb_putlit(&sb, " syn_data_bytes=");
	sb_putu(&sb, r->syn_data);
	sb_putlit(&sb, " rtt_us=");
	put_num(&sb, r->rtt_us);
	sb_putlit(&sb, " saved_us=");
	put_num(&sb, r->saved_us);
	sb_putlit(&sb, " saved_rtts=");
	put_rtts(&sb, r->saved_rtts);
	sb_putlit(&sb, " request_to_response_us=");
	put_num(&sb, r->rr_us);
	/* 512 bytes hold the longest line: two IPv6 sockaddrs, two 16-byte cookies */
	n = (size_t)sb_result(&sb) < sizeof(line) ? (size_t)sb_result(&sb) : sizeof(line) - 1;
	if (!(with_file && r->file) && n + 1 < sizeof(line)) {
		line[n] = '\n'; /* one write for the line and its end */
		fwrite(line, 1, n + 1, out);
		return;
	}
	fwrite(line, 1, n, out);
	if (with_file && r->file)
		fprintf(out, " file=%s", r->file);
	fputc('\n', out);
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

const char *replay_flags_text(uint8_t flags, char *buf)
{
	/* tcpdump's order and letters (print-tcp.c tcp_flag_values) */
	static const char letters[] = "FSRP.UEW";
	size_t n = 0;

	for (int i = 0; i < 8; i++)
		if (flags & (1u << i))
			buf[n++] = letters[i];
	buf[n] = '\0';
	return buf;
}

const char *replay_answer_name(int kind)
{
	return kind == REPLAY_ANSWER_SYNACK ? "SYN-ACK"
	       : kind == REPLAY_ANSWER_RST  ? "RST"
	                                    : "none";
}

const char *replay_verdict_cookie(const struct replay_tfo *t, char *buf, size_t size)
{
	if (t->cookie_len < 0)
		return "none";
	if (t->cookie_len == 0)
		return "cookiereq";
	return replay_cookie_hex(t, buf, size);
}

static const char *kind_text(const struct replay_tfo *t)
{
	return t->form == REPLAY_OPT_EXPERIMENTAL ? "254" : "34";
}

/* One difference: "WHAT: trace X, libtfo Y". */
static void difference(FILE *out, const struct replay_verdict *v, unsigned bit)
{
	const struct replay_answer *t = &v->trace, *l = &v->libtfo;
	const char *what = replay_answer_name(t->kind);
	char a[2 * TFO_COOKIE_MAX + 1], b[2 * TFO_COOKIE_MAX + 1];

	switch (bit) {
	case REPLAY_DIFF_ANSWER:
		fprintf(out, "answer: trace %s, libtfo %s", what, replay_answer_name(l->kind));
		break;
	case REPLAY_DIFF_FLAGS:
		fprintf(out, "%s flags: trace [%s], libtfo [%s]", what,
		        replay_flags_text(t->flags, a), replay_flags_text(l->flags, b));
		break;
	case REPLAY_DIFF_ACK:
		fprintf(out, "%s ack: trace ISN+%" PRIu32 ", libtfo ISN+%" PRIu32, what, t->ack,
		        l->ack);
		break;
	case REPLAY_DIFF_COOKIE:
		fprintf(out, "%s cookie: trace %s, libtfo %s", what,
		        replay_verdict_cookie(&t->tfo, a, sizeof(a)),
		        replay_verdict_cookie(&l->tfo, b, sizeof(b)));
		break;
	default:
		fprintf(out, "%s option kind: trace %s, libtfo %s", what, kind_text(&t->tfo),
		        kind_text(&l->tfo));
		break;
	}
}

/* Which SYN the answer answers, when the client sent more than one. */
static void which_syn(FILE *out, const struct replay_verdict *v)
{
	if (v->syns > 1)
		fprintf(out, " (SYN %" PRIu32 " of %" PRIu32 ")", v->syn, v->syns);
}

void replay_report_verdict(FILE *out, const struct replay_verdict *v)
{
	char client[TFO_SOCKADDRSTRLEN], server[TFO_SOCKADDRSTRLEN];
	const char *sep = ": ";

	tfo_sockaddr_format(&v->client, client, sizeof(client));
	tfo_sockaddr_format(&v->server, server, sizeof(server));
	fprintf(out, "conform %" PRIu64 " %s > %s ", v->number, client, server);
	if (v->status == REPLAY_VERDICT_SKIPPED) {
		fputs("skipped: no SYN captured\n", out);
		return;
	}
	if (v->status == REPLAY_VERDICT_UNANSWERED) {
		if (v->syns > 1)
			fprintf(out,
			        "unanswered: the trace shows no answer to any of its %" PRIu32
			        " SYNs\n",
			        v->syns);
		else
			fputs("unanswered: the trace shows no answer to its SYN\n", out);
		return;
	}
	fputs(v->status == REPLAY_VERDICT_MATCH ? "match" : "mismatch", out);
	which_syn(out, v);
	for (unsigned bit = REPLAY_DIFF_ANSWER; bit <= REPLAY_DIFF_OPTION; bit <<= 1) {
		if (!(v->diffs & bit))
			continue;
		fputs(sep, out);
		difference(out, v, bit);
		sep = "; ";
	}
	fputc('\n', out);
}

void replay_report_conform(FILE *out, const struct replay_server *s, unsigned given,
                           const struct replay_conform_summary *sum)
{
	char addr[TFO_SOCKADDRSTRLEN];

	const char *why = replay_no_cookie_why_text(s->no_cookie_why);

	if (given & REPLAY_SERVER_FASTOPEN_GIVEN)
		fprintf(out, "conform server tcp_fastopen=0x%" PRIx32 " (--fastopen)\n",
		        s->fastopen);
	else if (why)
		fprintf(out,
		        "conform server tcp_fastopen=0x%" PRIx32 " (inferred: 0x200 because %s)\n",
		        s->fastopen, why);
	else
		fprintf(out, "conform server tcp_fastopen=0x%" PRIx32 " (inferred)\n", s->fastopen);
	for (size_t i = 0; i < s->nlisteners; i++) {
		tfo_sockaddr_format(&s->listeners[i].addr, addr, sizeof(addr));
		fprintf(out, "conform listener %s qlen=%d (%s)\n", addr, s->listeners[i].qlen,
		        given & REPLAY_SERVER_QLEN_GIVEN ? "--qlen" : "inferred");
	}
	fprintf(out,
	        "conformance: %" PRIu64 " match, %" PRIu64 " mismatch, %" PRIu64
	        " unanswered, %" PRIu64 " skipped\n",
	        sum->match, sum->mismatch, sum->unanswered, sum->skipped);
}
