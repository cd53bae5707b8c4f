/*
 * Fast Open, client side: RFC 7413 section 4.1 and 4.2 with Linux as the
 * reference where the RFC leaves room (net/ipv4/tcp_fastopen.c,
 * tcp_output.c tcp_send_syn_data(), tcp_input.c tcp_rcv_fastopen_synack()).
 * Client 192.0.2.1:40000 (ISS 1000, TS offset 0), server 192.168.0.1:80.
 */
#include <stdio.h>
#include <string.h>

#include "rig.h"
#include "tfo_cookie_cache.h"
#include "tfo_host.h"

#define C "IP 192.0.2.1.40000 > 192.168.0.1.80: "
#define SYNO "mss 1460,sackOK,TS val %u ecr 0,nop,wscale 7"

static tfo_segment synack(uint32_t ack, const char *cookie, int exp)
{
	tfo_segment s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, ack, 65535);

	seg_syn_opts(&s, 7000, 0);
	if (cookie)
		seg_cookie(&s, exp, cookie);
	return s;
}

static void cache_cookie(struct rig *r, const char *hex, uint16_t mss)
{
	uint8_t c[16];
	size_t n;
	tfo_addr l = ad("192.0.2.1"), s = ad("192.168.0.1");

	ck_assert_int_eq(tfo_hex_decode(hex, c, sizeof(c), &n), 0);
	ck_assert_int_eq(tfo_host_cookie_set(r->h, &l, &s, c, n, mss), 0);
}

static struct cc_entry *entry(struct rig *r)
{
	tfo_addr l = ad("192.0.2.1"), s = ad("192.168.0.1");

	return cc_find(&r->h->cc, &l, &s);
}

static tfo_endpoint *fo_connect(struct rig *r, tfo_time t, const char *data)
{
	tfo_endpoint *ep = NULL;

	RIG_RAND(r, 1000, 0);
	ck_assert_int_eq(rig_connect(r, t, CLI, SRV, TFO_CONNECT_FASTOPEN, data, &ep),
	                 data ? (int)strlen(data) : 0);
	return ep;
}

START_TEST(cold_connect_requests_cookie)
{
	/* RFC 7413 4.1.1 / Linux tcp_fastopen_cookie_check(): no cookie -> an empty TFO
	 * option (22 02 + NOP NOP), no data; the data waits and rides on the handshake ACK
	 * (traces/cold-warm visit 1) */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;
	uint8_t cookie[16];
	size_t len = 0;
	uint16_t mss = 0;

	rig_init(&r, NULL);
	ep = fo_connect(&r, 0, "hello!");
	rig_expect(&r, 0,
	           C "Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val 0 ecr "
	             "0,nop,wscale 7,tfo  cookiereq,nop,nop], length 0");
	ck_assert_uint_eq(rig_last(&r)->seg.optlen, 24);
	ck_assert_mem_eq(rig_last(&r)->seg.opts + 20, "\x22\x02\x01\x01", 4);
	s = synack(1001, COOKIE_A, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 10 ecr "
	             "7000], length 6");
	rig_expect_none(&r);
	ck_assert_int_eq(
	        tfo_host_cookie_get(r.h, &(tfo_addr){ 0 }, &(tfo_addr){ 0 }, NULL, NULL, NULL), 0);
	{
		tfo_addr l = ad("192.0.2.1"), sv = ad("192.168.0.1");

		ck_assert_int_eq(tfo_host_cookie_get(r.h, &l, &sv, cookie, &len, &mss), 1);
	}
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(cookie, "\x30\x21\xb9\xd8\x89\x01\x7e\xeb", 8);
	ck_assert_uint_eq(mss, 1460);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_COOKIE, ep), 1);
	ck_assert_uint_eq(rig_last_event(&r, TFO_EV_COOKIE)->cookie_len, 8);
	ck_assert_mem_eq(rig_last_event(&r, TFO_EV_COOKIE)->cookie, cookie, 8);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_COOKIE_REQUEST);
	ck_assert_int_eq(in.client_fail, TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE);
	ck_assert_uint_eq(in.syn_data, 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE), 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE_FAIL), 0);
	rig_free(&r);
}
END_TEST

START_TEST(warm_connect_sends_data_in_syn)
{
	/* RFC 7413 4.2.1: cookie + data in the SYN (flags [S] only, traces/cold-warm visit 2);
	 * the SYN-ACK acknowledges it all: delivered, counted TCPFastOpenActive */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	ep = fo_connect(&r, MS(1), "hello!");
	rig_expect(&r, MS(1),
	           C "Flags [S], seq 1000:1006, win 65535, options [mss 1460,sackOK,TS val 1 ecr "
	             "0,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], length 6");
	ck_assert_mem_eq(rig_last(&r)->seg.opts + 20,
	                 "\x22\x0a\x30\x21\xb9\xd8\x89\x01\x7e\xeb\x01\x01", 12);
	ck_assert_mem_eq(rig_last(&r)->data, "hello!", 6);
	s = synack(1007, NULL, 0);
	rig_in(&r, MS(11), &s);
	rig_expect(&r, MS(11),
	           C
	           "Flags [.], ack 5001, win 511, options [nop,nop,TS val 11 ecr 7000], length 0");
	rig_expect_none(&r);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_int_eq(in.client_fail, TFO_CLIENT_FAIL_NONE);
	ck_assert_uint_eq(in.syn_data, 6);
	ck_assert_uint_eq(in.syn_data_acked, 6);
	ck_assert_uint_eq(in.cookie_len, 8);
	ck_assert_uint_eq(in.bytes_sent, 6);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE), 1);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_COOKIE, NULL), 0);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(syn_data_limits)
{
	/* Linux tcp_send_syn_data(): at most the cached MSS (else our own, 1460
	 * IPv4 and 1440 IPv6 at MTU 1500) minus 40 rides in the SYN; the rest
	 * follows the handshake */
	static const struct {
		const char *cli, *srv;
		uint16_t mss;
		uint32_t want;
	} cases[] = {
		{ CLI, SRV, 1460, 1420 },
		{ CLI, SRV, 0, 1420 },
		{ CLI, SRV, 1000, 960 },
		{ CLI, SRV, 9000, 1420 }, /* never more than our own MSS (Linux: the PMTU) */
		{ "[2001:db8::1]:40000", "[2001:db8::2]:80", 0, 1400 },
		{ "[2001:db8::1]:40000", "[2001:db8::2]:80", 1440, 1400 },
	};
	static char big[3000];

	memset(big, 'x', sizeof(big) - 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rig r;
		tfo_endpoint *ep = NULL;
		tfo_sockaddr l = sa(cases[i].cli), s = sa(cases[i].srv);
		tfo_endpoint_info in;

		rig_init(&r, NULL);
		ck_assert_int_eq(tfo_host_cookie_set(r.h, &l.addr, &s.addr,
		                                     (const uint8_t *)"\1\2\3\4\5\6\7\x8", 8,
		                                     cases[i].mss),
		                 0);
		RIG_RAND(&r, 1000, 0);
		ck_assert_int_eq(rig_connect(&r, 0, cases[i].cli, cases[i].srv,
		                             TFO_CONNECT_FASTOPEN, big, &ep),
		                 2999);
		ck_assert_uint_eq(rig_last(&r)->seg.len, cases[i].want);
		tfo_endpoint_get_info(ep, &in);
		ck_assert_uint_eq(in.syn_data, cases[i].want);
		rig_free(&r);
	}
}
END_TEST

START_TEST(syn_only_takes_syn_room)
{
	/* Linux non-blocking sendto(MSG_FASTOPEN): only the bytes in the SYN are taken */
	struct rig r;
	tfo_endpoint *ep = NULL;
	static char big[2001];

	memset(big, 'y', 2000);
	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV,
	                             TFO_CONNECT_FASTOPEN | TFO_CONNECT_SYN_DATA_ONLY, big, &ep),
	                 1420);
	tfo_host_cookie_clear(r.h);
	RIG_RAND(&r, 2000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, "192.0.2.1:40001", SRV,
	                             TFO_CONNECT_FASTOPEN | TFO_CONNECT_SYN_DATA_ONLY, big, &ep),
	                 0);
	ck_assert_uint_eq(rig_last(&r)->seg.len, 0);
	rig_free(&r);
}
END_TEST

START_TEST(synack_acks_isn_only)
{
	/* RFC 7413 4.2.2 / Linux tcp_rcv_fastopen_synack(): the SYN-ACK acks only ISN+1
	 * (invalid cookie): the data goes again at once, with the handshake ACK
	 * (traces/key-rotated visit 2); the fresh cookie replaces the old one */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	cache_cookie(&r, "0102030405060708", 1460);
	ep = fo_connect(&r, 0, "hello!");
	rig_skip(&r);
	s = synack(1001, COOKIE_A, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 10 ecr "
	             "7000], length 6");
	rig_expect_none(&r);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_REJECTED);
	ck_assert_int_eq(in.client_fail, TFO_CLIENT_FAIL_DATA_NOT_ACKED);
	ck_assert_uint_eq(in.syn_data_acked, 0);
	ck_assert_uint_eq(in.retransmits, 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE_FAIL), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE), 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_RETRANS_SEGS), 1);
	ck_assert_mem_eq(entry(&r)->cookie, "\x30\x21\xb9\xd8\x89\x01\x7e\xeb", 8);
	ck_assert(rig_log_has(&r, "tfo: SYN-ACK acknowledged 0 of 6 SYN data bytes"));
	/* the resent data is acknowledged normally */
	s = seg(SRV, CLI, TFO_TH_ACK, 5001, 1007, 512);
	seg_ts(&s, 7010, 10);
	rig_in(&r, MS(20), &s);
	rig_expect_none(&r);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	rig_free(&r);
}
END_TEST

START_TEST(synack_acks_part)
{
	/* Linux tcp_rcv_fastopen_synack(): part of the SYN data acknowledged: the rest is resent */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	ep = fo_connect(&r, 0, "hello!");
	rig_skip(&r);
	s = synack(1004, NULL, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C "Flags [P.], seq 1004:1007, ack 5001, win 511, options [nop,nop,TS val 10 ecr "
	             "7000], length 3");
	rig_expect_none(&r);
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_PARTIAL);
	ck_assert_uint_eq(in.syn_data_acked, 3);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE_FAIL), 1);
	rig_free(&r);
}
END_TEST

START_TEST(synack_acks_too_much)
{
	/* RFC 793 SYN-SENT: an ACK of more than was sent -> <SEQ=SEG.ACK><CTL=RST>, dropped */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	ep = fo_connect(&r, 0, "hello!");
	rig_skip(&r);
	s = synack(1008, NULL, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [R], seq 1008, win 0, "
	           "length 0");
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	/* the right SYN-ACK is still taken */
	s = synack(1007, NULL, 0);
	rig_in(&r, MS(11), &s);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	rig_free(&r);
}
END_TEST

START_TEST(syn_timeout_drops_data_and_option)
{
	/* Linux tcp_send_syn_data(): "Exclude Fast Open option for SYN retries": the
	 * retransmitted SYN has neither data nor cookie; the cookie stays cached; the data
	 * follows the handshake (TFO_SYN_RETRANSMITTED), and the cache counts a SYN loss */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	ep = fo_connect(&r, 0, "hello!");
	rig_skip(&r);
	rig_advance(&r, SEC(1));
	rig_expect(&r, SEC(1),
	           C "Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val 1000 ecr "
	             "0,nop,wscale 7], length 0");
	ck_assert_uint_eq(entry(&r)->cookie_len, 8);
	s = synack(1001, NULL, 0);
	rig_in(&r, MS(1010), &s);
	rig_expect(&r, MS(1010),
	           C "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 1010 "
	             "ecr 7000], length 6");
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.client_fail, TFO_CLIENT_FAIL_SYN_RETRANSMITTED);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_REJECTED);
	ck_assert_uint_eq(entry(&r)->cookie_len, 8);
	ck_assert_uint_eq(entry(&r)->syn_loss, 1);
	ck_assert_uint_eq(entry(&r)->last_syn_loss, MS(1010));
	/* RFC 6298 5.7: no RTT sample from the handshake: RTO 3 s */
	ck_assert_uint_eq(in.rto, SEC(3));
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(1010) + SEC(3));
	rig_free(&r);
}
END_TEST

START_TEST(exp_option_alternation)
{
	/* Linux try_exp (tcp_rcv_fastopen_synack(), tcp_fastopen_cache_set()): a cookie request
	 * answered without a cookie makes the next one use kind 254 / 0xF989; unanswered
	 * again, back to kind 34 for good (traces/server-off: 34, 254, 34, 34) */
	static const char *want[] = { "tfo  cookiereq,nop,nop", "exp-tfo cookiereq",
		                      "tfo  cookiereq,nop,nop", "tfo  cookiereq,nop,nop" };
	struct rig r;

	rig_init(&r, NULL);
	for (int i = 0; i < 4; i++) {
		tfo_endpoint *ep = NULL;
		tfo_segment s;
		char port[32];

		snprintf(port, sizeof(port), "192.0.2.1:%d", 40000 + i);
		RIG_RAND(&r, 1000, 0);
		ck_assert_int_eq(
		        rig_connect(&r, SEC(i), port, SRV, TFO_CONNECT_FASTOPEN, NULL, &ep), 0);
		ck_assert_msg(strstr(rig_last(&r)->line, want[i]), "attempt %d: %s", i,
		              rig_last(&r)->line);
		if (i == 1)
			ck_assert_mem_eq(rig_last(&r)->seg.opts + 20, "\xfe\x04\xf9\x89", 4);
		s = seg(SRV, port, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
		seg_syn_opts(&s, 7000, 0);
		rig_in(&r, SEC(i) + 1, &s);
		ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
		ck_assert_int_eq(tfo_endpoint_user(ep) == NULL, 1);
		tfo_abort(ep, SEC(i) + 2);
	}
	ck_assert_uint_eq(entry(&r)->try_exp, 2);
	rig_free(&r);
}
END_TEST

START_TEST(exp_cookie_sent_back_in_exp_form)
{
	/* Linux tcp_fastopen_cache_get(): a cookie learned in the experimental option is sent
	 * back in it; RFC 7413 section 7 (the two option forms) */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = fo_connect(&r, 0, NULL);
	s = synack(1001, COOKIE_A, 1);
	rig_in(&r, MS(1), &s);
	ck_assert_uint_eq(entry(&r)->cookie_exp, 1);
	tfo_abort(ep, MS(2));
	rig_skip(&r);
	RIG_RAND(&r, 3000, 0);
	ck_assert_int_eq(
	        rig_connect(&r, MS(3), "192.0.2.1:40001", SRV, TFO_CONNECT_FASTOPEN, "hi", &ep), 2);
	rig_expect(&r, MS(3),
	           "IP 192.0.2.1.40001 > 192.168.0.1.80: Flags [S], seq 3000:3002, win 65535, "
	           "options [mss 1460,sackOK,TS val 3 ecr 0,nop,wscale 7,exp-tfo cookie "
	           "3021b9d889017eeb], length 2");
	ck_assert_mem_eq(rig_last(&r)->seg.opts + 20, "\xfe\x0c\xf9\x89\x30\x21", 6);
	rig_free(&r);
}
END_TEST

START_TEST(cookieless_mode)
{
	/* Linux TFO_CLIENT_NO_COOKIE (0x4): data in the SYN and no TFO option at all
	 * (traces/cookieless); the SYN-ACK acknowledges it: TCPFastOpenActive */
	struct rig r;
	tfo_settings st = rig_settings(0x5);
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	rig_init(&r, &st);
	ep = fo_connect(&r, 0, "hello!");
	rig_expect(&r, 0,
	           C "Flags [S], seq 1000:1006, win 65535, options [mss 1460,sackOK,TS val 0 ecr "
	             "0,nop,wscale 7], length 6");
	s = synack(1007, NULL, 0);
	rig_in(&r, MS(5), &s);
	rig_expect(&r, MS(5),
	           C "Flags [.], ack 5001, win 511, options [nop,nop,TS val 5 ecr 7000], length 0");
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_uint_eq(in.cookie_len, 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE), 1);
	rig_free(&r);
}
END_TEST

START_TEST(fastopen_connect_with_cookie)
{
	/* Linux TCP_FASTOPEN_CONNECT, tcp_fastopen_defer_connect(): connect returns at once,
	 * sends nothing; the SYN leaves with the first write (traces/fastopen-connect 2) */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, TFO_CONNECT_DEFER, NULL, &ep), 0);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_SENT);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), TFO_TIME_NEVER);
	ck_assert_int_eq(tfo_read(ep, MS(1), r.rbuf, 1), TFO_ERR_AGAIN);
	/* a segment for the not-yet-sent connection is dropped */
	s = synack(1001, NULL, 0);
	rig_in(&r, MS(2), &s);
	rig_expect_none(&r);
	ck_assert_int_eq(tfo_write(ep, MS(5), "hello!", 6), 6);
	rig_expect(&r, MS(5),
	           C "Flags [S], seq 1000:1006, win 65535, options [mss 1460,sackOK,TS val 5 ecr "
	             "0,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], length 6");
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), MS(1005));
	s = synack(1007, NULL, 0);
	rig_in(&r, MS(15), &s);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE), 1);
	rig_free(&r);
}
END_TEST

START_TEST(fastopen_connect_without_cookie)
{
	/* Linux: TCP_FASTOPEN_CONNECT with no cookie sends the cookie-request SYN at connect
	 * (traces/fastopen-connect visit 1); a later write waits for the handshake */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, TFO_CONNECT_DEFER, NULL, &ep), 0);
	rig_expect(&r, 0,
	           C "Flags [S], seq 1000, win 65535, options [mss 1460,sackOK,TS val 0 ecr "
	             "0,nop,wscale 7,tfo  cookiereq,nop,nop], length 0");
	s = synack(1001, COOKIE_A, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C
	           "Flags [.], ack 5001, win 511, options [nop,nop,TS val 10 ecr 7000], length 0");
	ck_assert_int_eq(tfo_write(ep, MS(11), "hello!", 6), 6);
	rig_expect(&r, MS(11),
	           C "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 11 ecr "
	             "7000], length 6");
	rig_free(&r);
}
END_TEST

START_TEST(unsolicited_cookie_ignored)
{
	/* Linux tcp_rcv_fastopen_synack(): "Ignore an unsolicited cookie" */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = synack(1001, COOKIE_A, 0);
	rig_in(&r, MS(10), &s);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_ptr_null(entry(&r));
	ck_assert_uint_eq(rig_events(&r, TFO_EV_COOKIE, NULL), 0);
	{
		tfo_endpoint_info in;

		tfo_endpoint_get_info(ep, &in);
		ck_assert_int_eq(in.outcome, TFO_OUTCOME_PLAIN);
	}
	rig_free(&r);
}
END_TEST

START_TEST(client_bit_off)
{
	/* Linux tcp_sendmsg_fastopen(): EOPNOTSUPP without TFO_CLIENT_ENABLE */
	struct rig r;
	tfo_settings st = rig_settings(0x2);
	tfo_endpoint *ep = NULL;

	rig_init(&r, &st);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, TFO_CONNECT_FASTOPEN, "x", &ep),
	                 TFO_ERR_OPNOTSUPP);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, TFO_CONNECT_DEFER, NULL, &ep),
	                 TFO_ERR_OPNOTSUPP);
	ck_assert_ptr_null(ep);
	rig_expect_none(&r);
	rig_free(&r);
}
END_TEST

START_TEST(synack_with_data_and_fin)
{
	/* The issue / RFC 793 SYN-SENT: "continue processing at the sixth step": a SYN-ACK
	 * with data and FIN is taken: ESTABLISHED then CLOSE-WAIT, one ACK for all */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	ep = fo_connect(&r, 0, "hello!");
	rig_skip(&r);
	s = synack(1007, NULL, 0);
	s.flags |= TFO_TH_FIN;
	seg_data(&s, "world!");
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C
	           "Flags [.], ack 5008, win 511, options [nop,nop,TS val 10 ecr 7000], length 0");
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "SYN-SENT --rcv SYN-ACK--> ESTABLISHED"));
	ck_assert(rig_log_has(&r, "ESTABLISHED --rcv FIN--> CLOSE-WAIT"));
	ck_assert_str_eq(rig_read(&r, ep, MS(11)), "world!");
	ck_assert_int_eq(tfo_read(ep, MS(11), r.rbuf, 10), 0);
	rig_free(&r);
}
END_TEST

static int connect_one(struct rig *r, tfo_time t, int port, const char *data)
{
	tfo_endpoint *ep = NULL;
	char src[32];

	snprintf(src, sizeof(src), "192.0.2.1:%d", port);
	RIG_RAND(r, (uint32_t)port * 100, 0);
	ck_assert_int_ge(rig_connect(r, t, src, SRV, TFO_CONNECT_FASTOPEN, data, &ep), 0);
	return (int)rig_last(r)->seg.len;
}

START_TEST(blackhole_pause)
{
	/* Linux tcp_fastopen_active_detect_blackhole(): the third consecutive timeout
	 * (icsk_retransmits == 2) of a TFO connection disables client TFO for
	 * timeout * 2^min(n-1, 6); tcp_fastopen_active_should_disable() */
	struct rig r;
	tfo_settings st = rig_settings(0x3);

	st.blackhole_timeout = SEC(3600);
	st.syn_linear_timeouts = 0; /* the classic SYN schedule: timeouts at 1, 3, 7 s */
	rig_init(&r, &st);
	cache_cookie(&r, COOKIE_A, 1460);
	ck_assert_int_eq(connect_one(&r, 0, 40000, "hello!"), 6);
	rig_advance(&r, SEC(3));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_BLACKHOLE), 0);
	rig_advance(&r, SEC(7));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_BLACKHOLE), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE_FAIL), 1);
	ck_assert(rig_log_has(&r, "tfo: blackhole suspected"));
	/* paused: a plain SYN, no TFO option, the data waits */
	ck_assert_int_eq(connect_one(&r, SEC(8), 40001, "hello!"), 0);
	ck_assert_ptr_null(strstr(rig_last(&r)->line, "tfo"));
	ck_assert_int_eq(connect_one(&r, SEC(7 + 3600) - 1, 40002, "hello!"), 0);
	/* the pause is over */
	ck_assert_int_eq(connect_one(&r, SEC(7 + 3600), 40003, "hello!"), 6);
	rig_free(&r);
}
END_TEST

START_TEST(blackhole_backoff_and_reset)
{
	/* Linux: the second pause is twice as long (multiplier 1 << min(times - 1, 6)); a
	 * Fast Open connection that then gets data in order lifts it
	 * (tcp_fastopen_active_disable_ofo_check()) */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	st.blackhole_timeout = SEC(100);
	st.syn_linear_timeouts = 0; /* the classic SYN schedule: timeouts at 1, 3, 7 s */
	rig_init(&r, &st);
	cache_cookie(&r, COOKIE_A, 1460);
	connect_one(&r, 0, 40000, "a");
	rig_advance(&r, SEC(7));
	ck_assert_uint_eq(r.h->bh_times, 1);
	connect_one(&r, SEC(107), 40001, "b");
	rig_advance(&r, SEC(114));
	ck_assert_uint_eq(r.h->bh_times, 2);
	ck_assert_uint_eq(r.h->bh_stamp, SEC(114));
	ck_assert_int_eq(connect_one(&r, SEC(114 + 199), 40002, "c"), 0);
	ck_assert_int_eq(connect_one(&r, SEC(114 + 200), 40003, "d"), 1);
	/* that connection works: SYN data acked, reply data and FIN in order */
	ep = NULL;
	RIG_RAND(&r, 7000, 0);
	ck_assert_int_eq(
	        rig_connect(&r, SEC(400), "192.0.2.1:41000", SRV, TFO_CONNECT_FASTOPEN, "e", &ep),
	        1);
	s = seg(SRV, "192.0.2.1:41000", TFO_TH_SYN | TFO_TH_ACK, 5000, 7002, 65535);
	seg_syn_opts(&s, 1, 0);
	rig_in(&r, SEC(400) + 1, &s);
	s = seg(SRV, "192.0.2.1:41000", TFO_TH_ACK | TFO_TH_FIN, 5001, 7002, 512);
	seg_ts(&s, 2, 0);
	seg_data(&s, "ok");
	rig_in(&r, SEC(400) + 2, &s);
	ck_assert_uint_eq(r.h->bh_times, 0);
	ck_assert(rig_log_has(&r, "blackhole pause lifted"));
	rig_free(&r);
}
END_TEST

START_TEST(blackhole_off_by_default)
{
	/* Linux default tcp_fastopen_blackhole_timeout_sec = 0: nothing pauses, but
	 * detect_blackhole still counts TCPFastOpenActiveFail */
	struct rig r;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	connect_one(&r, 0, 40000, "hello!");
	rig_advance(&r, SEC(7));
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_BLACKHOLE), 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_ACTIVE_FAIL), 1);
	ck_assert_int_eq(connect_one(&r, SEC(8), 40001, "hello!"), 6);
	rig_free(&r);
}
END_TEST

START_TEST(cache_per_address_pair)
{
	/* Linux tcp_metrics: keyed by (source, destination) (traces/asym-addr) */
	struct rig r;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	RIG_RAND(&r, 1000, 0);
	{
		tfo_endpoint *ep = NULL;

		ck_assert_int_eq(rig_connect(&r, 0, "192.0.2.9:40000", SRV, TFO_CONNECT_FASTOPEN,
		                             "hello!", &ep),
		                 6);
		ck_assert_ptr_nonnull(strstr(rig_last(&r)->line, "cookiereq"));
	}
	rig_free(&r);
}
END_TEST

START_TEST(cache_lru)
{
	/* The cache holds cookie_cache_max entries; the least recently used one goes */
	struct rig r;
	tfo_settings st = rig_settings(0x3);
	tfo_addr l = ad("192.0.2.1");
	tfo_addr s1 = ad("198.51.100.1"), s2 = ad("198.51.100.2"), s3 = ad("198.51.100.3");
	const uint8_t c[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	tfo_endpoint *ep = NULL;

	st.cookie_cache_max = 2;
	rig_init(&r, &st);
	ck_assert_int_eq(tfo_host_cookie_set(r.h, &l, &s1, c, 8, 0), 0);
	ck_assert_int_eq(tfo_host_cookie_set(r.h, &l, &s2, c, 8, 0), 0);
	/* using s1's cookie makes it the most recent */
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, "198.51.100.1:80", TFO_CONNECT_FASTOPEN, "x", &ep),
	                 1);
	ck_assert_int_eq(tfo_host_cookie_set(r.h, &l, &s3, c, 8, 0), 0);
	ck_assert_int_eq(tfo_host_cookie_get(r.h, &l, &s1, NULL, NULL, NULL), 1);
	ck_assert_int_eq(tfo_host_cookie_get(r.h, &l, &s2, NULL, NULL, NULL), 0);
	ck_assert_int_eq(tfo_host_cookie_get(r.h, &l, &s3, NULL, NULL, NULL), 1);
	ck_assert_int_eq(tfo_host_cookie_set(r.h, &l, &s3, c, 5, 0), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_host_cookie_set(r.h, &l, &s3, c, 2, 0), TFO_ERR_INVALID);
	tfo_host_cookie_clear(r.h);
	ck_assert_int_eq(tfo_host_cookie_get(r.h, &l, &s1, NULL, NULL, NULL), 0);
	rig_free(&r);
}
END_TEST

START_TEST(simultaneous_open_with_syn_data)
{
	/* RFC 793 simultaneous open with a data SYN: Linux answers a crossing SYN with a
	 * SYN-ACK without data or TFO option (tcp_send_synack()); the SYN data goes again
	 * after the handshake */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;
	tfo_endpoint_info in;

	rig_init(&r, NULL);
	cache_cookie(&r, COOKIE_A, 1460);
	ep = fo_connect(&r, 0, "hello!");
	rig_skip(&r);
	s = seg(SRV, CLI, TFO_TH_SYN, 5000, 0, 65535);
	seg_syn_opts(&s, 7000, 0);
	rig_in(&r, MS(5), &s);
	rig_expect(&r, MS(5),
	           C "Flags [S.], seq 1000, ack 5001, win 65535, options [mss 1460,sackOK,TS val 5 "
	             "ecr 7000,nop,wscale 7], length 0");
	s = synack(1001, NULL, 0);
	rig_in(&r, MS(10), &s);
	rig_expect(&r, MS(10),
	           C "Flags [P.], seq 1001:1007, ack 5001, win 511, options [nop,nop,TS val 10 ecr "
	             "7000], length 6");
	tfo_endpoint_get_info(ep, &in);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_int_eq(in.outcome, TFO_OUTCOME_REJECTED);
	rig_free(&r);
}
END_TEST

Suite *fastopen_client_suite(void)
{
	Suite *s = suite_create("fastopen_client");
	TCase *tc = tcase_create("client");

	tcase_add_test(tc, cold_connect_requests_cookie);
	tcase_add_test(tc, warm_connect_sends_data_in_syn);
	tcase_add_test(tc, syn_data_limits);
	tcase_add_test(tc, syn_only_takes_syn_room);
	tcase_add_test(tc, synack_acks_isn_only);
	tcase_add_test(tc, synack_acks_part);
	tcase_add_test(tc, synack_acks_too_much);
	tcase_add_test(tc, syn_timeout_drops_data_and_option);
	tcase_add_test(tc, exp_option_alternation);
	tcase_add_test(tc, exp_cookie_sent_back_in_exp_form);
	tcase_add_test(tc, cookieless_mode);
	tcase_add_test(tc, fastopen_connect_with_cookie);
	tcase_add_test(tc, fastopen_connect_without_cookie);
	tcase_add_test(tc, unsolicited_cookie_ignored);
	tcase_add_test(tc, client_bit_off);
	tcase_add_test(tc, synack_with_data_and_fin);
	tcase_add_test(tc, blackhole_pause);
	tcase_add_test(tc, blackhole_backoff_and_reset);
	tcase_add_test(tc, blackhole_off_by_default);
	tcase_add_test(tc, cache_per_address_pair);
	tcase_add_test(tc, cache_lru);
	tcase_add_test(tc, simultaneous_open_with_syn_data);
	suite_add_tcase(s, tc);
	return s;
}
