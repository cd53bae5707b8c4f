/* Quantities with units: exact parsing, rejection, integer printing. */
#include <string.h>

#include "sim_units.h"
#include "testutil.h"

struct tcase_u64 {
	const char *text;
	int ok;
	uint64_t want;
};

static const struct tcase_u64 times[] = {
	{ "100ms", 1, 100 * TFO_NS_PER_MS },
	{ "0ms", 1, 0 },
	{ "1.5s", 1, 1500 * TFO_NS_PER_MS },
	{ "0.001ms", 1, 1000 },
	{ "250us", 1, 250000 },
	{ "7ns", 1, 7 },
	{ "2s", 1, 2 * TFO_NS_PER_S },
	{ "1000000s", 1, UNITS_TIME_MAX },
	{ "1000001s", 0, 0 },
	{ "1.5ns", 0, 0 },  /* not whole nanoseconds */
	{ "100", 0, 0 },    /* no unit */
	{ "ms", 0, 0 },     /* no number */
	{ "100 ms", 0, 0 }, /* one word only */
	{ "100MS", 0, 0 },
	{ "1.ms", 0, 0 },
	{ ".5ms", 0, 0 },
	{ "-1ms", 0, 0 },
	{ "99999999999999999999999s", 0, 0 },
	{ NULL, 0, 0 },
};

START_TEST(times_parse_exactly)
{
	for (const struct tcase_u64 *t = times; t->text; t++) {
		tfo_time v = 12345;
		int rc = units_time(t->text, strlen(t->text), &v);

		ck_assert_msg((rc == 0) == t->ok, "%s", t->text);
		if (t->ok)
			ck_assert_msg(v == t->want, "%s: %llu", t->text, (unsigned long long)v);
	}
}
END_TEST

START_TEST(percent_rate_size_count)
{
	uint32_t ppm;
	uint64_t v;

	ck_assert_int_eq(units_percent("2%", 2, &ppm), 0);
	ck_assert_uint_eq(ppm, 20000);
	ck_assert_int_eq(units_percent("0.5%", 4, &ppm), 0);
	ck_assert_uint_eq(ppm, 5000);
	ck_assert_int_eq(units_percent("100%", 4, &ppm), 0);
	ck_assert_uint_eq(ppm, 1000000);
	ck_assert_int_eq(units_percent("0.0001%", 7, &ppm), 0);
	ck_assert_uint_eq(ppm, 1);
	ck_assert_int_eq(units_percent("0.00001%", 8, &ppm), -1);
	ck_assert_int_eq(units_percent("101%", 4, &ppm), -1);
	ck_assert_int_eq(units_percent("2", 1, &ppm), -1);

	ck_assert_int_eq(units_rate("10Mbit", 6, &v), 0);
	ck_assert_uint_eq(v, 10000000);
	ck_assert_int_eq(units_rate("1.5Gbit", 7, &v), 0);
	ck_assert_uint_eq(v, 1500000000);
	ck_assert_int_eq(units_rate("64Kbit", 6, &v), 0);
	ck_assert_uint_eq(v, 64000);
	ck_assert_int_eq(units_rate("10mbit", 6, &v), -1);
	ck_assert_int_eq(units_rate("10MB", 4, &v), -1);

	ck_assert_int_eq(units_size("100B", 4, &v), 0);
	ck_assert_uint_eq(v, 100);
	ck_assert_int_eq(units_size("4KiB", 4, &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(units_size("1.5KB", 5, &v), 0);
	ck_assert_uint_eq(v, 1500);
	ck_assert_int_eq(units_size("1.5B", 4, &v), -1);
	ck_assert_int_eq(units_size("100", 3, &v), -1);

	ck_assert_int_eq(units_count("0x203", 5, 0xffff, &v), 0);
	ck_assert_uint_eq(v, 0x203);
	ck_assert_int_eq(units_count("65535", 5, 65535, &v), 0);
	ck_assert_int_eq(units_count("65536", 5, 65535, &v), -1);
	ck_assert_int_eq(units_count("0x", 2, 10, &v), -1);
	ck_assert_int_eq(units_count("12a", 3, 1000, &v), -1);
	/* a single digit above a small maximum (the subtraction once wrapped) */
	ck_assert_int_eq(units_count("3", 1, 2, &v), -1);
	ck_assert_int_eq(units_count("2", 1, 2, &v), 0);
	ck_assert_int_eq(units_count("18446744073709551615", 20, UINT64_MAX, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(units_count("18446744073709551616", 20, UINT64_MAX, &v), -1);
}
END_TEST

START_TEST(printing_is_integer_and_rounded)
{
	char buf[32];

	ck_assert_str_eq(units_ms(buf, 0), "0.000");
	ck_assert_str_eq(units_ms(buf, 50 * TFO_NS_PER_MS), "50.000");
	ck_assert_str_eq(units_ms(buf, 1234567), "1.235");
	ck_assert_str_eq(units_ms(buf, 1234499), "1.234");
	ck_assert_str_eq(units_ms(buf, UINT64_MAX), "18446744073709.552");
	ck_assert_str_eq(units_ms_signed(buf, -100 * (int64_t)TFO_NS_PER_MS), "-100.000");
	ck_assert_str_eq(units_ms_signed(buf, -1), "0.000");
	ck_assert_str_eq(units_ms_signed(buf, 2500), "0.003");
	ck_assert_str_eq(units_ratio(buf, 100, 100), "1.00");
	ck_assert_str_eq(units_ratio(buf, 1, 3), "0.33");
	ck_assert_str_eq(units_ratio(buf, 2, 3), "0.67");
	ck_assert_str_eq(units_ratio(buf, -50, 100), "-0.50");
	ck_assert_str_eq(units_ratio(buf, -1, 1000), "0.00");
	ck_assert_str_eq(units_ratio(buf, 5, 0), "n/a");
}
END_TEST

Suite *sim_units_suite(void)
{
	Suite *s = suite_create("sim_units");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, times_parse_exactly);
	tcase_add_test(tc, percent_rate_size_count);
	tcase_add_test(tc, printing_is_integer_and_rounded);
	suite_add_tcase(s, tc);
	return s;
}
