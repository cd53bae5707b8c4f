/*
 * The ladder (sequence) diagram of one connection: the client on the
 * left, the server on the right, time going down. Each packet is one row
 * at the time it left, an arrow labelled with flags, relative seq/ack,
 * data length and Fast Open option, ending in the arrival time or in an X
 * with the reason the packet died. State names appear in the side columns
 * when they change. Lines are at most style->width columns (99 by default).
 */
#ifndef SIM_LADDER_H
#define SIM_LADDER_H

#include <stdio.h>

#include "sim_scenario.h"
#include "sim_trace.h"

#define LADDER_WIDTH 99 /* the longest line, by default */
/* The widths a ladder can be drawn at (--width): the lane is the width minus 37. */
#define LADDER_WIDTH_MIN 80
#define LADDER_WIDTH_MAX 240

/* How a ladder is drawn. A zeroed style is the default: 99 columns, UTF-8. */
struct ladder_style {
	unsigned width; /* the longest line, LADDER_WIDTH_MIN..MAX; 0: LADDER_WIDTH */
	int ascii;      /* ASCII only: "..." for the ellipsis (a locale without UTF-8) */
};

struct ladder_info {
	uint64_t index; /* the connection's number, from 1 */
	tfo_sockaddr client, server;
	uint64_t request, response;
	int server_initial;                /* the server's state before the SYN: LISTEN or CLOSED */
	unsigned client_host, server_host; /* the hosts' indexes in sc */
	tfo_time start;
	const struct sim_scenario *sc; /* names loss rules and middleboxes */
};

/*
 * ladder_label: the arrow label of a packet, e.g. "S seq 0 len 6 cookie
 * 3021b9d8…" ("3021b9d8..." with ascii). Sequence numbers are relative to isn_self (the sender's
 * ISN) and acks to isn_peer when known (known_* set), else absolute.
 * rtx marks a retransmission. Returns buf (size >= 96).
 */
char *ladder_label(char *buf, const struct trace_pkt *p, uint32_t isn_self, int known_self,
                   uint32_t isn_peer, int known_peer, int rtx, int ascii);

/* ladder_render: writes the ladder of one connection's trace to out (st NULL: default). */
void ladder_render(FILE *out, const struct ladder_info *li, const struct trace *tr,
                   const struct ladder_style *st);

#endif /* SIM_LADDER_H */
