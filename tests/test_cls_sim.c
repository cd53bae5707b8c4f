/*
 * The classroom model of simulated runs: the built-in scenarios run, and
 * the segments, times and sentences of their connections checked.
 */
#include <stdlib.h>
#include <string.h>

#include "cls_sim.h"
#include "sim_builtin.h"
#include "testutil.h"

#define MS 1000000LL

struct fixture {
	struct sim_scenario sc;
	struct session ss;
	struct cls_doc d;
};

static struct fixture *build(const char *name)
{
	const struct sim_builtin *b = builtin_find(name);
	struct session_opts o = { .seed = 1,
		                  .ladders = SESSION_ALL,
		                  .table = SESSION_ALL,
		                  .pcap_host = -1,
		                  .json = 1,
		                  .trace_off = 1 };
	struct fixture *f = calloc(1, sizeof(*f));
	char err[SC_ERR_MAX];
	FILE *null = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(scenario_parse(&f->sc, name, b->text, strlen(b->text), err), 0);
	ck_assert_int_eq(session_run(&f->ss, &f->sc, name, &o, null, err), 0);
	fclose(null);
	ck_assert_int_eq(cls_from_session(&f->d, &f->ss, 0), 0);
	return f;
}

static void done(struct fixture *f)
{
	cls_doc_free(&f->d);
	session_free(&f->ss);
	free(f);
}

static int has(const char *text, const char *part)
{
	return text && strstr(text, part) != NULL;
}

START_TEST(demo_return_visit)
{
	struct fixture *f = build("demo");
	const struct cls_pair *p;
	const struct cls_seg *s;

	ck_assert_uint_eq(f->d.npairs, 3);
	p = &f->d.pairs[2];
	ck_assert_int_eq(p->has_off, 1);
	ck_assert_str_eq(p->on.outcome, "tfo-accepted");
	ck_assert_uint_eq(p->on.nsegs, 9);
	ck_assert_uint_eq(p->off.nsegs, 11);
	ck_assert_int_eq(p->on.rtt, 100 * MS);
	ck_assert_int_eq(p->on.mark[CLS_MARK_REQUEST], 50 * MS);
	ck_assert_int_eq(p->off.mark[CLS_MARK_REQUEST], 150 * MS);
	ck_assert_int_eq(p->on.mark[CLS_MARK_ANSWER], 100 * MS);
	s = &p->on.segs[0];
	ck_assert_str_eq(s->label, "SYN + cookie + data");
	ck_assert_int_eq(s->t_send, 0);
	ck_assert_int_eq(s->t_end, 50 * MS);
	ck_assert_int_eq(s->lost, 0);
	ck_assert(has(s->why, "sendto(MSG_FASTOPEN)"));
	ck_assert_str_eq(
	        s->what,
	        "The server checks the cookie with its primary key: valid; it hands the "
	        "100 bytes to the application before the handshake completes; the server "
	        "moves from LISTEN to SYN-RECEIVED; the server application now has the "
	        "whole request (100 B); the server answers with: SYN-ACK (acks the data).");
	ck_assert_str_eq(s->check, "valid (the server's primary key)");
	ck_assert_str_eq(s->cookie, "b65b7897f70bf77d");
	ck_assert(has(s->tcpdump, "Flags [S], seq "));
	ck_assert(has(s->tcpdump, "tfo  cookie b65b7897f70bf77d"));
	ck_assert(has(s->tcpdump, "length 100"));
	s = &p->on.segs[2];
	ck_assert_str_eq(s->label, "response (1000 B)");
	ck_assert(has(s->why, "before the client's ACK arrives"));
	done(f);
}
END_TEST

START_TEST(demo_first_visit)
{
	struct fixture *f = build("demo");
	const struct cls_conn *c = &f->d.pairs[1].on;

	ck_assert_str_eq(c->segs[0].label, "SYN + cookie request");
	ck_assert(has(c->segs[0].why, "no cookie for this server yet"));
	ck_assert_str_eq(c->segs[1].label, "SYN-ACK + cookie");
	ck_assert_str_eq(c->segs[1].check, "made by the server for the client's address");
	ck_assert(has(c->segs[1].what, "keeps the server's 8-byte cookie in its cache"));
	ck_assert_str_eq(c->segs[2].label, "data (100 B)");
	ck_assert(has(c->segs[2].why, "the connection is open"));
	ck_assert_str_eq(c->segs[3].label, "ACK of data");
	done(f);
}
END_TEST

START_TEST(stale_cookie_is_invalid)
{
	struct fixture *f = build("stale-cookie");
	const struct cls_conn *c = &f->d.pairs[1].on;

	ck_assert_str_eq(c->segs[0].label, "SYN + cookie + data");
	ck_assert(has(c->segs[0].what, "The server checks the cookie: invalid"));
	ck_assert_str_eq(c->segs[0].check,
	                 "invalid: not made by the server's keys for this address");
	ck_assert(has(c->segs[1].what, "acknowledges 0 of the 100 bytes the SYN carried"));
	ck_assert_str_eq(c->segs[2].label, "data (100 B), again");
	done(f);
}
END_TEST

START_TEST(middlebox_drop_and_retransmission)
{
	struct fixture *f = build("syn-data-dropper");
	const struct cls_conn *c = &f->d.pairs[1].on;

	ck_assert_str_eq(c->middle, "drop-syn-data");
	ck_assert_int_eq(c->segs[0].lost, 1);
	ck_assert_int_eq(c->segs[0].end_pm, 500);
	ck_assert_str_eq(
	        c->segs[0].what,
	        "A middlebox (drop-syn-data) drops it on the way: the server never sees it.");
	ck_assert_str_eq(c->segs[0].change, "dropped by drop-syn-data");
	ck_assert_str_eq(c->segs[1].label, "SYN, again");
	ck_assert_int_eq(c->segs[1].t_send, 1000 * MS);
	ck_assert(has(c->segs[1].why, "retransmission timer ran out with no SYN-ACK"));
	done(f);
}
END_TEST

START_TEST(stripped_option)
{
	struct fixture *f = build("option-stripper");
	const struct cls_conn *c = &f->d.pairs[1].on;

	ck_assert_str_eq(c->middle, "strip-tfo");
	ck_assert_str_eq(c->segs[0].change, "Fast Open option removed");
	ck_assert(has(c->segs[0].what, "a middlebox overwrites its Fast Open option with NOPs"));
	done(f);
}
END_TEST

START_TEST(fastopen_words)
{
	char buf[512], check[128];

	ck_assert_int_eq(cls_fastopen_words("10.0.0.2:80 > 10.0.0.1:4 tfo: cookie valid, 120 data "
	                                    "bytes accepted",
	                                    buf, sizeof(buf), check, sizeof(check)),
	                 1);
	ck_assert_str_eq(buf, "the server checks the cookie with its primary key: valid; it hands "
	                      "the 120 bytes to the application before the handshake completes");
	ck_assert_int_eq(cls_fastopen_words("a > b tfo: cookie valid on the backup key, 6 data "
	                                    "bytes accepted, fresh cookie sent",
	                                    buf, sizeof(buf), check, sizeof(check)),
	                 1);
	ck_assert_str_eq(check, "valid (the server's backup key)");
	ck_assert_int_eq(cls_fastopen_words("a > b tfo: Fast Open queue full (3), no Fast Open",
	                                    buf, sizeof(buf), check, sizeof(check)),
	                 1);
	ck_assert(strstr(buf, "is full (3)") != NULL);
	ck_assert_str_eq(check, "");
	ck_assert_int_eq(cls_fastopen_words("a > b CLOSED --app connect--> SYN-SENT", buf,
	                                    sizeof(buf), NULL, 0),
	                 0);
	ck_assert_int_eq(cls_fastopen_words("a > b tfo: something new", buf, sizeof(buf), NULL, 0),
	                 0);
}
END_TEST

Suite *cls_sim_suite(void)
{
	Suite *s = suite_create("cls_sim");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, demo_return_visit);
	tcase_add_test(tc, demo_first_visit);
	tcase_add_test(tc, stale_cookie_is_invalid);
	tcase_add_test(tc, middlebox_drop_and_retransmission);
	tcase_add_test(tc, stripped_option);
	tcase_add_test(tc, fastopen_words);
	suite_add_tcase(s, tc);
	return s;
}
