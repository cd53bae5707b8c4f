/*
 * The test kit: two hosts joined by a link in virtual time, and the
 * segment deep copy. Times are exact: with a one-way delay D the SYN
 * arrives at D, the SYN-ACK at 2D, the handshake's ACK at 3D.
 */
#include <string.h>

#include "testutil.h"

#define D 10000000u /* 10 ms */
#define KEY "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"

struct log {
	tfo_time connected; /* client's TFO_EV_CONNECTED */
	tfo_time readable;  /* server child's first TFO_EV_READABLE */
	tfo_time accepted;  /* server's TFO_EV_ACCEPT */
	tfo_time final_ack; /* the client's handshake-completing ACK reaches the server */
	int drop_syns;      /* client SYNs to drop */
	unsigned sent[2];   /* segments sent per side, before drops */
	unsigned delivered[2];
	char got[16]; /* what the server read, from its first READABLE */
	tfo_listener *l;
};

static int drop(void *user, int from, tfo_time now, const tfo_segment *seg)
{
	struct log *g = user;

	g->sent[from]++;
	if (from == TFO_PAIR_CLIENT && (seg->flags & TFO_TH_SYN) && g->drop_syns > 0) {
		g->drop_syns--;
		return 1;
	}
	return 0;
}

static void deliver(void *user, int to, tfo_time now, const tfo_segment *seg)
{
	struct log *g = user;

	g->delivered[to]++;
	if (to == TFO_PAIR_SERVER && seg->flags == TFO_TH_ACK && g->final_ack == TFO_TIME_NEVER)
		g->final_ack = now;
}

static void event(void *user, int side, tfo_time now, const tfo_event *ev)
{
	struct log *g = user;
	tfo_endpoint *child;

	if (side == TFO_PAIR_CLIENT && ev->type == TFO_EV_CONNECTED)
		g->connected = now;
	if (side == TFO_PAIR_SERVER && ev->type == TFO_EV_ACCEPT &&
	    tfo_accept(ev->listener, &child) == 0)
		g->accepted = now;
	if (side == TFO_PAIR_SERVER && ev->type == TFO_EV_READABLE &&
	    g->readable == TFO_TIME_NEVER) {
		g->readable = now;
		ck_assert_int_eq(tfo_read(ev->ep, now, g->got, sizeof(g->got) - 1), 6);
	}
}

static tfo_pair *make(struct log *g, const tfo_allocator *mem)
{
	tfo_pair_config cfg;
	tfo_sockaddr srv;
	tfo_pair *p;

	memset(g, 0, sizeof(*g));
	g->connected = g->readable = g->accepted = g->final_ack = TFO_TIME_NEVER;
	memset(&cfg, 0, sizeof(cfg));
	cfg.delay = D;
	cfg.seed = 7;
	cfg.user = g;
	cfg.drop = drop;
	cfg.deliver = deliver;
	cfg.event = event;
	cfg.mem = mem;
	ck_assert_int_eq(tfo_pair_new(&p, &cfg), 0);
	ck_assert_int_eq(
	        tfo_keyring_parse(tfo_host_keyring(tfo_pair_host(p, TFO_PAIR_SERVER)), KEY), 0);
	ck_assert_int_eq(tfo_sockaddr_parse(&srv, "192.168.0.1:80"), 0);
	ck_assert_int_eq(tfo_listen(tfo_pair_host(p, TFO_PAIR_SERVER), &srv, 16, &g->l), 0);
	ck_assert_int_eq(tfo_listener_set_fastopen(g->l, 16), 0);
	return p;
}

static tfo_endpoint *visit(tfo_pair *p, unsigned flags)
{
	tfo_connect_args a;
	tfo_endpoint *ep;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(tfo_sockaddr_parse(&a.local, "192.0.2.1:0"), 0);
	ck_assert_int_eq(tfo_sockaddr_parse(&a.remote, "192.168.0.1:80"), 0);
	a.flags = flags;
	a.data = flags ? (const uint8_t *)"hello!" : NULL;
	a.len = flags ? 6 : 0;
	ck_assert_int_eq(tfo_connect(tfo_pair_host(p, TFO_PAIR_CLIENT), tfo_pair_now(p), &a, &ep),
	                 flags ? 6 : 0);
	return ep;
}

START_TEST(handshake_times)
{
	struct log g;
	tfo_pair *p = make(&g, NULL);
	tfo_endpoint *ep = visit(p, 0);

	ck_assert_uint_eq(tfo_pair_in_flight(p), 1); /* the SYN */
	ck_assert_int_eq(tfo_pair_run_until(p, 10 * D), 0);
	ck_assert_uint_eq(tfo_pair_now(p), 10 * D);
	ck_assert_uint_eq(g.connected, 2 * D);
	ck_assert_uint_eq(g.final_ack, 3 * D);
	ck_assert_uint_eq(g.accepted, 3 * D);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	ck_assert_uint_eq(g.sent[TFO_PAIR_CLIENT], 2);
	ck_assert_uint_eq(g.sent[TFO_PAIR_SERVER], 1);
	ck_assert_uint_eq(tfo_pair_in_flight(p), 0);
	tfo_pair_del(p);
}
END_TEST

START_TEST(fast_open_data_before_final_ack)
{
	struct log g;
	tfo_pair *p = make(&g, NULL);

	/* First visit: a cookie request; the data waits for the handshake. */
	visit(p, TFO_CONNECT_FASTOPEN);
	ck_assert_int_eq(tfo_pair_run_until(p, 100 * D), 0);
	ck_assert_uint_eq(g.readable, 3 * D);
	ck_assert_str_eq(g.got, "hello!");
	/* Return visit: the data rides in the SYN and is read at D, before the final ACK. */
	memset(g.got, 0, sizeof(g.got));
	g.readable = g.final_ack = TFO_TIME_NEVER;
	visit(p, TFO_CONNECT_FASTOPEN);
	ck_assert_int_eq(tfo_pair_run_until(p, 200 * D), 0);
	ck_assert_uint_eq(g.readable, 101 * D);
	ck_assert_str_eq(g.got, "hello!");
	ck_assert_uint_eq(g.final_ack, 103 * D);
	ck_assert_uint_eq(
	        tfo_host_counter(tfo_pair_host(p, TFO_PAIR_SERVER), TFO_CTR_FASTOPEN_PASSIVE), 1);
	tfo_pair_del(p);
}
END_TEST

START_TEST(drop_hook_and_retransmission)
{
	/* The first SYN is dropped: the second leaves at the initial RTO, 1 s. */
	struct log g;
	tfo_pair *p = make(&g, NULL);

	g.drop_syns = 1;
	visit(p, 0);
	ck_assert_uint_eq(tfo_pair_in_flight(p), 0);
	ck_assert_int_eq(tfo_pair_step(p, 999999999u), 0); /* nothing due before 1 s */
	ck_assert_uint_eq(tfo_pair_now(p), 0);
	ck_assert_int_eq(tfo_pair_run_until(p, 2000000000u), 0);
	ck_assert_uint_eq(g.connected, 1000000000u + 2 * D);
	ck_assert_uint_eq(g.sent[TFO_PAIR_CLIENT], 3);
	ck_assert_uint_eq(g.delivered[TFO_PAIR_SERVER], 2);
	tfo_pair_del(p);
}
END_TEST

START_TEST(bad_arguments)
{
	tfo_pair_config cfg;
	tfo_pair *p;

	memset(&cfg, 0, sizeof(cfg));
	ck_assert_int_eq(tfo_pair_new(&p, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_pair_new(NULL, &cfg), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_pair_new(&p, &cfg), 0);
	ck_assert_ptr_null(tfo_pair_host(p, 2));
	ck_assert_int_eq(tfo_pair_run_until(p, 5), 0);
	ck_assert_int_eq(tfo_pair_run_until(p, 4), TFO_ERR_INVALID); /* the past */
	ck_assert_int_eq(tfo_pair_step(NULL, 0), TFO_ERR_INVALID);
	tfo_pair_del(p);
	tfo_pair_del(NULL);
}
END_TEST

START_TEST(every_allocation_fails_in_turn)
{
	/* Creation and a whole Fast Open exchange with the n-th allocation failing. */
	for (unsigned long n = 1;; n++) {
		struct test_alloc ta;
		tfo_pair_config cfg;
		tfo_pair *p;
		int rc;

		test_alloc_init(&ta, n);
		memset(&cfg, 0, sizeof(cfg));
		cfg.delay = D;
		cfg.mem = &ta.a;
		rc = tfo_pair_new(&p, &cfg);
		if (rc == 0) {
			tfo_connect_args a;
			tfo_endpoint *ep;
			tfo_listener *l;

			memset(&a, 0, sizeof(a));
			tfo_sockaddr_parse(&a.local, "192.0.2.1:0");
			tfo_sockaddr_parse(&a.remote, "192.168.0.1:80");
			if (tfo_listen(tfo_pair_host(p, TFO_PAIR_SERVER), &a.remote, 4, &l) == 0 &&
			    tfo_connect(tfo_pair_host(p, TFO_PAIR_CLIENT), 0, &a, &ep) == 0) {
				while ((rc = tfo_pair_step(p, 10 * D)) == 1)
					;
				ck_assert_int_le(rc, 0);
			}
			tfo_pair_del(p);
		} else {
			ck_assert_int_eq(rc, TFO_ERR_NOMEM);
		}
		ck_assert_int_eq(ta.live, 0);
		if (ta.calls < n)
			break; /* no allocation failed: every one has been tried */
	}
}
END_TEST

START_TEST(segment_dup)
{
	uint8_t payload[6] = { 'h', 'e', 'l', 'l', 'o', '!' };
	struct test_alloc ta;
	tfo_sockaddr a, b;
	tfo_segment s, *c;

	tfo_sockaddr_parse(&a, "192.0.2.1:40000");
	tfo_sockaddr_parse(&b, "192.168.0.1:80");
	tfo_segment_init(&s, &a, &b);
	s.flags = TFO_TH_SYN;
	s.seq = 1000;
	ck_assert_int_eq(tfo_opt_add_fastopen(&s, 0, (const uint8_t *)"\1\2\3\4\5\6\7\10", 8), 0);
	s.payload = payload;
	s.len = sizeof(payload);
	test_alloc_init(&ta, 0);
	c = tfo_segment_dup(&s, &ta.a);
	ck_assert_ptr_nonnull(c);
	memset(payload, 'x', sizeof(payload)); /* the copy does not see the original change */
	ck_assert_ptr_ne(c->payload, payload);
	ck_assert_mem_eq(c->payload, "hello!", 6);
	ck_assert_uint_eq(c->len, 6);
	ck_assert_uint_eq(c->seq, 1000);
	ck_assert_uint_eq(c->optlen, s.optlen);
	ck_assert_mem_eq(c->opts, s.opts, s.optlen);
	ck_assert_int_eq(ta.live, 1);
	tfo_segment_free(c);
	ck_assert_int_eq(ta.live, 0);
	tfo_segment_free(NULL);

	s.payload = NULL; /* a length without bytes */
	ck_assert_ptr_null(tfo_segment_dup(&s, NULL));
	s.len = 0; /* no payload: the copy's pointer is NULL too */
	c = tfo_segment_dup(&s, NULL);
	ck_assert_ptr_null(c->payload);
	tfo_segment_free(c);
	ck_assert_ptr_null(tfo_segment_dup(NULL, NULL));
	test_alloc_init(&ta, 1);
	ck_assert_ptr_null(tfo_segment_dup(&s, &ta.a));
}
END_TEST

Suite *pair_suite(void)
{
	Suite *s = suite_create("pair");
	TCase *tc = tcase_create("pair");

	tcase_add_test(tc, handshake_times);
	tcase_add_test(tc, fast_open_data_before_final_ack);
	tcase_add_test(tc, drop_hook_and_retransmission);
	tcase_add_test(tc, bad_arguments);
	tcase_add_test(tc, every_allocation_fails_in_turn);
	tcase_add_test(tc, segment_dup);
	suite_add_tcase(s, tc);
	return s;
}
