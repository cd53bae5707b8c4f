/* Keys in Linux's net.ipv4.tcp_fastopen_key form. */
#include <string.h>

#include "testutil.h"

struct key_case {
	const char *text;
	uint8_t len;
	const uint8_t bytes[TFO_KEY_MAX];
	const char *formatted;
};

/* Each group is a u32 stored little-endian (Linux proc_tcp_fastopen_key()). */
static const struct key_case good[] = {
	{ "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4",
	  16,
	  { 0xa1, 0xa1, 0xa1, 0xa1, 0xb2, 0xb2, 0xb2, 0xb2, 0xc3, 0xc3, 0xc3, 0xc3, 0xd4, 0xd4,
	    0xd4, 0xd4 },
	  "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4" },
	{ "01234567-89abcdef-fedcba98-76543210",
	  16,
	  { 0x67, 0x45, 0x23, 0x01, 0xef, 0xcd, 0xab, 0x89, 0x98, 0xba, 0xdc, 0xfe, 0x10, 0x32,
	    0x54, 0x76 },
	  "01234567-89abcdef-fedcba98-76543210" },
	{ "1-20-300-ABCDEF0",
	  16,
	  { 0x01, 0, 0, 0, 0x20, 0, 0, 0, 0x00, 0x03, 0, 0, 0xf0, 0xde, 0xbc, 0x0a },
	  "00000001-00000020-00000300-0abcdef0" },
	{ "0-0-0-0", 16, { 0 }, "00000000-00000000-00000000-00000000" },
	{ "00010203-04050607-08090a0b-0c0d0e0f-10111213-14151617-18191a1b-1c1d1e1f",
	  32,
	  { 0x03, 0x02, 0x01, 0x00, 0x07, 0x06, 0x05, 0x04, 0x0b, 0x0a, 0x09,
	    0x08, 0x0f, 0x0e, 0x0d, 0x0c, 0x13, 0x12, 0x11, 0x10, 0x17, 0x16,
	    0x15, 0x14, 0x1b, 0x1a, 0x19, 0x18, 0x1f, 0x1e, 0x1d, 0x1c },
	  "00010203-04050607-08090a0b-0c0d0e0f-10111213-14151617-18191a1b-1c1d1e1f" },
	{ NULL, 0, { 0 }, NULL },
};

START_TEST(parse_good)
{
	for (const struct key_case *c = good; c->text; c++) {
		tfo_key k;

		memset(&k, 0x55, sizeof(k));
		ck_assert_msg(tfo_key_parse(&k, c->text) == 0, "'%s'", c->text);
		ck_assert_uint_eq(k.len, c->len);
		ck_assert_mem_eq(k.bytes, c->bytes, c->len);
	}
}
END_TEST

static const char *const bad[] = {
	"",
	"a1a1a1a1",
	"1-2-3",
	"1-2-3-4-5",
	"1-2-3-4-5-6-7",
	"1-2-3-4-5-6-7-8-9",
	"123456789-2-3-4", /* 9 digits: more than 32 bits */
	"0x1-2-3-4",
	" 1-2-3-4",
	"1-2-3-4 ",
	"1-2-3-4\n",
	"1--2-3-4",
	"-1-2-3-4",
	"1-2-3-4-",
	"1-2-3-g",
	"1,2,3,4",
	"1-2-3-4,5-6-7-8", /* a key ring, not a key */
	"+1-2-3-4",
	"1-2-3-\xff",
	NULL,
};

START_TEST(parse_bad_leaves_key_alone)
{
	for (const char *const *t = bad; *t; t++) {
		tfo_key k, before;

		memset(&k, 0x55, sizeof(k));
		before = k;
		ck_assert_msg(tfo_key_parse(&k, *t) == TFO_ERR_BAD_KEY, "'%s'", *t);
		ck_assert_mem_eq(&k, &before, sizeof(k));
	}
	ck_assert_int_eq(tfo_key_parse(NULL, "1-2-3-4"), TFO_ERR_BAD_KEY);
}
END_TEST

START_TEST(parse_null_text)
{
	tfo_key k;

	ck_assert_int_eq(tfo_key_parse(&k, NULL), TFO_ERR_BAD_KEY);
}
END_TEST

START_TEST(format_lowercase_padded)
{
	for (const struct key_case *c = good; c->text; c++) {
		char buf[TFO_KEYSTRLEN];
		tfo_key k;

		ck_assert_int_eq(tfo_key_parse(&k, c->text), 0);
		ck_assert_int_eq(tfo_key_format(&k, buf, sizeof(buf)), (int)strlen(c->formatted));
		ck_assert_str_eq(buf, c->formatted);
	}
}
END_TEST

START_TEST(format_sizes)
{
	tfo_key k;
	char buf[TFO_KEYSTRLEN];

	ck_assert_int_eq(tfo_key_parse(&k, "1-2-3-4"), 0);
	ck_assert_int_eq(tfo_key_format(&k, buf, 35), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_key_format(&k, buf, 36), 35);
	ck_assert_int_eq(tfo_key_format(&k, NULL, 0), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_key_parse(&k, "1-2-3-4-5-6-7-8"), 0);
	ck_assert_int_eq(tfo_key_format(&k, buf, 71), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_key_format(&k, buf, TFO_KEYSTRLEN), 71);
	k.len = 24;
	ck_assert_int_eq(tfo_key_format(&k, buf, sizeof(buf)), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_key_format(NULL, buf, sizeof(buf)), TFO_ERR_INVALID);
}
END_TEST

START_TEST(format_parse_round_trip)
{
	tfo_key k, back;
	char buf[TFO_KEYSTRLEN];

	memset(&k, 0, sizeof(k));
	for (int len = 16; len <= 32; len += 16) {
		k.len = (uint8_t)len;
		for (int i = 0; i < len; i++)
			k.bytes[i] = (uint8_t)(37 * i + 11);
		ck_assert_int_gt(tfo_key_format(&k, buf, sizeof(buf)), 0);
		ck_assert_int_eq(tfo_key_parse(&back, buf), 0);
		ck_assert_uint_eq(back.len, k.len);
		ck_assert_mem_eq(back.bytes, k.bytes, k.len);
	}
}
END_TEST

START_TEST(wipe_zeroes_everything)
{
	static const tfo_key zero;
	tfo_key k;

	ck_assert_int_eq(tfo_key_parse(&k, "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"), 0);
	tfo_key_wipe(&k);
	ck_assert_mem_eq(&k, &zero, sizeof(k));
	tfo_key_wipe(NULL);
}
END_TEST

Suite *key_suite(void)
{
	Suite *s = suite_create("key");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_good);
	tcase_add_test(tc, parse_bad_leaves_key_alone);
	tcase_add_test(tc, parse_null_text);
	tcase_add_test(tc, format_lowercase_padded);
	tcase_add_test(tc, format_sizes);
	tcase_add_test(tc, format_parse_round_trip);
	tcase_add_test(tc, wipe_zeroes_everything);
	suite_add_tcase(s, tc);
	return s;
}
