/* Segments and the lists of them. */
#include <stddef.h>
#include <string.h>

#include "kcp_seg.h"
#include "tfo_alloc.h"

struct kcp_seg *seg_new(const tfo_allocator *mem, uint32_t len)
{
	/* len is at most 2^31 (the decoder refuses more): no overflow here */
	struct kcp_seg *seg = mem_alloc(mem, sizeof(*seg) + len);

	if (seg)
		memset(seg, 0, sizeof(*seg));
	return seg;
}

void seg_free(const tfo_allocator *mem, struct kcp_seg *seg)
{
	mem_free(mem, seg);
}

void list_push_back(struct kcp_list *l, struct kcp_seg *seg)
{
	list_insert_after(l, l->tail, seg);
}

void list_insert_after(struct kcp_list *l, struct kcp_seg *pos, struct kcp_seg *seg)
{
	struct kcp_seg *next = pos ? pos->next : l->head;

	seg->prev = pos;
	seg->next = next;
	if (pos)
		pos->next = seg;
	else
		l->head = seg;
	if (next)
		next->prev = seg;
	else
		l->tail = seg;
	l->count++;
}

void list_remove(struct kcp_list *l, struct kcp_seg *seg)
{
	if (seg->prev)
		seg->prev->next = seg->next;
	else
		l->head = seg->next;
	if (seg->next)
		seg->next->prev = seg->prev;
	else
		l->tail = seg->prev;
	seg->prev = seg->next = NULL;
	l->count--;
}

void list_append_all(struct kcp_list *to, struct kcp_list *from)
{
	if (!from->head)
		return;
	from->head->prev = to->tail;
	if (to->tail)
		to->tail->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	to->count += from->count;
	from->head = from->tail = NULL;
	from->count = 0;
}

void list_free_all(struct kcp_list *l, const tfo_allocator *mem)
{
	struct kcp_seg *seg = l->head;

	while (seg) {
		struct kcp_seg *next = seg->next;

		seg_free(mem, seg);
		seg = next;
	}
	l->head = l->tail = NULL;
	l->count = 0;
}
