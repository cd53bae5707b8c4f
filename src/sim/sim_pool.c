/* A free list of fixed-size packet buffers. */
#include "sim_pool.h"
#include "tfo_alloc.h"

void pool_init(struct sim_pool *p, size_t bufsize, const tfo_allocator *mem)
{
	p->mem = mem;
	p->free = NULL;
	p->bufsize = bufsize;
	p->allocated = 0;
	p->in_use = 0;
}

struct sim_packet *pool_get(struct sim_pool *p)
{
	struct sim_packet *pkt = p->free;

	if (pkt) {
		p->free = pkt->next;
	} else {
		pkt = mem_alloc(p->mem, sizeof(*pkt) + p->bufsize);
		if (!pkt)
			return NULL;
		p->allocated++;
	}
	pkt->next = NULL;
	pkt->conn = NULL;
	pkt->conn_gen = 0;
	pkt->len = 0;
	p->in_use++;
	return pkt;
}

void pool_put(struct sim_pool *p, struct sim_packet *pkt)
{
	if (!pkt)
		return;
	pkt->next = p->free;
	p->free = pkt;
	p->in_use--;
}

void pool_free(struct sim_pool *p)
{
	while (p->free) {
		struct sim_packet *n = p->free->next;

		mem_free(p->mem, p->free);
		p->free = n;
	}
}
