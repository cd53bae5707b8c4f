/*
 * The ladder (sequence) diagram of one connection: the client on the
 * left, the server on the right, time going down. Each packet is one row
 * at the time it left, an arrow labelled with flags, relative seq/ack,
 * data length and Fast Open option, ending in the arrival time or in an X
 * with the reason the packet died. State names appear in the side columns
 * when they change. Lines are at most 99 columns.
 */
#ifndef SIM_LADDER_H
#define SIM_LADDER_H

#include <stdio.h>

#include "sim_scenario.h"
#include "sim_trace.h"

#define LADDER_LANE 62  /* display columns between the two state columns */
#define LADDER_WIDTH 99 /* the longest line */

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
 * 3021b9d8…". Sequence numbers are relative to isn_self (the sender's
 * ISN) and acks to isn_peer when known (known_* set), else absolute.
 * rtx marks a retransmission. Returns buf (size >= 96).
 */
char *ladder_label(char *buf, const struct trace_pkt *p, uint32_t isn_self, int known_self,
                   uint32_t isn_peer, int known_peer, int rtx);

/* ladder_render: writes the ladder of one connection's trace to out. */
void ladder_render(FILE *out, const struct ladder_info *li, const struct trace *tr);

#endif /* SIM_LADDER_H */
