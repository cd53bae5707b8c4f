/* The script lexer: tokens on demand, line numbers, -D replacement. */
#include <stdio.h>
#include <string.h>

#include "script_lex.h"
#include "tfo_hex.h"

void sl_init(struct sl_lexer *lx, const char *text, size_t len, const struct sl_def *defs,
             size_t ndefs)
{
	memset(lx, 0, sizeof(*lx));
	lx->p = text;
	lx->end = text + len;
	lx->line = 1;
	lx->bol = 1;
	lx->defs = defs;
	lx->ndefs = ndefs;
}

static int fail(struct sl_lexer *lx, const char *msg)
{
	snprintf(lx->err, sizeof(lx->err), "%s", msg);
	lx->err_line = lx->line;
	return -1;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int at(const struct sl_lexer *lx, size_t off)
{
	return lx->p + off < lx->end ? (unsigned char)lx->p[off] : -1;
}

/* skip: blanks, newlines and comments. Returns 0 or -1 (unterminated comment). */
static int skip(struct sl_lexer *lx)
{
	while (lx->p < lx->end) {
		int c = at(lx, 0);

		if (c == '\n') {
			lx->line++;
			lx->bol = 1;
			lx->p++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->p++;
		} else if (c == '/' && at(lx, 1) == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
		} else if (c == '/' && at(lx, 1) == '*') {
			int line = lx->line;

			lx->p += 2;
			while (lx->p < lx->end && !(at(lx, 0) == '*' && at(lx, 1) == '/')) {
				lx->line += *lx->p == '\n';
				lx->p++;
			}
			if (lx->p >= lx->end) {
				lx->line = line;
				return fail(lx, "unterminated comment");
			}
			lx->p += 2;
		} else {
			return 0;
		}
	}
	return 0;
}

/* put: copies n bytes of text into t (NUL-terminated). */
static int put(struct sl_lexer *lx, struct sl_tok *t, const char *s, size_t n)
{
	if (n >= sizeof(t->text))
		return fail(lx, "token too long");
	memcpy(t->text, s, n);
	t->text[n] = '\0';
	t->len = n;
	return 0;
}

/* define: replaces t's text when it names a -D definition. */
static void define(struct sl_lexer *lx, struct sl_tok *t)
{
	for (size_t i = 0; i < lx->ndefs; i++) {
		if (strcmp(lx->defs[i].name, t->text) == 0) {
			size_t n = strlen(lx->defs[i].value);

			if (n >= sizeof(t->text))
				n = sizeof(t->text) - 1;
			memcpy(t->text, lx->defs[i].value, n);
			t->text[n] = '\0';
			t->len = n;
			t->kind = is_digit((unsigned char)t->text[0]) ? TK_NUM : TK_IDENT;
			return;
		}
	}
}

static int block(struct sl_lexer *lx, struct sl_tok *t, size_t open, const char *close, int kind)
{
	size_t cl = strlen(close);
	int line = lx->line;
	const char *s = lx->p + open;

	t->kind = kind;
	for (const char *q = s; q + cl <= lx->end; q++) {
		if (memcmp(q, close, cl) == 0) {
			t->block = s;
			t->block_len = (size_t)(q - s);
			for (const char *r = lx->p; r < q; r++)
				lx->line += *r == '\n';
			lx->p = q + cl;
			return 0;
		}
	}
	lx->line = line;
	return fail(lx, kind == TK_SHELL ? "unterminated backtick command"
	                                 : "unterminated %{ }% block");
}

/* escape: one backslash escape at lx->p (past the backslash); returns the byte or -1. */
static int escape(struct sl_lexer *lx)
{
	int c = at(lx, 0), v = 0, n = 0;

	lx->p++;
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	case '\\':
	case '"':
	case '\'':
		return c;
	case 'x':
		while (n < 2 && hex_digit((char)at(lx, 0)) >= 0) {
			v = v * 16 + hex_digit((char)at(lx, 0));
			lx->p++;
			n++;
		}
		return n ? v : -1;
	default:
		if (c >= '0' && c <= '7') {
			v = c - '0';
			while (n < 2 && at(lx, 0) >= '0' && at(lx, 0) <= '7') {
				v = v * 8 + at(lx, 0) - '0';
				lx->p++;
				n++;
			}
			return v & 0xff;
		}
		return -1;
	}
}

static int string(struct sl_lexer *lx, struct sl_tok *t)
{
	size_t n = 0;

	t->kind = TK_STRING;
	lx->p++;
	while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\n') {
		int c = (unsigned char)*lx->p++;

		if (c == '\\') {
			c = escape(lx);
			if (c < 0)
				return fail(lx, "bad escape in string");
		}
		if (n + 1 >= sizeof(t->text))
			return fail(lx, "string too long");
		t->text[n++] = (char)c;
	}
	if (lx->p >= lx->end || *lx->p != '"')
		return fail(lx, "unterminated string");
	lx->p++;
	t->text[n] = '\0';
	t->len = n;
	return 0;
}

static int number(struct sl_lexer *lx, struct sl_tok *t)
{
	const char *s = lx->p;

	t->kind = TK_NUM;
	if (at(lx, 0) == '0' && (at(lx, 1) == 'x' || at(lx, 1) == 'X')) {
		lx->p += 2;
		while (hex_digit((char)at(lx, 0)) >= 0)
			lx->p++;
	} else {
		while (is_digit(at(lx, 0)))
			lx->p++;
		if (at(lx, 0) == '.' && at(lx, 1) != '.') {
			lx->p++;
			while (is_digit(at(lx, 0)))
				lx->p++;
		}
	}
	if (is_alpha(at(lx, 0)))
		return fail(lx, "bad number");
	return put(lx, t, s, (size_t)(lx->p - s));
}

static int option(struct sl_lexer *lx, struct sl_tok *t)
{
	const char *s = lx->p;

	t->kind = TK_OPTION;
	while (lx->p < lx->end && *lx->p != '\n' && *lx->p != ' ' && *lx->p != '\t' &&
	       *lx->p != '\r')
		lx->p++;
	return put(lx, t, s, (size_t)(lx->p - s));
}

int sl_next(struct sl_lexer *lx, struct sl_tok *t)
{
	int c, bol;

	memset(t, 0, sizeof(*t));
	if (skip(lx))
		return -1;
	t->line = lx->line;
	bol = lx->bol;
	lx->bol = 0;
	if (lx->p >= lx->end) {
		t->kind = TK_EOF;
		return 0;
	}
	c = at(lx, 0);
	if (bol && c == '-' && at(lx, 1) == '-')
		return option(lx, t);
	if (c == '`')
		return block(lx, t, 1, "`", TK_SHELL);
	if (c == '%' && at(lx, 1) == '{')
		return block(lx, t, 2, "}%", TK_CODE);
	if (c == '"')
		return string(lx, t);
	if (is_digit(c) || (c == '.' && is_digit(at(lx, 1))))
		return number(lx, t);
	if (c == '.' && at(lx, 1) == '.' && at(lx, 2) == '.') {
		lx->p += 3;
		t->kind = TK_ELLIPSIS;
		return put(lx, t, "...", 3);
	}
	if (is_alpha(c)) {
		const char *s = lx->p;

		while (is_alpha(at(lx, 0)) || is_digit(at(lx, 0)))
			lx->p++;
		t->kind = TK_IDENT;
		if (put(lx, t, s, (size_t)(lx->p - s)))
			return -1;
		define(lx, t);
		return 0;
	}
	if (strchr("<>()[]{},:=|~*+-;!&.", c)) {
		lx->p++;
		t->kind = TK_PUNCT;
		t->punct = (char)c;
		return put(lx, t, lx->p - 1, 1);
	}
	return fail(lx, c >= 0x20 && c < 0x7f ? "unexpected character" : "unexpected byte");
}

int sl_peek(struct sl_lexer *lx, struct sl_tok *t)
{
	struct sl_lexer save = *lx;
	int r = sl_next(lx, t);

	if (r == 0)
		*lx = save; /* on an error the message stays */
	return r;
}

int sl_word(struct sl_lexer *lx, struct sl_tok *t, int dots)
{
	const char *s;

	memset(t, 0, sizeof(*t));
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t'))
		lx->p++;
	t->line = lx->line;
	s = lx->p;
	while (is_alpha(at(lx, 0)) || is_digit(at(lx, 0)) || (dots && at(lx, 0) == '.'))
		lx->p++;
	t->kind = TK_IDENT;
	if (put(lx, t, s, (size_t)(lx->p - s)))
		return -1;
	if (t->len)
		lx->bol = 0;
	define(lx, t);
	return 0;
}

int sl_skip_to(struct sl_lexer *lx, char c)
{
	while (lx->p < lx->end && *lx->p != '\n') {
		if (*lx->p++ == c)
			return 0;
	}
	return fail(lx, "missing closing parenthesis");
}
