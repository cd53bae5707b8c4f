/* A binary heap of events keyed by (time, insertion order). */
#include <string.h>

#include "sim_queue.h"
#include "tfo_alloc.h"

#define QUEUE_MIN_CAP 64

void queue_init(struct sim_queue *q, const tfo_allocator *mem)
{
	memset(q, 0, sizeof(*q));
	q->mem = mem;
}

void queue_free(struct sim_queue *q)
{
	mem_free(q->mem, q->heap);
	q->heap = NULL;
	q->len = q->cap = 0;
}

static int before(const struct sim_event *a, const struct sim_event *b)
{
	if (a->time != b->time)
		return a->time < b->time;
	return a->seq < b->seq;
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
int queue_push(struct sim_queue *q, const struct sim_event *ev)
{
	struct sim_event e = *ev;
	size_t i;

	if (q->len == q->cap && grow(q) != 0)
		return TFO_ERR_NOMEM;
	e.seq = q->next_seq++;
	for (i = q->len++; i > 0; i = (i - 1) / 2) {
		size_t parent = (i - 1) / 2;

		if (!before(&e, &q->heap[parent]))
			break;
		q->heap[i] = q->heap[parent];
	}
	q->heap[i] = e;
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
	if (--q->len)
		sift_down(q, &q->heap[q->len]);
	return 1;
}

tfo_time queue_next_time(const struct sim_queue *q)
{
	return q->len ? q->heap[0].time : TFO_TIME_NEVER;
}
