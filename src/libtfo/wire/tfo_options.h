/* What libtfo's own decoder asks of the option walk, without the public
 * entry points' argument checks and per-option records. */
#ifndef TFO_OPTIONS_H
#define TFO_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

/*
 * tfo_opts_diag: the diag flags tfo_opts_parse() reports for these option
 * bytes (TFO_DIAG_OPT_MALFORMED, TFO_DIAG_TFO_INVALID,
 * TFO_DIAG_OPT_INVALID), found in one pass that keeps nothing else: the
 * decoder needs only the flags, and every segment is decoded. Reads at
 * most TFO_MAX_OPTLEN bytes.
 */
uint32_t tfo_opts_diag(const uint8_t *opts, size_t optlen);

#endif /* TFO_OPTIONS_H */
