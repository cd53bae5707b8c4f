/*
 * The tcpdump-style formatter: prints a segment the way tcpdump 4.99.3
 * prints it with -n -S -t, byte for byte, quirks included (verified
 * against tcpdump itself; see docs/wire.md and tests/test_format.c).
 *
 * tcpdump walks the options with its own rules, which differ from a TCP
 * stack's: an option whose length disagrees with its kind's fixed size is
 * printed from the bytes tcpdump expects and followed by "[len N]", and
 * the walk then resumes right after the bytes it read, not after the
 * declared length. The walk here does the same so that the text matches.
 */
#include <string.h>

#include <tfo/wire.h>

#include "tfo_bytes.h"
#include "tfo_format_mptcp.h"
#include "tfo_strbuf.h"

/* How the option walk ended; in all but the first case tcpdump ends the line. */
enum opts_end {
	OPTS_DONE,
	OPTS_BAD_FIRST, /* "[bad opt]" on the first option: no closing ']' */
	OPTS_BAD,       /* "[bad opt]" later: tcpdump closes the list */
	OPTS_TRUNC      /* a length byte past the captured bytes: " [|tcp]" */
};

/* tcpdump's option names; NULL means "unknown-<kind>". Kind 13 (CC.ECHO)
 * really is printed with an empty name. */
static const char *opt_name(uint8_t kind)
{
	switch (kind) {
	case 0:
		return "eol";
	case 1:
		return "nop";
	case 2:
		return "mss";
	case 3:
		return "wscale";
	case 4:
		return "sackOK";
	case 5:
		return "sack";
	case 6:
		return "echo";
	case 7:
		return "echoreply";
	case 8:
		return "TS";
	case 11:
		return "cc";
	case 12:
		return "ccnew";
	case 13:
		return "";
	case 19:
		return "md5";
	case 20:
		return "scps";
	case 28:
		return "uto";
	case 29:
		return "tcp-ao";
	case 30:
		return "mptcp";
	case 34:
		return "tfo";
	case 254:
		return "exp";
	default:
		return NULL;
	}
}

static void print_fastopen(struct strbuf *sb, const uint8_t *d, size_t n)
{
	if (n == 0)
		sb_puts(sb, " cookiereq");
	else if (n % 2 || n < TFO_COOKIE_MIN || n > TFO_COOKIE_MAX)
		sb_puts(sb, " (invalid)");
	else {
		sb_puts(sb, " cookie ");
		sb_puthex(sb, d, n);
	}
}

static size_t print_sack(struct strbuf *sb, const uint8_t *d, size_t n)
{
	if (n % 8) {
		sb_puts(sb, " invalid sack");
		return n;
	}
	sb_putc(sb, ' ');
	sb_putu(sb, n / 8);
	sb_putc(sb, ' ');
	for (size_t i = 0; i < n; i += 8) {
		sb_putc(sb, '{');
		sb_putu(sb, get_be32(d + i));
		sb_putc(sb, ':');
		sb_putu(sb, get_be32(d + i + 4));
		sb_putc(sb, '}');
	}
	return n;
}

/* RFC 5482 user timeout; tcpdump takes the low bit, not the high one, as
 * the granularity (minutes), and prints what it computes from that. */
static void print_uto(struct strbuf *sb, const uint8_t *d)
{
	uint16_t v = get_be16(d);

	sb_puts(sb, " 0x");
	sb_putx(sb, v, 1);
	sb_putc(sb, ' ');
	sb_putu(sb, v & 1u ? (uint32_t)(v >> 1) * 60u : (uint32_t)(v >> 1));
}

static void print_tcpao(struct strbuf *sb, const uint8_t *d, size_t n)
{
	if (n < 2) {
		sb_puts(sb, " (invalid)");
		return;
	}
	sb_puts(sb, " keyid ");
	sb_putu(sb, d[0]);
	sb_puts(sb, " rnextkeyid ");
	sb_putu(sb, d[1]);
	if (n > 2) {
		sb_puts(sb, " mac 0x");
		sb_puthex(sb, d + 2, n - 2);
	}
}

/* Kind 254: the RFC 6994 magic, then Fast Open's body or nothing. */
static int print_exp(struct strbuf *sb, const uint8_t *d, size_t n)
{
	uint16_t magic;

	if (n < 2)
		return -1;
	magic = get_be16(d);
	sb_putc(sb, '-');
	if (magic == TFO_EXP_MAGIC_FASTOPEN) {
		sb_puts(sb, "tfo");
		print_fastopen(sb, d + 2, n - 2);
	} else {
		sb_putx(sb, magic, 4);
	}
	return (int)n;
}

/* Kinds tcpdump reads a fixed number of bytes for, whatever the length
 * byte says; it gives up when those bytes are not in the header. */
static int print_fixed(struct strbuf *sb, uint8_t kind, const uint8_t *d, size_t left)
{
	static const struct {
		uint8_t kind, size;
	} sizes[] = { { 2, 2 },  { 3, 1 },  { 4, 0 },  { 6, 4 },   { 7, 4 },  { 8, 8 },
		      { 11, 4 }, { 12, 4 }, { 13, 4 }, { 19, 16 }, { 20, 2 }, { 28, 2 } };
	size_t need = 0;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (sizes[i].kind == kind)
			need = sizes[i].size;
	if (need > left)
		return -1;
	switch (kind) {
	case 2:
	case 3:
		sb_putc(sb, ' ');
		sb_putu(sb, kind == 2 ? get_be16(d) : d[0]);
		break;
	case 8:
		sb_puts(sb, " val ");
		sb_putu(sb, get_be32(d));
		sb_puts(sb, " ecr ");
		sb_putu(sb, get_be32(d + 4));
		break;
	case 19:
		/* What a tcpdump built with libcrypto says without -M. */
		sb_puts(sb, " shared secret not supplied with -M, can't check - ");
		sb_puthex(sb, d, 16);
		break;
	case 20:
		sb_puts(sb, " cap ");
		sb_putx(sb, d[0], 2);
		sb_puts(sb, " id ");
		sb_putu(sb, d[1]);
		break;
	case 28:
		print_uto(sb, d);
		break;
	case 4:
		break;
	default: /* 6, 7, 11, 12, 13: one 32-bit number */
		sb_putc(sb, ' ');
		sb_putu(sb, get_be32(d));
		break;
	}
	return (int)need;
}

/*
 * The text after an option's name. d is the byte after the length byte,
 * left the option bytes from there on. Returns how many bytes tcpdump
 * consumed, or -1 where it prints "[bad opt]".
 */
static int print_body(struct strbuf *sb, uint8_t kind, uint8_t len, const uint8_t *d, size_t left,
                      uint8_t flags)
{
	size_t n;

	if (kind <= 1)
		return 0;
	n = len - 2u;
	switch (kind) {
	case 5:
		return (int)print_sack(sb, d, n);
	case 29:
		print_tcpao(sb, d, n);
		return (int)n;
	case 30:
		return mptcp_print(sb, d - 2, len, flags) ? (int)n : -1;
	case 34:
		sb_putc(sb, ' ');
		print_fastopen(sb, d, n);
		return (int)n;
	case 254:
		return print_exp(sb, d, n);
	default:
		break;
	}
	if (opt_name(kind))
		return print_fixed(sb, kind, d, left);
	if (n) {
		sb_puts(sb, " 0x");
		sb_puthex(sb, d, n);
	}
	return (int)n;
}

static void print_kind_name(struct strbuf *sb, uint8_t kind)
{
	const char *name = opt_name(kind);

	if (name) {
		sb_puts(sb, name);
	} else {
		sb_puts(sb, "unknown-");
		sb_putu(sb, kind);
	}
}

/*
 * Walks n option bytes as tcpdump does. more says whether bytes follow the
 * option space (a payload): tcpdump reads one when an option's length
 * byte would lie past the header, and that always ends in "[bad opt]";
 * with nothing there it reports truncation instead.
 */
static enum opts_end print_opts(struct strbuf *sb, const uint8_t *o, size_t n, int more,
                                uint8_t flags)
{
	const char *proto = "tcp";
	size_t i = 0, left = n;
	int first = 1;

	while (left > 0) {
		uint8_t kind, len = 1;
		int used;

		if (!first)
			sb_putc(sb, ',');
		kind = o[i++];
		if (kind > 1) {
			if (left < 2) {
				if (!more)
					goto trunc;
				goto bad;
			}
			len = o[i++];
			if (len < 2 || len > left)
				goto bad;
			left--;
		}
		left--;
		print_kind_name(sb, kind);
		used = print_body(sb, kind, len, o + i, left, flags);
		if (used < 0)
			goto bad;
		/* tcpdump names the protocol last printed in its marker. */
		if (kind == 30)
			proto = "mptcp";
		i += (size_t)used;
		left -= (size_t)used;
		if ((size_t)used + (kind > 1 ? 2u : 1u) != len) {
			sb_puts(sb, "[len ");
			sb_putu(sb, len);
			sb_putc(sb, ']');
		}
		first = 0;
		if (kind == 0)
			break;
	}
	return OPTS_DONE;
bad:
	sb_puts(sb, "[bad opt]");
	return first ? OPTS_BAD_FIRST : OPTS_BAD;
trunc:
	sb_puts(sb, " [|");
	sb_puts(sb, proto);
	sb_putc(sb, ']');
	return OPTS_TRUNC;
}

TFO_EXPORT int tfo_options_format(const uint8_t *opts, size_t optlen, char *buf, size_t size)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	if (!opts && optlen)
		return TFO_ERR_INVALID;
	print_opts(&sb, opts, optlen, 0, 0);
	return sb_result(&sb);
}

static void print_flags(struct strbuf *sb, uint8_t flags)
{
	static const struct {
		uint8_t bit;
		char c;
	} order[] = { { TFO_TH_FIN, 'F' }, { TFO_TH_SYN, 'S' }, { TFO_TH_RST, 'R' },
		      { TFO_TH_PSH, 'P' }, { TFO_TH_ACK, '.' }, { TFO_TH_URG, 'U' },
		      { TFO_TH_ECE, 'E' }, { TFO_TH_CWR, 'W' } };

	sb_puts(sb, "Flags [");
	if (!flags)
		sb_puts(sb, "none");
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (flags & order[i].bit)
			sb_putc(sb, order[i].c);
	sb_putc(sb, ']');
}

/* The options as on the wire, zero-padded to a multiple of 4; returns 0
 * when tcpdump ends the line inside them. */
static int print_seg_opts(struct strbuf *sb, const tfo_segment *seg)
{
	uint8_t padded[TFO_MAX_OPTLEN] = { 0 };
	size_t n = seg->optlen < TFO_MAX_OPTLEN ? seg->optlen : TFO_MAX_OPTLEN;

	memcpy(padded, seg->opts, n);
	sb_puts(sb, ", options [");
	switch (print_opts(sb, padded, (n + 3u) & ~3u, seg->len > 0, seg->flags)) {
	case OPTS_DONE:
		sb_putc(sb, ']');
		return 1;
	case OPTS_BAD:
		sb_putc(sb, ']');
		return 0;
	default:
		return 0;
	}
}

static void print_segment(struct strbuf *sb, const tfo_segment *seg)
{
	print_flags(sb, seg->flags);
	if (seg->len > 0 || (seg->flags & (TFO_TH_SYN | TFO_TH_FIN | TFO_TH_RST))) {
		sb_puts(sb, ", seq ");
		sb_putu(sb, seg->seq);
		if (seg->len > 0) {
			sb_putc(sb, ':');
			sb_putu(sb, (uint32_t)(seg->seq + seg->len));
		}
	}
	if (seg->flags & TFO_TH_ACK) {
		sb_puts(sb, ", ack ");
		sb_putu(sb, seg->ack);
	}
	sb_puts(sb, ", win ");
	sb_putu(sb, seg->window);
	if (seg->flags & TFO_TH_URG) {
		sb_puts(sb, ", urg ");
		sb_putu(sb, seg->urgent);
	}
	if (seg->optlen && !print_seg_opts(sb, seg))
		return;
	sb_puts(sb, ", length ");
	sb_putu(sb, seg->len);
}

TFO_EXPORT int tfo_segment_format(const tfo_segment *seg, char *buf, size_t size)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	if (!seg)
		return TFO_ERR_INVALID;
	print_segment(&sb, seg);
	return sb_result(&sb);
}

static void print_endpoint(struct strbuf *sb, const tfo_sockaddr *sa)
{
	char text[TFO_ADDRSTRLEN];

	if (tfo_addr_format(&sa->addr, text, sizeof(text)) > 0)
		sb_puts(sb, text);
	sb_putc(sb, '.');
	sb_putu(sb, sa->port);
}

TFO_EXPORT int tfo_segment_format_line(const tfo_segment *seg, char *buf, size_t size)
{
	struct strbuf sb;
	uint8_t fam;

	sb_init(&sb, buf, size);
	if (!seg)
		return TFO_ERR_INVALID;
	fam = seg->src.addr.family;
	if (fam != seg->dst.addr.family || (fam != TFO_AF_INET && fam != TFO_AF_INET6))
		return TFO_ERR_INVALID;
	sb_puts(&sb, fam == TFO_AF_INET ? "IP " : "IP6 ");
	print_endpoint(&sb, &seg->src);
	sb_puts(&sb, " > ");
	print_endpoint(&sb, &seg->dst);
	sb_puts(&sb, ": ");
	print_segment(&sb, seg);
	return sb_result(&sb);
}
