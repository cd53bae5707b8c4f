/*
 * From a replayed trace to the classroom model. Packets are kept per
 * connection (the first REPLAY_LADDER_MAX of each) until the replay hands
 * out the connection's result; then its segments and sentences are made
 * and the packets freed. The sentences come from what the packets carry
 * and from the analysis: whether the cookie checks, how much of the SYN's
 * data the SYN-ACK acknowledged, which later segment acknowledged each.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cls_replay.h"
#include "cls_words.h"
#include "replay_conn_update.h"
#include "replay_ladder.h"
#include "replay_report.h"
#include "sim_ladder.h"

#define NO_TIME_STEP 1000000 /* ns between packets of a trace without times */

static const char *const side_name[2] = { "client", "server" };

struct rpkt {
	int64_t t;
	uint8_t has_time;
	struct cls_wire w;
	struct replay_tfo tfo;
	char *line; /* the tcpdump line */
};

struct pkts {
	struct rpkt *v;
	size_t n, cap;
};

struct cls_replay {
	uint64_t first, extra; /* connections 1 to first, and number extra (0: none) */
	uint64_t max;          /* slots: first, and one for extra */
	struct pkts *open;     /* [max], see slot() */
	struct cls_conn *done; /* [max] */
	uint8_t *have;         /* [max] */
};

int cls_replay_new(struct cls_replay **out, uint64_t first, uint64_t extra)
{
	struct cls_replay *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return TFO_ERR_NOMEM;
	r->first = first;
	r->extra = extra > first ? extra : 0;
	r->max = first + (r->extra != 0);
	r->open = calloc(r->max ? r->max : 1, sizeof(*r->open));
	r->done = calloc(r->max ? r->max : 1, sizeof(*r->done));
	r->have = calloc(r->max ? r->max : 1, 1);
	if (!r->open || !r->done || !r->have) {
		cls_replay_free(r);
		return TFO_ERR_NOMEM;
	}
	*out = r;
	return 0;
}

static void pkts_free(struct pkts *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].line);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

void cls_replay_free(struct cls_replay *r)
{
	if (!r)
		return;
	for (uint64_t i = 0; r->open && i < r->max; i++)
		pkts_free(&r->open[i]);
	for (uint64_t i = 0; r->done && r->have && i < r->max; i++)
		if (r->have[i])
			cls_conn_free(&r->done[i]);
	free(r->open);
	free(r->done);
	free(r->have);
	free(r);
}

/* slot: where connection n is kept, or -1 when it is not drawn. */
static int64_t slot(const struct cls_replay *r, uint64_t n)
{
	if (n >= 1 && n <= r->first)
		return (int64_t)(n - 1);
	return n && n == r->extra ? (int64_t)r->first : -1;
}

int cls_replay_packet(struct cls_replay *r, const struct replay_conn *c,
                      const struct replay_packet *p, int from_client)
{
	struct pkts *l;
	struct rpkt *k;
	char line[TFO_SEGMENT_STRLEN + 2 * TFO_SOCKADDRSTRLEN];

	if (slot(r, c->number) < 0)
		return 0;
	l = &r->open[slot(r, c->number)];
	if (l->n == REPLAY_LADDER_MAX)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct rpkt *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return TFO_ERR_NOMEM;
		l->v = v;
		l->cap = cap;
	}
	k = &l->v[l->n];
	memset(k, 0, sizeof(*k));
	k->t = p->t_ns;
	k->has_time = p->has_time;
	k->w = (struct cls_wire){ .from = !from_client,
		                  .flags = p->seg.flags,
		                  .seq = p->seg.seq,
		                  .ack = p->seg.ack,
		                  .len = p->seg.len };
	replay_tfo_get(&p->seg, &k->tfo);
	k->w.opt = k->tfo.cookie_len < 0    ? CLS_OPT_NONE
	           : k->tfo.cookie_len == 0 ? CLS_OPT_REQUEST
	                                    : CLS_OPT_COOKIE;
	if (tfo_segment_format_line(&p->seg, line, sizeof(line)) >= 0 && !(k->line = strdup(line)))
		return TFO_ERR_NOMEM;
	l->n++;
	return 0;
}

/* ---- sentences ------------------------------------------------------ */

static int why_syn(const struct cls_pkt *v, char **out)
{
	if (v->rtx)
		return cls_strf(out, "No SYN-ACK came back in time, so the client sends its SYN "
		                     "again.");
	if (v->opt == CLS_OPT_COOKIE && v->len)
		return cls_strf(
		        out,
		        "The client sends its %u-byte request in the SYN, with the cookie it "
		        "holds for this server (TCP Fast Open: sendto with MSG_FASTOPEN).",
		        (unsigned)v->len);
	if (v->opt == CLS_OPT_REQUEST)
		return cls_strf(
		        out,
		        "The client has no cookie for this server yet: its SYN asks for one "
		        "with an empty Fast Open option%s.",
		        v->len ? ", and carries data anyway" : "");
	if (v->opt == CLS_OPT_COOKIE)
		return cls_strf(out, "The client sends its cookie in the SYN, without data.");
	return cls_strf(out, "The client opens the connection with a plain SYN.");
}

static int why_synack(const struct replay_result *res, const struct cls_pkt *v, char **out)
{
	const char *cookie = v->opt == CLS_OPT_COOKIE ? ", giving the client a cookie for its "
	                                                "next visit"
	                                              : "";

	if (res->syn_data && res->syn_data_acked == res->syn_data)
		return cls_strf(out,
		                "The server answers the SYN%s; it acknowledges the SYN's %u bytes "
		                "too: the server took the data at once.",
		                cookie, (unsigned)res->syn_data);
	if (res->syn_data)
		return cls_strf(out,
		                "The server answers the SYN%s; it acknowledges %u of the SYN's %u "
		                "bytes: the client must send the rest again.",
		                cookie, (unsigned)res->syn_data_acked, (unsigned)res->syn_data);
	return cls_strf(out, "The server answers the SYN%s.", cookie);
}

static int why_other(const struct cls_pkt *v, int handshake_done, char **out)
{
	const char *who = side_name[v->from];

	if (v->flags & TFO_TH_RST)
		return cls_strf(out, "The %s resets the connection.", who);
	if (v->flags & TFO_TH_FIN)
		return cls_strf(out, "The %s closes its side of the connection.", who);
	if (v->len && v->rtx)
		return cls_strf(out, "The %s sends %u bytes again (a retransmission).", who,
		                (unsigned)v->len);
	if (v->len && v->from == CLS_SERVER && !handshake_done)
		return cls_strf(out,
		                "The server sends %u bytes before the handshake has completed: "
		                "with Fast Open it may answer before the client's ACK arrives.",
		                (unsigned)v->len);
	if (v->len)
		return cls_strf(out, "The %s sends %u bytes.", who, (unsigned)v->len);
	if (v->from == CLS_CLIENT && !handshake_done)
		return cls_strf(out, "The client acknowledges the SYN-ACK: the three-way handshake "
		                     "is complete.");
	if (v->acks_fin)
		return cls_strf(out, "The %s acknowledges the FIN.", who);
	return cls_strf(out, "The %s acknowledges the data it has received.", who);
}

static const char *check_words(int check)
{
	switch (check) {
	case REPLAY_CHECK_PRIMARY:
		return "valid: with the key given (--key), the server's primary key makes this "
		       "cookie for the client's address";
	case REPLAY_CHECK_BACKUP:
		return "valid: the server's backup key (--key) makes this cookie, from before the "
		       "last key change";
	case REPLAY_CHECK_INVALID:
		return "invalid: the key given (--key) does not make this cookie for the client's "
		       "address";
	default:
		return "not known: give the server's key with --key to check it";
	}
}

/* acked_by: the first later segment of the other side that acknowledges all of k. */
static size_t acked_by(const struct pkts *l, size_t i)
{
	const struct cls_wire *w = &l->v[i].w;
	uint32_t end = w->seq + w->len + !!(w->flags & TFO_TH_SYN) + !!(w->flags & TFO_TH_FIN);

	for (size_t j = i + 1; j < l->n; j++) {
		const struct cls_wire *x = &l->v[j].w;

		if (x->from != w->from && (x->flags & TFO_TH_ACK) && (int32_t)(x->ack - end) >= 0)
			return j;
	}
	return l->n;
}

/* synack_for: the first SYN-ACK after segment i, or l->n. */
static size_t synack_for(const struct pkts *l, size_t i)
{
	for (size_t j = i + 1; j < l->n; j++)
		if ((l->v[j].w.flags & (TFO_TH_SYN | TFO_TH_ACK)) == (TFO_TH_SYN | TFO_TH_ACK))
			return j;
	return l->n;
}

/* when: " at 0.021 ms", or "" for a trace without times. */
static const char *when(const struct cls_conn *c, int64_t t, char *buf)
{
	char ms[32];

	if (c->untimed)
		buf[0] = '\0';
	else
		snprintf(buf, 48, ", at %s ms", cls_ms(ms, t));
	return buf;
}

/* what_syn: the server's answer to the client's SYN, and whether the cookie checks. */
static int what_syn(const struct pkts *l, size_t i, const struct cls_conn *c, struct cls_seg *s)
{
	static const char ask[] = "Does the cookie check? ";
	size_t j = synack_for(l, i);
	const struct cls_wire *w = &l->v[i].w;
	char cookie[300] = "", acks[96], at[48];

	if (s->check) {
		snprintf(cookie, sizeof(cookie), "%s%s. ", ask, s->check);
		cookie[sizeof(ask) - 1] = (char)toupper((unsigned char)cookie[sizeof(ask) - 1]);
	}
	if (j == l->n)
		return cls_strf(&s->what, "%sNo SYN-ACK answers it in the capture.", cookie);
	if (!w->len)
		acks[0] = '\0';
	else if ((int32_t)(l->v[j].w.ack - (w->seq + 1 + w->len)) >= 0)
		snprintf(acks, sizeof(acks), ", which acknowledges its %u bytes of data too",
		         (unsigned)w->len);
	else
		snprintf(acks, sizeof(acks),
		         ", which acknowledges the SYN but not its %u bytes of data",
		         (unsigned)w->len);
	return cls_strf(&s->what, "%sThe server answers with segment %zu (%s)%s%s.", cookie, j + 1,
	                c->segs[j].label, when(c, c->segs[j].t_end, at), acks);
}

static int what(const struct pkts *l, size_t i, const struct cls_conn *c, struct cls_seg *s)
{
	const struct cls_wire *w = &l->v[i].w;
	char at[48];
	size_t j;

	if (!w->len && !(w->flags & (TFO_TH_SYN | TFO_TH_FIN | TFO_TH_RST)))
		return cls_strf(&s->what, "An ACK needs no answer.");
	if (w->flags & TFO_TH_RST)
		return cls_strf(&s->what, "The connection ends here.");
	if ((w->flags & TFO_TH_SYN) && !(w->flags & TFO_TH_ACK))
		return what_syn(l, i, c, s);
	j = acked_by(l, i);
	if (j == l->n)
		return cls_strf(&s->what, "Nothing in the capture acknowledges it.");
	return cls_strf(&s->what, "The %s acknowledges it with segment %zu (%s)%s.",
	                side_name[!w->from], j + 1, c->segs[j].label,
	                when(c, c->segs[j].t_end, at));
}

/* ---- segments ------------------------------------------------------- */

static void brief(const struct rpkt *k, const struct pkts *l, char *buf)
{
	struct trace_pkt p = { .flags = k->w.flags,
		               .seq = k->w.seq,
		               .ack = k->w.ack,
		               .len = k->w.len,
		               .tfo = k->w.opt,
		               .tfo_exp = k->tfo.form == REPLAY_OPT_EXPERIMENTAL };
	uint32_t isn[2] = { 0, 0 };
	int known[2] = { 0, 0 };

	for (size_t i = 0; i < l->n; i++)
		if ((l->v[i].w.flags & TFO_TH_SYN) && !known[l->v[i].w.from]) {
			isn[l->v[i].w.from] = l->v[i].w.seq;
			known[l->v[i].w.from] = 1;
		}
	if (k->tfo.cookie_len > 0) {
		p.cookie_len = (uint8_t)k->tfo.cookie_len;
		memcpy(p.cookie, k->tfo.cookie, (size_t)k->tfo.cookie_len);
	}
	ladder_label(buf, &p, isn[k->w.from], known[k->w.from], isn[!k->w.from], known[!k->w.from],
	             0, 0);
}

static int64_t capture_time(const struct pkts *l, size_t i)
{
	const struct rpkt *k = &l->v[i];

	return k->has_time && l->v[0].has_time ? k->t - l->v[0].t : (int64_t)i * NO_TIME_STEP;
}

/*
 * times: an arrow starts when its packet was captured and takes half the
 * round-trip time, but arrives no later than the receiver's next packet
 * (a capture on loopback sees both ends at once).
 */
static void times(const struct pkts *l, size_t i, int64_t owd, struct cls_seg *s)
{
	int64_t end = capture_time(l, i) + owd;

	for (size_t j = i + 1; j < l->n; j++) {
		if (l->v[j].w.from != l->v[i].w.from) {
			int64_t next = capture_time(l, j);

			if (next < end)
				end = next;
			break;
		}
	}
	s->t_send = capture_time(l, i);
	s->t_end = end;
	s->end_pm = 1000;
}

static int segment(struct cls_conn *c, const struct pkts *l, size_t i, struct cls_pkt *v,
                   const struct replay_result *res, int64_t owd, int *hs_done)
{
	const struct rpkt *k = &l->v[i];
	struct cls_seg *s = cls_seg_add(c);
	char b[96], hex[2 * TFO_COOKIE_MAX + 1];
	int rc;

	if (!s)
		return TFO_ERR_NOMEM;
	s->from = k->w.from;
	s->data = k->w.len > 0;
	s->tfo = k->w.opt != CLS_OPT_NONE;
	times(l, i, owd, s);
	brief(k, l, b);
	if (cls_label(&s->label, v) || !(s->brief = strdup(b)) ||
	    (k->line && !(s->tcpdump = strdup(k->line))))
		return TFO_ERR_NOMEM;
	if (k->tfo.cookie_len > 0 &&
	    cls_strf(&s->cookie, "%s", replay_cookie_hex(&k->tfo, hex, sizeof(hex))))
		return TFO_ERR_NOMEM;
	if ((v->flags & TFO_TH_SYN) && !(v->flags & TFO_TH_ACK)) {
		rc = why_syn(v, &s->why);
		if (rc == 0 && s->cookie && !v->rtx)
			rc = cls_strf(&s->check, "%s", check_words(res->check));
	} else if (v->flags & TFO_TH_SYN) {
		rc = why_synack(res, v, &s->why);
		if (rc == 0 && s->cookie)
			rc = cls_strf(&s->check, "made by the server for the client's address");
	} else {
		rc = why_other(v, *hs_done, &s->why);
		if (v->from == CLS_CLIENT && (v->flags & TFO_TH_ACK))
			*hs_done = 1;
	}
	return rc;
}

static int conn(struct cls_conn *c, const struct pkts *l, const struct replay_result *res)
{
	char a[TFO_SOCKADDRSTRLEN], b[TFO_SOCKADDRSTRLEN];
	struct cls_flow f[2];
	int64_t owd = res->rtt_us == REPLAY_NULL ? 0 : res->rtt_us * 1000 / 2;
	int hs_done = 0, rc;

	cls_conn_init(c);
	memset(f, 0, sizeof(f));
	c->untimed = l->n && !l->v[0].has_time;
	tfo_sockaddr_format(&res->client, a, sizeof(a));
	tfo_sockaddr_format(&res->server, b, sizeof(b));
	c->index = res->number;
	c->rtt = 2 * owd;
	c->saved_est = res->saved_us == REPLAY_NULL ? CLS_NO_TIME : res->saved_us * 1000;
	rc = cls_strf(&c->title, "connection %llu: %s \xe2\x86\x92 %s, %llu packets",
	              (unsigned long long)res->number, a, b, (unsigned long long)res->packets);
	if (rc == 0)
		rc = cls_strf(&c->outcome, "%s", replay_outcome_name(res->outcome));
	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		struct cls_pkt v;

		cls_view(f, &l->v[i].w, &v);
		rc = segment(c, l, i, &v, res, owd, &hs_done);
	}
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		rc = what(l, i, c, &c->segs[i]);
	for (size_t i = 0; rc == 0 && i < c->nsegs; i++) {
		int w = c->segs[i].from == CLS_CLIENT ? CLS_MARK_REQUEST : CLS_MARK_ANSWER;

		if (c->segs[i].data && c->mark[w] == CLS_NO_TIME)
			c->mark[w] = c->segs[i].t_end;
	}
	c->mark_text[CLS_MARK_REQUEST] = "the client's first data at the server";
	c->mark_text[CLS_MARK_ANSWER] = "the server's first data at the client";
	return rc;
}

int cls_replay_result(struct cls_replay *r, const struct replay_result *res,
                      const struct replay_conn *c)
{
	int64_t k = slot(r, c->number);
	int rc;

	if (k < 0)
		return 0;
	rc = conn(&r->done[k], &r->open[k], res);
	r->have[k] = 1;
	pkts_free(&r->open[k]);
	return rc;
}

int cls_replay_doc(struct cls_replay *r, struct cls_doc *d, const char *inputs)
{
	size_t n = 0, k = 0;
	int rc;

	for (uint64_t i = 0; i < r->max; i++)
		n += r->have[i];
	rc = cls_doc_init(d, n);
	d->caption = "as captured";
	if (rc == 0)
		rc = cls_strf(&d->title, "replay of %s", inputs);
	if (rc == 0)
		rc = cls_strf(&d->subtitle, "%zu connection%s of the capture", n,
		              n == 1 ? "" : "s");
	if (rc == 0)
		rc = cls_strf(&d->note,
		              "Times are the capture's, in ms from each connection's first packet. "
		              "A capture sees each packet at one place: each arrow starts when its "
		              "packet was captured and takes half the measured round-trip time, or "
		              "less when the receiver's next packet comes sooner.");
	for (uint64_t i = 0; rc == 0 && i < r->max; i++) {
		if (!r->have[i])
			continue;
		d->pairs[k++].on = r->done[i];
		r->have[i] = 0;
	}
	if (rc != 0)
		cls_doc_free(d);
	return rc;
}
