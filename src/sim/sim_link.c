/* One direction of a link: loss, queue, serialization, delay, jitter, reorder, dup. */
#include <stdio.h>
#include <string.h>

#include "sim_link.h"
#include "tfo_alloc.h"

const char *sim_drop_name(int drop)
{
	switch (drop) {
	case SIM_DROP_NONE:
		return "delivered";
	case SIM_DROP_SCRIPT:
		return "loss rule";
	case SIM_DROP_LOSS:
		return "random loss";
	case SIM_DROP_QUEUE:
		return "queue full";
	case SIM_DROP_MBOX:
		return "middlebox";
	case SIM_DROP_NAT:
		return "no NAT mapping";
	case SIM_DROP_NOROUTE:
		return "no route";
	case SIM_DROP_TIMEOUT:
		return "in flight at stop";
	default:
		return "?";
	}
}

static void stream(struct sim_rng *r, uint64_t seed, const char *label, const char *purpose)
{
	char name[96];

	snprintf(name, sizeof(name), "link %s %s", label, purpose);
	rng_init(r, seed, name);
}

int linkdir_init(struct sim_linkdir *d, const struct sim_scenario *sc, unsigned link, unsigned dir,
                 uint64_t seed, const char *label, const tfo_allocator *mem)
{
	memset(d, 0, sizeof(*d));
	d->cfg = sc->links[link].dir[dir];
	stream(&d->loss, seed, label, "loss");
	stream(&d->jitter, seed, label, "jitter");
	stream(&d->dup, seed, label, "dup");
	stream(&d->reorder, seed, label, "reorder");
	for (size_t i = 0; i < sc->nloss; i++) {
		if (sc->loss[i].link != link || sc->loss[i].dir != dir)
			continue;
		d->rules[d->nrules].kind = sc->loss[i].kind;
		d->rules[d->nrules].nth = sc->loss[i].nth;
		d->rules[d->nrules].index = (uint16_t)i;
		d->nrules++;
	}
	d->plain = !d->nrules && !d->cfg.loss_ppm && !d->cfg.rate_bps && !d->cfg.jitter &&
	           !d->cfg.reorder_ppm && !d->cfg.dup_ppm;
	if (d->cfg.rate_bps && d->cfg.queue) {
		d->ring = mem_zalloc(mem, d->cfg.queue, sizeof(*d->ring));
		if (!d->ring)
			return TFO_ERR_NOMEM;
		d->ring_cap = d->cfg.queue;
	}
	return 0;
}

void linkdir_free(struct sim_linkdir *d, const tfo_allocator *mem)
{
	mem_free(mem, d->ring);
	d->ring = NULL;
}

uint32_t pkt_kinds(const tfo_segment *seg)
{
	uint32_t k = 1u << SC_PK_PACKET;
	int syn = seg->flags & TFO_TH_SYN, ack = seg->flags & TFO_TH_ACK;

	if (syn && !ack)
		k |= 1u << SC_PK_SYN | (seg->len ? 1u << SC_PK_SYN_DATA : 0);
	if (syn && ack)
		k |= 1u << SC_PK_SYN_ACK;
	if (!syn && seg->len)
		k |= 1u << SC_PK_DATA;
	if (seg->flags & TFO_TH_FIN)
		k |= 1u << SC_PK_FIN;
	if (seg->flags & TFO_TH_RST)
		k |= 1u << SC_PK_RST;
	if (ack && !seg->len && !(seg->flags & (TFO_TH_SYN | TFO_TH_FIN | TFO_TH_RST)))
		k |= 1u << SC_PK_ACK;
	return k;
}

/* script: counts the packet and returns the index of the rule it hits, or -1. */
static int script(struct sim_linkdir *d, uint32_t kinds)
{
	int hit = -1;

	if (!d->nrules)
		return -1; /* the counts serve the rules alone */
	for (int k = 0; k < SC_PK_COUNT; k++)
		if (kinds & (1u << k))
			d->count[k]++;
	for (size_t i = 0; i < d->nrules && hit < 0; i++)
		if ((kinds & (1u << d->rules[i].kind)) &&
		    d->count[d->rules[i].kind] == d->rules[i].nth)
			hit = (int)i;
	return hit;
}

/*
 * queue: when the packet leaves the sender's end of the wire, or
 * TFO_TIME_NEVER when the queue is full. Packets whose serialization has
 * finished by now have left the queue.
 */
static tfo_time queue(struct sim_linkdir *d, tfo_time now, uint32_t bytes)
{
	uint64_t bits = (uint64_t)bytes * 8 * TFO_NS_PER_S;
	tfo_time start, done;

	if (!d->cfg.rate_bps)
		return now;
	while (d->ring_len && d->ring[d->ring_head] <= now) {
		d->ring_head = (d->ring_head + 1) % d->ring_cap;
		d->ring_len--;
	}
	if (d->ring_cap && d->ring_len == d->ring_cap)
		return TFO_TIME_NEVER;
	start = d->busy_until > now ? d->busy_until : now;
	done = start + (bits + d->cfg.rate_bps - 1) / d->cfg.rate_bps;
	d->busy_until = done;
	if (d->ring_cap) {
		d->ring[(d->ring_head + d->ring_len) % d->ring_cap] = done;
		d->ring_len++;
	}
	return done;
}

void linkdir_fate(struct sim_linkdir *d, tfo_time now, uint32_t kinds, uint32_t bytes,
                  struct sim_verdict *v)
{
	tfo_time left;
	int rule = script(d, kinds);

	memset(v, 0, sizeof(*v));
	if (rule >= 0) {
		v->drop = SIM_DROP_SCRIPT;
		v->rule = d->rules[rule].index;
		return;
	}
	/* rng_chance draws nothing at 0 ppm: the tests only skip its call */
	if (d->cfg.loss_ppm && rng_chance(&d->loss, d->cfg.loss_ppm)) {
		v->drop = SIM_DROP_LOSS;
		return;
	}
	left = queue(d, now, bytes);
	if (left == TFO_TIME_NEVER) {
		v->drop = SIM_DROP_QUEUE;
		return;
	}
	v->at = left + d->cfg.delay;
	if (d->cfg.jitter)
		v->at += rng_below(&d->jitter, d->cfg.jitter + 1);
	if (d->cfg.reorder_ppm && rng_chance(&d->reorder, d->cfg.reorder_ppm)) {
		v->at += d->cfg.reorder_delay;
		v->reordered = 1;
	}
	v->dup = d->cfg.dup_ppm && rng_chance(&d->dup, d->cfg.dup_ppm);
}
