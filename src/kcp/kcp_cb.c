/* The control block's public API: life cycle, the clock, send and receive. */
#include <string.h>

#include "kcp_cb.h"
#include "kcp_flush.h"
#include "kcp_input.h"
#include "kcp_queue.h"
#include "kcp_time.h"
#include "tfo_alloc.h"

static int config_valid(const tfo_kcp_config *cfg)
{
	return cfg->nodelay <= 2 && cfg->interval >= 10 && cfg->interval <= 5000 &&
	       cfg->mtu >= 50 && cfg->mtu <= 65535 && cfg->snd_wnd > 0 && cfg->snd_wnd <= 65535 &&
	       cfg->rcv_wnd > 0 && cfg->rcv_wnd <= 65535 && cfg->dead_link > 0 &&
	       cfg->min_rto <= KCP_RTO_MAX;
}

TFO_EXPORT int tfo_kcp_new(const tfo_kcp_config *cfg, const tfo_allocator *mem,
                           tfo_kcp_output_fn output, void *user, tfo_kcp **out)
{
	tfo_kcp *kcp;

	*out = NULL;
	if (!cfg || !output || !config_valid(cfg))
		return TFO_ERR_INVALID;
	mem = mem_get(mem);
	kcp = mem_zalloc(mem, 1, sizeof(*kcp));
	if (!kcp)
		return TFO_ERR_NOMEM;
	kcp->buffer = mem_alloc(mem, cfg->mtu);
	if (!kcp->buffer) {
		mem_free(mem, kcp);
		return TFO_ERR_NOMEM;
	}
	kcp->cfg = *cfg;
	/* The receive window must hold the largest message (ikcp_wndsize) */
	if (kcp->cfg.rcv_wnd < KCP_WND_RCV)
		kcp->cfg.rcv_wnd = KCP_WND_RCV;
	kcp->mem = mem;
	kcp->output = output;
	kcp->user = user;
	kcp->mss = cfg->mtu - TFO_KCP_OVERHEAD;
	kcp->rmt_wnd = KCP_WND_RCV;
	kcp->ssthresh = KCP_THRESH_INIT;
	kcp->rx_rto = KCP_RTO_DEF;
	kcp->ts_flush = KCP_INTERVAL;
	*out = kcp;
	return 0;
}

TFO_EXPORT void tfo_kcp_free(tfo_kcp *kcp)
{
	if (!kcp)
		return;
	list_free_all(&kcp->snd_queue, kcp->mem);
	list_free_all(&kcp->snd_buf, kcp->mem);
	list_free_all(&kcp->rcv_buf, kcp->mem);
	list_free_all(&kcp->rcv_queue, kcp->mem);
	mem_free(kcp->mem, kcp->acks);
	mem_free(kcp->mem, kcp->buffer);
	mem_free(kcp->mem, kcp);
}

TFO_EXPORT void tfo_kcp_config_get(const tfo_kcp *kcp, tfo_kcp_config *cfg)
{
	*cfg = kcp->cfg;
}

TFO_EXPORT int tfo_kcp_send(tfo_kcp *kcp, const void *buf, size_t len)
{
	static const uint8_t nothing[1];

	if (!buf && len)
		return TFO_ERR_INVALID;
	return queue_send(kcp, buf ? buf : nothing, len);
}

TFO_EXPORT int tfo_kcp_recv(tfo_kcp *kcp, void *buf, size_t cap)
{
	return queue_recv(kcp, buf, cap);
}

TFO_EXPORT int tfo_kcp_peek_size(const tfo_kcp *kcp)
{
	return queue_peek_size(kcp);
}

TFO_EXPORT int tfo_kcp_input(tfo_kcp *kcp, uint32_t now_ms, const uint8_t *dgram, size_t len)
{
	/* The reference uses the time of the last update; a caller that updates first gets the same
	 */
	kcp->current = now_ms;
	return input(kcp, dgram, len);
}

TFO_EXPORT int tfo_kcp_flush(tfo_kcp *kcp)
{
	return flush(kcp);
}

TFO_EXPORT int tfo_kcp_update(tfo_kcp *kcp, uint32_t now_ms)
{
	int32_t slap;

	kcp->current = now_ms;
	if (!kcp->updated) {
		kcp->updated = 1;
		kcp->ts_flush = now_ms;
	}
	slap = kcp_diff(now_ms, kcp->ts_flush);
	/* A clock jump of 10 s either way restarts the schedule */
	if (slap >= 10000 || slap < -10000) {
		kcp->ts_flush = now_ms;
		slap = 0;
	}
	if (slap < 0)
		return 0;
	kcp->ts_flush += kcp->cfg.interval;
	if (kcp_diff(now_ms, kcp->ts_flush) >= 0)
		kcp->ts_flush = now_ms + kcp->cfg.interval;
	return flush(kcp);
}

TFO_EXPORT uint32_t tfo_kcp_check(const tfo_kcp *kcp, uint32_t now_ms)
{
	uint32_t ts_flush = kcp->ts_flush, minimal;
	int32_t tm_packet = INT32_MAX;

	if (!kcp->updated)
		return now_ms;
	if (kcp_diff(now_ms, ts_flush) >= 10000 || kcp_diff(now_ms, ts_flush) < -10000)
		ts_flush = now_ms;
	if (kcp_diff(now_ms, ts_flush) >= 0)
		return now_ms;
	for (const struct kcp_seg *seg = kcp->snd_buf.head; seg; seg = seg->next) {
		int32_t diff = kcp_diff(seg->resendts, now_ms);

		if (diff <= 0)
			return now_ms;
		if (diff < tm_packet)
			tm_packet = diff;
	}
	minimal = (uint32_t)kcp_diff(ts_flush, now_ms);
	if ((uint32_t)tm_packet < minimal)
		minimal = (uint32_t)tm_packet;
	if (minimal > kcp->cfg.interval)
		minimal = kcp->cfg.interval;
	return now_ms + minimal;
}

TFO_EXPORT uint32_t tfo_kcp_waitsnd(const tfo_kcp *kcp)
{
	return kcp->snd_buf.count + kcp->snd_queue.count;
}

TFO_EXPORT int tfo_kcp_is_dead(const tfo_kcp *kcp)
{
	return kcp->dead;
}

TFO_EXPORT void tfo_kcp_stats_get(const tfo_kcp *kcp, tfo_kcp_stats *st)
{
	*st = kcp->st;
	st->srtt_ms = (uint32_t)kcp->rx_srtt;
	st->rttvar_ms = (uint32_t)kcp->rx_rttval;
	st->rto_ms = kcp->rx_rto;
	st->cwnd = kcp->cwnd;
	st->ssthresh = kcp->ssthresh;
	st->rmt_wnd = kcp->rmt_wnd;
	st->snd_una = kcp->snd_una;
	st->snd_nxt = kcp->snd_nxt;
	st->rcv_nxt = kcp->rcv_nxt;
}
