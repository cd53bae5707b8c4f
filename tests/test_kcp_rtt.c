/* KCP RTT estimator and RTO: exact values, the minimum RTO, and the growth per timeout. */
#include "kcp_cb.h"
#include "kcp_rtt.h"
#include "kcp_testutil.h"
#include "testutil.h"

static tfo_kcp *make(struct kcap *c, int nodelay)
{
	tfo_kcp_config cfg;

	tfo_kcp_config_default(&cfg, 1);
	tfo_kcp_config_set_nodelay(&cfg, nodelay, 10, 0, 1);
	return kcp_make(&cfg, NULL, c);
}

START_TEST(estimator_values)
{
	/* 100 ms: srtt 100, rttval 50, RTO 100 + 4*50 = 300; then 60 ms: rttval 47, srtt 95, RTO
	 * 283 */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 0);

	ck_assert_uint_eq(k->rx_rto, 200); /* before any sample */
	rtt_sample(k, 100);
	ck_assert_int_eq(k->rx_srtt, 100);
	ck_assert_int_eq(k->rx_rttval, 50);
	ck_assert_uint_eq(k->rx_rto, 300);
	rtt_sample(k, 60);
	ck_assert_int_eq(k->rx_rttval, 47);
	ck_assert_int_eq(k->rx_srtt, 95);
	ck_assert_uint_eq(k->rx_rto, 283);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(minimum_rto)
{
	/* A 5 ms path: srtt + max(interval, 4 rttval) = 15, raised to 100 ms, or 30 ms with nodelay
	 */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 0);
	tfo_kcp *n = make(&c, 1);

	rtt_sample(k, 5);
	rtt_sample(n, 5);
	ck_assert_uint_eq(k->rx_rto, 100);
	ck_assert_uint_eq(n->rx_rto, 30);
	/* and the ceiling is 60 s */
	rtt_sample(k, 100000);
	ck_assert_uint_eq(k->rx_rto, 60000);
	tfo_kcp_free(k);
	tfo_kcp_free(n);
}
END_TEST

/* The times a lone unacknowledged segment is sent, updating every ms from 0 to end. */
static size_t send_times(int nodelay, uint32_t end, uint32_t *at)
{
	static struct kcap c;
	tfo_kcp *k;
	size_t n;

	c = (struct kcap){ 0 };
	k = make(&c, nodelay);
	ck_assert_int_eq(tfo_kcp_send(k, "x", 1), 1);
	kcp_tick(k, &c, 0, end);
	for (size_t i = 0; i < c.n; i++)
		at[i] = c.at[i];
	n = c.n;
	ck_assert_uint_eq(kcap_count_cmd(&c, 0, TFO_KCP_CMD_PUSH), n);
	tfo_kcp_free(k);
	return n;
}

START_TEST(timeout_doubles)
{
	/* nodelay 0: first timeout RTO + RTO/8 = 225 (next flush 230), then 400, 800, 1600 apart */
	uint32_t at[16];

	ck_assert_uint_eq(send_times(0, 3100, at), 5);
	ck_assert_uint_eq(at[0], 0);
	ck_assert_uint_eq(at[1], 230);
	ck_assert_uint_eq(at[2], 630);
	ck_assert_uint_eq(at[3], 1430);
	ck_assert_uint_eq(at[4], 3030);
}
END_TEST

START_TEST(timeout_grows_by_half)
{
	/* nodelay 1: 200, then 300, 450, 675 apart (x1.5) */
	uint32_t at[16];

	ck_assert_uint_eq(send_times(1, 1700, at), 5);
	ck_assert_uint_eq(at[1], 200);
	ck_assert_uint_eq(at[2], 500);
	ck_assert_uint_eq(at[3], 950);
	ck_assert_uint_eq(at[4], 1630); /* due at 1625, sent by the flush at 1630 */
}
END_TEST

START_TEST(timeout_nodelay2_adds_half_estimate)
{
	/* nodelay 2: each timeout adds half the current RTO estimate (200/2): 200, 300, 400, 500
	 * apart */
	uint32_t at[16];

	ck_assert_uint_eq(send_times(2, 1500, at), 5);
	ck_assert_uint_eq(at[1], 200);
	ck_assert_uint_eq(at[2], 500);
	ck_assert_uint_eq(at[3], 900);
	ck_assert_uint_eq(at[4], 1400);
}
END_TEST

START_TEST(rtt_from_echoed_ts)
{
	/* An ACK echoing ts 1000 that arrives at 1080 is an 80 ms sample */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 0);
	tfo_kcp_stats st;
	uint8_t d[32];
	size_t n;

	ck_assert_int_eq(tfo_kcp_send(k, "x", 1), 1);
	c.now = 1000;
	ck_assert_int_eq(tfo_kcp_update(k, 1000), 0);
	n = kcp_seg_bytes(d, 1, TFO_KCP_CMD_ACK, 0, 128, 1000, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 1080, d, n), 0);
	tfo_kcp_stats_get(k, &st);
	ck_assert_uint_eq(st.srtt_ms, 80);
	ck_assert_uint_eq(st.rttvar_ms, 40);
	ck_assert_uint_eq(st.rto_ms, 240);
	ck_assert_uint_eq(st.rtt_samples, 1);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 0);
	/* An echo from the future gives no sample */
	n = kcp_seg_bytes(d, 1, TFO_KCP_CMD_ACK, 0, 128, 5000, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 1090, d, n), 0);
	tfo_kcp_stats_get(k, &st);
	ck_assert_uint_eq(st.rtt_samples, 1);
	tfo_kcp_free(k);
}
END_TEST

Suite *kcp_rtt_suite(void)
{
	Suite *s = suite_create("kcp_rtt");
	TCase *tc = tcase_create("kcp_rtt");

	tcase_add_test(tc, estimator_values);
	tcase_add_test(tc, minimum_rto);
	tcase_add_test(tc, timeout_doubles);
	tcase_add_test(tc, timeout_grows_by_half);
	tcase_add_test(tc, timeout_nodelay2_adds_half_estimate);
	tcase_add_test(tc, rtt_from_echoed_ts);
	suite_add_tcase(s, tc);
	return s;
}
