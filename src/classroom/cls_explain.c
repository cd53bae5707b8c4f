/*
 * The sentences of a simulated segment: why it was sent (the application
 * call, the arrival that triggered it, or the timer that ran out) and
 * what the receiver did with it (its Fast Open decision, its state
 * changes, what it answered), read from the connection's trace, which
 * records each event's cause and the endpoints' log lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cls_sim.h"
#include "sim_link.h"

#define SENTENCE_MAX 2048

static const char *const side_name[2] = { "client", "server" };

/* A sentence built in parts: "part; part; part." with the first letter capitalised. */
struct sentence {
	char buf[SENTENCE_MAX];
	size_t n;
	int parts;
};

static void part(struct sentence *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void part(struct sentence *s, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (s->n + 3 >= sizeof(s->buf))
		return;
	if (s->parts++)
		s->n += (size_t)snprintf(s->buf + s->n, sizeof(s->buf) - s->n, "; ");
	va_start(ap, fmt);
	k = vsnprintf(s->buf + s->n, sizeof(s->buf) - s->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		s->n += (size_t)k;
	if (s->n >= sizeof(s->buf))
		s->n = sizeof(s->buf) - 1;
}

static int finish(struct sentence *s, char **out)
{
	if (s->buf[0] >= 'a' && s->buf[0] <= 'z')
		s->buf[0] = (char)(s->buf[0] - 'a' + 'A');
	return cls_strf(out, "%s%s", s->buf, s->n && s->buf[s->n - 1] == '.' ? "" : ".");
}

/* ---- libtfo's Fast Open decisions in words ---------------------------- */

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void put_check(char *check, size_t csize, const char *text)
{
	if (check)
		snprintf(check, csize, "%s", text);
}

/* server_words: the server's decision on a SYN; 0 when line is not one. */
static int server_words(const char *l, char *buf, size_t size, char *check, size_t csize)
{
	unsigned n = 0, q = 0;

	if (sscanf(l, "cookie valid, %u", &n) == 1 && !starts(l, "cookie valid on")) {
		snprintf(
		        buf, size,
		        "the server checks the cookie with its primary key: valid; it hands the %u "
		        "bytes to the application before the handshake completes",
		        n);
		put_check(check, csize, "valid (the server's primary key)");
	} else if (sscanf(l, "cookie valid on the backup key, %u", &n) == 1) {
		snprintf(
		        buf, size,
		        "the server checks the cookie: it was made with its backup key (the key "
		        "before the last rotation), so it is still valid; it hands the %u bytes to "
		        "the application and sends a fresh cookie made with its primary key",
		        n);
		put_check(check, csize, "valid (the server's backup key)");
	} else if (sscanf(l, "invalid cookie, %u", &n) == 1) {
		snprintf(buf, size,
		         "the server checks the cookie: invalid (its keys do not make that cookie "
		         "for "
		         "this address); it drops the %u bytes of data, which the client must send "
		         "again after the handshake, and sends a fresh cookie",
		         n);
		put_check(check, csize, "invalid: not made by the server's keys for this address");
	} else if (sscanf(l, "Fast Open queue full (%u)", &q) == 1) {
		snprintf(buf, size,
		         "the server's queue of Fast Open connections not yet accepted is full "
		         "(%u), "
		         "so it answers as for a plain SYN",
		         q);
	} else if (sscanf(l, "no Fast Open, %u", &n) == 1) {
		snprintf(
		        buf, size,
		        "this listener does not do Fast Open: the server drops the %u bytes of SYN "
		        "data",
		        n);
	} else if (sscanf(l, "no cookie required, %u", &n) == 1) {
		snprintf(buf, size,
		         "the server asks for no cookie (cookieless Fast Open): it hands the %u "
		         "bytes "
		         "to the application at once",
		         n);
	} else if (sscanf(l, "cookie request with data, %u", &n) == 1) {
		snprintf(buf, size,
		         "the SYN asks for a cookie and carries %u bytes too: without a cookie the "
		         "server drops them",
		         n);
	} else if (sscanf(l, "SYN data without a TFO option, %u", &n) == 1) {
		snprintf(buf, size,
		         "the SYN carries %u bytes of data but no Fast Open option, so the server "
		         "drops the data",
		         n);
	} else if (starts(l, "no memory for the SYN data")) {
		snprintf(buf, size, "the server has no memory for the SYN's data and drops it");
	} else {
		return 0;
	}
	return 1;
}

/* client_words: the client's Fast Open decisions; 0 when line is not one. */
static int client_words(const char *l, char *buf, size_t size)
{
	unsigned n = 0, m = 0;

	if (sscanf(l, "cookie learned (%u", &n) == 1)
		snprintf(buf, size,
		         "the client keeps the server's %u-byte cookie in its cache for the next "
		         "visit",
		         n);
	else if (sscanf(l, "SYN-ACK acknowledged %u of %u", &n, &m) == 2)
		snprintf(buf, size,
		         "the SYN-ACK acknowledges %u of the %u bytes the SYN carried, so the "
		         "client "
		         "will send the rest again",
		         n, m);
	else if (starts(l, "client Fast Open paused"))
		snprintf(buf, size,
		         "client Fast Open is paused (a middlebox seemed to drop SYNs with data), "
		         "so "
		         "this is a plain SYN");
	else if (starts(l, "blackhole suspected"))
		snprintf(
		        buf, size,
		        "the client suspects a middlebox that drops SYNs with data and pauses Fast "
		        "Open for a while");
	else if (starts(l, "Fast Open worked again"))
		snprintf(buf, size, "Fast Open worked again, so the client lifts its pause");
	else if (starts(l, "cookie cache: no entry"))
		snprintf(buf, size, "the client has no room in its cookie cache");
	else
		return 0;
	return 1;
}

int cls_fastopen_words(const char *line, char *buf, size_t size, char *check, size_t csize)
{
	const char *l = strstr(line, "tfo: ");

	put_check(check, csize, "");
	if (!l)
		return 0;
	l += 5;
	return server_words(l, buf, size, check, csize) || client_words(l, buf, size);
}

/* ---- why it was sent ------------------------------------------------ */

/* state_before: the side's state just before event i. */
static int state_before(const struct cls_sim_trace *t, size_t i, int side)
{
	int st = side ? t->li->server_initial : TFO_CLOSED;

	for (size_t j = 0; j < i; j++)
		if (t->tr->ev[j].type == TR_STATE && t->tr->ev[j].side == side)
			st = t->tr->ev[j].new_state;
	return st;
}

/*
 * effects: what the side did when packet `cause` arrived, up to event
 * `upto`; with only_tfo, only its Fast Open decisions.
 */
static void effects(const struct cls_sim_trace *t, int32_t cause, int side, size_t upto,
                    int only_tfo, struct sentence *s, char *check, size_t csize)
{
	char words[512], chk[128];

	for (size_t j = (size_t)cause + 1; j < upto && j < t->tr->len; j++) {
		const struct trace_ev *e = &t->tr->ev[j];

		if (e->cause != cause || e->side != side)
			continue;
		if (e->type == TR_LOG && cls_fastopen_words(trace_str(t->tr, e->text), words,
		                                            sizeof(words), chk, sizeof(chk))) {
			part(s, "%s", words);
			if (chk[0])
				put_check(check, csize, chk);
		} else if (only_tfo) {
			continue;
		} else if (e->type == TR_STATE) {
			part(s, "the %s moves from %s to %s", side_name[side],
			     tfo_state_name(e->old_state), tfo_state_name(e->new_state));
		} else if (e->type == TR_REQUEST_IN) {
			part(s, "the server application now has the whole request (%u B)",
			     (unsigned)e->bytes);
		} else if (e->type == TR_ANSWER_IN) {
			part(s, "the client application reads the first byte of the answer");
		} else if (e->type == TR_ERROR) {
			part(s, "the connection fails (%s)", tfo_errname(e->error));
		}
	}
}

static void why_syn(const struct cls_sim_trace *t, size_t i, struct sentence *s)
{
	const struct trace_pkt *p = &t->tr->ev[i].pkt;

	if (p->tfo == TR_TFO_COOKIE && p->len)
		part(s,
		     "the client application sends its %u-byte request with sendto(MSG_FASTOPEN); "
		     "the client holds a cookie for this server from an earlier visit, so the "
		     "cookie and the request ride in the SYN",
		     (unsigned)p->len);
	else if (p->tfo == TR_TFO_REQUEST)
		part(s,
		     "the client application connects with Fast Open on, but the client has no "
		     "cookie for this server yet: the SYN asks for one with an empty Fast Open "
		     "option%s",
		     p->len ? "" : " and carries no data");
	else if (p->tfo == TR_TFO_COOKIE)
		part(s, "the client application connects; the client sends its cookie in the SYN");
	else if (p->len)
		part(s,
		     "the client application sends its %u-byte request with sendto(MSG_FASTOPEN); "
		     "the client is set to send data without a cookie (cookieless Fast Open), so "
		     "the request rides in a SYN with no Fast Open option",
		     (unsigned)p->len);
	else
		part(s, "the client application calls connect(): a plain SYN opens the three-way "
		        "handshake");
	if (p->tfo != TR_TFO_NONE && p->tfo_exp)
		part(s, "with this server the client uses the experimental option of before RFC "
		        "7413 (kind 254, magic 0xF989)");
}

/* why_answer: the reason this packet answers the arrival that caused it. */
static void why_answer(const struct cls_sim_trace *t, size_t i, struct sentence *s)
{
	const struct trace_ev *e = &t->tr->ev[i];
	const struct cls_pkt *v = &t->pkts[i];
	const char *cause = t->labels[e->cause] ? t->labels[e->cause] : "segment";

	if ((e->pkt.flags & TFO_TH_SYN) && (e->pkt.flags & TFO_TH_ACK))
		part(s, "it answers with a SYN-ACK%s%s",
		     e->pkt.tfo == TR_TFO_COOKIE ? " carrying a cookie it made from the client's "
		                                   "address"
		                                 : "",
		     v->acks_data ? " that acknowledges the SYN's data too" : "");
	else if ((e->pkt.flags & TFO_TH_RST) && strncmp(cause, "SYN", 3) == 0 &&
	         strncmp(cause, "SYN-ACK", 7) != 0)
		part(s, "nobody listens on that port, so it refuses the connection with a reset");
	else if (e->pkt.flags & TFO_TH_RST)
		part(s, "it has no connection for it and resets");
	else if (e->pkt.flags & TFO_TH_FIN)
		part(s, "its application closes the connection, so it sends a FIN");
	else if (e->pkt.len && v->rtx)
		part(s, "it sends %u bytes again that the other side has not acknowledged",
		     (unsigned)e->pkt.len);
	else if (e->pkt.len && e->side == CLS_CLIENT && strncmp(cause, "SYN-ACK", 7) == 0)
		part(s,
		     "the connection is open, so the client application's %u-byte request goes "
		     "out now",
		     (unsigned)e->pkt.len);
	else if (e->pkt.len)
		part(s, "its application writes %u bytes", (unsigned)e->pkt.len);
	else if (v->acks_fin)
		part(s, "it acknowledges the FIN");
	else if (strncmp(cause, "SYN-ACK", 7) == 0)
		part(s, "it acknowledges the SYN-ACK, which completes the three-way handshake");
	else
		part(s, "it acknowledges the %s", cause);
}

static void why_app(const struct cls_sim_trace *t, size_t i, struct sentence *s)
{
	const struct trace_ev *e = &t->tr->ev[i];
	const char *who = side_name[e->side];

	if ((e->pkt.flags & TFO_TH_SYN) && !(e->pkt.flags & TFO_TH_ACK)) {
		why_syn(t, i, s);
	} else if (e->pkt.flags & TFO_TH_FIN) {
		part(s, "the %s application closes the connection, so the %s sends a FIN", who,
		     who);
	} else if (e->pkt.len && e->side == CLS_SERVER) {
		part(s, "the server application writes its %u-byte response", (unsigned)e->pkt.len);
		if (state_before(t, i, CLS_SERVER) == TFO_SYN_RECEIVED)
			part(s,
			     "the handshake has not completed yet: with Fast Open the server may "
			     "answer before the client's ACK arrives");
	} else if (e->pkt.len) {
		part(s, "the %s application writes %u bytes", who, (unsigned)e->pkt.len);
	} else {
		part(s, "the %s acknowledges what it has received", who);
	}
}

static void why(const struct cls_sim_trace *t, size_t i, struct sentence *s)
{
	const struct trace_ev *e = &t->tr->ev[i];
	const char *who = side_name[e->side];

	if (e->timer) {
		if (t->pkts[i].rtx && (e->pkt.flags & TFO_TH_SYN) && !(e->pkt.flags & TFO_TH_ACK))
			part(s,
			     "the %s's retransmission timer ran out with no SYN-ACK, so it sends "
			     "the SYN again%s",
			     who,
			     e->pkt.len ? "" : ", without data: the data waits for the handshake");
		else if (t->pkts[i].rtx)
			part(s,
			     "the %s's retransmission timer ran out before an acknowledgement "
			     "came, so it sends the segment again",
			     who);
		else if (!e->pkt.len && !(e->pkt.flags & (TFO_TH_SYN | TFO_TH_FIN)))
			part(s,
			     "the %s's delayed-ACK timer ran out, so it acknowledges what it has "
			     "received",
			     who);
		else
			part(s, "a timer of the %s ran out", who);
		return;
	}
	if (e->cause < 0) {
		why_app(t, i, s);
		return;
	}
	part(s, "the %s received the %s", who, t->labels[e->cause]);
	effects(t, e->cause, e->side, i, 1, s, NULL, 0);
	why_answer(t, i, s);
}

/* ---- what the receiver did ------------------------------------------ */

static void fate(const struct trace_pkt *p, int to, struct sentence *s)
{
	switch (p->drop) {
	case SIM_DROP_MBOX:
		part(s, "a middlebox (%s) drops it on the way: the %s never sees it",
		     sc_mbox_name(p->mbox), side_name[to]);
		break;
	case SIM_DROP_SCRIPT:
		part(s, "it is lost on the link (the scenario's loss rule): the %s never sees it",
		     side_name[to]);
		break;
	case SIM_DROP_LOSS:
		part(s, "it is lost on the link (random loss): the %s never sees it",
		     side_name[to]);
		break;
	case SIM_DROP_NAT:
		part(s, "the NAT has no mapping for it (any more), so it drops it");
		break;
	case SIM_DROP_TIMEOUT:
		part(s, "it was still on its way when the run stopped");
		break;
	default:
		part(s, "it is dropped (%s): the %s never sees it", sim_drop_name(p->drop),
		     side_name[to]);
		break;
	}
}

static void changes(const struct trace_pkt *p, struct sentence *s)
{
	char a[TFO_ADDRSTRLEN], b[TFO_ADDRSTRLEN];

	if (p->modified & TR_MOD_STRIPPED)
		part(s, "on the way a middlebox overwrites its Fast Open option with NOPs");
	if ((p->modified & TR_MOD_NAT) && (p->flags & TFO_TH_SYN)) {
		tfo_addr_format(&p->nat_from, a, sizeof(a));
		tfo_addr_format(&p->nat_to, b, sizeof(b));
		part(s, "on the way the NAT rewrites %s as %s", a, b);
	}
}

/* answers: the packets the receiver sent because this one arrived. */
static void answers(const struct cls_sim_trace *t, size_t i, int to, struct sentence *s)
{
	char list[512];
	size_t n = 0;

	list[0] = '\0';
	for (size_t j = i + 1; j < t->tr->len; j++) {
		const struct trace_ev *e = &t->tr->ev[j];

		if (e->type == TR_PACKET && e->cause == (int32_t)i && e->side == to &&
		    n + 64 < sizeof(list))
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
			                      n ? ", then " : "", t->labels[j]);
	}
	if (n)
		part(s, "the %s answers with: %s", side_name[to], list);
}

static void cookie_check(const struct trace_pkt *p, int to, char *check, size_t csize)
{
	if (p->tfo != TR_TFO_COOKIE)
		return;
	if (to == CLS_CLIENT)
		put_check(check, csize, "made by the server for the client's address");
	else if (p->drop)
		put_check(check, csize, "never checked: the SYN did not arrive");
	else if (p->modified & TR_MOD_STRIPPED)
		put_check(check, csize, "never checked: a middlebox removed the option");
	else
		put_check(check, csize, "not checked: the server does not do Fast Open here");
}

int cls_sim_explain(const struct cls_sim_trace *t, size_t i, struct cls_seg *seg)
{
	const struct trace_ev *e = &t->tr->ev[i];
	int to = !e->side;
	struct sentence *w = calloc(2, sizeof(*w));
	char check[128] = "";
	int rc;

	if (!w)
		return TFO_ERR_NOMEM;
	why(t, i, &w[0]);
	cookie_check(&e->pkt, to, check, sizeof(check));
	if (e->pkt.drop) {
		fate(&e->pkt, to, &w[1]);
	} else {
		changes(&e->pkt, &w[1]);
		effects(t, (int32_t)i, to, t->tr->len, 0, &w[1], check, sizeof(check));
		answers(t, i, to, &w[1]);
		if (!w[1].parts)
			part(&w[1], "the %s takes it in; nothing needs an answer yet",
			     side_name[to]);
	}
	rc = finish(&w[0], &seg->why);
	if (rc == 0)
		rc = finish(&w[1], &seg->what);
	if (rc == 0 && check[0])
		rc = cls_strf(&seg->check, "%s", check);
	free(w);
	return rc;
}
