/* Internal: what the key ring needs to know about the cookie algorithms. */
#ifndef TFO_COOKIE_INTERNAL_H
#define TFO_COOKIE_INTERNAL_H

#include <tfo/cookie.h>

/* cookie_len_valid: 1 when alg is known and makes cookies of len bytes. */
int cookie_len_valid(int alg, size_t len);

/* cookie_key_valid: 1 when key has a length alg can use (alg known). */
int cookie_key_valid(int alg, const tfo_key *key);

/* cookie_crypto_init: sodium_init(). Returns 0 or TFO_ERR_CRYPTO. */
int cookie_crypto_init(void);

#endif /* TFO_COOKIE_INTERNAL_H */
