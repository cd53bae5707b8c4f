/*
 * The reference experiment over KCP, as test.cpp runs it: every 1 ms both
 * ends are updated, the client sends a message (its number and the send
 * time) for each 20 ms that passed, the datagrams due are input (client to
 * server first), the server echoes what it received, and the client takes
 * the echo latency from the time inside the message.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_compare.h"
#include "sim_udp.h"
#include "tfo_alloc.h"

struct kport {
	struct cmp_dir *dir;
	uint32_t now;
};

static int kcp_out(const uint8_t *d, size_t len, void *user)
{
	struct kport *p = user;

	cmp_dir_send(p->dir, p->now, d, len, len + UDP_IP4_OVERHEAD);
	return 0;
}

struct krun {
	const struct cmp_workload *w;
	struct cmp_dir d[2]; /* [0] client to server, [1] back */
	struct kport port[2];
	tfo_kcp *k[2];
	uint32_t *lat;
	uint8_t *buf;
	uint32_t next;
	uint64_t delivered_bytes;
};

static int setup(struct krun *r, int preset, const tfo_allocator *mem)
{
	const struct cmp_workload *w = r->w;
	int rc;

	r->lat = mem_zalloc(mem, w->echoes, sizeof(*r->lat));
	r->buf = mem_alloc(mem, w->message);
	if (!r->lat || !r->buf)
		return TFO_ERR_NOMEM;
	for (int side = 0; side < 2; side++) {
		tfo_kcp_config cfg;

		rc = cmp_dir_init(&r->d[side], w, side ? "server>client" : "client>server", mem);
		if (rc != 0)
			return rc;
		r->port[side].dir = &r->d[side];
		tfo_kcp_config_preset(&cfg, 0x11223344, preset, side == 0);
		rc = tfo_kcp_new(&cfg, mem, kcp_out, &r->port[side], &r->k[side]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The datagrams due in direction dir, into end to. */
static int deliver(struct krun *r, int dir, uint32_t now)
{
	const struct cmp_pkt *p;

	r->port[!dir].now = now;
	while ((p = cmp_dir_recv(&r->d[dir], now)) != NULL) {
		int rc = tfo_kcp_input(r->k[!dir], now, p->bytes, p->len);

		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The server echoes; the client times each echo, which must come in order. */
static int apps(struct krun *r, uint32_t now)
{
	const uint32_t size = r->w->message;
	int n;

	while ((n = tfo_kcp_recv(r->k[1], r->buf, size)) >= 0) {
		r->delivered_bytes += (uint64_t)n;
		if (tfo_kcp_send(r->k[1], r->buf, (size_t)n) < 0)
			return TFO_ERR_NOMEM;
	}
	while ((n = tfo_kcp_recv(r->k[0], r->buf, size)) >= 0) {
		uint32_t sn, ts;

		memcpy(&sn, r->buf, 4);
		memcpy(&ts, r->buf + 4, 4);
		if (r->next == r->w->echoes)
			break; /* the run ends with this tick */
		if (sn != r->next)
			return TFO_ERR_INVALID; /* out of order: the protocol failed */
		r->delivered_bytes += (uint64_t)n;
		r->lat[r->next++] = now - ts;
	}
	return 0;
}

static int loop(struct krun *r, uint32_t *end)
{
	const struct cmp_workload *w = r->w;
	uint32_t now = 0, slap = w->every_ms, index = 0;
	int rc = 0;

	memset(r->buf, 0, w->message);
	while (rc == 0 && r->next < w->echoes && now < w->limit_ms) {
		now++;
		r->port[0].now = r->port[1].now = now;
		tfo_kcp_update(r->k[0], now);
		tfo_kcp_update(r->k[1], now);
		for (; (int32_t)(now - slap) >= 0; slap += w->every_ms) {
			memcpy(r->buf, &index, 4);
			memcpy(r->buf + 4, &now, 4);
			index++;
			if (tfo_kcp_send(r->k[0], r->buf, w->message) < 0)
				return TFO_ERR_NOMEM;
		}
		rc = deliver(r, 0, now);
		if (rc == 0)
			rc = deliver(r, 1, now);
		if (rc == 0)
			rc = apps(r, now);
	}
	*end = now;
	return rc;
}

int cmp_run_kcp(const struct cmp_workload *w, int preset, const tfo_allocator *mem,
                struct cmp_result *out)
{
	struct krun *r = mem_zalloc(mem, 1, sizeof(*r));
	uint32_t end = 0;
	int rc;

	if (!r)
		return TFO_ERR_NOMEM;
	r->w = w;
	rc = setup(r, preset, mem);
	if (rc == 0)
		rc = loop(r, &end);
	if (rc == 0) {
		for (int side = 0; side < 2; side++) {
			tfo_kcp_stats st;

			tfo_kcp_stats_get(r->k[side], &st);
			out->retransmissions += st.retrans_timeout + st.retrans_fast;
		}
		out->wire_bytes = r->d[0].wire_bytes + r->d[1].wire_bytes;
		out->delivered_bytes = r->delivered_bytes;
		out->elapsed_ms = end;
		cmp_stats(out, r->lat, r->next);
	}
	for (int side = 0; side < 2; side++) {
		tfo_kcp_free(r->k[side]);
		cmp_dir_free(&r->d[side], mem);
	}
	mem_free(mem, r->lat);
	mem_free(mem, r->buf);
	mem_free(mem, r);
	return rc;
}
