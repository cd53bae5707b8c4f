/* Addresses: parsing, RFC 5952 formatting, ports, comparison. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"

struct addr_case {
	const char *in, *out;
};

static const struct addr_case good[] = {
	{ "0.0.0.0", "0.0.0.0" },
	{ "192.0.2.1", "192.0.2.1" },
	{ "255.255.255.255", "255.255.255.255" },
	{ "::", "::" },
	{ "::1", "::1" },
	{ "1::", "1::" },
	{ "2001:db8::1", "2001:db8::1" },
	{ "2001:DB8:0:0:0:0:0:1", "2001:db8::1" },
	{ "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1" },
	/* RFC 5952 4.2.3: the leftmost of two equal runs */
	{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
	/* RFC 5952 4.2.3: the longest run */
	{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },
	/* RFC 5952 4.2.2: one zero group is not shortened */
	{ "1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0" },
	{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
	{ "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0" },
	{ "::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8" },
	{ "0:0:1:0:0:0:0:0", "0:0:1::" },
	{ "fe80::1", "fe80::1" },
	{ "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789" },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
	/* RFC 5952 section 5: IPv4-mapped keeps its dotted tail */
	{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
	{ "::ffff:c000:201", "::ffff:192.0.2.1" },
	{ "0:0:0:0:0:ffff:0:0", "::ffff:0.0.0.0" },
	/* tcpdump also writes the old IPv4-compatible form dotted */
	{ "::192.0.2.1", "::192.0.2.1" },
	{ "::1:0", "::0.1.0.0" },
	{ "::ffff", "::ffff" },
	{ "::2", "::2" },
	{ "::1:0:1", "::1:0:1" },
	{ "64:ff9b::192.0.2.1", "64:ff9b::c000:201" },
	{ "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304" },
	{ NULL, NULL },
};

static const char *const bad[] = {
	"",
	"1.2.3",
	"1.2.3.4.5",
	"256.1.1.1",
	"01.2.3.4",
	"1.2.3.-4",
	"1..2.3",
	" 1.2.3.4",
	"1.2.3.4 ",
	"1.2.3.4/24",
	":",
	":::",
	":1::",
	"1:",
	"1:::2",
	"1::2::3",
	"12345::",
	"1:2:3:4:5:6:7",
	"1:2:3:4:5:6:7:8:9",
	"1:2:3:4:5:6:7:8::",
	"::1:2:3:4:5:6:7:8",
	"::1.2.3",
	"::1.2.3.4.5",
	"::ffff:1.2.3.04",
	"1:2:3:4:5:6:7:1.2.3.4",
	"1.2.3.4::",
	"fe80::1%eth0",
	"[::1]",
	"g::1",
	"2001:db8::1 ",
	NULL,
};

START_TEST(parse_and_format)
{
	for (const struct addr_case *c = good; c->in; c++) {
		char buf[TFO_ADDRSTRLEN];
		tfo_addr a;

		ck_assert_msg(tfo_addr_parse(&a, c->in) == 0, "%s", c->in);
		ck_assert_int_eq(tfo_addr_format(&a, buf, sizeof(buf)), (int)strlen(c->out));
		ck_assert_str_eq(buf, c->out);
	}
}
END_TEST

START_TEST(rejects)
{
	for (const char *const *s = bad; *s; s++) {
		tfo_addr a;

		memset(&a, 0xa5, sizeof(a));
		ck_assert_msg(tfo_addr_parse(&a, *s) == TFO_ERR_BAD_ADDR, "'%s'", *s);
		ck_assert_uint_eq(a.family, 0xa5); /* untouched */
	}
	ck_assert_int_eq(tfo_addr_parse(NULL, "::1"), TFO_ERR_BAD_ADDR);
}
END_TEST

START_TEST(bytes_and_family)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	tfo_addr a;

	ck_assert_int_eq(tfo_addr_parse(&a, "192.0.2.1"), 0);
	ck_assert_uint_eq(a.family, TFO_AF_INET);
	ck_assert_mem_eq(a.bytes, "\xc0\x00\x02\x01\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	ck_assert_uint_eq(tfo_addr_len(&a), 4);
	ck_assert_int_eq(tfo_addr_parse(&a, "2001:db8::1"), 0);
	ck_assert_uint_eq(a.family, TFO_AF_INET6);
	ck_assert_mem_eq(a.bytes, v6, 16);
	ck_assert_uint_eq(tfo_addr_len(&a), 16);
	memset(&a, 0, sizeof(a));
	ck_assert_uint_eq(tfo_addr_len(&a), 0);
	ck_assert_uint_eq(tfo_addr_len(NULL), 0);
}
END_TEST

START_TEST(format_limits)
{
	char buf[TFO_ADDRSTRLEN];
	tfo_addr a;

	ck_assert_int_eq(tfo_addr_parse(&a, "192.0.2.1"), 0);
	ck_assert_int_eq(tfo_addr_format(&a, buf, 9), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_addr_format(&a, buf, 10), 9);
	ck_assert_int_eq(tfo_addr_format(&a, NULL, 0), TFO_ERR_NOBUF);
	/* the longest text fits TFO_ADDRSTRLEN exactly */
	ck_assert_int_eq(tfo_addr_parse(&a, "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"), 0);
	ck_assert_int_eq(tfo_addr_format(&a, buf, sizeof(buf)), 39);
	ck_assert_int_eq(tfo_addr_parse(&a, "::ffff:255.255.255.255"), 0);
	ck_assert_int_eq(tfo_addr_format(&a, buf, sizeof(buf)), 22);
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(tfo_addr_format(&a, buf, sizeof(buf)), TFO_ERR_INVALID);
	a.family = 5;
	ck_assert_int_eq(tfo_addr_format(&a, buf, sizeof(buf)), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_addr_format(NULL, buf, sizeof(buf)), TFO_ERR_INVALID);
}
END_TEST

START_TEST(equality)
{
	tfo_addr a, b;

	tfo_addr_parse(&a, "2001:db8::1");
	tfo_addr_parse(&b, "2001:DB8:0::1");
	ck_assert_int_eq(tfo_addr_equal(&a, &b), 1);
	tfo_addr_parse(&b, "2001:db8::2");
	ck_assert_int_eq(tfo_addr_equal(&a, &b), 0);
	/* same first four bytes, different family */
	tfo_addr_parse(&a, "32.1.13.184");
	tfo_addr_parse(&b, "2001:db8::");
	ck_assert_int_eq(tfo_addr_equal(&a, &b), 0);
	tfo_addr_parse(&b, "32.1.13.184");
	ck_assert_int_eq(tfo_addr_equal(&a, &b), 1);
	ck_assert_int_eq(tfo_addr_equal(&a, NULL), 0);
}
END_TEST

struct sa_case {
	const char *in, *out;
	uint16_t port;
};

static const struct sa_case sa_good[] = {
	{ "192.0.2.1:80", "192.0.2.1:80", 80 },
	{ "0.0.0.0:0", "0.0.0.0:0", 0 },
	{ "255.255.255.255:65535", "255.255.255.255:65535", 65535 },
	{ "[2001:db8::1]:443", "[2001:db8::1]:443", 443 },
	{ "[2001:DB8:0::1]:08000", "[2001:db8::1]:8000", 8000 },
	{ "[::]:1", "[::]:1", 1 },
	{ "[::ffff:192.0.2.1]:22", "[::ffff:192.0.2.1]:22", 22 },
	{ NULL, NULL, 0 },
};

static const char *const sa_bad[] = {
	"192.0.2.1",
	"192.0.2.1:",
	"192.0.2.1:65536",
	"192.0.2.1:123456",
	"192.0.2.1:-1",
	"192.0.2.1:+1",
	"192.0.2.1: 80",
	"192.0.2.1:8a",
	"192.0.2.1:80:80",
	"2001:db8::1:80",
	"[2001:db8::1]80",
	"[2001:db8::1]:",
	"[2001:db8::1",
	"[192.0.2.1]:80",
	"[]:80",
	":80",
	"[0000:0000:0000:0000:0000:0000:0000:0000:0000]:80",
	"",
	NULL,
};

START_TEST(sockaddrs)
{
	for (const struct sa_case *c = sa_good; c->in; c++) {
		char buf[TFO_SOCKADDRSTRLEN];
		tfo_sockaddr sa;

		ck_assert_msg(tfo_sockaddr_parse(&sa, c->in) == 0, "%s", c->in);
		ck_assert_uint_eq(sa.port, c->port);
		ck_assert_int_eq(tfo_sockaddr_format(&sa, buf, sizeof(buf)), (int)strlen(c->out));
		ck_assert_str_eq(buf, c->out);
	}
	for (const char *const *s = sa_bad; *s; s++) {
		tfo_sockaddr sa;

		memset(&sa, 0x5a, sizeof(sa));
		ck_assert_msg(tfo_sockaddr_parse(&sa, *s) == TFO_ERR_BAD_ADDR, "'%s'", *s);
		ck_assert_uint_eq(sa.port, 0x5a5a);
	}
}
END_TEST

START_TEST(sockaddr_limits)
{
	char buf[TFO_SOCKADDRSTRLEN];
	tfo_sockaddr sa;

	ck_assert_int_eq(
	        tfo_sockaddr_parse(&sa, "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535"),
	        0);
	ck_assert_int_eq(tfo_sockaddr_format(&sa, buf, sizeof(buf)), 47);
	ck_assert_str_eq(buf, "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
	ck_assert_int_eq(tfo_sockaddr_format(&sa, buf, 47), TFO_ERR_NOBUF);
	memset(&sa, 0, sizeof(sa));
	ck_assert_int_eq(tfo_sockaddr_format(&sa, buf, sizeof(buf)), TFO_ERR_INVALID);
}
END_TEST

/* Every octet and every port as printf writes it. */
START_TEST(decimal_everywhere)
{
	char buf[TFO_SOCKADDRSTRLEN], want[TFO_SOCKADDRSTRLEN];
	tfo_sockaddr sa;

	memset(&sa, 0, sizeof(sa));
	sa.addr.family = TFO_AF_INET;
	for (unsigned v = 0; v < 65536; v++) {
		sa.addr.bytes[v % 4] = (uint8_t)v;
		sa.port = (uint16_t)v;
		snprintf(want, sizeof(want), "%u.%u.%u.%u:%u", sa.addr.bytes[0], sa.addr.bytes[1],
		         sa.addr.bytes[2], sa.addr.bytes[3], v);
		ck_assert_int_eq(tfo_sockaddr_format(&sa, buf, sizeof(buf)), (int)strlen(want));
		ck_assert_str_eq(buf, want);
	}
}
END_TEST

Suite *addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_and_format);
	tcase_add_test(tc, rejects);
	tcase_add_test(tc, bytes_and_family);
	tcase_add_test(tc, format_limits);
	tcase_add_test(tc, equality);
	tcase_add_test(tc, sockaddrs);
	tcase_add_test(tc, sockaddr_limits);
	tcase_add_test(tc, decimal_everywhere);
	suite_add_tcase(s, tc);
	return s;
}
