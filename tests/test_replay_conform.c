/*
 * --conform: every real Linux trace conforms, in every form, and libtfo's
 * counters end where Linux's did (traces/MANIFEST.md); hand-made traces
 * whose server did what libtfo would not are reported precisely.
 */
#include <stdlib.h>
#include <string.h>

#include "replay_infer.h"
#include "replay_json.h"
#include "replay_testutil.h"

#define KEY_A "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"
#define KEY_K1 "01234567-89abcdef-fedcba98-76543210"
#define KEY_K2 "deadbeef-cafebabe-feedface-0ddba11f"
#define KEY_B1 "10203040-50607080-90a0b0c0-d0e0f000"
#define KEY_B2B1 "0f0e0d0c-0b0a0908-07060504-03020100," KEY_B1
#define KEY_Q "5eed5eed-0000ffff-12345678-9abcdef0"
/* SipHash cookies of KEY_A for 127.0.0.1 -> 127.0.0.1 (traces/MANIFEST.md) */
#define COOKIE_A "9609976ee4a2284d"

/* What Linux counted on the server side of each trace (MANIFEST.md), and the server inferred. */
static const struct {
	const char *name, *key;
	struct replay_rekey rekey; /* from 0: none */
	uint32_t fastopen;
	int qlen;
	size_t conns;
	uint64_t cookie_reqd, passive, passive_fail, overflow, alt_key;
} traces[] = {
	{ "cold-warm", KEY_A, { 0, NULL }, 0x3, 16, 3, 1, 2, 0, 0, 0 },
	{ "key-rotated", KEY_K1, { 2, KEY_K2 }, 0x3, 16, 3, 1, 1, 1, 0, 0 },
	{ "backup-key", KEY_B1, { 2, KEY_B2B1 }, 0x3, 16, 3, 1, 2, 0, 0, 1 },
	{ "server-off", KEY_A, { 0, NULL }, 0x1, 0, 4, 4, 0, 0, 0, 0 },
	{ "cookieless", KEY_A, { 0, NULL }, 0x203, 16, 2, 0, 2, 0, 0, 0 },
	{ "ipv6", KEY_A, { 0, NULL }, 0x3, 16, 3, 1, 2, 0, 0, 0 },
	{ "plain", KEY_A, { 0, NULL }, 0x1, 0, 2, 0, 0, 0, 0, 0 },
	{ "fastopen-connect", KEY_A, { 0, NULL }, 0x3, 16, 3, 1, 2, 0, 0, 0 },
	{ "asym-addr", KEY_A, { 0, NULL }, 0x3, 16, 2, 1, 1, 0, 0, 0 },
	{ "qlen-overflow", KEY_Q, { 0, NULL }, 0x3, 1, 3, 1, 1, 0, 1, 0 },
};

static const char *const forms[] = { ".pcap", ".txt", ".tt.txt", ".numbered.txt" };
#define NFORMS (sizeof(forms) / sizeof(forms[0]))

START_TEST(real_traces_conform)
{
	size_t t = (size_t)_i / NFORMS;
	struct rt_conform_args a = {
		traces[t].key, &traces[t].rekey, traces[t].rekey.from ? 1 : 0, -1, -1, NULL
	};
	static uint8_t buf[1 << 16];
	char name[64], line[256];
	struct rt_conform o;
	const tfo_host *h;
	size_t len;

	snprintf(name, sizeof(name), "%s%s", traces[t].name, forms[_i % NFORMS]);
	len = rt_slurp(name, buf, sizeof(buf));
	ck_assert_int_eq(rt_conform(&o, &a, buf, len), 0);
	ck_assert_uint_eq(o.server.fastopen, traces[t].fastopen);
	ck_assert_uint_eq(o.server.nlisteners, 1);
	ck_assert_int_eq(o.server.listeners[0].qlen, traces[t].qlen);
	ck_assert_uint_eq(o.n, traces[t].conns);
	for (size_t i = 0; i < o.n; i++)
		ck_assert_msg(o.v[i].status == REPLAY_VERDICT_MATCH, "%s: %s", name,
		              rt_verdict_line(&o, i, line, sizeof(line)));
	h = replay_conform_host(o.cf);
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_COOKIE_REQD), traces[t].cookie_reqd);
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_PASSIVE), traces[t].passive);
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_PASSIVE_FAIL),
	                  traces[t].passive_fail);
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW),
	                  traces[t].overflow);
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY), traces[t].alt_key);
	/* libtfo's connections closed the way the trace's did: none reset, none left. */
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_OUT_RSTS), 0);
	ck_assert_uint_eq(tfo_host_endpoint_count(h), 0);
	ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_PASSIVE_OPENS), traces[t].conns);
	rt_conform_free(&o);
}
END_TEST

/*
 * The lossy captures (traces/lossy/, MANIFEST.md): a router between client
 * and server lost or rewrote packets; each scenario was captured at the
 * client (-c) and at the server (-s). Each connection's verdict, and the
 * server's Fast Open counters as nstat showed them during the capture.
 */
#define KEY_L "1a551e55-0000beef-c0ffee00-5eed0001"

static const struct {
	const char *name;
	uint32_t fastopen;
	int qlen;
	const char *verdicts[6]; /* what follows "conform N CLIENT > SERVER " */
	int counters;            /* 0: this view cannot show what the server counted */
	uint64_t cookie_reqd, passive, overflow;
} lossy[] = {
	{ "syn-data-lost-c", 0x3, 16, { "match", "match (SYN 2 of 2)", "match" }, 1, 1, 1, 0 },
	{ "syn-data-lost-s", 0x3, 16, { "match", "match", "match" }, 1, 1, 1, 0 },
	{ "synack-lost-c", 0x3, 16, { "match", "match (SYN 1 of 2)" }, 1, 1, 1, 0 },
	{ "synack-lost-s", 0x3, 16, { "match", "match" }, 1, 1, 1, 0 },
	{ "blackhole-c", 0x3, 16, { "match", "match (SYN 6 of 6)", "match" }, 1, 1, 0, 0 },
	{ "blackhole-s", 0x3, 16, { "match", "match", "match" }, 1, 1, 0, 0 },
	/* At the client, the cookie request the middlebox turned into NOPs
	 * got a SYN-ACK without a cookie: that is the mismatch to see. */
	{ "option-reset-c",
	  0x3,
	  1,
	  { "mismatch: SYN-ACK cookie: trace none, libtfo b241c42eacebd891", "match" },
	  0,
	  1,
	  0,
	  0 },
	{ "option-reset-s", 0x3, 16, { "match", "match" }, 1, 1, 0, 0 },
	/* At the client, visit 2's handshake ACK is captured before the
	 * router lost it: libtfo completes that handshake, so its RST holds
	 * no slot, and visits 3 and 4 find room (a limit of that view). */
	{ "rst-held-c",
	  0x3,
	  1,
	  { "match", "match", "mismatch: SYN-ACK ack: trace ISN+1, libtfo ISN+7",
	    "mismatch: SYN-ACK cookie: trace none, libtfo 7cd98d552e0dcf3b", "match", "match" },
	  0,
	  3,
	  2,
	  2 },
	{ "rst-held-s",
	  0x3,
	  1,
	  { "match", "match", "match", "match", "match", "match" },
	  1,
	  3,
	  2,
	  2 },
	{ "no-cookie-c", 0x203, 16, { "match", "match", "match" }, 1, 1, 3, 0 },
	{ "no-cookie-s", 0x203, 16, { "match", "match", "match" }, 1, 1, 3, 0 },
	{ "no-cookie-sockopt-c", 0x203, 16, { "match", "match", "match" }, 1, 1, 3, 0 },
	{ "no-cookie-sockopt-s", 0x203, 16, { "match", "match", "match" }, 1, 1, 3, 0 },
};

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n > m && s[n - m - 1] == ' ' && strcmp(s + n - m, tail) == 0;
}

START_TEST(lossy_traces_conform)
{
	struct rt_conform_args a = { KEY_L, NULL, 0, -1, -1, NULL };
	static uint8_t buf[1 << 16];
	char name[64], line[256];
	struct rt_conform o;
	const tfo_host *h;
	size_t len, n = 0;

	snprintf(name, sizeof(name), "lossy/%s.pcap", lossy[_i].name);
	len = rt_slurp(name, buf, sizeof(buf));
	ck_assert_int_eq(rt_conform(&o, &a, buf, len), 0);
	ck_assert_uint_eq(o.server.fastopen, lossy[_i].fastopen);
	ck_assert_int_eq(o.server.listeners[0].qlen, lossy[_i].qlen);
	while (n < 6 && lossy[_i].verdicts[n])
		n++;
	ck_assert_uint_eq(o.n, n);
	for (size_t i = 0; i < n; i++) {
		rt_verdict_line(&o, i, line, sizeof(line));
		ck_assert_msg(ends_with(line, lossy[_i].verdicts[i]), "%s: %s", name, line);
	}
	h = replay_conform_host(o.cf);
	if (lossy[_i].counters) {
		ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_COOKIE_REQD),
		                  lossy[_i].cookie_reqd);
		ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_PASSIVE), lossy[_i].passive);
		ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_LISTEN_OVERFLOW),
		                  lossy[_i].overflow);
		ck_assert_uint_eq(tfo_host_counter(h, TFO_CTR_FASTOPEN_PASSIVE_FAIL), 0);
	}
	rt_conform_free(&o);
}
END_TEST

/* The seed blog's trace conforms to a listener without Fast Open. */
START_TEST(seed_blog)
{
	static uint8_t buf[4096];
	size_t len = rt_slurp("seed-blog.numbered.txt", buf, sizeof(buf));
	struct rt_conform_args a = { NULL, NULL, 0, -1, -1, NULL };
	struct rt_conform o;
	char line[256];

	ck_assert_int_eq(rt_conform(&o, &a, buf, len), 0);
	ck_assert_uint_eq(o.server.fastopen, TFO_FASTOPEN_CLIENT);
	ck_assert_int_eq(o.server.listeners[0].qlen, 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_str_eq(rt_verdict_line(&o, 0, line, sizeof(line)),
	                 "conform 1 127.0.0.1:51902 > 127.0.0.1:8000 match");
	ck_assert_int_eq(o.v[0].trace.ack, 1);
	ck_assert_int_eq(o.v[0].trace.tfo.cookie_len, -1);
	rt_conform_free(&o);

	/* With Fast Open on the listener, the blog's cookie (not KEY_A's) would
	 * still be refused, but answered with a fresh cookie. */
	a.fastopen = 0x3;
	a.qlen = 16;
	a.key = KEY_A;
	ck_assert_int_eq(rt_conform(&o, &a, buf, len), 0);
	ck_assert_str_eq(rt_verdict_line(&o, 0, line, sizeof(line)),
	                 "conform 1 127.0.0.1:51902 > 127.0.0.1:8000 mismatch: SYN-ACK cookie: "
	                 "trace none, libtfo " COOKIE_A);
	rt_conform_free(&o);
}
END_TEST

/* Hand-made traces in the numbered form; C is 127.0.0.1.4000x, S is 127.0.0.1.80. */
#define SYN(n, port, extra, len)                                                                   \
	n ". IP 127.0.0.1." port " > 127.0.0.1.80: Flags [S], seq 1000, win 65535, options "       \
	  "[mss 1460" extra "], length " len "\n"
#define SYNACK(n, port, flags, ack, extra)                                                         \
	n ". IP 127.0.0.1.80 > 127.0.0.1." port ": Flags [" flags "], seq 5000, ack " ack          \
	  ", win 65535, options [mss 1460" extra "], length 0\n"
#define ACK(n, port, ack)                                                                          \
	n ". IP 127.0.0.1." port " > 127.0.0.1.80: Flags [.], ack " ack ", win 512, length 0\n"
#define TFO_REQ ",tfo  cookiereq,nop,nop"
#define TFO_COOKIE(hex) ",tfo  cookie " hex ",nop,nop"
#define BAD_COOKIE "0011223344556677"
#define C1 "conform 1 127.0.0.1:40001 > 127.0.0.1:80 "
#define C2 "conform 2 127.0.0.1:40002 > 127.0.0.1:80 "

static const struct {
	const char *what, *text;
	int qlen;                  /* -1: inferred */
	const char *line1, *line2; /* the verdicts of connections 1 and 2 (NULL: only one) */
} mismatches[] = {
	{ "a SYN-ACK granting a cookie the key does not make",
	  SYN("1", "40001", TFO_REQ, "0")
	          SYNACK("2", "40001", "S.", "1001", TFO_COOKIE(BAD_COOKIE)),
	  -1, C1 "mismatch: SYN-ACK cookie: trace " BAD_COOKIE ", libtfo " COOKIE_A, NULL },
	{ "SYN data acknowledged although its cookie is not the key's",
	  SYN("1", "40001", TFO_COOKIE(BAD_COOKIE), "6") SYNACK("2", "40001", "S.", "1007", ""), -1,
	  C1 "mismatch: SYN-ACK ack: trace ISN+7, libtfo ISN+1; SYN-ACK cookie: trace none, "
	     "libtfo " COOKIE_A,
	  NULL },
	{ "the experimental option answered in the RFC's",
	  SYN("1", "40001", ",exp-tfo cookiereq", "0")
	          SYNACK("2", "40001", "S.", "1001", TFO_COOKIE(COOKIE_A)),
	  -1, C1 "mismatch: SYN-ACK option kind: trace 34, libtfo 254", NULL },
	{ "a SYN-ACK with PSH", SYN("1", "40001", "", "0") SYNACK("2", "40001", "SP.", "1001", ""),
	  -1, C1 "mismatch: SYN-ACK flags: trace [SP.], libtfo [S.]", NULL },
	{ "ECN is not compared",
	  "1. IP 127.0.0.1.40001 > 127.0.0.1.80: Flags [SEW], seq 1000, win 65535, length 0\n"
	  "2. IP 127.0.0.1.80 > 127.0.0.1.40001: Flags [S.E], seq 5000, ack 1001, win 65535, "
	  "length 0\n",
	  -1, C1 "match", NULL },
	{ "a listening port that reset a SYN",
	  SYN("1", "40001", "", "0") SYNACK("2", "40001", "S.", "1001", "") SYN(
	          "3", "40002", "",
	          "0") "4. IP 127.0.0.1.80 > 127.0.0.1.40002: Flags [R.], seq 0, ack 1001, win 0, "
	               "length 0\n",
	  -1, C1 "match", C2 "mismatch: answer: trace RST, libtfo SYN-ACK" },
	{ "a closed port: no listener, RSTs compared",
	  "1. IP 127.0.0.1.40001 > 127.0.0.1.80: Flags [S], seq 1000:1006, win 65535, length 6\n"
	  "2. IP 127.0.0.1.80 > 127.0.0.1.40001: Flags [R.], seq 0, ack 1007, win 0, length 0\n"
	  "3. IP 127.0.0.1.40002 > 127.0.0.1.80: Flags [S], seq 1000:1006, win 65535, length 6\n"
	  "4. IP 127.0.0.1.80 > 127.0.0.1.40002: Flags [R.], seq 0, ack 1001, win 0, length 0\n",
	  -1, C1 "match", C2 "mismatch: RST ack: trace ISN+1, libtfo ISN+7" },
	{ "nothing to compare",
	  SYNACK("1", "40001", "S.", "1001", "") ACK("2", "40001", "5001")
	          SYN("3", "40002", "", "0"),
	  -1, C1 "skipped: no SYN captured",
	  C2 "unanswered: the trace shows no answer to its SYN" },
	{ "SYN data lost: without timestamps, an ack of ISN+1 answers the plain retransmission",
	  SYN("1", "40001", TFO_COOKIE(COOKIE_A), "6") SYN("2", "40001", "", "0")
	          SYNACK("3", "40001", "S.", "1001", ""),
	  -1, C1 "match (SYN 2 of 2)", NULL },
	{ "SYN-ACK lost: the later one still acknowledges the first SYN's data",
	  SYN("1", "40001", TFO_COOKIE(COOKIE_A), "6") SYN("2", "40001", "", "0")
	          SYNACK("3", "40001", "S.", "1007", ""),
	  -1, C1 "match (SYN 1 of 2)", NULL },
	{ "the TS ecr names the SYN answered",
	  SYN("1", "40001", ",TS val 100 ecr 0" TFO_COOKIE(COOKIE_A), "6")
	          SYN("2", "40001", ",TS val 200 ecr 0", "0")
	                  SYNACK("3", "40001", "S.", "1001", ",TS val 9 ecr 200"),
	  -1, C1 "match (SYN 2 of 2)", NULL },
	{ "... even when the ack cannot tell: SYN 1's bad cookie earned a fresh one",
	  SYN("1", "40001", ",TS val 100 ecr 0" TFO_COOKIE(BAD_COOKIE),
	      "6") SYN("2", "40001", ",TS val 200 ecr 0", "0")
	          SYNACK("3", "40001", "S.", "1001", ",TS val 9 ecr 100" TFO_COOKIE(COOKIE_A)),
	  -1, C1 "match (SYN 1 of 2)", NULL },
	{ "no answer to any SYN",
	  SYN("1", "40001", TFO_COOKIE(COOKIE_A), "6") SYN("2", "40001", "", "0"), -1,
	  C1 "unanswered: the trace shows no answer to any of its 2 SYNs", NULL },
	{ "a second Fast Open child while the first waits, qlen inferred 2",
	  SYN("1", "40001", TFO_COOKIE(COOKIE_A), "6") SYNACK("2", "40001", "S.", "1007", "") SYN(
	          "3", "40002", TFO_COOKIE(COOKIE_A), "6") SYNACK("4", "40002", "S.", "1007", "")
	          ACK("5", "40001", "5001") ACK("6", "40002", "5001"),
	  -1, C1 "match", C2 "match" },
	{ "... and with --qlen 1",
	  SYN("1", "40001", TFO_COOKIE(COOKIE_A), "6") SYNACK("2", "40001", "S.", "1007", "") SYN(
	          "3", "40002", TFO_COOKIE(COOKIE_A), "6") SYNACK("4", "40002", "S.", "1007", "")
	          ACK("5", "40001", "5001") ACK("6", "40002", "5001"),
	  1, C1 "match", C2 "mismatch: SYN-ACK ack: trace ISN+7, libtfo ISN+1" },
	{ "the first child's handshake completed: no overflow",
	  SYN("1", "40001", TFO_COOKIE(COOKIE_A), "6") SYNACK("2", "40001", "S.", "1007", "")
	          ACK("3", "40001", "5001") SYN("4", "40002", TFO_COOKIE(COOKIE_A), "6")
	                  SYNACK("5", "40002", "S.", "1007", ""),
	  1, C1 "match", C2 "match" },
};

START_TEST(hand_made)
{
	struct rt_conform_args a = { KEY_A, NULL, 0, -1, mismatches[_i].qlen, NULL };
	const char *text = mismatches[_i].text;
	struct rt_conform o;
	char line[256];

	ck_assert_int_eq(rt_conform(&o, &a, text, strlen(text)), 0);
	ck_assert_uint_eq(o.n, mismatches[_i].line2 ? 2 : 1);
	ck_assert_str_eq(rt_verdict_line(&o, 0, line, sizeof(line)), mismatches[_i].line1);
	if (mismatches[_i].line2)
		ck_assert_str_eq(rt_verdict_line(&o, 1, line, sizeof(line)), mismatches[_i].line2);
	rt_conform_free(&o);
}
END_TEST

/* The JSON form of a verdict, whole. */
START_TEST(verdict_json)
{
	static const char text[] = SYN("1", "40001", TFO_COOKIE(BAD_COOKIE), "6")
	        SYNACK("2", "40001", "S.", "1007", "");
	struct rt_conform o;
	json_t *j;
	char *s;

	ck_assert_int_eq(rt_conform_text(&o, KEY_A, text), 0);
	j = replay_json_verdict(&o.v[0]);
	ck_assert_ptr_nonnull(j);
	s = json_dumps(j, REPLAY_JSON_FLAGS | JSON_COMPACT);
	ck_assert_str_eq(
	        s, "{\"index\":1,\"client\":\"127.0.0.1:40001\",\"server\":\"127.0.0.1:80\","
	           "\"result\":\"mismatch\",\"reason\":null,\"syn\":1,\"syns\":1,\"differences\":["
	           "{\"field\":\"ack\",\"trace\":7,\"libtfo\":1},"
	           "{\"field\":\"cookie\",\"trace\":null,\"libtfo\":\"" COOKIE_A "\"}],"
	           "\"trace\":{\"answer\":\"syn-ack\",\"flags\":\"S.\",\"ack\":7,\"option\":null,"
	           "\"cookie\":null},"
	           "\"libtfo\":{\"answer\":\"syn-ack\",\"flags\":\"S.\",\"ack\":1,\"option\":"
	           "\"standard\",\"cookie\":\"" COOKIE_A "\"}}");
	free(s);
	json_decref(j);
	rt_conform_free(&o);
}
END_TEST

/* Every allocation of both passes may fail: NOMEM, nothing left behind. */
START_TEST(allocation_failures)
{
	static uint8_t buf[1 << 16];
	size_t len = rt_slurp("qlen-overflow.txt", buf, sizeof(buf));
	struct test_alloc ta;
	struct rt_conform o;
	unsigned long total;

	test_alloc_init(&ta, 0);
	struct rt_conform_args a = { KEY_Q, NULL, 0, -1, -1, &ta.a };

	ck_assert_int_eq(rt_conform(&o, &a, buf, len), 0);
	rt_conform_free(&o);
	ck_assert_int_eq(ta.live, 0);
	total = ta.calls;
	for (unsigned long n = 1; n <= total; n++) {
		test_alloc_init(&ta, n);
		ck_assert_int_eq(rt_conform(&o, &a, buf, len), TFO_ERR_NOMEM);
		rt_conform_free(&o);
		ck_assert_int_eq(ta.live, 0);
	}
}
END_TEST

Suite *replay_conform_suite(void)
{
	Suite *s = suite_create("replay_conform");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, lossy_traces_conform, 0, (int)(sizeof(lossy) / sizeof(lossy[0])));
	tcase_add_loop_test(tc, real_traces_conform, 0,
	                    (int)(sizeof(traces) / sizeof(traces[0]) * NFORMS));
	tcase_add_test(tc, seed_blog);
	tcase_add_loop_test(tc, hand_made, 0, (int)(sizeof(mismatches) / sizeof(mismatches[0])));
	tcase_add_test(tc, verdict_json);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}
