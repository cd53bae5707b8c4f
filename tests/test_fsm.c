/*
 * The state machine, one RFC 793 transition per test (RFC 793 section
 * 3.9 "Event Processing", figure 6), with the exact segments each emits.
 * Client 192.0.2.1:40000 (ISS 1000, TS offset 0), server 192.168.0.1:80
 * (ISS 5000, TS values 7000 and up).
 */
#include <stdio.h>
#include <string.h>

#include "rig.h"

#define SYN_OPTS "mss 1460,sackOK,TS val %u ecr %u,nop,wscale 7"

START_TEST(active_open_plain)
{
	/* RFC 793 3.4 figure 7: CLOSED --connect--> SYN-SENT --SYN-ACK--> ESTABLISHED */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, MS(3), CLI, SRV, 0, NULL, &ep), 0);
	rig_expect(&r, MS(3),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [S], seq 1000, win 65535, options "
	           "[mss 1460,sackOK,TS val 3 ecr 0,nop,wscale 7], length 0");
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	ck_assert(rig_log_has(&r,
	                      "192.0.2.1:40000 > 192.168.0.1:80 CLOSED --app connect--> SYN-SENT"));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(1003));

	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	seg_syn_opts(&s, 7000, 3);
	rig_in(&r, MS(13), &s);
	rig_expect(&r, MS(13),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5001, win 511, options "
	           "[nop,nop,TS val 13 ecr 7000], length 0");
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert(rig_log_has(&r, "SYN-SENT --rcv SYN-ACK--> ESTABLISHED"));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CONNECTED, ep), 1);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ACTIVE_OPENS), 1);
	rig_free(&r);
}
END_TEST

START_TEST(active_open_refused)
{
	/* RFC 793 SYN-SENT: an acceptable RST -> "connection reset", CLOSED; Linux ECONNREFUSED */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;
	char b[4];

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	rig_skip(&r);
	s = seg(SRV, CLI, TFO_TH_RST | TFO_TH_ACK, 0, 1001, 0);
	rig_in(&r, MS(5), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	ck_assert(rig_log_has(&r, "SYN-SENT --rcv RST--> CLOSED"));
	ck_assert_int_eq(rig_last_event(&r, TFO_EV_ERROR)->error, TFO_ERR_CONNREFUSED);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CLOSED, ep), 1);
	ck_assert_int_eq(tfo_read(ep, MS(6), b, sizeof(b)), TFO_ERR_CONNREFUSED);
	ck_assert_int_eq(tfo_write(ep, MS(6), "x", 1), TFO_ERR_CONNREFUSED);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ATTEMPT_FAILS), 1);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	tfo_close(ep, MS(7));
	ck_assert_int_eq(r.ta.live > 0, 1);
	rig_free(&r);
}
END_TEST

START_TEST(syn_sent_close)
{
	/* RFC 793 CLOSE in SYN-SENT: delete the TCB; Linux sends nothing */
	struct rig r;
	tfo_endpoint *ep = NULL;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	rig_skip(&r);
	tfo_close(ep, MS(5));
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "SYN-SENT --app close--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ATTEMPT_FAILS), 1);
	rig_free(&r);
}
END_TEST

START_TEST(passive_open)
{
	/* RFC 793 figure 7 from the server: LISTEN --SYN--> SYN-RECEIVED --ACK--> ESTABLISHED */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 0);
	RIG_RAND(&r, 5000, 0);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	seg_syn_opts(&s, 100, 0);
	rig_in(&r, MS(2), &s);
	rig_expect(&r, MS(2),
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [S.], seq 5000, ack 1001, win "
	           "65535, options [mss 1460,sackOK,TS val 2 ecr 100,nop,wscale 7], length 0");
	ck_assert(rig_log_has(&r, "192.168.0.1:80 > 192.0.2.1:40000 LISTEN --rcv SYN--> "
	                          "SYN-RECEIVED"));
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 1);

	s = seg(CLI, SRV, TFO_TH_ACK, 1001, 5001, 512);
	seg_ts(&s, 110, 2);
	rig_in(&r, MS(12), &s);
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --rcv ACK--> ESTABLISHED"));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_ACCEPT, NULL), 1);
	ck_assert_ptr_eq(rig_last_event(&r, TFO_EV_ACCEPT)->listener, l);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CONNECTED, ep), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_PASSIVE_OPENS), 1);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	rig_free(&r);
}
END_TEST

START_TEST(syn_received_rst)
{
	/* RFC 793 SYN-RECEIVED + RST: a passive open returns to LISTEN (the child goes) */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 0);
	RIG_RAND(&r, 5000, 0);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	rig_in(&r, 0, &s);
	rig_skip(&r);
	s = seg(CLI, SRV, TFO_TH_RST, 1001, 0, 0);
	rig_in(&r, MS(1), &s);
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --rcv RST--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_ERROR, NULL), 0);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ATTEMPT_FAILS), 1);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(simultaneous_open)
{
	/* RFC 793 figure 8: SYN-SENT --SYN--> SYN-RECEIVED --SYN-ACK--> ESTABLISHED */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	rig_skip(&r);
	s = seg(SRV, CLI, TFO_TH_SYN, 5000, 0, 65535);
	seg_syn_opts(&s, 7000, 0);
	rig_in(&r, MS(5), &s);
	rig_expect(&r, MS(5),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [S.], seq 1000, ack 5001, win "
	           "65535, options [mss 1460,sackOK,TS val 5 ecr 7000,nop,wscale 7], length 0");
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_RECEIVED);
	ck_assert(rig_log_has(&r, "SYN-SENT --rcv SYN--> SYN-RECEIVED"));
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	seg_syn_opts(&s, 7005, 0);
	rig_in(&r, MS(10), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --rcv ACK--> ESTABLISHED"));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CONNECTED, ep), 1);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	{
		tfo_endpoint_info in;

		tfo_endpoint_get_info(ep, &in);
		ck_assert_int_eq(in.outcome, TFO_OUTCOME_PLAIN);
	}
	/* data flows both ways afterwards */
	ck_assert_int_eq(tfo_write(ep, MS(11), "hi", 2), 2);
	rig_expect(&r, MS(11),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [P.], seq 1001:1003, ack 5001, win "
	           "511, options [nop,nop,TS val 11 ecr 7005], length 2");
	rig_free(&r);
}
END_TEST

START_TEST(established_to_close_wait_to_last_ack)
{
	/* RFC 793: ESTABLISHED --FIN--> CLOSE-WAIT --close--> LAST-ACK --ACK--> CLOSED */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = rig_peer(TFO_TH_FIN | TFO_TH_ACK, 5001, 1001);
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5002, win 511, options "
	           "[nop,nop,TS val 20 ecr 7100], length 0");
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSE_WAIT);
	ck_assert(rig_log_has(&r, "ESTABLISHED --rcv FIN--> CLOSE-WAIT"));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_READABLE, ep), 1);
	ck_assert_str_eq(rig_read(&r, ep, MS(21)), "");
	ck_assert_int_eq(tfo_read(ep, MS(21), r.rbuf, 1), 0);

	tfo_close(ep, MS(30));
	rig_expect(&r, MS(30),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [F.], seq 1001, ack 5002, win 511, "
	           "options [nop,nop,TS val 30 ecr 7100], length 0");
	ck_assert(rig_log_has(&r, "CLOSE-WAIT --app close--> LAST-ACK"));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(30) + MS(210));
	s = rig_peer(TFO_TH_ACK, 5002, 1002);
	rig_in(&r, MS(40), &s);
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "LAST-ACK --rcv ACK--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(active_close_to_time_wait)
{
	/* RFC 793: ESTABLISHED --close--> FIN-WAIT-1 --ACK--> FIN-WAIT-2 --FIN--> TIME-WAIT
	 * --60 s (Linux TCP_TIMEWAIT_LEN)--> CLOSED */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	tfo_close(ep, MS(20));
	rig_expect(&r, MS(20),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [F.], seq 1001, ack 5001, win 511, "
	           "options [nop,nop,TS val 20 ecr 7000], length 0");
	ck_assert(rig_log_has(&r, "ESTABLISHED --app close--> FIN-WAIT-1"));
	s = rig_peer(TFO_TH_ACK, 5001, 1002);
	rig_in(&r, MS(30), &s);
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "FIN-WAIT-1 --rcv ACK--> FIN-WAIT-2"));
	/* an orphan waits tcp_fin_timeout for the peer's FIN */
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(30) + SEC(60));
	s = rig_peer(TFO_TH_FIN | TFO_TH_ACK, 5001, 1002);
	rig_in(&r, MS(40), &s);
	rig_expect(&r, MS(40),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5002, win 511, options "
	           "[nop,nop,TS val 40 ecr 7100], length 0");
	ck_assert(rig_log_has(&r, "FIN-WAIT-2 --rcv FIN--> TIME-WAIT"));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(40) + SEC(60));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 1);
	rig_advance(&r, MS(40) + SEC(60) - 1);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 1);
	rig_advance(&r, MS(40) + SEC(60));
	ck_assert(rig_log_has(&r, "TIME-WAIT --timeout TIME-WAIT--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	rig_expect_none(&r);
	rig_free(&r);
}
END_TEST

START_TEST(fin_wait_1_fin_ack_together)
{
	/* RFC 793: a FIN that also acknowledges our FIN: FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_shutdown(ep, MS(20)), 0);
	rig_skip(&r);
	s = rig_peer(TFO_TH_FIN | TFO_TH_ACK, 5001, 1002);
	rig_in(&r, MS(30), &s);
	rig_expect(&r, MS(30),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5002, win 511, options "
	           "[nop,nop,TS val 30 ecr 7100], length 0");
	ck_assert(rig_log_has(&r, "FIN-WAIT-1 --rcv ACK--> FIN-WAIT-2"));
	ck_assert(rig_log_has(&r, "FIN-WAIT-2 --rcv FIN--> TIME-WAIT"));
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_TIME_WAIT);
	rig_free(&r);
}
END_TEST

START_TEST(simultaneous_close)
{
	/* RFC 793 figure 14: FIN-WAIT-1 --FIN--> CLOSING --ACK--> TIME-WAIT */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_shutdown(ep, MS(20)), 0);
	rig_expect(&r, MS(20),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [F.], seq 1001, ack 5001, win 511, "
	           "options [nop,nop,TS val 20 ecr 7000], length 0");
	s = rig_peer(TFO_TH_FIN | TFO_TH_ACK, 5001, 1001);
	rig_in(&r, MS(21), &s);
	rig_expect(&r, MS(21),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5002, win 511, options "
	           "[nop,nop,TS val 21 ecr 7100], length 0");
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSING);
	ck_assert(rig_log_has(&r, "FIN-WAIT-1 --rcv FIN--> CLOSING"));
	s = rig_peer(TFO_TH_ACK, 5002, 1002);
	rig_in(&r, MS(31), &s);
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "CLOSING --rcv ACK--> TIME-WAIT"));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(31) + SEC(60));
	rig_free(&r);
}
END_TEST

START_TEST(time_wait_fin_again)
{
	/* RFC 793 TIME-WAIT: a retransmitted FIN is acknowledged and restarts the 2MSL timer */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_shutdown(ep, MS(20)), 0);
	s = rig_peer(TFO_TH_FIN | TFO_TH_ACK, 5001, 1002);
	rig_in(&r, MS(30), &s);
	rig_skip(&r);
	rig_in(&r, SEC(10), &s);
	rig_expect(&r, SEC(10),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5002, win 511, options "
	           "[nop,nop,TS val 10000 ecr 7100], length 0");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), SEC(70));
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_TIME_WAIT);
	rig_free(&r);
}
END_TEST

START_TEST(data_both_ways)
{
	/* RFC 793 3.7: data with cumulative ACKs; Linux pushes the last segment of a write */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), "hello!", 6), 6);
	rig_expect(&r, MS(20),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [P.], seq 1001:1007, ack 5001, win "
	           "511, options [nop,nop,TS val 20 ecr 7000], length 6");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(20) + MS(210));
	s = rig_peer(TFO_TH_ACK | TFO_TH_PSH, 5001, 1007);
	seg_data(&s, "world!");
	rig_in(&r, MS(30), &s);
	rig_expect(&r, MS(30),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5007, win 511, options "
	           "[nop,nop,TS val 30 ecr 7100], length 0");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	ck_assert_str_eq(rig_read(&r, ep, MS(31)), "world!");
	ck_assert_int_eq(tfo_read(ep, MS(31), r.rbuf, 1), TFO_ERR_AGAIN);
	{
		tfo_endpoint_info in;

		tfo_endpoint_get_info(ep, &in);
		ck_assert_uint_eq(in.bytes_sent, 6);
		ck_assert_uint_eq(in.bytes_received, 6);
		ck_assert_uint_eq(in.snd_una, 1007);
		ck_assert_uint_eq(in.rcv_nxt, 5007);
		ck_assert_uint_eq(in.snd_wnd, 512 << 7);
		ck_assert_uint_eq(in.mss, 1448);
		ck_assert_uint_eq(in.snd_wscale, 7);
		ck_assert_uint_eq(in.srtt, MS(10));
	}
	rig_free(&r);
}
END_TEST

START_TEST(abort_in_every_state)
{
	/* Linux tcp_disconnect() sends a RST where tcp_need_reset() says so: SYN-RECEIVED,
	 * ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT; not in CLOSING, LAST-ACK, TIME-WAIT */
	static const struct {
		int state;
		int rst;
	} cases[] = {
		{ TFO_ESTABLISHED, 1 }, { TFO_FIN_WAIT_1, 1 }, { TFO_FIN_WAIT_2, 1 },
		{ TFO_CLOSE_WAIT, 1 },  { TFO_CLOSING, 0 },    { TFO_LAST_ACK, 0 },
		{ TFO_TIME_WAIT, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rig r;
		tfo_endpoint *ep;
		tfo_segment s;
		int st = cases[i].state;
		char want[80];

		rig_init(&r, NULL);
		ep = rig_client(&r);
		if (st == TFO_FIN_WAIT_1 || st == TFO_FIN_WAIT_2 || st == TFO_CLOSING ||
		    st == TFO_TIME_WAIT)
			tfo_shutdown(ep, MS(20));
		if (st == TFO_FIN_WAIT_2 || st == TFO_TIME_WAIT) {
			s = rig_peer(TFO_TH_ACK | (st == TFO_TIME_WAIT ? TFO_TH_FIN : 0), 5001,
			             1002);
			rig_in(&r, MS(21), &s);
		}
		if (st == TFO_CLOSE_WAIT || st == TFO_CLOSING || st == TFO_LAST_ACK) {
			s = rig_peer(TFO_TH_ACK | TFO_TH_FIN, 5001, 1001);
			rig_in(&r, MS(21), &s);
		}
		if (st == TFO_LAST_ACK)
			tfo_shutdown(ep, MS(22));
		ck_assert_int_eq(tfo_endpoint_state(ep), st);
		rig_skip(&r);
		tfo_abort(ep, MS(30));
		ck_assert_uint_eq(r.nout - r.next, (size_t)cases[i].rst);
		if (cases[i].rst)
			ck_assert_uint_eq(rig_last(&r)->seg.flags, TFO_TH_RST | TFO_TH_ACK);
		snprintf(want, sizeof(want), "%s --app abort--> CLOSED", tfo_state_name(st));
		ck_assert_msg(rig_log_has(&r, want), "%s", want);
		ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
		ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
		rig_free(&r);
	}
}
END_TEST

START_TEST(orphan_fin_wait_2_times_out)
{
	/* Linux tcp_close() / tcp_fin_timeout: an orphan waits 60 s in FIN-WAIT-2, then goes */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_shutdown(ep, MS(20)), 0);
	s = rig_peer(TFO_TH_ACK, 5001, 1002);
	rig_in(&r, MS(30), &s);
	/* not an orphan: FIN-WAIT-2 lasts (half-close) */
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	tfo_close(ep, MS(40));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(40) + SEC(60));
	rig_advance(&r, MS(40) + SEC(60));
	ck_assert(rig_log_has(&r, "FIN-WAIT-2 --timeout FIN-WAIT-2--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	rig_skip(&r);
	rig_free(&r);
}
END_TEST

START_TEST(simultaneous_open_refused)
{
	/* RFC 793 SYN-RECEIVED reached by an active open: a RST means "connection refused" */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_SYN, 5000, 0, 65535);
	rig_in(&r, MS(5), &s);
	s = seg(SRV, CLI, TFO_TH_RST, 5001, 0, 0);
	rig_in(&r, MS(6), &s);
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --rcv RST--> CLOSED"));
	ck_assert_int_eq(rig_last_event(&r, TFO_EV_ERROR)->error, TFO_ERR_CONNREFUSED);
	rig_free(&r);
}
END_TEST

START_TEST(syn_received_other_syn_resets)
{
	/* Linux tcp_check_req(): a SYN other than the peer's own again, in the window, resets
	 * the embryonic connection (RFC 793 SYN-RECEIVED "fourth, check the SYN bit") */
	struct rig r;
	tfo_segment s;

	rig_init(&r, NULL);
	rig_listen(&r, SRV, 8, 0);
	RIG_RAND(&r, 5000, 0);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	rig_in(&r, 0, &s);
	rig_skip(&r);
	s = seg(CLI, SRV, TFO_TH_SYN, 1001, 0, 65535);
	rig_in(&r, MS(1), &s);
	rig_expect(&r, MS(1),
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [R.], seq 0, ack 1002, win 0, "
	           "length 0");
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --rcv SYN--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	/* an ACK that does not acknowledge our SYN gets a RST (RFC 793 SYN-RECEIVED) */
	RIG_RAND(&r, 5000, 0);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	rig_in(&r, MS(2), &s);
	rig_skip(&r);
	s = seg(CLI, SRV, TFO_TH_ACK, 1001, 9999, 65535);
	rig_in(&r, MS(3), &s);
	rig_expect(&r, MS(3),
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [R], seq 9999, win 0, "
	           "length 0");
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 1);
	rig_free(&r);
}
END_TEST

Suite *fsm_suite(void)
{
	Suite *s = suite_create("fsm");
	TCase *tc = tcase_create("transitions");

	tcase_add_test(tc, active_open_plain);
	tcase_add_test(tc, active_open_refused);
	tcase_add_test(tc, syn_sent_close);
	tcase_add_test(tc, passive_open);
	tcase_add_test(tc, syn_received_rst);
	tcase_add_test(tc, simultaneous_open);
	tcase_add_test(tc, established_to_close_wait_to_last_ack);
	tcase_add_test(tc, active_close_to_time_wait);
	tcase_add_test(tc, fin_wait_1_fin_ack_together);
	tcase_add_test(tc, simultaneous_close);
	tcase_add_test(tc, time_wait_fin_again);
	tcase_add_test(tc, data_both_ways);
	tcase_add_test(tc, abort_in_every_state);
	tcase_add_test(tc, orphan_fin_wait_2_times_out);
	tcase_add_test(tc, simultaneous_open_refused);
	tcase_add_test(tc, syn_received_other_syn_resets);
	suite_add_tcase(s, tc);
	return s;
}
