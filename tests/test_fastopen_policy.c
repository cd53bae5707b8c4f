/*
 * The Fast Open policy as pure functions: every verdict of Linux's
 * tcp_try_fastopen() and tcp_fastopen_cookie_check() from values alone,
 * with no host, no endpoint and no key ring.
 */
#include "testutil.h"

#include "tfo_fastopen_policy.h"

#define SRV TFO_FASTOPEN_SERVER
#define NOCK TFO_FASTOPEN_SERVER_NO_COOKIE
#define UNK FOS_MATCH_UNKNOWN

struct server_case {
	const char *name;
	struct fos_question q;
	enum fos_reason reason;
	int accept, send_cookie, fresh_cookie, outcome;
};

/* fastopen, max_qlen, qlen, data_len, cookie_len, match */
static const struct server_case server_cases[] = {
	{ "server bit off", { 0x1, 16, 0, 10, 8, UNK }, FOS_OFF, 0, 0, 0, TFO_OUTCOME_REJECTED },
	{ "listener without a queue",
	  { SRV, 0, 0, 10, 8, UNK },
	  FOS_OFF,
	  0,
	  0,
	  0,
	  TFO_OUTCOME_REJECTED },
	{ "plain SYN", { SRV, 16, 0, 0, -1, UNK }, FOS_NOT_ASKED, 0, 0, 0, TFO_OUTCOME_PLAIN },
	{ "plain SYN, queue full",
	  { SRV, 1, 1, 0, -1, UNK },
	  FOS_NOT_ASKED,
	  0,
	  0,
	  0,
	  TFO_OUTCOME_PLAIN },
	{ "cookie request, queue full",
	  { SRV, 1, 1, 0, 0, UNK },
	  FOS_QUEUE_FULL,
	  0,
	  0,
	  0,
	  TFO_OUTCOME_COOKIE_REQUEST },
	{ "valid cookie, queue full",
	  { SRV, 2, 2, 10, 8, UNK },
	  FOS_QUEUE_FULL,
	  0,
	  0,
	  0,
	  TFO_OUTCOME_REJECTED },
	{ "0x200, data and no option",
	  { SRV | NOCK, 16, 0, 10, -1, UNK },
	  FOS_NO_COOKIE_NEEDED,
	  1,
	  0,
	  0,
	  TFO_OUTCOME_ACCEPTED },
	{ "0x200, cookie request",
	  { SRV | NOCK, 16, 0, 0, 0, UNK },
	  FOS_NO_COOKIE_NEEDED,
	  1,
	  0,
	  0,
	  TFO_OUTCOME_ACCEPTED },
	{ "0x200, queue full",
	  { SRV | NOCK, 1, 1, 10, -1, UNK },
	  FOS_QUEUE_FULL,
	  0,
	  0,
	  0,
	  TFO_OUTCOME_REJECTED },
	{ "data without an option",
	  { SRV, 16, 0, 10, -1, UNK },
	  FOS_NO_OPTION,
	  0,
	  0,
	  0,
	  TFO_OUTCOME_REJECTED },
	{ "cookie request",
	  { SRV, 16, 0, 0, 0, UNK },
	  FOS_COOKIE_REQUEST,
	  0,
	  1,
	  1,
	  TFO_OUTCOME_COOKIE_REQUEST },
	{ "cookie request with data",
	  { SRV, 16, 0, 10, 0, UNK },
	  FOS_COOKIE_REQUEST,
	  0,
	  1,
	  1,
	  TFO_OUTCOME_REJECTED },
	{ "cookie not checked yet", { SRV, 16, 0, 10, 8, UNK }, FOS_CHECK_COOKIE, 0, 0, 0, 0 },
	{ "primary key's cookie",
	  { SRV, 16, 0, 10, 8, TFO_MATCH_PRIMARY },
	  FOS_VALID,
	  1,
	  0,
	  1,
	  TFO_OUTCOME_ACCEPTED },
	{ "primary key's cookie, no data",
	  { SRV, 16, 0, 0, 8, TFO_MATCH_PRIMARY },
	  FOS_VALID,
	  1,
	  0,
	  1,
	  TFO_OUTCOME_ACCEPTED },
	{ "backup key's cookie",
	  { SRV, 16, 15, 10, 8, TFO_MATCH_BACKUP },
	  FOS_VALID_BACKUP,
	  1,
	  1,
	  1,
	  TFO_OUTCOME_ACCEPTED },
	{ "invalid cookie",
	  { SRV, 16, 0, 10, 8, TFO_MATCH_NONE },
	  FOS_INVALID,
	  0,
	  1,
	  1,
	  TFO_OUTCOME_REJECTED },
	{ "invalid cookie, no data",
	  { SRV, 16, 0, 0, 4, TFO_MATCH_NONE },
	  FOS_INVALID,
	  0,
	  1,
	  1,
	  TFO_OUTCOME_REJECTED },
	{ NULL, { 0, 0, 0, 0, 0, 0 }, FOS_OFF, 0, 0, 0, 0 },
};

START_TEST(server_verdicts)
{
	for (const struct server_case *c = server_cases; c->name; c++) {
		struct fos_verdict v;

		fos_policy(&c->q, &v);
		ck_assert_msg(v.reason == c->reason, "%s: reason %d", c->name, (int)v.reason);
		ck_assert_msg(v.accept == c->accept, "%s: accept %d", c->name, v.accept);
		ck_assert_msg(v.send_cookie == c->send_cookie, "%s: send_cookie %d", c->name,
		              v.send_cookie);
		ck_assert_msg(v.fresh_cookie == c->fresh_cookie, "%s: fresh_cookie %d", c->name,
		              v.fresh_cookie);
		ck_assert_msg(v.outcome == c->outcome, "%s: outcome %d", c->name, v.outcome);
	}
}
END_TEST

#define FO TFO_CONNECT_FASTOPEN
#define CNC TFO_FASTOPEN_CLIENT_NO_COOKIE

struct client_case {
	const char *name;
	struct foc_question q;
	enum foc_reason reason;
	int opt_len, opt_exp, data_ok;
	uint32_t syn_room;
	int client_fail;
};

/* flags, fastopen, paused, cached, cookie_len, cookie_exp, try_exp, cached_mss, our_mss */
static const struct client_case client_cases[] = {
	{ "no Fast Open flag",
	  { 0, 0x1, 0, 1, 8, 0, 0, 1460, 1460 },
	  FOC_NOT_ASKED,
	  -1,
	  0,
	  0,
	  0,
	  0 },
	{ "paused", { FO, 0x1, 1, 1, 8, 0, 0, 1460, 1460 }, FOC_PAUSED, -1, 0, 0, 0, 0 },
	{ "0x4: data, no option",
	  { FO, 0x5, 0, 0, 0, 0, 0, 0, 1460 },
	  FOC_NO_COOKIE,
	  -1,
	  0,
	  1,
	  1420,
	  0 },
	{ "cookie cached", { FO, 0x1, 0, 1, 8, 0, 0, 1460, 1460 }, FOC_COOKIE, 8, 0, 1, 1420, 0 },
	{ "deferred connect, exp cookie",
	  { TFO_CONNECT_DEFER, 0x1, 0, 1, 4, 1, 0, 1440, 1440 },
	  FOC_COOKIE,
	  4,
	  1,
	  1,
	  1400,
	  0 },
	{ "cached MSS above ours",
	  { FO, 0x1, 0, 1, 8, 0, 0, 9000, 1460 },
	  FOC_COOKIE,
	  8,
	  0,
	  1,
	  1420,
	  0 },
	{ "nothing cached",
	  { FO, 0x1, 0, 0, 0, 0, 0, 0, 1460 },
	  FOC_COOKIE_REQUEST,
	  0,
	  0,
	  0,
	  0,
	  TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE },
	{ "no cookie, try_exp 1",
	  { FO, 0x1, 0, 1, 0, 0, 1, 1460, 1460 },
	  FOC_COOKIE_REQUEST,
	  0,
	  1,
	  0,
	  0,
	  TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE },
	{ "no cookie, try_exp 2",
	  { FO, 0x1, 0, 1, 0, 0, 2, 1460, 1460 },
	  FOC_COOKIE_REQUEST,
	  0,
	  0,
	  0,
	  0,
	  TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE },
	{ NULL, { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, FOC_NOT_ASKED, 0, 0, 0, 0, 0 },
};

START_TEST(client_verdicts)
{
	for (const struct client_case *c = client_cases; c->name; c++) {
		struct foc_verdict v;

		foc_policy(&c->q, &v);
		ck_assert_msg(v.reason == c->reason, "%s: reason %d", c->name, (int)v.reason);
		ck_assert_msg(v.opt_len == c->opt_len, "%s: opt_len %d", c->name, v.opt_len);
		ck_assert_msg(v.opt_exp == c->opt_exp, "%s: opt_exp %d", c->name, v.opt_exp);
		ck_assert_msg(v.data_ok == c->data_ok, "%s: data_ok %d", c->name, v.data_ok);
		ck_assert_msg(v.syn_room == c->syn_room, "%s: syn_room %u", c->name, v.syn_room);
		ck_assert_msg(v.client_fail == c->client_fail, "%s: client_fail %d", c->name,
		              v.client_fail);
	}
}
END_TEST

/* Linux tcp_send_syn_data(): the cached MSS else ours, ours as the bound, 40 reserved. */
START_TEST(syn_room)
{
	ck_assert_uint_eq(fo_syn_room(0, 1460), 1420);
	ck_assert_uint_eq(fo_syn_room(0, 1440), 1400);
	ck_assert_uint_eq(fo_syn_room(1000, 1460), 960);
	ck_assert_uint_eq(fo_syn_room(1460, 1460), 1420);
	ck_assert_uint_eq(fo_syn_room(1460, 500), 460);
	ck_assert_uint_eq(fo_syn_room(0, 88), 48);
	ck_assert_uint_eq(fo_syn_room(40, 1460), 0);
	ck_assert_uint_eq(fo_syn_room(0, 30), 0);
}
END_TEST

Suite *fastopen_policy_suite(void)
{
	Suite *s = suite_create("fastopen_policy");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, server_verdicts);
	tcase_add_test(tc, client_verdicts);
	tcase_add_test(tc, syn_room);
	suite_add_tcase(s, tc);
	return s;
}
