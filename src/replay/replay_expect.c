/*
 * Expectation comparison. Each difference is one line naming where it is
 * ("connection 2 (A > B): outcome", "summary.outcomes.plain",
 * "anomaly 3: kind") and both values, in JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "jsontext.h"
#include "replay_expect.h"

struct cmp {
	FILE *out;
	unsigned flags;
	unsigned long diffs;
};

static int timed(const char *key)
{
	static const char *const keys[] = {
		"rtt_us",         "saved_us",      "request_to_response_us",
		"saved_us_total", "saved_us_mean", NULL
	};

	for (const char *const *k = keys; *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

static void print_value(FILE *out, const json_t *v)
{
	char *s = json_text(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(6));

	fputs(s ? s : v ? "(out of memory)" : "(missing)", out);
	free(s);
}

static void differ(struct cmp *c, const char *where, const char *key, const json_t *want,
                   const json_t *got)
{
	c->diffs++;
	fprintf(c->out, "%s%s%s: expected ", where, key ? ": " : "", key ? key : "");
	print_value(c->out, want);
	fputs(", got ", c->out);
	print_value(c->out, got);
	fputc('\n', c->out);
}

/* Reals compare to the precision they are printed with. */
static int same(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b) && (json_is_real(a) || json_is_real(b))) {
		double x = json_number_value(a), y = json_number_value(b);
		double d = x > y ? x - y : y - x;

		return d <= 1e-6 * (x > 0 ? x : -x) + 1e-9;
	}
	return json_equal((json_t *)a, (json_t *)b);
}

/* Field by field: the expected keys in order, then keys only the actual has. */
static void objects(struct cmp *c, const char *where, const json_t *want, const json_t *got,
                    const char *skip)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)want, key, v)
	{
		json_t *g = json_object_get(got, key);

		if ((skip && strcmp(key, skip) == 0) ||
		    ((c->flags & REPLAY_EXPECT_IGNORE_TIMES) && timed(key)))
			continue;
		if (json_is_object(v) && json_is_object(g)) {
			char sub[256];

			snprintf(sub, sizeof(sub), "%s.%s", where, key);
			objects(c, sub, v, g, NULL);
		} else if (!g || !same(v, g)) {
			differ(c, where, key, v, g);
		}
	}
	json_object_foreach((json_t *)got, key, v)
	{
		if (!json_object_get(want, key) && !(skip && strcmp(key, skip) == 0))
			differ(c, where, key, NULL, v);
	}
}

static void conn_where(char *buf, size_t size, size_t i, const json_t *conn)
{
	const char *cl = json_string_value(json_object_get(conn, "client"));
	const char *sv = json_string_value(json_object_get(conn, "server"));

	snprintf(buf, size, "connection %zu (%s > %s)", i + 1, cl ? cl : "?", sv ? sv : "?");
}

static void arrays(struct cmp *c, const char *what, const json_t *want, const json_t *got)
{
	size_t nw = json_array_size(want), ng = json_array_size(got);
	char where[256];

	for (size_t i = 0; i < nw || i < ng; i++) {
		const json_t *w = json_array_get(want, i), *g = json_array_get(got, i);
		int conns = strcmp(what, "connection") == 0;

		if (conns)
			conn_where(where, sizeof(where), i, w ? w : g);
		else
			snprintf(where, sizeof(where), "%s %zu", what, i + 1);
		if (!w || !g) {
			differ(c, where, NULL, w, g);
			continue;
		}
		objects(c, where, w, g, "file");
	}
}

unsigned long replay_expect_compare(const json_t *expected, const json_t *actual, unsigned flags,
                                    FILE *out)
{
	struct cmp c = { out, flags, 0 };

	arrays(&c, "connection", json_object_get(expected, "connections"),
	       json_object_get(actual, "connections"));
	objects(&c, "summary", json_object_get(expected, "summary"),
	        json_object_get(actual, "summary"), NULL);
	arrays(&c, "anomaly", json_object_get(expected, "anomalies"),
	       json_object_get(actual, "anomalies"));
	return c.diffs;
}
