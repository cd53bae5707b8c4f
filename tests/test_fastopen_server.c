/*
 * Fast Open, server side: RFC 7413 section 4.1.2 and 4.2.2 with Linux's
 * tcp_try_fastopen() as the reference. Client 192.0.2.1:40000 (ISS 1000,
 * TS 100), server 192.168.0.1:80 (ISS 5000, TS offset 0), KEY_A primary,
 * whose cookie for this pair is 3021b9d889017eeb.
 */
#include <stdio.h>
#include <string.h>

#include "rig.h"
#include "tfo_conn.h"
#include "tfo_host.h"

#define S "IP 192.168.0.1.80 > 192.0.2.1.40000: "
#define K2 "deadbeef-cafebabe-feedface-0ddba11f"

/* The client's SYN: seq 1000, Linux's options, an optional TFO option and data. */
static tfo_segment syn(int exp, const char *cookie, const char *data)
{
	tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);

	seg_syn_opts(&s, 100, 0);
	if (cookie)
		seg_cookie(&s, exp, cookie);
	if (data)
		seg_data(&s, data);
	return s;
}

static tfo_segment cli_ack(uint32_t seq, uint32_t ack, uint8_t extra)
{
	tfo_segment s = seg(CLI, SRV, TFO_TH_ACK | extra, seq, ack, 512);

	seg_ts(&s, 110, 0);
	return s;
}

static tfo_listener *server(struct rig *r, const tfo_settings *st, int qlen)
{
	rig_init(r, st);
	RIG_RAND(r, 5000, 0);
	return rig_listen(r, SRV, 16, qlen);
}

START_TEST(cookie_request_gets_cookie)
{
	/* RFC 7413 4.1.2 / Linux: foc->len == 0 -> the primary cookie in the SYN-ACK,
	 * TCPFastOpenCookieReqd; no child until the handshake completes */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, "", NULL);
	tfo_endpoint *ep = NULL;
	tfo_endpoint_info in;

	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], length 0");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_COOKIE_REQD), 1);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	s = cli_ack(1001, 5001, 0);
	rig_in(&r, MS(1), &s);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_COOKIE_REQUEST);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 0);
	rig_free(&r);
}
END_TEST

START_TEST(valid_cookie_accepts_data)
{
	/* RFC 7413 4.2.2 / Linux tcp_try_fastopen(): a valid primary cookie: a child takes the
	 * data at once, is accepted in SYN-RECEIVED, its SYN-ACK acks ISN+1+data and carries
	 * no cookie (traces/cold-warm visit 2); the server may answer before the final ACK */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;
	tfo_endpoint_info in;

	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1007, win 65529, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7], length 0");
	ck_assert(rig_log_has(&r, "tfo: cookie valid, 6 data bytes accepted"));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_PASSIVE_OPENS), 1);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_ACCEPT, NULL), 1);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_RECEIVED);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_READABLE, ep), 1);
	ck_assert_str_eq(rig_read(&r, ep, MS(1)), "hello!");
	ck_assert_uint_eq(l->fo_qlen, 1);
	/* the answer leaves before the client's ACK arrives */
	ck_assert_int_eq(tfo_write(ep, MS(2), "world!", 6), 6);
	rig_expect(&r, MS(2),
	           S "Flags [P.], seq 5001:5007, ack 1007, win 511, options [nop,nop,TS val 2 ecr "
	             "100], length 6");
	s = cli_ack(1007, 5001, 0);
	rig_in(&r, MS(10), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CONNECTED, ep), 1);
	ck_assert_uint_eq(l->fo_qlen, 0);
	s = cli_ack(1007, 5007, 0);
	rig_in(&r, MS(12), &s);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_uint_eq(in.syn_data, 6);
	ck_assert_uint_eq(in.syn_data_acked, 6);
	ck_assert_uint_eq(in.cookie_len, 8);
	ck_assert_uint_eq(in.bytes_received, 6);
	ck_assert_uint_eq(in.bytes_sent, 6);
	rig_free(&r);
}
END_TEST

START_TEST(backup_key_gets_fresh_cookie)
{
	/* Linux: a cookie valid on the backup key is accepted and the SYN-ACK carries a fresh
	 * primary cookie; TCPFastOpenPassiveAltKey (traces/backup-key visit 2) */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;
	char want[300];

	ck_assert_int_eq(tfo_keyring_parse(tfo_host_keyring(r.h), K2 "," KEY_A), 0);
	rig_in(&r, 0, &s);
	snprintf(want, sizeof(want),
	         S "Flags [S.], seq 5000, ack 1007, win 65529, options [mss 1460,sackOK,TS val 0 "
	           "ecr 100,nop,wscale 7,tfo  cookie %s,nop,nop], length 0",
	         rig_cookie(&r, K2, "192.0.2.1", "192.168.0.1"));
	rig_expect(&r, 0, want);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 1);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_str_eq(rig_read(&r, ep, 0), "hello!");
	ck_assert(rig_log_has(&r, "cookie valid on the backup key"));
	rig_free(&r);
}
END_TEST

START_TEST(invalid_cookie_drops_data)
{
	/* RFC 7413 4.2.2 / Linux: an invalid cookie: TCPFastOpenPassiveFail, the data is
	 * dropped, the SYN-ACK acks ISN+1 and carries the valid cookie (traces/key-rotated) */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, "0102030405060708", "hello!");
	tfo_endpoint *ep = NULL;
	tfo_endpoint_info in;

	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], length 0");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE_FAIL), 1);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	/* the client resends the data with its ACK */
	s = cli_ack(1001, 5001, TFO_TH_PSH);
	seg_data(&s, "hello!");
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           S "Flags [.], ack 1007, win 511, options [nop,nop,TS val 10 ecr 110], length 0");
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_str_eq(rig_read(&r, ep, MS(11)), "hello!");
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_REJECTED);
	ck_assert_uint_eq(in.syn_data, 6);
	ck_assert_uint_eq(in.syn_data_acked, 0);
	rig_free(&r);
}
END_TEST

START_TEST(no_option_drops_data)
{
	/* Linux: SYN data without any TFO option: no cookie in the SYN-ACK, data dropped */
	struct rig r;
	tfo_segment s = syn(0, NULL, "hello!");

	server(&r, NULL, 16);
	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7], length 0");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE_FAIL), 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 0);
	rig_free(&r);
}
END_TEST

START_TEST(server_off_no_cookie)
{
	/* Linux: without TFO_SERVER_ENABLE (or a listener qlen) nothing is Fast Open, but a
	 * cookie request is still counted (traces/server-off: CookieReqd 4) */
	static const struct {
		uint32_t sysctl;
		int qlen;
	} cases[] = { { 0x1, 16 }, { 0x3, 0 } };

	for (size_t i = 0; i < 2; i++) {
		struct rig r;
		tfo_settings st = rig_settings(cases[i].sysctl);
		tfo_segment s = syn(0, "", NULL);
		tfo_segment d = syn(0, COOKIE_A, "hello!");

		server(&r, &st, cases[i].qlen);
		rig_in(&r, 0, &s);
		rig_expect(&r, 0,
		           S
		           "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS "
		           "val 0 ecr 100,nop,wscale 7], length 0");
		ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_COOKIE_REQD), 1);
		d.src.port = 40001;
		RIG_RAND(&r, 6000, 0);
		rig_in(&r, MS(1), &d);
		ck_assert_uint_eq(rig_last(&r)->seg.ack, 1001);
		ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 0);
		rig_free(&r);
	}
}
END_TEST

START_TEST(queue_overflow)
{
	/* Linux tcp_fastopen_queue_check(): with max_qlen pending TFO children, a further
	 * SYN gets no TFO at all: SYN-ACK without TFO option, data dropped,
	 * TCPFastOpenListenOverflow (traces/qlen-overflow visit 3) */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 1);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_segment t = syn(0, COOKIE_A, "again!");
	tfo_endpoint *ep = NULL;

	rig_in(&r, 0, &s);
	rig_skip(&r);
	t.src.port = 40001;
	RIG_RAND(&r, 6000, 0);
	rig_in(&r, MS(1), &t);
	rig_expect(
	        &r, MS(1),
	        "IP 192.168.0.1.80 > 192.0.2.1.40001: Flags [S.], seq 6000, ack 1001, win 65535, "
	        "options [mss 1460,sackOK,TS val 1 ecr 100,nop,wscale 7], length 0");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE_FAIL), 0);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	/* the first handshake completes: room again */
	s = cli_ack(1007, 5001, 0);
	rig_in(&r, MS(2), &s);
	ck_assert_int_eq(l->fo_qlen, 0);
	t.src.port = 40002;
	RIG_RAND(&r, 7000, 0);
	rig_in(&r, MS(3), &t);
	ck_assert_uint_eq(rig_last(&r)->seg.ack, 1007);
	rig_free(&r);
}
END_TEST

START_TEST(qlen_released_when_child_dies)
{
	/* Linux: a TFO child counts in the queue until its handshake completes or
	 * it dies; tcp_done() leaves the dead child in the accept queue, and
	 * accept() hands it out with its data, then ECONNRESET
	 * (tests/scripts/server-rst-before-accept.pkt passes so on Linux 6.18) */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 1);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;
	char buf[16];

	rig_in(&r, 0, &s);
	ck_assert_int_eq(l->fo_qlen, 1);
	s = seg(CLI, SRV, TFO_TH_RST, 1007, 0, 0);
	rig_in(&r, MS(1), &s);
	ck_assert_int_eq(l->fo_qlen, 0);
	ck_assert_uint_eq(l->acc_len, 1);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0); /* out of the table */
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	ck_assert_int_eq(tfo_read(ep, MS(2), buf, sizeof(buf)), 6);
	ck_assert_mem_eq(buf, "hello!", 6);
	ck_assert_int_eq(tfo_read(ep, MS(2), buf, sizeof(buf)), TFO_ERR_CONNRESET);
	tfo_close(ep, MS(3));
	rig_free(&r);
}
END_TEST

START_TEST(dead_child_freed_by_listener_close)
{
	/* A child reset while queued for accept() goes when the listener closes,
	 * without a segment (it is CLOSED already); valgrind and ASan check it is
	 * freed */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 1);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	size_t out;

	rig_in(&r, 0, &s);
	s = seg(CLI, SRV, TFO_TH_RST, 1007, 0, 0);
	rig_in(&r, MS(1), &s);
	out = r.nout;
	ck_assert_uint_eq(l->acc_len, 1);
	tfo_listener_close(l, MS(2));
	ck_assert_uint_eq(r.nout, out);
	rig_advance(&r, MS(3));
	rig_free(&r);
}
END_TEST

START_TEST(cookie_not_required)
{
	/* Linux TFO_SERVER_COOKIE_NOT_REQD (0x200): data accepted with no cookie
	 * (traces/cookieless) */
	struct rig r;
	tfo_settings st = rig_settings(0x202);
	tfo_listener *l = server(&r, &st, 4);
	tfo_segment s = syn(0, NULL, "hello!");
	tfo_endpoint *ep = NULL;

	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1007, win 65529, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7], length 0");
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_str_eq(rig_read(&r, ep, 0), "hello!");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 1);
	rig_free(&r);
}
END_TEST

START_TEST(answers_in_client_option_form)
{
	/* Linux tcp_try_fastopen(): valid_foc.exp = foc->exp: the SYN-ACK's TFO option has the
	 * form the client used (kind 254 / 0xF989 here, no padding) */
	struct rig r;
	tfo_segment s = syn(1, "", NULL);

	server(&r, NULL, 16);
	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7,exp-tfo cookie 3021b9d889017eeb], length 0");
	ck_assert_uint_eq(rig_last(&r)->seg.optlen, 32);
	ck_assert_mem_eq(rig_last(&r)->seg.opts + 20, "\xfe\x0c\xf9\x89\x30\x21\xb9\xd8", 8);
	rig_free(&r);
}
END_TEST

START_TEST(exp_cookie_accepted)
{
	/* RFC 7413 section 7: a valid cookie in the experimental option works the same */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(1, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;
	tfo_endpoint_info in;

	rig_in(&r, 0, &s);
	ck_assert_uint_eq(rig_last(&r)->seg.ack, 1007);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_uint_eq(in.cookie_exp, 1);
	rig_free(&r);
}
END_TEST

START_TEST(syn_data_fin)
{
	/* The issue (RFC 7413 does not forbid it; Linux's tcp_fastopen_add_skb() handles
	 * the FIN, though Linux listeners drop SYN+FIN since 3.8): SYN+data+FIN with a valid
	 * cookie: the SYN-ACK acks seq+1+len+1, the child goes SYN-RECEIVED -> CLOSE-WAIT.
	 * The SYN-ACK's window is the free receive buffer: 65535 - 6 */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;

	s.flags |= TFO_TH_FIN;
	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1008, win 65529, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7], length 0");
	ck_assert(rig_log_has(&r, "LISTEN --rcv SYN--> SYN-RECEIVED"));
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --rcv FIN--> CLOSE-WAIT"));
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSE_WAIT);
	ck_assert_str_eq(rig_read(&r, ep, 0), "hello!");
	ck_assert_int_eq(tfo_read(ep, 0, r.rbuf, 1), 0);
	/* the final ACK completes the handshake in CLOSE-WAIT */
	s = cli_ack(1008, 5001, 0);
	rig_in(&r, MS(10), &s);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CONNECTED, ep), 1);
	ck_assert_int_eq(l->fo_qlen, 0);
	tfo_close(ep, MS(11));
	rig_expect(&r, MS(11),
	           S
	           "Flags [F.], seq 5001, ack 1008, win 511, options [nop,nop,TS val 11 ecr 110], "
	           "length 0");
	s = cli_ack(1008, 5002, 0);
	rig_in(&r, MS(20), &s);
	ck_assert(rig_log_has(&r, "LAST-ACK --rcv ACK--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	rig_free(&r);
}
END_TEST

START_TEST(retransmitted_syn_not_delivered_twice)
{
	/* Linux tcp_check_req(): the same SYN again (the SYN-ACK was lost) is answered with
	 * the SYN-ACK again (no TFO option: inet_rtx_syn_ack()); its data is not taken twice */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;

	rig_in(&r, 0, &s);
	rig_skip(&r);
	rig_in(&r, MS(5), &s);
	rig_expect(&r, MS(5),
	           S "Flags [S.], seq 5000, ack 1007, win 65529, options [mss 1460,sackOK,TS val 5 "
	             "ecr 100,nop,wscale 7], length 0");
	ck_assert(rig_log_has(&r, "retransmitted SYN: SYN-ACK again, its data not taken twice"));
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_str_eq(rig_read(&r, ep, MS(6)), "hello!");
	ck_assert_int_eq(tfo_read(ep, MS(6), r.rbuf, 10), TFO_ERR_AGAIN);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_READABLE, ep), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 1);
	rig_free(&r);
}
END_TEST

START_TEST(duplicate_syn_after_child_gone)
{
	/* RFC 7413 section 6 ("Security Considerations", 6.2 on duplicates): TFO gives up the
	 * at-most-once delivery of SYN data: a duplicate of an old SYN-with-data arriving
	 * after its connection is gone (no TIME-WAIT on the server, the client closed first)
	 * carries a valid cookie and delivers the data again, to a new child */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_segment t;
	tfo_endpoint *a = NULL, *b = NULL;

	rig_in(&r, 0, &s);
	ck_assert_int_eq(tfo_accept(l, &a), 0);
	ck_assert_str_eq(rig_read(&r, a, 0), "hello!");
	t = cli_ack(1007, 5001, TFO_TH_FIN);
	rig_in(&r, MS(10), &t);
	tfo_close(a, MS(11));
	t = cli_ack(1008, 5002, 0);
	rig_in(&r, MS(20), &t);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	/* the network delivers the old SYN once more */
	RIG_RAND(&r, 9000, 0);
	rig_in(&r, SEC(5), &s);
	ck_assert_uint_eq(rig_last(&r)->seg.ack, 1007);
	ck_assert_int_eq(tfo_accept(l, &b), 0);
	ck_assert_str_eq(rig_read(&r, b, SEC(5)), "hello!");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 2);
	rig_free(&r);
}
END_TEST

START_TEST(no_key_no_cookie)
{
	/* The key ring starts empty (tfo_host_new): without a primary key no cookie is made */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_segment s = syn(0, "", NULL);
	tfo_callbacks cb;

	server(&r, &st, 16);
	cb = r.h->cb;
	tfo_host_del(r.h);
	ck_assert_int_eq(tfo_host_new(&r.h, &st, &cb, &r.ta.a), 0);
	rig_listen(&r, SRV, 16, 16);
	RIG_RAND(&r, 5000, 0);
	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7], length 0");
	s = syn(0, COOKIE_A, "hello!");
	s.src.port = 40001;
	rig_in(&r, 0, &s);
	ck_assert_uint_eq(rig_last(&r)->seg.ack, 1001);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE_FAIL), 1);
	rig_free(&r);
}
END_TEST

START_TEST(tfo_child_synack_timeout)
{
	/* Linux tcp_fastopen_synack_timer(): synack_retries + 1 retransmissions of a SYN-ACK
	 * without TFO option, then ETIMEDOUT for the (accepted) child */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, "", "");
	tfo_endpoint *ep = NULL;
	static const unsigned at[] = { 1, 3, 7, 15, 31, 63 };

	s = syn(0, COOKIE_A, "hello!");
	rig_in(&r, 0, &s);
	rig_skip(&r);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	for (size_t i = 0; i < 6; i++) {
		rig_advance(&r, SEC(at[i]));
		ck_assert_uint_eq(rig_last(&r)->t, SEC(at[i]));
		ck_assert_uint_eq(rig_last(&r)->seg.flags, TFO_TH_SYN | TFO_TH_ACK);
		ck_assert_uint_eq(rig_last(&r)->seg.optlen, 20);
	}
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_RECEIVED);
	rig_advance(&r, SEC(127));
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	ck_assert_int_eq(rig_last_event(&r, TFO_EV_ERROR)->error, TFO_ERR_TIMEDOUT);
	ck_assert_int_eq(tfo_read(ep, SEC(127), r.rbuf, 10), 6);
	ck_assert_int_eq(tfo_read(ep, SEC(127), r.rbuf, 10), TFO_ERR_TIMEDOUT);
	ck_assert_int_eq(l->fo_qlen, 0);
	rig_free(&r);
}
END_TEST

START_TEST(tfo_child_closes_before_ack)
{
	/* Linux tcp_close_state(): SYN-RECEIVED --close--> FIN-WAIT-1; a Fast Open child sends
	 * its data and FIN before the handshake completes */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;

	rig_in(&r, 0, &s);
	rig_skip(&r);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_str_eq(rig_read(&r, ep, 0), "hello!");
	ck_assert_int_eq(tfo_write(ep, MS(1), "bye", 3), 3);
	tfo_close(ep, MS(1));
	rig_expect(&r, MS(1),
	           S "Flags [P.], seq 5001:5004, ack 1007, win 511, options [nop,nop,TS val 1 ecr "
	             "100], length 3");
	rig_expect(&r, MS(1),
	           S "Flags [F.], seq 5004, ack 1007, win 511, options [nop,nop,TS val 1 ecr 100], "
	             "length 0");
	ck_assert(rig_log_has(&r, "SYN-RECEIVED --app close--> FIN-WAIT-1"));
	s = cli_ack(1007, 5005, 0);
	rig_in(&r, MS(10), &s);
	ck_assert(rig_log_has(&r, "FIN-WAIT-1 --rcv ACK--> FIN-WAIT-2"));
	ck_assert_int_eq(l->fo_qlen, 0);
	rig_free(&r);
}
END_TEST

START_TEST(child_without_memory_falls_back)
{
	/* Linux tcp_try_fastopen(): "If we fail to create the socket, fall back and ack the
	 * ISN only but includes the same cookie" (TCPFastOpenPassiveFail) */
	struct rig r;
	tfo_listener *l = server(&r, NULL, 16);
	tfo_segment s = syn(0, COOKIE_A, "hello!");
	tfo_endpoint *ep = NULL;

	/* the timer heap and the child are allocated, the buffer chunk for its data is not */
	r.ta.fail_at = r.ta.calls + 3;
	rig_in(&r, 0, &s);
	rig_expect(&r, 0,
	           S "Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,sackOK,TS val 0 "
	             "ecr 100,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], length 0");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE_FAIL), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 0);
	ck_assert_int_eq(tfo_accept(l, &ep), TFO_ERR_AGAIN);
	ck_assert(rig_log_has(&r, "tfo: no memory for the SYN data"));
	rig_free(&r);
}
END_TEST

START_TEST(cookie_request_with_data)
{
	/* Linux tcp_try_fastopen(): a cookie request gets a cookie; data with it is dropped */
	struct rig r;
	tfo_segment s = syn(0, "", "hello!");

	server(&r, NULL, 16);
	rig_in(&r, 0, &s);
	ck_assert_uint_eq(rig_last(&r)->seg.ack, 1001);
	ck_assert_ptr_nonnull(strstr(rig_last(&r)->line, "cookie 3021b9d889017eeb"));
	ck_assert(rig_log_has(&r, "cookie request with data, 6 bytes dropped"));
	rig_free(&r);
}
END_TEST

Suite *fastopen_server_suite(void)
{
	Suite *s = suite_create("fastopen_server");
	TCase *tc = tcase_create("server");

	tcase_add_test(tc, cookie_request_gets_cookie);
	tcase_add_test(tc, valid_cookie_accepts_data);
	tcase_add_test(tc, backup_key_gets_fresh_cookie);
	tcase_add_test(tc, invalid_cookie_drops_data);
	tcase_add_test(tc, no_option_drops_data);
	tcase_add_test(tc, server_off_no_cookie);
	tcase_add_test(tc, queue_overflow);
	tcase_add_test(tc, qlen_released_when_child_dies);
	tcase_add_test(tc, dead_child_freed_by_listener_close);
	tcase_add_test(tc, cookie_not_required);
	tcase_add_test(tc, answers_in_client_option_form);
	tcase_add_test(tc, exp_cookie_accepted);
	tcase_add_test(tc, syn_data_fin);
	tcase_add_test(tc, retransmitted_syn_not_delivered_twice);
	tcase_add_test(tc, duplicate_syn_after_child_gone);
	tcase_add_test(tc, no_key_no_cookie);
	tcase_add_test(tc, tfo_child_synack_timeout);
	tcase_add_test(tc, tfo_child_closes_before_ack);
	tcase_add_test(tc, child_without_memory_falls_back);
	tcase_add_test(tc, cookie_request_with_data);
	suite_add_tcase(s, tc);
	return s;
}
