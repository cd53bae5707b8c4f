/* Hex: strict decoding of cookies typed by people, lowercase encoding. */
#include <string.h>

#include "testutil.h"

struct hex_case {
	const char *text;
	size_t len;
	const uint8_t bytes[8];
};

static const struct hex_case good[] = {
	{ "", 0, { 0 } },
	{ "00", 1, { 0x00 } },
	{ "0aFf", 2, { 0x0a, 0xff } },
	{ "DEADbeef", 4, { 0xde, 0xad, 0xbe, 0xef } },
	{ "0123456789abcdef", 8, { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } },
	{ "0123456789ABCDEF", 8, { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } },
	{ NULL, 0, { 0 } },
};

START_TEST(decode_good)
{
	for (const struct hex_case *c = good; c->text; c++) {
		uint8_t out[8];
		size_t len = 99;

		memset(out, 0x55, sizeof(out));
		ck_assert_int_eq(tfo_hex_decode(c->text, out, sizeof(out), &len), 0);
		ck_assert_uint_eq(len, c->len);
		ck_assert_mem_eq(out, c->bytes, c->len);
		/* nothing written past the decoded bytes */
		for (size_t i = c->len; i < sizeof(out); i++)
			ck_assert_uint_eq(out[i], 0x55);
	}
}
END_TEST

static const char *const bad[] = {
	"0",   "abc", "zz", "0x12",  " 12", "12 ",      "12\n",
	"1-2", "g0",  "0g", "12:34", "+1",  "\xc3\xa9", NULL,
};

START_TEST(decode_bad_leaves_output_alone)
{
	for (const char *const *t = bad; *t; t++) {
		uint8_t out[8];
		size_t len = 99;

		memset(out, 0x55, sizeof(out));
		ck_assert_msg(tfo_hex_decode(*t, out, sizeof(out), &len) == TFO_ERR_BAD_HEX, "'%s'",
		              *t);
		ck_assert_uint_eq(len, 99);
		for (size_t i = 0; i < sizeof(out); i++)
			ck_assert_uint_eq(out[i], 0x55);
	}
	ck_assert_int_eq(tfo_hex_decode(NULL, NULL, 0, NULL), TFO_ERR_BAD_HEX);
}
END_TEST

START_TEST(decode_size_limit)
{
	uint8_t out[4];
	size_t len;

	ck_assert_int_eq(tfo_hex_decode("01020304", out, 4, &len), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_int_eq(tfo_hex_decode("0102030405", out, 4, &len), TFO_ERR_BAD_HEX);
	ck_assert_int_eq(tfo_hex_decode("01", out, 0, &len), TFO_ERR_BAD_HEX);
	ck_assert_int_eq(tfo_hex_decode("", NULL, 0, &len), 0);
	ck_assert_uint_eq(len, 0);
}
END_TEST

START_TEST(encode_lowercase)
{
	static const uint8_t in[] = { 0x00, 0x0a, 0xa0, 0xff, 0xde, 0xad };
	char buf[13];

	ck_assert_int_eq(tfo_hex_encode(in, sizeof(in), buf, sizeof(buf)), 12);
	ck_assert_str_eq(buf, "000aa0ffdead");
	ck_assert_int_eq(tfo_hex_encode(in, 0, buf, 1), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(encode_needs_room_for_nul)
{
	static const uint8_t in[] = { 0x12, 0x34 };
	char buf[5];

	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(tfo_hex_encode(in, 2, buf, 4), TFO_ERR_NOBUF);
	ck_assert_int_eq(buf[0], 'x');
	ck_assert_int_eq(tfo_hex_encode(in, 0, NULL, 0), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_hex_encode(in, 2, buf, 5), 4);
	ck_assert_str_eq(buf, "1234");
}
END_TEST

START_TEST(round_trip_every_byte)
{
	uint8_t in[256], out[256];
	char text[513];
	size_t len;

	for (int i = 0; i < 256; i++)
		in[i] = (uint8_t)i;
	ck_assert_int_eq(tfo_hex_encode(in, sizeof(in), text, sizeof(text)), 512);
	ck_assert_int_eq(tfo_hex_decode(text, out, sizeof(out), &len), 0);
	ck_assert_uint_eq(len, 256);
	ck_assert_mem_eq(in, out, 256);
}
END_TEST

Suite *hex_suite(void)
{
	Suite *s = suite_create("hex");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, decode_good);
	tcase_add_test(tc, decode_bad_leaves_output_alone);
	tcase_add_test(tc, decode_size_limit);
	tcase_add_test(tc, encode_lowercase);
	tcase_add_test(tc, encode_needs_room_for_nul);
	tcase_add_test(tc, round_trip_every_byte);
	suite_add_tcase(s, tc);
	return s;
}
