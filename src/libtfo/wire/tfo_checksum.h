/*
 * The Internet checksum (RFC 1071) and the TCP pseudo-header sums of
 * RFC 9293 section 3.1 (IPv4) and RFC 8200 section 8.1 (IPv6).
 */
#ifndef TFO_CHECKSUM_H
#define TFO_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <tfo/wire.h>

/*
 * csum_add: adds len bytes to a running ones'-complement sum and returns
 * the new sum, folded to 16 bits (start from 0). Bytes pair up from p, so
 * when a checksum is summed in pieces every piece but the last must have
 * an even length.
 */
uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len);

/* csum_acc_add: w added to the accumulator with the carry out of bit 63
 * brought back in (the end-around carry of RFC 1071 section 2 (C), 64
 * bits wide): a ones'-complement sum modulo 2^64 - 1, which 0xffff
 * divides, so it folds down to the 16-bit sum. Compilers make it an add
 * and an add-with-carry. From 0, the result stays zero only while every
 * word added is zero. */
static inline uint64_t csum_acc_add(uint64_t acc, uint64_t w)
{
	acc += w;
	return acc + (acc < w);
}

/*
 * csum_acc: adds len bytes to an unfolded accumulator in the machine's
 * byte order (start from 0), for summing several pieces with one fold at
 * the end: csum_acc_sum(acc) is then the folded sum, as csum_add gives
 * it. Every piece but the last must have an even length.
 */
/* Inline: most pieces are short and of a known size (4, 16 bytes), and
 * the loop then unrolls to a few loads. */
static inline uint64_t csum_acc(uint64_t acc, const uint8_t *p, size_t len)
{
	uint32_t w32;
	uint16_t w16;
	uint8_t last[2] = { 0, 0 };

	/* Whole 64-bit words, two a step: an add and an add-with-carry
	 * each, where summing 32-bit halves took six instructions a word. */
	while (len >= 16) {
		uint64_t w, x;

		memcpy(&w, p, 8);
		memcpy(&x, p + 8, 8);
		acc = csum_acc_add(acc, w);
		acc = csum_acc_add(acc, x);
		p += 16;
		len -= 16;
	}
	if (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		acc = csum_acc_add(acc, w);
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		memcpy(&w32, p, 4);
		acc = csum_acc_add(acc, w32);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, p, 2);
		acc = csum_acc_add(acc, w16);
		p += 2;
		len -= 2;
	}
	if (len) {
		/* an odd last byte is the high byte of a zero-padded word */
		last[0] = p[0];
		memcpy(&w16, last, 2);
		acc = csum_acc_add(acc, w16);
	}
	return acc;
}

/* csum_add16: adds one 16-bit word (host order) to a running sum. */
uint32_t csum_add16(uint32_t sum, uint16_t word);

/*
 * csum_fold64: the accumulator folded to 16 bits. Ones'-complement
 * addition is associative modulo 0xffff, so wider words can be summed and
 * folded down at the end (RFC 1071 section 2). Each half is added to the
 * other with its end-around carry in one step: x plus x rotated by half
 * its width holds in its upper half the two halves' sum, the carry out of
 * the lower half's same sum added in. Two such steps (64 to 32 bits, 32
 * to 16) end where a fold-until-done loop ends: 0 for 0, else the value
 * in 1..0xffff that is congruent modulo 0xffff.
 */
static inline uint32_t csum_fold64(uint64_t acc)
{
	uint32_t s = (uint32_t)((acc + (acc >> 32 | acc << 32)) >> 32);

	return (s + (s >> 16 | s << 16)) >> 16;
}

/*
 * csum_acc_sum: the accumulator's folded sum in network order. RFC 1071
 * section 2 (B): summing the words in either byte order gives the same
 * sum, byte-swapped, so the bytes are summed in the machine's order, eight
 * at a time, and swapped once at the end.
 */
static inline uint32_t csum_acc_sum(uint64_t acc)
{
	uint32_t v = csum_fold64(acc);

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	return ((v & 0xffu) << 8) | (v >> 8);
#endif
}

/* csum_fold: the checksum to put on the wire: the complement of the sum. */
static inline uint16_t csum_fold(uint32_t sum)
{
	return (uint16_t)~csum_fold64(sum);
}

/*
 * csum_pseudo: the sum of the TCP pseudo-header for src, dst (same family,
 * IPv4 or IPv6) and a TCP length (header + payload).
 */
uint32_t csum_pseudo(const tfo_addr *src, const tfo_addr *dst, uint32_t tcp_len);

#endif /* TFO_CHECKSUM_H */
