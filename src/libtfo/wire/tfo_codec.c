/*
 * The wire codec: IPv4 or IPv6 + TCP bytes to a tfo_segment and back.
 *
 * Decoding treats the bytes as hostile: every read is checked against both
 * the captured length and the length the IP header declares. What the
 * model cannot keep (IPv4 options, IPv6 extension headers, link-layer
 * padding) is skipped and flagged; a wrong checksum is flagged, not fatal,
 * because loopback captures carry checksums the kernel never filled in.
 */
#include <stddef.h>
#include <string.h>

#include <tfo/wire.h>

#include "tfo_bytes.h"
#include "tfo_checksum.h"
#include "tfo_codec.h"
#include "tfo_options.h"
#include "tfo_segment_zero.h"

#define IPPROTO_TCP_NUM 6
#define IPV4_HDR_MIN 20
#define IPV6_HDR_LEN 40
#define TCP_HDR_MIN 20

/* IPv4 flags + fragment offset (RFC 791). */
#define IPV4_DF 0x4000u
#define IPV4_MF 0x2000u
#define IPV4_OFFSET_MASK 0x1fffu

/* IPv6 extension headers we step over (RFC 8200 section 4). */
#define IPV6_HOPOPTS 0
#define IPV6_ROUTING 43
#define IPV6_FRAGMENT 44
#define IPV6_DSTOPTS 60

#define DEFAULT_TTL 64

/* Where the TCP segment lies in the packet, as the IP layer says. */
struct l3 {
	size_t tcp_off;       /* first byte of the TCP header */
	size_t end;           /* end of the IP packet by its own length field */
	int first_frag;       /* first fragment: the TCP length is this fragment's */
	int csum_unsure;      /* the checksum cannot be checked from these bytes */
	const uint8_t *addrs; /* the two addresses, side by side in the IP header */
	size_t alen;          /* bytes of one address */
};

static void set_addrs(tfo_segment *seg, uint8_t family, const uint8_t *src, const uint8_t *dst)
{
	size_t n = family == TFO_AF_INET ? 4 : 16;

	seg->src.addr.family = family;
	seg->dst.addr.family = family;
	memcpy(seg->src.addr.bytes, src, n);
	memcpy(seg->dst.addr.bytes, dst, n);
}

/*
 * The header checksum of the IPv4 header at p, computed, not just summed:
 * a header carrying ffff where 0000 belongs sums right too, but would not
 * encode back to the same bytes, so it counts as wrong.
 */
static uint16_t ipv4_checksum(const uint8_t *p, size_t ihl)
{
	return (uint16_t)~csum_acc_sum(csum_acc(csum_acc(0, p, 10), p + 12, ihl - 12));
}

/*
 * Whether the IPv4 header at p carries the checksum ipv4_checksum() would
 * compute. Summed with its checksum field, such a header sums to 0xffff,
 * ones'-complement zero, and so does one carrying ffff where 0000 belongs;
 * the computed checksum is never ffff (it is the complement of a sum that
 * is not zero, version 4 being in the first byte), so ffff is wrong. A
 * header without options, the common one, is summed as a piece of known
 * length.
 */
static int ipv4_checksum_ok(const uint8_t *p, size_t ihl)
{
	uint64_t acc = ihl == IPV4_HDR_MIN ? csum_acc(0, p, IPV4_HDR_MIN) : csum_acc(0, p, ihl);

	return csum_fold64(acc) == 0xffffu && !(p[10] == 0xff && p[11] == 0xff);
}

static int decode_ipv4(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf, size_t len,
                       struct l3 *l3)
{
	size_t ihl, total;
	uint16_t frag;

	if (len < IPV4_HDR_MIN)
		return TFO_ERR_TRUNCATED;
	ihl = (buf[0] & 0x0fu) * 4u;
	if (ihl < IPV4_HDR_MIN)
		return TFO_ERR_BAD_IP;
	if (len < ihl)
		return TFO_ERR_TRUNCATED;
	total = get_be16(buf + 2);
	if (total < ihl)
		return TFO_ERR_BAD_IP;
	if (buf[9] != IPPROTO_TCP_NUM)
		return TFO_ERR_NOT_TCP;
	frag = get_be16(buf + 6);
	if (frag & IPV4_OFFSET_MASK)
		return TFO_ERR_FRAGMENT;
	l3->first_frag = (frag & IPV4_MF) != 0;
	if (!ipv4_checksum_ok(buf, ihl))
		info->diag |= TFO_DIAG_IP_CSUM_BAD;
	if (ihl > IPV4_HDR_MIN)
		info->diag |= TFO_DIAG_IP_OPTIONS;
	set_addrs(seg, TFO_AF_INET, buf + 12, buf + 16);
	l3->addrs = buf + 12;
	l3->alen = 4;
	seg->ip.tos = buf[1];
	seg->ip.id = get_be16(buf + 4);
	seg->ip.frag = frag;
	seg->ip.ttl = buf[8];
	l3->tcp_off = ihl;
	l3->end = total;
	return 0;
}

/* Steps over one IPv6 extension header at off; *next gets its length. */
static int ipv6_ext(const uint8_t *buf, size_t off, size_t lim, uint8_t nh, size_t *next,
                    struct l3 *l3)
{
	uint16_t fo;

	switch (nh) {
	case IPV6_HOPOPTS:
	case IPV6_ROUTING:
	case IPV6_DSTOPTS:
		if (off + 2 > lim)
			return TFO_ERR_TRUNCATED;
		*next = (buf[off + 1] + 1u) * 8u;
		if (off + *next > lim)
			return TFO_ERR_TRUNCATED;
		/* With segments left, the pseudo-header holds the final
		 * destination, which this header does not name plainly. */
		if (nh == IPV6_ROUTING && buf[off + 3] != 0)
			l3->csum_unsure = 1;
		return 0;
	case IPV6_FRAGMENT:
		if (off + 8 > lim)
			return TFO_ERR_TRUNCATED;
		fo = get_be16(buf + off + 2);
		if (fo & 0xfff8u)
			return TFO_ERR_FRAGMENT;
		/* Offset 0 without M is an atomic fragment (RFC 6946): whole. */
		if (fo & 1u)
			l3->first_frag = 1;
		*next = 8;
		return 0;
	default:
		return TFO_ERR_NOT_TCP;
	}
}

static int decode_ipv6(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf, size_t len,
                       struct l3 *l3)
{
	size_t off = IPV6_HDR_LEN, lim;
	uint32_t vtf;
	uint8_t nh;

	if (len < IPV6_HDR_LEN)
		return TFO_ERR_TRUNCATED;
	l3->end = IPV6_HDR_LEN + (size_t)get_be16(buf + 4);
	lim = len < l3->end ? len : l3->end;
	for (nh = buf[6]; nh != IPPROTO_TCP_NUM;) {
		size_t next;
		int rc = ipv6_ext(buf, off, lim, nh, &next, l3);

		if (rc)
			return rc;
		info->diag |= TFO_DIAG_IP_OPTIONS;
		nh = buf[off];
		off += next;
	}
	vtf = get_be32(buf);
	set_addrs(seg, TFO_AF_INET6, buf + 8, buf + 24);
	l3->addrs = buf + 8;
	l3->alen = 16;
	seg->ip.tos = (uint8_t)(vtf >> 20);
	seg->ip.flowlabel = vtf & 0xfffffu;
	seg->ip.ttl = buf[7];
	l3->tcp_off = off;
	return 0;
}

/*
 * The TCP checksum over the pseudo-header's addresses (the source's then
 * the destination's, alen bytes each, side by side as both IP headers
 * hold them) and tcp_len bytes of header and payload at th, as if the
 * checksum field were zero. One accumulator, folded once: the fold is
 * most of a short segment's sum.
 *
 * The field is summed with the rest and taken out again by adding its
 * complement, so that header and payload are one piece, summed without a
 * break (RFC 1071's sum is modulo 0xffff, where a word plus its
 * complement adds 0xffff, nothing). The folded sum stays the same value,
 * not merely the same modulo 0xffff: the sum is never zero (the header's
 * data offset byte is not), so it folds into 1..0xffff either way.
 */
static inline uint16_t tcp_checksum(const uint8_t *addrs, size_t alen, const uint8_t *th,
                                    uint32_t tcp_len)
{
	/* The rest of both families' pseudo-headers, as IPv6 has it: the
	 * length in 32 bits, three zero bytes, protocol 6 (IPv4's 16-bit
	 * length and protocol add up to the same words). */
	uint8_t rest[8] = { 0, 0, 0, 0, 0, 0, 0, IPPROTO_TCP_NUM };
	uint64_t acc;
	uint16_t field;

	put_be32(rest, tcp_len);
	memcpy(&field, th + 16, 2);
	acc = csum_acc(0, rest, sizeof(rest));
	acc = csum_acc_add(acc, (uint16_t)~field);
	acc = csum_acc(acc, addrs, 2 * alen);
	acc = csum_acc(acc, th, tcp_len);
	return (uint16_t)~csum_acc_sum(acc);
}

/*
 * The option space is whole 32-bit words, at most 40 bytes (16 + 16 + 8):
 * copied in fixed-size pieces, a few branches instead of a loop of one
 * word a step.
 */
static void copy_opts(uint8_t *dst, const uint8_t *src, size_t n)
{
	if (n >= 16) {
		memcpy(dst, src, 16);
		dst += 16;
		src += 16;
		n -= 16;
	}
	if (n >= 16) {
		memcpy(dst, src, 16);
		dst += 16;
		src += 16;
		n -= 16;
	}
	if (n >= 8) {
		memcpy(dst, src, 8);
		dst += 8;
		src += 8;
		n -= 8;
	}
	if (n >= 4)
		memcpy(dst, src, 4);
}

static void read_tcp_header(tfo_segment *seg, const uint8_t *th, size_t hl)
{
	seg->src.port = get_be16(th);
	seg->dst.port = get_be16(th + 2);
	seg->seq = get_be32(th + 4);
	seg->ack = get_be32(th + 8);
	seg->reserved = th[12] & 0x0fu;
	seg->flags = th[13];
	seg->window = get_be16(th + 14);
	seg->urgent = get_be16(th + 18);
	seg->optlen = (uint8_t)(hl - TCP_HDR_MIN);
	copy_opts(seg->opts, th + TCP_HDR_MIN, seg->optlen);
}

static void check_tcp(tfo_segment *seg, tfo_decode_info *info, const uint8_t *th, size_t hl,
                      const struct l3 *l3, struct tfo_fastopen_opt *fo)
{
	info->tcp_csum = get_be16(th + 16);
	if (info->captured < seg->len)
		info->diag |= TFO_DIAG_PAYLOAD_TRUNCATED;
	if (info->captured < seg->len || l3->first_frag || l3->csum_unsure) {
		info->diag |= TFO_DIAG_CSUM_UNCHECKED;
	} else {
		info->tcp_csum_want =
		        tcp_checksum(l3->addrs, l3->alen, th, (uint32_t)(hl + seg->len));
		if (info->tcp_csum_want != info->tcp_csum)
			info->diag |= TFO_DIAG_TCP_CSUM_BAD;
	}
	info->diag |= tfo_opts_diag(seg->opts, seg->optlen, fo);
}

static int decode_tcp(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf, size_t len,
                      const struct l3 *l3, struct tfo_fastopen_opt *fo)
{
	size_t t = l3->tcp_off, hl, cap_end = len < l3->end ? len : l3->end;
	const uint8_t *th = buf + t;

	if (t + TCP_HDR_MIN > l3->end)
		return l3->first_frag ? TFO_ERR_FRAGMENT : TFO_ERR_TRUNCATED;
	if (t + TCP_HDR_MIN > len)
		return TFO_ERR_TRUNCATED;
	hl = (th[12] >> 4) * 4u;
	if (hl < TCP_HDR_MIN)
		return TFO_ERR_BAD_OFFSET;
	if (t + hl > l3->end)
		return l3->first_frag ? TFO_ERR_FRAGMENT : TFO_ERR_BAD_OFFSET;
	if (t + hl > len)
		return TFO_ERR_TRUNCATED;
	read_tcp_header(seg, th, hl);
	seg->len = (uint32_t)(l3->end - t - hl);
	info->captured = (uint32_t)(cap_end - t - hl);
	seg->payload = info->captured ? th + hl : NULL;
	info->ip_hdr_len = (uint32_t)t;
	info->tcp_hdr_len = (uint32_t)hl;
	check_tcp(seg, info, th, hl, l3, fo);
	return 0;
}

static int decode(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf, size_t len,
                  struct tfo_fastopen_opt *fo)
{
	tfo_decode_info scratch;
	struct l3 l3 = { 0 };
	int rc;

	if (!info)
		info = &scratch;
	memset(info, 0, sizeof(*info));
	if (!seg || (!buf && len))
		return TFO_ERR_INVALID;
	segment_zero(seg);
	if (len < 1)
		return TFO_ERR_TRUNCATED;
	switch (buf[0] >> 4) {
	case 4:
		rc = decode_ipv4(seg, info, buf, len, &l3);
		break;
	case 6:
		rc = decode_ipv6(seg, info, buf, len, &l3);
		break;
	default:
		return TFO_ERR_BAD_IP;
	}
	if (rc == 0)
		rc = decode_tcp(seg, info, buf, len, &l3, fo);
	if (rc) {
		memset(seg, 0, sizeof(*seg));
		memset(info, 0, sizeof(*info));
		return rc;
	}
	seg->ip.verbatim = 1;
	if (len > l3.end)
		info->diag |= TFO_DIAG_TRAILING;
	return 0;
}

TFO_EXPORT int tfo_segment_decode(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf,
                                  size_t len)
{
	return decode(seg, info, buf, len, NULL);
}

int tfo_segment_decode_fastopen(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf,
                                size_t len, struct tfo_fastopen_opt *fo)
{
	tfo_fastopen_none(fo); /* also where the packet does not decode */
	return decode(seg, info, buf, len, fo);
}

/* The header sizes of seg, or TFO_ERR_INVALID when it cannot be encoded. */
static int sizes(const tfo_segment *seg, size_t *iphl, size_t *tcphl)
{
	uint8_t fam;

	if (!seg)
		return TFO_ERR_INVALID;
	fam = seg->src.addr.family;
	if (fam != seg->dst.addr.family || (fam != TFO_AF_INET && fam != TFO_AF_INET6))
		return TFO_ERR_INVALID;
	if (seg->optlen > TFO_MAX_OPTLEN || (seg->len && !seg->payload))
		return TFO_ERR_INVALID;
	*iphl = fam == TFO_AF_INET ? IPV4_HDR_MIN : IPV6_HDR_LEN;
	*tcphl = TCP_HDR_MIN + ((seg->optlen + 3u) & ~3u);
	/* IPv4 counts its own header in its 16-bit length, IPv6 does not. */
	if ((fam == TFO_AF_INET ? *iphl : 0) + *tcphl + seg->len > 0xffffu)
		return TFO_ERR_INVALID;
	return 0;
}

TFO_EXPORT size_t tfo_segment_encoded_len(const tfo_segment *seg)
{
	size_t iphl, tcphl;

	if (sizes(seg, &iphl, &tcphl) != 0)
		return 0;
	return iphl + tcphl + seg->len;
}

static void write_ipv4(const tfo_segment *seg, uint8_t *p, size_t total)
{
	uint16_t frag = seg->ip.frag;
	uint8_t ttl = seg->ip.ttl;

	if (!seg->ip.verbatim) {
		frag = frag ? frag : IPV4_DF;
		ttl = ttl ? ttl : DEFAULT_TTL;
	}
	p[0] = 0x45;
	p[1] = seg->ip.tos;
	put_be16(p + 2, (uint16_t)total);
	put_be16(p + 4, seg->ip.id);
	put_be16(p + 6, frag);
	p[8] = ttl;
	p[9] = IPPROTO_TCP_NUM;
	memcpy(p + 12, seg->src.addr.bytes, 4);
	memcpy(p + 16, seg->dst.addr.bytes, 4);
	put_be16(p + 10, ipv4_checksum(p, IPV4_HDR_MIN));
}

static void write_ipv6(const tfo_segment *seg, uint8_t *p, size_t tcp_len)
{
	uint8_t hops = seg->ip.ttl;

	if (!seg->ip.verbatim && !hops)
		hops = DEFAULT_TTL;
	put_be32(p, 6u << 28 | (uint32_t)seg->ip.tos << 20 | (seg->ip.flowlabel & 0xfffffu));
	put_be16(p + 4, (uint16_t)tcp_len);
	p[6] = IPPROTO_TCP_NUM;
	p[7] = hops;
	memcpy(p + 8, seg->src.addr.bytes, 16);
	memcpy(p + 24, seg->dst.addr.bytes, 16);
}

static void write_tcp(const tfo_segment *seg, const uint8_t *addrs, uint8_t *th, size_t hl)
{
	put_be16(th, seg->src.port);
	put_be16(th + 2, seg->dst.port);
	put_be32(th + 4, seg->seq);
	put_be32(th + 8, seg->ack);
	th[12] = (uint8_t)((hl / 4) << 4 | (seg->reserved & 0x0fu));
	th[13] = seg->flags;
	put_be16(th + 14, seg->window);
	put_be16(th + 16, 0);
	put_be16(th + 18, seg->urgent);
	memcpy(th + TCP_HDR_MIN, seg->opts, seg->optlen);
	memset(th + TCP_HDR_MIN + seg->optlen, 0, hl - TCP_HDR_MIN - seg->optlen);
	if (seg->len)
		memcpy(th + hl, seg->payload, seg->len);
	put_be16(th + 16, tcp_checksum(addrs, seg->src.addr.family == TFO_AF_INET ? 4 : 16, th,
	                               (uint32_t)(hl + seg->len)));
}

TFO_EXPORT int tfo_segment_encode(const tfo_segment *seg, uint8_t *buf, size_t size,
                                  size_t *written)
{
	size_t iphl, tcphl, total;
	int rc = sizes(seg, &iphl, &tcphl);

	if (rc)
		return rc;
	total = iphl + tcphl + seg->len;
	if (!buf || size < total)
		return TFO_ERR_NOBUF;
	if (seg->src.addr.family == TFO_AF_INET)
		write_ipv4(seg, buf, total);
	else
		write_ipv6(seg, buf, tcphl + seg->len);
	/* the addresses, as the IP header just written holds them */
	write_tcp(seg, buf + (seg->src.addr.family == TFO_AF_INET ? 12 : 8), buf + iphl, tcphl);
	if (written)
		*written = total;
	return 0;
}
