/*
 * Fuzzes the key decoders: tfo_key_parse() and tfo_keyring_parse() on
 * arbitrary text. A key that parses must format and parse back to itself,
 * and a ring must accept exactly what two tfo_key_parse() calls accept.
 */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

static void round_trip(const tfo_key *k)
{
	char text[TFO_KEYSTRLEN];
	tfo_key back;

	if (tfo_key_format(k, text, sizeof(text)) != (k->len == 16 ? 35 : 71))
		abort();
	if (tfo_key_parse(&back, text) != 0 || back.len != k->len ||
	    memcmp(back.bytes, k->bytes, k->len) != 0)
		abort();
}

/* ring_agrees: the ring takes text iff its halves are keys of the right size. */
static void ring_agrees(int alg, char *text, size_t n)
{
	tfo_keyring *ring;
	char *comma = memchr(text, ',', n);
	tfo_key k1, k2;
	int want, got;

	if (tfo_keyring_new(&ring, alg, alg == TFO_COOKIE_SIPHASH ? 8 : 16, NULL) != 0)
		return;
	if (comma)
		*comma = '\0';
	want = tfo_key_parse(&k1, text) == 0 && (!comma || tfo_key_parse(&k2, comma + 1) == 0);
	if (want && alg == TFO_COOKIE_SIPHASH)
		want = k1.len == 16 && (!comma || k2.len == 16);
	if (comma)
		*comma = ',';
	got = tfo_keyring_parse(ring, text) == 0;
	if (got != want || tfo_keyring_has_primary(ring) != got ||
	    tfo_keyring_has_backup(ring) != (got && comma))
		abort();
	tfo_keyring_del(ring);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	size_t n;
	tfo_key k;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	n = strlen(text);
	if (tfo_key_parse(&k, text) == 0)
		round_trip(&k);
	ring_agrees(TFO_COOKIE_SIPHASH, text, n);
	ring_agrees(TFO_COOKIE_HMAC_SHA256, text, n);
	free(text);
	return 0;
}
