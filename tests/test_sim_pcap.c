/* The pcap writer: exact bytes, and libpcap reads them back at nanosecond precision. */
/* libpcap's headers use the BSD u_int types, which glibc hides under plain POSIX. */
#define _DEFAULT_SOURCE
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_pcap.h"
#include "testutil.h"

START_TEST(exact_bytes)
{
	static const uint8_t want[] = {
		0x4d,
		0x3c,
		0xb2,
		0xa1,
		2,
		0,
		4,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0,
		0xff,
		0xff,
		0,
		0,
		101,
		0,
		0,
		0,
		/* 1.050000001 s, 3 bytes */
		1,
		0,
		0,
		0,
		0x81,
		0xf0,
		0xfa,
		0x02,
		3,
		0,
		0,
		0,
		3,
		0,
		0,
		0,
		0x45,
		0x00,
		0x01,
	};
	static const uint8_t pkt[3] = { 0x45, 0x00, 0x01 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(simpcap_write_header(f), 0);
	ck_assert_int_eq(simpcap_write_packet(f, 1050000001, pkt, sizeof(pkt)), 0);
	ck_assert_int_eq(simpcap_write_packet(f, 0, pkt, 65536), -1);
	fclose(f);
	ck_assert_uint_eq(len, sizeof(want));
	ck_assert_int_eq(memcmp(buf, want, sizeof(want)), 0);
	free(buf);
}
END_TEST

START_TEST(libpcap_reads_it)
{
	static const uint8_t pkt[40] = { 0x45 };
	char path[] = "/tmp/tfo-sim-pcap-XXXXXX", errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "wb");
	pcap_t *p;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(simpcap_write_header(f), 0);
	ck_assert_int_eq(simpcap_write_packet(f, 50 * TFO_NS_PER_MS + 7, pkt, sizeof(pkt)), 0);
	fclose(f);
	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	ck_assert_msg(p != NULL, "%s", errbuf);
	ck_assert_int_eq(pcap_datalink(p), DLT_RAW);
	ck_assert_int_eq(pcap_next_ex(p, &h, &data), 1);
	ck_assert_int_eq(h->ts.tv_sec, 0);
	ck_assert_int_eq(h->ts.tv_usec, 50000007); /* nanoseconds at this precision */
	ck_assert_uint_eq(h->caplen, 40);
	ck_assert_uint_eq(data[0], 0x45);
	ck_assert_int_eq(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK);
	pcap_close(p);
	unlink(path);
}
END_TEST

Suite *sim_pcap_suite(void)
{
	Suite *s = suite_create("sim_pcap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, exact_bytes);
	tcase_add_test(tc, libpcap_reads_it);
	suite_add_tcase(s, tc);
	return s;
}
