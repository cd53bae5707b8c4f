/* The bounded text builder behind the formatter. */
#include <limits.h>
#include <string.h>

#include "tfo_strbuf.h"

static const char hexdigits[] = "0123456789abcdef";

void sb_init(struct strbuf *sb, char *buf, size_t size)
{
	sb->buf = size ? buf : NULL;
	sb->size = sb->buf ? size : 0;
	sb->len = 0;
	if (sb->size)
		sb->buf[0] = '\0';
}

void sb_putc(struct strbuf *sb, char c)
{
	if (sb->len + 1 < sb->size) {
		sb->buf[sb->len] = c;
		sb->buf[sb->len + 1] = '\0';
	}
	sb->len++;
}

void sb_putn_cut(struct strbuf *sb, const char *s, size_t n)
{
	size_t room = sb->len + 1 < sb->size ? sb->size - 1 - sb->len : 0;
	size_t take = n < room ? n : room;

	if (take) {
		memcpy(sb->buf + sb->len, s, take);
		sb->buf[sb->len + take] = '\0';
	}
	sb->len += n;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_putn(sb, s, strlen(s));
}

void sb_putu(struct strbuf *sb, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	/* Mostly a few digits: a short loop beats a call to memcpy. */
	if (sb->len + (size_t)n < sb->size) {
		for (int i = 0; i < n; i++)
			sb->buf[sb->len + (size_t)i] = tmp[sizeof(tmp) - (size_t)n + (size_t)i];
		sb->buf[sb->len + (size_t)n] = '\0';
		sb->len += (size_t)n;
		return;
	}
	sb_putn_cut(sb, tmp + sizeof(tmp) - n, (size_t)n);
}

void sb_putx(struct strbuf *sb, uint64_t v, int mindigits)
{
	int digits = 1;

	while (digits < 16 && (v >> (4 * digits)))
		digits++;
	if (digits < mindigits)
		digits = mindigits > 16 ? 16 : mindigits;
	while (digits--)
		sb_putc(sb, hexdigits[(v >> (4 * digits)) & 0xf]);
}

void sb_puthex(struct strbuf *sb, const uint8_t *p, size_t n)
{
	char tmp[64];

	/* In pieces through a local buffer: one store per digit, one copy. */
	while (n) {
		size_t k = n < sizeof(tmp) / 2 ? n : sizeof(tmp) / 2;

		for (size_t i = 0; i < k; i++) {
			tmp[2 * i] = hexdigits[p[i] >> 4];
			tmp[2 * i + 1] = hexdigits[p[i] & 0xf];
		}
		sb_putn(sb, tmp, 2 * k);
		p += k;
		n -= k;
	}
}

int sb_result(const struct strbuf *sb)
{
	return sb->len > INT_MAX ? INT_MAX : (int)sb->len;
}
