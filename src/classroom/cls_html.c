/*
 * Writing the classroom page. The ladders are drawn here as SVG (the same
 * drawing as --svg); the sentences are written out as an ordered list,
 * so that the page reads and prints whole without its script; the data
 * the script needs to step and to show details is one JSON document in a
 * <script type="application/json"> element.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <tfo/tfo.h>

#include "cls_html.h"
#include "cls_svg.h"
#include "jsontext.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *seg_json(const struct cls_seg *s)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (json_object_set_new(o, "from", json_string(s->from ? "server" : "client")) ||
	    json_object_set_new(o, "t_send", json_integer(s->t_send)) ||
	    json_object_set_new(o, "t_end", json_integer(s->t_end)) ||
	    json_object_set_new(o, "lost", json_boolean(s->lost)) ||
	    json_object_set_new(o, "label", str_or_null(s->label)) ||
	    json_object_set_new(o, "brief", str_or_null(s->brief)) ||
	    json_object_set_new(o, "why", str_or_null(s->why)) ||
	    json_object_set_new(o, "what", str_or_null(s->what)) ||
	    json_object_set_new(o, "tcpdump", str_or_null(s->tcpdump)) ||
	    json_object_set_new(o, "cookie", str_or_null(s->cookie)) ||
	    json_object_set_new(o, "check", str_or_null(s->check)) ||
	    json_object_set_new(o, "change", str_or_null(s->change))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *segs_json(const struct cls_conn *c)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < c->nsegs; i++)
		if (json_array_append_new(a, seg_json(&c->segs[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *marks_json(const struct cls_conn *c)
{
	return json_pack("{s:o, s:o}", "request",
	                 c->mark[0] == CLS_NO_TIME ? json_null() : json_integer(c->mark[0]),
	                 "answer",
	                 c->mark[1] == CLS_NO_TIME ? json_null() : json_integer(c->mark[1]));
}

static json_t *doc_json(const struct cls_doc *d)
{
	json_t *conns = json_array();

	for (size_t k = 0; conns && k < d->npairs; k++) {
		const struct cls_pair *p = &d->pairs[k];
		json_t *o = json_pack("{s:I, s:b, s:o, s:o, s:o, s:o}", "index",
		                      (json_int_t)p->on.index, "untimed", p->on.untimed, "segs",
		                      segs_json(&p->on), "marks", marks_json(&p->on), "off",
		                      p->has_off ? segs_json(&p->off) : json_null(), "off_marks",
		                      p->has_off ? marks_json(&p->off) : json_null());

		if (json_array_append_new(conns, o) != 0) {
			json_decref(conns);
			return NULL;
		}
	}
	return conns ? json_pack("{s:o}", "conns", conns) : NULL;
}

/* json_script: the document, with every '<' escaped so no tag can end the element early. */
static int json_script(FILE *out, const struct cls_doc *d)
{
	json_t *doc = doc_json(d);
	/* json_text: jansson's own dump can drop a key short of memory */
	char *text = json_text(doc, JSON_COMPACT | JSON_ESCAPE_SLASH);

	json_decref(doc);
	if (!text)
		return TFO_ERR_NOMEM;
	fputs("<script type=\"application/json\" id=\"tfo-data\">", out);
	for (const char *s = text; *s; s++)
		if (*s == '<')
			fputs("\\u003c", out);
		else
			fputc(*s, out);
	fputs("</script>\n", out);
	free(text);
	return 0;
}

static void head(FILE *out, const struct cls_doc *d)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"tfosim\">\n<title>",
	      out);
	cls_xml(out, d->title);
	fputs(" \xe2\x80\x94 TCP Fast Open ladder</title>\n<style>\n", out);
	fputs(cls_page_css, out);
	fputs(cls_svg_css, out);
	fputs("\n</style>\n</head>\n<body>\n<header>\n<h1>", out);
	cls_xml(out, d->title);
	fputs("</h1>\n", out);
	if (d->subtitle && d->subtitle[0]) {
		fputs("<p class=\"sub\">", out);
		cls_xml(out, d->subtitle);
		fputs("</p>\n", out);
	}
	fputs("<p class=\"help\">", out);
	if (d->note) {
		cls_xml(out, d->note);
		fputc(' ', out);
	}
	fputs("Step with the buttons or the keys: \xe2\x86\x92 next, \xe2\x86\x90 previous, "
	      "Home start, End end, Space play. Click a segment for its details.</p>\n"
	      "</header>\n<main>\n",
	      out);
}

static void controls(FILE *out, size_t k, size_t n)
{
	fprintf(out,
	        "<div class=\"controls\" role=\"toolbar\" aria-label=\"step through the "
	        "segments\">\n"
	        "<button type=\"button\" data-act=\"start\" title=\"to the start (Home)\">"
	        "\xc2\xab start</button>\n"
	        "<button type=\"button\" data-act=\"prev\" title=\"previous (\xe2\x86\x90)\">"
	        "\xe2\x97\x80 previous</button>\n"
	        "<button type=\"button\" data-act=\"play\" title=\"play (Space)\">"
	        "\xe2\x96\xb6 play</button>\n"
	        "<button type=\"button\" data-act=\"next\" title=\"next (\xe2\x86\x92)\">"
	        "next \xe2\x96\xb6</button>\n"
	        "<button type=\"button\" data-act=\"end\" title=\"to the end (End)\">"
	        "end \xc2\xbb</button>\n"
	        "<span class=\"count\" id=\"count%zu\" aria-live=\"polite\">all %zu "
	        "segments</span>\n</div>\n",
	        k, n);
}

static void summary(FILE *out, const struct cls_pair *p)
{
	char ms[32], on[32], off[32];
	int64_t a = p->on.mark[CLS_MARK_REQUEST], b = p->off.mark[CLS_MARK_REQUEST];

	fputs("<p class=\"facts\">", out);
	if (p->on.outcome) {
		fputs("outcome: <b>", out);
		cls_xml(out, p->on.outcome);
		fputs("</b>", out);
	}
	if (p->on.rtt > 0)
		fprintf(out, " \xc2\xb7 RTT %s ms", cls_ms(ms, p->on.rtt));
	if (p->has_off && a != CLS_NO_TIME && b != CLS_NO_TIME)
		fprintf(out,
		        " \xc2\xb7 the server application had the request after <b>%s ms</b>, "
		        "against %s ms with TCP Fast Open off: <b class=\"gain\">%s ms %s</b>",
		        cls_ms(on, a), cls_ms(off, b), cls_ms(ms, b > a ? b - a : a - b),
		        b >= a ? "saved" : "lost");
	if (p->on.saved_est != CLS_NO_TIME)
		fprintf(out,
		        " \xc2\xb7 the replay estimates the time Fast Open saved at <b "
		        "class=\"gain\">%s ms</b>",
		        cls_ms(ms, p->on.saved_est));
	fputs("</p>\n", out);
}

static void steps(FILE *out, const struct cls_conn *c, size_t k)
{
	fprintf(out,
	        "<h3 class=\"steps-h\">What happens, segment by segment</h3>\n"
	        "<ol class=\"steps\" id=\"steps%zu\">\n",
	        k);
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct cls_seg *s = &c->segs[i];

		fprintf(out, "<li class=\"step %s\" data-i=\"%zu\"><b>", s->from ? "s2c" : "c2s",
		        i);
		cls_xml(out, s->label);
		fputs(s->from ? "</b> (server \xe2\x86\x92 client) "
		              : "</b> (client \xe2\x86\x92 server) ",
		      out);
		cls_xml(out, s->why ? s->why : "");
		fputs(" <span class=\"then\">", out);
		cls_xml(out, s->what ? s->what : "");
		fputs("</span></li>\n", out);
	}
	fputs("</ol>\n", out);
}

static int ladders(FILE *out, const struct cls_doc *d, const struct cls_pair *p, size_t k)
{
	struct cls_ymap m;
	char id_on[32], id_off[32];
	struct cls_svg_opts on = { .id = id_on, .caption = d->caption };
	struct cls_svg_opts off = { .id = id_off, .caption = "the same with TCP Fast Open off" };
	int rc = cls_ymap_build(&m, &p->on, p->has_off ? &p->off : NULL);

	if (rc != 0)
		return rc;
	snprintf(id_on, sizeof(id_on), "c%zu-on", k);
	snprintf(id_off, sizeof(id_off), "c%zu-off", k);
	on.cmp = p->has_off ? &p->off : NULL;
	off.cmp = &p->on;
	off.is_off = 1;
	fputs("<div class=\"ladders\">\n<figure class=\"run-on\">\n", out);
	rc = cls_svg_write(out, &p->on, &m, &on);
	fputs("</figure>\n", out);
	if (rc == 0 && p->has_off) {
		fputs("<figure class=\"run-off\">\n", out);
		rc = cls_svg_write(out, &p->off, &m, &off);
		fputs("</figure>\n", out);
	}
	fputs("</div>\n", out);
	cls_ymap_free(&m);
	return rc;
}

static int section(FILE *out, const struct cls_doc *d, const struct cls_pair *p, size_t k)
{
	int rc;

	fprintf(out, "<section class=\"conn\" id=\"conn%zu\" data-k=\"%zu\">\n<h2>", k, k);
	cls_xml(out, p->on.title);
	fputs("</h2>\n", out);
	summary(out, p);
	controls(out, k, p->on.nsegs);
	fprintf(out,
	        "<div class=\"now\" id=\"now%zu\" aria-live=\"polite\"><p class=\"what\">All "
	        "segments are shown. Press <b>start</b>, then <b>next</b>, to go through them "
	        "one at a time.</p></div>\n",
	        k);
	rc = ladders(out, d, p, k);
	fprintf(out,
	        "<aside class=\"details\" id=\"details%zu\" hidden aria-live=\"polite\"></aside>\n",
	        k);
	steps(out, &p->on, k);
	fputs("</section>\n", out);
	return rc;
}

/* contents: a link to each connection, with its outcome. */
static void contents(FILE *out, const struct cls_doc *d)
{
	fputs("<nav class=\"toc\" aria-label=\"connections\"><ol>\n", out);
	for (size_t k = 0; k < d->npairs; k++) {
		fprintf(out, "<li><a href=\"#conn%zu\">connection %llu</a>", k,
		        (unsigned long long)d->pairs[k].on.index);
		if (d->pairs[k].on.outcome) {
			fputs(": ", out);
			cls_xml(out, d->pairs[k].on.outcome);
		}
		fputs("</li>\n", out);
	}
	fputs("</ol></nav>\n", out);
}

int cls_html_write(FILE *out, const struct cls_doc *d)
{
	int rc = 0;

	head(out, d);
	if (!d->npairs)
		fputs("<p>No connection was drawn: the run made none, or kept no ladder (see "
		      "--ladder).</p>\n",
		      out);
	if (d->npairs > 1)
		contents(out, d);
	for (size_t k = 0; rc == 0 && k < d->npairs; k++)
		rc = section(out, d, &d->pairs[k], k);
	fputs("</main>\n<footer>Made by tfosim, a simulator of TCP Fast Open (RFC "
	      "7413).</footer>\n",
	      out);
	if (rc == 0)
		rc = json_script(out, d);
	fputs("<script>\n", out);
	fputs(cls_page_js, out);
	fputs("</script>\n</body>\n</html>\n", out);
	if (rc == 0 && ferror(out))
		rc = -1;
	return rc;
}

int cls_svg_file(FILE *out, const struct cls_doc *d, uint64_t index)
{
	for (size_t k = 0; k < d->npairs; k++) {
		const struct cls_pair *p = &d->pairs[k];
		struct cls_svg_opts o = { .id = "ladder", .standalone = 1 };
		struct cls_ymap m;
		int rc;

		if (p->on.index != index)
			continue;
		o.caption = p->on.title;
		rc = cls_ymap_build(&m, &p->on, NULL);
		if (rc == 0)
			rc = cls_svg_write(out, &p->on, &m, &o);
		cls_ymap_free(&m);
		return rc;
	}
	return TFO_ERR_INVALID;
}
