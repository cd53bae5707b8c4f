/* Packet buffers: reuse through the free list, allocation failure. */
#include "sim_pool.h"
#include "testutil.h"

START_TEST(pool_reuses_buffers)
{
	struct test_alloc ta;
	struct sim_pool p;
	struct sim_packet *a, *b;

	test_alloc_init(&ta, 0);
	pool_init(&p, 1600, &ta.a);
	a = pool_get(&p);
	b = pool_get(&p);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	pool_put(&p, a);
	ck_assert_ptr_eq(pool_get(&p), a);
	pool_put(&p, a);
	pool_put(&p, b);
	for (int i = 0; i < 1000; i++) {
		a = pool_get(&p);
		b = pool_get(&p);
		pool_put(&p, b);
		pool_put(&p, a);
	}
	ck_assert_uint_eq(p.allocated, 2);
	ck_assert_uint_eq(ta.calls, 2);
	ck_assert_uint_eq(p.in_use, 0);
	pool_free(&p);
	ck_assert_int_eq(ta.live, 0);
	test_alloc_init(&ta, 1);
	pool_init(&p, 1600, &ta.a);
	ck_assert_ptr_null(pool_get(&p));
}
END_TEST

Suite *sim_pool_suite(void)
{
	Suite *s = suite_create("sim_pool");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, pool_reuses_buffers);
	suite_add_tcase(s, tc);
	return s;
}
