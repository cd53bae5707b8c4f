/* Window probing: asking a peer whose window is zero, with growing patience. */
#ifndef KCP_PROBE_H
#define KCP_PROBE_H

#include "kcp_cb.h"

/*
 * probe_schedule: at flush time. While the peer's window is zero, the
 * first WASK is due 7 s after it closed, then each wait grows by half, up
 * to 120 s; an open window resets the schedule. Sets KCP_ASK_SEND when due.
 */
void probe_schedule(tfo_kcp *kcp);

#endif /* KCP_PROBE_H */
