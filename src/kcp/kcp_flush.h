/* The flush: everything that leaves, packed into datagrams of at most the MTU. */
#ifndef KCP_FLUSH_H
#define KCP_FLUSH_H

#include "kcp_cb.h"

/* flush: see tfo_kcp_flush. */
int flush(tfo_kcp *kcp);

#endif /* KCP_FLUSH_H */
