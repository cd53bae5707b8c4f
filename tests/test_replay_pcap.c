/*
 * The pcap reader: a TFO handshake framed in every supported link type
 * (hand-built files, one record per packet), nanosecond files, snap
 * lengths, checksums, and files that break.
 */
#include <string.h>

#include "replay_pcap.h"
#include "replay_pcap_records.h"
#include "replay_testutil.h"
#include "tfo_bytes.h"
#include "tfo_checksum.h"

enum { ETH, ETH_VLAN, ETH_QINQ, SLL, SLL2, RAW, IPV4, IPV6, NULL_LE, NULL_BE_V6, LOOP };

static const struct {
	int kind;
	uint32_t linktype; /* the LINKTYPE_ value in the file */
	int v6;
} links[] = {
	{ ETH, 1, 0 },    { ETH_VLAN, 1, 1 }, { ETH_QINQ, 1, 0 },   { SLL, 113, 0 },
	{ SLL2, 276, 1 }, { RAW, 101, 0 },    { RAW, 101, 1 },      { IPV4, 228, 0 },
	{ IPV6, 229, 1 }, { NULL_LE, 0, 0 },  { NULL_BE_V6, 0, 1 }, { LOOP, 108, 0 },
	{ LOOP, 108, 1 },
};

static size_t link_hdr(uint8_t *out, int kind, int v6)
{
	uint16_t type = v6 ? 0x86dd : 0x0800;

	switch (kind) {
	case SLL:
		memset(out, 0, 16);
		put_be16(out + 14, type);
		return 16;
	case SLL2:
		memset(out, 0, 20);
		put_be16(out, type);
		return 20;
	case NULL_LE:
		out[0] = v6 ? 10 : 2;
		out[1] = out[2] = out[3] = 0;
		return 4;
	case NULL_BE_V6:
	case LOOP:
		put_be32(out, v6 ? (kind == LOOP ? 30u : 28u) : 2u);
		return 4;
	default:
		return 0;
	}
}

static size_t frame(uint8_t *out, int kind, int v6, const tfo_segment *s)
{
	size_t n;

	if (kind == ETH || kind == ETH_VLAN || kind == ETH_QINQ)
		return rt_eth(out, 4096, s, kind == ETH ? 0 : kind == ETH_VLAN ? 1 : 2);
	n = link_hdr(out, kind, v6);
	return n + rt_ip(out + n, 4096 - n, s);
}

static const uint8_t cookie[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* SYN with a cookie and 6 bytes at t=0, SYN-ACK acking them at 30 us,
 * the ACK at 70 us, the server's data at 100 us. */
static void handshake(struct rt_pcap *p, int kind, uint32_t linktype, int v6)
{
	const char *c = v6 ? "[2001:db8::1]:40000" : "192.0.2.1:40000";
	const char *s = v6 ? "[2001:db8::2]:80" : "192.0.2.2:80";
	uint8_t buf[4096];
	tfo_segment seg;
	size_t n;

	rt_pcap_begin(p, linktype, 65535, 0);
	rt_seg(&seg, c, s, TFO_TH_SYN, 1000, 0, 6);
	tfo_opt_add_fastopen(&seg, 0, cookie, 8);
	n = frame(buf, kind, v6, &seg);
	rt_pcap_add(p, 100, 0, buf, n, n);
	rt_seg(&seg, s, c, TFO_TH_SYN | TFO_TH_ACK, 5000, 1007, 0);
	n = frame(buf, kind, v6, &seg);
	rt_pcap_add(p, 100, 30, buf, n, n);
	rt_seg(&seg, c, s, TFO_TH_ACK, 1007, 5001, 0);
	n = frame(buf, kind, v6, &seg);
	rt_pcap_add(p, 100, 70, buf, n, n);
	rt_seg(&seg, s, c, TFO_TH_ACK | TFO_TH_PSH, 5001, 1007, 10);
	n = frame(buf, kind, v6, &seg);
	rt_pcap_add(p, 100, 100, buf, n, n);
}

START_TEST(every_link_type)
{
	static struct rt_pcap p;
	struct rt_out o;

	handshake(&p, links[_i].kind, links[_i].linktype, links[_i].v6);
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
	ck_assert_uint_eq(o.n, 1);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_int_eq(o.res[0].client.addr.family, links[_i].v6 ? TFO_AF_INET6 : TFO_AF_INET);
	ck_assert_int_eq(o.res[0].client.port, 40000);
	ck_assert_int_eq(o.res[0].rtt_us, 70);
	ck_assert_int_eq(o.res[0].saved_us, 70);
	ck_assert_int_eq(o.res[0].rr_us, 100);
	ck_assert_int_eq(o.res[0].sent.cookie_len, 8);
	ck_assert_mem_eq(o.res[0].sent.cookie, cookie, 8);
	ck_assert_uint_eq(replay_anomalies_total(replay_get_anomalies(o.r)), 0);
	rt_free(&o);
}
END_TEST

START_TEST(nanoseconds)
{
	static struct rt_pcap p;
	uint8_t buf[512];
	tfo_segment seg;
	struct rt_out o;
	size_t n;

	rt_pcap_begin(&p, 1, 65535, 1);
	rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_SYN, 0, 0, 0);
	n = rt_eth(buf, sizeof(buf), &seg, 0);
	rt_pcap_add(&p, 5, 999999999, buf, n, n);
	rt_seg(&seg, "192.0.2.2:2", "192.0.2.1:1", TFO_TH_SYN | TFO_TH_ACK, 0, 1, 0);
	n = rt_eth(buf, sizeof(buf), &seg, 0);
	rt_pcap_add(&p, 6, 1000, buf, n, n);
	rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_ACK, 1, 1, 0);
	n = rt_eth(buf, sizeof(buf), &seg, 0);
	rt_pcap_add(&p, 6, 1999, buf, n, n);
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_PLAIN);
	ck_assert_int_eq(o.res[0].rtt_us, 2); /* 2000 ns */
	rt_free(&o);
}
END_TEST

struct want_note {
	int kind;
	uint64_t conn;
	const char *detail;
};

/* The run's anomalies are these n, the first at packet 1, one a packet. */
static void notes_are(const struct rt_out *o, const struct want_note *w, size_t n)
{
	const struct replay_anomalies *a = replay_get_anomalies(o->r);

	ck_assert_uint_eq(a->n, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(a->list[i].kind, w[i].kind);
		ck_assert_uint_eq(a->list[i].index, i + 1);
		ck_assert_uint_eq(a->list[i].conn, w[i].conn);
		ck_assert_str_eq(a->list[i].detail, w[i].detail);
	}
}

static const struct want_note want[] = {
	{ RA_SNAPPED, 1, "payload cut by the snap length" },
	{ RA_BAD_CHECKSUM, 1, "checksum wrong" },
	{ RA_SNAPPED, 0, "headers cut by the snap length, packet skipped" },
	{ RA_NON_TCP, 0, "IP packet not carrying TCP" },
};

START_TEST(snapped_and_checksums)
{
	static struct rt_pcap p;
	uint8_t buf[512];
	tfo_segment seg;
	struct rt_out o;
	size_t n;

	rt_pcap_begin(&p, 1, 60, 0);
	rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_SYN, 0, 0, 100);
	n = rt_eth(buf, sizeof(buf), &seg, 0);
	rt_pcap_add(&p, 1, 0, buf, 60, n); /* the payload cut */
	rt_seg(&seg, "192.0.2.2:2", "192.0.2.1:1", TFO_TH_SYN | TFO_TH_ACK, 0, 101, 0);
	n = rt_eth(buf, sizeof(buf), &seg, 0);
	buf[14 + 20 + 16] ^= 0xff; /* TCP checksum wrong */
	rt_pcap_add(&p, 1, 1, buf, n, n);
	rt_pcap_add(&p, 1, 2, buf, 30, n); /* headers cut: skipped */
	buf[14 + 9] = 17;                  /* UDP */
	rt_pcap_add(&p, 1, 3, buf, n, n);
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
	ck_assert_uint_eq(o.n, 1);
	/* A wrong checksum is reported, not dropped: the SYN-ACK still counts. */
	ck_assert_int_eq(o.res[0].outcome, TFO_OUTCOME_ACCEPTED);
	ck_assert_uint_eq(o.res[0].packets, 2);
	notes_are(&o, want, 4);
	rt_free(&o);
}
END_TEST

/* Bare IP link types (raw, IPv4, IPv6): a frame whose version nibble is
 * neither 4 nor 6 is not IP, an empty one is shorter than any header. */
START_TEST(bare_ip_frames)
{
	static const uint32_t types[] = { 101, 228, 229 };
	static const struct want_note bare_want[] = {
		{ RA_NON_TCP, 0, "link-layer frame not carrying IP" },
		{ RA_MALFORMED, 0, "frame shorter than its link header" },
		{ RA_SNAPPED, 0, "link header cut by the snap length" },
	};

	for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		static struct rt_pcap p;
		uint8_t buf[512];
		tfo_segment seg;
		struct rt_out o;
		size_t n;

		rt_pcap_begin(&p, types[t], 65535, 0);
		rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_SYN, 0, 0, 0);
		n = rt_ip(buf, sizeof(buf), &seg);
		buf[0] = 0x55;
		rt_pcap_add(&p, 1, 0, buf, n, n);
		rt_pcap_add(&p, 1, 1, buf, 0, 0);
		rt_pcap_add(&p, 1, 2, buf, 0, n);
		buf[0] = 0x45;
		rt_pcap_add(&p, 1, 3, buf, n, n);
		ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
		ck_assert_uint_eq(o.n, 1);
		notes_are(&o, bare_want, 3);
		rt_free(&o);
	}
}
END_TEST

/* Linux leaves the pseudo-header sum for the NIC on loopback: not an anomaly. */
START_TEST(offloaded_checksum)
{
	static struct rt_pcap p;
	uint8_t buf[512];
	tfo_segment seg;
	struct rt_out o;
	uint16_t partial;
	size_t n;

	rt_pcap_begin(&p, 1, 65535, 0);
	rt_seg(&seg, "127.0.0.1:1", "127.0.0.1:2", TFO_TH_SYN, 0, 0, 0);
	n = rt_eth(buf, sizeof(buf), &seg, 0);
	partial = (uint16_t)~csum_fold(csum_pseudo(&seg.src.addr, &seg.dst.addr, 20));
	put_be16(buf + 14 + 20 + 16, partial);
	rt_pcap_add(&p, 1, 0, buf, n, n);
	put_be16(buf + 14 + 20 + 16, (uint16_t)(partial + 1));
	rt_pcap_add(&p, 1, 1, buf, n, n);
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
	ck_assert_uint_eq(rt_count(&o, RA_BAD_CHECKSUM), 1);
	ck_assert_uint_eq(replay_get_anomalies(o.r)->list[0].index, 2);
	rt_free(&o);
}
END_TEST

/* Malformed options: an anomaly naming kind, byte and length; the SYN still counts. */
START_TEST(malformed_options)
{
	static const struct {
		uint8_t opts[24];
		uint8_t len;
		const char *detail;
	} cases[] = {
		{ { 2, 4, 0x05, 0xb4, 34, 3, 0, 1 },
		  8,
		  "Fast Open option (kind 34) at byte 4, length 3: not a cookie request nor an "
		  "even "
		  "4..16-byte cookie; ignored" },
		{ { 34, 19, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 1 },
		  20,
		  "Fast Open option (kind 34) at byte 0, length 19: not a cookie request nor an "
		  "even "
		  "4..16-byte cookie; ignored" },
		{ { 254, 5, 0xf9, 0x89, 7, 1, 1, 1 },
		  8,
		  "Fast Open option (kind 254) at byte 0, length 5: not a cookie request nor an "
		  "even "
		  "4..16-byte cookie; ignored" },
		{ { 8, 0, 0, 0 }, 4, "TCP option kind 8 at byte 0: length 0, below 2" },
		{ { 1, 8, 1, 0 }, 4, "TCP option kind 8 at byte 1: length 1, below 2" },
		{ { 1, 1, 1, 8 }, 4, "TCP option kind 8 at byte 3: no length byte" },
		{ { 1, 8, 10, 0 },
		  4,
		  "TCP option kind 8 at byte 1: length 10 runs past the 4 option bytes" },
		{ { 2, 3, 0x05, 0 },
		  4,
		  "TCP option kind 2 at byte 0: length 3, wrong for its kind; ignored" },
	};
	static struct rt_pcap p;
	uint8_t buf[512];
	tfo_segment seg;
	struct rt_out o;
	size_t n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rt_pcap_begin(&p, 1, 65535, 0);
		rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_SYN, 0, 0, 0);
		memcpy(seg.opts, cases[i].opts, cases[i].len);
		seg.optlen = cases[i].len;
		n = rt_eth(buf, sizeof(buf), &seg, 0);
		rt_pcap_add(&p, 1, 0, buf, n, n);
		ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
		ck_assert_uint_eq(rt_count(&o, RA_MALFORMED), 1);
		ck_assert_str_eq(replay_get_anomalies(o.r)->list[0].detail, cases[i].detail);
		ck_assert_uint_eq(replay_get_anomalies(o.r)->list[0].index, 1);
		ck_assert_uint_eq(o.n, 1);
		rt_free(&o);
	}
}
END_TEST

static void three_packets(struct rt_pcap *p)
{
	uint8_t buf[512];
	tfo_segment seg;
	size_t n;

	rt_pcap_begin(p, 1, 65535, 0);
	for (uint32_t i = 0; i < 3; i++) {
		rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_ACK, i * 10, 1, 10);
		n = rt_eth(buf, sizeof(buf), &seg, 0);
		rt_pcap_add(p, 1, i, buf, n, n);
	}
}

/* A capture out of time order is said, packet by packet; its times are still used. */
START_TEST(time_order)
{
	static const uint32_t usec[] = { 500, 200, 300, 100 };
	static struct rt_pcap p;
	uint8_t buf[512];
	tfo_segment seg;
	struct rt_out o;
	size_t n;

	rt_pcap_begin(&p, 1, 65535, 0);
	for (uint32_t i = 0; i < 4; i++) {
		rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_ACK, i * 10, 1, 10);
		n = rt_eth(buf, sizeof(buf), &seg, 0);
		rt_pcap_add(&p, 7, usec[i], buf, n, n);
	}
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
	ck_assert_uint_eq(rt_count(&o, RA_MALFORMED), 2);
	ck_assert_uint_eq(replay_get_anomalies(o.r)->list[1].index, 2);
	ck_assert_str_eq(replay_get_anomalies(o.r)->list[1].detail,
	                 "time 0.000300000 s before the packet before it: the capture is not in "
	                 "time order");
	ck_assert_uint_eq(replay_get_anomalies(o.r)->list[2].index, 4);
	rt_free(&o);
}
END_TEST

START_TEST(truncated_file)
{
	static struct rt_pcap p;
	struct rt_out o;

	three_packets(&p);
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len - 5), 0);
	ck_assert_str_eq(o.warn, "in1: packet 3: truncated dump file; tried to read 64 captured "
	                         "bytes, only got 59; the rest of the file is skipped\n");
	ck_assert_uint_eq(rt_count(&o, RA_TRUNCATED), 1);
	ck_assert_uint_eq(o.res[0].packets, 2);
	rt_free(&o);
	/* Nothing at all readable: an error naming the file and the packet. */
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, 24 + 10), REPLAY_ERR_INPUT);
	ck_assert_str_eq(o.err, "in1: packet 1: truncated dump file; tried to read 16 header "
	                        "bytes, only got 10");
	rt_free(&o);
}
END_TEST

START_TEST(lying_header)
{
	static struct rt_pcap p;
	struct rt_out o;

	three_packets(&p);
	/* The second record claims 4 GiB - 1 captured bytes. */
	memset(p.buf + 24 + 16 + 64 + 8, 0xff, 4);
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), 0);
	ck_assert_str_eq(o.warn, "in1: packet 2: invalid packet capture length 4294967295, bigger "
	                         "than snaplen of 65535; the rest of the file is skipped\n");
	rt_free(&o);
}
END_TEST

START_TEST(unsupported_link)
{
	static struct rt_pcap p;
	struct rt_out o;

	rt_pcap_begin(&p, 9, 65535, 0); /* PPP */
	ck_assert_int_eq(rt_run1(&o, NULL, p.buf, p.len), REPLAY_ERR_INPUT);
	ck_assert_str_eq(o.err, "in1: link type PPP (9) is not supported");
	rt_free(&o);
}
END_TEST

/* What one reader made of a file, as text: every packet, note and warning. */
struct trail {
	char text[16384];
	size_t len;
};

static void trail_add(struct trail *t, const char *s)
{
	size_t n = strlen(s);

	ck_assert_uint_lt(t->len + n, sizeof(t->text));
	memcpy(t->text + t->len, s, n + 1);
	t->len += n;
}

static int trail_packet(void *user, struct replay_packet *p)
{
	char line[160];

	snprintf(line, sizeof(line), "packet %llu t=%lld/%d len=%u snapped=%d csum=%d\n",
	         (unsigned long long)p->index, (long long)p->t_ns, p->has_time, p->seg.len,
	         p->snapped, p->csum);
	trail_add(user, line);
	return 0;
}

static int trail_anomaly(void *user, const struct replay_anomaly *a)
{
	char line[REPLAY_DETAIL_MAX + 64];

	snprintf(line, sizeof(line), "anomaly %d %llu %s\n", a->kind, (unsigned long long)a->index,
	         a->detail);
	trail_add(user, line);
	return 0;
}

static void trail_warn(void *user, const char *msg)
{
	trail_add(user, msg);
}

/* One file through the reader of kind (-1: libpcap's loop). */
static void read_as(struct trail *t, const uint8_t *buf, size_t len, int kind)
{
	const struct replay_emit emit = { t, trail_packet, trail_anomaly, trail_warn, NULL };
	char err[512] = "";
	FILE *f = fmemopen((void *)buf, len, "rb");
	char rc[64];

	ck_assert_ptr_nonnull(f);
	memset(t, 0, sizeof(*t));
	snprintf(rc, sizeof(rc), "rc %d ",
	         replay_pcap_read(f, kind, "in", 0, &emit, NULL, err, sizeof(err)));
	trail_add(t, rc);
	trail_add(t, err);
}

static void same_both_ways(const uint8_t *buf, size_t len)
{
	static struct trail a, b;
	int kind = pcap_records_kind(buf, len);

	ck_assert_int_ge(kind, 0);
	read_as(&a, buf, len, -1);
	read_as(&b, buf, len, kind);
	ck_assert_str_eq(a.text, b.text);
}

static uint32_t le32_at(const uint8_t *b)
{
	return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void set_le32(uint8_t *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

/* The record reader says what libpcap says, of whole and of damaged files. */
START_TEST(records_read_as_libpcap)
{
	static struct rt_pcap p, q;
	uint8_t buf[512];
	tfo_segment seg;
	size_t n;

	for (int nanos = 0; nanos < 2; nanos++) {
		rt_pcap_begin(&p, 1, nanos ? 40 : 65535, nanos);
		for (uint32_t i = 0; i < 6; i++) {
			rt_seg(&seg, "192.0.2.1:1", "192.0.2.2:2", TFO_TH_ACK, i * 10, 1, 10 * i);
			n = rt_eth(buf, sizeof(buf), &seg, 0);
			/* times with the sign bits set, as damage leaves them */
			rt_pcap_add(&p, i == 4 ? 0x80000000u : 7, i == 2 ? 0x800be1b8u : i * 1000,
			            buf, n, i == 3 ? n + 100 : n);
		}
		/* every length the file can be cut to */
		for (size_t cut = 24; cut <= p.len; cut++)
			same_both_ways(p.buf, cut);
		/* each record's capture length lying, past the end or past the limits */
		for (size_t rec = 24, i = 0; rec < p.len; i++) {
			static const uint32_t lies[] = {
				0, 1, 41, 1000, 262144, 262145, 0xffffffffu
			};
			uint32_t caplen = le32_at(p.buf + rec + 8);

			for (size_t k = 0; k < sizeof(lies) / sizeof(lies[0]); k++) {
				q = p;
				set_le32(q.buf + rec + 8, lies[k]);
				same_both_ways(q.buf, q.len);
			}
			rec += 16 + caplen;
		}
	}
}
END_TEST

Suite *replay_pcap_suite(void)
{
	Suite *s = suite_create("replay_pcap");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, every_link_type, 0, sizeof(links) / sizeof(links[0]));
	tcase_add_test(tc, nanoseconds);
	tcase_add_test(tc, snapped_and_checksums);
	tcase_add_test(tc, offloaded_checksum);
	tcase_add_test(tc, malformed_options);
	tcase_add_test(tc, time_order);
	tcase_add_test(tc, truncated_file);
	tcase_add_test(tc, lying_header);
	tcase_add_test(tc, unsupported_link);
	tcase_add_test(tc, bare_ip_frames);
	tcase_add_test(tc, records_read_as_libpcap);
	suite_add_tcase(s, tc);
	return s;
}
