/*
 * Retransmission: RFC 6298 (initial RTO 1 s, SRTT/RTTVAR, Karn's rule,
 * backoff), Linux's SYN and SYN-ACK retries and rto_min, RFC 5681's window
 * after a timeout and fast retransmit, zero-window probes, delayed ACKs.
 */
#include <stdio.h>
#include <string.h>

#include "rig.h"
#include "tfo_conn.h"
#include "tfo_host.h"

#define C "IP 192.0.2.1.40000 > 192.168.0.1.80: "

static void peer_ack(struct rig *r, tfo_time t, uint32_t ack, uint16_t win)
{
	tfo_segment s = seg(SRV, CLI, TFO_TH_ACK, 5001, ack, win);

	seg_ts(&s, 7100, 0);
	rig_in(r, t, &s);
}

/*
 * SYNs at 0 s and at each of at[], then ETIMEDOUT at give_up (no segment);
 * linear is settings.syn_linear_timeouts.
 */
static void syn_schedule(unsigned linear, const unsigned *at, size_t n, unsigned give_up)
{
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_settings st;
	char want[200];

	tfo_settings_default(&st);
	st.syn_linear_timeouts = (uint8_t)linear;
	rig_init(&r, &st);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	rig_skip(&r);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(tfo_host_next_deadline(r.h), SEC(at[i]));
		rig_advance(&r, SEC(at[i]));
		snprintf(want, sizeof(want),
		         C "Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val %u ecr "
		           "0,nop,wscale 7], length 0",
		         at[i] * 1000);
		rig_expect(&r, SEC(at[i]), want);
	}
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), SEC(give_up));
	rig_advance(&r, SEC(give_up) - 1);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	rig_advance(&r, SEC(200));
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	rig_free(&r);
}

START_TEST(syn_retries_then_timeout)
{
	/* RFC 6298 (2.1, 5.5), Linux tcp_syn_retries = 6 and no linear timeouts (before
	 * 6.18's tcp_syn_linear_timeouts): SYNs at 0, 1, 3, 7, 15, 31, 63 s, ETIMEDOUT at
	 * 127 s */
	static const unsigned at[] = { 1, 3, 7, 15, 31, 63 };

	syn_schedule(0, at, sizeof(at) / sizeof(at[0]), 127);
}
END_TEST

START_TEST(syn_linear_timeouts)
{
	/* Linux 6.18 default tcp_syn_linear_timeouts = 4: the RTO doubles only after the
	 * fifth retransmission (tcp_retransmit_timer(), tp->total_rto), and the SYN-SENT
	 * socket gives up at the first timeout after the 127 s tcp_model_timeout() gives
	 * for 6 retries: 131 s. tests/scripts/client-syncnt-etimedout.pkt checks the same
	 * rule with TCP_SYNCNT 2 on Linux 6.18. */
	static const unsigned at[] = { 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 };

	syn_schedule(4, at, sizeof(at) / sizeof(at[0]), 131);
}
END_TEST

START_TEST(synack_retries_then_drop)
{
	/* Linux reqsk_timer_handler(): tcp_synack_retries = 5 retransmissions (1, 3, 7, 15,
	 * 31 s), then the request is dropped silently at 63 s */
	static const unsigned at[] = { 1, 3, 7, 15, 31 };
	struct rig r;
	tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);

	rig_init(&r, NULL);
	rig_listen(&r, SRV, 8, 0);
	RIG_RAND(&r, 5000, 0);
	rig_in(&r, 0, &s);
	rig_expect(
	        &r, 0,
	        "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [S.], seq 5000, ack 1001, win 65535, "
	        "options [mss 1460], length 0");
	for (size_t i = 0; i < 5; i++) {
		rig_advance(&r, SEC(at[i]));
		rig_expect(
		        &r, SEC(at[i]),
		        "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [S.], seq 5000, ack 1001, win "
		        "65535, options [mss 1460], length 0");
	}
	rig_advance(&r, SEC(63));
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --timeout RTO--> CLOSED"));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_ERROR, NULL), 0);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	rig_free(&r);
}
END_TEST

START_TEST(rto_from_rtt)
{
	/* RFC 6298 (2.2, 2.3) with Linux's RTO = SRTT + max(4 RTTVAR, rto_min 200 ms):
	 * SYN-ACK after 10 ms -> 210 ms; then a 50 ms sample -> SRTT 15, RTTVAR 13.75 */
	struct rig r;
	tfo_endpoint *ep;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_uint_eq(in.srtt, MS(10));
	ck_assert_uint_eq(in.rto, MS(210));
	ck_assert_int_eq(tfo_write(ep, MS(20), "x", 1), 1);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(230));
	peer_ack(&r, MS(70), 1002, 512);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_uint_eq(in.srtt, MS(15));
	ck_assert_uint_eq(in.rto, MS(215));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(rto_backoff_and_karn)
{
	/* RFC 6298 (5.4-5.6): retransmit, double the RTO; Karn (section 3): the ACK of a
	 * retransmitted segment gives no RTT sample; the backoff ends with new data acked */
	struct rig r;
	tfo_endpoint *ep;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), "hello!", 6), 6);
	rig_skip(&r);
	rig_advance(&r, MS(230));
	rig_expect(&r, MS(230),
	           C
	           "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 230 ecr "
	           "7000], length 6");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(230 + 420));
	rig_advance(&r, MS(650));
	rig_expect(&r, MS(650),
	           C
	           "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 650 ecr "
	           "7000], length 6");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(650 + 840));
	peer_ack(&r, MS(900), 1007, 512);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_uint_eq(in.srtt, MS(10));
	ck_assert_uint_eq(in.rto, MS(210));
	ck_assert_uint_eq(in.retransmits, 2);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(data_retries_then_timeout)
{
	/* tcp_retries2 = 15 consecutive timeouts, then ETIMEDOUT (counted, where Linux turns
	 * the count into a time); no RST is sent (Linux tcp_write_err()) */
	struct rig r;
	tfo_endpoint *ep;
	tfo_settings st = rig_settings(0x3);

	st.retries2 = 3;
	rig_init(&r, &st);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), "x", 1), 1);
	rig_skip(&r);
	rig_advance(&r, MS(230));
	rig_advance(&r, MS(230 + 420));
	rig_advance(&r, MS(230 + 420 + 840));
	/* SYN, ACK, the data, three retransmissions */
	ck_assert_uint_eq(r.nout, 6);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	rig_advance(&r, MS(230 + 420 + 840 + 1680));
	ck_assert_uint_eq(r.nout, 6);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	ck_assert_int_eq(rig_last_event(&r, TFO_EV_ERROR)->error, TFO_ERR_TIMEDOUT);
	ck_assert_int_eq(tfo_write(ep, SEC(5), "x", 1), TFO_ERR_TIMEDOUT);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ESTAB_RESETS), 1);
	rig_free(&r);
}
END_TEST

START_TEST(go_back_n_after_timeout)
{
	/* RFC 5681 section 3.1: after a timeout cwnd is one segment; slow start reopens it */
	struct rig r;
	tfo_endpoint *ep;
	static char big[3 * 1448 + 1];

	memset(big, 'z', 3 * 1448);
	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), big, 3 * 1448), 3 * 1448);
	ck_assert_uint_eq(r.nout - r.next, 3);
	rig_skip(&r);
	rig_advance(&r, MS(230));
	rig_expect(&r, MS(230),
	           C "Flags [.], seq 1001:2449, ack 5001, win 511, options [nop,nop,TS val 230 ecr "
	             "7000], length 1448");
	rig_expect_none(&r);
	peer_ack(&r, MS(240), 2449, 512);
	rig_expect(&r, MS(240),
	           C "Flags [.], seq 2449:3897, ack 5001, win 511, options [nop,nop,TS val 240 ecr "
	             "7100], length 1448");
	rig_expect(&r, MS(240),
	           C
	           "Flags [P.], seq 3897:5345, ack 5001, win 511, options [nop,nop,TS val 240 ecr "
	           "7100], length 1448");
	rig_expect_none(&r);
	rig_free(&r);
}
END_TEST

START_TEST(fast_retransmit)
{
	/* RFC 5681 section 3.2: the third duplicate ACK retransmits the first unacked segment */
	struct rig r;
	tfo_endpoint *ep;
	static char big[4 * 1448 + 1];

	memset(big, 'q', 4 * 1448);
	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), big, 4 * 1448), 4 * 1448);
	rig_skip(&r);
	/* the first ACK changes the window: not a duplicate (RFC 5681 section 2) */
	peer_ack(&r, MS(30), 1001, 512);
	peer_ack(&r, MS(31), 1001, 512);
	peer_ack(&r, MS(32), 1001, 512);
	rig_expect_none(&r);
	peer_ack(&r, MS(33), 1001, 512);
	rig_expect(&r, MS(33),
	           C "Flags [.], seq 1001:2449, ack 5001, win 511, options [nop,nop,TS val 33 ecr "
	             "7100], length 1448");
	/* go-back-N: our receiver keeps no out-of-order data, so what follows goes again as
	 * the halved window (ssthresh = flight / 2) allows */
	rig_expect(&r, MS(33),
	           C "Flags [.], seq 2449:3897, ack 5001, win 511, options [nop,nop,TS val 33 ecr "
	             "7100], length 1448");
	ck_assert(rig_log_has(&r, "fast retransmit of 1001"));
	peer_ack(&r, MS(34), 1001, 512);
	rig_expect_none(&r);
	rig_free(&r);
}
END_TEST

START_TEST(zero_window_probe)
{
	/* RFC 1122 4.2.2.17 / Linux tcp_probe_timer(): data waits for a zero window; probes
	 * (seq snd_una - 1, no data) go out at the RTO with backoff; the window opens */
	struct rig r;
	tfo_endpoint *ep;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	peer_ack(&r, MS(15), 1001, 0);
	ck_assert_int_eq(tfo_write(ep, MS(20), "data", 4), 4);
	rig_expect_none(&r);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(20 + 210));
	rig_advance(&r, MS(230));
	rig_expect(&r, MS(230),
	           C
	           "Flags [.], ack 5001, win 511, options [nop,nop,TS val 230 ecr 7100], length 0");
	ck_assert_uint_eq(rig_last(&r)->seg.seq, 1000);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(230 + 420));
	peer_ack(&r, MS(300), 1001, 512);
	rig_expect(&r, MS(300),
	           C
	           "Flags [P.], seq 1001:1005, ack 5001, win 511, options [nop,nop,TS val 300 ecr "
	           "7100], length 4");
	rig_free(&r);
}
END_TEST

START_TEST(delayed_ack)
{
	/* RFC 1122 4.2.3.2: with settings.delack an ACK waits, but every second segment is
	 * acknowledged at once */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_segment s;

	st.delack = MS(40);
	rig_init(&r, &st);
	rig_client(&r);
	s = seg(SRV, CLI, TFO_TH_ACK | TFO_TH_PSH, 5001, 1001, 512);
	seg_ts(&s, 7100, 0);
	seg_data(&s, "one");
	rig_in(&r, MS(20), &s);
	rig_expect_none(&r);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(60));
	rig_advance(&r, MS(60));
	rig_expect(&r, MS(60),
	           C
	           "Flags [.], ack 5004, win 511, options [nop,nop,TS val 60 ecr 7100], length 0");
	s.seq = 5004;
	rig_in(&r, MS(70), &s);
	rig_expect_none(&r);
	s.seq = 5007;
	rig_in(&r, MS(71), &s);
	rig_expect(&r, MS(71),
	           C
	           "Flags [.], ack 5010, win 511, options [nop,nop,TS val 71 ecr 7100], length 0");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(fin_retransmitted)
{
	/* RFC 793: the FIN is in sequence space and retransmitted like data */
	struct rig r;
	tfo_endpoint *ep;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_shutdown(ep, MS(20)), 0);
	rig_skip(&r);
	rig_advance(&r, MS(230));
	rig_expect(&r, MS(230),
	           C "Flags [F.], seq 1001, ack 5001, win 511, options [nop,nop,TS val 230 ecr "
	             "7000], length 0");
	rig_free(&r);
}
END_TEST

START_TEST(persist_gives_up)
{
	/* Linux tcp_probe_timer(): unanswered zero-window probes end in ETIMEDOUT */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_endpoint *ep;

	st.retries2 = 2;
	rig_init(&r, &st);
	ep = rig_client(&r);
	peer_ack(&r, MS(15), 1001, 0);
	ck_assert_int_eq(tfo_write(ep, MS(20), "data", 4), 4);
	rig_advance(&r, SEC(10));
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	ck_assert(rig_log_has(&r, "ESTABLISHED --timeout persist--> CLOSED"));
	ck_assert_int_eq(rig_last_event(&r, TFO_EV_ERROR)->error, TFO_ERR_TIMEDOUT);
	rig_free(&r);
}
END_TEST

START_TEST(congestion_avoidance)
{
	/* RFC 5681 3.1: above ssthresh cwnd grows by about one segment per window */
	struct rig r;
	tfo_endpoint *ep;
	static char big[8 * 1448];
	uint32_t before;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), big, 4 * 1448), 4 * 1448);
	rig_advance(&r, MS(230)); /* timeout: ssthresh 2 segments, cwnd 1 */
	peer_ack(&r, MS(240), 1001 + 1448, 512);
	peer_ack(&r, MS(250), 1001 + 2 * 1448, 512);
	before = r.h->all->cwnd;
	peer_ack(&r, MS(260), 1001 + 3 * 1448, 512);
	ck_assert_uint_eq(r.h->all->cwnd, before + 1448 * 1448 / before + 1);
	rig_free(&r);
}
END_TEST

Suite *retransmit_suite(void)
{
	Suite *s = suite_create("retransmit");
	TCase *tc = tcase_create("retransmit");

	tcase_add_test(tc, syn_retries_then_timeout);
	tcase_add_test(tc, syn_linear_timeouts);
	tcase_add_test(tc, synack_retries_then_drop);
	tcase_add_test(tc, rto_from_rtt);
	tcase_add_test(tc, rto_backoff_and_karn);
	tcase_add_test(tc, data_retries_then_timeout);
	tcase_add_test(tc, go_back_n_after_timeout);
	tcase_add_test(tc, fast_retransmit);
	tcase_add_test(tc, zero_window_probe);
	tcase_add_test(tc, delayed_ack);
	tcase_add_test(tc, fin_retransmitted);
	tcase_add_test(tc, persist_gives_up);
	tcase_add_test(tc, congestion_avoidance);
	suite_add_tcase(s, tc);
	return s;
}
