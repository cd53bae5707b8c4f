/*
 * The segment codec: the 24-byte little-endian header of ikcp.c
 * (ikcp_encode_seg and the decoding loop of ikcp_input) and kcp-go.
 */
#include <string.h>
#include <tfo/kcp.h>

#include "kcp_codec.h"

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void kcp_header_put(uint8_t *p, uint32_t conv, uint8_t cmd, uint8_t frg, uint16_t wnd, uint32_t ts,
                    uint32_t sn, uint32_t una, uint32_t len)
{
	put_le32(p, conv);
	p[4] = cmd;
	p[5] = frg;
	p[6] = (uint8_t)wnd;
	p[7] = (uint8_t)(wnd >> 8);
	put_le32(p + 8, ts);
	put_le32(p + 12, sn);
	put_le32(p + 16, una);
	put_le32(p + 20, len);
}

int kcp_cmd_valid(unsigned cmd)
{
	return cmd >= TFO_KCP_CMD_PUSH && cmd <= TFO_KCP_CMD_WINS;
}

TFO_EXPORT int tfo_kcp_segment_decode(const uint8_t *buf, size_t len, tfo_kcp_segment *seg)
{
	if (!buf || len < TFO_KCP_OVERHEAD)
		return TFO_ERR_TRUNCATED;
	seg->conv = get_le32(buf);
	seg->cmd = buf[4];
	seg->frg = buf[5];
	seg->wnd = (uint16_t)(buf[6] | buf[7] << 8);
	seg->ts = get_le32(buf + 8);
	seg->sn = get_le32(buf + 12);
	seg->una = get_le32(buf + 16);
	seg->len = get_le32(buf + 20);
	seg->data = buf + TFO_KCP_OVERHEAD;
	/* The reference refuses a len that is negative as an int, whatever follows */
	if (seg->len > INT32_MAX - TFO_KCP_OVERHEAD || seg->len > len - TFO_KCP_OVERHEAD)
		return TFO_ERR_TRUNCATED;
	if (!kcp_cmd_valid(seg->cmd))
		return TFO_ERR_KCP_CMD;
	return (int)(TFO_KCP_OVERHEAD + seg->len);
}

TFO_EXPORT int tfo_kcp_segment_encode(const tfo_kcp_segment *seg, uint8_t *out, size_t cap)
{
	size_t data_len = seg->data ? seg->len : 0;

	if (data_len > INT32_MAX - TFO_KCP_OVERHEAD || cap < TFO_KCP_OVERHEAD + data_len)
		return TFO_ERR_NOBUF;
	kcp_header_put(out, seg->conv, seg->cmd, seg->frg, seg->wnd, seg->ts, seg->sn, seg->una,
	               seg->len);
	if (data_len)
		memcpy(out + TFO_KCP_OVERHEAD, seg->data, data_len);
	return (int)(TFO_KCP_OVERHEAD + data_len);
}

TFO_EXPORT const char *tfo_kcp_cmd_name(unsigned cmd)
{
	switch (cmd) {
	case TFO_KCP_CMD_PUSH:
		return "PUSH";
	case TFO_KCP_CMD_ACK:
		return "ACK";
	case TFO_KCP_CMD_WASK:
		return "WASK";
	case TFO_KCP_CMD_WINS:
		return "WINS";
	default:
		return "?";
	}
}
