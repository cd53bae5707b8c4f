/*
 * KCP conversations in the simulator: each `kcp` line of a scenario is a
 * client and a server tfo_kcp exchanging UDP datagrams over the same
 * links (loss, jitter, reordering, duplication, queues) as the TCP
 * connections. The client sends its messages on schedule; the server
 * echoes each one; the client measures each echo's latency (arrival of
 * the echo minus the send), as the reference's own experiment does.
 */
#ifndef SIM_KCP_H
#define SIM_KCP_H

#include <stdio.h>

#include "sim_scenario.h"
#include "sim_trace.h"

/* What one conversation did. */
struct kcp_result {
	uint32_t line; /* the kcp line, from 0 */
	uint32_t conv;
	int preset;
	tfo_sockaddr client, server;
	uint64_t sent, echoed; /* messages the client sent, echoes it got back in order */
	uint64_t echo_bytes;   /* message bytes delivered to an application, both ways */
	uint64_t lat_sum;      /* echo latencies (ns), summed */
	tfo_time lat_p50, lat_p99, lat_max;
	uint64_t retrans_timeout; /* both ends */
	uint64_t retrans_fast;    /* both ends */
	uint64_t datagrams;       /* sent by both ends */
	uint64_t wire_bytes;      /* IP + UDP + KCP bytes sent by both ends */
	int dead;                 /* an end saw a segment sent dead_link times */
	int finished;             /* every echo came back */
	tfo_time start, end;      /* the first send, the last echo */
};

/* The ladder of one conversation. */
struct kcp_ladder {
	const struct kcp_result *res;
	const struct sc_kcp *line;
	const struct sim_scenario *sc;
	struct trace tr;
};

struct ladder_style;

/* kcp_ladder_render: the conversation's datagrams and echoes as a ladder (st NULL: default). */
void kcp_ladder_render(FILE *out, const struct kcp_ladder *kl, const struct ladder_style *st);

/* kcp_seg_label: "PUSH sn=3 una=1 len=4", "ACK sn=3", "WASK", "WINS wnd=5"; buf >= 48. */
char *kcp_seg_label(char *buf, const tfo_kcp_segment *s);

#endif /* SIM_KCP_H */
