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

void trace_free(struct trace *tr, const tfo_allocator *mem)
{
	mem_free(mem, tr->ev);
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
