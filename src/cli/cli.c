#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"
#include "sim_ladder.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tfosim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct outfile *cli_open_output(const char *path)
{
	struct outfile *f = outfile_open(path);

	if (!f)
		cli_error("%s: %s", path, strerror(errno));
	return f;
}

int cli_close_output(struct outfile *f)
{
	char *name;
	int e;

	if (!f)
		return CLI_OK;
	/* the handle is freed by closing: keep its name for the message */
	name = strdup(outfile_name(f));
	e = outfile_close(f);
	if (e == 0) {
		free(name);
		return CLI_OK;
	}
	cli_error("%s: %s", name ? name : "output", strerror(e));
	free(name);
	return CLI_USAGE;
}

int cli_ascii(void)
{
	const char *set;
	int utf8;

	/* Asked, then put back: nothing else in tfosim depends on the locale. */
	if (!setlocale(LC_CTYPE, ""))
		return 1;
	set = nl_langinfo(CODESET);
	utf8 = set && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
	setlocale(LC_CTYPE, "C");
	return !utf8;
}

static unsigned terminal_width(void)
{
	struct winsize ws;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || !ws.ws_col)
		return 0;
	return ws.ws_col;
}

int cli_ladder_style(struct ladder_style *st, const char *width_arg, const char *cmd)
{
	unsigned cols;
	char *end;
	unsigned long w;

	memset(st, 0, sizeof(*st));
	st->ascii = cli_ascii();
	if (width_arg) {
		errno = 0;
		w = strtoul(width_arg, &end, 10);
		if (errno || *end || width_arg[0] < '0' || width_arg[0] > '9' ||
		    w < LADDER_WIDTH_MIN || w > LADDER_WIDTH_MAX) {
			cli_error(
			        "%s: bad --width '%s': expected a number of columns from %d to %d",
			        cmd, width_arg, LADDER_WIDTH_MIN, LADDER_WIDTH_MAX);
			return CLI_USAGE;
		}
		st->width = (unsigned)w;
		return CLI_OK;
	}
	cols = terminal_width();
	if (cols && cols < LADDER_WIDTH)
		st->width = cols < LADDER_WIDTH_MIN ? LADDER_WIDTH_MIN : cols;
	return CLI_OK;
}
