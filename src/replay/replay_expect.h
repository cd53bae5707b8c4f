/* --expect: a replay's JSON compared with a stored one, difference by difference. */
#ifndef REPLAY_EXPECT_H
#define REPLAY_EXPECT_H

#include <stdio.h>

#include <jansson.h>

/* Skip the fields that need a clock: for a text form without timestamps. */
#define REPLAY_EXPECT_IGNORE_TIMES 0x1u

/*
 * replay_expect_compare: prints to out one line per difference between
 * the expected document and the actual one (connections by position and
 * field, summary fields, anomalies by position; an anomaly's "file" is
 * not compared, so that a trace's text forms and a moved file share an
 * expectation). Returns the number of differences.
 */
unsigned long replay_expect_compare(const json_t *expected, const json_t *actual, unsigned flags,
                                    FILE *out);

#endif /* REPLAY_EXPECT_H */
