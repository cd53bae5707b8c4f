/* The timer heap: a binary min-heap of timer pointers with back-indices. */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_timer.h"

void tmr_init(struct tmr *t, uint8_t kind)
{
	memset(t, 0, sizeof(*t));
	t->idx = TMR_IDLE;
	t->kind = kind;
}

void heap_init(struct tmr_heap *hp)
{
	memset(hp, 0, sizeof(*hp));
}

void heap_free(struct tmr_heap *hp, const tfo_allocator *mem)
{
	mem_free(mem, hp->v);
	heap_init(hp);
}

/* Out of line: conn_new() calls it only when the heap lacks room, rarely. */
__attribute__((noinline)) int heap_reserve(struct tmr_heap *hp, const tfo_allocator *mem,
                                           uint32_t total)
{
	struct tmr **v;
	uint32_t cap;

	if (total <= hp->cap)
		return 0;
	cap = hp->cap ? hp->cap : 16;
	while (cap < total) {
		if (cap > UINT32_MAX / 2)
			return TFO_ERR_NOMEM;
		cap *= 2;
	}
	v = mem_zalloc(mem, cap, sizeof(*v));
	if (!v)
		return TFO_ERR_NOMEM;
	if (hp->n)
		memcpy(v, hp->v, hp->n * sizeof(*v));
	mem_free(mem, hp->v);
	hp->v = v;
	hp->cap = cap;
	return 0;
}

static void place(struct tmr_heap *hp, uint32_t i, struct tmr *t)
{
	hp->v[i] = t;
	t->idx = i;
}

static void sift_up(struct tmr_heap *hp, uint32_t i)
{
	struct tmr *t = hp->v[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!tmr_before(t, hp->v[parent]))
			break;
		place(hp, i, hp->v[parent]);
		i = parent;
	}
	place(hp, i, t);
}

static void sift_down(struct tmr_heap *hp, uint32_t i)
{
	struct tmr *t = hp->v[i];

	for (;;) {
		uint32_t l = 2 * i + 1, m = i;
		const struct tmr *best = t;

		if (l < hp->n && tmr_before(hp->v[l], best)) {
			m = l;
			best = hp->v[l];
		}
		if (l + 1 < hp->n && tmr_before(hp->v[l + 1], best))
			m = l + 1;
		if (m == i)
			break;
		place(hp, i, hp->v[m]);
		i = m;
	}
	place(hp, i, t);
}

static void unlist(struct tmr_heap *hp, struct tmr *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		hp->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		hp->tail = t->prev;
	t->prev = t->next = NULL;
}

void tmr_unarm(struct tmr_heap *hp, struct tmr *t)
{
	uint32_t i = t->idx;
	struct tmr *last;

	t->idx = TMR_IDLE;
	if (i == TMR_LISTED) {
		unlist(hp, t);
		return;
	}
	last = hp->v[--hp->n];
	if (last == t)
		return;
	/* last fills the hole: it moves up or down from there, never both */
	place(hp, i, last);
	if (i > 0 && tmr_before(last, hp->v[(i - 1) / 2]))
		sift_up(hp, i);
	else
		sift_down(hp, i);
}

void tmr_arm(struct tmr_heap *hp, struct tmr *t, tfo_time when)
{
	tmr_stop(hp, t);
	t->when = when;
	t->seq = hp->seq++;
	/* heap_reserve() made room for every timer that exists. */
	place(hp, hp->n++, t);
	sift_up(hp, t->idx);
}

void tmr_arm_fixed(struct tmr_heap *hp, struct tmr *t, tfo_time when)
{
	tmr_stop(hp, t);
	t->when = when;
	t->seq = hp->seq++;
	if (hp->tail && tmr_before(t, hp->tail)) {
		/* A shorter delay than the last one's (the setting changed): the heap orders it. */
		place(hp, hp->n++, t);
		sift_up(hp, t->idx);
		return;
	}
	t->idx = TMR_LISTED;
	t->prev = hp->tail;
	t->next = NULL;
	if (hp->tail)
		hp->tail->next = t;
	else
		hp->head = t;
	hp->tail = t;
}
