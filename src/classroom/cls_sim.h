/*
 * The classroom model of a simulated run: every connection with a trace
 * (tfosim run --ladder), its segments, the sentences built from the
 * endpoints' logged transitions and Fast Open decisions, and the same
 * connection in the run with TCP Fast Open off (session_opts.trace_off).
 */
#ifndef CLS_SIM_H
#define CLS_SIM_H

#include "cls_model.h"
#include "cls_words.h"
#include "sim_session.h"

/*
 * cls_from_session: fills d from a finished session; with ascii, only
 * ASCII text (for a terminal whose locale is not UTF-8). Returns 0 or
 * TFO_ERR_NOMEM.
 */
int cls_from_session(struct cls_doc *d, const struct session *ss, int ascii);

/* What the sentences of one traced connection are made from. */
struct cls_sim_trace {
	const struct trace *tr;
	const struct ladder_info *li;
	const struct sim_scenario *sc;
	struct cls_pkt *pkts; /* [tr->len]: the words' view of each TR_PACKET */
	char **labels;        /* [tr->len]: each TR_PACKET's label */
	int ascii;            /* ASCII text only */
};

/*
 * cls_sim_explain: seg's why, what, check, from the trace event at index i
 * (a TR_PACKET). Returns 0 or TFO_ERR_NOMEM.
 */
int cls_sim_explain(const struct cls_sim_trace *t, size_t i, struct cls_seg *seg);

/*
 * cls_fastopen_words: a Fast Open log line ("tfo: cookie valid, 100 data
 * bytes accepted") in a teacher's words, into buf; 0 when the line is not
 * one of libtfo's Fast Open decisions. check, when not NULL, gets what it
 * says of a cookie ("valid (primary key)"), or "" when nothing.
 */
int cls_fastopen_words(const char *line, char *buf, size_t size, char *check, size_t csize);

#endif /* CLS_SIM_H */
