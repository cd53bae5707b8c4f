/* Writing the classroom page and SVG from the CLI, through the output helper. */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_classroom.h"
#include "cls_html.h"
#include "cls_sim.h"
#include "cls_step.h"
#include "outfile.h"
#include "sim_units.h"

int cli_classroom_option(struct cli_classroom *c, int k, const char *arg)
{
	switch (k) {
	case CLI_OPT_HTML:
		c->html = arg;
		return 1;
	case CLI_OPT_SVG:
		c->svg = arg;
		return 1;
	case CLI_OPT_CONNECTION:
		c->conn_arg = arg;
		return 1;
	case CLI_OPT_STEP:
		c->step = 1;
		return 1;
	default:
		return 0;
	}
}

int cli_classroom_parse(struct cli_classroom *c, const char *cmd)
{
	const char *dash = c->html && strcmp(c->html, "-") == 0 ? "--html"
	                   : c->svg && strcmp(c->svg, "-") == 0 ? "--svg"
	                                                        : NULL;

	c->conn = 1;
	if (dash) {
		cli_error("%s: %s -: standard output has the text report; give a file name", cmd,
		          dash);
		return CLI_USAGE;
	}
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

static int has_conn(const struct cls_doc *d, uint64_t index)
{
	for (size_t k = 0; k < d->npairs; k++)
		if (d->pairs[k].on.index == index)
			return 1;
	return 0;
}

/* write_one: the file through the output helper: whole, or not at all. */
static int write_one(const char *path, const struct job *j, const char *cmd)
{
	struct outfile *out;
	int rc;

	if (j->svg && !has_conn(j->d, j->conn)) {
		cli_error("%s: no ladder for connection %llu to draw in '%s' (ladders were kept "
		          "for %zu connections%s)",
		          cmd, (unsigned long long)j->conn, path, j->d->npairs,
		          strcmp(cmd, "run") == 0 ? "; see --ladder" : "");
		return CLI_USAGE;
	}
	out = cli_open_output(path);
	if (!out)
		return CLI_USAGE;
	rc = j->svg ? cls_svg_file(outfile_stream(out), j->d, j->conn)
	            : cls_html_write(outfile_stream(out), j->d);
	if (rc == TFO_ERR_NOMEM) {
		outfile_discard(out);
		cli_error("%s: out of memory", cmd);
		return CLI_USAGE;
	}
	/* A stream error (rc -1) is the helper's to report, with its cause. */
	return cli_close_output(out);
}

int cli_classroom_write(const struct cli_classroom *c, const struct cls_doc *d, const char *cmd)
{
	struct job page = { .d = d }, svg = { .d = d, .conn = c->conn, .svg = 1 };
	int rc = CLI_OK;

	if (c->html)
		rc = write_one(c->html, &page, cmd);
	if (rc == CLI_OK && c->svg)
		rc = write_one(c->svg, &svg, cmd);
	return rc;
}

void cli_classroom_options(const struct cli_classroom *c, struct session_opts *o)
{
	/* The connection --svg draws needs a trace. */
	if (c->svg && o->ladders != SESSION_ALL && o->ladders < c->conn)
		o->ladders = c->conn;
	o->trace_off = c->html != NULL;
	o->stepped = c->step;
}

int cli_classroom_session(const struct cli_classroom *c, const struct session *ss, const char *cmd)
{
	struct cls_doc d;
	int rc = CLI_OK;

	if (cli_classroom_wanted(c)) {
		/* The page and the SVG are UTF-8 whatever the terminal. */
		if (cls_from_session(&d, ss, 0) != 0) {
			cli_error("%s: out of memory", cmd);
			return CLI_USAGE;
		}
		rc = cli_classroom_write(c, &d, cmd);
		cls_doc_free(&d);
	}
	if (rc != CLI_OK || !c->step)
		return rc;
	if (cls_from_session(&d, ss, ss->o.ladder.ascii) != 0) {
		cli_error("%s: out of memory", cmd);
		return CLI_USAGE;
	}
	fputs("\n== step by step\n", stdout);
	cls_step(stdout, stdin, isatty(STDIN_FILENO), &d);
	cls_doc_free(&d);
	return CLI_OK;
}
