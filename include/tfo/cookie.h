/*
 * libtfo cookies: keys, the three cookie algorithms and the server key ring.
 *
 * Keys come in from the caller; nothing here reads the environment, a
 * file or a clock. Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_COOKIE_H
#define TFO_COOKIE_H

#include <tfo/common.h>
#include <tfo/wire.h>

#ifdef __cplusplus
extern "C" {
#endif

enum tfo_cookie_alg {
	TFO_COOKIE_SIPHASH = 0,     /* SipHash-2-4, bit-exact with Linux >= 5.3 (8 bytes) */
	TFO_COOKIE_HMAC_SHA256 = 1, /* HMAC-SHA256, truncated */
	TFO_COOKIE_AES = 2          /* AES-256 based PRF, see docs/cookies.md */
};

/* tfo_cookie_alg_name: "siphash", "hmac-sha256", "aes"; NULL if unknown. */
TFO_EXPORT const char *tfo_cookie_alg_name(int alg);

/* tfo_cookie_alg_parse: the reverse; returns the alg or TFO_ERR_INVALID. */
TFO_EXPORT int tfo_cookie_alg_parse(const char *name);

/*
 * tfo_cookie_alg_available: 1 when the algorithm can run on this machine
 * (AES needs AES-NI and PCLMUL), else 0.
 */
TFO_EXPORT int tfo_cookie_alg_available(int alg);

/* The cookie length an algorithm uses when the caller does not choose. */
#define TFO_COOKIE_DEFAULT_LEN 8

/* A 128-bit key (Linux's form) or a 256-bit one. */
#define TFO_KEY_MAX 32
typedef struct tfo_key {
	uint8_t bytes[TFO_KEY_MAX];
	uint8_t len; /* 16 or 32 */
} tfo_key;

/* "xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx" plus NUL, or 8 groups. */
#define TFO_KEYSTRLEN 72

/*
 * tfo_key_parse: parses Linux's sysctl form: four groups of 1 to 8 hex
 * digits separated by '-', each group a 32-bit number stored
 * little-endian (so "a1a1a1a1-b2b2b2b2-..." gives bytes a1 a1 a1 a1 b2...).
 * Eight groups give a 256-bit key. Nothing else is accepted: no spaces,
 * no "0x", no newline. Returns 0 or TFO_ERR_BAD_KEY (also for NULL text);
 * out is untouched on error.
 */
TFO_EXPORT int tfo_key_parse(tfo_key *out, const char *text);

/*
 * tfo_key_format: the sysctl form, "%08x-..." in lowercase, 4 or 8 groups,
 * NUL-terminated. Returns the length (35 or 71), TFO_ERR_NOBUF, or
 * TFO_ERR_INVALID for a key whose len is not 16 or 32.
 */
TFO_EXPORT int tfo_key_format(const tfo_key *key, char *buf, size_t size);

/* tfo_key_wipe: zeroes a key with sodium_memzero. */
TFO_EXPORT void tfo_key_wipe(tfo_key *key);

/*
 * tfo_cookie_compute: the cookie for a SYN from src to dst (the client's
 * address first, as Linux hashes saddr then daddr).
 *   siphash: a 128-bit key; len must be 8.
 *   hmac-sha256: a 128- or 256-bit key; len 4..16, even.
 *   aes: a 256-bit key is used as it is, a 128-bit one is first expanded
 *        (see docs/cookies.md); len 4..16, even.
 * Writes len bytes to out. Returns 0, TFO_ERR_INVALID (bad len or alg, or
 * a NULL pointer), TFO_ERR_FAMILY (src and dst differ in family or have
 * none), TFO_ERR_BAD_KEY, TFO_ERR_UNSUPPORTED (AES without CPU support)
 * or TFO_ERR_CRYPTO.
 */
TFO_EXPORT int tfo_cookie_compute(int alg, const tfo_key *key, const tfo_addr *src,
                                  const tfo_addr *dst, uint8_t *out, size_t len);

/* ------------------------------------------------------------------ */
/* Server key ring                                                      */
/* ------------------------------------------------------------------ */

/*
 * A primary key and an optional backup, with Linux's semantics: the
 * primary makes and checks cookies; the backup only checks, and a match on
 * it tells the server to hand out a fresh primary cookie. Keys are wiped
 * when replaced or when the ring is deleted.
 */
typedef struct tfo_keyring tfo_keyring;

enum tfo_key_match { TFO_MATCH_NONE = 0, TFO_MATCH_PRIMARY = 1, TFO_MATCH_BACKUP = 2 };

/* tfo_key_match_name: "invalid", "valid-primary", "valid-backup". */
TFO_EXPORT const char *tfo_key_match_name(int match);

/*
 * tfo_keyring_new: an empty ring for one algorithm and cookie length
 * (siphash: 8; others 4..16 even). mem may be NULL for the default.
 * Returns 0, TFO_ERR_INVALID, TFO_ERR_UNSUPPORTED, TFO_ERR_CRYPTO or
 * TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_keyring_new(tfo_keyring **out, int alg, size_t cookie_len,
                               const tfo_allocator *mem);

/* tfo_keyring_del: wipes the keys and frees the ring. NULL is fine. */
TFO_EXPORT void tfo_keyring_del(tfo_keyring *ring);

/*
 * tfo_keyring_set: installs a primary and (backup may be NULL) a backup,
 * wiping the old ones; as with Linux's sysctl, a NULL backup leaves the
 * ring with no backup. Returns 0, TFO_ERR_BAD_KEY (wrong length for the
 * algorithm; the ring is unchanged) or TFO_ERR_INVALID (NULL primary).
 */
TFO_EXPORT int tfo_keyring_set(tfo_keyring *ring, const tfo_key *primary, const tfo_key *backup);

/*
 * tfo_keyring_parse: installs "PRIMARY[,BACKUP]" in sysctl form, as
 * net.ipv4.tcp_fastopen_key takes it, each key as tfo_key_parse() reads
 * it. Returns 0 or TFO_ERR_BAD_KEY (also for a key of the wrong length for
 * the algorithm; TFO_ERR_INVALID for a NULL ring); on error the ring is
 * unchanged.
 */
TFO_EXPORT int tfo_keyring_parse(tfo_keyring *ring, const char *text);

/*
 * tfo_keyring_rotate: backup <- primary, primary <- new_primary; the old
 * backup is wiped. On a ring with no primary it only installs the
 * primary. Returns 0 or TFO_ERR_BAD_KEY (the ring is unchanged).
 */
TFO_EXPORT int tfo_keyring_rotate(tfo_keyring *ring, const tfo_key *new_primary);

/* tfo_keyring_has_primary / has_backup: 1 or 0. */
TFO_EXPORT int tfo_keyring_has_primary(const tfo_keyring *ring);
TFO_EXPORT int tfo_keyring_has_backup(const tfo_keyring *ring);

/* tfo_keyring_alg / cookie_len: what the ring was made with. */
TFO_EXPORT int tfo_keyring_alg(const tfo_keyring *ring);
TFO_EXPORT size_t tfo_keyring_cookie_len(const tfo_keyring *ring);

/*
 * tfo_keyring_make: the primary key's cookie for src -> dst, written to
 * out (tfo_keyring_cookie_len() bytes). Returns the length, TFO_ERR_STATE
 * when there is no primary key, TFO_ERR_NOBUF when size is smaller than
 * the cookie, or an error of tfo_cookie_compute().
 */
TFO_EXPORT int tfo_keyring_make(const tfo_keyring *ring, const tfo_addr *src, const tfo_addr *dst,
                                uint8_t *out, size_t size);

/*
 * tfo_keyring_check: which key made this cookie for src -> dst. The
 * comparison takes the same time wherever the bytes differ. Returns TFO_MATCH_PRIMARY,
 * TFO_MATCH_BACKUP, TFO_MATCH_NONE (also for a cookie of the wrong
 * length, and on a ring with no key), or a negative error of
 * tfo_cookie_compute(). The primary is tried first, as Linux does.
 */
TFO_EXPORT int tfo_keyring_check(const tfo_keyring *ring, const tfo_addr *src, const tfo_addr *dst,
                                 const uint8_t *cookie, size_t len);

/* ------------------------------------------------------------------ */
/* Hex                                                                  */
/* ------------------------------------------------------------------ */

/*
 * tfo_hex_decode: strict lowercase or uppercase hex, no separators, even
 * length (possibly 0). Writes at most size bytes; *len (len may be NULL)
 * gets the count. Returns 0 or TFO_ERR_BAD_HEX (odd length, non-hex
 * digit, longer than size, NULL hex); on error out and *len are untouched.
 */
TFO_EXPORT int tfo_hex_decode(const char *hex, uint8_t *out, size_t size, size_t *len);

/*
 * tfo_hex_encode: lowercase hex of len bytes, NUL-terminated (size must be
 * at least 2*len + 1). Returns 2*len, TFO_ERR_NOBUF, or TFO_ERR_INVALID
 * when 2*len does not fit in an int.
 */
TFO_EXPORT int tfo_hex_encode(const uint8_t *in, size_t len, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* TFO_COOKIE_H */
