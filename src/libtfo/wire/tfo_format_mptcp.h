/*
 * The Multipath TCP option (kind 30, RFC 8684) as tcpdump 4.99.3 prints it
 * without -v. Part of the tcpdump-style formatter.
 */
#ifndef TFO_FORMAT_MPTCP_H
#define TFO_FORMAT_MPTCP_H

#include <stdint.h>

#include "tfo_strbuf.h"

/*
 * mptcp_print: appends the text after the option name ("mptcp") for the
 * option at opt, len bytes long (kind and length included, all present).
 * tcp_flags are the segment's TFO_TH_* flags, which decide which forms
 * are legal. Returns 1, or 0 where tcpdump prints "[bad opt]" next.
 */
int mptcp_print(struct strbuf *sb, const uint8_t *opt, uint8_t len, uint8_t tcp_flags);

#endif /* TFO_FORMAT_MPTCP_H */
