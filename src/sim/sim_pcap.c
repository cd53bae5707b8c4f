/* The pcap file format, little-endian, nanosecond resolution, raw IP. */
#include "sim_pcap.h"

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int simpcap_write_header(FILE *f)
{
	uint8_t h[PCAP_HEADER_LEN] = { 0 };

	le32(h, PCAP_MAGIC_NS);
	le16(h + 4, 2); /* version 2.4 */
	le16(h + 6, 4);
	/* thiszone and sigfigs stay 0 */
	le32(h + 16, PCAP_SNAPLEN);
	le32(h + 20, PCAP_LINKTYPE_RAW);
	return fwrite(h, 1, sizeof(h), f) == sizeof(h) ? 0 : -1;
}

int simpcap_write_packet(FILE *f, tfo_time t, const uint8_t *pkt, size_t len)
{
	uint8_t h[PCAP_RECORD_LEN];

	if (len > PCAP_SNAPLEN || t / TFO_NS_PER_S > UINT32_MAX)
		return -1;
	le32(h, (uint32_t)(t / TFO_NS_PER_S));
	le32(h + 4, (uint32_t)(t % TFO_NS_PER_S));
	le32(h + 8, (uint32_t)len);
	le32(h + 12, (uint32_t)len);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) || fwrite(pkt, 1, len, f) != len)
		return -1;
	return 0;
}
