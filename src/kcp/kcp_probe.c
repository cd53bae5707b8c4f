/* Window probing, as the reference schedules it. */
#include "kcp_probe.h"
#include "kcp_time.h"

void probe_schedule(tfo_kcp *kcp)
{
	if (kcp->rmt_wnd != 0) {
		kcp->ts_probe = 0;
		kcp->probe_wait = 0;
		return;
	}
	if (kcp->probe_wait == 0) {
		kcp->probe_wait = KCP_PROBE_INIT;
		kcp->ts_probe = kcp->current + kcp->probe_wait;
		return;
	}
	if (kcp_diff(kcp->current, kcp->ts_probe) < 0)
		return;
	if (kcp->probe_wait < KCP_PROBE_INIT)
		kcp->probe_wait = KCP_PROBE_INIT;
	kcp->probe_wait += kcp->probe_wait / 2;
	if (kcp->probe_wait > KCP_PROBE_LIMIT)
		kcp->probe_wait = KCP_PROBE_LIMIT;
	kcp->ts_probe = kcp->current + kcp->probe_wait;
	kcp->probe |= KCP_ASK_SEND;
}
