/*
 * The scenario parser's word readers: each takes the next word of the
 * current line as one kind of value, or fails with a message naming
 * file:line:column and what was expected. They return 0 or
 * TFO_ERR_INVALID (the message is then in p->err).
 */
#ifndef SIM_PARSE_H
#define SIM_PARSE_H

#include "sim_lex.h"
#include "sim_scenario.h"

struct parser {
	struct sim_scenario *sc;
	const char *file;
	char *err; /* SC_ERR_MAX bytes */
	struct lex_line ln;
	size_t i; /* the next word */
};

/* p_fail: formats "file:line:col: message" into p->err. Returns TFO_ERR_INVALID. */
int p_fail(struct parser *p, uint32_t col, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* p_expected: "expected WHAT, got 'word'" (or "got end of line") at the next word. */
int p_expected(struct parser *p, const char *what);

/* p_peek: the next word, or NULL at the end of the line. */
const struct lex_word *p_peek(const struct parser *p);

/* p_take: the next word (advancing), or NULL at the end of the line. */
const struct lex_word *p_take(struct parser *p);

/* p_col: the column of the next word, or the end of the line. */
uint32_t p_col(const struct parser *p);

int p_time(struct parser *p, tfo_time *out);
int p_percent(struct parser *p, uint32_t *ppm);
int p_rate(struct parser *p, uint64_t *bps);
int p_size(struct parser *p, uint64_t max, uint64_t *out);
/* p_count: a plain number in [min, max]; what names it in messages ("a port"). */
int p_count(struct parser *p, uint64_t min, uint64_t max, const char *what, uint64_t *out);
int p_addr(struct parser *p, tfo_addr *out);
/* p_keys: KEY or KEY,BACKUP in sysctl form; backup may be NULL (one key only). */
int p_keys(struct parser *p, tfo_key *key, tfo_key *backup, uint8_t *has_backup);
/* p_host: a declared host's name; *idx its index. */
int p_host(struct parser *p, unsigned *idx);
/*
 * p_word: the next word must be one of names (NULL-terminated); *idx is
 * its index. what describes the choice in messages.
 */
int p_word(struct parser *p, const char *const *names, const char *what, unsigned *idx);
/* p_keyword: the next word must be exactly kw. */
int p_keyword(struct parser *p, const char *kw);

/* p_quote: the word for a message, cut to 40 bytes with "...". buf: 48 bytes. */
const char *p_quote(const struct lex_word *w, char *buf);

#endif /* SIM_PARSE_H */
