/* Hex text to bytes and back, strictly: cookies typed on a command line. */
#include <limits.h>
#include <string.h>

#include "tfo_hex.h"

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

TFO_EXPORT int tfo_hex_decode(const char *hex, uint8_t *out, size_t size, size_t *len)
{
	size_t n;

	if (!hex)
		return TFO_ERR_BAD_HEX;
	/* Validate everything before writing, so a bad string leaves out untouched. */
	for (n = 0; hex[n]; n++)
		if (hex_digit(hex[n]) < 0)
			return TFO_ERR_BAD_HEX;
	if (n % 2 || n / 2 > size)
		return TFO_ERR_BAD_HEX;
	for (size_t i = 0; i < n / 2; i++)
		out[i] = (uint8_t)(hex_digit(hex[2 * i]) << 4 | hex_digit(hex[2 * i + 1]));
	if (len)
		*len = n / 2;
	return 0;
}

TFO_EXPORT int tfo_hex_encode(const uint8_t *in, size_t len, char *buf, size_t size)
{
	static const char digits[] = "0123456789abcdef";

	if (len > (INT_MAX - 1) / 2)
		return TFO_ERR_INVALID;
	if (!buf || size < 2 * len + 1)
		return TFO_ERR_NOBUF;
	for (size_t i = 0; i < len; i++) {
		buf[2 * i] = digits[in[i] >> 4];
		buf[2 * i + 1] = digits[in[i] & 0x0f];
	}
	buf[2 * len] = '\0';
	return (int)(2 * len);
}
