/*
 * The packet matcher: builds the segments a script injects (< lines) and
 * checks the segments the model sends against > lines, field by field,
 * with our sequence numbers relative to the live ISN and the script's
 * TS values mapped to the live ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script_run.h"

#define EXP_MAGIC_HI 0xF9
#define EXP_MAGIC_LO 0x89
#define LATE_LIMIT (600 * TFO_NS_PER_S)

static int add_cookie(tfo_segment *seg, int exp, const struct sc_opt *o)
{
	uint8_t raw[2 + SC_COOKIE_MAX];

	if (!exp && o->clen == 0)
		return tfo_opt_add_fastopen(seg, 0, NULL, 0);
	if (!exp)
		return tfo_opt_add_raw(seg, TFO_OPT_FASTOPEN, o->cookie, o->clen);
	if (o->clen > SC_COOKIE_MAX - 2)
		return TFO_ERR_NOSPACE;
	raw[0] = EXP_MAGIC_HI;
	raw[1] = EXP_MAGIC_LO;
	memcpy(raw + 2, o->cookie, o->clen);
	return tfo_opt_add_raw(seg, TFO_OPT_EXP, raw, (size_t)o->clen + 2);
}

/* add_opt: one script option onto seg; SACK edges and TS ecr pass through map_*. */
static int add_opt(tfo_segment *seg, const struct sc_opt *o, uint32_t sack_off, uint32_t ecr)
{
	uint32_t l[4], rt[4];
	uint8_t b;

	switch (o->kind) {
	case SO_EOL:
		return tfo_opt_add_eol(seg);
	case SO_NOP:
		return tfo_opt_add_nop(seg);
	case SO_MSS:
		return o->a > 65535 ? TFO_ERR_INVALID : tfo_opt_add_mss(seg, (uint16_t)o->a);
	case SO_WSCALE:
		if (o->a > 255)
			return TFO_ERR_INVALID;
		b = (uint8_t)o->a;
		return tfo_opt_add_raw(seg, TFO_OPT_WSCALE, &b, 1);
	case SO_SACKOK:
		return tfo_opt_add_sack_perm(seg);
	case SO_SACK:
		for (int i = 0; i < o->nsack; i++) {
			l[i] = o->sack_l[i] + sack_off;
			rt[i] = o->sack_r[i] + sack_off;
		}
		return tfo_opt_add_sack(seg, l, rt, o->nsack);
	case SO_TS:
		return tfo_opt_add_ts(seg, o->a, ecr);
	case SO_FO:
		return add_cookie(seg, 0, o);
	default:
		return add_cookie(seg, 1, o);
	}
}

/* map_ecr: an ecr the script wrote (one of our TS vals as the script saw it) to the live value. */
static uint32_t map_ecr(const struct runner *r, uint32_t ecr)
{
	return r->have_ts ? ecr - r->ts_script + r->ts_live : ecr;
}

static uint32_t our_offset(const struct runner *r)
{
	return r->cur.know_isn ? r->cur.isn : 0;
}

static uint32_t peer_offset(const struct runner *r)
{
	return r->cur.know_peer_isn ? r->cur.peer_isn : 0;
}

/*
 * in_tuple: the addresses of an inbound packet. A SYN to a listener opens
 * a new connection from a new port, unless it repeats the ISN of the live
 * one (a retransmission); otherwise packets go to the connection under
 * test (a SYN to a client is a simultaneous open).
 */
static void in_tuple(struct runner *r, const struct sc_packet *k)
{
	int syn = (k->flags & (TFO_TH_SYN | TFO_TH_ACK)) == TFO_TH_SYN;
	struct sr_conn *c = &r->cur;

	if (syn && r->have_listen && (!c->valid || c->active || !c->ep || c->peer_isn != k->seq)) {
		memset(c, 0, sizeof(*c));
		c->valid = 1;
		c->local = r->listen_addr;
		c->remote.addr = r->cfg.remote;
		c->remote.port = r->next_port++;
		c->know_peer_isn = 1;
		c->peer_isn = k->seq;
		return;
	}
	if (!c->valid) {
		c->valid = 1;
		c->local.addr = r->cfg.local;
		c->local.port = r->cfg.bind_port;
		c->remote.addr = r->cfg.remote;
		c->remote.port = r->next_port++;
	}
}

int pkt_inject(struct runner *r, struct sc_event *ev)
{
	const struct sc_packet *k = ev->pkt;
	tfo_segment seg;
	int rc;

	in_tuple(r, k);
	if ((k->flags & (TFO_TH_SYN | TFO_TH_ACK)) == (TFO_TH_SYN | TFO_TH_ACK)) {
		/* The script's ISN, absolute in its SYN-ACK (or, to a listener, its SYN:
		 * in_tuple), is the origin of its later numbers. A SYN to a client
		 * (simultaneous open) leaves it as it was, as packetdrill does. */
		r->cur.know_peer_isn = 1;
		r->cur.peer_isn = k->seq;
	}
	tfo_segment_init(&seg, &r->cur.remote, &r->cur.local);
	seg.seq = (k->flags & TFO_TH_SYN) ? k->seq : k->seq + peer_offset(r);
	seg.flags = k->flags;
	seg.window = (uint16_t)k->win;
	if (k->flags & TFO_TH_ACK)
		seg.ack = k->ack + our_offset(r);
	for (size_t i = 0; i < k->nopts; i++) {
		const struct sc_opt *o = &k->opts[i];

		rc = add_opt(&seg, o, our_offset(r), o->kind == SO_TS ? map_ecr(r, o->b) : 0);
		if (rc == TFO_ERR_NOSPACE)
			return sr_fail(r, TFO_SCRIPT_ERROR, ev->line,
			               "inbound TCP options do not fit in 40 bytes");
		if (rc)
			return sr_fail(r, TFO_SCRIPT_ERROR, ev->line, "bad inbound TCP option");
	}
	seg.len = k->len;
	seg.payload = k->len ? sr_scratch(r, k->len) : NULL;
	if (k->len && !seg.payload)
		return r->nomem = 1, -1;
	if (r->obs && r->obs->packet)
		r->obs->packet(r->obs->user, r->now - r->base, 1, &seg);
	rc = tfo_host_input(r->h, r->now, &seg);
	if (rc == TFO_ERR_NOMEM)
		return r->nomem = 1, -1;
	return 0;
}

static void opt_text(const uint8_t *opts, size_t optlen, char *buf, size_t size)
{
	size_t pos = 0, n = 0;
	tfo_opt o;
	int rc;

	buf[0] = '\0';
	while ((rc = tfo_opt_next(opts, optlen, &pos, &o)) == 1 && n < size) {
		const char *sep = n ? "," : "";
		char hex[2 * TFO_COOKIE_MAX + 40] = "";

		switch (o.kind) {
		case TFO_OPT_NOP:
			n += (size_t)snprintf(buf + n, size - n, "%snop", sep);
			break;
		case TFO_OPT_EOL:
			n += (size_t)snprintf(buf + n, size - n, "%seol", sep);
			break;
		case TFO_OPT_MSS:
			n += (size_t)snprintf(buf + n, size - n, "%smss %u", sep, o.u.mss);
			break;
		case TFO_OPT_WSCALE:
			n += (size_t)snprintf(buf + n, size - n, "%swscale %u", sep, o.u.wscale);
			break;
		case TFO_OPT_SACK_PERM:
			n += (size_t)snprintf(buf + n, size - n, "%ssackOK", sep);
			break;
		case TFO_OPT_TS:
			n += (size_t)snprintf(buf + n, size - n, "%sTS val %u ecr %u", sep,
			                      o.u.ts.val, o.u.ts.ecr);
			break;
		case TFO_OPT_FASTOPEN:
		case TFO_OPT_EXP:
			if (!o.invalid)
				tfo_hex_encode(o.u.cookie.bytes, o.u.cookie.len, hex, sizeof(hex));
			n += (size_t)snprintf(buf + n, size - n, "%s%s%s%s", sep,
			                      o.kind == TFO_OPT_EXP ? "FOEXP" : "FO",
			                      hex[0] ? " " : "", hex);
			break;
		default:
			n += (size_t)snprintf(buf + n, size - n, "%skind %u len %u", sep, o.kind,
			                      o.len);
		}
	}
	if (n >= size)
		buf[size - 1] = '\0';
}

void pkt_format(const struct runner *r, const tfo_segment *seg, char *buf, size_t size)
{
	char opts[400], flags[12];
	size_t n = 0;
	uint32_t off = our_offset(r);

	if (seg->flags & TFO_TH_SYN)
		flags[n++] = 'S';
	if (seg->flags & TFO_TH_FIN)
		flags[n++] = 'F';
	if (seg->flags & TFO_TH_RST)
		flags[n++] = 'R';
	if (seg->flags & TFO_TH_PSH)
		flags[n++] = 'P';
	if (seg->flags & TFO_TH_ECE)
		flags[n++] = 'E';
	if (seg->flags & TFO_TH_CWR)
		flags[n++] = 'W';
	if (seg->flags & TFO_TH_ACK)
		flags[n++] = '.';
	flags[n] = '\0';
	opt_text(seg->opts, seg->optlen, opts, sizeof(opts));
	snprintf(buf, size, "%s %u:%u(%u) ack %u win %u <%s>", flags, seg->seq - off,
	         seg->seq - off + seg->len, seg->len, seg->ack - peer_offset(r), seg->window, opts);
}

static int field(struct runner *r, int line, const char *name, uint32_t want, uint32_t got)
{
	if (want == got)
		return 0;
	return sr_fail(
	        r, TFO_SCRIPT_FAIL, line,
	        "error handling packet: live packet field %s: expected: %u (0x%x) vs actual: "
	        "%u (0x%x)",
	        name, want, want, got, got);
}

static int check_flags(struct runner *r, int line, uint8_t want, uint8_t got)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} f[] = { { TFO_TH_FIN, "tcp_fin" }, { TFO_TH_SYN, "tcp_syn" }, { TFO_TH_RST, "tcp_rst" },
		  { TFO_TH_PSH, "tcp_psh" }, { TFO_TH_ACK, "tcp_ack" }, { TFO_TH_URG, "tcp_urg" },
		  { TFO_TH_ECE, "tcp_ece" }, { TFO_TH_CWR, "tcp_cwr" } };

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (field(r, line, f[i].name, !!(want & f[i].bit), !!(got & f[i].bit)))
			return -1;
	return 0;
}

/*
 * ts_close: with --tcp_ts_tick_usecs, whether a live TS val is where the
 * script's says, counting from the first pair seen: the script's values in
 * its ticks, the model's in milliseconds (its TS clock), within the
 * tolerance and one tick.
 */
static int ts_close(const struct runner *r, uint32_t want, uint32_t got)
{
	int64_t w = (int64_t)(int32_t)(want - r->ts_script) * r->cfg.ts_tick_us;
	int64_t g = (int64_t)(int32_t)(got - r->ts_live) * 1000;
	int64_t slack = (int64_t)(sr_tolerance(r, r->now) / TFO_NS_PER_US) + r->cfg.ts_tick_us;

	return g - w <= slack && w - g <= slack;
}

/* same_opts: the live options against the script's list, TS val compared only with a tick. */
static int same_opts(struct runner *r, const tfo_segment *want, const tfo_segment *got)
{
	size_t pw = 0, pg = 0;
	tfo_opt ow, og;

	for (;;) {
		int a = tfo_opt_next(want->opts, want->optlen, &pw, &ow);
		int b = tfo_opt_next(got->opts, got->optlen, &pg, &og);

		if (a != 1 || b != 1)
			return a == b && a == 0;
		if (ow.kind != og.kind || ow.len != og.len)
			return 0;
		if (ow.kind == TFO_OPT_TS) {
			if (ow.u.ts.ecr != og.u.ts.ecr)
				return 0;
			if (r->cfg.ts_tick_us && r->have_ts &&
			    !ts_close(r, ow.u.ts.val, og.u.ts.val))
				return 0;
			continue;
		}
		if (memcmp(want->opts + ow.offset, got->opts + og.offset, ow.len))
			return 0;
	}
}

static void learn_ts(struct runner *r, const struct sc_packet *k, const tfo_segment *got)
{
	tfo_opts_parsed p;

	tfo_opts_parse(got, &p);
	if (!(p.present & TFO_HAS_TS))
		return;
	for (size_t i = 0; i < k->nopts; i++) {
		if (k->opts[i].kind == SO_TS && !r->have_ts) {
			r->have_ts = 1;
			r->ts_script = k->opts[i].a;
			r->ts_live = p.ts_val;
		}
	}
}

static int check_opts(struct runner *r, struct sc_event *ev, const tfo_segment *got)
{
	const struct sc_packet *k = ev->pkt;
	char want_s[400], got_s[400];
	tfo_segment want;

	if (k->opts_mode == OPTS_ANY)
		return 0;
	memset(&want, 0, sizeof(want));
	for (size_t i = 0; i < k->nopts; i++) {
		if (add_opt(&want, &k->opts[i], peer_offset(r), k->opts[i].b))
			return sr_fail(r, TFO_SCRIPT_ERROR, ev->line,
			               "outbound TCP options do not fit in 40 bytes");
	}
	if (same_opts(r, &want, got))
		return 0;
	opt_text(want.opts, want.optlen, want_s, sizeof(want_s));
	opt_text(got->opts, got->optlen, got_s, sizeof(got_s));
	return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
	               "error handling packet: bad outbound TCP options: expected: <%s> vs actual: "
	               "<%s>",
	               want_s, got_s);
}

static int check(struct runner *r, struct sc_event *ev, const tfo_segment *got)
{
	const struct sc_packet *k = ev->pkt;

	if ((got->flags & TFO_TH_SYN) && !r->cur.know_isn) {
		r->cur.know_isn = 1;
		r->cur.isn = got->seq;
	}
	if (check_flags(r, ev->line, k->flags, got->flags) ||
	    field(r, ev->line, "tcp_seq", k->seq, got->seq - our_offset(r)))
		return -1;
	if ((k->flags & TFO_TH_ACK) &&
	    field(r, ev->line, "tcp_ack_seq", k->ack, got->ack - peer_offset(r)))
		return -1;
	if (k->len != got->len)
		return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
		               "error handling packet: live packet payload: expected %u bytes vs "
		               "actual %u bytes",
		               k->len, got->len);
	if (k->has_win && field(r, ev->line, "tcp_window", k->win, got->window))
		return -1;
	learn_ts(r, k, got);
	return check_opts(r, ev, got);
}

static int ours(const struct runner *r, const tfo_segment *s)
{
	const struct sr_conn *c = &r->cur;

	if (!c->valid)
		return 1;
	return s->src.port == c->local.port && s->dst.port == c->remote.port &&
	       tfo_addr_equal(&s->src.addr, &c->local.addr) &&
	       tfo_addr_equal(&s->dst.addr, &c->remote.addr);
}

/* next_out: the oldest queued packet of the connection under test (others are dropped). */
static struct sr_out *next_out(struct runner *r)
{
	while (r->q) {
		struct sr_out *o = r->q;

		if (ours(r, &o->seg))
			return o;
		r->q = o->next;
		if (!r->q)
			r->qtail = &r->q;
		sr_note(r, "dropped a packet of an older connection");
		free(o);
	}
	return NULL;
}

int pkt_expect(struct runner *r, struct sc_event *ev, tfo_time want, tfo_time lo, tfo_time hi,
               tfo_time *when)
{
	struct sr_out *o;
	char a[32], b[32], c[32];
	int rc;

	for (;;) {
		tfo_time d;

		if ((o = next_out(r)))
			break;
		/* Past the window too: a late packet is a timing error, as packetdrill says it. */
		d = tfo_host_next_deadline(r->h);
		if (d == TFO_TIME_NEVER ||
		    d > (hi > TFO_TIME_NEVER - LATE_LIMIT ? hi : hi + LATE_LIMIT)) {
			return sr_fail(
			        r, TFO_SCRIPT_FAIL, ev->line,
			        "error handling packet: Timed out waiting for packet (expected "
			        "outbound packet at %s sec)",
			        sr_secs(r, want, a, sizeof(a)));
		}
		if (d < r->now)
			d = r->now;
		r->now = d;
		if (tfo_host_advance(r->h, d) == TFO_ERR_NOMEM)
			return r->nomem = 1, -1;
		if (r->pend.active && sys_retry(r))
			return -1;
	}
	rc = check(r, ev, &o->seg);
	*when = o->t;
	r->q = o->next;
	if (!r->q)
		r->qtail = &r->q;
	if (!rc && (o->t < lo || o->t > hi)) {
		rc = sr_fail(
		        r, TFO_SCRIPT_FAIL, ev->line,
		        "error handling packet: timing error: expected outbound packet at %s sec "
		        "but happened at %s sec; tolerance %s sec",
		        sr_secs(r, want, a, sizeof(a)), sr_secs(r, o->t, b, sizeof(b)),
		        sr_secs(r, r->base + sr_tolerance(r, want), c, sizeof(c)));
	}
	free(o);
	return rc;
}
