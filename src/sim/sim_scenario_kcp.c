/*
 * The scenario keyword `kcp`: a KCP conversation (an echo workload over
 * UDP), with the reference's presets and knobs. The preset applies first,
 * whatever the order on the line, then each knob given, to both ends.
 */
#include <string.h>

#include "sim_scenario_kw.h"

/* The knobs given on the line, applied over the preset. */
struct kcp_knobs {
	uint32_t given; /* 1u << knob index */
	uint64_t v[16];
};

enum knob {
	K_PRESET,
	K_NODELAY,
	K_INTERVAL,
	K_RESEND,
	K_NC,
	K_MIN_RTO,
	K_FAST_LIMIT,
	K_SND_WND,
	K_RCV_WND,
	K_MTU,
	K_STREAM,
	K_CONV,
	K_MESSAGE,
	K_EVERY,
	K_COUNT,
	K_FAMILY
};

static const char *const knob_names[] = {
	"preset",     "nodelay", "interval", "resend", "nc",     "min-rto",
	"fast-limit", "snd-wnd", "rcv-wnd",  "mtu",    "stream", "conv",
	"message",    "every",   "count",    "ipv4",   "ipv6",   NULL,
};

static const char *const preset_names[] = { "default", "normal", "fast", NULL };
static const char *const on_off[] = { "off", "on", NULL };

/* A whole number of milliseconds in [lo, hi]. */
static int p_ms(struct parser *p, uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint32_t col = p_col(p);
	tfo_time t;

	if (p_time(p, &t) != 0)
		return TFO_ERR_INVALID;
	if (t % TFO_NS_PER_MS || t / TFO_NS_PER_MS < lo || t / TFO_NS_PER_MS > hi)
		return p_fail(p, col,
		              "expected a whole number of milliseconds from %llums to %llums",
		              (unsigned long long)lo, (unsigned long long)hi);
	*out = t / TFO_NS_PER_MS;
	return 0;
}

static int knob_value(struct parser *p, unsigned k, struct kcp_knobs *kn)
{
	unsigned idx;
	tfo_time t;

	switch (k) {
	case K_PRESET:
		if (p_word(p, preset_names, "a preset (default, normal or fast)", &idx) != 0)
			return TFO_ERR_INVALID;
		kn->v[k] = idx;
		return 0;
	case K_NODELAY:
		return p_count(p, 0, 2, "a nodelay mode", &kn->v[k]);
	case K_INTERVAL:
		return p_ms(p, 10, 5000, &kn->v[k]);
	case K_RESEND:
		return p_count(p, 0, 1000, "a number of skips, 0 for off", &kn->v[k]);
	case K_NC:
		if (p_word(p, on_off, "on or off", &idx) != 0)
			return TFO_ERR_INVALID;
		kn->v[k] = idx;
		return 0;
	case K_MIN_RTO:
		return p_ms(p, 0, 60000, &kn->v[k]);
	case K_FAST_LIMIT:
		return p_count(p, 0, 1000, "a number of sends, 0 for no limit", &kn->v[k]);
	case K_SND_WND:
	case K_RCV_WND:
		return p_count(p, 1, 65535, "a window in segments", &kn->v[k]);
	case K_MTU:
		return p_size(p, 65535, &kn->v[k]);
	case K_STREAM:
		kn->v[k] = 1;
		return 0;
	case K_CONV:
		return p_count(p, 0, UINT32_MAX, "a conversation id", &kn->v[k]);
	case K_MESSAGE:
		return p_size(p, UINT64_C(1) << 24, &kn->v[k]);
	case K_EVERY:
		if (p_time(p, &t) != 0)
			return TFO_ERR_INVALID;
		if (t == 0)
			return p_fail(p, p->ln.word[p->i - 1].col, "'every' needs a time above 0");
		kn->v[k] = t;
		return 0;
	case K_COUNT:
		return p_count(p, 1, SC_KCP_MAX_COUNT, "a number of messages", &kn->v[k]);
	default:
		kn->v[K_FAMILY] = k == K_FAMILY ? TFO_AF_INET : TFO_AF_INET6;
		return 0;
	}
}

/* apply: the preset, then the knobs, into both ends' configurations. */
static void apply(struct sc_kcp *c, const struct kcp_knobs *kn)
{
	for (int side = 0; side < 2; side++) {
		tfo_kcp_config *cfg = &c->cfg[side];

		tfo_kcp_config_preset(cfg, (uint32_t)kn->v[K_CONV], c->preset, side == 0);
		if (kn->given & 1u << K_NODELAY) {
			cfg->nodelay = (uint8_t)kn->v[K_NODELAY];
			cfg->min_rto = cfg->nodelay ? 30 : 100; /* as ikcp_nodelay */
		}
		if (kn->given & 1u << K_INTERVAL)
			cfg->interval = (uint32_t)kn->v[K_INTERVAL];
		if (kn->given & 1u << K_RESEND)
			cfg->resend = (uint32_t)kn->v[K_RESEND];
		if (kn->given & 1u << K_NC)
			cfg->nc = (uint8_t)kn->v[K_NC];
		if (kn->given & 1u << K_MIN_RTO)
			cfg->min_rto = (uint32_t)kn->v[K_MIN_RTO];
		if (kn->given & 1u << K_FAST_LIMIT)
			cfg->fast_limit = (uint32_t)kn->v[K_FAST_LIMIT];
		if (kn->given & 1u << K_SND_WND)
			cfg->snd_wnd = (uint32_t)kn->v[K_SND_WND];
		if (kn->given & 1u << K_RCV_WND)
			cfg->rcv_wnd = (uint32_t)kn->v[K_RCV_WND];
		if (kn->given & 1u << K_MTU)
			cfg->mtu = (uint32_t)kn->v[K_MTU];
		cfg->stream = (uint8_t)kn->v[K_STREAM];
	}
}

static int check(struct parser *p, struct sc_kcp *c, const struct kcp_knobs *kn, uint32_t srv_col)
{
	uint32_t col0 = p->ln.word[0].col;
	uint64_t largest = 127 * (uint64_t)(c->cfg[0].mtu - TFO_KCP_OVERHEAD);

	if (c->cfg[0].mtu < 50)
		return p_fail(p, col0, "'mtu' must be at least 50B (the reference's smallest)");
	if (c->message > largest)
		return p_fail(p, col0,
		              "a message of %llu B needs 128 segments or more (at most %llu B "
		              "at this mtu)",
		              (unsigned long long)c->message, (unsigned long long)largest);
	return p_check_repeat_pair(p, c->every, c->count, (kn->given & 1u << K_COUNT) != 0,
	                           c->client, c->server, srv_col);
}

int kw_kcp(struct parser *p)
{
	struct sim_scenario *sc = p->sc;
	struct sc_kcp c = { 0 };
	struct kcp_knobs kn = { 0 };
	unsigned client, server;
	uint32_t srv_col;
	int fam_col = 0;

	if (p_at_endpoints(p, &c.at, &client, &server, &c.port, &srv_col) != 0)
		return TFO_ERR_INVALID;
	kn.v[K_CONV] = sc->nkcp + 1;
	kn.v[K_MESSAGE] = 8;
	kn.v[K_COUNT] = 1;
	while (p_peek(p)) {
		uint32_t col = p_col(p);
		unsigned k;

		if (p_word(p, knob_names,
		           "a kcp option (preset, nodelay, interval, resend, nc, "
		           "min-rto, fast-limit, snd-wnd, rcv-wnd, mtu, stream, conv, "
		           "message, every, count, ipv4 or ipv6)",
		           &k) != 0 ||
		    knob_value(p, k, &kn) != 0)
			return TFO_ERR_INVALID;
		if (k >= K_FAMILY)
			fam_col = (int)col;
		kn.given |= 1u << (k > K_FAMILY ? K_FAMILY : k);
	}
	c.client = (uint8_t)client;
	c.server = (uint8_t)server;
	c.preset = (int)kn.v[K_PRESET];
	c.message = kn.v[K_MESSAGE];
	c.every = kn.v[K_EVERY];
	c.count = kn.v[K_COUNT];
	c.family = (uint8_t)kn.v[K_FAMILY];
	apply(&c, &kn);
	if (check(p, &c, &kn, srv_col) != 0 ||
	    p_family(p, client, server, &c.family, fam_col, srv_col) != 0)
		return TFO_ERR_INVALID;
	if (sc->nkcp == SC_MAX_KCP)
		return p_fail(p, p->ln.word[0].col, "too many kcp lines (at most %d)", SC_MAX_KCP);
	sc->kcp[sc->nkcp++] = c;
	return 0;
}
