/* The classroom model of a real capture: traces/cold-warm.pcap, replayed with its key. */
#include <stdlib.h>
#include <string.h>

#include "cls_replay.h"
#include "testutil.h"

#define KEY "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"

static int on_result(void *user, const struct replay_result *r, struct replay_conn *c)
{
	return cls_replay_result(user, r, c);
}

static int on_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                     int from_client)
{
	return cls_replay_packet(user, c, p, from_client);
}

static void replay_file_doc(struct cls_doc *d, const char *file, uint64_t first, uint64_t extra)
{
	struct cls_replay *cr;
	struct replay *r;
	struct replay_config cfg = { .key = KEY, .result = on_result, .packet = on_packet };
	char err[256];

	ck_assert_int_eq(cls_replay_new(&cr, first, extra), 0);
	cfg.user = cr;
	ck_assert_int_eq(replay_new(&r, &cfg, err, sizeof(err)), 0);
	ck_assert_int_eq(replay_file(r, file, err, sizeof(err)), 0);
	ck_assert_int_eq(replay_end(r), 0);
	replay_del(r);
	ck_assert_int_eq(cls_replay_doc(cr, d, "cold-warm.pcap"), 0);
	cls_replay_free(cr);
}

static void replay(struct cls_doc *d, uint64_t first, uint64_t extra)
{
	replay_file_doc(d, TFO_SOURCE_ROOT "/traces/cold-warm.pcap", first, extra);
}

START_TEST(cold_then_warm)
{
	struct cls_doc d;
	const struct cls_conn *c;

	replay(&d, 20, 0);
	ck_assert_uint_eq(d.npairs, 3);
	ck_assert_str_eq(d.title, "replay of cold-warm.pcap");
	ck_assert_int_eq(d.pairs[0].has_off, 0);
	c = &d.pairs[0].on;
	ck_assert_uint_eq(c->nsegs, 8);
	ck_assert_str_eq(c->outcome, "cookie-request");
	ck_assert_str_eq(c->segs[0].label, "SYN + cookie request");
	ck_assert_str_eq(c->segs[1].label, "SYN-ACK + cookie");
	ck_assert_str_eq(c->segs[1].cookie, "9609976ee4a2284d");
	ck_assert_str_eq(c->segs[1].why, "The server answers the SYN, giving the client a cookie "
	                                 "for its next visit.");
	c = &d.pairs[1].on;
	ck_assert_str_eq(c->outcome, "tfo-accepted");
	ck_assert_str_eq(c->segs[0].label, "SYN + cookie + data");
	ck_assert_str_eq(c->segs[0].cookie, "9609976ee4a2284d");
	ck_assert_str_eq(c->segs[0].check,
	                 "valid: with the key given (--key), the server's "
	                 "primary key makes this cookie for the client's address");
	ck_assert_int_eq(c->segs[0].t_send, 0);
	/* Half the 42 us round trip, at most. */
	ck_assert_int_le(c->segs[0].t_end, 21000);
	ck_assert_str_eq(c->segs[1].label, "SYN-ACK (acks the data)");
	ck_assert_str_eq(c->segs[1].why, "The server answers the SYN; it acknowledges the SYN's 6 "
	                                 "bytes too: the server took the data at once.");
	ck_assert_ptr_nonnull(strstr(c->segs[0].tcpdump, "Flags [S], seq "));
	ck_assert_int_eq(c->saved_est, 42000);
	for (size_t i = 1; i < c->nsegs; i++)
		ck_assert_int_ge(c->segs[i].t_send, c->segs[i - 1].t_send);
	cls_doc_free(&d);
}
END_TEST

START_TEST(only_the_first_connections)
{
	struct cls_doc d;

	replay(&d, 1, 0);
	ck_assert_uint_eq(d.npairs, 1);
	ck_assert_uint_eq(d.pairs[0].on.index, 1);
	cls_doc_free(&d);
	/* And one more by number: the first, and the third. */
	replay(&d, 1, 3);
	ck_assert_uint_eq(d.npairs, 2);
	ck_assert_uint_eq(d.pairs[0].on.index, 1);
	ck_assert_uint_eq(d.pairs[1].on.index, 3);
	cls_doc_free(&d);
}
END_TEST

/*
 * The seed blog's tcpdump text: no times, and a SYN whose data the server
 * did not take (its cookie is not one the cold-warm key makes).
 */
START_TEST(seed_blog_without_times)
{
	struct cls_doc d;
	const struct cls_conn *c;

	replay_file_doc(&d, TFO_SOURCE_ROOT "/traces/seed-blog.numbered.txt", 20, 0);
	ck_assert_uint_eq(d.npairs, 1);
	c = &d.pairs[0].on;
	ck_assert_int_eq(c->untimed, 1);
	ck_assert_uint_eq(c->nsegs, 9);
	ck_assert_str_eq(c->segs[0].label, "SYN + cookie + data");
	ck_assert_str_eq(c->segs[0].what,
	                 "Does the cookie check? Invalid: the key given (--key) does not make this "
	                 "cookie for the client's address. The server answers with segment 2 "
	                 "(SYN-ACK), which acknowledges the SYN but not its 6 bytes of data.");
	ck_assert_str_eq(c->segs[2].label, "data (6 B), again");
	ck_assert_int_eq(c->saved_est, CLS_NO_TIME);
	cls_doc_free(&d);
}
END_TEST

Suite *cls_replay_suite(void)
{
	Suite *s = suite_create("cls_replay");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, cold_then_warm);
	tcase_add_test(tc, only_the_first_connections);
	tcase_add_test(tc, seed_blog_without_times);
	suite_add_tcase(s, tc);
	return s;
}
