/*
 * Chunked byte FIFOs over a per-host chunk pool. Chunks are recycled
 * through the pool, so a connection that sends and receives in a steady
 * rhythm does not call the allocator per segment.
 */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_buf.h"

static uint32_t chunk_cap(int large)
{
	size_t size = large ? BUF_LARGE_SIZE : BUF_SMALL_SIZE;

	return (uint32_t)(size - offsetof(struct buf_chunk, data));
}

void buf_pool_init(struct buf_pool *p, const tfo_allocator *mem)
{
	memset(p, 0, sizeof(*p));
	p->mem = mem;
}

void buf_pool_free(struct buf_pool *p)
{
	for (int k = 0; k < 2; k++) {
		while (p->free[k]) {
			struct buf_chunk *c = p->free[k];

			p->free[k] = c->next;
			mem_free(p->mem, c);
		}
		p->nfree[k] = 0;
	}
}

/* A chunk from the allocator, out of line: the pool nearly always has one. */
static __attribute__((noinline)) struct buf_chunk *chunk_new(struct buf_pool *p, int large)
{
	struct buf_chunk *c = mem_alloc(p->mem, large ? BUF_LARGE_SIZE : BUF_SMALL_SIZE);

	if (c) {
		c->cap = chunk_cap(large);
		c->large = (uint8_t)large;
	}
	return c;
}

static struct buf_chunk *pool_get(struct buf_pool *p, int large)
{
	struct buf_chunk *c = p->free[large];

	if (c) {
		p->free[large] = c->next;
		p->nfree[large]--;
	} else if (!(c = chunk_new(p, large))) {
		return NULL;
	}
	c->next = NULL;
	return c;
}

static void pool_put(struct buf_pool *p, struct buf_chunk *c)
{
	int k = c->large;

	if (p->nfree[k] >= BUF_POOL_KEEP) {
		mem_free(p->mem, c);
		return;
	}
	c->next = p->free[k];
	p->free[k] = c;
	p->nfree[k]++;
}

/* Room left for appending: the rest of wr plus the spares after it. */
static size_t spare(const struct sbuf *b)
{
	size_t n;

	if (!b->wr)
		return 0;
	n = b->wr->cap - b->wr_used;
	for (const struct buf_chunk *c = b->wr->next; c; c = c->next)
		n += c->cap;
	return n;
}

int buf_reserve(struct sbuf *b, struct buf_pool *p, size_t n)
{
	size_t have = spare(b);

	while (have < n) {
		/* A buffer's first chunk is small when the bytes fit in it. */
		int large = b->head || n - have > chunk_cap(0);
		struct buf_chunk *c = pool_get(p, large);

		if (!c)
			return TFO_ERR_NOMEM;
		if (!b->head) {
			b->head = b->wr = b->last = c;
			b->off = b->wr_used = 0;
		} else {
			b->last->next = c;
			b->last = c;
		}
		have += c->cap;
	}
	return 0;
}

int buf_append(struct sbuf *b, struct buf_pool *p, const uint8_t *data, size_t n)
{
	if (n > UINT32_MAX - b->len)
		return TFO_ERR_NOMEM;
	if (buf_reserve(b, p, n) != 0)
		return TFO_ERR_NOMEM;
	buf_put(b, data, n);
	return 0;
}

void buf_put(struct sbuf *b, const uint8_t *data, size_t n)
{
	while (n) {
		size_t room = b->wr->cap - b->wr_used;
		size_t k = n < room ? n : room;

		if (room == 0) {
			b->wr = b->wr->next;
			b->wr_used = 0;
			continue;
		}
		memcpy(b->wr->data + b->wr_used, data, k);
		b->wr_used += (uint32_t)k;
		b->len += (uint32_t)k;
		data += k;
		n -= k;
	}
}

void buf_peek(const struct sbuf *b, size_t off, uint8_t *dst, size_t n)
{
	const struct buf_chunk *c = b->head;
	size_t pos = b->off + off;

	while (c && pos >= c->cap) {
		pos -= c->cap;
		c = c->next;
	}
	while (n && c) {
		size_t k = c->cap - pos;

		if (k > n)
			k = n;
		memcpy(dst, c->data + pos, k);
		dst += k;
		n -= k;
		pos = 0;
		c = c->next;
	}
}

void buf_consume(struct sbuf *b, struct buf_pool *p, size_t n)
{
	if (n > b->len)
		n = b->len;
	b->len -= (uint32_t)n;
	if (b->len == 0) {
		buf_release(b, p);
		return;
	}
	n += b->off;
	while (n >= b->head->cap) {
		struct buf_chunk *c = b->head;

		n -= c->cap;
		b->head = c->next;
		pool_put(p, c);
	}
	b->off = (uint32_t)n;
}

void buf_release_chunks(struct sbuf *b, struct buf_pool *p)
{
	struct buf_chunk *c = b->head;

	while (c) {
		struct buf_chunk *next = c->next;

		pool_put(p, c);
		c = next;
	}
	memset(b, 0, sizeof(*b));
}
