/* Internal: what the key ring needs to know about the cookie algorithms. */
#ifndef TFO_COOKIE_INTERNAL_H
#define TFO_COOKIE_INTERNAL_H

#include <sodium.h>
#include <tfo/cookie.h>

/* cookie_len_valid: 1 when alg is known and makes cookies of len bytes. */
int cookie_len_valid(int alg, size_t len);

/* cookie_key_valid: 1 when key has a length alg can use (alg known). */
int cookie_key_valid(int alg, const tfo_key *key);

/* cookie_crypto_init: sodium_init(). Returns 0 or TFO_ERR_CRYPTO. */
int cookie_crypto_init(void);

/*
 * A key made ready for many cookies: what depends on the key alone (the
 * AES key schedule, HMAC's padded key blocks) is computed once. Holds key
 * material: wipe it with cookie_prep_wipe(). Needs 16-byte alignment
 * (libsodium's AES state).
 */
struct cookie_prep {
	int alg;
	union {
		uint8_t sip[crypto_shorthash_KEYBYTES];
		crypto_auth_hmacsha256_state hmac;
		crypto_aead_aes256gcm_state aes;
	} u;
};

/*
 * cookie_prepare: readies key for alg. Returns 0, TFO_ERR_BAD_KEY,
 * TFO_ERR_UNSUPPORTED (no AES on this CPU) or TFO_ERR_CRYPTO.
 */
int cookie_prepare(struct cookie_prep *p, int alg, const tfo_key *key);

/* cookie_prep_wipe: zeroes a prepared key. */
void cookie_prep_wipe(struct cookie_prep *p);

/*
 * cookie_make: the cookie of len bytes (valid for the algorithm) for src
 * -> dst under a prepared key. Returns 0, TFO_ERR_FAMILY or TFO_ERR_CRYPTO.
 */
int cookie_make(const struct cookie_prep *p, const tfo_addr *src, const tfo_addr *dst, uint8_t *out,
                size_t len);

/*
 * cookie_check: which of the nkeys (1 or 2) prepared keys, all of one
 * algorithm, made cookie (len bytes, valid for it) for src -> dst, tried
 * in order: 1 + its index, 0 for none, or TFO_ERR_FAMILY / TFO_ERR_CRYPTO.
 * Compares in time that does not depend on where the bytes differ.
 */
int cookie_check(const struct cookie_prep *const *keys, int nkeys, const tfo_addr *src,
                 const tfo_addr *dst, const uint8_t *cookie, size_t len);

#endif /* TFO_COOKIE_INTERNAL_H */
