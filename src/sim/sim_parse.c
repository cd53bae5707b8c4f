/* Word readers and error messages for the scenario parser. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sim_parse.h"
#include "sim_units.h"

int p_fail(struct parser *p, uint32_t col, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, SC_ERR_MAX, "%s:%u:%u: ", p->file, p->ln.lineno, col);

	if (n < 0 || n >= SC_ERR_MAX)
		return TFO_ERR_INVALID;
	va_start(ap, fmt);
	vsnprintf(p->err + n, SC_ERR_MAX - (size_t)n, fmt, ap);
	va_end(ap);
	return TFO_ERR_INVALID;
}

const char *p_quote(const struct lex_word *w, char *buf)
{
	if (w->len > 40)
		snprintf(buf, 48, "%.40s...", w->s);
	else
		snprintf(buf, 48, "%.*s", (int)w->len, w->s);
	return buf;
}

const struct lex_word *p_peek(const struct parser *p)
{
	return p->i < p->ln.nword ? &p->ln.word[p->i] : NULL;
}

const struct lex_word *p_take(struct parser *p)
{
	const struct lex_word *w = p_peek(p);

	if (w)
		p->i++;
	return w;
}

uint32_t p_col(const struct parser *p)
{
	const struct lex_word *w = p_peek(p);

	return w ? w->col : p->ln.end_col;
}

int p_expected(struct parser *p, const char *what)
{
	const struct lex_word *w = p_peek(p);
	char q[48];

	if (!w)
		return p_fail(p, p->ln.end_col, "expected %s, got end of line", what);
	return p_fail(p, w->col, "expected %s, got '%s'", what, p_quote(w, q));
}

int p_time(struct parser *p, tfo_time *out)
{
	const struct lex_word *w = p_peek(p);

	if (!w || units_time(w->s, w->len, out) != 0)
		return p_expected(p, "a time with a unit (e.g. 100ms)");
	p->i++;
	return 0;
}

int p_percent(struct parser *p, uint32_t *ppm)
{
	const struct lex_word *w = p_peek(p);

	if (!w || units_percent(w->s, w->len, ppm) != 0)
		return p_expected(p, "a percentage from 0% to 100% (e.g. 2%)");
	p->i++;
	return 0;
}

int p_rate(struct parser *p, uint64_t *bps)
{
	const struct lex_word *w = p_peek(p);

	if (!w || units_rate(w->s, w->len, bps) != 0 || *bps == 0)
		return p_expected(p, "a rate with a unit (e.g. 10Mbit)");
	p->i++;
	return 0;
}

int p_size(struct parser *p, uint64_t max, uint64_t *out)
{
	const struct lex_word *w = p_peek(p);
	char what[80];

	snprintf(what, sizeof(what), "a size in bytes with a unit, at most %llu (e.g. 100B)",
	         (unsigned long long)max);
	if (!w || units_size(w->s, w->len, out) != 0 || *out > max)
		return p_expected(p, what);
	p->i++;
	return 0;
}

int p_count(struct parser *p, uint64_t min, uint64_t max, const char *what, uint64_t *out)
{
	const struct lex_word *w = p_peek(p);
	char desc[96];

	snprintf(desc, sizeof(desc), "%s (a number from %llu to %llu)", what,
	         (unsigned long long)min, (unsigned long long)max);
	if (!w || units_count(w->s, w->len, max, out) != 0 || *out < min)
		return p_expected(p, desc);
	p->i++;
	return 0;
}

int p_addr(struct parser *p, tfo_addr *out)
{
	const struct lex_word *w = p_peek(p);
	char buf[TFO_ADDRSTRLEN];

	if (!w || w->len >= sizeof(buf))
		return p_expected(p, "an IPv4 or IPv6 address");
	memcpy(buf, w->s, w->len);
	buf[w->len] = '\0';
	if (tfo_addr_parse(out, buf) != 0)
		return p_expected(p, "an IPv4 or IPv6 address");
	p->i++;
	return 0;
}

static int key_from(const char *s, size_t n, tfo_key *key)
{
	char buf[TFO_KEYSTRLEN];

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return tfo_key_parse(key, buf) == 0 ? 0 : -1;
}

int p_keys(struct parser *p, tfo_key *key, tfo_key *backup, uint8_t *has_backup)
{
	static const char want2[] = "a key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx), "
	                            "optionally followed by ',BACKUP'";
	static const char want1[] = "a key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx)";
	const struct lex_word *w = p_peek(p);
	const char *comma = w ? memchr(w->s, ',', w->len) : NULL;
	size_t n1 = comma ? (size_t)(comma - w->s) : (w ? w->len : 0);

	if (!w || (comma && !backup))
		return p_expected(p, backup ? want2 : want1);
	if (key_from(w->s, n1, key) != 0)
		return p_expected(p, backup ? want2 : want1);
	if (backup) {
		*has_backup = comma != NULL;
		if (comma && key_from(comma + 1, w->len - n1 - 1, backup) != 0)
			return p_fail(p, w->col + (uint32_t)n1 + 1,
			              "expected a backup key (xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx) "
			              "after ','");
	}
	p->i++;
	return 0;
}

int p_host(struct parser *p, unsigned *idx)
{
	const struct lex_word *w = p_peek(p);
	char q[48];

	if (!w)
		return p_expected(p, "a host name");
	for (size_t h = 0; h < p->sc->nhosts; h++) {
		if (lex_is(w, p->sc->hosts[h].name)) {
			*idx = (unsigned)h;
			p->i++;
			return 0;
		}
	}
	return p_fail(p, w->col, "unknown host '%s' (declare it first with 'host %s ...')",
	              p_quote(w, q), p_quote(w, q));
}

int p_word(struct parser *p, const char *const *names, const char *what, unsigned *idx)
{
	const struct lex_word *w = p_peek(p);

	for (unsigned i = 0; w && names[i]; i++) {
		if (lex_is(w, names[i])) {
			*idx = i;
			p->i++;
			return 0;
		}
	}
	return p_expected(p, what);
}

int p_keyword(struct parser *p, const char *kw)
{
	const struct lex_word *w = p_peek(p);
	char what[48];

	if (w && lex_is(w, kw)) {
		p->i++;
		return 0;
	}
	snprintf(what, sizeof(what), "'%s'", kw);
	return p_expected(p, what);
}
