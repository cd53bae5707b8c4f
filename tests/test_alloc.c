/* The allocation helpers: the default allocator, zeroed blocks and their overflow, mem_zero. */
#include <stdint.h>
#include <string.h>

#include "testutil.h"
#include "tfo_alloc.h"

START_TEST(zalloc_zeroes_and_refuses_overflow)
{
	uint8_t *p = mem_zalloc(NULL, 3, 100);

	ck_assert_ptr_nonnull(p);
	for (size_t i = 0; i < 300; i++)
		ck_assert_uint_eq(p[i], 0);
	mem_free(NULL, p);
	ck_assert_ptr_null(mem_zalloc(NULL, SIZE_MAX / 2, 3));
	ck_assert_ptr_eq(mem_get(NULL), tfo_allocator_default());
	mem_free(NULL, NULL);
}
END_TEST

START_TEST(zero_exactly_n_bytes)
{
	/* An endpoint's size, odd sizes and none: every byte in [0, n) cleared, none after. */
	static const size_t sizes[] = { 0, 1, 7, 31, 33, 200, 488, 1000 };
	uint8_t b[1024];

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];

		memset(b, 0xa5, sizeof(b));
		mem_zero(b + 3, n);
		ck_assert_uint_eq(b[2], 0xa5);
		for (size_t i = 0; i < n; i++)
			ck_assert_uint_eq(b[3 + i], 0);
		ck_assert_uint_eq(b[3 + n], 0xa5);
	}
}
END_TEST

Suite *alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc = tcase_create("helpers");

	tcase_add_test(tc, zalloc_zeroes_and_refuses_overflow);
	tcase_add_test(tc, zero_exactly_n_bytes);
	suite_add_tcase(s, tc);
	return s;
}
