/*
 * Link-layer headers, from the formats' public descriptions
 * (https://www.tcpdump.org/linktypes.html and the linktype pages it links).
 */
/* libpcap's headers use the BSD u_int/u_char types. */
#define _DEFAULT_SOURCE
#include <pcap/pcap.h>

#include "replay_link.h"
#include "tfo_bytes.h"

#define ETH_HDR 14
#define VLAN_TAG 4
#define SLL_HDR 16
#define SLL2_HDR 20
#define NULL_HDR 4

#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_IPV6 0x86ddu
#define ETHERTYPE_8021Q 0x8100u
#define ETHERTYPE_8021AD 0x88a8u
#define ETHERTYPE_QINQ_OLD 0x9100u /* pre-standard 802.1ad */

/* Older libpcap headers may lack these; the values are the registered ones. */
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif

int replay_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
		return 1;
	default:
		return 0;
	}
}

static int by_ethertype(uint16_t type, size_t hdr, size_t *off)
{
	if (type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6)
		return REPLAY_LINK_OTHER;
	*off = hdr;
	return REPLAY_LINK_IP;
}

static int ethernet(const uint8_t *f, size_t len, size_t *off)
{
	size_t pos = ETH_HDR - 2;
	uint16_t type;

	for (;;) {
		if (len < pos + 2)
			return REPLAY_LINK_SHORT;
		type = get_be16(f + pos);
		if (type != ETHERTYPE_8021Q && type != ETHERTYPE_8021AD &&
		    type != ETHERTYPE_QINQ_OLD)
			break;
		pos += VLAN_TAG;
	}
	return by_ethertype(type, pos + 2, off);
}

int replay_link_bare(int dlt)
{
	return dlt == DLT_RAW || dlt == DLT_IPV4 || dlt == DLT_IPV6;
}

/*
 * DLT_NULL holds the writer's AF_ value in the writer's byte order,
 * DLT_LOOP in network order. AF_INET is 2 everywhere; AF_INET6 is 10
 * (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
 */
static int is_af_inet(uint32_t v)
{
	return v == 2 || v == 10 || v == 24 || v == 28 || v == 30;
}

static int null_loop(int dlt, const uint8_t *f, size_t len, size_t *off)
{
	uint32_t be, le;

	if (len < NULL_HDR)
		return REPLAY_LINK_SHORT;
	be = get_be32(f);
	le = (uint32_t)f[0] | (uint32_t)f[1] << 8 | (uint32_t)f[2] << 16 | (uint32_t)f[3] << 24;
	if (!is_af_inet(be) && !(dlt == DLT_NULL && is_af_inet(le)))
		return REPLAY_LINK_OTHER;
	return replay_link_bare_ip(f, len, NULL_HDR, off);
}

int replay_link_ip(int dlt, const uint8_t *f, size_t len, size_t *off)
{
	switch (dlt) {
	case DLT_EN10MB:
		return ethernet(f, len, off);
	case DLT_LINUX_SLL:
		if (len < SLL_HDR)
			return REPLAY_LINK_SHORT;
		return by_ethertype(get_be16(f + 14), SLL_HDR, off);
	case DLT_LINUX_SLL2:
		if (len < SLL2_HDR)
			return REPLAY_LINK_SHORT;
		return by_ethertype(get_be16(f), SLL2_HDR, off);
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
		return replay_link_bare_ip(f, len, 0, off);
	case DLT_NULL:
	case DLT_LOOP:
		return null_loop(dlt, f, len, off);
	default:
		return REPLAY_LINK_OTHER;
	}
}
