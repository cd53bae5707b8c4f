/*
 * The tcpdump-style formatter. The expected lines are tcpdump 4.99.3's
 * own (tcpdump -n -S -t), see format_vectors.h; the 'tcpdump' test suite
 * checks them and thousands of generated segments against tcpdump itself.
 */
#include <string.h>

#include "testutil.h"

#include "format_vectors.h"

START_TEST(tcpdump_lines)
{
	for (size_t i = 0; i < NFORMAT_VECTORS; i++) {
		const struct format_vector *v = &format_vectors[i];
		const char *tcp_part = strstr(v->want, ": Flags") + 2;
		char line[TFO_SEGMENT_STRLEN], part[TFO_SEGMENT_STRLEN];
		uint8_t payload[1500];
		tfo_segment seg;

		format_vector_build(v, &seg, payload);
		ck_assert_int_eq(tfo_segment_format_line(&seg, line, sizeof(line)),
		                 (int)strlen(v->want));
		ck_assert_str_eq(line, v->want);
		ck_assert_int_eq(tfo_segment_format(&seg, part, sizeof(part)),
		                 (int)strlen(tcp_part));
		ck_assert_str_eq(part, tcp_part);
	}
}
END_TEST

struct opts_case {
	const char *hex, *want;
};

/* The option list alone: no payload follows, so a length byte past the
 * end is truncation, and nothing closes the list after "[bad opt]". */
static const struct opts_case opts_cases[] = {
	{ "", "" },
	{ "0204ffd70402080a00000001000000000103030722 0a0011223344556677 0101",
	  "mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7,tfo  cookie 0011223344556677,nop,nop" },
	{ "2202", "tfo  cookiereq" },
	{ "fe04f989", "exp-tfo cookiereq" },
	{ "fe08f989a1a2a3a4", "exp-tfo cookie a1a2a3a4" },
	{ "01", "nop" },
	{ "00 01", "eol" },
	{ "0101 02", "nop,nop, [|tcp]" },
	{ "02", " [|tcp]" },
	{ "0201", "[bad opt]" },
	{ "01 0205", "nop,[bad opt]" },
	{ "0203ff", "mss[bad opt]" },
	{ "0203ff00", "mss 65280[len 3]" },
	{ "1e0401", "[bad opt]" },
	{ "1e0401 00", "mptcp 4 capable[bad opt]" }, /* legal on a SYN only */
	{ "1e03f0 01 0a", "mptcp 3 unknown,nop, [|mptcp]" },
	{ NULL, NULL },
};

START_TEST(options_alone)
{
	for (const struct opts_case *c = opts_cases; c->hex; c++) {
		uint8_t o[TFO_MAX_OPTLEN];
		size_t n = test_unhex(o, sizeof(o), c->hex);
		char buf[TFO_SEGMENT_STRLEN];

		ck_assert_int_eq(tfo_options_format(o, n, buf, sizeof(buf)), (int)strlen(c->want));
		ck_assert_str_eq(buf, c->want);
	}
}
END_TEST

/* snprintf's contract: the full length back, as much text as fits. */
START_TEST(truncated_output)
{
	static const uint8_t o[] = { 2, 4, 5, 0xb4, 1, 3, 3, 7 };
	char buf[8];
	tfo_segment seg;
	uint8_t payload[64];

	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(tfo_options_format(o, sizeof(o), buf, sizeof(buf)), 21);
	ck_assert_str_eq(buf, "mss 146");
	ck_assert_int_eq(tfo_options_format(o, sizeof(o), buf, 1), 21);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(tfo_options_format(o, sizeof(o), NULL, 0), 21);
	ck_assert_int_eq(tfo_options_format(NULL, 4, buf, sizeof(buf)), TFO_ERR_INVALID);

	format_vector_build(&format_vectors[0], &seg, payload);
	ck_assert_int_eq(tfo_segment_format_line(&seg, NULL, 0),
	                 (int)strlen(format_vectors[0].want));
	ck_assert_int_eq(tfo_segment_format_line(&seg, buf, sizeof(buf)),
	                 (int)strlen(format_vectors[0].want));
	ck_assert_str_eq(buf, "IP 127.");
	ck_assert_int_eq(tfo_segment_format(&seg, buf, 6),
	                 (int)strlen(strstr(format_vectors[0].want, "Flags")));
	ck_assert_str_eq(buf, "Flags");
}
END_TEST

/* Options that do not fill a 32-bit word are printed with the zero
 * padding the encoder adds, as tcpdump sees them on the wire. */
START_TEST(padding_is_printed)
{
	uint8_t payload[64];
	char buf[TFO_SEGMENT_STRLEN];
	tfo_segment seg;

	format_vector_build(&format_vectors[5], &seg, payload);
	tfo_opt_add_wscale(&seg, 7);
	tfo_segment_format(&seg, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Flags [none], win 3, options [wscale 7,eol], length 0");
	tfo_opt_add_nop(&seg);
	tfo_segment_format(&seg, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Flags [none], win 3, options [wscale 7,nop], length 0");
}
END_TEST

START_TEST(rejects)
{
	char buf[TFO_SEGMENT_STRLEN];
	uint8_t payload[64];
	tfo_segment seg;

	format_vector_build(&format_vectors[5], &seg, payload);
	seg.dst.addr.family = TFO_AF_INET6;
	ck_assert_int_eq(tfo_segment_format_line(&seg, buf, sizeof(buf)), TFO_ERR_INVALID);
	seg.src.addr.family = seg.dst.addr.family = TFO_AF_NONE;
	ck_assert_int_eq(tfo_segment_format_line(&seg, buf, sizeof(buf)), TFO_ERR_INVALID);
	/* the TCP part needs no addresses */
	ck_assert_int_eq(tfo_segment_format(&seg, buf, sizeof(buf)), 29);
	ck_assert_str_eq(buf, "Flags [none], win 3, length 0");
	ck_assert_int_eq(tfo_segment_format(NULL, buf, sizeof(buf)), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_segment_format_line(NULL, buf, sizeof(buf)), TFO_ERR_INVALID);
}
END_TEST

/*
 * TFO_SEGMENT_STRLEN holds the longest line: the widest addresses, every
 * flag, and the option that prints the most text per byte, TCP-AO of
 * length 2 ("tcp-ao (invalid)" for two bytes), twenty times.
 */
START_TEST(longest_line_fits)
{
	char buf[TFO_SEGMENT_STRLEN + 64];
	uint8_t payload[64];
	tfo_segment seg;
	int n;

	format_vector_build(&format_vectors[6], &seg, payload);
	tfo_addr_parse(&seg.src.addr, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
	tfo_addr_parse(&seg.dst.addr, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
	seg.src.port = seg.dst.port = 65535;
	seg.len = 4294967295u;
	for (int i = 0; i < 20; i++)
		tfo_opt_add_raw(&seg, 29, NULL, 0);
	n = tfo_segment_format_line(&seg, buf, sizeof(buf));
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_int_lt(n, TFO_SEGMENT_STRLEN);
	ck_assert_ptr_nonnull(strstr(buf, "tcp-ao (invalid),tcp-ao (invalid)], length 4294967295"));
}
END_TEST

Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, tcpdump_lines);
	tcase_add_test(tc, options_alone);
	tcase_add_test(tc, truncated_output);
	tcase_add_test(tc, padding_is_printed);
	tcase_add_test(tc, rejects);
	tcase_add_test(tc, longest_line_fits);
	suite_add_tcase(s, tc);
	return s;
}
