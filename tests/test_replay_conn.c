/*
 * The connection tracker, fed tcpdump -tt -S text: retransmissions,
 * reordering, holes, connections without a SYN, 4-tuple reuse, segments
 * after a close, RST, and the order connections come out in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_testutil.h"
#include "replay_tuple.h"

#define C "10.0.0.1.40000"
#define S "10.0.0.2.80"
#define C2 "10.0.0.1.40001"
#define L(t, a, b, rest) t " IP " a " > " b ": Flags " rest "\n"

/* A plain connection: handshake, 10 bytes each way, FINs, last ACK; the
 * client's sequence numbers start at I100 (I: a digit prefix or ""). */
#define PLAIN(t, I)                                                                                \
	L(t ".000000", C, S, "[S], seq " I "100, win 1, length 0")                                 \
	L(t ".000010", S, C, "[S.], seq 500, ack " I "101, win 1, length 0")                       \
	L(t ".000020", C, S, "[.], ack 501, win 1, length 0")                                      \
	L(t ".000030", C, S, "[P.], seq " I "101:" I "111, ack 501, win 1, length 10")             \
	L(t ".000040", S, C, "[P.], seq 501:511, ack " I "111, win 1, length 10")                  \
	L(t ".000050", C, S, "[F.], seq " I "111, ack 511, win 1, length 0")                       \
	L(t ".000060", S, C, "[F.], seq 511, ack " I "112, win 1, length 0")                       \
	L(t ".000070", C, S, "[.], ack 512, win 1, length 0")

START_TEST(closes_and_times)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o, PLAIN("1000", "")), 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_PLAIN);
	ck_assert_int_eq(o.res[0].rtt_us, 20);
	ck_assert_int_eq(o.res[0].saved_us, 0);
	ck_assert_int_eq(o.res[0].rr_us, 10);
	ck_assert_uint_eq(o.res[0].packets, 8);
	ck_assert_uint_eq(replay_anomalies_total(replay_get_anomalies(o.r)), 0);
	rt_free(&o);
}
END_TEST

/* The same tuple again after a clean close: a new connection, reported. */
START_TEST(reuse_after_close)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o, PLAIN("1000", "") PLAIN("1001", "7")), 0);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_uint_eq(rt_count(&o, RA_TUPLE_REUSE), 1);
	ck_assert_str_eq(replay_get_anomalies(o.r)->list[0].detail,
	                 "new SYN on the 4-tuple of connection 1, closed");
	ck_assert_uint_eq(replay_get_anomalies(o.r)->list[0].index, 9);
	ck_assert_int_eq(o.res[1].rtt_us, 20);
	rt_free(&o);
}
END_TEST

START_TEST(reuse_while_open)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o, L("1.0", C, S, "[S], seq 100, win 1, length 0")
	                                     L("2.0", C, S, "[S], seq 900, win 1, length 0")),
	                 0);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_uint_eq(rt_count(&o, RA_TUPLE_REUSE), 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_INCOMPLETE);
	ck_assert_uint_eq(o.res[1].number, 2);
	rt_free(&o);
}
END_TEST

START_TEST(retransmission_and_reorder)
{
	struct rt_out o;
	const struct replay_anomalies *a;

	ck_assert_int_eq(
	        rt_text(&o,
	                L("1.000000", C, S, "[S], seq 100, win 1, length 0")
	                        L("1.500000", C, S, "[S], seq 100, win 1, length 0") L(
	                                "1.500100", S, C, "[S.], seq 500, ack 101, win 1, length 0")
	                                L("1.500200", C, S, "[.], ack 501, win 1, length 0") L(
	                                        "1.6", C, S,
	                                        "[P.], seq 111:121, ack 501, win 1, length 10")
	                                        L("1.7", C, S,
	                                          "[P.], seq 101:111, ack 501, win 1, length 10")
	                                                L("1.8", C, S,
	                                                  "[P.], seq 101:111, ack 501, win 1, "
	                                                  "length 10") L("1.9", C, S,
	                                                                 "[P.], seq 131:141, ack "
	                                                                 "501, win 1, length 10")),
	        0);
	a = replay_get_anomalies(o.r);
	ck_assert_uint_eq(a->count[RA_RETRANSMISSION], 2);
	ck_assert_uint_eq(a->count[RA_OUT_OF_ORDER], 1);
	ck_assert_uint_eq(a->count[RA_GAP], 1);
	ck_assert_str_eq(a->list[0].detail, "sequence 100:101 sent again");
	ck_assert_str_eq(a->list[1].detail, "segment 101:111 arrived after later ones");
	ck_assert_str_eq(a->list[3].detail, "client sequence 121:131 never captured");
	/* The RTT runs from the SYN the SYN-ACK answered. */
	ck_assert_int_eq(o.res[0].rtt_us, 200);
	rt_free(&o);
}
END_TEST

START_TEST(no_syn)
{
	struct rt_out o;
	char a[TFO_SOCKADDRSTRLEN];

	ck_assert_int_eq(rt_text(&o, L("1.0", S, C, "[P.], seq 5:10, ack 7, win 1, length 5")), 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_INCOMPLETE);
	/* Guessed: the higher port is the client. */
	tfo_sockaddr_format(&o.res[0].client, a, sizeof(a));
	ck_assert_str_eq(a, "10.0.0.1:40000");
	ck_assert_uint_eq(rt_count(&o, RA_NO_SYN), 1);
	rt_free(&o);
}
END_TEST

START_TEST(after_close_and_rst)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o, L("1.0", C, S, "[S], seq 100, win 1, length 0")
	                                     L("1.1", S, C, "[R.], seq 0, ack 101, win 0, length 0")
	                                             L("1.2", S, C, "[.], ack 101, win 1, length 0")
	                                                     L("2.0", C, S,
	                                                       "[S], seq 100, win 1, length 0")),
	                 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_INCOMPLETE);
	ck_assert_uint_eq(rt_count(&o, RA_AFTER_CLOSE), 2);
	rt_free(&o);
}
END_TEST

/*
 * The memory of closed 4-tuples has one slot per hash index: a tuple
 * closed later on the same slot makes it forget the first, whose late
 * segment then starts a connection. Ports 40000 and 42710 share a slot
 * (40001 does not), which pins the index function the output depends on.
 */
START_TEST(closed_memory_slots)
{
	static const struct {
		const char *other;
		uint64_t conns, after_close, no_syn;
	} cases[] = {
		{ "10.0.0.1.42710", 3, 0, 1 },
		{ C2, 2, 1, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *x = cases[i].other;
		char text[512];
		struct rt_out o;

		snprintf(text, sizeof(text),
		         L("1.0", C, S, "[S], seq 100, win 1, length 0")
		                 L("1.1", S, C, "[R.], seq 0, ack 101, win 0, length 0") L(
		                         "1.2", "%s", S, "[S], seq 300, win 1, length 0")
		                         L("1.3", S, "%s", "[R.], seq 0, ack 301, win 0, length 0")
		                                 L("1.4", S, C, "[.], ack 101, win 1, length 0"),
		         x, x);
		ck_assert_int_eq(rt_text(&o, text), 0);
		ck_assert_uint_eq(o.n, cases[i].conns);
		ck_assert_uint_eq(rt_count(&o, RA_AFTER_CLOSE), cases[i].after_close);
		ck_assert_uint_eq(rt_count(&o, RA_NO_SYN), cases[i].no_syn);
		rt_free(&o);
	}
}
END_TEST

/* Connection 2 finishes first, but comes out second. */
START_TEST(output_order)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o,
	                         L("1.0", C2, S, "[S], seq 100, win 1, length 0") PLAIN("2", "")
	                                 L("3.0", S, C2, "[S.], seq 5, ack 101, win 1, length 0")),
	                 0);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_uint_eq(o.res[0].number, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_PLAIN);
	ck_assert_int_eq(o.res[0].rtt_us, REPLAY_NULL); /* no handshake ACK */
	ck_assert_uint_eq(o.res[1].number, 2);
	ck_assert_int_eq(o.res[1].outcome, TFO_OUTCOME_PLAIN);
	ck_assert_int_eq(o.res[1].rtt_us, 20);
	rt_free(&o);
}
END_TEST

/* --order finish: connection 2 is handed out when it finishes, before 1. */
START_TEST(finish_order)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text_by_finish(&o, L("1.0", C2, S, "[S], seq 100, win 1, length 0")
	                                               PLAIN("2", "") L("3.0", S, C2,
	                                                                "[S.], seq 5, ack 101, "
	                                                                "win 1, length 0")),
	                 0);
	ck_assert_uint_eq(o.n, 2);
	ck_assert_uint_eq(o.res[0].number, 2);
	ck_assert_int_eq(o.res[0].rtt_us, 20);
	ck_assert_uint_eq(o.res[1].number, 1);
	ck_assert_int_eq(o.res[1].rtt_us, REPLAY_NULL);
	rt_free(&o);
}
END_TEST

/* Counts live connection records: blocks the size of struct replay_conn. */
struct conn_count {
	tfo_allocator a;
	int live, peak;
};

static void *count_malloc(size_t size, void *user)
{
	struct conn_count *cc = user;
	size_t *p = malloc(size + sizeof(size_t));

	if (!p)
		return NULL;
	*p = size;
	if (size == sizeof(struct replay_conn) && ++cc->live > cc->peak)
		cc->peak = cc->live;
	return p + 1;
}

static void count_free(void *ptr, void *user)
{
	struct conn_count *cc = user;
	size_t *p = ptr;

	if (!p)
		return;
	if (p[-1] == sizeof(struct replay_conn))
		cc->live--;
	free(p - 1);
}

/* One connection open for the whole input, 30 short ones after it. */
static int peak_conns(int by_finish, size_t *results)
{
	struct conn_count cc = { { count_malloc, count_free, NULL }, 0, 0 };
	struct replay_config cfg;
	struct rt_out o;
	char text[65536];
	size_t n = 0;

	cc.a.user = &cc;
	n += (size_t)snprintf(text + n, sizeof(text) - n, "%s",
	                      L("1.0", "10.0.0.1.30000", S, "[S], seq 1, win 1, length 0"));
	for (int i = 0; i < 30; i++) {
		char c[32];

		snprintf(c, sizeof(c), "10.0.0.1.%d", 40000 + i);
		n += (size_t)snprintf(
		        text + n, sizeof(text) - n,
		        "2.%06d IP %s > %s: Flags [S], seq 100, win 1, length 0\n"
		        "2.%06d IP %s > %s: Flags [S.], seq 500, ack 101, win 1, length 0\n"
		        "2.%06d IP %s > %s: Flags [R], seq 101, win 0, length 0\n",
		        3 * i, c, S, 3 * i + 1, S, c, 3 * i + 2, c, S);
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.mem = &cc.a;
	cfg.by_finish = by_finish;
	ck_assert_int_eq(rt_run_config(&o, &cfg, text, n), 0);
	*results = o.n;
	rt_free(&o);
	ck_assert_int_eq(cc.live, 0);
	return cc.peak;
}

/* By finish order memory follows the open connections, not the capture. */
START_TEST(finish_order_bounds_memory)
{
	size_t n;

	ck_assert_int_eq(peak_conns(0, &n), 31);
	ck_assert_uint_eq(n, 31);
	ck_assert_int_eq(peak_conns(1, &n), 2);
	ck_assert_uint_eq(n, 31);
}
END_TEST

/* Rejected SYN data sent again is expected: no retransmission anomaly. */
START_TEST(rejected_resend)
{
	struct rt_out o;

	ck_assert_int_eq(
	        rt_text(&o, L("1.0", C, S,
	                      "[S], seq 100:106, win 1, options [tfo  cookie "
	                      "0011223344556677,nop,nop], length 6")
	                            L("1.000010", S, C, "[S.], seq 500, ack 101, win 1, length 0")
	                                    L("1.000020", C, S,
	                                      "[P.], seq 101:107, ack 501, win 1, length 6")),
	        0);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_REJECTED);
	ck_assert_uint_eq(replay_anomalies_total(replay_get_anomalies(o.r)), 0);
	rt_free(&o);
}
END_TEST

static tfo_sockaddr end(const char *text)
{
	tfo_sockaddr sa;

	ck_assert_int_eq(tfo_sockaddr_parse(&sa, text), 0);
	return sa;
}

/* A packet finds its key from either direction, and says which end sent it. */
START_TEST(tuple_match_either_way)
{
	static const char *const pairs[][2] = {
		{ "10.0.0.1:40000", "10.0.0.2:80" },      { "10.0.0.2:80", "10.0.0.1:40000" },
		{ "[2001:db8::1]:5", "[2001:db8::2]:5" }, { "127.0.0.1:7", "127.0.0.1:7" },
		{ "10.0.0.1:80", "10.0.0.1:81" },
	};

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		tfo_sockaddr a = end(pairs[i][0]), b = end(pairs[i][1]), other = end("10.9.9.9:80");
		struct replay_tuple key;
		int a_is_hi = replay_tuple_make(&key, &a, &b);

		ck_assert_int_eq(replay_tuple_match(&key, &a, &b), a_is_hi);
		if (replay_sockaddr_cmp(&a, &b) != 0)
			ck_assert_int_eq(replay_tuple_match(&key, &b, &a), !a_is_hi);
		ck_assert_int_eq(replay_tuple_match(&key, &a, &other), -1);
		ck_assert_int_eq(replay_tuple_match(&key, &other, &b), -1);
		ck_assert_uint_eq(replay_ends_hash(&a, &b), replay_tuple_hash(&key));
		ck_assert_uint_eq(replay_ends_hash(&b, &a), replay_tuple_hash(&key));
	}
}
END_TEST

Suite *replay_conn_suite(void)
{
	Suite *s = suite_create("replay_conn");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, closes_and_times);
	tcase_add_test(tc, reuse_after_close);
	tcase_add_test(tc, reuse_while_open);
	tcase_add_test(tc, retransmission_and_reorder);
	tcase_add_test(tc, no_syn);
	tcase_add_test(tc, after_close_and_rst);
	tcase_add_test(tc, closed_memory_slots);
	tcase_add_test(tc, output_order);
	tcase_add_test(tc, finish_order);
	tcase_add_test(tc, finish_order_bounds_memory);
	tcase_add_test(tc, rejected_resend);
	tcase_add_test(tc, tuple_match_either_way);
	suite_add_tcase(s, tc);
	return s;
}
