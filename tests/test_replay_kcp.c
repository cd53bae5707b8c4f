/*
 * tfosim replay --kcp's reader: framing (plain, behind kcp-go's header with
 * its CRC, neither), retransmissions and their inferred cause, RTT samples
 * from echoed ts, and what is not KCP on the port.
 */
#include <stdio.h>
#include <unistd.h>
#include <string.h>

#include "replay_kcp.h"
#include "sim_pcap.h"
#include "sim_udp.h"
#include "testutil.h"
#include "kcp_testutil.h"

#define MS TFO_NS_PER_MS

struct cap {
	FILE *f;
	char path[64];
	tfo_sockaddr c, s;
};

static void cap_open(struct cap *k)
{
	snprintf(k->path, sizeof(k->path), "/tmp/tfo-kcp-test-%d.pcap", (int)getpid());
	k->f = fopen(k->path, "wb");
	ck_assert_ptr_nonnull(k->f);
	ck_assert_int_eq(simpcap_write_header(k->f), 0);
	tfo_sockaddr_parse(&k->c, "10.0.0.1:5555");
	tfo_sockaddr_parse(&k->s, "10.0.0.2:4000");
}

/* One datagram at t ms from the client (to_server) or the server; kcpgo puts the 20-byte header
 * first. */
static void put(struct cap *k, uint32_t t, int to_server, const uint8_t *kcp, size_t n, int kcpgo,
                int bad_crc)
{
	uint8_t payload[1500], pkt[1600];
	size_t len = n, plen;

	if (kcpgo) {
		uint32_t c = 0xffffffffu;

		memset(payload, 0x5a, 16);
		memcpy(payload + 20, kcp, n);
		for (size_t i = 0; i < n; i++) {
			c ^= kcp[i];
			for (int b = 0; b < 8; b++)
				c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
		}
		c = ~c ^ (uint32_t)bad_crc;
		for (int i = 0; i < 4; i++)
			payload[16 + i] = (uint8_t)(c >> (8 * i));
		len = n + 20;
	} else {
		memcpy(payload, kcp, n);
	}
	plen = udp_build(pkt, sizeof(pkt), to_server ? &k->c : &k->s, to_server ? &k->s : &k->c,
	                 payload, len, 0);
	ck_assert_uint_gt(plen, 0);
	ck_assert_int_eq(simpcap_write_packet(k->f, (tfo_time)t * MS, pkt, plen), 0);
}

static void read_back(struct cap *k, struct kcp_replay *r)
{
	char err[256];

	fclose(k->f);
	ck_assert_int_eq(kcp_replay_file(r, k->path, 4000, NULL, err), 0);
	remove(k->path);
}

START_TEST(framing)
{
	struct cap k;
	struct kcp_replay r;
	uint8_t d[64];
	size_t n = kcp_seg_bytes(d, 7, TFO_KCP_CMD_PUSH, 0, 128, 0, 0, 0, "hi");

	cap_open(&k);
	put(&k, 0, 1, d, n, 0, 0);
	put(&k, 1, 1, d, n, 1, 0);
	put(&k, 2, 1, d, n, 1, 1); /* CRC off by one bit: not KCP */
	put(&k, 3, 1, d, 10, 0, 0);
	read_back(&k, &r);
	ck_assert_uint_eq(r.packets, 4);
	ck_assert_uint_eq(r.plain, 1);
	ck_assert_uint_eq(r.kcpgo, 1);
	ck_assert_uint_eq(r.undecodable, 2);
	ck_assert_uint_eq(r.nconvs, 1);
	ck_assert_uint_eq(r.convs->conv, 7);
	/* the same sn twice, no skip between: resent on timeout */
	ck_assert_uint_eq(r.convs->dir[0].push_new, 1);
	ck_assert_uint_eq(r.convs->dir[0].rtx_timeout, 1);
	kcp_replay_free(&r);
}
END_TEST

START_TEST(causes_and_rtt)
{
	/* sn 0..2 at 0 ms; ACK 1 (echoing ts 0) at 50 ms skips 0; 0 resent at 60 ms counts as after
	 * skips */
	struct cap k;
	struct kcp_replay r;
	uint8_t d[128];
	size_t n = 0;
	const struct kcp_dir_stats *c2s;

	cap_open(&k);
	for (uint32_t sn = 0; sn < 3; sn++)
		n += kcp_seg_bytes(d + n, 9, TFO_KCP_CMD_PUSH, 0, 128, 0, sn, 0, "m");
	put(&k, 0, 1, d, n, 1, 0);
	n = kcp_seg_bytes(d, 9, TFO_KCP_CMD_ACK, 0, 128, 0, 1, 0, NULL);
	put(&k, 50, 0, d, n, 1, 0);
	n = kcp_seg_bytes(d, 9, TFO_KCP_CMD_PUSH, 0, 128, 60, 0, 0, "m");
	put(&k, 60, 1, d, n, 1, 0);
	/* sn 2 resent with no skip: timeout; then ACK 0 echoing ts 60 at 100 ms: a 40 ms sample */
	n = kcp_seg_bytes(d, 9, TFO_KCP_CMD_PUSH, 0, 128, 200, 2, 0, "m");
	put(&k, 200, 1, d, n, 1, 0);
	n = kcp_seg_bytes(d, 9, TFO_KCP_CMD_ACK, 0, 128, 60, 0, 0, NULL);
	put(&k, 100, 0, d, n, 1, 0);
	read_back(&k, &r);
	c2s = &r.convs->dir[0];
	ck_assert_uint_eq(c2s->push_new, 3);
	ck_assert_uint_eq(c2s->messages, 3);
	ck_assert_uint_eq(c2s->data_bytes, 3);
	ck_assert_uint_eq(c2s->push_rtx, 2);
	ck_assert_uint_eq(c2s->rtx_fast, 1);
	ck_assert_uint_eq(c2s->rtx_timeout, 1);
	ck_assert_uint_eq(c2s->rtt_n, 2);
	ck_assert_uint_eq(c2s->rtt_min_us, 40000);
	ck_assert_uint_eq(c2s->rtt_max_us, 50000);
	ck_assert_uint_eq(r.convs->dir[1].acks, 2);
	kcp_replay_free(&r);
}
END_TEST

START_TEST(bad_files)
{
	struct kcp_replay r;
	char err[256];
	FILE *f = fopen("/tmp/tfo-kcp-bad.pcap", "wb");

	ck_assert_int_eq(kcp_replay_file(&r, "/nonexistent/x.pcap", 4000, NULL, err),
	                 TFO_ERR_INVALID);
	ck_assert(strstr(err, "/nonexistent/x.pcap") != NULL);
	ck_assert_ptr_nonnull(f);
	fputs("not a capture at all", f);
	fclose(f);
	ck_assert_int_eq(kcp_replay_file(&r, "/tmp/tfo-kcp-bad.pcap", 4000, NULL, err),
	                 TFO_ERR_INVALID);
	remove("/tmp/tfo-kcp-bad.pcap");
}
END_TEST

Suite *replay_kcp_suite(void)
{
	Suite *s = suite_create("replay_kcp");
	TCase *tc = tcase_create("replay_kcp");

	tcase_add_test(tc, framing);
	tcase_add_test(tc, causes_and_rtt);
	tcase_add_test(tc, bad_files);
	suite_add_tcase(s, tc);
	return s;
}
