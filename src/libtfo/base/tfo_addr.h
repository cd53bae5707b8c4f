/*
 * Address text without the copy out of a scratch buffer, for callers that
 * format into a buffer of their own with room to spare (report lines).
 */
#ifndef TFO_ADDR_H
#define TFO_ADDR_H

#include <string.h>

#include <tfo/wire.h>

/*
 * sockaddr_text: sa as tfo_sockaddr_format() writes it, NUL-terminated,
 * into out, which must have room for TFO_SOCKADDRSTRLEN bytes. Returns the
 * length, or TFO_ERR_INVALID for a family other than IPv4 and IPv6.
 */
int sockaddr_text(const tfo_sockaddr *sa, char *out);

/*
 * addr_equal: tfo_addr_equal() for two addresses that are not NULL, in
 * line, each family's constant size compared: the simulator asks once a
 * packet, where the call cost as much as the compare.
 */
static inline int addr_equal(const tfo_addr *a, const tfo_addr *b)
{
	if (a->family != b->family)
		return 0;
	if (a->family == TFO_AF_INET)
		return memcmp(a->bytes, b->bytes, 4) == 0;
	if (a->family == TFO_AF_INET6)
		return memcmp(a->bytes, b->bytes, 16) == 0;
	return 1; /* TFO_AF_UNSPEC: no bytes */
}

#endif /* TFO_ADDR_H */
