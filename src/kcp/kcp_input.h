/* Received datagrams: segments taken apart and acted on. */
#ifndef KCP_INPUT_H
#define KCP_INPUT_H

#include "kcp_cb.h"

/* input: see tfo_kcp_input. */
int input(tfo_kcp *kcp, const uint8_t *dgram, size_t len);

#endif /* KCP_INPUT_H */
