/* Option walking (tfo_opt_next) and Linux's reading of them (tfo_opts_parse). */
#include <string.h>

#include "testutil.h"
#include "tfo_options.h"

static size_t unhex(uint8_t *out, const char *hex)
{
	return test_unhex(out, TFO_MAX_OPTLEN, hex);
}

static tfo_segment seg_with(const char *hex)
{
	tfo_segment seg;

	tfo_segment_init(&seg, NULL, NULL);
	seg.optlen = (uint8_t)unhex(seg.opts, hex);
	return seg;
}

START_TEST(walk_linux_syn)
{
	tfo_segment seg = seg_with("0204ffd7 0402 080a55b05b2600000000 01 030307 "
	                           "220ace80700cf8e6113c 0101");
	size_t pos = 0;
	tfo_opt o;

	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_MSS);
	ck_assert_uint_eq(o.len, 4);
	ck_assert_uint_eq(o.offset, 0);
	ck_assert_uint_eq(o.u.mss, 65495);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_SACK_PERM);
	ck_assert_uint_eq(o.offset, 4);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_TS);
	ck_assert_uint_eq(o.u.ts.val, 1437621030u);
	ck_assert_uint_eq(o.u.ts.ecr, 0);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_NOP);
	ck_assert_uint_eq(o.len, 1);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_WSCALE);
	ck_assert_uint_eq(o.u.wscale, 7);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_FASTOPEN);
	ck_assert_uint_eq(o.offset, 20);
	ck_assert_uint_eq(o.invalid, 0);
	ck_assert_uint_eq(o.u.cookie.len, 8);
	ck_assert_ptr_eq(o.u.cookie.bytes, seg.opts + 22);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.offset, 31);
	ck_assert_uint_eq(pos, 32);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 0);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 0);
}
END_TEST

/* After an EOL the rest is padding: nothing more is returned. */
START_TEST(walk_stops_after_eol)
{
	tfo_segment seg = seg_with("01 00 0204ffff 0801");
	size_t pos = 0;
	tfo_opt o;

	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_EOL);
	ck_assert_uint_eq(o.len, 1);
	ck_assert_uint_eq(o.offset, 1);
	ck_assert_uint_eq(pos, seg.optlen);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 0);
	pos = 0;
	ck_assert_int_eq(tfo_opt_next(NULL, 0, &pos, &o), 0);
}
END_TEST

struct bad_walk {
	const char *hex;
	size_t good;  /* options returned before the failure */
	size_t at;    /* offset of the malformed option */
	uint8_t kind; /* its kind */
};

static const struct bad_walk bad_walks[] = {
	{ "02", 0, 0, 2 },                 /* no length byte */
	{ "010102", 2, 2, 2 },             /* no length byte, after NOPs */
	{ "0200", 0, 0, 2 },               /* length 0 */
	{ "2201", 0, 0, 34 },              /* length 1 */
	{ "0204ffff 0805 0000", 1, 4, 8 }, /* overruns by 1 */
	{ "01 22ff", 1, 1, 34 },           /* overruns by a lot */
	{ "fe28", 0, 0, 254 },             /* 40, but only 2 bytes here */
	{ NULL, 0, 0, 0 },
};

START_TEST(walk_malformed)
{
	for (const struct bad_walk *b = bad_walks; b->hex; b++) {
		tfo_segment seg = seg_with(b->hex);
		size_t pos = 0, n = 0, before;
		tfo_opt o;
		int r;

		while ((r = tfo_opt_next(seg.opts, seg.optlen, &pos, &o)) == 1)
			n++;
		ck_assert_msg(r == TFO_ERR_BAD_OPTION, "%s", b->hex);
		ck_assert_uint_eq(n, b->good);
		ck_assert_uint_eq(pos, b->at);
		ck_assert_uint_eq(o.offset, b->at);
		ck_assert_uint_eq(o.kind, b->kind);
		/* the walk cannot go on: the same error again, pos unchanged */
		before = pos;
		ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), TFO_ERR_BAD_OPTION);
		ck_assert_uint_eq(pos, before);
	}
}
END_TEST

struct kept {
	const char *hex;
	uint8_t kind, invalid, rawlen; /* rawlen: u.raw.len when raw */
};

/* Options of the wrong length for their kind are kept, as raw bytes. */
static const struct kept kept_cases[] = {
	{ "0203ff", 2, 1, 1 },
	{ "02050102ff", 2, 1, 3 },
	{ "0302", 3, 1, 0 },
	{ "030407ff", 3, 1, 2 },
	{ "0403ff", 4, 1, 1 },
	{ "0808 00000001 0002", 8, 1, 6 },
	{ "050a 00000001 00000002", 5, 0, 0 },
	{ "0502", 5, 1, 0 },
	{ "0509 00000001 000002", 5, 1, 7 },
	{ "2203ff", 34, 1, 1 },
	{ "2204ffff", 34, 1, 2 },
	{ "2205ffffff", 34, 1, 3 },
	{ "2214 00112233445566778899aabbccddeeff0011", 34, 1, 18 },
	{ "fe05f989ff", 254, 1, 3 },
	{ "fe06f989ffff", 254, 1, 4 },
	{ "fe16f989 00112233445566778899aabbccddeeff0011", 254, 1, 20 },
	{ "fe06abcd0102", 254, 0, 4 }, /* another experiment: raw, fine */
	{ "fe03ff", 254, 0, 1 },
	{ "fe02", 254, 0, 0 },
	{ "6304aabb", 99, 0, 2 },
	{ "1e02", 30, 0, 0 },
	{ NULL, 0, 0, 0 },
};

START_TEST(walk_keeps_invalid)
{
	for (const struct kept *k = kept_cases; k->hex; k++) {
		tfo_segment seg = seg_with(k->hex);
		size_t pos = 0;
		tfo_opt o;

		ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
		ck_assert_uint_eq(o.kind, k->kind);
		ck_assert_uint_eq(o.len, seg.optlen);
		ck_assert_msg(o.invalid == k->invalid, "%s", k->hex);
		if (k->kind == 5 && !k->invalid) {
			ck_assert_uint_eq(o.u.sack.count, 1);
			ck_assert_uint_eq(o.u.sack.left[0], 1);
			ck_assert_uint_eq(o.u.sack.right[0], 2);
			continue;
		}
		ck_assert_uint_eq(o.u.raw.len, k->rawlen);
		if (k->rawlen)
			ck_assert_ptr_eq(o.u.raw.bytes, seg.opts + 2);
		else
			ck_assert_ptr_null(o.u.raw.bytes);
		ck_assert_uint_eq(pos, seg.optlen);
	}
}
END_TEST

START_TEST(walk_cookies)
{
	tfo_segment seg = seg_with("fe0cf989 0011223344556677 2202 fe04f989 2206aabbccdd");
	size_t pos = 0;
	tfo_opt o;

	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_EXP);
	ck_assert_uint_eq(o.invalid, 0);
	ck_assert_uint_eq(o.u.cookie.len, 8);
	ck_assert_ptr_eq(o.u.cookie.bytes, seg.opts + 4);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_FASTOPEN);
	ck_assert_uint_eq(o.u.cookie.len, 0);
	ck_assert_ptr_null(o.u.cookie.bytes);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.kind, TFO_OPT_EXP);
	ck_assert_uint_eq(o.u.cookie.len, 0);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 1);
	ck_assert_uint_eq(o.u.cookie.len, 4);
	ck_assert_mem_eq(o.u.cookie.bytes, "\xaa\xbb\xcc\xdd", 4);
	ck_assert_int_eq(tfo_opt_next(seg.opts, seg.optlen, &pos, &o), 0);
}
END_TEST

START_TEST(walk_bad_arguments)
{
	uint8_t opts[41] = { 1 };
	size_t pos = 0;
	tfo_opt o;

	ck_assert_int_eq(tfo_opt_next(opts, 41, &pos, &o), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_next(opts, 1, NULL, &o), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_next(opts, 1, &pos, NULL), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_next(NULL, 1, &pos, &o), TFO_ERR_INVALID);
	ck_assert_int_eq(tfo_opt_next(opts, 40, &pos, &o), 1);
}
END_TEST

struct parse_case {
	const char *hex;
	uint32_t present;
	uint16_t mss;
	uint8_t wscale;
	int8_t cookie_len;
	uint8_t cookie_exp;
	const char *cookie; /* hex */
	uint32_t diag;
};

#define MSS TFO_HAS_MSS
#define WS TFO_HAS_WSCALE
#define SP TFO_HAS_SACK_PERM
#define TS TFO_HAS_TS
#define SK TFO_HAS_SACK
#define FO TFO_HAS_FASTOPEN
#define MAL TFO_DIAG_OPT_MALFORMED
#define INV TFO_DIAG_TFO_INVALID

static const struct parse_case parse_cases[] = {
	{ "", 0, 0, 0, -1, 0, "", 0 },
	{ "0204ffd7 0402 080a55b05b2600000000 01 030307 220ace80700cf8e6113c 0101",
	  MSS | SP | TS | WS | FO, 65495, 7, 8, 0, "ce80700cf8e6113c", 0 },
	/* wrong lengths are ignored, not fatal, and said */
	{ "0203ff 0403ff 030400ff 0204 05b4", MSS, 1460, 0, -1, 0, "", TFO_DIAG_OPT_INVALID },
	/* wscale above 14 is clamped, as Linux does */
	{ "03030f", WS, 0, 14, -1, 0, "", 0 },
	{ "0303ff", WS, 0, 14, -1, 0, "", 0 },
	{ "03030e 030300", WS, 0, 0, -1, 0, "", 0 },
	/* an MSS of 0 is not taken */
	{ "02040000", 0, 0, 0, -1, 0, "", 0 },
	{ "020405b4 02040000", MSS, 1460, 0, -1, 0, "", 0 },
	/* the walk stops at EOL and at the first malformed length */
	{ "00 020405b4", 0, 0, 0, -1, 0, "", 0 },
	{ "020405b4 0801 0303", MSS, 1460, 0, -1, 0, "", MAL },
	{ "01010103", 0, 0, 0, -1, 0, "", MAL },
	{ "0200 030307", 0, 0, 0, -1, 0, "", MAL },
	/* Fast Open: requests, cookies, the experimental form */
	{ "2202", FO, 0, 0, 0, 0, "", 0 },
	{ "fe04f989", FO, 0, 0, 0, 1, "", 0 },
	{ "fe08f989 a1a2a3a4", FO, 0, 0, 4, 1, "a1a2a3a4", 0 },
	{ "2212 000102030405060708090a0b0c0d0e0f", FO, 0, 0, 16, 0,
	  "000102030405060708090a0b0c0d0e0f", 0 },
	{ "fe06abcd0000", 0, 0, 0, -1, 0, "", 0 },
	{ "fe03ff", 0, 0, 0, -1, 0, "", 0 },
	/* the last valid one counts */
	{ "2206a1a2a3a4 2202", FO, 0, 0, 0, 0, "", 0 },
	{ "2202 fe08f989b1b2b3b4", FO, 0, 0, 4, 1, "b1b2b3b4", 0 },
	/* odd lengths are ignored: the earlier cookie stays */
	{ "2206a1a2a3a4 2203ff", FO, 0, 0, 4, 0, "a1a2a3a4", INV },
	{ "2206a1a2a3a4 fe07f989ffffff", FO, 0, 0, 4, 0, "a1a2a3a4", INV },
	/* even lengths outside 4..16 reset it, as foc->len = -1 does */
	{ "2206a1a2a3a4 2204ffff", 0, 0, 0, -1, 0, "", INV },
	{ "2206a1a2a3a4 2214 000102030405060708090a0b0c0d0e0f1011", 0, 0, 0, -1, 0, "", INV },
	{ "2204ffff 2206a1a2a3a4", FO, 0, 0, 4, 0, "a1a2a3a4", INV },
	{ "fe06f989ffff", 0, 0, 0, -1, 0, "", INV },
	{ NULL, 0, 0, 0, 0, 0, NULL, 0 },
};

START_TEST(parse_like_linux)
{
	for (const struct parse_case *c = parse_cases; c->hex; c++) {
		tfo_segment seg = seg_with(c->hex);
		uint8_t cookie[TFO_COOKIE_MAX];
		size_t n = test_unhex(cookie, sizeof(cookie), c->cookie);
		tfo_opts_parsed p;

		memset(&p, 0xcc, sizeof(p));
		tfo_opts_parse(&seg, &p);
		ck_assert_msg(p.present == c->present, "%s: present %x", c->hex, p.present);
		ck_assert_uint_eq(p.mss, c->mss);
		ck_assert_uint_eq(p.wscale, c->wscale);
		ck_assert_msg(p.cookie_len == c->cookie_len, "%s: cookie_len %d", c->hex,
		              p.cookie_len);
		ck_assert_uint_eq(p.cookie_exp, c->cookie_exp);
		ck_assert_uint_eq(n, c->cookie_len > 0 ? (size_t)c->cookie_len : 0);
		ck_assert_mem_eq(p.cookie, cookie, n);
		ck_assert_msg(p.diag == c->diag, "%s: diag %x", c->hex, p.diag);
	}
}
END_TEST

START_TEST(parse_ts_and_sack)
{
	tfo_segment seg = seg_with("0101 080a0000000100000002 0101 080a0000000300000004 "
	                           "050a0000000a0000000b");
	tfo_opts_parsed p;

	tfo_opts_parse(&seg, &p);
	ck_assert_uint_eq(p.present, TFO_HAS_TS | TFO_HAS_SACK);
	ck_assert_uint_eq(p.ts_val, 3);
	ck_assert_uint_eq(p.ts_ecr, 4);
	ck_assert_uint_eq(p.sack_count, 1);
	ck_assert_uint_eq(p.sack_left[0], 10);
	ck_assert_uint_eq(p.sack_right[0], 11);

	seg = seg_with("0101 0522 00000001 00000002 00000003 00000004 "
	               "00000005 00000006 fffffffe ffffffff");
	tfo_opts_parse(&seg, &p);
	ck_assert_uint_eq(p.present, TFO_HAS_SACK);
	ck_assert_uint_eq(p.sack_count, 4);
	ck_assert_uint_eq(p.sack_left[1], 3);
	ck_assert_uint_eq(p.sack_right[2], 6);
	ck_assert_uint_eq(p.sack_left[3], 0xfffffffeu);
	ck_assert_uint_eq(p.sack_right[3], 0xffffffffu);

	/* SACK lengths that are not 2 + 8n are ignored */
	seg = seg_with("0509 00000001 00000002 ff 0502");
	tfo_opts_parse(&seg, &p);
	ck_assert_uint_eq(p.present, 0);
	ck_assert_uint_eq(p.sack_count, 0);
}
END_TEST

/*
 * NOP, NOP, timestamps (most segments) is taken in one step: the result
 * is the walk's, byte for byte, which an EOL after it (the walk's path)
 * shows; near misses take the walk.
 */
START_TEST(parse_ts_only)
{
	static const char *const near[] = { "0101080a0000000100000002 00", /* the walk */
		                            "01 080a0000000100000002 01",
		                            "0101080b0000000100000002", "0101 0204 05b4 01010101" };
	tfo_segment seg = seg_with("0101 080a a1b2c3d4 00000002");
	tfo_opts_parsed fast, walk;

	memset(&fast, 0xcc, sizeof(fast));
	tfo_opts_parse(&seg, &fast);
	ck_assert_uint_eq(fast.present, TFO_HAS_TS);
	ck_assert_uint_eq(fast.ts_val, 0xa1b2c3d4u);
	ck_assert_uint_eq(fast.ts_ecr, 2);
	ck_assert_int_eq(fast.cookie_len, -1);
	seg = seg_with(near[0]);
	memset(&walk, 0x55, sizeof(walk));
	tfo_opts_parse(&seg, &walk);
	walk.ts_val = fast.ts_val;
	ck_assert_mem_eq(&fast, &walk, sizeof(fast));
	for (size_t i = 1; i < sizeof(near) / sizeof(near[0]); i++) {
		seg = seg_with(near[i]);
		tfo_opts_parse(&seg, &walk);
		ck_assert_msg(walk.present != TFO_HAS_TS || walk.ts_val == 1, "%s", near[i]);
	}
}
END_TEST

/* An optlen beyond the option space is read as 40, never past it. */
START_TEST(parse_clamps_optlen)
{
	tfo_segment seg = seg_with("");
	tfo_opts_parsed p;

	memset(seg.opts, TFO_OPT_NOP, sizeof(seg.opts));
	seg.opts[36] = 2;
	seg.opts[37] = 4;
	seg.opts[38] = 5;
	seg.opts[39] = 0xb4;
	seg.optlen = 200;
	tfo_opts_parse(&seg, &p);
	ck_assert_uint_eq(p.present, TFO_HAS_MSS);
	ck_assert_uint_eq(p.mss, 1460);
	tfo_opts_parse(NULL, &p);
	ck_assert_uint_eq(p.present, 0);
	ck_assert_int_eq(p.cookie_len, -1);
}
END_TEST

/* The decoder's one-pass check finds what the full parse finds. */
START_TEST(diag_named_cases)
{
	static const struct {
		const char *hex;
		uint32_t diag;
	} cases[] = {
		{ "020405b40402080a0000000100000000", 0 },
		{ "0101080a0000000100000002", 0 },                      /* NOP NOP TS */
		{ "0101080b0000000100000002", TFO_DIAG_OPT_MALFORMED }, /* TS overruns */
		{ "0101080900000001000000", TFO_DIAG_OPT_INVALID },     /* TS of 9 bytes */
		{ "0203", TFO_DIAG_OPT_MALFORMED },
		{ "0105", TFO_DIAG_OPT_MALFORMED },
		{ "080a0001", TFO_DIAG_OPT_MALFORMED },
		{ "000105", 0 },                    /* after EOL: padding */
		{ "020305", TFO_DIAG_OPT_INVALID }, /* MSS of 3 bytes */
		{ "05060000000001", TFO_DIAG_OPT_INVALID },
		{ "2203aa", TFO_DIAG_TFO_INVALID },       /* odd cookie */
		{ "2204aabb", TFO_DIAG_TFO_INVALID },     /* 2-byte cookie */
		{ "fe06f989aabb", TFO_DIAG_TFO_INVALID }, /* experimental, 2 bytes */
		{ "fe06f988aabb", 0 },                    /* another experiment */
		{ "fe03f9", 0 },                          /* too short for the magic */
		{ "2202", 0 },                            /* cookie request */
		{ "220aaabbccddeeff0011", 0 },
		{ "03020204", TFO_DIAG_OPT_INVALID | TFO_DIAG_OPT_MALFORMED },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tfo_segment seg = seg_with(cases[i].hex);
		tfo_opts_parsed p;

		tfo_opts_parse(&seg, &p);
		ck_assert_msg(p.diag == cases[i].diag, "%s: parse %x", cases[i].hex, p.diag);
		ck_assert_msg(tfo_opts_diag(seg.opts, seg.optlen, NULL) == cases[i].diag,
		              "%s: diag %x", cases[i].hex,
		              tfo_opts_diag(seg.opts, seg.optlen, NULL));
	}
}
END_TEST

/* Random option blocks from the kinds that matter, with lengths right,
 * wrong and overrunning: the light walks (diag, Fast Open) must agree
 * with the full parse on every one. */
static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void random_options(tfo_segment *seg, uint32_t *x)
{
	static const uint8_t kinds[] = { 0, 1, 2, 3, 4, 5, 8, 34, 254, 30, 99 };
	size_t n = next_rand(x) % (TFO_MAX_OPTLEN + 1), pos = 0;

	while (pos < n) {
		uint8_t k = kinds[next_rand(x) % sizeof(kinds)], len = (uint8_t)(next_rand(x) % 20);

		seg->opts[pos++] = k;
		if (pos < n)
			seg->opts[pos++] = len;
		if (k == 254 && pos + 2 <= n && next_rand(x) % 2) {
			seg->opts[pos++] = 0xf9;
			seg->opts[pos++] = 0x89;
		}
		for (uint8_t i = 2; i < len && pos < n && next_rand(x) % 8; i++)
			seg->opts[pos++] = (uint8_t)next_rand(x);
	}
	seg->optlen = (uint8_t)n;
}

/* The Fast Open option found takes the option the full parse takes. */
static void same_fastopen_as(const struct tfo_fastopen_opt *f, const tfo_opts_parsed *p)
{
	ck_assert_int_eq(f->cookie_len, p->cookie_len);
	if (f->cookie_len < 0)
		return;
	ck_assert_uint_eq(f->exp, p->cookie_exp);
	ck_assert_mem_eq(f->cookie, p->cookie, (size_t)f->cookie_len);
}

/* The Fast Open walk takes the option the full parse takes. */
static void same_fastopen(const tfo_segment *seg, const tfo_opts_parsed *p)
{
	struct tfo_fastopen_opt f;

	tfo_opts_fastopen(seg->opts, seg->optlen, &f);
	same_fastopen_as(&f, p);
}

/* The light walks against the full parse on one block: what the parse
 * found goes into *seen, the forms of its cookie into *cookies. */
static void walks_agree(const tfo_segment *seg, uint32_t *seen, uint32_t *cookies)
{
	struct tfo_fastopen_opt f;
	tfo_opts_parsed p;

	tfo_opts_parse(seg, &p);
	ck_assert_uint_eq(tfo_opts_diag(seg->opts, seg->optlen, NULL), p.diag);
	ck_assert_uint_eq(tfo_opts_diag(seg->opts, seg->optlen, &f), p.diag);
	same_fastopen_as(&f, &p);
	same_fastopen(seg, &p);
	*seen |= p.diag;
	if (p.cookie_len > 0)
		*cookies |= p.cookie_exp ? 2u : 1u;
}

/* The inputs reached every finding, and cookies of every form. */
static void reached_all(uint32_t seen, uint32_t cookies)
{
	ck_assert_uint_eq(cookies, 3);
	ck_assert_uint_eq(seen,
	                  TFO_DIAG_OPT_MALFORMED | TFO_DIAG_TFO_INVALID | TFO_DIAG_OPT_INVALID);
}

START_TEST(diag_agrees_with_parse)
{
	uint32_t x = 2463534242u, seen = 0, cookies = 0;

	for (int i = 0; i < 50000; i++) {
		tfo_segment seg = seg_with("");

		random_options(&seg, &x);
		walks_agree(&seg, &seen, &cookies);
	}
	reached_all(seen, cookies);
}
END_TEST

/* Well-framed handshake options, each at its right length or near it,
 * with NOPs and EOLs between: what the one-pass read takes on. */
static void handshake_options(tfo_segment *seg, uint32_t *x)
{
	static const uint8_t kinds[] = { 0, 1, 1, 2, 3, 4, 8, 34, 34, 5 };
	static const uint8_t lens[] = { 4, 3, 2, 10, 2, 4, 8, 16, 5, 9 };
	size_t n = next_rand(x) % (TFO_MAX_OPTLEN - 1), pos = 0;

	while (pos < n) {
		uint8_t k = kinds[next_rand(x) % sizeof(kinds)];
		uint8_t len = lens[next_rand(x) % sizeof(lens)];

		if (k <= 1 || next_rand(x) % 4 == 0) {
			seg->opts[pos++] = k;
			continue;
		}
		if (pos + len > n)
			break;
		seg->opts[pos] = k;
		seg->opts[pos + 1] = len;
		for (uint8_t i = 2; i < len; i++)
			seg->opts[pos + i] = (uint8_t)next_rand(x);
		pos += len;
	}
	seg->optlen = (uint8_t)pos;
}

/*
 * Linux's SYN head (MSS; SACK permitted, timestamps; NOP, window scale),
 * whose 20 bytes the diag walk steps over at once, then random options;
 * half the heads with one byte changed, most of them no longer the head
 * (a length, a kind): the findings and the Fast Open option stay the full
 * parse's.
 */
START_TEST(diag_after_linux_head)
{
	static const uint8_t head[20] = { 2, 4, 5, 0xb4, 4, 2, 8, 10, 1, 2,
		                          3, 4, 0, 0,    0, 0, 1, 3,  3, 7 };
	uint32_t x = 88675123u, seen = 0, cookies = 0;

	for (int i = 0; i < 10000; i++) {
		tfo_segment seg = seg_with(""), tail = seg_with("");

		random_options(&tail, &x);
		memcpy(seg.opts, head, sizeof(head));
		if (i % 2)
			seg.opts[next_rand(&x) % 20] = (uint8_t)next_rand(&x);
		seg.optlen =
		        (uint8_t)(next_rand(&x) % 4 ? 20 + tail.optlen % 21 : tail.optlen % 20);
		memcpy(seg.opts + 20, tail.opts, TFO_MAX_OPTLEN - 20);
		walks_agree(&seg, &seen, &cookies);
	}
	reached_all(seen, cookies);
}
END_TEST

/*
 * parse_as_walk: seg's options (at most 38 bytes) parse as they do with
 * an unknown kind in front, which the walk ignores and which forces it.
 * Returns what they have.
 */
static uint32_t parse_as_walk(const tfo_segment *seg)
{
	tfo_segment walked = seg_with("fd02");
	tfo_opts_parsed quick, walk;

	memcpy(walked.opts + 2, seg->opts, seg->optlen);
	walked.optlen = (uint8_t)(seg->optlen + 2);
	memset(&quick, 0x55, sizeof(quick));
	memset(&walk, 0xcc, sizeof(walk));
	tfo_opts_parse(seg, &quick);
	tfo_opts_parse(&walked, &walk);
	ck_assert_mem_eq(&quick, &walk, sizeof(quick));
	return quick.present;
}

/* The one-pass read of handshake options gives the walk's result. */
START_TEST(parse_handshake_as_walk)
{
	uint32_t x = 88172645u, seen = 0;

	for (int i = 0; i < 50000; i++) {
		tfo_segment seg = seg_with("");

		handshake_options(&seg, &x);
		seen |= parse_as_walk(&seg);
	}
	ck_assert_uint_eq(seen, TFO_HAS_MSS | TFO_HAS_WSCALE | TFO_HAS_SACK_PERM | TFO_HAS_TS |
	                                TFO_HAS_SACK | TFO_HAS_FASTOPEN);
}
END_TEST

/*
 * Linux's SYN head (MSS, SACK permitted, timestamps, NOP, window scale),
 * read in one step, then anything the one-pass read takes, gives the
 * walk's result; so does a head one byte off it, which the step leaves.
 */
START_TEST(parse_linux_head_as_walk)
{
	static const uint8_t head[20] = { 2, 4, 5, 180, 4, 2, 8, 10, 0, 0,
		                          0, 0, 0, 0,   0, 0, 1, 3,  3, 7 };
	uint32_t x = 2463534242u, seen = 0;

	for (int i = 0; i < 20000; i++) {
		tfo_segment seg = seg_with("");

		handshake_options(&seg, &x);
		if (seg.optlen > TFO_MAX_OPTLEN - 22)
			seg.optlen = TFO_MAX_OPTLEN - 22;
		memmove(seg.opts + 20, seg.opts, seg.optlen);
		memcpy(seg.opts, head, sizeof(head));
		for (int k = 8; k < 16; k++)
			seg.opts[k] = (uint8_t)next_rand(&x);
		if (next_rand(&x) % 4 == 0)
			seg.opts[2] = seg.opts[3] = 0; /* MSS 0: Linux keeps its own */
		seg.opts[19] = (uint8_t)(next_rand(&x) % 20);
		if (next_rand(&x) % 8 == 0)
			seg.opts[next_rand(&x) % 20] ^= (uint8_t)(1 + next_rand(&x) % 255);
		seg.optlen = (uint8_t)(seg.optlen + 20);
		seen |= parse_as_walk(&seg);
	}
	ck_assert_uint_eq(seen, TFO_HAS_MSS | TFO_HAS_WSCALE | TFO_HAS_SACK_PERM | TFO_HAS_TS |
	                                TFO_HAS_SACK | TFO_HAS_FASTOPEN);
}
END_TEST

Suite *options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, walk_linux_syn);
	tcase_add_test(tc, walk_stops_after_eol);
	tcase_add_test(tc, walk_malformed);
	tcase_add_test(tc, walk_keeps_invalid);
	tcase_add_test(tc, walk_cookies);
	tcase_add_test(tc, walk_bad_arguments);
	tcase_add_test(tc, parse_like_linux);
	tcase_add_test(tc, parse_ts_and_sack);
	tcase_add_test(tc, parse_clamps_optlen);
	tcase_add_test(tc, parse_ts_only);
	tcase_add_test(tc, parse_handshake_as_walk);
	tcase_add_test(tc, parse_linux_head_as_walk);
	tcase_add_test(tc, diag_named_cases);
	tcase_add_test(tc, diag_agrees_with_parse);
	tcase_add_test(tc, diag_after_linux_head);
	suite_add_tcase(s, tc);
	return s;
}
