/*
 * The anomalies of a replay: a count per kind, and the details of the
 * first few of each kind, in the order they were found. The cap keeps
 * memory bounded on a capture where every packet is odd (a loopback
 * capture of a busy host, a file full of UDP).
 */
#ifndef REPLAY_ANOMALY_H
#define REPLAY_ANOMALY_H

#include <stddef.h>

#include <tfo/common.h>

#include "replay_packet.h"

/* Details kept per kind unless the caller says otherwise. */
#define REPLAY_ANOMALY_KEEP_DEFAULT 100

struct replay_anomalies {
	const tfo_allocator *mem;
	uint64_t count[RA_COUNT]; /* every one found */
	uint64_t kept[RA_COUNT];  /* of those, details kept */
	uint64_t keep;            /* details kept per kind; 0 = all */
	struct replay_anomaly *list;
	size_t n, cap;
};

/* replay_anomalies_init: an empty store keeping `keep` details per kind (0: all). */
void replay_anomalies_init(struct replay_anomalies *s, const tfo_allocator *mem, uint64_t keep);

/* replay_anomalies_free: frees the details. */
void replay_anomalies_free(struct replay_anomalies *s);

/* replay_anomalies_add: counts a and keeps a copy if under the cap. Returns 0 or TFO_ERR_NOMEM. */
int replay_anomalies_add(struct replay_anomalies *s, const struct replay_anomaly *a);

/* replay_anomalies_total: every anomaly counted, of all kinds. */
uint64_t replay_anomalies_total(const struct replay_anomalies *s);

#endif /* REPLAY_ANOMALY_H */
