/*
 * KCP conversations in the engine. Each conversation ticks its two
 * endpoints when tfo_kcp_check() says (every interval at most), sends the
 * client's messages on schedule, carries every datagram as IP + UDP over
 * the link between the hosts (captured like TCP packets), and delivers it
 * to the other end, whose application reads at once: the server echoes
 * what it reads, the client times each echo. Message boundaries are counted
 * in bytes, so that stream mode is measured the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_engine.h"
#include "sim_kcp.h"
#include "sim_udp.h"
#include "tfo_alloc.h"

#define CLIENT_PORT_BASE 40000

static uint32_t ms_of(tfo_time t)
{
	return (uint32_t)(t / TFO_NS_PER_MS);
}

char *kcp_seg_label(char *buf, const tfo_kcp_segment *sg)
{
	switch (sg->cmd) {
	case TFO_KCP_CMD_PUSH:
		sprintf(buf, "PUSH sn=%u una=%u len=%u", (unsigned)sg->sn, (unsigned)sg->una,
		        (unsigned)sg->len);
		break;
	case TFO_KCP_CMD_ACK:
		sprintf(buf, "ACK sn=%u", (unsigned)sg->sn);
		break;
	case TFO_KCP_CMD_WINS:
		sprintf(buf, "WINS wnd=%u", (unsigned)sg->wnd);
		break;
	default:
		sprintf(buf, "%s", tfo_kcp_cmd_name(sg->cmd));
		break;
	}
	return buf;
}

/* The ladder label of a datagram: its segments, the retransmitted PUSHes marked. */
static void label(struct sim_kconv *kc, int side, const uint8_t *d, size_t len, char *out,
                  size_t cap)
{
	size_t off = 0, n = 0;

	out[0] = '\0';
	while (off < len) {
		tfo_kcp_segment sg;
		char one[64];
		int rc = tfo_kcp_segment_decode(d + off, len - off, &sg);

		if (rc < 0)
			break;
		off += (size_t)rc;
		kcp_seg_label(one, &sg);
		if (sg.cmd == TFO_KCP_CMD_PUSH) {
			if (kc->have_sn[side] && (int32_t)(sg.sn - kc->max_sn[side]) <= 0)
				strcat(one, " rtx");
			else
				kc->max_sn[side] = sg.sn;
			kc->have_sn[side] = 1;
		}
		if (n + strlen(one) + 3 < cap)
			n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "", one);
	}
}

static void trace_dgram(struct sim_kconv *kc, int side, const uint8_t *d, size_t len,
                        const struct sim_verdict *v, int drop)
{
	struct sim *s = kc->s;
	struct trace_ev ev;
	char text[160];

	if (!kc->tr)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.t = s->now;
	ev.type = TR_KCP;
	ev.side = (uint8_t)side;
	ev.pkt.len = (uint32_t)len;
	ev.pkt.drop = (uint8_t)drop;
	ev.pkt.rule = (uint16_t)(v ? v->rule : 0);
	ev.pkt.arrive = v ? v->at : 0;
	ev.pkt.reordered = (uint8_t)(v ? v->reordered : 0);
	label(kc, side, d, len, text, sizeof(text));
	if (trace_text(kc->tr, text, &ev.text, s->mem) != 0 || trace_add(kc->tr, &ev, s->mem) != 0)
		sim_fail(s, TFO_ERR_NOMEM);
	if (!drop && v && v->dup) {
		ev.pkt.dup = 1;
		if (trace_add(kc->tr, &ev, s->mem) != 0)
			sim_fail(s, TFO_ERR_NOMEM);
	}
}

static void deliver_at(struct sim_kconv *kc, int to, struct sim_packet *pkt, tfo_time at)
{
	pkt->conn = NULL;
	pkt->conn_gen = 0;
	sim_push(kc->s, at, EV_KCP_DELIVER, (uint32_t)(kc->idx * 2 + (uint32_t)to), pkt);
}

/* The output callback: one datagram from side onto the link. */
static int on_output(const uint8_t *d, size_t len, void *user)
{
	struct sim_kport *port = user;
	struct sim_kconv *kc = port->kc;
	struct sim *s = kc->s;
	int side = port->side;
	struct sim_packet *pkt = pool_get(&s->pool), *copy;
	struct sim_verdict v;

	if (!pkt) {
		sim_fail(s, TFO_ERR_NOMEM);
		return TFO_ERR_NOMEM;
	}
	pkt->encoded = 1;
	pkt->len = (uint32_t)udp_build(pkt->bytes, s->pool.bufsize, &kc->addr[side],
	                               &kc->addr[!side], d, len, kc->ip_id[side]++);
	if (!pkt->len) {
		pool_put(&s->pool, pkt);
		sim_fail(s, TFO_ERR_INVALID);
		return TFO_ERR_INVALID;
	}
	s->res->sent++;
	kc->r->datagrams++;
	kc->r->wire_bytes += pkt->len;
	wire_capture(s, kc->host[side], pkt);
	linkdir_send(&s->links[kc->link][kc->dir[side]], s->now, 1u << SC_PK_PACKET, pkt->len, &v);
	if (v.drop) {
		s->res->dropped[v.drop]++;
		trace_dgram(kc, side, d, len, &v, v.drop);
		pool_put(&s->pool, pkt);
		return 0;
	}
	trace_dgram(kc, side, d, len, &v, 0);
	if (v.dup && (copy = pool_get(&s->pool)) != NULL) {
		memcpy(copy->bytes, pkt->bytes, pkt->len);
		copy->len = pkt->len;
		deliver_at(kc, !side, copy, v.at);
	}
	deliver_at(kc, !side, pkt, v.at);
	return 0;
}

int kcp_setup(struct sim *s, char *err)
{
	const struct sim_scenario *sc = s->sc;

	if (!sc->nkcp)
		return 0;
	s->kconv = mem_zalloc(s->mem, sc->nkcp, sizeof(*s->kconv));
	s->res->kcp = mem_zalloc(s->mem, sc->nkcp, sizeof(*s->res->kcp));
	if (!s->kconv || !s->res->kcp) {
		snprintf(err, SC_ERR_MAX, "%s", tfo_strerror(TFO_ERR_NOMEM));
		return TFO_ERR_NOMEM;
	}
	s->res->nkcp = sc->nkcp;
	for (uint32_t i = 0; i < sc->nkcp; i++) {
		const struct sc_kcp *line = &sc->kcp[i];
		int l = scenario_find_link(sc, line->client, line->server);

		for (size_t m = 0; m < sc->nmbox; m++)
			if (sc->mbox[m].link == l && sc->mbox[m].type == SC_MB_NAT) {
				snprintf(
				        err, SC_ERR_MAX,
				        "kcp line %u crosses a nat, which translates only TCP here",
				        (unsigned)i + 1);
				return TFO_ERR_INVALID;
			}
		sim_push(s, line->at, EV_KCP_START, i, NULL);
	}
	return 0;
}

static const tfo_addr *host_addr(const struct sc_host *h, int family)
{
	return family == TFO_AF_INET ? &h->addr4 : &h->addr6;
}

static void schedule_tick(struct sim_kconv *kc)
{
	struct sim *s = kc->s;
	uint32_t ms = ms_of(s->now), a = tfo_kcp_check(kc->end[0], ms),
	         b = tfo_kcp_check(kc->end[1], ms);
	uint32_t next = (int32_t)(a - b) < 0 ? a : b;

	if ((int32_t)(next - ms) <= 0)
		next = ms + 1;
	sim_push(s, (tfo_time)(s->now / TFO_NS_PER_MS + (next - ms)) * TFO_NS_PER_MS, EV_KCP_TICK,
	         kc->idx, NULL);
}

static int conv_start(struct sim *s, uint32_t i)
{
	const struct sc_kcp *line = &s->sc->kcp[i];
	struct sim_kconv *kc = &s->kconv[i];
	struct kcp_result *r = &s->res->kcp[i];
	size_t buf = line->message > line->cfg[0].mtu ? line->message : line->cfg[0].mtu;

	kc->s = s;
	kc->line = line;
	kc->idx = i;
	kc->r = r;
	kc->host[0] = line->client;
	kc->host[1] = line->server;
	kc->addr[0].addr = *host_addr(&s->sc->hosts[line->client], line->family);
	kc->addr[0].port = (uint16_t)(CLIENT_PORT_BASE + i);
	kc->addr[1].addr = *host_addr(&s->sc->hosts[line->server], line->family);
	kc->addr[1].port = line->port;
	kc->link = (uint16_t)scenario_find_link(s->sc, line->client, line->server);
	kc->dir[0] = s->sc->links[kc->link].a == line->client ? 0 : 1;
	kc->dir[1] = (uint8_t)!kc->dir[0];
	r->line = i;
	r->conv = line->cfg[0].conv;
	r->preset = line->preset;
	r->client = kc->addr[0];
	r->server = kc->addr[1];
	r->start = s->now;
	kc->sent_at = mem_zalloc(s->mem, (size_t)line->count, sizeof(*kc->sent_at));
	kc->lat = mem_zalloc(s->mem, (size_t)line->count, sizeof(*kc->lat));
	kc->buf = mem_alloc(s->mem, buf);
	kc->bufsize = buf;
	if (!kc->sent_at || !kc->lat || !kc->buf)
		return TFO_ERR_NOMEM;
	if (i < s->opt->ladders) {
		kc->tr = mem_zalloc(s->mem, 1, sizeof(*kc->tr));
		if (!kc->tr)
			return TFO_ERR_NOMEM;
	}
	for (int side = 0; side < 2; side++) {
		int rc;

		kc->port[side].kc = kc;
		kc->port[side].side = side;
		rc = tfo_kcp_new(&line->cfg[side], s->mem, on_output, &kc->port[side],
		                 &kc->end[side]);
		if (rc != 0)
			return rc;
	}
	kc->started = 1;
	/* The first message, then the first update (which flushes it) at the start time */
	sim_push(s, s->now, EV_KCP_SEND, i, NULL);
	sim_push(s, s->now, EV_KCP_TICK, i, NULL);
	return 0;
}

/* The client's next message: its number in the first 4 bytes, then the pattern. */
static int conv_send(struct sim_kconv *kc)
{
	struct sim *s = kc->s;
	const struct sc_kcp *line = kc->line;
	uint64_t n = kc->next_msg;
	uint32_t num = (uint32_t)n;
	int rc;

	if (kc->done || n >= line->count)
		return 0;
	for (size_t i = 0; i < line->message; i++)
		kc->buf[i] = s->pattern[i % PATTERN_LEN];
	memcpy(kc->buf, &num, line->message < 4 ? line->message : 4);
	rc = tfo_kcp_send(kc->end[0], kc->buf, (size_t)line->message);
	if (rc < 0)
		return rc;
	kc->sent_at[n] = s->now;
	kc->next_msg++;
	kc->r->sent++;
	if (kc->next_msg < line->count)
		sim_push(s, s->now + line->every, EV_KCP_SEND, kc->idx, NULL);
	return 0;
}

/* What the application at side reads now: the server echoes, the client times. */
static int conv_read(struct sim_kconv *kc, int side)
{
	struct sim *s = kc->s;
	uint64_t msg = kc->line->message ? kc->line->message : 1;
	int n;

	while ((n = tfo_kcp_recv(kc->end[side], kc->buf, kc->bufsize)) >= 0) {
		kc->r->echo_bytes += (uint64_t)n;
		if (side == 1) {
			int rc = tfo_kcp_send(kc->end[1], kc->buf, (size_t)n);

			if (rc < 0)
				return rc;
			continue;
		}
		kc->got_bytes += (uint64_t)n;
		while (kc->r->echoed < kc->r->sent && kc->got_bytes >= (kc->r->echoed + 1) * msg) {
			struct trace_ev ev = { .t = s->now, .type = TR_KCP_ECHO };

			kc->lat[kc->r->echoed] = s->now - kc->sent_at[kc->r->echoed];
			ev.bytes = (uint32_t)kc->r->echoed;
			ev.pkt.arrive = kc->lat[kc->r->echoed];
			kc->r->echoed++;
			kc->r->end = s->now;
			if (kc->tr && trace_add(kc->tr, &ev, s->mem) != 0)
				return TFO_ERR_NOMEM;
		}
	}
	if (kc->r->echoed == kc->line->count)
		kc->done = 1;
	return 0;
}

static int conv_tick(struct sim_kconv *kc)
{
	uint32_t ms = ms_of(kc->s->now);

	if (kc->done)
		return 0;
	tfo_kcp_update(kc->end[0], ms);
	tfo_kcp_update(kc->end[1], ms);
	if (tfo_kcp_is_dead(kc->end[0]) || tfo_kcp_is_dead(kc->end[1])) {
		kc->r->dead = 1;
		kc->done = 1;
		return 0;
	}
	schedule_tick(kc);
	return 0;
}

static int conv_deliver(struct sim *s, struct sim_packet *pkt, uint32_t arg)
{
	struct sim_kconv *kc = &s->kconv[arg / 2];
	int to = (int)(arg % 2), rc;
	const uint8_t *payload;
	size_t plen;

	s->res->delivered++;
	wire_capture(s, kc->host[to], pkt);
	rc = udp_payload(pkt->bytes, pkt->len, &payload, &plen);
	if (rc == 0 && !kc->done)
		rc = tfo_kcp_input(kc->end[to], ms_of(s->now), payload, plen);
	pool_put(&s->pool, pkt);
	return rc == 0 && !kc->done ? conv_read(kc, to) : rc;
}

void kcp_event(struct sim *s, const struct sim_event *ev)
{
	int rc;

	switch (ev->type) {
	case EV_KCP_START:
		rc = conv_start(s, ev->arg);
		break;
	case EV_KCP_SEND:
		rc = conv_send(&s->kconv[ev->arg]);
		break;
	case EV_KCP_TICK:
		rc = conv_tick(&s->kconv[ev->arg]);
		break;
	default:
		rc = conv_deliver(s, ev->ptr, ev->arg);
		break;
	}
	if (rc != 0)
		sim_fail(s, rc);
}

static int cmp_time(const void *a, const void *b)
{
	tfo_time x = *(const tfo_time *)a, y = *(const tfo_time *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n sorted values. */
static tfo_time pct(const tfo_time *v, uint64_t n, unsigned p)
{
	uint64_t rank = (n * p + 99) / 100;

	return n ? v[rank ? rank - 1 : 0] : 0;
}

void kcp_finish(struct sim *s)
{
	for (size_t i = 0; i < s->res->nkcp; i++) {
		struct sim_kconv *kc = &s->kconv[i];
		struct kcp_result *r = &s->res->kcp[i];
		uint64_t n = r->echoed;

		if (!kc->started)
			continue;
		for (int side = 0; side < 2; side++) {
			tfo_kcp_stats st;

			tfo_kcp_stats_get(kc->end[side], &st);
			r->retrans_timeout += st.retrans_timeout;
			r->retrans_fast += st.retrans_fast;
		}
		r->finished = n == kc->line->count;
		for (uint64_t k = 0; k < n; k++)
			r->lat_sum += kc->lat[k];
		qsort(kc->lat, (size_t)n, sizeof(*kc->lat), cmp_time);
		r->lat_p50 = pct(kc->lat, n, 50);
		r->lat_p99 = pct(kc->lat, n, 99);
		r->lat_max = n ? kc->lat[n - 1] : 0;
	}
}

int kcp_take_ladders(struct sim *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->res->nkcp; i++)
		n += s->kconv[i].tr != NULL;
	if (!n)
		return 0;
	s->res->kcp_ladders = mem_zalloc(s->mem, n, sizeof(*s->res->kcp_ladders));
	if (!s->res->kcp_ladders)
		return TFO_ERR_NOMEM;
	for (size_t i = 0; i < s->res->nkcp; i++) {
		struct kcp_ladder *kl = &s->res->kcp_ladders[s->res->nkcp_ladders];

		if (!s->kconv[i].tr)
			continue;
		kl->res = &s->res->kcp[i];
		kl->line = &s->sc->kcp[i];
		kl->sc = s->sc;
		kl->tr = *s->kconv[i].tr;
		memset(s->kconv[i].tr, 0, sizeof(*s->kconv[i].tr));
		s->res->nkcp_ladders++;
	}
	return 0;
}

void kcp_teardown(struct sim *s)
{
	for (size_t i = 0; s->kconv && i < s->sc->nkcp; i++) {
		struct sim_kconv *kc = &s->kconv[i];

		tfo_kcp_free(kc->end[0]);
		tfo_kcp_free(kc->end[1]);
		mem_free(s->mem, kc->sent_at);
		mem_free(s->mem, kc->lat);
		mem_free(s->mem, kc->buf);
		if (kc->tr)
			trace_free(kc->tr, s->mem);
		mem_free(s->mem, kc->tr);
	}
	mem_free(s->mem, s->kconv);
	s->kconv = NULL;
}
