/*
 * tfosim sweep: a request/response workload over a grid of RTTs and loss
 * rates, TCP Fast Open off and on, as CSV or JSON, with an SVG chart;
 * shards of the grid for many machines and the merge of their JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_scenario.h"
#include "outfile.h"
#include "sim_run.h"
#include "sim_sweep.h"
#include "sim_units.h"

#define SEEDS_MAX 10000
#define CONNECTIONS_MAX 1000000

struct sweep_args {
	const char *scenario, *rtt, *loss, *connections, *seeds, *format, *plot, *shard;
	int merge, json;
	char **files;
	int nfiles;
};

static void usage(FILE *out)
{
	fputs("usage: tfosim sweep [SCENARIO] --rtt LIST --loss LIST [options]\n"
	      "       tfosim sweep --merge [--format csv|json] [--plot FILE.svg] FILE...\n"
	      "\n"
	      "Run a request/response workload over every RTT and loss rate of the grid, each\n"
	      "cell with TCP Fast Open off (tcp) and on with a warm cookie (tfo); print one\n"
	      "row per cell and mode with percentiles of the time to first byte. Without\n"
	      "SCENARIO, a client makes 101 requests of 100 B to a server answering 1000 B;\n"
	      "the first connection of every run fetches the cookie and is not measured.\n"
	      "\n"
	      "  --rtt LIST           round-trip times: 10ms,50ms or 10ms..300ms/10ms\n"
	      "  --loss LIST          loss rates, each way: 0%,1%,5% or 0%..10%/2%\n"
	      "  --connections N      connections of every repeated connect line\n"
	      "  --seeds N            run every cell with seeds 1..N (default 1)\n"
	      "  --format csv|json    output format (default csv; json: docs/sweeps.md)\n"
	      "  --plot FILE.svg      also draw the median against the RTT as an SVG chart\n"
	      "  --shard I/N          run only the cells I, I+N, I+2N... (0 <= I < N), as JSON\n"
	      "  --merge FILE...      join the shards' JSON into the output of a whole run\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 success, 2 bad usage or bad input.\n",
	      out);
}

static int parse_options(struct sweep_args *a, int argc, char **argv)
{
	static const struct option opts[] = { { "rtt", required_argument, NULL, 'r' },
		                              { "loss", required_argument, NULL, 'l' },
		                              { "connections", required_argument, NULL, 'c' },
		                              { "seeds", required_argument, NULL, 's' },
		                              { "format", required_argument, NULL, 'f' },
		                              { "plot", required_argument, NULL, 'p' },
		                              { "shard", required_argument, NULL, 'S' },
		                              { "merge", no_argument, NULL, 'm' },
		                              { "help", no_argument, NULL, 'h' },
		                              { NULL, 0, NULL, 0 } };
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			a->rtt = optarg;
			break;
		case 'l':
			a->loss = optarg;
			break;
		case 'c':
			a->connections = optarg;
			break;
		case 's':
			a->seeds = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'p':
			a->plot = optarg;
			break;
		case 'S':
			a->shard = optarg;
			break;
		case 'm':
			a->merge = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK + 100;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (a->format && strcmp(a->format, "csv") != 0 && strcmp(a->format, "json") != 0) {
		cli_error("sweep: --format is csv or json, not '%s'", a->format);
		return CLI_USAGE;
	}
	a->json = a->format && strcmp(a->format, "json") == 0;
	a->files = argv + optind;
	a->nfiles = argc - optind;
	return CLI_OK;
}

/* finish: rows to stdout, and to --plot. */
static int finish(const struct sweep_args *a, const struct sweep_head *h,
                  const struct sweep_row *rows, size_t n)
{
	char err[SC_ERR_MAX];

	if (a->plot) {
		struct outfile *f = cli_open_output(a->plot);

		if (!f)
			return CLI_USAGE;
		if (sweep_plot(outfile_stream(f), rows, n, err) != 0) {
			outfile_discard(f);
			cli_error("sweep: %s: %s", a->plot, err);
			return CLI_USAGE;
		}
		if (cli_close_output(f) != CLI_OK)
			return CLI_USAGE;
	}
	if (a->json)
		sweep_write_json(stdout, h, rows, n);
	else
		sweep_write_csv(stdout, rows, n);
	return CLI_OK;
}

static int cmp_row(const void *x, const void *y)
{
	const struct sweep_row *a = x, *b = y;

	if (a->cell != b->cell)
		return a->cell < b->cell ? -1 : 1;
	return (a->mode > b->mode) - (a->mode < b->mode);
}

/* add_shard: one file's rows onto *all, its header checked against h. */
static int add_shard(const char *file, struct sweep_head *h, int first, struct sweep_row **all,
                     size_t *n)
{
	struct sweep_head fh;
	struct sweep_row *rows, *grown;
	size_t len, k;
	char err[SC_ERR_MAX];
	char *text = cli_read_file(file, &len);

	if (!text) {
		cli_error("sweep: cannot read '%s': %s", file, strerror(errno));
		return CLI_USAGE;
	}
	if (sweep_read_json(file, text, len, &fh, &rows, &k, err) != 0) {
		free(text);
		fprintf(stderr, "tfosim: sweep: %s\n", err);
		return CLI_USAGE;
	}
	free(text);
	if (first) {
		*h = fh;
	} else if (strcmp(fh.scenario, h->scenario) != 0 || fh.connections != h->connections ||
	           fh.seeds != h->seeds || fh.cells != h->cells || fh.shards != h->shards) {
		free(rows);
		cli_error("sweep: %s: not from the same sweep as the first file", file);
		return CLI_USAGE;
	}
	grown = realloc(*all, (*n + k + 1) * sizeof(**all));
	if (!grown) {
		free(rows);
		cli_error("sweep: out of memory");
		return CLI_USAGE;
	}
	memcpy(grown + *n, rows, k * sizeof(*rows));
	free(rows);
	*all = grown;
	*n += k;
	return CLI_OK;
}

static int merge(const struct sweep_args *a)
{
	struct sweep_head h = { 0 };
	struct sweep_row *all = NULL;
	size_t n = 0;
	int rc = CLI_OK;

	if (a->nfiles == 0 || a->rtt || a->loss || a->shard || a->seeds || a->connections) {
		cli_error("sweep: --merge takes the shards' JSON files and no grid options");
		return CLI_USAGE;
	}
	for (int i = 0; i < a->nfiles && rc == CLI_OK; i++)
		rc = add_shard(a->files[i], &h, i == 0, &all, &n);
	if (rc == CLI_OK) {
		qsort(all, n, sizeof(*all), cmp_row);
		for (size_t i = 0; i < n && rc == CLI_OK; i++) {
			uint64_t want = i / SWEEP_MODES;

			if (all[i].cell == want && all[i].mode == i % SWEEP_MODES) {
				if (all[i].mode == SWEEP_TCP ||
				    (all[i].rtt == all[i - 1].rtt &&
				     all[i].loss_ppm == all[i - 1].loss_ppm))
					continue;
				cli_error("sweep: cell %" PRIu64 " has two RTTs or loss rates",
				          want);
				rc = CLI_USAGE;
				break;
			}
			cli_error("sweep: the shards do not hold every cell exactly once: cell "
			          "%" PRIu64 " is %s",
			          all[i].cell > want ? want : all[i].cell,
			          all[i].cell > want || all[i].mode > i % SWEEP_MODES ? "missing"
			                                                              : "twice");
			rc = CLI_USAGE;
		}
		if (rc == CLI_OK && n != h.cells * SWEEP_MODES) {
			cli_error("sweep: the shards do not hold every cell exactly once: cell %zu "
			          "is missing",
			          n / SWEEP_MODES);
			rc = CLI_USAGE;
		}
	}
	h.shard = 0;
	h.shards = 1;
	if (rc == CLI_OK)
		rc = finish(a, &h, all, n);
	free(all);
	return rc;
}

static int count_arg(const char *s, const char *opt, uint64_t min, uint64_t max, uint64_t *v)
{
	if (units_count(s, strlen(s), max, v) != 0 || *v < min) {
		cli_error("sweep: %s takes a number from %" PRIu64 " to %" PRIu64 ", not '%s'", opt,
		          min, max, s);
		return CLI_USAGE;
	}
	return CLI_OK;
}

static int shard_arg(const char *s, struct sweep_head *h)
{
	const char *slash = s ? strchr(s, '/') : NULL;

	h->shard = 0;
	h->shards = 1;
	if (!s)
		return CLI_OK;
	if (!slash || units_count(s, (size_t)(slash - s), UINT32_MAX, &h->shard) != 0 ||
	    units_count(slash + 1, strlen(slash + 1), UINT32_MAX, &h->shards) != 0 ||
	    h->shards == 0 || h->shard >= h->shards) {
		cli_error("sweep: --shard is I/N with 0 <= I < N, not '%s'", s);
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* grid_args: --rtt and --loss, both required. */
static int grid_args(const struct sweep_args *a, struct sweep_grid *g)
{
	char err[SC_ERR_MAX];

	if (!a->rtt || !a->loss) {
		cli_error("sweep: --rtt and --loss are required (try 'tfosim sweep --help')");
		return CLI_USAGE;
	}
	if (sweep_parse_times(a->rtt, &g->rtt, &g->nrtt, err) != 0) {
		cli_error("sweep: --rtt: %s", err);
		return CLI_USAGE;
	}
	if (sweep_parse_percents(a->loss, &g->loss_ppm, &g->nloss, err) != 0) {
		cli_error("sweep: --loss: %s", err);
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* load: the scenario named, or the default workload. */
static int load(const struct sweep_args *a, struct sim_scenario *sc)
{
	char err[SC_ERR_MAX];

	if (a->scenario)
		return cli_load_scenario("sweep", a->scenario, sc);
	if (scenario_parse(sc, "request-response", sweep_default_scenario,
	                   strlen(sweep_default_scenario), err) != 0) {
		fprintf(stderr, "%s\n", err);
		return CLI_USAGE;
	}
	snprintf(sc->name, sizeof(sc->name), "request-response");
	return CLI_OK;
}

static int run_grid(const struct sweep_args *a, const struct sweep_spec *spec,
                    const struct sweep_grid *g, struct sweep_head *h)
{
	size_t n = 0;
	struct sweep_row *rows = calloc(h->cells / h->shards + 1, SWEEP_MODES * sizeof(*rows));
	char err[SC_ERR_MAX];
	int rc = CLI_OK;

	if (!rows) {
		cli_error("sweep: out of memory");
		return CLI_USAGE;
	}
	for (uint64_t c = h->shard; c < h->cells && rc == CLI_OK; c += h->shards) {
		int e = sweep_cell(spec, c, g->rtt[c / g->nloss], g->loss_ppm[c % g->nloss],
		                   rows + n, err);

		if (e != 0) {
			cli_error("sweep: %s", e == TFO_ERR_NOMEM ? "out of memory" : err);
			rc = CLI_USAGE;
		}
		n += SWEEP_MODES;
	}
	if (rc == CLI_OK)
		rc = finish(a, h, rows, n);
	free(rows);
	return rc;
}

static int sweep(const struct sweep_args *a)
{
	struct sweep_grid g = { 0 };
	struct sweep_head h = { 0 };
	struct sweep_spec spec = { .seeds = 1 };
	struct sim_scenario *sc;
	int rc;

	if (a->nfiles > 1) {
		cli_error("sweep: one scenario at most (shards are joined with --merge)");
		return CLI_USAGE;
	}
	if ((a->seeds && count_arg(a->seeds, "--seeds", 1, SEEDS_MAX, &spec.seeds)) ||
	    (a->connections &&
	     count_arg(a->connections, "--connections", 1, CONNECTIONS_MAX, &spec.connections)) ||
	    shard_arg(a->shard, &h) || grid_args(a, &g))
		return sweep_grid_free(&g), CLI_USAGE;
	if (h.shards > 1 && (a->plot || !a->json)) {
		cli_error("sweep: --shard writes JSON for --merge (--format json, no --plot)");
		return sweep_grid_free(&g), CLI_USAGE;
	}
	sc = malloc(sizeof(*sc));
	rc = sc ? load(a, sc) : CLI_USAGE;
	if (rc == CLI_OK && sc->nlinks == 0) {
		cli_error("sweep: the scenario has no link to set the RTT and loss of");
		rc = CLI_USAGE;
	}
	if (rc == CLI_OK) {
		spec.sc = sc;
		snprintf(h.scenario, sizeof(h.scenario), "%s", sc->name);
		h.connections = sim_total_connections(
		        sc,
		        &(struct sim_options){ .connections = spec.connections, .pcap_host = -1 });
		h.seeds = spec.seeds;
		h.cells = (uint64_t)g.nrtt * g.nloss;
		rc = run_grid(a, &spec, &g, &h);
	}
	free(sc);
	sweep_grid_free(&g);
	return rc;
}

int cmd_sweep(int argc, char **argv)
{
	struct sweep_args a = { 0 };
	int rc = parse_options(&a, argc, argv);

	if (rc != CLI_OK)
		return rc == CLI_OK + 100 ? CLI_OK : rc;
	if (a.merge)
		return merge(&a);
	if (a.nfiles == 1)
		a.scenario = a.files[0];
	return sweep(&a);
}
