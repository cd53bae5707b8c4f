/*
 * The three cookie algorithms. The input is always the client's address
 * then the server's, as Linux hashes saddr then daddr of the SYN
 * (net/ipv4/tcp_fastopen.c, __tcp_fastopen_cookie_gen_cipher()).
 */
#include <string.h>

#include <sodium.h>

#include "tfo_cookie.h"

static const char *const alg_names[] = {
	[TFO_COOKIE_SIPHASH] = "siphash",
	[TFO_COOKIE_HMAC_SHA256] = "hmac-sha256",
	[TFO_COOKIE_AES] = "aes",
};
#define NALGS ((int)(sizeof(alg_names) / sizeof(alg_names[0])))

/* Both addresses, source first: 8 bytes for IPv4, 32 for IPv6. */
#define ADDR_PAIR_MAX 32

/* The AES construction works on 96-bit blocks (see aes_prf()). */
#define AES_BLOCK 12
#define AES_HDR 4
#define AES_MSG_MAX (((AES_HDR + ADDR_PAIR_MAX + AES_BLOCK - 1) / AES_BLOCK) * AES_BLOCK)

/* Domain string for stretching a 128-bit key to AES-256 (docs/cookies.md). */
static const char aes_kdf_context[] = "tfosim aes-256 cookie key v1";

TFO_EXPORT const char *tfo_cookie_alg_name(int alg)
{
	return alg >= 0 && alg < NALGS ? alg_names[alg] : NULL;
}

TFO_EXPORT int tfo_cookie_alg_parse(const char *name)
{
	if (!name)
		return TFO_ERR_INVALID;
	for (int i = 0; i < NALGS; i++)
		if (strcmp(name, alg_names[i]) == 0)
			return i;
	return TFO_ERR_INVALID;
}

int cookie_crypto_init(void)
{
	/* sodium_init() is idempotent and thread-safe; 1 means "already done". */
	return sodium_init() < 0 ? TFO_ERR_CRYPTO : 0;
}

TFO_EXPORT int tfo_cookie_alg_available(int alg)
{
	if (alg < 0 || alg >= NALGS || cookie_crypto_init() != 0)
		return 0;
	if (alg == TFO_COOKIE_AES)
		return crypto_aead_aes256gcm_is_available() ? 1 : 0;
	return 1;
}

int cookie_len_valid(int alg, size_t len)
{
	switch (alg) {
	case TFO_COOKIE_SIPHASH:
		/* Linux: TCP_FASTOPEN_COOKIE_SIZE, one u64 of SipHash output. */
		return len == crypto_shorthash_BYTES;
	case TFO_COOKIE_HMAC_SHA256:
	case TFO_COOKIE_AES:
		return len >= TFO_COOKIE_MIN && len <= TFO_COOKIE_MAX && len % 2 == 0;
	default:
		return 0;
	}
}

int cookie_key_valid(int alg, const tfo_key *key)
{
	if (!key)
		return 0;
	switch (alg) {
	case TFO_COOKIE_SIPHASH:
		return key->len == crypto_shorthash_KEYBYTES;
	case TFO_COOKIE_HMAC_SHA256:
	case TFO_COOKIE_AES:
		return key->len == 16 || key->len == 32;
	default:
		return 0;
	}
}

/*
 * Linux computes siphash() over saddr and daddr, which lie next to each
 * other in the IP header, under the 16 key bytes read as two u64 in CPU
 * (little-endian) order, and stores cpu_to_le64() of the result.
 * crypto_shorthash() loads its key and stores its output little-endian,
 * so the bytes agree. crypto_shorthash() is SipHash-2-4 by definition;
 * calling the named function skips a wrapper's call.
 */
static int siphash_cookie(const struct cookie_prep *p, const uint8_t *pair, size_t pairlen,
                          uint8_t *out)
{
	return crypto_shorthash_siphash24(out, pair, pairlen, p->u.sip) == 0 ? 0 : TFO_ERR_CRYPTO;
}

/* HMAC: the prepared state has absorbed the key's inner and outer pads. */
static int hmac_cookie(const struct cookie_prep *p, const uint8_t *pair, size_t pairlen,
                       uint8_t *out, size_t len)
{
	crypto_auth_hmacsha256_state st = p->u.hmac;
	uint8_t mac[crypto_auth_hmacsha256_BYTES];
	int rc = TFO_ERR_CRYPTO;

	if (crypto_auth_hmacsha256_update(&st, pair, pairlen) == 0 &&
	    crypto_auth_hmacsha256_final(&st, mac) == 0) {
		memcpy(out, mac, len);
		rc = 0;
	}
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(mac, sizeof(mac));
	return rc;
}

/* aes_key: the AES-256 key: a 256-bit key as it is, a 128-bit one stretched. */
static int aes_key(const tfo_key *key, uint8_t k[crypto_aead_aes256gcm_KEYBYTES])
{
	if (key->len == crypto_aead_aes256gcm_KEYBYTES) {
		memcpy(k, key->bytes, key->len);
		return 0;
	}
	if (crypto_generichash(k, crypto_aead_aes256gcm_KEYBYTES, (const uint8_t *)aes_kdf_context,
	                       sizeof(aes_kdf_context) - 1, key->bytes, key->len) != 0)
		return TFO_ERR_CRYPTO;
	return 0;
}

/* The CBC-MAC's working bytes, wiped once when a cookie is done. */
struct aes_scratch {
	uint8_t x[AES_BLOCK], y[16], tag[crypto_aead_aes256gcm_ABYTES];
};

/*
 * aes_prf: F(x) = AES_K(x || 00000002) for a 96-bit x, into w->y. GCM with
 * the 96-bit nonce x encrypts its first plaintext block under the counter
 * block x || 0x00000002 (NIST SP 800-38D, 7.1: J0 = IV || 0^31 || 1, then
 * inc32), so encrypting 16 zero bytes yields exactly that AES output. The
 * GCM tag is computed by libsodium but never leaves the scratch.
 */
static int aes_prf(const crypto_aead_aes256gcm_state *st, struct aes_scratch *w)
{
	static const uint8_t zero[16];
	int rc = crypto_aead_aes256gcm_encrypt_detached_afternm(
	        w->y, w->tag, NULL, zero, sizeof(zero), NULL, 0, NULL, w->x, st);

	return rc == 0 ? 0 : TFO_ERR_CRYPTO;
}

/*
 * aes_message: 'T' 'F' family addrlen || src || dst, zero-padded to whole
 * 96-bit blocks. The family in the first block and a length fixed by the
 * family make the message set prefix-free, which CBC-MAC needs.
 */
static size_t aes_message(int family, size_t alen, const uint8_t *pair, uint8_t msg[AES_MSG_MAX])
{
	size_t n = AES_HDR + 2 * alen;

	memset(msg, 0, AES_MSG_MAX);
	msg[0] = 'T';
	msg[1] = 'F';
	msg[2] = (uint8_t)family;
	msg[3] = (uint8_t)alen;
	memcpy(msg + AES_HDR, pair, 2 * alen);
	return (n + AES_BLOCK - 1) / AES_BLOCK;
}

/* CBC-MAC over 96-bit blocks with F; the cookie is the last F output. */
static int aes_cookie(const struct cookie_prep *p, int family, size_t alen, const uint8_t *pair,
                      uint8_t *out, size_t len)
{
	uint8_t msg[AES_MSG_MAX];
	struct aes_scratch w = { { 0 }, { 0 }, { 0 } };
	size_t blocks = aes_message(family, alen, pair, msg);
	int rc = 0;

	for (size_t b = 0; rc == 0 && b < blocks; b++) {
		for (size_t i = 0; i < AES_BLOCK; i++)
			w.x[i] = w.y[i] ^ msg[b * AES_BLOCK + i];
		rc = aes_prf(&p->u.aes, &w);
	}
	if (rc == 0)
		memcpy(out, w.y, len);
	sodium_memzero(&w, sizeof(w));
	return rc;
}

int cookie_prepare(struct cookie_prep *p, int alg, const tfo_key *key)
{
	uint8_t k[crypto_aead_aes256gcm_KEYBYTES];
	int rc;

	memset(p, 0, sizeof(*p));
	if (!cookie_key_valid(alg, key))
		return TFO_ERR_BAD_KEY;
	rc = cookie_crypto_init();
	if (rc != 0)
		return rc;
	p->alg = alg;
	switch (alg) {
	case TFO_COOKIE_SIPHASH:
		memcpy(p->u.sip, key->bytes, sizeof(p->u.sip));
		return 0;
	case TFO_COOKIE_HMAC_SHA256:
		return crypto_auth_hmacsha256_init(&p->u.hmac, key->bytes, key->len) == 0
		               ? 0
		               : TFO_ERR_CRYPTO;
	default:
		if (!crypto_aead_aes256gcm_is_available())
			return TFO_ERR_UNSUPPORTED;
		rc = aes_key(key, k);
		if (rc == 0 && crypto_aead_aes256gcm_beforenm(&p->u.aes, k) != 0)
			rc = TFO_ERR_CRYPTO;
		sodium_memzero(k, sizeof(k));
		return rc;
	}
}

void cookie_prep_wipe(struct cookie_prep *p)
{
	sodium_memzero(p, sizeof(*p));
}

/*
 * pack: both addresses, source first, into pair; returns their length (4
 * or 16), 0 for a bad family. Constant-size copies: this runs for every
 * cookie, and a SipHash over 8 bytes is no longer than a library call.
 */
static size_t pack(const tfo_addr *src, const tfo_addr *dst, uint8_t pair[ADDR_PAIR_MAX])
{
	if (src->family != dst->family)
		return 0;
	if (src->family == TFO_AF_INET) {
		memcpy(pair, src->bytes, 4);
		memcpy(pair + 4, dst->bytes, 4);
		return 4;
	}
	if (src->family == TFO_AF_INET6) {
		memcpy(pair, src->bytes, 16);
		memcpy(pair + 16, dst->bytes, 16);
		return 16;
	}
	return 0;
}

int cookie_make(const struct cookie_prep *p, const tfo_addr *src, const tfo_addr *dst, uint8_t *out,
                size_t len)
{
	uint8_t pair[ADDR_PAIR_MAX];
	size_t alen = pack(src, dst, pair);

	if (alen == 0)
		return TFO_ERR_FAMILY;
	switch (p->alg) {
	case TFO_COOKIE_SIPHASH:
		return siphash_cookie(p, pair, 2 * alen, out);
	case TFO_COOKIE_HMAC_SHA256:
		return hmac_cookie(p, pair, 2 * alen, out, len);
	default:
		return aes_cookie(p, src->family, alen, pair, out, len);
	}
}

/*
 * same: 1 when the n bytes at a and b are equal, in time that does not
 * depend on where they differ: every byte is looked at, the differences
 * are ORed together, and only the total is tested. Word by word:
 * on an 8-byte SipHash cookie a byte loop or a library call costs as much
 * as the hash.
 */
static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
	uint64_t d = 0, x, y;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		d |= x ^ y;
	}
	for (; i < n; i++)
		d |= (uint64_t)(a[i] ^ b[i]);
	return d == 0;
}

/*
 * cookie_matches: 1 when the prepared key made cookie for src -> dst, 0
 * when not, or an error. want is not wiped: a cookie is no key, and its
 * owner gets it in clear.
 */
static int cookie_matches(const struct cookie_prep *p, const tfo_addr *src, const tfo_addr *dst,
                          const uint8_t *cookie, size_t len)
{
	uint8_t want[TFO_COOKIE_MAX];
	int rc = cookie_make(p, src, dst, want, len);

	return rc == 0 ? same(want, cookie, len) : rc;
}

int cookie_check(const struct cookie_prep *const *keys, int nkeys, const tfo_addr *src,
                 const tfo_addr *dst, const uint8_t *cookie, size_t len)
{
	int rc;

	for (int k = 0; k < nkeys; k++) {
		rc = cookie_matches(keys[k], src, dst, cookie, len);
		if (rc != 0)
			return rc < 0 ? rc : k + 1;
	}
	return 0;
}

TFO_EXPORT int tfo_cookie_compute(int alg, const tfo_key *key, const tfo_addr *src,
                                  const tfo_addr *dst, uint8_t *out, size_t len)
{
	struct cookie_prep p;
	int rc;

	if (!cookie_len_valid(alg, len) || !out || !key || !src || !dst)
		return TFO_ERR_INVALID;
	if (tfo_addr_len(src) == 0 || src->family != dst->family)
		return TFO_ERR_FAMILY;
	rc = cookie_prepare(&p, alg, key);
	if (rc == 0)
		rc = cookie_make(&p, src, dst, out, len);
	cookie_prep_wipe(&p);
	return rc;
}
