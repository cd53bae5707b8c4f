/* Segment arrival for an existing connection (tfo_input.c). */
#ifndef TFO_INPUT_H
#define TFO_INPUT_H

#include <tfo/tfo.h>

struct tfo_endpoint;

/* in_segment returns this when TIME-WAIT gave way to a new SYN. */
#define IN_REOPEN 1

/*
 * in_segment: RFC 793's SEGMENT ARRIVES for ep, with RFC 5961's checks.
 * Returns 0, IN_REOPEN (ep is gone; the SYN is for the listener), or
 * TFO_ERR_NOMEM (no buffer for the data: the segment was dropped).
 */
int in_segment(struct tfo_endpoint *ep, const tfo_segment *seg, const tfo_opts_parsed *opts);

/*
 * in_take_text: the data and FIN of seg starting at sequence number seq
 * (after the SYN, if any), for the receive queue (RFC 793 "seventh" and
 * "eighth" steps).
 */
void in_take_text(struct tfo_endpoint *ep, const tfo_segment *seg, uint32_t seq);

#endif /* TFO_INPUT_H */
