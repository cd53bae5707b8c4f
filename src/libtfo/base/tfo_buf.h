/*
 * Byte buffers for the send and receive queues: chains of chunks taken
 * from a per-host pool, so that a connection costs nothing until it holds
 * data and the steady state recycles chunks instead of allocating.
 */
#ifndef TFO_BUF_H
#define TFO_BUF_H

#include <stddef.h>
#include <stdint.h>

#include <tfo/common.h>

/* Two chunk sizes: a small one for the first bytes of a buffer (a request
 * that fits in a SYN costs 256 bytes, not 4 KiB), large ones after that. */
#define BUF_SMALL_SIZE 256u
#define BUF_LARGE_SIZE 4096u
/* Free chunks a pool keeps per size; more are given back to the allocator. */
#define BUF_POOL_KEEP 256u

struct buf_chunk {
	struct buf_chunk *next;
	uint32_t cap; /* data bytes */
	uint8_t large;
	uint8_t data[];
};

struct buf_pool {
	const tfo_allocator *mem;
	struct buf_chunk *free[2];
	uint32_t nfree[2];
};

/*
 * A FIFO of bytes. Chunks after wr are empty spares from buf_reserve().
 */
struct sbuf {
	struct buf_chunk *head; /* data starts at head->data[off] */
	struct buf_chunk *wr;   /* the chunk being filled */
	struct buf_chunk *last; /* the last chunk of the chain */
	uint32_t off;
	uint32_t wr_used;
	uint32_t len; /* bytes held */
};

void buf_pool_init(struct buf_pool *p, const tfo_allocator *mem);
/* buf_pool_free: frees every pooled chunk. */
void buf_pool_free(struct buf_pool *p);

/*
 * buf_reserve: makes room for n more bytes so that buf_append() of up to n
 * bytes cannot fail. Returns 0 or TFO_ERR_NOMEM (the buffer's contents are
 * unchanged either way).
 */
int buf_reserve(struct sbuf *b, struct buf_pool *p, size_t n);

/* buf_append: appends n bytes, all or nothing. Returns 0 or TFO_ERR_NOMEM. */
int buf_append(struct sbuf *b, struct buf_pool *p, const uint8_t *data, size_t n);

/*
 * buf_put: appends n bytes into room buf_reserve() made (n at most what
 * it was asked for since; the length stays below 4 GiB).
 */
void buf_put(struct sbuf *b, const uint8_t *data, size_t n);

/* buf_peek: copies n bytes starting off bytes into the buffer; off + n <= len. */
void buf_peek(const struct sbuf *b, size_t off, uint8_t *dst, size_t n);

/*
 * buf_span: where the n bytes starting off bytes into the buffer lie, when
 * its first chunk holds them all (off + n <= len); else NULL, and
 * buf_peek() copies them out. Valid until the buffer changes.
 */
static inline const uint8_t *buf_span(const struct sbuf *b, size_t off, size_t n)
{
	const struct buf_chunk *c = b->head;
	size_t pos = b->off + off;

	return c && n <= c->cap && pos <= c->cap - n ? c->data + pos : NULL;
}

/* buf_consume: drops n <= len bytes from the front; empty chunks go back to the pool. */
void buf_consume(struct sbuf *b, struct buf_pool *p, size_t n);

/* buf_release_chunks: buf_release() for a buffer that has chunks. */
void buf_release_chunks(struct sbuf *b, struct buf_pool *p);

/*
 * buf_release: gives every chunk back; the buffer is empty afterwards. In
 * line: a buffer without chunks is all zero already (only a release
 * leaves head NULL), and most endpoints close with both queues so.
 */
static inline void buf_release(struct sbuf *b, struct buf_pool *p)
{
	if (b->head)
		buf_release_chunks(b, p);
}

/*
 * buf_trim: an empty buffer gives its spare chunks back to the pool. In
 * line, as it is asked after every segment: a buffer without chunks is
 * left as it is (see buf_release).
 */
static inline void buf_trim(struct sbuf *b, struct buf_pool *p)
{
	if (b->len == 0)
		buf_release(b, p);
}

#endif /* TFO_BUF_H */
