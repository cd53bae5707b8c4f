/*
 * The JSON output (docs/simulator-json.md). Times are integer
 * nanoseconds; keys keep insertion order, so the document is the same
 * byte for byte on every run.
 */
#include <stdlib.h>

#include <jansson.h>

#include "jsontext.h"
#include "sim_middlebox.h"
#include "sim_session.h"

/*
 * v, or NULL when anything went into it wrong (bad: a failed set or
 * append, each of which returned -1): a value with a member missing is
 * never written.
 */
static json_t *checked(json_t *v, int bad)
{
	if (!bad)
		return v;
	json_decref(v);
	return NULL;
}

static json_t *time_or_null(tfo_time t)
{
	return t == TFO_TIME_NEVER ? json_null() : json_integer((json_int_t)t);
}

static json_t *sockaddr_json(const tfo_sockaddr *sa)
{
	char buf[TFO_SOCKADDRSTRLEN];

	if (tfo_sockaddr_format(sa, buf, sizeof(buf)) < 0)
		return json_null();
	return json_string(buf);
}

static const char *const tfo_kinds[] = { "none", "request", "cookie", "invalid" };
static const char *const trace_types[] = { "packet", "state", "request-in",   "answer-in",
	                                   "error",  "log",   "kcp-datagram", "kcp-echo" };

static json_t *packet_json(const struct trace_pkt *p)
{
	char flags[16], hex[2 * TFO_COOKIE_MAX + 1], *o = flags;
	json_t *j;
	int bad = 0;

	/* tcpdump's letters, as the ladder prints them */
	if (p->flags & TFO_TH_FIN)
		*o++ = 'F';
	if (p->flags & TFO_TH_SYN)
		*o++ = 'S';
	if (p->flags & TFO_TH_RST)
		*o++ = 'R';
	if (p->flags & TFO_TH_PSH)
		*o++ = 'P';
	if (p->flags & TFO_TH_ACK)
		*o++ = '.';
	*o = '\0';
	tfo_hex_encode(p->cookie, p->cookie_len, hex, sizeof(hex));
	j = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:b}", "flags", flags, "seq",
	              (json_int_t)p->seq, "ack", (json_int_t)p->ack, "len", (json_int_t)p->len,
	              "window", (json_int_t)p->window, "tfo", tfo_kinds[p->tfo], "exp", p->tfo_exp);
	bad |= json_object_set_new(j, "cookie", p->cookie_len ? json_string(hex) : json_null());
	bad |= json_object_set_new(j, "fate", json_string(sim_drop_name(p->drop)));
	bad |= json_object_set_new(j, "arrive_ns",
	                           p->drop ? json_null() : json_integer((json_int_t)p->arrive));
	bad |= json_object_set_new(j, "dropped_by",
	                           p->drop == SIM_DROP_MBOX ? json_string(sc_mbox_name(p->mbox))
	                                                    : json_null());
	bad |= json_object_set_new(j, "duplicate", json_boolean(p->dup));
	bad |= json_object_set_new(j, "reordered", json_boolean(p->reordered));
	bad |= json_object_set_new(j, "tfo_stripped", json_boolean(p->modified & TR_MOD_STRIPPED));
	bad |= json_object_set_new(j, "nat", json_boolean(p->modified & TR_MOD_NAT));
	return checked(j, bad);
}

static json_t *trace_json(const struct trace *tr)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t i = 0; a && !bad && i < tr->len; i++) {
		const struct trace_ev *e = &tr->ev[i];
		json_t *j;

		if (e->type == TR_LOG)
			continue; /* the document's "log" has these (--log) */
		j = json_pack("{s:I, s:s, s:s}", "t_ns", (json_int_t)e->t, "type",
		              trace_types[e->type], "side", e->side ? "server" : "client");

		if (e->type == TR_PACKET)
			bad |= json_object_set_new(j, "packet", packet_json(&e->pkt));
		if (e->type == TR_STATE) {
			bad |= json_object_set_new(j, "from",
			                           json_string(tfo_state_name(e->old_state)));
			bad |= json_object_set_new(j, "to",
			                           json_string(tfo_state_name(e->new_state)));
		}
		if (e->type == TR_REQUEST_IN)
			bad |= json_object_set_new(j, "bytes", json_integer(e->bytes));
		if (e->type == TR_ERROR)
			bad |= json_object_set_new(j, "error", json_string(tfo_errname(e->error)));
		bad |= json_array_append_new(a, j);
	}
	return checked(a, bad);
}

static json_t *times_json(const struct conn_result *c)
{
	return json_pack("{s:o, s:o}", "request_at_server_ns", time_or_null(c->req_at_server),
	                 "first_answer_byte_ns", time_or_null(c->first_byte));
}

static json_t *conn_json(const struct session *ss, const struct conn_result *c)
{
	const struct conn_result *off = report_row(&ss->off.rep, c->index);
	json_t *j = json_pack("{s:I, s:s}", "index", (json_int_t)c->index, "status",
	                      res_status_name(c->status));
	json_t *times;
	int ok, bad = 0;
	int64_t saved;

	bad |= json_object_set_new(j, "outcome",
	                           c->outcome >= 0 ? json_string(tfo_outcome_name(c->outcome))
	                                           : json_null());
	bad |= json_object_set_new(j, "error",
	                           c->error ? json_string(tfo_errname(c->error)) : json_null());
	bad |= json_object_set_new(j, "client", sockaddr_json(&c->client));
	bad |= json_object_set_new(j, "server", sockaddr_json(&c->server));
	bad |= json_object_set_new(j, "request_bytes", json_integer((json_int_t)c->request));
	bad |= json_object_set_new(j, "answer_bytes", json_integer((json_int_t)c->response));
	bad |= json_object_set_new(j, "start_ns", json_integer((json_int_t)c->start));
	bad |= json_object_set_new(j, "rtt_ns", json_integer((json_int_t)c->rtt));
	times = times_json(c);
	bad |= !times || json_object_update(j, times) != 0;
	json_decref(times);
	bad |= json_object_set_new(j, "syn_data_bytes", json_integer(c->syn_data));
	bad |= json_object_set_new(j, "syn_data_acked_bytes", json_integer(c->syn_data_acked));
	bad |= json_object_set_new(j, "retransmits", json_integer(c->retransmits));
	bad |= json_object_set_new(j, "tfo_off", off ? times_json(off) : json_null());
	saved = report_saved(c->req_at_server, off ? off->req_at_server : TFO_TIME_NEVER, &ok);
	bad |= json_object_set_new(j, "saved_ns", ok ? json_integer(saved) : json_null());
	if (c->index <= ss->on.ntraced)
		bad |= json_object_set_new(j, "trace", trace_json(&ss->on.traces[c->index - 1]));
	return checked(j, bad);
}

static json_t *mean_or_null(uint64_t n, uint64_t sum)
{
	return n ? json_integer((json_int_t)(sum / n)) : json_null();
}

/* The means of each outcome's connections, for the outcomes that occurred. */
static json_t *by_outcome_json(const struct report *on)
{
	json_t *o = json_object();
	int bad = 0;

	for (int k = 0; o && k <= TFO_OUTCOME_INCOMPLETE; k++) {
		const struct report_means *m = &on->by_outcome[k];

		if (on->outcomes[k])
			bad |= json_object_set_new(
			        o, tfo_outcome_name(k),
			        json_pack("{s:I, s:o, s:o}", "connections",
			                  (json_int_t)on->outcomes[k], "mean_request_at_server_ns",
			                  mean_or_null(m->n_req, m->sum_req),
			                  "mean_first_answer_byte_ns",
			                  mean_or_null(m->n_first, m->sum_first)));
	}
	return checked(o, bad);
}

/* Failed connections by cause, in the words of the text output. */
static json_t *failures_json(const struct report *on)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "refused", (json_int_t)on->failures[FAIL_REFUSED],
	                 "timed-out", (json_int_t)on->failures[FAIL_TIMED_OUT], "reset",
	                 (json_int_t)on->failures[FAIL_RESET], "other",
	                 (json_int_t)on->failures[FAIL_OTHER]);
}

static json_t *summary_json(const struct report *on, const struct report *off)
{
	json_t *oc = json_object();
	json_t *j;
	int bad = 0;

	for (int o = 0; oc && o <= TFO_OUTCOME_INCOMPLETE; o++)
		bad |= json_object_set_new(oc, tfo_outcome_name(o),
		                           json_integer((json_int_t)on->outcomes[o]));
	j = json_pack("{s:I, s:I, s:I, s:I, s:o}", "connections", (json_int_t)on->total, "done",
	              (json_int_t)on->done, "failed", (json_int_t)on->failed, "unfinished",
	              (json_int_t)on->unfinished, "outcomes", oc);
	if (!j || bad) {
		json_decref(j);
		return NULL;
	}
	bad |= json_object_set_new(j, "failures", failures_json(on));
	bad |= json_object_set_new(j, "mean_rtt_ns", mean_or_null(on->total, on->sum_rtt));
	bad |= json_object_set_new(j, "mean_request_at_server_ns",
	                           mean_or_null(on->all.n_req, on->all.sum_req));
	bad |= json_object_set_new(j, "mean_first_answer_byte_ns",
	                           mean_or_null(on->all.n_first, on->all.sum_first));
	bad |= json_object_set_new(j, "by_outcome", by_outcome_json(on));
	bad |= json_object_set_new(j, "tfo_off",
	                           json_pack("{s:o, s:o}", "mean_request_at_server_ns",
	                                     mean_or_null(off->all.n_req, off->all.sum_req),
	                                     "mean_first_answer_byte_ns",
	                                     mean_or_null(off->all.n_first, off->all.sum_first)));
	return checked(j, bad);
}

static json_t *hosts_json(const struct session *ss)
{
	json_t *a = json_array();
	int bad = 0;

	for (size_t h = 0; a && !bad && h < ss->on.nhosts; h++) {
		json_t *c = json_object();

		for (int k = 0; c && k < TFO_CTR_COUNT; k++)
			bad |= json_object_set_new(c, tfo_counter_name(k),
			                           json_integer((json_int_t)ss->on.counters[h][k]));
		bad |= !c ||
		       json_array_append_new(a, json_pack("{s:s, s:o}", "name",
		                                          ss->sc->hosts[h].name, "counters", c));
	}
	return checked(a, bad);
}

static json_t *packets_json(const struct sim_result *r)
{
	json_t *d = json_object();
	int bad = 0;

	for (int k = SIM_DROP_SCRIPT; d && k <= SIM_DROP_TIMEOUT; k++)
		bad |= json_object_set_new(d, sim_drop_name(k),
		                           json_integer((json_int_t)r->dropped[k]));
	if (!d || bad) {
		json_decref(d);
		return NULL;
	}
	return json_pack("{s:I, s:I, s:o}", "sent", (json_int_t)r->sent, "delivered",
	                 (json_int_t)r->delivered, "lost", d);
}

static json_t *null_if_none(uint64_t n, tfo_time t)
{
	return n ? json_integer((json_int_t)t) : json_null();
}

/* The ladder's events of conversation k as JSON, or null when it has no ladder. */
static json_t *kcp_trace_json(const struct sim_result *r, const struct kcp_result *k)
{
	const struct kcp_ladder *kl = NULL;
	json_t *a;
	int bad = 0;

	for (size_t i = 0; i < r->nkcp_ladders; i++)
		if (r->kcp_ladders[i].res == k)
			kl = &r->kcp_ladders[i];
	if (!kl)
		return json_null();
	a = json_array();
	for (size_t i = 0; a && !bad && i < kl->tr.len; i++) {
		const struct trace_ev *e = &kl->tr.ev[i];
		const char *side = e->side ? "server" : "client";

		if (e->type == TR_KCP_ECHO)
			bad |= json_array_append_new(
			        a, json_pack("{s:I, s:s, s:s, s:I, s:I}", "t_ns", (json_int_t)e->t,
			                     "type", "kcp-echo", "side", side, "message",
			                     (json_int_t)e->bytes, "latency_ns",
			                     (json_int_t)e->pkt.arrive));
		else
			bad |= json_array_append_new(
			        a, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:b}", "t_ns",
			                     (json_int_t)e->t, "type", "kcp-datagram", "side", side,
			                     "segments", trace_str(&kl->tr, e->text), "kcp_bytes",
			                     (json_int_t)e->pkt.len, "fate",
			                     sim_drop_name(e->pkt.drop), "arrive_ns",
			                     e->pkt.drop ? json_null()
			                                 : json_integer((json_int_t)e->pkt.arrive),
			                     "duplicate", e->pkt.dup));
	}
	return checked(a, bad);
}

static json_t *kcp_json(const struct sim_result *r)
{
	json_t *a = json_array();
	char c[TFO_SOCKADDRSTRLEN], sv[TFO_SOCKADDRSTRLEN];
	int bad = 0;

	for (size_t i = 0; a && !bad && i < r->nkcp; i++) {
		const struct kcp_result *k = &r->kcp[i];
		uint64_t n = k->echoed;

		tfo_sockaddr_format(&k->client, c, sizeof(c));
		tfo_sockaddr_format(&k->server, sv, sizeof(sv));
		bad |= json_array_append_new(
		        a,
		        json_pack(
		                "{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:I, "
		                "s:I, s:I, s:I, s:I, s:o}",
		                "line", (json_int_t)k->line + 1, "conv", (json_int_t)k->conv,
		                "preset", tfo_kcp_preset_name(k->preset), "status",
		                k->dead       ? "dead-link"
		                : k->finished ? "done"
		                              : "unfinished",
		                "client", c, "server", sv, "sent", (json_int_t)k->sent, "echoed",
		                (json_int_t)n, "mean_ns",
		                n ? json_integer((json_int_t)(k->lat_sum / n)) : json_null(),
		                "p50_ns", null_if_none(n, k->lat_p50), "p99_ns",
		                null_if_none(n, k->lat_p99), "max_ns", null_if_none(n, k->lat_max),
		                "retrans_timeout", (json_int_t)k->retrans_timeout, "retrans_fast",
		                (json_int_t)k->retrans_fast, "datagrams", (json_int_t)k->datagrams,
		                "wire_bytes", (json_int_t)k->wire_bytes, "delivered_bytes",
		                (json_int_t)k->echo_bytes, "wire_bytes_per_byte",
		                k->echo_bytes
		                        ? json_real((double)k->wire_bytes / (double)k->echo_bytes)
		                        : json_null()));
		bad |= bad || json_object_set_new(json_array_get(a, json_array_size(a) - 1),
		                                  "trace", kcp_trace_json(r, k));
	}
	return checked(a, bad);
}

int simjson_write(FILE *out, const struct session *ss)
{
	json_t *doc = json_pack("{s:s, s:i, s:s, s:s, s:I}", "format", SIMJSON_FORMAT, "version",
	                        SIMJSON_VERSION, "scenario", ss->name, "title", ss->sc->title,
	                        "seed", (json_int_t)ss->o.seed);
	json_t *conns = json_array();
	int bad = !doc || !conns || ss->json_log_failed;
	char *text;

	for (uint64_t i = 1; !bad && i <= ss->on.rep.limit; i++) {
		const struct conn_result *c = report_row(&ss->on.rep, i);

		if (c)
			bad |= json_array_append_new(conns, conn_json(ss, c));
	}
	bad |= json_object_set_new(doc, "connections", conns);
	bad |= json_object_set_new(doc, "summary", summary_json(&ss->on.rep, &ss->off.rep));
	bad |= json_object_set_new(doc, "hosts", hosts_json(ss));
	bad |= json_object_set_new(doc, "packets", packets_json(&ss->on));
	bad |= json_object_set_new(doc, "kcp", kcp_json(&ss->on));
	if (ss->json_log)
		bad |= json_object_set(doc, "log", ss->json_log);
	/* the whole text first: a document is written complete or not at all */
	text = bad ? NULL : json_text(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!text)
		return -1;
	fputs(text, out);
	fputc('\n', out);
	free(text);
	return 0;
}
