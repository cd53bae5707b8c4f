/*
 * The floor for any pcap reader: libpcap's own loop over a capture, touching
 * every packet's length and first byte and nothing else. The benchmark
 * (tests/bench/bench.sh) compares tfosim replay with it.
 *   pcap-loop FILE
 */
/* libpcap's headers use u_int and u_char, which _POSIX_C_SOURCE hides. */
#define _DEFAULT_SOURCE
#include <stdio.h>

#include <pcap/pcap.h>

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const unsigned char *data;
	unsigned long long packets = 0, bytes = 0, sum = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: pcap-loop FILE\n");
		return 2;
	}
	p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "pcap-loop: %s\n", err);
		return 2;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		bytes += h->caplen;
		sum += h->caplen ? data[0] : 0;
	}
	pcap_close(p);
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcap-loop: %s: read error\n", argv[1]);
		return 2;
	}
	printf("packets %llu, bytes %llu, check %llu\n", packets, bytes, sum);
	return 0;
}
