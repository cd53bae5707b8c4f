/*
 * The JSON form of a replay (schema in docs/replay.md), written as a
 * stream: the connections as they are finished, then the summary and the
 * anomalies. Also used, whole, by --expect and --write-expect.
 */
#ifndef REPLAY_JSON_H
#define REPLAY_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "replay.h"
#include "replay_conform.h"

/* The formats' names and versions (docs/json.md). */
#define REPLAY_JSON_FORMAT "tfosim-replay"
#define REPLAY_JSON_VERSION 1
#define REPLAY_EXPECT_FORMAT "tfosim-expect"
#define REPLAY_EXPECT_VERSION 1

/* Dump flags for every JSON value replay writes. */
#define REPLAY_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

/*
 * replay_json_object: an object of n pairs, in order, stealing the values
 * (all of them, also on failure). A NULL value means NOMEM: the result is
 * then NULL.
 */
json_t *replay_json_object(const char *const *keys, json_t **values, size_t n);

/* replay_json_conn: one connection as a JSON object (new reference, NULL on NOMEM). */
json_t *replay_json_conn(const struct replay_result *r);

/* replay_json_summary: the "summary" object (new reference, NULL on NOMEM). */
json_t *replay_json_summary(const struct replay *r);

/* replay_json_anomalies: the "anomalies" array (new reference, NULL on NOMEM). */
json_t *replay_json_anomalies(const struct replay *r);

/*
 * A streaming writer: begin, a conn per connection, then end (or abort).
 * A zeroed writer has not begun (abort does nothing).
 */
struct replay_json_writer {
	FILE *out; /* NULL before begin and after end or abort */
	uint64_t n;
};

void replay_json_begin(struct replay_json_writer *w, FILE *out);
/* Returns 0 or TFO_ERR_NOMEM. */
int replay_json_write_conn(struct replay_json_writer *w, const struct replay_result *r);
/*
 * replay_json_end: the summary, the anomalies (one at a time: memory does
 * not grow with their number), then each member of more (an object,
 * stolen; NULL for none), and the closing brace. Returns 0 or
 * TFO_ERR_NOMEM; then what could not be written is left out and the
 * document ends with "error": "out of memory: ...", still valid JSON.
 */
int replay_json_end(struct replay_json_writer *w, const struct replay *r, json_t *more);

/*
 * replay_json_abort: ends a begun document when the run fails half-way:
 * the connections array is closed and "error": why is the last member, so
 * the output stays valid JSON. Nothing when w has not begun or has ended.
 */
void replay_json_abort(struct replay_json_writer *w, const char *why);

/* replay_json_verdict: one --conform verdict (new reference, NULL on NOMEM). */
json_t *replay_json_verdict(const struct replay_verdict *v);

/*
 * replay_json_conform_server: the server --conform modelled, given as in
 * replay_report_conform (new reference, NULL on NOMEM).
 */
json_t *replay_json_conform_server(const struct replay_server *s, unsigned given);

/* replay_json_conform_summary: the verdicts counted (new reference, NULL on NOMEM). */
json_t *replay_json_conform_summary(const struct replay_conform_summary *s);

/*
 * replay_json_document: an expectation file, {"format", "version",
 * "settings": settings, "connections": conns, "summary", "anomalies"} as
 * one value; settings and conns are stolen. NULL on NOMEM.
 */
json_t *replay_json_document(json_t *settings, json_t *conns, const struct replay *r);

#endif /* REPLAY_JSON_H */
