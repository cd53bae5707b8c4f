/*
 * The tcpdump text reader: every timestamp form and prefix tcpdump prints,
 * IPv6, every option form (rebuilt bytes must print back to the same
 * text), relative sequence numbers made absolute as tcpdump computed
 * them, midnight, and bad lines.
 */
#include <string.h>

#include "replay_testutil.h"
#include "replay_text_line.h"
#include "replay_text_opts.h"
#include "replay_textseq.h"

#define SYN_TAIL                                                                                   \
	"Flags [S], seq 3550480872:3550480878, win 33280, options [mss 65495,sackOK,TS val "       \
	"1437621030 ecr 0,nop,wscale 7,tfo  cookie ce80700cf8e6113c,nop,nop], length 6"

static const struct {
	const char *line;
	int time_kind;
	int64_t ns;
} forms[] = {
	{ "1. IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_NONE, 0 },
	{ "IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_NONE, 0 },
	{ "22:47:20.369162 IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_CLOCK,
	  INT64_C(82040369162000) },
	{ "1795387640.369162 IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_EPOCH,
	  INT64_C(1795387640369162000) },
	{ "1795387640.369162123 IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_EPOCH,
	  INT64_C(1795387640369162123) },
	{ "2026-11-22 22:47:20.369162 IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_DATE,
	  INT64_C(1795387640369162000) },
	{ "22:47:20.369162 lo    In  IP 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL, TT_CLOCK,
	  INT64_C(82040369162000) },
	{ "22:47:20.369162 00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 (0x0800), length "
	  "72: 127.0.0.1.51902 > 127.0.0.1.8000: " SYN_TAIL,
	  TT_CLOCK, INT64_C(82040369162000) },
	{ "    127.0.0.1.51902 > 127.0.0.1.8000: Flags [S], cksum 0xfe34 (incorrect -> 0x6201), "
	  "seq 3550480872:3550480878, win 33280, options [mss 65495,sackOK,TS val 1437621030 ecr "
	  "0,nop,wscale 7,tfo  cookie ce80700cf8e6113c,nop,nop], length 6",
	  TT_INHERIT, 0 },
};

START_TEST(every_form)
{
	struct replay_text_line l;
	char opts[256];

	replay_text_parse(forms[_i].line, &l);
	ck_assert_int_eq(l.kind, TL_TCP);
	ck_assert_int_eq(l.time_kind, forms[_i].time_kind);
	if (forms[_i].time_kind != TT_NONE && forms[_i].time_kind != TT_INHERIT)
		ck_assert_int_eq(l.ts_ns, forms[_i].ns);
	ck_assert_int_eq(l.seg.src.port, 51902);
	ck_assert_int_eq(l.seg.dst.port, 8000);
	ck_assert_int_eq(l.seg.src.addr.family, TFO_AF_INET);
	ck_assert_int_eq(l.seg.flags, TFO_TH_SYN);
	ck_assert(l.has_seq && !l.has_ack);
	ck_assert_uint_eq(l.seq, 3550480872u);
	ck_assert_uint_eq(l.seg.len, 6);
	ck_assert_uint_eq(l.seg.window, 33280);
	ck_assert_int_eq(l.opts_lossy, 0);
	tfo_options_format(l.seg.opts, l.seg.optlen, opts, sizeof(opts));
	ck_assert_str_eq(opts, "mss 65495,sackOK,TS val 1437621030 ecr 0,nop,wscale 7,tfo  cookie "
	                       "ce80700cf8e6113c,nop,nop");
}
END_TEST

START_TEST(ipv6_line)
{
	struct replay_text_line l;
	char a[TFO_SOCKADDRSTRLEN];

	replay_text_parse("22:47:26.947158 IP6 ::1.8106 > ::1.46720: Flags [S.], seq 1346774856, "
	                  "ack 1294024067, win 65464, options [mss 65476,sackOK,TS val 2941645356 "
	                  "ecr 2915581348,nop,wscale 10,tfo  cookie bde56f53c92f0191,nop,nop], "
	                  "length 0",
	                  &l);
	ck_assert_int_eq(l.kind, TL_TCP);
	tfo_sockaddr_format(&l.seg.src, a, sizeof(a));
	ck_assert_str_eq(a, "[::1]:8106");
	ck_assert_int_eq(l.seg.flags, TFO_TH_SYN | TFO_TH_ACK);
	ck_assert_uint_eq(l.seq, 1346774856u);
	ck_assert_uint_eq(l.ack, 1294024067u);
	ck_assert_uint_eq(l.seg.len, 0);
}
END_TEST

/* Each list must come back byte for byte through the codec's formatter. */
static const char *const option_texts[] = {
	"mss 1460,nop,wscale 14,sackOK,TS val 4294967295 ecr 1",
	"nop,nop,sack 2 {1:2}{4294967290:5}",
	"tfo  cookiereq,nop,nop",
	"exp-tfo cookiereq",
	"exp-tfo cookie 0011223344556677",
	"tfo  cookie 00112233,nop,nop",
	"tfo  cookie 000102030405060708090a0b0c0d0e0f",
	"unknown-99 0xabcd,unknown-200,eol",
	"echo 7,echoreply 8,cc 9,ccnew 10",
	"md5 shared secret not supplied with -M, can't check - 000102030405060708090a0b0c0d0e0f",
};

START_TEST(option_round_trip)
{
	tfo_segment s;
	char out[512];
	const char *t = option_texts[_i];

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(replay_text_opts(&s, t, strlen(t), NULL, 0), 0);
	tfo_options_format(s.opts, s.optlen, out, sizeof(out));
	ck_assert_str_eq(out, t);
}
END_TEST

START_TEST(option_lossy)
{
	static const char *const lossy[] = { "mss 1460[len 5]",  "tfo  (invalid)", "exp-abcd",
		                             "mptcp capable v1", "bogus 7",        NULL };
	tfo_segment s;
	char lost[16];

	for (const char *const *t = lossy; *t; t++) {
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(replay_text_opts(&s, *t, strlen(*t), lost, sizeof(lost)), 1);
		/* the option left out is named, cut to fit */
		ck_assert_int_eq(strncmp(lost, *t, sizeof(lost) - 1), 0);
	}
	/* What can be rebuilt around a lossy option still is; the first lost is named. */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(
	        replay_text_opts(&s, "nop,tfo  cookie 00,nop,bogus", 28, lost, sizeof(lost)), 1);
	ck_assert_str_eq(lost, "tfo  cookie 00");
	ck_assert_uint_eq(s.optlen, 2);
}
END_TEST

static void fix(struct replay_textseq *t, const char *line, uint32_t seq, uint32_t ack)
{
	struct replay_text_line l;

	replay_text_parse(line, &l);
	ck_assert_int_eq(l.kind, TL_TCP);
	ck_assert_int_eq(replay_textseq_fix(t, &l), 0);
	ck_assert_uint_eq(l.seq, seq);
	ck_assert_uint_eq(l.ack, ack);
}

/* tcpdump's bases: an accepting SYN-ACK sets the client's base to ack - 1,
 * so the client's next segment, really ISN+7, prints as seq 1. */
START_TEST(relative_sequence)
{
	struct replay_textseq *t;

	ck_assert_int_eq(replay_textseq_new(&t, NULL), 0);
	fix(t,
	    "IP 127.0.0.1.56018 > 127.0.0.1.8101: Flags [S], seq 1399897629:1399897635, win 1, "
	    "length 6",
	    1399897629u, 0);
	fix(t,
	    "IP 127.0.0.1.8101 > 127.0.0.1.56018: Flags [S.], seq 2738906196, ack 1399897636, "
	    "win 1, length 0",
	    2738906196u, 1399897636u);
	ck_assert_int_eq(replay_textseq_mode(t), SEQ_UNDECIDED);
	fix(t, "IP 127.0.0.1.56018 > 127.0.0.1.8101: Flags [P.], seq 1:7, ack 1, win 64, length 6",
	    1399897636u, 2738906197u);
	ck_assert_int_eq(replay_textseq_mode(t), SEQ_RELATIVE);
	fix(t, "IP 127.0.0.1.8101 > 127.0.0.1.56018: Flags [.], ack 7, win 64, length 0", 0,
	    1399897642u);
	replay_textseq_del(t);
}
END_TEST

START_TEST(absolute_sequence)
{
	struct replay_textseq *t;

	ck_assert_int_eq(replay_textseq_new(&t, NULL), 0);
	fix(t,
	    "IP 127.0.0.1.8000 > 127.0.0.1.51902: Flags [S.], seq 2245778431, ack 3550480873, "
	    "win 1, length 0",
	    2245778431u, 3550480873u);
	fix(t,
	    "IP 127.0.0.1.51902 > 127.0.0.1.8000: Flags [P.], seq 3550480873:3550480879, ack "
	    "2245778432, win 260, length 6",
	    3550480873u, 2245778432u);
	ck_assert_int_eq(replay_textseq_mode(t), SEQ_ABSOLUTE);
	replay_textseq_del(t);
}
END_TEST

#define HS_REL(t1, t2, t3)                                                                         \
	t1 " IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100:106, win 1, options "             \
	   "[tfo  cookie 0011223344556677,nop,nop], length 6\n" t2                                 \
	   " IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 900, ack 107, win 1, length 0\n" t3  \
	   " IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 1, length 0\n"

START_TEST(midnight)
{
	struct rt_out o;

	ck_assert_int_eq(
	        rt_text(&o, HS_REL("23:59:59.900000", "23:59:59.950000", "00:00:00.100000")), 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_int_eq(o.res[0].rtt_us, 200000);
	ck_assert_int_eq(o.res[0].saved_us, 200000);
	rt_free(&o);
}
END_TEST

START_TEST(bad_lines)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o,
	                         "12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], "
	                         "seq 100, win 1, length 0\n"
	                         "hello there\n"
	                         "12:00:00.000002 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], "
	                         "seq 9, ack 10\n"
	                         "12:00:00.000003 ARP, Request who-has 10.0.0.2 tell 10.0.0.1\n"),
	                 0);
	ck_assert_str_eq(o.warn, "in1:2: not a tcpdump line\n"
	                         "in1:3: no length field: the line is cut short or is not tcpdump "
	                         "output\n");
	ck_assert_uint_eq(rt_count(&o, RA_UNPARSABLE), 2);
	ck_assert_uint_eq(rt_count(&o, RA_NON_TCP), 1);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_INCOMPLETE);
	rt_free(&o);
}
END_TEST

#define CORE "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], "

/* Odd lines: each one unparsable, with exactly this reason. */
static const struct {
	const char *line, *why;
} odd[] = {
	{ "99:99:99.000001 " CORE "seq 1, win 1, length 0", "impossible time '99:99:99.000001'" },
	{ "2026-13-01 12:00:00.000001 " CORE "seq 1, win 1, length 0",
	  "impossible time '2026-13-01 12:00:00.000001'" },
	{ "2026-01-01 24:00:00.000001 " CORE "seq 1, win 1, length 0",
	  "impossible time '2026-01-01 24:00:00.000001'" },
	{ "0262-01-01 12:00:00.000001 " CORE "seq 1, win 1, length 0",
	  "impossible time '0262-01-01 12:00:00.000001'" },
	{ "1969-12-31 23:59:59.999999 " CORE "seq 1, win 1, length 0",
	  "impossible time '1969-12-31 23:59:59.999999'" },
	{ "2263-01-01 12:00:00.000001 " CORE "seq 1, win 1, length 0",
	  "impossible time '2263-01-01 12:00:00.000001'" },
	{ "-5.000001 " CORE "seq 1, win 1, length 0", "impossible time '-5.000001'" },
	{ "99999999999999999999.5 " CORE "seq 1, win 1, length 0",
	  "impossible time '99999999999999999999.5'" },
	{ "9300000000.5 " CORE "seq 1, win 1, length 0", "impossible time '9300000000.5'" },
	{ "12:00:00.000001x " CORE "seq 1, win 1, length 0", "impossible time '12:00:00.000001x'" },
	{ CORE "seq 1, win 1, length 2000000000", "length 2000000000: more than 524288" },
	{ CORE "seq 99999999999, win 1, length 0", "seq 99999999999: more than 4294967295" },
	{ CORE "seq 1:99999999999, win 1, length 0",
	  "seq range end 99999999999: more than 4294967295" },
	{ CORE "seq 1, ack 4294967296, win 1, length 0", "ack 4294967296: more than 4294967295" },
	{ CORE "seq 1, win 65536, length 0", "win 65536: more than 65535" },
	{ CORE "seq 1, win 1, urg 70000, length 0", "urg 70000: more than 65535" },
	{ CORE "seq 1, win x1, length 0", "win 'x1': not a number" },
	{ CORE "seq , win 1, length 0", "seq: no number" },
	{ "12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.8",
	  "cut short after the addresses: the protocol is missing" },
	{ "12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Fl",
	  "cut short after the addresses: the protocol is missing" },
	{ "12:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S],",
	  "cut short after Flags [...]" },
};

START_TEST(odd_lines)
{
	struct replay_text_line l;

	replay_text_parse(odd[_i].line, &l);
	ck_assert_msg(l.kind == TL_ERROR, "'%s': kind %d", odd[_i].line, l.kind);
	ck_assert_str_eq(l.why, odd[_i].why);
}
END_TEST

/* Near misses that are fine: a leap second, a MAC address first, the largest numbers. */
START_TEST(odd_but_right)
{
	static const char *const right[] = {
		"23:59:60.000001 " CORE "seq 4294967295, ack 4294967295, win 65535, length 524288",
		"00:11:22:33:44:55 > 66:77:88:99:aa:bb, ethertype IPv4 (0x0800), length 74: "
		"10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 1, length 0",
	};
	struct replay_text_line l;

	for (size_t i = 0; i < sizeof(right) / sizeof(right[0]); i++) {
		replay_text_parse(right[i], &l);
		ck_assert_msg(l.kind == TL_TCP, "'%s': %s", right[i], l.why);
	}
}
END_TEST

/* Line ends: "\r\n", and a lone "\r" (a file of CR-only lines is not one line). */
START_TEST(cr_line_ends)
{
	static const char *const ends[] = { "\r\n", "\r" };
	char text[1024];
	struct rt_out o;

	for (size_t i = 0; i < 2; i++) {
		snprintf(text, sizeof(text), "%s",
		         HS_REL("12:00:00.000001", "12:00:00.000002", "12:00:00.000003"));
		for (char *c = text; (c = strchr(c, '\n')) != NULL;) {
			memmove(c + strlen(ends[i]), c + 1, strlen(c + 1) + 1);
			memcpy(c, ends[i], strlen(ends[i]));
			c += strlen(ends[i]);
		}
		ck_assert_int_eq(rt_text(&o, text), 0);
		ck_assert_str_eq(o.warn, "");
		ck_assert_uint_eq(o.n, 1);
		ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_ACCEPTED);
		rt_free(&o);
	}
}
END_TEST

/* A NUL byte names its line and column; the other lines are read. */
START_TEST(nul_byte_named)
{
	static const char text[] = "12:00:00.000001 " CORE "seq 1, win 1, length 0\n"
	                           "12:00:00.000002 IP\0 junk\n"
	                           "12:00:00.000003 ARP, Request who-has 10.0.0.2\n";
	struct rt_out o;

	ck_assert_int_eq(rt_run1(&o, NULL, text, sizeof(text) - 1), 0);
	ck_assert_str_eq(o.warn, "in1:2: a NUL byte at column 19: not text\n");
	ck_assert_uint_eq(rt_count(&o, RA_UNPARSABLE), 1);
	ck_assert_uint_eq(rt_count(&o, RA_NON_TCP), 1);
	rt_free(&o);
}
END_TEST

/* Options that cannot be had whole are anomalies naming them; the segment still counts. */
START_TEST(malformed_options_noted)
{
	static const struct {
		const char *opts, *detail;
	} cases[] = {
		{ "mss 1460,tfo  cookie 00",
		  "TCP option 'tfo  cookie 00' cannot be had whole; left out" },
		{ "mss 1460,[bad opt]", "TCP option '[bad opt]' cannot be had whole; left out" },
		{ "tfo  (invalid)", "TCP option 'tfo  (invalid)' cannot be had whole; left out" },
		{ "nop,unknown-34 0x00", "Fast Open option (kind 34) at byte 1, length 3: not a "
		                         "cookie request nor an even "
		                         "4..16-byte cookie; ignored" },
		{ "unknown-34 0x00112233445566778899aabbccddeeff00",
		  "Fast Open option (kind 34) at byte 0, length 19: not a cookie request nor an "
		  "even "
		  "4..16-byte cookie; ignored" },
	};
	char text[512];
	struct rt_out o;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
		         "12:00:00.000001 " CORE "seq 1, win 1, options [%s], length 0\n",
		         cases[i].opts);
		ck_assert_int_eq(rt_text(&o, text), 0);
		ck_assert_uint_eq(rt_count(&o, RA_MALFORMED), 1);
		ck_assert_str_eq(replay_get_anomalies(o.r)->list[0].detail, cases[i].detail);
		ck_assert_uint_eq(o.n, 1);
		rt_free(&o);
	}
	/* bytes that are not printable ASCII are never quoted as they are: the
	 * detail must stay a valid JSON string and harmless on a terminal */
	ck_assert_int_eq(rt_text(&o,
	                         "12:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.80: Flags [S], seq 1, "
	                         "win 1, length 0\n"
	                         "12:00:00.000001 " CORE
	                         "seq 1, win 1, options [nop,\xff\x80\x1b], length 0\n"),
	                 0);
	ck_assert_uint_eq(rt_count(&o, RA_MALFORMED), 1);
	ck_assert_str_eq(replay_get_anomalies(o.r)->list[0].detail,
	                 "TCP option '?\?\?' cannot be had whole; left out");
	rt_free(&o);
	/* MPTCP's text gives no bytes: left out quietly, as documented */
	ck_assert_int_eq(rt_text(&o, "12:00:00.000001 " CORE
	                             "seq 1, win 1, options [mptcp capable v1], length 0\n"),
	                 0);
	ck_assert_uint_eq(rt_count(&o, RA_MALFORMED), 0);
	rt_free(&o);
}
END_TEST

START_TEST(nothing_readable)
{
	struct rt_out o;

	ck_assert_int_eq(rt_text(&o, "IP 1.2.3.4.5 > 1.2.3.4.6: Flags [S], seq 1\ngarbage\n"),
	                 REPLAY_ERR_INPUT);
	ck_assert_str_eq(o.err, "in1:1: no length field: the line is cut short or is not tcpdump "
	                        "output; no line of the file could be read");
	rt_free(&o);
}
END_TEST

START_TEST(verbose_two_lines)
{
	struct rt_out o;

	ck_assert_int_eq(
	        rt_text(&o,
	                "12:00:00.000010 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto "
	                "TCP (6), length 60)\n"
	                "    10.0.0.1.40000 > 10.0.0.2.80: Flags [S], cksum 0x1 (correct), seq "
	                "5, win 1, length 0\n"
	                "12:00:00.000030 IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto "
	                "TCP (6), length 60)\n"
	                "    10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], cksum 0x1 (correct), seq "
	                "7, ack 6, win 1, length 0\n"
	                "12:00:00.000050 IP (tos 0x0, ttl 64, id 2, offset 0, flags [DF], proto "
	                "TCP (6), length 52)\n"
	                "    10.0.0.1.40000 > 10.0.0.2.80: Flags [.], cksum 0x1 (correct), ack "
	                "8, win 1, length 0\n"),
	        0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_PLAIN);
	ck_assert_int_eq(o.res[0].rtt_us, 40);
	rt_free(&o);
}
END_TEST

Suite *replay_text_suite(void)
{
	Suite *s = suite_create("replay_text");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, every_form, 0, sizeof(forms) / sizeof(forms[0]));
	tcase_add_test(tc, ipv6_line);
	tcase_add_loop_test(tc, option_round_trip, 0,
	                    sizeof(option_texts) / sizeof(option_texts[0]));
	tcase_add_test(tc, option_lossy);
	tcase_add_test(tc, relative_sequence);
	tcase_add_test(tc, absolute_sequence);
	tcase_add_test(tc, midnight);
	tcase_add_test(tc, bad_lines);
	tcase_add_test(tc, nothing_readable);
	tcase_add_loop_test(tc, odd_lines, 0, sizeof(odd) / sizeof(odd[0]));
	tcase_add_test(tc, odd_but_right);
	tcase_add_test(tc, cr_line_ends);
	tcase_add_test(tc, nul_byte_named);
	tcase_add_test(tc, malformed_options_noted);
	tcase_add_test(tc, verbose_two_lines);
	suite_add_tcase(s, tc);
	return s;
}
