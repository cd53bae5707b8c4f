/* The scenario tokenizer: words, comments, columns. */
#include <string.h>

#include "sim_lex.h"

void lex_init(struct lex *lx, const char *text, size_t len)
{
	lx->text = text;
	lx->len = len;
	lx->pos = 0;
	lx->lineno = 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int printable(char c)
{
	return c > ' ' && c <= '~';
}

/* One physical line [start, end): its words into ln. Returns 0 or -1. */
static int split(const char *line, size_t n, struct lex_line *ln, uint32_t *bad_col)
{
	size_t i = 0;

	ln->nword = 0;
	ln->end_col = 1;
	while (i < n) {
		size_t start;

		if (blank(line[i])) {
			i++;
			continue;
		}
		if (line[i] == '#')
			return 0;
		start = i;
		while (i < n && !blank(line[i])) {
			if (!printable(line[i])) {
				*bad_col = (uint32_t)i + 1;
				return -1;
			}
			i++;
		}
		if (ln->nword == LEX_MAX_WORDS) {
			*bad_col = (uint32_t)start + 1;
			return -2;
		}
		ln->word[ln->nword].s = line + start;
		ln->word[ln->nword].len = (uint32_t)(i - start);
		ln->word[ln->nword].col = (uint32_t)start + 1;
		ln->nword++;
		ln->end_col = (uint32_t)i + 1;
	}
	return 0;
}

int lex_next(struct lex *lx, struct lex_line *ln, uint32_t *bad_col)
{
	while (lx->pos < lx->len) {
		const char *line = lx->text + lx->pos;
		const char *nl = memchr(line, '\n', lx->len - lx->pos);
		size_t n = nl ? (size_t)(nl - line) : lx->len - lx->pos;
		int rc;

		lx->pos += n + (nl ? 1 : 0);
		ln->lineno = ++lx->lineno;
		if (n > UINT32_MAX / 2) {
			*bad_col = 1;
			return -1;
		}
		rc = split(line, n, ln, bad_col);
		if (rc != 0)
			return rc;
		if (ln->nword)
			return 1;
	}
	return 0;
}

int lex_is(const struct lex_word *w, const char *s)
{
	return strlen(s) == w->len && memcmp(w->s, s, w->len) == 0;
}
