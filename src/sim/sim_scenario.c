/*
 * The scenario parser: one handler per keyword, each reading the rest of
 * its line. Names must be declared before they are used, so every error
 * is found on the line that causes it.
 */
#include <stdio.h>
#include <string.h>

#include "sim_parse.h"
#include "sim_scenario.h"
#include "sim_scenario_kw.h"

struct keyword {
	const char *name;
	int (*parse)(struct parser *p);
};

static const struct keyword keywords[] = {
	{ "title", kw_title },
	{ "seed", kw_seed },
	{ "stop", kw_stop },
	{ "host", kw_host },
	{ "link", kw_link },
	{ "loss", kw_loss },
	{ "middlebox", kw_middlebox },
	{ "listen", kw_listen },
	{ "connect", kw_connect },
	{ "rotate-key", kw_rotate_key },
	{ "set-key", kw_set_key },
	{ "kcp", kw_kcp },
	{ NULL, NULL },
};

static const char *const pkind_names[] = { "packet", "syn", "syn-data", "syn-ack", "ack",
	                                   "data",   "fin", "rst",      NULL };
static const char *const mbox_names[] = { "drop-syn-data", "strip-tfo", "drop-syn-tfo",
	                                  "strip-tfo-rfc", "nat",       NULL };

const char *const *sc_pkind_names(void)
{
	return pkind_names;
}

const char *const *sc_mbox_names(void)
{
	return mbox_names;
}

const char *sc_pkind_name(int kind)
{
	return kind >= 0 && kind < SC_PK_COUNT ? pkind_names[kind] : "?";
}

const char *sc_mbox_name(int type)
{
	return type >= SC_MB_DROP_SYN_DATA && type <= SC_MB_NAT ? mbox_names[type] : "?";
}

int scenario_find_link(const struct sim_scenario *sc, unsigned a, unsigned b)
{
	for (size_t i = 0; i < sc->nlinks; i++) {
		const struct sc_link *l = &sc->links[i];

		if ((l->a == a && l->b == b) || (l->a == b && l->b == a))
			return (int)i;
	}
	return -1;
}

uint64_t scenario_total_connections(const struct sim_scenario *sc)
{
	uint64_t n = 0;

	for (size_t i = 0; i < sc->nconnect; i++)
		n += sc->connect[i].count;
	return n;
}

static int dispatch(struct parser *p)
{
	const struct lex_word *w = p_take(p);
	char q[48];

	for (const struct keyword *k = keywords; k->name; k++)
		if (lex_is(w, k->name))
			return k->parse(p);
	return p_fail(p, w->col,
	              "unknown keyword '%s' (expected title, seed, stop, host, link, loss, "
	              "middlebox, listen, connect, rotate-key, set-key or kcp)",
	              p_quote(w, q));
}

int scenario_parse(struct sim_scenario *sc, const char *file, const char *text, size_t len,
                   char *err)
{
	struct parser p = { .sc = sc, .file = file, .err = err };
	struct lex lx;
	uint32_t bad_col = 0;
	int rc;

	memset(sc, 0, sizeof(*sc));
	sc->seed = 1;
	sc->stop = TFO_TIME_NEVER;
	err[0] = '\0';
	lex_init(&lx, text, len);
	while ((rc = lex_next(&lx, &p.ln, &bad_col)) == 1) {
		p.i = 0;
		if (dispatch(&p) != 0)
			return TFO_ERR_INVALID;
	}
	if (rc < 0)
		return p_fail(&p, bad_col,
		              rc == -2 ? "too many words on one line (at most 48)"
		                       : "unexpected byte (only printable ASCII outside comments)");
	/* nothing would run: say so, rather than fail later on a flag never given */
	if (sc->nconnect == 0 && sc->nkcp == 0) {
		snprintf(err, SC_ERR_MAX,
		         "%s: the scenario %s: a scenario needs hosts, a link, a listen line and "
		         "at least one connect line (see docs/scenarios.md, or 'tfosim run --print "
		         "demo')",
		         file,
		         sc->nhosts ? "makes no connection (no connect or kcp line)" : "is empty");
		return TFO_ERR_INVALID;
	}
	return 0;
}
