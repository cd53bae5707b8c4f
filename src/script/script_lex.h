/*
 * The script lexer: a cursor over the script text that the parser asks
 * for one token at a time. Some tokens depend on where the parser is (the
 * flags after < or >, a cookie's hex, a backtick or %{ }% block), so the
 * parser calls the reader it needs. Comments (// and C style) are blanks.
 * -D definitions replace identifiers and words as they are read.
 */
#ifndef SCRIPT_LEX_H
#define SCRIPT_LEX_H

#include <stddef.h>

#define SL_TEXT_MAX 256

enum lex_kind {
	TK_EOF,
	TK_NUM,      /* 12, 0x1f, 1.5, .25 (text kept) */
	TK_IDENT,    /* letters, digits, _ */
	TK_STRING,   /* "..." with C escapes decoded; len in tok.len */
	TK_ELLIPSIS, /* ... */
	TK_PUNCT,    /* one of < > ( ) [ ] { } , : = | ~ * + - ; ! & . */
	TK_SHELL,    /* `...`: the text between the backticks */
	TK_CODE,     /* %{ ... }%: the text between the marks */
	TK_OPTION    /* --name=value or --name at the start of a line */
};

struct sl_def {
	const char *name, *value;
};

struct sl_tok {
	int kind;
	int line;
	char punct;
	size_t len;             /* bytes in text (TK_STRING may hold NULs) */
	char text[SL_TEXT_MAX]; /* NUL-terminated */
	const char *block;      /* TK_SHELL, TK_CODE: points into the script */
	size_t block_len;
};

struct sl_lexer {
	const char *p, *end;
	int line;
	int bol; /* only blanks since the last newline */
	const struct sl_def *defs;
	size_t ndefs;
	char err[160]; /* set when a token is malformed */
	int err_line;
};

void sl_init(struct sl_lexer *lx, const char *text, size_t len, const struct sl_def *defs,
             size_t ndefs);

/* sl_next: the next token. Returns 0, or -1 with lx->err set. */
int sl_next(struct sl_lexer *lx, struct sl_tok *t);

/* sl_peek: the next token without taking it. Returns like sl_next. */
int sl_peek(struct sl_lexer *lx, struct sl_tok *t);

/*
 * sl_word: the next run of letters, digits and '_' (with dots: also
 * '.'), with a definition replaced; empty when none is there. Returns 0
 * or -1 (too long).
 */
int sl_word(struct sl_lexer *lx, struct sl_tok *t, int dots);

/* sl_skip_to: takes everything up to and including the next c (free text
 * in a result's parentheses). Returns 0, or -1 when the line ends first. */
int sl_skip_to(struct sl_lexer *lx, char c);

#endif /* SCRIPT_LEX_H */
