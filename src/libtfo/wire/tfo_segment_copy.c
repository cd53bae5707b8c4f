/*
 * A segment that outlives the call that handed it out: a host's output
 * callback gets a segment whose payload points into the host's buffers,
 * valid only during the call.
 */
#include <string.h>

#include <tfo/wire.h>

#include "tfo_alloc.h"

/* The allocator is kept in front of the copy so that the free needs only the pointer. */
struct seg_block {
	tfo_segment seg;
	const tfo_allocator *mem;
	uint8_t payload[];
};

TFO_EXPORT tfo_segment *tfo_segment_dup(const tfo_segment *seg, const tfo_allocator *mem)
{
	struct seg_block *b;

	if (!seg || (seg->len && !seg->payload) || seg->len > TFO_SEGMENT_DUP_MAX)
		return NULL;
	mem = mem_get(mem);
	b = mem_alloc(mem, sizeof(*b) + seg->len);
	if (!b)
		return NULL;
	b->seg = *seg;
	b->mem = mem;
	if (seg->len)
		memcpy(b->payload, seg->payload, seg->len);
	b->seg.payload = seg->len ? b->payload : NULL;
	return &b->seg;
}

TFO_EXPORT void tfo_segment_free(tfo_segment *copy)
{
	struct seg_block *b = (struct seg_block *)copy;

	if (b)
		mem_free(b->mem, b);
}
