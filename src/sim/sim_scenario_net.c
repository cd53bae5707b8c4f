/* Scenario keywords that build the network: host, link, loss, middlebox. */
#include <stdio.h>
#include <string.h>

#include "sim_scenario_kw.h"
#include "sim_units.h"

int kw_end(struct parser *p)
{
	const struct lex_word *w = p_peek(p);
	char q[48];

	if (!w)
		return 0;
	return p_fail(p, w->col, "unexpected '%s' at the end of the line", p_quote(w, q));
}

/* ---- host ---------------------------------------------------------- */

static int name_ok(const struct lex_word *w)
{
	if (w->len == 0 || w->len >= SC_NAME_MAX)
		return 0;
	if (!((w->s[0] >= 'a' && w->s[0] <= 'z') || (w->s[0] >= 'A' && w->s[0] <= 'Z')))
		return 0;
	for (uint32_t i = 1; i < w->len; i++) {
		char c = w->s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* addr_owner: the host (or NAT) already using a, or NULL. */
static const char *addr_owner(const struct sim_scenario *sc, const tfo_addr *a)
{
	for (size_t i = 0; i < sc->nhosts; i++)
		if (tfo_addr_equal(&sc->hosts[i].addr4, a) ||
		    tfo_addr_equal(&sc->hosts[i].addr6, a))
			return sc->hosts[i].name;
	for (size_t i = 0; i < sc->nmbox; i++)
		if (sc->mbox[i].type == SC_MB_NAT &&
		    (tfo_addr_equal(&sc->mbox[i].nat, a) ||
		     (sc->mbox[i].has_rebind && tfo_addr_equal(&sc->mbox[i].rebind, a))))
			return "a NAT";
	return NULL;
}

static int host_addr(struct parser *p, struct sc_host *h)
{
	uint32_t col = p_col(p);
	char text[TFO_ADDRSTRLEN];
	const char *owner;
	tfo_addr a;

	if (p_addr(p, &a) != 0)
		return TFO_ERR_INVALID;
	tfo_addr_format(&a, text, sizeof(text));
	owner = addr_owner(p->sc, &a);
	if (owner || tfo_addr_equal(a.family == TFO_AF_INET ? &h->addr4 : &h->addr6, &a))
		return p_fail(p, col, "address %s is already used by %s", text,
		              owner ? owner : "this host");
	if (a.family == TFO_AF_INET && h->addr4.family != TFO_AF_NONE)
		return p_fail(p, col, "host '%s' already has an IPv4 address", h->name);
	if (a.family == TFO_AF_INET6 && h->addr6.family != TFO_AF_NONE)
		return p_fail(p, col, "host '%s' already has an IPv6 address", h->name);
	if (a.family == TFO_AF_INET)
		h->addr4 = a;
	else
		h->addr6 = a;
	return 0;
}

static const struct {
	const char *name;
	uint32_t bit;
} fastopen_names[] = {
	{ "off", 0 },
	{ "client", TFO_FASTOPEN_CLIENT },
	{ "server", TFO_FASTOPEN_SERVER },
	{ "client-no-cookie", TFO_FASTOPEN_CLIENT_NO_COOKIE },
	{ "server-no-cookie", TFO_FASTOPEN_SERVER_NO_COOKIE },
	{ "all-listeners", TFO_FASTOPEN_SERVER_ALL_LISTENERS },
};

static int fastopen_word(const char *s, size_t n, uint32_t *bits)
{
	for (size_t i = 0; i < sizeof(fastopen_names) / sizeof(fastopen_names[0]); i++) {
		if (strlen(fastopen_names[i].name) == n &&
		    memcmp(fastopen_names[i].name, s, n) == 0) {
			*bits |= fastopen_names[i].bit;
			return 0;
		}
	}
	return -1;
}

/* "0x203", "515", or names joined by commas: "client,server-no-cookie". */
static int host_fastopen(struct parser *p, struct sc_host *h)
{
	static const char what[] =
	        "Fast Open flags: a number like 0x3, or off, client, server, "
	        "client-no-cookie, server-no-cookie, all-listeners joined by ','";
	const struct lex_word *w = p_peek(p);
	uint64_t v;
	uint32_t bits = 0;

	if (!w)
		return p_expected(p, what);
	if (w->s[0] >= '0' && w->s[0] <= '9') {
		if (units_count(w->s, w->len, 0xffff, &v) != 0)
			return p_expected(p, what);
		bits = (uint32_t)v;
	} else {
		for (uint32_t start = 0, i = 0; i <= w->len; i++) {
			if (i < w->len && w->s[i] != ',')
				continue;
			if (fastopen_word(w->s + start, i - start, &bits) != 0)
				return p_expected(p, what);
			start = i + 1;
		}
	}
	h->fastopen = bits;
	h->set |= SC_SET_FASTOPEN;
	p->i++;
	return 0;
}

static int host_cookie_alg(struct parser *p, struct sc_host *h)
{
	const struct lex_word *w = p_peek(p);
	char buf[24];
	int alg;

	if (!w || w->len >= sizeof(buf))
		return p_expected(p, "a cookie algorithm (siphash, hmac-sha256 or aes)");
	memcpy(buf, w->s, w->len);
	buf[w->len] = '\0';
	alg = tfo_cookie_alg_parse(buf);
	if (alg < 0)
		return p_expected(p, "a cookie algorithm (siphash, hmac-sha256 or aes)");
	h->cookie_alg = alg;
	h->set |= SC_SET_COOKIE_ALG;
	p->i++;
	return 0;
}

static int host_cookie_len(struct parser *p, struct sc_host *h)
{
	uint32_t col = p_col(p);
	uint64_t v;

	if (p_size(p, TFO_COOKIE_MAX, &v) != 0)
		return TFO_ERR_INVALID;
	if (v < TFO_COOKIE_MIN || v % 2)
		return p_fail(p, col, "a cookie is 4 to 16 bytes, an even number");
	h->cookie_len = (uint8_t)v;
	h->set |= SC_SET_COOKIE_LEN;
	return 0;
}

/* host_number: the numeric options; returns 1 when opt is not one of them. */
static int host_number(struct parser *p, struct sc_host *h, const char *opt)
{
	uint64_t v;

	if (strcmp(opt, "mtu") == 0) {
		if (p_size(p, 65535, &v) != 0)
			return TFO_ERR_INVALID;
		if (v < 576)
			return p_fail(p, p->ln.word[p->i - 1].col, "an MTU is at least 576B");
		h->mtu = (uint32_t)v;
		h->set |= SC_SET_MTU;
	} else if (strcmp(opt, "syn-retries") == 0) {
		if (p_count(p, 1, 127, "a retry count", &v) != 0)
			return TFO_ERR_INVALID;
		h->syn_retries = (uint8_t)v;
		h->set |= SC_SET_SYN_RETRIES;
	} else if (strcmp(opt, "cookie-cache") == 0) {
		if (p_count(p, 1, 1000000, "a number of cache entries", &v) != 0)
			return TFO_ERR_INVALID;
		h->cookie_cache = (uint32_t)v;
		h->set |= SC_SET_COOKIE_CACHE;
	} else if (strcmp(opt, "rcvbuf") == 0 || strcmp(opt, "sndbuf") == 0) {
		if (p_size(p, 1 << 30, &v) != 0)
			return TFO_ERR_INVALID;
		if (v < 1024)
			return p_fail(p, p->ln.word[p->i - 1].col, "a buffer is at least 1024B");
		if (opt[0] == 'r')
			h->rcvbuf = (uint32_t)v;
		else
			h->sndbuf = (uint32_t)v;
		h->set |= opt[0] == 'r' ? SC_SET_RCVBUF : SC_SET_SNDBUF;
	} else {
		return 1;
	}
	return 0;
}

/* host_time: the time options; returns 1 when opt is not one of them. */
static int host_time(struct parser *p, struct sc_host *h, const char *opt)
{
	static const struct {
		const char *name;
		uint32_t bit;
		size_t off;
	} opts[] = {
		{ "rto", SC_SET_RTO, offsetof(struct sc_host, rto) },
		{ "time-wait", SC_SET_TIME_WAIT, offsetof(struct sc_host, time_wait) },
		{ "blackhole", SC_SET_BLACKHOLE, offsetof(struct sc_host, blackhole) },
		{ "delack", SC_SET_DELACK, offsetof(struct sc_host, delack) },
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		tfo_time t;

		if (strcmp(opt, opts[i].name) != 0)
			continue;
		if (p_time(p, &t) != 0)
			return TFO_ERR_INVALID;
		memcpy((char *)h + opts[i].off, &t, sizeof(t));
		h->set |= opts[i].bit;
		return 0;
	}
	return 1;
}

static int host_option(struct parser *p, struct sc_host *h, uint32_t *key_col)
{
	const struct lex_word *w = p_take(p);
	char opt[24], q[48];
	int rc;

	snprintf(opt, sizeof(opt), "%.*s", (int)(w->len < 23 ? w->len : 23), w->s);
	if (lex_is(w, "addr"))
		return host_addr(p, h);
	if (lex_is(w, "fastopen"))
		return host_fastopen(p, h);
	if (lex_is(w, "cookie-alg"))
		return host_cookie_alg(p, h);
	if (lex_is(w, "cookie-len"))
		return host_cookie_len(p, h);
	if (lex_is(w, "key")) {
		*key_col = p_col(p);
		h->has_key = 1;
		return p_keys(p, &h->key, &h->backup, &h->has_backup);
	}
	if ((rc = host_number(p, h, opt)) <= 0 || (rc = host_time(p, h, opt)) <= 0)
		return rc;
	return p_fail(p, w->col,
	              "unknown host option '%s' (expected addr, fastopen, key, cookie-alg, "
	              "cookie-len, mtu, syn-retries, rto, time-wait, cookie-cache, blackhole, "
	              "delack, rcvbuf or sndbuf)",
	              p_quote(w, q));
}

/* Linux's siphash cookies take a 128-bit key and are 8 bytes long. */
static int host_check(struct parser *p, struct sc_host *h, uint32_t key_col)
{
	int alg = (h->set & SC_SET_COOKIE_ALG) ? h->cookie_alg : TFO_COOKIE_SIPHASH;

	if (alg != TFO_COOKIE_SIPHASH)
		return 0;
	if ((h->set & SC_SET_COOKIE_LEN) && h->cookie_len != 8)
		return p_fail(p, p->ln.word[0].col, "siphash cookies are 8 bytes (cookie-len 8B)");
	if (h->has_key && (h->key.len != 16 || (h->has_backup && h->backup.len != 16)))
		return p_fail(p, key_col, "siphash needs 128-bit keys (four groups)");
	return 0;
}

int kw_host(struct parser *p)
{
	struct sim_scenario *sc = p->sc;
	const struct lex_word *w = p_peek(p);
	struct sc_host *h;
	uint32_t key_col = 0;
	char q[48];

	if (!w || !name_ok(w))
		return p_expected(p, "a host name (a letter, then letters, digits, '-' or '_', "
		                     "at most 31)");
	for (size_t i = 0; i < sc->nhosts; i++)
		if (lex_is(w, sc->hosts[i].name))
			return p_fail(p, w->col, "host '%s' is already declared", p_quote(w, q));
	if (sc->nhosts == SC_MAX_HOSTS)
		return p_fail(p, w->col, "too many hosts (at most %d)", SC_MAX_HOSTS);
	h = &sc->hosts[sc->nhosts];
	memset(h, 0, sizeof(*h));
	memcpy(h->name, w->s, w->len);
	p->i++;
	while (p_peek(p))
		if (host_option(p, h, &key_col) != 0)
			return TFO_ERR_INVALID;
	if (host_check(p, h, key_col) != 0)
		return TFO_ERR_INVALID;
	if (h->addr4.family == TFO_AF_NONE && h->addr6.family == TFO_AF_NONE) {
		/* No address given: 10.0.0.N for the N-th host. */
		h->addr4.family = TFO_AF_INET;
		h->addr4.bytes[0] = 10;
		h->addr4.bytes[3] = (uint8_t)(sc->nhosts + 1);
		if (addr_owner(sc, &h->addr4))
			return p_fail(p, w->col, "host '%s' needs an addr: 10.0.0.%zu is taken",
			              h->name, sc->nhosts + 1);
	}
	sc->nhosts++;
	return 0;
}

/* ---- link ---------------------------------------------------------- */

/* "a>b": the link between two declared hosts and the direction from a to b. */
static int dir_pair(struct parser *p, unsigned *link, unsigned *dir)
{
	const struct lex_word *w = p_peek(p);
	const char *gt = w ? memchr(w->s, '>', w->len) : NULL;
	struct parser sub = *p;
	unsigned a, b;
	int l;

	if (!gt)
		return p_expected(p, "a direction FROM>TO between two hosts (e.g. client>server)");
	/* Read the two names as words of their own, keeping their columns. */
	sub.ln.nword = 2;
	sub.ln.word[0] = (struct lex_word){ w->s, (uint32_t)(gt - w->s), w->col };
	sub.ln.word[1] = (struct lex_word){ gt + 1, w->len - (uint32_t)(gt - w->s) - 1,
		                            w->col + (uint32_t)(gt - w->s) + 1 };
	sub.i = 0;
	if (p_host(&sub, &a) != 0 || p_host(&sub, &b) != 0)
		return TFO_ERR_INVALID;
	l = scenario_find_link(p->sc, a, b);
	if (l < 0 || a == b)
		return p_fail(p, w->col, "no link between '%s' and '%s'", p->sc->hosts[a].name,
		              p->sc->hosts[b].name);
	*link = (unsigned)l;
	*dir = p->sc->links[l].a == a ? 0 : 1;
	p->i++;
	return 0;
}

static int link_param(struct parser *p, struct sc_link *l, unsigned dirs)
{
	static const char *const names[] = { "delay",   "jitter", "loss",  "dup",
		                             "reorder", "rate",   "queue", NULL };
	struct sc_dir v = { 0 };
	unsigned which;
	uint64_t n;
	int rc;

	if (p_word(p, names, "a link parameter (delay, jitter, loss, dup, reorder, rate or queue)",
	           &which) != 0)
		return TFO_ERR_INVALID;
	switch (which) {
	case 0:
		rc = p_time(p, &v.delay);
		break;
	case 1:
		rc = p_time(p, &v.jitter);
		break;
	case 2:
		rc = p_percent(p, &v.loss_ppm);
		break;
	case 3:
		rc = p_percent(p, &v.dup_ppm);
		break;
	case 4:
		rc = p_percent(p, &v.reorder_ppm) || p_time(p, &v.reorder_delay);
		break;
	case 5:
		rc = p_rate(p, &v.rate_bps);
		break;
	default:
		rc = p_count(p, 1, 1000000, "a queue length in packets", &n);
		v.queue = (uint32_t)n;
		break;
	}
	if (rc)
		return TFO_ERR_INVALID;
	for (unsigned d = 0; d < 2; d++) {
		struct sc_dir *t = &l->dir[d];

		if (!(dirs & (1u << d)))
			continue;
		switch (which) {
		case 0:
			t->delay = v.delay;
			break;
		case 1:
			t->jitter = v.jitter;
			break;
		case 2:
			t->loss_ppm = v.loss_ppm;
			break;
		case 3:
			t->dup_ppm = v.dup_ppm;
			break;
		case 4:
			t->reorder_ppm = v.reorder_ppm;
			t->reorder_delay = v.reorder_delay;
			break;
		case 5:
			t->rate_bps = v.rate_bps;
			break;
		default:
			t->queue = v.queue;
			break;
		}
	}
	return 0;
}

static int link_new(struct parser *p, unsigned *link)
{
	struct sim_scenario *sc = p->sc;
	uint32_t col = p_col(p);
	unsigned a, b;

	if (p_host(p, &a) != 0 || p_host(p, &b) != 0)
		return TFO_ERR_INVALID;
	if (a == b)
		return p_fail(p, col, "a link joins two different hosts");
	if (scenario_find_link(sc, a, b) >= 0)
		return p_fail(p, col, "there already is a link between '%s' and '%s'",
		              sc->hosts[a].name, sc->hosts[b].name);
	if (sc->nlinks == SC_MAX_LINKS)
		return p_fail(p, col, "too many links (at most %d)", SC_MAX_LINKS);
	memset(&sc->links[sc->nlinks], 0, sizeof(sc->links[0]));
	sc->links[sc->nlinks].a = (uint8_t)a;
	sc->links[sc->nlinks].b = (uint8_t)b;
	*link = (unsigned)sc->nlinks++;
	return 0;
}

int kw_link(struct parser *p)
{
	const struct lex_word *w = p_peek(p);
	unsigned link, dir, dirs = 3;

	if (w && memchr(w->s, '>', w->len)) {
		if (dir_pair(p, &link, &dir) != 0)
			return TFO_ERR_INVALID;
		dirs = 1u << dir;
		if (!p_peek(p))
			return p_expected(p, "a link parameter (delay, jitter, loss, dup, reorder, "
			                     "rate or queue)");
	} else if (link_new(p, &link) != 0) {
		return TFO_ERR_INVALID;
	}
	while (p_peek(p))
		if (link_param(p, &p->sc->links[link], dirs) != 0)
			return TFO_ERR_INVALID;
	return 0;
}

/* ---- loss ---------------------------------------------------------- */

int kw_loss(struct parser *p)
{
	static const char what[] = "a packet kind (packet, syn, syn-data, syn-ack, ack, data, "
	                           "fin or rst)";
	struct sim_scenario *sc = p->sc;
	struct sc_loss r = { 0 };
	unsigned link, dir, kind;
	int first = 0;

	if (dir_pair(p, &link, &dir) != 0)
		return TFO_ERR_INVALID;
	if (p_peek(p) && lex_is(p_peek(p), "first")) {
		first = 1;
		p->i++;
	}
	if (p_word(p, sc_pkind_names(), what, &kind) != 0)
		return TFO_ERR_INVALID;
	r.nth = 1;
	if (!first && p_count(p, 1, UINT32_MAX, "which one (1 for the first)", &r.nth) != 0)
		return TFO_ERR_INVALID;
	if (kw_end(p) != 0)
		return TFO_ERR_INVALID;
	if (sc->nloss == SC_MAX_LOSS)
		return p_fail(p, p->ln.word[0].col, "too many loss rules (at most %d)",
		              SC_MAX_LOSS);
	r.link = (uint8_t)link;
	r.dir = (uint8_t)dir;
	r.kind = (uint8_t)kind;
	sc->loss[sc->nloss++] = r;
	return 0;
}

/* ---- middlebox ----------------------------------------------------- */

static int mbox_nat(struct parser *p, struct sc_mbox *m, const struct sc_host *inside)
{
	uint32_t col = p_col(p);
	char text[TFO_ADDRSTRLEN];
	const char *owner;
	const tfo_addr *own;

	if (p_addr(p, &m->nat) != 0)
		return TFO_ERR_INVALID;
	own = m->nat.family == TFO_AF_INET ? &inside->addr4 : &inside->addr6;
	if (own->family == TFO_AF_NONE)
		return p_fail(p, col, "host '%s' has no address of this family to translate",
		              inside->name);
	tfo_addr_format(&m->nat, text, sizeof(text));
	if ((owner = addr_owner(p->sc, &m->nat)) != NULL)
		return p_fail(p, col, "address %s is already used by %s", text, owner);
	if (!p_peek(p))
		return 0;
	if (p_keyword(p, "rebind") != 0)
		return TFO_ERR_INVALID;
	col = p_col(p);
	if (p_addr(p, &m->rebind) != 0)
		return TFO_ERR_INVALID;
	tfo_addr_format(&m->rebind, text, sizeof(text));
	if (m->rebind.family != m->nat.family)
		return p_fail(p, col, "the NAT rebinds to an address of the same family");
	if ((owner = addr_owner(p->sc, &m->rebind)) != NULL || tfo_addr_equal(&m->rebind, &m->nat))
		return p_fail(p, col, "address %s is already used by %s", text,
		              owner ? owner : "this NAT");
	m->has_rebind = 1;
	return p_keyword(p, "at") || p_time(p, &m->rebind_at) ? TFO_ERR_INVALID : 0;
}

int kw_middlebox(struct parser *p)
{
	struct sim_scenario *sc = p->sc;
	uint32_t col = p_col(p);
	struct sc_mbox m = { 0 };
	unsigned a, b, type;
	int link;

	if (p_host(p, &a) != 0 || p_host(p, &b) != 0)
		return TFO_ERR_INVALID;
	link = scenario_find_link(sc, a, b);
	if (link < 0 || a == b)
		return p_fail(p, col, "no link between '%s' and '%s'", sc->hosts[a].name,
		              sc->hosts[b].name);
	if (p_word(p, sc_mbox_names(),
	           "a middlebox (drop-syn-data, strip-tfo, drop-syn-tfo, strip-tfo-rfc or nat "
	           "ADDR)",
	           &type) != 0)
		return TFO_ERR_INVALID;
	m.link = (uint8_t)link;
	m.inside_dir = sc->links[link].a == a ? 0 : 1;
	m.type = (uint8_t)type;
	for (size_t i = 0; type == SC_MB_NAT && i < sc->nmbox; i++)
		if (sc->mbox[i].type == SC_MB_NAT && sc->mbox[i].link == link)
			return p_fail(p, p->ln.word[p->i - 1].col, "this link already has a NAT");
	if (type == SC_MB_NAT && mbox_nat(p, &m, &sc->hosts[a]) != 0)
		return TFO_ERR_INVALID;
	if (kw_end(p) != 0)
		return TFO_ERR_INVALID;
	if (sc->nmbox == SC_MAX_MBOX)
		return p_fail(p, col, "too many middleboxes (at most %d)", SC_MAX_MBOX);
	sc->mbox[sc->nmbox++] = m;
	return 0;
}
