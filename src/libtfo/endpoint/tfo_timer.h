/*
 * Timers: an indexed binary min-heap ordered by (deadline, arming order),
 * so the next deadline is O(1), arming and stopping O(log n), and timers
 * due at the same instant fire in the order they were armed.
 *
 * Beside the heap, a list for timers armed for one fixed delay (TIME-WAIT:
 * one per closed connection, 60 s, by far the most numerous): each is
 * armed no earlier than the one before, so appending keeps the list in
 * order, and arming and stopping are O(1). The heap then holds only the
 * few timers of open connections. The earlier of the two heads is next.
 */
#ifndef TFO_TIMER_H
#define TFO_TIMER_H

#include <stdint.h>

#include <tfo/common.h>

#define TMR_IDLE UINT32_MAX
#define TMR_LISTED (UINT32_MAX - 1) /* idx of a timer on the list */

/* One timer, embedded in its owner. kind tells the owner which one fired. */
struct tmr {
	tfo_time when;
	uint64_t seq; /* arming order, for ties */
	uint32_t idx; /* position in the heap, TMR_LISTED, or TMR_IDLE when not armed */
	uint8_t kind;
	struct tmr *prev, *next; /* on the list */
};

struct tmr_heap {
	struct tmr **v;
	uint32_t n, cap;
	uint64_t seq;
	struct tmr *head, *tail; /* the list, in (when, seq) order */
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

/*
 * tmr_arm_fixed: as tmr_arm, for a timer armed for a delay the same for
 * all its kind: on the list when that keeps it in order, else in the heap.
 */
void tmr_arm_fixed(struct tmr_heap *hp, struct tmr *t, tfo_time when);

/* tmr_unarm: disarms t, which is armed. */
void tmr_unarm(struct tmr_heap *hp, struct tmr *t);

/*
 * tmr_stop: disarms t (idle timers are fine). The idle test in line: most
 * stops, one for every ACK sent (the delayed ACK), find the timer idle.
 */
static inline void tmr_stop(struct tmr_heap *hp, struct tmr *t)
{
	if (t->idx != TMR_IDLE)
		tmr_unarm(hp, t);
}

/* tmr_before: a is due before b: earlier, or as early and armed first. */
static inline int tmr_before(const struct tmr *a, const struct tmr *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

/* heap_min: the earliest timer, heap or list, or NULL. */
static inline struct tmr *heap_min(const struct tmr_heap *hp)
{
	struct tmr *h = hp->n ? hp->v[0] : NULL;

	if (!hp->head || (h && tmr_before(h, hp->head)))
		return h;
	return hp->head;
}

#endif /* TFO_TIMER_H */
