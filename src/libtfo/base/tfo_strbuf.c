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
static const uint64_t pow10s[20] = { 1u,
	                             10u,
	                             100u,
	                             1000u,
	                             10000u,
	                             100000u,
	                             1000000u,
	                             10000000u,
	                             100000000u,
	                             1000000000u,
	                             10000000000u,
	                             100000000000u,
	                             1000000000000u,
	                             10000000000000u,
	                             100000000000000u,
	                             1000000000000000u,
	                             10000000000000000u,
	                             100000000000000000u,
	                             1000000000000000000u,
	                             10000000000000000000u };

static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

/*
 * Two digits a division, and, when 20 bytes fit, one fixed-size copy:
 * report lines carry five numbers each, and a digit a division with a
 * copy of unknown length was a twentieth of a replay.
 */
void sb_putu(struct strbuf *sb, uint64_t v)
{
	char tmp[20] = { 0 };
	size_t n = 1;

	while (n < sizeof(pow10s) / sizeof(pow10s[0]) && v >= pow10s[n])
		n++;
	for (size_t i = n; i >= 2; i -= 2) {
		memcpy(tmp + i - 2, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (n % 2)
		tmp[0] = (char)('0' + v);
	if (sb->len + sizeof(tmp) < sb->size) {
		memcpy(sb->buf + sb->len, tmp, sizeof(tmp));
		sb->buf[sb->len + n] = '\0';
		sb->len += n;
		return;
	}
	sb_putn_cut(sb, tmp, n);
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
