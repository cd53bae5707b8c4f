/*
 * Drawing a ladder as SVG. Every segment is a group (class "seg", id
 * PREFIX-sN, data-i N) holding its arrow, its label and the times at
 * both ends, with a <title> and <desc> that a screen reader reads; the
 * HTML page's script hides and shows these groups to step through them.
 * Colours are from the Okabe-Ito palette, which stays distinct for
 * colour-blind readers; direction is also told by the arrowheads and
 * which side the times are on, and loss by a dashed line and a cross.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cls_svg.h"

#define WIDTH 800.0
#define X_CLIENT 150.0
#define X_SERVER 610.0
#define HEAD 12.0 /* arrowhead length */
#define CROSS 9.0
#define CHAR_W 8.6 /* a label character's width, about, at 15 px */

/* The labels placed so far on a ladder, so that the next one avoids them. */
struct box {
	double x0, y0, x1, y1;
};

struct placer {
	struct box *b;
	size_t n;
};

const char cls_svg_css[] =
        ".ladder{font-family:\"DejaVu Sans\",Verdana,sans-serif;background:#fff}"
        ".ladder .cap{font-size:19px;font-weight:bold;fill:#111}"
        ".ladder .who{font-size:16px;font-weight:bold;fill:#111}"
        ".ladder .life{stroke:#555;stroke-width:3}"
        ".ladder .mid{stroke:#777;stroke-width:2;stroke-dasharray:2 5}"
        ".ladder .brk{fill:#fff;stroke:none}"
        ".ladder .brkz{stroke:#555;stroke-width:2;fill:none}"
        ".ladder .brkt{font-size:13px;fill:#444;font-style:italic}"
        ".ladder .seg line{stroke-width:2.5}"
        ".ladder .seg.data line{stroke-width:4.5}"
        ".ladder .c2s line{stroke:#0072B2}.ladder .c2s polygon{fill:#0072B2}"
        ".ladder .s2c line{stroke:#D55E00}.ladder .s2c polygon{fill:#D55E00}"
        ".ladder .seg.lost line{stroke-dasharray:9 6}"
        ".ladder .cross{stroke:#000;stroke-width:3.5}"
        ".ladder .lbl{font-size:15px;fill:#111;paint-order:stroke;stroke:#fff;"
        "stroke-width:5px;stroke-linejoin:round}"
        ".ladder .tfo .lbl{font-weight:bold}"
        ".ladder .tm{font-size:13px;fill:#333}"
        ".ladder .chg{fill:#CC79A7;stroke:#000;stroke-width:1.5}"
        ".ladder .chgt{font-size:13px;font-style:italic}"
        ".ladder .mark line{stroke:#009E73;stroke-width:2;stroke-dasharray:6 4}"
        ".ladder .mark text{font-size:13px;fill:#00654a;font-weight:bold;stroke-width:4px}"
        ".ladder .saved rect{fill:#F0E442;opacity:.55}"
        ".ladder .saved text{font-size:14px;font-weight:bold;fill:#111}"
        ".ladder .seg.cur line{stroke-width:6}"
        ".ladder .seg.cur .lbl{font-size:17px}"
        ".ladder .seg:focus{outline:none}"
        ".ladder .seg:focus .lbl{text-decoration:underline}"
        ".ladder .mark,.ladder .saved,.ladder .brk,.ladder .brkz{pointer-events:none}"
        ".ladder .seg line.hit{stroke:transparent;stroke-width:18px;stroke-dasharray:none}";

void cls_xml(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static double y_of(const struct cls_ymap *m, int64_t t, uint32_t k)
{
	size_t lo = 0, hi = m->n;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (m->pts[mid].t < t || (m->pts[mid].t == t && m->pts[mid].k <= k))
			lo = mid;
		else
			hi = mid;
	}
	return m->n ? m->pts[lo].y : 0;
}

static uint32_t rank(const struct cls_conn *c, size_t i)
{
	uint32_t k = 0;

	for (size_t j = 0; j < i; j++)
		k += c->segs[j].t_send == c->segs[i].t_send;
	return k;
}

static void arrowhead(FILE *out, double x0, double y0, double x1, double y1)
{
	double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
	double ux = len > 0 ? dx / len : 1, uy = len > 0 ? dy / len : 0;
	double bx = x1 - ux * HEAD, by = y1 - uy * HEAD;

	fprintf(out, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", x1, y1,
	        bx - uy * HEAD * 0.45, by + ux * HEAD * 0.45, bx + uy * HEAD * 0.45,
	        by - ux * HEAD * 0.45);
}

static void text(FILE *out, const char *cls, double x, double y, const char *anchor, const char *s)
{
	fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", cls, x, y,
	        anchor);
	cls_xml(out, s);
	fputs("</text>", out);
}

static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((uint8_t)*s & 0xc0) != 0x80;
	return n;
}

static int overlaps(const struct placer *p, const struct box *b)
{
	for (size_t i = 0; i < p->n; i++)
		if (b->x0 < p->b[i].x1 && p->b[i].x0 < b->x1 && b->y0 < p->b[i].y1 &&
		    p->b[i].y0 < b->y1)
			return 1;
	return 0;
}

/*
 * place: where the label of the arrow (xa,y0)-(x1,y1) goes: a third of the
 * way from the sender (arrows that cross going opposite ways then keep
 * their labels apart), else the first place along the arrow that no
 * earlier label covers.
 */
static void place(struct placer *p, const char *label, double xa, double y0, double x1, double y1,
                  double *lx, double *ly)
{
	static const double at[] = { 0.36, 0.5, 0.24, 0.62, 0.14, 0.74, 0.84 };
	double w = CHAR_W * (double)columns(label), span = X_SERVER - X_CLIENT;
	struct box b = { 0 }, first = { 0 };

	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		double f = at[i] * span / (x1 > xa ? x1 - xa : xa - x1);

		if (f > 0.95)
			continue;
		*lx = xa + (x1 - xa) * f;
		*ly = y0 + (y1 - y0) * f - 7;
		b = (struct box){ *lx - w / 2, *ly - 13, *lx + w / 2, *ly + 4 };
		if (!first.x1)
			first = b;
		if (!overlaps(p, &b))
			break;
		b = first;
	}
	*lx = (b.x0 + b.x1) / 2;
	*ly = b.y0 + 13;
	p->b[p->n++] = b;
}

static void segment(FILE *out, const struct cls_conn *c, size_t i, const struct cls_ymap *m,
                    const struct cls_svg_opts *o, struct placer *pl)
{
	const struct cls_seg *s = &c->segs[i];
	uint32_t k = rank(c, i);
	int c2s = s->from == CLS_CLIENT;
	double xa = c2s ? X_CLIENT : X_SERVER, xb = c2s ? X_SERVER : X_CLIENT;
	double x1 = xa + (xb - xa) * s->end_pm / 1000.0;
	double y0 = y_of(m, s->t_send, k), y1 = y_of(m, s->t_end, k);
	double lx, ly;
	char ms[32];

	fprintf(out, "<g class=\"seg %s%s%s%s\" id=\"%s-s%zu\" data-i=\"%zu\" role=\"listitem\">",
	        c2s ? "c2s" : "s2c", s->data ? " data" : "", s->tfo ? " tfo" : "",
	        s->lost ? " lost" : "", o->id, i, i);
	fprintf(out, "<title>%zu. ", i + 1);
	cls_xml(out, s->label);
	fputs(s->lost ? " (lost)" : "", out);
	fputs("</title><desc>", out);
	cls_xml(out, s->why ? s->why : "");
	fputc(' ', out);
	cls_xml(out, s->what ? s->what : "");
	fputs("</desc>", out);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", xa, y0, x1, y1);
	/* A wide transparent line, so that the arrow is easy to click. */
	fprintf(out, "<line class=\"hit\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", xa,
	        y0, x1, y1);
	if (s->lost)
		fprintf(out,
		        "<path class=\"cross\" d=\"M%.1f %.1fl%.1f %.1fM%.1f %.1fl%.1f %.1f\"/>",
		        x1 - CROSS, y1 - CROSS, 2 * CROSS, 2 * CROSS, x1 - CROSS, y1 + CROSS,
		        2 * CROSS, -2 * CROSS);
	else
		arrowhead(out, xa, y0, x1, y1);
	place(pl, s->label, xa, y0, x1, y1, &lx, &ly);
	text(out, "lbl", lx, ly, "middle", s->label);
	if (s->change) {
		/* Where the arrow crosses the middle line. */
		double xm = (X_CLIENT + X_SERVER) / 2, f = (xm - xa) / (x1 - xa);
		double ym = x1 != xa && f >= 0 && f <= 1 ? y0 + (y1 - y0) * f : y0;

		fprintf(out,
		        "<rect class=\"chg\" x=\"%.1f\" y=\"%.1f\" width=\"12\" "
		        "height=\"12\" transform=\"rotate(45 %.1f %.1f)\"/>",
		        xm - 6, ym - 6, xm, ym);
		text(out, "lbl chgt", xm, ym + 24, "middle", s->change);
	}
	if (c->untimed) {
		fputs("</g>\n", out);
		return;
	}
	text(out, "tm", c2s ? xa - 8 : xa + 8, y0 + 5, c2s ? "end" : "start",
	     cls_ms(ms, s->t_send));
	if (!s->lost)
		text(out, "tm", c2s ? xb + 8 : xb - 8, y1 + 5, c2s ? "start" : "end",
		     cls_ms(ms, s->t_end));
	fputs("</g>\n", out);
}

static void mark(FILE *out, const struct cls_conn *c, int which, const struct cls_ymap *m,
                 struct placer *pl)
{
	double x, w;
	char ms[32], t[160];
	double y;

	if (c->mark[which] == CLS_NO_TIME)
		return;
	y = y_of(m, c->mark[which], 0);
	cls_ms(ms, c->mark[which]);
	if (c->mark_text[which] && c->untimed)
		snprintf(t, sizeof(t), "%s", c->mark_text[which]);
	else if (c->mark_text[which])
		snprintf(t, sizeof(t), "%s: %s ms", c->mark_text[which], ms);
	else if (which == CLS_MARK_REQUEST)
		snprintf(t, sizeof(t), "server app has the request: %s ms", ms);
	else
		snprintf(t, sizeof(t), "client app has the first answer byte: %s ms", ms);
	fprintf(out,
	        "<g class=\"mark\" data-t=\"%lld\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	        "y2=\"%.1f\"/>",
	        (long long)c->mark[which], X_CLIENT, y, X_SERVER, y);
	/* Inside the lanes, by the side the moment belongs to; labels keep off it. */
	x = which == CLS_MARK_REQUEST ? X_SERVER - 8 : X_CLIENT + 8;
	w = 7.4 * (double)columns(t);
	pl->b[pl->n++] = which == CLS_MARK_REQUEST ? (struct box){ x - w, y + 4, x, y + 21 }
	                                           : (struct box){ x, y + 4, x + w, y + 21 };
	text(out, "lbl", x, y + 17, which == CLS_MARK_REQUEST ? "end" : "start", t);
	fputs("</g>\n", out);
}

/* saved: the band between the two runs' request marks, on both ladders. */
static void saved(FILE *out, const struct cls_conn *c, const struct cls_ymap *m,
                  const struct cls_svg_opts *o)
{
	const struct cls_conn *on = o->is_off ? o->cmp : c, *off = o->is_off ? c : o->cmp;
	int64_t a, b, d;
	double y0, y1;
	char ms[32], rtt[32], t[64];

	if (!o->cmp)
		return;
	a = on->mark[CLS_MARK_REQUEST];
	b = off->mark[CLS_MARK_REQUEST];
	if (a == CLS_NO_TIME || b == CLS_NO_TIME || b <= a)
		return;
	d = b - a;
	y0 = y_of(m, a, 0);
	y1 = y_of(m, b, 0);
	cls_ms(ms, d);
	if (on->rtt > 0)
		snprintf(rtt, sizeof(rtt), "(%.2f RTT)", (double)d / (double)on->rtt);
	else
		rtt[0] = '\0';
	if (o->is_off)
		snprintf(t, sizeof(t), "%s ms later", ms);
	else
		snprintf(t, sizeof(t), "saved %s ms", ms);
	fprintf(out,
	        "<g class=\"saved\" data-t=\"%lld\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
	        "height=\"%.1f\"/>",
	        (long long)b, X_SERVER + 4, y0, WIDTH - X_SERVER - 10, y1 - y0);
	text(out, "", X_SERVER + 12, (y0 + y1) / 2 - 4, "start", t);
	text(out, "", X_SERVER + 12, (y0 + y1) / 2 + 14, "start",
	     o->is_off ? "than with TFO" : rtt);
	fputs("</g>\n", out);
}

static void breaks(FILE *out, const struct cls_ymap *m, int has_mid)
{
	const double xs[3] = { X_CLIENT, X_SERVER, (X_CLIENT + X_SERVER) / 2 };
	char ms[32], t[64];

	for (size_t i = 0; i < m->nbreaks; i++) {
		double y = (m->breaks[i].y0 + m->breaks[i].y1) / 2;

		for (int l = 0; l < 2 + has_mid; l++)
			fprintf(out,
			        "<rect class=\"brk\" x=\"%.1f\" y=\"%.1f\" width=\"20\" "
			        "height=\"14\"/>"
			        "<path class=\"brkz\" d=\"M%.1f %.1fl20 -6M%.1f %.1fl20 -6\"/>",
			        xs[l] - 10, y - 7, xs[l] - 10, y - 1, xs[l] - 10, y + 7);
		snprintf(t, sizeof(t), "%s ms later", cls_ms(ms, m->breaks[i].dt));
		text(out, "brkt", 12, y + 5, "start", t);
	}
}

static void frame(FILE *out, const struct cls_conn *c, const struct cls_ymap *m,
                  const struct cls_svg_opts *o)
{
	double bottom = m->height - 30, xm = (X_CLIENT + X_SERVER) / 2;

	text(out, "cap", WIDTH / 2, 28, "middle", o->caption);
	text(out, "who", X_CLIENT, 70, "middle", "client");
	text(out, "who", X_SERVER, 70, "middle", "server");
	fprintf(out, "<line class=\"life\" x1=\"%.1f\" y1=\"84\" x2=\"%.1f\" y2=\"%.1f\"/>",
	        X_CLIENT, X_CLIENT, bottom);
	fprintf(out, "<line class=\"life\" x1=\"%.1f\" y1=\"84\" x2=\"%.1f\" y2=\"%.1f\"/>",
	        X_SERVER, X_SERVER, bottom);
	if (c->middle) {
		char name[160];

		snprintf(name, sizeof(name), "middlebox: %s", c->middle);
		text(out, "who", xm, 70, "middle", name);
		fprintf(out, "<line class=\"mid\" x1=\"%.1f\" y1=\"84\" x2=\"%.1f\" y2=\"%.1f\"/>",
		        xm, xm, bottom);
	}
	if (c->untimed)
		text(out, "tm", WIDTH / 2, 50, "middle",
		     "in capture order: the trace has no times");
	else
		text(out, "tm", 12, 96, "start", "time (ms)");
	breaks(out, m, c->middle != NULL);
}

int cls_svg_write(FILE *out, const struct cls_conn *c, const struct cls_ymap *m,
                  const struct cls_svg_opts *o)
{
	struct placer pl = { .b = calloc(c->nsegs + 2, sizeof(*pl.b)) }; /* and the two marks */

	if (!pl.b)
		return TFO_ERR_NOMEM;
	if (o->standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out,
	        "<svg %sclass=\"ladder\" id=\"%s\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
	        "height=\"%.0f\" role=\"group\" aria-labelledby=\"%s-t\" "
	        "aria-describedby=\"%s-d\">\n",
	        o->standalone ? "xmlns=\"http://www.w3.org/2000/svg\" " : "", o->id, WIDTH,
	        m->height, WIDTH, m->height, o->id, o->id);
	fprintf(out, "<title id=\"%s-t\">", o->id);
	cls_xml(out, o->caption);
	fputs(": ", out);
	cls_xml(out, c->title ? c->title : "");
	fprintf(out,
	        "</title>\n<desc id=\"%s-d\">A ladder diagram, time going down: the client "
	        "on the left, the server on the right, %zu segments as arrows from when "
	        "each left to when it arrived.</desc>\n",
	        o->id, c->nsegs);
	if (o->standalone) {
		fputs("<style>", out);
		fputs(cls_svg_css, out);
		fputs("</style>\n", out);
	}
	fprintf(out, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", WIDTH, m->height);
	frame(out, c, m, o);
	saved(out, c, m, o);
	mark(out, c, CLS_MARK_REQUEST, m, &pl);
	mark(out, c, CLS_MARK_ANSWER, m, &pl);
	fputs("<g class=\"segs\" role=\"list\">\n", out);
	for (size_t i = 0; i < c->nsegs; i++)
		segment(out, c, i, m, o, &pl);
	fputs("</g>\n</svg>\n", out);
	free(pl.b);
	return ferror(out) ? -1 : 0;
}
