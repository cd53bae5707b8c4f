/* Links: delay, loss scripts, random loss, queue and rate, jitter, reorder, dup. */
#include <string.h>

#include "sim_link.h"
#include "testutil.h"

static struct sim_scenario sc;

/* A two-host scenario whose link 0 direction 0 gets cfg. */
static void setup(const struct sc_dir *cfg)
{
	memset(&sc, 0, sizeof(sc));
	sc.nhosts = 2;
	sc.nlinks = 1;
	sc.links[0].a = 0;
	sc.links[0].b = 1;
	sc.links[0].dir[0] = *cfg;
}

static void add_rule(unsigned dir, int kind, uint64_t nth)
{
	sc.loss[sc.nloss++] = (struct sc_loss){
		.link = 0, .dir = (uint8_t)dir, .kind = (uint8_t)kind, .nth = nth
	};
}

static const uint32_t K_SYN = 1u << SC_PK_PACKET | 1u << SC_PK_SYN;
static const uint32_t K_SYNACK = 1u << SC_PK_PACKET | 1u << SC_PK_SYN_ACK;
static const uint32_t K_ACK = 1u << SC_PK_PACKET | 1u << SC_PK_ACK;

START_TEST(delay_only)
{
	struct sc_dir cfg = { .delay = 50 * TFO_NS_PER_MS };
	struct sim_linkdir d, full;
	struct sim_verdict v, w;

	setup(&cfg);
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, 1, "a>b", NULL), 0);
	ck_assert_int_eq(d.plain, 1);
	full = d;
	linkdir_send(&d, 7, K_SYN, 60, &v);
	ck_assert_int_eq(v.drop, SIM_DROP_NONE);
	ck_assert_uint_eq(v.at, 7 + 50 * TFO_NS_PER_MS);
	ck_assert_int_eq(v.dup, 0);
	ck_assert_int_eq(v.reordered, 0);
	/* the in-line answer is the full path's, which leaves the direction as it was */
	linkdir_fate(&full, 7, K_SYN, 60, &w);
	ck_assert_mem_eq(&v, &w, sizeof(v));
	ck_assert_mem_eq(&d, &full, sizeof(d));
	linkdir_free(&d, NULL);
}
END_TEST

START_TEST(loss_script_counts_per_kind)
{
	struct sc_dir cfg = { 0 };
	struct sim_linkdir d;
	struct sim_verdict v;
	static const struct {
		uint32_t kinds;
		int drop;
		int rule;
	} seq[] = {
		{ K_SYN, SIM_DROP_NONE, 0 },   { K_SYNACK, SIM_DROP_SCRIPT, 1 },
		{ K_ACK, SIM_DROP_SCRIPT, 0 }, { K_SYNACK, SIM_DROP_NONE, 0 },
		{ K_ACK, SIM_DROP_NONE, 0 },   { K_SYN, SIM_DROP_NONE, 0 },
		{ K_SYN, SIM_DROP_SCRIPT, 2 }, { K_SYN, SIM_DROP_NONE, 0 },
	};

	setup(&cfg);
	add_rule(0, SC_PK_PACKET, 3);  /* the third packet of any kind */
	add_rule(0, SC_PK_SYN_ACK, 1); /* the first SYN-ACK */
	add_rule(0, SC_PK_SYN, 3);     /* the third SYN */
	add_rule(1, SC_PK_PACKET, 1);  /* the other direction: not ours */
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, 1, "a>b", NULL), 0);
	ck_assert_uint_eq(d.nrules, 3);
	ck_assert_int_eq(d.plain, 0);
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		linkdir_send(&d, 0, seq[i].kinds, 40, &v);
		ck_assert_msg(v.drop == seq[i].drop, "packet %zu", i + 1);
		if (v.drop == SIM_DROP_SCRIPT)
			ck_assert_int_eq(v.rule, seq[i].rule);
	}
	linkdir_free(&d, NULL);
}
END_TEST

static unsigned count_losses(uint32_t dup_ppm, uint64_t seed, uint8_t *pattern, size_t n)
{
	struct sc_dir cfg = { .loss_ppm = 20000, .dup_ppm = dup_ppm };
	struct sim_linkdir d;
	struct sim_verdict v;
	unsigned lost = 0;

	setup(&cfg);
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, seed, "a>b", NULL), 0);
	for (size_t i = 0; i < n; i++) {
		linkdir_send(&d, 0, K_ACK, 40, &v);
		pattern[i] = v.drop == SIM_DROP_LOSS;
		lost += pattern[i];
	}
	linkdir_free(&d, NULL);
	return lost;
}

/* 2% loss: about 2%, the same packets for the same seed, whatever dup does. */
START_TEST(random_loss_is_seeded_and_independent)
{
	static uint8_t a[50000], b[50000], c[50000];
	unsigned la = count_losses(0, 1, a, 50000);

	ck_assert_uint_gt(la, 850);
	ck_assert_uint_lt(la, 1150);
	ck_assert_uint_eq(count_losses(500000, 1, b, 50000), la);
	ck_assert_int_eq(memcmp(a, b, sizeof(a)), 0);
	count_losses(0, 2, c, 50000);
	ck_assert_int_ne(memcmp(a, c, sizeof(a)), 0);
}
END_TEST

/* 8 Mbit/s: 1000 bytes take 1 ms on the wire; a queue of 2 holds 2 packets. */
START_TEST(rate_and_queue)
{
	struct sc_dir cfg = { .delay = 10 * TFO_NS_PER_MS, .rate_bps = 8000000, .queue = 2 };
	struct sim_linkdir d;
	struct sim_verdict v;
	const tfo_time ms = TFO_NS_PER_MS;

	setup(&cfg);
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, 1, "a>b", NULL), 0);
	linkdir_send(&d, 0, K_ACK, 1000, &v);
	ck_assert_uint_eq(v.at, 11 * ms);
	linkdir_send(&d, 0, K_ACK, 1000, &v);
	ck_assert_uint_eq(v.at, 12 * ms);
	linkdir_send(&d, 0, K_ACK, 1000, &v); /* two queued: full */
	ck_assert_int_eq(v.drop, SIM_DROP_QUEUE);
	linkdir_send(&d, ms, K_ACK, 1000, &v); /* the first has left */
	ck_assert_int_eq(v.drop, SIM_DROP_NONE);
	ck_assert_uint_eq(v.at, 13 * ms);
	linkdir_send(&d, 10 * ms, K_ACK, 1, &v); /* idle wire: 1 byte = 1 us */
	ck_assert_uint_eq(v.at, 20 * ms + 1000);
	linkdir_free(&d, NULL);
}
END_TEST

START_TEST(jitter_reorder_dup)
{
	struct sc_dir cfg = { .delay = 10 * TFO_NS_PER_MS, .jitter = 1000 };
	struct sim_linkdir d;
	struct sim_verdict v;
	int low = 0, high = 0;

	setup(&cfg);
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, 1, "a>b", NULL), 0);
	for (int i = 0; i < 20000; i++) {
		linkdir_send(&d, 0, K_ACK, 40, &v);
		ck_assert_uint_ge(v.at, 10 * TFO_NS_PER_MS);
		ck_assert_uint_le(v.at, 10 * TFO_NS_PER_MS + 1000);
		low += v.at == 10 * TFO_NS_PER_MS;
		high += v.at == 10 * TFO_NS_PER_MS + 1000;
	}
	ck_assert_int_gt(low, 0);
	ck_assert_int_gt(high, 0);
	linkdir_free(&d, NULL);

	cfg = (struct sc_dir){
		.delay = 5, .reorder_ppm = 1000000, .reorder_delay = 20, .dup_ppm = 1000000
	};
	setup(&cfg);
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, 1, "a>b", NULL), 0);
	linkdir_send(&d, 100, K_ACK, 40, &v);
	ck_assert_uint_eq(v.at, 125);
	ck_assert_int_eq(v.reordered, 1);
	ck_assert_int_eq(v.dup, 1);
	linkdir_free(&d, NULL);
}
END_TEST

START_TEST(queue_ring_allocation_failure)
{
	struct sc_dir cfg = { .rate_bps = 1000, .queue = 4 };
	struct test_alloc ta;
	struct sim_linkdir d;

	setup(&cfg);
	test_alloc_init(&ta, 1);
	ck_assert_int_eq(linkdir_init(&d, &sc, 0, 0, 1, "a>b", &ta.a), TFO_ERR_NOMEM);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(kinds_of_segments)
{
	static const struct {
		uint8_t flags;
		uint32_t len;
		uint32_t want;
	} cases[] = {
		{ TFO_TH_SYN, 0, 1u << SC_PK_SYN },
		{ TFO_TH_SYN, 6, 1u << SC_PK_SYN | 1u << SC_PK_SYN_DATA },
		{ TFO_TH_SYN | TFO_TH_ACK, 0, 1u << SC_PK_SYN_ACK },
		{ TFO_TH_ACK, 0, 1u << SC_PK_ACK },
		{ TFO_TH_ACK | TFO_TH_PSH, 100, 1u << SC_PK_DATA },
		{ TFO_TH_ACK | TFO_TH_FIN, 0, 1u << SC_PK_FIN },
		{ TFO_TH_ACK | TFO_TH_FIN, 5, 1u << SC_PK_FIN | 1u << SC_PK_DATA },
		{ TFO_TH_RST, 0, 1u << SC_PK_RST },
		{ TFO_TH_RST | TFO_TH_ACK, 0, 1u << SC_PK_RST },
	};
	tfo_segment seg;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&seg, 0, sizeof(seg));
		seg.flags = cases[i].flags;
		seg.len = cases[i].len;
		ck_assert_uint_eq(pkt_kinds(&seg), cases[i].want | 1u << SC_PK_PACKET);
	}
	ck_assert_str_eq(sim_drop_name(SIM_DROP_QUEUE), "queue full");
	ck_assert_str_eq(sim_drop_name(99), "?");
}
END_TEST

Suite *sim_link_suite(void)
{
	Suite *s = suite_create("sim_link");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, delay_only);
	tcase_add_test(tc, loss_script_counts_per_kind);
	tcase_add_test(tc, random_loss_is_seeded_and_independent);
	tcase_add_test(tc, rate_and_queue);
	tcase_add_test(tc, jitter_reorder_dup);
	tcase_add_test(tc, queue_ring_allocation_failure);
	tcase_add_test(tc, kinds_of_segments);
	suite_add_tcase(s, tc);
	return s;
}
