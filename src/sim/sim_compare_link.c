/*
 * The reference experiment's network (test.cpp's LatencySimulator), one
 * direction: loss drawn without replacement from a bag of the numbers
 * 0..99 refilled when empty (so exactly loss_pct of every 100 packets are
 * lost), a one-way delay of min + rand() % (max - min) ms, and a FIFO
 * that delivers a packet only once it and every one ahead of it are due:
 * datagrams stay in order, a slow one holds back those behind it.
 */
#include <string.h>

#include "sim_compare.h"
#include "tfo_alloc.h"

int cmp_dir_init(struct cmp_dir *d, const struct cmp_workload *w, const char *label,
                 const tfo_allocator *mem)
{
	char name[64];

	memset(d, 0, sizeof(*d));
	d->w = w;
	snprintf(name, sizeof(name), "compare %s loss", label);
	rng_init(&d->loss, w->seed, name);
	snprintf(name, sizeof(name), "compare %s delay", label);
	rng_init(&d->delay, w->seed, name);
	d->store = mem_alloc(mem, (size_t)CMP_QUEUE_MAX * CMP_PKT_MAX);
	return d->store ? 0 : TFO_ERR_NOMEM;
}

void cmp_dir_free(struct cmp_dir *d, const tfo_allocator *mem)
{
	mem_free(mem, d->store);
	d->store = NULL;
}

static uint32_t bag_draw(struct cmp_dir *d)
{
	uint32_t i, x;

	if (d->bag_len == 0) {
		for (uint32_t k = 0; k < 100; k++)
			d->bag[k] = (uint8_t)k;
		d->bag_len = 100;
	}
	i = (uint32_t)rng_below(&d->loss, d->bag_len);
	x = d->bag[i];
	d->bag[i] = d->bag[--d->bag_len];
	return x;
}

void cmp_dir_send(struct cmp_dir *d, uint32_t now_ms, const uint8_t *bytes, size_t len, size_t wire)
{
	const struct cmp_workload *w = d->w;
	uint32_t slot, delay = w->delay_min_ms;
	struct cmp_pkt *p;

	d->wire_bytes += wire;
	if (bag_draw(d) < w->loss_pct || d->len == CMP_QUEUE_MAX || len > CMP_PKT_MAX)
		return;
	if (w->delay_max_ms > w->delay_min_ms)
		delay += (uint32_t)rng_below(&d->delay, w->delay_max_ms - w->delay_min_ms);
	slot = (d->head + d->len) % CMP_QUEUE_MAX;
	p = &d->q[slot];
	p->at_ms = now_ms + delay;
	p->len = (uint32_t)len;
	p->bytes = d->store + (size_t)slot * CMP_PKT_MAX;
	memcpy(p->bytes, bytes, len);
	d->len++;
}

const struct cmp_pkt *cmp_dir_recv(struct cmp_dir *d, uint32_t now_ms)
{
	const struct cmp_pkt *p;

	if (d->len == 0 || (int32_t)(now_ms - d->q[d->head].at_ms) < 0)
		return NULL;
	p = &d->q[d->head];
	d->head = (d->head + 1) % CMP_QUEUE_MAX;
	d->len--;
	return p;
}
