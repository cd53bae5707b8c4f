/*
 * KCP flush: exact datagrams, ACKs at the next flush, packing up to the
 * MTU, the send window, fast retransmission and its limit, the dead link.
 */
#include <string.h>

#include "kcp_cb.h"
#include "kcp_testutil.h"
#include "testutil.h"

#define CONV 0x11223344u

static tfo_kcp *make(struct kcap *c, int nodelay, uint32_t resend, int nc)
{
	tfo_kcp_config cfg;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, nodelay, 10, resend, nc);
	return kcp_make(&cfg, NULL, c);
}

static void feed(tfo_kcp *k, uint32_t now, uint8_t cmd, uint16_t wnd, uint32_t ts, uint32_t sn,
                 uint32_t una)
{
	uint8_t d[32];
	size_t n = kcp_seg_bytes(d, CONV, cmd, 0, wnd, ts, sn, una,
	                         cmd == TFO_KCP_CMD_PUSH ? "r" : NULL);

	ck_assert_int_eq(tfo_kcp_input(k, now, d, n), 0);
}

START_TEST(push_exact_datagram)
{
	/* "ping" sent at 1000 ms: the reference's bytes for sn 0, una 0, wnd 128 */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 1, 0, 1);
	uint8_t want[64];
	size_t n = test_unhex(want, sizeof(want),
	                      "44332211 51 00 8000 e8030000 00000000 00000000 04000000 70696e67");

	ck_assert_int_eq(tfo_kcp_send(k, "ping", 4), 4);
	c.now = 1000;
	ck_assert_int_eq(tfo_kcp_update(k, 1000), 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(c.len[0], n);
	ck_assert_mem_eq(c.dgram[0], want, n);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(ack_at_next_flush)
{
	/* A PUSH arriving at 3 ms is acknowledged by the flush at 10 ms, not sooner, not delayed
	 * more */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 0, 0, 1);
	uint8_t want[32];
	size_t n = test_unhex(want, sizeof(want),
	                      "44332211 52 00 7f00 02000000 00000000 01000000 00000000");

	kcp_tick(k, &c, 0, 0);
	ck_assert_uint_eq(c.n, 0);
	feed(k, 3, TFO_KCP_CMD_PUSH, 128, 2, 0, 0);
	kcp_tick(k, &c, 3, 9);
	ck_assert_uint_eq(c.n, 0);
	kcp_tick(k, &c, 10, 10);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(c.at[0], 10);
	/* wnd 127: the message waits unread in the receive queue; una 1 */
	ck_assert_mem_eq(c.dgram[0], want, n);
	kcp_tick(k, &c, 11, 40);
	ck_assert_uint_eq(c.n, 1);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(una_in_every_segment)
{
	/* After receiving sn 0..2, our own PUSH and the ACKs all carry una 3 */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 1, 0, 1);
	tfo_kcp_segment s[8];

	kcp_tick(k, &c, 0, 0);
	for (uint32_t sn = 0; sn < 3; sn++)
		feed(k, 1, TFO_KCP_CMD_PUSH, 128, 0, sn, 0);
	ck_assert_int_eq(tfo_kcp_send(k, "echo", 4), 4);
	kcp_tick(k, &c, 1, 10);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(kcap_segs(&c, 0, s, 8), 4);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(s[i].una, 3);
	ck_assert_uint_eq(s[3].cmd, TFO_KCP_CMD_PUSH);
	ck_assert_uint_eq(s[3].wnd, 125);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(packs_up_to_mtu)
{
	/* MTU 100: 34-byte segments (10 bytes of data) go two per datagram: 68, 68, 34 */
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp *k;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 1, 10, 0, 1);
	cfg.mtu = 100;
	k = kcp_make(&cfg, NULL, &c);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(tfo_kcp_send(k, "0123456789", 10), 10);
	kcp_tick(k, &c, 0, 0);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_uint_eq(c.len[0], 68);
	ck_assert_uint_eq(c.len[1], 68);
	ck_assert_uint_eq(c.len[2], 34);
	tfo_kcp_free(k);
	/* The reference's smallest MTU is 50 */
	cfg.mtu = 49;
	ck_assert_int_eq(tfo_kcp_new(&cfg, NULL, kcap_output, &c, &k), TFO_ERR_INVALID);
	ck_assert_ptr_null(k);
}
END_TEST

START_TEST(cwnd_starts_closed)
{
	/* With the congestion window on, cwnd starts at 0: the first flush sends nothing, the next
	 * one segment */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 0, 0, 0);

	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(tfo_kcp_send(k, "m", 1), 1);
	kcp_tick(k, &c, 0, 0);
	ck_assert_uint_eq(c.n, 0);
	kcp_tick(k, &c, 1, 10);
	ck_assert_uint_eq(kcap_count_cmd(&c, 0, TFO_KCP_CMD_PUSH), 1);
	/* Its ACK (una 1) opens cwnd to 2 (slow start below ssthresh 2 stops there) */
	feed(k, 15, TFO_KCP_CMD_ACK, 128, 10, 0, 1);
	ck_assert_uint_eq(k->cwnd, 2);
	kcp_tick(k, &c, 15, 20);
	ck_assert_uint_eq(kcap_count_cmd(&c, 0, TFO_KCP_CMD_PUSH), 3);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(window_is_min_of_three)
{
	/* nc: snd_wnd 32 and a peer window of 3 admit 3 segments; without nc cwnd 1 admits 1 */
	struct kcap c = { 0 }, d = { 0 };
	tfo_kcp *nc = make(&c, 1, 0, 1), *cc = make(&d, 1, 0, 0);

	feed(nc, 0, TFO_KCP_CMD_WINS, 3, 0, 0, 0);
	feed(cc, 0, TFO_KCP_CMD_WINS, 3, 0, 0, 0);
	for (int i = 0; i < 10; i++) {
		ck_assert_int_eq(tfo_kcp_send(nc, "m", 1), 1);
		ck_assert_int_eq(tfo_kcp_send(cc, "m", 1), 1);
	}
	kcp_tick(nc, &c, 0, 50);
	kcp_tick(cc, &d, 0, 50);
	ck_assert_uint_eq(kcap_count_cmd(&c, 0, TFO_KCP_CMD_PUSH), 3);
	ck_assert_uint_eq(kcap_count_cmd(&d, 0, TFO_KCP_CMD_PUSH), 1);
	ck_assert_uint_eq(tfo_kcp_waitsnd(nc), 10);
	tfo_kcp_free(nc);
	tfo_kcp_free(cc);
}
END_TEST

/* Sends n one-byte messages at 0 ms from a resend=2 sender; returns it. */
static tfo_kcp *flight(struct kcap *c, uint32_t fast_limit, int n)
{
	tfo_kcp_config cfg;
	tfo_kcp *k;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 0, 10, 2, 1);
	cfg.fast_limit = fast_limit;
	k = kcp_make(&cfg, NULL, c);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(tfo_kcp_send(k, "m", 1), 1);
	kcp_tick(k, c, 0, 0);
	ck_assert_uint_eq(kcap_count_cmd(c, 0, TFO_KCP_CMD_PUSH), (size_t)n);
	return k;
}

START_TEST(fast_retransmit_after_two_skips)
{
	/* sn 0 lost; ACKs of 1 then 2 in two datagrams skip it twice: resent at the next flush (20
	 * ms) */
	struct kcap c = { 0 };
	tfo_kcp *k = flight(&c, 5, 4);
	tfo_kcp_segment s[4];
	tfo_kcp_stats st;
	size_t before = c.n;

	feed(k, 5, TFO_KCP_CMD_ACK, 128, 0, 1, 0);
	kcp_tick(k, &c, 5, 10);
	ck_assert_uint_eq(c.n, before); /* one skip is not enough */
	feed(k, 12, TFO_KCP_CMD_ACK, 128, 0, 2, 0);
	kcp_tick(k, &c, 12, 20);
	ck_assert_uint_eq(c.n, before + 1);
	ck_assert_uint_eq(c.at[before], 20);
	ck_assert_uint_eq(kcap_segs(&c, before, s, 4), 1);
	ck_assert_uint_eq(s[0].sn, 0);
	ck_assert_uint_eq(s[0].ts, 20);
	tfo_kcp_stats_get(k, &st);
	ck_assert_uint_eq(st.retrans_fast, 1);
	ck_assert_uint_eq(st.retrans_timeout, 0);
	/* cwnd after a fast retransmission: ssthresh = max(inflight 4 / 2, 2) = 2, cwnd = 2 + 2 */
	ck_assert_uint_eq(st.ssthresh, 2);
	ck_assert_uint_eq(st.cwnd, 4);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(skips_count_per_datagram)
{
	/* ACKs of 1 and 2 in one datagram count as one skip (the highest ACK of the datagram) */
	struct kcap c = { 0 };
	tfo_kcp *k = flight(&c, 5, 4);
	uint8_t d[64];
	size_t n = 0, before = c.n;

	n += kcp_seg_bytes(d + n, CONV, TFO_KCP_CMD_ACK, 0, 128, 0, 1, 0, NULL);
	n += kcp_seg_bytes(d + n, CONV, TFO_KCP_CMD_ACK, 0, 128, 0, 2, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 5, d, n), 0);
	ck_assert_uint_eq(k->snd_buf.head->fastack, 1);
	kcp_tick(k, &c, 5, 20);
	ck_assert_uint_eq(c.n, before);
	tfo_kcp_free(k);
}
END_TEST

/* After one fast resend of sn 0, two more skips: resent again only if the limit allows. */
static size_t second_fast_resend(uint32_t fast_limit)
{
	struct kcap c = { 0 };
	tfo_kcp *k = flight(&c, fast_limit, 6);
	size_t before = c.n, extra;

	feed(k, 5, TFO_KCP_CMD_ACK, 128, 0, 1, 0);
	feed(k, 6, TFO_KCP_CMD_ACK, 128, 0, 2, 0);
	kcp_tick(k, &c, 5, 20);
	ck_assert_uint_eq(c.n, before + 1);
	feed(k, 25, TFO_KCP_CMD_ACK, 128, 0, 3, 0);
	feed(k, 26, TFO_KCP_CMD_ACK, 128, 0, 4, 0);
	kcp_tick(k, &c, 25, 30);
	extra = c.n - before - 1;
	tfo_kcp_free(k);
	return extra;
}

START_TEST(fast_resend_limit)
{
	/* limit 1: a segment sent twice is no longer fast-resent; limit 5 and 0 (none) resend */
	ck_assert_uint_eq(second_fast_resend(1), 0);
	ck_assert_uint_eq(second_fast_resend(5), 1);
	ck_assert_uint_eq(second_fast_resend(0), 1);
}
END_TEST

START_TEST(selective_retransmission)
{
	/* Of sn 0..4, only 1 and 3 unacknowledged: the timeout resends exactly those two */
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp_segment s[8];
	tfo_kcp *k;
	size_t before;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 1, 10, 0, 1);
	k = kcp_make(&cfg, NULL, &c);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(tfo_kcp_send(k, "m", 1), 1);
	kcp_tick(k, &c, 0, 0);
	feed(k, 50, TFO_KCP_CMD_ACK, 128, 0, 0, 0);
	feed(k, 50, TFO_KCP_CMD_ACK, 128, 0, 2, 0);
	feed(k, 50, TFO_KCP_CMD_ACK, 128, 0, 4, 0);
	before = c.n;
	kcp_tick(k, &c, 50, 200);
	ck_assert_uint_eq(c.n, before + 1);
	ck_assert_uint_eq(c.at[before], 200);
	ck_assert_uint_eq(kcap_segs(&c, before, s, 8), 2);
	ck_assert_uint_eq(s[0].sn, 1);
	ck_assert_uint_eq(s[1].sn, 3);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(dead_link_after_twenty_sends)
{
	/* The 20th transmission of one segment marks the link dead; the 19th does not */
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp *k;
	uint32_t t = 0;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 2, 10, 0, 1);
	k = kcp_make(&cfg, NULL, &c);
	ck_assert_int_eq(tfo_kcp_send(k, "m", 1), 1);
	while (c.n < 19) {
		c.now = t;
		ck_assert_int_eq(tfo_kcp_update(k, t), 0);
		t++;
	}
	ck_assert_int_eq(tfo_kcp_is_dead(k), 0);
	while (c.n < 20) {
		c.now = t;
		ck_assert_int_eq(tfo_kcp_update(k, t), 0);
		t++;
	}
	ck_assert_int_eq(tfo_kcp_is_dead(k), 1);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(output_error_reported)
{
	/* The callback's error comes back from update; the segment still counts as sent */
	struct kcap c = { 0 };
	tfo_kcp *k = make(&c, 1, 0, 1);

	c.fail = TFO_ERR_AGAIN;
	ck_assert_int_eq(tfo_kcp_send(k, "m", 1), 1);
	ck_assert_int_eq(tfo_kcp_update(k, 0), TFO_ERR_AGAIN);
	c.fail = 0;
	ck_assert_int_eq(tfo_kcp_update(k, 10), 0);
	ck_assert_uint_eq(c.n, 1);
	tfo_kcp_free(k);
}
END_TEST

Suite *kcp_flush_suite(void)
{
	Suite *s = suite_create("kcp_flush");
	TCase *tc = tcase_create("kcp_flush");

	tcase_add_test(tc, push_exact_datagram);
	tcase_add_test(tc, ack_at_next_flush);
	tcase_add_test(tc, una_in_every_segment);
	tcase_add_test(tc, packs_up_to_mtu);
	tcase_add_test(tc, cwnd_starts_closed);
	tcase_add_test(tc, window_is_min_of_three);
	tcase_add_test(tc, fast_retransmit_after_two_skips);
	tcase_add_test(tc, skips_count_per_datagram);
	tcase_add_test(tc, fast_resend_limit);
	tcase_add_test(tc, selective_retransmission);
	tcase_add_test(tc, dead_link_after_twenty_sends);
	tcase_add_test(tc, output_error_reported);
	suite_add_tcase(s, tc);
	return s;
}
