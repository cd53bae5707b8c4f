/* tfosim replay: the parsed command line, and the run. */
#ifndef TFO_CMD_REPLAY_H
#define TFO_CMD_REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "cli_classroom.h"
#include "replay.h"
#include "replay_conform.h"

#define REPLAY_ARGS_MAX_REKEYS 64
#define REPLAY_ARGS_MAX_QLEN 1000000
/* --max-buffer's default: what --conform may copy of a pipe to read it twice */
#define REPLAY_ARGS_MAX_BUFFER_DEFAULT (UINT64_C(1) << 30)

struct replay_args {
	char **files;
	int nfiles;
	int json, ladder, ignore_times, conform, by_finish;
	int order_given; /* --order was on the command line */
	const char *key, *alg_text, *expect, *write_expect;
	struct replay_rekey rekeys[REPLAY_ARGS_MAX_REKEYS];
	size_t nrekeys;
	int alg;
	size_t cookie_len;
	uint64_t anomaly_keep;
	/* --conform's server, when given rather than inferred */
	unsigned server_given; /* REPLAY_SERVER_*_GIVEN */
	uint32_t fastopen;
	int qlen;
	uint64_t max_buffer; /* bytes --conform may copy of an input it cannot reread */
	int max_buffer_given;
	struct cli_classroom cls; /* --html, --svg, --connection */
	json_t *expect_doc;       /* --expect's file, loaded and checked */
	const char *check;        /* --check DIR */
	unsigned width;           /* --width for --ladder; 0: the default */
	FILE *out;                /* where the report goes; NULL: standard output */
	uint16_t kcp_port;        /* --kcp PORT: KCP over UDP instead of TCP; 0 when not */
};

/* replay_kcp_run: --kcp: each file's KCP conversations; returns an exit status. */
int replay_kcp_run(const struct replay_args *a);

/* Connections the page and the SVG can draw, unless --connection asks for a later one. */
#define REPLAY_HTML_CONNS 20

/* replay_run: does what the arguments say; returns an exit status. */
int replay_run(const struct replay_args *a);

/*
 * cli_expect_load: the expectation file at path, its shape checked
 * (format, version, settings). NULL, the reason printed, when it cannot be
 * used.
 */
json_t *cli_expect_load(const char *path);

/*
 * cli_expect_apply: the settings doc records (keys, --alg, --len,
 * --conform and its settings) for each that the command line left out.
 * The strings stay doc's: doc must outlive a.
 */
void cli_expect_apply(struct replay_args *a, const json_t *doc);

/*
 * cli_check_dir: --check: every trace in a->check against its
 * NAME.expect.json, with the settings each records. Returns an exit status.
 */
int cli_check_dir(const struct replay_args *a);

/* cli_expect_settings: the "settings" member for an expectation file (NULL on NOMEM). */
json_t *cli_expect_settings(const struct replay_args *a);

/* --conform's part of a run. */
struct cli_conform {
	struct replay_conform *cf;
	struct replay_server server; /* what cf models */
	unsigned given;              /* REPLAY_SERVER_*_GIVEN */
	struct replay_conform_summary sum;
	/* [nfiles]: the copy of an input that cannot be read twice (standard
	 * input, a pipe, a device), or NULL for a regular file */
	FILE **copies;
	int ncopies;
};

/*
 * cli_conform_prepare: the first pass over the inputs with base's keys
 * and warnings (the server's settings), --fastopen and --qlen over them,
 * and the libtfo server. Returns 0, or an error with err set (a missing
 * --key is TFO_ERR_INVALID).
 */
int cli_conform_prepare(struct cli_conform *cc, const struct replay_args *a,
                        const struct replay_config *base, char *err, size_t errsize);

/* cli_conform_free: frees what cc holds (a zeroed cc is fine). */
void cli_conform_free(struct cli_conform *cc);

/*
 * cli_read_input: the i-th input, path: replay_file, or the copy cc kept of
 * it (cc may hold none).
 */
int cli_read_input(const struct cli_conform *cc, struct replay *r, int i, const char *path,
                   char *err, size_t errsize);

#endif /* TFO_CMD_REPLAY_H */
