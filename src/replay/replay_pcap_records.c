/*
 * Classic pcap records read from a large buffer. The checks and the
 * error words are libpcap 1.10's (sf-pcap.c, as observed on damaged
 * files: test_replay_pcap.c, records_read_as_libpcap, holds the two
 * readers to the same output), so a damaged file reads the same through
 * either reader.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <string.h>

#include <pcap/pcap.h>

#include "replay_pcap_records.h"

/* Large enough for any record (16 + MAX_CAPLEN), large enough that the
 * reads are few. */
#define BUF_SIZE (1u << 20)
#define REC_HDR 16u
/* libpcap's largest capture length for every link type replay reads
 * (MAXIMUM_SNAPLEN); longer records are refused as damaged. */
#define MAX_CAPLEN 262144u

int pcap_records_kind(const uint8_t *head, size_t len)
{
	static const uint8_t micro[2][4] = { { 0xa1, 0xb2, 0xc3, 0xd4 },
		                             { 0xd4, 0xc3, 0xb2, 0xa1 } };
	static const uint8_t nano[2][4] = { { 0xa1, 0xb2, 0x3c, 0x4d },
		                            { 0x4d, 0x3c, 0xb2, 0xa1 } };

	if (len < 4)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (memcmp(head, micro[i], 4) == 0)
			return 0;
		if (memcmp(head, nano[i], 4) == 0)
			return 1;
	}
	return -1;
}

int pcap_records_open(struct pcap_records *r, FILE *f, const tfo_allocator *mem, int swapped,
                      int nano, uint32_t snapshot)
{
	memset(r, 0, sizeof(*r));
	r->mem = mem_get(mem);
	r->buf = mem_alloc(r->mem, BUF_SIZE);
	if (!r->buf)
		return TFO_ERR_NOMEM;
	r->f = f;
	r->swapped = swapped;
	r->nano = nano;
	r->snapshot = snapshot;
	return 0;
}

void pcap_records_close(struct pcap_records *r)
{
	mem_free(r->mem, r->buf);
	r->buf = NULL;
}

/* Makes at least need unread bytes ready, unless the file ends first. */
static void fill(struct pcap_records *r, size_t need)
{
	if (r->end - r->start >= need || r->eof)
		return;
	if (r->start + need > BUF_SIZE) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	while (r->end - r->start < need) {
		size_t n = fread(r->buf + r->end, 1, BUF_SIZE - r->end, r->f);

		r->end += n;
		if (n == 0) {
			r->eof = 1;
			return;
		}
	}
}

/* A short read: the stream's error if it had one, else a truncation. */
static int short_read(struct pcap_records *r, const char *what, unsigned long want, size_t got)
{
	if (ferror(r->f))
		snprintf(r->err, sizeof(r->err), "error reading dump file: %s", strerror(errno));
	else
		snprintf(r->err, sizeof(r->err),
		         "truncated dump file; tried to read %lu %s bytes, only got %zu", want,
		         what, got);
	return -1;
}

static uint32_t field(const struct pcap_records *r, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return r->swapped ? __builtin_bswap32(v) : v;
}

/* The record header at p, as libpcap fills struct pcap_pkthdr: both time
 * fields are signed 32-bit on the file, and a microsecond count is
 * scaled in the wider field, so a damaged one reads the same either way. */
static void header(const struct pcap_records *r, const uint8_t *p, struct pcap_pkthdr *h)
{
	uint32_t frac = field(r, p + 4);

	h->ts.tv_sec = (int32_t)field(r, p);
	h->ts.tv_usec = (int32_t)frac;
	if (!r->nano)
		h->ts.tv_usec *= 1000;
	h->caplen = field(r, p + 8);
	h->len = field(r, p + 12);
}

/* A capture length beyond what libpcap takes: a damaged or hostile file. */
static int too_long(struct pcap_records *r, uint32_t caplen)
{
	if (caplen > r->snapshot)
		snprintf(r->err, sizeof(r->err),
		         "invalid packet capture length %u, bigger than snaplen of %d", caplen,
		         (int)r->snapshot);
	else
		snprintf(r->err, sizeof(r->err),
		         "invalid packet capture length %u, bigger than maximum of %u", caplen,
		         MAX_CAPLEN);
	return -1;
}

/* A whole record at hand: no refill, no truncation, within the snapshot
 * length. Returns 0 when the slow path must decide. */
static int whole(struct pcap_records *r, struct pcap_pkthdr *h, const uint8_t **data)
{
	size_t avail = r->end - r->start;

	if (avail < REC_HDR)
		return 0;
	header(r, r->buf + r->start, h);
	if (h->caplen > r->snapshot || h->caplen > MAX_CAPLEN || avail - REC_HDR < h->caplen)
		return 0;
	*data = r->buf + r->start + REC_HDR;
	r->start += REC_HDR + (size_t)h->caplen;
	r->consumed += REC_HDR + (size_t)h->caplen;
	return 1;
}

/* The record when it is not whole at hand: a refill, the end, a damaged
 * record. Apart from the fast path, which would otherwise pay for its
 * registers and calls on every record. */
static __attribute__((noinline)) int next_slow(struct pcap_records *r, struct pcap_pkthdr *h,
                                               const uint8_t **data)
{
	size_t avail;
	uint32_t caplen;

	fill(r, REC_HDR);
	avail = r->end - r->start;
	if (avail == 0)
		return ferror(r->f) ? short_read(r, "header", REC_HDR, 0) : 0;
	if (avail < REC_HDR)
		return short_read(r, "header", REC_HDR, avail);
	header(r, r->buf + r->start, h);
	caplen = h->caplen;
	if (caplen > MAX_CAPLEN)
		return too_long(r, caplen);
	fill(r, REC_HDR + (size_t)caplen);
	avail = r->end - r->start - REC_HDR;
	/* Beyond the snapshot length: the first snapshot bytes are the
	 * packet, the rest is read past (an old Solaris bug's files). */
	if (caplen > r->snapshot && avail < r->snapshot)
		return short_read(r, "captured", r->snapshot, avail);
	if (avail < caplen)
		return short_read(r, "captured", caplen, avail);
	if (caplen > r->snapshot)
		h->caplen = r->snapshot;
	*data = r->buf + r->start + REC_HDR;
	r->start += REC_HDR + (size_t)caplen;
	r->consumed += REC_HDR + (size_t)caplen;
	return 1;
}

int pcap_records_next(struct pcap_records *r, struct pcap_pkthdr *h, const uint8_t **data)
{
	return whole(r, h, data) ? 1 : next_slow(r, h, data);
}
