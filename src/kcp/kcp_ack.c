/* The ACK list: a growing array, emptied by every flush. */
#include <string.h>

#include "kcp_ack.h"
#include "tfo_alloc.h"

int ack_push(tfo_kcp *kcp, uint32_t sn, uint32_t ts)
{
	if (kcp->ack_count == kcp->ack_cap) {
		uint32_t cap = kcp->ack_cap ? kcp->ack_cap * 2 : 8;
		struct kcp_ack *grown;

		if (cap < kcp->ack_cap)
			return TFO_ERR_NOMEM;
		grown = mem_zalloc(kcp->mem, cap, sizeof(*grown));
		if (!grown)
			return TFO_ERR_NOMEM;
		if (kcp->ack_count)
			memcpy(grown, kcp->acks, kcp->ack_count * sizeof(*grown));
		mem_free(kcp->mem, kcp->acks);
		kcp->acks = grown;
		kcp->ack_cap = cap;
	}
	kcp->acks[kcp->ack_count].sn = sn;
	kcp->acks[kcp->ack_count].ts = ts;
	kcp->ack_count++;
	return 0;
}
