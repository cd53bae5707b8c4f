/* The RTT estimator and the retransmission timeout. */
#ifndef KCP_RTT_H
#define KCP_RTT_H

#include "kcp_cb.h"

/*
 * rtt_sample: folds one RTT sample (ms) into srtt and rttval and sets
 * rx_rto = srtt + max(interval, 4 * rttval), kept within min_rto..60 s.
 */
void rtt_sample(tfo_kcp *kcp, int32_t rtt);

/*
 * rto_backoff: seg's timeout after a timeout retransmission: doubled
 * (plus at least the current estimate) without nodelay, grown by half of
 * itself with nodelay 1 and by half of the current estimate with nodelay 2.
 */
uint32_t rto_backoff(const tfo_kcp *kcp, uint32_t seg_rto);

#endif /* KCP_RTT_H */
