/*
 * tfosim compare: one echo workload over TCP, TCP Fast Open and KCP's
 * three presets on the same simulated link and seed (docs/kcp.md): the
 * reference implementation's own experiment, or a grid over loss and RTT.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outfile.h"
#include "sim_compare_out.h"
#include "sim_units.h"

#define MAX_POINTS 64

struct compare_args {
	const char *preset, *seed, *format, *plot, *loss, *rtt, *echoes;
};

static void usage(FILE *out)
{
	fputs("usage: tfosim compare [--preset kcp-reference | --grid] [options]\n"
	      "\n"
	      "Run one echo workload over TCP, TCP Fast Open (warm cookie, a connection per\n"
	      "message) and KCP in the reference's default, normal and fast presets, on the\n"
	      "same simulated link and seed; report echo latency mean, p50, p99 and maximum,\n"
	      "retransmissions and wire bytes per delivered byte, then the seed's claims.\n"
	      "\n"
	      "  --preset kcp-reference  the reference's test.cpp experiment (the default):\n"
	      "                       5% loss each way, one-way delay 30..61 ms in order,\n"
	      "                       8 B every 20 ms echoed, until 1000 echoes\n"
	      "  --grid               the same workload over every loss and RTT given\n"
	      "  --loss LIST          grid: loss per direction, e.g. 0,5,10,20,30 (the default)\n"
	      "  --rtt LIST           grid: base RTTs in ms, e.g. 40,120 (the default); the\n"
	      "                       one-way delay is RTT/2 .. RTT/2 + 31 ms\n"
	      "  --echoes N           echoes per run (default 1000; the grid's default 300)\n"
	      "  --seed N             seed of every random stream (default 1)\n"
	      "  --format text|json|csv  output format (default text; csv for the grid)\n"
	      "  --plot FILE.svg      grid: mean latency against loss, one line per protocol\n"
	      "  -h, --help           this help\n"
	      "\n"
	      "Exit status: 0 success, 2 bad usage or a run that failed.\n",
	      out);
}

static int parse_args(int argc, char **argv, struct compare_args *a, int *grid)
{
	static const struct option opts[] = {
		{ "preset", required_argument, NULL, 'p' },
		{ "grid", no_argument, NULL, 'g' },
		{ "loss", required_argument, NULL, 'l' },
		{ "rtt", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "plot", required_argument, NULL, 'o' },
		{ "echoes", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			a->preset = optarg;
			break;
		case 'g':
			*grid = 1;
			break;
		case 'l':
			a->loss = optarg;
			break;
		case 'r':
			a->rtt = optarg;
			break;
		case 's':
			a->seed = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'o':
			a->plot = optarg;
			break;
		case 'e':
			a->echoes = optarg;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			cli_error("compare: bad option '%s' (see 'tfosim compare --help')",
			          argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("compare: unexpected argument '%s'", argv[optind]);
		return CLI_USAGE;
	}
	return 0;
}

static int number(const char *what, const char *s, uint64_t max, uint64_t *out)
{
	if (!s)
		return 0;
	if (units_count(s, strlen(s), max, out) != 0) {
		cli_error("compare: bad %s '%s' (a number from 0 to %llu)", what, s,
		          (unsigned long long)max);
		return CLI_USAGE;
	}
	return 0;
}

/* list: comma-separated numbers up to max into v; returns the count or -1 (message printed). */
static int list(const char *what, const char *s, uint64_t max, uint32_t *v, int cap)
{
	int n = 0;

	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		uint64_t x;

		if (n == cap || units_count(s, len, max, &x) != 0) {
			cli_error("compare: bad %s list (at most %d numbers from 0 to %llu)", what,
			          cap, (unsigned long long)max);
			return -1;
		}
		v[n++] = (uint32_t)x;
		s += len + (end != NULL);
	}
	return n;
}

static int run_all(const struct cmp_workload *w, struct cmp_result *res)
{
	for (int p = 0; p < CMP_NPROTO; p++) {
		int rc = cmp_run(w, p, NULL, &res[p]);

		if (rc != 0) {
			cli_error("compare: the %s run failed: %s", cmp_proto_name(p),
			          tfo_strerror(rc));
			return CLI_USAGE;
		}
	}
	return CLI_OK;
}

static int reference(const struct compare_args *a, uint64_t seed, uint64_t echoes)
{
	struct cmp_workload w;
	struct cmp_result res[CMP_NPROTO];
	int rc;

	if (strcmp(a->preset, "kcp-reference") != 0) {
		cli_error("compare: no preset '%s' (there is kcp-reference)", a->preset);
		return CLI_USAGE;
	}
	if (a->plot) {
		cli_error("compare: --plot goes with --grid");
		return CLI_USAGE;
	}
	cmp_reference(&w, seed);
	if (echoes)
		w.echoes = (uint32_t)echoes;
	rc = run_all(&w, res);
	if (rc != CLI_OK)
		return rc;
	if (strcmp(a->format, "json") == 0)
		return cmp_write_json(stdout, a->preset, &w, res) == 0 ? CLI_OK : CLI_USAGE;
	if (strcmp(a->format, "csv") == 0) {
		struct cmp_point pt = { .w = w };

		memcpy(pt.res, res, sizeof(res));
		cmp_grid_csv(stdout, &pt, 1);
		return CLI_OK;
	}
	cmp_write_text(stdout, a->preset, &w, res);
	return CLI_OK;
}

static int grid(const struct compare_args *a, uint64_t seed, uint64_t echoes)
{
	uint32_t loss[16], rtt[16];
	int nl = list("--loss", a->loss ? a->loss : "0,5,10,20,30", 100, loss, 16);
	int nr = list("--rtt", a->rtt ? a->rtt : "40,120", 10000, rtt, 16);
	struct cmp_point *pts;
	size_t n = 0;
	int rc = CLI_OK;

	if (nl <= 0 || nr <= 0 || nl * nr > MAX_POINTS)
		return CLI_USAGE;
	pts = calloc((size_t)(nl * nr), sizeof(*pts));
	if (!pts) {
		cli_error("compare: %s", tfo_strerror(TFO_ERR_NOMEM));
		return CLI_USAGE;
	}
	for (int r = 0; r < nr && rc == CLI_OK; r++)
		for (int l = 0; l < nl && rc == CLI_OK; l++, n++) {
			cmp_reference(&pts[n].w, seed);
			pts[n].w.loss_pct = loss[l];
			pts[n].w.delay_min_ms = rtt[r] / 2;
			pts[n].w.delay_max_ms = rtt[r] / 2 + 32;
			pts[n].w.echoes = echoes ? (uint32_t)echoes : 300;
			rc = run_all(&pts[n].w, pts[n].res);
		}
	if (rc == CLI_OK && a->plot) {
		struct outfile *f = cli_open_output(a->plot);

		if (!f)
			rc = CLI_USAGE;
		else {
			cmp_grid_svg(outfile_stream(f), pts, n);
			rc = cli_close_output(f);
		}
	}
	if (rc == CLI_OK) {
		if (strcmp(a->format, "json") == 0)
			rc = cmp_grid_json(stdout, pts, n) == 0 ? CLI_OK : CLI_USAGE;
		else
			cmp_grid_csv(stdout, pts, n);
	}
	free(pts);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a = { .preset = "kcp-reference", .format = NULL };
	uint64_t seed = 1, echoes = 0;
	int is_grid = 0, rc = parse_args(argc, argv, &a, &is_grid);

	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if (number("--seed", a.seed, UINT64_MAX, &seed) ||
	    number("--echoes", a.echoes, 100000, &echoes))
		return CLI_USAGE;
	if (a.echoes && echoes == 0) {
		cli_error("compare: --echoes needs at least 1");
		return CLI_USAGE;
	}
	if (!a.format)
		a.format = is_grid ? "csv" : "text";
	if (strcmp(a.format, "text") != 0 && strcmp(a.format, "json") != 0 &&
	    strcmp(a.format, "csv") != 0) {
		cli_error("compare: bad --format '%s' (text, json or csv)", a.format);
		return CLI_USAGE;
	}
	if (is_grid && strcmp(a.format, "text") == 0) {
		cli_error("compare: the grid is written as csv or json");
		return CLI_USAGE;
	}
	if (!is_grid && (a.loss || a.rtt)) {
		cli_error("compare: --loss and --rtt go with --grid");
		return CLI_USAGE;
	}
	return is_grid ? grid(&a, seed, echoes) : reference(&a, seed, echoes);
}
