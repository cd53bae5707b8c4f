/*
 * Fuzzes tfo_hex_decode() on arbitrary text, into buffers of every size
 * from 0 to 17 bytes. What decodes must encode back to the input in
 * lowercase, and a failed decode must not touch the output.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#define MAX_OUT 17

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_size(const char *text, size_t n, size_t room)
{
	uint8_t out[MAX_OUT + 1];
	char back[2 * MAX_OUT + 1];
	size_t len = 12345;

	memset(out, 0xa5, sizeof(out));
	if (tfo_hex_decode(text, out, room, &len) != 0) {
		for (size_t i = 0; i < sizeof(out); i++)
			if (out[i] != 0xa5)
				abort();
		if (len != 12345)
			abort();
		return;
	}
	if (len > room || 2 * len != n || out[len] != 0xa5)
		abort();
	if (tfo_hex_encode(out, len, back, sizeof(back)) != (int)n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (back[i] != tolower((unsigned char)text[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	size_t n;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	n = strlen(text);
	for (size_t room = 0; room <= MAX_OUT; room++)
		check_size(text, n, room);
	free(text);
	return 0;
}
