/* The bounded text builder: snprintf's contract at every size. */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "tfo_strbuf.h"

/* One text built into buffers of every size from 0 to past its length. */
static void build(struct strbuf *sb, char *buf, size_t size)
{
	static const uint8_t bytes[] = { 0x0a, 0xff };

	sb_init(sb, size ? buf : NULL, size);
	sb_putlit(sb, "n=");
	sb_putu(sb, 18446744073709551615u);
	sb_putc(sb, ' ');
	sb_puts(sb, "ok");
	sb_puthex(sb, bytes, sizeof(bytes));
	sb_putu(sb, 0);
}

START_TEST(cut_at_every_size)
{
	static const char want[] = "n=18446744073709551615 ok0aff0";
	char buf[64];
	struct strbuf sb;

	for (size_t size = 0; size < sizeof(buf); size++) {
		memset(buf, 'x', sizeof(buf));
		build(&sb, buf, size);
		ck_assert_int_eq(sb_result(&sb), (int)strlen(want));
		if (size == 0)
			continue;
		/* what fits, NUL-terminated, and nothing written past size */
		ck_assert_uint_eq(strlen(buf), size - 1 < strlen(want) ? size - 1 : strlen(want));
		ck_assert_mem_eq(buf, want, strlen(buf));
		for (size_t i = size; i < sizeof(buf); i++)
			ck_assert_int_eq(buf[i], 'x');
	}
}
END_TEST

/* A long hex run goes through in pieces, and is cut like the rest. */
START_TEST(long_hex)
{
	uint8_t bytes[100];
	char buf[256], want[201];
	struct strbuf sb;

	for (size_t i = 0; i < sizeof(bytes); i++) {
		bytes[i] = (uint8_t)(i * 7);
		snprintf(want + 2 * i, 3, "%02x", bytes[i]);
	}
	sb_init(&sb, buf, sizeof(buf));
	sb_puthex(&sb, bytes, sizeof(bytes));
	ck_assert_str_eq(buf, want);
	sb_init(&sb, buf, 51);
	sb_puthex(&sb, bytes, sizeof(bytes));
	ck_assert_int_eq(sb_result(&sb), 200);
	ck_assert_uint_eq(strlen(buf), 50);
	ck_assert_mem_eq(buf, want, 50);
}
END_TEST

/* Numbers as printf writes them, at every count of digits and its edges. */
START_TEST(numbers)
{
	char buf[32], want[32];
	struct strbuf sb;
	uint64_t p = 1;

	for (int d = 0; d < 20; d++, p *= 10) {
		const uint64_t vs[] = { p - 1, p, p + 1, p * 7 + 3 };

		for (size_t i = 0; i < sizeof(vs) / sizeof(vs[0]); i++) {
			sb_init(&sb, buf, sizeof(buf));
			sb_putu(&sb, vs[i]);
			snprintf(want, sizeof(want), "%llu", (unsigned long long)vs[i]);
			ck_assert_str_eq(buf, want);
			ck_assert_int_eq(sb_result(&sb), (int)strlen(want));
		}
	}
}
END_TEST

Suite *strbuf_suite(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, cut_at_every_size);
	tcase_add_test(tc, long_hex);
	tcase_add_test(tc, numbers);
	suite_add_tcase(s, tc);
	return s;
}
