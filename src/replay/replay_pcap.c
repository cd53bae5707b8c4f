/*
 * The pcap and pcapng reader. libpcap opens every file and reads the
 * formats other than classic pcap 2.4 (and converts pcapng's time
 * resolutions); classic pcap records, the common case and the bulk of a
 * replay's reading, come from replay_pcap_records' large buffer. This
 * file does the link layers through replay_link and the rest through the
 * codec, one packet at a time: memory does not grow with the file.
 */
/* libpcap's headers use the BSD u_int/u_char types. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "replay_link.h"
#include "replay_optcheck.h"
#include "replay_pcap.h"
#include "replay_pcap_records.h"
#include "tfo_checksum.h"
#include "tfo_codec.h"

#define PROGRESS_EVERY 65536u

struct reader {
	pcap_t *pcap;
	struct pcap_records *rec; /* classic pcap: records read here, not by libpcap */
	long start;               /* where the records start in the stream, or -1 */
	const char *name;
	uint32_t file;
	int dlt;
	int bare;       /* the frames are bare IP packets (replay_link_bare) */
	uint64_t index; /* the packet being read, 1-based */
	const struct replay_emit *emit;
	struct pcap_pkthdr hdr; /* the record's header, when read here */
	struct replay_packet pkt;
};

static int note(struct reader *r, int kind, const char *what, const char *why)
{
	return replay_note(r->emit, kind, r->file, r->index, 0, "%s%s", what, why);
}

/* A TCP checksum that is the bare pseudo-header sum was left for the NIC
 * to finish: Linux does that on loopback and with TX offload. */
static int offloaded(const tfo_segment *seg, const tfo_decode_info *info)
{
	uint32_t sum = csum_pseudo(&seg->src.addr, &seg->dst.addr, info->tcp_hdr_len + seg->len);
	uint16_t partial = (uint16_t)~csum_fold(sum);

	return info->tcp_csum == partial;
}

static uint8_t csum_state(const tfo_segment *seg, const tfo_decode_info *info)
{
	if (info->diag & TFO_DIAG_IP_CSUM_BAD)
		return REPLAY_CSUM_BAD;
	if (info->diag & TFO_DIAG_CSUM_UNCHECKED)
		return REPLAY_CSUM_UNKNOWN;
	if (!(info->diag & TFO_DIAG_TCP_CSUM_BAD))
		return REPLAY_CSUM_OK;
	return offloaded(seg, info) ? REPLAY_CSUM_OFFLOAD : REPLAY_CSUM_BAD;
}

static int decode_error(struct reader *r, int rc, int snapped)
{
	if (rc == TFO_ERR_NOT_TCP)
		return note(r, RA_NON_TCP, "IP packet not carrying TCP", "");
	if (rc == TFO_ERR_TRUNCATED && snapped)
		return note(r, RA_SNAPPED, "headers cut by the snap length", ", packet skipped");
	return note(r, RA_MALFORMED, tfo_strerror(rc), ", packet skipped");
}

static int on_frame(struct reader *r, const struct pcap_pkthdr *h, const uint8_t *data)
{
	struct replay_packet *p = &r->pkt;
	tfo_decode_info info;
	char why[REPLAY_DETAIL_MAX];
	size_t off = 0;
	int rc, snapped = h->caplen < h->len;

	rc = r->bare ? replay_link_bare_ip(data, h->caplen, 0, &off)
	             : replay_link_ip(r->dlt, data, h->caplen, &off);
	if (rc == REPLAY_LINK_OTHER)
		return note(r, RA_NON_TCP, "link-layer frame not carrying IP", "");
	if (rc == REPLAY_LINK_SHORT)
		return snapped ? note(r, RA_SNAPPED, "link header cut by the snap length", "")
		               : note(r, RA_MALFORMED, "frame shorter than its link header", "");
	rc = tfo_segment_decode_fastopen(&p->seg, &info, data + off, h->caplen - off, &p->fo);
	if (rc != 0)
		return decode_error(r, rc, snapped);
	/*
	 * Options the decoder stepped over: said, the segment still analysed.
	 * The decoder's diag says whether there are any, so only those
	 * packets are walked again for the precise words.
	 */
	if ((info.diag & (TFO_DIAG_OPT_MALFORMED | TFO_DIAG_TFO_INVALID | TFO_DIAG_OPT_INVALID)) &&
	    replay_opts_problem(&p->seg, why, sizeof(why)) &&
	    (rc = note(r, RA_MALFORMED, why, "")) != 0)
		return rc;
	/* pcapng's 64-bit times can lie beyond what int64 nanoseconds hold. */
	p->has_time = h->ts.tv_sec >= 0 && h->ts.tv_sec < INT64_MAX / 1000000000 - 1;
	p->t_ns = p->has_time ? (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec : 0;
	p->seq_unknown = 0;
	p->fo_known = 1;
	p->snapped = snapped || info.captured < p->seg.len;
	p->csum = csum_state(&p->seg, &info);
	p->file = r->file;
	p->index = r->index;
	return r->emit->packet(r->emit->user, p);
}

static void progress(struct reader *r)
{
	FILE *f = pcap_file(r->pcap);
	long pos = -1;

	if (r->rec && r->start >= 0)
		pos = r->start + (long)r->rec->consumed;
	else if (!r->rec && f)
		pos = ftell(f);

	if (r->emit->progress && pos >= 0)
		r->emit->progress(r->emit->user, (uint64_t)pos, r->index);
}

/* A read error: fatal before the first packet, else the rest is skipped. */
static int read_error(struct reader *r, char *err, size_t errsize)
{
	const char *why = r->rec ? r->rec->err : pcap_geterr(r->pcap);
	char msg[PCAP_ERRBUF_SIZE + 160];

	if (r->index == 1) {
		snprintf(err, errsize, "%s: packet 1: %s", r->name, why);
		return REPLAY_ERR_INPUT;
	}
	snprintf(msg, sizeof(msg), "%s: packet %llu: %s; the rest of the file is skipped", r->name,
	         (unsigned long long)r->index, why);
	r->emit->warn(r->emit->user, msg);
	return note(r, RA_TRUNCATED, why, "; the rest of the file is skipped");
}

/* The next record: 1, or PCAP_ERROR_BREAK at the end, or another value
 * on an error, as pcap_next_ex() answers. */
static int next_record(struct reader *r, struct pcap_pkthdr **h, const u_char **data)
{
	int rc;

	if (!r->rec)
		return pcap_next_ex(r->pcap, h, data);
	rc = pcap_records_next(r->rec, &r->hdr, data);
	*h = &r->hdr;
	return rc == 0 ? PCAP_ERROR_BREAK : rc;
}

static int loop(struct reader *r, char *err, size_t errsize)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	for (r->index = 1;; r->index++) {
		rc = next_record(r, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			return 0;
		if (rc != 1)
			return read_error(r, err, errsize);
		rc = on_frame(r, h, data);
		if (rc != 0)
			return rc;
		if (r->index % PROGRESS_EVERY == 0)
			progress(r);
	}
}

/*
 * Classic pcap of format 2.4 (kind 0 or 1 from pcap_records_kind) is read
 * here once libpcap has checked the file header; older versions, whose
 * length fields libpcap may swap, and everything else stay with libpcap.
 */
static int take_records(struct reader *r, struct pcap_records *rec, int kind,
                        const tfo_allocator *mem)
{
	FILE *f = pcap_file(r->pcap);

	if (kind < 0 || !f || pcap_major_version(r->pcap) != 2 || pcap_minor_version(r->pcap) != 4)
		return 0;
	if (pcap_records_open(rec, f, mem, pcap_is_swapped(r->pcap), kind,
	                      (uint32_t)pcap_snapshot(r->pcap)) != 0)
		return TFO_ERR_NOMEM;
	r->rec = rec;
	r->start = ftell(f);
	return 0;
}

static int open_reader(struct reader *r, FILE *f, const char *name, char *err, size_t errsize)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";

	r->pcap = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!r->pcap) {
		fclose(f);
		snprintf(err, errsize, "%s: %s", name, errbuf);
		return REPLAY_ERR_INPUT;
	}
	r->dlt = pcap_datalink(r->pcap);
	r->bare = replay_link_bare(r->dlt);
	if (!replay_link_supported(r->dlt)) {
		const char *dn = pcap_datalink_val_to_name(r->dlt);

		snprintf(err, errsize, "%s: link type %s (%d) is not supported", name,
		         dn ? dn : "unknown", r->dlt);
		pcap_close(r->pcap);
		return REPLAY_ERR_INPUT;
	}
	return 0;
}

int replay_pcap_read(FILE *f, int kind, const char *name, uint32_t file,
                     const struct replay_emit *emit, const tfo_allocator *mem, char *err,
                     size_t errsize)
{
	struct pcap_records rec;
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.file = file;
	r.emit = emit;
	rc = open_reader(&r, f, name, err, errsize);
	if (rc != 0)
		return rc;
	rc = take_records(&r, &rec, kind, mem);
	if (rc == 0)
		rc = loop(&r, err, errsize);
	if (r.rec)
		pcap_records_close(r.rec);
	pcap_close(r.pcap);
	return rc;
}
