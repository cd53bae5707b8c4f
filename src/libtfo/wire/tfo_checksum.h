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

/*
 * csum_acc: adds len bytes to an unfolded accumulator in the machine's
 * byte order (start from 0), for summing several pieces with one fold at
 * the end: csum_acc_sum(acc) is then the folded sum, as csum_add gives
 * it. Every piece but the last must have an even length, and no more
 * than 2^31 bytes in all.
 */
/* Inline: most pieces are short and of a known size (4, 16 bytes), and
 * the loop then unrolls to a few loads. */
static inline uint64_t csum_acc(uint64_t acc, const uint8_t *p, size_t len)
{
	uint64_t acc2 = 0;
	uint32_t w32;
	uint16_t w16;
	uint8_t last[2] = { 0, 0 };

	/* Two 32-bit halves a word: at most 2^33 added per 8 bytes, so the
	 * accumulator needs no carry folding inside the loop; two words a
	 * step, in two sums, so the additions do not wait on each other. */
	while (len >= 16) {
		uint64_t w, x;

		memcpy(&w, p, 8);
		memcpy(&x, p + 8, 8);
		acc += (w & 0xffffffffu) + (w >> 32);
		acc2 += (x & 0xffffffffu) + (x >> 32);
		p += 16;
		len -= 16;
	}
	acc += acc2;
	if (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		acc += (w & 0xffffffffu) + (w >> 32);
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		memcpy(&w32, p, 4);
		acc += w32;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, p, 2);
		acc += w16;
		p += 2;
		len -= 2;
	}
	if (len) {
		/* an odd last byte is the high byte of a zero-padded word */
		last[0] = p[0];
		memcpy(&w16, last, 2);
		acc += w16;
	}
	return acc;
}

/* csum_add16: adds one 16-bit word (host order) to a running sum. */
uint32_t csum_add16(uint32_t sum, uint16_t word);

/*
 * csum_fold64: the accumulator folded to 16 bits. Ones'-complement
 * addition is associative modulo 0xffff, so wider words can be summed and
 * folded down at the end (RFC 1071 section 2); four fixed folds bring any
 * 64-bit value below 2^16, to the same value a fold-until-done loop
 * reaches, without the loop's branches on every packet.
 */
static inline uint32_t csum_fold64(uint64_t acc)
{
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	return (uint32_t)acc;
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
