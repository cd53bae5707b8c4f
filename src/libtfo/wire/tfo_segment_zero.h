/* Zeroing a segment, which every segment built or decoded starts with. */
#ifndef TFO_SEGMENT_ZERO_H
#define TFO_SEGMENT_ZERO_H

#include <stddef.h>
#include <string.h>

#include <tfo/wire.h>

/*
 * segment_zero: all of *seg zeroed, padding included, in three pieces of
 * at most 48 bytes: compilers turn each into a few vector stores, where
 * one memset of the whole was a string instruction of one step per 8
 * bytes, for every packet decoded and every segment sent.
 */
static inline void segment_zero(tfo_segment *seg)
{
	char *p = (char *)seg;
	const size_t a = offsetof(tfo_segment, flags), b = offsetof(tfo_segment, len);

	memset(p, 0, a);
	memset(p + a, 0, b - a);
	memset(p + b, 0, sizeof(*seg) - b);
}

#endif /* TFO_SEGMENT_ZERO_H */
