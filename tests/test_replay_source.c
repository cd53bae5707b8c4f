/* Format detection from the first bytes of an input. */
#include <string.h>

#include "replay_source.h"
#include "replay_testutil.h"

static const struct {
	const char *head;
	size_t len;
	int format;
} cases[] = {
	{ "\xd4\xc3\xb2\xa1", 4, REPLAY_FMT_PCAP },
	{ "\xa1\xb2\xc3\xd4", 4, REPLAY_FMT_PCAP },
	{ "\x4d\x3c\xb2\xa1", 4, REPLAY_FMT_PCAP },
	{ "\xa1\xb2\x3c\x4d", 4, REPLAY_FMT_PCAP },
	{ "\x0a\x0d\x0d\x0a", 4, REPLAY_FMT_PCAPNG },
	{ "\n\n22:47:20.369162 IP 127.0.0.1.1 > 127.0.0.1.2: Flags [S], seq 1, win 1, length 0\n",
	  0, REPLAY_FMT_TEXT },
	{ "reading from file x.pcap, link-type EN10MB (Ethernet)\n", 0, REPLAY_FMT_TEXT },
	{ "1. IP 127.0.0.1.1 > 127.0.0.1.2: Flags [S], seq 1", 0, REPLAY_FMT_TEXT },
	{ "12:00:00.000001 ARP, Request who-has 10.0.0.2 tell 10.0.0.1\n", 0, REPLAY_FMT_TEXT },
	{ "hello world\n", 0, REPLAY_FMT_UNKNOWN },
	{ "IP 1.2.3.4.5 > 1.2.3.4.6: Flags [S]\x01\n", 0, REPLAY_FMT_UNKNOWN },
	{ "\xd4\xc3\xb2", 3, REPLAY_FMT_UNKNOWN },
	{ "", 0, REPLAY_FMT_UNKNOWN },
};

START_TEST(detect)
{
	size_t len = cases[_i].len ? cases[_i].len : strlen(cases[_i].head);

	ck_assert_int_eq(replay_detect((const uint8_t *)cases[_i].head, len), cases[_i].format);
}
END_TEST

/* The same capture as pcap and as text gives the same connection. */
START_TEST(two_inputs_one_capture)
{
	static const char a[] = "1.000000 IP 10.0.0.1.4 > 10.0.0.2.80: Flags [S], seq 9, win 1, "
	                        "length 0\n";
	static const char b[] = "1.000050 IP 10.0.0.2.80 > 10.0.0.1.4: Flags [S.], seq 1, ack 10, "
	                        "win 1, length 0\n";
	const uint8_t *bufs[2] = { (const uint8_t *)a, (const uint8_t *)b };
	size_t lens[2] = { sizeof(a) - 1, sizeof(b) - 1 };
	struct rt_out o;

	ck_assert_int_eq(rt_run(&o, NULL, bufs, lens, 2), 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_PLAIN);
	ck_assert_str_eq(replay_input_name(o.r, 1), "in2");
	rt_free(&o);
}
END_TEST

Suite *replay_source_suite(void)
{
	Suite *s = suite_create("replay_source");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, detect, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, two_inputs_one_capture);
	suite_add_tcase(s, tc);
	return s;
}
