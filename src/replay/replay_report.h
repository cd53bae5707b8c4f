/* The text report: a line per connection, then the summary and anomalies. */
#ifndef REPLAY_REPORT_H
#define REPLAY_REPORT_H

#include <stdio.h>

#include "replay.h"

/* replay_report_conn: one connection's line. */
void replay_report_conn(FILE *out, const struct replay_result *r);

/* replay_report_summary: the summary lines and one line per anomaly kind found. */
void replay_report_summary(FILE *out, const struct replay *r);

/* replay_cookie_hex: a cookie as lowercase hex, or "-" for none/request; buf >= 33 bytes. */
const char *replay_cookie_hex(const struct replay_tfo *t, char *buf, size_t size);

#endif /* REPLAY_REPORT_H */
