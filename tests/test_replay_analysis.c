/*
 * The outcome rules as a table over the handshake facts, the times that
 * follow from them, and the cookie check against a key ring (known
 * answers from traces/MANIFEST.md).
 */
#include <string.h>

#include "replay_testutil.h"

static const struct {
	uint8_t syn, synack;
	uint32_t data;
	int8_t cookie_len;
	uint32_t acked; /* synack ack - (isn + 1) */
	int outcome;
	double rtts;
	int64_t saved_us; /* with an RTT of 1000 us */
} table[] = {
	{ 0, 1, 0, -1, 0, TFO_OUTCOME_INCOMPLETE, 0, 0 },
	{ 1, 0, 6, 8, 0, TFO_OUTCOME_INCOMPLETE, 0, 0 },
	{ 1, 1, 0, -1, 0, TFO_OUTCOME_PLAIN, 0, 0 },
	{ 1, 1, 0, 8, 0, TFO_OUTCOME_PLAIN, 0, 0 },
	{ 1, 1, 0, 0, 0, TFO_OUTCOME_COOKIE_REQUEST, 0, 0 },
	{ 1, 1, 6, 8, 6, TFO_OUTCOME_ACCEPTED, 1, 1000 },
	{ 1, 1, 6, -1, 6, TFO_OUTCOME_ACCEPTED, 1, 1000 },
	{ 1, 1, 4, 8, 1, TFO_OUTCOME_PARTIAL, 0.25, 250 },
	{ 1, 1, 6, 8, 0, TFO_OUTCOME_REJECTED, 0, 0 },
	{ 1, 1, 6, 8, 7, TFO_OUTCOME_INCOMPLETE, 0, 0 },
};

static void facts(struct replay_conn *c, int i)
{
	memset(c, 0, sizeof(*c));
	c->syn_seen = table[i].syn;
	c->synack_seen = table[i].synack;
	c->isn = 0xfffffffeu; /* the acks wrap */
	c->syn_data = table[i].data;
	c->syn_tfo.cookie_len = table[i].cookie_len;
	c->syn_tfo.form = table[i].cookie_len >= 0 ? REPLAY_OPT_STANDARD : REPLAY_OPT_NONE;
	c->synack_tfo.cookie_len = -1;
	c->synack_ack = c->isn + 1 + table[i].acked;
	c->t_syn = c->t_syn_last = 5000;
	c->t_synack = c->t_synack_last = 505000;
	c->t_hs_ack = 1005000;
	c->t_cdata = c->t_sdata = REPLAY_NO_TIME;
}

START_TEST(outcome_table)
{
	struct replay_conn c;
	struct replay_result r;

	facts(&c, _i);
	replay_analyse(&c, NULL, &r);
	ck_assert_int_eq(r.outcome, table[_i].outcome);
	ck_assert_double_eq(r.saved_rtts, table[_i].rtts);
	ck_assert_int_eq(r.saved_us, table[_i].saved_us);
	ck_assert_int_eq(r.rtt_us, 1000);
	ck_assert_int_eq(r.rr_us, REPLAY_NULL);
	ck_assert_int_eq(r.check,
	                 table[_i].cookie_len > 0 ? REPLAY_CHECK_UNCHECKED : REPLAY_CHECK_NULL);
}
END_TEST

/*
 * A SYN-ACK sent again: the handshake ACK answers the last one, so the
 * server's timeout is not counted (traces/lossy/synack-lost at the server).
 */
START_TEST(synack_sent_again)
{
	struct replay_conn c;
	struct replay_result r;

	facts(&c, 5);
	c.t_synack_last = 1505000; /* the first SYN-ACK was lost; 1 s later, again */
	c.t_hs_ack = 2005000;
	replay_analyse(&c, NULL, &r);
	ck_assert_int_eq(r.rtt_us, 1000);
	c.t_hs_ack = 1000000; /* an ACK before the last SYN-ACK: no handshake time */
	replay_analyse(&c, NULL, &r);
	ck_assert_int_eq(r.rtt_us, REPLAY_NULL);
}
END_TEST

START_TEST(no_times)
{
	struct replay_conn c;
	struct replay_result r;

	facts(&c, 5);
	c.t_syn = c.t_syn_last = c.t_synack = c.t_hs_ack = REPLAY_NO_TIME;
	replay_analyse(&c, NULL, &r);
	ck_assert_int_eq(r.outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_int_eq(r.rtt_us, REPLAY_NULL);
	ck_assert_int_eq(r.saved_us, REPLAY_NULL);
	ck_assert_double_eq(r.saved_rtts, 1.0);
}
END_TEST

static void cookie_of(struct replay_conn *c, const char *hex)
{
	size_t n;

	facts(c, 5);
	tfo_sockaddr_parse(&c->client, "127.0.0.1:40000");
	tfo_sockaddr_parse(&c->server, "127.0.0.1:8101");
	ck_assert_int_eq(tfo_hex_decode(hex, c->syn_tfo.cookie, 16, &n), 0);
	c->syn_tfo.cookie_len = (int8_t)n;
}

START_TEST(cookie_check)
{
	tfo_keyring *ring;
	struct replay_conn c;
	struct replay_result r;

	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 8, NULL), 0);
	ck_assert_int_eq(tfo_keyring_parse(ring, "0f0e0d0c-0b0a0908-07060504-03020100,"
	                                         "10203040-50607080-90a0b0c0-d0e0f000"),
	                 0);
	cookie_of(&c, "2f0d7630aafc9bab");
	replay_analyse(&c, ring, &r);
	ck_assert_int_eq(r.check, REPLAY_CHECK_PRIMARY);
	cookie_of(&c, "f9c30622b3538d63");
	replay_analyse(&c, ring, &r);
	ck_assert_int_eq(r.check, REPLAY_CHECK_BACKUP);
	cookie_of(&c, "9609976ee4a2284d");
	replay_analyse(&c, ring, &r);
	ck_assert_int_eq(r.check, REPLAY_CHECK_INVALID);
	ck_assert_str_eq(replay_check_name(r.check), "invalid");
	tfo_keyring_del(ring);
}
END_TEST

START_TEST(summary)
{
	struct replay_summary s;
	struct replay_result r;
	struct replay_conn c;

	memset(&s, 0, sizeof(s));
	for (int i = 0; i < 10; i++) {
		facts(&c, i);
		replay_analyse(&c, NULL, &r);
		replay_summary_add(&s, &r);
	}
	ck_assert_uint_eq(s.connections, 10);
	ck_assert_uint_eq(s.outcomes[TFO_OUTCOME_INCOMPLETE], 3);
	ck_assert_uint_eq(s.tfo_used, 3);
	ck_assert_int_eq(s.saved_us_total, 2250);
	ck_assert_int_eq(replay_summary_mean_us(&s), 225);
	ck_assert_double_eq(replay_summary_share(&s), 0.3);
	ck_assert_str_eq(replay_outcome_name(TFO_OUTCOME_PARTIAL), "tfo-partial");
	ck_assert_int_eq(replay_outcome_parse("cookie-request"), TFO_OUTCOME_COOKIE_REQUEST);
}
END_TEST

Suite *replay_analysis_suite(void)
{
	Suite *s = suite_create("replay_analysis");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, outcome_table, 0, sizeof(table) / sizeof(table[0]));
	tcase_add_test(tc, synack_sent_again);
	tcase_add_test(tc, no_times);
	tcase_add_test(tc, cookie_check);
	tcase_add_test(tc, summary);
	suite_add_tcase(s, tc);
	return s;
}
