/*
 * JSON values to text, all or nothing. jansson's own json_dumps and
 * json_dumpf can run out of memory half-way and still report success with
 * a key left out (jansson 2.14 ignores a failed key write), so every JSON
 * document tfosim prints is made here: measured, then written into one
 * buffer, with no allocation in between.
 */
#ifndef TFO_JSONTEXT_H
#define TFO_JSONTEXT_H

#include <stddef.h>

#include <jansson.h>

/*
 * json_text: v's text with jansson's dump flags, NUL-terminated, in a
 * malloc'd buffer the caller frees. NULL when v is NULL or memory runs out.
 */
char *json_text(const json_t *v, size_t flags);

#endif /* TFO_JSONTEXT_H */
