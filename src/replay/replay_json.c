/* JSON output with jansson; key order is insertion order, fixed here. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsontext.h"
#include "replay_json.h"
#include "replay_report.h"
#include "tfo_strbuf.h"

static json_t *num_or_null(int64_t v)
{
	return v == REPLAY_NULL ? json_null() : json_integer(v);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *sockaddr(const tfo_sockaddr *sa)
{
	char buf[TFO_SOCKADDRSTRLEN];

	if (tfo_sockaddr_format(sa, buf, sizeof(buf)) < 0)
		return json_null();
	return json_string(buf);
}

static json_t *cookie(const struct replay_tfo *t)
{
	char buf[2 * TFO_COOKIE_MAX + 1];

	if (t->cookie_len <= 0)
		return json_null();
	return json_string(replay_cookie_hex(t, buf, sizeof(buf)));
}

json_t *replay_json_object(const char *const *keys, json_t **values, size_t n)
{
	json_t *o = json_object();
	int bad = !o;

	for (size_t i = 0; i < n; i++) {
		/* json_object_set_new() takes the value even when it fails */
		if (!values[i] || bad) {
			bad = 1;
			json_decref(values[i]);
		} else if (json_object_set_new(o, keys[i], values[i]) != 0) {
			bad = 1;
		}
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *replay_json_conn(const struct replay_result *r)
{
	static const char *const keys[] = {
		"index",          "client",
		"server",         "outcome",
		"option",         "cookie_sent",
		"cookie_granted", "cookie_check",
		"syn_data_bytes", "syn_data_acked",
		"rtt_us",         "saved_us",
		"saved_rtts",     "request_to_response_us",
		"packets",        "file",
	};
	json_t *v[] = {
		json_integer((json_int_t)r->number),
		sockaddr(&r->client),
		sockaddr(&r->server),
		json_string(replay_outcome_name(r->outcome)),
		str_or_null(replay_option_name(r->option)),
		cookie(&r->sent),
		cookie(&r->granted),
		str_or_null(replay_check_name(r->check)),
		json_integer(r->syn_data),
		json_integer(r->syn_data_acked),
		num_or_null(r->rtt_us),
		num_or_null(r->saved_us),
		json_real(r->saved_rtts),
		num_or_null(r->rr_us),
		json_integer((json_int_t)r->packets),
		str_or_null(r->file),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

static json_t *outcomes(const struct replay_summary *s)
{
	static const char *const keys[] = { "tfo-accepted",   "tfo-partial", "tfo-rejected",
		                            "cookie-request", "plain",       "incomplete" };
	json_t *v[] = {
		json_integer((json_int_t)s->outcomes[TFO_OUTCOME_ACCEPTED]),
		json_integer((json_int_t)s->outcomes[TFO_OUTCOME_PARTIAL]),
		json_integer((json_int_t)s->outcomes[TFO_OUTCOME_REJECTED]),
		json_integer((json_int_t)s->outcomes[TFO_OUTCOME_COOKIE_REQUEST]),
		json_integer((json_int_t)s->outcomes[TFO_OUTCOME_PLAIN]),
		json_integer((json_int_t)s->outcomes[TFO_OUTCOME_INCOMPLETE]),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

static json_t *anomaly_counts(const struct replay_anomalies *a)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	for (int k = 0; k < RA_COUNT; k++) {
		if (json_object_set_new(o, replay_anomaly_name(k),
		                        json_integer((json_int_t)a->count[k])) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *replay_json_summary(const struct replay *r)
{
	static const char *const keys[] = { "connections",      "outcomes",       "tfo_used",
		                            "tfo_share",        "saved_us_total", "saved_us_mean",
		                            "saved_rtts_total", "packets",        "anomalies" };
	const struct replay_summary *s = replay_get_summary(r);
	json_t *v[] = {
		json_integer((json_int_t)s->connections),
		outcomes(s),
		json_integer((json_int_t)s->tfo_used),
		json_real(replay_summary_share(s)),
		s->timed ? json_integer(s->saved_us_total) : json_null(),
		num_or_null(replay_summary_mean_us(s)),
		json_real(s->saved_rtts_total),
		json_integer((json_int_t)s->packets),
		anomaly_counts(replay_get_anomalies(r)),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

static json_t *anomaly(const struct replay *r, const struct replay_anomaly *a)
{
	static const char *const keys[] = { "kind", "file", "packet", "connection", "detail" };
	json_t *v[] = {
		json_string(replay_anomaly_name(a->kind)),
		json_string(replay_input_name(r, a->file)),
		a->index ? json_integer((json_int_t)a->index) : json_null(),
		a->conn ? json_integer((json_int_t)a->conn) : json_null(),
		json_string(a->detail),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

json_t *replay_json_anomalies(const struct replay *r)
{
	const struct replay_anomalies *a = replay_get_anomalies(r);
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	for (size_t i = 0; i < a->n; i++) {
		if (json_array_append_new(arr, anomaly(r, &a->list[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

void replay_json_begin(struct replay_json_writer *w, FILE *out)
{
	w->out = out;
	w->n = 0;
	fprintf(out, "{\"format\": \"%s\", \"version\": %d,\n\"connections\": [",
	        REPLAY_JSON_FORMAT, REPLAY_JSON_VERSION);
}

/*
 * v's text, made whole before any of it is written (json_dumpf would leave
 * half a value behind when it runs out of memory); v is released.
 * NULL: out of memory.
 */
static char *dump_text(json_t *v, size_t flags)
{
	char *s = json_text(v, flags);

	json_decref(v);
	return s;
}

/* A JSON string with nothing to escape: printable ASCII, no quote, no backslash. */
static int plain(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return 0;
	return 1;
}

/* A key literal with its length, known when compiled: no strlen a key. */
#define KEY(lit) "" lit, sizeof(lit) - 1

/* "key": "s" (s plain), or "key": null. */
static void put_str(struct strbuf *sb, const char *key, size_t keylen, const char *s)
{
	sb_putn(sb, key, keylen);
	if (!s) {
		sb_putlit(sb, "null");
		return;
	}
	sb_putc(sb, '"');
	sb_puts(sb, s);
	sb_putc(sb, '"');
}

static void put_int(struct strbuf *sb, const char *key, size_t keylen, int64_t v)
{
	sb_putn(sb, key, keylen);
	if (v == REPLAY_NULL) {
		sb_putlit(sb, "null");
		return;
	}
	if (v < 0)
		sb_putc(sb, '-');
	sb_putu(sb, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/*
 * A real as jansson writes it with JSON_REAL_PRECISION(6): %.6g, ".0"
 * added to a whole number. Returns -1 for what jansson rewrites further
 * (an exponent, or no finite value).
 */
static int put_real(struct strbuf *sb, const char *key, size_t keylen, double v)
{
	char text[32];

	/* A whole number below 10^6, the common case, is what %.6g prints
	 * as an integer (but -0, which prints its sign): without printf. */
	/* the range first: casting NaN or a huge value is undefined */
	if (v > -1e6 && v < 1e6 && v == (double)(int64_t)v && !(v == 0 && signbit(v))) {
		put_int(sb, key, keylen, (int64_t)v);
		sb_putlit(sb, ".0");
		return 0;
	}
	snprintf(text, sizeof(text), "%.6g", v);
	if (strpbrk(text, "eEnN"))
		return -1;
	sb_putn(sb, key, keylen);
	sb_puts(sb, text);
	if (!strchr(text, '.'))
		sb_putlit(sb, ".0");
	return 0;
}

/*
 * conn_text: the connection object exactly as replay_json_conn() dumps,
 * without building a tree: a replay writes one per connection, and the
 * tree, dumped twice by json_text(), was three quarters of a JSON replay.
 * Returns the length, or -1 where jansson's text could differ (a string
 * to escape, an unusual real, no room): the caller then takes the tree.
 */
static int conn_text(const struct replay_result *r, char *buf, size_t size)
{
	char client[TFO_SOCKADDRSTRLEN], server[TFO_SOCKADDRSTRLEN];
	char sent[2 * TFO_COOKIE_MAX + 1], granted[2 * TFO_COOKIE_MAX + 1];
	struct strbuf sb;

	if (tfo_sockaddr_format(&r->client, client, sizeof(client)) < 0 ||
	    tfo_sockaddr_format(&r->server, server, sizeof(server)) < 0 ||
	    (r->file && !plain(r->file)))
		return -1;
	sb_init(&sb, buf, size);
	put_int(&sb, KEY("{\"index\": "), (int64_t)r->number);
	put_str(&sb, KEY(", \"client\": "), client);
	put_str(&sb, KEY(", \"server\": "), server);
	put_str(&sb, KEY(", \"outcome\": "), replay_outcome_name(r->outcome));
	put_str(&sb, KEY(", \"option\": "), replay_option_name(r->option));
	put_str(&sb, KEY(", \"cookie_sent\": "),
	        r->sent.cookie_len > 0 ? replay_cookie_hex(&r->sent, sent, sizeof(sent)) : NULL);
	put_str(&sb, KEY(", \"cookie_granted\": "),
	        r->granted.cookie_len > 0 ? replay_cookie_hex(&r->granted, granted, sizeof(granted))
	                                  : NULL);
	put_str(&sb, KEY(", \"cookie_check\": "), replay_check_name(r->check));
	put_int(&sb, KEY(", \"syn_data_bytes\": "), r->syn_data);
	put_int(&sb, KEY(", \"syn_data_acked\": "), r->syn_data_acked);
	put_int(&sb, KEY(", \"rtt_us\": "), r->rtt_us);
	put_int(&sb, KEY(", \"saved_us\": "), r->saved_us);
	if (put_real(&sb, KEY(", \"saved_rtts\": "), r->saved_rtts) != 0)
		return -1;
	put_int(&sb, KEY(", \"request_to_response_us\": "), r->rr_us);
	put_int(&sb, KEY(", \"packets\": "), (int64_t)r->packets);
	put_str(&sb, KEY(", \"file\": "), r->file);
	sb_putc(&sb, '}');
	return (size_t)sb_result(&sb) < size ? sb_result(&sb) : -1;
}

int replay_json_write_conn(struct replay_json_writer *w, const struct replay_result *r)
{
	char line[1024];
	char *s = NULL;

	if (conn_text(r, line, sizeof(line)) < 0) {
		s = dump_text(replay_json_conn(r), REPLAY_JSON_FLAGS);
		if (!s)
			return TFO_ERR_NOMEM;
	}
	fputs(w->n++ ? ",\n  " : "\n  ", w->out);
	fputs(s ? s : line, w->out);
	free(s);
	return 0;
}

/* ",\n\"name\": v" (v released), or nothing at all and TFO_ERR_NOMEM. */
static int dump_part(FILE *out, const char *name, json_t *v)
{
	char *s = dump_text(v, REPLAY_JSON_FLAGS | JSON_INDENT(2));

	if (!s)
		return TFO_ERR_NOMEM;
	fprintf(out, ",\n\"%s\": %s", name, s);
	free(s);
	return 0;
}

/* Writes each member of more after what is written already. */
static int dump_more(FILE *out, json_t *more)
{
	const char *key;
	json_t *v;
	int rc = 0;

	json_object_foreach(more, key, v)
	{
		if (rc == 0)
			rc = dump_part(out, key, json_incref(v));
	}
	return rc;
}

/* v as dump_part would write it, each line after the first indented two more. */
static int dump_nested(FILE *out, const char *sep, json_t *v)
{
	char *s = dump_text(v, REPLAY_JSON_FLAGS | JSON_INDENT(2));

	if (!s)
		return TFO_ERR_NOMEM;
	fputs(sep, out);
	for (const char *p = s; *p; p++) {
		fputc(*p, out);
		if (*p == '\n')
			fputs("  ", out);
	}
	free(s);
	return 0;
}

/*
 * The anomalies one by one, each made, written and freed in turn: memory
 * stays flat however many are kept. The array is closed even on failure.
 */
static int dump_anomalies(FILE *out, const struct replay *r)
{
	const struct replay_anomalies *a = replay_get_anomalies(r);
	size_t i;
	int rc = 0;

	fputs(",\n\"anomalies\": [", out);
	for (i = 0; rc == 0 && i < a->n; i++)
		rc = dump_nested(out, i ? ",\n  " : "\n  ", anomaly(r, &a->list[i]));
	/* i counts the one that failed too */
	fputs(i > (rc == 0 ? 0u : 1u) ? "\n]" : "]", out);
	return rc;
}

/* Closes the document with an "error" member, so that it stays valid JSON. */
static void close_with_error(FILE *out, const char *why)
{
	char *s = dump_text(json_string(why), REPLAY_JSON_FLAGS | JSON_ENCODE_ANY);

	fprintf(out, ",\n\"error\": %s}\n", s ? s : "\"the report is incomplete\"");
	free(s);
}

int replay_json_end(struct replay_json_writer *w, const struct replay *r, json_t *more)
{
	int rc;

	fputs(w->n ? "\n]" : "]", w->out);
	rc = dump_part(w->out, "summary", replay_json_summary(r));
	if (rc == 0)
		rc = dump_anomalies(w->out, r);
	if (rc == 0 && more)
		rc = dump_more(w->out, more);
	json_decref(more);
	if (rc != 0)
		close_with_error(w->out, "out of memory: the report is incomplete");
	else
		fputs("}\n", w->out);
	w->out = NULL;
	return rc;
}

void replay_json_abort(struct replay_json_writer *w, const char *why)
{
	if (!w->out)
		return;
	fputs(w->n ? "\n]" : "]", w->out);
	close_with_error(w->out, why);
	w->out = NULL;
}

json_t *replay_json_document(json_t *settings, json_t *conns, const struct replay *r)
{
	static const char *const keys[] = { "format",      "version", "settings",
		                            "connections", "summary", "anomalies" };
	json_t *v[] = { json_string(REPLAY_EXPECT_FORMAT),
		        json_integer(REPLAY_EXPECT_VERSION),
		        settings,
		        conns,
		        replay_json_summary(r),
		        replay_json_anomalies(r) };

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

static json_t *answer(const struct replay_answer *a)
{
	static const char *const keys[] = { "answer", "flags", "ack", "option", "cookie" };
	char flags[9];

	if (a->kind == REPLAY_ANSWER_NONE)
		return json_null();
	json_t *v[] = {
		json_string(a->kind == REPLAY_ANSWER_SYNACK ? "syn-ack" : "rst"),
		json_string(replay_flags_text(a->flags, flags)),
		(a->flags & TFO_TH_ACK) ? json_integer(a->ack) : json_null(),
		str_or_null(replay_option_name(a->tfo.form)),
		cookie(&a->tfo),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

/* A difference's value on one side, as the answer objects give it. */
static json_t *side(const struct replay_answer *a, unsigned bit)
{
	char buf[2 * TFO_COOKIE_MAX + 1];

	switch (bit) {
	case REPLAY_DIFF_ANSWER:
		return a->kind == REPLAY_ANSWER_NONE
		               ? json_null()
		               : json_string(a->kind == REPLAY_ANSWER_SYNACK ? "syn-ack" : "rst");
	case REPLAY_DIFF_FLAGS:
		return json_string(replay_flags_text(a->flags, buf));
	case REPLAY_DIFF_ACK:
		return json_integer(a->ack);
	case REPLAY_DIFF_COOKIE:
		return a->tfo.cookie_len < 0
		               ? json_null()
		               : json_string(replay_verdict_cookie(&a->tfo, buf, sizeof(buf)));
	default:
		return str_or_null(replay_option_name(a->tfo.form));
	}
}

static json_t *difference(const struct replay_verdict *v, unsigned bit, const char *name)
{
	static const char *const keys[] = { "field", "trace", "libtfo" };
	json_t *d[] = { json_string(name), side(&v->trace, bit), side(&v->libtfo, bit) };

	return replay_json_object(keys, d, 3);
}

static json_t *differences(const struct replay_verdict *v)
{
	static const char *const names[] = { "answer", "flags", "ack", "cookie", "option" };
	json_t *arr = json_array();
	size_t i = 0;

	for (unsigned bit = REPLAY_DIFF_ANSWER; arr && bit <= REPLAY_DIFF_OPTION; bit <<= 1, i++) {
		if ((v->diffs & bit) &&
		    json_array_append_new(arr, difference(v, bit, names[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *replay_json_verdict(const struct replay_verdict *v)
{
	static const char *const keys[] = { "index", "client", "server",      "result", "reason",
		                            "syn",   "syns",   "differences", "trace",  "libtfo" };
	static const char *const results[] = { "match", "mismatch", "skipped", "unanswered" };
	static const char *const reasons[] = { NULL, "no-syn" };
	json_t *vals[] = {
		json_integer((json_int_t)v->number),
		sockaddr(&v->client),
		sockaddr(&v->server),
		json_string(results[v->status]),
		str_or_null(reasons[v->skip]),
		v->syn ? json_integer(v->syn) : json_null(),
		json_integer(v->syns),
		differences(v),
		answer(&v->trace),
		answer(&v->libtfo),
	};

	return replay_json_object(keys, vals, sizeof(vals) / sizeof(vals[0]));
}

static json_t *listener(const struct replay_listener *l)
{
	static const char *const keys[] = { "address", "qlen" };
	json_t *v[] = { sockaddr(&l->addr), json_integer(l->qlen) };

	return replay_json_object(keys, v, 2);
}

static json_t *listeners(const struct replay_server *s)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < s->nlisteners; i++) {
		if (json_array_append_new(arr, listener(&s->listeners[i])) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	}
	return arr;
}

json_t *replay_json_conform_server(const struct replay_server *s, unsigned given)
{
	static const char *const keys[] = { "fastopen", "fastopen_inferred", "fastopen_why",
		                            "listeners", "qlen_inferred" };
	char hex[16];

	snprintf(hex, sizeof(hex), "0x%" PRIx32, s->fastopen);
	json_t *v[] = {
		json_string(hex),
		json_boolean(!(given & REPLAY_SERVER_FASTOPEN_GIVEN)),
		str_or_null(given & REPLAY_SERVER_FASTOPEN_GIVEN
		                    ? NULL
		                    : replay_no_cookie_why_text(s->no_cookie_why)),
		listeners(s),
		json_boolean(!(given & REPLAY_SERVER_QLEN_GIVEN)),
	};

	return replay_json_object(keys, v, sizeof(v) / sizeof(v[0]));
}

json_t *replay_json_conform_summary(const struct replay_conform_summary *s)
{
	static const char *const keys[] = { "match", "mismatch", "unanswered", "skipped" };
	json_t *v[] = {
		json_integer((json_int_t)s->match),
		json_integer((json_int_t)s->mismatch),
		json_integer((json_int_t)s->unanswered),
		json_integer((json_int_t)s->skipped),
	};

	return replay_json_object(keys, v, 4);
}
