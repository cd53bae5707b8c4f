/* The per-connection ring: entries by number, growth while wrapped, release in order. */
#include "replay_slots.h"
#include "replay_testutil.h"

START_TEST(grow_wrapped)
{
	struct replay_slots s;
	uint64_t *e;

	replay_slots_init(&s, NULL, sizeof(uint64_t));
	ck_assert_ptr_null(replay_slots_peek(&s, 1));
	for (uint64_t n = 1; n <= 10; n++)
		*(uint64_t *)replay_slots_get(&s, n) = n * 100;
	for (uint64_t n = 1; n <= 6; n++)
		replay_slots_release(&s, n);
	/* 7..10 now sit in the middle of the ring: growing must keep them in order */
	for (uint64_t n = 11; n <= 40; n++) {
		e = replay_slots_get(&s, n);
		ck_assert_uint_eq(*e, 0);
		*e = n * 100;
	}
	for (uint64_t n = 7; n <= 40; n++)
		ck_assert_uint_eq(*(uint64_t *)replay_slots_peek(&s, n), n * 100);
	ck_assert_ptr_null(replay_slots_peek(&s, 6));
	ck_assert_ptr_null(replay_slots_get(&s, 6));
	ck_assert_ptr_null(replay_slots_peek(&s, 41));
	replay_slots_free(&s);
}
END_TEST

START_TEST(release_gaps)
{
	struct replay_slots s;

	replay_slots_init(&s, NULL, 1);
	ck_assert_ptr_nonnull(replay_slots_get(&s, 3));
	ck_assert_uint_eq(s.len, 3);
	/* releasing 2 drops 1 and 2 */
	replay_slots_release(&s, 2);
	ck_assert_uint_eq(s.base, 3);
	ck_assert_ptr_nonnull(replay_slots_peek(&s, 3));
	/* a number never given out is released past */
	replay_slots_release(&s, 5);
	ck_assert_uint_eq(s.len, 0);
	ck_assert_uint_eq(s.base, 6);
	ck_assert_ptr_null(replay_slots_get(&s, 5));
	ck_assert_ptr_nonnull(replay_slots_get(&s, 6));
	replay_slots_free(&s);
}
END_TEST

START_TEST(no_memory)
{
	struct test_alloc ta;
	struct replay_slots s;

	test_alloc_init(&ta, 1);
	replay_slots_init(&s, &ta.a, 8);
	ck_assert_ptr_null(replay_slots_get(&s, 1));
	ck_assert_ptr_nonnull(replay_slots_get(&s, 1));
	replay_slots_free(&s);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

Suite *replay_slots_suite(void)
{
	Suite *s = suite_create("replay_slots");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, grow_wrapped);
	tcase_add_test(tc, release_gaps);
	tcase_add_test(tc, no_memory);
	suite_add_tcase(s, tc);
	return s;
}
