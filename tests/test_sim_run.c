/*
 * The engine end to end on small scenarios: exact times and outcomes of
 * the classic handshakes, the counterfactual, determinism, and allocation
 * failures at every step.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_builtin.h"
#include "sim_run.h"
#include "testutil.h"

#define MS TFO_NS_PER_MS

static struct sim_scenario *load(const char *name)
{
	const struct sim_builtin *b = builtin_find(name);
	struct sim_scenario *sc = calloc(1, sizeof(*sc));
	char err[SC_ERR_MAX];

	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(sc);
	ck_assert_msg(scenario_parse(sc, name, b->text, strlen(b->text), err) == 0, "%s", err);
	return sc;
}

static void run(const struct sim_scenario *sc, int tfo_off, struct sim_result *res,
                const tfo_allocator *mem)
{
	struct sim_options o = {
		.seed = 1, .tfo_off = tfo_off, .ladders = 4, .table = 1000, .pcap_host = -1
	};
	char err[SC_ERR_MAX];

	ck_assert_msg(sim_run(sc, &o, mem, res, err) == 0, "%s", err);
}

static const struct conn_result *row(const struct sim_result *r, uint64_t i)
{
	const struct conn_result *c = report_row(&r->rep, i);

	ck_assert_ptr_nonnull(c);
	return c;
}

/* Plain, first visit, return visit on a 100 ms RTT link. */
START_TEST(demo_times)
{
	struct sim_scenario *sc = load("demo");
	struct sim_result r;

	run(sc, 0, &r, NULL);
	ck_assert_uint_eq(r.rep.total, 3);
	ck_assert_uint_eq(r.rep.done, 3);
	ck_assert_int_eq(row(&r, 1)->outcome, TFO_OUTCOME_PLAIN);
	ck_assert_uint_eq(row(&r, 1)->req_at_server, 150 * MS);
	ck_assert_uint_eq(row(&r, 1)->first_byte, 200 * MS);
	ck_assert_int_eq(row(&r, 2)->outcome, TFO_OUTCOME_COOKIE_REQUEST);
	ck_assert_uint_eq(row(&r, 2)->req_at_server, 150 * MS);
	ck_assert_int_eq(row(&r, 3)->outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_uint_eq(row(&r, 3)->req_at_server, 50 * MS);
	ck_assert_uint_eq(row(&r, 3)->first_byte, 100 * MS);
	ck_assert_uint_eq(row(&r, 3)->syn_data, 100);
	ck_assert_uint_eq(row(&r, 3)->syn_data_acked, 100);
	ck_assert_uint_eq(row(&r, 3)->rtt, 100 * MS);
	ck_assert_uint_eq(r.ntraced, 3);
	ck_assert_uint_eq(r.dropped[SIM_DROP_LOSS], 0);
	sim_result_free(&r, NULL);
	free(sc);
}
END_TEST

/* nth_event: the index of the n-th (from 0) event of a type on a side, or -1. */
static int nth_event(const struct trace *tr, int type, int side, int n)
{
	for (size_t i = 0; i < tr->len; i++)
		if (tr->ev[i].type == type && tr->ev[i].side == side && n-- == 0)
			return (int)i;
	return -1;
}

/*
 * The trace says what caused each event: the return visit's SYN is the
 * cause of the server's Fast Open decision (its log line) and of its
 * SYN-ACK; a retransmitted SYN comes from a timer.
 */
START_TEST(trace_causes)
{
	struct sim_scenario *sc = load("demo");
	struct sim_result r;
	const struct trace *tr;
	int syn, log, synack;

	run(sc, 0, &r, NULL);
	tr = &r.traces[2];
	syn = nth_event(tr, TR_PACKET, 0, 0);
	log = nth_event(tr, TR_LOG, 1, 0);
	synack = nth_event(tr, TR_PACKET, 1, 0);
	ck_assert_int_ge(syn, 0);
	ck_assert_int_eq(tr->ev[syn].cause, TR_NO_CAUSE);
	ck_assert_int_eq(tr->ev[syn].timer, 0);
	ck_assert_ptr_nonnull(strstr(trace_str(tr, tr->ev[syn].text), ": Flags [S], seq "));
	ck_assert_ptr_nonnull(strstr(trace_str(tr, tr->ev[syn].text), "length 100"));
	ck_assert_int_gt(log, syn);
	ck_assert_ptr_nonnull(strstr(trace_str(tr, tr->ev[log].text),
	                             "tfo: cookie valid, 100 data bytes accepted"));
	ck_assert_int_eq(tr->ev[log].cause, syn);
	ck_assert_int_gt(synack, log);
	ck_assert_int_eq(tr->ev[synack].cause, syn);
	sim_result_free(&r, NULL);
	free(sc);

	sc = load("syn-data-dropper");
	run(sc, 0, &r, NULL);
	tr = &r.traces[1];
	syn = nth_event(tr, TR_PACKET, 0, 1); /* the SYN again, once the first was dropped */
	ck_assert_int_ge(syn, 0);
	ck_assert_int_eq(tr->ev[syn].pkt.flags, TFO_TH_SYN);
	ck_assert_int_eq(tr->ev[syn].timer, 1);
	ck_assert_int_eq(tr->ev[syn].cause, TR_NO_CAUSE);
	sim_result_free(&r, NULL);
	free(sc);
}
END_TEST

/* With TFO off the return visit is a plain handshake too. */
START_TEST(counterfactual)
{
	struct sim_scenario *sc = load("return-visit");
	struct sim_result r;

	run(sc, 1, &r, NULL);
	ck_assert_int_eq(row(&r, 2)->outcome, TFO_OUTCOME_PLAIN);
	ck_assert_uint_eq(row(&r, 2)->req_at_server, 150 * MS);
	ck_assert_uint_eq(r.counters[1][TFO_CTR_FASTOPEN_PASSIVE], 0);
	sim_result_free(&r, NULL);
	run(sc, 0, &r, NULL);
	ck_assert_uint_eq(r.counters[1][TFO_CTR_FASTOPEN_PASSIVE], 1);
	ck_assert_uint_eq(r.counters[0][TFO_CTR_FASTOPEN_ACTIVE], 1);
	sim_result_free(&r, NULL);
	free(sc);
}
END_TEST

static void outcomes(const char *name, const int *want, size_t n)
{
	struct sim_scenario *sc = load(name);
	struct sim_result r;

	run(sc, 0, &r, NULL);
	ck_assert_uint_eq(r.rep.total, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(row(&r, i + 1)->outcome == want[i], "%s #%zu: %d", name, i + 1,
		              row(&r, i + 1)->outcome);
	sim_result_free(&r, NULL);
	free(sc);
}

START_TEST(builtin_outcomes)
{
	static const int stale[] = { TFO_OUTCOME_COOKIE_REQUEST, TFO_OUTCOME_REJECTED,
		                     TFO_OUTCOME_ACCEPTED };
	static const int backup[] = { TFO_OUTCOME_COOKIE_REQUEST, TFO_OUTCOME_ACCEPTED,
		                      TFO_OUTCOME_ACCEPTED };
	static const int nat[] = { TFO_OUTCOME_COOKIE_REQUEST, TFO_OUTCOME_ACCEPTED,
		                   TFO_OUTCOME_REJECTED, TFO_OUTCOME_ACCEPTED };
	static const int strip[] = { TFO_OUTCOME_COOKIE_REQUEST, TFO_OUTCOME_COOKIE_REQUEST };
	static const int cookieless[] = { TFO_OUTCOME_ACCEPTED, TFO_OUTCOME_ACCEPTED };

	outcomes("stale-cookie", stale, 3);
	outcomes("backup-key", backup, 3);
	outcomes("nat-rebind", nat, 4);
	outcomes("option-stripper", strip, 2);
	outcomes("cookieless", cookieless, 2);
}
END_TEST

/* The same seed gives the same run; every trace byte included. */
START_TEST(deterministic)
{
	struct sim_scenario *sc = load("lossy-mobile");
	struct sim_result a, b;

	run(sc, 0, &a, NULL);
	run(sc, 0, &b, NULL);
	ck_assert_uint_eq(a.events, b.events);
	ck_assert_uint_eq(a.dropped[SIM_DROP_LOSS], b.dropped[SIM_DROP_LOSS]);
	ck_assert_uint_gt(a.dropped[SIM_DROP_LOSS], 0);
	ck_assert_uint_eq(a.rep.all.sum_req, b.rep.all.sum_req);
	for (uint64_t i = 0; i < a.ntraced; i++) {
		ck_assert_uint_eq(a.traces[i].len, b.traces[i].len);
		for (size_t k = 0; k < a.traces[i].len; k++) {
			ck_assert_uint_eq(a.traces[i].ev[k].t, b.traces[i].ev[k].t);
			ck_assert_uint_eq(a.traces[i].ev[k].pkt.seq, b.traces[i].ev[k].pkt.seq);
		}
	}
	sim_result_free(&a, NULL);
	sim_result_free(&b, NULL);
	free(sc);
}
END_TEST

/*
 * Failing the N-th allocation, for every N a run makes: never a crash or a
 * leak, and never a different result passed off as success. The run fails
 * with TFO_ERR_NOMEM, or succeeds with exactly the packets and outcomes of
 * the run where nothing failed (a cookie libtfo could not cache, as Linux
 * would not, still makes the host call return TFO_ERR_NOMEM).
 */
START_TEST(allocation_failures)
{
	struct sim_scenario *sc = load("return-visit");
	struct sim_options o = { .seed = 1, .ladders = 2, .table = 2, .pcap_host = -1 };
	struct test_alloc ta;
	struct sim_result r;
	char err[SC_ERR_MAX];
	unsigned long total, failed = 0;
	uint64_t outcomes[TFO_OUTCOME_INCOMPLETE + 1], sent;

	test_alloc_init(&ta, 0);
	ck_assert_int_eq(sim_run(sc, &o, &ta.a, &r, err), 0);
	memcpy(outcomes, r.rep.outcomes, sizeof(outcomes));
	sent = r.sent;
	sim_result_free(&r, &ta.a);
	ck_assert_int_eq(ta.live, 0);
	total = ta.calls;
	for (unsigned long n = 1; n <= total; n++) {
		int rc;

		test_alloc_init(&ta, n);
		rc = sim_run(sc, &o, &ta.a, &r, err);
		ck_assert_msg(rc == TFO_ERR_NOMEM || rc == 0, "allocation %lu: %d", n, rc);
		failed += rc == TFO_ERR_NOMEM;
		if (rc == 0) {
			ck_assert_msg(memcmp(r.rep.outcomes, outcomes, sizeof(outcomes)) == 0,
			              "allocation %lu: other outcomes, yet success", n);
			ck_assert_msg(r.sent == sent,
			              "allocation %lu: %" PRIu64 " packets, not %" PRIu64, n,
			              r.sent, sent);
		}
		sim_result_free(&r, &ta.a);
		ck_assert_msg(ta.live == 0, "allocation %lu leaks %ld", n, ta.live);
	}
	ck_assert_uint_gt(failed, total / 2);
	free(sc);
}
END_TEST

/* --connections shrinks a repeated line; memory stays flat as connections close. */
START_TEST(bulk_is_bounded)
{
	struct sim_scenario *sc = load("bulk");
	struct sim_options o = { .seed = 1, .table = 10, .connections = 2000, .pcap_host = -1 };
	struct sim_result r;
	char err[SC_ERR_MAX];

	ck_assert_int_eq(sim_run(sc, &o, NULL, &r, err), 0);
	ck_assert_uint_eq(r.rep.total, 2000);
	ck_assert_uint_eq(r.rep.done, 2000);
	/* The first 4 start before the first cookie is back (RTT 20 ms, 5 ms apart). */
	ck_assert_uint_eq(r.rep.outcomes[TFO_OUTCOME_COOKIE_REQUEST], 4);
	ck_assert_uint_eq(r.rep.outcomes[TFO_OUTCOME_ACCEPTED], 1996);
	/* 5 ms apart and 60 s of TIME-WAIT: about 12000 could be alive, not 2000 x packets. */
	ck_assert_uint_le(r.peak_conns, 2000);
	ck_assert_uint_lt(r.peak_packets, 64);
	sim_result_free(&r, NULL);
	free(sc);
}
END_TEST

Suite *sim_run_suite(void)
{
	Suite *s = suite_create("sim_run");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, demo_times);
	tcase_add_test(tc, counterfactual);
	tcase_add_test(tc, trace_causes);
	tcase_add_test(tc, builtin_outcomes);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, bulk_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}
