/* The simulator's PCG32: the reference outputs, stream independence, bounds. */
#include "sim_rng.h"
#include "testutil.h"

/* pcg32-demo from the PCG reference (pcg-c-basic), seeded with 42, 54. */
START_TEST(reference_outputs)
{
	static const uint32_t want[] = { 0xa15c02b7, 0x7b47f409, 0xba1d3330,
		                         0x83d2f293, 0xbfa4784b, 0xcbed606e };
	struct sim_rng r;

	rng_seed_raw(&r, 42, 54);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_uint_eq(rng_u32(&r), want[i]);
}
END_TEST

START_TEST(same_seed_and_label_repeat)
{
	struct sim_rng a, b;

	rng_init(&a, 1, "link client>server loss");
	rng_init(&b, 1, "link client>server loss");
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(rng_u32(&a), rng_u32(&b));
}
END_TEST

/* Derivation must not depend on anything but (seed, label): pinned values. */
START_TEST(derived_streams_are_pinned)
{
	struct sim_rng r;

	rng_init(&r, 1, "host client");
	ck_assert_uint_eq(rng_u32(&r), 0xb965919e);
	rng_init(&r, 2, "host client");
	ck_assert_uint_eq(rng_u32(&r), 0x8748383e);
}
END_TEST

static int streams_differ(uint64_t s1, const char *l1, uint64_t s2, const char *l2)
{
	struct sim_rng a, b;
	int same = 0;

	rng_init(&a, s1, l1);
	rng_init(&b, s2, l2);
	for (int i = 0; i < 16; i++)
		same += rng_u32(&a) == rng_u32(&b);
	return same < 2;
}

START_TEST(labels_and_seeds_separate_streams)
{
	ck_assert(streams_differ(1, "host client", 1, "host server"));
	ck_assert(streams_differ(1, "host client", 2, "host client"));
	ck_assert(streams_differ(0, "", 1, ""));
}
END_TEST

START_TEST(below_stays_in_range)
{
	struct sim_rng r;
	unsigned seen[7] = { 0 };

	rng_init(&r, 7, "below");
	ck_assert_uint_eq(rng_below(&r, 0), 0);
	ck_assert_uint_eq(rng_below(&r, 1), 0);
	for (int i = 0; i < 7000; i++) {
		uint64_t v = rng_below(&r, 7);

		ck_assert_uint_lt(v, 7);
		seen[v]++;
	}
	for (int i = 0; i < 7; i++)
		ck_assert_uint_gt(seen[i], 800); /* about 1000 each */
	for (int i = 0; i < 1000; i++)
		ck_assert_uint_lt(rng_below(&r, UINT64_C(5000000000)), UINT64_C(5000000000));
}
END_TEST

START_TEST(chance_extremes_draw_nothing)
{
	struct sim_rng a, b;
	int hits = 0;

	rng_init(&a, 3, "c");
	b = a;
	ck_assert_int_eq(rng_chance(&a, 0), 0);
	ck_assert_int_eq(rng_chance(&a, 1000000), 1);
	ck_assert_uint_eq(a.state, b.state);
	for (int i = 0; i < 100000; i++)
		hits += rng_chance(&a, 20000); /* 2% */
	ck_assert_int_gt(hits, 1700);
	ck_assert_int_lt(hits, 2300);
}
END_TEST

START_TEST(bytes_follow_the_words)
{
	struct sim_rng a, b;
	uint8_t buf[6];
	uint32_t w1, w2;

	rng_init(&a, 9, "bytes");
	b = a;
	rng_bytes(&a, buf, sizeof(buf));
	w1 = rng_u32(&b);
	w2 = rng_u32(&b);
	ck_assert_uint_eq(buf[0], w1 & 0xff);
	ck_assert_uint_eq(buf[3], w1 >> 24);
	ck_assert_uint_eq(buf[4], w2 & 0xff);
	ck_assert_uint_eq(buf[5], (w2 >> 8) & 0xff);
	ck_assert_uint_eq(a.state, b.state);
}
END_TEST

Suite *sim_rng_suite(void)
{
	Suite *s = suite_create("sim_rng");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reference_outputs);
	tcase_add_test(tc, same_seed_and_label_repeat);
	tcase_add_test(tc, derived_streams_are_pinned);
	tcase_add_test(tc, labels_and_seeds_separate_streams);
	tcase_add_test(tc, below_stays_in_range);
	tcase_add_test(tc, chance_extremes_draw_nothing);
	tcase_add_test(tc, bytes_follow_the_words);
	suite_add_tcase(s, tc);
	return s;
}
