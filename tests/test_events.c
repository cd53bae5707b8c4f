/* The event queue: FIFO order across growth, purging, loss when it cannot grow; names. */
#include <string.h>

#include "testutil.h"
#include "tfo_events.h"

START_TEST(fifo_across_growth)
{
	struct evq q;
	struct evq_entry e = { 0 }, out;
	int objs[200];

	ck_assert_int_eq(evq_init(&q, NULL), 0);
	for (int i = 0; i < 150; i++) {
		e.obj = &objs[i];
		e.error = i;
		ck_assert_int_eq(evq_push(&q, NULL, &e), 0);
		if (i % 3 == 0) {
			ck_assert_int_eq(evq_pop(&q, &out), 1);
			ck_assert_int_eq(out.error, i / 3);
		}
	}
	evq_purge(&q, &objs[60]);
	for (int i = 50; i < 150; i++) {
		ck_assert_int_eq(evq_pop(&q, &out), 1);
		ck_assert_int_eq(out.error, i);
		ck_assert_ptr_eq(out.obj, i == 60 ? NULL : (void *)&objs[i]);
	}
	ck_assert_int_eq(evq_pop(&q, &out), 0);
	evq_free(&q, NULL);
}
END_TEST

START_TEST(lost_when_full)
{
	struct test_alloc ta;
	struct evq q;
	struct evq_entry e = { 0 };

	test_alloc_init(&ta, 2);
	ck_assert_int_eq(evq_init(&q, &ta.a), 0);
	for (int i = 0; i < 64; i++)
		ck_assert_int_eq(evq_push(&q, &ta.a, &e), 0);
	ck_assert_int_eq(evq_push(&q, &ta.a, &e), TFO_ERR_NOMEM);
	ck_assert_uint_eq(q.lost, 1);
	ck_assert_uint_eq(q.n, 64);
	evq_free(&q, &ta.a);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(tfo_event_name(TFO_EV_STATE), "state");
	ck_assert_str_eq(tfo_event_name(TFO_EV_CLOSED), "closed");
	ck_assert_str_eq(tfo_event_name(TFO_EV_COOKIE), "cookie");
	ck_assert_str_eq(tfo_event_name(-1), "?");
	ck_assert_str_eq(tfo_event_name(8), "?");
	ck_assert_str_eq(tfo_state_name(TFO_SYN_RECEIVED), "SYN-RECEIVED");
	ck_assert_str_eq(tfo_state_name(TFO_TIME_WAIT), "TIME-WAIT");
	ck_assert_str_eq(tfo_state_name(11), "?");
	ck_assert_str_eq(tfo_outcome_name(TFO_OUTCOME_PARTIAL), "tfo-partial");
	ck_assert_str_eq(tfo_outcome_name(TFO_OUTCOME_INCOMPLETE), "incomplete");
	ck_assert_str_eq(tfo_outcome_name(6), "?");
	for (int i = 0; i < TFO_CTR_COUNT; i++) {
		ck_assert_ptr_nonnull(tfo_counter_name(i));
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(tfo_counter_name(i), tfo_counter_name(j));
	}
	ck_assert_str_eq(tfo_counter_name(TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY),
	                 "TCPFastOpenPassiveAltKey");
	ck_assert_ptr_null(tfo_counter_name(TFO_CTR_COUNT));
	ck_assert_uint_eq(tfo_host_counter(NULL, 0), 0);
}
END_TEST

Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc = tcase_create("queue");

	tcase_add_test(tc, fifo_across_growth);
	tcase_add_test(tc, lost_when_full);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
