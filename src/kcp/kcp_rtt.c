/*
 * The estimator: the reference's integer version of RFC 6298 (srtt gains
 * 1/8, rttval 1/4), but with the flush interval, not a clock granularity,
 * as the floor of the variance term, and no doubling on timeout. The
 * arithmetic is done in 64 bits: a hostile echoed ts can make a sample of
 * nearly 2^31 ms, where the reference's 32-bit sums would overflow.
 */
#include "kcp_rtt.h"

void rtt_sample(tfo_kcp *kcp, int32_t rtt)
{
	int64_t srtt = kcp->rx_srtt, rttval = kcp->rx_rttval, rto;

	if (srtt == 0) {
		srtt = rtt;
		rttval = rtt / 2;
	} else {
		int64_t delta = rtt > srtt ? rtt - srtt : srtt - rtt;

		rttval = (3 * rttval + delta) / 4;
		srtt = (7 * srtt + rtt) / 8;
		if (srtt < 1)
			srtt = 1;
	}
	kcp->rx_srtt = (int32_t)srtt;
	kcp->rx_rttval = (int32_t)rttval;
	rto = 4 * rttval;
	if (rto < (int64_t)kcp->cfg.interval)
		rto = kcp->cfg.interval;
	rto += srtt;
	if (rto < (int64_t)kcp->cfg.min_rto)
		rto = kcp->cfg.min_rto;
	if (rto > KCP_RTO_MAX)
		rto = KCP_RTO_MAX;
	kcp->rx_rto = (uint32_t)rto;
	kcp->st.rtt_samples++;
}

uint32_t rto_backoff(const tfo_kcp *kcp, uint32_t seg_rto)
{
	uint64_t rto;

	switch (kcp->cfg.nodelay) {
	case 0:
		rto = (uint64_t)seg_rto + (seg_rto > kcp->rx_rto ? seg_rto : kcp->rx_rto);
		break;
	case 1:
		rto = (uint64_t)seg_rto + seg_rto / 2;
		break;
	default:
		rto = (uint64_t)seg_rto + kcp->rx_rto / 2;
		break;
	}
	/* The reference lets a segment's RTO grow without bound; past 2^31 ms the
	 * wraparound comparisons would read it as negative, so stop there. */
	return rto > INT32_MAX ? INT32_MAX : (uint32_t)rto;
}
