/*
 * The first pass of --conform: the server's tcp_fastopen, its listeners
 * and their Fast Open queue lengths, from hand-made traces.
 */
#include <stdio.h>
#include <string.h>

#include "replay_infer.h"
#include "replay_testutil.h"

#define KEY_A "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"
#define COOKIE_A "9609976ee4a2284d"

/* Connection port-40000 of 127.0.0.1 to 127.0.0.1.80, its SYN and the answer. */
static int syn(char *buf, size_t size, int port, const char *opt, int data)
{
	return snprintf(buf, size,
	                "1. IP 127.0.0.1.%d > 127.0.0.1.80: Flags [S], seq 1000, win 1, options "
	                "[mss 1460%s], length %d\n",
	                port, opt, data);
}

static int synack(char *buf, size_t size, int port, unsigned ack, const char *opt)
{
	return snprintf(buf, size,
	                "1. IP 127.0.0.1.80 > 127.0.0.1.%d: Flags [S.], seq 5000, ack %u, win 1, "
	                "options [mss 1460%s], length 0\n",
	                port, ack, opt);
}

static int ack(char *buf, size_t size, int port)
{
	return snprintf(buf, size,
	                "1. IP 127.0.0.1.%d > 127.0.0.1.80: Flags [.], ack 5001, win 1, length 0\n",
	                port);
}

/* Twenty Fast Open children pending at once: qlen must be at least 20. */
START_TEST(qlen_above_default)
{
	static char text[16384];
	struct rt_conform o;
	size_t n = 0;

	for (int i = 0; i < 20; i++) {
		n += (size_t)syn(text + n, sizeof(text) - n, 40000 + i, ",tfo  cookie " COOKIE_A,
		                 6);
		n += (size_t)synack(text + n, sizeof(text) - n, 40000 + i, 1007, "");
	}
	for (int i = 0; i < 20; i++)
		n += (size_t)ack(text + n, sizeof(text) - n, 40000 + i);
	ck_assert_uint_lt(n, sizeof(text) - 1);
	ck_assert_int_eq(rt_conform_text(&o, KEY_A, text), 0);
	ck_assert_uint_eq(o.server.fastopen, 0x3);
	ck_assert_int_eq(o.server.listeners[0].qlen, 20);
	ck_assert_uint_eq(o.n, 20);
	for (size_t i = 0; i < o.n; i++)
		ck_assert_int_eq(o.v[i].status, REPLAY_VERDICT_MATCH);
	rt_conform_free(&o);
}
END_TEST

static const struct {
	const char *what;
	/* per connection: SYN option, data, SYN-ACK ack - 1000, SYN-ACK option, handshake ACK after
	 * it */
	struct {
		const char *syn_opt;
		int data;
		unsigned acked;
		const char *synack_opt;
		int ack_now;
	} c[3];
	int n;
	uint32_t fastopen;
	int qlen;
} cases[] = {
	{ "a cookie request unanswered while one child waits: qlen 1",
	  { { ",tfo  cookie " COOKIE_A, 6, 7, "", 0 }, { ",tfo  cookiereq", 0, 1, "", 0 } },
	  2,
	  0x3,
	  1 },
	{ "the same request after the child's handshake: not a full queue, 16",
	  { { ",tfo  cookie " COOKIE_A, 6, 7, "", 1 },
	    { ",tfo  cookiereq", 0, 1, ",tfo  cookie " COOKIE_A, 0 } },
	  2,
	  0x3,
	  16 },
	{ "a refused cookie with data while one child waits: qlen 1",
	  { { ",tfo  cookie " COOKIE_A, 6, 7, "", 0 }, { ",tfo  cookie " COOKIE_A, 6, 1, "", 0 } },
	  2,
	  0x3,
	  1 },
	{ "bounds that contradict: the accepted SYNs win",
	  { { ",tfo  cookiereq", 0, 1, "", 0 },
	    { ",tfo  cookie " COOKIE_A, 6, 7, "", 0 },
	    { ",tfo  cookie " COOKIE_A, 6, 7, "", 0 } },
	  3,
	  0x3,
	  2 },
	{ "data without any option acknowledged: the cookie-less mode",
	  { { "", 6, 7, "", 1 }, { ",tfo  cookiereq", 0, 1, "", 1 } },
	  2,
	  0x203,
	  16 },
	{ "data without an option refused while a child waits: cookie-less qlen 1",
	  { { "", 6, 7, "", 0 }, { "", 6, 1, "", 0 } },
	  2,
	  0x203,
	  1 },
	{ "no Fast Open anywhere",
	  { { ",tfo  cookiereq", 0, 1, "", 1 }, { "", 0, 1, "", 1 } },
	  2,
	  0x1,
	  0 },
};

START_TEST(inferred)
{
	char text[4096];
	struct rt_conform o;
	size_t n = 0;

	for (int i = 0; i < cases[_i].n; i++) {
		n += (size_t)syn(text + n, sizeof(text) - n, 40000 + i, cases[_i].c[i].syn_opt,
		                 cases[_i].c[i].data);
		n += (size_t)synack(text + n, sizeof(text) - n, 40000 + i,
		                    1000 + cases[_i].c[i].acked, cases[_i].c[i].synack_opt);
		if (cases[_i].c[i].ack_now)
			n += (size_t)ack(text + n, sizeof(text) - n, 40000 + i);
	}
	ck_assert_int_eq(rt_conform_text(&o, KEY_A, text), 0);
	ck_assert_uint_eq(o.server.fastopen, cases[_i].fastopen);
	ck_assert_uint_eq(o.server.nlisteners, 1);
	ck_assert_int_eq(o.server.listeners[0].qlen, cases[_i].qlen);
	rt_conform_free(&o);
}
END_TEST

/*
 * A child its client reset keeps its slot (Linux holds the request 60 s):
 * the second child makes two, and the third SYN, refused, bounds qlen at 2.
 */
START_TEST(reset_child_held)
{
	static const char text[] =
	        "1. IP 127.0.0.1.40000 > 127.0.0.1.80: Flags [S], seq 1000, win 1, options [tfo  "
	        "cookie " COOKIE_A "], length 6\n"
	        "2. IP 127.0.0.1.80 > 127.0.0.1.40000: Flags [S.], seq 5000, ack 1007, win 1, "
	        "length 0\n"
	        "3. IP 127.0.0.1.40000 > 127.0.0.1.80: Flags [R], seq 1007, win 0, length 0\n"
	        "4. IP 127.0.0.1.40001 > 127.0.0.1.80: Flags [S], seq 1000, win 1, options [tfo  "
	        "cookie " COOKIE_A "], length 6\n"
	        "5. IP 127.0.0.1.80 > 127.0.0.1.40001: Flags [S.], seq 5000, ack 1007, win 1, "
	        "length 0\n"
	        "6. IP 127.0.0.1.40002 > 127.0.0.1.80: Flags [S], seq 1000, win 1, options [tfo  "
	        "cookie " COOKIE_A "], length 6\n"
	        "7. IP 127.0.0.1.80 > 127.0.0.1.40002: Flags [S.], seq 5000, ack 1001, win 1, "
	        "length 0\n";
	struct rt_conform o;

	ck_assert_int_eq(rt_conform_text(&o, KEY_A, text), 0);
	ck_assert_int_eq(o.server.listeners[0].qlen, 2);
	ck_assert_uint_eq(o.n, 3);
	for (size_t i = 0; i < o.n; i++)
		ck_assert_int_eq(o.v[i].status, REPLAY_VERDICT_MATCH);
	rt_conform_free(&o);
}
END_TEST

/* Listeners: one per server that sent a SYN-ACK, none for one that only reset. */
START_TEST(listeners)
{
	static const char text[] =
	        "1. IP 10.0.0.1.40000 > 10.0.0.2.81: Flags [S], seq 1, win 1, length 0\n"
	        "2. IP 10.0.0.2.81 > 10.0.0.1.40000: Flags [R.], seq 0, ack 2, win 0, length 0\n"
	        "3. IP 10.0.0.1.40001 > 10.0.0.2.443: Flags [S], seq 1, win 1, length 0\n"
	        "4. IP 10.0.0.2.443 > 10.0.0.1.40001: Flags [S.], seq 9, ack 2, win 1, length 0\n"
	        "5. IP6 ::1.40002 > ::2.80: Flags [S], seq 1, win 1, length 0\n"
	        "6. IP6 ::2.80 > ::1.40002: Flags [S.], seq 9, ack 2, win 1, length 0\n";
	char addr[TFO_SOCKADDRSTRLEN];
	struct rt_conform o;

	ck_assert_int_eq(rt_conform_text(&o, NULL, text), 0);
	ck_assert_uint_eq(o.server.nlisteners, 2);
	tfo_sockaddr_format(&o.server.listeners[0].addr, addr, sizeof(addr));
	ck_assert_str_eq(addr, "10.0.0.2:443");
	tfo_sockaddr_format(&o.server.listeners[1].addr, addr, sizeof(addr));
	ck_assert_str_eq(addr, "[::2]:80");
	ck_assert_uint_eq(o.n, 3);
	for (size_t i = 0; i < o.n; i++)
		ck_assert_int_eq(o.v[i].status, REPLAY_VERDICT_MATCH);
	ck_assert_int_eq(o.v[0].libtfo.kind, REPLAY_ANSWER_RST);
	rt_conform_free(&o);
}
END_TEST

START_TEST(needs_key)
{
	struct replay_listener l[2] = { { { { 0 }, 0 }, 0 }, { { { 0 }, 0 }, 16 } };
	struct replay_server s = { 0x3, l, 2, REPLAY_NO_COOKIE_NONE };

	ck_assert_int_eq(replay_server_needs_key(&s), 1);
	s.fastopen = 0x203;
	ck_assert_int_eq(replay_server_needs_key(&s), 0);
	s.fastopen = 0x1;
	ck_assert_int_eq(replay_server_needs_key(&s), 0);
	s.fastopen = 0x3;
	l[1].qlen = 0;
	ck_assert_int_eq(replay_server_needs_key(&s), 0);
}
END_TEST

Suite *replay_infer_suite(void)
{
	Suite *s = suite_create("replay_infer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, qlen_above_default);
	tcase_add_loop_test(tc, inferred, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, reset_child_held);
	tcase_add_test(tc, listeners);
	tcase_add_test(tc, needs_key);
	suite_add_tcase(s, tc);
	return s;
}
