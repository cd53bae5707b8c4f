/*
 * Packets on the wire: a segment a host sends is encoded into a pooled
 * buffer, captured if its host is the observation point, passed through
 * the link's middleboxes (re-encoded when they change it, so checksums
 * stay right), then through the link; at delivery it is decoded again and
 * handed to the destination host. Every step is recorded in the trace of
 * the connection the packet belongs to. When the run captures nothing, no
 * one sees the bytes: the packet then carries the segment itself and its
 * payload, and the encoding and decoding (a third of a run) are skipped;
 * the bytes on the wire are still counted.
 */
#include <errno.h>
#include <string.h>

#include "sim_engine.h"
#include "sim_middlebox.h"
#include "sim_pcap.h"
#include "tfo_addr.h"

static void add_route(struct sim *s, uint32_t from, uint32_t to, unsigned link, unsigned dir,
                      const tfo_addr *a)
{
	struct sim_route *r;

	if (a->family == TFO_AF_NONE)
		return;
	r = &s->routes[s->nroutes++];
	r->from = from;
	r->to = to;
	r->link = (uint16_t)link;
	r->dir = (uint8_t)dir;
	r->addr = *a;
}

/* nat_on: the NAT on link l, or NULL. */
static const struct sc_mbox *nat_on(const struct sim_scenario *sc, unsigned l)
{
	for (size_t i = 0; i < sc->nmbox; i++)
		if (sc->mbox[i].link == l && sc->mbox[i].type == SC_MB_NAT)
			return &sc->mbox[i];
	return NULL;
}

/*
 * Each host reaches its link peers at their addresses, except a host
 * behind a NAT, which the other side reaches only at the NAT's public
 * addresses.
 */
static void routes(struct sim *s)
{
	const struct sim_scenario *sc = s->sc;

	for (unsigned l = 0; l < sc->nlinks; l++) {
		const struct sc_mbox *nat = nat_on(sc, l);

		for (unsigned dir = 0; dir < 2; dir++) {
			uint32_t from = dir ? sc->links[l].b : sc->links[l].a;
			uint32_t to = dir ? sc->links[l].a : sc->links[l].b;

			if (nat && nat->inside_dir != dir) {
				add_route(s, from, to, l, dir, &nat->nat);
				if (nat->has_rebind)
					add_route(s, from, to, l, dir, &nat->rebind);
				continue;
			}
			add_route(s, from, to, l, dir, &sc->hosts[to].addr4);
			add_route(s, from, to, l, dir, &sc->hosts[to].addr6);
		}
	}
}

int wire_setup(struct sim *s)
{
	const struct sim_scenario *sc = s->sc;
	char label[2 * SC_NAME_MAX + 2];

	routes(s);
	for (unsigned l = 0; l < sc->nlinks; l++) {
		for (unsigned dir = 0; dir < 2; dir++) {
			const char *a = sc->hosts[dir ? sc->links[l].b : sc->links[l].a].name;
			const char *b = sc->hosts[dir ? sc->links[l].a : sc->links[l].b].name;
			int rc;

			snprintf(label, sizeof(label), "%s>%s", a, b);
			rc = linkdir_init(&s->links[l][dir], sc, l, dir, s->opt->seed, label,
			                  s->mem);
			if (rc != 0)
				return rc;
		}
	}
	for (size_t i = 0; i < s->nroutes; i++) {
		struct sim_route *r = &s->routes[i];

		r->plain = !s->opt->pcap && !sc->nmbox && s->links[r->link][r->dir].plain;
	}
	return 0;
}

/*
 * route: the first route from host sh to dst. A host mostly sends to the
 * peer it sent to last: that route, the loop's first match for its
 * address, is tried first.
 */
static const struct sim_route *route(const struct sim *s, struct sim_host *sh, const tfo_addr *dst)
{
	const struct sim_route *r = sh->last_route;

	if (r && addr_equal(&r->addr, dst))
		return r;
	for (size_t i = 0; i < s->nroutes; i++)
		if (s->routes[i].from == sh->idx && addr_equal(&s->routes[i].addr, dst)) {
			sh->last_route = &s->routes[i];
			return &s->routes[i];
		}
	return NULL;
}

void wire_capture(struct sim *s, uint32_t host, const struct sim_packet *pkt)
{
	if (!s->opt->pcap || s->opt->pcap_host != (int)host || s->res->capture_errno)
		return;
	errno = 0;
	if (simpcap_write_packet(s->opt->pcap, s->now, pkt->bytes, pkt->len) != 0) {
		/* the caller names the file: keep the cause, stop the run */
		s->res->capture_errno = errno ? errno : EIO;
		sim_fail(s, TFO_ERR_INVALID);
	}
}

static int encode(struct sim *s, const tfo_segment *seg, struct sim_packet *pkt)
{
	size_t n;
	int rc = tfo_segment_encode(seg, pkt->bytes, s->pool.bufsize, &n);

	if (rc != 0)
		return rc;
	pkt->len = (uint32_t)n;
	pkt->encoded = 1;
	return 0;
}

/* keep: the segment as it is, its payload copied; len is what encode would give. */
static int keep(struct sim *s, const tfo_segment *seg, struct sim_packet *pkt)
{
	size_t n = tfo_segment_encoded_len(seg);

	if (n == 0 || n > s->pool.bufsize)
		return TFO_ERR_INVALID;
	pkt->seg = *seg;
	pkt->seg.payload = NULL;
	if (seg->len)
		memcpy(pkt->bytes, seg->payload, seg->len);
	pkt->len = (uint32_t)n;
	pkt->encoded = 0;
	return 0;
}

/* copy_packet: a duplicate of pkt, in either form. */
static void copy_packet(struct sim_packet *to, const struct sim_packet *from)
{
	to->len = from->len;
	to->encoded = from->encoded;
	to->seg = from->seg;
	memcpy(to->bytes, from->bytes, from->encoded ? from->len : from->seg.len);
}

/*
 * middleboxes: runs the link's middleboxes, in scenario order, on work.
 * Returns 0 to go on (ev->pkt.modified says what changed) or the drop.
 */
static int middleboxes(struct sim *s, const struct sim_route *r, tfo_segment *work,
                       struct trace_ev *ev)
{
	const struct sim_scenario *sc = s->sc;

	for (size_t i = 0; i < sc->nmbox; i++) {
		const struct sc_mbox *m = &sc->mbox[i];
		const struct sc_link *l = &sc->links[r->link];
		tfo_sockaddr src = work->src, dst = work->dst;
		int from_inside = r->dir == m->inside_dir, v;

		if (m->link != r->link)
			continue;
		v = mbox_apply(m, &sc->hosts[m->inside_dir ? l->b : l->a], from_inside, s->now,
		               work);
		if (v == MBOX_DROP) {
			ev->pkt.mbox = m->type;
			return SIM_DROP_MBOX;
		}
		if (v == MBOX_NO_MAPPING)
			return SIM_DROP_NAT;
		if (v != MBOX_MODIFIED)
			continue;
		if (m->type != SC_MB_NAT) {
			ev->pkt.modified |= TR_MOD_STRIPPED;
			continue;
		}
		ev->pkt.modified |= TR_MOD_NAT;
		ev->pkt.nat_from = from_inside ? src.addr : dst.addr;
		ev->pkt.nat_to = from_inside ? work->src.addr : work->dst.addr;
	}
	return SIM_DROP_NONE;
}

static void dropped(struct sim *s, struct sim_conn *c, struct trace_ev *ev, int why)
{
	s->res->dropped[why]++;
	ev->pkt.drop = (uint8_t)why;
	app_trace(s, c, ev);
}

/*
 * schedule: in line, though called twice (a packet, its duplicate): a
 * build with link-time optimisation then takes the lane push in line too.
 */
static inline void schedule(struct sim *s, struct sim_conn *c, const struct sim_route *r,
                            struct sim_packet *pkt, tfo_time at)
{
	pkt->conn = c;
	pkt->conn_gen = c ? c->gen : 0;
	if (sim_push_lane(s, 2 * (size_t)r->link + r->dir, at, EV_DELIVER, r->to, pkt) != 0)
		pool_put(&s->pool, pkt);
}

/* onto_link: the packet's fate on the link; schedules its delivery (and a duplicate's). */
static void onto_link(struct sim *s, struct sim_conn *c, const struct sim_route *r,
                      const tfo_segment *work, struct sim_packet *pkt, struct trace_ev *ev)
{
	struct sim_linkdir *d = &s->links[r->link][r->dir];
	struct sim_verdict v;
	struct sim_packet *copy;

	linkdir_send(d, s->now, d->nrules ? pkt_kinds(work) : 0, pkt->len, &v);
	if (v.drop) {
		ev->pkt.rule = (uint16_t)v.rule;
		pool_put(&s->pool, pkt);
		dropped(s, c, ev, v.drop);
		return;
	}
	ev->pkt.arrive = v.at;
	ev->pkt.reordered = (uint8_t)v.reordered;
	pkt->trace_idx = c && c->tr ? (int32_t)c->tr->len : -1;
	if (v.dup && (copy = pool_get(&s->pool)) != NULL) {
		copy_packet(copy, pkt);
		copy->trace_idx = pkt->trace_idx < 0 ? -1 : pkt->trace_idx + 1;
	} else {
		copy = NULL;
	}
	schedule(s, c, r, pkt, v.at);
	app_trace(s, c, ev);
	if (copy) {
		schedule(s, c, r, copy, v.at);
		ev->pkt.dup = 1;
		app_trace(s, c, ev);
	}
}

/*
 * trace_packet: ev for seg; a traced connection keeps its tcpdump line
 * too. Only a traced connection reads the packet's fields (app_trace):
 * for the others the middleboxes and the verdict only write them, and
 * read back pkt.modified alone, the one field set here.
 */
static void trace_packet(struct sim *s, struct sim_conn *c, struct trace_ev *ev,
                         const tfo_segment *seg, tfo_time now, int side)
{
	char line[TFO_SEGMENT_STRLEN + 2 * TFO_SOCKADDRSTRLEN];

	if (!c || !c->tr) {
		ev->pkt.modified = 0;
		return;
	}
	memset(ev, 0, sizeof(*ev));
	if (tfo_segment_format_line(seg, line, sizeof(line)) >= 0 &&
	    trace_text(c->tr, line, &ev->text, s->mem) != 0)
		sim_fail(s, TFO_ERR_NOMEM);
	ev->t = now;
	ev->type = TR_PACKET;
	ev->side = (uint8_t)side;
	ev->pkt.flags = seg->flags;
	ev->pkt.seq = seg->seq;
	ev->pkt.ack = seg->ack;
	ev->pkt.len = seg->len;
	ev->pkt.window = seg->window;
	/* Fast Open options mean something on SYNs only (RFC 7413 section 4.1.1). */
	if (seg->flags & TFO_TH_SYN)
		trace_tfo_from_segment(&ev->pkt, seg);
}

/*
 * new_packet: a packet from the pool holding seg, encoded to bytes (a run
 * that captures) or kept as it is; NULL once the run has failed.
 */
static inline struct sim_packet *new_packet(struct sim *s, const tfo_segment *seg, int encoded)
{
	struct sim_packet *pkt = pool_get(&s->pool);

	if (!pkt || (encoded ? encode(s, seg, pkt) : keep(s, seg, pkt)) != 0) {
		pool_put(&s->pool, pkt);
		sim_fail(s, pkt ? TFO_ERR_INVALID : TFO_ERR_NOMEM);
		return NULL;
	}
	return pkt;
}

/*
 * plain_output: the commonest packet: on a connection nobody traces, on a
 * plain route (r->plain). It is kept and scheduled as the full path would
 * (no trace event, no verdict to build). Returns 0 when the full path
 * must take it.
 */
static int plain_output(struct sim *s, struct sim_conn *c, const struct sim_route *r,
                        const tfo_segment *seg)
{
	const struct sim_linkdir *d = &s->links[r->link][r->dir];
	struct sim_packet *pkt;

	if (!r->plain || (c && c->tr))
		return 0;
	pkt = new_packet(s, seg, 0); /* a plain route's run captures nothing */
	if (!pkt)
		return 1;
	pkt->trace_idx = -1;
	/* the delay alone: what linkdir_send() answers on a plain direction */
	schedule(s, c, r, pkt, s->now + d->cfg.delay);
	return 1;
}

/*
 * full_output: any packet: traced, captured, through middleboxes, onto
 * any link, or with no route. Out of line, so that the plain path does
 * not set up its frame (a trace event and a segment).
 */
static __attribute__((noinline)) void full_output(struct sim_host *sh, struct sim_conn *c,
                                                  const struct sim_route *r, tfo_time now,
                                                  const tfo_segment *seg)
{
	struct sim *s = sh->sim;
	struct sim_packet *pkt;
	struct trace_ev ev;
	tfo_segment work;
	const tfo_segment *out = seg; /* what goes on the link: work once a middlebox ran */
	int why = SIM_DROP_NONE;

	trace_packet(s, c, &ev, seg, now, c && sh->idx == c->server);
	if (!r) {
		dropped(s, c, &ev, SIM_DROP_NOROUTE);
		return;
	}
	pkt = new_packet(s, seg, s->opt->pcap != NULL);
	if (!pkt)
		return;
	if (s->opt->pcap) /* the call only for a run that captures */
		wire_capture(s, sh->idx, pkt);
	if (s->sc->nmbox) {
		work = *seg;
		out = &work;
		why = middleboxes(s, r, &work, &ev);
	}
	if (why == SIM_DROP_NONE && ev.pkt.modified &&
	    (pkt->encoded ? encode(s, &work, pkt) : keep(s, &work, pkt)) != 0) {
		pool_put(&s->pool, pkt);
		sim_fail(s, TFO_ERR_INVALID);
		return;
	}
	if (why != SIM_DROP_NONE) {
		pool_put(&s->pool, pkt);
		dropped(s, c, &ev, why);
		return;
	}
	onto_link(s, c, r, out, pkt, &ev);
}

void wire_output(struct sim_host *sh, tfo_time now, const tfo_segment *seg)
{
	struct sim *s = sh->sim;
	struct sim_conn *c = app_lookup_sent(s, sh->idx, tfo_host_sender(sh->h), seg);
	const struct sim_route *r = route(s, sh, &seg->dst.addr);

	s->res->sent++;
	if (!r || !plain_output(s, c, r, seg))
		full_output(sh, c, r, now, seg);
}

void wire_deliver(struct sim *s, struct sim_packet *pkt, uint32_t to)
{
	struct sim_host *sh = &s->hosts[to];
	tfo_segment dec;
	const tfo_segment *seg = &dec;
	int rc = 0;

	if (pkt->encoded) {
		rc = tfo_segment_decode(&dec, NULL, pkt->bytes, pkt->len);
	} else {
		/* the kept segment is handed over in place: the packet is done after this */
		pkt->seg.payload = pkt->seg.len ? pkt->bytes : NULL;
		seg = &pkt->seg;
	}
	if (rc != 0) {
		pool_put(&s->pool, pkt);
		sim_fail(s, rc);
		return;
	}
	s->res->delivered++;
	if (pkt->encoded) /* packets are encoded in a run that captures, and only there */
		wire_capture(s, to, pkt);
	s->ctx = pkt->conn && pkt->conn->gen == pkt->conn_gen ? pkt->conn : NULL;
	s->ctx_host = to;
	s->ctx_seg = seg;
	s->ctx_cause = s->ctx ? pkt->trace_idx : TR_NO_CAUSE;
	rc = tfo_host_input(sh->h, s->now, seg);
	s->ctx = NULL;
	s->ctx_seg = NULL;
	s->ctx_cause = TR_NO_CAUSE;
	pool_put(&s->pool, pkt);
	if (rc != 0)
		sim_fail(s, rc);
	shost_rearm(sh);
}
