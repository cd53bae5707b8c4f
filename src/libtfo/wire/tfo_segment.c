/* The segment model: initialisation, sequence length and option builders. */
#include <string.h>

#include <tfo/wire.h>

#include "tfo_bytes.h"
#include "tfo_options.h"
#include "tfo_segment_zero.h"

TFO_EXPORT void tfo_segment_init(tfo_segment *seg, const tfo_sockaddr *src, const tfo_sockaddr *dst)
{
	if (!seg)
		return;
	segment_zero(seg);
	if (src)
		seg->src = *src;
	if (dst)
		seg->dst = *dst;
}

TFO_EXPORT uint32_t tfo_segment_seqlen(const tfo_segment *seg)
{
	uint32_t n;

	if (!seg)
		return 0;
	/* Without branches: every segment a host takes asks. */
	n = seg->len;
	n += (seg->flags & TFO_TH_SYN) != 0;
	n += (seg->flags & TFO_TH_FIN) != 0;
	return n;
}

/* Appends n bytes to the option space, all or nothing. */
static int append(tfo_segment *seg, const uint8_t *bytes, size_t n)
{
	if (!seg)
		return TFO_ERR_INVALID;
	if (seg->optlen > TFO_MAX_OPTLEN || n > (size_t)(TFO_MAX_OPTLEN - seg->optlen))
		return TFO_ERR_NOSPACE;
	memcpy(seg->opts + seg->optlen, bytes, n);
	seg->optlen = (uint8_t)(seg->optlen + n);
	return 0;
}

TFO_EXPORT int tfo_opt_add_eol(tfo_segment *seg)
{
	static const uint8_t eol = TFO_OPT_EOL;

	return append(seg, &eol, 1);
}

TFO_EXPORT int tfo_opt_add_nop(tfo_segment *seg)
{
	static const uint8_t nop = TFO_OPT_NOP;

	return append(seg, &nop, 1);
}

TFO_EXPORT int tfo_opt_add_mss(tfo_segment *seg, uint16_t mss)
{
	uint8_t o[4] = { TFO_OPT_MSS, 4 };

	put_be16(o + 2, mss);
	return append(seg, o, sizeof(o));
}

TFO_EXPORT int tfo_opt_add_wscale(tfo_segment *seg, uint8_t shift)
{
	uint8_t o[3] = { TFO_OPT_WSCALE, 3, shift };

	if (shift > TFO_WSCALE_MAX)
		return TFO_ERR_INVALID;
	return append(seg, o, sizeof(o));
}

TFO_EXPORT int tfo_opt_add_sack_perm(tfo_segment *seg)
{
	static const uint8_t o[2] = { TFO_OPT_SACK_PERM, 2 };

	return append(seg, o, sizeof(o));
}

TFO_EXPORT int tfo_opt_add_ts(tfo_segment *seg, uint32_t val, uint32_t ecr)
{
	uint8_t o[10] = { TFO_OPT_TS, 10 };

	put_be32(o + 2, val);
	put_be32(o + 6, ecr);
	return append(seg, o, sizeof(o));
}

TFO_EXPORT int tfo_opt_add_sack(tfo_segment *seg, const uint32_t *left, const uint32_t *right,
                                size_t count)
{
	uint8_t o[2 + 8 * 4];

	if (count < 1 || count > 4 || !left || !right)
		return TFO_ERR_INVALID;
	o[0] = TFO_OPT_SACK;
	o[1] = (uint8_t)(2 + 8 * count);
	for (size_t i = 0; i < count; i++) {
		put_be32(o + 2 + 8 * i, left[i]);
		put_be32(o + 6 + 8 * i, right[i]);
	}
	return append(seg, o, o[1]);
}

TFO_EXPORT int tfo_opt_add_fastopen(tfo_segment *seg, int exp, const uint8_t *cookie, size_t len)
{
	uint8_t o[4 + TFO_COOKIE_MAX];

	if (!tfo_opts_cookie_len_ok(len) || (len && !cookie))
		return TFO_ERR_INVALID;
	return append(seg, o, tfo_opts_put_fastopen(o, exp, cookie, len));
}

TFO_EXPORT int tfo_opt_add_raw(tfo_segment *seg, uint8_t kind, const uint8_t *data, size_t len)
{
	uint8_t o[TFO_MAX_OPTLEN];

	if (kind < 2 || (len && !data))
		return TFO_ERR_INVALID;
	if (len > TFO_MAX_OPTLEN - 2)
		return TFO_ERR_NOSPACE;
	o[0] = kind;
	o[1] = (uint8_t)(len + 2);
	if (len)
		memcpy(o + 2, data, len);
	return append(seg, o, len + 2);
}
