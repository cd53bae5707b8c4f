/* The timer heap and list: order by deadline then arming order, against a naive model. */
#include <string.h>

#include "seggen.h"
#include "testutil.h"
#include "tfo_timer.h"

#define N 300

START_TEST(ties_in_arming_order)
{
	/* Timers due at the same time fire in the order they were armed */
	struct tmr_heap hp;
	struct tmr t[4];

	heap_init(&hp);
	ck_assert_int_eq(heap_reserve(&hp, NULL, 4), 0);
	for (int i = 0; i < 4; i++)
		tmr_init(&t[i], (uint8_t)i);
	tmr_arm(&hp, &t[2], 10);
	tmr_arm(&hp, &t[0], 10);
	tmr_arm(&hp, &t[3], 5);
	tmr_arm(&hp, &t[1], 10);
	ck_assert_ptr_eq(heap_min(&hp), &t[3]);
	tmr_stop(&hp, &t[3]);
	ck_assert_ptr_eq(heap_min(&hp), &t[2]);
	tmr_stop(&hp, &t[2]);
	ck_assert_ptr_eq(heap_min(&hp), &t[0]);
	tmr_arm(&hp, &t[0], 10); /* re-arming puts it last among equals */
	ck_assert_ptr_eq(heap_min(&hp), &t[1]);
	tmr_stop(&hp, &t[1]);
	ck_assert_ptr_eq(heap_min(&hp), &t[0]);
	tmr_stop(&hp, &t[0]);
	ck_assert_ptr_null(heap_min(&hp));
	tmr_stop(&hp, &t[0]);
	ck_assert(!tmr_armed(&t[0]));
	heap_free(&hp, NULL);
}
END_TEST

static int earliest(const struct tmr *t, size_t n)
{
	int best = -1;

	for (size_t i = 0; i < n; i++)
		if (tmr_armed(&t[i]) && (best < 0 || t[i].when < t[best].when ||
		                         (t[i].when == t[best].when && t[i].seq < t[best].seq)))
			best = (int)i;
	return best;
}

START_TEST(matches_model)
{
	/* Random arm/stop/pop sequences; the heap's minimum is always the model's */
	struct tmr_heap hp;
	static struct tmr t[N];
	struct xorshift x;

	heap_init(&hp);
	ck_assert_int_eq(heap_reserve(&hp, NULL, N), 0);
	for (int i = 0; i < N; i++)
		tmr_init(&t[i], 0);
	xs_seed(&x, 7);
	for (int i = 0; i < 20000; i++) {
		uint32_t k = xs_below(&x, N), op = xs_below(&x, 3);
		int want;

		if (op == 0)
			tmr_arm(&hp, &t[k], xs_below(&x, 50));
		else if (op == 1)
			tmr_stop(&hp, &t[k]);
		else if (heap_min(&hp))
			tmr_stop(&hp, heap_min(&hp));
		want = earliest(t, N);
		ck_assert_ptr_eq(heap_min(&hp), want < 0 ? NULL : &t[want]);
	}
	heap_free(&hp, NULL);
}
END_TEST

START_TEST(fixed_matches_model)
{
	/*
	 * As above, with a clock that moves forward and fixed-delay timers
	 * (mostly one delay, sometimes a shorter one, which must go to the
	 * heap): heap and list together always give the model's minimum.
	 */
	struct tmr_heap hp;
	static struct tmr t[N];
	struct xorshift x;
	tfo_time now = 0;
	int listed = 0;

	heap_init(&hp);
	ck_assert_int_eq(heap_reserve(&hp, NULL, N), 0);
	for (int i = 0; i < N; i++)
		tmr_init(&t[i], 0);
	xs_seed(&x, 11);
	for (int i = 0; i < 20000; i++) {
		uint32_t k = xs_below(&x, N), op = xs_below(&x, 4);
		int want;

		now += xs_below(&x, 3);
		if (op == 0)
			tmr_arm(&hp, &t[k], now + xs_below(&x, 50));
		else if (op == 1)
			tmr_arm_fixed(&hp, &t[k], now + (xs_below(&x, 10) ? 40 : 20));
		else if (op == 2)
			tmr_stop(&hp, &t[k]);
		else if (heap_min(&hp))
			tmr_stop(&hp, heap_min(&hp));
		listed += t[k].idx == TMR_LISTED;
		want = earliest(t, N);
		ck_assert_ptr_eq(heap_min(&hp), want < 0 ? NULL : &t[want]);
	}
	ck_assert_int_gt(listed, 1000); /* the list was used, not only the heap */
	heap_free(&hp, NULL);
}
END_TEST

START_TEST(reserve_fails_cleanly)
{
	struct test_alloc ta;
	struct tmr_heap hp;

	test_alloc_init(&ta, 1);
	heap_init(&hp);
	ck_assert_int_eq(heap_reserve(&hp, &ta.a, 5), TFO_ERR_NOMEM);
	ck_assert_int_eq(heap_reserve(&hp, &ta.a, 5), 0);
	ck_assert_uint_ge(hp.cap, 5);
	ck_assert_int_eq(heap_reserve(&hp, &ta.a, 3), 0);
	heap_free(&hp, &ta.a);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

Suite *timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("heap");

	tcase_add_test(tc, ties_in_arming_order);
	tcase_add_test(tc, matches_model);
	tcase_add_test(tc, fixed_matches_model);
	tcase_add_test(tc, reserve_fails_cleanly);
	suite_add_tcase(s, tc);
	return s;
}
