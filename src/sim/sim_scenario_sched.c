/*
 * Scenario keywords for what happens and when: title, seed, stop, listen,
 * connect, rotate-key and set-key.
 */
#include <string.h>

#include "sim_scenario_kw.h"
#include "sim_units.h"

#define DEFAULT_REQUEST 100
#define DEFAULT_RESPONSE 1000
#define DEFAULT_BACKLOG 128
#define MAX_COUNT UINT64_C(1000000000)

int kw_title(struct parser *p)
{
	const struct lex_word *first = p_peek(p), *last;
	size_t n;

	if (!first)
		return p_expected(p, "a line of text");
	last = &p->ln.word[p->ln.nword - 1];
	n = (size_t)(last->s + last->len - first->s);
	if (n >= SC_TITLE_MAX)
		return p_fail(p, first->col, "a title is at most %d bytes", SC_TITLE_MAX - 1);
	memcpy(p->sc->title, first->s, n);
	p->sc->title[n] = '\0';
	p->i = p->ln.nword;
	return 0;
}

int kw_seed(struct parser *p)
{
	if (p_count(p, 0, UINT64_MAX, "a seed", &p->sc->seed) != 0)
		return TFO_ERR_INVALID;
	return kw_end(p);
}

int kw_stop(struct parser *p)
{
	if (p_keyword(p, "at") != 0 || p_time(p, &p->sc->stop) != 0)
		return TFO_ERR_INVALID;
	return kw_end(p);
}

/* ---- listen -------------------------------------------------------- */

static int listen_option(struct parser *p, struct sc_listen *l)
{
	static const char *const names[] = {
		"qlen", "backlog", "think", "response", "close", NULL
	};
	static const char *const closers[] = { "client", "server", NULL };
	unsigned which, closer;
	uint64_t v;

	if (p_word(p, names, "a listen option (qlen, backlog, think, response or close)", &which) !=
	    0)
		return TFO_ERR_INVALID;
	switch (which) {
	case 0:
		if (p_count(p, 0, 1000000, "a Fast Open queue length", &v) != 0)
			return TFO_ERR_INVALID;
		l->qlen = (int)v;
		return 0;
	case 1:
		if (p_count(p, 1, 1000000, "a backlog", &v) != 0)
			return TFO_ERR_INVALID;
		l->backlog = (int)v;
		return 0;
	case 2:
		return p_time(p, &l->think);
	case 3:
		return p_size(p, UINT64_C(1) << 30, &l->response);
	default:
		if (p_word(p, closers, "who closes first (client or server)", &closer) != 0)
			return TFO_ERR_INVALID;
		l->closer = (uint8_t)closer;
		return 0;
	}
}

int kw_listen(struct parser *p)
{
	struct sim_scenario *sc = p->sc;
	uint32_t col = p_col(p);
	struct sc_listen l = { 0 };
	unsigned host;
	uint64_t port;

	if (p_host(p, &host) != 0 || p_keyword(p, "port") != 0 ||
	    p_count(p, 1, 65535, "a port", &port) != 0)
		return TFO_ERR_INVALID;
	l.host = (uint8_t)host;
	l.port = (uint16_t)port;
	l.qlen = -1; /* decided by the host's settings, see sim_host.c */
	l.backlog = DEFAULT_BACKLOG;
	l.response = DEFAULT_RESPONSE;
	while (p_peek(p))
		if (listen_option(p, &l) != 0)
			return TFO_ERR_INVALID;
	for (size_t i = 0; i < sc->nlisten; i++)
		if (sc->listen[i].host == host && sc->listen[i].port == port)
			return p_fail(p, col, "'%s' already listens on port %u",
			              sc->hosts[host].name, (unsigned)port);
	if (sc->nlisten == SC_MAX_LISTEN)
		return p_fail(p, col, "too many listeners (at most %d)", SC_MAX_LISTEN);
	sc->listen[sc->nlisten++] = l;
	return 0;
}

/* ---- connect ------------------------------------------------------- */

/* "server:80": a declared host and a port. */
int p_host_port(struct parser *p, unsigned *host, uint16_t *port)
{
	const struct lex_word *w = p_peek(p);
	const char *colon = NULL;
	struct parser sub = *p;
	uint64_t v;

	for (uint32_t i = 0; w && i < w->len; i++)
		if (w->s[i] == ':')
			colon = w->s + i;
	if (!colon)
		return p_expected(p, "HOST:PORT (e.g. server:80)");
	sub.ln.nword = 2;
	sub.ln.word[0] = (struct lex_word){ w->s, (uint32_t)(colon - w->s), w->col };
	sub.ln.word[1] = (struct lex_word){ colon + 1, w->len - (uint32_t)(colon - w->s) - 1,
		                            w->col + (uint32_t)(colon - w->s) + 1 };
	sub.ln.end_col = w->col + w->len;
	if (sub.ln.word[1].len == 0)
		sub.ln.nword = 1; /* "server:" has no port */
	sub.i = 0;
	if (p_host(&sub, host) != 0 || p_count(&sub, 1, 65535, "a port", &v) != 0)
		return TFO_ERR_INVALID;
	*port = (uint16_t)v;
	p->i++;
	return 0;
}

static int connect_option(struct parser *p, struct sc_connect *c, int *fam_given)
{
	static const char *const names[] = { "request", "every", "count", "plain",
		                             "ipv4",    "ipv6",  "reset", NULL };
	unsigned which;

	if (p_word(p, names, "a connect option (request, every, count, plain, ipv4, ipv6 or reset)",
	           &which) != 0)
		return TFO_ERR_INVALID;
	switch (which) {
	case 0:
		return p_size(p, UINT64_C(1) << 30, &c->request);
	case 1:
		if (p_time(p, &c->every) != 0)
			return TFO_ERR_INVALID;
		if (c->every == 0)
			return p_fail(p, p->ln.word[p->i - 1].col, "'every' needs a time above 0");
		return 0;
	case 2:
		return p_count(p, 1, MAX_COUNT, "a number of connections", &c->count);
	case 3:
		c->plain = 1;
		return 0;
	case 6:
		c->reset = 1;
		return 0;
	default:
		c->family = which == 4 ? TFO_AF_INET : TFO_AF_INET6;
		*fam_given = (int)p->ln.word[p->i - 1].col;
		return 0;
	}
}

/* The family both ends can use: the one asked for, else IPv4, else IPv6. */
int p_family(struct parser *p, unsigned client, unsigned server, uint8_t *fam, int fam_col,
             uint32_t srv_col)
{
	const struct sc_host *cl = &p->sc->hosts[client], *sv = &p->sc->hosts[server];
	int v4 = cl->addr4.family && sv->addr4.family, v6 = cl->addr6.family && sv->addr6.family;

	if (fam_col) {
		if ((*fam == TFO_AF_INET && !v4) || (*fam == TFO_AF_INET6 && !v6))
			return p_fail(p, (uint32_t)fam_col,
			              "'%s' and '%s' do not both have an %s address", cl->name,
			              sv->name, *fam == TFO_AF_INET ? "IPv4" : "IPv6");
		return 0;
	}
	if (!v4 && !v6)
		return p_fail(p, srv_col, "'%s' and '%s' have no address family in common",
		              cl->name, sv->name);
	*fam = v4 ? TFO_AF_INET : TFO_AF_INET6;
	return 0;
}

int p_check_repeat_pair(struct parser *p, tfo_time every, uint64_t count, int count_given,
                        unsigned client, unsigned server, uint32_t srv_col)
{
	if (every && !count_given)
		return p_fail(p, p->ln.word[0].col, "'every' needs a 'count'");
	if (count > 1 && !every)
		return p_fail(p, p->ln.word[0].col, "'count' needs 'every'");
	if (client == server)
		return p_fail(p, srv_col, "a host cannot connect to itself here");
	if (scenario_find_link(p->sc, client, server) < 0)
		return p_fail(p, srv_col, "no link between '%s' and '%s'",
		              p->sc->hosts[client].name, p->sc->hosts[server].name);
	return 0;
}

int p_at_endpoints(struct parser *p, tfo_time *at, unsigned *client, unsigned *server,
                   uint16_t *port, uint32_t *srv_col)
{
	if (p_keyword(p, "at") != 0 || p_time(p, at) != 0 || p_host(p, client) != 0)
		return TFO_ERR_INVALID;
	*srv_col = p_col(p);
	return p_host_port(p, server, port);
}

int kw_connect(struct parser *p)
{
	struct sim_scenario *sc = p->sc;
	struct sc_connect c = { 0 };
	unsigned client, server;
	uint32_t srv_col;
	int fam_col = 0;

	if (p_at_endpoints(p, &c.at, &client, &server, &c.port, &srv_col) != 0)
		return TFO_ERR_INVALID;
	c.client = (uint8_t)client;
	c.server = (uint8_t)server;
	c.request = DEFAULT_REQUEST;
	while (p_peek(p))
		if (connect_option(p, &c, &fam_col) != 0)
			return TFO_ERR_INVALID;
	if (p_check_repeat_pair(p, c.every, c.count, c.count != 0, c.client, c.server, srv_col) !=
	            0 ||
	    p_family(p, c.client, c.server, &c.family, fam_col, srv_col) != 0)
		return TFO_ERR_INVALID;
	if (c.count == 0)
		c.count = 1;
	if (sc->nconnect == SC_MAX_CONNECT)
		return p_fail(p, p->ln.word[0].col, "too many connect lines (at most %d)",
		              SC_MAX_CONNECT);
	sc->connect[sc->nconnect++] = c;
	return 0;
}

/* ---- keys ---------------------------------------------------------- */

static int key_op(struct parser *p, int type)
{
	struct sim_scenario *sc = p->sc;
	struct sc_keyop k = { .type = (uint8_t)type };
	const struct sc_host *h;
	unsigned host;
	uint32_t key_col;

	if (p_host(p, &host) != 0 || p_keyword(p, "at") != 0 || p_time(p, &k.at) != 0 ||
	    p_keyword(p, "key") != 0)
		return TFO_ERR_INVALID;
	key_col = p_col(p);
	if (p_keys(p, &k.key, type == SC_KEY_SET ? &k.backup : NULL, &k.has_backup) != 0 ||
	    kw_end(p) != 0)
		return TFO_ERR_INVALID;
	h = &sc->hosts[host];
	if ((!(h->set & SC_SET_COOKIE_ALG) || h->cookie_alg == TFO_COOKIE_SIPHASH) &&
	    (k.key.len != 16 || (k.has_backup && k.backup.len != 16)))
		return p_fail(p, key_col, "siphash needs 128-bit keys (four groups)");
	if (sc->nkeyops == SC_MAX_KEYOPS)
		return p_fail(p, p->ln.word[0].col, "too many key changes (at most %d)",
		              SC_MAX_KEYOPS);
	k.host = (uint8_t)host;
	sc->keyops[sc->nkeyops++] = k;
	return 0;
}

int kw_rotate_key(struct parser *p)
{
	return key_op(p, SC_KEY_ROTATE);
}

int kw_set_key(struct parser *p)
{
	return key_op(p, SC_KEY_SET);
}
