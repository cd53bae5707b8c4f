/* The terminal stepper: one segment, its sentences wrapped to 80 columns, then Enter. */
#include <string.h>

#include "cls_step.h"

#define COLUMNS 80
#define INDENT 8

/* wrapped: text after a hanging label, broken at spaces to fit COLUMNS. */
static void wrapped(FILE *out, const char *label, const char *text)
{
	size_t col = (size_t)fprintf(out, "  %-*s", INDENT - 2, label);

	while (*text) {
		size_t w = strcspn(text, " ");

		if (col > INDENT && col + 1 + w > COLUMNS) {
			fprintf(out, "\n%*s", INDENT, "");
			col = INDENT;
		} else if (col > INDENT) {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, w, out);
		col += w;
		text += w;
		while (*text == ' ')
			text++;
	}
	fputc('\n', out);
}

static void segment(FILE *out, const struct cls_conn *c, size_t i)
{
	const struct cls_seg *s = &c->segs[i];
	char a[48], b[32];

	if (c->untimed)
		a[0] = '\0';
	else
		snprintf(a, sizeof(a), " %s ms", cls_ms(b, s->t_send));
	fprintf(out, "\n[%zu/%zu]%s  %s  %s\n", i + 1, c->nsegs, a,
	        s->from ? "client <-- server" : "client --> server", s->label);
	if (s->lost)
		fprintf(out, "        %s; lost\n", s->brief);
	else if (c->untimed)
		fprintf(out, "        %s\n", s->brief);
	else
		fprintf(out, "        %s; arrives at %s ms\n", s->brief, cls_ms(b, s->t_end));
	if (s->why)
		wrapped(out, "why:", s->why);
	if (s->what)
		wrapped(out, "then:", s->what);
}

/* wait: 1 to go on stepping, 0 when the reader said q or the input ended. */
static int wait(FILE *out, FILE *in)
{
	char line[64];

	fputs("-- Enter: next segment, q: run through the rest --", out);
	fflush(out);
	if (!fgets(line, sizeof(line), in)) {
		fputc('\n', out);
		return 0;
	}
	return line[0] != 'q' && line[0] != 'Q';
}

int cls_step(FILE *out, FILE *in, int interactive, const struct cls_doc *d)
{
	if (!d->npairs)
		fputs("No connection has a ladder to step through (see --ladder).\n", out);
	for (size_t k = 0; k < d->npairs; k++) {
		const struct cls_conn *c = &d->pairs[k].on;

		fprintf(out, "%s%s\n", k ? "\n" : "", c->title);
		for (size_t i = 0; i < c->nsegs; i++) {
			segment(out, c, i);
			if (interactive && !wait(out, in))
				interactive = 0;
		}
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
