/*
 * Running a scenario: the engine's entry point. One call runs the whole
 * scenario in virtual time and fills a sim_result; the same scenario,
 * options and seed always give the same result, byte for byte.
 */
#ifndef SIM_RUN_H
#define SIM_RUN_H

#include <stdio.h>

#include "sim_kcp.h"
#include "sim_ladder.h"
#include "sim_link.h"
#include "sim_report.h"
#include "sim_scenario.h"
#include "sim_trace.h"

struct sim_options {
	uint64_t seed;
	int tfo_off;          /* the counterfactual: Fast Open off on every host */
	uint64_t ladders;     /* trace the first N connections */
	uint64_t table;       /* keep result rows for the first N connections */
	uint64_t connections; /* 0, or the count of every repeated connect line */
	int pcap_host;        /* capture at this host's end of its links; -1: none */
	FILE *pcap;
	/* Every endpoint log line, with its host, or NULL. */
	void (*log)(void *user, tfo_time t, const char *host, const char *line);
	void *log_user;
	int progress; /* report progress on stderr */
};

struct sim_result {
	struct report rep;
	struct trace *traces;     /* [ladders], by connection index - 1 */
	struct ladder_info *info; /* [ladders] */
	uint64_t ntraced;         /* how many of them were filled */
	size_t nhosts;
	uint64_t counters[SC_MAX_HOSTS][TFO_CTR_COUNT];
	uint64_t sent, delivered;
	uint64_t dropped[SIM_DROP_TIMEOUT + 1];
	uint64_t events;
	uint64_t peak_conns;    /* connections alive at once, at most */
	uint64_t peak_packets;  /* packet buffers ever allocated */
	tfo_time end;           /* virtual time of the last event */
	struct kcp_result *kcp; /* [nkcp]: one per kcp line */
	size_t nkcp;
	struct kcp_ladder *kcp_ladders; /* [nkcp_ladders]: the first --ladders conversations */
	size_t nkcp_ladders;
	int capture_errno; /* why writing the capture failed (the run stopped); 0: it did not */
};

/*
 * sim_run: runs sc with options o. On error err (SC_ERR_MAX bytes) says
 * what went wrong. Returns 0, TFO_ERR_NOMEM, TFO_ERR_UNSUPPORTED (a
 * cookie algorithm this machine cannot run) or TFO_ERR_INVALID; res must
 * be freed with sim_result_free either way.
 */
int sim_run(const struct sim_scenario *sc, const struct sim_options *o, const tfo_allocator *mem,
            struct sim_result *res, char *err);

void sim_result_free(struct sim_result *res, const tfo_allocator *mem);

/* sim_line_count: how many connections connect line i makes, --connections applied. */
uint64_t sim_line_count(const struct sim_scenario *sc, const struct sim_options *o, size_t i);

/* sim_total_connections: how many connections a run makes, --connections applied. */
uint64_t sim_total_connections(const struct sim_scenario *sc, const struct sim_options *o);

/* sim_link_rtt: the two base one-way delays of the link between hosts a and b. */
tfo_time sim_link_rtt(const struct sim_scenario *sc, unsigned a, unsigned b);

/* sim_host_settings: tfo_settings_default() with the scenario's settings for h over it. */
void sim_host_settings(const struct sc_host *h, tfo_settings *s);

#endif /* SIM_RUN_H */
