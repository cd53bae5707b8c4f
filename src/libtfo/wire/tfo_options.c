/*
 * TCP options: walking the option bytes one option at a time, and taking
 * from them what a TCP stack takes, the way Linux does in
 * net/ipv4/tcp_input.c tcp_parse_options() and tcp_parse_fastopen_option().
 */
#include <string.h>

#include <tfo/wire.h>

#include "tfo_bytes.h"
#include "tfo_options.h"

static void set_raw(tfo_opt *opt, const uint8_t *o)
{
	opt->u.raw.len = (uint8_t)(opt->len - 2);
	opt->u.raw.bytes = opt->len > 2 ? o + 2 : NULL;
}

static int is_exp_fastopen(const uint8_t *o, size_t len)
{
	return len >= 4 && get_be16(o + 2) == TFO_EXP_MAGIC_FASTOPEN;
}

static void read_fastopen(tfo_opt *opt, const uint8_t *o, size_t head)
{
	size_t n = opt->len - head;

	if (!tfo_opts_cookie_len_ok(n)) {
		opt->invalid = 1;
		set_raw(opt, o);
		return;
	}
	opt->u.cookie.len = (uint8_t)n;
	opt->u.cookie.bytes = n ? o + head : NULL;
}

static void read_sack(tfo_opt *opt, const uint8_t *o)
{
	size_t n = opt->len - 2u;

	/* Four blocks fill 34 of the 40 option bytes, so no more can come. */
	if (n < 8 || n % 8 || n / 8 > 4) {
		opt->invalid = 1;
		set_raw(opt, o);
		return;
	}
	opt->u.sack.count = (uint8_t)(n / 8);
	for (size_t i = 0; i < n / 8; i++) {
		opt->u.sack.left[i] = get_be32(o + 2 + 8 * i);
		opt->u.sack.right[i] = get_be32(o + 6 + 8 * i);
	}
}

/* A kind with one valid length: anything else is kept as invalid. */
static int fixed_len_ok(tfo_opt *opt, const uint8_t *o, uint8_t want)
{
	if (opt->len == want)
		return 1;
	opt->invalid = 1;
	set_raw(opt, o);
	return 0;
}

static void read_body(tfo_opt *opt, const uint8_t *o)
{
	switch (opt->kind) {
	case TFO_OPT_MSS:
		if (fixed_len_ok(opt, o, 4))
			opt->u.mss = get_be16(o + 2);
		break;
	case TFO_OPT_WSCALE:
		if (fixed_len_ok(opt, o, 3))
			opt->u.wscale = o[2];
		break;
	case TFO_OPT_SACK_PERM:
		fixed_len_ok(opt, o, 2);
		break;
	case TFO_OPT_TS:
		if (fixed_len_ok(opt, o, 10)) {
			opt->u.ts.val = get_be32(o + 2);
			opt->u.ts.ecr = get_be32(o + 6);
		}
		break;
	case TFO_OPT_SACK:
		read_sack(opt, o);
		break;
	case TFO_OPT_FASTOPEN:
		read_fastopen(opt, o, 2);
		break;
	case TFO_OPT_EXP:
		if (is_exp_fastopen(o, opt->len))
			read_fastopen(opt, o, 4);
		else
			set_raw(opt, o);
		break;
	default:
		set_raw(opt, o);
		break;
	}
}

TFO_EXPORT int tfo_opt_next(const uint8_t *opts, size_t optlen, size_t *pos, tfo_opt *opt)
{
	const uint8_t *o;
	size_t left;

	if (!pos || !opt || (!opts && optlen) || optlen > TFO_MAX_OPTLEN)
		return TFO_ERR_INVALID;
	if (*pos >= optlen)
		return 0;
	o = opts + *pos;
	left = optlen - *pos;
	memset(opt, 0, sizeof(*opt));
	opt->kind = o[0];
	opt->offset = (uint8_t)*pos;
	if (opt->kind == TFO_OPT_EOL || opt->kind == TFO_OPT_NOP) {
		opt->len = 1;
		/* Everything after an EOL is padding: the walk ends there. */
		*pos = opt->kind == TFO_OPT_EOL ? optlen : *pos + 1;
		return 1;
	}
	if (left < 2 || o[1] < 2 || o[1] > left)
		return TFO_ERR_BAD_OPTION;
	opt->len = o[1];
	read_body(opt, o);
	*pos += opt->len;
	return 1;
}

/* The cookie length of a Fast Open option (kind 34, or 254 with the
 * magic), valid or not; -1 for any other option. o is the option. */
static int fastopen_data_len(const tfo_opt *opt, const uint8_t *o)
{
	if (opt->kind == TFO_OPT_FASTOPEN)
		return opt->len - 2;
	if (opt->kind == TFO_OPT_EXP && is_exp_fastopen(o, opt->len))
		return opt->len - 4;
	return -1;
}

/*
 * tcp_parse_fastopen_option(): an odd length leaves what an earlier option
 * set; any other bad length resets it to "none" (foc->len = -1).
 */
static void take_fastopen(tfo_opts_parsed *out, const tfo_opt *opt, const uint8_t *o)
{
	int n = fastopen_data_len(opt, o);

	if (n < 0)
		return;
	if (opt->invalid) {
		out->diag |= TFO_DIAG_TFO_INVALID;
		if (n % 2)
			return;
		out->present &= ~TFO_HAS_FASTOPEN;
		out->cookie_len = -1;
		out->cookie_exp = 0;
		memset(out->cookie, 0, sizeof(out->cookie));
		return;
	}
	out->present |= TFO_HAS_FASTOPEN;
	out->cookie_len = (int8_t)n;
	out->cookie_exp = opt->kind == TFO_OPT_EXP;
	memset(out->cookie, 0, sizeof(out->cookie));
	if (n)
		memcpy(out->cookie, opt->u.cookie.bytes, (size_t)n);
}

static void take(tfo_opts_parsed *out, const tfo_opt *opt, const uint8_t *o)
{
	if (opt->kind == TFO_OPT_FASTOPEN || opt->kind == TFO_OPT_EXP) {
		take_fastopen(out, opt, o);
		return;
	}
	if (opt->invalid) {
		out->diag |= TFO_DIAG_OPT_INVALID;
		return;
	}
	switch (opt->kind) {
	case TFO_OPT_MSS:
		/* Linux keeps its own clamp when the peer announces 0. */
		if (opt->u.mss) {
			out->present |= TFO_HAS_MSS;
			out->mss = opt->u.mss;
		}
		break;
	case TFO_OPT_WSCALE:
		out->present |= TFO_HAS_WSCALE;
		out->wscale = opt->u.wscale > TFO_WSCALE_MAX ? TFO_WSCALE_MAX : opt->u.wscale;
		break;
	case TFO_OPT_SACK_PERM:
		out->present |= TFO_HAS_SACK_PERM;
		break;
	case TFO_OPT_TS:
		out->present |= TFO_HAS_TS;
		out->ts_val = opt->u.ts.val;
		out->ts_ecr = opt->u.ts.ecr;
		break;
	case TFO_OPT_SACK:
		out->present |= TFO_HAS_SACK;
		out->sack_count = opt->u.sack.count;
		memcpy(out->sack_left, opt->u.sack.left, sizeof(out->sack_left));
		memcpy(out->sack_right, opt->u.sack.right, sizeof(out->sack_right));
		break;
	default:
		break;
	}
}

/* The timestamps-only options, with the result the walk would give. */
static int ts_only(const tfo_segment *seg, tfo_opts_parsed *out)
{
	const uint8_t *o = seg->opts;

	if (!tfo_opts_nop_nop_ts(o, seg->optlen))
		return 0;
	out->present = TFO_HAS_TS;
	out->ts_val = get_be32(o + 4);
	out->ts_ecr = get_be32(o + 8);
	return 1;
}

/*
 * One option of the common kinds at o, len bytes long, taken straight
 * into out; 0 when the option needs the full walk (another kind, a bad
 * length, a second Fast Open option), with out then to be thrown away.
 */
static int quick_take(tfo_opts_parsed *out, const uint8_t *o, uint8_t len)
{
	switch (o[0]) {
	case TFO_OPT_MSS:
		if (len != 4)
			return 0;
		if (get_be16(o + 2)) {
			out->present |= TFO_HAS_MSS;
			out->mss = get_be16(o + 2);
		}
		return 1;
	case TFO_OPT_WSCALE:
		if (len != 3)
			return 0;
		out->present |= TFO_HAS_WSCALE;
		out->wscale = o[2] > TFO_WSCALE_MAX ? TFO_WSCALE_MAX : o[2];
		return 1;
	case TFO_OPT_SACK_PERM:
		if (len != 2)
			return 0;
		out->present |= TFO_HAS_SACK_PERM;
		return 1;
	case TFO_OPT_TS:
		if (len != 10)
			return 0;
		out->present |= TFO_HAS_TS;
		out->ts_val = get_be32(o + 2);
		out->ts_ecr = get_be32(o + 6);
		return 1;
	case TFO_OPT_FASTOPEN:
		if (!tfo_opts_cookie_len_ok(len - 2u) || (out->present & TFO_HAS_FASTOPEN))
			return 0;
		out->present |= TFO_HAS_FASTOPEN;
		out->cookie_len = (int8_t)(len - 2);
		memcpy(out->cookie, o + 2, len - 2u);
		return 1;
	default:
		return 0;
	}
}

/*
 * A handshake's options (MSS, SACK permitted, timestamps, window scale,
 * Fast Open, NOPs) read in one pass, with the result the walk would give
 * from the cleared *out; 0 when anything else turns up, for the walk.
 */
static int quick_walk(const uint8_t *o, size_t n, tfo_opts_parsed *out)
{
	size_t pos = 0;

	while (pos < n) {
		if (o[pos] == TFO_OPT_NOP) {
			pos++;
			continue;
		}
		if (o[pos] == TFO_OPT_EOL)
			return 1;
		if (n - pos < 2 || o[pos + 1] < 2 || o[pos + 1] > n - pos ||
		    !quick_take(out, o + pos, o[pos + 1]))
			return 0;
		pos += o[pos + 1];
	}
	return 1;
}

/*
 * Whether the options open with the 20 bytes Linux puts first on a SYN
 * and a SYN-ACK when both ends have SACK, timestamps and window scaling
 * (tcp_options_write(): MSS; SACK permitted with timestamps as 04 02 08
 * 0a; NOP, window scale), as libtfo writes them too: five well-framed
 * options of the right lengths, no Fast Open option among them. Only the
 * kinds and lengths are compared, under a mask, the values not.
 */
static int is_linux_syn_head(const uint8_t *o, size_t n)
{
	static const uint8_t want[20] = {
		TFO_OPT_MSS,    4, 0, 0, TFO_OPT_SACK_PERM, 2, TFO_OPT_TS, 10, [16] = TFO_OPT_NOP,
		TFO_OPT_WSCALE, 3
	};
	static const uint8_t mask[20] = { 0xff, 0xff, 0,           0,    0xff, 0xff,
		                          0xff, 0xff, [16] = 0xff, 0xff, 0xff };
	uint64_t a, ma, wa;
	uint32_t c, mc, wc;

	if (n < 20)
		return 0;
	memcpy(&a, o, 8);
	memcpy(&ma, mask, 8);
	memcpy(&wa, want, 8);
	memcpy(&c, o + 16, 4);
	memcpy(&mc, mask + 16, 4);
	memcpy(&wc, want + 16, 4);
	return (a & ma) == wa && (c & mc) == wc;
}

/*
 * Linux's SYN head (is_linux_syn_head) taken straight into out with the
 * walk's result. Returns how many bytes it took: 20, or 0 when the
 * options do not start so.
 */
static size_t linux_syn_head(const uint8_t *o, size_t n, tfo_opts_parsed *out)
{
	if (!is_linux_syn_head(o, n))
		return 0;
	out->present = TFO_HAS_SACK_PERM | TFO_HAS_TS | TFO_HAS_WSCALE;
	if (get_be16(o + 2)) {
		out->present |= TFO_HAS_MSS;
		out->mss = get_be16(o + 2);
	}
	out->ts_val = get_be32(o + 8);
	out->ts_ecr = get_be32(o + 12);
	out->wscale = o[19] > TFO_WSCALE_MAX ? TFO_WSCALE_MAX : o[19];
	return 20;
}

/*
 * parse_any: tfo_opts_parse() of anything but NOP, NOP, timestamps, on
 * the cleared *out. Out of line, so that the commonest segment's parse
 * does not set up this one's stack frame (the option record).
 */
static __attribute__((noinline)) void parse_any(const tfo_segment *seg, tfo_opts_parsed *out)
{
	size_t pos = 0, n = seg->optlen < TFO_MAX_OPTLEN ? seg->optlen : TFO_MAX_OPTLEN;
	size_t head = linux_syn_head(seg->opts, n, out);
	tfo_opt opt;
	int r;

	if (quick_walk(seg->opts + head, n - head, out))
		return;
	memset(out, 0, sizeof(*out));
	out->cookie_len = -1;
	while ((r = tfo_opt_next(seg->opts, n, &pos, &opt)) == 1) {
		if (opt.kind == TFO_OPT_EOL)
			break;
		take(out, &opt, seg->opts + opt.offset);
	}
	if (r < 0)
		out->diag |= TFO_DIAG_OPT_MALFORMED;
}

TFO_EXPORT void tfo_opts_parse(const tfo_segment *seg, tfo_opts_parsed *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof(*out));
	out->cookie_len = -1;
	if (seg && !ts_only(seg, out))
		parse_any(seg, out);
}

/*
 * A Fast Open option's cookie of n bytes at cookie, valid or not (ok),
 * taken as take_fastopen() takes it: a valid option replaces what came
 * before, an invalid one of even length clears it, an odd one leaves it.
 */
static void fastopen_take(struct tfo_fastopen_opt *fo, const uint8_t *cookie, size_t n, int exp,
                          int ok)
{
	if (!ok) {
		if (n % 2 == 0)
			tfo_fastopen_none(fo);
		return;
	}
	fo->cookie_len = (int8_t)n;
	fo->exp = (uint8_t)exp;
	memcpy(fo->cookie, cookie, n);
}

/* The finding on one well-framed option of kind k and length len at o:
 * the flags tfo_opts_parse() would set for it (take() and read_body());
 * a Fast Open option also goes into *fo when fo is not NULL. */
static uint32_t option_diag(const uint8_t *o, uint8_t k, size_t len, struct tfo_fastopen_opt *fo)
{
	int ok;

	switch (k) {
	case TFO_OPT_MSS:
		return len == 4 ? 0 : TFO_DIAG_OPT_INVALID;
	case TFO_OPT_WSCALE:
		return len == 3 ? 0 : TFO_DIAG_OPT_INVALID;
	case TFO_OPT_SACK_PERM:
		return len == 2 ? 0 : TFO_DIAG_OPT_INVALID;
	case TFO_OPT_TS:
		return len == 10 ? 0 : TFO_DIAG_OPT_INVALID;
	case TFO_OPT_SACK:
		return len >= 10 && (len - 2) % 8 == 0 && len <= 34 ? 0 : TFO_DIAG_OPT_INVALID;
	case TFO_OPT_FASTOPEN:
		ok = tfo_opts_cookie_len_ok(len - 2);
		if (fo)
			fastopen_take(fo, o + 2, len - 2, 0, ok);
		return ok ? 0 : TFO_DIAG_TFO_INVALID;
	case TFO_OPT_EXP:
		if (!is_exp_fastopen(o, len))
			return 0;
		ok = tfo_opts_cookie_len_ok(len - 4);
		if (fo)
			fastopen_take(fo, o + 4, len - 4, 1, ok);
		return ok ? 0 : TFO_DIAG_TFO_INVALID;
	default:
		return 0;
	}
}

/*
 * The light walks' step: the next option at or after *pos, NOPs stepped
 * over. 1: a well-framed option starts at *pos, its length at
 * opts[*pos + 1]; 0: the end, or an EOL; -1: a length overruns.
 */
static int framed_next(const uint8_t *opts, size_t optlen, size_t *pos)
{
	size_t left;

	while (*pos < optlen && opts[*pos] == TFO_OPT_NOP)
		(*pos)++;
	if (*pos >= optlen || opts[*pos] == TFO_OPT_EOL)
		return 0;
	left = optlen - *pos;
	if (left < 2 || opts[*pos + 1] < 2 || opts[*pos + 1] > left)
		return -1;
	return 1;
}

uint32_t tfo_opts_diag_walk(const uint8_t *opts, size_t optlen, struct tfo_fastopen_opt *fo)
{
	uint32_t diag = 0;
	size_t pos;
	int r;

	if (fo)
		tfo_fastopen_none(fo);
	if (optlen > TFO_MAX_OPTLEN)
		optlen = TFO_MAX_OPTLEN;
	/* Linux's SYN head has nothing to find: the walk starts after it. */
	pos = is_linux_syn_head(opts, optlen) ? 20 : 0;
	/* A length that overruns ends the walk; the Fast Open option found
	 * before stays. */
	while ((r = framed_next(opts, optlen, &pos)) == 1) {
		diag |= option_diag(opts + pos, opts[pos], opts[pos + 1], fo);
		pos += opts[pos + 1];
	}
	return r < 0 ? diag | TFO_DIAG_OPT_MALFORMED : diag;
}

void tfo_opts_fastopen(const uint8_t *opts, size_t optlen, struct tfo_fastopen_opt *out)
{
	(void)tfo_opts_diag(opts, optlen, out);
}
