/* IPv4/IPv6 + UDP encapsulation for the simulator's KCP datagrams. */
#include <string.h>

#include "sim_udp.h"
#include "tfo_bytes.h"
#include "tfo_checksum.h"

#define IPPROTO_UDP_NUM 17

static size_t addr_len(const tfo_addr *a)
{
	return a->family == TFO_AF_INET ? 4 : 16;
}

/* The UDP checksum over the pseudo-header (protocol 17), the header and the payload. */
static uint16_t udp_csum(const tfo_sockaddr *src, const tfo_sockaddr *dst, const uint8_t *udp,
                         size_t udp_len)
{
	uint32_t sum = csum_add(0, src->addr.bytes, addr_len(&src->addr));
	uint16_t c;

	sum = csum_add(sum, dst->addr.bytes, addr_len(&dst->addr));
	sum = csum_add16(sum, IPPROTO_UDP_NUM);
	sum = csum_add16(sum, (uint16_t)udp_len);
	sum = csum_add(sum, udp, udp_len);
	c = csum_fold(sum);
	return c ? c : 0xffff; /* 0 means "no checksum" in UDP */
}

size_t udp_build(uint8_t *out, size_t cap, const tfo_sockaddr *src, const tfo_sockaddr *dst,
                 const uint8_t *payload, size_t len, uint16_t ip_id)
{
	int v4 = src->addr.family == TFO_AF_INET;
	size_t ip = v4 ? 20 : 40, udp_len = UDP_HDR + len, total = ip + udp_len;
	uint8_t *udp = out + ip;

	if (udp_len > 65535 || total > cap)
		return 0;
	memset(out, 0, ip + UDP_HDR);
	if (v4) {
		out[0] = 0x45;
		put_be16(out + 2, (uint16_t)total);
		put_be16(out + 4, ip_id);
		out[6] = 0x40; /* DF */
		out[8] = 64;
		out[9] = IPPROTO_UDP_NUM;
		memcpy(out + 12, src->addr.bytes, 4);
		memcpy(out + 16, dst->addr.bytes, 4);
		put_be16(out + 10, csum_fold(csum_add(0, out, 20)));
	} else {
		out[0] = 0x60;
		put_be16(out + 4, (uint16_t)udp_len);
		out[6] = IPPROTO_UDP_NUM;
		out[7] = 64;
		memcpy(out + 8, src->addr.bytes, 16);
		memcpy(out + 24, dst->addr.bytes, 16);
	}
	put_be16(udp, src->port);
	put_be16(udp + 2, dst->port);
	put_be16(udp + 4, (uint16_t)udp_len);
	if (len)
		memcpy(udp + UDP_HDR, payload, len);
	put_be16(udp + 6, udp_csum(src, dst, udp, udp_len));
	return total;
}

int udp_payload(const uint8_t *pkt, size_t len, const uint8_t **payload, size_t *plen)
{
	size_t ip, udp_len;

	if (len < 1)
		return TFO_ERR_TRUNCATED;
	if (pkt[0] >> 4 == 4) {
		ip = (size_t)(pkt[0] & 0x0f) * 4;
		if (ip < 20 || len < ip + UDP_HDR)
			return TFO_ERR_TRUNCATED;
		if (pkt[9] != IPPROTO_UDP_NUM)
			return TFO_ERR_BAD_IP;
	} else if (pkt[0] >> 4 == 6) {
		ip = 40;
		if (len < ip + UDP_HDR)
			return TFO_ERR_TRUNCATED;
		if (pkt[6] != IPPROTO_UDP_NUM)
			return TFO_ERR_BAD_IP;
	} else {
		return TFO_ERR_BAD_IP;
	}
	udp_len = get_be16(pkt + ip + 4);
	if (udp_len < UDP_HDR || ip + udp_len > len)
		return TFO_ERR_TRUNCATED;
	*payload = pkt + ip + UDP_HDR;
	*plen = udp_len - UDP_HDR;
	return 0;
}
