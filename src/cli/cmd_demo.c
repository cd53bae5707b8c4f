/*
 * tfosim demo: the first thing to run. On a 100 ms RTT link, the same
 * request over plain TCP, over a first TFO visit (cookie request) and
 * over a return visit (cookie and data in the SYN): three ladders, the
 * table, and in a few lines what the return visit saved.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_classroom.h"
#include "sim_builtin.h"
#include "sim_session.h"
#include "sim_units.h"

static void usage(FILE *out)
{
	fputs("usage: tfosim demo [--html FILE] [--svg FILE [--connection N]] [--step]\n"
	      "\n"
	      "Show TCP Fast Open at work on a 100 ms RTT link: a plain handshake, a first\n"
	      "TFO visit that asks for a cookie, and a return visit that sends the cookie\n"
	      "and the request in its SYN. The scenario is 'tfosim run --print demo'.\n"
	      "\n"
	      "  --html FILE          write a page to step through the three ladders in a\n"
	      "                       browser, each beside the same visit with TFO off\n"
	      "  --svg FILE           write one visit's ladder as an SVG image\n"
	      "  --connection N       the visit --svg draws (default 1; 3: the return visit)\n"
	      "  --step               go through the ladders one segment at a time, each\n"
	      "                       explained; Enter advances (runs through when stdin is\n"
	      "                       not a terminal)\n",
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

/* parse: the classroom options; -1 after --help. */
static int parse(int argc, char **argv, struct cli_classroom *c)
{
	static const struct option opts[] = {
		CLI_CLASSROOM_FILE_OPTIONS,
		CLI_CLASSROOM_STEP_OPTION,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int k;

	opterr = 0;
	while ((k = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (k == 'h') {
			usage(stdout);
			return -1;
		}
		if (cli_classroom_option(c, k, optarg))
			continue;
		if (k == ':')
			cli_error("demo: option '%s' needs an argument", argv[optind - 1]);
		else
			cli_error("demo: unknown option '%s' (try 'tfosim run demo' for the run's "
			          "options)",
			          argv[optind - 1]);
		return CLI_USAGE;
	}
	if (optind < argc) {
		cli_error("demo: takes no arguments (try 'tfosim run demo' for options)");
		return CLI_USAGE;
	}
	return cli_classroom_parse(c, "demo");
}

int cmd_demo(int argc, char **argv)
{
	struct cli_classroom cls = { 0 };
	const struct sim_builtin *b = builtin_find("demo");
	struct session_opts o = {
		.seed = 1, .ladders = SESSION_ALL, .table = SESSION_ALL, .pcap_host = -1
	};
	struct sim_scenario *sc;
	struct session ss;
	char err[SC_ERR_MAX];
	int rc;

	rc = parse(argc, argv, &cls);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	cli_classroom_options(&cls, &o);
	cli_ladder_style(&o.ladder, NULL, "demo");
	sc = malloc(sizeof(*sc));
	if (!sc || scenario_parse(sc, "demo", b->text, strlen(b->text), err) != 0) {
		cli_error("demo: %s", sc ? err : "out of memory");
		free(sc);
		return CLI_USAGE;
	}
	rc = session_run(&ss, sc, "demo", &o, stdout, err);
	if (rc == 0) {
		rc = cli_classroom_session(&cls, &ss, "demo");
		session_print(&ss, stdout);
		in_short(stdout, &ss.on.rep);
	} else {
		cli_error("demo: %s", err);
		rc = CLI_USAGE;
	}
	session_free(&ss);
	free(sc);
	return rc;
}
