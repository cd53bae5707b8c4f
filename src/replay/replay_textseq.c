/*
 * tcpdump's relative sequence numbers, undone. The table holds one entry
 * per conversation that tcpdump would have one for; entries go when the
 * conversation is over (a RST, or a segment after FINs both ways), so the
 * table is as big as the number of open conversations.
 */
#include <string.h>

#include "replay_textseq.h"
#include "replay_tuple.h"
#include "tfo_alloc.h"
#include "tfo_hashtab.h"

#define MIN_BUCKETS 256u

struct entry {
	struct hnode hn;
	struct replay_tuple key;
	uint32_t base[2]; /* indexed by side: 0 = key.lo, 1 = key.hi */
	uint8_t fin[2];
};

struct replay_textseq {
	const tfo_allocator *mem;
	struct hashtab tab; /* of struct entry, by hn */
	int mode;
};

int replay_textseq_new(struct replay_textseq **out, const tfo_allocator *mem)
{
	struct replay_textseq *t;

	mem = mem_get(mem);
	t = mem_zalloc(mem, 1, sizeof(*t));
	if (!t)
		return TFO_ERR_NOMEM;
	t->mem = mem;
	if (htab_init(&t->tab, mem, MIN_BUCKETS) != 0) {
		mem_free(mem, t);
		return TFO_ERR_NOMEM;
	}
	*out = t;
	return 0;
}

static void free_entry(struct hnode *n, void *user)
{
	const struct replay_textseq *t = user;

	mem_free(t->mem, hnode_entry(n, struct entry, hn));
}

void replay_textseq_del(struct replay_textseq *t)
{
	if (!t)
		return;
	htab_drain(&t->tab, free_entry, t);
	htab_free(&t->tab, t->mem);
	mem_free(t->mem, t);
}

int replay_textseq_mode(const struct replay_textseq *t)
{
	return t->mode;
}

static struct entry *find(const struct replay_textseq *t, const struct replay_tuple *key)
{
	struct hnode *n;

	htab_for_each(&t->tab, replay_tuple_hash(key), n) {
		struct entry *e = hnode_entry(n, struct entry, hn);

		if (replay_tuple_equal(&e->key, key))
			return e;
	}
	return NULL;
}

static int32_t dist(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static uint32_t mag(int32_t d)
{
	return d < 0 ? (uint32_t)0 - (uint32_t)d : (uint32_t)d;
}

/* The first segment after the bases were set: which reading fits? */
static void decide(struct replay_textseq *t, const struct entry *e, int side,
                   const struct replay_text_line *l)
{
	uint32_t rel = 0, abs = 0;

	if (l->has_ack) {
		rel += mag((int32_t)l->ack);
		abs += mag(dist(l->ack, e->base[!side]));
	}
	if (l->has_seq) {
		rel += mag((int32_t)l->seq);
		abs += mag(dist(l->seq, e->base[side]));
	}
	if (rel != abs)
		t->mode = rel < abs ? SEQ_RELATIVE : SEQ_ABSOLUTE;
}

static int start(struct replay_textseq *t, struct entry *e, const struct replay_tuple *key,
                 int side, const struct replay_text_line *l)
{
	if (!e) {
		e = mem_zalloc(t->mem, 1, sizeof(*e));
		if (!e)
			return TFO_ERR_NOMEM;
		e->key = *key;
		/* Without memory to double, the chains just get longer. */
		(void)htab_insert(&t->tab, t->mem, &e->hn, replay_tuple_hash(key));
	}
	/* A pure ACK shows no seq: its base stays 0, which keeps this side's
	 * later seqs and the other side's acks consistent with each other. */
	e->base[side] = l->has_seq ? l->seq : 0;
	e->base[!side] = l->ack - 1;
	e->fin[0] = e->fin[1] = 0;
	return 0;
}

static void drop(struct replay_textseq *t, struct entry *e)
{
	htab_remove(&t->tab, &e->hn);
	mem_free(t->mem, e);
}

int replay_textseq_fix(struct replay_textseq *t, struct replay_text_line *l)
{
	struct replay_tuple key;
	struct entry *e;
	int side;

	if (!(l->seg.flags & TFO_TH_ACK) || t->mode == SEQ_ABSOLUTE)
		return 0;
	side = replay_tuple_make(&key, &l->seg.src, &l->seg.dst);
	e = find(t, &key);
	if (!e || (l->seg.flags & TFO_TH_SYN))
		return start(t, e, &key, side, l);
	if (t->mode == SEQ_UNDECIDED)
		decide(t, e, side, l);
	if (t->mode == SEQ_RELATIVE) {
		l->seq += l->has_seq ? e->base[side] : 0;
		l->ack += l->has_ack ? e->base[!side] : 0;
	}
	if (l->seg.flags & TFO_TH_RST || (e->fin[0] && e->fin[1] && !(l->seg.flags & TFO_TH_FIN)))
		drop(t, e);
	else if (l->seg.flags & TFO_TH_FIN)
		e->fin[side] = 1;
	return 0;
}
