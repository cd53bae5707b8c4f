/*
 * replay's JSON: the connection line written without jansson is the text
 * jansson dumps from replay_json_conn(), byte for byte, for every kind of
 * value, and strings that need escaping go through jansson itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsontext.h"
#include "replay_json.h"
#include "testutil.h"

/* The line replay_json_write_conn() writes for r (without the separator). */
static char *written(const struct replay_result *r)
{
	struct replay_json_writer w = { NULL, 1 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	w.out = f;
	ck_assert_int_eq(replay_json_write_conn(&w, r), 0);
	fclose(f);
	ck_assert(len > 4 && strncmp(buf, ",\n  ", 4) == 0);
	memmove(buf, buf + 4, len - 3);
	return buf;
}

static void same_as_jansson(const struct replay_result *r)
{
	json_t *tree = replay_json_conn(r);
	char *want = json_text(tree, REPLAY_JSON_FLAGS);
	char *got = written(r);

	json_decref(tree);

	ck_assert_ptr_nonnull(want);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}

static void base(struct replay_result *r)
{
	memset(r, 0, sizeof(*r));
	r->number = 7;
	tfo_sockaddr_parse(&r->client, "192.0.2.1:40000");
	tfo_sockaddr_parse(&r->server, "[2001:db8::1]:80");
	r->outcome = TFO_OUTCOME_ACCEPTED;
	r->sent.cookie_len = 8;
	memcpy(r->sent.cookie, "\x30\x21\xb9\xd8\x89\x01\x7e\xeb", 8);
	r->granted.cookie_len = -1;
	r->syn_data = r->syn_data_acked = 120;
	r->rtt_us = 20000;
	r->saved_us = 20000;
	r->saved_rtts = 1;
	r->rr_us = 40000;
	r->packets = 9;
	r->file = "traces/cold-warm.pcap";
}

START_TEST(conn_text_is_janssons)
{
	static const double rtts[] = { 0,      -0.0,   1,   -1,      0.5,    0.666667, 1.0 / 3,
		                       123456, 999999, 1e6, -999999, 2.5e-7, 1e7 };
	static const char *const files[] = { NULL,          "a b.pcap",  "q\"uote.pcap",
		                             "back\\slash", "tab\there", "caf\xc3\xa9.pcap" };
	struct replay_result r;

	base(&r);
	same_as_jansson(&r);
	r.rtt_us = r.saved_us = r.rr_us = REPLAY_NULL;
	r.sent.cookie_len = -1;
	r.granted.cookie_len = 16;
	memset(r.granted.cookie, 0xab, 16);
	same_as_jansson(&r);
	r.saved_us = -1500;
	r.number = UINT64_C(1) << 40;
	same_as_jansson(&r);
	for (size_t i = 0; i < sizeof(rtts) / sizeof(rtts[0]); i++) {
		r.saved_rtts = rtts[i];
		same_as_jansson(&r);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		r.file = files[i];
		same_as_jansson(&r);
	}
}
END_TEST

Suite *replay_json_suite(void)
{
	Suite *s = suite_create("replay_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, conn_text_is_janssons);
	suite_add_tcase(s, tc);
	return s;
}
