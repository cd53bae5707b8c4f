/* The Internet checksum and the pseudo-header sums, against published
 * and independently computed vectors. */
#include "testutil.h"

#include "tfo_checksum.h"

/* RFC 1071 section 3: the example bytes sum to ddf2. */
START_TEST(rfc1071_example)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	ck_assert_uint_eq(csum_add(0, b, sizeof(b)), 0xddf2);
	ck_assert_uint_eq(csum_fold(csum_add(0, b, sizeof(b))), 0x220d);
}
END_TEST

/* The IPv4 header example used by many texts (Wikipedia, "Internet
 * checksum"): its checksum is b861, and a header carrying it sums to 0. */
START_TEST(ipv4_header_example)
{
	uint8_t h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		          0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	ck_assert_uint_eq(csum_fold(csum_add(0, h, sizeof(h))), 0xb861);
	h[10] = 0xb8;
	h[11] = 0x61;
	ck_assert_uint_eq(csum_fold(csum_add(0, h, sizeof(h))), 0);
}
END_TEST

/* An odd final byte is padded with a zero on the right. */
START_TEST(odd_length)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03 };

	ck_assert_uint_eq(csum_add(0, b, 3), 0x0402);
	ck_assert_uint_eq(csum_add(0, b, 1), 0x0100);
	ck_assert_uint_eq(csum_add(0, b, 0), 0);
}
END_TEST

/* Carries wrap around: ffff + 0001 is 0001 in ones' complement. */
START_TEST(end_around_carry)
{
	static const uint8_t b[] = { 0xff, 0xff, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	ck_assert_uint_eq(csum_add(0, b, 4), 0x0001);
	/* ffff is ones' complement zero: three more leave the sum at 1 */
	ck_assert_uint_eq(csum_add(0, b, sizeof(b)), 0x0001);
	ck_assert_uint_eq(csum_add(0, b, 2), 0xffff);
	ck_assert_uint_eq(csum_add16(0xffff, 1), 0x0001);
	ck_assert_uint_eq(csum_fold(0xffff), 0);
}
END_TEST

/* Summing in even pieces gives what summing at once gives. */
START_TEST(pieces)
{
	uint8_t b[257];

	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(i * 37 + 11);
	for (size_t cut = 0; cut < sizeof(b); cut += 2)
		ck_assert_uint_eq(csum_add(csum_add(0, b, cut), b + cut, sizeof(b) - cut),
		                  csum_add(0, b, sizeof(b)));
}
END_TEST

/*
 * The pseudo-headers as bytes (RFC 9293 section 3.1, RFC 8200 section
 * 8.1) summed directly, against csum_pseudo().
 */
START_TEST(pseudo_headers)
{
	tfo_addr s4, d4, s6, d6;
	static const uint8_t ph4[12] = { 127, 0, 0, 1, 127, 0, 0, 1, 0, 6, 0x00, 0x40 };
	static const uint8_t ph6[40] = {
		0x20, 0x01, 0x0d,        0xb8,        [15] = 0x02, 0x20,    0x01,
		0x0d, 0xb8, [31] = 0x01, [34] = 0x00, [35] = 0x34, [39] = 6
	};

	ck_assert_int_eq(tfo_addr_parse(&s4, "127.0.0.1"), 0);
	ck_assert_int_eq(tfo_addr_parse(&d4, "127.0.0.1"), 0);
	ck_assert_int_eq(tfo_addr_parse(&s6, "2001:db8::2"), 0);
	ck_assert_int_eq(tfo_addr_parse(&d6, "2001:db8::1"), 0);
	ck_assert_uint_eq(csum_pseudo(&s4, &d4, 0x40), csum_add(0, ph4, sizeof(ph4)));
	ck_assert_uint_eq(csum_pseudo(&s6, &d6, 0x34), csum_add(0, ph6, sizeof(ph6)));
	/* 2 x (7f00 + 0001) + 6 + 40 */
	ck_assert_uint_eq(csum_pseudo(&s4, &d4, 0x40), 0xfe48);
}
END_TEST

/* The four fixed folds end where folding until nothing carries ends. */
static uint32_t fold_slowly(uint64_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffffu) + (acc >> 16);
	return (uint32_t)acc;
}

START_TEST(fixed_folds)
{
	static const uint64_t edges[] = { 0,
		                          1,
		                          0xffff,
		                          0x10000,
		                          0x1fffe,
		                          0xffffffffu,
		                          0x100000000u,
		                          0x2fffffffdu,
		                          0xffffffffffffffffu,
		                          0xffff0000ffff0000u };
	uint64_t x = 88172645463325252u;

	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		ck_assert_uint_eq(csum_fold64(edges[i]), fold_slowly(edges[i]));
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* every magnitude: shift the random value down by 0..63 bits */
		ck_assert_uint_eq(csum_fold64(x >> (i % 64)), fold_slowly(x >> (i % 64)));
	}
}
END_TEST

Suite *checksum_suite(void)
{
	Suite *s = suite_create("checksum");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rfc1071_example);
	tcase_add_test(tc, ipv4_header_example);
	tcase_add_test(tc, odd_length);
	tcase_add_test(tc, end_around_carry);
	tcase_add_test(tc, pieces);
	tcase_add_test(tc, pseudo_headers);
	tcase_add_test(tc, fixed_folds);
	suite_add_tcase(s, tc);
	return s;
}
