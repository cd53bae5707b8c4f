/*
 * Address text without the copy out of a scratch buffer, for callers that
 * format into a buffer of their own with room to spare (report lines).
 */
#ifndef TFO_ADDR_H
#define TFO_ADDR_H

#include <tfo/wire.h>

/*
 * sockaddr_text: sa as tfo_sockaddr_format() writes it, NUL-terminated,
 * into out, which must have room for TFO_SOCKADDRSTRLEN bytes. Returns the
 * length, or TFO_ERR_INVALID for a family other than IPv4 and IPv6.
 */
int sockaddr_text(const tfo_sockaddr *sa, char *out);

#endif /* TFO_ADDR_H */
