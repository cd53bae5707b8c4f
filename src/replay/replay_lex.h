/*
 * Small scanners over a span of text [*p, end), used by the tcpdump text
 * parser. Each advances *p past what it took only on success.
 */
#ifndef REPLAY_LEX_H
#define REPLAY_LEX_H

#include <stddef.h>
#include <stdint.h>

/* lex_u64: 1 to 20 decimal digits, no sign, no overflow. Returns 1 or 0. */
int lex_u64(const char **p, const char *end, uint64_t *out);

/* lex_u32: like lex_u64, at most 4294967295. */
int lex_u32(const char **p, const char *end, uint32_t *out);

/* lex_lit: the literal s. Returns 1 or 0. */
int lex_lit(const char **p, const char *end, const char *s);

/* lex_spaces: skips blanks (space, tab); returns how many. */
size_t lex_spaces(const char **p, const char *end);

/* lex_word: the span up to the next blank or end. Returns its length (0: none). */
size_t lex_word(const char **p, const char *end, const char **word);

/*
 * lex_frac_ns: ".d..." with 1 to 9 digits, as nanoseconds (".369162" is
 * 369162000). Returns 1 or 0.
 */
int lex_frac_ns(const char **p, const char *end, int64_t *ns);

/* lex_find: the first occurrence of s in [p, end), or NULL. */
const char *lex_find(const char *p, const char *end, const char *s);

#endif /* REPLAY_LEX_H */
