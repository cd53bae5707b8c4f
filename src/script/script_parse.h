/*
 * The script parser: packetdrill's grammar (docs/script.md) into the
 * model of script_model.h. Option lines (--name=value) are kept for the
 * runner to apply; nothing is interpreted here beyond syntax.
 */
#ifndef SCRIPT_PARSE_H
#define SCRIPT_PARSE_H

#include "script_lex.h"
#include "script_model.h"

/*
 * sc_parse: parses text into s (zeroed by the caller). Returns 0; -1 for
 * a syntax error, with *line and msg ("syntax error: ..."); or
 * TFO_ERR_NOMEM. s is freed with sc_script_free() either way.
 */
int sc_parse(struct sc_script *s, const char *text, size_t len, const struct sl_def *defs,
             size_t ndefs, int *line, char *msg, size_t msgsz);

/* sc_parse_usecs: "1.25" or ".1" seconds into microseconds. Returns 0 or -1. */
int sc_parse_usecs(const char *text, int64_t *out);

/* sc_parse_int: decimal or 0x hex into *out (at most 2^63-1). Returns 0 or -1. */
int sc_parse_int(const char *text, int64_t *out);

#endif /* SCRIPT_PARSE_H */
