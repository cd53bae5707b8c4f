/* Writing the classroom page and SVG from the CLI. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_classroom.h"
#include "cls_html.h"
#include "sim_units.h"

int cli_classroom_parse(struct cli_classroom *c, const char *cmd)
{
	c->conn = 1;
	if (!c->conn_arg)
		return CLI_OK;
	if (units_count(c->conn_arg, strlen(c->conn_arg), UINT64_MAX, &c->conn) != 0 ||
	    c->conn == 0) {
		cli_error("%s: bad --connection '%s': expected a connection number from 1", cmd,
		          c->conn_arg);
		return CLI_USAGE;
	}
	if (!c->svg) {
		cli_error("%s: --connection chooses the connection --svg draws; give --svg FILE",
		          cmd);
		return CLI_USAGE;
	}
	return CLI_OK;
}

int cli_classroom_wanted(const struct cli_classroom *c)
{
	return c->html || c->svg;
}

struct job {
	const struct cls_doc *d;
	uint64_t conn;
	int svg;
};

/* write_whole: the file through a temporary one beside it, renamed into place. */
static int write_whole(const char *path, const struct job *j, const char *cmd)
{
	char tmp[4096];
	FILE *f;
	int fd, rc;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp)) {
		cli_error("%s: '%s': name too long", cmd, path);
		return CLI_USAGE;
	}
	fd = mkstemp(tmp);
	if (fd >= 0) {
		/* mkstemp makes it private; the page is an ordinary file. */
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		cli_error("%s: cannot write '%s': %s", cmd, path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			remove(tmp);
		}
		return CLI_USAGE;
	}
	rc = j->svg ? cls_svg_file(f, j->d, j->conn) : cls_html_write(f, j->d);
	if (fclose(f) != 0 && rc == 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc != 0) {
		remove(tmp);
		if (rc == TFO_ERR_INVALID)
			cli_error("%s: no ladder for connection %llu to draw in '%s' (ladders were "
			          "kept for %zu connections%s)",
			          cmd, (unsigned long long)j->conn, path, j->d->npairs,
			          strcmp(cmd, "run") == 0 ? "; see --ladder" : "");
		else
			cli_error("%s: cannot write '%s': %s", cmd, path,
			          rc == TFO_ERR_NOMEM ? "out of memory" : strerror(errno));
		return CLI_USAGE;
	}
	return CLI_OK;
}

int cli_classroom_write(const struct cli_classroom *c, const struct cls_doc *d, const char *cmd)
{
	struct job page = { .d = d }, svg = { .d = d, .conn = c->conn, .svg = 1 };
	int rc = CLI_OK;

	if (c->html)
		rc = write_whole(c->html, &page, cmd);
	if (rc == CLI_OK && c->svg)
		rc = write_whole(c->svg, &svg, cmd);
	return rc;
}
