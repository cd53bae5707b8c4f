/* The script parser: recursive descent over the lexer, one event at a time. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tfo/tfo.h>

#include "script_parse.h"
#include "tfo_hex.h"

struct parser {
	struct sl_lexer lx;
	struct sc_script *s;
	int line;
	char *msg;
	size_t msgsz;
	int nomem;
};

static int perr(struct parser *p, int line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static int perr(struct parser *p, int line, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->msg, p->msgsz, "syntax error: %.200s", what);
	p->line = line;
	return -1;
}

static int lexerr(struct parser *p)
{
	return perr(p, p->lx.err_line, "%s", p->lx.err);
}

static int next(struct parser *p, struct sl_tok *t)
{
	return sl_next(&p->lx, t) ? lexerr(p) : 0;
}

static int peek(struct parser *p, struct sl_tok *t)
{
	return sl_peek(&p->lx, t) ? lexerr(p) : 0;
}

static int is_punct(const struct sl_tok *t, char c)
{
	return t->kind == TK_PUNCT && t->punct == c;
}

static const char *shown(const struct sl_tok *t)
{
	switch (t->kind) {
	case TK_EOF:
		return "end of file";
	case TK_SHELL:
		return "`...`";
	case TK_CODE:
		return "%{...}%";
	case TK_STRING:
		return "a string";
	default:
		return t->text;
	}
}

static int expect(struct parser *p, char c)
{
	struct sl_tok t;

	if (next(p, &t))
		return -1;
	if (!is_punct(&t, c))
		return perr(p, t.line, "expected '%c' at '%s'", c, shown(&t));
	return 0;
}

int sc_parse_int(const char *text, int64_t *out)
{
	uint64_t v = 0;
	const char *q = text;
	int base = 10;

	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		base = 16;
		q += 2;
	}
	if (!*q)
		return -1;
	for (; *q; q++) {
		int d = hex_digit(*q);

		if (d < 0 || d >= base)
			return -1;
		if (v > (UINT64_C(0x7fffffffffffffff) - (uint64_t)d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = (int64_t)v;
	return 0;
}

int sc_parse_usecs(const char *text, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int digits = 0;
	const char *q = text;

	if (!*q)
		return -1;
	for (; *q >= '0' && *q <= '9'; q++) {
		if (whole > INT64_C(1000000000))
			return -1;
		whole = whole * 10 + (*q - '0');
	}
	if (*q == '.') {
		for (q++; *q >= '0' && *q <= '9'; q++) {
			if (digits < 6) {
				frac = frac * 10 + (*q - '0');
				digits++;
			}
		}
	}
	if (*q)
		return -1;
	while (digits++ < 6)
		frac *= 10;
	*out = whole * 1000000 + frac;
	return 0;
}

/* one_time: ['+'] NUM; *rel says whether the '+' was there. */
static int one_time(struct parser *p, int *rel, int64_t *usecs)
{
	struct sl_tok t;

	if (next(p, &t))
		return -1;
	*rel = 0;
	if (is_punct(&t, '+')) {
		*rel = 1;
		if (next(p, &t))
			return -1;
	}
	if (t.kind != TK_NUM || sc_parse_usecs(t.text, usecs))
		return perr(p, t.line, "bad time '%s'", shown(&t));
	return 0;
}

static int parse_time(struct parser *p, struct sc_time *tm)
{
	struct sl_tok t;
	int rel;

	if (peek(p, &t))
		return -1;
	if (is_punct(&t, '*')) {
		tm->kind = TIME_ANY;
		return next(p, &t);
	}
	if (!is_punct(&t, '+') && t.kind != TK_NUM) {
		tm->kind = TIME_NONE;
		return 0;
	}
	if (one_time(p, &rel, &tm->usecs))
		return -1;
	tm->kind = rel ? TIME_REL : TIME_ABS;
	if (peek(p, &t))
		return -1;
	if (is_punct(&t, '~') || t.kind == TK_ELLIPSIS) {
		if (next(p, &t))
			return -1;
		tm->window = t.kind != TK_ELLIPSIS;
		tm->blocking = t.kind == TK_ELLIPSIS;
		if (one_time(p, &tm->end_rel, &tm->end_usecs))
			return -1;
		if (tm->blocking && tm->end_rel)
			return perr(p, t.line, "the end of a blocking call's time has no '+'");
	}
	return 0;
}

static int flag_bits(struct parser *p, const struct sl_tok *t, uint8_t *flags)
{
	static const char names[] = "FSRP.UEW";
	static const uint8_t bits[] = { TFO_TH_FIN, TFO_TH_SYN, TFO_TH_RST, TFO_TH_PSH,
		                        TFO_TH_ACK, TFO_TH_URG, TFO_TH_ECE, TFO_TH_CWR };

	*flags = 0;
	if (!t->len)
		return perr(p, t->line, "missing TCP flags after the direction");
	for (const char *c = t->text; *c; c++) {
		const char *f = strchr(names, *c);

		if (!f || (*flags & bits[f - names]))
			return perr(p, t->line, "bad TCP flags '%s'", t->text);
		*flags |= bits[f - names];
	}
	return 0;
}

static int num_u32(struct parser *p, uint32_t *out)
{
	struct sl_tok t;
	int64_t v;

	if (next(p, &t))
		return -1;
	if (t.kind != TK_NUM || sc_parse_int(t.text, &v) || v > UINT32_MAX)
		return perr(p, t.line, "expected a number at '%s'", shown(&t));
	*out = (uint32_t)v;
	return 0;
}

static int cookie(struct parser *p, struct sc_opt *o)
{
	struct sl_tok t;
	size_t n;

	if (sl_word(&p->lx, &t, 0))
		return lexerr(p);
	if (!t.len)
		return 0;
	if (t.len % 2)
		return perr(p, t.line, "cookie '%s' has an odd number of hex digits", t.text);
	if (tfo_hex_decode(t.text, o->cookie, sizeof(o->cookie), &n))
		return perr(p, t.line, "bad cookie '%s' (hex, at most 36 bytes)", t.text);
	o->clen = (uint8_t)n;
	return 0;
}

static int sack_blocks(struct parser *p, struct sc_opt *o)
{
	struct sl_tok t;

	for (;;) {
		if (peek(p, &t))
			return -1;
		if (t.kind != TK_NUM)
			break;
		if (o->nsack == 4)
			return perr(p, t.line, "more than 4 SACK blocks");
		if (num_u32(p, &o->sack_l[o->nsack]) || expect(p, ':') ||
		    num_u32(p, &o->sack_r[o->nsack]))
			return -1;
		o->nsack++;
	}
	return o->nsack ? 0 : perr(p, t.line, "sack without blocks");
}

static int one_opt(struct parser *p, struct sc_opt *o)
{
	struct sl_tok t;

	if (next(p, &t))
		return -1;
	if (t.kind != TK_IDENT)
		return perr(p, t.line, "expected a TCP option at '%s'", shown(&t));
	if (!strcmp(t.text, "nop"))
		o->kind = SO_NOP;
	else if (!strcmp(t.text, "eol"))
		o->kind = SO_EOL;
	else if (!strcmp(t.text, "sackOK"))
		o->kind = SO_SACKOK;
	else if (!strcmp(t.text, "mss")) {
		o->kind = SO_MSS;
		return num_u32(p, &o->a);
	} else if (!strcmp(t.text, "wscale")) {
		o->kind = SO_WSCALE;
		return num_u32(p, &o->a);
	} else if (!strcmp(t.text, "TS")) {
		struct sl_tok w;

		o->kind = SO_TS;
		if (next(p, &w) || w.kind != TK_IDENT || strcmp(w.text, "val"))
			return perr(p, t.line, "expected 'TS val N ecr N'");
		if (num_u32(p, &o->a) || next(p, &w))
			return -1;
		if (w.kind != TK_IDENT || strcmp(w.text, "ecr"))
			return perr(p, t.line, "expected 'TS val N ecr N'");
		return num_u32(p, &o->b);
	} else if (!strcmp(t.text, "sack")) {
		o->kind = SO_SACK;
		return sack_blocks(p, o);
	} else if (!strcmp(t.text, "FO")) {
		o->kind = SO_FO;
		return cookie(p, o);
	} else if (!strcmp(t.text, "FOEXP")) {
		o->kind = SO_FOEXP;
		return cookie(p, o);
	} else {
		return perr(p, t.line, "unknown TCP option '%s'", t.text);
	}
	return 0;
}

/* The bytes an option takes on the wire. */
static unsigned opt_bytes(const struct sc_opt *o)
{
	switch (o->kind) {
	case SO_NOP:
	case SO_EOL:
		return 1;
	case SO_SACKOK:
		return 2;
	case SO_MSS:
		return 4;
	case SO_WSCALE:
		return 3;
	case SO_TS:
		return 10;
	case SO_SACK:
		return 2 + 8u * o->nsack;
	case SO_FO:
		return 2 + (unsigned)o->clen;
	default: /* SO_FOEXP */
		return 4 + (unsigned)o->clen;
	}
}

/*
 * packetdrill refuses a list whose options do not end on a 4-byte
 * boundary, since a TCP header is whole 32-bit words, in its own words.
 */
static int padded(struct parser *p, const struct sc_packet *k, int line)
{
	unsigned n = 0;

	for (size_t i = 0; i < k->nopts; i++)
		n += opt_bytes(&k->opts[i]);
	if (n % 4 == 0)
		return 0;
	snprintf(p->msg, p->msgsz,
	         "semantic error: TCP options are not padded correctly to ensure TCP header is a "
	         "multiple of 4 bytes: %u excess bytes",
	         n % 4);
	p->line = line;
	return -1;
}

static int options(struct parser *p, struct sc_packet *k)
{
	struct sl_tok t;

	if (peek(p, &t))
		return -1;
	if (t.kind == TK_ELLIPSIS) {
		k->opts_mode = OPTS_ANY;
		return next(p, &t) || expect(p, '>');
	}
	k->opts_mode = OPTS_LIST;
	for (;;) {
		if (k->nopts == SC_OPTS_MAX)
			return perr(p, t.line, "too many TCP options");
		if (one_opt(p, &k->opts[k->nopts++]) || next(p, &t))
			return -1;
		if (is_punct(&t, '>'))
			return padded(p, k, t.line);
		if (!is_punct(&t, ','))
			return perr(p, t.line, "expected ',' or '>' in TCP options at '%s'",
			            shown(&t));
	}
}

static int packet_tail(struct parser *p, struct sc_packet *k)
{
	struct sl_tok t;

	for (;;) {
		if (peek(p, &t))
			return -1;
		if (is_punct(&t, '<')) {
			if (next(p, &t) || options(p, k))
				return -1;
		} else if (t.kind == TK_IDENT && !strcmp(t.text, "ack")) {
			if (k->has_ack)
				return perr(p, t.line, "ack given twice");
			k->has_ack = 1;
			if (next(p, &t) || num_u32(p, &k->ack))
				return -1;
		} else if (t.kind == TK_IDENT && !strcmp(t.text, "win")) {
			if (k->has_win)
				return perr(p, t.line, "win given twice");
			k->has_win = 1;
			if (next(p, &t) || num_u32(p, &k->win))
				return -1;
			if (k->win > 65535)
				return perr(p, t.line, "window above 65535");
		} else {
			return 0;
		}
	}
}

static int packet(struct parser *p, struct sc_event *ev, char dir)
{
	struct sc_packet *k = arena_alloc(&p->s->arena, sizeof(*k));
	struct sl_tok t;
	uint32_t end;

	if (!k)
		return p->nomem = 1, -1;
	ev->kind = EV_PACKET;
	ev->pkt = k;
	k->dir = dir;
	if (sl_word(&p->lx, &t, 1))
		return lexerr(p);
	if (flag_bits(p, &t, &k->flags))
		return -1;
	if (num_u32(p, &k->seq) || expect(p, ':') || num_u32(p, &end) || expect(p, '(') ||
	    num_u32(p, &k->len) || expect(p, ')'))
		return -1;
	if (end - k->seq != k->len)
		return perr(p, ev->line, "sequence range and length differ");
	if (k->len > 65000)
		return perr(p, ev->line, "payload too long");
	if (packet_tail(p, k))
		return -1;
	if ((k->flags & TFO_TH_ACK) && !k->has_ack)
		return perr(p, ev->line, "an ACK packet needs 'ack N'");
	if (dir == '<' && !k->has_win)
		return perr(p, ev->line, "an inbound packet needs 'win N'");
	return 0;
}

static struct sc_expr *new_expr(struct parser *p, int kind)
{
	struct sc_expr *x = arena_alloc(&p->s->arena, sizeof(*x));

	if (!x)
		p->nomem = 1;
	else
		x->kind = kind;
	return x;
}

static int expr(struct parser *p, struct sc_expr **out);

/* items: a list up to close, into x->items. */
static int items(struct parser *p, struct sc_expr *x, char close)
{
	struct sc_expr *v[64];
	struct sl_tok t;

	if (peek(p, &t))
		return -1;
	if (is_punct(&t, close))
		return next(p, &t);
	for (;;) {
		if (x->n == 64)
			return perr(p, t.line, "too many items in a list");
		if (expr(p, &v[x->n++]) || next(p, &t))
			return -1;
		if (is_punct(&t, close))
			break;
		if (!is_punct(&t, ','))
			return perr(p, t.line, "expected ',' at '%s'", shown(&t));
	}
	x->items = arena_alloc(&p->s->arena, x->n * sizeof(*v));
	if (!x->items)
		return p->nomem = 1, -1;
	memcpy(x->items, v, x->n * sizeof(*v));
	return 0;
}

static int ident_expr(struct parser *p, const struct sl_tok *t, struct sc_expr **out)
{
	struct sl_tok n;
	struct sc_expr *x, *arg = NULL;

	if (peek(p, &n))
		return -1;
	if (is_punct(&n, '(')) {
		if (next(p, &n) || expr(p, &arg) || expect(p, ')'))
			return -1;
		if (peek(p, &n))
			return -1;
		if (!is_punct(&n, '='))
			return perr(p, t->line, "expected '=' after '%s(...)'", t->text);
	}
	x = new_expr(p, is_punct(&n, '=') ? X_FIELD : X_IDENT);
	if (!x || !(x->text = arena_strndup(&p->s->arena, t->text, t->len)))
		return p->nomem = 1, -1;
	*out = x;
	if (x->kind == X_IDENT)
		return 0;
	x->n = 2;
	x->items = arena_alloc(&p->s->arena, 2 * sizeof(*x->items));
	if (!x->items)
		return p->nomem = 1, -1;
	x->items[0] = arg;
	return next(p, &n) || expr(p, &x->items[1]);
}

static int primary(struct parser *p, struct sc_expr **out)
{
	struct sl_tok t;
	struct sc_expr *x;
	int neg = 0;

	if (next(p, &t))
		return -1;
	if (is_punct(&t, '-')) {
		neg = 1;
		if (next(p, &t))
			return -1;
	}
	if (t.kind == TK_IDENT && !neg)
		return ident_expr(p, &t, out);
	if (t.kind == TK_NUM) {
		if (!(x = new_expr(p, X_INT)))
			return -1;
		if (sc_parse_int(t.text, &x->num))
			return perr(p, t.line, "bad integer '%s'", t.text);
		x->num = neg ? -x->num : x->num;
		*out = x;
		return 0;
	}
	if (neg)
		return perr(p, t.line, "expected a number after '-' at '%s'", shown(&t));
	if (t.kind == TK_ELLIPSIS)
		return (*out = new_expr(p, X_ELLIPSIS)) ? 0 : -1;
	if (t.kind == TK_STRING) {
		if (!(x = new_expr(p, X_STRING)) ||
		    !(x->text = arena_strndup(&p->s->arena, t.text, t.len)))
			return p->nomem = 1, -1;
		x->len = t.len;
		*out = x;
		return 0;
	}
	if (is_punct(&t, '[') || is_punct(&t, '{')) {
		if (!(x = new_expr(p, is_punct(&t, '[') ? X_LIST : X_STRUCT)))
			return -1;
		*out = x;
		return items(p, x, is_punct(&t, '[') ? ']' : '}');
	}
	return perr(p, t.line, "expected an argument at '%s'", shown(&t));
}

static int expr(struct parser *p, struct sc_expr **out)
{
	struct sl_tok t;
	struct sc_expr *x;

	if (primary(p, out) || peek(p, &t))
		return -1;
	if (!is_punct(&t, '|'))
		return 0;
	if (!(x = new_expr(p, X_OR)) ||
	    !(x->items = arena_alloc(&p->s->arena, 2 * sizeof(*x->items))))
		return p->nomem = 1, -1;
	x->n = 2;
	x->items[0] = *out;
	*out = x;
	return next(p, &t) || expr(p, &x->items[1]);
}

static int result(struct parser *p, struct sc_syscall *c, int line)
{
	struct sl_tok t;
	int neg = 0;

	if (expect(p, '=') || next(p, &t))
		return -1;
	if (t.kind == TK_ELLIPSIS) {
		c->ret_any = 1;
		return 0;
	}
	if (is_punct(&t, '-')) {
		neg = 1;
		if (next(p, &t))
			return -1;
	}
	if (t.kind != TK_NUM || sc_parse_int(t.text, &c->ret))
		return perr(p, t.line, "expected a return value at '%s'", shown(&t));
	c->ret = neg ? -c->ret : c->ret;
	if (peek(p, &t))
		return -1;
	if (t.kind == TK_IDENT && t.line == line) {
		if (!(c->errno_name = arena_strndup(&p->s->arena, t.text, t.len)))
			return p->nomem = 1, -1;
		if (next(p, &t) || peek(p, &t))
			return -1;
	}
	if (is_punct(&t, '(') && t.line == line) {
		if (next(p, &t))
			return -1;
		if (sl_skip_to(&p->lx, ')'))
			return lexerr(p);
	}
	return 0;
}

static int syscall(struct parser *p, struct sc_event *ev, const struct sl_tok *name)
{
	struct sc_syscall *c = arena_alloc(&p->s->arena, sizeof(*c));
	struct sc_expr holder = { 0 };

	if (!c || !(c->name = arena_strndup(&p->s->arena, name->text, name->len)))
		return p->nomem = 1, -1;
	ev->kind = EV_SYSCALL;
	ev->call = c;
	if (expect(p, '(') || items(p, &holder, ')'))
		return -1;
	c->args = holder.items;
	c->nargs = holder.n;
	return result(p, c, name->line);
}

static int block_text(struct parser *p, struct sc_event *ev, const struct sl_tok *t, int kind)
{
	ev->kind = kind;
	ev->text_line = t->line;
	ev->text = arena_strndup(&p->s->arena, t->block, t->block_len);
	if (!ev->text)
		return p->nomem = 1, -1;
	return 0;
}

static int event(struct parser *p, const struct sl_tok *first)
{
	struct sc_event *ev = sc_add_event(p->s);
	struct sl_tok t;

	if (!ev)
		return p->nomem = 1, -1;
	ev->line = first->line;
	if (parse_time(p, &ev->time) || next(p, &t))
		return -1;
	if (ev->time.kind == TIME_NONE && t.kind != TK_SHELL && t.kind != TK_CODE)
		return perr(p, t.line, "expected a time at '%s'", shown(&t));
	if (t.kind == TK_SHELL || t.kind == TK_CODE)
		return block_text(p, ev, &t, t.kind == TK_SHELL ? EV_SHELL : EV_CODE);
	if (is_punct(&t, '<') || is_punct(&t, '>'))
		return packet(p, ev, t.punct);
	if (t.kind == TK_IDENT) {
		struct sl_tok n;

		if (peek(p, &n))
			return -1;
		if (is_punct(&n, '('))
			return syscall(p, ev, &t);
	}
	return perr(p, t.line, "expected a packet, system call, command or code at '%s'",
	            shown(&t));
}

static int option_line(struct parser *p, const struct sl_tok *t)
{
	const char *eq = strchr(t->text, '=');
	char name[SL_TEXT_MAX];
	size_t n = eq ? (size_t)(eq - t->text) : t->len;

	if (n <= 2)
		return perr(p, t->line, "bad option line '%s'", t->text);
	memcpy(name, t->text + 2, n - 2);
	name[n - 2] = '\0';
	if (sc_add_option(p->s, name, eq ? eq + 1 : "", t->line))
		return p->nomem = 1, -1;
	return 0;
}

int sc_parse(struct sc_script *s, const char *text, size_t len, const struct sl_def *defs,
             size_t ndefs, int *line, char *msg, size_t msgsz)
{
	struct parser p = { .s = s, .msg = msg, .msgsz = msgsz };
	struct sl_tok t;
	int r = 0;

	sl_init(&p.lx, text, len, defs, ndefs);
	for (;;) {
		if (peek(&p, &t)) {
			r = -1;
			break;
		}
		if (t.kind == TK_EOF)
			break;
		if (t.kind == TK_OPTION) {
			if (s->nev) {
				r = perr(&p, t.line, "option line '%s' after the first event",
				         t.text);
				break;
			}
			sl_next(&p.lx, &t);
			r = option_line(&p, &t);
		} else {
			r = event(&p, &t);
		}
		if (r)
			break;
	}
	if (p.nomem)
		return TFO_ERR_NOMEM;
	*line = p.line;
	return r ? -1 : 0;
}
