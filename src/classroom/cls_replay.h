/*
 * The classroom model of a replayed trace: the first connections of the
 * capture (and one more asked for by number), each from its packets and the replay's analysis of
 * it. A capture sees each packet at one place, so an arrow starts when its packet was captured and
 * takes half the measured round-trip time, or less when the receiver's next packet comes sooner;
 * the page says so. Nothing is lost in a capture: every packet in it arrived.
 */
#ifndef CLS_REPLAY_H
#define CLS_REPLAY_H

#include "cls_model.h"
#include "replay.h"

struct cls_replay;

/*
 * cls_replay_new: collects connections 1 to first, and connection number
 * extra too when it is past them (0: none). Returns 0 or TFO_ERR_NOMEM.
 */
int cls_replay_new(struct cls_replay **out, uint64_t first, uint64_t extra);

/* cls_replay_packet: one packet of c (the replay's packet hook). Returns 0 or TFO_ERR_NOMEM. */
int cls_replay_packet(struct cls_replay *r, const struct replay_conn *c,
                      const struct replay_packet *p, int from_client);

/* cls_replay_result: c is finished with result res. Returns 0 or TFO_ERR_NOMEM. */
int cls_replay_result(struct cls_replay *r, const struct replay_result *res,
                      const struct replay_conn *c);

/*
 * cls_replay_doc: the document of the connections collected, titled after
 * the inputs; r keeps nothing of them. Returns 0 or TFO_ERR_NOMEM.
 */
int cls_replay_doc(struct cls_replay *r, struct cls_doc *d, const char *inputs);

void cls_replay_free(struct cls_replay *r);

#endif /* CLS_REPLAY_H */
