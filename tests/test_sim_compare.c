/*
 * tfosim compare's engine: the reference experiment's link model (exact
 * loss per 100, delay range, order kept, queue limit), determinism, the
 * reference's figures for its normal and fast modes, and the claims.
 */
#include <string.h>

#include "sim_compare_out.h"
#include "testutil.h"

START_TEST(bag_loses_exactly_five_per_hundred)
{
	/* 5% from a bag of 100: exactly 5 of each 100 packets lost; delays in [30, 62), in order */
	struct cmp_workload w;
	struct cmp_dir d;
	uint8_t b[4] = { 0 };
	uint32_t got = 0, prev_at = 0;

	cmp_reference(&w, 9);
	ck_assert_int_eq(cmp_dir_init(&d, &w, "t", NULL), 0);
	for (uint32_t i = 0; i < 100; i++)
		cmp_dir_send(&d, 0, b, sizeof(b), 28);
	ck_assert_uint_eq(d.len, 95);
	ck_assert_uint_eq(d.wire_bytes, 100 * 28);
	for (uint32_t t = 0; t < 100; t++) {
		const struct cmp_pkt *p;

		while ((p = cmp_dir_recv(&d, t)) != NULL) {
			ck_assert_uint_ge(p->at_ms, 30);
			ck_assert_uint_lt(p->at_ms, 62);
			ck_assert_uint_le(t, 61);
			got++;
			prev_at = p->at_ms;
		}
	}
	ck_assert_uint_eq(got, 95);
	ck_assert_uint_gt(prev_at, 0);
	cmp_dir_free(&d, NULL);
}
END_TEST

START_TEST(fifo_holds_back_and_limits)
{
	/* A packet due later holds back the ones behind it; the 1001st waiting is dropped */
	struct cmp_workload w;
	struct cmp_dir d;
	uint8_t b[1] = { 0 };

	cmp_reference(&w, 1);
	w.loss_pct = 0;
	ck_assert_int_eq(cmp_dir_init(&d, &w, "t", NULL), 0);
	for (uint32_t i = 0; i < 1001; i++)
		cmp_dir_send(&d, 0, b, 1, 1);
	ck_assert_uint_eq(d.len, CMP_QUEUE_MAX);
	d.q[0].at_ms = 100; /* the head is late */
	ck_assert_ptr_null(cmp_dir_recv(&d, 99));
	ck_assert_ptr_nonnull(cmp_dir_recv(&d, 100));
	ck_assert_ptr_nonnull(cmp_dir_recv(&d, 100));
	cmp_dir_free(&d, NULL);
}
END_TEST

START_TEST(reference_experiment)
{
	/*
	 * The reference reports mean/max 156/571 ms (normal) and 138/392 ms
	 * (fast); seed 1 of the model gives 156/567 and 134/377. Every
	 * protocol delivers all 1000 echoes; the same seed gives the same bytes.
	 */
	struct cmp_workload w;
	struct cmp_result r[CMP_NPROTO], again;
	struct cmp_claim c[CMP_NCLAIMS];

	cmp_reference(&w, 1);
	for (int p = 0; p < CMP_NPROTO; p++) {
		ck_assert_int_eq(cmp_run(&w, p, NULL, &r[p]), 0);
		ck_assert_uint_eq(r[p].delivered, 1000);
		/* the echoes, and the messages the server had when the run ended */
		ck_assert_uint_ge(r[p].delivered_bytes, 2 * 1000 * 8);
		ck_assert(r[p].p50_ms <= r[p].p99_ms && r[p].p99_ms <= r[p].max_ms);
	}
	ck_assert_uint_eq((uint32_t)(r[CMP_KCP_NORMAL].mean_ms + 0.5), 156);
	ck_assert_uint_eq(r[CMP_KCP_NORMAL].max_ms, 567);
	ck_assert_uint_eq((uint32_t)(r[CMP_KCP_FAST].mean_ms + 0.5), 135);
	ck_assert_uint_eq(r[CMP_KCP_FAST].max_ms, 377);
	/* KCP fast resends more than TCP and sends more bytes per byte */
	ck_assert_uint_gt(r[CMP_KCP_FAST].retransmissions, r[CMP_TCP].retransmissions);
	ck_assert_int_eq(cmp_run(&w, CMP_KCP_FAST, NULL, &again), 0);
	ck_assert_mem_eq(&again, &r[CMP_KCP_FAST], sizeof(again));
	cmp_claims(r, c);
	ck_assert_str_eq(c[0].name, "mean-latency");
	ck_assert_int_eq(c[0].supported, 0);
	ck_assert_int_eq(c[1].supported, 0);
	ck_assert_int_eq(c[2].supported, 1);
}
END_TEST

START_TEST(allocation_failures)
{
	/* Each allocation of a short KCP and TCP run failing: TFO_ERR_NOMEM, nothing left */
	struct cmp_workload w;
	struct cmp_result r;

	cmp_reference(&w, 1);
	w.echoes = 5;
	for (int p = CMP_TCP; p <= CMP_KCP_FAST; p += CMP_KCP_FAST - CMP_TCP) {
		struct test_alloc ta;
		unsigned long total;

		test_alloc_init(&ta, 0);
		ck_assert_int_eq(cmp_run(&w, p, &ta.a, &r), 0);
		ck_assert_int_eq(ta.live, 0);
		total = ta.calls;
		for (unsigned long f = 1; f <= total; f++) {
			int rc;

			test_alloc_init(&ta, f);
			rc = cmp_run(&w, p, &ta.a, &r);
			ck_assert_msg(rc == TFO_ERR_NOMEM || rc == 0, "%d", rc);
			ck_assert_int_eq(ta.live, 0);
		}
	}
	w.message = 4;
	ck_assert_int_eq(cmp_run(&w, CMP_TCP, NULL, &r), TFO_ERR_INVALID);
}
END_TEST

Suite *sim_compare_suite(void)
{
	Suite *s = suite_create("sim_compare");
	TCase *tc = tcase_create("sim_compare");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, bag_loses_exactly_five_per_hundred);
	tcase_add_test(tc, fifo_holds_back_and_limits);
	tcase_add_test(tc, reference_experiment);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}
