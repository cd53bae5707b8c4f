/* The ACKs owed: one (sn, ts) per PUSH received since the last flush. */
#ifndef KCP_ACK_H
#define KCP_ACK_H

#include "kcp_cb.h"

/* ack_push: remembers that sn (sent at ts) must be acknowledged. 0 or TFO_ERR_NOMEM. */
int ack_push(tfo_kcp *kcp, uint32_t sn, uint32_t ts);

#endif /* KCP_ACK_H */
