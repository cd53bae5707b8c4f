/*
 * Segment arrival (RFC 793 section 3.9 SEGMENT ARRIVES, RFC 5961): RSTs in
 * every state, challenge ACKs, acceptability, ACK checks, out-of-order
 * data, closed ports, listeners, and malformed segments.
 */
#include <stdio.h>
#include <string.h>

#include "rig.h"

#define C "IP 192.0.2.1.40000 > 192.168.0.1.80: "
#define ACK_LINE(t, ack, ecr)                                                                      \
	C "Flags [.], ack " #ack ", win 511, options [nop,nop,TS val " #t " ecr " #ecr "], "       \
	  "length 0"

/* Drives a fresh client into state st (after rig_client). */
static void drive(struct rig *r, tfo_endpoint *ep, int st)
{
	tfo_segment s;

	switch (st) {
	case TFO_ESTABLISHED:
		break;
	case TFO_FIN_WAIT_1:
		tfo_shutdown(ep, MS(20));
		break;
	case TFO_FIN_WAIT_2:
		tfo_shutdown(ep, MS(20));
		s = rig_peer(TFO_TH_ACK, 5001, 1002);
		rig_in(r, MS(21), &s);
		break;
	case TFO_CLOSE_WAIT:
		s = rig_peer(TFO_TH_ACK | TFO_TH_FIN, 5001, 1001);
		rig_in(r, MS(20), &s);
		break;
	case TFO_CLOSING:
		tfo_shutdown(ep, MS(20));
		s = rig_peer(TFO_TH_ACK | TFO_TH_FIN, 5001, 1001);
		rig_in(r, MS(21), &s);
		break;
	case TFO_LAST_ACK:
		s = rig_peer(TFO_TH_ACK | TFO_TH_FIN, 5001, 1001);
		rig_in(r, MS(20), &s);
		tfo_shutdown(ep, MS(21));
		break;
	case TFO_TIME_WAIT:
		tfo_shutdown(ep, MS(20));
		s = rig_peer(TFO_TH_ACK | TFO_TH_FIN, 5001, 1002);
		rig_in(r, MS(21), &s);
		break;
	default:
		ck_abort_msg("state %d", st);
	}
	ck_assert_int_eq(tfo_endpoint_state(ep), st);
	rig_skip(r);
}

/* rcv_nxt after drive(): the peer's FIN counts in some states. */
static uint32_t rcv_nxt(int st)
{
	return st == TFO_CLOSE_WAIT || st == TFO_CLOSING || st == TFO_LAST_ACK ||
	                       st == TFO_TIME_WAIT
	               ? 5002
	               : 5001;
}

START_TEST(rst_in_every_state)
{
	/* RFC 793 "second, check the RST bit" + RFC 5961 3.2: a RST at exactly rcv_nxt closes;
	 * Linux tcp_reset(): ECONNRESET, EPIPE in CLOSE-WAIT, none for TIME-WAIT (a
	 * timewait socket), and rfc1337=0: a RST ends TIME-WAIT */
	static const struct {
		int state;
		int error;
	} cases[] = {
		{ TFO_ESTABLISHED, TFO_ERR_CONNRESET },
		{ TFO_FIN_WAIT_1, TFO_ERR_CONNRESET },
		{ TFO_FIN_WAIT_2, TFO_ERR_CONNRESET },
		{ TFO_CLOSE_WAIT, TFO_ERR_PIPE },
		{ TFO_CLOSING, TFO_ERR_CONNRESET },
		{ TFO_LAST_ACK, TFO_ERR_CONNRESET },
		{ TFO_TIME_WAIT, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rig r;
		tfo_endpoint *ep;
		tfo_segment s;
		char want[80];

		rig_init(&r, NULL);
		ep = rig_client(&r);
		drive(&r, ep, cases[i].state);
		s = seg(SRV, CLI, TFO_TH_RST, rcv_nxt(cases[i].state), 0, 0);
		rig_in(&r, MS(30), &s);
		rig_expect_none(&r);
		ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
		snprintf(want, sizeof(want), "%s --rcv RST--> CLOSED",
		         tfo_state_name(cases[i].state));
		ck_assert_msg(rig_log_has(&r, want), "%s", want);
		ck_assert_uint_eq(rig_events(&r, TFO_EV_ERROR, ep), cases[i].error ? 1 : 0);
		if (cases[i].error)
			ck_assert_int_eq(rig_last_event(&r, TFO_EV_ERROR)->error, cases[i].error);
		ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
		rig_free(&r);
	}
}
END_TEST

START_TEST(rst_in_window_gets_challenge_ack)
{
	/* RFC 5961 3.2: a RST in the window but not at rcv_nxt -> challenge ACK; outside the
	 * window -> silently dropped */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = seg(SRV, CLI, TFO_TH_RST, 5002, 0, 0);
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20), ACK_LINE(20, 5001, 7000));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_CHALLENGE_ACK), 1);
	s.seq = 5001 + 65535;
	rig_in(&r, MS(21), &s);
	s.seq = 5000;
	rig_in(&r, MS(22), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	rig_free(&r);
}
END_TEST

START_TEST(rst_in_syn_sent)
{
	/* RFC 793 SYN-SENT: a RST without ACK, or whose ACK is unacceptable, is dropped
	 * (and never answered) */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	rig_skip(&r);
	s = seg(SRV, CLI, TFO_TH_RST, 0, 0, 0);
	rig_in(&r, MS(1), &s);
	s = seg(SRV, CLI, TFO_TH_RST | TFO_TH_ACK, 0, 999, 0);
	rig_in(&r, MS(2), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	/* an ACK that is not for our SYN is answered with a RST (RFC 793) */
	s = seg(SRV, CLI, TFO_TH_ACK, 7, 999, 0);
	rig_in(&r, MS(3), &s);
	rig_expect(&r, MS(3), C "Flags [R], seq 999, win 0, length 0");
	/* a segment with neither SYN nor RST is dropped */
	s = seg(SRV, CLI, TFO_TH_ACK, 7, 1001, 0);
	rig_in(&r, MS(4), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	rig_free(&r);
}
END_TEST

START_TEST(syn_in_synchronized_state)
{
	/* RFC 5961 4.2: a SYN in a synchronized state, in or out of the window, gets a
	 * challenge ACK and changes nothing */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = seg(SRV, CLI, TFO_TH_SYN, 5001, 0, 512);
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20), ACK_LINE(20, 5001, 7000));
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 123456, 1001, 512);
	rig_in(&r, MS(21), &s);
	rig_expect(&r, MS(21), ACK_LINE(21, 5001, 7000));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_CHALLENGE_ACK), 2);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	rig_free(&r);
}
END_TEST

START_TEST(ack_checks)
{
	/* RFC 793 "fifth": an ACK of unsent data is answered with an ACK and dropped;
	 * RFC 5961 5.2: one older than snd_una - MAX.SND.WND gets a challenge ACK */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = rig_peer(TFO_TH_ACK, 5001, 1002);
	seg_data(&s, "xx");
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20), ACK_LINE(20, 5001, 7000));
	ck_assert_str_eq(rig_read(&r, ep, MS(20)), "");
	s = rig_peer(TFO_TH_ACK, 5001, 1001 - 70000);
	rig_in(&r, MS(21), &s);
	rig_expect(&r, MS(21), ACK_LINE(21, 5001, 7000));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_CHALLENGE_ACK), 1);
	/* an old ACK within the bound is fine: its data is taken */
	s = rig_peer(TFO_TH_ACK, 5001, 1000);
	seg_data(&s, "ok");
	rig_in(&r, MS(22), &s);
	rig_expect(&r, MS(22), ACK_LINE(22, 5003, 7100));
	ck_assert_str_eq(rig_read(&r, ep, MS(22)), "ok");
	rig_free(&r);
}
END_TEST

START_TEST(unacceptable_segments)
{
	/* RFC 793 page 69: a segment outside the window is answered with an ACK and dropped;
	 * a segment without ACK is dropped */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = rig_peer(TFO_TH_ACK, 4000, 1001);
	seg_data(&s, "old");
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20), ACK_LINE(20, 5001, 7000));
	s = rig_peer(TFO_TH_ACK, 5001 + 70000, 1001);
	seg_data(&s, "far");
	rig_in(&r, MS(21), &s);
	rig_expect(&r, MS(21), ACK_LINE(21, 5001, 7000));
	s = rig_peer(TFO_TH_PSH, 5001, 0);
	seg_data(&s, "noack");
	rig_in(&r, MS(22), &s);
	rig_expect_none(&r);
	ck_assert_str_eq(rig_read(&r, ep, MS(23)), "");
	rig_free(&r);
}
END_TEST

START_TEST(out_of_order_dropped)
{
	/* Our receiver keeps only in-order data (documented): out-of-order data is dropped
	 * and acknowledged at once with a duplicate ACK (RFC 5681 section 4.2); overlapping
	 * data is trimmed to what is new */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = rig_peer(TFO_TH_ACK, 5004, 1001);
	seg_data(&s, "def");
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20), ACK_LINE(20, 5001, 7000));
	s = rig_peer(TFO_TH_ACK, 5001, 1001);
	seg_data(&s, "abc");
	rig_in(&r, MS(21), &s);
	rig_expect(&r, MS(21), ACK_LINE(21, 5004, 7100));
	s = rig_peer(TFO_TH_ACK, 5002, 1001);
	seg_data(&s, "bcdef");
	rig_in(&r, MS(22), &s);
	rig_expect(&r, MS(22), ACK_LINE(22, 5007, 7100));
	ck_assert_str_eq(rig_read(&r, ep, MS(23)), "abcdef");
	rig_free(&r);
}
END_TEST

START_TEST(window_limits_data)
{
	/* RFC 793: data beyond the receive window is not taken (the FIN with it neither) */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	st.rcvbuf = 4;
	st.wscale = 0;
	rig_init(&r, &st);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	seg_syn_opts(&s, 7000, 0);
	rig_in(&r, MS(10), &s);
	rig_skip(&r);
	s = rig_peer(TFO_TH_ACK | TFO_TH_FIN, 5001, 1001);
	seg_data(&s, "abcdef");
	rig_in(&r, MS(20), &s);
	rig_expect(&r, MS(20),
	           C "Flags [.], ack 5005, win 0, options [nop,nop,TS val 20 ecr 7100], length 0");
	tfo_endpoint_get_info(ep, &in);
	ck_assert_uint_eq(in.rcv_wnd, 0);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	/* reading opens the window: a window update (Linux __tcp_cleanup_rbuf()) */
	ck_assert_str_eq(rig_read(&r, ep, MS(30)), "abcd");
	rig_expect(&r, MS(30),
	           C "Flags [.], ack 5005, win 4, options [nop,nop,TS val 30 ecr 7100], length 0");
	rig_free(&r);
}
END_TEST

START_TEST(closed_port_resets)
{
	/* RFC 793 "If the connection does not exist (CLOSED)": with ACK <SEQ=SEG.ACK><CTL=RST>,
	 * else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; a RST is never answered */
	struct rig r;
	tfo_segment s;

	rig_init(&r, NULL);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	seg_data(&s, "hello!");
	rig_in(&r, MS(1), &s);
	rig_expect(
	        &r, MS(1),
	        "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [R.], seq 0, ack 1007, win 0, length "
	        "0");
	s = seg(CLI, SRV, TFO_TH_ACK | TFO_TH_FIN, 1000, 777, 65535);
	rig_in(&r, MS(2), &s);
	rig_expect(&r, MS(2),
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [R], seq 777, win 0, "
	           "length 0");
	s = seg(CLI, SRV, TFO_TH_RST, 1000, 0, 0);
	rig_in(&r, MS(3), &s);
	rig_expect_none(&r);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_OUT_RSTS), 2);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_IN_SEGS), 3);
	rig_free(&r);
}
END_TEST

START_TEST(listener_input)
{
	/* RFC 793 LISTEN: a RST is ignored, an ACK is reset, anything without SYN dropped;
	 * SYN+RST+FIN together is a RST: ignored; Linux: a full accept queue drops SYNs */
	struct rig r;
	tfo_listener *l;
	tfo_segment s;
	tfo_endpoint *ep = NULL;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 0, 0);
	s = seg(CLI, SRV, TFO_TH_RST | TFO_TH_SYN | TFO_TH_FIN, 1000, 0, 0);
	rig_in(&r, 0, &s);
	s = seg(CLI, SRV, TFO_TH_PSH, 1000, 0, 0);
	rig_in(&r, 0, &s);
	rig_expect_none(&r);
	s = seg(CLI, SRV, TFO_TH_ACK, 1000, 55, 0);
	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [R], seq 55, win 0, length 0");
	/* backlog 0 holds one child (Linux sk_acceptq_is_full(): more than backlog) */
	for (int i = 0; i < 2; i++) {
		char src[32];

		snprintf(src, sizeof(src), "192.0.2.1:%d", 40000 + i);
		RIG_RAND(&r, 5000, 0);
		s = seg(src, SRV, TFO_TH_SYN, 1000, 0, 65535);
		rig_in(&r, MS(1), &s);
	}
	for (int i = 0; i < 2; i++) {
		char src[32];

		snprintf(src, sizeof(src), "192.0.2.1:%d", 40000 + i);
		s = seg(src, SRV, TFO_TH_ACK, 1001, 5001, 65535);
		rig_in(&r, MS(2), &s);
	}
	/* the second handshake ACK found the queue full: ignored (Linux tcp_check_req()) */
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_LISTEN_OVERFLOWS), 1);
	/* a new SYN is dropped too (Linux tcp_conn_request()) */
	s = seg("192.0.2.1:40002", SRV, TFO_TH_SYN, 1000, 0, 65535);
	rig_skip(&r);
	rig_in(&r, MS(3), &s);
	rig_expect_none(&r);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_LISTEN_OVERFLOWS), 2);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	/* the held-back child completes when its ACK comes again */
	s = seg("192.0.2.1:40001", SRV, TFO_TH_ACK, 1001, 5001, 65535);
	rig_in(&r, MS(4), &s);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	rig_free(&r);
}
END_TEST

START_TEST(malformed_segments)
{
	/* Bad input is dropped and counted in InErrs, never answered */
	struct rig r;
	tfo_segment s;

	rig_init(&r, NULL);
	rig_listen(&r, SRV, 8, 8);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 0);
	s.src.port = 0;
	rig_in(&r, 0, &s);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 0);
	s.dst = sa("[2001:db8::1]:80");
	rig_in(&r, 0, &s);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 0);
	s.len = 5;
	rig_in(&r, 0, &s);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 0);
	s.optlen = 41;
	rig_in(&r, 0, &s);
	rig_expect_none(&r);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_IN_ERRS), 4);
	ck_assert_int_eq(tfo_host_input(r.h, 0, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_host_input(NULL, 0, &s), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

START_TEST(malformed_options)
{
	/* Linux tcp_parse_options(): a bad option length ends the walk; what came before
	 * counts, the rest is ignored; an odd-length TFO option is no TFO option */
	struct rig r;
	tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	static const uint8_t junk[3] = { 1, 2, 3 };

	rig_init(&r, NULL);
	rig_listen(&r, SRV, 8, 8);
	RIG_RAND(&r, 5000, 0);
	ck_assert_int_eq(tfo_opt_add_mss(&s, 1000), 0);
	ck_assert_int_eq(tfo_opt_add_raw(&s, TFO_OPT_FASTOPEN, junk, 3), 0);
	s.opts[s.optlen++] = TFO_OPT_TS;
	s.opts[s.optlen++] = 40; /* overruns */
	rig_in(&r, 0, &s);
	rig_expect(
	        &r, 0,
	        "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [S.], seq 5000, ack 1001, win 65535, "
	        "options [mss 1460], length 0");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_COOKIE_REQD), 0);
	rig_free(&r);
}
END_TEST

START_TEST(data_after_close_resets)
{
	/* Linux tcp_rcv_state_process(): new data for a closed (orphaned) socket in
	 * FIN-WAIT-1/2 is answered with a RST (TCPAbortOnData; RFC 1122 4.2.2.13) */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	tfo_close(ep, MS(20));
	s = rig_peer(TFO_TH_ACK, 5001, 1002);
	rig_in(&r, MS(21), &s);
	rig_skip(&r);
	s = rig_peer(TFO_TH_ACK, 5001, 1002);
	seg_data(&s, "late");
	rig_in(&r, MS(22), &s);
	rig_expect(&r, MS(22), C "Flags [R], seq 1002, win 0, length 0");
	ck_assert(rig_log_has(&r, "FIN-WAIT-2 --rcv data after close--> CLOSED"));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ABORT_ON_DATA), 1);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	rig_free(&r);
}
END_TEST

START_TEST(close_with_unread_data_resets)
{
	/* Linux tcp_close(), RFC 2525 2.17: closing with unread data sends a RST, not a FIN */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	s = rig_peer(TFO_TH_ACK, 5001, 1001);
	seg_data(&s, "unread");
	rig_in(&r, MS(20), &s);
	rig_skip(&r);
	tfo_close(ep, MS(30));
	rig_expect(&r, MS(30),
	           C "Flags [R.], seq 1001, ack 5007, win 511, options [nop,nop,TS val 30 ecr "
	             "7100], length 0");
	ck_assert(rig_log_has(&r, "ESTABLISHED --app close--> CLOSED"));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ABORT_ON_CLOSE), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_ESTAB_RESETS), 1);
	rig_free(&r);
}
END_TEST

START_TEST(abort_sends_rst)
{
	/* Linux tcp_disconnect() / tcp_need_reset(): a RST in ESTABLISHED, none in SYN-SENT */
	struct rig r;
	tfo_endpoint *ep;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	tfo_abort(ep, MS(20));
	rig_expect(&r, MS(20),
	           C "Flags [R.], seq 1001, ack 5001, win 511, options [nop,nop,TS val 20 ecr "
	             "7000], length 0");
	ck_assert(rig_log_has(&r, "ESTABLISHED --app abort--> CLOSED"));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CLOSED, NULL), 0);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, MS(30), CLI, SRV, 0, NULL, &ep), 0);
	rig_skip(&r);
	tfo_abort(ep, MS(31));
	rig_expect_none(&r);
	rig_free(&r);
}
END_TEST

START_TEST(time_wait_reopened_by_new_syn)
{
	/* Linux tcp_timewait_state_process() (RFC 1122 4.2.2.13): a SYN beyond rcv_nxt
	 * ends TIME-WAIT and opens a new connection on the same 4-tuple */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 0);
	RIG_RAND(&r, 5000, 0);
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	rig_in(&r, 0, &s);
	s = seg(CLI, SRV, TFO_TH_ACK, 1001, 5001, 65535);
	rig_in(&r, MS(1), &s);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	tfo_close(ep, MS(2));
	s = seg(CLI, SRV, TFO_TH_ACK | TFO_TH_FIN, 1001, 5002, 65535);
	rig_in(&r, MS(3), &s);
	ck_assert(rig_log_has(&r, "FIN-WAIT-2 --rcv FIN--> TIME-WAIT"));
	rig_skip(&r);
	/* an old SYN is answered with an ACK (RFC 5961 challenge) */
	s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);
	rig_in(&r, MS(4), &s);
	rig_expect(&r, MS(4),
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [.], ack 1002, win 65535, "
	           "length 0");
	RIG_RAND(&r, 8000, 0);
	s = seg(CLI, SRV, TFO_TH_SYN, 90000, 0, 65535);
	rig_in(&r, MS(5), &s);
	rig_expect(&r, MS(5),
	           "IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [S.], seq 8000, ack 90001, "
	           "win 65535, options [mss 1460], length 0");
	ck_assert(rig_log_has(&r, "TIME-WAIT --rcv SYN--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 1);
	rig_free(&r);
}
END_TEST

Suite *input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("input");

	tcase_add_test(tc, rst_in_every_state);
	tcase_add_test(tc, rst_in_window_gets_challenge_ack);
	tcase_add_test(tc, rst_in_syn_sent);
	tcase_add_test(tc, syn_in_synchronized_state);
	tcase_add_test(tc, ack_checks);
	tcase_add_test(tc, unacceptable_segments);
	tcase_add_test(tc, out_of_order_dropped);
	tcase_add_test(tc, window_limits_data);
	tcase_add_test(tc, closed_port_resets);
	tcase_add_test(tc, listener_input);
	tcase_add_test(tc, malformed_segments);
	tcase_add_test(tc, malformed_options);
	tcase_add_test(tc, data_after_close_resets);
	tcase_add_test(tc, close_with_unread_data_resets);
	tcase_add_test(tc, abort_sends_rst);
	tcase_add_test(tc, time_wait_reopened_by_new_syn);
	suite_add_tcase(s, tc);
	return s;
}
