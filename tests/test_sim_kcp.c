/*
 * KCP in the simulator: the `kcp` scenario line, UDP encapsulation with
 * right checksums, conversations over lossy links delivering every echo,
 * exact timings on a clean link, a dead link, and allocation failures.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_run.h"
#include "sim_udp.h"
#include "testutil.h"
#include "tfo_checksum.h"

#define MS TFO_NS_PER_MS
#define HOSTS "host c\nhost s\nlink c s delay 30ms\n"

static struct sim_scenario *parse(const char *text, char *err)
{
	struct sim_scenario *sc = calloc(1, sizeof(*sc));

	ck_assert_ptr_nonnull(sc);
	if (scenario_parse(sc, "t.scn", text, strlen(text), err) != 0) {
		free(sc);
		return NULL;
	}
	return sc;
}

START_TEST(line_sets_knobs)
{
	/* The preset first, then the knobs, whatever their order; the client is the fast sender */
	char err[SC_ERR_MAX];
	struct sim_scenario *sc = parse(HOSTS "kcp at 1s c s:4000 mtu 500B nodelay 1 preset fast "
	                                      "interval 20ms count 3 every 5ms conv 0x99 stream\n",
	                                err);
	const struct sc_kcp *k;

	ck_assert_msg(sc != NULL, "%s", err);
	ck_assert_uint_eq(sc->nkcp, 1);
	k = &sc->kcp[0];
	ck_assert_uint_eq(k->at, 1000 * MS);
	ck_assert_uint_eq(k->every, 5 * MS);
	ck_assert_uint_eq(k->count, 3);
	ck_assert_uint_eq(k->message, 8);
	ck_assert_uint_eq(k->port, 4000);
	ck_assert_int_eq(k->preset, TFO_KCP_PRESET_FAST);
	for (int side = 0; side < 2; side++) {
		ck_assert_uint_eq(k->cfg[side].conv, 0x99);
		ck_assert_uint_eq(k->cfg[side].mtu, 500);
		ck_assert_uint_eq(k->cfg[side].nodelay, 1);
		ck_assert_uint_eq(k->cfg[side].min_rto, 30); /* nodelay's, over the preset's */
		ck_assert_uint_eq(k->cfg[side].interval, 20);
		ck_assert_uint_eq(k->cfg[side].stream, 1);
		ck_assert_uint_eq(k->cfg[side].nc, 1);
	}
	ck_assert_uint_eq(k->cfg[0].resend, 1);
	ck_assert_uint_eq(k->cfg[1].resend, 2);
	free(sc);
}
END_TEST

START_TEST(line_errors)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ HOSTS "kcp at 0ms c s:4000 preset turbo\n",
		  "t.scn:4:28: expected a preset (default, normal or fast), got 'turbo'" },
		{ HOSTS "kcp at 0ms c s:4000 interval 5ms\n",
		  "t.scn:4:30: expected a whole number of milliseconds from 10ms to 5000ms" },
		{ HOSTS "kcp at 0ms c s:4000 count 5\n", "t.scn:4:1: 'count' needs 'every'" },
		{ HOSTS "kcp at 0ms c s:4000 every 5ms\n", "t.scn:4:1: 'every' needs a 'count'" },
		{ HOSTS "kcp at 0ms c s:4000 message 200000B\n",
		  "t.scn:4:1: a message of 200000 B needs 128 segments or more (at most 174752 B "
		  "at "
		  "this mtu)" },
		{ HOSTS "kcp at 0ms c s:4000 mtu 40B\n",
		  "t.scn:4:1: 'mtu' must be at least 50B (the reference's smallest)" },
		{ HOSTS "kcp at 0ms c c:4000\n",
		  "t.scn:4:14: a host cannot connect to itself here" },
		{ HOSTS "kcp at 0ms c s:4000 nodelay 3\n",
		  "t.scn:4:29: expected a nodelay mode (a number from 0 to 2), got '3'" },
		{ NULL, NULL },
	};
	char err[SC_ERR_MAX];

	for (int i = 0; cases[i].text; i++) {
		ck_assert_ptr_null(parse(cases[i].text, err));
		ck_assert_str_eq(err, cases[i].err);
	}
}
END_TEST

START_TEST(udp_checksums)
{
	/* The UDP checksum over pseudo-header, header and payload sums to 0xffff; IPv4's header too
	 */
	tfo_sockaddr a, b;
	uint8_t pkt[128];
	const uint8_t *pl;
	size_t n, plen;

	ck_assert_int_eq(tfo_sockaddr_parse(&a, "10.0.0.1:40000"), 0);
	ck_assert_int_eq(tfo_sockaddr_parse(&b, "10.0.0.2:4000"), 0);
	n = udp_build(pkt, sizeof(pkt), &a, &b, (const uint8_t *)"hello", 5, 7);
	ck_assert_uint_eq(n, 20 + 8 + 5);
	ck_assert_uint_eq(csum_fold(csum_add(0, pkt, 20)), 0);
	ck_assert_uint_eq(
	        csum_fold(csum_add16(
	                csum_add16(csum_add(csum_add(0, pkt + 12, 8), pkt + 20, 13), 17), 13)),
	        0);
	ck_assert_int_eq(udp_payload(pkt, n, &pl, &plen), 0);
	ck_assert_uint_eq(plen, 5);
	ck_assert_mem_eq(pl, "hello", 5);
	ck_assert_int_eq(udp_payload(pkt, n - 1, &pl, &plen), TFO_ERR_TRUNCATED);
	ck_assert_uint_eq(udp_build(pkt, 30, &a, &b, (const uint8_t *)"hello", 5, 7), 0);
	ck_assert_int_eq(tfo_sockaddr_parse(&a, "[2001:db8::1]:40000"), 0);
	ck_assert_int_eq(tfo_sockaddr_parse(&b, "[2001:db8::2]:4000"), 0);
	n = udp_build(pkt, sizeof(pkt), &a, &b, (const uint8_t *)"hello", 5, 0);
	ck_assert_uint_eq(n, 40 + 8 + 5);
	ck_assert_int_eq(udp_payload(pkt, n, &pl, &plen), 0);
	ck_assert_mem_eq(pl, "hello", 5);
}
END_TEST

static void run_text(const char *text, struct sim_result *res, const tfo_allocator *mem, int want)
{
	struct sim_options o = { .seed = 7, .ladders = 1, .table = 10, .pcap_host = -1 };
	char err[SC_ERR_MAX];
	struct sim_scenario *sc = parse(text, err);

	ck_assert_msg(sc != NULL, "%s", err);
	ck_assert_int_eq(sim_run(sc, &o, mem, res, err), want);
	free(sc);
}

START_TEST(clean_link_exact_timing)
{
	/* 60 ms RTT, no loss, fast preset: every echo takes exactly 60 ms; 2 datagrams per echo +
	 * ACKs */
	struct sim_result r;
	const struct kcp_result *k;

	run_text(HOSTS "kcp at 0ms c s:4000 preset fast message 100B every 20ms count 10\n", &r,
	         NULL, 0);
	ck_assert_uint_eq(r.nkcp, 1);
	k = &r.kcp[0];
	ck_assert_uint_eq(k->echoed, 10);
	ck_assert_int_eq(k->finished, 1);
	ck_assert_uint_eq(k->lat_sum, 10 * 60 * MS);
	ck_assert_uint_eq(k->lat_max, 60 * MS);
	ck_assert_uint_eq(k->retrans_timeout + k->retrans_fast, 0);
	ck_assert_uint_eq(k->echo_bytes, 2 * 10 * 100);
	ck_assert_uint_eq(r.nkcp_ladders, 1);
	ck_assert_uint_gt(r.kcp_ladders[0].tr.len, 20);
	sim_result_free(&r, NULL);
}
END_TEST

START_TEST(lossy_link_every_echo)
{
	/* 20% loss each way with jitter that reorders: every echo back, in order, in each preset */
	static const char *const presets[] = { "default", "normal", "fast" };
	char text[512];

	for (int i = 0; i < 3; i++) {
		struct sim_result r;

		snprintf(text, sizeof(text),
		         "host c\nhost s\nlink c s delay 20ms jitter 30ms loss 20%%\n"
		         "kcp at 0ms c s:4000 preset %s message 3000B every 10ms count 200\n",
		         presets[i]);
		run_text(text, &r, NULL, 0);
		ck_assert_uint_eq(r.kcp[0].echoed, 200);
		ck_assert_int_eq(r.kcp[0].finished, 1);
		ck_assert_uint_gt(r.kcp[0].retrans_timeout + r.kcp[0].retrans_fast, 0);
		ck_assert_uint_gt(r.dropped[SIM_DROP_LOSS], 0);
		sim_result_free(&r, NULL);
	}
}
END_TEST

START_TEST(dead_link)
{
	/* Everything from the client lost: its segment goes out 20 times, then the link is dead */
	struct sim_result r;

	run_text("host c\nhost s\nlink c s delay 10ms\nlink c>s loss 100%\n"
	         "kcp at 0ms c s:4000 preset normal\n",
	         &r, NULL, 0);
	ck_assert_int_eq(r.kcp[0].dead, 1);
	ck_assert_uint_eq(r.kcp[0].echoed, 0);
	ck_assert_uint_eq(r.kcp[0].retrans_timeout, 19);
	ck_assert_uint_eq(r.dropped[SIM_DROP_LOSS], 20);
	sim_result_free(&r, NULL);
}
END_TEST

START_TEST(allocation_failures)
{
	/* Failing each allocation in turn: an error, never a crash, nothing left behind */
	const char *text = HOSTS "kcp at 0ms c s:4000 message 10B every 20ms count 5\n";
	struct test_alloc ta;
	struct sim_result r;
	unsigned long total;

	test_alloc_init(&ta, 0);
	run_text(text, &r, &ta.a, 0);
	sim_result_free(&r, &ta.a);
	ck_assert_int_eq(ta.live, 0);
	total = ta.calls;
	for (unsigned long f = 1; f <= total; f++) {
		struct sim_options o = { .seed = 7, .ladders = 1, .table = 10, .pcap_host = -1 };
		char err[SC_ERR_MAX];
		struct sim_scenario *sc = parse(text, err);
		int rc;

		test_alloc_init(&ta, f);
		rc = sim_run(sc, &o, &ta.a, &r, err);
		ck_assert(rc == 0 || rc == TFO_ERR_NOMEM);
		sim_result_free(&r, &ta.a);
		ck_assert_int_eq(ta.live, 0);
		free(sc);
	}
}
END_TEST

Suite *sim_kcp_suite(void)
{
	Suite *s = suite_create("sim_kcp");
	TCase *tc = tcase_create("sim_kcp");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, line_sets_knobs);
	tcase_add_test(tc, line_errors);
	tcase_add_test(tc, udp_checksums);
	tcase_add_test(tc, clean_link_exact_timing);
	tcase_add_test(tc, lossy_link_every_echo);
	tcase_add_test(tc, dead_link);
	tcase_add_test(tc, allocation_failures);
	suite_add_tcase(s, tc);
	return s;
}
