#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outfile.h"

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
