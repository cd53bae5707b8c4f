/*
 * The reference experiment over libtfo's TCP: the same 1 ms loop and link
 * as KCP's run. TCP: one long connection (TFO off) carries every message
 * and its echo. TFO: a first connection fetches the cookie; then each
 * message opens a new connection with the message in its SYN (a warm
 * cookie), the server answers with the echo and the client closes, as a
 * request/response protocol would. Both ends delay ACKs by 40 ms (Linux's
 * minimum delayed-ACK timeout); the rest is libtfo's model (RTO from
 * 200 ms, doubling; fast retransmit on the third duplicate ACK; Reno;
 * cumulative ACKs only, out-of-order data dropped).
 */
#include <string.h>

#include "sim_compare.h"
#include "tfo_alloc.h"

#define DELACK_MS 40
#define PORT 7000

struct trun;

struct thost {
	struct trun *r;
	int side; /* 0: client, 1: server */
	tfo_host *h;
	struct sim_rng rng;
	tfo_sockaddr addr;
};

struct trun {
	const struct cmp_workload *w;
	int fastopen;
	const tfo_allocator *mem;
	struct cmp_dir d[2];
	struct thost host[2];
	tfo_listener *lis;
	tfo_endpoint *conn; /* TCP: the one connection */
	uint32_t now;
	uint8_t *buf;
	uint32_t *sent_at, *got, *lat; /* [echoes] */
	uint32_t nlat, next_msg;
	uint64_t stream_got, delivered_bytes;
	int err;
};

static tfo_time ns(uint32_t ms)
{
	return (tfo_time)ms * TFO_NS_PER_MS;
}

static void on_output(void *user, tfo_time now, const tfo_segment *seg)
{
	struct thost *th = user;
	struct trun *r = th->r;
	uint8_t pkt[CMP_PKT_MAX];
	size_t n;

	(void)now;
	if (tfo_segment_encode(seg, pkt, sizeof(pkt), &n) != 0) {
		r->err = TFO_ERR_INVALID;
		return;
	}
	cmp_dir_send(&r->d[th->side], r->now, pkt, n, n);
}

static void on_random(void *user, uint8_t *buf, size_t len)
{
	struct thost *th = user;

	rng_bytes(&th->rng, buf, len);
}

/* The echo server: everything read is written back; the peer's FIN closes. */
static void server_read(struct trun *r, tfo_endpoint *ep, tfo_time now)
{
	int n;

	while ((n = tfo_read(ep, now, r->buf, r->w->message)) > 0) {
		r->delivered_bytes += (uint64_t)n;
		if (tfo_write(ep, now, r->buf, (size_t)n) < 0)
			break;
	}
	if (n == 0)
		tfo_close(ep, now);
}

static void echo_done(struct trun *r, uint32_t index)
{
	if (r->nlat < r->w->echoes)
		r->lat[r->nlat++] = r->now - r->sent_at[index];
}

/* The client: TCP counts echoes in the stream; TFO has one per connection. */
static void client_read(struct trun *r, tfo_endpoint *ep, tfo_time now)
{
	uintptr_t tag = (uintptr_t)tfo_endpoint_user(ep);
	int n;

	while ((n = tfo_read(ep, now, r->buf, r->w->message)) > 0) {
		r->delivered_bytes += (uint64_t)n;
		if (!r->fastopen) {
			r->stream_got += (uint64_t)n;
			while (r->nlat < r->next_msg &&
			       r->stream_got >= (uint64_t)(r->nlat + 1) * r->w->message)
				echo_done(r, r->nlat);
			continue;
		}
		if (tag == 0)
			continue; /* the cookie-fetching connection */
		r->got[tag - 1] += (uint32_t)n;
		if (r->got[tag - 1] == r->w->message) {
			echo_done(r, (uint32_t)(tag - 1));
			tfo_close(ep, now);
			return;
		}
	}
}

static void on_event(void *user, tfo_time now, const tfo_event *ev)
{
	struct thost *th = user;
	struct trun *r = th->r;
	tfo_endpoint *ep;

	switch (ev->type) {
	case TFO_EV_ACCEPT:
		while (tfo_accept(ev->listener, &ep) == 0)
			server_read(r, ep, now);
		break;
	case TFO_EV_READABLE:
		if (th->side)
			server_read(r, ev->ep, now);
		else
			client_read(r, ev->ep, now);
		break;
	case TFO_EV_CONNECTED:
		/* The cookie-fetching connection has done its job */
		if (!th->side && r->fastopen && tfo_endpoint_user(ev->ep) == NULL)
			tfo_close(ev->ep, now);
		break;
	default:
		break;
	}
}

static int host_setup(struct trun *r, int side)
{
	struct thost *th = &r->host[side];
	tfo_callbacks cb = { th, on_output, on_event, NULL, on_random };
	tfo_settings s;
	int rc;

	th->r = r;
	th->side = side;
	rng_init(&th->rng, r->w->seed, side ? "compare host server" : "compare host client");
	tfo_settings_default(&s);
	s.delack = ns(DELACK_MS);
	s.fastopen = r->fastopen ? (side ? TFO_FASTOPEN_SERVER : TFO_FASTOPEN_CLIENT) : 0;
	rc = tfo_host_new(&th->h, &s, &cb, r->mem);
	if (rc != 0)
		return rc;
	tfo_sockaddr_parse(&th->addr, side ? "10.0.0.2:7000" : "10.0.0.1:0");
	if (side) {
		tfo_key key;

		tfo_key_parse(&key, "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4");
		rc = tfo_keyring_set(tfo_host_keyring(th->h), &key, NULL);
		if (rc == 0)
			rc = tfo_listen(th->h, &th->addr, 1024, &r->lis);
		if (rc == 0 && r->fastopen)
			rc = tfo_listener_set_fastopen(r->lis, 1024);
	}
	return rc;
}

static int open_conn(struct trun *r, uintptr_t tag, const uint8_t *data, size_t len)
{
	tfo_connect_args a;
	tfo_endpoint *ep;
	int rc;

	memset(&a, 0, sizeof(a));
	a.local = r->host[0].addr;
	a.remote = r->host[1].addr;
	a.data = data;
	a.len = len;

	if (r->fastopen)
		a.flags = TFO_CONNECT_FASTOPEN;
	rc = tfo_connect(r->host[0].h, ns(r->now), &a, &ep);
	if (rc < 0)
		return rc;
	tfo_endpoint_set_user(ep, (void *)tag);
	if (!r->fastopen)
		r->conn = ep;
	return 0;
}

static int send_message(struct trun *r, uint32_t index)
{
	int rc;

	memset(r->buf, 0, r->w->message);
	memcpy(r->buf, &index, 4);
	memcpy(r->buf + 4, &r->now, 4);
	r->sent_at[index] = r->now;
	r->next_msg = index + 1;
	if (r->fastopen)
		return open_conn(r, (uintptr_t)index + 1, r->buf, r->w->message);
	rc = tfo_write(r->conn, ns(r->now), r->buf, r->w->message);
	return rc < 0 ? rc : 0;
}

/* step: the timers due, as the reference's loop updates KCP each ms. */
static void step(struct trun *r)
{
	for (int side = 0; side < 2; side++) {
		tfo_host *h = r->host[side].h;

		if (tfo_host_next_deadline(h) <= ns(r->now) &&
		    tfo_host_advance(h, ns(r->now)) == TFO_ERR_NOMEM)
			r->err = TFO_ERR_NOMEM;
	}
}

static void deliver(struct trun *r, int dir)
{
	const struct cmp_pkt *p;

	while ((p = cmp_dir_recv(&r->d[dir], r->now)) != NULL) {
		tfo_segment seg;

		if (tfo_segment_decode(&seg, NULL, p->bytes, p->len) == 0 &&
		    tfo_host_input(r->host[!dir].h, ns(r->now), &seg) == TFO_ERR_NOMEM)
			r->err = TFO_ERR_NOMEM;
	}
}

static int have_cookie(const struct trun *r)
{
	uint8_t c[TFO_COOKIE_MAX];
	size_t len = 0;

	return tfo_host_cookie_get(r->host[0].h, &r->host[0].addr.addr, &r->host[1].addr.addr, c,
	                           &len, NULL) &&
	       len > 0;
}

static int loop(struct trun *r)
{
	const struct cmp_workload *w = r->w;
	uint32_t slap = 0, index = 0;
	int started = 0, rc = open_conn(r, 0, NULL, 0);

	while (rc == 0 && !r->err && r->nlat < w->echoes && r->now < w->limit_ms) {
		r->now++;
		step(r);
		/* TFO starts once the cookie is cached, TCP at once */
		if (!started && (!r->fastopen || have_cookie(r))) {
			started = 1;
			slap = r->now + w->every_ms;
		}
		for (; started && index < w->echoes && (int32_t)(r->now - slap) >= 0;
		     slap += w->every_ms)
			rc = send_message(r, index++);
		deliver(r, 0);
		deliver(r, 1);
	}
	return rc ? rc : r->err;
}

int cmp_run_tcp(const struct cmp_workload *w, int fastopen, const tfo_allocator *mem,
                struct cmp_result *out)
{
	struct trun *r = mem_zalloc(mem, 1, sizeof(*r));
	int rc = 0;

	if (!r)
		return TFO_ERR_NOMEM;
	r->w = w;
	r->fastopen = fastopen;
	r->mem = mem;
	r->buf = mem_alloc(mem, w->message);
	r->sent_at = mem_zalloc(mem, w->echoes, sizeof(*r->sent_at));
	r->got = mem_zalloc(mem, w->echoes, sizeof(*r->got));
	r->lat = mem_zalloc(mem, w->echoes, sizeof(*r->lat));
	if (!r->buf || !r->sent_at || !r->got || !r->lat)
		rc = TFO_ERR_NOMEM;
	for (int side = 0; rc == 0 && side < 2; side++) {
		rc = cmp_dir_init(&r->d[side], w, side ? "server>client" : "client>server", mem);
		if (rc == 0)
			rc = host_setup(r, side);
	}
	if (rc == 0)
		rc = loop(r);
	if (rc == 0) {
		for (int side = 0; side < 2; side++)
			out->retransmissions +=
			        tfo_host_counter(r->host[side].h, TFO_CTR_RETRANS_SEGS);
		out->wire_bytes = r->d[0].wire_bytes + r->d[1].wire_bytes;
		out->delivered_bytes = r->delivered_bytes;
		out->elapsed_ms = r->now;
		cmp_stats(out, r->lat, r->nlat);
	}
	for (int side = 0; side < 2; side++) {
		if (r->host[side].h)
			tfo_host_del(r->host[side].h);
		cmp_dir_free(&r->d[side], mem);
	}
	mem_free(mem, r->buf);
	mem_free(mem, r->sent_at);
	mem_free(mem, r->got);
	mem_free(mem, r->lat);
	mem_free(mem, r);
	return rc;
}
