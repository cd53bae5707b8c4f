/*
 * Link-layer headers: where the IP packet starts inside a captured frame,
 * for the link types libpcap reports (pcap_datalink() values).
 */
#ifndef REPLAY_LINK_H
#define REPLAY_LINK_H

#include <stddef.h>
#include <stdint.h>

enum replay_link_result {
	REPLAY_LINK_IP = 0, /* *off is where an IPv4 or IPv6 packet starts */
	REPLAY_LINK_OTHER,  /* a frame of another protocol (ARP, LLDP, ...) */
	REPLAY_LINK_SHORT   /* the frame ends inside its link-layer header */
};

/* replay_link_supported: 1 when frames of this DLT can be read, else 0. */
int replay_link_supported(int dlt);

/*
 * replay_link_bare: 1 when frames of this DLT are bare IP packets
 * (DLT_RAW, DLT_IPV4, DLT_IPV6), for which replay_link_bare_ip(frame,
 * len, 0, off) does all that replay_link_ip() does; else 0.
 */
int replay_link_bare(int dlt);

/*
 * replay_link_bare_ip: the IP packet after hdr bytes of link header,
 * where only its version nibble tells IP from anything else. Inline: a
 * reader of bare IP frames calls it for every frame, in place of
 * replay_link_ip()'s call and switch.
 */
static inline int replay_link_bare_ip(const uint8_t *f, size_t len, size_t hdr, size_t *off)
{
	uint8_t v;

	if (len <= hdr)
		return REPLAY_LINK_SHORT;
	v = f[hdr] >> 4;
	if (v != 4 && v != 6)
		return REPLAY_LINK_OTHER;
	*off = hdr;
	return REPLAY_LINK_IP;
}

/*
 * replay_link_ip: finds the IP packet in a frame of link type dlt
 * (DLT_EN10MB with any number of 802.1Q/802.1ad tags, DLT_LINUX_SLL,
 * DLT_LINUX_SLL2, DLT_RAW, DLT_IPV4, DLT_IPV6, DLT_NULL, DLT_LOOP).
 * Returns an enum replay_link_result; *off is set only for
 * REPLAY_LINK_IP. Never reads past len.
 */
int replay_link_ip(int dlt, const uint8_t *frame, size_t len, size_t *off);

#endif /* REPLAY_LINK_H */
