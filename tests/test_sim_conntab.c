/* The 4-tuple table against a plain array, through growth and deletions. */
#include <string.h>

#include "sim_conntab.h"
#include "testutil.h"

#define N 3000

static void key_for(struct conntab_key *k, unsigned i)
{
	tfo_sockaddr l = { .port = 80 }, r = { .port = (uint16_t)(32768 + i % 20000) };

	tfo_addr_parse(&l.addr, i % 3 ? "10.0.0.2" : "2001:db8::2");
	tfo_addr_parse(&r.addr, i % 3 ? "10.0.0.1" : "2001:db8::1");
	r.addr.bytes[2] = (uint8_t)(i / 20000);
	conntab_key_make(k, i % 2, &l, &r);
}

START_TEST(matches_a_reference)
{
	static char tags[N];
	struct test_alloc ta;
	struct conntab t;
	struct conntab_key k;

	test_alloc_init(&ta, 0);
	conntab_init(&t, &ta.a);
	key_for(&k, 0);
	ck_assert_ptr_null(conntab_get(&t, &k));
	for (unsigned i = 0; i < N; i++) {
		key_for(&k, i);
		ck_assert_int_eq(conntab_put(&t, &k, (struct sim_conn *)&tags[i]), 0);
	}
	ck_assert_uint_eq(t.len, N);
	/* Delete every third, and try to delete others with the wrong owner. */
	for (unsigned i = 0; i < N; i++) {
		key_for(&k, i);
		conntab_del(&t, &k, (struct sim_conn *)&tags[i % 3 ? (i + 1) % N : i]);
	}
	ck_assert_uint_eq(t.len, N - N / 3);
	for (unsigned i = 0; i < N; i++) {
		key_for(&k, i);
		if (i % 3)
			ck_assert_ptr_eq(conntab_get(&t, &k), &tags[i]);
		else
			ck_assert_ptr_null(conntab_get(&t, &k));
	}
	/* Replacing keeps one entry. */
	key_for(&k, 1);
	ck_assert_int_eq(conntab_put(&t, &k, (struct sim_conn *)&tags[0]), 0);
	ck_assert_ptr_eq(conntab_get(&t, &k), &tags[0]);
	ck_assert_uint_eq(t.len, N - N / 3);
	conntab_free(&t);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(growth_failure_keeps_the_table)
{
	static char tag;
	struct test_alloc ta;
	struct conntab t;
	struct conntab_key k;
	unsigned i;

	test_alloc_init(&ta, 2);
	conntab_init(&t, &ta.a);
	for (i = 0; i < 32; i++) {
		key_for(&k, i);
		ck_assert_int_eq(conntab_put(&t, &k, (struct sim_conn *)&tag), 0);
	}
	key_for(&k, i);
	ck_assert_int_eq(conntab_put(&t, &k, (struct sim_conn *)&tag), TFO_ERR_NOMEM);
	key_for(&k, 5);
	ck_assert_ptr_eq(conntab_get(&t, &k), &tag);
	conntab_free(&t);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

Suite *sim_conntab_suite(void)
{
	Suite *s = suite_create("sim_conntab");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, matches_a_reference);
	tcase_add_test(tc, growth_failure_keeps_the_table);
	suite_add_tcase(s, tc);
	return s;
}
