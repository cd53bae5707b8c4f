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

/* Every number below 100 in two digits. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

/* v's digits written backwards, two a division, the last at end - 1;
 * returns where the first is. In 32 bits once they hold v, where a
 * division by a constant is a shorter multiplication. */
static char *put_digits(char *end, uint64_t v)
{
	uint32_t w;

	while (v > UINT32_MAX) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	for (w = (uint32_t)v; w >= 100; w /= 100) {
		end -= 2;
		memcpy(end, digit_pairs + 2 * (w % 100), 2);
	}
	if (w < 10) {
		*--end = (char)('0' + w);
		return end;
	}
	end -= 2;
	memcpy(end, digit_pairs + 2 * w, 2);
	return end;
}

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
	char *end = tmp + 20, *q = put_digits(end, v);
	size_t n = (size_t)(end - q);

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

/* Every byte's two hex digits, for a copy of two bytes per byte. */
static const char hex_pairs[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                                "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
                                "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
                                "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
                                "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
                                "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
                                "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
                                "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

void sb_puthex(struct strbuf *sb, const uint8_t *p, size_t n)
{
	char tmp[64];

	/* In place when it fits (cookies, in every report line), else in
	 * pieces through a local buffer. */
	if (sb->len + 2 * n < sb->size) {
		char *q = sb->buf + sb->len;

		for (size_t i = 0; i < n; i++)
			memcpy(q + 2 * i, hex_pairs + 2 * p[i], 2);
		q[2 * n] = '\0';
		sb->len += 2 * n;
		return;
	}
	while (n) {
		size_t k = n < sizeof(tmp) / 2 ? n : sizeof(tmp) / 2;

		for (size_t i = 0; i < k; i++)
			memcpy(tmp + 2 * i, hex_pairs + 2 * p[i], 2);
		sb_putn(sb, tmp, 2 * k);
		p += k;
		n -= k;
	}
}

int sb_result(const struct strbuf *sb)
{
	return sb->len > INT_MAX ? INT_MAX : (int)sb->len;
}
