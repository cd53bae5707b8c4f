/* What one packet changes in its connection's facts and sequence state. */
#ifndef REPLAY_CONN_UPDATE_H
#define REPLAY_CONN_UPDATE_H

#include "replay_conn.h"

/*
 * replay_conn_update: applies p (sent by the client when from_client) to
 * c: the handshake facts, the data times, the sequence state, FIN and
 * RST. Anomalies it finds (retransmission, out-of-order, snapped,
 * bad-checksum) go to emit. Returns 0 or what emit->anomaly returned.
 */
int replay_conn_update(struct replay_conn *c, struct replay_packet *p, int from_client,
                       const struct replay_emit *emit);

/* replay_conn_closed: 1 when c has closed: a RST, or FINs both ways, each
 * acknowledged. Inline: asked after every packet, and the call cost as
 * much as the test. */
static inline int replay_conn_closed(const struct replay_conn *c)
{
	const struct replay_side *a = &c->side[REPLAY_CLIENT], *b = &c->side[REPLAY_SERVER];

	return c->rst || (a->fin && b->fin && a->fin_acked && b->fin_acked);
}

/* replay_conn_note_gaps: reports holes never filled, when c is finished. */
int replay_conn_note_gaps(const struct replay_conn *c, const struct replay_emit *emit);

/* replay_tfo_get: the TFO option of a segment, as struct replay_tfo. */
void replay_tfo_get(const tfo_segment *seg, struct replay_tfo *out);

#endif /* REPLAY_CONN_UPDATE_H */
