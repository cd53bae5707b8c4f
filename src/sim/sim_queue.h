/*
 * The event queue: a binary min-heap ordered by (virtual time, insertion
 * order), so that events due at the same moment run in the order they were
 * scheduled. The heap array grows by doubling and never shrinks: once a
 * run has reached its largest number of pending events it allocates no
 * more.
 *
 * Lanes: events that usually come in time order (the packets of one link
 * direction with a fixed delay) may go into a lane, a FIFO of which only
 * the head sits in the heap. An event earlier than its lane's last goes
 * into the heap on its own, so the pop order is the heap's alone, whatever
 * the caller pushes: lanes only keep the heap small.
 */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <tfo/common.h>

/* 32 bytes, two vector moves: every heap step copies one. */
struct sim_event {
	tfo_time time;
	uint64_t seq;  /* insertion order, set by queue_push */
	void *ptr;     /* a packet or connection, owned by the engine */
	uint32_t arg;  /* an index (host, connection line, ...) */
	uint16_t type; /* the engine's event kinds */
	uint16_t lane; /* queue-internal: 1 + the lane whose head this is, or 0 */
};

/* A lane: a ring of events behind its head, which is in the heap. */
struct sim_lane {
	struct sim_event *ring;
	size_t head, len, cap; /* cap: 0 or a power of two */
	tfo_time last;         /* the time of the lane's latest event */
	int active;            /* its head is in the heap */
};

struct sim_queue {
	const tfo_allocator *mem;
	struct sim_event *heap;
	size_t len, cap;
	uint64_t next_seq;
	struct sim_lane *lanes;
	size_t nlanes;
};

/* queue_init: an empty queue allocating through mem (NULL: libc). */
void queue_init(struct sim_queue *q, const tfo_allocator *mem);

/* queue_free: releases the heap array and lanes (the events' pointers are the caller's). */
void queue_free(struct sim_queue *q);

/* queue_push: adds ev (its seq is overwritten). Returns 0 or TFO_ERR_NOMEM. */
int queue_push(struct sim_queue *q, const struct sim_event *ev);

/*
 * queue_set_lanes: n lanes, numbered 0 to n-1 (once, on an empty queue).
 * 0, TFO_ERR_NOMEM, or TFO_ERR_INVALID for 65535 lanes or more.
 */
int queue_set_lanes(struct sim_queue *q, size_t n);

/* queue_push_lane: queue_push through lane (< n). Returns 0 or TFO_ERR_NOMEM. */
int queue_push_lane(struct sim_queue *q, size_t lane, const struct sim_event *ev);

/* queue_pop: removes the earliest event into *ev. Returns 1, or 0 when empty. */
int queue_pop(struct sim_queue *q, struct sim_event *ev);

/* queue_next_time: the earliest event's time, or TFO_TIME_NEVER when empty (asked before every
 * pop). */
static inline tfo_time queue_next_time(const struct sim_queue *q)
{
	return q->len ? q->heap[0].time : TFO_TIME_NEVER;
}

#endif /* SIM_QUEUE_H */
