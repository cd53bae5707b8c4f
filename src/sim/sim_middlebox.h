/*
 * Middleboxes seen in the field (see RFC 7413 section 7.1 and the
 * measurement studies it cites), applied to a decoded segment as it enters
 * a link:
 *   drop-syn-data  drops a SYN that carries data;
 *   strip-tfo      overwrites every Fast Open option (kind 34, and 254
 *                  with magic 0xF989) with NOPs, keeping the header length;
 *   drop-syn-tfo   drops any SYN (or SYN-ACK) with a Fast Open option;
 *   strip-tfo-rfc  overwrites only kind 34 with NOPs: in front of a server
 *                  that predates RFC 7413 this gives what it understood,
 *                  the experimental option alone;
 *   nat            rewrites the inside host's source address to its
 *                  public one, and back for packets to it; after a
 *                  rebind, packets to the old public address are dropped.
 * The caller re-encodes a modified segment, so checksums stay correct.
 */
#ifndef SIM_MIDDLEBOX_H
#define SIM_MIDDLEBOX_H

#include "sim_scenario.h"

enum mbox_verdict { MBOX_PASS, MBOX_MODIFIED, MBOX_DROP, MBOX_NO_MAPPING };

/* mbox_public: the NAT's public address at time now. */
const tfo_addr *mbox_public(const struct sc_mbox *m, tfo_time now);

/*
 * mbox_apply: runs middlebox m on seg, which travels from the inside host
 * (from_inside 1) or towards it. inside is the inside host (used by the
 * NAT). Returns an enum mbox_verdict.
 */
int mbox_apply(const struct sc_mbox *m, const struct sc_host *inside, int from_inside, tfo_time now,
               tfo_segment *seg);

/* mbox_has_tfo: 1 when the segment carries a Fast Open option, valid or not. */
int mbox_has_tfo(const tfo_segment *seg);

#endif /* SIM_MIDDLEBOX_H */
