/*
 * libFuzzer harness for the endpoint: the input is a program for two
 * hosts, a client (192.0.2.1) and a server (192.168.0.1:80, a Fast Open
 * listener). Each operation comes from the input's bytes: deliver, drop,
 * duplicate or corrupt a segment in flight; inject a segment with chosen
 * flags, numbers near the live connections', options and payload;
 * advance time; connect, write, read, shut down, close or abort; accept;
 * rotate keys; use the socket layer; fail allocations. After every
 * operation the hosts must keep their promises (no timer in the past),
 * and at the end tfo_host_del() must free every byte. Any broken promise
 * aborts, which libFuzzer reports as a crash.
 */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#define MAXQ 64
#define MAXEP 32
#define PAYLOAD 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

struct in {
	const uint8_t *p;
	size_t n;
};

static uint32_t get(struct in *in, int bytes)
{
	uint32_t v = 0;

	for (int i = 0; i < bytes; i++) {
		v <<= 8;
		if (in->n) {
			v |= *in->p++;
			in->n--;
		}
	}
	return v;
}

struct alloc {
	tfo_allocator a;
	long live;
	unsigned long calls, fail_from, fail_count;
};

struct flight {
	int to; /* 0 client host, 1 server host */
	tfo_segment seg;
	uint8_t data[PAYLOAD];
};

struct world {
	struct alloc mem;
	tfo_host *h[2];
	tfo_listener *l;
	tfo_endpoint *ep[MAXEP];
	int nep;
	int fd[MAXEP];
	int nfd;
	struct flight q[MAXQ];
	int nq;
	tfo_time now;
	uint32_t rnd;
	uint8_t buf[PAYLOAD];
};

static void *fz_malloc(size_t size, void *user)
{
	struct alloc *m = user;
	void *p;

	m->calls++;
	if (m->fail_count && m->calls >= m->fail_from && m->calls < m->fail_from + m->fail_count)
		return NULL;
	p = malloc(size);
	if (p)
		m->live++;
	return p;
}

static void fz_free(void *ptr, void *user)
{
	struct alloc *m = user;

	if (!ptr)
		return;
	m->live--;
	free(ptr);
}

static void on_output(void *user, tfo_time now, const tfo_segment *seg)
{
	struct world *w = user;
	struct flight *f;

	(void)now;
	check(seg->len <= PAYLOAD);
	check(seg->optlen <= TFO_MAX_OPTLEN);
	if (w->nq == MAXQ)
		return;
	f = &w->q[w->nq++];
	f->seg = *seg;
	/* the client's segments go to the server and back: address decides */
	f->to = seg->dst.addr.bytes[0] == 192 && seg->dst.addr.bytes[1] == 168;
	if (seg->len)
		memcpy(f->data, seg->payload, seg->len);
	f->seg.payload = f->data;
}

static void on_random(void *user, uint8_t *buf, size_t len)
{
	struct world *w = user;

	for (size_t i = 0; i < len; i++) {
		w->rnd = w->rnd * 1103515245u + 12345u;
		buf[i] = (uint8_t)(w->rnd >> 16);
	}
}

/* Events: a light application that reads what arrives. */
static void on_event(void *user, tfo_time now, const tfo_event *ev)
{
	struct world *w = user;

	check(ev->type >= TFO_EV_STATE && ev->type <= TFO_EV_CLOSED);
	if (ev->type != TFO_EV_READABLE || !(w->rnd & 1))
		return;
	/* only endpoints the application still holds */
	for (int i = 0; i < w->nep; i++)
		if (w->ep[i] == ev->ep)
			tfo_read(ev->ep, now, w->buf, sizeof(w->buf));
}

static const uint8_t *const keys[] = { (const uint8_t *)"a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4",
	                               (const uint8_t *)"01234567-89abcdef-fedcba98-76543210" };

static int setup(struct world *w, struct in *in)
{
	tfo_callbacks cb = { w, on_output, on_event, NULL, on_random };
	tfo_settings s[2];
	tfo_sockaddr srv = { { TFO_AF_INET, { 192, 168, 0, 1 } }, 80 };
	uint8_t mode = (uint8_t)get(in, 1);

	w->mem.a.malloc = fz_malloc;
	w->mem.a.free = fz_free;
	w->mem.a.user = &w->mem;
	for (int i = 0; i < 2; i++) {
		tfo_settings_default(&s[i]);
		s[i].fastopen = i ? 0x3 | (mode & 0x4 ? 0x200u : 0) : 0x1 | (mode & 0x8 ? 0x4u : 0);
		s[i].blackhole_timeout = mode & 0x10 ? 10 * TFO_NS_PER_S : 0;
		s[i].delack = mode & 0x20 ? 40 * TFO_NS_PER_MS : 0;
		s[i].timestamps = !(mode & 0x40);
		s[i].rcvbuf = mode & 0x80 ? 3000 : 65535;
		s[i].sndbuf = mode & 0x80 ? 3000 : 65536;
		s[i].cookie_cache_max = 4;
		s[i].port_lo = 40000;
		s[i].port_hi = 40007;
		if (tfo_host_new(&w->h[i], &s[i], &cb, &w->mem.a) != 0)
			return -1;
	}
	if (tfo_keyring_parse(tfo_host_keyring(w->h[1]), (const char *)keys[0]) != 0)
		return -1;
	if (tfo_listen(w->h[1], &srv, 4, &w->l) != 0)
		return -1;
	tfo_listener_set_fastopen(w->l, (int)(mode & 3));
	return 0;
}

static tfo_endpoint *pick(struct world *w, struct in *in)
{
	return w->nep ? w->ep[get(in, 1) % (uint32_t)w->nep] : NULL;
}

static void forget(struct world *w, tfo_endpoint *ep)
{
	for (int i = 0; i < w->nep; i++)
		if (w->ep[i] == ep) {
			w->ep[i] = w->ep[--w->nep];
			return;
		}
}

static void keep(struct world *w, tfo_endpoint *ep)
{
	if (w->nep < MAXEP)
		w->ep[w->nep++] = ep;
	else
		tfo_abort(ep, w->now);
}

/* Sequence numbers near a live connection's, or anything. */
static uint32_t near(struct world *w, struct in *in, int ack)
{
	tfo_endpoint *ep = pick(w, in);
	tfo_endpoint_info info;
	uint32_t mode = get(in, 1);

	if (!ep || mode < 64)
		return get(in, 4);
	tfo_endpoint_get_info(ep, &info);
	return (ack ? info.snd_nxt : info.rcv_nxt) + (uint32_t)(int8_t)get(in, 1);
}

static void inject(struct world *w, struct in *in)
{
	uint32_t ctl = get(in, 1);
	tfo_segment s;
	uint8_t optlen = (uint8_t)(get(in, 1) % (TFO_MAX_OPTLEN + 1));
	uint32_t len = get(in, 1);

	memset(&s, 0, sizeof(s));
	s.src.addr.family = s.dst.addr.family = TFO_AF_INET;
	s.src.addr.bytes[0] = 192;
	s.src.addr.bytes[1] = ctl & 1 ? 168 : 0;
	s.src.addr.bytes[2] = ctl & 1 ? 0 : 2;
	s.src.addr.bytes[3] = 1;
	s.dst.addr.bytes[0] = 192;
	s.dst.addr.bytes[1] = ctl & 1 ? 0 : 168;
	s.dst.addr.bytes[2] = ctl & 1 ? 2 : 0;
	s.dst.addr.bytes[3] = 1;
	s.src.port = (uint16_t)(ctl & 2 ? 80 : 40000 + (get(in, 1) & 7));
	s.dst.port = (uint16_t)(ctl & 2 ? 40000 + (get(in, 1) & 7) : 80);
	if (ctl & 4)
		s.src.port = (uint16_t)get(in, 2);
	s.flags = (uint8_t)get(in, 1);
	s.seq = near(w, in, 0);
	s.ack = near(w, in, 1);
	s.window = (uint16_t)get(in, 2);
	for (uint8_t i = 0; i < optlen; i++)
		s.opts[i] = (uint8_t)get(in, 1);
	s.optlen = optlen;
	if (ctl & 8)
		tfo_opt_add_fastopen(&s, ctl & 16,
		                     (const uint8_t *)"\x30\x21\xb9\xd8\x89\x01\x7e\xeb",
		                     ctl & 32 ? 8 : 0);
	s.len = len > in->n ? (uint32_t)in->n : len;
	s.payload = in->p;
	in->p += s.len;
	in->n -= s.len;
	tfo_host_input(w->h[!(ctl & 1)], w->now, &s);
}

static void network(struct world *w, struct in *in, uint32_t op)
{
	int i;
	struct flight f;

	if (!w->nq)
		return;
	i = (int)(get(in, 1) % (uint32_t)w->nq);
	f = w->q[i];
	f.seg.payload = f.data;
	memmove(&w->q[i], &w->q[i + 1], (size_t)(w->nq - i - 1) * sizeof(f));
	w->nq--;
	switch (op % 4) {
	case 0:
		break; /* dropped */
	case 1:        /* corrupt a field */
		f.seg.seq ^= get(in, 1) << (get(in, 1) % 24);
		f.seg.flags ^= (uint8_t)get(in, 1);
		/* fall through */
	default:
		tfo_host_input(w->h[f.to], w->now, &f.seg);
		if (op % 4 == 3 && w->nq < MAXQ)
			w->q[w->nq++] = f; /* and again later */
		break;
	}
}

static void app_connect(struct world *w, struct in *in)
{
	static const unsigned flags[] = { 0, TFO_CONNECT_FASTOPEN, TFO_CONNECT_DEFER,
		                          TFO_CONNECT_FASTOPEN | TFO_CONNECT_SYN_DATA_ONLY,
		                          TFO_CONNECT_DEFER | TFO_CONNECT_SYN_DATA_ONLY };
	tfo_connect_args a;
	tfo_endpoint *ep = NULL;
	uint32_t c = get(in, 1);

	memset(&a, 0, sizeof(a));
	a.local.addr.family = a.remote.addr.family = TFO_AF_INET;
	memcpy(a.local.addr.bytes, "\xc0\x00\x02\x01", 4);
	memcpy(a.remote.addr.bytes, "\xc0\xa8\x00\x01", 4);
	a.local.port = c & 8 ? 0 : (uint16_t)(40000 + (c & 7));
	a.remote.port = 80;
	a.flags = flags[(c >> 4) % 5];
	if (a.flags & TFO_CONNECT_FASTOPEN) {
		a.len = get(in, 2) % sizeof(w->buf);
		a.data = w->buf;
	}
	if (tfo_connect(w->h[0], w->now, &a, &ep) >= 0)
		keep(w, ep);
}

static void app_call(struct world *w, struct in *in, uint32_t op)
{
	tfo_endpoint *ep = pick(w, in);
	uint32_t n = get(in, 2) % 5000;
	static const uint8_t big[5000];

	if (!ep)
		return;
	switch (op % 5) {
	case 0:
		tfo_write(ep, w->now, big, n);
		break;
	case 1:
		tfo_read(ep, w->now, w->buf, n % sizeof(w->buf));
		break;
	case 2:
		tfo_shutdown(ep, w->now);
		break;
	case 3:
		forget(w, ep);
		tfo_close(ep, w->now);
		break;
	default:
		forget(w, ep);
		tfo_abort(ep, w->now);
		break;
	}
}

static void sock_call(struct world *w, struct in *in)
{
	int h = get(in, 1) & 1, fd, r;
	uint32_t c = get(in, 1);
	tfo_sockaddr a = { { TFO_AF_INET, { 192, 0, 2, 1 } }, (uint16_t)(41000 + (c & 3)) };
	tfo_sockaddr srv = { { TFO_AF_INET, { 192, 168, 0, 1 } }, 80 };

	fd = w->nfd ? w->fd[get(in, 1) % (uint32_t)w->nfd] : -1;
	switch ((c >> 2) % 8) {
	case 0:
		r = tfo_sock_open(w->h[h]);
		if (r >= 0 && w->nfd < MAXEP)
			w->fd[w->nfd++] = r;
		break;
	case 1:
		tfo_sock_bind(w->h[0], fd, &a);
		break;
	case 2:
		tfo_sock_setsockopt(w->h[0], fd, (int)(c >> 5) % 4, (int)(c & 3));
		tfo_sock_connect(w->h[0], w->now, fd, &srv);
		break;
	case 3:
		tfo_sock_sendto(w->h[0], w->now, fd, w->buf, c * 7, TFO_MSG_FASTOPEN, &srv);
		break;
	case 4:
		tfo_sock_read(w->h[0], w->now, fd, w->buf, c);
		tfo_sock_poll(w->h[0], fd);
		break;
	case 5:
		tfo_sock_write(w->h[0], w->now, fd, w->buf, c * 5);
		break;
	case 6:
		tfo_sock_shutdown(w->h[0], w->now, fd, (int)(c & 3));
		break;
	default:
		if (tfo_sock_close(w->h[0], w->now, fd) == 0)
			for (int i = 0; i < w->nfd; i++)
				if (w->fd[i] == fd)
					w->fd[i] = w->fd[--w->nfd];
		break;
	}
}

static void server_call(struct world *w, struct in *in, uint32_t op)
{
	tfo_endpoint *ep = NULL;
	tfo_key k;

	switch (op % 3) {
	case 0:
		while (tfo_accept(w->l, &ep) == 0)
			keep(w, ep);
		break;
	case 1:
		if (tfo_key_parse(&k, (const char *)keys[get(in, 1) & 1]) == 0)
			tfo_keyring_rotate(tfo_host_keyring(w->h[1]), &k);
		break;
	default:
		tfo_listener_set_fastopen(w->l, (int)(get(in, 1) % 4));
		break;
	}
}

/* What every held endpoint must look like between calls. */
static void invariants(struct world *w)
{
	for (int i = 0; i < w->nep; i++) {
		tfo_endpoint_info info;

		tfo_endpoint_get_info(w->ep[i], &info);
		check(info.state >= TFO_CLOSED && info.state <= TFO_TIME_WAIT &&
		      info.state != TFO_LISTEN);
		check((int32_t)(info.snd_nxt - info.snd_una) >= 0);
		check(info.rcv_wnd <= 65535u << 14);
		check(info.outcome >= TFO_OUTCOME_PLAIN && info.outcome <= TFO_OUTCOME_INCOMPLETE);
		check(info.syn_data_acked <= info.syn_data);
		check(info.cookie_len <= TFO_COOKIE_MAX);
		check(tfo_endpoint_state(w->ep[i]) == info.state);
	}
	for (int i = 0; i < 2; i++)
		check(tfo_host_endpoint_count(w->h[i]) <= 4096);
}

static void step(struct world *w, struct in *in)
{
	uint32_t op = get(in, 1);

	switch (op % 9) {
	case 0:
	case 1:
		network(w, in, op / 9);
		break;
	case 2:
		inject(w, in);
		break;
	case 3:
		w->now += (tfo_time)get(in, 2) * TFO_NS_PER_MS;
		for (int i = 0; i < 2; i++) {
			tfo_host_advance(w->h[i], w->now);
			check(tfo_host_next_deadline(w->h[i]) > w->now);
		}
		break;
	case 4:
		app_connect(w, in);
		break;
	case 5:
		app_call(w, in, op / 9);
		break;
	case 6:
		server_call(w, in, op / 9);
		break;
	case 7:
		sock_call(w, in);
		break;
	default:
		/* the next few allocations fail */
		w->mem.fail_from = w->mem.calls + 1 + get(in, 1) % 8;
		w->mem.fail_count = 1 + get(in, 1) % 4;
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct world *w = calloc(1, sizeof(*w));
	struct in in = { data, size };

	if (!w)
		return 0;
	if (setup(w, &in) == 0)
		for (int n = 0; in.n && n < 2000; n++) {
			step(w, &in);
			invariants(w);
		}
	tfo_host_del(w->h[0]);
	tfo_host_del(w->h[1]);
	check(w->mem.live == 0);
	free(w);
	return 0;
}
