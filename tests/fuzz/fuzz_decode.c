/*
 * libFuzzer harness for the wire decoder and everything that reads what
 * it produces: decode, walk and parse the options, format the segment,
 * and encode it again. Where a round trip must hold (nothing was skipped
 * or wrong in the input) the encoding must give back the input's bytes.
 * Any broken promise aborts, which libFuzzer reports as a crash.
 */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "tfo_codec.h"

/* Findings after which the input cannot come back byte for byte. */
#define NOT_VERBATIM                                                                               \
	(TFO_DIAG_IP_CSUM_BAD | TFO_DIAG_TCP_CSUM_BAD | TFO_DIAG_CSUM_UNCHECKED |                  \
	 TFO_DIAG_PAYLOAD_TRUNCATED | TFO_DIAG_IP_OPTIONS | TFO_DIAG_TRAILING)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
	if (!cond)
		abort();
}

/* The union member tfo_opt_next() filled: 1 cookie, 2 raw, 0 a value. */
static int member(const tfo_opt *o, const uint8_t *at)
{
	if (o->kind <= TFO_OPT_NOP)
		return 0;
	if (o->invalid)
		return 2;
	switch (o->kind) {
	case TFO_OPT_MSS:
	case TFO_OPT_WSCALE:
	case TFO_OPT_SACK_PERM:
	case TFO_OPT_TS:
	case TFO_OPT_SACK:
		return 0;
	case TFO_OPT_FASTOPEN:
		return 1;
	case TFO_OPT_EXP:
		return o->len >= 4 && at[2] == 0xf9 && at[3] == 0x89 ? 1 : 2;
	default:
		return 2;
	}
}

/* Every pointer an option hands out stays inside that option's bytes. */
static void check_bytes(const uint8_t *p, size_t len, const uint8_t *at, const tfo_opt *o)
{
	if (!len) {
		check(p == NULL);
		return;
	}
	check(p >= at + 2 && p + len <= at + o->len);
}

static void walk_options(const uint8_t *opts, size_t n)
{
	size_t pos = 0, count = 0;
	tfo_opt o;
	int r;

	while ((r = tfo_opt_next(opts, n, &pos, &o)) == 1) {
		const uint8_t *at = opts + o.offset;

		check(pos <= n && o.offset + (size_t)o.len <= n && ++count <= n);
		if (member(&o, at) == 1)
			check_bytes(o.u.cookie.bytes, o.u.cookie.len, at, &o);
		else if (member(&o, at) == 2)
			check_bytes(o.u.raw.bytes, o.u.raw.len, at, &o);
		else if (o.kind == TFO_OPT_SACK)
			check(o.u.sack.count >= 1 && o.u.sack.count <= 4);
	}
	check(r == 0 || r == TFO_ERR_BAD_OPTION);
}

/* The decoder's own option check must report what the full parse finds. */
#define OPT_DIAG (TFO_DIAG_OPT_MALFORMED | TFO_DIAG_TFO_INVALID | TFO_DIAG_OPT_INVALID)

static void check_parsed(const tfo_segment *seg, const tfo_decode_info *info,
                         const struct tfo_fastopen_opt *fo)
{
	tfo_opts_parsed p;

	tfo_opts_parse(seg, &p);
	check((info->diag & OPT_DIAG) == p.diag);
	/* and the Fast Open option the decoder's walk took for replay */
	check(fo->cookie_len == p.cookie_len);
	check(fo->cookie_len < 0 || (fo->exp == p.cookie_exp &&
	                             memcmp(fo->cookie, p.cookie, (size_t)fo->cookie_len) == 0));
	check(p.cookie_len == -1 || p.cookie_len == 0 ||
	      (p.cookie_len >= TFO_COOKIE_MIN && p.cookie_len <= TFO_COOKIE_MAX));
	check(((p.present & TFO_HAS_FASTOPEN) != 0) == (p.cookie_len >= 0));
	check(p.wscale <= TFO_WSCALE_MAX && p.sack_count <= 4);
}

static void check_same(const tfo_segment *a, const tfo_segment *b)
{
	check(tfo_addr_equal(&a->src.addr, &b->src.addr) &&
	      tfo_addr_equal(&a->dst.addr, &b->dst.addr));
	check(a->src.port == b->src.port && a->dst.port == b->dst.port);
	check(a->seq == b->seq && a->ack == b->ack && a->flags == b->flags);
	check(a->reserved == b->reserved && a->window == b->window && a->urgent == b->urgent);
	check(a->optlen == b->optlen && memcmp(a->opts, b->opts, a->optlen) == 0);
	check(a->len == b->len && (!a->len || memcmp(a->payload, b->payload, a->len) == 0));
	check(a->ip.tos == b->ip.tos && a->ip.ttl == b->ip.ttl);
}

static void round_trip(const tfo_segment *seg, const tfo_decode_info *info, const uint8_t *data)
{
	uint8_t out[60 + 60 + 65535];
	tfo_decode_info info2;
	tfo_segment back;
	size_t w;

	check(tfo_segment_encode(seg, out, sizeof(out), &w) == 0);
	check(w == tfo_segment_encoded_len(seg));
	check(tfo_segment_decode(&back, &info2, out, w) == 0);
	check_same(seg, &back);
	if (!(info->diag & NOT_VERBATIM)) {
		check(w == info->ip_hdr_len + info->tcp_hdr_len + seg->len);
		check(memcmp(out, data, w) == 0);
	}
}

/* The decoder with the Fast Open option decodes as the public one. */
static void check_fastopen_decode(const uint8_t *data, size_t size, int rc, const tfo_segment *seg,
                                  const tfo_decode_info *info, struct tfo_fastopen_opt *fo)
{
	tfo_decode_info info2;
	tfo_segment seg2;

	check(tfo_segment_decode_fastopen(&seg2, &info2, data, size, fo) == rc);
	check(memcmp(info, &info2, sizeof(info2)) == 0);
	check(memcmp(seg, &seg2, sizeof(seg2)) == 0);
	check(rc == 0 || fo->cookie_len == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[TFO_SEGMENT_STRLEN];
	struct tfo_fastopen_opt fo;
	tfo_decode_info info;
	tfo_segment seg;
	size_t n = size < TFO_MAX_OPTLEN ? size : TFO_MAX_OPTLEN;
	int rc, len;

	/* The first bytes as bare options, for the walker and the formatter. */
	walk_options(data, n);
	check(tfo_options_format(data, n, line, sizeof(line)) < TFO_SEGMENT_STRLEN);

	rc = tfo_segment_decode(&seg, &info, data, size);
	check_fastopen_decode(data, size, rc, &seg, &info, &fo);
	if (rc != 0) {
		check(rc <= TFO_ERR_TRUNCATED && rc >= TFO_ERR_BAD_OPTION);
		check(seg.payload == NULL && seg.len == 0);
		return 0;
	}
	check(seg.optlen <= TFO_MAX_OPTLEN && info.captured <= seg.len);
	check(info.ip_hdr_len + info.tcp_hdr_len + (size_t)info.captured <= size);
	check(info.captured == 0 ||
	      (seg.payload >= data && seg.payload + info.captured <= data + size));
	walk_options(seg.opts, seg.optlen);
	check_parsed(&seg, &info, &fo);
	len = tfo_segment_format_line(&seg, line, sizeof(line));
	check(len > 0 && len < TFO_SEGMENT_STRLEN && strlen(line) == (size_t)len);
	if (info.captured == seg.len)
		round_trip(&seg, &info, data);
	return 0;
}
