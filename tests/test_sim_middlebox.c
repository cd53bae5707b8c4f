/* Middleboxes: what each drops or rewrites, byte for byte. */
#include <string.h>

#include "sim_middlebox.h"
#include "testutil.h"

static tfo_segment seg;
static const uint8_t cookie[8] = { 0x30, 0x21, 0xb9, 0xd8, 0x89, 0x01, 0x7e, 0xeb };
static const uint8_t data[6] = "hello";

static void make(uint8_t flags, int tfo, int exp, uint32_t len)
{
	tfo_sockaddr src = { .port = 40000 }, dst = { .port = 80 };

	tfo_addr_parse(&src.addr, "10.0.0.1");
	tfo_addr_parse(&dst.addr, "10.0.0.2");
	tfo_segment_init(&seg, &src, &dst);
	seg.flags = flags;
	ck_assert_int_eq(tfo_opt_add_mss(&seg, 1460), 0);
	if (tfo >= 0)
		ck_assert_int_eq(tfo_opt_add_fastopen(&seg, exp, cookie, (size_t)tfo), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&seg), 0);
	ck_assert_int_eq(tfo_opt_add_nop(&seg), 0);
	seg.len = len;
	seg.payload = len ? data : NULL;
}

static struct sc_mbox box(int type)
{
	struct sc_mbox m = { .type = (uint8_t)type };

	tfo_addr_parse(&m.nat, "192.0.2.99");
	return m;
}

static const struct sc_host *inside(void)
{
	static struct sc_host h;

	tfo_addr_parse(&h.addr4, "10.0.0.1");
	return &h;
}

START_TEST(drop_syn_data)
{
	struct sc_mbox m = box(SC_MB_DROP_SYN_DATA);

	make(TFO_TH_SYN, 8, 0, 6);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_DROP);
	make(TFO_TH_SYN, 8, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
	make(TFO_TH_ACK, -1, 0, 6);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
}
END_TEST

START_TEST(strip_tfo_writes_nops)
{
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const uint8_t want_exp[] = { 2, 4, 0x05, 0xb4, 1, 1, 1, 1, 1, 1 };
	struct sc_mbox m = box(SC_MB_STRIP_TFO);

	make(TFO_TH_SYN, 8, 0, 6);
	ck_assert(mbox_has_tfo(&seg));
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_MODIFIED);
	ck_assert_uint_eq(seg.optlen, sizeof(want));
	ck_assert_int_eq(memcmp(seg.opts, want, sizeof(want)), 0);
	ck_assert(!mbox_has_tfo(&seg));
	make(TFO_TH_SYN, 0, 1, 0); /* experimental cookie request: 254, 4, f9 89 */
	ck_assert(mbox_has_tfo(&seg));
	ck_assert_int_eq(mbox_apply(&m, inside(), 0, 0, &seg), MBOX_MODIFIED);
	ck_assert_uint_eq(seg.optlen, sizeof(want_exp));
	ck_assert_int_eq(memcmp(seg.opts, want_exp, sizeof(want_exp)), 0);
	make(TFO_TH_SYN, -1, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
	/* Another experiment on kind 254 is left alone. */
	make(TFO_TH_SYN, -1, 0, 0);
	ck_assert_int_eq(tfo_opt_add_raw(&seg, TFO_OPT_EXP, (const uint8_t *)"\x12\x34", 2), 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
}
END_TEST

/* Only kind 34 goes: the experimental form passes untouched. */
START_TEST(strip_tfo_rfc_keeps_the_experimental_option)
{
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const uint8_t exp_req[] = { 2, 4, 0x05, 0xb4, 254, 4, 0xf9, 0x89, 1, 1 };
	struct sc_mbox m = box(SC_MB_STRIP_TFO_RFC);

	make(TFO_TH_SYN, 8, 0, 6);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_MODIFIED);
	ck_assert_int_eq(memcmp(seg.opts, want, sizeof(want)), 0);
	make(TFO_TH_SYN, 0, 1, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
	ck_assert_uint_eq(seg.optlen, sizeof(exp_req));
	ck_assert_int_eq(memcmp(seg.opts, exp_req, sizeof(exp_req)), 0);
	ck_assert_str_eq(sc_mbox_name(SC_MB_STRIP_TFO_RFC), "strip-tfo-rfc");
}
END_TEST

START_TEST(drop_syn_tfo)
{
	struct sc_mbox m = box(SC_MB_DROP_SYN_TFO);

	make(TFO_TH_SYN, 0, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_DROP);
	make(TFO_TH_SYN | TFO_TH_ACK, 8, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 0, 0, &seg), MBOX_DROP);
	make(TFO_TH_SYN, -1, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
	make(TFO_TH_ACK, 8, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 0, &seg), MBOX_PASS);
}
END_TEST

START_TEST(nat_both_ways_and_rebind)
{
	struct sc_mbox m = box(SC_MB_NAT);
	char text[TFO_ADDRSTRLEN];
	tfo_sockaddr tmp;

	m.has_rebind = 1;
	m.rebind_at = 1000;
	tfo_addr_parse(&m.rebind, "192.0.2.100");
	make(TFO_TH_SYN, 0, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 999, &seg), MBOX_MODIFIED);
	tfo_addr_format(&seg.src.addr, text, sizeof(text));
	ck_assert_str_eq(text, "192.0.2.99");
	ck_assert_uint_eq(seg.src.port, 40000);
	/* The answer comes back to the public address. */
	tmp = seg.src;
	seg.src = seg.dst;
	seg.dst = tmp;
	ck_assert_int_eq(mbox_apply(&m, inside(), 0, 999, &seg), MBOX_MODIFIED);
	tfo_addr_format(&seg.dst.addr, text, sizeof(text));
	ck_assert_str_eq(text, "10.0.0.1");
	/* After the rebind the old public address has no mapping. */
	tfo_addr_parse(&seg.dst.addr, "192.0.2.99");
	ck_assert_int_eq(mbox_apply(&m, inside(), 0, 1000, &seg), MBOX_NO_MAPPING);
	make(TFO_TH_SYN, 0, 0, 0);
	ck_assert_int_eq(mbox_apply(&m, inside(), 1, 1000, &seg), MBOX_MODIFIED);
	tfo_addr_format(&seg.src.addr, text, sizeof(text));
	ck_assert_str_eq(text, "192.0.2.100");
	ck_assert_ptr_eq(mbox_public(&m, 5000), &m.rebind);
}
END_TEST

Suite *sim_middlebox_suite(void)
{
	Suite *s = suite_create("sim_middlebox");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, drop_syn_data);
	tcase_add_test(tc, strip_tfo_writes_nops);
	tcase_add_test(tc, strip_tfo_rfc_keeps_the_experimental_option);
	tcase_add_test(tc, drop_syn_tfo);
	tcase_add_test(tc, nat_both_ways_and_rebind);
	suite_add_tcase(s, tc);
	return s;
}
