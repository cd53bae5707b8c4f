/*
 * The server's key ring, with the semantics of Linux's
 * net.ipv4.tcp_fastopen_key (Linux >= 5.3): a primary key that makes and
 * checks cookies and an optional backup that only checks
 * (net/ipv4/tcp_fastopen.c, tcp_fastopen_cookie_gen_check() tries the
 * primary then the backup and returns which one matched).
 */
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

/* install: the new keys replace the old ones, which are wiped. */
static void install(tfo_keyring *ring, const tfo_key *primary, const tfo_key *backup)
{
	tfo_key p = *primary, b;

	if (backup)
		b = *backup;
	tfo_key_wipe(&ring->primary);
	tfo_key_wipe(&ring->backup);
	ring->primary = p;
	ring->has_primary = 1;
	ring->has_backup = backup != NULL;
	if (backup) {
		ring->backup = b;
		tfo_key_wipe(&b);
	}
	tfo_key_wipe(&p);
}

TFO_EXPORT int tfo_keyring_set(tfo_keyring *ring, const tfo_key *primary, const tfo_key *backup)
{
	if (!ring || !primary)
		return TFO_ERR_INVALID;
	if (!cookie_key_valid(ring->alg, primary) ||
	    (backup && !cookie_key_valid(ring->alg, backup)))
		return TFO_ERR_BAD_KEY;
	install(ring, primary, backup);
	return 0;
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
	int had_primary;

	if (!ring || !new_primary)
		return TFO_ERR_INVALID;
	if (!cookie_key_valid(ring->alg, new_primary))
		return TFO_ERR_BAD_KEY;
	old = ring->primary;
	had_primary = ring->has_primary;
	install(ring, new_primary, had_primary ? &old : NULL);
	tfo_key_wipe(&old);
	return 0;
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

TFO_EXPORT int tfo_keyring_make(const tfo_keyring *ring, const tfo_addr *src, const tfo_addr *dst,
                                uint8_t *out, size_t size)
{
	int rc;

	if (!ring)
		return TFO_ERR_INVALID;
	if (!ring->has_primary)
		return TFO_ERR_STATE;
	if (size < ring->cookie_len)
		return TFO_ERR_NOBUF;
	rc = tfo_cookie_compute(ring->alg, &ring->primary, src, dst, out, ring->cookie_len);
	return rc < 0 ? rc : (int)ring->cookie_len;
}

/* matches: 1 when key made cookie for src -> dst, 0 when not, or an error. */
static int matches(const tfo_keyring *ring, const tfo_key *key, const tfo_addr *src,
                   const tfo_addr *dst, const uint8_t *cookie)
{
	uint8_t want[TFO_COOKIE_MAX];
	int rc;

	rc = tfo_cookie_compute(ring->alg, key, src, dst, want, ring->cookie_len);
	if (rc == 0)
		rc = sodium_memcmp(want, cookie, ring->cookie_len) == 0;
	sodium_memzero(want, sizeof(want));
	return rc;
}

TFO_EXPORT int tfo_keyring_check(const tfo_keyring *ring, const tfo_addr *src, const tfo_addr *dst,
                                 const uint8_t *cookie, size_t len)
{
	int rc;

	if (!ring)
		return TFO_ERR_INVALID;
	/* Linux: tcp_fastopen_cookie_match() requires equal lengths first. */
	if (!ring->has_primary || len != ring->cookie_len || !cookie)
		return TFO_MATCH_NONE;
	rc = matches(ring, &ring->primary, src, dst, cookie);
	if (rc != 0)
		return rc < 0 ? rc : TFO_MATCH_PRIMARY;
	if (!ring->has_backup)
		return TFO_MATCH_NONE;
	rc = matches(ring, &ring->backup, src, dst, cookie);
	if (rc != 0)
		return rc < 0 ? rc : TFO_MATCH_BACKUP;
	return TFO_MATCH_NONE;
}
