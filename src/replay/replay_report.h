/* The text report: a line per connection, then the summary and anomalies. */
#ifndef REPLAY_REPORT_H
#define REPLAY_REPORT_H

#include <stdio.h>

#include "replay.h"
#include "replay_conform.h"

/*
 * replay_report_conn: one connection's line; with_file adds "file=NAME",
 * the input of its first packet (for a replay of several files).
 */
void replay_report_conn(FILE *out, const struct replay_result *r, int with_file);

/* replay_report_summary: the summary lines and one line per anomaly kind found. */
void replay_report_summary(FILE *out, const struct replay *r);

/* replay_cookie_hex: a cookie as lowercase hex, or "-" for none/request; buf >= 33 bytes. */
const char *replay_cookie_hex(const struct replay_tfo *t, char *buf, size_t size);

/* replay_flags_text: TCP flags as tcpdump prints them between brackets ("S.", "R."); buf >= 9
 * bytes. */
const char *replay_flags_text(uint8_t flags, char *buf);

/* replay_answer_name: "SYN-ACK", "RST" or "none". */
const char *replay_answer_name(int kind);

/*
 * replay_verdict_cookie: the TFO option of an answer as --conform prints
 * it: "none", "cookiereq" or the cookie in hex; buf >= 33 bytes.
 */
const char *replay_verdict_cookie(const struct replay_tfo *t, char *buf, size_t size);

/*
 * replay_report_verdict: "conform N CLIENT > SERVER match", "... mismatch:
 * WHAT: trace X, libtfo Y; ..." or "... skipped: WHY".
 */
void replay_report_verdict(FILE *out, const struct replay_verdict *v);

/*
 * replay_report_conform: the server the check modelled (given: the
 * REPLAY_SERVER_*_GIVEN bits) and the count of verdicts.
 */
void replay_report_conform(FILE *out, const struct replay_server *s, unsigned given,
                           const struct replay_conform_summary *sum);

#endif /* REPLAY_REPORT_H */
