/* The Internet checksum and the TCP pseudo-header. */
#include <string.h>

#include "tfo_checksum.h"

#include "tfo_bytes.h"

/* Ones'-complement addition is associative modulo 0xffff, so wider words
 * can be summed and folded down at the end (RFC 1071 section 2). */
static uint32_t fold64(uint64_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffffu) + (acc >> 16);
	return (uint32_t)acc;
}

/*
 * swap16: the folded native-order sum as the big-endian sum. RFC 1071
 * section 2 (B): summing the words in either byte order gives the same
 * sum, byte-swapped, so the bytes are summed in the machine's order, eight
 * at a time, and swapped once at the end.
 */
static uint32_t swap16(uint32_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	return ((v & 0xffu) << 8) | (v >> 8);
#endif
}

uint32_t csum_acc_sum(uint64_t acc)
{
	return swap16(fold64(acc));
}

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	return fold64((uint64_t)sum + csum_acc_sum(csum_acc(0, p, len)));
}

uint32_t csum_add16(uint32_t sum, uint16_t word)
{
	return fold64((uint64_t)sum + word);
}

uint16_t csum_fold(uint32_t sum)
{
	return (uint16_t)~fold64(sum);
}

uint32_t csum_pseudo(const tfo_addr *src, const tfo_addr *dst, uint32_t tcp_len)
{
	size_t alen = src->family == TFO_AF_INET6 ? 16 : 4;
	uint64_t acc;

	acc = csum_add(0, src->bytes, alen);
	acc += csum_add(0, dst->bytes, alen);
	/* Both forms add up to the same words: protocol 6 and the length
	 * (IPv6 carries it in 32 bits, whose high half is zero here). */
	acc += 6u + (tcp_len >> 16) + (tcp_len & 0xffffu);
	return fold64(acc);
}
