/* A binary heap of events keyed by (time, insertion order). */
#include <string.h>

#include "sim_queue.h"
#include "tfo_alloc.h"

#define QUEUE_MIN_CAP 64 /* a power of two: lane rings wrap by mask */

void queue_init(struct sim_queue *q, const tfo_allocator *mem)
{
	memset(q, 0, sizeof(*q));
	q->mem = mem;
}

void queue_free(struct sim_queue *q)
{
	for (size_t i = 0; i < q->nlanes; i++)
		mem_free(q->mem, q->lanes[i].ring);
	mem_free(q->mem, q->lanes);
	q->lanes = NULL;
	q->nlanes = 0;
	mem_free(q->mem, q->heap);
	q->heap = NULL;
	q->len = q->cap = 0;
}

int queue_set_lanes(struct sim_queue *q, size_t n)
{
	if (!n)
		return 0;
	if (n >= UINT16_MAX)
		return TFO_ERR_INVALID; /* an event names its lane in 16 bits */
	q->lanes = mem_zalloc(q->mem, n, sizeof(*q->lanes));
	if (!q->lanes)
		return TFO_ERR_NOMEM;
	q->nlanes = n;
	return 0;
}

/*
 * One 128-bit compare where the compiler has it: a subtract with borrow
 * and conditional moves in the sifts, where events often tie in time.
 */
static int before(const struct sim_event *a, const struct sim_event *b)
{
#if defined(__SIZEOF_INT128__)
	__extension__ typedef unsigned __int128 u128;
	u128 ka = (u128)a->time << 64 | a->seq;
	u128 kb = (u128)b->time << 64 | b->seq;

	return ka < kb;
#else
	if (a->time != b->time)
		return a->time < b->time;
	return a->seq < b->seq;
#endif
}

static int grow(struct sim_queue *q)
{
	size_t cap = q->cap ? q->cap * 2 : QUEUE_MIN_CAP;
	struct sim_event *h = mem_zalloc(q->mem, cap, sizeof(*h));

	if (!h)
		return TFO_ERR_NOMEM;
	if (q->len)
		memcpy(h, q->heap, q->len * sizeof(*h));
	mem_free(q->mem, q->heap);
	q->heap = h;
	q->cap = cap;
	return 0;
}

/*
 * Both sifts move a hole instead of swapping: each step copies one event,
 * not three, and the moving event is written once where it lands.
 */
static int heap_push(struct sim_queue *q, const struct sim_event *ev, uint16_t lane)
{
	struct sim_event e = *ev;
	size_t i;

	if (q->len == q->cap && grow(q) != 0)
		return TFO_ERR_NOMEM;
	e.seq = q->next_seq++;
	e.lane = lane;
	for (i = q->len++; i > 0; i = (i - 1) / 2) {
		size_t parent = (i - 1) / 2;

		if (!before(&e, &q->heap[parent]))
			break;
		q->heap[i] = q->heap[parent];
	}
	q->heap[i] = e;
	return 0;
}

int queue_push(struct sim_queue *q, const struct sim_event *ev)
{
	return heap_push(q, ev, 0);
}

static int ring_grow(struct sim_queue *q, struct sim_lane *l)
{
	size_t cap = l->cap ? l->cap * 2 : QUEUE_MIN_CAP;
	struct sim_event *r = mem_zalloc(q->mem, cap, sizeof(*r));

	if (!r)
		return TFO_ERR_NOMEM;
	for (size_t i = 0; i < l->len; i++)
		r[i] = l->ring[(l->head + i) & (l->cap - 1)];
	mem_free(q->mem, l->ring);
	l->ring = r;
	l->head = 0;
	l->cap = cap;
	return 0;
}

/*
 * Behind its head, a lane holds events in (time, seq) order, none earlier
 * than the head: the earliest of the heap is the earliest of all.
 */
int queue_push_lane(struct sim_queue *q, size_t lane, const struct sim_event *ev)
{
	struct sim_lane *l = &q->lanes[lane];
	struct sim_event *e;
	int rc;

	if (!l->active || ev->time < l->last) {
		rc = heap_push(q, ev, l->active ? 0 : (uint16_t)(lane + 1));
		if (rc == 0 && !l->active) {
			l->active = 1;
			l->last = ev->time;
		}
		return rc;
	}
	if (l->len == l->cap && ring_grow(q, l) != 0)
		return TFO_ERR_NOMEM;
	e = &l->ring[(l->head + l->len++) & (l->cap - 1)];
	*e = *ev;
	e->seq = q->next_seq++;
	e->lane = (uint16_t)(lane + 1);
	l->last = ev->time;
	return 0;
}

/* sift_down: e into the hole at the root, moving earlier children up. */
static void sift_down(struct sim_queue *q, const struct sim_event *e)
{
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, m;

		if (l >= q->len)
			break;
		m = l + 1 < q->len && before(&q->heap[l + 1], &q->heap[l]) ? l + 1 : l;
		if (!before(&q->heap[m], e))
			break;
		q->heap[i] = q->heap[m];
		i = m;
	}
	q->heap[i] = *e;
}

int queue_pop(struct sim_queue *q, struct sim_event *ev)
{
	if (q->len == 0)
		return 0;
	*ev = q->heap[0];
	if (ev->lane) {
		struct sim_lane *l = &q->lanes[ev->lane - 1];

		ev->lane = 0;
		if (l->len) {
			/* the lane's next event takes the head's place */
			const struct sim_event *next = &l->ring[l->head];

			l->head = (l->head + 1) & (l->cap - 1);
			l->len--;
			sift_down(q, next);
			return 1;
		}
		l->active = 0;
	}
	if (--q->len)
		sift_down(q, &q->heap[q->len]);
	return 1;
}
