/* tcpdump's printed TCP option list, turned back into option bytes. */
#ifndef REPLAY_TEXT_OPTS_H
#define REPLAY_TEXT_OPTS_H

#include <stddef.h>

#include <tfo/wire.h>

/*
 * replay_text_opts: appends to seg->opts the options that the text
 * between the brackets of "options [...]" describes, in order, with the
 * codec's builders. Every form tcpdump 4.99 prints is read; options whose
 * bytes the text does not fully give (mptcp, "[len N]", "[bad opt]",
 * "(invalid)", an unknown experiment's body) are left out. Returns 0, or
 * 1 when something was left out; then lost (lostsize bytes) holds the text
 * of the first option left out, NUL-terminated (cut to fit).
 */
int replay_text_opts(tfo_segment *seg, const char *text, size_t len, char *lost, size_t lostsize);

#endif /* REPLAY_TEXT_OPTS_H */
