/* Connection records: allocation, 4-tuple keys, results. */
#include <string.h>

#include "sim_conn.h"
#include "tfo_alloc.h"

struct sim_conn *sconn_new(struct sim *s)
{
	struct sim_conn *c = s->free_conns;

	if (c)
		s->free_conns = c->next;
	else if (!(c = mem_alloc(s->mem, sizeof(*c))))
		return NULL;
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

int sconn_key(struct sim *s, struct sim_conn *c, int side, const tfo_sockaddr *local,
              const tfo_sockaddr *remote)
{
	struct conntab_entry *e = side ? &c->skey : &c->ckey;
	uint8_t *keyed = side ? &c->s_keyed : &c->c_keyed;

	if (*keyed)
		return 0;
	conntab_key_make(&e->key, side ? c->server : c->client, local, remote);
	e->conn = c;
	if (conntab_put(&s->tab, e) != 0) {
		sim_fail(s, TFO_ERR_NOMEM);
		return 0;
	}
	*keyed = 1;
	c->refs++;
	return 1;
}

void sconn_unkey(struct sim *s, struct sim_conn *c, int side)
{
	uint8_t *keyed = side ? &c->s_keyed : &c->c_keyed;

	if (!*keyed)
		return;
	conntab_del(&s->tab, side ? &c->skey.key : &c->ckey.key, c);
	*keyed = 0;
	sconn_release(s, c);
}

struct sim_conn *app_lookup(struct sim *s, uint32_t host, const tfo_sockaddr *local,
                            const tfo_sockaddr *remote)
{
	struct conntab_key k;
	struct sim_conn *c;

	conntab_key_make(&k, host, local, remote);
	c = conntab_get(&s->tab, &k);
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
	tfo_sockaddr local, remote;
	struct sim_conn *c;
	int side;

	if (e)
		return e->conn;
	tfo_endpoint_addrs(ep, &local, &remote);
	c = app_lookup(s, host, &local, &remote);
	/* Only the endpoint that keys a side holds the record: its key keeps it alive. */
	side = c && host == c->server;
	if (c && tfo_endpoint_state(ep) != TFO_CLOSED && sconn_key(s, c, side, &local, &remote))
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
	if (!c->cep)
		return;
	tfo_endpoint_get_info(c->cep, &c->cinfo);
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

void sconn_finish(struct sim *s, struct sim_conn *c, int status)
{
	struct conn_result r = { 0 };

	if (c->finalized)
		return;
	c->finalized = 1;
	r.index = c->index;
	r.line = (uint16_t)(c->line - s->sc->connect);
	r.status = (uint8_t)status;
	r.outcome = (int8_t)(c->have_cinfo ? c->cinfo.outcome : -1);
	r.client_fail = (uint8_t)(c->have_cinfo ? c->cinfo.client_fail : 0);
	r.error = c->error;
	r.start = c->start;
	r.rtt = sim_link_rtt(s->sc, c->client, c->server);
	r.req_at_server = c->req_at != TFO_TIME_NEVER ? c->req_at - c->start : TFO_TIME_NEVER;
	r.first_byte = c->first_at != TFO_TIME_NEVER ? c->first_at - c->start : TFO_TIME_NEVER;
	r.client = c->ckey.key.local;
	r.server = c->ckey.key.remote;
	r.request = c->line->request;
	r.response = c->lis ? c->lis->response : 0;
	if (c->have_cinfo) {
		r.syn_data = c->cinfo.syn_data;
		r.syn_data_acked = c->cinfo.syn_data_acked;
		r.retransmits = c->cinfo.retransmits;
	}
	report_add(&s->res->rep, &r);
}
