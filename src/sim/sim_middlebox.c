/* Middleboxes: SYN-data droppers, option strippers, TFO-SYN droppers, NAT. */
#include <string.h>

#include "sim_middlebox.h"

/* is_tfo: kind 34, or the experimental kind 254 carrying the Fast Open magic. */
static int is_tfo(const uint8_t *opts, const tfo_opt *o)
{
	if (o->kind == TFO_OPT_FASTOPEN)
		return 1;
	return o->kind == TFO_OPT_EXP && o->len >= 4 &&
	       (opts[o->offset + 2] << 8 | opts[o->offset + 3]) == TFO_EXP_MAGIC_FASTOPEN;
}

enum strip { STRIP_NONE, STRIP_ALL, STRIP_RFC };

/*
 * walk: counts the Fast Open options, overwriting with NOPs all of them
 * (STRIP_ALL) or those of kind 34 (STRIP_RFC). A malformed length ends
 * the walk, as it ends a TCP stack's.
 */
static int walk(tfo_segment *seg, enum strip strip)
{
	size_t pos = 0;
	tfo_opt o;
	int found = 0;

	while (tfo_opt_next(seg->opts, seg->optlen, &pos, &o) == 1) {
		if (!is_tfo(seg->opts, &o) || (strip == STRIP_RFC && o.kind != TFO_OPT_FASTOPEN))
			continue;
		found++;
		if (strip != STRIP_NONE)
			memset(seg->opts + o.offset, TFO_OPT_NOP, o.len);
	}
	return found;
}

int mbox_has_tfo(const tfo_segment *seg)
{
	tfo_segment copy = *seg;

	return walk(&copy, STRIP_NONE) > 0;
}

const tfo_addr *mbox_public(const struct sc_mbox *m, tfo_time now)
{
	return m->has_rebind && now >= m->rebind_at ? &m->rebind : &m->nat;
}

static int nat(const struct sc_mbox *m, const struct sc_host *inside, int from_inside, tfo_time now,
               tfo_segment *seg)
{
	const tfo_addr *pub = mbox_public(m, now);
	const tfo_addr *own = pub->family == TFO_AF_INET ? &inside->addr4 : &inside->addr6;

	if (from_inside) {
		if (!tfo_addr_equal(&seg->src.addr, own))
			return MBOX_PASS;
		seg->src.addr = *pub;
		return MBOX_MODIFIED;
	}
	if (tfo_addr_equal(&seg->dst.addr, pub)) {
		seg->dst.addr = *own;
		return MBOX_MODIFIED;
	}
	if (tfo_addr_equal(&seg->dst.addr, &m->nat) ||
	    (m->has_rebind && tfo_addr_equal(&seg->dst.addr, &m->rebind)))
		return MBOX_NO_MAPPING;
	return MBOX_PASS;
}

int mbox_apply(const struct sc_mbox *m, const struct sc_host *inside, int from_inside, tfo_time now,
               tfo_segment *seg)
{
	int syn = (seg->flags & TFO_TH_SYN) != 0;

	switch (m->type) {
	case SC_MB_DROP_SYN_DATA:
		return syn && seg->len ? MBOX_DROP : MBOX_PASS;
	case SC_MB_STRIP_TFO:
		return walk(seg, STRIP_ALL) ? MBOX_MODIFIED : MBOX_PASS;
	case SC_MB_STRIP_TFO_RFC:
		return walk(seg, STRIP_RFC) ? MBOX_MODIFIED : MBOX_PASS;
	case SC_MB_DROP_SYN_TFO:
		return syn && mbox_has_tfo(seg) ? MBOX_DROP : MBOX_PASS;
	case SC_MB_NAT:
		return nat(m, inside, from_inside, now, seg);
	default:
		return MBOX_PASS;
	}
}
