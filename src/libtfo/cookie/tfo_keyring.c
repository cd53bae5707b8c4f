/*
 * The server's key ring, with the semantics of Linux's
 * net.ipv4.tcp_fastopen_key (Linux >= 5.3): a primary key that makes and
 * checks cookies and an optional backup that only checks
 * (net/ipv4/tcp_fastopen.c, tcp_fastopen_cookie_gen_check() tries the
 * primary then the backup and returns which one matched).
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "tfo_alloc.h"
#include "tfo_cookie.h"
#include "tfo_key.h"

struct tfo_keyring {
	tfo_allocator mem;
	int alg;
	size_t cookie_len;
	/* Invariant: has_backup implies has_primary, as in Linux. */
	int has_primary, has_backup;
	tfo_key primary, backup;
	/*
	 * The keys made ready (cookie_prepare()), so a cookie costs the
	 * primitive alone. They live in this block, aligned by hand: a
	 * user's allocator need not give the 16 bytes libsodium's AES state
	 * wants.
	 */
	struct cookie_prep *prep[2]; /* primary, backup */
	unsigned char prep_space[2 * sizeof(struct cookie_prep) + 15];
	/*
	 * 1 when the ring makes SipHash cookies and has a primary: the
	 * straight path's one test of the ring. A flag and not a pointer to
	 * the key: loading the key's address first would put a load in
	 * front of the hash, and that costs more time than the test.
	 */
	int sip_ready;
};

static const char *const match_names[] = {
	[TFO_MATCH_NONE] = "invalid",
	[TFO_MATCH_PRIMARY] = "valid-primary",
	[TFO_MATCH_BACKUP] = "valid-backup",
};

TFO_EXPORT const char *tfo_key_match_name(int match)
{
	if (match < 0 || match >= (int)(sizeof(match_names) / sizeof(match_names[0])))
		return NULL;
	return match_names[match];
}

TFO_EXPORT int tfo_keyring_new(tfo_keyring **out, int alg, size_t cookie_len,
                               const tfo_allocator *mem)
{
	tfo_keyring *ring;
	int rc;

	if (!out || !cookie_len_valid(alg, cookie_len))
		return TFO_ERR_INVALID;
	rc = cookie_crypto_init();
	if (rc != 0)
		return rc;
	if (!tfo_cookie_alg_available(alg))
		return TFO_ERR_UNSUPPORTED;
	mem = mem_get(mem);
	ring = mem_zalloc(mem, 1, sizeof(*ring));
	if (!ring)
		return TFO_ERR_NOMEM;
	ring->mem = *mem;
	ring->prep[0] = (struct cookie_prep *)(void *)(ring->prep_space +
	                                               (-(uintptr_t)ring->prep_space & 15));
	ring->prep[1] = ring->prep[0] + 1;
	ring->alg = alg;
	ring->cookie_len = cookie_len;
	*out = ring;
	return 0;
}

TFO_EXPORT void tfo_keyring_del(tfo_keyring *ring)
{
	tfo_allocator mem;

	if (!ring)
		return;
	mem = ring->mem;
	sodium_memzero(ring, sizeof(*ring));
	mem_free(&mem, ring);
}

/* uninstall: no keys; every byte of the old ones wiped. */
static void uninstall(tfo_keyring *ring)
{
	tfo_key_wipe(&ring->primary);
	tfo_key_wipe(&ring->backup);
	cookie_prep_wipe(ring->prep[0]);
	cookie_prep_wipe(ring->prep[1]);
	ring->has_primary = ring->has_backup = 0;
	ring->sip_ready = 0;
}

/*
 * install: the new keys replace the old ones, which are wiped. Returns 0,
 * or cookie_prepare()'s error with the ring left empty.
 */
static int install(tfo_keyring *ring, const tfo_key *primary, const tfo_key *backup)
{
	tfo_key p = *primary, b;
	int rc;

	if (backup)
		b = *backup;
	uninstall(ring);
	ring->primary = p;
	ring->has_primary = 1;
	ring->has_backup = backup != NULL;
	if (backup) {
		ring->backup = b;
		tfo_key_wipe(&b);
	}
	tfo_key_wipe(&p);
	rc = cookie_prepare(ring->prep[0], ring->alg, &ring->primary);
	if (rc == 0 && ring->has_backup)
		rc = cookie_prepare(ring->prep[1], ring->alg, &ring->backup);
	if (rc != 0)
		uninstall(ring);
	else if (ring->alg == TFO_COOKIE_SIPHASH)
		ring->sip_ready = 1;
	return rc;
}

TFO_EXPORT int tfo_keyring_set(tfo_keyring *ring, const tfo_key *primary, const tfo_key *backup)
{
	if (!ring || !primary)
		return TFO_ERR_INVALID;
	if (!cookie_key_valid(ring->alg, primary) ||
	    (backup && !cookie_key_valid(ring->alg, backup)))
		return TFO_ERR_BAD_KEY;
	return install(ring, primary, backup);
}

TFO_EXPORT int tfo_keyring_parse(tfo_keyring *ring, const char *text)
{
	tfo_key primary, backup;
	const char *comma;
	size_t n;
	int rc = TFO_ERR_BAD_KEY;

	if (!ring)
		return TFO_ERR_INVALID;
	if (!text)
		return TFO_ERR_BAD_KEY;
	n = strlen(text);
	comma = memchr(text, ',', n);
	if (key_parse_span(&primary, text, comma ? (size_t)(comma - text) : n) != 0)
		return TFO_ERR_BAD_KEY;
	if (comma && key_parse_span(&backup, comma + 1, n - (size_t)(comma - text) - 1) != 0)
		goto out;
	rc = tfo_keyring_set(ring, &primary, comma ? &backup : NULL);
out:
	tfo_key_wipe(&primary);
	tfo_key_wipe(&backup);
	return rc;
}

TFO_EXPORT int tfo_keyring_rotate(tfo_keyring *ring, const tfo_key *new_primary)
{
	tfo_key old;
	int had_primary, rc;

	if (!ring || !new_primary)
		return TFO_ERR_INVALID;
	if (!cookie_key_valid(ring->alg, new_primary))
		return TFO_ERR_BAD_KEY;
	old = ring->primary;
	had_primary = ring->has_primary;
	rc = install(ring, new_primary, had_primary ? &old : NULL);
	tfo_key_wipe(&old);
	return rc;
}

TFO_EXPORT int tfo_keyring_has_primary(const tfo_keyring *ring)
{
	return ring && ring->has_primary;
}

TFO_EXPORT int tfo_keyring_has_backup(const tfo_keyring *ring)
{
	return ring && ring->has_backup;
}

TFO_EXPORT int tfo_keyring_alg(const tfo_keyring *ring)
{
	return ring ? ring->alg : TFO_ERR_INVALID;
}

TFO_EXPORT size_t tfo_keyring_cookie_len(const tfo_keyring *ring)
{
	return ring ? ring->cookie_len : 0;
}

/*
 * sip4: 1 when src -> dst is an IPv4 pair, which is then packed into
 * pair; else 0. With a SipHash ring that is the commonest cookie, and it
 * gets a straight path: its hash is about 150 instructions, and the
 * general path's dispatch, packing, calls and argument checks added two
 * thirds to that per make and check (docs/performance.md, "Cookies").
 */
static inline int sip4(const tfo_addr *src, const tfo_addr *dst, uint8_t pair[8])
{
	if (src->family != TFO_AF_INET || dst->family != TFO_AF_INET)
		return 0;
	memcpy(pair, src->bytes, 4);
	memcpy(pair + 4, dst->bytes, 4);
	return 1;
}

/* make_any: tfo_keyring_make() for every algorithm and family. */
static __attribute__((noinline)) int make_any(const tfo_keyring *ring, const tfo_addr *src,
                                              const tfo_addr *dst, uint8_t *out, size_t size)
{
	int rc;

	if (!ring)
		return TFO_ERR_INVALID;
	if (!ring->has_primary)
		return TFO_ERR_STATE;
	if (size < ring->cookie_len)
		return TFO_ERR_NOBUF;
	if (!src || !dst || !out)
		return TFO_ERR_INVALID;
	rc = cookie_make(ring->prep[0], src, dst, out, ring->cookie_len);
	return rc < 0 ? rc : (int)ring->cookie_len;
}

/*
 * The straight path is taken only when every check of make_any() would
 * pass, so both give the same answers; a SipHash cookie is 8 bytes.
 */
TFO_EXPORT int tfo_keyring_make(const tfo_keyring *ring, const tfo_addr *src, const tfo_addr *dst,
                                uint8_t *out, size_t size)
{
	uint8_t pair[8];

	if (ring && ring->sip_ready && size >= 8 && src && dst && out && sip4(src, dst, pair))
		return crypto_shorthash_siphash24(out, pair, 8, ring->primary.bytes) == 0
		               ? 8
		               : TFO_ERR_CRYPTO;
	return make_any(ring, src, dst, out, size);
}

/* check_any: tfo_keyring_check() for every algorithm and family. */
static __attribute__((noinline)) int check_any(const tfo_keyring *ring, const tfo_addr *src,
                                               const tfo_addr *dst, const uint8_t *cookie,
                                               size_t len)
{
	if (!ring)
		return TFO_ERR_INVALID;
	/* Linux: tcp_fastopen_cookie_match() requires equal lengths first. */
	if (!ring->has_primary || len != ring->cookie_len || !cookie)
		return TFO_MATCH_NONE;
	if (!src || !dst)
		return TFO_ERR_INVALID;
	return cookie_check((const struct cookie_prep *const *)ring->prep, ring->has_backup ? 2 : 1,
	                    src, dst, cookie, len);
}

/* sip4_backup: the rare second try of tfo_keyring_check()'s straight path. */
static __attribute__((noinline)) int sip4_backup(const tfo_keyring *ring, const uint8_t pair[8],
                                                 uint64_t got)
{
	uint8_t h[8];
	uint64_t x;

	if (!ring->has_backup)
		return TFO_MATCH_NONE;
	if (crypto_shorthash_siphash24(h, pair, 8, ring->backup.bytes) != 0)
		return TFO_ERR_CRYPTO;
	memcpy(&x, h, 8);
	return x == got ? TFO_MATCH_BACKUP : TFO_MATCH_NONE;
}

/* As for tfo_keyring_make(): the straight path only where check_any() would hash. */
TFO_EXPORT int tfo_keyring_check(const tfo_keyring *ring, const tfo_addr *src, const tfo_addr *dst,
                                 const uint8_t *cookie, size_t len)
{
	uint8_t pair[8], h[8];
	uint64_t got, x;

	if (!(ring && ring->sip_ready && len == 8 && cookie && src && dst && sip4(src, dst, pair)))
		return check_any(ring, src, dst, cookie, len);
	/* Whole words compared once: no timing by where the bytes differ. */
	memcpy(&got, cookie, 8);
	if (crypto_shorthash_siphash24(h, pair, 8, ring->primary.bytes) != 0)
		return TFO_ERR_CRYPTO;
	memcpy(&x, h, 8);
	return x == got ? TFO_MATCH_PRIMARY : sip4_backup(ring, pair, got);
}
