/*
 * Segments and the exact line tcpdump 4.99.3 prints for each with
 * "tcpdump -n -S -t" (Debian 12's build, with libcrypto). Every line was
 * confirmed against that tcpdump, and the 'tcpdump' test suite
 * (tcpdump_compare.c) re-confirms them whenever tcpdump is installed.
 * Used by test_format.c and tcpdump_compare.c.
 */
#ifndef TFO_FORMAT_VECTORS_H
#define TFO_FORMAT_VECTORS_H

#include <string.h>

#include <tfo/tfo.h>

struct format_vector {
	const char *src, *dst; /* tfo_sockaddr_parse() text */
	uint8_t flags;
	uint32_t seq, ack;
	uint16_t win, urg;
	const char *opts; /* option bytes in hex, as on the wire */
	uint32_t len;     /* payload length; the bytes are 'a', 'b', ... */
	const char *want;
};

static const struct format_vector format_vectors[] = {
	/* the seed trace's Linux TFO SYN (the brief's reference line) */
	{ "127.0.0.1:51902", "127.0.0.1:8000", 0x02, 3550480872u, 0u, 33280, 0,
	  "0204ffd70402080a55b05b260000000001030307220ace80700cf8e6113c0101", 6,
	  "IP 127.0.0.1.51902 > 127.0.0.1.8000: Flags [S], seq 3550480872:3550480878, win 33280, "
	  "options [mss 65495,sackOK,TS val 1437621030 ecr 0,nop,wscale 7,tfo  cookie "
	  "ce80700cf8e6113c,nop,nop], length 6" },
	/* its SYN-ACK, with the server's cookie */
	{ "127.0.0.1:8000", "127.0.0.1:51902", 0x12, 1141613290u, 3550480873u, 65483, 0,
	  "0204ffd70402080a55b05b2655b05b2601030307220a5fa1d2c0cdf5e2b40101", 0,
	  "IP 127.0.0.1.8000 > 127.0.0.1.51902: Flags [S.], seq 1141613290, ack 3550480873, win "
	  "65483, options [mss 65495,sackOK,TS val 1437621030 ecr 1437621030,nop,wscale 7,tfo  "
	  "cookie 5fa1d2c0cdf5e2b4,nop,nop], length 0" },
	/* an experimental-form cookie request */
	{ "127.0.0.1:51902", "127.0.0.1:8000", 0x02, 3550480872u, 0u, 33280, 0,
	  "0204ffd70402080a55b05b260000000001030307fe04f989", 0,
	  "IP 127.0.0.1.51902 > 127.0.0.1.8000: Flags [S], seq 3550480872, win 33280, options [mss "
	  "65495,sackOK,TS val 1437621030 ecr 0,nop,wscale 7,exp-tfo cookiereq], length 0" },
	/* an RFC 7413 cookie request; the padding shows as eol */
	{ "127.0.0.1:51902", "127.0.0.1:8000", 0x02, 3550480872u, 0u, 33280, 0,
	  "0204ffd70402080a55b05b2600000000010303072202", 0,
	  "IP 127.0.0.1.51902 > 127.0.0.1.8000: Flags [S], seq 3550480872, win 33280, options [mss "
	  "65495,sackOK,TS val 1437621030 ecr 0,nop,wscale 7,tfo  cookiereq,eol], length 0" },
	/* an experimental-form cookie with data */
	{ "127.0.0.1:51902", "127.0.0.1:8000", 0x02, 3550480872u, 0u, 33280, 0,
	  "fe0cf9890011223344556677", 100,
	  "IP 127.0.0.1.51902 > 127.0.0.1.8000: Flags [S], seq 3550480872:3550480972, win 33280, "
	  "options [exp-tfo cookie 0011223344556677], length 100" },
	/* no flags: no seq, no ack */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x00, 1u, 2u, 3, 4, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [none], win 3, length 0" },
	/* every flag; seq:end wraps around */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0xff, 4294967295u, 4294967295u, 65535, 65535, "",
	  10,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [FSRP.UEW], seq 4294967295:9, ack "
	  "4294967295, win 65535, urg 65535, length 10" },
	/* PSH alone and no data: no seq */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x08, 1000u, 0u, 512, 0, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [P], win 512, length 0" },
	/* data: seq start:end */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x18, 1000u, 2000u, 512, 0,
	  "0101080a0000000100000002", 1448,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [P.], seq 1000:2448, ack 2000, win 512, "
	  "options [nop,nop,TS val 1 ecr 2], length 1448" },
	/* FIN: seq without end */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x11, 1000u, 2000u, 512, 0, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [F.], seq 1000, ack 2000, win 512, length "
	  "0" },
	/* RST */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x04, 1000u, 0u, 0, 0, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [R], seq 1000, win 0, length 0" },
	/* RST-ACK */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x14, 0u, 1001u, 0, 0, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [R.], seq 0, ack 1001, win 0, length 0" },
	/* ECN setup SYN: E and W */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0xc2, 1000u, 0u, 512, 0, "020405b4", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [SEW], seq 1000, win 512, options [mss "
	  "1460], length 0" },
	/* ECN setup SYN-ACK */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x52, 1000u, 1u, 512, 0, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S.E], seq 1000, ack 1, win 512, length 0" },
	/* URG: urg after win */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x30, 1000u, 1u, 512, 7, "", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.U], ack 1, win 512, urg 7, length 0" },
	/* one SACK block */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "0101050a000003e8000007d0",
	  0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [nop,nop,sack "
	  "1 {1000:2000}], length 0" },
	/* four SACK blocks, no space between them */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0,
	  "0101052200000001000000020000000300000004000000050000000600000007fffffffe", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [nop,nop,sack "
	  "4 {1:2}{3:4}{5:6}{7:4294967294}], length 0" },
	/* SACK of a length that is not 2 + 8n */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "0505aabbcc", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [sack invalid "
	  "sack,eol], length 0" },
	/* empty SACK: a stray space */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "0502", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [sack 0 ,eol], "
	  "length 0" },
	/* wscale 0 and sackOK */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "020405b4010303000402", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [mss "
	  "1460,nop,wscale 0,sackOK,eol], length 0" },
	/* wscale above 14 is printed as sent */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "0303ff", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [wscale "
	  "255,eol], length 0" },
	/* TFO of odd length */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "2203ff", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [tfo  "
	  "(invalid),eol], length 0" },
	/* TFO cookie too short */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "2204aabb", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [tfo  "
	  "(invalid)], length 0" },
	/* TFO cookie of 16 bytes */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0,
	  "2212000102030405060708090a0b0c0d0e0f", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [tfo  "
	  "cookie 000102030405060708090a0b0c0d0e0f,eol], length 0" },
	/* TFO cookie too long */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0,
	  "2214000102030405060708090a0b0c0d0e0f1011", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [tfo  "
	  "(invalid)], length 0" },
	/* experimental TFO, cookie too short */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "fe06f989aabb", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [exp-tfo "
	  "(invalid),eol], length 0" },
	/* another RFC 6994 experiment: the magic only */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "fe06abcd0102", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options "
	  "[exp-abcd,eol], length 0" },
	/* kind 254 without a magic */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "fe02", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [exp[bad "
	  "opt]" },
	/* unknown kinds, with and without data */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "6304aabb6302", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [unknown-99 "
	  "0xaabb,unknown-99,eol], length 0" },
	/* MSS of length 3 reads the padding */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "0203ff", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [mss "
	  "65280[len 3]], length 0" },
	/* MSS of length 5: the walk resumes inside it */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "02050102aa", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [mss "
	  "258[len 5],[bad opt]]" },
	/* TS of length 12 */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "080c00000001000000020000",
	  0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [TS val 1 "
	  "ecr 2[len 12],eol], length 0" },
	/* TS too short for its values */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "0806aabbccdd", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [TS[bad "
	  "opt]" },
	/* a length overrunning the header, later option */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "0101020a", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options "
	  "[nop,nop,[bad opt]]" },
	/* the same with data after the header */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "0101020a", 5,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000:1005, win 512, options "
	  "[nop,nop,[bad opt]]" },
	/* length 0 on the first option: no closing bracket */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "0200", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [[bad "
	  "opt]" },
	/* length 40 after two NOPs */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "01010228", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options "
	  "[nop,nop,[bad opt]]" },
	/* EOL first: what follows is not printed */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "00020405b4", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [eol], "
	  "length 0" },
	/* a length byte past the header and no data: truncation */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "030402ff", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [wscale "
	  "2[len 4], [|tcp]" },
	/* the same with data: bad opt */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "030402ff", 3,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000:1003, win 512, options "
	  "[wscale 2[len 4],[bad opt]]" },
	/* echo and echoreply (RFC 1072) */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "06060000002a07060000002b",
	  0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [echo "
	  "42,echoreply 43], length 0" },
	/* CC, CC.NEW, and CC.ECHO, whose name is empty */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0,
	  "0b06000000010c06000000020d0600000003", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [cc 1,ccnew "
	  "2, 3,eol], length 0" },
	/* TCP MD5 signature, no secret given */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x18, 1000u, 1u, 512, 0,
	  "131200112233445566778899aabbccddeeff", 4,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [P.], seq 1000:1004, ack 1, win 512, "
	  "options [md5 shared secret not supplied with -M, can't check - "
	  "00112233445566778899aabbccddeeff,eol], length 4" },
	/* SCPS and user timeouts (tcpdump's granularity bit) */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "1404015a1c0480011c04012c",
	  0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [scps cap 01 "
	  "id 90,uto 0x8001 983040,uto 0x12c 150], length 0" },
	/* TCP-AO too short */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "1d02", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [tcp-ao "
	  "(invalid),eol], length 0" },
	/* TCP-AO with a MAC */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "1d0a0102aabbccddeeff", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [tcp-ao keyid "
	  "1 rnextkeyid 2 mac 0xaabbccddeeff,eol], length 0" },
	/* MPTCP MP_CAPABLE on a SYN */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "1e0c0181a1a2a3a4a5a6a7a8",
	  0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [mptcp 12 "
	  "capable v1 csum {0xa1a2a3a4a5a6a7a8}], length 0" },
	/* MPTCP DSS with leftover bytes */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0,
	  "1e14200f00000001000000020000000300000004", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [mptcp 20 dss "
	  "ack 4294967298 seq 12884901892[bad opt]" },
	/* MPTCP ADD_ADDR */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "1e08300105000201", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [mptcp 8 "
	  "add-addr v1 id 1 5.0.2.1], length 0" },
	/* after MPTCP, truncation is reported as mptcp's */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x10, 1000u, 1u, 512, 0, "1e0820010000000a0101010a",
	  0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [.], ack 1, win 512, options [mptcp 8 dss "
	  "ack 10,nop,nop,nop, [|mptcp]" },
	/* MPTCP DSS on a SYN */
	{ "192.0.2.1:40000", "192.0.2.2:40001", 0x02, 1000u, 0u, 512, 0, "1e0820010000000a", 0,
	  "IP 192.0.2.1.40000 > 192.0.2.2.40001: Flags [S], seq 1000, win 512, options [mptcp 8 "
	  "dss[bad opt]" },
	/* IPv6 SYN */
	{ "[2001:db8::1]:40000", "[2001:db8::2]:443", 0x02, 1000u, 0u, 64800, 0,
	  "020405a00402080a000000010000000001030307", 0,
	  "IP6 2001:db8::1.40000 > 2001:db8::2.443: Flags [S], seq 1000, win 64800, options [mss "
	  "1440,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0" },
	/* IPv6 loopback data */
	{ "[::1]:45678", "[::1]:8000", 0x18, 1u, 2u, 512, 0, "0101080a0000000100000002", 20,
	  "IP6 ::1.45678 > ::1.8000: Flags [P.], seq 1:21, ack 2, win 512, options [nop,nop,TS val "
	  "1 ecr 2], length 20" },
	/* RFC 5952 and IPv4-mapped addresses */
	{ "[2001:db8:0:0:1:0:0:1]:40000", "[::ffff:192.0.2.1]:40001", 0x10, 1000u, 1u, 512, 0, "",
	  0,
	  "IP6 2001:db8::1:0:0:1.40000 > ::ffff:192.0.2.1.40001: Flags [.], ack 1, win 512, length "
	  "0" },
	/* IPv4-compatible addresses are printed dotted too */
	{ "[fe80::1]:40000", "[::192.0.2.1]:40001", 0x10, 1000u, 1u, 512, 0, "", 0,
	  "IP6 fe80::1.40000 > ::192.0.2.1.40001: Flags [.], ack 1, win 512, length 0" },
};

#define NFORMAT_VECTORS (sizeof(format_vectors) / sizeof(format_vectors[0]))

static inline int format_vector_hex(uint8_t *out, const char *hex)
{
	size_t n = strlen(hex) / 2;

	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;

		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + (size_t)k];

			v = v << 4 | (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
		}
		out[i] = (uint8_t)v;
	}
	return (int)n;
}

/* Builds the vector's segment; payload needs room for v->len bytes. */
static inline void format_vector_build(const struct format_vector *v, tfo_segment *seg,
                                       uint8_t *payload)
{
	tfo_sockaddr src, dst;

	tfo_sockaddr_parse(&src, v->src);
	tfo_sockaddr_parse(&dst, v->dst);
	tfo_segment_init(seg, &src, &dst);
	seg->flags = v->flags;
	seg->seq = v->seq;
	seg->ack = v->ack;
	seg->window = v->win;
	seg->urgent = v->urg;
	seg->optlen = (uint8_t)format_vector_hex(seg->opts, v->opts);
	for (uint32_t i = 0; i < v->len; i++)
		payload[i] = (uint8_t)('a' + i % 26);
	seg->len = v->len;
	seg->payload = v->len ? payload : NULL;
}

#endif /* TFO_FORMAT_VECTORS_H */
