/*
 * A segment held by the control block (in the send queue, the send buffer,
 * the receive buffer or the receive queue) and the doubly linked list that
 * holds it.
 */
#ifndef KCP_SEG_H
#define KCP_SEG_H

#include <stdint.h>
#include <tfo/common.h>

struct kcp_seg {
	struct kcp_seg *prev, *next;
	uint32_t conv, cmd, frg, wnd, ts, sn, una, len;
	uint32_t resendts; /* when the next timeout retransmission is due */
	uint32_t rto;      /* this segment's own timeout, grown on each timeout */
	uint32_t fastack;  /* ACKs for later segments since the last send */
	uint32_t xmit;     /* times sent */
	uint8_t data[];
};

struct kcp_list {
	struct kcp_seg *head, *tail;
	uint32_t count;
};

/* seg_new: a zeroed segment with room for len data bytes, or NULL. */
struct kcp_seg *seg_new(const tfo_allocator *mem, uint32_t len);

/* seg_free: frees seg (NULL is fine). */
void seg_free(const tfo_allocator *mem, struct kcp_seg *seg);

/* list_push_back: appends seg to l. */
void list_push_back(struct kcp_list *l, struct kcp_seg *seg);

/* list_insert_after: puts seg after pos, or first when pos is NULL. */
void list_insert_after(struct kcp_list *l, struct kcp_seg *pos, struct kcp_seg *seg);

/* list_remove: unlinks seg from l (it must be in l). */
void list_remove(struct kcp_list *l, struct kcp_seg *seg);

/* list_append_all: moves every segment of from to the end of to. */
void list_append_all(struct kcp_list *to, struct kcp_list *from);

/* list_free_all: frees every segment of l and empties it. */
void list_free_all(struct kcp_list *l, const tfo_allocator *mem);

#endif /* KCP_SEG_H */
