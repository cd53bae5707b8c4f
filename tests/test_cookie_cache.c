/* The client cookie cache: LRU order, bounds, reuse of entries, failures. */
#include <string.h>

#include "testutil.h"
#include "tfo_cookie_cache.h"

static tfo_addr a4(uint8_t last)
{
	tfo_addr a = { TFO_AF_INET, { 198, 51, 100, last } };

	return a;
}

START_TEST(lru_eviction)
{
	/* A full cache reuses its least recently used entry; cc_get and cc_touch refresh */
	struct test_alloc ta;
	struct cookie_cache c;
	tfo_addr l = a4(1);
	unsigned long calls;

	test_alloc_init(&ta, 0);
	cc_init(&c, &ta.a, 3);
	for (uint8_t i = 10; i < 13; i++)
		ck_assert_ptr_nonnull(cc_get(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, i } }));
	cc_touch(&c, cc_find(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, 10 } }));
	calls = ta.calls;
	ck_assert_ptr_nonnull(cc_get(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, 13 } }));
	ck_assert_uint_eq(ta.calls, calls);
	ck_assert_ptr_null(cc_find(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, 11 } }));
	ck_assert_ptr_nonnull(cc_find(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, 10 } }));
	ck_assert_ptr_nonnull(cc_find(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, 12 } }));
	ck_assert_uint_eq(c.ht.n, 3);
	cc_clear(&c);
	ck_assert_uint_eq(c.ht.n, 0);
	ck_assert_ptr_null(cc_find(&c, &l, &(tfo_addr){ TFO_AF_INET, { 1, 1, 1, 10 } }));
	cc_free(&c);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(keyed_by_both_addresses)
{
	struct cookie_cache c;
	tfo_addr x = a4(1), y = a4(2);
	struct cc_entry *e;

	cc_init(&c, NULL, 8);
	e = cc_get(&c, &x, &y);
	ck_assert_ptr_nonnull(e);
	e->cookie_len = 8;
	ck_assert_ptr_eq(cc_find(&c, &x, &y), e);
	ck_assert_ptr_null(cc_find(&c, &y, &x));
	ck_assert_ptr_eq(cc_get(&c, &x, &y), e);
	ck_assert_uint_eq(e->cookie_len, 8);
	cc_free(&c);
}
END_TEST

START_TEST(size_zero_and_failures)
{
	struct test_alloc ta;
	struct cookie_cache c;
	tfo_addr x = a4(1), y = a4(2);

	cc_init(&c, NULL, 0);
	ck_assert_ptr_null(cc_get(&c, &x, &y));
	cc_free(&c);
	for (unsigned long n = 1; n <= 2; n++) {
		test_alloc_init(&ta, n);
		cc_init(&c, &ta.a, 4);
		ck_assert_ptr_null(cc_get(&c, &x, &y));
		ck_assert_ptr_nonnull(cc_get(&c, &x, &y));
		cc_free(&c);
		ck_assert_int_eq(ta.live, 0);
	}
}
END_TEST

Suite *cookie_cache_suite(void)
{
	Suite *s = suite_create("cookie_cache");
	TCase *tc = tcase_create("cache");

	tcase_add_test(tc, lru_eviction);
	tcase_add_test(tc, keyed_by_both_addresses);
	tcase_add_test(tc, size_zero_and_failures);
	suite_add_tcase(s, tc);
	return s;
}
