#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tfo_hex.h"

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

size_t test_unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = 0;

	while (*hex) {
		int hi, lo;

		if (*hex == ' ') {
			hex++;
			continue;
		}
		hi = hex_digit(hex[0]);
		lo = hi < 0 ? -1 : hex_digit(hex[1]);
		ck_assert_msg(lo >= 0 && n < cap, "bad hex or too long: %s", hex);
		out[n++] = (uint8_t)(hi << 4 | lo);
		hex += 2;
	}
	return n;
}

size_t test_count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
		n++;
	return n;
}
