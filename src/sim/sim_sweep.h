/*
 * Sweeps: a request/response workload run over a grid of round-trip
 * times and loss rates, each cell with TCP Fast Open off ("tcp") and on
 * with a warm cookie ("tfo"), summarised as percentiles of the time to
 * first byte. The same grid, scenario and seeds always give the same rows.
 */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include <stdio.h>

#include "sim_scenario.h"

#define SWEEP_LIST_MAX 1000 /* values in one --rtt or --loss list */
#define SWEEP_FORMAT "tfosim-sweep"
#define SWEEP_VERSION 1

enum sweep_mode { SWEEP_TCP, SWEEP_TFO, SWEEP_MODES };

/* sweep_mode_name: "tcp", "tfo". */
const char *sweep_mode_name(int mode);

/* The default workload's scenario text (used when no scenario is named). */
extern const char sweep_default_scenario[];

struct sweep_grid {
	tfo_time *rtt; /* [nrtt] */
	uint32_t *loss_ppm;
	size_t nrtt, nloss;
};

/*
 * sweep_parse_times / sweep_parse_percents: a LIST, "a,b,c" or a range
 * with a step "10ms..300ms/10ms" (items may mix both, comma separated),
 * into a malloc'd array. Returns 0, or -1 with err (SC_ERR_MAX bytes)
 * saying what is wrong (nothing allocated).
 */
int sweep_parse_times(const char *s, tfo_time **out, size_t *n, char *err);
int sweep_parse_percents(const char *s, uint32_t **out, size_t *n, char *err);

void sweep_grid_free(struct sweep_grid *g);

/* One output row: a cell and a mode. Absent times are TFO_TIME_NEVER. */
struct sweep_row {
	uint64_t cell; /* rtt index * nloss + loss index */
	tfo_time rtt;
	uint32_t loss_ppm;
	uint8_t mode;
	uint64_t connections; /* measured connections, all seeds */
	tfo_time p50, p90, p99;
	int64_t saved_p50; /* tfo rows: tcp p50 - tfo p50 */
	int have_saved;
	uint64_t accepted; /* connections whose SYN data was accepted */
};

/* What a sweep runs: the scenario, the connections, the seeds. */
struct sweep_spec {
	const struct sim_scenario *sc;
	uint64_t connections; /* 0: as written */
	uint64_t seeds;       /* seeds 1..seeds */
};

/*
 * sweep_cell: runs one cell (every link's one-way delays rtt/2, every
 * link's loss loss_ppm both ways) with TFO off and on, each with seeds
 * 1..spec->seeds, and fills rows[SWEEP_TCP] and rows[SWEEP_TFO]. The
 * first connection of each run warms the client's cookie cache and is not
 * measured. Returns 0, or a TFO_ERR_* code with err set.
 */
int sweep_cell(const struct sweep_spec *spec, uint64_t cell, tfo_time rtt, uint32_t loss_ppm,
               struct sweep_row rows[SWEEP_MODES], char *err);

/* The header of a sweep's output, also what --merge checks shards against. */
struct sweep_head {
	char scenario[SC_NAME_MAX * 2];
	uint64_t connections, seeds, cells;
	uint64_t shard, shards; /* shards 1: the whole grid */
};

/*
 * sweep_pct_text: num/den as a percentage, at most 4 decimals, without
 * trailing zeros ("2", "0.5"). buf needs 32 bytes. Returns buf.
 */
char *sweep_pct_text(char *buf, uint64_t num, uint64_t den);

/* sweep_write_csv / sweep_write_json: the rows (in cell, mode order). */
void sweep_write_csv(FILE *out, const struct sweep_row *rows, size_t n);
void sweep_write_json(FILE *out, const struct sweep_head *h, const struct sweep_row *rows,
                      size_t n);

/*
 * sweep_read_json: a sweep's JSON document (text, len bytes; file names
 * it in errors) into *h and a malloc'd array of rows. Returns 0, or -1
 * with err set (nothing allocated).
 */
int sweep_read_json(const char *file, const char *text, size_t len, struct sweep_head *h,
                    struct sweep_row **rows, size_t *n, char *err);

/*
 * sweep_plot: an SVG chart of the median time to first byte against the
 * RTT, one line per mode and loss rate, the time TFO saves as a band
 * between them. Returns 0 or -1 (nothing to draw: err says why).
 */
int sweep_plot(FILE *out, const struct sweep_row *rows, size_t n, char *err);

#endif /* SIM_SWEEP_H */
