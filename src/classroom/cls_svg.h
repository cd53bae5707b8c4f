/*
 * A connection's ladder as SVG, drawn to scale in time: the client's line
 * on the left, the server's on the right, a middlebox's in the middle
 * when the path has one; each segment an arrow from its send time to its
 * arrival time, a lost one ending in a cross. Gaps much longer than a
 * round trip are shortened and marked with a break, and segments sent at
 * the same moment are set a little apart so that none hides another.
 */
#ifndef CLS_SVG_H
#define CLS_SVG_H

#include <stdio.h>

#include "cls_model.h"

/* The time axis shared by the ladders drawn side by side. */
struct cls_ymap {
	struct cls_ypoint {
		int64_t t;
		uint32_t k; /* rank among segments sent at the same moment */
		double y;
	} * pts;
	size_t n;
	struct cls_ybreak {
		double y0, y1;
		int64_t dt;
	} * breaks;
	size_t nbreaks;
	double height;
};

/*
 * cls_ymap_build: the axis for a (and b, when not NULL) so that equal
 * times are at equal heights in both. Returns 0 or TFO_ERR_NOMEM.
 */
int cls_ymap_build(struct cls_ymap *m, const struct cls_conn *a, const struct cls_conn *b);
void cls_ymap_free(struct cls_ymap *m);

struct cls_svg_opts {
	const char *id;             /* prefix of the element ids, e.g. "c3on" */
	const char *caption;        /* the heading above the lines, e.g. "TCP Fast Open on" */
	const struct cls_conn *cmp; /* the other run, for the time-saved band, or NULL */
	int is_off;                 /* this ladder is the run with Fast Open off */
	int standalone;             /* an SVG document of its own, with its style */
};

/* cls_svg_write: c's ladder on axis m. Returns 0, TFO_ERR_NOMEM, or -1 when out fails. */
int cls_svg_write(FILE *out, const struct cls_conn *c, const struct cls_ymap *m,
                  const struct cls_svg_opts *o);

/* The CSS the ladders use (also part of the HTML page's style). */
extern const char cls_svg_css[];

/* cls_xml: s with &, <, >, " and ' escaped. */
void cls_xml(FILE *out, const char *s);

#endif /* CLS_SVG_H */
