/*
 * Results: one row per connection, aggregates over a whole run, and the
 * text table and summary that compare a run with its counterfactual (the
 * same scenario and seed with TFO off on every host). Durations are
 * measured from each connection's start, in integer nanoseconds.
 */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdio.h>

#include <tfo/tfo.h>

enum res_status {
	RES_DONE,      /* the client has the whole answer */
	RES_FAILED,    /* the client's connection failed (error) */
	RES_UNFINISHED /* still going when the run stopped */
};

/* res_status_name: "done", "failed", "unfinished". */
const char *res_status_name(int status);

struct conn_result {
	uint64_t index; /* from 1, in the order connections start */
	uint16_t line;  /* the connect line that made it, from 0 */
	uint8_t status; /* enum res_status */
	int8_t outcome; /* enum tfo_outcome; -1 when the client never got that far */
	uint8_t client_fail;
	int error;
	tfo_time start;
	tfo_time rtt;           /* the link's two base one-way delays added */
	tfo_time req_at_server; /* duration; TFO_TIME_NEVER when it never happened */
	tfo_time first_byte;    /* duration; TFO_TIME_NEVER when it never happened */
	tfo_sockaddr client, server;
	uint64_t request, response;
	uint32_t syn_data, syn_data_acked, retransmits;
};

/*
 * The rows of the first `limit` connections, and sums over all of them.
 * Means are exact integer divisions of the sums.
 */
/* Why connections failed, in the words the table and the summary share. */
enum report_failure { FAIL_REFUSED, FAIL_TIMED_OUT, FAIL_RESET, FAIL_OTHER, FAIL_KINDS };

/* Means of one group of connections. */
struct report_means {
	uint64_t n_req, sum_req, n_first, sum_first;
};

struct report {
	struct conn_result *rows; /* indexed by index - 1 */
	uint8_t *have;            /* which rows are filled */
	uint64_t limit;
	uint64_t total, done, failed, unfinished;
	uint64_t failures[FAIL_KINDS];
	uint64_t outcomes[TFO_OUTCOME_INCOMPLETE + 1];
	struct report_means all, by_outcome[TFO_OUTCOME_INCOMPLETE + 1];
	uint64_t sum_rtt;
};

/* report_failure_kind: enum report_failure for a connection's error. */
int report_failure_kind(int error);

/* report_failure_word: "refused", "timed out", "reset", or the error's name. */
const char *report_failure_word(int error);

/* report_init: room for limit rows. Returns 0 or TFO_ERR_NOMEM. */
int report_init(struct report *r, uint64_t limit, const tfo_allocator *mem);
void report_free(struct report *r, const tfo_allocator *mem);

/* report_add: a finished connection (each index once): its row and the sums. */
void report_add(struct report *r, const struct conn_result *res);

/*
 * report_add_many: n connections like res in the sums, as n report_add
 * calls would; no row. It reads only res's status, outcome, error, rtt,
 * req_at_server and first_byte.
 */
void report_add_many(struct report *r, const struct conn_result *res, uint64_t n);

/* report_keeps_row: whether the table has a row for connection index (1 ..). */
static inline int report_keeps_row(const struct report *r, uint64_t index)
{
	return index >= 1 && index <= r->limit;
}

/* report_put_row: res's row only (when its index is within the limit), not the sums. */
void report_put_row(struct report *r, const struct conn_result *res);

/* report_row: the row for index, or NULL when it is beyond the limit or missing. */
const struct conn_result *report_row(const struct report *r, uint64_t index);

/*
 * report_table: the per-connection table of on, with the time saved
 * against off (NULL: no counterfactual column). Rows past on->limit are
 * summarized in one line.
 */
void report_table(FILE *out, const struct report *on, const struct report *off);

/* report_summary: counts, outcomes and mean times, with and without TFO. */
void report_summary(FILE *out, const struct report *on, const struct report *off);

/* report_saved: off's duration minus on's, or 0 with *ok 0 when either is missing. */
int64_t report_saved(tfo_time on, tfo_time off, int *ok);

#endif /* SIM_REPORT_H */
