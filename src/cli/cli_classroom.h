/*
 * The classroom outputs shared by tfosim run and tfosim replay: --html
 * FILE (the page), --svg FILE with --connection N (one ladder for
 * slides) and, for run, --step (the terminal stepper).
 */
#ifndef CLI_CLASSROOM_H
#define CLI_CLASSROOM_H

#include <stdint.h>

#include "cls_model.h"
#include "sim_session.h"

struct cli_classroom {
	const char *html, *svg;
	const char *conn_arg; /* --connection as given, or NULL */
	uint64_t conn;        /* the connection --svg draws (default 1) */
	int step;
};

/* getopt_long values of the options, clear of any letter. */
enum { CLI_OPT_HTML = 0x100, CLI_OPT_SVG, CLI_OPT_CONNECTION, CLI_OPT_STEP };

/* The getopt_long entries of --html, --svg and --connection; and of --step. */
/* clang-format off */
#define CLI_CLASSROOM_FILE_OPTIONS \
	{ "html", required_argument, NULL, CLI_OPT_HTML }, \
	{ "svg", required_argument, NULL, CLI_OPT_SVG }, \
	{ "connection", required_argument, NULL, CLI_OPT_CONNECTION }
#define CLI_CLASSROOM_STEP_OPTION { "step", no_argument, NULL, CLI_OPT_STEP }
/* clang-format on */

/*
 * cli_classroom_option: takes getopt_long's value k (and its argument)
 * into c; 0 when k is not one of CLI_OPT_*.
 */
int cli_classroom_option(struct cli_classroom *c, int k, const char *arg);

/* cli_classroom_parse: checks --connection. Returns CLI_OK or CLI_USAGE. */
int cli_classroom_parse(struct cli_classroom *c, const char *cmd);

/* cli_classroom_wanted: whether any page or drawing is asked for. */
int cli_classroom_wanted(const struct cli_classroom *c);

/*
 * cli_classroom_write: the page and the SVG that c asks for, each
 * written whole or not at all ("-": standard output). cmd names the subcommand in messages.
 * Returns CLI_OK or CLI_USAGE.
 */
int cli_classroom_write(const struct cli_classroom *c, const struct cls_doc *d, const char *cmd);

/*
 * cli_classroom_session: --html, --svg and --step for a finished
 * simulated session (the stepping goes to standard output, waiting for
 * Enter when standard input is a terminal). Returns CLI_OK or CLI_USAGE.
 */
int cli_classroom_session(const struct cli_classroom *c, const struct session *ss, const char *cmd);

/* cli_classroom_options: the session options c needs (traces of the run with TFO off, ...). */
void cli_classroom_options(const struct cli_classroom *c, struct session_opts *o);

#endif /* CLI_CLASSROOM_H */
