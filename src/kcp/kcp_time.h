/*
 * Wraparound-safe comparisons of 32-bit sequence numbers and millisecond
 * clocks: every comparison in KCP goes through kcp_diff, so a conversation
 * survives sn and the clock wrapping past 2^32.
 */
#ifndef KCP_TIME_H
#define KCP_TIME_H

#include <stdint.h>

/* kcp_diff: a - b as a signed distance (valid while |a - b| < 2^31). */
static inline int32_t kcp_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

#endif /* KCP_TIME_H */
