/* KCP queues: messages cut with frg counting down, stream mode, reassembly, the receive window. */
#include <string.h>

#include "kcp_cb.h"
#include "kcp_testutil.h"
#include "testutil.h"

#define CONV 0x11223344u

static tfo_kcp *fast_nc(struct kcap *c, int stream)
{
	tfo_kcp_config cfg;

	tfo_kcp_config_default(&cfg, CONV);
	tfo_kcp_config_set_nodelay(&cfg, 1, 10, 0, 1);
	cfg.stream = (uint8_t)stream;
	return kcp_make(&cfg, NULL, c);
}

START_TEST(fragments_count_down)
{
	/* 3000 bytes at MTU 1400 (MSS 1376): 1376 + 1376 + 248, frg 2, 1, 0, one per datagram */
	static struct kcap c;
	static uint8_t msg[3000];
	tfo_kcp_segment s[4];
	tfo_kcp *k = fast_nc(&c, 0);

	memset(&c, 0, sizeof(c));
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	ck_assert_int_eq(tfo_kcp_send(k, msg, sizeof(msg)), 3000);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 3);
	ck_assert_int_eq(tfo_kcp_update(k, 0), 0);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_uint_eq(c.len[0], 1400);
	ck_assert_uint_eq(c.len[1], 1400);
	ck_assert_uint_eq(c.len[2], 272);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_uint_eq(kcap_segs(&c, i, s, 4), 1);
		ck_assert_uint_eq(s[0].sn, i);
		ck_assert_uint_eq(s[0].frg, 2 - i);
		ck_assert_mem_eq(s[0].data, msg + 1376 * i, s[0].len);
	}
	tfo_kcp_free(k);
}
END_TEST

START_TEST(largest_message)
{
	/* The reference refuses a message of 128 segments or more */
	static uint8_t msg[128 * 1376];
	struct kcap c = { 0 };
	tfo_kcp *k = fast_nc(&c, 0);

	ck_assert_int_eq(tfo_kcp_send(k, msg, 127 * 1376 + 1), TFO_ERR_INVALID);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 0);
	ck_assert_int_eq(tfo_kcp_send(k, msg, 127 * 1376), 127 * 1376);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 127);
	ck_assert_int_eq(tfo_kcp_send(k, NULL, 1), TFO_ERR_INVALID);
	/* An empty message is one empty segment */
	ck_assert_int_eq(tfo_kcp_send(k, NULL, 0), 0);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 128);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(stream_merges)
{
	/* Stream mode tops up the last unsent segment; frg stays 0; empty writes queue nothing */
	static struct kcap c;
	static uint8_t big[1400];
	tfo_kcp_segment s[4];
	tfo_kcp *k = fast_nc(&c, 1);

	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(tfo_kcp_send(k, "abc", 3), 3);
	ck_assert_int_eq(tfo_kcp_send(k, "defg", 4), 4);
	ck_assert_int_eq(tfo_kcp_send(k, NULL, 0), 0);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 1);
	ck_assert_int_eq(tfo_kcp_send(k, big, sizeof(big)), 1400);
	ck_assert_uint_eq(tfo_kcp_waitsnd(k), 2);
	ck_assert_int_eq(tfo_kcp_update(k, 0), 0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_uint_eq(kcap_segs(&c, 0, s, 4), 1);
	ck_assert_uint_eq(s[0].len, 1376);
	ck_assert_uint_eq(s[0].frg, 0);
	ck_assert_mem_eq(s[0].data, "abcdefg", 7);
	ck_assert_uint_eq(kcap_segs(&c, 1, s, 4), 1);
	ck_assert_uint_eq(s[0].len, 7 + 1400 - 1376);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(reassembly_out_of_order)
{
	/* sn 2 (frg 0), then 0 (frg 2), then 1 (frg 1): one message "aaabbc" once all three arrived
	 */
	struct kcap c = { 0 };
	tfo_kcp *k = fast_nc(&c, 0);
	uint8_t d[128], out[16];
	size_t n;

	n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_PUSH, 0, 128, 0, 2, 0, "c");
	ck_assert_int_eq(tfo_kcp_input(k, 1, d, n), 0);
	n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_PUSH, 2, 128, 0, 0, 0, "aaa");
	ck_assert_int_eq(tfo_kcp_input(k, 2, d, n), 0);
	ck_assert_int_eq(tfo_kcp_peek_size(k), TFO_ERR_AGAIN);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), TFO_ERR_AGAIN);
	n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_PUSH, 1, 128, 0, 1, 0, "bb");
	ck_assert_int_eq(tfo_kcp_input(k, 3, d, n), 0);
	ck_assert_int_eq(tfo_kcp_peek_size(k), 6);
	ck_assert_int_eq(tfo_kcp_recv(k, out, 5), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), 6);
	ck_assert_mem_eq(out, "aaabbc", 6);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), TFO_ERR_AGAIN);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(window_edges)
{
	/* Duplicates are acknowledged again but kept once; sn at rcv_nxt + rcv_wnd is not even
	 * acknowledged */
	struct kcap c = { 0 };
	tfo_kcp *k = fast_nc(&c, 0);
	tfo_kcp_segment s[8];
	uint8_t d[256], out[8];
	size_t n = 0;

	n += kcp_seg_bytes(d + n, CONV, TFO_KCP_CMD_PUSH, 0, 128, 7, 0, 0, "x");
	n += kcp_seg_bytes(d + n, CONV, TFO_KCP_CMD_PUSH, 0, 128, 7, 0, 0, "x");
	n += kcp_seg_bytes(d + n, CONV, TFO_KCP_CMD_PUSH, 0, 128, 8, 129, 0, "y");
	n += kcp_seg_bytes(d + n, CONV, TFO_KCP_CMD_PUSH, 0, 128, 9, 128, 0, "z");
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), 0);
	ck_assert_int_eq(tfo_kcp_update(k, 0), 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_uint_eq(kcap_segs(&c, 0, s, 8), 3);
	for (int i = 0; i < 2; i++) {
		ck_assert_uint_eq(s[i].cmd, TFO_KCP_CMD_ACK);
		ck_assert_uint_eq(s[i].sn, 0);
		ck_assert_uint_eq(s[i].ts, 7);
		ck_assert_uint_eq(s[i].una, 1);
	}
	/* sn 128 is the window's last slot: kept and acknowledged; 129 is not */
	ck_assert_uint_eq(s[2].sn, 128);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), 1);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), TFO_ERR_AGAIN);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(full_queue_reopens_with_wins)
{
	/* 128 unread messages close our window (wnd 0); reading one sends a WINS with wnd 1 */
	struct kcap c = { 0 };
	tfo_kcp *k = fast_nc(&c, 0);
	tfo_kcp_segment s[64];
	uint8_t d[64], out[8];

	for (uint32_t sn = 0; sn < 129; sn++) {
		size_t n = kcp_seg_bytes(d, CONV, TFO_KCP_CMD_PUSH, 0, 128, 0, sn, 0, "m");

		ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), 0);
	}
	ck_assert_uint_eq(k->rcv_queue.count, 128);
	ck_assert_uint_eq(k->rcv_buf.count, 1);
	ck_assert_int_eq(tfo_kcp_update(k, 0), 0);
	/* 129 ACKs of 24 bytes: 58 per 1400-byte datagram */
	ck_assert_uint_eq(c.n, 3);
	ck_assert_uint_eq(c.len[0], 58 * 24);
	ck_assert_uint_eq(kcap_segs(&c, 0, s, 64), 58);
	ck_assert_uint_eq(s[0].wnd, 0);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), 1);
	/* sn 128 moved in behind it: the queue is full again, yet it was full and now is not */
	ck_assert_uint_eq(k->rcv_queue.count, 128);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), 1);
	c.now = 10;
	ck_assert_int_eq(tfo_kcp_update(k, 10), 0);
	ck_assert_uint_eq(c.n, 4);
	ck_assert_uint_eq(kcap_segs(&c, 3, s, 1), 1);
	ck_assert_uint_eq(s[0].cmd, TFO_KCP_CMD_WINS);
	ck_assert_uint_eq(s[0].wnd, 1);
	ck_assert_uint_eq(s[0].una, 129);
	tfo_kcp_free(k);
}
END_TEST

Suite *kcp_queue_suite(void)
{
	Suite *s = suite_create("kcp_queue");
	TCase *tc = tcase_create("kcp_queue");

	tcase_add_test(tc, fragments_count_down);
	tcase_add_test(tc, largest_message);
	tcase_add_test(tc, stream_merges);
	tcase_add_test(tc, reassembly_out_of_order);
	tcase_add_test(tc, window_edges);
	tcase_add_test(tc, full_queue_reopens_with_wins);
	suite_add_tcase(s, tc);
	return s;
}
