/*
 * The key ring: Linux's primary/backup semantics, rotation, wiping of
 * dropped keys (seen through a spying allocator), allocation failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define K1 "01234567-89abcdef-fedcba98-76543210"
#define K2 "deadbeef-cafebabe-feedface-0ddba11f"
#define K3 "10203040-50607080-90a0b0c0-d0e0f000"
#define KEY_A "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"
#define KEY_256 "00010203-04050607-08090a0b-0c0d0e0f-10111213-14151617-18191a1b-1c1d1e1f"

static tfo_key key(const char *text)
{
	tfo_key k;

	ck_assert_msg(tfo_key_parse(&k, text) == 0, "key '%s'", text);
	return k;
}

static tfo_addr addr(const char *text)
{
	tfo_addr a;

	ck_assert_msg(tfo_addr_parse(&a, text) == 0, "address '%s'", text);
	return a;
}

/* The siphash cookie key_text makes for 192.0.2.1 -> 192.168.0.1. */
static void cookie_of(const char *key_text, uint8_t out[8])
{
	tfo_key k = key(key_text);
	tfo_addr s = addr("192.0.2.1"), d = addr("192.168.0.1");

	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_SIPHASH, &k, &s, &d, out, 8), 0);
}

static int check(const tfo_keyring *ring, const uint8_t *cookie, size_t len)
{
	tfo_addr s = addr("192.0.2.1"), d = addr("192.168.0.1");

	return tfo_keyring_check(ring, &s, &d, cookie, len);
}

static tfo_keyring *ring_new(void)
{
	tfo_keyring *ring = NULL;

	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 8, NULL), 0);
	ck_assert_ptr_nonnull(ring);
	return ring;
}

START_TEST(match_names)
{
	ck_assert_str_eq(tfo_key_match_name(TFO_MATCH_NONE), "invalid");
	ck_assert_str_eq(tfo_key_match_name(TFO_MATCH_PRIMARY), "valid-primary");
	ck_assert_str_eq(tfo_key_match_name(TFO_MATCH_BACKUP), "valid-backup");
	ck_assert_ptr_null(tfo_key_match_name(3));
	ck_assert_ptr_null(tfo_key_match_name(-1));
}
END_TEST

START_TEST(new_checks_its_arguments)
{
	tfo_keyring *ring = NULL;

	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 4, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 16, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_HMAC_SHA256, 3, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_HMAC_SHA256, 18, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_keyring_new(&ring, 3, 8, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_keyring_new(NULL, TFO_COOKIE_SIPHASH, 8, NULL), TFO_ERR_INVALID);
	ck_assert_ptr_null(ring);
	if (!tfo_cookie_alg_available(TFO_COOKIE_AES))
		ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_AES, 8, NULL),
		                 TFO_ERR_UNSUPPORTED);
}
END_TEST

START_TEST(empty_ring)
{
	tfo_keyring *ring = ring_new();
	uint8_t c[8];
	tfo_addr s = addr("192.0.2.1");

	ck_assert_int_eq(tfo_keyring_has_primary(ring), 0);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 0);
	ck_assert_int_eq(tfo_keyring_alg(ring), TFO_COOKIE_SIPHASH);
	ck_assert_uint_eq(tfo_keyring_cookie_len(ring), 8);
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &s, c, sizeof(c)), TFO_ERR_STATE);
	cookie_of(K1, c);
	ck_assert_int_eq(check(ring, c, 8), TFO_MATCH_NONE);
	tfo_keyring_del(ring);
	tfo_keyring_del(NULL);
}
END_TEST

/* The known answer, made by a ring set through the sysctl form. */
START_TEST(primary_makes_linux_cookie)
{
	static const uint8_t want[8] = { 0x30, 0x21, 0xb9, 0xd8, 0x89, 0x01, 0x7e, 0xeb };
	tfo_keyring *ring = ring_new();
	tfo_addr s = addr("192.0.2.1"), d = addr("192.168.0.1");
	uint8_t c[16];

	ck_assert_int_eq(tfo_keyring_parse(ring, KEY_A), 0);
	ck_assert_int_eq(tfo_keyring_has_primary(ring), 1);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 0);
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &d, c, 7), TFO_ERR_NOBUF);
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &d, c, sizeof(c)), 8);
	ck_assert_mem_eq(c, want, 8);
	ck_assert_int_eq(check(ring, want, 8), TFO_MATCH_PRIMARY);
	tfo_keyring_del(ring);
}
END_TEST

START_TEST(backup_only_checks)
{
	tfo_keyring *ring = ring_new();
	tfo_key p = key(K1), b = key(K2);
	tfo_addr s = addr("192.0.2.1"), d = addr("192.168.0.1");
	uint8_t c1[8], c2[8], c3[8], made[8];

	cookie_of(K1, c1);
	cookie_of(K2, c2);
	cookie_of(K3, c3);
	ck_assert_int_eq(tfo_keyring_set(ring, &p, &b), 0);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 1);
	ck_assert_int_eq(check(ring, c1, 8), TFO_MATCH_PRIMARY);
	ck_assert_int_eq(check(ring, c2, 8), TFO_MATCH_BACKUP);
	ck_assert_int_eq(check(ring, c3, 8), TFO_MATCH_NONE);
	/* After a backup match the server hands out the primary's cookie. */
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &d, made, sizeof(made)), 8);
	ck_assert_mem_eq(made, c1, 8);
	tfo_keyring_del(ring);
}
END_TEST

START_TEST(wrong_length_or_address_never_matches)
{
	tfo_keyring *ring = ring_new();
	tfo_addr s = addr("192.0.2.1"), other = addr("192.0.2.2"), d = addr("192.168.0.1");
	tfo_addr v6 = addr("2001:db8::1");
	uint8_t c[16] = { 0 };

	ck_assert_int_eq(tfo_keyring_parse(ring, K1 "," K2), 0);
	cookie_of(K1, c);
	ck_assert_int_eq(check(ring, c, 8), TFO_MATCH_PRIMARY);
	ck_assert_int_eq(check(ring, c, 7), TFO_MATCH_NONE);
	ck_assert_int_eq(check(ring, c, 16), TFO_MATCH_NONE);
	ck_assert_int_eq(check(ring, NULL, 8), TFO_MATCH_NONE);
	ck_assert_int_eq(tfo_keyring_check(ring, &other, &d, c, 8), TFO_MATCH_NONE);
	ck_assert_int_eq(tfo_keyring_check(ring, &d, &s, c, 8), TFO_MATCH_NONE);
	ck_assert_int_eq(tfo_keyring_check(ring, &s, &v6, c, 8), TFO_ERR_FAMILY);
	c[7] ^= 1;
	ck_assert_int_eq(check(ring, c, 8), TFO_MATCH_NONE);
	tfo_keyring_del(ring);
}
END_TEST

/*
 * Replays traces/backup-key.pcap, captured from Linux 6.18.44: the ring
 * was 10203040-...; the client got f9c30622b3538d63 for 127.0.0.1 ->
 * 127.0.0.1. The ring was then set to "0f0e0d0c-...,10203040-..."; the
 * client's SYN with the old cookie had its data accepted, and the SYN-ACK
 * carried the fresh primary cookie 2f0d7630aafc9bab.
 */
START_TEST(linux_backup_key_capture)
{
	static const uint8_t old[8] = { 0xf9, 0xc3, 0x06, 0x22, 0xb3, 0x53, 0x8d, 0x63 };
	static const uint8_t fresh[8] = { 0x2f, 0x0d, 0x76, 0x30, 0xaa, 0xfc, 0x9b, 0xab };
	tfo_keyring *ring = ring_new();
	tfo_addr lo = addr("127.0.0.1");
	uint8_t c[8];

	ck_assert_int_eq(tfo_keyring_parse(ring, "10203040-50607080-90a0b0c0-d0e0f000"), 0);
	ck_assert_int_eq(tfo_keyring_make(ring, &lo, &lo, c, sizeof(c)), 8);
	ck_assert_mem_eq(c, old, 8);
	ck_assert_int_eq(tfo_keyring_parse(ring, "0f0e0d0c-0b0a0908-07060504-03020100,"
	                                         "10203040-50607080-90a0b0c0-d0e0f000"),
	                 0);
	ck_assert_int_eq(tfo_keyring_check(ring, &lo, &lo, old, 8), TFO_MATCH_BACKUP);
	ck_assert_int_eq(tfo_keyring_make(ring, &lo, &lo, c, sizeof(c)), 8);
	ck_assert_mem_eq(c, fresh, 8);
	ck_assert_int_eq(tfo_keyring_check(ring, &lo, &lo, fresh, 8), TFO_MATCH_PRIMARY);
	tfo_keyring_del(ring);
}
END_TEST

/* Linux: writing only a primary to the sysctl drops the backup. */
START_TEST(set_without_backup_drops_it)
{
	tfo_keyring *ring = ring_new();
	tfo_key p = key(K1), b = key(K2);
	uint8_t c2[8];

	cookie_of(K2, c2);
	ck_assert_int_eq(tfo_keyring_set(ring, &p, &b), 0);
	ck_assert_int_eq(check(ring, c2, 8), TFO_MATCH_BACKUP);
	ck_assert_int_eq(tfo_keyring_set(ring, &p, NULL), 0);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 0);
	ck_assert_int_eq(check(ring, c2, 8), TFO_MATCH_NONE);
	tfo_keyring_del(ring);
}
END_TEST

START_TEST(rotate_moves_primary_to_backup)
{
	tfo_keyring *ring = ring_new();
	tfo_key k1 = key(K1), k2 = key(K2), k3 = key(K3);
	uint8_t c1[8], c2[8], c3[8];

	cookie_of(K1, c1);
	cookie_of(K2, c2);
	cookie_of(K3, c3);
	/* On an empty ring the first rotation only installs a primary. */
	ck_assert_int_eq(tfo_keyring_rotate(ring, &k1), 0);
	ck_assert_int_eq(tfo_keyring_has_primary(ring), 1);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 0);
	ck_assert_int_eq(check(ring, c1, 8), TFO_MATCH_PRIMARY);

	ck_assert_int_eq(tfo_keyring_rotate(ring, &k2), 0);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 1);
	ck_assert_int_eq(check(ring, c2, 8), TFO_MATCH_PRIMARY);
	ck_assert_int_eq(check(ring, c1, 8), TFO_MATCH_BACKUP);

	ck_assert_int_eq(tfo_keyring_rotate(ring, &k3), 0);
	ck_assert_int_eq(check(ring, c3, 8), TFO_MATCH_PRIMARY);
	ck_assert_int_eq(check(ring, c2, 8), TFO_MATCH_BACKUP);
	ck_assert_int_eq(check(ring, c1, 8), TFO_MATCH_NONE);
	tfo_keyring_del(ring);
}
END_TEST

static const char *const bad_rings[] = {
	"",
	",",
	K2 ",",
	"," K2,
	K2 "," K3 "," K1,
	K2 " ," K3,
	K2 ", " K3,
	K2 "," K3 "\n",
	K2 ",bad",
	"bad," K3,
	KEY_256, /* siphash needs 128-bit keys */
	K2 "," KEY_256,
	NULL,
};

START_TEST(parse_errors_leave_ring_unchanged)
{
	tfo_keyring *ring = ring_new();
	uint8_t c1[8], c2[8];

	cookie_of(K1, c1);
	cookie_of(K2, c2);
	ck_assert_int_eq(tfo_keyring_parse(ring, K1 "," K2), 0);
	for (const char *const *t = bad_rings; *t; t++) {
		ck_assert_msg(tfo_keyring_parse(ring, *t) == TFO_ERR_BAD_KEY, "'%s'", *t);
		ck_assert_int_eq(check(ring, c1, 8), TFO_MATCH_PRIMARY);
		ck_assert_int_eq(check(ring, c2, 8), TFO_MATCH_BACKUP);
	}
	ck_assert_int_eq(tfo_keyring_parse(ring, NULL), TFO_ERR_BAD_KEY);
	ck_assert_int_eq(tfo_keyring_parse(NULL, K1), TFO_ERR_INVALID);
	tfo_keyring_del(ring);
}
END_TEST

START_TEST(key_length_must_suit_algorithm)
{
	tfo_keyring *ring = ring_new(), *hmac = NULL;
	tfo_key k128 = key(K1), k256 = key(KEY_256);
	uint8_t c1[8];

	cookie_of(K1, c1);
	ck_assert_int_eq(tfo_keyring_set(ring, &k128, NULL), 0);
	ck_assert_int_eq(tfo_keyring_set(ring, &k256, NULL), TFO_ERR_BAD_KEY);
	ck_assert_int_eq(tfo_keyring_set(ring, &k128, &k256), TFO_ERR_BAD_KEY);
	ck_assert_int_eq(tfo_keyring_rotate(ring, &k256), TFO_ERR_BAD_KEY);
	ck_assert_int_eq(tfo_keyring_set(ring, NULL, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_keyring_has_backup(ring), 0);
	ck_assert_int_eq(check(ring, c1, 8), TFO_MATCH_PRIMARY);
	tfo_keyring_del(ring);

	ck_assert_int_eq(tfo_keyring_new(&hmac, TFO_COOKIE_HMAC_SHA256, 16, NULL), 0);
	ck_assert_int_eq(tfo_keyring_parse(hmac, KEY_256 "," K1), 0);
	ck_assert_int_eq(tfo_keyring_has_backup(hmac), 1);
	ck_assert_uint_eq(tfo_keyring_cookie_len(hmac), 16);
	ck_assert_int_eq(tfo_keyring_alg(hmac), TFO_COOKIE_HMAC_SHA256);
	tfo_keyring_del(hmac);
}
END_TEST

/* Every algorithm: what the ring makes, it recognises; 16-byte cookies too. */
START_TEST(make_then_check_each_alg)
{
	int alg = _i;
	size_t len = alg == TFO_COOKIE_SIPHASH ? 8 : 16;
	tfo_keyring *ring = NULL;
	tfo_key k1 = key(K1), k2 = key(K2);
	tfo_addr s = addr("2001:db8::1"), d = addr("2001:db8::2");
	uint8_t c1[16], c2[16];

	if (!tfo_cookie_alg_available(alg)) {
		ck_assert_int_eq(tfo_keyring_new(&ring, alg, len, NULL), TFO_ERR_UNSUPPORTED);
		fprintf(stderr, "NOTE: make_then_check_each_alg: no AES on this CPU, skipped\n");
		return;
	}
	ck_assert_int_eq(tfo_keyring_new(&ring, alg, len, NULL), 0);
	ck_assert_int_eq(tfo_keyring_set(ring, &k1, NULL), 0);
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &d, c1, sizeof(c1)), (int)len);
	ck_assert_int_eq(tfo_keyring_rotate(ring, &k2), 0);
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &d, c2, sizeof(c2)), (int)len);
	ck_assert_mem_ne(c1, c2, len);
	ck_assert_int_eq(tfo_keyring_check(ring, &s, &d, c2, len), TFO_MATCH_PRIMARY);
	ck_assert_int_eq(tfo_keyring_check(ring, &s, &d, c1, len), TFO_MATCH_BACKUP);
	ck_assert_int_eq(tfo_keyring_check(ring, &s, &d, c1, len - 2), TFO_MATCH_NONE);
	tfo_keyring_del(ring);
}
END_TEST

/*
 * The check has a straight path for SipHash over IPv4 and a general one:
 * on both, for each algorithm and family, a cookie equals what
 * tfo_cookie_compute() makes under the key that matches it, and any one
 * bit flipped, under either key, matches nothing.
 */
START_TEST(every_bit_counts_on_every_path)
{
	static const char *const pairs[][2] = { { "192.0.2.1", "192.168.0.1" },
		                                { "2001:db8::1", "2001:db8::2" } };
	int alg = _i / 2;
	size_t len = alg == TFO_COOKIE_SIPHASH ? 8 : 16;
	tfo_keyring *ring = NULL;
	tfo_key k1 = key(K1), k2 = key(K2);
	tfo_addr s = addr(pairs[_i % 2][0]), d = addr(pairs[_i % 2][1]);
	uint8_t c[2][16], want[16];

	if (!tfo_cookie_alg_available(alg))
		return; /* make_then_check_each_alg reports it */
	ck_assert_int_eq(tfo_keyring_new(&ring, alg, len, NULL), 0);
	ck_assert_int_eq(tfo_keyring_set(ring, &k1, &k2), 0);
	ck_assert_int_eq(tfo_cookie_compute(alg, &k1, &s, &d, c[0], len), 0);
	ck_assert_int_eq(tfo_cookie_compute(alg, &k2, &s, &d, c[1], len), 0);
	ck_assert_int_eq(tfo_keyring_make(ring, &s, &d, want, sizeof(want)), (int)len);
	ck_assert_mem_eq(want, c[0], len);
	ck_assert_int_eq(tfo_keyring_check(ring, &s, &d, c[0], len), TFO_MATCH_PRIMARY);
	ck_assert_int_eq(tfo_keyring_check(ring, &s, &d, c[1], len), TFO_MATCH_BACKUP);
	for (int k = 0; k < 2; k++)
		for (size_t bit = 0; bit < 8 * len; bit++) {
			memcpy(want, c[k], len);
			want[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			ck_assert_msg(tfo_keyring_check(ring, &s, &d, want, len) == TFO_MATCH_NONE,
			              "alg %d, key %d, bit %zu flipped still matches", alg, k, bit);
		}
	tfo_keyring_del(ring);
}
END_TEST

START_TEST(allocation_failure)
{
	struct test_alloc ta;
	tfo_keyring *ring = NULL;

	test_alloc_init(&ta, 1);
	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 8, &ta.a), TFO_ERR_NOMEM);
	ck_assert_ptr_null(ring);
	ck_assert_uint_eq(ta.calls, 1);
	ck_assert_int_eq(ta.live, 0);

	test_alloc_init(&ta, 2);
	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 8, &ta.a), 0);
	ck_assert_int_eq(ta.live, 1);
	ck_assert_int_eq(tfo_keyring_parse(ring, K1 "," K2), 0);
	ck_assert_uint_eq(ta.calls, 1);
	tfo_keyring_del(ring);
	ck_assert_int_eq(ta.live, 0);
}
END_TEST

/*
 * A spying allocator: remembers the one block the ring lives in, so the
 * test can look for key bytes that should have been wiped, and checks on
 * free that nothing of the keys is left.
 */
struct spy {
	tfo_allocator a;
	uint8_t *block;
	size_t size;
	int freed_clean;
};

static void *spy_malloc(size_t size, void *user)
{
	struct spy *spy = user;

	ck_assert_ptr_null(spy->block);
	spy->block = malloc(size);
	spy->size = size;
	return spy->block;
}

static int contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t len)
{
	for (size_t i = 0; i + len <= n; i++)
		if (memcmp(hay + i, needle, len) == 0)
			return 1;
	return 0;
}

static void spy_free(void *ptr, void *user)
{
	struct spy *spy = user;
	size_t i;

	ck_assert_ptr_eq(ptr, spy->block);
	for (i = 0; i < spy->size && spy->block[i] == 0; i++)
		;
	spy->freed_clean = i == spy->size;
	free(ptr);
	spy->block = NULL;
}

START_TEST(dropped_keys_are_wiped)
{
	struct spy spy = { { spy_malloc, spy_free, &spy }, NULL, 0, 0 };
	tfo_key k1 = key(K1), k2 = key(K2), k3 = key(K3);
	tfo_keyring *ring = NULL;

	ck_assert_int_eq(tfo_keyring_new(&ring, TFO_COOKIE_SIPHASH, 8, &spy.a), 0);
	ck_assert_int_eq(tfo_keyring_set(ring, &k1, &k2), 0);
	ck_assert(contains(spy.block, spy.size, k1.bytes, 16));
	ck_assert(contains(spy.block, spy.size, k2.bytes, 16));
	/* Rotation drops the backup K2: no copy of it may stay behind. */
	ck_assert_int_eq(tfo_keyring_rotate(ring, &k3), 0);
	ck_assert(!contains(spy.block, spy.size, k2.bytes, 16));
	ck_assert(contains(spy.block, spy.size, k1.bytes, 16));
	/* Setting a primary alone drops both K3 and K1. */
	ck_assert_int_eq(tfo_keyring_set(ring, &k2, NULL), 0);
	ck_assert(!contains(spy.block, spy.size, k1.bytes, 16));
	ck_assert(!contains(spy.block, spy.size, k3.bytes, 16));
	tfo_keyring_del(ring);
	ck_assert_ptr_null(spy.block);
	ck_assert_int_eq(spy.freed_clean, 1);
}
END_TEST

Suite *keyring_suite(void)
{
	Suite *s = suite_create("keyring");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, match_names);
	tcase_add_test(tc, new_checks_its_arguments);
	tcase_add_test(tc, empty_ring);
	tcase_add_test(tc, primary_makes_linux_cookie);
	tcase_add_test(tc, backup_only_checks);
	tcase_add_test(tc, wrong_length_or_address_never_matches);
	tcase_add_test(tc, linux_backup_key_capture);
	tcase_add_test(tc, set_without_backup_drops_it);
	tcase_add_test(tc, rotate_moves_primary_to_backup);
	tcase_add_test(tc, parse_errors_leave_ring_unchanged);
	tcase_add_test(tc, key_length_must_suit_algorithm);
	tcase_add_loop_test(tc, make_then_check_each_alg, 0, 3);
	tcase_add_loop_test(tc, every_bit_counts_on_every_path, 0, 6);
	tcase_add_test(tc, allocation_failure);
	tcase_add_test(tc, dropped_keys_are_wiped);
	suite_add_tcase(s, tc);
	return s;
}
