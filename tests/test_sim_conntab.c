/* The 4-tuple table against a plain array, through growth, replacement and deletions. */
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

/* Entry i: key i, owned by the fake connection &tags[owner]. */
static void entry_for(struct conntab_entry *e, unsigned i, char *tags, unsigned owner)
{
	key_for(&e->key, i);
	e->conn = (struct sim_conn *)&tags[owner];
}

START_TEST(matches_a_reference)
{
	static char tags[N];
	static struct conntab_entry es[N];
	struct conntab_entry again;
	struct test_alloc ta;
	struct conntab t;
	struct conntab_key k;

	test_alloc_init(&ta, 0);
	conntab_init(&t, &ta.a);
	key_for(&k, 0);
	ck_assert_ptr_null(conntab_get(&t, &k));
	for (unsigned i = 0; i < N; i++) {
		entry_for(&es[i], i, tags, i);
		ck_assert_int_eq(conntab_put(&t, &es[i]), 0);
	}
	ck_assert_uint_eq(t.ht.n, N);
	/* Delete every third, and try to delete others with the wrong owner. */
	for (unsigned i = 0; i < N; i++) {
		key_for(&k, i);
		conntab_del(&t, &k, (struct sim_conn *)&tags[i % 3 ? (i + 1) % N : i]);
	}
	ck_assert_uint_eq(t.ht.n, N - N / 3);
	/* mapped says, per entry, whether the table maps its key to it */
	for (unsigned i = 0; i < N; i++) {
		key_for(&k, i);
		ck_assert_uint_eq(es[i].mapped, i % 3 != 0);
		if (i % 3)
			ck_assert_ptr_eq(conntab_get(&t, &k), &tags[i]);
		else
			ck_assert_ptr_null(conntab_get(&t, &k));
	}
	/* Replacing keeps one entry; the old owner can no longer delete it. */
	entry_for(&again, 1, tags, 0);
	ck_assert_int_eq(conntab_put(&t, &again), 0);
	ck_assert_ptr_eq(conntab_get(&t, &again.key), &tags[0]);
	ck_assert_uint_eq(again.mapped, 1);
	ck_assert_uint_eq(es[1].mapped, 0);
	ck_assert_uint_eq(t.ht.n, N - N / 3);
	conntab_del(&t, &again.key, (struct sim_conn *)&tags[1]);
	ck_assert_ptr_eq(conntab_get(&t, &again.key), &tags[0]);
	ck_assert_uint_eq(again.mapped, 1);
	conntab_del(&t, &again.key, (struct sim_conn *)&tags[0]);
	ck_assert_ptr_null(conntab_get(&t, &again.key));
	ck_assert_uint_eq(again.mapped, 0);
	ck_assert_uint_eq(t.ht.n, N - N / 3 - 1);
	/* Unmapping a mapped entry is deleting it for its owner; the others stay */
	for (unsigned i = 2; i < N; i += 3) {
		ck_assert_uint_eq(es[i].mapped, 1);
		conntab_unmap(&t, &es[i]);
		ck_assert_uint_eq(es[i].mapped, 0);
		ck_assert_ptr_null(conntab_get(&t, &es[i].key));
		ck_assert_ptr_eq(conntab_get(&t, &es[i - 1].key), i == 2 ? NULL : &tags[i - 1]);
	}
	ck_assert_uint_eq(t.ht.n, N - N / 3 - 1 - N / 3);
	conntab_free(&t);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(growth_failure_keeps_the_table)
{
	/* The buckets come with the first put; the first doubling fails */
	static char tags[1];
	static struct conntab_entry es[66];
	struct test_alloc ta;
	struct conntab t;
	unsigned i;

	test_alloc_init(&ta, 2);
	conntab_init(&t, &ta.a);
	for (i = 0; i < 64; i++) {
		entry_for(&es[i], i, tags, 0);
		ck_assert_int_eq(conntab_put(&t, &es[i]), 0);
	}
	ck_assert_uint_eq(ta.calls, 1);
	entry_for(&es[i], i, tags, 0);
	ck_assert_int_eq(conntab_put(&t, &es[i]), TFO_ERR_NOMEM);
	ck_assert_ptr_null(conntab_get(&t, &es[i].key));
	ck_assert_uint_eq(t.ht.n, 64);
	ck_assert_ptr_eq(conntab_get(&t, &es[5].key), &tags[0]);
	i++;
	entry_for(&es[i], i, tags, 0);
	ck_assert_int_eq(conntab_put(&t, &es[i]), 0);
	ck_assert_ptr_eq(conntab_get(&t, &es[i].key), &tags[0]);
	ck_assert_uint_eq(t.ht.mask + 1, 128);
	conntab_free(&t);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(no_buckets)
{
	/* Without memory for the first buckets nothing is mapped */
	static char tags[1];
	struct conntab_entry e;
	struct test_alloc ta;
	struct conntab t;

	test_alloc_init(&ta, 1);
	conntab_init(&t, &ta.a);
	entry_for(&e, 7, tags, 0);
	ck_assert_int_eq(conntab_put(&t, &e), TFO_ERR_NOMEM);
	ck_assert_ptr_null(conntab_get(&t, &e.key));
	conntab_del(&t, &e.key, e.conn);
	ck_assert_int_eq(conntab_put(&t, &e), 0);
	ck_assert_ptr_eq(conntab_get(&t, &e.key), &tags[0]);
	conntab_free(&t);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

/* The sockaddrs key_for(i) makes for host i % 2. */
static void addrs_for(unsigned i, tfo_sockaddr *l, tfo_sockaddr *r)
{
	struct conntab_key k;

	key_for(&k, i);
	*l = k.local;
	*r = k.remote;
}

START_TEST(probe_then_put_is_a_put)
{
	/* A probe answers as get does; putting after it maps as put does, first
	 * bucket allocation, replacement and a failed allocation included */
	static char tags[3];
	struct conntab_entry a = { 0 }, b = { 0 }, c = { 0 };
	struct conntab_probe p;
	struct test_alloc ta;
	struct conntab t;
	tfo_sockaddr l, r;

	test_alloc_init(&ta, 1);
	conntab_init(&t, &ta.a);
	addrs_for(4, &l, &r);
	conntab_probe(&t, 0, &l, &r, &p);
	ck_assert_ptr_null(p.found);
	a.conn = (struct sim_conn *)&tags[0];
	ck_assert_int_eq(conntab_put_probed(&t, &a, &p), TFO_ERR_NOMEM);
	ck_assert_uint_eq(a.mapped, 0);
	ck_assert_int_eq(conntab_put_probed(&t, &a, &p), 0);
	ck_assert_mem_eq(&a.key, &p.key, sizeof(a.key));
	ck_assert_ptr_eq(conntab_get(&t, &a.key), &tags[0]);
	/* the same key again: found, then replaced */
	conntab_probe(&t, 0, &l, &r, &p);
	ck_assert_ptr_eq(p.found, &a);
	b.conn = (struct sim_conn *)&tags[1];
	ck_assert_int_eq(conntab_put_probed(&t, &b, &p), 0);
	ck_assert_uint_eq(a.mapped, 0);
	ck_assert_uint_eq(b.mapped, 1);
	ck_assert_ptr_eq(conntab_get(&t, &b.key), &tags[1]);
	ck_assert_uint_eq(t.ht.n, 1);
	/* another host: another key */
	conntab_probe(&t, 1, &l, &r, &p);
	ck_assert_ptr_null(p.found);
	c.conn = (struct sim_conn *)&tags[2];
	ck_assert_int_eq(conntab_put_probed(&t, &c, &p), 0);
	ck_assert_ptr_eq(conntab_get(&t, &c.key), &tags[2]);
	ck_assert_ptr_eq(conntab_get(&t, &b.key), &tags[1]);
	ck_assert_uint_eq(t.ht.n, 2);
	conntab_free(&t);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(a_miss_is_remembered_until_the_table_changes)
{
	/* A probe that missed answers the next probe or put of its key only
	 * while nothing was put; its hash is the key's */
	static char tags[4];
	struct conntab_entry a = { 0 }, b = { 0 }, c = { 0 };
	struct conntab_probe p, q;
	struct test_alloc ta;
	struct conntab t;
	tfo_sockaddr l, r, l2, r2;

	test_alloc_init(&ta, 0);
	conntab_init(&t, &ta.a);
	addrs_for(4, &l, &r);
	addrs_for(5, &l2, &r2);
	conntab_probe(&t, 0, &l, &r, &p);
	conntab_probe(&t, 0, &l, &r, &q);
	ck_assert_ptr_null(q.found);
	ck_assert_uint_eq(q.hash, p.hash);
	/* a put of the missed key takes the memo, then forgets it */
	a.conn = (struct sim_conn *)&tags[0];
	conntab_key_make(&a.key, 0, &l, &r);
	ck_assert_int_eq(conntab_put(&t, &a), 0);
	conntab_probe(&t, 0, &l, &r, &q);
	ck_assert_ptr_eq(q.found, &a);
	ck_assert_uint_eq(q.hash, p.hash);
	b.conn = (struct sim_conn *)&tags[1];
	b.key = a.key;
	ck_assert_int_eq(conntab_put(&t, &b), 0);
	ck_assert_uint_eq(a.mapped, 0);
	ck_assert_uint_eq(t.ht.n, 1);
	/* a miss, then another key put: the first key is looked up again */
	conntab_probe(&t, 1, &l2, &r2, &p);
	ck_assert_ptr_null(p.found);
	c.conn = (struct sim_conn *)&tags[2];
	conntab_key_make(&c.key, 1, &l2, &r2);
	ck_assert_int_eq(conntab_put(&t, &c), 0);
	conntab_probe(&t, 1, &l2, &r2, &q);
	ck_assert_ptr_eq(q.found, &c);
	/* a miss, then an unmap and a delete: the deleted keys miss, the miss stays one */
	conntab_probe(&t, 1, &l, &r, &p);
	ck_assert_ptr_null(p.found);
	conntab_unmap(&t, &b);
	conntab_probe(&t, 0, &l, &r, &q);
	ck_assert_ptr_null(q.found);
	conntab_del(&t, &c.key, c.conn);
	conntab_probe(&t, 1, &l2, &r2, &q);
	ck_assert_ptr_null(q.found);
	conntab_probe(&t, 1, &l, &r, &q);
	ck_assert_ptr_null(q.found);
	ck_assert_uint_eq(q.hash, p.hash);
	ck_assert_uint_eq(t.ht.n, 0);
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
	tcase_add_test(tc, no_buckets);
	tcase_add_test(tc, probe_then_put_is_a_put);
	tcase_add_test(tc, a_miss_is_remembered_until_the_table_changes);
	suite_add_tcase(s, tc);
	return s;
}
