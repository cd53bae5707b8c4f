/* TCP options that a receiver would not take whole, described for an anomaly. */
#ifndef REPLAY_OPTCHECK_H
#define REPLAY_OPTCHECK_H

#include <stddef.h>

#include <tfo/wire.h>

/*
 * replay_opts_problem: walks seg's option bytes; for the first option
 * with a length below 2, a missing length byte or one that runs past the
 * end (the options from there are lost), or a length wrong for its kind (a
 * Fast Open option of 3 or 19 bytes: ignored, as Linux does), writes a
 * sentence naming its kind, byte offset and length into why and returns
 * 1. Returns 0 when every option is well formed.
 */
int replay_opts_problem(const tfo_segment *seg, char *why, size_t n);

#endif /* REPLAY_OPTCHECK_H */
