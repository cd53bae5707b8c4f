/*
 * Keys in Linux's net.ipv4.tcp_fastopen_key form. Linux reads each
 * "%x" group into a u32 and stores it with cpu_to_le32(), so the key bytes
 * are the groups in little-endian order (net/ipv4/sysctl_net_ipv4.c,
 * proc_tcp_fastopen_key(), Linux >= 5.3), and prints them back with
 * "%08x". We are stricter than sscanf: 1 to 8 hex digits per group,
 * nothing else, no spaces, no "0x".
 */
#include <string.h>

#include <sodium.h>

#include "tfo_hex.h"
#include "tfo_key.h"

#define GROUP_DIGITS 8

static void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * parse_group: one group of 1..8 hex digits starting at text[*pos] and
 * ending at '-' or at end. Advances *pos past the digits.
 */
static int parse_group(const char *text, size_t len, size_t *pos, uint32_t *value)
{
	size_t start = *pos;
	uint32_t v = 0;
	int d;

	while (*pos < len && (d = hex_digit(text[*pos])) >= 0) {
		if (*pos - start == GROUP_DIGITS)
			return TFO_ERR_BAD_KEY;
		v = v << 4 | (uint32_t)d;
		(*pos)++;
	}
	if (*pos == start)
		return TFO_ERR_BAD_KEY;
	*value = v;
	return 0;
}

int key_parse_span(tfo_key *out, const char *text, size_t len)
{
	tfo_key k = { { 0 }, 0 };
	size_t pos = 0, groups = 0;
	uint32_t v;
	int rc = TFO_ERR_BAD_KEY;

	if (!out || !text)
		return TFO_ERR_BAD_KEY;
	for (;;) {
		if (groups == TFO_KEY_MAX / 4 || parse_group(text, len, &pos, &v) != 0)
			goto out;
		store_le32(k.bytes + 4 * groups++, v);
		if (pos == len)
			break;
		if (text[pos++] != '-')
			goto out;
	}
	if (groups != 4 && groups != 8)
		goto out;
	k.len = (uint8_t)(4 * groups);
	*out = k;
	rc = 0;
out:
	sodium_memzero(&k, sizeof(k));
	return rc;
}

TFO_EXPORT int tfo_key_parse(tfo_key *out, const char *text)
{
	if (!text)
		return TFO_ERR_BAD_KEY;
	return key_parse_span(out, text, strlen(text));
}

TFO_EXPORT int tfo_key_format(const tfo_key *key, char *buf, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	size_t groups, n;

	if (!key || (key->len != 16 && key->len != 32))
		return TFO_ERR_INVALID;
	groups = key->len / 4;
	n = groups * (GROUP_DIGITS + 1) - 1;
	if (!buf || size < n + 1)
		return TFO_ERR_NOBUF;
	for (size_t g = 0; g < groups; g++) {
		uint32_t v = load_le32(key->bytes + 4 * g);
		char *p = buf + g * (GROUP_DIGITS + 1);

		for (int i = GROUP_DIGITS - 1; i >= 0; i--, v >>= 4)
			p[i] = digits[v & 0x0f];
		p[GROUP_DIGITS] = '-';
	}
	buf[n] = '\0';
	return (int)n;
}

TFO_EXPORT void tfo_key_wipe(tfo_key *key)
{
	if (key)
		sodium_memzero(key, sizeof(*key));
}
