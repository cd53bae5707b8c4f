/*
 * The connection table: a chained hash of open connections keyed by
 * canonical 4-tuple, a list of connections in the order their first
 * packet appeared (finished ones wait there until handed out, so output
 * keeps that order), a pool of freed connections for reuse (no
 * allocation per packet, and none per connection once the pool is warm),
 * and a small direct-mapped memory of recently closed 4-tuples that tells
 * late segments of a closed connection from a new one.
 */
#include <string.h>

#include "replay_conn.h"
#include "replay_conn_update.h"
#include "tfo_alloc.h"

#define MIN_BUCKETS 1024u
#define CLOSED_SLOTS 4096u
/* A closed 4-tuple is remembered this long in capture time: Linux's
 * TIME-WAIT is 60 s; twice that covers late segments. */
#define CLOSED_KEEP_NS (INT64_C(120) * 1000000000)

struct closed {
	struct replay_tuple key;
	uint64_t number;
	int64_t t;
	uint32_t isn;
	uint8_t used, has_isn;
};

struct replay_conns {
	const tfo_allocator *mem;
	struct replay_emit emit;
	struct replay_conns_cb cb;
	struct hashtab tab;       /* the open connections, by hn */
	struct replay_conn *last; /* the last one a packet was for, while open */
	struct replay_conn *head, *tail, *pool;
	struct replay_conn *done_head, *done_tail; /* by finish order only */
	int by_finish;
	uint64_t count;
	struct closed closed[CLOSED_SLOTS];
};

int replay_conns_new(struct replay_conns **out, const tfo_allocator *mem,
                     const struct replay_emit *emit, const struct replay_conns_cb *cb)
{
	struct replay_conns *t;

	mem = mem_get(mem);
	t = mem_zalloc(mem, 1, sizeof(*t));
	if (!t)
		return TFO_ERR_NOMEM;
	t->mem = mem;
	t->emit = *emit;
	if (cb)
		t->cb = *cb;
	if (htab_init(&t->tab, mem, MIN_BUCKETS) != 0) {
		mem_free(mem, t);
		return TFO_ERR_NOMEM;
	}
	*out = t;
	return 0;
}

static void free_list(const tfo_allocator *mem, struct replay_conn *c)
{
	struct replay_conn *next;

	for (; c; c = next) {
		next = c->onext;
		mem_free(mem, c);
	}
}

void replay_conns_del(struct replay_conns *t)
{
	if (!t)
		return;
	free_list(t->mem, t->head);
	free_list(t->mem, t->done_head);
	free_list(t->mem, t->pool);
	htab_free(&t->tab, t->mem);
	mem_free(t->mem, t);
}

/*
 * The open connection of the segment src -> dst, found without building
 * its key; *src_is_hi says which end src is. The last connection found
 * is asked first: packets come in trains of one connection (a window's
 * worth, a request and its answer), two in three in a bulk capture, and
 * one match costs less than hashing both ends and walking a chain. A key
 * is open at most once, so the answer is the table's.
 */
static struct replay_conn *find(struct replay_conns *t, const tfo_sockaddr *src,
                                const tfo_sockaddr *dst, int *src_is_hi)
{
	struct hnode *n;

	if (t->last && (*src_is_hi = replay_tuple_match(&t->last->key, src, dst)) >= 0)
		return t->last;
	htab_for_each(&t->tab, replay_ends_hash(src, dst), n) {
		struct replay_conn *c = hnode_entry(n, struct replay_conn, hn);

		*src_is_hi = replay_tuple_match(&c->key, src, dst);
		if (*src_is_hi >= 0) {
			t->last = c;
			return c;
		}
	}
	return NULL;
}

/* FNV-1a over the family, the address's own bytes and the port's two bytes. */
static uint32_t fnv_sockaddr(uint32_t h, const tfo_sockaddr *s)
{
	/* tfo_addr_len's lengths, without its call and NULL test: the slot
	 * is found twice per connection. */
	size_t n = s->addr.family == TFO_AF_INET ? 4 : s->addr.family == TFO_AF_INET6 ? 16 : 0;

	h = (h ^ s->addr.family) * 16777619u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s->addr.bytes[i]) * 16777619u;
	h = (h ^ (s->port & 0xffu)) * 16777619u;
	return (h ^ (uint32_t)(s->port >> 8)) * 16777619u;
}

/*
 * The closed memory's slot of key. Two 4-tuples on one slot displace each
 * other, and that shows in the output (a late segment is then a new
 * connection), so this index stays as first written, apart from the
 * tables' hash: FNV-1a over both ends, a final mix, bits 8 and up.
 */
static size_t closed_index(const struct replay_tuple *key)
{
	uint32_t h = fnv_sockaddr(fnv_sockaddr(2166136261u, &key->lo), &key->hi);

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return (h >> 8) % CLOSED_SLOTS;
}

/* The slot is found once a connection, when it opens, and kept. */
static void remember_closed(struct replay_conns *t, const struct replay_conn *c, int64_t now)
{
	struct closed *s = &t->closed[c->closed_slot];

	s->key = c->key;
	s->number = c->number;
	s->t = now;
	s->isn = c->isn;
	s->has_isn = c->syn_seen;
	s->used = 1;
}

static const struct closed *recently_closed(struct replay_conns *t, size_t slot,
                                            const struct replay_tuple *key,
                                            const struct replay_packet *p)
{
	struct closed *s = &t->closed[slot];

	if (!s->used || !replay_tuple_equal(&s->key, key))
		return NULL;
	if (p->has_time && s->t != REPLAY_NO_TIME && p->t_ns - s->t > CLOSED_KEEP_NS) {
		s->used = 0;
		return NULL;
	}
	return s;
}

/* By finish order: c leaves the order list for the end of the done list. */
static void move_to_done(struct replay_conns *t, struct replay_conn *c)
{
	if (c->oprev)
		c->oprev->onext = c->onext;
	else
		t->head = c->onext;
	if (c->onext)
		c->onext->oprev = c->oprev;
	else
		t->tail = c->oprev;
	c->onext = NULL;
	c->oprev = t->done_tail;
	if (t->done_tail)
		t->done_tail->onext = c;
	else
		t->done_head = c;
	t->done_tail = c;
}

/*
 * Takes c out of the table; it stays in the order list until released
 * (by finish order, it moves to the done list).
 */
static int finish(struct replay_conns *t, struct replay_conn *c, int64_t now)
{
	int rc;

	htab_remove(&t->tab, &c->hn);
	if (t->last == c)
		t->last = NULL;
	c->done = 1;
	if (t->by_finish)
		move_to_done(t, c);
	remember_closed(t, c, now);
	rc = replay_conn_note_gaps(c, &t->emit);
	if (rc == 0 && t->cb.done)
		rc = t->cb.done(t->cb.user, c);
	return rc;
}

static void init_conn(struct replay_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->syn_tfo.cookie_len = -1;
	c->synack_tfo.cookie_len = -1;
	c->t_syn = c->t_syn_last = c->t_synack = c->t_synack_last = REPLAY_NO_TIME;
	c->t_hs_ack = c->t_cdata = c->t_sdata = REPLAY_NO_TIME;
}

/* The client: the SYN's sender; the SYN-ACK's receiver; else, guessing,
 * the side with the higher port (servers mostly sit on the low ones). */
static void set_roles(struct replay_conn *c, const tfo_segment *s, int src_is_hi)
{
	int syn = s->flags & TFO_TH_SYN, ack = s->flags & TFO_TH_ACK;
	int src_client;

	if (syn)
		src_client = !ack;
	else
		src_client =
		        s->src.port > s->dst.port || (s->src.port == s->dst.port && !src_is_hi);
	c->client = src_client ? s->src : s->dst;
	c->server = src_client ? s->dst : s->src;
	c->client_is_hi = (uint8_t)(src_client ? src_is_hi : !src_is_hi);
}

static struct replay_conn *create(struct replay_conns *t, const struct replay_tuple *key,
                                  size_t slot, const struct replay_packet *p, int src_is_hi)
{
	struct replay_conn *c = t->pool;

	if (c)
		t->pool = c->onext;
	else if (!(c = mem_alloc(t->mem, sizeof(*c))))
		return NULL;
	init_conn(c);
	c->key = *key;
	c->number = ++t->count;
	c->first_file = p->file;
	c->first_index = p->index;
	c->closed_slot = (uint32_t)slot;
	set_roles(c, &p->seg, src_is_hi);
	/* Without memory to double, the chains just get longer. */
	(void)htab_insert(&t->tab, t->mem, &c->hn, replay_tuple_hash(key));
	t->last = c;
	c->oprev = t->tail;
	if (t->tail)
		t->tail->onext = c;
	else
		t->head = c;
	t->tail = c;
	return c;
}

static int is_new_syn(const struct replay_conn *c, const tfo_segment *s, int src_is_hi)
{
	int from_client = src_is_hi == c->client_is_hi;

	if ((s->flags & (TFO_TH_SYN | TFO_TH_ACK)) != TFO_TH_SYN)
		return 0;
	/* The same SYN again is a retransmission, not a new connection. */
	return !(from_client && c->syn_seen && s->seq == c->isn);
}

/* A packet for a 4-tuple with no open connection. Returns the connection
 * to use, or NULL with *rc set (0: the packet is skipped). */
static struct replay_conn *open_conn(struct replay_conns *t, const struct replay_tuple *key,
                                     const struct replay_packet *p, int src_is_hi, int *rc)
{
	size_t slot = closed_index(key);
	const struct closed *old = recently_closed(t, slot, key, p);
	const tfo_segment *s = &p->seg;
	int syn_only = (s->flags & (TFO_TH_SYN | TFO_TH_ACK)) == TFO_TH_SYN;
	struct replay_conn *c;

	*rc = 0;
	if (old && (!syn_only || (old->has_isn && old->isn == s->seq))) {
		*rc = replay_note(&t->emit, RA_AFTER_CLOSE, p->file, p->index, old->number,
		                  "segment after the connection closed, skipped");
		return NULL;
	}
	c = create(t, key, slot, p, src_is_hi);
	if (!c) {
		*rc = TFO_ERR_NOMEM;
		return NULL;
	}
	if (old)
		*rc = replay_note(&t->emit, RA_TUPLE_REUSE, p->file, p->index, c->number,
		                  "new SYN on the 4-tuple of connection %llu, closed",
		                  (unsigned long long)old->number);
	else if (!syn_only)
		*rc = replay_note(&t->emit, RA_NO_SYN, p->file, p->index, c->number,
		                  "first packet is not the client's SYN");
	return c;
}

/* A new SYN on an open connection: that one is over, a new one starts. */
static struct replay_conn *reuse(struct replay_conns *t, struct replay_conn *c,
                                 const struct replay_tuple *key, const struct replay_packet *p,
                                 int src_is_hi, int *rc)
{
	uint64_t old = c->number;
	size_t slot = c->closed_slot; /* the same key's */

	*rc = finish(t, c, p->has_time ? p->t_ns : REPLAY_NO_TIME);
	if (*rc != 0)
		return NULL;
	c = create(t, key, slot, p, src_is_hi);
	if (!c) {
		*rc = TFO_ERR_NOMEM;
		return NULL;
	}
	*rc = replay_note(&t->emit, RA_TUPLE_REUSE, p->file, p->index, c->number,
	                  "new SYN on the 4-tuple of connection %llu, still open",
	                  (unsigned long long)old);
	return c;
}

int replay_conns_input(struct replay_conns *t, struct replay_packet *p)
{
	struct replay_tuple key;
	struct replay_conn *c;
	int src_is_hi, from_client, rc = 0;

	c = find(t, &p->seg.src, &p->seg.dst, &src_is_hi);
	if (!c) {
		src_is_hi = replay_tuple_make(&key, &p->seg.src, &p->seg.dst);
		c = open_conn(t, &key, p, src_is_hi, &rc);
	} else if (is_new_syn(c, &p->seg, src_is_hi)) {
		key = c->key;
		c = reuse(t, c, &key, p, src_is_hi, &rc);
	}
	if (!c || rc != 0)
		return rc;
	from_client = src_is_hi == c->client_is_hi;
	rc = replay_conn_update(c, p, from_client, &t->emit);
	if (rc == 0 && t->cb.packet)
		rc = t->cb.packet(t->cb.user, c, p, from_client);
	if (rc == 0 && replay_conn_closed(c))
		rc = finish(t, c, p->has_time ? p->t_ns : REPLAY_NO_TIME);
	return rc;
}

int replay_conns_finish(struct replay_conns *t)
{
	struct replay_conn *c = t->head, *next;

	for (; c; c = next) {
		int rc;

		next = c->onext; /* finish() may move c to the done list */
		if (c->done)
			continue;
		rc = finish(t, c, REPLAY_NO_TIME);
		if (rc != 0)
			return rc;
	}
	return 0;
}

void replay_conns_by_finish(struct replay_conns *t)
{
	t->by_finish = 1;
}

struct replay_conn *replay_conns_next(struct replay_conns *t)
{
	if (t->by_finish)
		return t->done_head;
	return t->head && t->head->done ? t->head : NULL;
}

/* Unlinks the first connection of a list whose ends are *head and *tail. */
static void pop_front(struct replay_conn **head, struct replay_conn **tail)
{
	struct replay_conn *c = *head;

	*head = c->onext;
	if (*head)
		(*head)->oprev = NULL;
	else
		*tail = NULL;
}

void replay_conns_release(struct replay_conns *t, struct replay_conn *c)
{
	if (t->by_finish ? c != t->done_head : c != t->head)
		return;
	if (t->by_finish)
		pop_front(&t->done_head, &t->done_tail);
	else
		pop_front(&t->head, &t->tail);
	c->onext = t->pool;
	t->pool = c;
}
