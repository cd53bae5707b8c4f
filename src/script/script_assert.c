/* The assert evaluator: a tokenizer and a precedence-climbing parser that evaluates as it goes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "script_assert.h"
#include "script_parse.h"

struct ev {
	const char *p, *end;
	sa_lookup lookup;
	void *user;
	int err;
	char *msg;
	size_t msgsz;
};

static int sa_error(struct ev *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int sa_error(struct ev *e, const char *fmt, ...)
{
	va_list ap;

	if (!e->err) {
		va_start(ap, fmt);
		vsnprintf(e->msg, e->msgsz, fmt, ap);
		va_end(ap);
	}
	e->err = 1;
	return 0;
}

static void blanks(struct ev *e)
{
	while (e->p < e->end && (*e->p == ' ' || *e->p == '\t' || *e->p == '\r'))
		e->p++;
}

static int is_name(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (c >= '0' && c <= '9');
}

/* op: takes the operator s if it is next (a word operator only as a whole word). */
static int op(struct ev *e, const char *s)
{
	size_t n = strlen(s);

	blanks(e);
	if ((size_t)(e->end - e->p) < n || memcmp(e->p, s, n))
		return 0;
	if (is_name((unsigned char)s[0]) && e->p + n < e->end && is_name((unsigned char)e->p[n]))
		return 0;
	/* "<" must not take "<<" or "<=", "&" not "&&", ... */
	if (n == 1 && e->p + 1 < e->end && strchr("<>=!/*", s[0]) &&
	    (e->p[1] == '=' || e->p[1] == s[0]))
		return 0;
	e->p += n;
	return 1;
}

static int64_t expr(struct ev *e);

static int64_t atom(struct ev *e)
{
	char name[64];
	size_t n = 0;
	int64_t v = 0;

	blanks(e);
	if (op(e, "(")) {
		v = expr(e);
		if (!op(e, ")"))
			sa_error(e, "expected ')'");
		return v;
	}
	while (e->p < e->end && is_name((unsigned char)*e->p) && n < sizeof(name) - 1)
		name[n++] = *e->p++;
	name[n] = '\0';
	if (!n)
		return sa_error(e, "expected a value at '%.20s'", e->p < e->end ? e->p : "end");
	if (name[0] >= '0' && name[0] <= '9') {
		if (sc_parse_int(name, &v))
			return sa_error(e, "bad number '%s'", name);
		return v;
	}
	if (!strcmp(name, "True"))
		return 1;
	if (!strcmp(name, "False"))
		return 0;
	if (e->lookup(e->user, name, &v))
		return sa_error(e, "name '%s' is not defined", name);
	return v;
}

static int64_t unary(struct ev *e)
{
	if (op(e, "-"))
		return -unary(e);
	if (op(e, "+"))
		return unary(e);
	if (op(e, "~"))
		return ~unary(e);
	return atom(e);
}

static int64_t term(struct ev *e)
{
	int64_t v = unary(e);

	for (;;) {
		if (op(e, "*")) {
			v *= unary(e);
		} else if (op(e, "//") || op(e, "%")) {
			int mod = e->p[-1] == '%';
			int64_t d = unary(e);

			if (!d)
				return sa_error(e, "division by zero");
			v = mod ? v % d : v / d;
		} else {
			return v;
		}
	}
}

static int64_t arith(struct ev *e)
{
	int64_t v = term(e);

	for (;;) {
		if (op(e, "+"))
			v += term(e);
		else if (op(e, "-"))
			v -= term(e);
		else
			return v;
	}
}

static int64_t shift(struct ev *e)
{
	int64_t v = arith(e);

	for (;;) {
		if (op(e, "<<"))
			v = (int64_t)((uint64_t)v << (arith(e) & 63));
		else if (op(e, ">>"))
			v >>= arith(e) & 63;
		else
			return v;
	}
}

static int64_t band(struct ev *e)
{
	int64_t v = shift(e);

	while (op(e, "&"))
		v &= shift(e);
	return v;
}

static int64_t bxor(struct ev *e)
{
	int64_t v = band(e);

	while (op(e, "^"))
		v ^= band(e);
	return v;
}

static int64_t bor(struct ev *e)
{
	int64_t v = bxor(e);

	while (op(e, "|"))
		v |= bxor(e);
	return v;
}

/* comparison: Python chains a < b < c as a < b and b < c. */
static int64_t comparison(struct ev *e)
{
	int64_t left = bor(e), result = 1;
	int chained = 0;

	for (;;) {
		int64_t right;
		int ok;

		if (op(e, "=="))
			right = bor(e), ok = left == right;
		else if (op(e, "!="))
			right = bor(e), ok = left != right;
		else if (op(e, "<="))
			right = bor(e), ok = left <= right;
		else if (op(e, ">="))
			right = bor(e), ok = left >= right;
		else if (op(e, "<"))
			right = bor(e), ok = left < right;
		else if (op(e, ">"))
			right = bor(e), ok = left > right;
		else
			return chained ? result : left;
		result = result && ok;
		chained = 1;
		left = right;
	}
}

static int64_t not_expr(struct ev *e)
{
	if (op(e, "not"))
		return !not_expr(e);
	return comparison(e);
}

static int64_t and_expr(struct ev *e)
{
	int64_t v = not_expr(e);

	while (op(e, "and")) {
		int64_t r = not_expr(e);

		v = v ? r : v;
	}
	return v;
}

static int64_t expr(struct ev *e)
{
	int64_t v = and_expr(e);

	while (op(e, "or")) {
		int64_t r = and_expr(e);

		v = v ? v : r;
	}
	return v;
}

/* message: the text after the comma, a string literal's quotes taken off. */
static void message(const char *s, const char *end, char *out, size_t size)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	if (end - s >= 2 && (*s == '"' || *s == '\'') && end[-1] == *s) {
		s++;
		end--;
	}
	snprintf(out, size, "%.*s", (int)(end - s), s);
}

/* statement: one "assert ..." between start and end. Returns enum sa_result. */
static int statement(struct ev *e, const char *start, const char *end)
{
	const char *text;
	char extra[160] = "";
	int64_t v;

	e->p = start;
	e->end = end;
	blanks(e);
	if (e->p == end || *e->p == '#')
		return SA_PASS;
	if (!op(e, "assert")) {
		snprintf(e->msg, e->msgsz, "only assert statements are run: '%.*s'",
		         (int)(end - e->p), e->p);
		return SA_ERROR;
	}
	blanks(e);
	text = e->p;
	v = expr(e);
	if (e->err)
		return SA_ERROR;
	blanks(e);
	if (e->p < end && *e->p == ',')
		message(e->p + 1, end, extra, sizeof(extra));
	else if (e->p < end && *e->p != '#') {
		snprintf(e->msg, e->msgsz, "unexpected '%.*s' in assert", (int)(end - e->p), e->p);
		return SA_ERROR;
	}
	if (v)
		return SA_PASS;
	{
		const char *stop = e->p;

		while (stop > text && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		snprintf(e->msg, e->msgsz, "assertion failed: %.*s%s%s", (int)(stop - text), text,
		         extra[0] ? ": " : "", extra);
	}
	return SA_FAIL;
}

int sa_eval(const char *text, sa_lookup lookup, void *user, int64_t *value, char *msg, size_t msgsz)
{
	struct ev e = { .p = text,
		        .end = text + strlen(text),
		        .lookup = lookup,
		        .user = user,
		        .msg = msg,
		        .msgsz = msgsz };

	*value = expr(&e);
	blanks(&e);
	if (!e.err && e.p != e.end)
		sa_error(&e, "unexpected '%.20s'", e.p);
	return e.err ? -1 : 0;
}

int sa_run(const char *code, sa_lookup lookup, void *user, int *line, char *msg, size_t msgsz)
{
	struct ev e = { .lookup = lookup, .user = user, .msg = msg, .msgsz = msgsz };
	const char *s = code;
	int n = 0;

	while (*s) {
		const char *end = s;
		int r;

		while (*end && *end != '\n' && *end != ';')
			end++;
		e.err = 0;
		r = statement(&e, s, end);
		if (r) {
			*line = n;
			return r;
		}
		n += *end == '\n';
		s = *end ? end + 1 : end;
	}
	return SA_PASS;
}
