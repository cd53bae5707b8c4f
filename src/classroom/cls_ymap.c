/*
 * The ladders' time axis: every moment a segment leaves or arrives (and
 * the marks) gets a height. Heights follow time at one scale, set so that
 * a round trip is ROUND_TRIP_PX tall, except that neighbours keep at
 * least MIN_GAP apart (to stay readable) and gaps longer than MAX_GAP are
 * shortened to it and recorded as breaks.
 */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cls_svg.h"

#define TOP 104.0
#define BOTTOM 56.0
#define MIN_GAP 26.0
#define MAX_GAP 285.0
#define ROUND_TRIP_PX 190.0
#define SPAN_PX 520.0 /* the whole span, when the round trip is not known */

static int cmp_pt(const void *a, const void *b)
{
	const struct cls_ypoint *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static size_t count(const struct cls_conn *c)
{
	return c ? 2 * c->nsegs + 2 : 0;
}

/* collect: c's points; k ranks segments that leave at the same moment. */
static void collect(struct cls_ymap *m, const struct cls_conn *c)
{
	for (size_t i = 0; i < c->nsegs; i++) {
		uint32_t k = 0;

		for (size_t j = 0; j < i; j++)
			k += c->segs[j].t_send == c->segs[i].t_send;
		m->pts[m->n++] = (struct cls_ypoint){ .t = c->segs[i].t_send, .k = k };
		m->pts[m->n++] = (struct cls_ypoint){ .t = c->segs[i].t_end, .k = k };
	}
	for (int i = 0; i < 2; i++)
		if (c->mark[i] != CLS_NO_TIME)
			m->pts[m->n++] = (struct cls_ypoint){ .t = c->mark[i] };
}

static double scale(const struct cls_conn *a, const struct cls_ymap *m)
{
	int64_t span = m->n ? m->pts[m->n - 1].t - m->pts[0].t : 0;

	if (a->rtt > 0)
		return ROUND_TRIP_PX / (double)a->rtt;
	return span > 0 ? SPAN_PX / (double)span : 0;
}

static int place(struct cls_ymap *m, double px_per_ns)
{
	double y = TOP;

	m->breaks = calloc(m->n ? m->n : 1, sizeof(*m->breaks));
	if (!m->breaks)
		return TFO_ERR_NOMEM;
	for (size_t i = 0; i < m->n; i++) {
		if (i) {
			int64_t dt = m->pts[i].t - m->pts[i - 1].t;
			double gap = (double)dt * px_per_ns;

			if (gap < MIN_GAP)
				gap = MIN_GAP;
			if (gap > MAX_GAP) {
				gap = MAX_GAP;
				m->breaks[m->nbreaks++] = (struct cls_ybreak){ y, y + gap, dt };
			}
			y += gap;
		}
		m->pts[i].y = y;
	}
	m->height = y + BOTTOM;
	return 0;
}

int cls_ymap_build(struct cls_ymap *m, const struct cls_conn *a, const struct cls_conn *b)
{
	size_t w = 1;

	memset(m, 0, sizeof(*m));
	m->pts = calloc(count(a) + count(b) + 1, sizeof(*m->pts));
	if (!m->pts)
		return TFO_ERR_NOMEM;
	m->pts[m->n++] = (struct cls_ypoint){ .t = 0 };
	collect(m, a);
	if (b)
		collect(m, b);
	qsort(m->pts, m->n, sizeof(*m->pts), cmp_pt);
	for (size_t i = 1; i < m->n; i++)
		if (cmp_pt(&m->pts[i], &m->pts[w - 1]) != 0)
			m->pts[w++] = m->pts[i];
	m->n = w;
	return place(m, scale(a, m));
}

void cls_ymap_free(struct cls_ymap *m)
{
	free(m->pts);
	free(m->breaks);
	memset(m, 0, sizeof(*m));
}
