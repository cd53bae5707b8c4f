/* The shared hash table: lookups, removal, growth, collisions, failures, the hash. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tfo_hashtab.h"

struct item {
	unsigned key;
	struct hnode hn;
	int drained;
};

static uint32_t key_hash(unsigned key)
{
	return htab_fold(htab_mix(0, key));
}

/* The item with this key, looked up under hash. */
static struct item *lookup(const struct hashtab *t, uint32_t hash, unsigned key)
{
	struct hnode *n;

	htab_for_each(t, hash, n) {
		struct item *it = hnode_entry(n, struct item, hn);

		if (it->key == key)
			return it;
	}
	return NULL;
}

/* The keys under hash, in walk order, into out; returns their count. */
static size_t walk(const struct hashtab *t, uint32_t hash, unsigned *out, size_t cap)
{
	struct hnode *n;
	size_t k = 0;

	htab_for_each(t, hash, n) {
		ck_assert_uint_lt(k, cap);
		out[k++] = hnode_entry(n, struct item, hn)->key;
	}
	return k;
}

START_TEST(insert_find_remove)
{
	struct test_alloc ta;
	struct hashtab t;
	struct item it[8];

	test_alloc_init(&ta, 0);
	ck_assert_int_eq(htab_init(&t, &ta.a, 16), 0);
	for (unsigned i = 0; i < 8; i++) {
		it[i].key = i;
		ck_assert_int_eq(htab_insert(&t, &ta.a, &it[i].hn, key_hash(i)), 0);
		ck_assert_uint_eq(it[i].hn.hash, key_hash(i));
	}
	ck_assert_uint_eq(t.n, 8);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_ptr_eq(lookup(&t, key_hash(i), i), &it[i]);
	ck_assert_ptr_null(lookup(&t, key_hash(8), 8));
	htab_remove(&t, &it[3].hn);
	ck_assert_ptr_null(it[3].hn.next);
	htab_remove(&t, &it[3].hn); /* not in: nothing happens */
	ck_assert_uint_eq(t.n, 7);
	for (unsigned i = 0; i < 8; i++)
		ck_assert_ptr_eq(lookup(&t, key_hash(i), i), i == 3 ? NULL : &it[i]);
	ck_assert_uint_eq(t.mask, 15);
	ck_assert_uint_eq(ta.calls, 1);
	htab_free(&t, &ta.a);
	ck_assert_ptr_null(t.b);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(grows_by_doubling)
{
	/* 100000 entries from one bucket: 17 doublings to 131072, each found */
	enum { N = 100000 };
	struct test_alloc ta;
	struct hashtab t;
	struct item *it = calloc(N, sizeof(*it));

	ck_assert_ptr_nonnull(it);
	test_alloc_init(&ta, 0);
	ck_assert_int_eq(htab_init(&t, &ta.a, 1), 0);
	for (unsigned i = 0; i < N; i++) {
		it[i].key = i;
		ck_assert_int_eq(htab_insert(&t, &ta.a, &it[i].hn, key_hash(i)), 0);
		/* Never more entries than buckets: it doubles just before. */
		ck_assert_uint_le(t.n, (size_t)t.mask + 1);
	}
	ck_assert_uint_eq(t.n, N);
	ck_assert_uint_eq(t.mask + 1, 131072);
	ck_assert_uint_eq(ta.calls, 1 + 17);
	ck_assert_int_eq(ta.live, 1);
	for (unsigned i = 0; i < N; i++)
		ck_assert_ptr_eq(lookup(&t, key_hash(i), i), &it[i]);
	for (unsigned i = 0; i < N; i += 2)
		htab_remove(&t, &it[i].hn);
	ck_assert_uint_eq(t.n, N / 2);
	for (unsigned i = 0; i < N; i++)
		ck_assert_ptr_eq(lookup(&t, key_hash(i), i), i % 2 ? &it[i] : NULL);
	htab_free(&t, &ta.a);
	ck_assert_int_eq(ta.live, 0);
	free(it);
}
END_TEST

START_TEST(one_hash_for_all)
{
	/* Every entry on one chain: each walked once, removal anywhere, growth keeps them */
	struct hashtab t;
	struct item it[40];
	unsigned keys[40], seen[40];

	ck_assert_int_eq(htab_init(&t, NULL, 4), 0);
	for (unsigned i = 0; i < 40; i++) {
		it[i].key = i;
		ck_assert_int_eq(htab_insert(&t, NULL, &it[i].hn, 0x2a), 0);
	}
	ck_assert_uint_eq(t.mask + 1, 64);
	ck_assert_uint_eq(walk(&t, 0x2a, keys, 40), 40);
	memset(seen, 0, sizeof(seen));
	for (unsigned i = 0; i < 40; i++)
		seen[keys[i]]++;
	for (unsigned i = 0; i < 40; i++)
		ck_assert_uint_eq(seen[i], 1);
	/* The newest is at the head: nothing was added since the last doubling. */
	ck_assert_uint_eq(keys[0], 39);
	ck_assert_uint_eq(walk(&t, 0x2a + 64, keys, 40), 0);
	ck_assert_uint_eq(walk(&t, 0x2b, keys, 40), 0);
	htab_remove(&t, &it[39].hn);
	htab_remove(&t, &it[20].hn);
	htab_remove(&t, &it[0].hn);
	ck_assert_uint_eq(t.n, 37);
	ck_assert_uint_eq(walk(&t, 0x2a, keys, 40), 37);
	for (unsigned i = 0; i < 40; i++)
		ck_assert_ptr_eq(lookup(&t, 0x2a, i), i == 0 || i == 20 || i == 39 ? NULL : &it[i]);
	htab_free(&t, NULL);
}
END_TEST

START_TEST(same_bucket_other_hash)
{
	/* Hashes that share a bucket are skipped by the walk of the other */
	struct hashtab t;
	struct item a = { .key = 1 }, b = { .key = 2 }, c = { .key = 3 };
	unsigned keys[3];

	ck_assert_int_eq(htab_init(&t, NULL, 8), 0);
	htab_add(&t, &a.hn, 0x105);
	htab_add(&t, &b.hn, 0x205);
	htab_add(&t, &c.hn, 0x105);
	ck_assert_ptr_eq(t.b[5], &c.hn);
	ck_assert_uint_eq(walk(&t, 0x105, keys, 3), 2);
	ck_assert_uint_eq(keys[0], 3);
	ck_assert_uint_eq(keys[1], 1);
	ck_assert_uint_eq(walk(&t, 0x205, keys, 3), 1);
	ck_assert_uint_eq(keys[0], 2);
	ck_assert_uint_eq(walk(&t, 0x005, keys, 3), 0);
	htab_free(&t, NULL);
}
END_TEST

START_TEST(failed_growth_keeps_chains)
{
	/* The 2nd allocation (the first doubling) fails: the entry is in all the same */
	struct test_alloc ta;
	struct hashtab t;
	struct item it[12];

	test_alloc_init(&ta, 2);
	ck_assert_int_eq(htab_init(&t, &ta.a, 4), 0);
	for (unsigned i = 0; i < 12; i++) {
		int want = i == 4 ? TFO_ERR_NOMEM : 0;

		it[i].key = i;
		ck_assert_int_eq(htab_insert(&t, &ta.a, &it[i].hn, key_hash(i)), want);
		ck_assert_uint_eq(t.mask + 1, i < 5 ? 4 : i < 8 ? 8 : 16);
	}
	ck_assert_uint_eq(ta.calls, 4);
	ck_assert_uint_eq(t.n, 12);
	for (unsigned i = 0; i < 12; i++)
		ck_assert_ptr_eq(lookup(&t, key_hash(i), i), &it[i]);
	htab_free(&t, &ta.a);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

START_TEST(init_without_memory)
{
	struct test_alloc ta;
	struct hashtab t;
	struct item it = { .key = 7 };

	test_alloc_init(&ta, 1);
	ck_assert_int_eq(htab_init(&t, &ta.a, 64), TFO_ERR_NOMEM);
	ck_assert_ptr_null(t.b);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_null(lookup(&t, key_hash(7), 7));
	htab_remove(&t, &it.hn);
	htab_free(&t, &ta.a);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

static void mark(struct hnode *n, void *user)
{
	struct item *it = hnode_entry(n, struct item, hn);

	ck_assert_ptr_null(n->next);
	it->drained++;
	(*(unsigned *)user)++;
}

START_TEST(zeroed_is_empty)
{
	/* A zeroed table has no buckets and behaves as an empty one */
	struct hashtab t;
	struct item it = { .key = 1, .hn = { NULL, 5 } };
	unsigned visits = 0;

	memset(&t, 0, sizeof(t));
	ck_assert_ptr_null(htab_first(&t, 5));
	htab_remove(&t, &it.hn);
	htab_clear(&t);
	htab_drain(&t, mark, &visits);
	ck_assert_uint_eq(visits, 0);
	ck_assert_uint_eq(t.n, 0);
	htab_free(&t, NULL);
	ck_assert_int_eq(htab_init(&t, NULL, 2), 0);
	htab_add(&t, &it.hn, 5);
	ck_assert_ptr_eq(htab_first(&t, 5), &it.hn);
	htab_free(&t, NULL);
}
END_TEST

START_TEST(drain_and_clear)
{
	/* Drain visits each entry once and empties; clear forgets without visiting */
	struct hashtab t;
	struct item it[20];
	unsigned visits = 0;

	memset(it, 0, sizeof(it));
	ck_assert_int_eq(htab_init(&t, NULL, 4), 0);
	for (unsigned i = 0; i < 20; i++) {
		it[i].key = i;
		ck_assert_int_eq(htab_insert(&t, NULL, &it[i].hn, i % 3 ? key_hash(i) : 9), 0);
	}
	htab_drain(&t, mark, &visits);
	ck_assert_uint_eq(visits, 20);
	for (unsigned i = 0; i < 20; i++)
		ck_assert_int_eq(it[i].drained, 1);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_ptr_null(lookup(&t, 9, 0));
	for (unsigned i = 0; i < 20; i++)
		htab_add(&t, &it[i].hn, key_hash(i));
	htab_clear(&t);
	ck_assert_uint_eq(t.n, 0);
	ck_assert_uint_eq(t.mask + 1, 32);
	for (unsigned i = 0; i < 20; i++)
		ck_assert_ptr_null(lookup(&t, key_hash(i), i));
	htab_add(&t, &it[4].hn, key_hash(4));
	ck_assert_ptr_eq(lookup(&t, key_hash(4), 4), &it[4]);
	htab_free(&t, NULL);
}
END_TEST

static tfo_sockaddr sa(const char *addr, uint16_t port)
{
	tfo_sockaddr s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(tfo_addr_parse(&s.addr, addr), 0);
	s.port = port;
	return s;
}

static uint32_t pair_hash(const tfo_sockaddr *a, const tfo_sockaddr *b)
{
	return htab_fold(htab_mix_sockaddr(htab_mix_sockaddr(0, a), b));
}

START_TEST(the_hash_is_fixed)
{
	/* The values libtfo's connection table has always computed, so runs repeat
	 * (address words are read in the machine's order: these are little-endian's) */
	tfo_sockaddr a = sa("10.0.0.1", 40000), b = sa("2001:db8::2", 443), z;
	tfo_sockaddr a2 = a;
	const uint16_t one = 1;

	memset(&z, 0, sizeof(z));
	if (*(const uint8_t *)&one == 1) {
		ck_assert_uint_eq(pair_hash(&a, &b), 0xf7784607u);
		ck_assert_uint_eq(pair_hash(&b, &a), 0x839fcb9bu);
	}
	ck_assert_uint_eq(pair_hash(&z, &z), 0);
	/* Every field counts for a sockaddr; only the address for an address. */
	a2.port++;
	ck_assert_uint_ne(pair_hash(&a2, &b), pair_hash(&a, &b));
	ck_assert_uint_eq(htab_mix_addr(0, &a2.addr), htab_mix_addr(0, &a.addr));
	a2 = a;
	a2.addr.bytes[15] = 1;
	ck_assert_uint_ne(pair_hash(&a2, &b), pair_hash(&a, &b));
	ck_assert_uint_ne(htab_mix_addr(0, &a2.addr), htab_mix_addr(0, &a.addr));
	a2 = a;
	a2.addr.family = TFO_AF_INET6;
	ck_assert_uint_ne(pair_hash(&a2, &b), pair_hash(&a, &b));
	ck_assert_uint_ne(htab_mix_addr(0, &a2.addr), htab_mix_addr(0, &a.addr));
}
END_TEST

Suite *hashtab_suite(void)
{
	Suite *s = suite_create("hashtab");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, insert_find_remove);
	tcase_add_test(tc, grows_by_doubling);
	tcase_add_test(tc, one_hash_for_all);
	tcase_add_test(tc, same_bucket_other_hash);
	tcase_add_test(tc, failed_growth_keeps_chains);
	tcase_add_test(tc, init_without_memory);
	tcase_add_test(tc, zeroed_is_empty);
	tcase_add_test(tc, drain_and_clear);
	tcase_add_test(tc, the_hash_is_fixed);
	suite_add_tcase(s, tc);
	return s;
}
