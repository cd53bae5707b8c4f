/*
 * A pcap writer: the classic libpcap file format with nanosecond
 * timestamps (magic 0xa1b23c4d) and LINKTYPE_RAW (101), so that each
 * record is the IPv4 or IPv6 packet exactly as it crossed the wire.
 * tcpdump, tshark and Wireshark read it. Timestamps are virtual time
 * since the start of the run, i.e. seconds since the Unix epoch.
 */
#ifndef SIM_PCAP_H
#define SIM_PCAP_H

#include <stdio.h>

#include <tfo/common.h>

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_LINKTYPE_RAW 101u
#define PCAP_SNAPLEN 65535u
#define PCAP_HEADER_LEN 24
#define PCAP_RECORD_LEN 16

/* simpcap_write_header: the 24-byte file header. Returns 0 or -1 (write error). */
int simpcap_write_header(FILE *f);

/*
 * simpcap_write_packet: one record: the 16-byte record header and len bytes,
 * all captured. Returns 0 or -1 (write error, or len above the snap length).
 */
int simpcap_write_packet(FILE *f, tfo_time t, const uint8_t *pkt, size_t len);

#endif /* SIM_PCAP_H */
