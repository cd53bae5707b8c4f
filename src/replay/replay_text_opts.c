/*
 * tcpdump option text back to bytes. The forms are tcpdump 4.99's
 * print-tcp.c output, as the codec's formatter reproduces them
 * (src/libtfo/wire/tfo_format.c): "mss 65495", "sackOK", "TS val 1 ecr 0", "nop",
 * "wscale 7", "sack 1 {1:2}", "tfo  cookiereq", "tfo  cookie HEX",
 * "exp-tfo cookie HEX", "unknown-99 0xHEX", ...
 */
#include <stdio.h>
#include <string.h>

#include <tfo/cookie.h>

#include "replay_lex.h"
#include "replay_text_opts.h"
#include "tfo_bytes.h"

#define LOSSY 1

/* The end of the option starting at p: the next ',' outside brackets. */
static const char *item_end(const char *p, const char *end)
{
	int depth = 0;

	/* md5's text has a comma of its own: "...with -M, can't check - HEX". */
	if (end - p > 4 && memcmp(p, "md5 ", 4) == 0) {
		const char *c = lex_find(p, end, "check - ");

		if (c)
			p = c;
	}
	for (; p < end; p++) {
		if (*p == '[' || *p == '{')
			depth++;
		else if ((*p == ']' || *p == '}') && depth > 0)
			depth--;
		else if (*p == ',' && depth == 0)
			break;
	}
	return p;
}

static int hex_bytes(const char *p, const char *end, uint8_t *out, size_t size, size_t *n)
{
	char buf[2 * TFO_MAX_OPTLEN + 1];
	size_t len = (size_t)(end - p);

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return tfo_hex_decode(buf, out, size, n) == 0 ? 0 : -1;
}

/* "cookiereq" or "cookie HEX" after "tfo" / "exp-tfo". */
static int fastopen(tfo_segment *seg, int exp, const char *p, const char *end)
{
	uint8_t cookie[TFO_COOKIE_MAX];
	size_t n = 0;

	lex_spaces(&p, end);
	if (lex_lit(&p, end, "cookiereq") && p == end)
		return tfo_opt_add_fastopen(seg, exp, NULL, 0) == 0 ? 0 : LOSSY;
	if (!lex_lit(&p, end, "cookie "))
		return LOSSY;
	if (hex_bytes(p, end, cookie, sizeof(cookie), &n) != 0)
		return LOSSY;
	return tfo_opt_add_fastopen(seg, exp, cookie, n) == 0 ? 0 : LOSSY;
}

static int sack(tfo_segment *seg, const char *p, const char *end)
{
	uint32_t left[4], right[4], count;
	size_t i;

	if (!lex_u32(&p, end, &count) || count < 1 || count > 4 || !lex_lit(&p, end, " "))
		return LOSSY;
	for (i = 0; i < count; i++) {
		if (!lex_lit(&p, end, "{") || !lex_u32(&p, end, &left[i]) ||
		    !lex_lit(&p, end, ":") || !lex_u32(&p, end, &right[i]) ||
		    !lex_lit(&p, end, "}"))
			return LOSSY;
	}
	if (p != end)
		return LOSSY;
	return tfo_opt_add_sack(seg, left, right, count) == 0 ? 0 : LOSSY;
}

static int timestamps(tfo_segment *seg, const char *p, const char *end)
{
	uint32_t val, ecr;

	if (!lex_lit(&p, end, "val ") || !lex_u32(&p, end, &val) || !lex_lit(&p, end, " ecr ") ||
	    !lex_u32(&p, end, &ecr) || p != end)
		return LOSSY;
	return tfo_opt_add_ts(seg, val, ecr) == 0 ? 0 : LOSSY;
}

/* "N" for the kinds tcpdump prints as one number. */
static int number(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	uint8_t b[4];
	uint32_t v;

	if (!lex_u32(&p, end, &v) || p != end)
		return LOSSY;
	switch (kind) {
	case TFO_OPT_MSS:
		return v <= UINT16_MAX && tfo_opt_add_mss(seg, (uint16_t)v) == 0 ? 0 : LOSSY;
	case TFO_OPT_WSCALE:
		/* The builder refuses shifts above 14; the wire allows any byte. */
		if (v > UINT8_MAX)
			return LOSSY;
		b[0] = (uint8_t)v;
		return tfo_opt_add_raw(seg, kind, b, 1) == 0 ? 0 : LOSSY;
	default:
		put_be32(b, v);
		return tfo_opt_add_raw(seg, kind, b, 4) == 0 ? 0 : LOSSY;
	}
}

/* "unknown-K" or "unknown-K 0xHEX". */
static int unknown(tfo_segment *seg, const char *p, const char *end)
{
	uint8_t data[TFO_MAX_OPTLEN];
	uint32_t kind;
	size_t n = 0;

	if (!lex_u32(&p, end, &kind) || kind < 2 || kind > 255)
		return LOSSY;
	if (p != end && (!lex_lit(&p, end, " 0x") || hex_bytes(p, end, data, sizeof(data), &n)))
		return LOSSY;
	return tfo_opt_add_raw(seg, (uint8_t)kind, data, n) == 0 ? 0 : LOSSY;
}

/* "md5 shared secret not supplied with -M, can't check - HEX" */
static int md5(tfo_segment *seg, const char *p, const char *end)
{
	const char *h = lex_find(p, end, "check - ");
	uint8_t sig[16];
	size_t n = 0;

	if (!h || hex_bytes(h + 8, end, sig, sizeof(sig), &n) != 0 || n != 16)
		return LOSSY;
	return tfo_opt_add_raw(seg, 19, sig, n) == 0 ? 0 : LOSSY;
}

struct form {
	const char *name;
	uint8_t kind;
	int (*body)(tfo_segment *seg, uint8_t kind, const char *p, const char *end);
};

static int body_none(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	if (p != end)
		return LOSSY;
	if (kind == TFO_OPT_NOP)
		return tfo_opt_add_nop(seg) == 0 ? 0 : LOSSY;
	if (kind == TFO_OPT_EOL)
		return tfo_opt_add_eol(seg) == 0 ? 0 : LOSSY;
	return tfo_opt_add_sack_perm(seg) == 0 ? 0 : LOSSY;
}

static int body_number(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	return number(seg, kind, p, end);
}

static int body_sack(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	(void)kind;
	return sack(seg, p, end);
}

static int body_ts(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	(void)kind;
	return timestamps(seg, p, end);
}

static int body_tfo(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	return fastopen(seg, kind == TFO_OPT_EXP, p, end);
}

static int body_unknown(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	(void)kind;
	return unknown(seg, p, end);
}

static int body_md5(tfo_segment *seg, uint8_t kind, const char *p, const char *end)
{
	(void)kind;
	return md5(seg, p, end);
}

/* Longer names first where one is a prefix of another. */
static const struct form forms[] = {
	{ "nop", TFO_OPT_NOP, body_none },
	{ "eol", TFO_OPT_EOL, body_none },
	{ "mss ", TFO_OPT_MSS, body_number },
	{ "wscale ", TFO_OPT_WSCALE, body_number },
	{ "sackOK", TFO_OPT_SACK_PERM, body_none },
	{ "sack ", TFO_OPT_SACK, body_sack },
	{ "TS ", TFO_OPT_TS, body_ts },
	{ "echoreply ", 7, body_number },
	{ "echo ", 6, body_number },
	{ "ccnew ", 12, body_number },
	{ "cc ", 11, body_number },
	{ "exp-tfo", TFO_OPT_EXP, body_tfo },
	{ "tfo", TFO_OPT_FASTOPEN, body_tfo },
	{ "unknown-", 0, body_unknown },
	{ "md5 ", 19, body_md5 },
	{ NULL, 0, NULL },
};

static int one(tfo_segment *seg, const char *p, const char *end)
{
	while (end > p && end[-1] == ' ')
		end--;
	/* "[len N]" marks an option whose length byte disagreed with its
	 * kind: tcpdump printed only part of it. */
	if (lex_find(p, end, "[len ") || lex_find(p, end, "[bad opt]"))
		return LOSSY;
	for (const struct form *f = forms; f->name; f++) {
		const char *q = p;

		if (lex_lit(&q, end, f->name))
			return f->body(seg, f->kind, q, end);
	}
	return LOSSY;
}

int replay_text_opts(tfo_segment *seg, const char *text, size_t len, char *lost, size_t lostsize)
{
	const char *p = text, *end = text + len;
	int lossy = 0;

	while (p < end) {
		const char *e = item_end(p, end);

		lex_spaces(&p, e);
		if (p < e && one(seg, p, e) && !lossy++)
			snprintf(lost, lostsize, "%.*s", (int)(e - p), p);
		p = e < end ? e + 1 : e;
	}
	return lossy != 0;
}
