/*
 * tcpdump prints sequence numbers relative to the start of each
 * conversation unless run with -S. This undoes that, by keeping the same
 * per-conversation bases tcpdump kept (facts of tcpdump 4.99's
 * print-tcp.c: only segments with ACK set are made relative; the first
 * such segment of a conversation, and any SYN with ACK, is printed as it
 * is and sets the bases: its sender's base to its seq, the other side's to
 * its ack - 1). Whether a file is relative or absolute is decided at the
 * first segment where it matters, by which reading keeps the numbers
 * close to the bases.
 */
#ifndef REPLAY_TEXTSEQ_H
#define REPLAY_TEXTSEQ_H

#include <tfo/common.h>

#include "replay_text_line.h"

enum replay_seq_mode { SEQ_UNDECIDED, SEQ_RELATIVE, SEQ_ABSOLUTE };

struct replay_textseq;

/* replay_textseq_new: an empty table. Returns 0 or TFO_ERR_NOMEM. */
int replay_textseq_new(struct replay_textseq **out, const tfo_allocator *mem);

/* replay_textseq_del: frees the table (NULL is fine). */
void replay_textseq_del(struct replay_textseq *t);

/*
 * replay_textseq_fix: turns l->seq and l->ack (TL_TCP lines, in file
 * order) into absolute numbers. Returns 0 or TFO_ERR_NOMEM.
 */
int replay_textseq_fix(struct replay_textseq *t, struct replay_text_line *l);

/* replay_textseq_mode: what the file turned out to be so far. */
int replay_textseq_mode(const struct replay_textseq *t);

#endif /* REPLAY_TEXTSEQ_H */
