/* What libtfo's own decoder asks of the option walk, without the public
 * entry points' argument checks and per-option records. */
#ifndef TFO_OPTIONS_H
#define TFO_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include <tfo/wire.h>

/* The Fast Open option a segment carries, as tfo_opts_parse() takes it. */
struct tfo_fastopen_opt {
	int8_t cookie_len; /* -1: none; 0: a cookie request; else the cookie's length */
	uint8_t exp;       /* 1: the experimental kind 254 with magic 0xF989 */
	uint8_t cookie[TFO_COOKIE_MAX];
};

/*
 * tfo_opts_diag: the diag flags tfo_opts_parse() reports for these option
 * bytes (TFO_DIAG_OPT_MALFORMED, TFO_DIAG_TFO_INVALID,
 * TFO_DIAG_OPT_INVALID), found in one pass that keeps nothing else: the
 * decoder needs only the flags, and every segment is decoded. When fo is
 * not NULL, the same pass puts the Fast Open option in *fo, as
 * tfo_opts_fastopen() does: replay reads it from every SYN and SYN-ACK,
 * which the decoder has just walked. Reads at most TFO_MAX_OPTLEN bytes.
 */
uint32_t tfo_opts_diag(const uint8_t *opts, size_t optlen, struct tfo_fastopen_opt *fo);

/*
 * tfo_opts_fastopen: the Fast Open option of these option bytes in *out,
 * the same as tfo_opts_parse()'s cookie_len, cookie_exp and cookie (the
 * last valid option wins, an invalid one may clear it), found without
 * the rest of the parse.
 */
void tfo_opts_fastopen(const uint8_t *opts, size_t optlen, struct tfo_fastopen_opt *out);

#endif /* TFO_OPTIONS_H */
