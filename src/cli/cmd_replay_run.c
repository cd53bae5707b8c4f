/*
 * tfosim replay, the run: one replay over every FILE, its results going
 * to the text report, the JSON stream, the expectation being collected,
 * the ladder and the conformance check, as the arguments ask.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_replay.h"
#include "replay_expect.h"
#include "replay_json.h"
#include "replay_ladder.h"
#include "replay_report.h"

struct run {
	const struct replay_args *a;
	struct replay *r;
	struct replay_json_writer jw;
	json_t *collected; /* connections, for --expect / --write-expect */
	int report;        /* the text report goes to stdout */
	int tty;           /* progress on stderr */
	int progress_shown;
};

static void on_warn(void *user, const char *msg)
{
	struct run *run = user;

	if (run->progress_shown) {
		fputs("\r\033[K", stderr);
		run->progress_shown = 0;
	}
	cli_error("replay: warning: %s", msg);
}

static void on_progress(void *user, const char *name, uint64_t bytes, uint64_t packets)
{
	struct run *run = user;

	if (!run->tty)
		return;
	fprintf(stderr, "\r\033[Ktfosim: replay: %s: %" PRIu64 " MB, %" PRIu64 " packets", name,
	        bytes >> 20, packets);
	run->progress_shown = 1;
}

static int on_result(void *user, const struct replay_result *res, struct replay_conn *c)
{
	struct run *run = user;
	json_t *o;

	if (run->report && run->a->ladder)
		replay_ladder_print(stdout, c, res);
	else if (run->report)
		replay_report_conn(stdout, res);
	if (run->a->json && !run->a->expect && replay_json_write_conn(&run->jw, res) != 0)
		return TFO_ERR_NOMEM;
	if (run->collected) {
		o = replay_json_conn(res);
		if (!o || json_array_append_new(run->collected, o) != 0)
			return TFO_ERR_NOMEM;
	}
	return 0;
}

static int on_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                     int from_client)
{
	(void)user;
	return replay_ladder_packet(c, p, from_client, NULL);
}

static void on_release(void *user, struct replay_conn *c)
{
	(void)user;
	replay_ladder_free(c, NULL);
}

static int setup(struct run *run, const struct replay_args *a, char *err, size_t errsize)
{
	struct replay_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.key = a->key;
	cfg.rekeys = a->rekeys;
	cfg.nrekeys = a->nrekeys;
	cfg.alg = a->alg;
	cfg.cookie_len = a->cookie_len;
	cfg.anomaly_keep = a->anomaly_keep;
	cfg.user = run;
	cfg.result = on_result;
	cfg.warn = on_warn;
	cfg.progress = on_progress;
	if (a->ladder && !a->json) {
		cfg.packet = on_packet;
		cfg.release = on_release;
	}
	run->a = a;
	run->tty = isatty(STDERR_FILENO);
	run->report = !a->json && !a->expect;
	if (a->expect || a->write_expect) {
		run->collected = json_array();
		if (!run->collected)
			return TFO_ERR_NOMEM;
	}
	return replay_new(&run->r, &cfg, err, errsize);
}

static int read_inputs(struct run *run, char *err, size_t errsize)
{
	int rc = 0;

	if (run->a->json && !run->a->expect)
		replay_json_begin(&run->jw, stdout);
	for (int i = 0; rc == 0 && i < run->a->nfiles; i++)
		rc = replay_file(run->r, run->a->files[i], err, errsize);
	if (rc == 0)
		rc = replay_end(run->r);
	if (run->progress_shown)
		fputs("\r\033[K", stderr);
	return rc;
}

/* Writes the document to path through a temporary file and a rename. */
static int write_expect(const char *path, const json_t *doc)
{
	char tmp[4096];
	int fd, ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp)) {
		cli_error("replay: '%s': name too long", path);
		return CLI_USAGE;
	}
	fd = mkstemp(tmp);
	ok = fd >= 0 && close(fd) == 0;
	ok = ok && json_dump_file(doc, tmp, REPLAY_JSON_FLAGS | JSON_INDENT(2)) == 0;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		cli_error("replay: cannot write '%s'", path);
		if (fd >= 0)
			remove(tmp);
	}
	return ok ? CLI_OK : CLI_USAGE;
}

static int expect(const char *path, const json_t *doc, unsigned flags)
{
	json_error_t jerr;
	json_t *want = json_load_file(path, 0, &jerr);
	unsigned long diffs;

	if (!want) {
		cli_error("replay: %s:%d: %s", path, jerr.line, jerr.text);
		return CLI_USAGE;
	}
	diffs = replay_expect_compare(want, doc, flags, stdout);
	json_decref(want);
	if (diffs) {
		printf("%lu difference%s from %s\n", diffs, diffs == 1 ? "" : "s", path);
		return CLI_FAIL;
	}
	printf("the analysis matches %s\n", path);
	return CLI_OK;
}

static int finish(struct run *run)
{
	const struct replay_args *a = run->a;
	json_t *doc;
	int rc = CLI_OK;

	if (run->report)
		replay_report_summary(stdout, run->r);
	if (a->json && !a->expect && replay_json_end(&run->jw, run->r) != 0)
		return CLI_USAGE;
	if (!run->collected)
		return CLI_OK;
	doc = replay_json_document(run->collected, run->r);
	run->collected = NULL;
	if (!doc) {
		cli_error("replay: out of memory");
		return CLI_USAGE;
	}
	if (a->write_expect)
		rc = write_expect(a->write_expect, doc);
	if (rc == CLI_OK && a->expect)
		rc = expect(a->expect, doc, a->ignore_times ? REPLAY_EXPECT_IGNORE_TIMES : 0);
	json_decref(doc);
	return rc;
}

int replay_run(const struct replay_args *a)
{
	struct run run;
	char err[512] = "";
	int rc;

	memset(&run, 0, sizeof(run));
	rc = setup(&run, a, err, sizeof(err));
	if (rc == 0)
		rc = read_inputs(&run, err, sizeof(err));
	if (rc == 0) {
		rc = finish(&run);
	} else {
		fflush(stdout);
		cli_error("replay: %s", rc == TFO_ERR_NOMEM ? "out of memory"
		                        : err[0]            ? err
		                                            : tfo_strerror(rc));
		rc = CLI_USAGE;
	}
	json_decref(run.collected);
	replay_del(run.r);
	return rc;
}
