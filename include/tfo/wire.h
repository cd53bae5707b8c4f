/*
 * libtfo wire model: addresses, TCP segments, TCP options, the IPv4/IPv6 +
 * TCP codec and a tcpdump-style formatter.
 *
 * Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_WIRE_H
#define TFO_WIRE_H

#include <tfo/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Addresses                                                            */
/* ------------------------------------------------------------------ */

/* Our own family constants: libtfo includes no socket headers. */
enum tfo_family { TFO_AF_NONE = 0, TFO_AF_INET = 4, TFO_AF_INET6 = 6 };

/* An IPv4 or IPv6 address in network byte order. IPv4 uses bytes[0..3]
 * and keeps bytes[4..15] zero, so addresses compare with memcmp. */
typedef struct tfo_addr {
	uint8_t family; /* enum tfo_family */
	uint8_t bytes[16];
} tfo_addr;

/* An address and a TCP port (host byte order). */
typedef struct tfo_sockaddr {
	tfo_addr addr;
	uint16_t port;
} tfo_sockaddr;

/* Longest text forms, terminating NUL included. */
#define TFO_ADDRSTRLEN 46
#define TFO_SOCKADDRSTRLEN 54

/*
 * tfo_addr_parse: parses dotted-quad IPv4 or RFC 4291 IPv6 text (no zone,
 * no brackets). Returns 0, or TFO_ERR_BAD_ADDR (out untouched).
 */
TFO_EXPORT int tfo_addr_parse(tfo_addr *out, const char *text);

/*
 * tfo_addr_format: writes the address as text (IPv6 in RFC 5952 form) into
 * buf. IPv4-mapped addresses end in dotted IPv4 ("::ffff:192.0.2.1", RFC
 * 5952 section 5), and so do IPv4-compatible ones ("::192.0.2.1"), as
 * tcpdump prints them. Returns the length written, TFO_ERR_NOBUF if size
 * is too small, or TFO_ERR_INVALID for an address with no family.
 */
TFO_EXPORT int tfo_addr_format(const tfo_addr *addr, char *buf, size_t size);

/* tfo_addr_len: 4, 16, or 0 for an address with no family. */
TFO_EXPORT size_t tfo_addr_len(const tfo_addr *addr);

/* tfo_addr_equal: 1 when both family and bytes are equal, else 0. */
TFO_EXPORT int tfo_addr_equal(const tfo_addr *a, const tfo_addr *b);

/*
 * tfo_sockaddr_parse: "192.0.2.1:80" or "[2001:db8::1]:80". Returns 0 or
 * TFO_ERR_BAD_ADDR.
 */
TFO_EXPORT int tfo_sockaddr_parse(tfo_sockaddr *out, const char *text);

/*
 * tfo_sockaddr_format: the reverse of tfo_sockaddr_parse. Returns the
 * length written, TFO_ERR_NOBUF or TFO_ERR_INVALID.
 */
TFO_EXPORT int tfo_sockaddr_format(const tfo_sockaddr *sa, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Segments                                                             */
/* ------------------------------------------------------------------ */

/* TCP header flags, as in the 13th header byte. */
#define TFO_TH_FIN 0x01u
#define TFO_TH_SYN 0x02u
#define TFO_TH_RST 0x04u
#define TFO_TH_PSH 0x08u
#define TFO_TH_ACK 0x10u
#define TFO_TH_URG 0x20u
#define TFO_TH_ECE 0x40u
#define TFO_TH_CWR 0x80u

/* The TCP option space: 60-byte maximum header minus the fixed 20. */
#define TFO_MAX_OPTLEN 40

/*
 * IP-layer fields. Kept so that a decoded packet encodes back to the same
 * bytes; the endpoint leaves them zero and the encoder then writes
 * TTL/hop limit 64 and DF for IPv4. A decoded packet has verbatim set, so
 * that a TTL of 0 or an IPv4 packet without DF also encodes back as it was.
 */
typedef struct tfo_ipinfo {
	uint8_t tos;        /* IPv4 TOS or IPv6 traffic class */
	uint8_t ttl;        /* IPv4 TTL or IPv6 hop limit; 0 means "use 64" */
	uint16_t id;        /* IPv4 identification */
	uint16_t frag;      /* IPv4 flags + fragment offset; 0 means "DF set" */
	uint32_t flowlabel; /* IPv6 flow label (20 bits) */
	uint8_t verbatim;   /* 1: ttl and frag are written as they are, 0 included */
} tfo_ipinfo;

/*
 * One TCP segment. Options are kept as the raw bytes that go on the wire,
 * in order and with their padding, so that any layout round-trips byte for
 * byte; build them with tfo_opt_add_*() and read them with tfo_opt_next()
 * or tfo_opts_parse(). The payload is not owned: it points into the buffer
 * the segment was decoded from, or into the sender's buffer, and is valid
 * only as long as that buffer is.
 */
typedef struct tfo_segment {
	tfo_sockaddr src;
	tfo_sockaddr dst;
	uint32_t seq;
	uint32_t ack;
	uint8_t flags;    /* TFO_TH_* */
	uint8_t reserved; /* the 4 reserved header bits (incl. AE/NS), low nibble */
	uint16_t window;  /* as on the wire, unscaled */
	uint16_t urgent;
	uint8_t optlen; /* bytes used in opts */
	uint8_t opts[TFO_MAX_OPTLEN];
	uint32_t len; /* payload length */
	const uint8_t *payload;
	tfo_ipinfo ip;
} tfo_segment;

/*
 * tfo_segment_init: zeroes a segment and sets its addresses and ports.
 * src and dst must be of the same family (a NULL one is left zero).
 */
TFO_EXPORT void tfo_segment_init(tfo_segment *seg, const tfo_sockaddr *src,
                                 const tfo_sockaddr *dst);

/* tfo_segment_seqlen: sequence space used: payload + 1 for SYN + 1 for FIN. */
TFO_EXPORT uint32_t tfo_segment_seqlen(const tfo_segment *seg);

/* The largest payload tfo_segment_dup() copies: an IPv4 packet's worth. */
#define TFO_SEGMENT_DUP_MAX 65535u

/*
 * tfo_segment_dup: a deep copy of seg (its options and its payload) in one
 * allocation from mem (NULL: libc), for keeping a segment past the output
 * callback that handed it out. Free it with tfo_segment_free(). Returns
 * NULL when memory runs out, when seg is NULL, when its payload pointer is
 * NULL with a non-zero length, or when len is above TFO_SEGMENT_DUP_MAX.
 * Since 0.2.0.
 */
TFO_EXPORT tfo_segment *tfo_segment_dup(const tfo_segment *seg, const tfo_allocator *mem);

/* tfo_segment_free: frees a copy made by tfo_segment_dup() (NULL is fine). Since 0.2.0. */
TFO_EXPORT void tfo_segment_free(tfo_segment *copy);

/* ------------------------------------------------------------------ */
/* Options                                                              */
/* ------------------------------------------------------------------ */

enum tfo_optkind {
	TFO_OPT_EOL = 0,
	TFO_OPT_NOP = 1,
	TFO_OPT_MSS = 2,
	TFO_OPT_WSCALE = 3,
	TFO_OPT_SACK_PERM = 4,
	TFO_OPT_SACK = 5,
	TFO_OPT_TS = 8,
	TFO_OPT_FASTOPEN = 34, /* RFC 7413 */
	TFO_OPT_EXP = 254      /* RFC 6994 shared experimental option */
};

/* RFC 6994 experiment identifier of the pre-RFC Fast Open option. */
#define TFO_EXP_MAGIC_FASTOPEN 0xF989u

/* RFC 7413 section 4.1.1: a cookie is 4 to 16 bytes, even. */
#define TFO_COOKIE_MIN 4
#define TFO_COOKIE_MAX 16

/* Largest WS shift RFC 7323 allows; larger ones are clamped to it. */
#define TFO_WSCALE_MAX 14

/*
 * One option as found by tfo_opt_next(). Pointers point into the option
 * bytes that were walked.
 */
typedef struct tfo_opt {
	uint8_t kind;    /* wire kind */
	uint8_t len;     /* bytes on the wire, kind and length included (1 for EOL, NOP) */
	uint8_t offset;  /* where the option starts in the option bytes */
	uint8_t invalid; /* 1: kept but not understood (wrong length for its kind,
	                  * TFO cookie odd or outside 4..16); Linux ignores these */
	union {
		uint16_t mss;
		uint8_t wscale;
		struct {
			uint32_t val, ecr;
		} ts;
		struct {
			uint8_t count; /* 1..4 blocks */
			uint32_t left[4], right[4];
		} sack;
		/* Kinds 34 and 254 with magic 0xF989. len 0 is a cookie request. */
		struct {
			uint8_t len;
			const uint8_t *bytes;
		} cookie;
		/* Any other kind (and invalid ones): the bytes after kind and length. */
		struct {
			uint8_t len;
			const uint8_t *bytes;
		} raw;
	} u;
} tfo_opt;

/*
 * tfo_opt_next: walks option bytes (at most TFO_MAX_OPTLEN). *pos starts
 * at 0 and is advanced past each option; past an EOL it jumps to optlen,
 * since what follows an EOL is padding. Returns 1 with *opt filled, 0 at
 * the end, TFO_ERR_BAD_OPTION when a length byte is missing, below 2 or
 * overruns the option space (opt->kind and opt->offset then say which
 * option, *pos stays on it: the walk cannot go on), or TFO_ERR_INVALID
 * for NULL pos or opt, NULL opts with optlen > 0, or optlen > 40.
 */
TFO_EXPORT int tfo_opt_next(const uint8_t *opts, size_t optlen, size_t *pos, tfo_opt *opt);

#define TFO_HAS_MSS 0x01u
#define TFO_HAS_WSCALE 0x02u
#define TFO_HAS_SACK_PERM 0x04u
#define TFO_HAS_TS 0x08u
#define TFO_HAS_SACK 0x10u
#define TFO_HAS_FASTOPEN 0x20u /* a valid TFO option (request or cookie) */

/*
 * What a TCP stack takes from the options, following Linux's
 * tcp_parse_options(): options of the wrong length are ignored, the walk
 * stops at EOL or at the first malformed length, a wscale above 14 is
 * clamped to 14, an MSS of 0 is not taken, and a later option of a kind
 * replaces an earlier one. Among several TFO options the last valid one
 * counts, with Linux's tcp_parse_fastopen_option() twist: a TFO option of
 * odd length is ignored, but one of even length outside 4..16 resets the
 * result to "no valid TFO option" (cookie_len -1). Flags and connection
 * state are not looked at: Linux takes MSS, wscale, SACK-permitted and TFO
 * only from a SYN, TS and SACK only once negotiated; that is the caller's
 * part.
 */
typedef struct tfo_opts_parsed {
	uint32_t present; /* TFO_HAS_* */
	uint16_t mss;
	uint8_t wscale;
	uint32_t ts_val, ts_ecr;
	uint8_t sack_count;
	uint32_t sack_left[4], sack_right[4];
	/* Linux's foc->len: -1 no valid TFO option, 0 cookie request,
	 * 4..16 cookie. */
	int8_t cookie_len;
	uint8_t cookie_exp; /* 1: the valid TFO option was kind 254/0xF989 */
	uint8_t cookie[TFO_COOKIE_MAX];
	uint32_t diag; /* TFO_DIAG_OPT_MALFORMED, TFO_DIAG_TFO_INVALID, TFO_DIAG_OPT_INVALID */
} tfo_opts_parsed;

/* tfo_opts_parse: parses seg's options (at most 40 bytes of them) into
 * *out. Never fails; a NULL seg gives an empty result. */
TFO_EXPORT void tfo_opts_parse(const tfo_segment *seg, tfo_opts_parsed *out);

/*
 * Option builders: append one option to seg->opts exactly as given, with
 * no padding of their own (add NOPs where a layout wants them). Each
 * returns 0, TFO_ERR_NOSPACE if it does not fit in the 40 bytes (the
 * options are then unchanged), or TFO_ERR_INVALID for a NULL seg or a
 * value the option cannot carry: a wscale above 14, a SACK count outside
 * 1..4, a bad cookie length (see below), a raw kind below 2.
 */
TFO_EXPORT int tfo_opt_add_eol(tfo_segment *seg);
TFO_EXPORT int tfo_opt_add_nop(tfo_segment *seg);
TFO_EXPORT int tfo_opt_add_mss(tfo_segment *seg, uint16_t mss);
TFO_EXPORT int tfo_opt_add_wscale(tfo_segment *seg, uint8_t shift);
TFO_EXPORT int tfo_opt_add_sack_perm(tfo_segment *seg);
TFO_EXPORT int tfo_opt_add_ts(tfo_segment *seg, uint32_t val, uint32_t ecr);
/* count 1..4 blocks of (left, right) edges */
TFO_EXPORT int tfo_opt_add_sack(tfo_segment *seg, const uint32_t *left, const uint32_t *right,
                                size_t count);
/*
 * A Fast Open option: kind 34, or with exp set kind 254 + magic 0xF989.
 * len 0 is a cookie request; otherwise 4..16 and even (TFO_ERR_INVALID
 * else; use tfo_opt_add_raw to build malformed ones on purpose).
 */
TFO_EXPORT int tfo_opt_add_fastopen(tfo_segment *seg, int exp, const uint8_t *cookie, size_t len);
/* Any kind >= 2 with len data bytes (the length byte becomes len + 2). */
TFO_EXPORT int tfo_opt_add_raw(tfo_segment *seg, uint8_t kind, const uint8_t *data, size_t len);

/* ------------------------------------------------------------------ */
/* Codec                                                                */
/* ------------------------------------------------------------------ */

/* Non-fatal findings of tfo_segment_decode(), in tfo_decode_info.diag. */
#define TFO_DIAG_IP_CSUM_BAD 0x0001u       /* IPv4 header checksum wrong */
#define TFO_DIAG_TCP_CSUM_BAD 0x0002u      /* TCP checksum wrong (offloaded, or corrupt) */
#define TFO_DIAG_CSUM_UNCHECKED 0x0004u    /* TCP checksum not checked: see tfo_segment_decode */
#define TFO_DIAG_PAYLOAD_TRUNCATED 0x0008u /* fewer payload bytes than the IP length says */
#define TFO_DIAG_OPT_MALFORMED 0x0010u     /* an option length overruns: the rest is ignored */
#define TFO_DIAG_TFO_INVALID 0x0020u       /* a TFO option of odd length or outside 4..16 */
#define TFO_DIAG_IP_OPTIONS 0x0040u        /* IPv4 options or IPv6 extension headers skipped */
#define TFO_DIAG_TRAILING 0x0080u          /* bytes after the IP packet (link-layer padding) */
#define TFO_DIAG_OPT_INVALID 0x0100u       /* an option's length is wrong for its kind: ignored */

typedef struct tfo_decode_info {
	uint32_t diag;          /* TFO_DIAG_* */
	uint32_t ip_hdr_len;    /* IP header bytes, IPv6 extension headers included */
	uint32_t tcp_hdr_len;   /* 20 + option bytes */
	uint32_t captured;      /* payload bytes present in the buffer (<= seg->len) */
	uint16_t tcp_csum;      /* the TCP checksum as found */
	uint16_t tcp_csum_want; /* the correct one, when it could be computed */
} tfo_decode_info;

/*
 * tfo_segment_decode: decodes one IPv4 or IPv6 packet carrying TCP.
 * seg->payload points into buf (NULL when no payload byte was captured).
 * A buffer shorter than the IP length (a snap length) is accepted when all
 * headers are present: seg->len is the length the IP header claims and
 * info->captured what is actually there. IPv4 options and IPv6 hop-by-hop,
 * routing, destination-options and fragment headers are stepped over.
 * A first fragment (MF set, offset 0) whose whole TCP header is present
 * decodes, with seg->len counting this fragment's payload only; a later
 * fragment, or a first one cut inside the TCP header, is
 * TFO_ERR_FRAGMENT. Checksums are compared exactly with the computed ones;
 * the TCP checksum is not checked (TFO_DIAG_CSUM_UNCHECKED) when payload
 * bytes are missing, for a first fragment, and behind an IPv6 routing
 * header with segments left, whose final destination the pseudo-header
 * would need.
 * info may be NULL. Returns 0, or TFO_ERR_TRUNCATED (the buffer or the
 * IP length ends inside a header), TFO_ERR_BAD_IP, TFO_ERR_NOT_TCP,
 * TFO_ERR_FRAGMENT, TFO_ERR_BAD_OFFSET, or TFO_ERR_INVALID for a NULL seg
 * or a NULL buf with len > 0. On error *seg and *info are zeroed.
 */
TFO_EXPORT int tfo_segment_decode(tfo_segment *seg, tfo_decode_info *info, const uint8_t *buf,
                                  size_t len);

/* tfo_segment_encoded_len: bytes tfo_segment_encode() will write, or 0
 * when it would fail with TFO_ERR_INVALID. */
TFO_EXPORT size_t tfo_segment_encoded_len(const tfo_segment *seg);

/*
 * tfo_segment_encode: writes IPv4 or IPv6 header + TCP header + options
 * (zero-padded to a multiple of 4) + payload, with correct checksums.
 * seg->len bytes are read from seg->payload, which must not overlap buf;
 * a segment decoded from a snapped packet (info->captured < seg->len)
 * does not have them. *written gets the length (may be NULL). Returns 0,
 * TFO_ERR_NOBUF, or TFO_ERR_INVALID (NULL seg, families differ or unset,
 * optlen above 40, payload NULL with len > 0, or too long for IP).
 */
TFO_EXPORT int tfo_segment_encode(const tfo_segment *seg, uint8_t *buf, size_t size,
                                  size_t *written);

/* ------------------------------------------------------------------ */
/* Formatting, the way tcpdump prints                                   */
/* ------------------------------------------------------------------ */

/* Enough for any segment tfo_segment_format() can print. */
#define TFO_SEGMENT_STRLEN 640

/*
 * tfo_options_format: tcpdump's option list without the brackets, e.g.
 * "mss 65495,sackOK,TS val 1 ecr 0,nop,wscale 7,tfo  cookie 0011223344556677,nop,nop".
 * tcpdump's quirks are kept: "[len N]" after an option whose length is
 * not its kind's, "[bad opt]" where tcpdump gives up, and " [|tcp]" when
 * a length byte would lie past the given bytes (nothing is known to
 * follow them). Returns the length of the full text (like snprintf; the
 * output is truncated but NUL-terminated when size is too small; buf may
 * be NULL when size is 0), or TFO_ERR_INVALID for NULL opts with optlen.
 */
TFO_EXPORT int tfo_options_format(const uint8_t *opts, size_t optlen, char *buf, size_t size);

/*
 * tfo_segment_format: the TCP part of a tcpdump -S line:
 * "Flags [S], seq 1:7, win 65535, options [...], length 6".
 * Sequence numbers are printed as they are in the segment (absolute). The
 * options are printed as they go on the wire, zero-padded to a multiple
 * of 4 (so three option bytes show a trailing "eol"), and like tcpdump the
 * line ends early after "[bad opt]" or a truncation. Application payloads
 * are not decoded (tcpdump does so for some well-known ports, e.g. HTTP).
 * Returns like tfo_options_format(), or TFO_ERR_INVALID for a NULL seg.
 */
TFO_EXPORT int tfo_segment_format(const tfo_segment *seg, char *buf, size_t size);

/*
 * tfo_segment_format_line: the whole tcpdump -n -S -t line:
 * "IP 127.0.0.1.51902 > 127.0.0.1.8000: Flags [S], ...". IPv6 starts with
 * "IP6 ". Returns like tfo_segment_format(), or TFO_ERR_INVALID when the
 * addresses have no family or differ in family.
 */
TFO_EXPORT int tfo_segment_format_line(const tfo_segment *seg, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* TFO_WIRE_H */
