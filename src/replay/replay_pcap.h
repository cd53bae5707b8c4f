/* The pcap and pcapng reader, through libpcap. */
#ifndef REPLAY_PCAP_H
#define REPLAY_PCAP_H

#include <stdio.h>

#include "replay_packet.h"
#include "tfo_alloc.h"

/*
 * replay_pcap_read: reads every packet of the pcap or pcapng stream f,
 * which must be at its first byte; f is closed before returning, in every
 * case. kind is pcap_records_kind() of the first bytes: a classic pcap
 * file's records are then read in large blocks, not one by one through
 * libpcap (mem gives that buffer). TCP segments go to emit->packet with nanosecond times; what is
 * not TCP or does not decode becomes an anomaly. A read error after the
 * first packet is a warning and a "truncated" anomaly. Returns 0,
 * REPLAY_ERR_INPUT (the file cannot be read at all; err names the file
 * and the packet), TFO_ERR_NOMEM, or what emit returned.
 */
int replay_pcap_read(FILE *f, int kind, const char *name, uint32_t file,
                     const struct replay_emit *emit, const tfo_allocator *mem, char *err,
                     size_t errsize);

#endif /* REPLAY_PCAP_H */
