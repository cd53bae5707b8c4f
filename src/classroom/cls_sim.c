/*
 * From a simulated run to the classroom model: one pair per traced
 * connection, the run as written and, when traced, the run with Fast Open
 * off. Times are from each connection's start.
 */
#include <stdlib.h>
#include <string.h>

#include "cls_sim.h"
#include "sim_link.h"

/* Where a lost packet's cross is drawn, per mille of the way across. */
#define LOST_ON_LINK_PM 700
#define LOST_AT_MIDDLE_PM 500
#define ARROW "\xe2\x86\x92" /* U+2192 */

/* pkt_view: the words' view of a traced packet. */
static void pkt_view(struct cls_flow f[2], const struct trace_ev *e, struct cls_pkt *out)
{
	struct cls_wire w = { .from = e->side,
		              .flags = e->pkt.flags,
		              .opt = e->pkt.tfo,
		              .dup = e->pkt.dup,
		              .seq = e->pkt.seq,
		              .ack = e->pkt.ack,
		              .len = e->pkt.len };

	cls_view(f, &w, out);
}

static char *hex(const uint8_t *b, size_t n)
{
	char *s = malloc(2 * n + 1);

	for (size_t i = 0; s && i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", b[i]);
	if (s)
		s[2 * n] = '\0';
	return s;
}

/* one_way: the link's base delay from host a towards host b. */
static tfo_time one_way(const struct sim_scenario *sc, unsigned a, unsigned b)
{
	int l = scenario_find_link(sc, a, b);

	if (l < 0)
		return 0;
	return sc->links[l].dir[sc->links[l].a == a ? 0 : 1].delay;
}

static void ends(const struct cls_sim_trace *t, const struct trace_ev *e, struct cls_seg *s)
{
	const struct ladder_info *li = t->li;
	unsigned from = e->side ? li->server_host : li->client_host;
	unsigned to = e->side ? li->client_host : li->server_host;
	tfo_time d = one_way(t->sc, from, to);

	s->t_send = (int64_t)(e->t - li->start);
	if (!e->pkt.drop) {
		s->t_end = (int64_t)(e->pkt.arrive - li->start);
		s->end_pm = 1000;
		return;
	}
	s->lost = 1;
	s->end_pm = e->pkt.drop == SIM_DROP_MBOX || e->pkt.drop == SIM_DROP_NAT ||
	                            e->pkt.drop == SIM_DROP_NOROUTE
	                    ? LOST_AT_MIDDLE_PM
	                    : LOST_ON_LINK_PM;
	s->t_end = s->t_send + (int64_t)(d * s->end_pm / 1000);
}

/* change: a middlebox's change to p in a few words, drawn at the middle line. */
static int change(const struct trace_pkt *p, const char *arrow, char **out)
{
	char a[TFO_ADDRSTRLEN], b[TFO_ADDRSTRLEN];

	*out = NULL;
	if (p->modified & TR_MOD_STRIPPED)
		return cls_strf(out, "Fast Open option removed");
	if ((p->modified & TR_MOD_NAT) && (p->flags & TFO_TH_SYN)) {
		tfo_addr_format(&p->nat_from, a, sizeof(a));
		tfo_addr_format(&p->nat_to, b, sizeof(b));
		return cls_strf(out, "NAT: %s %s %s", a, arrow, b);
	}
	if (p->drop == SIM_DROP_MBOX)
		return cls_strf(out, "dropped by %s", sc_mbox_name(p->mbox));
	return 0;
}

static int segment(const struct cls_sim_trace *t, size_t i, struct cls_conn *c, uint32_t isn[2],
                   int known[2])
{
	const struct trace_ev *e = &t->tr->ev[i];
	struct cls_seg *s = cls_seg_add(c);
	char brief[96];
	int me = e->side;

	if (!s)
		return TFO_ERR_NOMEM;
	s->from = me;
	s->data = e->pkt.len > 0;
	s->tfo = e->pkt.tfo != TR_TFO_NONE;
	ends(t, e, s);
	ladder_label(brief, &e->pkt, isn[me], known[me], isn[!me], known[!me], t->pkts[i].rtx,
	             t->ascii);
	if (!(s->label = strdup(t->labels[i])) || !(s->brief = strdup(brief)))
		return TFO_ERR_NOMEM;
	if (e->text && !(s->tcpdump = strdup(trace_str(t->tr, e->text))))
		return TFO_ERR_NOMEM;
	if (e->pkt.tfo == TR_TFO_COOKIE && !(s->cookie = hex(e->pkt.cookie, e->pkt.cookie_len)))
		return TFO_ERR_NOMEM;
	if (change(&e->pkt, t->ascii ? "->" : ARROW, &s->change) != 0)
		return TFO_ERR_NOMEM;
	return cls_sim_explain(t, i, s);
}

/* middle: the names of the middleboxes between the two hosts, or NULL. */
static int middle(const struct sim_scenario *sc, const struct ladder_info *li, char **out)
{
	int l = scenario_find_link(sc, li->client_host, li->server_host);
	char names[128] = "";
	size_t n = 0;

	*out = NULL;
	for (size_t i = 0; l >= 0 && i < sc->nmbox; i++)
		if (sc->mbox[i].link == l)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", n ? " + " : "",
			                      sc_mbox_name(sc->mbox[i].type));
	return n ? cls_strf(out, "%s", names) : 0;
}

static int header(struct cls_conn *c, const struct ladder_info *li, const struct conn_result *r,
                  int ascii)
{
	char a[TFO_SOCKADDRSTRLEN], b[TFO_SOCKADDRSTRLEN];

	tfo_sockaddr_format(&li->client, a, sizeof(a));
	tfo_sockaddr_format(&li->server, b, sizeof(b));
	c->index = li->index;
	c->rtt = (int64_t)sim_link_rtt(li->sc, li->client_host, li->server_host);
	if (r && r->outcome >= 0 && cls_strf(&c->outcome, "%s", tfo_outcome_name(r->outcome)))
		return TFO_ERR_NOMEM;
	if (middle(li->sc, li, &c->middle))
		return TFO_ERR_NOMEM;
	return cls_strf(&c->title, "connection %llu: %s %s %s, request %llu B, answer %llu B",
	                (unsigned long long)li->index, a, ascii ? "->" : ARROW, b,
	                (unsigned long long)li->request, (unsigned long long)li->response);
}

static void isns(const struct trace *tr, uint32_t isn[2], int known[2])
{
	known[0] = known[1] = 0;
	for (size_t i = 0; i < tr->len; i++) {
		const struct trace_ev *e = &tr->ev[i];

		if (e->type == TR_PACKET && (e->pkt.flags & TFO_TH_SYN) && !known[e->side]) {
			isn[e->side] = e->pkt.seq;
			known[e->side] = 1;
		}
	}
}

/* views: every packet's words and label, in trace order. */
static int views(struct cls_sim_trace *t)
{
	struct cls_flow f[2];

	memset(f, 0, sizeof(f));
	t->pkts = calloc(t->tr->len ? t->tr->len : 1, sizeof(*t->pkts));
	t->labels = calloc(t->tr->len ? t->tr->len : 1, sizeof(*t->labels));
	if (!t->pkts || !t->labels)
		return TFO_ERR_NOMEM;
	for (size_t i = 0; i < t->tr->len; i++) {
		if (t->tr->ev[i].type != TR_PACKET)
			continue;
		pkt_view(f, &t->tr->ev[i], &t->pkts[i]);
		if (cls_label(&t->labels[i], &t->pkts[i]))
			return TFO_ERR_NOMEM;
	}
	return 0;
}

static void views_free(struct cls_sim_trace *t)
{
	for (size_t i = 0; t->labels && i < t->tr->len; i++)
		free(t->labels[i]);
	free(t->labels);
	free(t->pkts);
}

static int conn(struct cls_conn *c, const struct sim_result *res, uint64_t k, int ascii)
{
	struct cls_sim_trace t = { .tr = &res->traces[k], .li = &res->info[k], .ascii = ascii };
	uint32_t isn[2] = { 0, 0 };
	int known[2], rc;

	t.sc = t.li->sc;
	rc = header(c, t.li, report_row(&res->rep, t.li->index), ascii);
	if (rc == 0)
		rc = views(&t);
	isns(t.tr, isn, known);
	for (size_t i = 0; rc == 0 && i < t.tr->len; i++) {
		const struct trace_ev *e = &t.tr->ev[i];

		if (e->type == TR_PACKET)
			rc = segment(&t, i, c, isn, known);
		else if (e->type == TR_REQUEST_IN && c->mark[CLS_MARK_REQUEST] == CLS_NO_TIME)
			c->mark[CLS_MARK_REQUEST] = (int64_t)(e->t - t.li->start);
		else if (e->type == TR_ANSWER_IN && c->mark[CLS_MARK_ANSWER] == CLS_NO_TIME)
			c->mark[CLS_MARK_ANSWER] = (int64_t)(e->t - t.li->start);
	}
	views_free(&t);
	return rc;
}

int cls_from_session(struct cls_doc *d, const struct session *ss, int ascii)
{
	uint64_t n = ss->on.ntraced;
	int rc = cls_doc_init(d, (size_t)n);

	if (rc == 0)
		rc = cls_strf(&d->title, "scenario %s, seed %llu", ss->name,
		              (unsigned long long)ss->o.seed);
	if (rc == 0)
		rc = cls_strf(&d->subtitle, "%s", ss->sc->title);
	d->caption = "as run (TCP Fast Open on)";
	if (rc == 0)
		rc = cls_strf(&d->note, "Simulated in virtual time; arrows go from the moment a "
		                        "segment left to the moment it arrived.");
	for (uint64_t k = 0; rc == 0 && k < n; k++) {
		struct cls_pair *p = &d->pairs[k];

		rc = conn(&p->on, &ss->on, k, ascii);
		if (rc == 0 && k < ss->off.ntraced) {
			p->has_off = 1;
			rc = conn(&p->off, &ss->off, k, ascii);
		}
	}
	if (rc != 0)
		cls_doc_free(d);
	return rc;
}
