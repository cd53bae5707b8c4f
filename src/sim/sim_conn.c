/* Connection records: allocation, 4-tuple keys, results. */
#include <string.h>

#include "sim_conn.h"
#include "tfo_alloc.h"

/*
 * more_conns: a block of free records. A record lives as long as its
 * client endpoint, TIME-WAIT included (60 s): every connection of a run
 * shorter than that has a record of its own, and would be an allocation.
 */
static int more_conns(struct sim *s)
{
	struct sim_conn_block *b = mem_alloc(s->mem, sizeof(*b));

	if (!b)
		return TFO_ERR_NOMEM;
	b->next = s->conn_blocks;
	s->conn_blocks = b;
	for (size_t i = SIM_CONN_BLOCK; i-- > 0;) {
		b->conns[i].next = s->free_conns;
		s->free_conns = &b->conns[i];
	}
	return 0;
}

struct sim_conn *sconn_new(struct sim *s)
{
	struct sim_conn *c;

	if (!s->free_conns && more_conns(s) != 0)
		return NULL;
	c = s->free_conns;
	s->free_conns = c->next;
	memset(c, 0, sizeof(*c));
	c->gen = ++s->next_gen;
	c->refs = 1; /* the client endpoint */
	c->req_at = c->first_at = TFO_TIME_NEVER;
	c->prev = s->live_tail;
	if (s->live_tail)
		s->live_tail->next = c;
	else
		s->live_head = c;
	s->live_tail = c;
	if (++s->live > s->res->peak_conns)
		s->res->peak_conns = s->live;
	return c;
}

void sconn_release(struct sim *s, struct sim_conn *c)
{
	if (--c->refs > 0)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->live_head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		s->live_tail = c->prev;
	s->live--;
	c->gen = 0;
	c->next = s->free_conns;
	s->free_conns = c;
}

/* sconn_key, reusing the probe p (may be NULL) when it looked up the same key. */
static int key_side(struct sim *s, struct sim_conn *c, int side, const tfo_sockaddr *local,
                    const tfo_sockaddr *remote, const struct conntab_probe *p)
{
	struct conntab_entry *e = side ? &c->skey : &c->ckey;
	uint8_t *keyed = side ? &c->s_keyed : &c->c_keyed;
	uint32_t host = side ? c->server : c->client;
	int rc;

	if (*keyed)
		return 0;
	e->conn = c;
	if (p && p->key.host == host) {
		rc = conntab_put_probed(&s->tab, e, p);
	} else {
		conntab_key_make(&e->key, host, local, remote);
		rc = conntab_put(&s->tab, e);
	}
	if (rc != 0) {
		sim_fail(s, TFO_ERR_NOMEM);
		return 0;
	}
	*keyed = 1;
	c->refs++;
	return 1;
}

int sconn_key(struct sim *s, struct sim_conn *c, int side, const tfo_sockaddr *local,
              const tfo_sockaddr *remote)
{
	return key_side(s, c, side, local, remote, NULL);
}

void sconn_unkey(struct sim *s, struct sim_conn *c, int side)
{
	struct conntab_entry *e = side ? &c->skey : &c->ckey;
	uint8_t *keyed = side ? &c->s_keyed : &c->c_keyed;

	if (!*keyed)
		return;
	/* Mapped: the table maps the key to e, which is c's. Else a newer record may own it. */
	if (e->mapped)
		conntab_unmap(&s->tab, e);
	else
		conntab_del(&s->tab, &e->key, c);
	*keyed = 0;
	sconn_release(s, c);
}

/* app_lookup, keeping the table's lookup in p. */
static struct sim_conn *lookup(struct sim *s, uint32_t host, const tfo_sockaddr *local,
                               const tfo_sockaddr *remote, struct conntab_probe *p)
{
	struct sim_conn *c;

	conntab_probe(&s->tab, host, local, remote, p);
	c = p->found ? p->found->conn : NULL;
	if (c || !s->ctx || host != s->ctx_host)
		return c;
	/* Not mapped yet: the connection being opened, or the packet's. */
	if (!s->ctx_seg)
		return s->ctx;
	if (tfo_addr_equal(&local->addr, &s->ctx_seg->dst.addr) &&
	    local->port == s->ctx_seg->dst.port &&
	    tfo_addr_equal(&remote->addr, &s->ctx_seg->src.addr) &&
	    remote->port == s->ctx_seg->src.port)
		return s->ctx;
	return NULL;
}

struct sim_conn *app_lookup(struct sim *s, uint32_t host, const tfo_sockaddr *local,
                            const tfo_sockaddr *remote)
{
	struct conntab_probe p;

	return lookup(s, host, local, remote, &p);
}

/*
 * An endpoint mapped to its record carries, in its user pointer, the
 * table entry it keyed (its side of the record), from sconn_key until its
 * CLOSED event (sconn_forget): a live endpoint and a keyed record go one
 * to one, so the pointer answers what the 4-tuple lookup would, without
 * reading the endpoint's info.
 */
void sconn_bind(struct sim_conn *c, int side, tfo_endpoint *ep)
{
	tfo_endpoint_set_user(ep, side ? &c->skey : &c->ckey);
}

struct sim_conn *sconn_of_ep(struct sim *s, uint32_t host, tfo_endpoint *ep)
{
	const struct conntab_entry *e = tfo_endpoint_user(ep);
	struct conntab_probe p;
	tfo_sockaddr local, remote;
	struct sim_conn *c;
	int side;

	if (e)
		return e->conn;
	tfo_endpoint_addrs(ep, &local, &remote);
	c = lookup(s, host, &local, &remote, &p);
	/* Only the endpoint that keys a side holds the record: its key keeps it alive. */
	side = c && host == c->server;
	if (c && tfo_endpoint_state(ep) != TFO_CLOSED && key_side(s, c, side, &local, &remote, &p))
		sconn_bind(c, side, ep);
	return c;
}

/*
 * The entry a sender keyed holds its 4-tuple, which every segment an
 * endpoint sends carries: while the table still maps that key to the
 * entry (not unkeyed, not taken by a newer record), the answer is the
 * lookup's. Otherwise (no sender, nothing keyed yet, a key taken) the
 * table is asked.
 */
struct sim_conn *app_lookup_sent(struct sim *s, uint32_t host, tfo_endpoint *sender,
                                 const tfo_segment *seg)
{
	const struct conntab_entry *e = sender ? tfo_endpoint_user(sender) : NULL;

	if (e && e->mapped && e->key.host == host)
		return e->conn;
	return app_lookup(s, host, &seg->src, &seg->dst);
}

void sconn_forget(tfo_endpoint *ep)
{
	tfo_endpoint_set_user(ep, NULL);
}

void sconn_snapshot(struct sim_conn *c)
{
	tfo_endpoint_info in;

	if (!c->cep)
		return;
	tfo_endpoint_get_info(c->cep, &in);
	c->cinfo.outcome = (int8_t)in.outcome;
	c->cinfo.client_fail = (uint8_t)in.client_fail;
	c->cinfo.syn_data = in.syn_data;
	c->cinfo.syn_data_acked = in.syn_data_acked;
	c->cinfo.retransmits = in.retransmits;
	c->have_cinfo = 1;
}

void app_trace_add(struct sim *s, struct sim_conn *c, const struct trace_ev *ev)
{
	struct trace_ev e = *ev;

	e.cause = c == s->ctx ? s->ctx_cause : TR_NO_CAUSE;
	e.timer = s->in_timer;
	if (trace_add(c->tr, &e, s->mem) != 0)
		sim_fail(s, TFO_ERR_NOMEM);
}

/* row: the rest of c's row, beyond what the sums take (sums_of). */
static void row(struct sim *s, const struct sim_conn *c, struct conn_result *r)
{
	r->index = c->index;
	r->line = (uint16_t)(c->line - s->sc->connect);
	r->client_fail = c->have_cinfo ? c->cinfo.client_fail : 0;
	r->start = c->start;
	r->client = c->ckey.key.local;
	r->server = c->ckey.key.remote;
	r->request = c->line->request;
	r->response = c->lis ? c->lis->response : 0;
	if (c->have_cinfo) {
		r->syn_data = c->cinfo.syn_data;
		r->syn_data_acked = c->cinfo.syn_data_acked;
		r->retransmits = c->cinfo.retransmits;
	}
}

/* sums_of: the fields of c's result that report_add_many reads. */
static void sums_of(struct sim *s, const struct sim_conn *c, int status, struct conn_result *r)
{
	r->status = (uint8_t)status;
	r->outcome = c->have_cinfo ? c->cinfo.outcome : -1;
	r->error = c->error;
	r->rtt = sim_link_rtt(s->sc, c->client, c->server);
	r->req_at_server = c->req_at != TFO_TIME_NEVER ? c->req_at - c->start : TFO_TIME_NEVER;
	r->first_byte = c->first_at != TFO_TIME_NEVER ? c->first_at - c->start : TFO_TIME_NEVER;
}

/*
 * record: c's share of the sums, and its row when the table keeps it
 * (the first rows only: most connections build no row).
 */
static void record(struct sim *s, const struct sim_conn *c, int status)
{
	struct report *rep = &s->res->rep;
	struct conn_result r;

	if (report_keeps_row(rep, c->index)) {
		r = (struct conn_result){ 0 };
		sums_of(s, c, status, &r);
		row(s, c, &r);
		report_add(rep, &r);
		return;
	}
	sums_of(s, c, status, &r);
	report_add_many(rep, &r, 1);
}

void sconn_finish(struct sim *s, struct sim_conn *c, int status)
{
	/* asked twice of most connections (the client closes, then its endpoint) */
	if (c->finalized)
		return;
	c->finalized = 1;
	record(s, c, status);
}

void app_free_all(struct sim *s)
{
	while (s->conn_blocks) {
		struct sim_conn_block *n = s->conn_blocks->next;

		mem_free(s->mem, s->conn_blocks);
		s->conn_blocks = n;
	}
	s->live_head = s->live_tail = s->free_conns = NULL;
}
