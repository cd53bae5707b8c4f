/*
 * Configuration: the reference's defaults (ikcp_create), its knobs
 * (ikcp_nodelay, ikcp_wndsize) and the presets of its experiment (test.cpp).
 */
#include <string.h>

#include "kcp_cb.h"

TFO_EXPORT void tfo_kcp_config_default(tfo_kcp_config *cfg, uint32_t conv)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->conv = conv;
	cfg->interval = KCP_INTERVAL;
	cfg->min_rto = KCP_RTO_MIN;
	cfg->fast_limit = KCP_FASTACK_LIMIT;
	cfg->snd_wnd = KCP_WND_SND;
	cfg->rcv_wnd = KCP_WND_RCV;
	cfg->mtu = KCP_MTU_DEF;
	cfg->dead_link = KCP_DEADLINK;
}

TFO_EXPORT int tfo_kcp_config_set_nodelay(tfo_kcp_config *cfg, int nodelay, uint32_t interval,
                                          uint32_t resend, int nc)
{
	if (nodelay < 0 || nodelay > 2)
		return TFO_ERR_INVALID;
	cfg->nodelay = (uint8_t)nodelay;
	cfg->min_rto = nodelay ? KCP_RTO_NDL : KCP_RTO_MIN;
	cfg->interval = interval < 10 ? 10 : interval > 5000 ? 5000 : interval;
	cfg->resend = resend;
	cfg->nc = nc ? 1 : 0;
	return 0;
}

TFO_EXPORT int tfo_kcp_config_preset(tfo_kcp_config *cfg, uint32_t conv, int preset, int sender)
{
	tfo_kcp_config_default(cfg, conv);
	cfg->snd_wnd = 128;
	cfg->rcv_wnd = 128;
	switch (preset) {
	case TFO_KCP_PRESET_DEFAULT:
		return tfo_kcp_config_set_nodelay(cfg, 0, 10, 0, 0);
	case TFO_KCP_PRESET_NORMAL:
		return tfo_kcp_config_set_nodelay(cfg, 0, 10, 0, 1);
	case TFO_KCP_PRESET_FAST:
		tfo_kcp_config_set_nodelay(cfg, 2, 10, 2, 1);
		if (sender) {
			/* test.cpp then sets kcp1->rx_minrto = 10 and kcp1->fastresend = 1 */
			cfg->min_rto = 10;
			cfg->resend = 1;
		}
		return 0;
	default:
		return TFO_ERR_INVALID;
	}
}

TFO_EXPORT const char *tfo_kcp_preset_name(int preset)
{
	switch (preset) {
	case TFO_KCP_PRESET_DEFAULT:
		return "default";
	case TFO_KCP_PRESET_NORMAL:
		return "normal";
	case TFO_KCP_PRESET_FAST:
		return "fast";
	default:
		return NULL;
	}
}
