/* The default allocator and the helpers every module allocates through. */
#include <stdlib.h>
#include <string.h>

#include "tfo_alloc.h"

static void *libc_malloc(size_t size, void *user)
{
	(void)user;
	return malloc(size);
}

static void libc_free(void *ptr, void *user)
{
	(void)user;
	free(ptr);
}

static const tfo_allocator libc_allocator = { libc_malloc, libc_free, NULL };

TFO_EXPORT const tfo_allocator *tfo_allocator_default(void)
{
	return &libc_allocator;
}

const tfo_allocator *mem_get(const tfo_allocator *mem)
{
	return mem ? mem : &libc_allocator;
}

void *mem_alloc(const tfo_allocator *mem, size_t size)
{
	mem = mem_get(mem);
	return mem->malloc(size ? size : 1, mem->user);
}

void *mem_zalloc(const tfo_allocator *mem, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = mem_alloc(mem, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* Kept a call with n unknown (noipa: no constant propagated into a clone). */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noipa))
#endif
void mem_zero(void *p, size_t n)
{
	memset(p, 0, n);
}

void mem_free(const tfo_allocator *mem, void *ptr)
{
	if (!ptr)
		return;
	mem = mem_get(mem);
	mem->free(ptr, mem->user);
}
