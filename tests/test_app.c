/* The application calls on an endpoint: write, read, shutdown, close, info. */
#include <string.h>

#include "rig.h"

#define C "IP 192.0.2.1.40000 > 192.168.0.1.80: "

START_TEST(write_fills_buffer)
{
	/* A short write when the send buffer fills, then EAGAIN; TFO_EV_WRITABLE once half of
	 * it is free again (Linux sk_stream_write_space()) */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_endpoint *ep;
	tfo_segment s;
	static char big[5000];

	st.sndbuf = 4000;
	rig_init(&r, &st);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), big, sizeof(big)), 4000);
	ck_assert_int_eq(tfo_write(ep, MS(20), big, 1), TFO_ERR_AGAIN);
	ck_assert_int_eq(tfo_write(ep, MS(20), big, 0), 0);
	s = rig_peer(TFO_TH_ACK, 5001, 1001 + 1448);
	rig_in(&r, MS(30), &s);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_WRITABLE, ep), 0);
	s = rig_peer(TFO_TH_ACK, 5001, 1001 + 2896);
	rig_in(&r, MS(31), &s);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_WRITABLE, ep), 1);
	ck_assert_int_eq(tfo_write(ep, MS(32), big, sizeof(big)), 2896);
	ck_assert_int_eq(tfo_write(NULL, 0, big, 1), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_write(ep, 0, NULL, 1), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

START_TEST(write_in_syn_sent_waits)
{
	/* Data written before the handshake goes after it, with the handshake's ACK */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	ck_assert_int_eq(tfo_write(ep, MS(1), "early", 5), 5);
	ck_assert_int_eq(tfo_read(ep, MS(1), r.rbuf, 5), TFO_ERR_AGAIN);
	rig_skip(&r);
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	seg_syn_opts(&s, 7000, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C "Flags [P.], seq 1001:1006, ack 5001, win 511, options [nop,nop,TS val 10 ecr "
	             "7000], length 5");
	rig_expect_none(&r);
	rig_free(&r);
}
END_TEST

START_TEST(shutdown_rules)
{
	/* Linux tcp_shutdown()/tcp_close_state(): SYN-SENT goes to CLOSED; a second shutdown
	 * is harmless; writes after it are EPIPE; on CLOSED ENOTCONN */
	struct rig r;
	tfo_endpoint *ep = NULL;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	ck_assert_int_eq(tfo_shutdown(ep, MS(1)), 0);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	ck_assert(rig_log_has(&r, "SYN-SENT --app shutdown--> CLOSED"));
	ck_assert_int_eq(tfo_shutdown(ep, MS(1)), TFO_ERR_NOTCONN);
	ck_assert_int_eq(tfo_write(ep, MS(1), "x", 1), TFO_ERR_PIPE);
	ck_assert_int_eq(tfo_read(ep, MS(1), r.rbuf, 1), 0);
	ck_assert_int_eq(tfo_shutdown(NULL, 0), TFO_ERR_INVALID);
	rig_free(&r);

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_shutdown(ep, MS(20)), 0);
	ck_assert_int_eq(tfo_shutdown(ep, MS(21)), 0);
	ck_assert_uint_eq(r.nout, 3);
	ck_assert_int_eq(tfo_write(ep, MS(21), "x", 1), TFO_ERR_PIPE);
	rig_free(&r);
}
END_TEST

START_TEST(close_closed_endpoint_frees_it)
{
	/* tfo_close(): an endpoint already CLOSED is freed once its events are delivered */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;
	uintptr_t old;
	unsigned long calls;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_RST | TFO_TH_ACK, 0, 1001, 0);
	rig_in(&r, MS(1), &s);
	old = (uintptr_t)ep;
	tfo_close(ep, MS(2));
	/* Freed, its memory kept by the host for the next endpoint (rig_free: none leaks) */
	calls = r.ta.calls;
	RIG_RAND(&r, 2000, 0);
	ck_assert_int_eq(rig_connect(&r, MS(3), CLI, SRV, 0, NULL, &ep), 0);
	ck_assert_uint_eq((uintptr_t)ep, old);
	ck_assert_uint_eq(r.ta.calls, calls);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	tfo_close(NULL, 0);
	tfo_abort(NULL, 0);
	ck_assert_int_eq(tfo_endpoint_state(NULL), TFO_CLOSED);
	ck_assert_ptr_null(tfo_endpoint_user(NULL));
	rig_free(&r);
}
END_TEST

START_TEST(info_fields)
{
	/* tfo_endpoint_get_info(): Linux TCP_INFO-like numbers */
	struct rig r;
	tfo_endpoint *ep;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.state, TFO_ESTABLISHED);
	ck_assert_int_eq(in.active, 1);
	ck_assert_uint_eq(in.local.port, 40000);
	ck_assert_uint_eq(in.remote.port, 80);
	ck_assert_uint_eq(in.iss, 1000);
	ck_assert_uint_eq(in.irs, 5000);
	ck_assert_uint_eq(in.snd_una, 1001);
	ck_assert_uint_eq(in.snd_nxt, 1001);
	ck_assert_uint_eq(in.rcv_nxt, 5001);
	ck_assert_uint_eq(in.snd_wnd, 65535);
	ck_assert_uint_eq(in.rcv_wnd, 65535);
	ck_assert_uint_eq(in.mss, 1448);
	ck_assert_uint_eq(in.rcv_wscale, 7);
	ck_assert_uint_eq(in.sack_ok, 1);
	ck_assert_uint_eq(in.ts_ok, 1);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_PLAIN);
	ck_assert_uint_eq(in.t_open, 0);
	ck_assert_uint_eq(in.t_established, MS(10));
	ck_assert_int_eq(in.error, 0);
	tfo_endpoint_set_user(ep, &r);
	ck_assert_ptr_eq(tfo_endpoint_user(ep), &r);
	tfo_endpoint_get_info(NULL, &in);
	ck_assert_int_eq(in.state, 0);
	tfo_endpoint_get_info(ep, NULL);
	rig_free(&r);
}
END_TEST

START_TEST(window_update_after_read)
{
	/* Linux __tcp_cleanup_rbuf(): once the window at least doubles from at most half the
	 * buffer, an ACK announces it */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_endpoint *ep = NULL;
	tfo_segment s;
	static char data[1500];

	st.rcvbuf = 3000;
	st.wscale = 0;
	rig_init(&r, &st);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	rig_in(&r, MS(10), &s);
	memset(data, 'd', 1400);
	data[1400] = 0;
	s = seg(SRV, CLI, TFO_TH_ACK, 5001, 1001, 65535);
	seg_data(&s, data);
	rig_in(&r, MS(20), &s);
	s.seq += 1400;
	rig_in(&r, MS(21), &s);
	rig_skip(&r);
	ck_assert_uint_eq(r.out[r.nout - 1].seg.window, 200);
	ck_assert_int_eq(tfo_read(ep, MS(30), r.rbuf, 100), 100);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_read(ep, MS(31), r.rbuf, 2700), 2700);
	rig_expect(&r, MS(31), C "Flags [.], ack 7801, win 3000, length 0");
	rig_free(&r);
}
END_TEST

Suite *app_suite(void)
{
	Suite *s = suite_create("app");
	TCase *tc = tcase_create("app");

	tcase_add_test(tc, write_fills_buffer);
	tcase_add_test(tc, write_in_syn_sent_waits);
	tcase_add_test(tc, shutdown_rules);
	tcase_add_test(tc, close_closed_endpoint_frees_it);
	tcase_add_test(tc, info_fields);
	tcase_add_test(tc, window_update_after_read);
	suite_add_tcase(s, tc);
	return s;
}
