/*
 * Checks the formatter against tcpdump itself: writes a pcap of segments
 * (the hand-made vectors of format_vectors.h, then generated ones), has
 * tcpdump -n -S -t read it, and compares each line with
 * tfo_segment_format_line() byte for byte.
 *
 * usage: tcpdump-compare TCPDUMP PCAP [COUNT [SEED]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_vectors.h"
#include "seggen.h"

#define PAYLOAD_MAX 1460
#define MAX_REPORTS 20

struct run {
	unsigned long count;
	uint64_t seed;
	uint8_t payload[PAYLOAD_MAX];
	uint8_t packet[60 + 60 + PAYLOAD_MAX];
	char want_vec[TFO_SEGMENT_STRLEN];
};

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* The classic pcap header with LINKTYPE_RAW (101): packets start at IP. */
static int write_pcap_header(FILE *f)
{
	uint8_t h[24] = { 0 };

	put_le32(h, 0xa1b2c3d4u);
	put_le16(h + 4, 2);
	put_le16(h + 6, 4);
	put_le32(h + 16, 65535);
	put_le32(h + 20, 101);
	return fwrite(h, 1, sizeof(h), f) == sizeof(h) ? 0 : -1;
}

static int write_packet(FILE *f, const uint8_t *p, size_t n, unsigned long i)
{
	uint8_t h[16];

	put_le32(h, (uint32_t)i);
	put_le32(h + 4, 0);
	put_le32(h + 8, (uint32_t)n);
	put_le32(h + 12, (uint32_t)n);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) || fwrite(p, 1, n, f) != n)
		return -1;
	return 0;
}

/*
 * The i-th segment: first the vectors, then generated ones. Ports are
 * moved above 20000, where tcpdump decodes no application protocol.
 */
static void nth_segment(struct run *r, struct xorshift *x, unsigned long i, tfo_segment *seg)
{
	static const enum seggen_opts modes[] = { SEGGEN_OPTS_BUILT, SEGGEN_OPTS_MIXED,
		                                  SEGGEN_OPTS_RAW };

	if (i < NFORMAT_VECTORS) {
		format_vector_build(&format_vectors[i], seg, r->payload);
		return;
	}
	seggen_make(x, seg, modes[i % 3], r->payload, xs_below(x, 8) == 0 ? PAYLOAD_MAX : 64);
	seg->src.port = (uint16_t)(20000 + xs_below(x, 40000));
	seg->dst.port = (uint16_t)(20000 + xs_below(x, 40000));
}

static unsigned long total(const struct run *r)
{
	return NFORMAT_VECTORS + r->count;
}

static int write_all(struct run *r, const char *path)
{
	FILE *f = fopen(path, "wb");
	struct xorshift x;
	tfo_segment seg;
	int rc = 0;

	if (!f || write_pcap_header(f) != 0) {
		perror(path);
		return -1;
	}
	xs_seed(&x, r->seed);
	for (unsigned long i = 0; i < total(r) && rc == 0; i++) {
		size_t n;

		nth_segment(r, &x, i, &seg);
		rc = tfo_segment_encode(&seg, r->packet, sizeof(r->packet), &n);
		if (rc == 0)
			rc = write_packet(f, r->packet, n, i);
	}
	if (fclose(f) != 0 || rc != 0) {
		fprintf(stderr, "cannot write %s (%d)\n", path, rc);
		return -1;
	}
	return 0;
}

static void report(unsigned long i, const tfo_segment *seg, const char *ours, const char *theirs)
{
	printf("segment %lu, options ", i);
	for (size_t k = 0; k < seg->optlen; k++)
		printf("%02x", seg->opts[k]);
	printf(":\n  tfo:     %s\n  tcpdump: %s\n", ours, theirs);
}

static int compare(struct run *r, FILE *in)
{
	char ours[TFO_SEGMENT_STRLEN], theirs[4096];
	unsigned long i, bad = 0;
	struct xorshift x;
	tfo_segment seg;

	xs_seed(&x, r->seed);
	for (i = 0; i < total(r) && fgets(theirs, sizeof(theirs), in); i++) {
		theirs[strcspn(theirs, "\n")] = '\0';
		nth_segment(r, &x, i, &seg);
		tfo_segment_format_line(&seg, ours, sizeof(ours));
		if (i < NFORMAT_VECTORS && strcmp(format_vectors[i].want, theirs) != 0) {
			printf("vector %lu: the table's line is not tcpdump's\n", i);
			report(i, &seg, format_vectors[i].want, theirs);
			bad++;
		}
		if (strcmp(ours, theirs) != 0 && bad++ < MAX_REPORTS)
			report(i, &seg, ours, theirs);
	}
	if (i != total(r)) {
		printf("tcpdump printed %lu lines for %lu packets\n", i, total(r));
		return 1;
	}
	printf("%lu lines compared, %lu differ\n", i, bad);
	return bad != 0;
}

int main(int argc, char **argv)
{
	static struct run r;
	char cmd[8192];
	FILE *in;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: %s TCPDUMP PCAP [COUNT [SEED]]\n", argv[0]);
		return 2;
	}
	r.count = argc > 3 ? strtoul(argv[3], NULL, 10) : 20000;
	r.seed = argc > 4 ? strtoull(argv[4], NULL, 0) : 0x7cb1d2f3a4958677u;
	if (write_all(&r, argv[2]) != 0)
		return 1;
	snprintf(cmd, sizeof(cmd), "'%s' -n -S -t -r '%s' 2>/dev/null", argv[1], argv[2]);
	in = popen(cmd, "r");
	if (!in) {
		perror("popen");
		return 1;
	}
	rc = compare(&r, in);
	if (pclose(in) != 0) {
		fprintf(stderr, "tcpdump failed\n");
		return 1;
	}
	return rc;
}
