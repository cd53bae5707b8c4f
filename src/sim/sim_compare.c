/* The compared protocols, the reference workload and the latency statistics. */
#include <stdlib.h>
#include <string.h>

#include "sim_compare.h"

void cmp_reference(struct cmp_workload *w, uint64_t seed)
{
	/* test.cpp: LatencySimulator(10, 60, 125): loss and RTT halved per direction */
	memset(w, 0, sizeof(*w));
	w->loss_pct = 5;
	w->delay_min_ms = 30;
	w->delay_max_ms = 62;
	w->every_ms = 20;
	w->message = 8;
	w->echoes = 1000;
	w->limit_ms = 600000;
	w->seed = seed;
}

const char *cmp_proto_name(int proto)
{
	static const char *const names[] = { "tcp", "tfo", "kcp-default", "kcp-normal",
		                             "kcp-fast" };

	return proto >= 0 && proto < CMP_NPROTO ? names[proto] : "?";
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void cmp_stats(struct cmp_result *r, uint32_t *lat, uint32_t n)
{
	uint64_t sum = 0;

	r->delivered = n;
	if (!n)
		return;
	qsort(lat, n, sizeof(*lat), cmp_u32);
	for (uint32_t i = 0; i < n; i++)
		sum += lat[i];
	r->mean_ms = (double)sum / n;
	r->p50_ms = lat[(n * 50 + 99) / 100 - 1];
	r->p99_ms = lat[(n * 99 + 99) / 100 - 1];
	r->max_ms = lat[n - 1];
}

int cmp_run(const struct cmp_workload *w, int proto, const tfo_allocator *mem,
            struct cmp_result *out)
{
	memset(out, 0, sizeof(*out));
	out->proto = proto;
	if (w->message < 8 || w->echoes == 0 || w->every_ms == 0)
		return TFO_ERR_INVALID;
	switch (proto) {
	case CMP_TCP:
		return cmp_run_tcp(w, 0, mem, out);
	case CMP_TFO:
		return cmp_run_tcp(w, 1, mem, out);
	case CMP_KCP_DEFAULT:
		return cmp_run_kcp(w, TFO_KCP_PRESET_DEFAULT, mem, out);
	case CMP_KCP_NORMAL:
		return cmp_run_kcp(w, TFO_KCP_PRESET_NORMAL, mem, out);
	case CMP_KCP_FAST:
		return cmp_run_kcp(w, TFO_KCP_PRESET_FAST, mem, out);
	default:
		return TFO_ERR_INVALID;
	}
}
