/*
 * Addresses: parsing and formatting IPv4 and IPv6 text, with and without a
 * port.
 *
 * IPv6 is written in RFC 5952 form (lowercase, no leading zeros, the
 * longest run of two or more zero groups shortened to "::", the leftmost
 * on a tie). Two forms end in dotted IPv4, as tcpdump 4.99.3 prints them,
 * so that tfo_segment_format_line() matches tcpdump: IPv4-mapped
 * addresses ("::ffff:192.0.2.1", RFC 5952 section 5) and the deprecated
 * IPv4-compatible ones, exactly six leading zero groups then a non-zero
 * one ("::192.0.2.1"; "::1" and "::2" stay hex).
 */
#include <string.h>

#include <tfo/wire.h>

#include "tfo_addr.h"
#include "tfo_hex.h"

/* Reads 1 to 3 decimal digits without a leading zero; returns the number
 * of characters used, or 0. */
static size_t parse_octet(const char *s, uint8_t *out)
{
	unsigned v = 0;
	size_t n = 0;

	while (n < 3 && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (unsigned)(s[n] - '0');
		n++;
	}
	if (n == 0 || v > 255 || (n > 1 && s[0] == '0'))
		return 0;
	if (s[n] >= '0' && s[n] <= '9')
		return 0;
	*out = (uint8_t)v;
	return n;
}

/* Dotted quad to the end of the string. */
static int parse_ipv4(const char *s, uint8_t out[4])
{
	uint8_t b[4];

	for (int i = 0; i < 4; i++) {
		size_t n = parse_octet(s, &b[i]);

		if (!n)
			return -1;
		s += n;
		if (i < 3 && *s++ != '.')
			return -1;
	}
	if (*s != '\0')
		return -1;
	memcpy(out, b, 4);
	return 0;
}

/*
 * One group of up to four hex digits. Returns the characters used, 0 if
 * there is no group, or -1 when the text continues with '.': the caller
 * then reads a dotted IPv4 tail from the same place.
 */
static int parse_group(const char *s, uint16_t *out)
{
	unsigned v = 0;
	int n = 0;

	while (n < 5 && hex_digit(s[n]) >= 0) {
		v = v << 4 | (unsigned)hex_digit(s[n]);
		n++;
	}
	if (s[n] == '.')
		return -1;
	if (n > 4)
		return 0;
	*out = (uint16_t)v;
	return n;
}

/* Shifts the groups after a "::" to the end and zero-fills the gap. */
static int expand_gap(uint16_t w[8], int n, int gap)
{
	int zeros = 8 - n;

	if (gap < 0)
		return n == 8 ? 0 : -1;
	if (zeros < 1)
		return -1;
	memmove(&w[gap + zeros], &w[gap], (size_t)(n - gap) * sizeof(w[0]));
	for (int i = gap; i < gap + zeros; i++)
		w[i] = 0;
	return 0;
}

/* RFC 4291 section 2.2 text, all three forms. */
static int parse_ipv6(const char *s, uint8_t out[16])
{
	uint16_t w[8] = { 0 };
	int n = 0, gap = -1;

	if (s[0] == ':') {
		if (s[1] != ':')
			return -1;
		gap = 0;
		s += 2;
	}
	while (*s != '\0') {
		uint16_t g = 0;
		int used = parse_group(s, &g);

		if (used < 0) {
			uint8_t v4[4];

			if (n > 6 || parse_ipv4(s, v4) != 0)
				return -1;
			w[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
			w[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
			break;
		}
		if (used == 0 || n == 8)
			return -1;
		w[n++] = g;
		s += used;
		if (*s == '\0')
			break;
		if (*s++ != ':')
			return -1;
		if (*s == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			s++;
		} else if (*s == '\0') {
			return -1;
		}
	}
	if (expand_gap(w, n, gap) != 0)
		return -1;
	for (int i = 0; i < 8; i++) {
		out[2 * i] = (uint8_t)(w[i] >> 8);
		out[2 * i + 1] = (uint8_t)w[i];
	}
	return 0;
}

TFO_EXPORT int tfo_addr_parse(tfo_addr *out, const char *text)
{
	tfo_addr a;

	if (!out || !text)
		return TFO_ERR_BAD_ADDR;
	memset(&a, 0, sizeof(a));
	if (parse_ipv4(text, a.bytes) == 0)
		a.family = TFO_AF_INET;
	else if (parse_ipv6(text, a.bytes) == 0)
		a.family = TFO_AF_INET6;
	else
		return TFO_ERR_BAD_ADDR;
	*out = a;
	return 0;
}

/* v (below 100000: an octet or a port) in decimal, most significant digit
 * first, each by a division by a constant: every report line formats two
 * addresses, and a digit loop with a reversal was most of it. */
static char *put_dec(char *p, unsigned v)
{
	if (v >= 10000)
		*p++ = (char)('0' + v / 10000);
	if (v >= 1000)
		*p++ = (char)('0' + v / 1000 % 10);
	if (v >= 100)
		*p++ = (char)('0' + v / 100 % 10);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

static char *put_quad(char *p, const uint8_t *b)
{
	for (int i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = put_dec(p, b[i]);
	}
	return p;
}

static char *put_hex16(char *p, unsigned v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 12;

	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*p++ = digits[(v >> shift) & 0xf];
	return p;
}

/* The leftmost longest run of zero groups; *len 0 when none is 2 long. */
static void zero_run(const uint16_t w[8], int *base, int *len)
{
	*base = -1;
	*len = 0;
	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && w[j] == 0)
			j++;
		if (j - i > *len && j - i >= 2) {
			*base = i;
			*len = j - i;
		}
		i = j > i ? j : i + 1;
	}
}

static char *put_ipv6(char *p, const uint8_t *b)
{
	uint16_t w[8];
	int base, len;

	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	zero_run(w, &base, &len);
	if (base == 0 && (len == 6 || (len == 5 && w[5] == 0xffff))) {
		memcpy(p, len == 5 ? "::ffff:" : "::", len == 5 ? 7 : 2);
		return put_quad(p + (len == 5 ? 7 : 2), b + 12);
	}
	for (int i = 0; i < 8; i++) {
		if (i == base) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += len - 1;
			continue;
		}
		p = put_hex16(p, w[i]);
		if (i < 7)
			*p++ = ':';
	}
	return p;
}

/* Writes the text into tmp (at least TFO_ADDRSTRLEN); returns its length. */
static int addr_text(const tfo_addr *addr, char *tmp)
{
	char *end;

	if (addr->family == TFO_AF_INET)
		end = put_quad(tmp, addr->bytes);
	else if (addr->family == TFO_AF_INET6)
		end = put_ipv6(tmp, addr->bytes);
	else
		return TFO_ERR_INVALID;
	*end = '\0';
	return (int)(end - tmp);
}

/* The text of length n (or an error) in tmp, copied out under the
 * formatters' contract: TFO_ERR_NOBUF when it does not fit with its NUL. */
static int copy_out(const char *tmp, int n, char *buf, size_t size)
{
	if (n < 0)
		return n;
	if (!buf || (size_t)n >= size)
		return TFO_ERR_NOBUF;
	memcpy(buf, tmp, (size_t)n + 1);
	return n;
}

TFO_EXPORT int tfo_addr_format(const tfo_addr *addr, char *buf, size_t size)
{
	char tmp[TFO_ADDRSTRLEN];

	if (!addr)
		return TFO_ERR_INVALID;
	return copy_out(tmp, addr_text(addr, tmp), buf, size);
}

TFO_EXPORT size_t tfo_addr_len(const tfo_addr *addr)
{
	if (!addr)
		return 0;
	if (addr->family == TFO_AF_INET)
		return 4;
	if (addr->family == TFO_AF_INET6)
		return 16;
	return 0;
}

TFO_EXPORT int tfo_addr_equal(const tfo_addr *a, const tfo_addr *b)
{
	return a && b && addr_equal(a, b);
}

/* 1 to 5 decimal digits, at most 65535, to the end of the string. */
static int parse_port(const char *s, uint16_t *out)
{
	unsigned long v = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9' && n < 6)
		v = v * 10 + (unsigned long)(s[n++] - '0');
	if (n == 0 || n > 5 || s[n] != '\0' || v > 65535)
		return -1;
	*out = (uint16_t)v;
	return 0;
}

TFO_EXPORT int tfo_sockaddr_parse(tfo_sockaddr *out, const char *text)
{
	char host[TFO_ADDRSTRLEN];
	const char *start = text, *end;
	tfo_sockaddr sa;
	size_t n;

	if (!out || !text)
		return TFO_ERR_BAD_ADDR;
	if (text[0] == '[') {
		start = text + 1;
		end = strchr(start, ']');
		if (!end || end[1] != ':')
			return TFO_ERR_BAD_ADDR;
	} else {
		end = strchr(text, ':');
		if (!end)
			return TFO_ERR_BAD_ADDR;
	}
	n = (size_t)(end - start);
	if (n >= sizeof(host))
		return TFO_ERR_BAD_ADDR;
	memcpy(host, start, n);
	host[n] = '\0';
	memset(&sa, 0, sizeof(sa));
	if (tfo_addr_parse(&sa.addr, host) != 0)
		return TFO_ERR_BAD_ADDR;
	/* Brackets for IPv6 and only for IPv6: "1::2:80" is ambiguous. */
	if ((text[0] == '[') != (sa.addr.family == TFO_AF_INET6))
		return TFO_ERR_BAD_ADDR;
	if (parse_port(end + (text[0] == '[' ? 2 : 1), &sa.port) != 0)
		return TFO_ERR_BAD_ADDR;
	*out = sa;
	return 0;
}

int sockaddr_text(const tfo_sockaddr *sa, char *out)
{
	char *p = out;
	int n;

	if (sa->addr.family == TFO_AF_INET6)
		*p++ = '[';
	n = addr_text(&sa->addr, p);
	if (n < 0)
		return n;
	p += n;
	if (sa->addr.family == TFO_AF_INET6)
		*p++ = ']';
	*p++ = ':';
	p = put_dec(p, sa->port);
	*p = '\0';
	return (int)(p - out);
}

TFO_EXPORT int tfo_sockaddr_format(const tfo_sockaddr *sa, char *buf, size_t size)
{
	char tmp[TFO_SOCKADDRSTRLEN];

	if (!sa)
		return TFO_ERR_INVALID;
	return copy_out(tmp, sockaddr_text(sa, tmp), buf, size);
}
