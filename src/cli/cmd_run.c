/*
 * tfosim run: run a scenario (a built-in or a file) in virtual time and
 * print its ladders, a table per connection and a summary, as text or
 * JSON, optionally with a capture and the endpoints' log.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_classroom.h"
#include "cli_scenario.h"
#include "outfile.h"
#include "sim_builtin.h"
#include "sim_session.h"
#include "sim_units.h"

#define DEFAULT_LADDERS 5
#define DEFAULT_TABLE 100
#define LADDERS_UP_TO 1000 /* more connections than this: no ladders unless asked */
#define PROGRESS_FROM 10000

struct run_args {
	const char *scenario;
	const char *seed, *format, *pcap, *pcap_at, *ladder, *table, *connections, *print, *width;
	int log, list, simulate_off;
	struct cli_classroom cls;
};

static void usage(FILE *out)
{
	fputs("usage: tfosim run SCENARIO [options]\n"
	      "       tfosim run --list | --print NAME\n"
	      "\n"
	      "Run a scenario, a built-in one or a file (docs/scenarios.md), in virtual time;\n"
	      "print a ladder diagram per connection, a table of results and a summary that\n"
	      "compares the run with the same run with TCP Fast Open off.\n"
	      "\n"
	      "  --seed N             seed of every random stream (default: the scenario's, or 1)\n"
	      "  --format text|json   output format (default text; json: docs/simulator-json.md)\n"
	      "  --pcap FILE          write the packets seen at the observation point\n"
	      "                       (-: standard output; the report then goes to stderr)\n"
	      "  --pcap-at WHERE      client (default), server, or a host's name\n"
	      "  --log                every endpoint state transition, with virtual times\n"
	      "  --ladder N|all|none  ladders for the first N connections (default 5; none\n"
	      "                       when a run makes more than 1000 connections)\n"
	      "  --table N|all        table rows for the first N connections (default 100)\n"
	      "  --width N            ladders N columns wide, 80 to 240 (default: the\n"
	      "                       terminal's width, at most 99)\n"
	      "  --connections N      make N connections for every repeated connect line\n"
	      "  --simulate-tfo-off   simulate every connection of the run with TCP Fast Open\n"
	      "                       off, even where one connection per line gives it\n"
	      "                       exactly (a network with no loss, jitter, rate or\n"
	      "                       middlebox: docs/simulator.md)\n"
	      "  --html FILE          write a page to step through the ladders in a browser,\n"
	      "                       each beside the same connection with TCP Fast Open off\n"
	      "  --svg FILE           write one connection's ladder as an SVG image\n"
	      "  --connection N       the connection --svg draws (default 1)\n"
	      "  --step               go through the ladders one segment at a time, each with\n"
	      "                       why it was sent and what the receiver did; Enter\n"
	      "                       advances (runs through when stdin is not a terminal)\n"
	      "  --list               list the built-in scenarios and what each teaches\n"
	      "  --print NAME         print a built-in scenario, to copy and change\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 success, 2 bad usage or a bad scenario (nothing runs).\n",
	      out);
}

static int list(void)
{
	for (const struct sim_builtin *b = builtin_list(); b->name; b++)
		printf("%-20s %s\n", b->name, b->teaches);
	return CLI_OK;
}

static int print_builtin(const char *name)
{
	const struct sim_builtin *b = builtin_find(name);

	if (!b) {
		cli_error("run: no built-in scenario '%s' (try 'tfosim run --list')", name);
		return CLI_USAGE;
	}
	fputs(b->text, stdout);
	return CLI_OK;
}

static int parse_options(struct run_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "pcap-at", required_argument, NULL, 'a' },
		{ "log", no_argument, NULL, 'l' },
		{ "ladder", required_argument, NULL, 'L' },
		{ "table", required_argument, NULL, 't' },
		{ "connections", required_argument, NULL, 'n' },
		{ "simulate-tfo-off", no_argument, NULL, 'S' },
		{ "list", no_argument, NULL, 'i' },
		{ "print", required_argument, NULL, 'P' },
		CLI_CLASSROOM_FILE_OPTIONS,
		CLI_CLASSROOM_STEP_OPTION,
		{ "width", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->seed = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'p':
			a->pcap = optarg;
			break;
		case 'a':
			a->pcap_at = optarg;
			break;
		case 'l':
			a->log = 1;
			break;
		case 'L':
			a->ladder = optarg;
			break;
		case 't':
			a->table = optarg;
			break;
		case 'n':
			a->connections = optarg;
			break;
		case 'S':
			a->simulate_off = 1;
			break;
		case 'i':
			a->list = 1;
			break;
		case 'P':
			a->print = optarg;
			break;
		case 'w':
			a->width = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		case ':':
			cli_error("run: option '%s' needs an argument", argv[optind - 1]);
			return CLI_USAGE;
		default:
			if (cli_classroom_option(&a->cls, c, optarg))
				break;
			cli_error("run: unknown option '%s' (try 'tfosim run --help')",
			          argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if ((a->list || a->print) && argc == optind)
		return CLI_OK;
	if (argc - optind != 1) {
		cli_error("run: expected one SCENARIO, a built-in name or a file (try 'tfosim run "
		          "--help')");
		return CLI_USAGE;
	}
	a->scenario = argv[optind];
	if (cli_classroom_parse(&a->cls, "run") != CLI_OK)
		return CLI_USAGE;
	if (a->cls.step && a->format && strcmp(a->format, "json") == 0) {
		cli_error("run: --step prints text; it does not go with --format json");
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* number: "N" (or "all"/"none" when allowed) into *out. */
static int number(const char *opt, const char *text, int words, uint64_t *out)
{
	if (words && strcmp(text, "all") == 0) {
		*out = SESSION_ALL;
		return CLI_OK;
	}
	if (words && strcmp(text, "none") == 0) {
		*out = 0;
		return CLI_OK;
	}
	if (units_count(text, strlen(text), UINT64_MAX, out) != 0) {
		cli_error("run: bad %s '%s': expected a number%s", opt, text,
		          words ? ", all or none" : "");
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* where: the observation point's host: client, server, or a name. */
static int where(const struct sim_scenario *sc, const char *at, int *host)
{
	if (!at)
		at = "client";
	for (size_t i = 0; i < sc->nhosts; i++) {
		if (strcmp(sc->hosts[i].name, at) == 0) {
			*host = (int)i;
			return CLI_OK;
		}
	}
	if (sc->nconnect && (strcmp(at, "client") == 0 || strcmp(at, "server") == 0)) {
		*host = at[0] == 'c' ? sc->connect[0].client : sc->connect[0].server;
		return CLI_OK;
	}
	cli_error("run: bad --pcap-at '%s': expected client, server or a host of the scenario", at);
	return CLI_USAGE;
}

static int session_options(const struct run_args *a, const struct sim_scenario *sc,
                           struct session_opts *o)
{
	struct sim_options probe = { 0 };
	uint64_t total;

	memset(o, 0, sizeof(*o));
	o->seed = sc->seed;
	o->table = DEFAULT_TABLE;
	if ((a->seed && number("--seed", a->seed, 0, &o->seed)) ||
	    (a->table && number("--table", a->table, 1, &o->table)) ||
	    (a->connections && number("--connections", a->connections, 0, &o->connections)))
		return CLI_USAGE;
	if (a->connections && (o->connections == 0 || o->connections > 1000000000)) {
		cli_error("run: bad --connections '%s': expected 1 to 1000000000", a->connections);
		return CLI_USAGE;
	}
	probe.connections = o->connections;
	total = sim_total_connections(sc, &probe);
	o->ladders = total > LADDERS_UP_TO ? 0 : DEFAULT_LADDERS;
	if (a->ladder && number("--ladder", a->ladder, 1, &o->ladders))
		return CLI_USAGE;
	if (a->format && strcmp(a->format, "json") != 0 && strcmp(a->format, "text") != 0) {
		cli_error("run: bad --format '%s': expected text or json", a->format);
		return CLI_USAGE;
	}
	o->json = a->format && strcmp(a->format, "json") == 0;
	cli_classroom_options(&a->cls, o);
	o->log = a->log;
	o->simulate_off = a->simulate_off;
	o->progress = total >= PROGRESS_FROM && isatty(STDERR_FILENO);
	if (cli_ladder_style(&o->ladder, a->width, "run") != CLI_OK)
		return CLI_USAGE;
	return where(sc, a->pcap_at, &o->pcap_host);
}

/*
 * The capture goes through the output helper: whole or not at all. With
 * "--pcap -" the capture owns standard output (as tcpdump -w - does) and the
 * report goes to standard error.
 */
static int run(const struct run_args *a, const struct sim_scenario *sc)
{
	struct session_opts o;
	struct session ss;
	struct outfile *pcap = NULL;
	char err[SC_ERR_MAX];
	FILE *report = stdout;
	int rc = session_options(a, sc, &o);

	if (rc != CLI_OK)
		return rc;
	if (a->pcap) {
		if (!(pcap = cli_open_output(a->pcap)))
			return CLI_USAGE;
		o.pcap = outfile_stream(pcap);
		if (o.pcap == stdout)
			report = stderr;
	}
	rc = session_run(&ss, sc, sc->name, &o, report, err);
	if (rc == 0)
		rc = cli_classroom_session(&a->cls, &ss, "run");
	if (rc == 0) {
		rc = session_print(&ss, report);
		if (rc != 0)
			cli_error("run: out of memory: no report");
	} else if (rc == CLI_USAGE) {
		/* the classroom files said what went wrong */
	} else if (ss.capture_errno) {
		cli_error("%s: %s", outfile_name(pcap), strerror(ss.capture_errno));
	} else {
		cli_error("run: %s", err);
	}
	session_free(&ss);
	if (rc != 0) {
		outfile_discard(pcap);
		return CLI_USAGE;
	}
	return cli_close_output(pcap);
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct sim_scenario *sc;
	int rc = parse_options(&a, argc, argv);

	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (a.list)
		return list();
	if (a.print)
		return print_builtin(a.print);
	sc = malloc(sizeof(*sc));
	if (!sc) {
		cli_error("run: out of memory");
		return CLI_USAGE;
	}
	rc = cli_load_scenario("run", a.scenario, sc);
	if (rc == CLI_OK)
		rc = run(&a, sc);
	free(sc);
	return rc;
}
