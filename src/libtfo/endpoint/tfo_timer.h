/*
 * Timers: an indexed binary min-heap ordered by (deadline, arming order),
 * so the next deadline is O(1), arming and stopping O(log n), and timers
 * due at the same instant fire in the order they were armed.
 */
#ifndef TFO_TIMER_H
#define TFO_TIMER_H

#include <stdint.h>

#include <tfo/common.h>

#define TMR_IDLE UINT32_MAX

/* One timer, embedded in its owner. kind tells the owner which one fired. */
struct tmr {
	tfo_time when;
	uint64_t seq; /* arming order, for ties */
	uint32_t idx; /* position in the heap, TMR_IDLE when not armed */
	uint8_t kind;
};

struct tmr_heap {
	struct tmr **v;
	uint32_t n, cap;
	uint64_t seq;
};

/* tmr_init: an idle timer of the given kind. */
void tmr_init(struct tmr *t, uint8_t kind);

static inline int tmr_armed(const struct tmr *t)
{
	return t->idx != TMR_IDLE;
}

void heap_init(struct tmr_heap *hp);
void heap_free(struct tmr_heap *hp, const tfo_allocator *mem);

/*
 * heap_reserve: room for total timers, so that arming never allocates.
 * Returns 0 or TFO_ERR_NOMEM.
 */
int heap_reserve(struct tmr_heap *hp, const tfo_allocator *mem, uint32_t total);

/* tmr_arm: (re)arms t for when; it goes after timers already armed for the same time. */
void tmr_arm(struct tmr_heap *hp, struct tmr *t, tfo_time when);

/* tmr_stop: disarms t (idle timers are fine). */
void tmr_stop(struct tmr_heap *hp, struct tmr *t);

/* heap_min: the earliest timer, or NULL. */
static inline struct tmr *heap_min(const struct tmr_heap *hp)
{
	return hp->n ? hp->v[0] : NULL;
}

#endif /* TFO_TIMER_H */
