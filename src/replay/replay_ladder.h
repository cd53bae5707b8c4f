/*
 * --ladder: each connection drawn as a ladder diagram, client on the
 * left, server on the right, one arrow per packet, with times relative to
 * the connection's first packet and sequence numbers relative to each
 * side's ISN. The packets are kept per connection (up to a cap) only in
 * this mode.
 */
#ifndef REPLAY_LADDER_H
#define REPLAY_LADDER_H

#include <stdio.h>

#include "replay_analysis.h"
#include "replay_conn.h"

/* Arrows kept per connection; later packets are counted, not drawn. */
#define REPLAY_LADDER_MAX 256

/* replay_ladder_packet: keeps p in c->ext. Returns 0 or TFO_ERR_NOMEM. */
int replay_ladder_packet(struct replay_conn *c, const struct replay_packet *p, int from_client,
                         const tfo_allocator *mem);

/* The ladder's width when none is asked for; a long label makes its line longer. */
#define REPLAY_LADDER_WIDTH 80

/* replay_ladder_print: draws c, headed by its result line, width columns wide (0: the default). */
void replay_ladder_print(FILE *out, const struct replay_conn *c, const struct replay_result *r,
                         unsigned width);

/* replay_ladder_free: frees what replay_ladder_packet kept in c->ext. */
void replay_ladder_free(struct replay_conn *c, const tfo_allocator *mem);

#endif /* REPLAY_LADDER_H */
