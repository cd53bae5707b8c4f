/*
 * tfosim replay --check DIR: every trace of a folder against its stored
 * expectation. The traces of DIR/NAME.expect.json are the other files
 * DIR/NAME.* whose content is a trace (pcap, pcapng, tcpdump text); each
 * is replayed with the settings the expectation records, as
 * `tfosim replay --expect DIR/NAME.expect.json TRACE` would.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <tfo/tfo.h>

#include "cli.h"
#include "cmd_replay.h"
#include "replay_source.h"

#define EXPECT_SUFFIX ".expect.json"

struct tally {
	unsigned long traces, ok, failed;
	int status; /* the worst exit status */
};

static int expectation_name(const struct dirent *e)
{
	size_t n = strlen(e->d_name), s = strlen(EXPECT_SUFFIX);

	return n > s && strcmp(e->d_name + n - s, EXPECT_SUFFIX) == 0;
}

/* A regular file whose first bytes are a trace's. */
static int is_trace(const char *path)
{
	uint8_t head[4096];
	struct stat st;
	size_t len;
	FILE *f;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return 1; /* the replay will say why it cannot be read */
	len = fread(head, 1, sizeof(head), f);
	fclose(f);
	return replay_detect(head, len) != REPLAY_FMT_UNKNOWN;
}

static void worsen(struct tally *t, int status)
{
	if (status > t->status)
		t->status = status;
}

/* One trace against its expectation; the report is held back to follow the verdict. */
static void check_trace(struct tally *t, const struct replay_args *base, const json_t *doc,
                        const char *expect, char *trace)
{
	struct replay_args a = *base;
	char *text = NULL;
	size_t size = 0;
	int rc;

	a.check = NULL;
	a.files = &trace;
	a.nfiles = 1;
	a.expect = expect;
	a.expect_doc = (json_t *)doc;
	cli_expect_apply(&a, doc);
	a.alg = tfo_cookie_alg_parse(a.alg_text);
	a.out = open_memstream(&text, &size);
	if (!a.out) {
		cli_error("replay: --check: out of memory");
		worsen(t, CLI_USAGE);
		return;
	}
	rc = replay_run(&a);
	fclose(a.out);
	t->traces++;
	if (rc == CLI_OK) {
		t->ok++;
		printf("ok   %s\n", trace);
	} else {
		t->failed++;
		printf("FAIL %s\n%s", trace, text ? text : "");
	}
	free(text);
	worsen(t, rc);
}

static void check_expectation(struct tally *t, const struct replay_args *base, struct dirent **all,
                              int nall, const char *name)
{
	size_t stem = strlen(name) - strlen(EXPECT_SUFFIX) + 1; /* "NAME." */
	char expect[4096], trace[4096];
	unsigned long found = 0;
	json_t *doc;

	snprintf(expect, sizeof(expect), "%s/%s", base->check, name);
	doc = cli_expect_load(expect);
	if (!doc) {
		t->failed++;
		worsen(t, CLI_USAGE);
		return;
	}
	for (int i = 0; i < nall; i++) {
		const char *n = all[i]->d_name;

		if (strncmp(n, name, stem) != 0 || strcmp(n, name) == 0 ||
		    snprintf(trace, sizeof(trace), "%s/%s", base->check, n) >= (int)sizeof(trace) ||
		    !is_trace(trace))
			continue;
		found++;
		check_trace(t, base, doc, expect, trace);
	}
	json_decref(doc);
	if (!found) {
		printf("FAIL %s: no trace NAME.* next to it\n", expect);
		t->failed++;
		worsen(t, CLI_FAIL);
	}
}

int cli_check_dir(const struct replay_args *a)
{
	struct tally t = { 0, 0, 0, CLI_OK };
	struct dirent **all = NULL, **exp = NULL;
	int nall, nexp;

	nall = scandir(a->check, &all, NULL, alphasort);
	nexp = nall < 0 ? -1 : scandir(a->check, &exp, expectation_name, alphasort);
	if (nall < 0 || nexp < 0) {
		cli_error("replay: --check: %s: %s", a->check, strerror(errno));
		for (int i = 0; i < nall; i++)
			free(all[i]);
		free(all);
		return CLI_USAGE;
	}
	if (nexp == 0) {
		cli_error("replay: --check: %s: no NAME" EXPECT_SUFFIX " file", a->check);
		worsen(&t, CLI_USAGE);
	}
	for (int i = 0; i < nexp; i++)
		check_expectation(&t, a, all, nall, exp[i]->d_name);
	if (nexp > 0)
		printf("check: %lu trace%s against %d expectation%s: %lu ok, %lu failed\n",
		       t.traces, t.traces == 1 ? "" : "s", nexp, nexp == 1 ? "" : "s", t.ok,
		       t.failed);
	for (int i = 0; i < nall; i++)
		free(all[i]);
	for (int i = 0; i < nexp; i++)
		free(exp[i]);
	free(all);
	free(exp);
	return t.status;
}
