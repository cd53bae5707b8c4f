/*
 * Packet buffers in flight. A packet owns the wire bytes of one IP packet
 * from the moment it enters a link until it is delivered or dropped.
 * Freed buffers go on a free list and are reused, so a run in its steady
 * state allocates nothing per packet.
 */
#ifndef SIM_POOL_H
#define SIM_POOL_H

#include <tfo/wire.h>

struct sim_conn;

struct sim_packet {
	struct sim_packet *next; /* on the free list */
	struct sim_conn *conn;   /* the connection it belongs to, or NULL */
	uint64_t conn_gen;       /* conn's generation when sent: stale if it changed */
	uint32_t len;            /* the IP packet's length on the wire */
	/*
	 * 1: bytes holds the encoded IP packet. 0: nothing looks at the bytes
	 * (no capture), so seg is the segment and bytes its payload alone.
	 */
	uint8_t encoded;
	int32_t trace_idx; /* its TR_PACKET in conn's trace, or -1 when not traced */
	tfo_segment seg;
	uint8_t bytes[]; /* pool->bufsize bytes */
};

struct sim_pool {
	const tfo_allocator *mem;
	struct sim_packet *free;
	size_t bufsize;
	uint64_t allocated; /* buffers ever allocated */
	uint64_t in_use;
};

void pool_init(struct sim_pool *p, size_t bufsize, const tfo_allocator *mem);

/* pool_get: a buffer of p->bufsize bytes, or NULL (out of memory). */
struct sim_packet *pool_get(struct sim_pool *p);

/* pool_put: returns a buffer to the free list (NULL is fine). */
void pool_put(struct sim_pool *p, struct sim_packet *pkt);

/* pool_free: frees every buffer on the free list. */
void pool_free(struct sim_pool *p);

#endif /* SIM_POOL_H */
