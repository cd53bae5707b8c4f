/*
 * The host's event queue. Events are queued while a segment, timer or call
 * is handled and delivered once the host is consistent again, at the end
 * of the outermost entry point, so callbacks may call back in.
 */
#ifndef TFO_EVENTS_H
#define TFO_EVENTS_H

#include <tfo/tfo.h>

struct evq_entry {
	void *obj; /* the endpoint, or the listener for TFO_EV_ACCEPT; NULL: purged */
	uint8_t type;
	uint8_t old_state, new_state;
	uint8_t cookie_len;
	int32_t error;
	uint8_t cookie[TFO_COOKIE_MAX];
};

struct evq {
	struct evq_entry *v;
	uint32_t head, n, cap; /* cap: a power of two, so positions wrap by mask */
	uint64_t lost;         /* events dropped because the queue could not grow */
};

/* evq_init: a queue with room for 64 events. Returns 0 or TFO_ERR_NOMEM. */
int evq_init(struct evq *q, const tfo_allocator *mem);
void evq_free(struct evq *q, const tfo_allocator *mem);

/* evq_grow: doubles the room of a full q. Returns 0, or TFO_ERR_NOMEM (q unchanged). */
int evq_grow(struct evq *q, const tfo_allocator *mem);

/*
 * evq_push: appends a copy of e. The queue doubles when full; when that
 * allocation fails the event is lost and counted in q->lost. Returns 0
 * or TFO_ERR_NOMEM. In line, with evq_pop: every event takes both.
 */
static inline int evq_push(struct evq *q, const tfo_allocator *mem, const struct evq_entry *e)
{
	if (q->n == q->cap && evq_grow(q, mem) != 0) {
		q->lost++;
		return TFO_ERR_NOMEM;
	}
	q->v[(q->head + q->n) & (q->cap - 1)] = *e;
	q->n++;
	return 0;
}

/* evq_pop: takes the oldest event into *e. Returns 1, or 0 when empty. */
static inline int evq_pop(struct evq *q, struct evq_entry *e)
{
	if (q->n == 0)
		return 0;
	*e = q->v[q->head];
	q->head = (q->head + 1) & (q->cap - 1);
	q->n--;
	return 1;
}

/* evq_purge: forgets the queued events of obj. */
void evq_purge(struct evq *q, const void *obj);

#endif /* TFO_EVENTS_H */
