/* The endpoint test rig (see rig.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rig.h"

tfo_settings rig_settings(uint32_t fastopen)
{
	tfo_settings s;

	tfo_settings_default(&s);
	s.fastopen = fastopen;
	return s;
}

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 64;
	p = realloc(p, *cap * size);
	ck_assert_ptr_nonnull(p);
	return p;
}

static void cb_output(void *user, tfo_time now, const tfo_segment *s)
{
	struct rig *r = user;
	struct rig_seg *o;

	r->out = grow(r->out, &r->cap, r->nout, sizeof(*r->out));
	o = &r->out[r->nout++];
	o->t = now;
	o->seg = *s;
	o->data = NULL;
	if (s->len) {
		o->data = malloc(s->len);
		ck_assert_ptr_nonnull(o->data);
		memcpy(o->data, s->payload, s->len);
		o->seg.payload = o->data;
	}
	ck_assert_int_gt(tfo_segment_format_line(s, o->line, sizeof(o->line)), 0);
	/* the output callback may not call back in */
	ck_assert_int_eq(tfo_host_advance(r->h, now), TFO_ERR_REENTRANT);
	if (r->on_output)
		r->on_output(r, now, &o->seg);
}

static void cb_event(void *user, tfo_time now, const tfo_event *ev)
{
	struct rig *r = user;

	r->ev = grow(r->ev, &r->evcap, r->nev, sizeof(*r->ev));
	r->ev[r->nev].t = now;
	r->ev[r->nev].ev = *ev;
	r->nev++;
	if (r->on_event)
		r->on_event(r, now, ev);
}

static void cb_log(void *user, tfo_time now, const char *line)
{
	struct rig *r = user;

	(void)now;
	if (r->quiet)
		return;
	r->log = grow(r->log, &r->logcap, r->nlog, sizeof(*r->log));
	r->log[r->nlog] = strdup(line);
	ck_assert_ptr_nonnull(r->log[r->nlog]);
	r->nlog++;
}

static void cb_random(void *user, uint8_t *buf, size_t len)
{
	struct rig *r = user;
	uint32_t v = r->rndpos < r->nrnd ? r->rnd[r->rndpos++] : 0;

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(v >> (8 * (3 - i % 4)));
}

static int init(struct rig *r, const tfo_settings *s, unsigned long fail_at, uint32_t mute)
{
	tfo_settings def = rig_settings(0x3);
	tfo_callbacks cb = { r, cb_output, cb_event, cb_log, cb_random };
	int ret;

	memset(r, 0, sizeof(*r));
	test_alloc_init(&r->ta, fail_at);
	ret = tfo_host_new(&r->h, s ? s : &def, &cb, &r->ta.a);
	if (ret == 0)
		ck_assert_int_eq(tfo_keyring_parse(tfo_host_keyring(r->h), KEY_A), 0);
	if (ret == 0)
		ck_assert_int_eq(tfo_host_mute_events(r->h, mute), 0);
	return ret;
}

int rig_init_alloc(struct rig *r, const tfo_settings *s, unsigned long fail_at)
{
	return init(r, s, fail_at, 0);
}

void rig_init_muted(struct rig *r, const tfo_settings *s, uint32_t mute)
{
	ck_assert_int_eq(init(r, s, 0, mute), 0);
}

void rig_init(struct rig *r, const tfo_settings *s)
{
	ck_assert_int_eq(rig_init_alloc(r, s, 0), 0);
}

void rig_free(struct rig *r)
{
	tfo_host_del(r->h);
	ck_assert_int_eq(r->ta.live, 0);
	for (size_t i = 0; i < r->nout; i++)
		free(r->out[i].data);
	free(r->out);
	free(r->ev);
	for (size_t i = 0; i < r->nlog; i++)
		free(r->log[i]);
	free(r->log);
	memset(r, 0, sizeof(*r));
}

void rig_rand(struct rig *r, size_t n, const uint32_t *v)
{
	ck_assert_uint_le(n, sizeof(r->rnd) / sizeof(r->rnd[0]));
	memcpy(r->rnd, v, n * sizeof(*v));
	r->nrnd = n;
	r->rndpos = 0;
}

tfo_sockaddr sa(const char *text)
{
	tfo_sockaddr a;

	ck_assert_msg(tfo_sockaddr_parse(&a, text) == 0, "address %s", text);
	return a;
}

tfo_addr ad(const char *text)
{
	tfo_addr a;

	ck_assert_msg(tfo_addr_parse(&a, text) == 0, "address %s", text);
	return a;
}

tfo_segment seg(const char *src, const char *dst, uint8_t flags, uint32_t seq, uint32_t ack,
                uint16_t win)
{
	tfo_sockaddr s = sa(src), d = sa(dst);
	tfo_segment g;

	tfo_segment_init(&g, &s, &d);
	g.flags = flags;
	g.seq = seq;
	g.ack = ack;
	g.window = win;
	return g;
}

void seg_data(tfo_segment *s, const char *data)
{
	s->payload = (const uint8_t *)data;
	s->len = (uint32_t)strlen(data);
}

void seg_syn_opts(tfo_segment *s, uint32_t tsval, uint32_t tsecr)
{
	ck_assert_int_eq(tfo_opt_add_mss(s, 1460), 0);
	ck_assert_int_eq(tfo_opt_add_sack_perm(s), 0);
	ck_assert_int_eq(tfo_opt_add_ts(s, tsval, tsecr), 0);
	ck_assert_int_eq(tfo_opt_add_nop(s), 0);
	ck_assert_int_eq(tfo_opt_add_wscale(s, 7), 0);
}

void seg_ts(tfo_segment *s, uint32_t tsval, uint32_t tsecr)
{
	ck_assert_int_eq(tfo_opt_add_nop(s), 0);
	ck_assert_int_eq(tfo_opt_add_nop(s), 0);
	ck_assert_int_eq(tfo_opt_add_ts(s, tsval, tsecr), 0);
}

void seg_cookie(tfo_segment *s, int exp, const char *hex)
{
	uint8_t c[TFO_COOKIE_MAX];
	size_t n = 0, len;

	ck_assert_int_eq(tfo_hex_decode(hex, c, sizeof(c), &n), 0);
	ck_assert_int_eq(tfo_opt_add_fastopen(s, exp, c, n), 0);
	len = n + (exp ? 4 : 2);
	if ((len & 3) == 2) {
		ck_assert_int_eq(tfo_opt_add_nop(s), 0);
		ck_assert_int_eq(tfo_opt_add_nop(s), 0);
	}
}

int rig_in_r(struct rig *r, tfo_time t, const tfo_segment *s)
{
	return tfo_host_input(r->h, t, s);
}

void rig_in(struct rig *r, tfo_time t, const tfo_segment *s)
{
	ck_assert_int_eq(rig_in_r(r, t, s), 0);
}

void rig_advance(struct rig *r, tfo_time t)
{
	ck_assert_int_eq(tfo_host_advance(r->h, t), 0);
}

void rig_expect_at(struct rig *r, tfo_time t, const char *line, const char *file, int lineno)
{
	const struct rig_seg *o;

	ck_assert_msg(r->next < r->nout, "%s:%d: no segment left, wanted %s", file, lineno, line);
	o = &r->out[r->next++];
	ck_assert_msg(strcmp(o->line, line) == 0, "%s:%d: segment %zu\n got: %s\nwant: %s", file,
	              lineno, r->next - 1, o->line, line);
	ck_assert_msg(o->t == t, "%s:%d: segment %zu sent at %llu ns, wanted %llu ns", file, lineno,
	              r->next - 1, (unsigned long long)o->t, (unsigned long long)t);
}

void rig_expect_none_at(struct rig *r, const char *file, int lineno)
{
	ck_assert_msg(r->next == r->nout, "%s:%d: unexpected segment: %s", file, lineno,
	              r->next < r->nout ? r->out[r->next].line : "");
}

const struct rig_seg *rig_last(const struct rig *r)
{
	ck_assert_uint_gt(r->nout, 0);
	return &r->out[r->nout - 1];
}

void rig_skip(struct rig *r)
{
	r->next = r->nout;
}

int rig_log_has(const struct rig *r, const char *text)
{
	for (size_t i = 0; i < r->nlog; i++)
		if (strstr(r->log[i], text))
			return 1;
	return 0;
}

size_t rig_events(const struct rig *r, int type, const tfo_endpoint *ep)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nev; i++)
		if (r->ev[i].ev.type == type && (!ep || r->ev[i].ev.ep == ep))
			n++;
	return n;
}

const tfo_event *rig_last_event(const struct rig *r, int type)
{
	for (size_t i = r->nev; i-- > 0;)
		if (r->ev[i].ev.type == type)
			return &r->ev[i].ev;
	return NULL;
}

int rig_connect(struct rig *r, tfo_time t, const char *src, const char *dst, unsigned flags,
                const char *data, tfo_endpoint **ep)
{
	tfo_connect_args a;

	memset(&a, 0, sizeof(a));
	a.local = sa(src);
	a.remote = sa(dst);
	a.flags = flags;
	if (data) {
		a.data = (const uint8_t *)data;
		a.len = strlen(data);
	}
	return tfo_connect(r->h, t, &a, ep);
}

tfo_listener *rig_listen(struct rig *r, const char *addr, int backlog, int qlen)
{
	tfo_sockaddr a = sa(addr);
	tfo_listener *l = NULL;

	ck_assert_int_eq(tfo_listen(r->h, &a, backlog, &l), 0);
	ck_assert_int_eq(tfo_listener_set_fastopen(l, qlen), 0);
	return l;
}

const char *rig_read(struct rig *r, tfo_endpoint *ep, tfo_time t)
{
	int n = tfo_read(ep, t, r->rbuf, sizeof(r->rbuf) - 1);

	r->rbuf[n > 0 ? n : 0] = '\0';
	return r->rbuf;
}

uint64_t rig_ctr(const struct rig *r, int counter)
{
	return tfo_host_counter(r->h, counter);
}

const char *rig_cookie(struct rig *r, const char *key_text, const char *client, const char *server)
{
	tfo_key k;
	tfo_addr c = ad(client), s = ad(server);
	uint8_t out[8];
	char *h = r->hex[r->hexturn++ % 4];

	ck_assert_int_eq(tfo_key_parse(&k, key_text), 0);
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_SIPHASH, &k, &c, &s, out, 8), 0);
	ck_assert_int_eq(tfo_hex_encode(out, 8, h, 2 * TFO_COOKIE_MAX + 1), 16);
	return h;
}

tfo_endpoint *rig_client(struct rig *r)
{
	tfo_endpoint *ep = NULL;
	tfo_segment s;

	RIG_RAND(r, 1000, 0);
	ck_assert_int_eq(rig_connect(r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	seg_syn_opts(&s, 7000, 0);
	rig_in(r, MS(10), &s);
	ck_assert_int_eq(tfo_endpoint_state(ep), TFO_ESTABLISHED);
	rig_skip(r);
	return ep;
}

tfo_segment rig_peer(uint8_t flags, uint32_t seq, uint32_t ack)
{
	tfo_segment s = seg(SRV, CLI, flags, seq, ack, 512);

	seg_ts(&s, 7100, 10);
	return s;
}
