/*
 * A reader of classic pcap records (format 2.4, microsecond or nanosecond
 * magic) over a large buffer, for the stream libpcap opened. libpcap's
 * own loop reads each record with two small freads and copies it into its
 * buffer; this reads the file in large blocks and hands out records where
 * they lie, which halves the instructions of reading a capture. It keeps
 * libpcap's checks and words, so that what a damaged file gives is the
 * same whichever reader ran: every other form goes through libpcap.
 */
#ifndef REPLAY_PCAP_RECORDS_H
#define REPLAY_PCAP_RECORDS_H

#include <stdint.h>
#include <stdio.h>

#include "tfo_alloc.h"

/* libpcap's PCAP_ERRBUF_SIZE: its messages fit. pcap.h itself is not
 * included here, since it needs the BSD types on in every includer. */
#define PCAP_RECORDS_ERR 256

struct pcap_pkthdr;

struct pcap_records {
	const tfo_allocator *mem;
	FILE *f;
	uint8_t *buf;
	size_t start, end; /* the unread bytes: buf[start..end) */
	int eof;
	int swapped, nano;
	uint32_t snapshot;
	uint64_t consumed; /* record bytes handed out or skipped */
	char err[PCAP_RECORDS_ERR];
};

/*
 * pcap_records_kind: from a file's first bytes, 0 for a pcap file of
 * microseconds, 1 of nanoseconds, -1 for any other form (pcapng,
 * Kuznetzov's records), which this reader leaves to libpcap.
 */
int pcap_records_kind(const uint8_t *head, size_t len);

/*
 * pcap_records_open: a reader of the records of f, positioned after the
 * file header that libpcap read; swapped, nano and snapshot are the
 * file's as libpcap found them (pcap_is_swapped, the magic,
 * pcap_snapshot). Returns 0 or TFO_ERR_NOMEM.
 */
int pcap_records_open(struct pcap_records *r, FILE *f, const tfo_allocator *mem, int swapped,
                      int nano, uint32_t snapshot);

/*
 * pcap_records_next: the next record's header in *h, as libpcap would give
 * it with nanosecond precision, and its bytes in *data, valid until the
 * next call.
 * Returns 1, 0 at the end of the file, or -1 with r->err in libpcap's
 * words (truncated record, capture length beyond the snapshot length or
 * libpcap's maximum, read error).
 */
int pcap_records_next(struct pcap_records *r, struct pcap_pkthdr *h, const uint8_t **data);

/* pcap_records_close: frees the buffer; f is the caller's. */
void pcap_records_close(struct pcap_records *r);

#endif /* REPLAY_PCAP_RECORDS_H */
