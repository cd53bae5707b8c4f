/* KCP window probing: WASK 7 s after the peer's window closed, growing by half up to 120 s; WINS
 * answers. */
#include "kcp_cb.h"
#include "kcp_testutil.h"
#include "testutil.h"

#define CONV 7u

static tfo_kcp *closed_peer(struct kcap *c)
{
	tfo_kcp_config cfg;
	tfo_kcp *k;
	uint8_t d[32];
	size_t n;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 1, 10, 0, 1);
	k = kcp_make(&cfg, NULL, c);
	n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_WINS, 0, 0, 0, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), 0);
	return k;
}

/* The times of the WASKs sent while updating every 10 ms from 0 to end. */
static size_t wask_times(struct kcap *c, tfo_kcp *k, uint32_t end, uint32_t *at, size_t cap)
{
	size_t n = 0;

	for (uint32_t t = 0; t <= end; t += 10) {
		size_t before = c->n;

		c->now = t;
		ck_assert_int_eq(tfo_kcp_update(k, t), 0);
		if (c->n > before) {
			ck_assert_uint_eq(kcap_count_cmd(c, before, TFO_KCP_CMD_WASK), 1);
			ck_assert_uint_lt(n, cap);
			at[n++] = t;
			c->n = 0;
		}
	}
	return n;
}

START_TEST(probe_schedule_grows)
{
	/* 7000, +10500, +15750, +23630 (23625 on the 10 ms grid) ... and then every 120 s */
	static struct kcap c;
	uint32_t at[32];
	tfo_kcp *k;
	size_t n;

	c = (struct kcap){ 0 };
	k = closed_peer(&c);
	n = wask_times(&c, k, 1000000, at, 32);
	ck_assert_uint_ge(n, 10);
	ck_assert_uint_eq(at[0], 7000);
	ck_assert_uint_eq(at[1], 17500);
	ck_assert_uint_eq(at[2], 33250);
	ck_assert_uint_eq(at[3], 56880);
	ck_assert_uint_eq(at[n - 1] - at[n - 2], 120000);
	ck_assert_uint_eq(at[n - 2] - at[n - 3], 120000);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(open_window_stops_probing)
{
	/* A segment with a non-zero wnd before 7 s resets the schedule: no WASK at all */
	static struct kcap c;
	uint32_t at[4];
	uint8_t d[32];
	tfo_kcp *k;
	size_t n;

	c = (struct kcap){ 0 };
	k = closed_peer(&c);
	ck_assert_uint_eq(wask_times(&c, k, 6000, at, 4), 0);
	n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_WINS, 0, 5, 0, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 6005, d, n), 0);
	for (uint32_t t = 6010; t <= 20000; t += 10) {
		c.now = t;
		ck_assert_int_eq(tfo_kcp_update(k, t), 0);
	}
	ck_assert_uint_eq(c.n, 0);
	ck_assert_uint_eq(k->probe_wait, 0);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(wask_answered_by_wins)
{
	/* A WASK is answered at the next flush by a WINS carrying our free window */
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp_segment s[2];
	tfo_kcp *k;
	uint8_t d[32];
	size_t n;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 1, 10, 0, 1);
	k = kcp_make(&cfg, NULL, &c);
	n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_WASK, 0, 128, 0, 0, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), 0);
	kcp_tick(k, &c, 0, 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(kcap_segs(&c, 0, s, 2), 1);
	ck_assert_uint_eq(s[0].cmd, TFO_KCP_CMD_WINS);
	ck_assert_uint_eq(s[0].wnd, 128);
	kcp_tick(k, &c, 1, 100);
	ck_assert_uint_eq(c.n, 1);
	tfo_kcp_free(k);
}
END_TEST

Suite *kcp_probe_suite(void)
{
	Suite *s = suite_create("kcp_probe");
	TCase *tc = tcase_create("kcp_probe");

	tcase_add_test(tc, probe_schedule_grows);
	tcase_add_test(tc, open_window_stops_probing);
	tcase_add_test(tc, wask_answered_by_wins);
	suite_add_tcase(s, tc);
	return s;
}
