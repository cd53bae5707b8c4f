/* Running a scenario with its counterfactual, and printing the outcome. */
#include <errno.h>
#include <string.h>

#include <jansson.h>

#include "sim_cf.h"
#include "sim_pcap.h"
#include "sim_session.h"
#include "sim_units.h"

static void text_log(void *user, tfo_time t, const char *host, const char *line)
{
	struct session *ss = user;
	char ms[32];

	fprintf(ss->text_out, "%12s  %-8s %s\n", units_ms(ms, t), host, line);
}

static void json_log(void *user, tfo_time t, const char *host, const char *line)
{
	struct session *ss = user;
	json_t *o = json_pack("{s:I, s:s, s:s}", "t_ns", (json_int_t)t, "host", host, "line", line);

	/* a log with a line missing is not printed: session_print fails */
	if (json_array_append_new(ss->json_log, o) != 0)
		ss->json_log_failed = 1;
}

static void options(const struct session *ss, struct sim_options *so, uint64_t total, int real)
{
	memset(so, 0, sizeof(*so));
	so->seed = ss->o.seed;
	so->tfo_off = !real;
	so->table = ss->o.table == SESSION_ALL ? total : ss->o.table;
	so->connections = ss->o.connections;
	so->pcap_host = -1;
	so->progress = ss->o.progress;
	so->ladders = ss->o.ladders == SESSION_ALL ? total : ss->o.ladders;
	if (!real) {
		if (!ss->o.trace_off)
			so->ladders = 0;
		return;
	}
	so->pcap = ss->o.pcap;
	so->pcap_host = ss->o.pcap ? ss->o.pcap_host : -1;
	so->log = ss->o.log ? (ss->o.json ? json_log : text_log) : NULL;
	so->log_user = (void *)ss;
}

static int simulate_off(struct session *ss, uint64_t total, char *err)
{
	struct sim_options so;

	options(ss, &so, total, 0);
	return sim_run(ss->sc, &so, NULL, &ss->off, err);
}

/*
 * Deriving needs the run as written (its rows say each connection's
 * line), so it comes after it; the ladders of the run with TFO off, when
 * asked for, need the whole simulation.
 */
static int may_derive(const struct session *ss)
{
	return !ss->o.simulate_off && !ss->o.trace_off && cf_static_ok(ss->sc);
}

static int derive_off(struct session *ss, uint64_t total, char *err)
{
	struct sim_options so;
	int rc;

	options(ss, &so, total, 0);
	rc = cf_derive(ss->sc, &so, &ss->on.rep, &ss->off.rep, NULL, err);
	return rc == CF_SIMULATE ? simulate_off(ss, total, err) : rc;
}

int session_run(struct session *ss, const struct sim_scenario *sc, const char *name,
                const struct session_opts *o, FILE *out, char *err)
{
	struct sim_options so;
	uint64_t total;
	int derive, rc;

	memset(ss, 0, sizeof(*ss));
	ss->sc = sc;
	ss->name = name;
	ss->o = *o;
	ss->text_out = out;
	options(ss, &so, 0, 0);
	total = sim_total_connections(sc, &so);
	derive = may_derive(ss);
	if (!derive && (rc = simulate_off(ss, total, err)) != 0)
		return rc;
	if (o->log && o->json && !(ss->json_log = json_array()))
		return TFO_ERR_NOMEM;
	errno = 0;
	if (o->pcap && simpcap_write_header(o->pcap) != 0) {
		ss->capture_errno = errno ? errno : EIO;
		snprintf(err, SC_ERR_MAX, "cannot write the capture: %s",
		         strerror(ss->capture_errno));
		return TFO_ERR_INVALID;
	}
	if (!o->json) {
		text_header(out, sc, name, o->seed);
		if (o->log)
			fputs("\n== log (virtual ms, host, transition)\n", out);
	}
	options(ss, &so, total, 1);
	rc = sim_run(sc, &so, NULL, &ss->on, err);
	ss->capture_errno = ss->on.capture_errno;
	if (rc == 0 && derive)
		rc = derive_off(ss, total, err);
	return rc;
}

int session_print(struct session *ss, FILE *out)
{
	if (ss->o.json)
		return simjson_write(out, ss);
	text_body(out, ss);
	return 0;
}

void session_free(struct session *ss)
{
	sim_result_free(&ss->on, NULL);
	sim_result_free(&ss->off, NULL);
	json_decref(ss->json_log);
	ss->json_log = NULL;
}
