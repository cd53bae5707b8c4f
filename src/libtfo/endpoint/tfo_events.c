/* The event queue (a ring that doubles when full) and the event names. */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_events.h"

#define EVQ_INITIAL 64u /* a power of two */

int evq_init(struct evq *q, const tfo_allocator *mem)
{
	memset(q, 0, sizeof(*q));
	q->v = mem_zalloc(mem, EVQ_INITIAL, sizeof(*q->v));
	if (!q->v)
		return TFO_ERR_NOMEM;
	q->cap = EVQ_INITIAL;
	return 0;
}

void evq_free(struct evq *q, const tfo_allocator *mem)
{
	mem_free(mem, q->v);
	memset(q, 0, sizeof(*q));
}

int evq_grow(struct evq *q, const tfo_allocator *mem)
{
	struct evq_entry *v;
	uint32_t cap = q->cap * 2;

	if (cap < q->cap)
		return TFO_ERR_NOMEM;
	v = mem_zalloc(mem, cap, sizeof(*v));
	if (!v)
		return TFO_ERR_NOMEM;
	for (uint32_t i = 0; i < q->n; i++)
		v[i] = q->v[(q->head + i) & (q->cap - 1)];
	mem_free(mem, q->v);
	q->v = v;
	q->cap = cap;
	q->head = 0;
	return 0;
}

void evq_purge(struct evq *q, const void *obj)
{
	for (uint32_t i = 0; i < q->n; i++) {
		struct evq_entry *e = &q->v[(q->head + i) & (q->cap - 1)];

		if (e->obj == obj)
			e->obj = NULL;
	}
}

static const char *const event_names[] = {
	[TFO_EV_STATE] = "state",       [TFO_EV_CONNECTED] = "connected",
	[TFO_EV_ACCEPT] = "accept",     [TFO_EV_READABLE] = "readable",
	[TFO_EV_WRITABLE] = "writable", [TFO_EV_COOKIE] = "cookie",
	[TFO_EV_ERROR] = "error",       [TFO_EV_CLOSED] = "closed",
};

TFO_EXPORT const char *tfo_event_name(int type)
{
	if (type < 0 || (size_t)type >= sizeof(event_names) / sizeof(event_names[0]))
		return "?";
	return event_names[type];
}
