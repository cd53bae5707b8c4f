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

int queue_push(struct sim_queue *q, const struct sim_event *ev)
{
	size_t i;

	if (q->len == q->cap && grow(q) != 0)
		return TFO_ERR_NOMEM;
	i = q->len++;
	q->heap[i] = *ev;
	q->heap[i].seq = q->next_seq++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		struct sim_event tmp;

		if (!before(&q->heap[i], &q->heap[parent]))
			break;
		tmp = q->heap[i];
		q->heap[i] = q->heap[parent];
		q->heap[parent] = tmp;
		i = parent;
	}
	return 0;
}

static void sift_down(struct sim_queue *q)
{
	size_t i = 0;

	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct sim_event tmp;

		if (l < q->len && before(&q->heap[l], &q->heap[m]))
			m = l;
		if (r < q->len && before(&q->heap[r], &q->heap[m]))
			m = r;
		if (m == i)
			return;
		tmp = q->heap[i];
		q->heap[i] = q->heap[m];
		q->heap[m] = tmp;
		i = m;
	}
}

int queue_pop(struct sim_queue *q, struct sim_event *ev)
{
	if (q->len == 0)
		return 0;
	*ev = q->heap[0];
	q->heap[0] = q->heap[--q->len];
	sift_down(q);
	return 1;
}

tfo_time queue_next_time(const struct sim_queue *q)
{
	return q->len ? q->heap[0].time : TFO_TIME_NEVER;
}
