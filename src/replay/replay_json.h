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

/* Dump flags for every JSON value replay writes. */
#define REPLAY_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))

/* replay_json_conn: one connection as a JSON object (new reference, NULL on NOMEM). */
json_t *replay_json_conn(const struct replay_result *r);

/* replay_json_summary: the "summary" object (new reference, NULL on NOMEM). */
json_t *replay_json_summary(const struct replay *r);

/* replay_json_anomalies: the "anomalies" array (new reference, NULL on NOMEM). */
json_t *replay_json_anomalies(const struct replay *r);

/* A streaming writer: begin, a conn per connection, end. */
struct replay_json_writer {
	FILE *out;
	uint64_t n;
};

void replay_json_begin(struct replay_json_writer *w, FILE *out);
/* Returns 0 or TFO_ERR_NOMEM. */
int replay_json_write_conn(struct replay_json_writer *w, const struct replay_result *r);
int replay_json_end(struct replay_json_writer *w, const struct replay *r);

/*
 * replay_json_document: {"connections": conns, "summary", "anomalies"}
 * as one value; conns is stolen. NULL on NOMEM.
 */
json_t *replay_json_document(json_t *conns, const struct replay *r);

#endif /* REPLAY_JSON_H */
