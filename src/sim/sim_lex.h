/*
 * Splits scenario text into lines of words. A '#' at the start of a word
 * begins a comment that runs to the end of the line. Columns are 1-based
 * and count bytes (a tab is one column), as compilers print them.
 */
#ifndef SIM_LEX_H
#define SIM_LEX_H

#include <stddef.h>
#include <stdint.h>

#define LEX_MAX_WORDS 48

struct lex_word {
	const char *s;
	uint32_t len;
	uint32_t col;
};

struct lex_line {
	uint32_t lineno;
	uint32_t end_col; /* the column just past the last word */
	size_t nword;
	struct lex_word word[LEX_MAX_WORDS];
};

struct lex {
	const char *text;
	size_t len, pos;
	uint32_t lineno;
};

void lex_init(struct lex *lx, const char *text, size_t len);

/*
 * lex_next: the next line that has words. Returns 1 with *ln filled, 0 at
 * the end of the text, or with *bad_col set (and ln->lineno the line) -1
 * for a control character or a byte above 0x7e outside a comment, -2 for
 * a line of more than LEX_MAX_WORDS words.
 */
int lex_next(struct lex *lx, struct lex_line *ln, uint32_t *bad_col);

/* lex_is: 1 when the word is exactly the NUL-terminated s. */
int lex_is(const struct lex_word *w, const char *s);

#endif /* SIM_LEX_H */
