/* tfosim: the command-line tool. Dispatches to one function per subcommand. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <tfo/tfo.h>

#include "cli.h"
#include "outfile.h"
#include "tfo_config.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "cookie", cmd_cookie, "compute or check a TFO cookie for a source and destination" },
	{ "run", cmd_run, "run a scenario in virtual time: ladders, results, summary" },
	{ "demo", cmd_demo, "plain TCP, a first TFO visit and a return visit, side by side" },
	{ "replay", cmd_replay, "tell what TFO did in real packet traces, and the time it saved" },
	{ "script", cmd_script, "run packetdrill scripts against libtfo, in virtual time" },
	{ "compare", cmd_compare, "TCP, TFO and KCP side by side on one lossy link" },
	{ "sweep", cmd_sweep,
	  "time to first byte over a grid of RTTs and loss rates, TFO off and on" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fputs("usage: tfosim [--help] [--version] COMMAND [ARGS...]\n"
	      "\n"
	      "A deterministic simulator of TCP Fast Open (RFC 7413).\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fputs("\n"
	      "Run 'tfosim COMMAND --help' for a command's options; every command also\n"
	      "takes --version.\n"
	      "Exit status: 0 success, 1 a check or comparison failed, 2 bad usage or input.\n",
	      out);
}

/*
 * Whatever a command printed must have reached standard output: a full disk
 * or a closed pipe makes the run fail, with the cause named.
 */
static int finish(int status)
{
	int e = outfile_close_stdout();

	if (e == 0)
		return status;
	cli_error("standard output: %s", strerror(e));
	return CLI_USAGE;
}

static int version(void)
{
	printf("tfosim %s (libtfo %s, libsodium %s)\n", TFO_VERSION, tfo_version(),
	       sodium_version_string());
	return CLI_OK;
}

/*
 * --version among a command's options (before a "--") answers for every
 * command, present and future, as --help does for each; the command is
 * not run.
 */
static int asks_version(int argc, char **argv)
{
	for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--version") == 0)
			return 1;
	return 0;
}

static int dispatch(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0)
		return version();
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(argv[1], c->name) == 0)
			return asks_version(argc, argv) ? version() : c->run(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try 'tfosim --help')", argv[1]);
	return CLI_USAGE;
}

/*
 * Standard output into a file or a pipe goes in 256 KiB blocks, not
 * stdio's 4 KiB: a replay's report of 200 000 connections is 44 MB, and
 * 11 000 writes were a tenth of its time. A terminal keeps its line
 * buffering. The block outlives standard output, which finish() closes.
 */
#define STDOUT_BLOCK (256 * 1024)

int main(int argc, char **argv)
{
	char *block = isatty(STDOUT_FILENO) ? NULL : malloc(STDOUT_BLOCK);
	int status;

	if (block)
		setvbuf(stdout, block, _IOFBF, STDOUT_BLOCK);
	status = finish(dispatch(argc, argv));
	free(block);
	return status;
}
