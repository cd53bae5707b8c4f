/*
 * tfosim replay, the run: one replay over every FILE, its results going
 * to the text report, the JSON stream, the expectation being collected,
 * the ladder and the conformance check, as the arguments ask.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cls_replay.h"
#include "cmd_replay.h"
#include "jsontext.h"
#include "outfile.h"
#include "replay_expect.h"
#include "replay_json.h"
#include "replay_ladder.h"
#include "replay_report.h"

/* on_result's answer when the report's stream has failed: the run stops. */
#define OUTPUT_LOST (-3000)

struct run {
	const struct replay_args *a;
	struct replay *r;
	struct replay_json_writer jw;
	json_t *collected; /* connections, for --expect / --write-expect */
	FILE *out;         /* standard output, or --check's buffer */
	int report;        /* the text report goes to out */
	int stream;        /* the JSON report goes to out */
	int ladder;        /* the ladder keeps packets */
	int tty;           /* progress on stderr */
	int progress_shown;
	int lost; /* errno of the report's failed write, with OUTPUT_LOST */
	struct cli_conform cc;
	json_t *verdicts;       /* --conform with the JSON report */
	struct cls_replay *cls; /* --html, --svg */
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

/* The --conform verdict for c: a line after its report line, or into the JSON. */
static int verdict(struct run *run, struct replay_conn *c)
{
	struct replay_verdict v;
	json_t *o;

	replay_conform_verdict(run->cc.cf, c, &v);
	replay_conform_summary_add(&run->cc.sum, &v);
	if (!run->stream) {
		replay_report_verdict(run->out, &v);
		return 0;
	}
	o = replay_json_verdict(&v);
	if (!o || json_array_append_new(run->verdicts, o) != 0)
		return TFO_ERR_NOMEM;
	return 0;
}

static int on_result(void *user, const struct replay_result *res, struct replay_conn *c)
{
	struct run *run = user;
	json_t *o;

	/* a write that fails below leaves its cause here */
	errno = 0;
	if (run->report && run->a->ladder)
		replay_ladder_print(run->out, c, res, run->a->width);
	else if (run->report)
		replay_report_conn(run->out, res, run->a->nfiles > 1);
	if (run->stream && replay_json_write_conn(&run->jw, res) != 0)
		return TFO_ERR_NOMEM;
	if (run->collected) {
		o = replay_json_conn(res);
		if (!o || json_array_append_new(run->collected, o) != 0)
			return TFO_ERR_NOMEM;
	}
	if (run->cls && cls_replay_result(run->cls, res, c) != 0)
		return TFO_ERR_NOMEM;
	if (run->cc.cf && verdict(run, c) != 0)
		return TFO_ERR_NOMEM;
	/* the report cannot be written (a full disk): stop reading at once */
	if (!ferror(run->out))
		return 0;
	run->lost = errno ? errno : EIO;
	return OUTPUT_LOST;
}

static int on_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                     int from_client)
{
	struct run *run = user;
	int rc = 0;

	if (run->ladder)
		rc = replay_ladder_packet(c, p, from_client, NULL);
	if (rc == 0 && run->cc.cf)
		rc = replay_conform_packet(run->cc.cf, c, p, from_client);
	if (rc == 0 && run->cls)
		rc = cls_replay_packet(run->cls, c, p, from_client);
	return rc;
}

static void on_release(void *user, struct replay_conn *c)
{
	struct run *run = user;

	if (run->ladder)
		replay_ladder_free(c, NULL);
	if (run->cc.cf)
		replay_conform_release(run->cc.cf, c);
}

static void base_config(struct run *run, const struct replay_args *a, struct replay_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->key = a->key;
	cfg->rekeys = a->rekeys;
	cfg->nrekeys = a->nrekeys;
	cfg->alg = a->alg;
	cfg->cookie_len = a->cookie_len;
	cfg->anomaly_keep = a->anomaly_keep;
	cfg->by_finish = a->by_finish;
	cfg->user = run;
	cfg->warn = on_warn;
	cfg->progress = on_progress;
}

static int expect_to_stdout(const struct replay_args *a)
{
	return a->write_expect && strcmp(a->write_expect, "-") == 0;
}

static int setup(struct run *run, const struct replay_args *a, char *err, size_t errsize)
{
	struct replay_config cfg;
	int rc;

	run->a = a;
	run->out = a->out ? a->out : stdout;
	run->tty = isatty(STDERR_FILENO);
	/* "--write-expect -" owns standard output, as --expect's verdict does */
	run->report = !a->json && !a->expect && !expect_to_stdout(a);
	run->stream = a->json && !a->expect && !expect_to_stdout(a);
	run->ladder = a->ladder && !a->json;
	base_config(run, a, &cfg);
	if (a->conform) {
		rc = cli_conform_prepare(&run->cc, a, &cfg, err, errsize);
		if (rc != 0)
			return rc;
		/* The first pass said what was wrong with the input already. */
		cfg.warn = NULL;
		run->verdicts = run->stream ? json_array() : NULL;
		if (run->stream && !run->verdicts)
			return TFO_ERR_NOMEM;
	}
	cfg.result = on_result;
	if (cli_classroom_wanted(&a->cls) &&
	    cls_replay_new(&run->cls, REPLAY_HTML_CONNS, a->cls.svg ? a->cls.conn : 0) != 0)
		return TFO_ERR_NOMEM;
	if (run->ladder || a->conform || run->cls) {
		cfg.packet = on_packet;
		cfg.release = on_release;
	}
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

	if (run->stream)
		replay_json_begin(&run->jw, run->out);
	for (int i = 0; rc == 0 && i < run->a->nfiles; i++)
		rc = cli_read_input(&run->cc, run->r, i, run->a->files[i], err, errsize);
	if (rc == 0)
		rc = replay_end(run->r);
	if (run->progress_shown)
		fputs("\r\033[K", stderr);
	return rc;
}

/* Writes the document to path ("-": standard output) through the output helper. */
static int write_expect(const char *path, const json_t *doc)
{
	struct outfile *out = cli_open_output(path);
	char *text;

	if (!out)
		return CLI_USAGE;
	text = json_text(doc, REPLAY_JSON_FLAGS | JSON_INDENT(2));
	if (!text) {
		outfile_discard(out);
		cli_error("replay: out of memory: %s not written", path);
		return CLI_USAGE;
	}
	fputs(text, outfile_stream(out));
	free(text);
	return cli_close_output(out);
}

static int expect(FILE *out, const char *path, const json_t *want, const json_t *doc,
                  unsigned flags)
{
	unsigned long diffs = replay_expect_compare(want, doc, flags, out);

	if (diffs) {
		fprintf(out, "%lu difference%s from %s\n", diffs, diffs == 1 ? "" : "s", path);
		return CLI_FAIL;
	}
	fprintf(out, "the analysis matches %s\n", path);
	return CLI_OK;
}

/* --conform's part of the JSON report's end, or NULL (NOMEM). */
static json_t *conform_json(struct run *run)
{
	static const char *const keys[] = { "conformance", "conformance_server",
		                            "conformance_summary" };
	json_t *v[] = {
		run->verdicts,
		replay_json_conform_server(&run->cc.server, run->cc.given),
		replay_json_conform_summary(&run->cc.sum),
	};

	run->verdicts = NULL;
	return replay_json_object(keys, v, 3);
}

/* The worse of two exit statuses. */
static int worse(int a, int b)
{
	return a > b ? a : b;
}

/* classroom: the page and the SVG, named after the inputs. */
static int classroom(struct run *run)
{
	const struct replay_args *a = run->a;
	char inputs[512];
	struct cls_doc d;
	size_t n = 0;
	int rc;

	inputs[0] = '\0';
	for (int i = 0; i < a->nfiles && n < sizeof(inputs); i++)
		n += (size_t)snprintf(inputs + n, sizeof(inputs) - n, "%s%s", i ? ", " : "",
		                      a->files[i]);
	if (cls_replay_doc(run->cls, &d, inputs) != 0) {
		cli_error("replay: out of memory");
		return CLI_USAGE;
	}
	rc = cli_classroom_write(&a->cls, &d, "replay");
	cls_doc_free(&d);
	return rc;
}

static int finish(struct run *run)
{
	const struct replay_args *a = run->a;
	json_t *doc, *more = NULL;
	int rc = CLI_OK, erc = CLI_OK;

	if (run->report)
		replay_report_summary(run->out, run->r);
	if (run->cc.cf && !run->stream)
		replay_report_conform(run->out, &run->cc.server, run->cc.given, &run->cc.sum);
	if (run->cc.cf && run->stream && !(more = conform_json(run))) {
		replay_json_abort(&run->jw, "out of memory");
		cli_error("replay: out of memory");
		return CLI_USAGE;
	}
	if (run->stream && replay_json_end(&run->jw, run->r, more) != 0) {
		cli_error("replay: out of memory: the JSON report is incomplete");
		return CLI_USAGE;
	}
	if (run->cc.sum.mismatch)
		rc = CLI_FAIL;
	if (run->cls)
		rc = worse(rc, classroom(run));
	if (!run->collected)
		return rc;
	doc = replay_json_document(cli_expect_settings(a), run->collected, run->r);
	run->collected = NULL;
	if (!doc) {
		cli_error("replay: out of memory");
		return CLI_USAGE;
	}
	if (a->write_expect)
		erc = write_expect(a->write_expect, doc);
	if (erc == CLI_OK && a->expect)
		erc = expect(run->out, a->expect, a->expect_doc, doc,
		             a->ignore_times || !replay_all_timed(run->r)
		                     ? REPLAY_EXPECT_IGNORE_TIMES
		                     : 0);
	json_decref(doc);
	return worse(rc, erc);
}

int replay_run(const struct replay_args *a)
{
	struct run run;
	char err[512] = "";
	int rc;

	memset(&run, 0, sizeof(run));
	run.out = stdout;
	rc = setup(&run, a, err, sizeof(err));
	if (rc == 0)
		rc = read_inputs(&run, err, sizeof(err));
	if (rc == 0) {
		rc = finish(&run);
	} else if (rc == OUTPUT_LOST) {
		if (run.out == stdout) {
			/* said once, with the cause the failed write gave: what is
			 * still buffered would only fail again at exit */
			cli_error("standard output: %s", strerror(run.lost));
			__fpurge(stdout);
			clearerr(stdout);
		} else {
			cli_error("replay: out of memory: the report could not be kept");
		}
		rc = CLI_USAGE;
	} else {
		const char *why = rc == TFO_ERR_NOMEM ? "out of memory"
		                  : err[0]            ? err
		                                      : tfo_strerror(rc);

		/* a JSON report begun is closed, valid, saying why it stops */
		replay_json_abort(&run.jw, why);
		fflush(run.out);
		cli_error("replay: %s", why);
		rc = CLI_USAGE;
	}
	json_decref(run.collected);
	json_decref(run.verdicts);
	cls_replay_free(run.cls);
	/* The replay's release hook uses the conformance checker: the replay goes first. */
	replay_del(run.r);
	cli_conform_free(&run.cc);
	return rc;
}
