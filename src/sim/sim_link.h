/*
 * One direction of a link: the loss script, random loss, the queue and
 * serialization at the link's rate, one-way delay, jitter, reordering and
 * duplication. It decides a packet's fate; the engine moves the bytes.
 *
 * The order, per packet: count it (for the loss script), the script,
 * random loss, the queue (only with a rate: a packet waits while earlier
 * ones are serialized; beyond the queue limit it is dropped), then delay +
 * jitter + reordering; a duplicate arrives together with the original.
 * Every random decision draws from its own stream, so that turning on
 * duplication does not change which packets are lost.
 */
#ifndef SIM_LINK_H
#define SIM_LINK_H

#include <string.h>

#include "sim_rng.h"
#include "sim_scenario.h"

/* Why a packet did not arrive. */
enum sim_drop {
	SIM_DROP_NONE,
	SIM_DROP_SCRIPT,  /* a loss rule */
	SIM_DROP_LOSS,    /* random loss */
	SIM_DROP_QUEUE,   /* the queue was full */
	SIM_DROP_MBOX,    /* a middlebox dropped it */
	SIM_DROP_NAT,     /* to a NAT address no longer mapped */
	SIM_DROP_NOROUTE, /* no link leads to the destination */
	SIM_DROP_TIMEOUT  /* still in flight when the run stopped */
};

/* sim_drop_name: "loss rule", "random loss", "queue full", ... */
const char *sim_drop_name(int drop);

struct loss_rule {
	uint8_t kind;
	uint16_t index; /* in the scenario's loss list */
	uint64_t nth;
};

struct sim_linkdir {
	struct sc_dir cfg;
	struct sim_rng loss, jitter, dup, reorder;
	uint64_t count[SC_PK_COUNT]; /* packets seen, per kind (kept only with rules) */
	struct loss_rule rules[SC_MAX_LOSS];
	size_t nrules;
	tfo_time busy_until; /* the wire is serializing until then */
	tfo_time *ring;      /* departure times of queued packets */
	uint32_t ring_cap, ring_head, ring_len;
	int plain; /* a fixed delay alone: no rules, loss, rate, jitter, reorder or dup */
};

struct sim_verdict {
	int drop;      /* enum sim_drop */
	int rule;      /* SIM_DROP_SCRIPT: the index of the rule in the scenario */
	tfo_time at;   /* arrival time when not dropped */
	int dup;       /* 1: a copy arrives too, at the same time */
	int reordered; /* 1: held back by the reorder delay */
};

/*
 * linkdir_init: direction dir of link index link in sc, with random
 * streams derived from seed and label ("client>server"). Allocates the
 * queue ring when the direction has both a rate and a queue limit.
 * Returns 0 or TFO_ERR_NOMEM.
 */
int linkdir_init(struct sim_linkdir *d, const struct sim_scenario *sc, unsigned link, unsigned dir,
                 uint64_t seed, const char *label, const tfo_allocator *mem);

void linkdir_free(struct sim_linkdir *d, const tfo_allocator *mem);

/* pkt_kinds: the SC_PK_* kinds a segment counts as, one bit each. */
uint32_t pkt_kinds(const tfo_segment *seg);

/* linkdir_fate: linkdir_send() on a direction that is not plain. */
void linkdir_fate(struct sim_linkdir *d, tfo_time now, uint32_t kinds, uint32_t bytes,
                  struct sim_verdict *v);

/*
 * linkdir_send: the fate of a packet of the given kinds and wire size
 * entering the direction at now. kinds is read only when the direction
 * has loss rules (nrules). A plain direction (every packet) is answered
 * in line: every step would pass and draw nothing, leaving the delay.
 */
static inline void linkdir_send(struct sim_linkdir *d, tfo_time now, uint32_t kinds, uint32_t bytes,
                                struct sim_verdict *v)
{
	if (!d->plain) {
		linkdir_fate(d, now, kinds, bytes, v);
		return;
	}
	memset(v, 0, sizeof(*v));
	v->at = now + d->cfg.delay;
}

#endif /* SIM_LINK_H */
