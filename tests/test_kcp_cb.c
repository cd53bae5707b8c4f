/*
 * The KCP control block: configuration and presets, the update schedule,
 * allocation failures, and two endpoints over a lossy, reordering link.
 */
#include <stdlib.h>
#include <string.h>

#include "kcp_cb.h"
#include "kcp_testutil.h"
#include "seggen.h"
#include "testutil.h"

START_TEST(defaults_are_the_reference)
{
	tfo_kcp_config cfg;

	tfo_kcp_config_default(&cfg, 9);
	ck_assert_uint_eq(cfg.conv, 9);
	ck_assert_uint_eq(cfg.nodelay, 0);
	ck_assert_uint_eq(cfg.interval, 100);
	ck_assert_uint_eq(cfg.resend, 0);
	ck_assert_uint_eq(cfg.nc, 0);
	ck_assert_uint_eq(cfg.min_rto, 100);
	ck_assert_uint_eq(cfg.fast_limit, 5);
	ck_assert_uint_eq(cfg.snd_wnd, 32);
	ck_assert_uint_eq(cfg.rcv_wnd, 128);
	ck_assert_uint_eq(cfg.mtu, 1400);
	ck_assert_uint_eq(cfg.dead_link, 20);
	ck_assert_uint_eq(cfg.stream, 0);
}
END_TEST

START_TEST(presets)
{
	/* test.cpp: default (0,10,0,0), normal (0,10,0,1), fast (2,10,2,1) + sender minrto 10,
	 * resend 1 */
	tfo_kcp_config c;

	ck_assert_int_eq(tfo_kcp_config_preset(&c, 1, TFO_KCP_PRESET_DEFAULT, 1), 0);
	ck_assert(c.nodelay == 0 && c.interval == 10 && c.resend == 0 && c.nc == 0);
	ck_assert(c.snd_wnd == 128 && c.rcv_wnd == 128 && c.min_rto == 100);
	ck_assert_int_eq(tfo_kcp_config_preset(&c, 1, TFO_KCP_PRESET_NORMAL, 1), 0);
	ck_assert(c.nodelay == 0 && c.interval == 10 && c.resend == 0 && c.nc == 1);
	ck_assert_int_eq(tfo_kcp_config_preset(&c, 1, TFO_KCP_PRESET_FAST, 0), 0);
	ck_assert(c.nodelay == 2 && c.interval == 10 && c.resend == 2 && c.nc == 1);
	ck_assert_uint_eq(c.min_rto, 30);
	ck_assert_int_eq(tfo_kcp_config_preset(&c, 1, TFO_KCP_PRESET_FAST, 1), 0);
	ck_assert_uint_eq(c.min_rto, 10);
	ck_assert_uint_eq(c.resend, 1);
	ck_assert_uint_eq(c.fast_limit, 5);
	ck_assert_int_eq(tfo_kcp_config_preset(&c, 1, 3, 0), TFO_ERR_INVALID);
	ck_assert_str_eq(tfo_kcp_preset_name(TFO_KCP_PRESET_FAST), "fast");
	ck_assert_ptr_null(tfo_kcp_preset_name(3));
	/* ikcp_nodelay clamps the interval */
	ck_assert_int_eq(tfo_kcp_config_set_nodelay(&c, 1, 1, 0, 0), 0);
	ck_assert_uint_eq(c.interval, 10);
	ck_assert_int_eq(tfo_kcp_config_set_nodelay(&c, 1, 9999, 0, 0), 0);
	ck_assert_uint_eq(c.interval, 5000);
	ck_assert_int_eq(tfo_kcp_config_set_nodelay(&c, 3, 10, 0, 0), TFO_ERR_INVALID);
}
END_TEST

START_TEST(config_checked)
{
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp *k = NULL;

	tfo_kcp_config_default(&cfg, 1);
	ck_assert_int_eq(tfo_kcp_new(&cfg, NULL, NULL, &c, &k), TFO_ERR_INVALID);
	cfg.interval = 5;
	ck_assert_int_eq(tfo_kcp_new(&cfg, NULL, kcap_output, &c, &k), TFO_ERR_INVALID);
	tfo_kcp_config_default(&cfg, 1);
	cfg.nodelay = 3;
	ck_assert_int_eq(tfo_kcp_new(&cfg, NULL, kcap_output, &c, &k), TFO_ERR_INVALID);
	tfo_kcp_config_default(&cfg, 1);
	cfg.rcv_wnd = 16; /* raised to 128, the largest message */
	k = kcp_make(&cfg, NULL, &c);
	tfo_kcp_config_get(k, &cfg);
	ck_assert_uint_eq(cfg.rcv_wnd, 128);
	tfo_kcp_free(k);
	tfo_kcp_free(NULL);
}
END_TEST

START_TEST(update_schedule_and_check)
{
	/* check: now before the first update; then the next flush, or a resend due sooner, at most
	 * interval */
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp *k;

	tfo_kcp_config_default(&cfg, 1);
	tfo_kcp_config_set_nodelay(&cfg, 1, 500, 0, 1);
	k = kcp_make(&cfg, NULL, &c);
	ck_assert_uint_eq(tfo_kcp_check(k, 5), 5);
	ck_assert_int_eq(tfo_kcp_send(k, "m", 1), 1);
	ck_assert_int_eq(tfo_kcp_update(k, 1000), 0);
	ck_assert_uint_eq(c.n, 1);
	/* next flush at 1500, the resend due at 1200 (RTO 200) comes first */
	ck_assert_uint_eq(tfo_kcp_check(k, 1000), 1200);
	ck_assert_uint_eq(tfo_kcp_check(k, 1199), 1200);
	ck_assert_uint_eq(tfo_kcp_check(k, 1200), 1200);
	/* past the flush time: due now */
	ck_assert_uint_eq(tfo_kcp_check(k, 1600), 1600);
	/* update only flushes on its interval: at 1200 nothing leaves, at 1500 the resend */
	ck_assert_int_eq(tfo_kcp_update(k, 1200), 0);
	ck_assert_uint_eq(c.n, 1);
	ck_assert_int_eq(tfo_kcp_update(k, 1500), 0);
	ck_assert_uint_eq(c.n, 2);
	/* the resend grew the RTO x1.5 to 300: next due at 1800, before the flush at 2000 */
	ck_assert_uint_eq(tfo_kcp_check(k, 1500), 1800);
	/* A clock that jumps 10 s is due at once */
	ck_assert_uint_eq(tfo_kcp_check(k, 20000), 20000);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(input_errors)
{
	/* Another conversation, a cut segment, an unknown cmd: refused; earlier segments still
	 * count */
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp *k;
	uint8_t d[128], out[8];
	size_t n;

	tfo_kcp_config_default(&cfg, 5);
	k = kcp_make(&cfg, NULL, &c);
	ck_assert_int_eq(tfo_kcp_input(k, 0, NULL, 0), TFO_ERR_TRUNCATED);
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, 23), TFO_ERR_TRUNCATED);
	n = kcp_seg_bytes(d, 6, TFO_KCP_CMD_PUSH, 0, 128, 0, 0, 0, "a");
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), TFO_ERR_KCP_CONV);
	n = kcp_seg_bytes(d, 5, TFO_KCP_CMD_PUSH, 0, 128, 0, 0, 0, "a");
	n += kcp_seg_bytes(d + n, 5, 99, 0, 128, 0, 1, 0, NULL);
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), TFO_ERR_KCP_CMD);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), 1);
	n = kcp_seg_bytes(d, 5, TFO_KCP_CMD_PUSH, 0, 128, 0, 1, 0, "abc");
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n - 1), TFO_ERR_TRUNCATED);
	/* trailing bytes shorter than a header are ignored, as the reference does */
	ck_assert_int_eq(tfo_kcp_input(k, 0, d, n + 10), 0);
	ck_assert_int_eq(tfo_kcp_recv(k, out, sizeof(out)), 3);
	tfo_kcp_free(k);
}
END_TEST

START_TEST(allocation_failures)
{
	/* Every allocation in creation, send and input fails cleanly: an error, state unchanged, no
	 * leak */
	static uint8_t msg[3000];
	struct test_alloc ta;
	struct kcap c = { 0 };
	tfo_kcp_config cfg;
	tfo_kcp *k;
	uint8_t d[64];
	size_t n;

	tfo_kcp_config_default(&cfg, 1);
	for (unsigned long f = 1; f <= 2; f++) {
		test_alloc_init(&ta, f);
		ck_assert_int_eq(tfo_kcp_new(&cfg, &ta.a, kcap_output, &c, &k), TFO_ERR_NOMEM);
		ck_assert_int_eq(ta.live, 0);
	}
	/* send: three fragments, each allocation failing in turn */
	for (unsigned long f = 1; f <= 3; f++) {
		test_alloc_init(&ta, 0);
		k = kcp_make(&cfg, &ta, &c);
		ta.fail_at = ta.calls + f;
		ck_assert_int_eq(tfo_kcp_send(k, msg, sizeof(msg)), TFO_ERR_NOMEM);
		ck_assert_uint_eq(tfo_kcp_waitsnd(k), 0);
		tfo_kcp_free(k);
		ck_assert_int_eq(ta.live, 0);
	}
	/* stream mode: the top-up copy failing leaves the queued segment as it was */
	cfg.stream = 1;
	test_alloc_init(&ta, 0);
	k = kcp_make(&cfg, &ta, &c);
	ck_assert_int_eq(tfo_kcp_send(k, "abc", 3), 3);
	ta.fail_at = ta.calls + 1;
	ck_assert_int_eq(tfo_kcp_send(k, "def", 3), TFO_ERR_NOMEM);
	ck_assert_uint_eq(k->snd_queue.head->len, 3);
	tfo_kcp_free(k);
	ck_assert_int_eq(ta.live, 0);
	cfg.stream = 0;
	/* input: the ACK list, then the segment's copy */
	for (unsigned long f = 1; f <= 2; f++) {
		test_alloc_init(&ta, 0);
		k = kcp_make(&cfg, &ta, &c);
		ta.fail_at = ta.calls + f;
		n = kcp_seg_bytes(d, 1, TFO_KCP_CMD_PUSH, 0, 128, 0, 0, 0, "abc");
		ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), TFO_ERR_NOMEM);
		ck_assert_uint_eq(k->ack_count, 0);
		ck_assert_uint_eq(k->rcv_nxt, 0);
		/* the peer's retransmission goes through */
		ck_assert_int_eq(tfo_kcp_input(k, 0, d, n), 0);
		ck_assert_uint_eq(k->rcv_nxt, 1);
		tfo_kcp_free(k);
		ck_assert_int_eq(ta.live, 0);
	}
}
END_TEST

/* ---- two endpoints over a lossy, jittery, reordering link ---- */

struct dgram {
	uint32_t at;
	int to; /* 0: a, 1: b */
	size_t len;
	uint8_t *bytes;
};

struct net {
	struct xorshift rng;
	uint32_t now;
	uint32_t loss_pct;
	struct dgram q[4096];
	size_t n;
	size_t sent, lost;
};

struct port {
	struct net *net;
	int to;
};

static int net_output(const uint8_t *dgram, size_t len, void *user)
{
	struct port *p = user;
	struct net *net = p->net;
	struct dgram *d;

	net->sent++;
	if (xs_below(&net->rng, 100) < net->loss_pct) {
		net->lost++;
		return 0;
	}
	ck_assert_uint_lt(net->n, 4096);
	d = &net->q[net->n++];
	d->at = net->now + 20 + xs_below(&net->rng, 40); /* jitter reorders */
	d->to = p->to;
	d->len = len;
	d->bytes = malloc(len);
	ck_assert_ptr_nonnull(d->bytes);
	memcpy(d->bytes, dgram, len);
	return 0;
}

static void net_deliver(struct net *net, tfo_kcp *ends[2])
{
	for (size_t i = 0; i < net->n;) {
		struct dgram d = net->q[i];

		if (d.at > net->now) {
			i++;
			continue;
		}
		net->q[i] = net->q[--net->n];
		ck_assert_int_eq(tfo_kcp_input(ends[d.to], net->now, d.bytes, d.len), 0);
		free(d.bytes);
	}
}

#define LOSSY_MSGS 300

/* The messages: 4..4003 bytes each, the index first; all of them back to back in stream. */
struct workload {
	uint8_t stream[LOSSY_MSGS * 4004];
	size_t off[LOSSY_MSGS + 1];
};

static void workload_make(struct workload *w, uint32_t seed)
{
	struct xorshift x;

	xs_seed(&x, seed);
	w->off[0] = 0;
	for (uint32_t m = 0; m < LOSSY_MSGS; m++) {
		size_t len = 4 + xs_below(&x, 4000);
		uint8_t *p = w->stream + w->off[m];

		for (size_t i = 0; i < len; i++)
			p[i] = (uint8_t)(m * 31 + i);
		memcpy(p, &m, 4);
		w->off[m + 1] = w->off[m] + len;
	}
}

static void lossy_run(uint32_t seed, int preset, int stream)
{
	static struct net net;
	static struct workload w;
	static uint8_t buf[8192];
	struct port pa = { &net, 1 }, pb = { &net, 0 };
	tfo_kcp_config ca, cb;
	tfo_kcp *ends[2];
	uint32_t sent = 0, got = 0;
	size_t rcvd = 0;

	memset(&net, 0, sizeof(net));
	xs_seed(&net.rng, seed);
	workload_make(&w, seed + 1);
	net.loss_pct = 20;
	tfo_kcp_config_preset(&ca, 42, preset, 1);
	tfo_kcp_config_preset(&cb, 42, preset, 0);
	ca.stream = cb.stream = (uint8_t)stream;
	ck_assert_int_eq(tfo_kcp_new(&ca, NULL, net_output, &pa, &ends[0]), 0);
	ck_assert_int_eq(tfo_kcp_new(&cb, NULL, net_output, &pb, &ends[1]), 0);
	for (net.now = 0; net.now < 600000 && rcvd < w.off[LOSSY_MSGS]; net.now++) {
		if (sent < LOSSY_MSGS && net.now % 5 == 0) {
			size_t len = w.off[sent + 1] - w.off[sent];

			ck_assert_int_eq(tfo_kcp_send(ends[0], w.stream + w.off[sent], len),
			                 (int)len);
			sent++;
		}
		ck_assert_int_eq(tfo_kcp_update(ends[0], net.now), 0);
		ck_assert_int_eq(tfo_kcp_update(ends[1], net.now), 0);
		net_deliver(&net, ends);
		for (int r; (r = tfo_kcp_recv(ends[1], buf, sizeof(buf))) >= 0;) {
			/* Message mode keeps the boundaries; a stream only the bytes */
			if (!stream)
				ck_assert_uint_eq((size_t)r, w.off[got + 1] - w.off[got]);
			ck_assert_uint_le(rcvd + (size_t)r, w.off[LOSSY_MSGS]);
			ck_assert_mem_eq(buf, w.stream + rcvd, (size_t)r);
			rcvd += (size_t)r;
			got++;
		}
	}
	ck_assert_uint_eq(rcvd, w.off[LOSSY_MSGS]);
	if (!stream)
		ck_assert_uint_eq(got, LOSSY_MSGS);
	ck_assert_uint_gt(net.lost, 0);
	ck_assert_int_eq(tfo_kcp_is_dead(ends[0]), 0);
	for (size_t i = 0; i < net.n; i++)
		free(net.q[i].bytes);
	tfo_kcp_free(ends[0]);
	tfo_kcp_free(ends[1]);
}

START_TEST(lossy_link_in_order)
{
	/* 300 messages of 4..4003 bytes, 20% loss each way, 20..59 ms jitter: all arrive, in order,
	 * intact */
	lossy_run(1, TFO_KCP_PRESET_DEFAULT, 0);
	lossy_run(2, TFO_KCP_PRESET_NORMAL, 0);
	lossy_run(3, TFO_KCP_PRESET_FAST, 0);
}
END_TEST

START_TEST(lossy_link_stream)
{
	lossy_run(4, TFO_KCP_PRESET_FAST, 1);
}
END_TEST

Suite *kcp_cb_suite(void)
{
	Suite *s = suite_create("kcp_cb");
	TCase *tc = tcase_create("kcp_cb");

	tcase_add_test(tc, defaults_are_the_reference);
	tcase_add_test(tc, presets);
	tcase_add_test(tc, config_checked);
	tcase_add_test(tc, update_schedule_and_check);
	tcase_add_test(tc, input_errors);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, lossy_link_in_order);
	tcase_add_test(tc, lossy_link_stream);
	suite_add_tcase(s, tc);
	return s;
}
