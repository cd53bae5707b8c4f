/* The deterministic segment generator behind the round-trip tests. */
#include <string.h>

#include "seggen.h"

void xs_seed(struct xorshift *x, uint64_t seed)
{
	x->s = seed ? seed : 0x9e3779b97f4a7c15u;
}

/* Marsaglia's xorshift64 (13, 7, 17). */
uint64_t xs_next(struct xorshift *x)
{
	x->s ^= x->s << 13;
	x->s ^= x->s >> 7;
	x->s ^= x->s << 17;
	return x->s;
}

uint32_t xs_below(struct xorshift *x, uint32_t n)
{
	return (uint32_t)(xs_next(x) % n);
}

static void random_bytes(struct xorshift *x, uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)xs_next(x);
}

/* IPv6 groups are zero half the time, so that "::" lands everywhere. */
static void random_addr(struct xorshift *x, tfo_addr *a, int v6)
{
	memset(a, 0, sizeof(*a));
	a->family = v6 ? TFO_AF_INET6 : TFO_AF_INET;
	if (!v6) {
		random_bytes(x, a->bytes, 4);
		return;
	}
	for (int i = 0; i < 8; i++)
		if (xs_below(x, 2))
			random_bytes(x, a->bytes + 2 * i, 2);
}

static void add_cookie_opt(struct xorshift *x, tfo_segment *seg)
{
	uint8_t cookie[TFO_COOKIE_MAX];
	size_t len = xs_below(x, 3) ? 2 * (2 + xs_below(x, 7)) : 0;

	random_bytes(x, cookie, sizeof(cookie));
	tfo_opt_add_fastopen(seg, (int)xs_below(x, 4) == 0, cookie, len);
}

static void add_sack_opt(struct xorshift *x, tfo_segment *seg)
{
	uint32_t l[4], r[4];
	size_t n = 1 + xs_below(x, 4);

	for (size_t i = 0; i < n; i++) {
		l[i] = (uint32_t)xs_next(x);
		r[i] = (uint32_t)xs_next(x);
	}
	tfo_opt_add_sack(seg, l, r, n);
}

static void add_built(struct xorshift *x, tfo_segment *seg)
{
	switch (xs_below(x, 8)) {
	case 0:
		tfo_opt_add_nop(seg);
		break;
	case 1:
		tfo_opt_add_mss(seg, (uint16_t)xs_next(x));
		break;
	case 2:
		tfo_opt_add_wscale(seg, (uint8_t)xs_below(x, TFO_WSCALE_MAX + 1));
		break;
	case 3:
		tfo_opt_add_sack_perm(seg);
		break;
	case 4:
		tfo_opt_add_ts(seg, (uint32_t)xs_next(x), (uint32_t)xs_next(x));
		break;
	case 5:
		add_sack_opt(x, seg);
		break;
	default:
		add_cookie_opt(x, seg);
		break;
	}
}

/* Options a builder will not make: other kinds and wrong lengths. */
static void add_odd(struct xorshift *x, tfo_segment *seg)
{
	static const uint8_t kinds[] = { 2,  3,  4,  5,  8,  6,  7,   11, 12, 13,
		                         19, 20, 28, 29, 30, 34, 254, 9,  99, 200 };
	uint8_t data[TFO_MAX_OPTLEN];
	size_t len = xs_below(x, 20);

	random_bytes(x, data, sizeof(data));
	if (xs_below(x, 2)) {
		data[0] = 0xf9; /* the experimental TFO magic, for kind 254 */
		data[1] = 0x89;
	}
	tfo_opt_add_raw(seg, kinds[xs_below(x, sizeof(kinds))], data, len);
}

/* Multipath TCP options of the lengths its subtypes use, and a few more,
 * so that every form the formatter knows gets printed. */
static void add_mptcp(struct xorshift *x, tfo_segment *seg)
{
	static const uint8_t lens[] = {
		1, 2, 3, 4, 5, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
	};
	uint8_t data[TFO_MAX_OPTLEN];

	random_bytes(x, data, sizeof(data));
	data[0] = (uint8_t)(xs_below(x, 10) << 4 | xs_below(x, 16));
	if (xs_below(x, 2))
		data[1] &= 0x1f;
	tfo_opt_add_raw(seg, 30, data, lens[xs_below(x, sizeof(lens))]);
}

void seggen_options(struct xorshift *x, tfo_segment *seg, enum seggen_opts opts)
{
	size_t n = xs_below(x, 8);

	if (opts == SEGGEN_OPTS_RAW) {
		size_t len = xs_below(x, TFO_MAX_OPTLEN + 1);

		random_bytes(x, seg->opts, len);
		/* Small kinds and lengths make walks that go on for a while. */
		for (size_t i = 0; i < len; i++)
			if (xs_below(x, 2))
				seg->opts[i] = (uint8_t)xs_below(x, 12);
		seg->optlen = (uint8_t)len;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (opts == SEGGEN_OPTS_MIXED && xs_below(x, 3) == 0)
			add_odd(x, seg);
		else if (opts == SEGGEN_OPTS_MIXED && xs_below(x, 6) == 0)
			add_mptcp(x, seg);
		else if (opts == SEGGEN_OPTS_MIXED && xs_below(x, 12) == 0)
			tfo_opt_add_eol(seg);
		else
			add_built(x, seg);
	}
}

void seggen_make(struct xorshift *x, tfo_segment *seg, enum seggen_opts opts, uint8_t *payload,
                 size_t payload_cap)
{
	int v6 = (int)xs_below(x, 2);
	tfo_sockaddr src = { 0 }, dst = { 0 };
	size_t len;

	random_addr(x, &src.addr, v6);
	random_addr(x, &dst.addr, v6);
	src.port = (uint16_t)xs_next(x);
	dst.port = (uint16_t)xs_next(x);
	tfo_segment_init(seg, &src, &dst);
	seg->seq = (uint32_t)xs_next(x);
	seg->ack = (uint32_t)xs_next(x);
	seg->flags = (uint8_t)xs_next(x);
	seg->reserved = (uint8_t)xs_below(x, 16);
	seg->window = (uint16_t)xs_next(x);
	seg->urgent = (uint16_t)xs_next(x);
	seg->ip.tos = (uint8_t)xs_next(x);
	seg->ip.ttl = (uint8_t)xs_next(x);
	seg->ip.id = (uint16_t)xs_next(x);
	seg->ip.frag = xs_below(x, 2) ? 0x4000 : 0;
	seg->ip.flowlabel = (uint32_t)xs_next(x) & 0xfffffu;
	seg->ip.verbatim = (uint8_t)xs_below(x, 2);
	seggen_options(x, seg, opts);
	len = xs_below(x, 4) == 0 ? 0 : xs_below(x, (uint32_t)payload_cap + 1);
	random_bytes(x, payload, len);
	seg->len = (uint32_t)len;
	seg->payload = len ? payload : NULL;
}
