/* Per-connection event records, for ladders and JSON. */
#include <string.h>

#include "sim_trace.h"
#include "tfo_alloc.h"

int trace_add(struct trace *tr, const struct trace_ev *ev, const tfo_allocator *mem)
{
	if (tr->len == tr->cap) {
		size_t cap = tr->cap ? tr->cap * 2 : 16;
		struct trace_ev *n = mem_zalloc(mem, cap, sizeof(*n));

		if (!n)
			return TFO_ERR_NOMEM;
		if (tr->len)
			memcpy(n, tr->ev, tr->len * sizeof(*n));
		mem_free(mem, tr->ev);
		tr->ev = n;
		tr->cap = cap;
	}
	tr->ev[tr->len++] = *ev;
	return 0;
}

int trace_text(struct trace *tr, const char *str, uint32_t *off, const tfo_allocator *mem)
{
	size_t n = strlen(str) + 1;

	*off = 0;
	if (!tr->tlen)
		tr->tlen = 1; /* offset 0 stays the empty string */
	if (tr->tlen + n > UINT32_MAX)
		return TFO_ERR_NOMEM;
	if (tr->tlen + n > tr->tcap) {
		size_t cap = tr->tcap ? tr->tcap : 256;
		char *t;

		while (cap < tr->tlen + n)
			cap *= 2;
		t = mem_zalloc(mem, cap, 1);
		if (!t)
			return TFO_ERR_NOMEM;
		if (tr->text)
			memcpy(t, tr->text, tr->tlen);
		mem_free(mem, tr->text);
		tr->text = t;
		tr->tcap = cap;
	}
	memcpy(tr->text + tr->tlen, str, n);
	*off = (uint32_t)tr->tlen;
	tr->tlen += n;
	return 0;
}

const char *trace_str(const struct trace *tr, uint32_t off)
{
	return off && off < tr->tlen ? tr->text + off : "";
}

void trace_free(struct trace *tr, const tfo_allocator *mem)
{
	mem_free(mem, tr->ev);
	mem_free(mem, tr->text);
	memset(tr, 0, sizeof(*tr));
}

void trace_tfo_from_segment(struct trace_pkt *p, const tfo_segment *seg)
{
	tfo_opts_parsed o;

	tfo_opts_parse(seg, &o);
	p->tfo = TR_TFO_NONE;
	p->cookie_len = 0;
	if (o.cookie_len == 0) {
		p->tfo = TR_TFO_REQUEST;
	} else if (o.cookie_len > 0) {
		p->tfo = TR_TFO_COOKIE;
		p->cookie_len = (uint8_t)o.cookie_len;
		memcpy(p->cookie, o.cookie, (size_t)o.cookie_len);
	} else if (o.diag & TFO_DIAG_TFO_INVALID) {
		p->tfo = TR_TFO_INVALID;
	}
	p->tfo_exp = o.cookie_exp;
}
