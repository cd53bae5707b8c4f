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

/* The observer formats what it is given, so that -v's paths run too. */
static void on_packet(void *user, tfo_time t, int inbound, const tfo_segment *seg)
{
	char line[TFO_SEGMENT_STRLEN];

	tfo_segment_format_line(seg, line, sizeof(line));
}

static void on_note(void *user, tfo_time t, const char *text)
{
	if (strlen(text) > 4096)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tfo_script_observer obs = { .packet = on_packet, .note = on_note };
	tfo_script_config *cfg = NULL;
	tfo_script_result res;
	char *text;
	int v;

	/* Scripts are text: the runner reads up to the first NUL, like a C string. */
	if (memchr(data, '\0', size))
		return 0;
	text = malloc(size + 1);
	if (!text || tfo_script_config_new(&cfg)) {
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	/* Every other input runs observed. */
	if (size % 2)
		tfo_script_config_observe(cfg, &obs);
	v = tfo_script_run_string("f", text, cfg, &res);
	tfo_script_config_del(cfg);
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
