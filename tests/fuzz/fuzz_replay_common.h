/*
 * What the replay harnesses share: a replay whose every result is turned
 * into JSON (so the writers run too), and the promises any input must
 * keep: the run ends with 0 or a clean input error, never another code.
 */
#ifndef FUZZ_REPLAY_COMMON_H
#define FUZZ_REPLAY_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"
#include "replay_json.h"

static void fuzz_check(int cond)
{
	if (!cond)
		abort();
}

static int fuzz_result(void *user, const struct replay_result *r, struct replay_conn *c)
{
	json_t *o = replay_json_conn(r);

	(void)user;
	(void)c;
	fuzz_check(o != NULL);
	fuzz_check(r->syn_data_acked <= r->syn_data);
	json_decref(o);
	return 0;
}

static void fuzz_finish(struct replay *r, int rc)
{
	json_t *s, *a;

	fuzz_check(rc == 0 || rc == REPLAY_ERR_INPUT);
	if (rc == 0)
		fuzz_check(replay_end(r) == 0);
	s = replay_json_summary(r);
	a = replay_json_anomalies(r);
	fuzz_check(s && a);
	json_decref(s);
	json_decref(a);
	replay_del(r);
}

static struct replay *fuzz_replay(void)
{
	struct replay_config cfg;
	struct replay *r = NULL;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.key = "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4";
	cfg.result = fuzz_result;
	fuzz_check(replay_new(&r, &cfg, err, sizeof(err)) == 0);
	return r;
}

#endif /* FUZZ_REPLAY_COMMON_H */
