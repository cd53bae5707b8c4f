/* The Internet checksum and the TCP pseudo-header. */
#include <string.h>

#include "tfo_checksum.h"

#include "tfo_bytes.h"

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	return csum_fold64((uint64_t)sum + csum_acc_sum(csum_acc(0, p, len)));
}

uint32_t csum_add16(uint32_t sum, uint16_t word)
{
	return csum_fold64((uint64_t)sum + word);
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
	return csum_fold64(acc);
}
