/*
 * Multipath TCP options (RFC 8684 section 3) in tcpdump 4.99.3's words.
 * Which lengths and TCP flags each subtype accepts, and what it prints,
 * were established by feeding tcpdump crafted options; the tcpdump test
 * suite keeps checking them.
 */
#include <tfo/wire.h>

#include "tfo_bytes.h"
#include "tfo_format_mptcp.h"

enum { MP_CAPABLE, MP_JOIN, MP_DSS, MP_ADD_ADDR, MP_REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE };

static const char *const subtype_names[] = { "capable",  "join", "dss",  "add-addr",
	                                     "rem-addr", "prio", "fail", "fast-close" };

/* DSS flags (RFC 8684 section 3.3). */
#define DSS_A 0x01u /* data ACK present */
#define DSS_a 0x02u /* data ACK is 8 bytes */
#define DSS_M 0x04u /* mapping present */
#define DSS_m 0x08u /* data sequence number is 8 bytes */
#define DSS_F 0x10u /* DATA_FIN */

static int print_capable(struct strbuf *sb, const uint8_t *o, uint8_t len, uint8_t fl)
{
	int syn_form = (len == 4 || len == 12) && (fl & TFO_TH_SYN);
	int ack_form = (len == 20 || len == 22) && (fl & (TFO_TH_SYN | TFO_TH_ACK)) == TFO_TH_ACK;
	unsigned version = o[2] & 0x0fu;

	if (!syn_form && !ack_form)
		return 0;
	if (version > 1) {
		sb_puts(sb, " Unknown Version (");
		sb_putu(sb, version);
		sb_putc(sb, ')');
		return 1;
	}
	sb_puts(sb, " v");
	sb_putu(sb, version);
	if (o[3] & 0x80u)
		sb_puts(sb, " csum");
	if (len == 12 || len >= 20) {
		sb_puts(sb, " {0x");
		sb_putx(sb, get_be64(o + 4), 1);
		if (len >= 20) {
			sb_puts(sb, ",0x");
			sb_putx(sb, get_be64(o + 12), 1);
		}
		sb_putc(sb, '}');
	}
	return 1;
}

static int print_join(struct strbuf *sb, const uint8_t *o, uint8_t len, uint8_t fl)
{
	const uint8_t synack = TFO_TH_SYN | TFO_TH_ACK;

	if (!(len == 12 && (fl & TFO_TH_SYN)) && !(len == 16 && (fl & synack) == synack) &&
	    !(len == 24 && (fl & TFO_TH_ACK)))
		return 0;
	if (len == 24) {
		sb_puts(sb, " hmac 0x");
		sb_puthex(sb, o + 4, 20);
		return 1;
	}
	if (o[2] & 0x01u)
		sb_puts(sb, " backup");
	sb_puts(sb, " id ");
	sb_putu(sb, o[3]);
	if (len == 12) {
		sb_puts(sb, " token 0x");
		sb_putx(sb, get_be32(o + 4), 1);
	} else {
		sb_puts(sb, " hmac 0x");
		sb_putx(sb, get_be64(o + 4), 1);
	}
	sb_puts(sb, " nonce 0x");
	sb_putx(sb, get_be32(o + len - 4), 1);
	return 1;
}

/* One DSS number of n (4 or 8) bytes at *at; 0 when it is not there. */
static int dss_number(struct strbuf *sb, const uint8_t *o, size_t *at, size_t *rem, size_t n)
{
	if (*rem < n)
		return 0;
	sb_putu(sb, n == 8 ? get_be64(o + *at) : get_be32(o + *at));
	*at += n;
	*rem -= n;
	return 1;
}

static int print_dss_mapping(struct strbuf *sb, const uint8_t *o, uint8_t f, size_t *at,
                             size_t *rem)
{
	sb_puts(sb, " seq ");
	if (!dss_number(sb, o, at, rem, f & DSS_m ? 8 : 4) || *rem < 4)
		return 0;
	sb_puts(sb, " subseq ");
	dss_number(sb, o, at, rem, 4);
	if (*rem < 2)
		return 0;
	sb_puts(sb, " len ");
	sb_putu(sb, get_be16(o + *at));
	*at += 2;
	*rem -= 2;
	if (*rem >= 2) {
		sb_puts(sb, " csum 0x");
		sb_putx(sb, get_be16(o + *at), 1);
		*at += 2;
		*rem -= 2;
	}
	return 1;
}

static int print_dss(struct strbuf *sb, const uint8_t *o, uint8_t len, uint8_t fl)
{
	size_t at = 4, rem;
	uint8_t f;

	if (len < 4 || (fl & TFO_TH_SYN))
		return 0;
	f = o[3];
	rem = len - 4u;
	if (f & DSS_F)
		sb_puts(sb, " fin");
	if (f & DSS_A) {
		sb_puts(sb, " ack ");
		if (!dss_number(sb, o, &at, &rem, f & DSS_a ? 8 : 4))
			return 0;
	}
	if ((f & DSS_M) && !print_dss_mapping(sb, o, f, &at, &rem))
		return 0;
	return rem == 0;
}

/* The low nibble of ADD_ADDR's subtype byte: RFC 6824 put the IP version
 * there, RFC 8684 the echo bit. */
static const char *add_addr_kind(unsigned nibble)
{
	switch (nibble) {
	case 0x0:
		return "v1";
	case 0x1:
		return "v1-echo";
	case 0x4:
		return "v0-ip4";
	case 0x6:
		return "v0-ip6";
	default:
		return "[bad version/echo]";
	}
}

static int print_add_addr(struct strbuf *sb, const uint8_t *o, uint8_t len)
{
	int v6 = len == 20 || len == 22 || len == 28 || len == 30;
	int port = len == 10 || len == 18 || len == 22 || len == 30;
	int hmac = len == 16 || len == 18 || len == 28 || len == 30;
	char text[TFO_ADDRSTRLEN];
	tfo_addr a = { 0 };
	size_t at;

	if (!v6 && len != 8 && len != 10 && len != 16 && len != 18)
		return 0;
	sb_putc(sb, ' ');
	sb_puts(sb, add_addr_kind(o[2] & 0x0fu));
	sb_puts(sb, " id ");
	sb_putu(sb, o[3]);
	a.family = v6 ? TFO_AF_INET6 : TFO_AF_INET;
	for (at = 0; at < tfo_addr_len(&a); at++)
		a.bytes[at] = o[4 + at];
	at += 4;
	if (tfo_addr_format(&a, text, sizeof(text)) > 0) {
		sb_putc(sb, ' ');
		sb_puts(sb, text);
	}
	if (port) {
		sb_putc(sb, ':');
		sb_putu(sb, get_be16(o + at));
		at += 2;
	}
	if (hmac) {
		sb_puts(sb, " hmac 0x");
		sb_putx(sb, get_be64(o + at), 1);
	}
	return 1;
}

static int print_remove_addr(struct strbuf *sb, const uint8_t *o, uint8_t len)
{
	if (len < 4)
		return 0;
	sb_puts(sb, " id");
	for (size_t i = 3; i < len; i++) {
		sb_putc(sb, ' ');
		sb_putu(sb, o[i]);
	}
	return 1;
}

static int print_prio(struct strbuf *sb, const uint8_t *o, uint8_t len)
{
	if (len != 3 && len != 4)
		return 0;
	sb_puts(sb, o[2] & 0x01u ? " backup" : " non-backup");
	if (len == 4) {
		sb_puts(sb, " id ");
		sb_putu(sb, o[3]);
	}
	return 1;
}

/* MP_FAIL and MP_FASTCLOSE: 64 bits after two reserved bytes. */
static int print_fail_or_close(struct strbuf *sb, const uint8_t *o, uint8_t len, int close)
{
	if (len != 12)
		return 0;
	if (close) {
		sb_puts(sb, " key 0x");
		sb_putx(sb, get_be64(o + 4), 1);
	} else {
		sb_puts(sb, " seq ");
		sb_putu(sb, get_be64(o + 4));
	}
	return 1;
}

int mptcp_print(struct strbuf *sb, const uint8_t *opt, uint8_t len, uint8_t tcp_flags)
{
	unsigned subtype;

	if (len < 3)
		return 0;
	subtype = opt[2] >> 4;
	sb_putc(sb, ' ');
	sb_putu(sb, len);
	sb_putc(sb, ' ');
	sb_puts(sb, subtype <= MP_FASTCLOSE ? subtype_names[subtype] : "unknown");
	switch (subtype) {
	case MP_CAPABLE:
		return print_capable(sb, opt, len, tcp_flags);
	case MP_JOIN:
		return print_join(sb, opt, len, tcp_flags);
	case MP_DSS:
		return print_dss(sb, opt, len, tcp_flags);
	case MP_ADD_ADDR:
		return print_add_addr(sb, opt, len);
	case MP_REMOVE_ADDR:
		return print_remove_addr(sb, opt, len);
	case MP_PRIO:
		return print_prio(sb, opt, len);
	case MP_FAIL:
	case MP_FASTCLOSE:
		return print_fail_or_close(sb, opt, len, subtype == MP_FASTCLOSE);
	default:
		return 1;
	}
}
