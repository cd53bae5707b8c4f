/* Internal allocation helpers over a tfo_allocator. */
#ifndef TFO_ALLOC_H
#define TFO_ALLOC_H

#include <tfo/common.h>

/* mem_get: the allocator to use, given a caller's (possibly NULL) one. */
const tfo_allocator *mem_get(const tfo_allocator *mem);

/* mem_alloc: size bytes, or NULL. */
void *mem_alloc(const tfo_allocator *mem, size_t size);

/* mem_zalloc: n * size zeroed bytes, or NULL (also on overflow). */
void *mem_zalloc(const tfo_allocator *mem, size_t n, size_t size);

/*
 * mem_zero: n bytes at p set to zero by the C library's memset, for a
 * block of a size known when compiled: GCC writes a memset of one as a
 * rep stos, a step per 8 bytes (61 for an endpoint), where the library
 * stores 32 bytes a step.
 */
void mem_zero(void *p, size_t n);

/* mem_free: frees ptr (NULL is fine). */
void mem_free(const tfo_allocator *mem, void *ptr);

#endif /* TFO_ALLOC_H */
