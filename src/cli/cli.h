/* Shared pieces of the tfosim command-line tool. */
#ifndef TFO_CLI_H
#define TFO_CLI_H

#include <stdio.h>

/* Exit statuses, the same for every subcommand. */
enum {
	CLI_OK = 0,   /* success */
	CLI_FAIL = 1, /* a check or comparison failed */
	CLI_USAGE = 2 /* bad usage or bad input */
};

/* cli_error: prints "tfosim: <message>" as one line on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct outfile;

/*
 * cli_open_output: opens PATH ("-": standard output) through the one output
 * helper (outfile.h). NULL after printing "tfosim: PATH: <strerror>".
 */
struct outfile *cli_open_output(const char *path);

/*
 * cli_close_output: finishes F (flush, fsync, rename into place). Returns
 * CLI_OK, or CLI_USAGE after printing "tfosim: NAME: <strerror>"; a failed
 * file leaves its target as it was. F may be NULL (CLI_OK).
 */
int cli_close_output(struct outfile *f);

/*
 * cli_ascii: 1 when the user's locale (LC_ALL, LC_CTYPE, LANG) is not
 * UTF-8, as under LC_ALL=C: the output is then ASCII only.
 */
int cli_ascii(void);

/*
 * cli_ladder_style: how ladders are drawn: --width when given (width_arg,
 * NULL when not; a bad value prints an error and returns CLI_USAGE), else
 * the terminal's width when standard output is one (at least 80, at most
 * the default 99), and ASCII when the locale is not UTF-8. cmd names the
 * subcommand in messages.
 */
struct ladder_style;
int cli_ladder_style(struct ladder_style *st, const char *width_arg, const char *cmd);

/* Subcommands: argv[0] is the subcommand's name. Return an exit status. */
int cmd_cookie(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_script(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

#endif /* TFO_CLI_H */
