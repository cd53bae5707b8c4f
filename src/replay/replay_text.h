/* The tcpdump text reader. */
#ifndef REPLAY_TEXT_H
#define REPLAY_TEXT_H

#include <stdio.h>

#include <tfo/common.h>

#include "replay_packet.h"

/* Longest line read; longer ones are skipped as unparsable. */
#define REPLAY_TEXT_LINE_MAX 65536

/*
 * replay_text_read: reads tcpdump text output from f line by line (f is
 * not closed). TCP lines go to emit->packet with absolute sequence
 * numbers and, where the line has one, its time; other packets become
 * "non-tcp" anomalies; lines that are not tcpdump output, or are cut
 * short, become a warning "NAME:LINE: ..." (the first few of them) and an
 * "unparsable" anomaly. Returns 0, REPLAY_ERR_INPUT when no line at all
 * could be read (err says why, naming the first bad line),
 * TFO_ERR_NOMEM, or what emit returned.
 */
int replay_text_read(FILE *f, const char *name, uint32_t file, const struct replay_emit *emit,
                     const tfo_allocator *mem, char *err, size_t errsize);

#endif /* REPLAY_TEXT_H */
