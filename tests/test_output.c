/*
 * Segment building: the option bytes Linux writes (net/ipv4/tcp_output.c
 * tcp_options_write(), tcp_syn_options(), tcp_synack_options(),
 * tcp_established_options()), checked byte for byte.
 */
#include <string.h>

#include "rig.h"
#include "tfo_host.h"

/* The options of the SYN a client with settings st sends (cookie: hex or NULL, exp). */
static void syn_bytes(const tfo_settings *st, const char *cookie, int exp, const char *peer,
                      uint8_t *out, size_t *len)
{
	struct rig r;
	tfo_endpoint *ep = NULL;
	tfo_sockaddr l = sa(peer[0] == '[' ? "[2001:db8::1]:40000" : CLI), p = sa(peer);

	rig_init(&r, st);
	if (cookie) {
		uint8_t c[16];
		size_t n;

		ck_assert_int_eq(tfo_hex_decode(cookie, c, sizeof(c), &n), 0);
		ck_assert_int_eq(tfo_host_cookie_set(r.h, &l.addr, &p.addr, c, n, 0), 0);
		if (exp)
			r.h->cc.head->cookie_exp = 1;
	}
	RIG_RAND(&r, 1000, 0x01020304);
	{
		tfo_connect_args a = { .local = l, .remote = p };

		a.flags = cookie ? TFO_CONNECT_FASTOPEN : 0;
		ck_assert_int_eq(tfo_connect(r.h, 0, &a, &ep), 0);
	}
	*len = rig_last(&r)->seg.optlen;
	memcpy(out, rig_last(&r)->seg.opts, *len);
	rig_free(&r);
}

#define TS_SYN "\x08\x0a\x01\x02\x03\x04\x00\x00\x00\x00"

START_TEST(syn_layouts)
{
	/* tcp_syn_options() + tcp_options_write(): MSS; SACK-perm folded with TS (04 02 08 0a)
	 * or NOP NOP before TS; NOP NOP SACK-perm without TS; NOP + wscale */
	static const struct {
		uint8_t ts, sack, ws;
		const char *want;
		size_t len;
	} cases[] = {
		{ 1, 1, 7, "\x02\x04\x05\xb4\x04\x02" TS_SYN "\x01\x03\x03\x07", 20 },
		{ 1, 0, 7, "\x02\x04\x05\xb4\x01\x01" TS_SYN "\x01\x03\x03\x07", 20 },
		{ 0, 1, 7, "\x02\x04\x05\xb4\x01\x01\x04\x02\x01\x03\x03\x07", 12 },
		{ 0, 0, 14, "\x02\x04\x05\xb4\x01\x03\x03\x0e", 8 },
		{ 0, 0, 0xff, "\x02\x04\x05\xb4", 4 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tfo_settings st = rig_settings(0x3);
		uint8_t o[40];
		size_t n;

		st.timestamps = cases[i].ts;
		st.sack = cases[i].sack;
		st.wscale = cases[i].ws;
		syn_bytes(&st, NULL, 0, SRV, o, &n);
		ck_assert_uint_eq(n, cases[i].len);
		ck_assert_mem_eq(o, cases[i].want, n);
	}
}
END_TEST

START_TEST(fastopen_layouts)
{
	/* tcp_options_write(): kind 34 (2+n) or 254 (4+n) with magic f9 89, then two NOPs
	 * when the length is 2 mod 4; a 16-byte cookie fills the 40 bytes exactly */
	static const struct {
		const char *cookie;
		int exp;
		const char *want;
		size_t len;
	} cases[] = {
		{ "01020304", 0, "\x22\x06\x01\x02\x03\x04\x01\x01", 8 },
		{ "01020304", 1, "\xfe\x08\xf9\x89\x01\x02\x03\x04", 8 },
		{ "0102030405060708090a0b0c0d0e0f10", 0,
		  "\x22\x12\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x01"
		  "\x01",
		  20 },
		{ "0102030405060708090a0b0c0d0e0f10", 1,
		  "\xfe\x14\xf9\x89\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
		  "\x10",
		  20 },
		{ "010203040506", 1, "\xfe\x0a\xf9\x89\x01\x02\x03\x04\x05\x06\x01\x01", 12 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tfo_settings st = rig_settings(0x3);
		uint8_t o[40];
		size_t n;

		syn_bytes(&st, cases[i].cookie, cases[i].exp, SRV, o, &n);
		ck_assert_uint_eq(n, 20 + cases[i].len);
		ck_assert_mem_eq(o + 20, cases[i].want, cases[i].len);
	}
}
END_TEST

START_TEST(mss_from_mtu)
{
	/* The MSS announced: mtu - 40 (IPv4) or - 60 (IPv6), at most 65495 (Linux on lo) */
	static const struct {
		uint32_t mtu;
		const char *peer;
		uint16_t mss;
	} cases[] = {
		{ 1500, SRV, 1460 },
		{ 1500, "[2001:db8::2]:80", 1440 },
		{ 65536, SRV, 65495 },
		{ 65536, "[2001:db8::2]:80", 65476 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tfo_settings st = rig_settings(0x3);
		uint8_t o[40];
		size_t n;

		st.mtu = cases[i].mtu;
		syn_bytes(&st, NULL, 0, cases[i].peer, o, &n);
		ck_assert_uint_eq(o[0], 2);
		ck_assert_uint_eq(o[2] << 8 | o[3], cases[i].mss);
	}
}
END_TEST

START_TEST(synack_echoes_offer)
{
	/* tcp_synack_options(): only what the SYN offered; the TS echoes its value */
	struct rig r;
	tfo_segment s = seg(CLI, SRV, TFO_TH_SYN, 1000, 0, 65535);

	rig_init(&r, NULL);
	rig_listen(&r, SRV, 8, 0);
	RIG_RAND(&r, 5000, 0x10);
	ck_assert_int_eq(tfo_opt_add_mss(&s, 536), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&s), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&s), 0);
	ck_assert_int_eq(tfo_opt_add_ts(&s, 0xaabbccdd, 0), 0);
	rig_in(&r, MS(1), &s);
	ck_assert_uint_eq(rig_last(&r)->seg.optlen, 16);
	ck_assert_mem_eq(rig_last(&r)->seg.opts,
	                 "\x02\x04\x05\xb4\x01\x01\x08\x0a\x00\x00\x00\x11\xaa\xbb\xcc\xdd", 16);
	rig_free(&r);
}
END_TEST

START_TEST(established_options)
{
	/* tcp_established_options(): NOP NOP TS val ecr, or nothing without timestamps; the
	 * window is scaled once both sides offered window scaling (RFC 7323 2.3) */
	struct rig r;
	tfo_endpoint *ep;
	tfo_segment s;

	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), "x", 1), 1);
	ck_assert_uint_eq(rig_last(&r)->seg.optlen, 12);
	ck_assert_mem_eq(rig_last(&r)->seg.opts, "\x01\x01\x08\x0a\x00\x00\x00\x14\x00\x00\x1b\x58",
	                 12);
	ck_assert_uint_eq(rig_last(&r)->seg.window, 511);
	rig_free(&r);

	rig_init(&r, NULL);
	RIG_RAND(&r, 1000, 0);
	ck_assert_int_eq(rig_connect(&r, 0, CLI, SRV, 0, NULL, &ep), 0);
	s = seg(SRV, CLI, TFO_TH_SYN | TFO_TH_ACK, 5000, 1001, 65535);
	ck_assert_int_eq(tfo_opt_add_mss(&s, 1460), 0);
	rig_in(&r, MS(10), &s);
	ck_assert_uint_eq(rig_last(&r)->seg.optlen, 0);
	ck_assert_uint_eq(rig_last(&r)->seg.window, 65535);
	{
		tfo_endpoint_info in;

		tfo_endpoint_get_info(ep, &in);
		ck_assert_uint_eq(in.mss, 1460);
		ck_assert_uint_eq(in.snd_wscale, 0xff);
		ck_assert_uint_eq(in.ts_ok, 0);
		ck_assert_uint_eq(in.sack_ok, 0);
	}
	rig_free(&r);
}
END_TEST

START_TEST(data_across_chunks)
{
	/* Segments whose data lies in one chunk of the send queue are handed over
	 * from there, the one that straddles two (4083-byte chunks) from a copy:
	 * every byte must come out once, in order. */
	static uint8_t pat[6000];
	uint8_t got[sizeof(pat)];
	size_t have = 0;
	struct rig r;
	tfo_endpoint *ep;

	for (size_t i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)(i * 7 + i / 251);
	rig_init(&r, NULL);
	ep = rig_client(&r);
	ck_assert_int_eq(tfo_write(ep, MS(20), pat, sizeof(pat)), (int)sizeof(pat));
	ck_assert_uint_eq(r.nout - r.next, 5);
	for (size_t k = r.next; k < r.nout; k++) {
		const struct rig_seg *o = &r.out[k];

		ck_assert_uint_eq(o->seg.seq, 1001 + have);
		ck_assert_uint_le(have + o->seg.len, sizeof(got));
		memcpy(got + have, o->data, o->seg.len);
		have += o->seg.len;
	}
	ck_assert_uint_eq(have, sizeof(pat));
	ck_assert_mem_eq(got, pat, sizeof(pat));
	rig_free(&r);
}
END_TEST

Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("layouts");

	tcase_add_test(tc, syn_layouts);
	tcase_add_test(tc, fastopen_layouts);
	tcase_add_test(tc, mss_from_mtu);
	tcase_add_test(tc, synack_echoes_offer);
	tcase_add_test(tc, established_options);
	tcase_add_test(tc, data_across_chunks);
	suite_add_tcase(s, tc);
	return s;
}
