/* The built-in scenarios, as scenario text. Each one's comment says what it teaches. */
#include <string.h>

#include "sim_builtin.h"

/* The two hosts most scenarios share: 100 ms RTT, Linux's example key. */
#define PAIR                                                                                       \
	"host client addr 10.0.0.1 fastopen client\n"                                              \
	"host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"      \
	"link client server delay 50ms          # one way: the RTT is 100 ms\n"                    \
	"listen server port 80 response 1000B\n"

static const struct sim_builtin builtins[] = {
	{ "demo", "a plain handshake, a first TFO visit and a return visit, side by side",
	  "# demo: the same request three times on a 100 ms RTT link.\n"
	  "# 1. plain TCP: the request leaves after the handshake, one RTT late;\n"
	  "# 2. first TFO visit: the SYN asks for a cookie, the request still waits;\n"
	  "# 3. return visit: the SYN carries the cookie and the request, which\n"
	  "#    reaches the server one RTT (100 ms) sooner than in 1.\n"
	  "title plain TCP, a first TFO visit, a return visit\n" PAIR
	  "connect at 0ms client server:80 request 100B plain\n"
	  "connect at 1s client server:80 request 100B\n"
	  "connect at 2s client server:80 request 100B\n" },
	{ "first-visit", "the first SYN asks for a cookie; the request waits for the handshake",
	  "# first-visit: the client has no cookie for this server yet, so its SYN\n"
	  "# carries an empty Fast Open option, a cookie request, and no data. The\n"
	  "# SYN-ACK brings the cookie; the request leaves after the handshake, as\n"
	  "# with plain TCP. The client caches the cookie for next time.\n"
	  "title first visit: the SYN asks for a cookie\n" PAIR
	  "connect at 0ms client server:80 request 100B\n" },
	{ "return-visit", "with a cached cookie the request rides in the SYN, one RTT sooner",
	  "# return-visit: the first connection fetches a cookie; the second sends\n"
	  "# the cookie and the request in its SYN. The server checks the cookie,\n"
	  "# hands the data to the application at once and answers before the\n"
	  "# handshake completes: the request arrives one RTT earlier.\n"
	  "title return visit: data in the SYN\n" PAIR
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n" },
	{ "stale-cookie", "after a key change the old cookie fails: data is dropped and resent",
	  "# stale-cookie: the server replaces its key (no backup) between two\n"
	  "# visits. The client's cookie no longer checks out, so the server ACKs\n"
	  "# only the SYN, ignores its data and sends a fresh cookie; the client\n"
	  "# sends the request again after the handshake (tfo-rejected). The third\n"
	  "# visit uses the fresh cookie.\n"
	  "title stale cookie: the server changed its key\n" PAIR
	  "set-key server at 500ms key 01234567-89abcdef-fedcba98-76543210\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n"
	  "connect at 2s client server:80 request 100B\n" },
	{ "backup-key", "a cookie made with the previous key still works while it is the backup",
	  "# backup-key: the server rotates its key the way Linux allows, keeping\n"
	  "# the old one as a backup that only checks cookies. The old cookie is\n"
	  "# still accepted (TCPFastOpenPassiveAltKey) and the SYN-ACK carries a\n"
	  "# cookie made with the new primary key, which the third visit uses.\n"
	  "title backup key: rotation without losing a round trip\n" PAIR
	  "rotate-key server at 500ms key 01234567-89abcdef-fedcba98-76543210\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n"
	  "connect at 2s client server:80 request 100B\n" },
	{ "syn-data-lost", "a lost SYN with data is retransmitted without its data",
	  "# syn-data-lost: the SYN carrying cookie and data is lost. When the SYN\n"
	  "# timer fires the client retransmits the SYN without the data and without\n"
	  "# the Fast Open option, as Linux does (TFO_SYN_RETRANSMITTED), and sends\n"
	  "# the request after the handshake: the loss costs a retransmission\n"
	  "# timeout. Linux 6.x keeps the cookie (it counts the loss, and backs off\n"
	  "# only with blackhole detection on): the third visit uses it again, as\n"
	  "# in the real capture traces/lossy/syn-data-lost.\n"
	  "title lost SYN with data\n" PAIR "loss client>server first syn-data\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n"
	  "connect at 3s client server:80 request 100B\n" },
	{ "syn-data-dropper", "a middlebox that drops SYNs carrying data",
	  "# syn-data-dropper: a middlebox drops every SYN that carries data.\n"
	  "# The cookie request gets through (no data), but the return visit's\n"
	  "# SYN dies; after the SYN timeout the client retries without data and\n"
	  "# the connection works, one timeout late. Linux counts this towards\n"
	  "# disabling TFO for a while (net.ipv4.tcp_fastopen_blackhole_timeout_sec).\n"
	  "title a middlebox drops SYNs with data\n" PAIR "middlebox client server drop-syn-data\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n" },
	{ "option-stripper", "a middlebox that removes the TFO option: TFO silently never starts",
	  "# option-stripper: a middlebox overwrites unknown TCP options, Fast Open\n"
	  "# included, with NOPs. The server never sees a cookie request, so the\n"
	  "# client never gets a cookie and keeps asking: every visit is plain TCP\n"
	  "# plus an option that goes nowhere.\n"
	  "title a middlebox strips the Fast Open option\n" PAIR
	  "middlebox client server strip-tfo\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n" },
	{ "nat-rebind", "cookies are bound to the client's address: a new NAT address breaks them",
	  "# nat-rebind: the client sits behind a NAT. The server computes the\n"
	  "# cookie from the NAT's public address; when the NAT moves the client\n"
	  "# to a new public address the cached cookie no longer matches: the data\n"
	  "# in the SYN is rejected and a cookie for the new address comes back.\n"
	  "title NAT rebinding invalidates the cookie\n" PAIR
	  "middlebox client server nat 192.0.2.99 rebind 192.0.2.100 at 1500ms\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n"
	  "connect at 2s client server:80 request 100B\n"
	  "connect at 3s client server:80 request 100B\n" },
	{ "queue-overflow", "past max_qlen pending TFO connections, SYN data is refused",
	  "# queue-overflow: the listener allows 3 pending TFO connections (its\n"
	  "# TCP_FASTOPEN qlen). A burst of SYNs with valid cookies arrives faster\n"
	  "# than handshakes complete: the first 3 get their data accepted, the\n"
	  "# rest fall back to a plain handshake (TCPFastOpenListenOverflow), a\n"
	  "# defence against SYN floods with valid cookies (RFC 7413 section 5.1).\n"
	  "title a burst of valid-cookie SYNs overflows the TFO queue\n"
	  "host client addr 10.0.0.1 fastopen client\n"
	  "host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
	  "link client server delay 50ms\n"
	  "listen server port 80 qlen 3 response 1000B\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B every 1ms count 8\n" },
	{ "reset-held", "a Fast Open request reset before its handshake holds its queue slot 60 s",
	  "# reset-held: the listener allows 1 pending Fast Open connection. The\n"
	  "# second visit's SYN data is accepted, but the client's ACKs are lost\n"
	  "# on the way and the client gives up with a RST while the server's\n"
	  "# child is still in SYN-RECEIVED. Linux keeps that request in the Fast\n"
	  "# Open queue for 60 s (reqsk_fastopen_remove() with reset, a defence\n"
	  "# against spoofed SYN data), and tcp_fastopen_queue_check() lets it go\n"
	  "# only once its time is over: the visits at 2 s and 61 s get no Fast\n"
	  "# Open (TCPFastOpenListenOverflow), the one at 62 s does. As in the\n"
	  "# real capture traces/lossy/rst-held.\n"
	  "title a reset Fast Open request holds its queue slot for 60 s\n"
	  "host client addr 10.0.0.1 fastopen client\n"
	  "host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
	  "link client server delay 50ms\n"
	  "listen server port 80 qlen 1 response 1000B\n"
	  "loss client>server ack 3\n"
	  "loss client>server ack 4\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B reset\n"
	  "connect at 2s client server:80 request 100B\n"
	  "connect at 61s client server:80 request 100B\n"
	  "connect at 62s client server:80 request 100B\n" },
	{ "cookieless", "with both no-cookie flags, data rides in the very first SYN",
	  "# cookieless: the client sends data in its SYN without any cookie\n"
	  "# (tcp_fastopen 0x4) and the server accepts SYN data without one\n"
	  "# (0x200). Only safe where the server can afford it: a spoofed SYN now\n"
	  "# makes the server do work (RFC 7413 section 5).\n"
	  "title Fast Open without cookies\n"
	  "host client addr 10.0.0.1 fastopen client,client-no-cookie\n"
	  "host server addr 10.0.0.2 fastopen server,server-no-cookie\n"
	  "link client server delay 50ms\n"
	  "listen server port 80 response 1000B\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n" },
	{ "exp-option-fallback",
	  "a server that knows only the pre-RFC option: the client falls back",
	  "# exp-option-fallback: before RFC 7413 gave Fast Open option kind 34,\n"
	  "# it used the shared experimental kind 254 with magic 0xF989, and some\n"
	  "# servers still understand only that one. Here a middlebox lets only\n"
	  "# the experimental form through. The first cookie request (kind 34)\n"
	  "# gets no cookie; like Linux (tcp_fastopen try_exp), the client then\n"
	  "# asks in the experimental form, gets its cookie in it, and keeps using\n"
	  "# it: the third visit sends its request in the SYN.\n"
	  "title the experimental option as a fallback\n" PAIR
	  "middlebox client server strip-tfo-rfc\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n"
	  "connect at 2s client server:80 request 100B\n" },
	{ "lossy-mobile", "many short connections over a lossy, jittery path",
	  "# lossy-mobile: a phone on a poor link, 2% loss each way and jitter,\n"
	  "# makes 100 short requests. Most save a round trip; some lose a SYN,\n"
	  "# a SYN-ACK or data and pay a timeout instead. Compare seeds.\n"
	  "title 100 connections at 2% loss\n"
	  "host client addr 10.0.0.1 fastopen client\n"
	  "host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
	  "link client server delay 40ms jitter 10ms loss 2%\n"
	  "listen server port 443 think 5ms response 2000B\n"
	  "connect at 0ms client server:443 request 300B every 500ms count 100\n" },
	{ "ipv6", "the same return visit over IPv6",
	  "# ipv6: a first and a return visit between IPv6 hosts. The cookie is\n"
	  "# computed over the 128-bit addresses and the default MSS is 1220 for\n"
	  "# IPv6 before the server's is known.\n"
	  "title return visit over IPv6\n"
	  "host client addr 2001:db8::1 fastopen client\n"
	  "host server addr 2001:db8::2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
	  "link client server delay 50ms\n"
	  "listen server port 80 response 1000B\n"
	  "connect at 0ms client server:80 request 100B\n"
	  "connect at 1s client server:80 request 100B\n" },
	{ "kcp-echo", "KCP next to TCP Fast Open on one lossy link: echoes, selective resends",
	  "# kcp-echo: the seed notes' other protocol on the same path as TCP. A\n"
	  "# KCP conversation (the reference's fast preset) sends an 8-byte message\n"
	  "# every 20 ms and the server echoes each one, while TFO connections make\n"
	  "# short requests over the same 5%-loss link. In the KCP ladder: ACKs at\n"
	  "# the next 10 ms flush, una in every segment, only lost segments resent.\n"
	  "title KCP echoes next to TFO requests at 5% loss\n"
	  "host client addr 10.0.0.1 fastopen client\n"
	  "host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
	  "link client server delay 30ms loss 5%\n"
	  "listen server port 80 response 100B\n"
	  "connect at 0ms client server:80 request 8B every 100ms count 5\n"
	  "kcp at 0ms client server:4000 preset fast message 8B every 20ms count 25\n" },
	{ "bulk", "a million short connections, for benchmarks (use --connections to shrink)",
	  "# bulk: one million short TFO connections, one every 5 ms, to measure\n"
	  "# the simulator itself. Connections are freed as they close, so memory\n"
	  "# stays bounded; ladders and the table are off unless asked for.\n"
	  "# 5 ms apart, the client's TIME-WAIT connections (60 s) fit its 28232\n"
	  "# ephemeral ports. --connections N runs only N.\n"
	  "title one million short connections\n"
	  "host client addr 10.0.0.1 fastopen client\n"
	  "host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4\n"
	  "link client server delay 10ms\n"
	  "listen server port 80 response 200B\n"
	  "connect at 0ms client server:80 request 100B every 5ms count 1000000\n" },
	{ NULL, NULL, NULL },
};

const struct sim_builtin *builtin_list(void)
{
	return builtins;
}

const struct sim_builtin *builtin_find(const char *name)
{
	for (const struct sim_builtin *b = builtins; b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}
