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

/* The powers of ten up to 10^19, for a number's count of digits. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

/*
 * Two digits a division, written backwards from the end of tmp so that
 * the digits need not be counted first, and, when 20 bytes fit, one
 * fixed-size copy from the first digit: report lines carry five numbers
 * each, and a digit a division with a copy of unknown length was a
 * twentieth of a replay. tmp has 20 bytes after the digits' end so that
 * the fixed copy stays inside it; what it copies past the digits lands
 * after the terminating NUL.
 */
void sb_putu(struct strbuf *sb, uint64_t v)
{
	char tmp[40] = { 0 };
	char *end = tmp + 20, *q = end;
	size_t n;

	while (v >= 100) {
		q -= 2;
		memcpy(q, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, digit_pairs + 2 * v, 2);
	} else {
		*--q = (char)('0' + v);
	}
	n = (size_t)(end - q);
	if (sb->len + 20 < sb->size) {
		memcpy(sb->buf + sb->len, q, 20);
		sb->buf[sb->len + n] = '\0';
		sb->len += n;
		return;
	}
	sb_putn_cut(sb, q, n);
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
