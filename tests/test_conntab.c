/* The connection table: lookups by 4-tuple while it grows, removal, failed growth. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tfo_conn.h"
#include "tfo_conntab.h"

#define N 20000

static void fill(struct tfo_endpoint *ep, int i)
{
	memset(ep, 0, sizeof(*ep));
	ep->local.addr.family = TFO_AF_INET;
	ep->local.addr.bytes[0] = 10;
	ep->local.addr.bytes[3] = (uint8_t)(i % 7);
	ep->local.port = (uint16_t)(1 + i % 60000);
	ep->remote.addr.family = TFO_AF_INET;
	ep->remote.addr.bytes[0] = 192;
	ep->remote.addr.bytes[2] = (uint8_t)(i >> 8);
	ep->remote.addr.bytes[3] = (uint8_t)i;
	ep->remote.port = 80;
}

START_TEST(grows_and_finds)
{
	/* Every entry is found as the table doubles; removed ones are gone */
	struct test_alloc ta;
	struct conntab t;
	struct tfo_endpoint *eps = calloc(N, sizeof(*eps));

	ck_assert_ptr_nonnull(eps);
	test_alloc_init(&ta, 0);
	ck_assert_int_eq(ctab_init(&t, &ta.a), 0);
	for (int i = 0; i < N; i++) {
		fill(&eps[i], i);
		ctab_insert(&t, &ta.a, &eps[i]);
	}
	ck_assert_uint_eq(t.ht.n, N);
	ck_assert_uint_ge(t.ht.mask + 1, N);
	for (int i = 0; i < N; i++)
		ck_assert_ptr_eq(ctab_find(&t, &eps[i].local, &eps[i].remote), &eps[i]);
	for (int i = 0; i < N; i += 2)
		ctab_remove(&t, &eps[i]);
	for (int i = 0; i < N; i++)
		ck_assert_ptr_eq(ctab_find(&t, &eps[i].local, &eps[i].remote),
		                 i % 2 ? &eps[i] : NULL);
	ctab_remove(&t, &eps[0]);
	ck_assert_uint_eq(t.ht.n, N / 2);
	ctab_free(&t, &ta.a);
	ck_assert_int_eq(ta.live, 0);
	free(eps);
}
END_TEST

START_TEST(failed_growth_still_works)
{
	/* When doubling fails the table keeps its buckets and stays correct */
	struct test_alloc ta;
	struct conntab t;
	struct tfo_endpoint *eps = calloc(500, sizeof(*eps));

	ck_assert_ptr_nonnull(eps);
	test_alloc_init(&ta, 2);
	ck_assert_int_eq(ctab_init(&t, &ta.a), 0);
	for (int i = 0; i < 500; i++) {
		fill(&eps[i], i);
		ctab_insert(&t, &ta.a, &eps[i]);
	}
	ck_assert_uint_eq(t.ht.n, 500);
	for (int i = 0; i < 500; i++)
		ck_assert_ptr_eq(ctab_find(&t, &eps[i].local, &eps[i].remote), &eps[i]);
	ctab_free(&t, &ta.a);
	ck_assert_int_eq(ta.live, 0);
	free(eps);
}
END_TEST

START_TEST(exact_tuple)
{
	/* Ports and both addresses must all match */
	struct conntab t;
	struct tfo_endpoint a, b;

	ck_assert_int_eq(ctab_init(&t, NULL), 0);
	fill(&a, 1);
	ctab_insert(&t, NULL, &a);
	b = a;
	b.remote.port++;
	ck_assert_ptr_null(ctab_find(&t, &b.local, &b.remote));
	b = a;
	b.local.addr.bytes[15] = 1;
	ck_assert_ptr_null(ctab_find(&t, &b.local, &b.remote));
	ck_assert_ptr_null(ctab_find(&t, &a.remote, &a.local));
	ck_assert_ptr_eq(ctab_find(&t, &a.local, &a.remote), &a);
	ctab_free(&t, NULL);
}
END_TEST

Suite *conntab_suite(void)
{
	Suite *s = suite_create("conntab");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, grows_and_finds);
	tcase_add_test(tc, failed_growth_still_works);
	tcase_add_test(tc, exact_tuple);
	suite_add_tcase(s, tc);
	return s;
}
