/*
 * A bounded text builder with snprintf's contract: it counts every byte
 * it was asked to write, stores what fits, and always NUL-terminates.
 * No allocation, so formatting stays cheap on the per-segment path.
 */
#ifndef TFO_STRBUF_H
#define TFO_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct strbuf {
	char *buf;
	size_t size;
	size_t len; /* bytes asked for so far, stored or not */
};

/* sb_init: an empty text in buf (size may be 0, buf then NULL). */
void sb_init(struct strbuf *sb, char *buf, size_t size);

void sb_putc(struct strbuf *sb, char c);

/* sb_putn_cut: sb_putn when the bytes do not all fit. */
void sb_putn_cut(struct strbuf *sb, const char *s, size_t n);

/*
 * sb_putn: n bytes at once; what does not fit is counted, not stored.
 * Inline, and the copy of a piece that fits is of n bytes exactly, so
 * that a constant n (sb_putlit) copies without a call: report lines are
 * built from a dozen short pieces each.
 */
static inline void sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n < sb->size) {
		memcpy(sb->buf + sb->len, s, n);
		sb->buf[sb->len + n] = '\0';
		sb->len += n;
		return;
	}
	sb_putn_cut(sb, s, n);
}

/* sb_puts: a NUL-terminated string. Inline, as sb_putn: a report line
 * puts three names, and the call around strlen() cost as much. */
static inline void sb_puts(struct strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

/* sb_putlit: a string literal, its length known when compiled. */
#define sb_putlit(sb, lit) sb_putn((sb), "" lit, sizeof(lit) - 1)

/* sb_putu: v in decimal. */
void sb_putu(struct strbuf *sb, uint64_t v);

/* sb_putx: v in lowercase hex, at least mindigits digits. */
void sb_putx(struct strbuf *sb, uint64_t v, int mindigits);

/* sb_puthex: n bytes as two lowercase hex digits each. */
void sb_puthex(struct strbuf *sb, const uint8_t *p, size_t n);

/* sb_result: the full length (as snprintf returns it), capped at INT_MAX. */
int sb_result(const struct strbuf *sb);

#endif /* TFO_STRBUF_H */
