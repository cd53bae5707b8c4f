/*
 * A sweep's outputs: CSV and JSON (docs/sweeps.md), and reading the JSON
 * back for --merge. Every number is an integer or printed from one, so
 * the same rows always give the same bytes.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sim_sweep.h"
#include "sim_units.h"

char *sweep_pct_text(char *buf, uint64_t num, uint64_t den)
{
	/* num/den as a percentage with 4 decimals, rounded half up */
	uint64_t v = den ? (num * 1000000 + den / 2) / den : 0;
	int len = snprintf(buf, 32, "%" PRIu64 ".%04" PRIu64, v / 10000, v % 10000);

	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
	return buf;
}

static const char *ms_or_empty(char *buf, tfo_time t)
{
	return t == TFO_TIME_NEVER ? "" : units_ms(buf, t);
}

void sweep_write_csv(FILE *out, const struct sweep_row *rows, size_t n)
{
	fputs("rtt_ms,loss_pct,mode,connections,ttfb_p50_ms,ttfb_p90_ms,ttfb_p99_ms,saved_p50_ms,"
	      "tfo_accepted_pct\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		const struct sweep_row *r = &rows[i];
		char rtt[32], loss[32], a[32], b[32], c[32], s[32], acc[32];

		fprintf(out, "%s,%s,%s,%" PRIu64 ",%s,%s,%s,%s,%s\n", units_ms(rtt, r->rtt),
		        sweep_pct_text(loss, r->loss_ppm, UNITS_PPM_ONE), sweep_mode_name(r->mode),
		        r->connections, ms_or_empty(a, r->p50), ms_or_empty(b, r->p90),
		        ms_or_empty(c, r->p99),
		        r->have_saved ? units_ms_signed(s, r->saved_p50) : "",
		        r->connections
		                ? units_ratio(acc, (int64_t)(r->accepted * 100), r->connections)
		                : "");
	}
}

/* json_str: s as a JSON string. */
static void json_str(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(out, "\\u%04x", ch);
		else
			putc(ch, out);
	}
	putc('"', out);
}

static void json_time(FILE *out, const char *key, tfo_time t)
{
	if (t == TFO_TIME_NEVER)
		fprintf(out, "\"%s\": null", key);
	else
		fprintf(out, "\"%s\": %" PRIu64, key, t);
}

void sweep_write_json(FILE *out, const struct sweep_head *h, const struct sweep_row *rows, size_t n)
{
	fprintf(out, "{\"format\": \"%s\", \"version\": %d, \"scenario\": ", SWEEP_FORMAT,
	        SWEEP_VERSION);
	json_str(out, h->scenario);
	fprintf(out, ", \"connections\": %" PRIu64 ", \"seeds\": %" PRIu64 ", \"cells\": %" PRIu64,
	        h->connections, h->seeds, h->cells);
	if (h->shards > 1)
		fprintf(out, ", \"shard\": {\"index\": %" PRIu64 ", \"count\": %" PRIu64 "}",
		        h->shard, h->shards);
	else
		fputs(", \"shard\": null", out);
	fputs(", \"rows\": [", out);
	for (size_t i = 0; i < n; i++) {
		const struct sweep_row *r = &rows[i];

		fprintf(out,
		        "%s\n  {\"cell\": %" PRIu64 ", \"rtt_ns\": %" PRIu64
		        ", \"loss_ppm\": %" PRIu32 ", \"mode\": \"%s\", \"connections\": %" PRIu64
		        ", ",
		        i ? "," : "", r->cell, r->rtt, r->loss_ppm, sweep_mode_name(r->mode),
		        r->connections);
		json_time(out, "ttfb_p50_ns", r->p50);
		fputs(", ", out);
		json_time(out, "ttfb_p90_ns", r->p90);
		fputs(", ", out);
		json_time(out, "ttfb_p99_ns", r->p99);
		if (r->have_saved)
			fprintf(out, ", \"saved_p50_ns\": %" PRId64, r->saved_p50);
		else
			fputs(", \"saved_p50_ns\": null", out);
		fprintf(out, ", \"tfo_accepted\": %" PRIu64 "}", r->accepted);
	}
	fputs(n ? "\n]}\n" : "]}\n", out);
}

/* ---- reading ------------------------------------------------------- */

static int get_u64(json_t *o, const char *key, uint64_t *v)
{
	json_t *x = json_object_get(o, key);

	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(x);
	return 0;
}

/* get_time: an integer, or null for TFO_TIME_NEVER. */
static int get_time(json_t *o, const char *key, tfo_time *v)
{
	if (json_is_null(json_object_get(o, key))) {
		*v = TFO_TIME_NEVER;
		return 0;
	}
	return get_u64(o, key, v);
}

static int read_row(json_t *o, struct sweep_row *r)
{
	json_t *mode = json_object_get(o, "mode"), *saved = json_object_get(o, "saved_p50_ns");
	uint64_t loss;
	const char *m;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o) || !json_is_string(mode) || get_u64(o, "cell", &r->cell) ||
	    get_u64(o, "rtt_ns", &r->rtt) || get_u64(o, "loss_ppm", &loss) ||
	    loss > UNITS_PPM_ONE || get_u64(o, "connections", &r->connections) ||
	    get_time(o, "ttfb_p50_ns", &r->p50) || get_time(o, "ttfb_p90_ns", &r->p90) ||
	    get_time(o, "ttfb_p99_ns", &r->p99) || get_u64(o, "tfo_accepted", &r->accepted) ||
	    r->accepted > r->connections)
		return -1;
	r->loss_ppm = (uint32_t)loss;
	m = json_string_value(mode);
	if (strcmp(m, "tcp") == 0)
		r->mode = SWEEP_TCP;
	else if (strcmp(m, "tfo") == 0)
		r->mode = SWEEP_TFO;
	else
		return -1;
	if (json_is_integer(saved)) {
		r->have_saved = 1;
		r->saved_p50 = (int64_t)json_integer_value(saved);
	} else if (!json_is_null(saved)) {
		return -1;
	}
	return 0;
}

static int read_head(json_t *doc, struct sweep_head *h, const char *file, char *err)
{
	json_t *fmt = json_object_get(doc, "format"), *shard = json_object_get(doc, "shard");
	json_t *name = json_object_get(doc, "scenario");
	uint64_t version;

	if (!json_is_object(doc) || !json_is_string(fmt) ||
	    strcmp(json_string_value(fmt), SWEEP_FORMAT) != 0) {
		snprintf(err, SC_ERR_MAX, "%s: not a %s document", file, SWEEP_FORMAT);
		return -1;
	}
	if (get_u64(doc, "version", &version) || version > SWEEP_VERSION) {
		snprintf(err, SC_ERR_MAX,
		         "%s: %s version %" JSON_INTEGER_FORMAT
		         " (or none); this tfosim reads version %d",
		         file, SWEEP_FORMAT, json_integer_value(json_object_get(doc, "version")),
		         SWEEP_VERSION);
		return -1;
	}
	memset(h, 0, sizeof(*h));
	h->shards = 1;
	if (!json_is_string(name) || get_u64(doc, "connections", &h->connections) ||
	    get_u64(doc, "seeds", &h->seeds) || get_u64(doc, "cells", &h->cells) ||
	    (!json_is_null(shard) &&
	     (get_u64(shard, "index", &h->shard) || get_u64(shard, "count", &h->shards) ||
	      h->shards == 0 || h->shard >= h->shards))) {
		snprintf(err, SC_ERR_MAX, "%s: a member of the header is missing or wrong", file);
		return -1;
	}
	snprintf(h->scenario, sizeof(h->scenario), "%s", json_string_value(name));
	return 0;
}

int sweep_read_json(const char *file, const char *text, size_t len, struct sweep_head *h,
                    struct sweep_row **rows, size_t *n, char *err)
{
	json_error_t je;
	json_t *doc = json_loadb(text, len, 0, &je), *arr;
	struct sweep_row *r = NULL;
	size_t i;

	if (!doc) {
		snprintf(err, SC_ERR_MAX, "%s:%d:%d: %s", file, je.line, je.column, je.text);
		return -1;
	}
	if (read_head(doc, h, file, err) != 0)
		goto fail;
	arr = json_object_get(doc, "rows");
	if (!json_is_array(arr)) {
		snprintf(err, SC_ERR_MAX, "%s: no rows", file);
		goto fail;
	}
	*n = json_array_size(arr);
	r = malloc((*n ? *n : 1) * sizeof(*r));
	if (!r) {
		snprintf(err, SC_ERR_MAX, "%s: out of memory", file);
		goto fail;
	}
	for (i = 0; i < *n; i++)
		if (read_row(json_array_get(arr, i), &r[i]) != 0 || r[i].cell >= h->cells) {
			snprintf(err, SC_ERR_MAX, "%s: row %zu is not a sweep row", file, i + 1);
			goto fail;
		}
	json_decref(doc);
	*rows = r;
	return 0;
fail:
	free(r);
	json_decref(doc);
	return -1;
}
