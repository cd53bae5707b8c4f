/*
 * The host: two hosts back to back through an in-test network (a cold
 * Fast Open connection that requests a cookie, then a warm one whose
 * server answers before the final ACK), allocation failure at every
 * allocation site of that scenario, re-entrancy, event delivery, settings,
 * memory per connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rig.h"
#include "tfo_conn.h"

/* ---- a tiny network: segments in flight with a fixed one-way delay ---- */

#define DELAY MS(5)
#define MAXQ 256

struct flight {
	tfo_time at;
	int to; /* 0: client host, 1: server host */
	tfo_segment seg;
	uint8_t data[2048];
};

struct net {
	struct rig r[2]; /* client, server */
	struct flight q[MAXQ];
	size_t nq;
	char trace[128][TFO_SEGMENT_STRLEN + 32];
	size_t ntrace;
	tfo_listener *l;
	int nomem;   /* an entry point returned TFO_ERR_NOMEM */
	int strict;  /* every call must succeed */
	int replies; /* data answers the server wrote */
	char got[2][64];
};

static void net_output(struct rig *r, tfo_time now, const tfo_segment *s)
{
	struct net *n = r->user;
	int from = r == &n->r[0] ? 0 : 1;
	struct flight *f;

	if (n->ntrace < 128)
		snprintf(n->trace[n->ntrace++], sizeof(n->trace[0]), "%llu %s",
		         (unsigned long long)(now / TFO_NS_PER_MS), rig_last(r)->line);
	ck_assert_uint_lt(n->nq, MAXQ);
	ck_assert_uint_le(s->len, sizeof(f->data));
	f = &n->q[n->nq++];
	f->at = now + DELAY;
	f->to = !from;
	f->seg = *s;
	if (s->len)
		memcpy(f->data, s->payload, s->len);
}

/* A call's result: success, or (when allocations fail) a named error code. */
static void note(struct net *n, int r)
{
	if (r == TFO_ERR_NOMEM)
		n->nomem = 1;
	if (n->strict)
		ck_assert_int_ge(r, 0);
	else if (r < 0)
		ck_assert_str_ne(tfo_errname(r), "UNKNOWN");
}

/* The applications: the server echoes "world!" to "hello!" and closes at EOF; the
 * client reads the answer and closes. */
static void net_event(struct rig *r, tfo_time now, const tfo_event *ev)
{
	struct net *n = r->user;
	int side = r == &n->r[0] ? 0 : 1;
	char buf[64];
	int got;

	if (ev->type == TFO_EV_ACCEPT) {
		tfo_endpoint *ep;

		while (tfo_accept(ev->listener, &ep) == 0)
			tfo_endpoint_set_user(ep, n);
		return;
	}
	if (ev->type != TFO_EV_READABLE || tfo_endpoint_state(ev->ep) == TFO_CLOSED)
		return;
	got = tfo_read(ev->ep, now, buf, sizeof(buf) - 1);
	if (got > 0) {
		size_t have = strlen(n->got[side]);

		buf[got] = 0;
		snprintf(n->got[side] + have, sizeof(n->got[side]) - have, "%s", buf);
		if (side == 1) {
			note(n, tfo_write(ev->ep, now, "world!", 6));
			n->replies++;
		} else {
			tfo_close(ev->ep, now);
		}
	} else if (got == 0 && side == 1) {
		tfo_close(ev->ep, now);
	}
}

/*
 * Two hosts and a listener; fail_at[i] fails host i's allocation of that
 * number (0: none), counted from its creation. Returns 0, or the error of
 * the step that failed (then nothing is left to run).
 */
static int net_init_alloc(struct net *n, int strict, const unsigned long fail_at[2])
{
	tfo_sockaddr a = sa(SRV);
	int r;

	memset(n, 0, sizeof(*n));
	n->strict = strict;
	for (int i = 0; i < 2; i++) {
		r = rig_init_alloc(&n->r[i], NULL, fail_at[i]);
		if (r) {
			ck_assert_int_eq(r, TFO_ERR_NOMEM);
			ck_assert_int_eq(n->r[i].ta.live, 0);
			if (i == 1)
				rig_free(&n->r[0]);
			return r;
		}
		n->r[i].user = n;
		n->r[i].on_output = net_output;
		n->r[i].on_event = net_event;
		n->r[i].quiet = 1;
	}
	r = tfo_listen(n->r[1].h, &a, 16, &n->l);
	if (r == 0)
		r = tfo_listener_set_fastopen(n->l, 16);
	else
		ck_assert_int_eq(r, TFO_ERR_NOMEM);
	return 0;
}

static void net_init(struct net *n, int strict)
{
	static const unsigned long none[2] = { 0, 0 };

	ck_assert_int_eq(net_init_alloc(n, strict, none), 0);
}

/* Runs the network until nothing is in flight and no timer is due before until. */
static void net_run(struct net *n, tfo_time until)
{
	for (;;) {
		tfo_time t = TFO_TIME_NEVER;
		int who = -1;
		size_t qi = 0;

		for (size_t i = 0; i < n->nq; i++)
			if (n->q[i].at < t) {
				t = n->q[i].at;
				qi = i;
				who = 2;
			}
		for (int i = 0; i < 2; i++)
			if (tfo_host_next_deadline(n->r[i].h) < t) {
				t = tfo_host_next_deadline(n->r[i].h);
				who = i;
			}
		if (who < 0 || t > until)
			return;
		if (who == 2) {
			struct flight f = n->q[qi];

			memmove(&n->q[qi], &n->q[qi + 1], (n->nq - qi - 1) * sizeof(f));
			n->nq--;
			f.seg.payload = f.data;
			note(n, tfo_host_input(n->r[f.to].h, f.at, &f.seg));
		} else {
			note(n, tfo_host_advance(n->r[who].h, t));
		}
	}
}

static int trace_has(const struct net *n, const char *line)
{
	for (size_t i = 0; i < n->ntrace; i++)
		if (strcmp(n->trace[i], line) == 0)
			return 1;
	return 0;
}

static const char *const cold[] = {
	"0 IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [S], seq 1000, win 65535, options [mss "
	"1460,sackOK,TS val 0 ecr 0,nop,wscale 7,tfo  cookiereq,nop,nop], length 0",
	"5 IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [S.], seq 5000, ack 1001, win 65535, "
	"options [mss 1460,sackOK,TS val 5 ecr 0,nop,wscale 7,tfo  cookie "
	"3021b9d889017eeb,nop,nop], length 0",
	"10 IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [P.], seq 1001:1007, ack 5001, win 511, "
	"options [nop,nop,TS val 10 ecr 5], length 6",
	"15 IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [.], ack 1007, win 511, options "
	"[nop,nop,TS val 15 ecr 10], length 0",
	"15 IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [P.], seq 5001:5007, ack 1007, win 511, "
	"options [nop,nop,TS val 15 ecr 10], length 6",
	"20 IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5007, win 511, options "
	"[nop,nop,TS val 20 ecr 15], length 0",
	"20 IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [F.], seq 1007, ack 5007, win 511, options "
	"[nop,nop,TS val 20 ecr 15], length 0",
	"25 IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [.], ack 1008, win 511, options "
	"[nop,nop,TS val 25 ecr 20], length 0",
	"25 IP 192.168.0.1.80 > 192.0.2.1.40000: Flags [F.], seq 5007, ack 1008, win 511, options "
	"[nop,nop,TS val 25 ecr 20], length 0",
	"30 IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [.], ack 5008, win 511, options "
	"[nop,nop,TS val 30 ecr 25], length 0",
	NULL
};

static const char *const warm[] = {
	"1000 IP 192.0.2.1.40001 > 192.168.0.1.80: Flags [S], seq 2000:2006, win 65535, options "
	"[mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7,tfo  cookie 3021b9d889017eeb,nop,nop], "
	"length 6",
	"1005 IP 192.168.0.1.80 > 192.0.2.1.40001: Flags [S.], seq 6000, ack 2007, win 65529, "
	"options [mss 1460,sackOK,TS val 1005 ecr 1000,nop,wscale 7], length 0",
	"1005 IP 192.168.0.1.80 > 192.0.2.1.40001: Flags [P.], seq 6001:6007, ack 2007, win 511, "
	"options [nop,nop,TS val 1005 ecr 1000], length 6",
	"1010 IP 192.0.2.1.40001 > 192.168.0.1.80: Flags [.], ack 6001, win 511, options "
	"[nop,nop,TS val 1010 ecr 1005], length 0",
	"1010 IP 192.0.2.1.40001 > 192.168.0.1.80: Flags [.], ack 6007, win 511, options "
	"[nop,nop,TS val 1010 ecr 1005], length 0",
	"1010 IP 192.0.2.1.40001 > 192.168.0.1.80: Flags [F.], seq 2007, ack 6007, win 511, "
	"options [nop,nop,TS val 1010 ecr 1005], length 0",
	NULL
};

static void cold_and_warm(struct net *n, int strict)
{
	tfo_endpoint *ep = NULL;
	int r;

	RIG_RAND(&n->r[0], 1000, 0);
	RIG_RAND(&n->r[1], 5000, 0);
	r = rig_connect(&n->r[0], 0, CLI, SRV, TFO_CONNECT_FASTOPEN, "hello!", &ep);
	note(n, r);
	net_run(n, SEC(1));
	RIG_RAND(&n->r[0], 2000, 0);
	RIG_RAND(&n->r[1], 6000, 0);
	r = rig_connect(&n->r[0], SEC(1), "192.0.2.1:40001", SRV, TFO_CONNECT_FASTOPEN, "hello!",
	                &ep);
	note(n, r);
	net_run(n, SEC(200));
	if (!strict)
		return;
	for (size_t i = 0; cold[i]; i++)
		ck_assert_msg(trace_has(n, cold[i]), "missing: %s", cold[i]);
	for (size_t i = 0; warm[i]; i++)
		ck_assert_msg(trace_has(n, warm[i]), "missing: %s", warm[i]);
}

START_TEST(back_to_back_cold_then_warm)
{
	/* RFC 7413 figure 1 (the seed's picture): a cold connection gets a cookie; the warm
	 * one sends data in its SYN, and the server's answer leaves with its SYN-ACK, before
	 * the client's ACK arrives; both close (TIME-WAIT on the client, 60 s) */
	struct net n;

	net_init(&n, 1);
	cold_and_warm(&n, 1);
	ck_assert_str_eq(n.got[1], "hello!hello!");
	ck_assert_str_eq(n.got[0], "world!world!");
	ck_assert_uint_eq(rig_ctr(&n.r[1], TFO_CTR_FASTOPEN_COOKIE_REQD), 1);
	ck_assert_uint_eq(rig_ctr(&n.r[1], TFO_CTR_FASTOPEN_PASSIVE), 1);
	ck_assert_uint_eq(rig_ctr(&n.r[0], TFO_CTR_FASTOPEN_ACTIVE), 1);
	ck_assert_uint_eq(rig_ctr(&n.r[0], TFO_CTR_RETRANS_SEGS), 0);
	ck_assert_uint_eq(rig_ctr(&n.r[1], TFO_CTR_RETRANS_SEGS), 0);
	ck_assert_uint_eq(tfo_host_endpoint_count(n.r[0].h), 0);
	ck_assert_uint_eq(tfo_host_endpoint_count(n.r[1].h), 0);
	rig_free(&n.r[0]);
	rig_free(&n.r[1]);
}
END_TEST

START_TEST(allocation_failures)
{
	/* Every allocation of the cold + warm scenario (host creation, listener, connections,
	 * buffers, cookie cache, ...) fails once, in turn, on each host: each call returns 0
	 * or a named error, nothing crashes, and deleting the hosts frees everything */
	unsigned long runs = 0;

	for (int side = 0; side < 2; side++) {
		for (unsigned long k = 1;; k++) {
			struct net *n = calloc(1, sizeof(*n));
			unsigned long fail_at[2] = { 0, 0 };
			int triggered;

			ck_assert_ptr_nonnull(n);
			fail_at[side] = k;
			runs++;
			if (net_init_alloc(n, 0, fail_at) != 0) {
				free(n);
				continue;
			}
			cold_and_warm(n, 0);
			triggered = n->r[side].ta.calls >= k;
			rig_free(&n->r[0]);
			rig_free(&n->r[1]);
			free(n);
			if (!triggered)
				break;
			ck_assert_uint_lt(k, 400);
		}
	}
	printf("allocation failures: %lu runs of the cold + warm scenario\n", runs);
	ck_assert_uint_gt(runs, 10);
}
END_TEST

START_TEST(host_new_failures)
{
	/* Every allocation of tfo_host_new() fails in turn: TFO_ERR_NOMEM, nothing left */
	for (unsigned long k = 1;; k++) {
		struct rig r;
		int ret = rig_init_alloc(&r, NULL, k);

		if (ret == 0) {
			rig_free(&r);
			ck_assert_uint_gt(k, 4);
			break;
		}
		ck_assert_int_eq(ret, TFO_ERR_NOMEM);
		ck_assert_int_eq(r.ta.live, 0);
	}
}
END_TEST

START_TEST(host_new_arguments)
{
	tfo_settings st;
	tfo_callbacks cb = { 0 };
	tfo_host *h = NULL;

	ck_assert_int_eq(tfo_host_new(&h, NULL, &cb, NULL), TFO_ERR_INVALID);
	tfo_settings_default(&st);
	ck_assert_uint_eq(st.fastopen, 0x1);
	ck_assert_uint_eq(st.cookie_len, 8);
	ck_assert_uint_eq(st.cookie_cache_max, 1024);
	ck_assert_uint_eq(st.rto_initial, SEC(1));
	ck_assert_uint_eq(st.rto_min, MS(200));
	ck_assert_uint_eq(st.syn_retries, 6);
	ck_assert_uint_eq(st.time_wait, SEC(60));
	ck_assert_uint_eq(st.blackhole_timeout, 0);
	st.port_lo = 100;
	st.port_hi = 99;
	{
		struct rig r;

		ck_assert_int_eq(rig_init_alloc(&r, &st, 0), TFO_ERR_INVALID);
		st.port_hi = 200;
		st.cookie_len = 7;
		ck_assert_int_eq(rig_init_alloc(&r, &st, 0), TFO_ERR_INVALID);
	}
	ck_assert_ptr_null(tfo_host_settings(NULL));
	ck_assert_ptr_null(tfo_host_keyring(NULL));
	ck_assert_uint_eq(tfo_host_next_deadline(NULL), TFO_TIME_NEVER);
	tfo_host_del(NULL);
}
END_TEST

START_TEST(set_settings_takes_sysctls_not_sizes)
{
	/* A sysctl write mid-run changes what later calls see; sizes stay fixed */
	struct rig r;
	tfo_settings st;

	rig_init(&r, NULL);
	st = *tfo_host_settings(r.h);
	st.fastopen = 0x1;
	st.syn_retries = 2;
	ck_assert_int_eq(tfo_host_set_settings(r.h, &st), 0);
	ck_assert_uint_eq(tfo_host_settings(r.h)->fastopen, 0x1);
	ck_assert_uint_eq(tfo_host_settings(r.h)->syn_retries, 2);
	st.mtu = 9000;
	ck_assert_int_eq(tfo_host_set_settings(r.h, &st), TFO_ERR_INVALID);
	st.mtu = tfo_host_settings(r.h)->mtu;
	st.cookie_len = 16;
	ck_assert_int_eq(tfo_host_set_settings(r.h, &st), TFO_ERR_INVALID);
	st.cookie_len = tfo_host_settings(r.h)->cookie_len;
	st.rto_max = 0;
	ck_assert_int_eq(tfo_host_set_settings(r.h, &st), TFO_ERR_INVALID);
	ck_assert_uint_eq(tfo_host_settings(r.h)->syn_retries, 2);
	ck_assert_int_eq(tfo_host_set_settings(NULL, &st), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

/* An event callback that calls back in: writes, closes, opens. */
static void reenter(struct rig *r, tfo_time now, const tfo_event *ev)
{
	if (ev->type == TFO_EV_CONNECTED) {
		ck_assert_int_eq(tfo_write(ev->ep, now, "abc", 3), 3);
		tfo_close(ev->ep, now);
	}
	if (ev->type == TFO_EV_CLOSED)
		r->user = (void *)ev->ep;
}

START_TEST(callbacks_may_call_in)
{
	/* Events come after the host is consistent: a callback may write and close */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init(&r, NULL);
	r.on_event = reenter;
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	rig_in(&r, MS(10), &s);
	/* the pure ACK during input; then the callback's data and FIN */
	ck_assert_uint_eq(r.nout, 4);
	ck_assert_uint_eq(r.out[2].seg.len, 3);
	ck_assert_uint_eq(r.out[3].seg.flags, TFO_TH_FIN | TFO_TH_ACK);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_FIN_WAIT_1);
	rig_free(&r);
}
END_TEST

static void note_order(struct rig *r, tfo_time now, const tfo_event *ev)
{
	(void)r;
	(void)now;
	(void)ev;
}

START_TEST(event_order)
{
	/* A connection refused: STATE, then ERROR? No: ERROR, STATE (SYN-SENT -> CLOSED),
	 * CLOSED; CLOSED is the last event an endpoint gets */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;
	size_t first;

	rig_init(&r, NULL);
	r.on_event = note_order;
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	ck_assert_uint_eq(r.nev, 1);
	ck_assert_int_eq(r.ev[0].ev.type, TFO_EV_STATE);
	ck_assert_int_eq(r.ev[0].ev.old_state, TFO_CLOSED);
	ck_assert_int_eq(r.ev[0].ev.new_state, TFO_SYN_SENT);
	first = r.nev;
	s = seg(SRV, CLI, TFO_TH_RST | TFO_TH_ACK, 0, 1001, 0);
	rig_in(&r, MS(1), &s);
	ck_assert_uint_eq(r.nev - first, 3);
	ck_assert_int_eq(r.ev[first].ev.type, TFO_EV_ERROR);
	ck_assert_int_eq(r.ev[first + 1].ev.type, TFO_EV_STATE);
	ck_assert_int_eq(r.ev[first + 2].ev.type, TFO_EV_CLOSED);
	ck_assert_ptr_eq(r.ev[first + 2].ev.ep, ep);
	ck_assert_uint_eq(r.ev[first + 2].t, MS(1));
	rig_free(&r);
}
END_TEST

START_TEST(muted_events)
{
	/* The same refusal as above with state changes muted: only ERROR and CLOSED come */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	rig_init_muted(&r, NULL, 1u << TFO_EV_STATE);
	r.on_event = note_order;
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	ck_assert_uint_eq(r.nev, 0);
	rig_expect(
	        &r, 0,
	        "IP 192.0.2.1.40000 > 192.168.0.1.80: Flags [S], seq 1000, win 65535, options [mss "
	        "1460,sackOK,TS val 0 ecr 0,nop,wscale 7], length 0");
	s = seg(SRV, CLI, TFO_TH_RST | TFO_TH_ACK, 0, 1001, 0);
	rig_in(&r, MS(1), &s);
	ck_assert_uint_eq(r.nev, 2);
	ck_assert_int_eq(r.ev[0].ev.type, TFO_EV_ERROR);
	ck_assert_int_eq(r.ev[1].ev.type, TFO_EV_CLOSED);
	ck_assert_ptr_eq(r.ev[1].ev.ep, ep);
	ck_assert_int_eq(rig_events(&r, TFO_EV_STATE, NULL), 0);
	ck_assert_int_eq(tfo_host_mute_events(NULL, 0), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

static void log_reenters(void *user, tfo_time now, const char *line)
{
	tfo_host **h = user;

	(void)line;
	ck_assert_int_eq(tfo_host_advance(*h, now), TFO_ERR_REENTRANT);
	ck_assert_int_eq(tfo_sock_open(*h), TFO_ERR_REENTRANT);
}

static void out_nop(void *user, tfo_time now, const tfo_segment *s)
{
	tfo_host **h = user;
	tfo_endpoint *ep = NULL;
	tfo_connect_args a = { .local = sa(CLI), .remote = sa(SRV) };

	(void)now;
	(void)s;
	ck_assert_int_eq(tfo_connect(*h, 0, &a, &ep), TFO_ERR_REENTRANT);
}

static void rnd_zero(void *user, uint8_t *b, size_t n)
{
	(void)user;
	memset(b, 0, n);
}

START_TEST(output_and_log_are_not_reentrant)
{
	/* The output and log callbacks run mid-processing: calls back in are refused */
	tfo_host *h = NULL;
	tfo_callbacks cb = { &h, out_nop, NULL, log_reenters, rnd_zero };
	tfo_endpoint *ep = NULL;
	tfo_connect_args a = { .local = sa(CLI), .remote = sa(SRV) };

	ck_assert_int_eq(tfo_host_new(&h, NULL, &cb, NULL), 0);
	ck_assert_int_eq(tfo_connect(h, 0, &a, &ep), 0);
	tfo_host_del(h);
}
END_TEST

/* The sender each output callback saw, for output_names_its_sender. */
struct senders {
	tfo_host *h;
	tfo_endpoint *seen[4];
	tfo_segment segs[4];
	size_t n;
};

static void out_sender(void *user, tfo_time now, const tfo_segment *s)
{
	struct senders *w = user;

	(void)now;
	ck_assert_uint_lt(w->n, 4);
	w->seen[w->n] = tfo_host_sender(w->h);
	w->segs[w->n++] = *s;
}

START_TEST(output_names_its_sender)
{
	/* tfo_host_sender: the SYN's endpoint inside output; NULL for a reset
	 * no endpoint owns, and outside the callback */
	struct senders w = { 0 };
	tfo_callbacks cb = { &w, out_sender, NULL, NULL, rnd_zero };
	tfo_endpoint *ep = NULL;
	tfo_connect_args a = { .local = sa(CLI), .remote = sa(SRV) };
	tfo_segment s = seg("192.0.2.7:1234", SRV, TFO_TH_ACK, 9, 77, 0);

	ck_assert_int_eq(tfo_host_new(&w.h, NULL, &cb, NULL), 0);
	ck_assert_int_eq(tfo_connect(w.h, 0, &a, &ep), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.segs[0].flags, TFO_TH_SYN);
	ck_assert_ptr_eq(w.seen[0], ep);
	ck_assert_ptr_null(tfo_host_sender(w.h));
	ck_assert_int_eq(tfo_host_input(w.h, MS(1), &s), 0);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_uint_eq(w.segs[1].flags, TFO_TH_RST);
	ck_assert_uint_eq(w.segs[1].seq, 77);
	ck_assert_ptr_null(w.seen[1]);
	ck_assert_ptr_null(tfo_host_sender(NULL));
	tfo_host_del(w.h);
}
END_TEST

START_TEST(addrs_match_the_info)
{
	/* tfo_endpoint_addrs: the SYN's two addresses, as the snapshot has them;
	 * zeroes for a NULL endpoint, and NULL outs are skipped */
	struct senders w = { 0 };
	tfo_callbacks cb = { &w, out_sender, NULL, NULL, rnd_zero };
	tfo_endpoint *ep = NULL;
	tfo_connect_args a = { .local = sa("192.0.2.1:0"), .remote = sa(SRV) };
	tfo_endpoint_info info;
	tfo_sockaddr local, remote, zero;

	ck_assert_int_eq(tfo_host_new(&w.h, NULL, &cb, NULL), 0);
	ck_assert_int_eq(tfo_connect(w.h, 0, &a, &ep), 0);
	ck_assert_uint_eq(w.n, 1);
	tfo_endpoint_addrs(ep, &local, &remote);
	tfo_endpoint_get_info(ep, &info);
	ck_assert_mem_eq(&local, &info.local, sizeof(local));
	ck_assert_mem_eq(&remote, &info.remote, sizeof(remote));
	ck_assert_mem_eq(&local, &w.segs[0].src, sizeof(local));
	ck_assert_mem_eq(&remote, &w.segs[0].dst, sizeof(remote));
	ck_assert_uint_ne(local.port, 0);
	tfo_endpoint_addrs(ep, NULL, &remote);
	ck_assert_mem_eq(&remote, &info.remote, sizeof(remote));
	tfo_endpoint_addrs(ep, &local, NULL);
	ck_assert_mem_eq(&local, &info.local, sizeof(local));
	memset(&zero, 0, sizeof(zero));
	tfo_endpoint_addrs(NULL, &local, &remote);
	ck_assert_mem_eq(&local, &zero, sizeof(zero));
	ck_assert_mem_eq(&remote, &zero, sizeof(zero));
	tfo_host_del(w.h);
}
END_TEST

START_TEST(del_frees_everything)
{
	/* tfo_host_del with connections in every stage sends nothing and leaks nothing */
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_segment s;
	size_t before;

	rig_init(&r, NULL);
	rig_listen(&r, SRV, 8, 8);
	rig_client(&r);
	RIG_RAND(&r, 3000, 0);
	ck_assert_int_eq(
	        rig_connect(&r, 0, "192.0.2.1:40001", SRV, TFO_CONNECT_FASTOPEN, "data", &ep), 4);
	s = seg("192.0.2.7:1234", SRV, TFO_TH_SYN, 9, 0, 100);
	seg_cookie(&s, 0, rig_cookie(&r, KEY_A, "192.0.2.7", "192.168.0.1"));
	seg_data(&s, "tfo data");
	rig_in(&r, MS(1), &s);
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 3);
	before = r.nout;
	tfo_host_del(r.h);
	ck_assert_uint_eq(r.nout, before);
	ck_assert_int_eq(r.ta.live, 0);
	r.h = NULL;
	rig_free(&r);
}
END_TEST

/* An allocator that counts bytes, for memory per connection. */
struct bytes_alloc {
	tfo_allocator a;
	size_t bytes;
};

static void *ba_malloc(size_t size, void *user)
{
	struct bytes_alloc *b = user;
	size_t *p = malloc(size + sizeof(size_t));

	if (!p)
		return NULL;
	*p = size;
	b->bytes += size;
	return p + 1;
}

static void ba_free(void *ptr, void *user)
{
	struct bytes_alloc *b = user;
	size_t *p = (size_t *)ptr - 1;

	b->bytes -= *p;
	free(p);
}

static void out_drop(void *user, tfo_time now, const tfo_segment *s)
{
	(void)user;
	(void)now;
	(void)s;
}

static void rnd_count(void *user, uint8_t *b, size_t n)
{
	uint32_t *c = user;

	(*c)++;
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(*c >> (8 * (i % 4)));
}

START_TEST(memory_per_handshake)
{
	/* The issue: a connection in the handshake costs well under 1 KiB: 20000 TFO
	 * children in SYN-RECEIVED holding 6 bytes of SYN data each, on one server */
	struct bytes_alloc ba = { { ba_malloc, ba_free, NULL }, 0 };
	uint32_t counter = 0;
	tfo_callbacks cb = { &counter, out_drop, NULL, NULL, rnd_count };
	tfo_settings st = rig_settings(0x203);
	tfo_host *h = NULL;
	tfo_listener *l = NULL;
	tfo_sockaddr srv = sa(SRV);
	size_t base, per;
	const int n = 20000;

	ba.a.user = &ba;
	ck_assert_int_eq(tfo_host_new(&h, &st, &cb, &ba.a), 0);
	ck_assert_int_eq(tfo_listen(h, &srv, n, &l), 0);
	ck_assert_int_eq(tfo_listener_set_fastopen(l, n), 0);
	base = ba.bytes;
	for (int i = 0; i < n; i++) {
		tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, (uint32_t)i, 0, 65535);

		s.src.addr.bytes[2] = (uint8_t)(i >> 8);
		s.src.addr.bytes[3] = (uint8_t)i;
		seg_syn_opts(&s, 1, 0);
		seg_data(&s, "hello!");
		ck_assert_int_eq(tfo_host_input(h, 0, &s), 0);
	}
	ck_assert_uint_eq(tfo_host_endpoint_count(h), (size_t)n);
	per = (ba.bytes - base) / (size_t)n;
	printf("memory: sizeof(struct tfo_endpoint) %zu bytes; a TFO child in SYN-RECEIVED "
	       "holding 6 bytes costs %zu bytes (endpoint, 256-byte chunk, table, heap)\n",
	       sizeof(struct tfo_endpoint), per);
	ck_assert_uint_lt(sizeof(struct tfo_endpoint), 512);
	ck_assert_uint_lt(per, 1024);
	tfo_host_del(h);
	ck_assert_uint_eq(ba.bytes, 0);
}
END_TEST

START_TEST(many_connections_in_one_host)
{
	/* Thousands of endpoints, each found by its 4-tuple; timers due at the same instant
	 * fire in the order they were armed (the tie rule) */
	struct rig r;
	tfo_settings st = rig_settings(0x1);
	const int n = 5000;

	rig_init(&r, &st);
	r.quiet = 1;
	for (int i = 0; i < n; i++) {
		tfo_endpoint *ep = NULL;
		tfo_connect_args a = { .local = sa(CLI), .remote = sa(SRV) };

		a.local.port = (uint16_t)(1024 + (i * 7919) % 60000);
		ck_assert_int_eq(tfo_connect(r.h, 0, &a, &ep), 0);
	}
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), (size_t)n);
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), SEC(1));
	rig_skip(&r);
	rig_advance(&r, SEC(1));
	ck_assert_uint_eq(r.nout - r.next, (size_t)n);
	for (int i = 0; i < n; i++)
		ck_assert_uint_eq(r.out[r.next + (size_t)i].seg.src.port,
		                  1024 + (i * 7919) % 60000);
	/* Linux 6.18 tcp_syn_linear_timeouts: the second retransmission 1 s later */
	ck_assert_uint_eq(tfo_host_next_deadline(r.h), SEC(2));
	rig_free(&r);
}
END_TEST

START_TEST(freed_endpoints_are_kept_for_the_next)
{
	/* Up to CONN_SPARE_MAX freed endpoints stay with the host and make the next ones
	 * without the allocator; the rest go back at once, all of them at tfo_host_del */
	struct rig r;
	tfo_settings st = rig_settings(0x1);
	tfo_endpoint *ep[CONN_SPARE_MAX + 5];
	const int n = (int)CONN_SPARE_MAX + 5;
	unsigned long calls;
	long live;

	rig_init(&r, &st);
	r.quiet = 1;
	for (int round = 0; round < 2; round++) {
		calls = r.ta.calls;
		for (int i = 0; i < n; i++) {
			tfo_connect_args a = { .local = sa(CLI), .remote = sa(SRV) };

			a.local.port = (uint16_t)(1024 + i);
			ck_assert_int_eq(tfo_connect(r.h, MS(round), &a, &ep[i]), 0);
		}
		ck_assert_uint_eq(tfo_host_endpoint_count(r.h), (size_t)n);
		/* The second round: only the 5 beyond the kept ones are allocated */
		if (round == 1)
			ck_assert_uint_eq(r.ta.calls - calls, 5);
		live = r.ta.live;
		for (int i = 0; i < n; i++)
			tfo_abort(ep[i], MS(round));
		ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
		ck_assert_int_eq(live - r.ta.live, 5);
	}
	rig_free(&r);
}
END_TEST

START_TEST(ephemeral_ports)
{
	/* Port 0: a random start in [port_lo, port_hi] from the random callback, then the
	 * next free one; EADDRNOTAVAIL when none is left; EADDRINUSE for a taken 4-tuple */
	struct rig r;
	tfo_settings st = rig_settings(0x1);
	tfo_endpoint *ep = NULL;

	st.port_lo = 50000;
	st.port_hi = 50001;
	rig_init(&r, &st);
	RIG_RAND(&r, 1, 1000, 0, 0, 1000, 0, 1);
	ck_assert_int_eq(rig_connect(&r, 0, "192.0.2.1:0", SRV, 0, NULL, &ep), 0);
	ck_assert_uint_eq(rig_last(&r)->seg.src.port, 50001);
	ck_assert_int_eq(rig_connect(&r, 0, "192.0.2.1:0", SRV, 0, NULL, &ep), 0);
	ck_assert_uint_eq(rig_last(&r)->seg.src.port, 50000);
	ck_assert_int_eq(rig_connect(&r, 0, "192.0.2.1:0", SRV, 0, NULL, &ep),
	                 TFO_ERR_ADDRNOTAVAIL);
	ck_assert_int_eq(rig_connect(&r, 0, "192.0.2.1:50000", SRV, 0, NULL, &ep),
	                 TFO_ERR_ADDRINUSE);
	ck_assert_int_eq(rig_connect(&r, 0, "[::1]:50000", SRV, 0, NULL, &ep), TFO_ERR_INVALID);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, "192.168.0.1:0", 0, NULL, &ep), TFO_ERR_INVALID);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, TFO_CONNECT_DEFER, "x", &ep),
	                 TFO_ERR_INVALID);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, "x", &ep), TFO_ERR_INVALID);
	rig_free(&r);
}
END_TEST

START_TEST(events_lost_without_memory)
{
	/* An event that cannot be queued is logged and the call says TFO_ERR_NOMEM;
	 * nothing leaks: 40 children reset by a listener close need 80 events */
	struct rig r;
	tfo_listener *l;

	rig_init(&r, NULL);
	l = rig_listen(&r, SRV, 64, 0);
	for (int i = 0; i < 40; i++) {
		tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);

		s.src.port = (uint16_t)(1000 + i);
		rig_in(&r, 0, &s);
	}
	r.ta.fail_at = r.ta.calls + 1;
	tfo_listener_close(l, MS(1));
	ck_assert(rig_log_has(&r, "lost: no memory"));
	ck_assert_uint_eq(tfo_host_endpoint_count(r.h), 0);
	rig_free(&r);
}
END_TEST

/* Echo: each side answers what it reads with as many bytes. */
static void echo(struct rig *r, tfo_time now, const tfo_event *ev)
{
	struct net *n = r->user;
	char buf[2000];
	int got;

	if (ev->type == TFO_EV_ACCEPT) {
		tfo_endpoint *ep;

		while (tfo_accept(ev->listener, &ep) == 0)
			;
		return;
	}
	if (ev->type != TFO_EV_READABLE || n->replies >= 2000)
		return;
	got = tfo_read(ev->ep, now, buf, sizeof(buf));
	if (got > 0) {
		n->replies++;
		ck_assert_int_eq(tfo_write(ev->ep, now, buf, (size_t)got), got);
	}
}

START_TEST(steady_state_does_not_allocate)
{
	/* The issue: no allocation per segment in the steady state: 2000 exchanges of 1000
	 * bytes on one connection after the first few call the allocator no more */
	struct net *n = calloc(1, sizeof(*n));
	tfo_endpoint *ep = NULL;
	static const char msg[1001] = { 'm' };
	unsigned long calls[2];

	ck_assert_ptr_nonnull(n);
	net_init(n, 1);
	for (int i = 0; i < 2; i++)
		n->r[i].on_event = echo;
	RIG_RAND(&n->r[0], 1000, 0);
	RIG_RAND(&n->r[1], 5000, 0);
	ck_assert_int_eq(rig_connect(&n->r[0], 0, CLI, SRV, 0, NULL, &ep), 0);
	net_run(n, MS(100));
	ck_assert_int_eq(tfo_write(ep, MS(100), msg, 1000), 1000);
	net_run(n, MS(200));
	ck_assert_int_gt(n->replies, 10);
	calls[0] = n->r[0].ta.calls;
	calls[1] = n->r[1].ta.calls;
	net_run(n, SEC(100));
	ck_assert_int_eq(n->replies, 2000);
	ck_assert_uint_eq(n->r[0].ta.calls, calls[0]);
	ck_assert_uint_eq(n->r[1].ta.calls, calls[1]);
	ck_assert_uint_gt(rig_ctr(&n->r[0], TFO_CTR_OUT_SEGS), 2000);
	rig_free(&n->r[0]);
	rig_free(&n->r[1]);
	free(n);
}
END_TEST

Suite *host_suite(void)
{
	Suite *s = suite_create("host");
	TCase *tc = tcase_create("host");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, back_to_back_cold_then_warm);
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, host_new_failures);
	tcase_add_test(tc, host_new_arguments);
	tcase_add_test(tc, set_settings_takes_sysctls_not_sizes);
	tcase_add_test(tc, callbacks_may_call_in);
	tcase_add_test(tc, event_order);
	tcase_add_test(tc, muted_events);
	tcase_add_test(tc, output_and_log_are_not_reentrant);
	tcase_add_test(tc, output_names_its_sender);
	tcase_add_test(tc, addrs_match_the_info);
	tcase_add_test(tc, del_frees_everything);
	tcase_add_test(tc, memory_per_handshake);
	tcase_add_test(tc, many_connections_in_one_host);
	tcase_add_test(tc, freed_endpoints_are_kept_for_the_next);
	tcase_add_test(tc, ephemeral_ports);
	tcase_add_test(tc, events_lost_without_memory);
	tcase_add_test(tc, steady_state_does_not_allocate);
	suite_add_tcase(s, tc);
	return s;
}
