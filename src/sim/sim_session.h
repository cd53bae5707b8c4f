/*
 * A session: what `tfosim run` and `tfosim demo` do with a scenario. It
 * runs the scenario as written, with the capture and log attached, and
 * its counterfactual (the same scenario and seed, TFO off on every host),
 * and prints both as text or JSON. The counterfactual is derived from one
 * connection per line where that is exact (sim_cf.h), simulated whole
 * otherwise or when asked.
 */
#ifndef SIM_SESSION_H
#define SIM_SESSION_H

#include <stdio.h>

#include "sim_ladder.h"
#include "sim_run.h"

#define SESSION_ALL UINT64_MAX

struct session_opts {
	uint64_t seed;
	int json;
	int log;
	uint64_t ladders;     /* SESSION_ALL, or how many */
	int trace_off;        /* trace the run with TFO off too (its ladders drawn beside) */
	int simulate_off;     /* simulate every connection of the TFO-off run, never derive it */
	int stepped;          /* the caller steps through the ladders: the text leaves them out */
	uint64_t table;       /* SESSION_ALL, or how many */
	uint64_t connections; /* 0: as written */
	FILE *pcap;           /* NULL: no capture */
	int pcap_host;        /* the observation point */
	int progress;
	struct ladder_style ladder; /* --width, and ASCII for a locale without UTF-8 */
};

struct session {
	const struct sim_scenario *sc;
	const char *name;
	struct session_opts o;
	struct sim_result on, off;
	void *json_log;      /* json_t array of log lines when o.json && o.log */
	int json_log_failed; /* a log line could not be kept (NOMEM) */
	FILE *text_out;      /* where text log lines go while the run goes on */
	int capture_errno;   /* why writing the capture failed; 0: it did not */
};

/*
 * session_run: runs sc (called name) as described above. With text
 * output and o->log, the header and the log lines are written to out as
 * the run goes. On error err (SC_ERR_MAX bytes) says why; when the
 * capture could not be written, ss->capture_errno says why too (so the
 * caller can name the file). Returns 0 or a TFO_ERR_* code.
 * session_free() either way.
 */
int session_run(struct session *ss, const struct sim_scenario *sc, const char *name,
                const struct session_opts *o, FILE *out, char *err);

/* session_print: the results as text (header included unless already written) or JSON. */
int session_print(struct session *ss, FILE *out);

void session_free(struct session *ss);

/* text_header: "scenario NAME, seed N" and the title. */
void text_header(FILE *out, const struct sim_scenario *sc, const char *name, uint64_t seed);

/* text_body: ladders, results table, summary, counters and packet counts. */
void text_body(FILE *out, const struct session *ss);

/* The format's name and version (docs/json.md). */
#define SIMJSON_FORMAT "tfosim-run"
#define SIMJSON_VERSION 1

/*
 * simjson_write: the JSON document (docs/simulator-json.md), written
 * whole. Returns 0, or -1 (out of memory) having written nothing.
 */
int simjson_write(FILE *out, const struct session *ss);

#endif /* SIM_SESSION_H */
