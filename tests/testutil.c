#include <stdlib.h>

#include "testutil.h"

static void *ta_malloc(size_t size, void *user)
{
	struct test_alloc *ta = user;
	void *p;

	ta->calls++;
	if (ta->fail_at && ta->calls == ta->fail_at)
		return NULL;
	p = malloc(size);
	if (p)
		ta->live++;
	return p;
}

static void ta_free(void *ptr, void *user)
{
	struct test_alloc *ta = user;

	if (!ptr)
		return;
	ta->live--;
	free(ptr);
}

void test_alloc_init(struct test_alloc *ta, unsigned long fail_at)
{
	ta->a.malloc = ta_malloc;
	ta->a.free = ta_free;
	ta->a.user = ta;
	ta->calls = 0;
	ta->fail_at = fail_at;
	ta->live = 0;
}
