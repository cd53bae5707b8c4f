/* KCP segment codec: the reference's exact header bytes, and hostile input refused. */
#include <string.h>

#include "kcp_testutil.h"
#include "testutil.h"

START_TEST(encode_exact_bytes)
{
	/* conv 0x11223344 PUSH frg 2 wnd 128 ts 1000 sn 5 una 3 "ping": every field little-endian
	 */
	uint8_t out[64], want[64];
	tfo_kcp_segment s = { 0x11223344, TFO_KCP_CMD_PUSH,       2, 128, 1000, 5, 3,
		              4,          (const uint8_t *)"ping" };
	size_t n = test_unhex(want, sizeof(want),
	                      "44332211 51 02 8000 e8030000 05000000 03000000 04000000 70696e67");

	ck_assert_int_eq(tfo_kcp_segment_encode(&s, out, sizeof(out)), 28);
	ck_assert_uint_eq(n, 28);
	ck_assert_mem_eq(out, want, n);
	ck_assert_int_eq(tfo_kcp_segment_encode(&s, out, 27), TFO_ERR_NOBUF);
}
END_TEST

START_TEST(decode_round_trip)
{
	uint8_t buf[64];
	tfo_kcp_segment s;
	size_t n = test_unhex(buf, sizeof(buf),
	                      "01000000 52 00 7f00 10270000 09000000 0a000000 00000000");

	ck_assert_int_eq(tfo_kcp_segment_decode(buf, n, &s), 24);
	ck_assert_uint_eq(s.conv, 1);
	ck_assert_uint_eq(s.cmd, TFO_KCP_CMD_ACK);
	ck_assert_uint_eq(s.frg, 0);
	ck_assert_uint_eq(s.wnd, 127);
	ck_assert_uint_eq(s.ts, 10000);
	ck_assert_uint_eq(s.sn, 9);
	ck_assert_uint_eq(s.una, 10);
	ck_assert_uint_eq(s.len, 0);
	ck_assert_ptr_eq(s.data, buf + 24);
}
END_TEST

START_TEST(decode_refuses_hostile)
{
	uint8_t buf[64] = { 0 };
	tfo_kcp_segment s;

	ck_assert_int_eq(tfo_kcp_segment_decode(NULL, 0, &s), TFO_ERR_TRUNCATED);
	ck_assert_int_eq(tfo_kcp_segment_decode(buf, 23, &s), TFO_ERR_TRUNCATED);
	/* len 5 with 4 bytes after the header */
	kcp_seg_bytes(buf, 1, TFO_KCP_CMD_PUSH, 0, 1, 0, 0, 0, "abcde");
	ck_assert_int_eq(tfo_kcp_segment_decode(buf, 28, &s), TFO_ERR_TRUNCATED);
	ck_assert_int_eq(tfo_kcp_segment_decode(buf, 29, &s), 29);
	/* len 0xffffffff: negative as the reference's int, refused before any arithmetic */
	memset(buf + 20, 0xff, 4);
	ck_assert_int_eq(tfo_kcp_segment_decode(buf, sizeof(buf), &s), TFO_ERR_TRUNCATED);
	/* cmd 80 and 85 are no command */
	kcp_seg_bytes(buf, 1, 80, 0, 1, 0, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_segment_decode(buf, 24, &s), TFO_ERR_KCP_CMD);
	kcp_seg_bytes(buf, 1, 85, 0, 1, 0, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_segment_decode(buf, 24, &s), TFO_ERR_KCP_CMD);
}
END_TEST

START_TEST(cmd_names)
{
	ck_assert_str_eq(tfo_kcp_cmd_name(81), "PUSH");
	ck_assert_str_eq(tfo_kcp_cmd_name(82), "ACK");
	ck_assert_str_eq(tfo_kcp_cmd_name(83), "WASK");
	ck_assert_str_eq(tfo_kcp_cmd_name(84), "WINS");
	ck_assert_str_eq(tfo_kcp_cmd_name(0), "?");
	ck_assert_str_eq(tfo_errname(TFO_ERR_KCP_CMD), "TFO_ERR_KCP_CMD");
}
END_TEST

Suite *kcp_codec_suite(void)
{
	Suite *s = suite_create("kcp_codec");
	TCase *tc = tcase_create("kcp_codec");

	tcase_add_test(tc, encode_exact_bytes);
	tcase_add_test(tc, decode_round_trip);
	tcase_add_test(tc, decode_refuses_hostile);
	tcase_add_test(tc, cmd_names);
	suite_add_tcase(s, tc);
	return s;
}
