/* Segment labels in the seed notes' words. */
#include <stdio.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cls_model.h"
#include "cls_words.h"

void cls_view(struct cls_flow f[2], const struct cls_wire *w, struct cls_pkt *out)
{
	struct cls_flow *me = &f[w->from], *peer = &f[!w->from];
	uint32_t len = w->len + !!(w->flags & TFO_TH_SYN) + !!(w->flags & TFO_TH_FIN);
	uint32_t end;

	memset(out, 0, sizeof(*out));
	out->from = w->from;
	out->flags = w->flags;
	out->opt = w->opt;
	out->len = w->len;
	out->dup = w->dup;
	if ((w->flags & TFO_TH_SYN) && !me->known) {
		me->isn = w->seq;
		me->max_end = w->seq;
		me->known = 1;
	}
	if (me->known && len && !w->dup) {
		end = w->seq + len;
		out->rtx = (int32_t)(w->seq - me->max_end) < 0;
		if ((int32_t)(end - me->max_end) > 0)
			me->max_end = end;
	}
	if (w->len)
		me->data = 1;
	if (w->flags & TFO_TH_FIN) {
		me->fin = 1;
		me->fin_seq = w->seq + w->len;
	}
	if ((w->flags & TFO_TH_ACK) && peer->known) {
		out->acks_fin = peer->fin && (int32_t)(w->ack - (peer->fin_seq + 1)) >= 0;
		out->acks_data = peer->data && (int32_t)(w->ack - (peer->isn + 1)) > 0;
	}
}

static const char *syn_words(const struct cls_pkt *p)
{
	switch (p->opt) {
	case CLS_OPT_REQUEST:
		return p->len ? "SYN + cookie request + data" : "SYN + cookie request";
	case CLS_OPT_COOKIE:
		return p->len ? "SYN + cookie + data" : "SYN + cookie";
	case CLS_OPT_INVALID:
		return p->len ? "SYN + bad Fast Open option + data" : "SYN + bad Fast Open option";
	default:
		return p->len ? "SYN + data" : "SYN";
	}
}

static const char *synack_words(const struct cls_pkt *p)
{
	if (p->opt == CLS_OPT_COOKIE)
		return p->acks_data ? "SYN-ACK + cookie (acks the data)" : "SYN-ACK + cookie";
	return p->acks_data ? "SYN-ACK (acks the data)" : "SYN-ACK";
}

/* base: the words before the length and the retransmission mark. */
static const char *base(const struct cls_pkt *p, int *with_len)
{
	uint8_t f = p->flags;

	*with_len = 0;
	if (f & TFO_TH_RST)
		return "RST";
	if ((f & TFO_TH_SYN) && (f & TFO_TH_ACK))
		return synack_words(p);
	if (f & TFO_TH_SYN)
		return syn_words(p);
	*with_len = p->len > 0;
	if (f & TFO_TH_FIN)
		return p->len ? (p->from ? "response + FIN" : "data + FIN") : "FIN";
	if (p->len)
		return p->from ? "response" : "data";
	if (p->acks_fin)
		return "ACK of FIN";
	return p->acks_data ? "ACK of data" : "ACK";
}

int cls_label(char **out, const struct cls_pkt *p)
{
	int with_len;
	const char *w = base(p, &with_len);
	char len[24] = "";

	if (with_len)
		snprintf(len, sizeof(len), " (%u B)", (unsigned)p->len);
	return cls_strf(out, "%s%s%s", w, len, p->dup ? ", duplicate" : p->rtx ? ", again" : "");
}
