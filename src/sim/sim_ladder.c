/* Ladder diagrams: one row per moment, merged where a row has room. */
#include <string.h>

#include "sim_kcp.h"
#include "sim_ladder.h"
#include "sim_link.h"
#include "sim_units.h"

#define SIDE_W 12
#define FIXED_W (9 + 2 + SIDE_W + 1 + 1 + SIDE_W) /* a line's columns outside the lane */
#define LANE_MAX (LADDER_WIDTH_MAX - FIXED_W)
#define LANE_BYTES (LANE_MAX * 3 + 1) /* room for multi-byte characters */
#define ELLIPSIS "\xe2\x80\xa6"       /* U+2026, one column */

struct row {
	tfo_time t;
	char left[SIDE_W + 1];
	char right[SIDE_W + 1];
	char lane[LANE_BYTES];
};

#define MAX_NOTES 3

/*
 * The row being built, kept back so that a row of the same moment can be
 * merged into it, with the notes that follow it.
 */
struct render {
	FILE *out;
	size_t lane_w; /* the lane's columns */
	int ascii;
	struct row pending;
	int have_pending;
	char notes[MAX_NOTES][LANE_BYTES];
	int nnotes;
};

/* width: display columns of UTF-8 text (continuation bytes take none). */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((uint8_t)*s & 0xc0) != 0x80;
	return w;
}

static void emit(const struct render *rd, const struct row *r)
{
	FILE *out = rd->out;
	char line[LANE_BYTES + 64], t[32];
	size_t n, w = width(r->lane), pad = w < rd->lane_w ? rd->lane_w - w : 0;

	n = (size_t)snprintf(line, sizeof(line), "%9s  %-*s %s%*s %s", units_ms(t, r->t), SIDE_W,
	                     r->left, r->lane, (int)pad, "", r->right);
	while (n > 0 && line[n - 1] == ' ')
		n--;
	line[n] = '\0';
	fprintf(out, "%s\n", line);
}

static int mergeable(const struct row *a, const struct row *b)
{
	return a->t == b->t && !(a->left[0] && b->left[0]) && !(a->right[0] && b->right[0]) &&
	       !(a->lane[0] && b->lane[0]);
}

/* flush: the pending row and its notes. */
static void flush(struct render *rd)
{
	if (rd->have_pending) {
		emit(rd, &rd->pending);
		for (int i = 0; i < rd->nnotes; i++) {
			struct row r = { .t = rd->pending.t };

			memcpy(r.lane, rd->notes[i], sizeof(r.lane));
			emit(rd, &r);
		}
	}
	rd->have_pending = 0;
	rd->nnotes = 0;
}

/* push: a row, merged into the previous one when they share a moment and do not collide. */
static void push(struct render *rd, const struct row *r)
{
	struct row *p = &rd->pending;

	if (rd->have_pending && mergeable(p, r)) {
		if (r->left[0])
			memcpy(p->left, r->left, sizeof(p->left));
		if (r->right[0])
			memcpy(p->right, r->right, sizeof(p->right));
		if (r->lane[0])
			memcpy(p->lane, r->lane, sizeof(p->lane));
		return;
	}
	flush(rd);
	*p = *r;
	rd->have_pending = 1;
}

/* ---- labels -------------------------------------------------------- */

static void put_flags(char **o, uint8_t f)
{
	/* tcpdump's order: F S R P . U E W */
	static const struct {
		uint8_t bit;
		char c;
	} order[] = { { TFO_TH_FIN, 'F' }, { TFO_TH_SYN, 'S' }, { TFO_TH_RST, 'R' },
		      { TFO_TH_PSH, 'P' }, { TFO_TH_ACK, '.' }, { TFO_TH_URG, 'U' },
		      { TFO_TH_ECE, 'E' }, { TFO_TH_CWR, 'W' } };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (f & order[i].bit)
			*(*o)++ = order[i].c;
	if (!f)
		*(*o)++ = '-';
}

static void put_tfo(char *buf, size_t size, const struct trace_pkt *p, int ascii)
{
	const char *exp = p->tfo_exp ? " exp" : "";
	size_t n = strlen(buf);

	switch (p->tfo) {
	case TR_TFO_REQUEST:
		snprintf(buf + n, size - n, "%s cookie req", exp);
		break;
	case TR_TFO_COOKIE:
		snprintf(buf + n, size - n, "%s cookie %02x%02x%02x%02x%s", exp, p->cookie[0],
		         p->cookie[1], p->cookie[2], p->cookie[3],
		         p->cookie_len <= 4 ? ""
		         : ascii            ? "..."
		                            : ELLIPSIS);
		break;
	case TR_TFO_INVALID:
		snprintf(buf + n, size - n, "%s bad tfo option", exp);
		break;
	default:
		break;
	}
}

char *ladder_label(char *buf, const struct trace_pkt *p, uint32_t isn_self, int known_self,
                   uint32_t isn_peer, int known_peer, int rtx, int ascii)
{
	char flags[12], *o = flags;
	size_t n;

	put_flags(&o, p->flags);
	*o = '\0';
	n = (size_t)snprintf(buf, 96, "%s seq %u", flags,
	                     (unsigned)(known_self ? p->seq - isn_self : p->seq));
	if (p->flags & TFO_TH_ACK)
		n += (size_t)snprintf(buf + n, 96 - n, " ack %u",
		                      (unsigned)(known_peer ? p->ack - isn_peer : p->ack));
	if (p->len)
		snprintf(buf + n, 96 - n, " len %u", (unsigned)p->len);
	put_tfo(buf, 96, p, ascii);
	n = strlen(buf);
	if (rtx)
		snprintf(buf + n, 96 - n, " (rtx)");
	else if (p->dup)
		snprintf(buf + n, 96 - n, " (dup)");
	return buf;
}

/* ---- arrows -------------------------------------------------------- */

static void dashes(char **o, size_t n)
{
	memset(*o, '-', n);
	*o += n;
}

/* cut: shortens text to at most w columns, at a character boundary. */
static void cut(char *text, size_t w)
{
	size_t cols = 0;

	for (char *s = text; *s; s++) {
		if (((uint8_t)*s & 0xc0) != 0x80 && cols++ == w) {
			*s = '\0';
			return;
		}
	}
}

/*
 * arrow: "label ------> end" towards the server, "end <------ label"
 * towards the client; a drop ends in X instead of the head.
 */
static void arrow(size_t lane_w, char *lane, char *label, const char *end, int to_server,
                  int dropped)
{
	size_t room = lane_w - width(end) - 2, w;
	char *o = lane;

	if (width(label) + 2 > room)
		cut(label, room - 2);
	w = room - width(label);
	if (to_server) {
		o += sprintf(o, "%s ", label);
		dashes(&o, w - 1);
		sprintf(o, "%c %s", dropped ? 'X' : '>', end);
	} else {
		o += sprintf(o, "%s %c", end, dropped ? 'X' : '<');
		dashes(&o, w - 1);
		sprintf(o, " %s", label);
	}
}

static void drop_reason(char *buf, size_t size, const struct trace_pkt *p,
                        const struct sim_scenario *sc)
{
	const struct sc_loss *r;

	switch (p->drop) {
	case SIM_DROP_SCRIPT:
		r = &sc->loss[p->rule];
		if (r->nth == 1)
			snprintf(buf, size, "lost (rule: first %s)", sc_pkind_name(r->kind));
		else
			snprintf(buf, size, "lost (rule: %s %llu)", sc_pkind_name(r->kind),
			         (unsigned long long)r->nth);
		break;
	case SIM_DROP_MBOX:
		snprintf(buf, size, "dropped by %s", sc_mbox_name(p->mbox));
		break;
	case SIM_DROP_NAT:
		snprintf(buf, size, "dropped by nat (no mapping)");
		break;
	default:
		snprintf(buf, size, "lost (%s)", sim_drop_name(p->drop));
		break;
	}
}

/* ---- rows ---------------------------------------------------------- */

struct seqstate {
	uint32_t isn[2];
	int known[2];
	uint32_t max_end[2]; /* relative to isn */
};

static int is_rtx(struct seqstate *ss, const struct trace_ev *e)
{
	const struct trace_pkt *p = &e->pkt;
	uint32_t len = p->len + !!(p->flags & TFO_TH_SYN) + !!(p->flags & TFO_TH_FIN);
	uint32_t start = p->seq - ss->isn[e->side];
	int rtx;

	if (!ss->known[e->side] || !len || p->dup)
		return 0;
	rtx = (int32_t)(start - ss->max_end[e->side]) < 0;
	if ((int32_t)(start + len - ss->max_end[e->side]) > 0)
		ss->max_end[e->side] = start + len;
	return rtx;
}

/* note: a line under the pending packet row, its arrow's start marked by ^. */
static void note(struct render *rd, int to_server, const char *text)
{
	char *lane = rd->notes[rd->nnotes];

	if (rd->nnotes == MAX_NOTES)
		return;
	rd->nnotes++;
	if (to_server)
		snprintf(lane, LANE_BYTES, "  ^ %s", text);
	else
		snprintf(lane, LANE_BYTES, "%*s%s ^", (int)(rd->lane_w - 2 - width(text)), "",
		         text);
}

static void packet_rows(struct render *rd, const struct ladder_info *li, struct seqstate *ss,
                        const struct trace_ev *e)
{
	const struct trace_pkt *p = &e->pkt;
	int me = e->side, to_server = me == 0, rtx = is_rtx(ss, e);
	char label[96], end[64], t[32], text[128], a[TFO_ADDRSTRLEN], b[TFO_ADDRSTRLEN];
	struct row r = { .t = e->t };
	int late_reason = 0;

	ladder_label(label, p, ss->isn[me], ss->known[me], ss->isn[!me], ss->known[!me], rtx,
	             rd->ascii);
	if (p->drop) {
		drop_reason(end, sizeof(end), p, li->sc);
		/* A long reason goes on a row of its own. */
		late_reason = width(label) + width(end) + 5 > rd->lane_w;
		arrow(rd->lane_w, r.lane, label, late_reason ? "" : end, to_server, 1);
	} else {
		arrow(rd->lane_w, r.lane, label, units_ms(t, p->arrive), to_server, 0);
	}
	push(rd, &r);
	if (late_reason)
		note(rd, to_server, end);
	if (p->modified & TR_MOD_STRIPPED)
		note(rd, to_server, "a middlebox overwrote the Fast Open option with NOPs");
	/* The translation shows on the handshake; later packets follow it. */
	if ((p->modified & TR_MOD_NAT) && (p->flags & TFO_TH_SYN)) {
		tfo_addr_format(&p->nat_from, a, sizeof(a));
		tfo_addr_format(&p->nat_to, b, sizeof(b));
		snprintf(text, sizeof(text), "nat rewrote %s as %s", a, b);
		note(rd, to_server, text);
	}
}

static void app_row(struct render *rd, const struct trace_ev *e)
{
	struct row r = { .t = e->t };
	char text[96];

	switch (e->type) {
	case TR_REQUEST_IN:
		snprintf(text, sizeof(text), "server app has the whole request (%u B)",
		         (unsigned)e->bytes);
		snprintf(r.lane, sizeof(r.lane), "%*s%s", (int)(rd->lane_w - width(text)), "",
		         text);
		break;
	case TR_ANSWER_IN:
		snprintf(r.lane, sizeof(r.lane), "client app has the first byte of the answer");
		break;
	default:
		snprintf(r.lane, sizeof(r.lane), "client app: connection failed (%s)",
		         tfo_errname(e->error));
		break;
	}
	push(rd, &r);
}

static void find_isns(struct seqstate *ss, const struct trace *tr)
{
	memset(ss, 0, sizeof(*ss));
	for (size_t i = 0; i < tr->len; i++) {
		const struct trace_ev *e = &tr->ev[i];

		if (e->type == TR_PACKET && (e->pkt.flags & TFO_TH_SYN) && !ss->known[e->side]) {
			ss->isn[e->side] = e->pkt.seq;
			ss->known[e->side] = 1;
		}
	}
}

static void header(FILE *out, const struct ladder_info *li, const struct seqstate *ss,
                   size_t lane_w)
{
	char c[TFO_SOCKADDRSTRLEN], s[TFO_SOCKADDRSTRLEN];

	tfo_sockaddr_format(&li->client, c, sizeof(c));
	tfo_sockaddr_format(&li->server, s, sizeof(s));
	fprintf(out, "connection %llu: %s -> %s, request %llu B, answer %llu B\n",
	        (unsigned long long)li->index, c, s, (unsigned long long)li->request,
	        (unsigned long long)li->response);
	if (ss->known[0] && ss->known[1])
		fprintf(out, "seq and ack are relative to the ISNs: client %u, server %u\n",
		        (unsigned)ss->isn[0], (unsigned)ss->isn[1]);
	else if (ss->known[0])
		fprintf(out, "seq is relative to the client's ISN %u\n", (unsigned)ss->isn[0]);
	fprintf(out, "%9s  %-*s %*s %s\n", "time (ms)", SIDE_W, "client", (int)lane_w, "",
	        "server");
}

void ladder_render(FILE *out, const struct ladder_info *li, const struct trace *tr,
                   const struct ladder_style *st)
{
	unsigned w = st && st->width ? st->width : LADDER_WIDTH;
	struct render rd = { .out = out, .ascii = st && st->ascii };
	struct seqstate ss;
	struct row first = { .t = li->start };

	if (w < LADDER_WIDTH_MIN)
		w = LADDER_WIDTH_MIN;
	if (w > LADDER_WIDTH_MAX)
		w = LADDER_WIDTH_MAX;
	rd.lane_w = w - FIXED_W;
	find_isns(&ss, tr);
	header(out, li, &ss, rd.lane_w);
	snprintf(first.left, sizeof(first.left), "%s", tfo_state_name(TFO_CLOSED));
	snprintf(first.right, sizeof(first.right), "%s", tfo_state_name(li->server_initial));
	emit(&rd, &first);
	for (size_t i = 0; i < tr->len; i++) {
		const struct trace_ev *e = &tr->ev[i];
		struct row r = { .t = e->t };

		if (e->type == TR_LOG)
			continue; /* --log prints these */
		if (e->type == TR_PACKET) {
			packet_rows(&rd, li, &ss, e);
		} else if (e->type == TR_STATE) {
			snprintf(e->side ? r.right : r.left, SIDE_W + 1, "%s",
			         tfo_state_name(e->new_state));
			push(&rd, &r);
		} else {
			app_row(&rd, e);
		}
	}
	flush(&rd);
}

/* ---- KCP conversations -------------------------------------------- */

static void kcp_row(struct render *rd, const struct kcp_ladder *kl, const struct trace_ev *e)
{
	struct row r = { .t = e->t };
	char label[192], end[64], t[32];
	int to_server = e->side == 0, late_reason = 0;

	if (e->type == TR_KCP_ECHO) {
		snprintf(r.lane, sizeof(r.lane), "client has echo %u back, %s ms after sending it",
		         (unsigned)e->bytes, units_ms(t, e->pkt.arrive));
		push(rd, &r);
		return;
	}
	snprintf(label, sizeof(label), "%.150s%s", trace_str(&kl->tr, e->text),
	         e->pkt.dup ? " (dup)" : "");
	if (e->pkt.drop) {
		drop_reason(end, sizeof(end), &e->pkt, kl->sc);
		late_reason = width(label) + width(end) + 5 > rd->lane_w;
		arrow(rd->lane_w, r.lane, label, late_reason ? "" : end, to_server, 1);
	} else {
		arrow(rd->lane_w, r.lane, label, units_ms(t, e->pkt.arrive), to_server, 0);
	}
	push(rd, &r);
	if (late_reason)
		note(rd, to_server, end);
}

void kcp_ladder_render(FILE *out, const struct kcp_ladder *kl, const struct ladder_style *st)
{
	unsigned w = st && st->width ? st->width : LADDER_WIDTH;
	struct render rd = { .out = out, .ascii = st && st->ascii };
	const struct kcp_result *res = kl->res;
	char c[TFO_SOCKADDRSTRLEN], s[TFO_SOCKADDRSTRLEN];

	if (w < LADDER_WIDTH_MIN)
		w = LADDER_WIDTH_MIN;
	if (w > LADDER_WIDTH_MAX)
		w = LADDER_WIDTH_MAX;
	rd.lane_w = w - FIXED_W;

	tfo_sockaddr_format(&res->client, c, sizeof(c));
	tfo_sockaddr_format(&res->server, s, sizeof(s));
	fprintf(out, "kcp %u: %s -> %s over UDP, conv %u, preset %s, %llu x %llu B echoed\n",
	        (unsigned)res->line + 1, c, s, (unsigned)res->conv,
	        tfo_kcp_preset_name(res->preset), (unsigned long long)kl->line->count,
	        (unsigned long long)kl->line->message);
	fprintf(out, "%9s  %-*s %*s %s\n", "time (ms)", SIDE_W, "client", (int)rd.lane_w, "",
	        "server");
	for (size_t i = 0; i < kl->tr.len; i++)
		kcp_row(&rd, kl, &kl->tr.ev[i]);
	flush(&rd);
}
