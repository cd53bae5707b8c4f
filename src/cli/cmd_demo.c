/*
 * tfosim demo: the first thing to run. On a 100 ms RTT link, the same
 * request over plain TCP, over a first TFO visit (cookie request) and
 * over a return visit (cookie and data in the SYN): three ladders, the
 * table, and in a few lines what the return visit saved.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sim_builtin.h"
#include "sim_session.h"
#include "sim_units.h"

static void usage(FILE *out)
{
	fputs("usage: tfosim demo\n"
	      "\n"
	      "Show TCP Fast Open at work on a 100 ms RTT link: a plain handshake, a first\n"
	      "TFO visit that asks for a cookie, and a return visit that sends the cookie\n"
	      "and the request in its SYN. The scenario is 'tfosim run --print demo'.\n",
	      out);
}

static void line(FILE *out, const char *what, const struct conn_result *c)
{
	char ms[32], rtt[32];

	if (!c || c->req_at_server == TFO_TIME_NEVER) {
		fprintf(out, "%-16s the request never reached the server\n", what);
		return;
	}
	fprintf(out, "%-16s the request reached the server after %s ms (%s RTT)\n", what,
	        units_ms(ms, c->req_at_server),
	        units_ratio(rtt, (int64_t)c->req_at_server, c->rtt));
}

/* in_short: the three visits side by side, and what the cookie bought. */
static void in_short(FILE *out, const struct report *r)
{
	const struct conn_result *plain = report_row(r, 1), *first = report_row(r, 2),
	                         *ret = report_row(r, 3);
	char ms[32], rtt[32];
	int ok;
	int64_t saved;

	fputs("\n== in short\n", out);
	line(out, "plain TCP:", plain);
	line(out, "first TFO visit:", first);
	line(out, "return visit:", ret);
	saved = report_saved(ret ? ret->req_at_server : TFO_TIME_NEVER,
	                     plain ? plain->req_at_server : TFO_TIME_NEVER, &ok);
	if (!ok)
		return;
	fprintf(out,
	        "The return visit got its request to the server %s ms (%s RTT) sooner than plain "
	        "TCP:\nthe cookie let the request ride in the SYN instead of waiting for the "
	        "handshake.\n",
	        units_ms_signed(ms, saved), units_ratio(rtt, saved, ret->rtt));
}

int cmd_demo(int argc, char **argv)
{
	const struct sim_builtin *b = builtin_find("demo");
	struct session_opts o = {
		.seed = 1, .ladders = SESSION_ALL, .table = SESSION_ALL, .pcap_host = -1
	};
	struct sim_scenario *sc;
	struct session ss;
	char err[SC_ERR_MAX];
	int rc;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			usage(stdout);
			return CLI_OK;
		}
		cli_error("demo: takes no arguments (try 'tfosim run demo' for options)");
		return CLI_USAGE;
	}
	cli_ladder_style(&o.ladder, NULL, "demo");
	sc = malloc(sizeof(*sc));
	if (!sc || scenario_parse(sc, "demo", b->text, strlen(b->text), err) != 0) {
		cli_error("demo: %s", sc ? err : "out of memory");
		free(sc);
		return CLI_USAGE;
	}
	rc = session_run(&ss, sc, "demo", &o, stdout, err);
	if (rc == 0) {
		session_print(&ss, stdout);
		in_short(stdout, &ss.on.rep);
	} else {
		cli_error("demo: %s", err);
	}
	session_free(&ss);
	free(sc);
	return rc == 0 ? CLI_OK : CLI_USAGE;
}
