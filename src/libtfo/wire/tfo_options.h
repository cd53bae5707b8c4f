/* What libtfo's own decoder asks of the option walk, without the public
 * entry points' argument checks and per-option records. */
#ifndef TFO_OPTIONS_H
#define TFO_OPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tfo/wire.h>

#include "tfo_bytes.h"

/* The Fast Open option a segment carries, as tfo_opts_parse() takes it. */
struct tfo_fastopen_opt {
	int8_t cookie_len; /* -1: none; 0: a cookie request; else the cookie's length */
	uint8_t exp;       /* 1: the experimental kind 254 with magic 0xF989 */
	uint8_t cookie[TFO_COOKIE_MAX];
};

/* tfo_opts_cookie_len_ok: RFC 7413 section 4.1.1: empty (a request), or 4 to 16 bytes and even. */
static inline int tfo_opts_cookie_len_ok(size_t n)
{
	return n == 0 || (n >= TFO_COOKIE_MIN && n <= TFO_COOKIE_MAX && n % 2 == 0);
}

/*
 * tfo_opts_put_fastopen: the Fast Open option at p (kind 34, or 254 with
 * magic 0xF989 when exp), for a cookie of a length tfo_opts_cookie_len_ok()
 * accepts. Returns the bytes written, 2 + len or 4 + len.
 */
static inline size_t tfo_opts_put_fastopen(uint8_t *p, int exp, const uint8_t *cookie, size_t len)
{
	size_t head = exp ? 4 : 2;

	p[0] = exp ? TFO_OPT_EXP : TFO_OPT_FASTOPEN;
	p[1] = (uint8_t)(head + len);
	if (exp)
		put_be16(p + 2, TFO_EXP_MAGIC_FASTOPEN);
	if (len)
		memcpy(p + head, cookie, len);
	return head + len;
}

/* tfo_fastopen_none: *fo says no Fast Open option. */
static inline void tfo_fastopen_none(struct tfo_fastopen_opt *fo)
{
	fo->cookie_len = -1;
	fo->exp = 0;
}

/*
 * tfo_opts_nop_nop_ts: 1 when the options are NOP, NOP, timestamps: what
 * Linux puts on every segment after the handshake (tcp_options_write();
 * RFC 7323 appendix A's layout), so most segments carry exactly this, and
 * the walks take it at once.
 */
static inline int tfo_opts_nop_nop_ts(const uint8_t *o, size_t optlen)
{
	return optlen == 12 && o[0] == TFO_OPT_NOP && o[1] == TFO_OPT_NOP && o[2] == TFO_OPT_TS &&
	       o[3] == 10;
}

/* tfo_opts_diag_walk: tfo_opts_diag() past its first test. */
uint32_t tfo_opts_diag_walk(const uint8_t *opts, size_t optlen, struct tfo_fastopen_opt *fo);

/*
 * tfo_opts_diag: the diag flags tfo_opts_parse() reports for these option
 * bytes (TFO_DIAG_OPT_MALFORMED, TFO_DIAG_TFO_INVALID,
 * TFO_DIAG_OPT_INVALID), found in one pass that keeps nothing else: the
 * decoder needs only the flags, and every segment is decoded. When fo is
 * not NULL, the same pass puts the Fast Open option in *fo, as
 * tfo_opts_fastopen() does: replay reads it from every SYN and SYN-ACK,
 * which the decoder has just walked. Reads at most TFO_MAX_OPTLEN bytes.
 * Inline up to the walk: NOP, NOP, timestamps, nothing to find, is most
 * segments.
 */
static inline uint32_t tfo_opts_diag(const uint8_t *opts, size_t optlen,
                                     struct tfo_fastopen_opt *fo)
{
	if (!tfo_opts_nop_nop_ts(opts, optlen))
		return tfo_opts_diag_walk(opts, optlen, fo);
	if (fo)
		tfo_fastopen_none(fo);
	return 0;
}

/*
 * tfo_opts_fastopen: the Fast Open option of these option bytes in *out,
 * the same as tfo_opts_parse()'s cookie_len, cookie_exp and cookie (the
 * last valid option wins, an invalid one may clear it), found without
 * the rest of the parse.
 */
void tfo_opts_fastopen(const uint8_t *opts, size_t optlen, struct tfo_fastopen_opt *out);

#endif /* TFO_OPTIONS_H */
