/* tfosim replay: the parsed command line, and the run. */
#ifndef TFO_CMD_REPLAY_H
#define TFO_CMD_REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include "replay.h"

#define REPLAY_ARGS_MAX_REKEYS 64

struct replay_args {
	char **files;
	int nfiles;
	int json, ladder, ignore_times;
	const char *key, *alg_text, *expect, *write_expect;
	struct replay_rekey rekeys[REPLAY_ARGS_MAX_REKEYS];
	size_t nrekeys;
	int alg;
	size_t cookie_len;
	uint64_t anomaly_keep;
};

/* replay_run: does what the arguments say; returns an exit status. */
int replay_run(const struct replay_args *a);

#endif /* TFO_CMD_REPLAY_H */
