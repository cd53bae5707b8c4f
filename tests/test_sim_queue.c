/* The event queue: order by time, ties by insertion, growth, allocation failure. */
#include "sim_queue.h"
#include "testutil.h"

static void push(struct sim_queue *q, tfo_time t, uint32_t arg)
{
	struct sim_event ev = { .time = t, .arg = arg };

	ck_assert_int_eq(queue_push(q, &ev), 0);
}

START_TEST(orders_by_time_then_insertion)
{
	static const struct {
		tfo_time t;
		uint32_t arg;
	} in[] = { { 50, 1 }, { 10, 2 }, { 50, 3 }, { 0, 4 }, { 10, 5 }, { 50, 6 }, { 0, 7 } };
	static const uint32_t want[] = { 4, 7, 2, 5, 1, 3, 6 };
	struct test_alloc ta;
	struct sim_queue q;
	struct sim_event ev;

	test_alloc_init(&ta, 0);
	queue_init(&q, &ta.a);
	ck_assert_uint_eq(queue_next_time(&q), TFO_TIME_NEVER);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		push(&q, in[i].t, in[i].arg);
	ck_assert_uint_eq(queue_next_time(&q), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ck_assert_int_eq(queue_pop(&q, &ev), 1);
		ck_assert_uint_eq(ev.arg, want[i]);
	}
	ck_assert_int_eq(queue_pop(&q, &ev), 0);
	queue_free(&q);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

/* Many events with few distinct times: the pops must come out sorted and stable. */
START_TEST(large_interleaved_run_is_sorted)
{
	struct sim_queue q;
	struct sim_event ev;
	tfo_time last_t = 0;
	uint32_t last_arg = 0;

	queue_init(&q, NULL);
	for (uint32_t i = 0; i < 5000; i++)
		push(&q, (i * 7919u) % 13, i);
	for (uint32_t i = 0; i < 5000; i++) {
		ck_assert_int_eq(queue_pop(&q, &ev), 1);
		if (i > 0) {
			ck_assert_uint_ge(ev.time, last_t);
			if (ev.time == last_t)
				ck_assert_uint_gt(ev.arg, last_arg);
		}
		last_t = ev.time;
		last_arg = ev.arg;
	}
	queue_free(&q);
}
END_TEST

/* Interleaving pushes and pops, as the engine does, keeps the order. */
START_TEST(push_while_popping)
{
	struct sim_queue q;
	struct sim_event ev;

	queue_init(&q, NULL);
	push(&q, 100, 1);
	push(&q, 200, 2);
	ck_assert_int_eq(queue_pop(&q, &ev), 1);
	ck_assert_uint_eq(ev.arg, 1);
	push(&q, 100, 3); /* "now" again: before 200 */
	push(&q, 200, 4); /* after the earlier 200 */
	ck_assert_int_eq(queue_pop(&q, &ev), 1);
	ck_assert_uint_eq(ev.arg, 3);
	ck_assert_int_eq(queue_pop(&q, &ev), 1);
	ck_assert_uint_eq(ev.arg, 2);
	ck_assert_int_eq(queue_pop(&q, &ev), 1);
	ck_assert_uint_eq(ev.arg, 4);
	queue_free(&q);
}
END_TEST

START_TEST(allocation_failure_leaves_queue_usable)
{
	struct test_alloc ta;
	struct sim_queue q;
	struct sim_event ev = { .time = 1 };

	test_alloc_init(&ta, 2); /* the first growth works, the second fails */
	queue_init(&q, &ta.a);
	for (int i = 0; i < 64; i++)
		ck_assert_int_eq(queue_push(&q, &ev), 0);
	ck_assert_int_eq(queue_push(&q, &ev), TFO_ERR_NOMEM);
	ck_assert_uint_eq(q.len, 64);
	ck_assert_int_eq(queue_pop(&q, &ev), 1);
	ck_assert_int_eq(queue_push(&q, &ev), 0);
	queue_free(&q);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

/* Steady state: as many pushes as pops allocate nothing after the first growth. */
START_TEST(steady_state_does_not_allocate)
{
	struct test_alloc ta;
	struct sim_queue q;
	struct sim_event ev = { 0 };

	test_alloc_init(&ta, 0);
	queue_init(&q, &ta.a);
	for (int i = 0; i < 10; i++)
		push(&q, (tfo_time)i, 0);
	for (int i = 0; i < 100000; i++) {
		ck_assert_int_eq(queue_pop(&q, &ev), 1);
		push(&q, ev.time + 10, 0);
	}
	ck_assert_uint_eq(ta.calls, 1);
	queue_free(&q);
}
END_TEST

/*
 * Lanes keep the heap's order exactly: the same pushes, some through
 * lanes (mostly in time order, sometimes earlier than the lane's last),
 * some not, interleaved with pops, come out as from a queue without lanes.
 */
START_TEST(lanes_keep_the_order)
{
	struct test_alloc ta;
	struct sim_queue plain, laned;
	struct sim_event a, b;
	tfo_time now = 0, last[3] = { 0 };
	uint32_t x = 12345, late = 0, arg = 0;

	test_alloc_init(&ta, 0);
	queue_init(&plain, NULL);
	queue_init(&laned, &ta.a);
	ck_assert_int_eq(queue_set_lanes(&laned, 3), 0);
	for (int round = 0; round < 20000; round++) {
		x = x * 1103515245u + 12345u;
		if ((x >> 16) % 2 == 0) {
			struct sim_event ev = { .arg = arg++ };
			unsigned lane = (x >> 8) % 4;

			ev.time = now + (x >> 20) % 3 * 10;
			if (lane < 3 && (x >> 4) % 16 == 0)
				ev.time = now; /* maybe earlier than the lane's last */
			else if (lane < 3 && last[lane] > now)
				ev.time = last[lane] + (x >> 20) % 3 * 10; /* in order */
			ck_assert_int_eq(queue_push(&plain, &ev), 0);
			if (lane < 3) {
				late += ev.time < last[lane];
				if (ev.time > last[lane])
					last[lane] = ev.time;
				ck_assert_int_eq(queue_push_lane(&laned, lane, &ev), 0);
			} else {
				ck_assert_int_eq(queue_push(&laned, &ev), 0);
			}
		} else {
			ck_assert_uint_eq(queue_next_time(&plain), queue_next_time(&laned));
			ck_assert_int_eq(queue_pop(&plain, &a), queue_pop(&laned, &b));
			if (a.time > now && plain.len)
				now = a.time;
			ck_assert_uint_eq(a.arg, b.arg);
			ck_assert_uint_eq(a.time, b.time);
			ck_assert_uint_eq(b.lane, 0);
		}
	}
	ck_assert_uint_gt(late, 0);
	while (queue_pop(&plain, &a)) {
		ck_assert_int_eq(queue_pop(&laned, &b), 1);
		ck_assert_uint_eq(a.arg, b.arg);
	}
	ck_assert_int_eq(queue_pop(&laned, &b), 0);
	ck_assert_uint_lt(laned.cap, plain.cap);
	queue_free(&plain);
	queue_free(&laned);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

/* An event names its lane in 16 bits: a queue refuses more lanes than that holds. */
START_TEST(lanes_fit_an_event)
{
	struct sim_queue q;

	queue_init(&q, NULL);
	ck_assert_int_eq(queue_set_lanes(&q, 65535), TFO_ERR_INVALID);
	ck_assert_ptr_null(q.lanes);
	ck_assert_int_eq(queue_set_lanes(&q, 65534), 0);
	ck_assert_uint_eq(q.nlanes, 65534);
	queue_free(&q);
}
END_TEST

Suite *sim_queue_suite(void)
{
	Suite *s = suite_create("sim_queue");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, orders_by_time_then_insertion);
	tcase_add_test(tc, large_interleaved_run_is_sorted);
	tcase_add_test(tc, push_while_popping);
	tcase_add_test(tc, allocation_failure_leaves_queue_usable);
	tcase_add_test(tc, steady_state_does_not_allocate);
	tcase_add_test(tc, lanes_keep_the_order);
	tcase_add_test(tc, lanes_fit_an_event);
	suite_add_tcase(s, tc);
	return s;
}
