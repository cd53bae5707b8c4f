/* The segment model: init, sequence length and the option builders. */
#include <string.h>

#include "testutil.h"

static tfo_segment fresh(void)
{
	tfo_sockaddr a, b;
	tfo_segment seg;

	tfo_sockaddr_parse(&a, "127.0.0.1:51902");
	tfo_sockaddr_parse(&b, "127.0.0.1:8000");
	memset(&seg, 0xee, sizeof(seg));
	tfo_segment_init(&seg, &a, &b);
	return seg;
}

START_TEST(init_zeroes)
{
	tfo_segment seg = fresh();

	ck_assert_uint_eq(seg.src.port, 51902);
	ck_assert_uint_eq(seg.dst.port, 8000);
	ck_assert_uint_eq(seg.src.addr.family, TFO_AF_INET);
	ck_assert_uint_eq(seg.seq, 0);
	ck_assert_uint_eq(seg.flags, 0);
	ck_assert_uint_eq(seg.optlen, 0);
	ck_assert_uint_eq(seg.len, 0);
	ck_assert_ptr_null(seg.payload);
	ck_assert_uint_eq(seg.ip.ttl, 0);
	ck_assert_uint_eq(seg.ip.verbatim, 0);
}
END_TEST

START_TEST(seqlen)
{
	tfo_segment seg = fresh();

	ck_assert_uint_eq(tfo_segment_seqlen(&seg), 0);
	seg.flags = TFO_TH_SYN;
	ck_assert_uint_eq(tfo_segment_seqlen(&seg), 1);
	seg.len = 6;
	ck_assert_uint_eq(tfo_segment_seqlen(&seg), 7);
	seg.flags = TFO_TH_SYN | TFO_TH_FIN | TFO_TH_ACK | TFO_TH_RST;
	ck_assert_uint_eq(tfo_segment_seqlen(&seg), 8);
	seg.flags = TFO_TH_ACK | TFO_TH_PSH;
	ck_assert_uint_eq(tfo_segment_seqlen(&seg), 6);
}
END_TEST

/* Linux's SYN layout, built one option at a time, gives its exact bytes. */
START_TEST(linux_syn_layout)
{
	static const uint8_t cookie[8] = { 0xce, 0x80, 0x70, 0x0c, 0xf8, 0xe6, 0x11, 0x3c };
	static const uint8_t want[32] = { 0x02, 0x04, 0xff, 0xd7, 0x04, 0x02, 0x08, 0x0a,
		                          0x55, 0xb0, 0x5b, 0x26, 0x00, 0x00, 0x00, 0x00,
		                          0x01, 0x03, 0x03, 0x07, 0x22, 0x0a, 0xce, 0x80,
		                          0x70, 0x0c, 0xf8, 0xe6, 0x11, 0x3c, 0x01, 0x01 };
	tfo_segment seg = fresh();

	ck_assert_int_eq(tfo_opt_add_mss(&seg, 65495), 0);
	ck_assert_int_eq(tfo_opt_add_sack_perm(&seg), 0);
	ck_assert_int_eq(tfo_opt_add_ts(&seg, 1437621030u, 0), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&seg), 0);
	ck_assert_int_eq(tfo_opt_add_wscale(&seg, 7), 0);
	ck_assert_int_eq(tfo_opt_add_fastopen(&seg, 0, cookie, 8), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&seg), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&seg), 0);
	ck_assert_uint_eq(seg.optlen, 32);
	ck_assert_mem_eq(seg.opts, want, 32);
}
END_TEST

START_TEST(each_builder)
{
	static const uint32_t l[4] = { 1, 0x01020304, 5, 7 }, r[4] = { 2, 0xa0b0c0d0, 6, 8 };
	static const uint8_t c16[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const uint8_t want[] = {
		0x00,                                                       /* eol */
		0x03, 0x03, 0x0e,                                           /* wscale 14 */
		0x05, 0x12, 0x01, 0x02, 0x03, 0x04, 0xa0, 0xb0, 0xc0, 0xd0, /* sack 2 */
		0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x06,             /**/
		0xfe, 0x04, 0xf9, 0x89,                                     /* exp-tfo cookiereq */
		0x22, 0x02,                                                 /* tfo cookiereq */
		0x63, 0x03, 0xab,                                           /* kind 99, one byte */
		0x1e, 0x02,                                                 /* kind 30, empty */
	};
	uint8_t data = 0xab;
	tfo_segment seg = fresh();

	ck_assert_int_eq(tfo_opt_add_eol(&seg), 0);
	ck_assert_int_eq(tfo_opt_add_wscale(&seg, 14), 0);
	ck_assert_int_eq(tfo_opt_add_sack(&seg, l + 1, r + 1, 2), 0);
	ck_assert_int_eq(tfo_opt_add_fastopen(&seg, 1, NULL, 0), 0);
	ck_assert_int_eq(tfo_opt_add_fastopen(&seg, 0, NULL, 0), 0);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 99, &data, 1), 0);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 30, NULL, 0), 0);
	ck_assert_uint_eq(seg.optlen, sizeof(want));
	ck_assert_mem_eq(seg.opts, want, sizeof(want));

	seg = fresh();
	ck_assert_int_eq(tfo_opt_add_fastopen(&seg, 1, c16, 16), 0);
	ck_assert_uint_eq(seg.optlen, 20);
	ck_assert_mem_eq(seg.opts, "\xfe\x14\xf9\x89", 4);
	ck_assert_mem_eq(seg.opts + 4, c16, 16);
	ck_assert_int_eq(tfo_opt_add_sack(&seg, l, r, 2), 0);
	ck_assert_int_eq(tfo_opt_add_mss(&seg, 1), TFO_ERR_NOSPACE);
	ck_assert_uint_eq(seg.optlen, 38);
}
END_TEST

START_TEST(builders_reject)
{
	static const uint32_t l[5] = { 0 }, r[5] = { 0 };
	static const uint8_t c[18] = { 0 };
	tfo_segment seg = fresh();

	ck_assert_int_eq(tfo_opt_add_wscale(&seg, 15), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_sack(&seg, l, r, 0), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_sack(&seg, l, r, 5), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_sack(&seg, NULL, r, 1), TFO_ERR_INVALID);
	for (size_t n = 1; n <= 18; n++) {
		int ok = n >= 4 && n <= 16 && n % 2 == 0;

		ck_assert_int_eq(tfo_opt_add_fastopen(&seg, (int)(n & 1), c, n),
		                 ok ? 0 : TFO_ERR_INVALID);
		seg.optlen = 0;
	}
	ck_assert_int_eq(tfo_opt_add_fastopen(&seg, 0, NULL, 8), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 0, c, 1), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 1, NULL, 0), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 9, NULL, 3), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 9, c, 39), TFO_ERR_NOSPACE);
	ck_assert_int_eq(tfo_opt_add_mss(NULL, 1), TFO_ERR_INVALID);
	ck_assert_uint_eq(seg.optlen, 0);
}
END_TEST

/* A builder that does not fit leaves the options as they were. */
START_TEST(builders_all_or_nothing)
{
	static const uint8_t c[38] = { 0 };
	tfo_segment seg = fresh();

	ck_assert_int_eq(tfo_opt_add_raw(&seg, 9, c, 30), 0);
	ck_assert_int_eq(tfo_opt_add_ts(&seg, 1, 2), TFO_ERR_NOSPACE);
	ck_assert_int_eq(tfo_opt_add_mss(&seg, 1460), 0);
	ck_assert_int_eq(tfo_opt_add_wscale(&seg, 1), 0);
	ck_assert_int_eq(tfo_opt_add_sack_perm(&seg), TFO_ERR_NOSPACE);
	ck_assert_int_eq(tfo_opt_add_eol(&seg), 0);
	ck_assert_uint_eq(seg.optlen, 40);
	ck_assert_int_eq(tfo_opt_add_eol(&seg), TFO_ERR_NOSPACE);
	ck_assert_mem_eq(seg.opts + 32, "\x02\x04\x05\xb4\x03\x03\x01\x00", 8);
	seg = fresh();
	ck_assert_int_eq(tfo_opt_add_raw(&seg, 9, c, 38), 0);
	ck_assert_uint_eq(seg.optlen, 40);
}
END_TEST

Suite *segment_suite(void)
{
	Suite *s = suite_create("segment");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, init_zeroes);
	tcase_add_test(tc, seqlen);
	tcase_add_test(tc, linux_syn_layout);
	tcase_add_test(tc, each_builder);
	tcase_add_test(tc, builders_reject);
	tcase_add_test(tc, builders_all_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}
