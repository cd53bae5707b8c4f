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
	ck_assert_int_eq(replay_text_opts(&s, t, strlen(t)), 0);
	tfo_options_format(s.opts, s.optlen, out, sizeof(out));
	ck_assert_str_eq(out, t);
}
END_TEST

START_TEST(option_lossy)
{
	static const char *const lossy[] = { "mss 1460[len 5]",  "tfo  (invalid)", "exp-abcd",
		                             "mptcp capable v1", "bogus 7",        NULL };
	tfo_segment s;

	for (const char *const *t = lossy; *t; t++) {
		memset(&s, 0, sizeof(s));
		ck_assert_int_eq(replay_text_opts(&s, *t, strlen(*t)), 1);
	}
	/* What can be rebuilt around a lossy option still is. */
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(replay_text_opts(&s, "nop,mptcp capable v1,nop", 24), 1);
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
	tcase_add_test(tc, verbose_two_lines);
	suite_add_tcase(s, tc);
	return s;
}
