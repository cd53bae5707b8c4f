/*
 * Fuzzes the script parser and runner with arbitrary text through the
 * public entry point. Every input must end in a verdict (0, 1 or 2) and,
 * unless it passed, a message that names the script ("f:"), without
 * crashing, leaking or reading past the text.
 */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tfo_script_result res;
	char *text;
	int v;

	/* Scripts are text: the runner reads up to the first NUL, like a C string. */
	if (memchr(data, '\0', size))
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	v = tfo_script_run_string("f", text, NULL, &res);
	if (v == TFO_ERR_NOMEM) {
		free(text);
		return 0;
	}
	if (v < TFO_SCRIPT_PASS || v > TFO_SCRIPT_ERROR || v != res.verdict)
		abort();
	if (v == TFO_SCRIPT_PASS ? res.message[0] != '\0' : strncmp(res.message, "f:", 2) != 0)
		abort();
	free(text);
	return 0;
}
