/* The Internet checksum and the TCP pseudo-header. */
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

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t acc = sum;

	while (len >= 4) {
		acc += get_be32(p);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		acc += get_be16(p);
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)p[0] << 8;
	return fold64(acc);
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
