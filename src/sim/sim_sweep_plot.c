/*
 * A sweep as an SVG chart: the median time to first byte against the
 * RTT, a line per mode and loss rate, and between the two modes' lines of
 * a loss rate a band: the time TCP Fast Open saves. Drawn here, in integer
 * arithmetic, so the same rows give the same picture byte for byte.
 */
#include <inttypes.h>
#include <string.h>

#include "sim_sweep.h"
#include "sim_units.h"

#define W 760
#define H 460
#define ML 80  /* left margin: the y ticks */
#define MR 150 /* right margin: the lines' names */
#define MT 50
#define MB 60

static const char *const colour[SWEEP_MODES] = { "#D55E00", "#0072B2" }; /* Okabe-Ito */
static const char *const dashes[] = { "", "8 4", "2 3", "12 4 2 4" };

struct frame {
	tfo_time x0, x1, y1; /* y0 is 0 */
};

static int64_t px_x(const struct frame *f, tfo_time x)
{
	if (f->x1 == f->x0)
		return ML + (W - ML - MR) / 2;
	return ML + (int64_t)((x - f->x0) * (W - ML - MR) / (f->x1 - f->x0));
}

static int64_t px_y(const struct frame *f, tfo_time y)
{
	return H - MB - (int64_t)(y * (H - MT - MB) / f->y1);
}

/* nice_step: a 1, 2 or 5 times 10^k step giving at most about 8 ticks. */
static tfo_time nice_step(tfo_time span)
{
	tfo_time step = TFO_NS_PER_MS / 1000; /* 1 us */

	for (;;) {
		static const unsigned m[] = { 1, 2, 5 };

		for (int i = 0; i < 3; i++)
			if (span / (step * m[i]) <= 8)
				return step * m[i];
		step *= 10;
	}
}

/* tick: whole milliseconds when the step allows. */
static char *tick(char *buf, tfo_time t, tfo_time step)
{
	if (step % TFO_NS_PER_MS == 0)
		snprintf(buf, 32, "%" PRIu64, t / TFO_NS_PER_MS);
	else
		units_ms(buf, t);
	return buf;
}

static void axes(FILE *out, const struct frame *f)
{
	tfo_time sx = nice_step(f->x1 - f->x0 ? f->x1 - f->x0 : f->x1), sy = nice_step(f->y1);
	char b[32];

	fprintf(out,
	        "<g class=\"axes\" stroke=\"#000\">\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	        "y2=\"%d\"/>\n"
	        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n</g>\n",
	        ML, H - MB, W - MR, H - MB, ML, MT, ML, H - MB);
	for (tfo_time x = (f->x0 + sx - 1) / sx * sx; x <= f->x1; x += sx) {
		int64_t px = px_x(f, x);

		fprintf(out,
		        "<line x1=\"%" PRId64 "\" y1=\"%d\" x2=\"%" PRId64
		        "\" y2=\"%d\" stroke=\"#000\"/>"
		        "<text x=\"%" PRId64 "\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
		        px, H - MB, px, H - MB + 6, px, H - MB + 20, tick(b, x, sx));
	}
	for (tfo_time y = 0; y <= f->y1; y += sy) {
		int64_t py = px_y(f, y);

		fprintf(out,
		        "<line x1=\"%d\" y1=\"%" PRId64 "\" x2=\"%d\" y2=\"%" PRId64
		        "\" stroke=\"#ddd\"/>"
		        "<text x=\"%d\" y=\"%" PRId64 "\" text-anchor=\"end\">%s</text>\n",
		        ML, py, W - MR, py, ML - 8, py + 4, tick(b, y, sy));
	}
	fprintf(out,
	        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">round-trip time (ms)</text>\n"
	        "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">median "
	        "time "
	        "to first byte (ms)</text>\n",
	        ML + (W - ML - MR) / 2, H - 14, MT + (H - MT - MB) / 2);
}

/* row_of: the row of rtt index i, loss index j, mode m, or NULL. */
static const struct sweep_row *row_of(const struct sweep_row *rows, size_t n, uint64_t cell,
                                      int mode)
{
	for (size_t k = 0; k < n; k++)
		if (rows[k].cell == cell && rows[k].mode == mode)
			return &rows[k];
	return NULL;
}

/* The grid's shape, found back from the rows (they are in cell order). */
static size_t count_losses(const struct sweep_row *rows, size_t n)
{
	size_t k = 0;

	while (k < n && rows[k].rtt == rows[0].rtt)
		k++;
	return k / SWEEP_MODES;
}

static void band(FILE *out, const struct frame *f, const struct sweep_row *rows, size_t n,
                 size_t nloss, size_t j)
{
	size_t nrtt = n / SWEEP_MODES / nloss;

	fputs("<polygon class=\"saved\" fill=\"#F0E442\" fill-opacity=\"0.45\" points=\"", out);
	for (size_t i = 0; i < nrtt; i++) {
		const struct sweep_row *r = row_of(rows, n, i * nloss + j, SWEEP_TCP);

		if (r && r->p50 != TFO_TIME_NEVER)
			fprintf(out, "%" PRId64 ",%" PRId64 " ", px_x(f, r->rtt), px_y(f, r->p50));
	}
	for (size_t i = nrtt; i-- > 0;) {
		const struct sweep_row *r = row_of(rows, n, i * nloss + j, SWEEP_TFO);

		if (r && r->p50 != TFO_TIME_NEVER)
			fprintf(out, "%" PRId64 ",%" PRId64 " ", px_x(f, r->rtt), px_y(f, r->p50));
	}
	fputs("\"/>\n", out);
}

static void line(FILE *out, const struct frame *f, const struct sweep_row *rows, size_t n,
                 size_t nloss, size_t j, int mode)
{
	size_t nrtt = n / SWEEP_MODES / nloss;
	const struct sweep_row *last = NULL;
	char loss[32];

	fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s%s%s points=\"",
	        colour[mode], j % 4 ? " stroke-dasharray=\"" : "", dashes[j % 4],
	        j % 4 ? "\"" : "");
	for (size_t i = 0; i < nrtt; i++) {
		const struct sweep_row *r = row_of(rows, n, i * nloss + j, mode);

		if (!r || r->p50 == TFO_TIME_NEVER)
			continue;
		fprintf(out, "%" PRId64 ",%" PRId64 " ", px_x(f, r->rtt), px_y(f, r->p50));
		last = r;
	}
	fputs("\"/>\n", out);
	if (last) /* stacked: the medians of several loss rates often meet */
		fprintf(out,
		        "<text x=\"%" PRId64 "\" y=\"%" PRId64
		        "\" fill=\"%s\">%s, loss %s%%</text>\n",
		        px_x(f, last->rtt) + 8, px_y(f, last->p50) + 4 + (int64_t)j * 15,
		        colour[mode], sweep_mode_name(mode),
		        sweep_pct_text(loss, last->loss_ppm, UNITS_PPM_ONE));
}

static void legend(FILE *out)
{
	fprintf(out,
	        "<g class=\"legend\">\n"
	        "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" stroke=\"%s\" stroke-width=\"2.5\"/>"
	        "<text x=\"%d\" y=\"26\">tcp (TCP Fast Open off)</text>\n"
	        "<line x1=\"%d\" y1=\"22\" x2=\"%d\" y2=\"22\" stroke=\"%s\" stroke-width=\"2.5\"/>"
	        "<text x=\"%d\" y=\"26\">tfo (warm cookie)</text>\n"
	        "<rect x=\"%d\" y=\"15\" width=\"24\" height=\"14\" fill=\"#F0E442\" "
	        "fill-opacity=\"0.45\"/><text x=\"%d\" y=\"26\">time saved</text>\n</g>\n",
	        ML, ML + 24, colour[SWEEP_TCP], ML + 30, ML + 210, ML + 234, colour[SWEEP_TFO],
	        ML + 240, ML + 390, ML + 420);
}

int sweep_plot(FILE *out, const struct sweep_row *rows, size_t n, char *err)
{
	struct frame f = { .x0 = TFO_TIME_NEVER };
	size_t nloss;

	for (size_t k = 0; k < n; k++) {
		if (rows[k].rtt < f.x0)
			f.x0 = rows[k].rtt;
		if (rows[k].rtt > f.x1)
			f.x1 = rows[k].rtt;
		if (rows[k].p50 != TFO_TIME_NEVER && rows[k].p50 > f.y1)
			f.y1 = rows[k].p50;
	}
	if (n == 0 || f.y1 == 0) {
		snprintf(err, SC_ERR_MAX, "no median time to first byte to plot");
		return -1;
	}
	f.y1 += f.y1 / 10;
	nloss = count_losses(rows, n);
	/* rows read back by --merge come from files: check they make a grid */
	if (nloss == 0 || n % (nloss * SWEEP_MODES) != 0) {
		snprintf(err, SC_ERR_MAX, "the rows do not make a grid of RTTs and loss rates");
		return -1;
	}
	fprintf(out,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 "
	        "0 %d "
	        "%d\" role=\"img\" aria-labelledby=\"t\" font-family=\"sans-serif\" "
	        "font-size=\"13\">\n<title id=\"t\">median time to first byte against the "
	        "round-trip time, TCP Fast Open off and on</title>\n<rect width=\"%d\" "
	        "height=\"%d\" "
	        "fill=\"#fff\"/>\n",
	        W, H, W, H, W, H);
	for (size_t j = 0; j < nloss; j++)
		band(out, &f, rows, n, nloss, j);
	axes(out, &f);
	for (size_t j = 0; j < nloss; j++)
		for (int m = 0; m < SWEEP_MODES; m++)
			line(out, &f, rows, n, nloss, j, m);
	legend(out);
	fputs("</svg>\n", out);
	return 0;
}
