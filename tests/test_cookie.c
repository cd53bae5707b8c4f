/*
 * Cookie algorithms: Linux's known answers, independent cross-checks of
 * HMAC-SHA256 and the AES construction, argument checks, and a property
 * that catches a MAC built from GCM with a fixed nonce.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"

#define KEY_A "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"
#define KEY_256 "00010203-04050607-08090a0b-0c0d0e0f-10111213-14151617-18191a1b-1c1d1e1f"
#define V6_SRC "fd3d:fa7b:d17d::1"
#define V6_DST "fd3d:a0b:17d6::1"

struct vector {
	int alg;
	const char *key;
	const char *src, *dst;
	const char *hex; /* its length is the cookie length */
};

static void parse_key(tfo_key *k, const char *text)
{
	ck_assert_msg(tfo_key_parse(k, text) == 0, "key '%s'", text);
}

static void parse_addr(tfo_addr *a, const char *text)
{
	ck_assert_msg(tfo_addr_parse(a, text) == 0, "address '%s'", text);
}

static void check_vector(const struct vector *v)
{
	tfo_key k;
	tfo_addr src, dst;
	uint8_t out[TFO_COOKIE_MAX];
	char hex[2 * TFO_COOKIE_MAX + 1];
	size_t len = strlen(v->hex) / 2;

	parse_key(&k, v->key);
	parse_addr(&src, v->src);
	parse_addr(&dst, v->dst);
	memset(out, 0, sizeof(out));
	ck_assert_int_eq(tfo_cookie_compute(v->alg, &k, &src, &dst, out, len), 0);
	ck_assert_int_eq(tfo_hex_encode(out, len, hex, sizeof(hex)), (int)(2 * len));
	ck_assert_msg(strcmp(hex, v->hex) == 0, "%s %s %s -> %s: got %s",
	              tfo_cookie_alg_name(v->alg), v->src, v->dst, v->hex, hex);
}

/*
 * Linux >= 5.3. The first two are the known answers. The others
 * are cookies a real kernel (6.18.44) granted in the SYN-ACKs of the
 * captures under traces/ (read with tcpdump -n -r; the key ring in force is
 * in each NAME.state.txt). The SYN's source comes first: asym-addr.pcap
 * has the client on 127.0.0.2 and the server on 127.0.0.1.
 */
#define KEY_B1 "10203040-50607080-90a0b0c0-d0e0f000"
#define KEY_B2 "0f0e0d0c-0b0a0908-07060504-03020100"
#define KEY_K1 "01234567-89abcdef-fedcba98-76543210"
#define KEY_K2 "deadbeef-cafebabe-feedface-0ddba11f"
#define KEY_Q "5eed5eed-0000ffff-12345678-9abcdef0"
static const struct vector linux_vectors[] = {
	{ TFO_COOKIE_SIPHASH, KEY_A, "192.0.2.1", "192.168.0.1", "3021b9d889017eeb" },
	{ TFO_COOKIE_SIPHASH, KEY_A, V6_SRC, V6_DST, "c1d1e9742a47a9bc" },
	/* cold-warm.pcap, fastopen-connect.pcap */
	{ TFO_COOKIE_SIPHASH, KEY_A, "127.0.0.1", "127.0.0.1", "9609976ee4a2284d" },
	/* asym-addr.pcap */
	{ TFO_COOKIE_SIPHASH, KEY_A, "127.0.0.2", "127.0.0.1", "e7fd7578d13fe323" },
	/* ipv6.pcap */
	{ TFO_COOKIE_SIPHASH, KEY_A, "::1", "::1", "bde56f53c92f0191" },
	/* backup-key.pcap: before and after the ring became KEY_B2,KEY_B1 */
	{ TFO_COOKIE_SIPHASH, KEY_B1, "127.0.0.1", "127.0.0.1", "f9c30622b3538d63" },
	{ TFO_COOKIE_SIPHASH, KEY_B2, "127.0.0.1", "127.0.0.1", "2f0d7630aafc9bab" },
	/* key-rotated.pcap: before and after the ring became KEY_K2 */
	{ TFO_COOKIE_SIPHASH, KEY_K1, "127.0.0.1", "127.0.0.1", "fb58259eeaf4702e" },
	{ TFO_COOKIE_SIPHASH, KEY_K2, "127.0.0.1", "127.0.0.1", "1252203ae492fc31" },
	/* qlen-overflow.pcap */
	{ TFO_COOKIE_SIPHASH, KEY_Q, "127.0.0.1", "127.0.0.1", "ff0a3f4afc072ff6" },
	{ 0, NULL, NULL, NULL, NULL },
};

START_TEST(siphash_matches_linux)
{
	for (const struct vector *v = linux_vectors; v->key; v++)
		check_vector(v);
}
END_TEST

/*
 * Cross-checked with OpenSSL, e.g. for the first:
 *   printf 'c0000201c0a80001' | xxd -r -p |
 *     openssl dgst -sha256 -mac HMAC -macopt hexkey:a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4
 * (full MAC dbcfb599e23b1e35a39245cc8ab5a92a65bdb4ed8570b1a4b6085702e9272b35).
 * The 256-bit key's bytes are 03 02 01 00 07 06 05 04 ... 1f 1e 1d 1c.
 */
static const struct vector hmac_vectors[] = {
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1",
	  "dbcfb599e23b1e35a39245cc8ab5a92a" },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1", "dbcfb599e23b1e35" },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1", "dbcfb599" },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, V6_SRC, V6_DST, "a743b43d4ed01105fd3c" },
	{ TFO_COOKIE_HMAC_SHA256, KEY_256, V6_SRC, V6_DST, "9635d7ea59756b88b2c6db64162038fd" },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "127.0.0.1", "127.0.0.1", "a895e252d8fc0bb5" },
	{ 0, NULL, NULL, NULL, NULL },
};

START_TEST(hmac_sha256_known_answers)
{
	for (const struct vector *v = hmac_vectors; v->key; v++)
		check_vector(v);
}
END_TEST

/*
 * Computed by tests/ref/aes_cookie.py, which builds the construction of
 * docs/cookies.md from raw AES-256 blocks (openssl enc -aes-256-ecb) and
 * Python's BLAKE2b, sharing no code with libtfo or libsodium's GCM.
 */
static const struct vector aes_vectors[] = {
	{ TFO_COOKIE_AES, KEY_A, "192.0.2.1", "192.168.0.1", "37a6541bbcd4a0872a049c4a4ed22197" },
	{ TFO_COOKIE_AES, KEY_A, "192.0.2.1", "192.168.0.1", "37a6541b" },
	{ TFO_COOKIE_AES, KEY_256, "192.0.2.1", "192.168.0.1", "2415aa85cab2c8626e5da6fca46df417" },
	{ TFO_COOKIE_AES, KEY_256, V6_SRC, V6_DST, "89366f572ff52f61a26b72204e842525" },
	{ TFO_COOKIE_AES, KEY_A, V6_SRC, V6_DST, "f4a01565c8f5bf3e85d906525195c2da" },
	{ TFO_COOKIE_AES, KEY_A, "127.0.0.1", "127.0.0.1", "c27874634b7476a2" },
	{ 0, NULL, NULL, NULL, NULL },
};

/* aes_or_skip: 1 when AES runs here; else checks the error and says so. */
static int aes_or_skip(const char *test)
{
	tfo_key k;
	tfo_addr a;
	uint8_t out[8];

	if (tfo_cookie_alg_available(TFO_COOKIE_AES))
		return 1;
	fprintf(stderr, "NOTE: %s: no AES-NI/PCLMUL on this CPU, AES assertions skipped\n", test);
	parse_key(&k, KEY_A);
	parse_addr(&a, "192.0.2.1");
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_AES, &k, &a, &a, out, 8),
	                 TFO_ERR_UNSUPPORTED);
	return 0;
}

START_TEST(aes_known_answers)
{
	if (!aes_or_skip("aes_known_answers"))
		return;
	for (const struct vector *v = aes_vectors; v->key; v++)
		check_vector(v);
}
END_TEST

/* A 128-bit key is stretched with keyed BLAKE2b over a fixed context. */
START_TEST(aes_128_bit_key_is_stretched)
{
	static const char context[] = "tfosim aes-256 cookie key v1";
	tfo_key k128, k256;
	tfo_addr src, dst;
	uint8_t a[16], b[16];

	if (!aes_or_skip("aes_128_bit_key_is_stretched"))
		return;
	parse_key(&k128, KEY_A);
	k256.len = 32;
	ck_assert_int_eq(crypto_generichash(k256.bytes, 32, (const uint8_t *)context,
	                                    sizeof(context) - 1, k128.bytes, 16),
	                 0);
	parse_addr(&src, V6_SRC);
	parse_addr(&dst, V6_DST);
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_AES, &k128, &src, &dst, a, 16), 0);
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_AES, &k256, &src, &dst, b, 16), 0);
	ck_assert_mem_eq(a, b, 16);
}
END_TEST

START_TEST(alg_names)
{
	static const char *const names[] = { "siphash", "hmac-sha256", "aes" };

	for (int i = 0; i < 3; i++) {
		ck_assert_str_eq(tfo_cookie_alg_name(i), names[i]);
		ck_assert_int_eq(tfo_cookie_alg_parse(names[i]), i);
	}
	ck_assert_ptr_null(tfo_cookie_alg_name(-1));
	ck_assert_ptr_null(tfo_cookie_alg_name(3));
	ck_assert_int_eq(tfo_cookie_alg_parse("SipHash"), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_cookie_alg_parse("aes "), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_cookie_alg_parse(""), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_cookie_alg_parse(NULL), TFO_ERR_INVALID);
}
END_TEST

START_TEST(availability)
{
	ck_assert_int_ge(sodium_init(), 0);
	ck_assert_int_eq(tfo_cookie_alg_available(TFO_COOKIE_SIPHASH), 1);
	ck_assert_int_eq(tfo_cookie_alg_available(TFO_COOKIE_HMAC_SHA256), 1);
	ck_assert_int_eq(tfo_cookie_alg_available(TFO_COOKIE_AES),
	                 crypto_aead_aes256gcm_is_available() ? 1 : 0);
	ck_assert_int_eq(tfo_cookie_alg_available(3), 0);
	ck_assert_int_eq(tfo_cookie_alg_available(-1), 0);
}
END_TEST

struct arg_case {
	int alg;
	const char *key;
	const char *src, *dst; /* NULL: an address with no family */
	size_t len;
	int rc;
};

static const struct arg_case arg_cases[] = {
	{ TFO_COOKIE_SIPHASH, KEY_A, "192.0.2.1", "192.168.0.1", 8, 0 },
	{ TFO_COOKIE_SIPHASH, KEY_A, "192.0.2.1", "192.168.0.1", 4, TFO_ERR_INVALID },
	{ TFO_COOKIE_SIPHASH, KEY_A, "192.0.2.1", "192.168.0.1", 16, TFO_ERR_INVALID },
	{ TFO_COOKIE_SIPHASH, KEY_256, "192.0.2.1", "192.168.0.1", 8, TFO_ERR_BAD_KEY },
	{ TFO_COOKIE_SIPHASH, KEY_A, "192.0.2.1", V6_DST, 8, TFO_ERR_FAMILY },
	{ TFO_COOKIE_SIPHASH, KEY_A, V6_SRC, "192.0.2.1", 8, TFO_ERR_FAMILY },
	{ TFO_COOKIE_SIPHASH, KEY_A, NULL, NULL, 8, TFO_ERR_FAMILY },
	{ TFO_COOKIE_HMAC_SHA256, KEY_256, "192.0.2.1", "192.168.0.1", 4, 0 },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1", 2, TFO_ERR_INVALID },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1", 5, TFO_ERR_INVALID },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1", 18, TFO_ERR_INVALID },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", "192.168.0.1", 0, TFO_ERR_INVALID },
	{ TFO_COOKIE_HMAC_SHA256, KEY_A, "192.0.2.1", NULL, 8, TFO_ERR_FAMILY },
	{ TFO_COOKIE_AES, KEY_A, "192.0.2.1", "192.168.0.1", 15, TFO_ERR_INVALID },
	{ TFO_COOKIE_AES, KEY_A, V6_SRC, "192.0.2.1", 8, TFO_ERR_FAMILY },
	{ 3, KEY_A, "192.0.2.1", "192.168.0.1", 8, TFO_ERR_INVALID },
	{ -1, KEY_A, "192.0.2.1", "192.168.0.1", 8, TFO_ERR_INVALID },
	{ 0, NULL, NULL, NULL, 0, 0 },
};

START_TEST(argument_errors)
{
	for (const struct arg_case *c = arg_cases; c->key; c++) {
		tfo_key k;
		tfo_addr src = { 0 }, dst = { 0 };
		uint8_t out[TFO_COOKIE_MAX];

		parse_key(&k, c->key);
		if (c->src)
			parse_addr(&src, c->src);
		if (c->dst)
			parse_addr(&dst, c->dst);
		ck_assert_msg(tfo_cookie_compute(c->alg, &k, &src, &dst, out, c->len) == c->rc,
		              "case %d", (int)(c - arg_cases));
	}
}
END_TEST

START_TEST(bad_key_lengths_and_nulls)
{
	tfo_key k;
	tfo_addr a;
	uint8_t out[8];

	parse_key(&k, KEY_A);
	parse_addr(&a, "192.0.2.1");
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_SIPHASH, NULL, &a, &a, out, 8),
	                 TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_SIPHASH, &k, NULL, &a, out, 8),
	                 TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_SIPHASH, &k, &a, NULL, out, 8),
	                 TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_SIPHASH, &k, &a, &a, NULL, 8),
	                 TFO_ERR_INVALID);
	k.len = 24;
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_HMAC_SHA256, &k, &a, &a, out, 8),
	                 TFO_ERR_BAD_KEY);
	k.len = 0;
	ck_assert_int_eq(tfo_cookie_compute(TFO_COOKIE_HMAC_SHA256, &k, &a, &a, out, 8),
	                 TFO_ERR_BAD_KEY);
}
END_TEST

static int usable(int alg, const char *test)
{
	return alg != TFO_COOKIE_AES || aes_or_skip(test);
}

/* Source and destination are not interchangeable, and every key bit counts. */
START_TEST(direction_and_key_bits_matter)
{
	int alg = _i;
	tfo_key k;
	tfo_addr a, b;
	uint8_t ab[8], ba[8], flipped[8];

	if (!usable(alg, "direction_and_key_bits_matter"))
		return;
	parse_key(&k, KEY_A);
	parse_addr(&a, "192.0.2.1");
	parse_addr(&b, "192.168.0.1");
	ck_assert_int_eq(tfo_cookie_compute(alg, &k, &a, &b, ab, 8), 0);
	ck_assert_int_eq(tfo_cookie_compute(alg, &k, &b, &a, ba, 8), 0);
	ck_assert_mem_ne(ab, ba, 8);
	for (int bit = 0; bit < 128; bit += 9) {
		tfo_key k2 = k;

		k2.bytes[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		ck_assert_int_eq(tfo_cookie_compute(alg, &k2, &a, &b, flipped, 8), 0);
		ck_assert_mem_ne(ab, flipped, 8);
	}
}
END_TEST

/* HMAC and AES cookies of length n are the first n bytes of the longest. */
START_TEST(shorter_cookies_are_prefixes)
{
	int alg = _i;
	tfo_key k;
	tfo_addr a, b;
	uint8_t full[16], part[16];

	if (!usable(alg, "shorter_cookies_are_prefixes"))
		return;
	parse_key(&k, KEY_256);
	parse_addr(&a, V6_SRC);
	parse_addr(&b, V6_DST);
	ck_assert_int_eq(tfo_cookie_compute(alg, &k, &a, &b, full, 16), 0);
	for (size_t len = 4; len <= 16; len += 2) {
		memset(part, 0, sizeof(part));
		ck_assert_int_eq(tfo_cookie_compute(alg, &k, &a, &b, part, len), 0);
		ck_assert_mem_eq(part, full, len);
		for (size_t i = len; i < sizeof(part); i++)
			ck_assert_uint_eq(part[i], 0);
	}
}
END_TEST

/*
 * The fixed-nonce trap. A GCM tag under a fixed key and nonce, with the
 * addresses as associated data, is GHASH (linear over GF(2^128)) plus a
 * constant, so for equal-length inputs
 *     tag(A) ^ tag(B) ^ tag(C) == tag(A ^ B ^ C)
 * and whoever sees three cookies can forge a fourth. A real MAC (or PRF)
 * makes that equation fail except with probability 2^-64 per triple.
 */
typedef int (*cookie_fn)(int alg, const tfo_key *k, const tfo_addr *src, const tfo_addr *dst,
                         uint8_t *out, size_t len);

/* The broken construction, written here only to show that the test bites. */
static int fixed_nonce_gcm_tag(int alg, const tfo_key *k, const tfo_addr *src, const tfo_addr *dst,
                               uint8_t *out, size_t len)
{
	static const uint8_t nonce[crypto_aead_aes256gcm_NPUBBYTES];
	uint8_t ad[32], tag[crypto_aead_aes256gcm_ABYTES];
	unsigned long long taglen;
	size_t alen = tfo_addr_len(src);

	(void)alg;
	ck_assert_uint_eq(k->len, 32);
	memcpy(ad, src->bytes, alen);
	memcpy(ad + alen, dst->bytes, alen);
	ck_assert_int_eq(crypto_aead_aes256gcm_encrypt(tag, &taglen, NULL, 0, ad, 2 * alen, NULL,
	                                               nonce, k->bytes),
	                 0);
	ck_assert_uint_eq(taglen, sizeof(tag));
	memcpy(out, tag, len);
	return 0;
}

static const char *const xor_triples[][6] = {
	{ "192.0.2.1", "192.168.0.1", "192.0.2.2", "192.168.0.1", "10.0.0.1", "10.0.0.2" },
	{ "127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.1", "198.51.100.7", "203.0.113.9" },
	{ V6_SRC, V6_DST, "2001:db8::1", "2001:db8::2", "fe80::1", "::1" },
	{ "2001:db8:1::a", "2001:db8:2::b", "2001:db8:3::c", "2001:db8:4::d", "::", "::ffff:1" },
};
#define NTRIPLES (sizeof(xor_triples) / sizeof(xor_triples[0]))

static void xor_addr(tfo_addr *out, const tfo_addr *a, const tfo_addr *b, const tfo_addr *c)
{
	*out = *a;
	for (size_t i = 0; i < sizeof(out->bytes); i++)
		out->bytes[i] = a->bytes[i] ^ b->bytes[i] ^ c->bytes[i];
}

/* xor_relation: how many triples satisfy f(A)^f(B)^f(C) == f(A^B^C). */
static size_t xor_relation(cookie_fn f, int alg, const tfo_key *k, size_t len)
{
	size_t holds = 0;

	for (size_t t = 0; t < NTRIPLES; t++) {
		tfo_addr s[4], d[4];
		uint8_t c[4][16], x[16];

		for (int i = 0; i < 3; i++) {
			parse_addr(&s[i], xor_triples[t][2 * i]);
			parse_addr(&d[i], xor_triples[t][2 * i + 1]);
		}
		xor_addr(&s[3], &s[0], &s[1], &s[2]);
		xor_addr(&d[3], &d[0], &d[1], &d[2]);
		for (int i = 0; i < 4; i++)
			ck_assert_int_eq(f(alg, k, &s[i], &d[i], c[i], len), 0);
		for (size_t i = 0; i < len; i++)
			x[i] = c[0][i] ^ c[1][i] ^ c[2][i];
		holds += memcmp(x, c[3], len) == 0;
	}
	return holds;
}

START_TEST(fixed_nonce_gcm_tag_is_forgeable)
{
	tfo_key k;

	if (!aes_or_skip("fixed_nonce_gcm_tag_is_forgeable"))
		return;
	parse_key(&k, KEY_256);
	ck_assert_uint_eq(xor_relation(fixed_nonce_gcm_tag, TFO_COOKIE_AES, &k, 8), NTRIPLES);
	ck_assert_uint_eq(xor_relation(fixed_nonce_gcm_tag, TFO_COOKIE_AES, &k, 16), NTRIPLES);
}
END_TEST

START_TEST(no_cookie_is_linear)
{
	int alg = _i;
	tfo_key k;

	if (!usable(alg, "no_cookie_is_linear"))
		return;
	parse_key(&k, alg == TFO_COOKIE_SIPHASH ? KEY_A : KEY_256);
	ck_assert_uint_eq(xor_relation(tfo_cookie_compute, alg, &k, 8), 0);
	if (alg != TFO_COOKIE_SIPHASH)
		ck_assert_uint_eq(xor_relation(tfo_cookie_compute, alg, &k, 16), 0);
}
END_TEST

Suite *cookie_suite(void)
{
	Suite *s = suite_create("cookie");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, siphash_matches_linux);
	tcase_add_test(tc, hmac_sha256_known_answers);
	tcase_add_test(tc, aes_known_answers);
	tcase_add_test(tc, aes_128_bit_key_is_stretched);
	tcase_add_test(tc, alg_names);
	tcase_add_test(tc, availability);
	tcase_add_test(tc, argument_errors);
	tcase_add_test(tc, bad_key_lengths_and_nulls);
	tcase_add_loop_test(tc, direction_and_key_bits_matter, 0, 3);
	tcase_add_loop_test(tc, shorter_cookies_are_prefixes, 1, 3);
	tcase_add_test(tc, fixed_nonce_gcm_tag_is_forgeable);
	tcase_add_loop_test(tc, no_cookie_is_linear, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}
