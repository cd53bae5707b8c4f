/*
 * Listeners: binding rules, the accept queue, Fast Open queue settings
 * (setsockopt TCP_FASTOPEN, sysctl 0x400), and closing a listener (Linux
 * inet_csk_listen_stop()).
 */
#include <string.h>

#include "rig.h"
#include "tfo_conn.h"
#include "tfo_host.h"

static void syn_in(struct rig *r, tfo_time t, int port, const char *cookie, const char *data)
{
	tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);

	s.src.port = (uint16_t)port;
	seg_syn_opts(&s, 100, 0);
	if (cookie)
		seg_cookie(&s, 0, cookie);
	if (data)
		seg_data(&s, data);
	RIG_RAND(r, 5000 + (uint32_t)port, 0);
	rig_in(r, t, &s);
}

static void ack_in(struct rig *r, tfo_time t, int port, uint32_t seq)
{
	tfo_segment s = seg(CLI, SRV, TFO_TH_ACK, seq, 5001 + (uint32_t)port, 512);

	s.src.port = (uint16_t)port;
	rig_in(r, t, &s);
}

START_TEST(binding_rules)
{
	/* Linux bind without SO_REUSEADDR: a port is taken by an exact address or a wildcard */
	struct rig r;
	tfo_listener *l = NULL;
	tfo_sockaddr a = sa(SRV), any = sa("0.0.0.0:80"), other = sa("192.168.0.2:80");

	rig_init(&r, NULL);
	any.addr.family = TFO_AF_NONE;
	ck_assert_int_eq(tfo_listen(r.h, &a, 4, &l), 0);
	ck_assert_int_eq(tfo_listen(r.h, &a, 4, &l), TFO_ERR_ADDRINUSE);
	ck_assert_int_eq(tfo_listen(r.h, &any, 4, &l), TFO_ERR_ADDRINUSE);
	ck_assert_int_eq(tfo_listen(r.h, &other, 4, &l), 0);
	a.port = 0;
	ck_assert_int_eq(tfo_listen(r.h, &a, 4, &l), TFO_ERR_INVALID);
	a.port = 81;
	ck_assert_int_eq(tfo_listen(r.h, &a, -1, &l), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_listen(NULL, &a, 1, &l), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_listener_set_fastopen(l, -1), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_listener_set_fastopen(NULL, 1), TFO_ERR_INVALID);
	tfo_listener_set_user(l, &r);
	ck_assert_ptr_eq(tfo_listener_user(l), &r);
	ck_assert_ptr_null(tfo_listener_user(NULL));
	rig_free(&r);
}
END_TEST

START_TEST(wildcard_listener)
{
	/* An address of family TFO_AF_NONE listens on every address, after exact matches */
	struct rig r;
	tfo_listener *l = NULL, *w = NULL;
	tfo_sockaddr any = { { TFO_AF_NONE, { 0 } }, 80 };
	tfo_endpoint *ep = NULL;
	tfo_segment s = seg(CLI, "10.9.9.9:80", TFO_TH_SYN, 1000, 0, 65535);

	rig_init(&r, NULL);
	ck_assert_int_eq(tfo_listen(r.h, &any, 4, &w), 0);
	l = w;
	RIG_RAND(&r, 5000, 0);
	rig_in(&r, 0, &s);
	s = seg(CLI, "10.9.9.9:80", TFO_TH_ACK, 1001, 5001, 512);
	rig_in(&r, 0, &s);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_uint_eq(ep->local.addr.bytes[0], 10);
	rig_free(&r);
}
END_TEST

START_TEST(sysctl_0x400_gives_every_listener_a_queue)
{
	/* Linux inet_listen(): with TFO_SERVER_WO_SOCKOPT1 the Fast Open queue is the backlog */
	struct rig r;
	tfo_settings st = rig_settings(0x403);
	tfo_listener *l = NULL;
	tfo_sockaddr a = sa(SRV);

	rig_init(&r, &st);
	ck_assert_int_eq(tfo_listen(r.h, &a, 9, &l), 0);
	ck_assert_int_eq(l->fo_max_qlen, 9);
	syn_in(&r, 0, 40000, COOKIE_A, "hello!");
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 1);
	rig_free(&r);

	st = rig_settings(0x401);
	rig_init(&r, &st);
	ck_assert_int_eq(tfo_listen(r.h, &a, 9, &l), 0);
	ck_assert_int_eq(l->fo_max_qlen, 0);
	rig_free(&r);
}
END_TEST

START_TEST(close_resets_unaccepted)
{
	/* Linux inet_csk_listen_stop(): queued children are disconnected with a RST (a
	 * Fast Open child in SYN-RECEIVED too), request sockets vanish silently; accepted
	 * children are not touched */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *kept = NULL;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 8);
	syn_in(&r, 0, 40000, NULL, NULL); /* established, accepted */
	ack_in(&r, MS(1), 40000, 1001);
	ck_assert_int_eq(tfo_accept(l, &kept), 0);
	syn_in(&r, 0, 40001, NULL, NULL); /* established, queued */
	ack_in(&r, MS(1), 40001, 1001);
	syn_in(&r, 0, 40002, COOKIE_A, "hello!"); /* Fast Open child, queued */
	syn_in(&r, 0, 40003, NULL, NULL);         /* still in the handshake */
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 4);
	rig_skip(&r);
	tfo_listener_close(l, MS(5));
	rig_expect(&r, MS(5),
	           "IP 192.168.0.1.80 > 192.0.2.1.40001: Flags [R.], seq 45002, ack 1001, win 511, "
	           "options [nop,nop,TS val 5 ecr 100], length 0");
	rig_expect(&r, MS(5),
	           "IP 192.168.0.1.80 > 192.0.2.1.40002: Flags [R.], seq 45003, ack 1007, win 511, "
	           "options [nop,nop,TS val 5 ecr 100], length 0");
	rig_expect_none(&r);
	ck_assert(rig_log_has(&r, "192.168.0.1:80 > 192.0.2.1:40003 SYN-RECEIVED --listener "
	                          "close--> CLOSED"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 1);
	ck_assert_int_eq(tfo_endpoint_state(kept), TFO_ESTABLISHED);
	rig_free(&r);
}
END_TEST

START_TEST(close_with_pending_fastopen_child)
{
	/* An accepted Fast Open child still in its handshake outlives its listener */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *ep = NULL;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 8);
	syn_in(&r, 0, 40000, COOKIE_A, "hello!");
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_ptr_eq(ep->parent, l);
	tfo_listener_close(l, MS(1));
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_SYN_RECEIVED);
	ack_in(&r, MS(2), 40000, 1007);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_ptr_null(ep->parent);
	rig_free(&r);
}
END_TEST

static void rst_in(struct rig *r, tfo_time t, int port, uint32_t seq)
{
	tfo_segment s = seg(CLI, SRV, TFO_TH_RST, seq, 0, 0);

	s.src.port = (uint16_t)port;
	rig_in(r, t, &s);
}

/* The SYN-ACK's acknowledgment minus the client's ISN (1000): 1 or 7. */
static uint32_t synack_acks(const struct rig *r)
{
	const struct rig_seg *last = rig_last(r);

	ck_assert_ptr_nonnull(last);
	ck_assert_uint_eq(last->seg.flags, TFO_TH_SYN | TFO_TH_ACK);
	return last->seg.ack - 1000;
}

/* A Fast Open child, accepted, then reset by its client in SYN-RECEIVED at t. */
static tfo_endpoint *reset_child(struct rig *r, tfo_listener *l, tfo_time t, int port)
{
	tfo_endpoint *ep = NULL;

	syn_in(r, t, port, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(r), 7);
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	rst_in(r, t + MS(5), port, 1007);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_CLOSED);
	return ep;
}

START_TEST(reset_child_holds_slot_60s)
{
	/* Linux reqsk_fastopen_remove(reset=true): the request of an accepted
	 * Fast Open child reset in SYN-RECEIVED stays in the queue for 60 s, so
	 * with qlen 1 the next valid SYN-data gets only its SYN acknowledged and
	 * a cookie request no cookie (traces/lossy/rst-held, visits 3 and 4) */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *ep;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 1);
	ep = reset_child(&r, l, 0, 40000);
	ck_assert_int_eq(l->fo_qlen, 1);
	ck_assert(rig_log_has(&r, "holds a queue slot for 60 s"));
	syn_in(&r, SEC(1), 40001, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 1);
	syn_in(&r, SEC(2), 40002, "", NULL);
	ck_assert_uint_eq(synack_acks(&r), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW), 2);
	/* Just before 60 s after the RST (5 ms after the SYN): still held */
	syn_in(&r, MS(60004), 40003, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW), 3);
	/* At 60 s exactly (Linux: time_after(expires, jiffies) is false): freed */
	syn_in(&r, MS(60005), 40004, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 7);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW), 3);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_PASSIVE), 2);
	ck_assert_int_eq(l->fo_qlen, 1);
	ck_assert_uint_eq(l->fo_held_len, 0);
	ck_assert(rig_log_has(&r, "held 60 s leaves the queue"));
	tfo_close(ep, SEC(61));
	rig_free(&r);
}
END_TEST

START_TEST(cookie_request_refused_while_held)
{
	/* The cookie request that finds the queue full is answered without a
	 * cookie (Linux checks the queue before making one) */
	struct rig r;
	tfo_listener *l;
	tfo_opts_parsed o;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 1);
	tfo_close(reset_child(&r, l, 0, 40000), MS(6));
	syn_in(&r, SEC(1), 40001, "", NULL);
	tfo_opts_parse(&rig_last(&r)->seg, &o);
	ck_assert_int_eq(o.cookie_len, -1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_COOKIE_REQD), 1);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW), 1);
	syn_in(&r, SEC(61), 40002, "", NULL);
	tfo_opts_parse(&rig_last(&r)->seg, &o);
	ck_assert_int_eq(o.cookie_len, 8);
	rig_free(&r);
}
END_TEST

START_TEST(two_held_requests)
{
	/* qlen 2, two children reset 10 s apart: each leaves at its own 60 s,
	 * one per SYN that finds the queue full, oldest first */
	struct rig r;
	tfo_listener *l;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 2);
	tfo_close(reset_child(&r, l, 0, 40000), SEC(1));
	tfo_close(reset_child(&r, l, SEC(10), 40001), SEC(11));
	ck_assert_int_eq(l->fo_qlen, 2);
	ck_assert_uint_eq(l->fo_held_len, 2);
	syn_in(&r, SEC(30), 40002, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 1);
	/* 61 s: the first is over, the second not: one slot */
	syn_in(&r, SEC(61), 40003, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 7);
	ck_assert_uint_eq(l->fo_held_len, 1);
	/* The queue is full again (the new child and the second held request) */
	syn_in(&r, SEC(62), 40004, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 1);
	syn_in(&r, SEC(71), 40005, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 7);
	ck_assert_uint_eq(l->fo_held_len, 0);
	ck_assert_uint_eq(rig_ctr(&r, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW), 2);
	rig_free(&r);
}
END_TEST

START_TEST(held_only_when_accepted)
{
	/* Linux frees at once the request of a child the application had not
	 * accepted yet (req->sk still set), and one a RST from the server ends */
	struct rig r;
	tfo_listener *l;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 1);
	syn_in(&r, 0, 40000, COOKIE_A, "hello!");
	rst_in(&r, MS(5), 40000, 1007);
	ck_assert_int_eq(l->fo_qlen, 0);
	ck_assert_uint_eq(l->fo_held_len, 0);
	syn_in(&r, SEC(1), 40001, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 7);
	rig_free(&r);
}
END_TEST

START_TEST(listener_closed_while_held)
{
	/* Closing the listener lets its held requests go with it (Linux
	 * inet_csk_listen_stop() frees rskq_rst_head); nothing leaks (the rig
	 * checks every allocation is returned) and a new listener starts empty */
	struct rig r;
	tfo_listener *l;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 1);
	tfo_close(reset_child(&r, l, 0, 40000), MS(6));
	ck_assert_uint_eq(l->fo_held_len, 1);
	tfo_listener_close(l, SEC(1));
	l = rig_listen(&r, SRV, 8, 1);
	syn_in(&r, SEC(2), 40001, COOKIE_A, "hello!");
	ck_assert_uint_eq(synack_acks(&r), 7);
	rig_free(&r);
}
END_TEST

START_TEST(lost_synack_child_resends_data_on_ts_rtt)
{
	/* A Fast Open child whose SYN-ACK was lost sends it again (1 s); the
	 * handshake ACK's TS ecr gives the RTT (100 ms) that Karn's rule
	 * denies the retransmitted SYN-ACK, so the child's unacknowledged data
	 * goes again one RTO (100 + 4 * 50 ms) after the handshake, not after
	 * the 3 s fallback (Linux tcp_synack_rtt_meas(); traces/lossy/synack-lost) */
	struct rig r;
	tfo_listener *l;
	tfo_endpoint *ep = NULL;
	tfo_opts_parsed o;
	tfo_segment a;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 8, 8);
	syn_in(&r, 0, 40000, COOKIE_A, "hello!");
	ck_assert_int_eq(tfo_accept(l, &ep), 0);
	ck_assert_int_eq(tfo_write(ep, 0, (const uint8_t *)"world!", 6), 6);
	rig_advance(&r, SEC(1));
	ck_assert_uint_eq(rig_last(&r)->seg.flags, TFO_TH_SYN | TFO_TH_ACK);
	ck_assert_uint_eq(rig_last(&r)->t, SEC(1));
	tfo_opts_parse(&rig_last(&r)->seg, &o);
	a = seg(CLI, SRV, TFO_TH_ACK, 1007, 5001 + 40000, 512);
	seg_ts(&a, 200, o.ts_val);
	rig_in(&r, MS(1100), &a);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	rig_advance(&r, MS(1500));
	ck_assert_uint_eq(rig_last(&r)->seg.len, 6);
	ck_assert_uint_eq(rig_last(&r)->t, MS(1400));
	tfo_close(ep, MS(1500));
	rig_free(&r);
}
END_TEST

static void close_on_state(struct rig *r, tfo_time now, const tfo_event *ev)
{
	if (ev->type == TFO_EV_STATE && ev->new_state == TFO_SYN_RECEIVED && r->user) {
		tfo_listener_close(r->user, now);
		r->user = NULL;
	}
}

START_TEST(accept_events_purged_on_close)
{
	/* A listener closed from an event callback gets no more events: its queued ACCEPT is
	 * dropped, its children are reset, and the host frees them once their events are out */
	struct rig r;

	rig_init(&r, NULL);
	r.user = rig_listen(&r, SRV, 8, 8);
	r.on_event = close_on_state;
	syn_in(&r, 0, 40000, COOKIE_A, "hello!");
	ck_assert_uint_eq(rig_events(&r, TFO_EV_ACCEPT, NULL), 0);
	ck_assert_uint_eq(rig_events(&r, TFO_EV_CLOSED, NULL), 1);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	ck_assert_ptr_null(r.h->all);
	rig_free(&r);
}
END_TEST

Suite *listener_suite(void)
{
	Suite *s = suite_create("listener");
	TCase *tc = tcase_create("listener");

	tcase_add_test(tc, binding_rules);
	tcase_add_test(tc, wildcard_listener);
	tcase_add_test(tc, sysctl_0x400_gives_every_listener_a_queue);
	tcase_add_test(tc, close_resets_unaccepted);
	tcase_add_test(tc, close_with_pending_fastopen_child);
	tcase_add_test(tc, accept_events_purged_on_close);
	tcase_add_test(tc, reset_child_holds_slot_60s);
	tcase_add_test(tc, cookie_request_refused_while_held);
	tcase_add_test(tc, two_held_requests);
	tcase_add_test(tc, held_only_when_accepted);
	tcase_add_test(tc, listener_closed_while_held);
	tcase_add_test(tc, lost_synack_child_resends_data_on_ts_rtt);
	suite_add_tcase(s, tc);
	return s;
}
