/* Internal: key parsing shared with the key ring. */
#ifndef TFO_KEY_H
#define TFO_KEY_H

#include <tfo/cookie.h>

/*
 * key_parse_span: tfo_key_parse() on the len bytes at text, which need not
 * be NUL-terminated (one half of "PRIMARY,BACKUP"). Returns 0 or
 * TFO_ERR_BAD_KEY; out is untouched on error.
 */
int key_parse_span(tfo_key *out, const char *text, size_t len);

#endif /* TFO_KEY_H */
