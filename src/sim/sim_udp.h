/*
 * UDP datagrams on the simulated wire: an IPv4 or IPv6 header and a UDP
 * header (RFC 768) around a payload, with both checksums right, so that a
 * capture shows the KCP conversations as ordinary UDP.
 */
#ifndef SIM_UDP_H
#define SIM_UDP_H

#include <stddef.h>
#include <stdint.h>
#include <tfo/tfo.h>

#define UDP_HDR 8
#define UDP_IP4_OVERHEAD (20 + UDP_HDR)
#define UDP_IP6_OVERHEAD (40 + UDP_HDR)

/*
 * udp_build: the packet from src to dst (same family) carrying len bytes
 * into out. ip_id is the IPv4 identification. Returns the packet length, or
 * 0 when it does not fit in cap or the UDP length would pass 65535.
 */
size_t udp_build(uint8_t *out, size_t cap, const tfo_sockaddr *src, const tfo_sockaddr *dst,
                 const uint8_t *payload, size_t len, uint16_t ip_id);

/*
 * udp_payload: the payload of a packet udp_build made (or any IPv4/IPv6
 * UDP packet without extension headers). Returns 0, or TFO_ERR_TRUNCATED /
 * TFO_ERR_BAD_IP when it is not one.
 */
int udp_payload(const uint8_t *pkt, size_t len, const uint8_t **payload, size_t *plen);

#endif /* SIM_UDP_H */
