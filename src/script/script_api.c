/*
 * The public entry points (<tfo/script.h>): configuration with
 * packetdrill's option names, and a run from a file or a string: parse,
 * settle the options, make the host, walk the events, tidy up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script_parse.h"
#include "script_run.h"
#include "script_shell.h"

#define MAX_SCRIPT (4u << 20)
#define DEFAULT_KEY "5eed5eed-0b5e55ed-5eed5eed-0b5e55ed"
#define FIRST_REMOTE_PORT 40000
#define LINUX_RMEM2 33554432u
#define LINUX_RMEM_MAX 4194304u

enum {
	OPT_LOCAL = 1 << 0,
	OPT_REMOTE = 1 << 1,
	OPT_VERSION = 1 << 2,
	OPT_MTU = 1 << 3,
	OPT_TOL = 1 << 4,
	OPT_TICK = 1 << 5,
	OPT_BIND = 1 << 6,
	OPT_CONNECT = 1 << 7,
	OPT_PCT = 1 << 8
};

enum { V4, V6, V4_MAPPED };

struct opts {
	unsigned set;
	char local[TFO_ADDRSTRLEN], remote[TFO_ADDRSTRLEN];
	int version;
	uint32_t mtu;
	int64_t tol, tick, pct;
	uint16_t bind_port, connect_port;
};

struct tfo_script_config {
	struct opts o;
	struct sl_def *defs;
	size_t ndefs;
	tfo_script_observer obs;
	int has_obs;
};

static void opts_default(struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mtu = 1500;
	o->tol = 4000;
	o->pct = 12500000; /* 12.5 %, packetdrill's default */
	o->bind_port = 8080;
	o->connect_port = 8080;
}

static int num_opt(const char *v, int64_t lo, int64_t hi, int64_t *out)
{
	return sc_parse_int(v, out) || *out < lo || *out > hi ? -1 : 0;
}

/* opt_apply: one option by name. Returns 0, or -1 with *bad set. */
static int opt_apply(struct opts *o, const char *name, const char *v, const char **bad)
{
	tfo_addr a;
	int64_t n;

	if (!strcmp(name, "local_ip") || !strcmp(name, "remote_ip")) {
		int local = name[0] == 'l';

		if (tfo_addr_parse(&a, v) || strlen(v) >= TFO_ADDRSTRLEN)
			return *bad = "not an IPv4 or IPv6 address", -1;
		snprintf(local ? o->local : o->remote, TFO_ADDRSTRLEN, "%s", v);
		o->set |= local ? OPT_LOCAL : OPT_REMOTE;
	} else if (!strcmp(name, "ip_version")) {
		if (!strcmp(v, "ipv4"))
			o->version = V4;
		else if (!strcmp(v, "ipv6"))
			o->version = V6;
		else if (!strcmp(v, "ipv4-mapped-ipv6"))
			o->version = V4_MAPPED;
		else
			return *bad = "ip_version is ipv4, ipv6 or ipv4-mapped-ipv6", -1;
		o->set |= OPT_VERSION;
	} else if (!strcmp(name, "mtu")) {
		if (num_opt(v, 576, 65535, &n))
			return *bad = "mtu is a number from 576 to 65535", -1;
		o->mtu = (uint32_t)n;
		o->set |= OPT_MTU;
	} else if (!strcmp(name, "tolerance_usecs") || !strcmp(name, "tcp_ts_tick_usecs")) {
		if (num_opt(v, name[0] == 't' && name[1] == 'o' ? 0 : 1, 60000000, &n))
			return *bad = "a number of microseconds up to 60000000 expected", -1;
		*(name[1] == 'o' ? &o->tol : &o->tick) = n;
		o->set |= name[1] == 'o' ? OPT_TOL : OPT_TICK;
	} else if (!strcmp(name, "tolerance_percent")) {
		if (sc_parse_usecs(v, &n) || n > INT64_C(100000000))
			return *bad = "a percentage from 0 to 100 expected", -1;
		o->pct = n;
		o->set |= OPT_PCT;
	} else if (!strcmp(name, "bind_port") || !strcmp(name, "connect_port")) {
		if (num_opt(v, 1, 65535, &n))
			return *bad = "a port from 1 to 65535 expected", -1;
		*(name[0] == 'b' ? &o->bind_port : &o->connect_port) = (uint16_t)n;
		o->set |= name[0] == 'b' ? OPT_BIND : OPT_CONNECT;
	} else if (!strcmp(name, "gateway_ip") || !strcmp(name, "netmask_ip")) {
		if (tfo_addr_parse(&a, v))
			return *bad = "not an IPv4 or IPv6 address", -1;
	} else if (!strcmp(name, "send_omit_free") || !strcmp(name, "verbose")) {
		return 0;
	} else {
		return *bad = "unknown option", -1;
	}
	return 0;
}

TFO_EXPORT int tfo_script_config_new(tfo_script_config **out)
{
	tfo_script_config *c;

	if (!out)
		return TFO_ERR_INVALID;
	c = calloc(1, sizeof(*c));
	if (!c)
		return TFO_ERR_NOMEM;
	opts_default(&c->o);
	*out = c;
	return 0;
}

TFO_EXPORT void tfo_script_config_del(tfo_script_config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->ndefs; i++) {
		free((char *)cfg->defs[i].name);
		free((char *)cfg->defs[i].value);
	}
	free(cfg->defs);
	free(cfg);
}

TFO_EXPORT int tfo_script_config_set(tfo_script_config *cfg, const char *name, const char *value,
                                     const char **bad)
{
	const char *why = NULL;

	if (!cfg || !name || !value)
		return TFO_ERR_INVALID;
	if (opt_apply(&cfg->o, name, value, &why)) {
		if (bad)
			*bad = why;
		return TFO_ERR_INVALID;
	}
	return 0;
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	return p ? memcpy(p, s, n) : NULL;
}

TFO_EXPORT int tfo_script_config_define(tfo_script_config *cfg, const char *name, const char *value)
{
	struct sl_def *v;

	if (!cfg || !name || !value || !name[0] || (name[0] >= '0' && name[0] <= '9'))
		return TFO_ERR_INVALID;
	for (const char *q = name; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
		      (*q >= '0' && *q <= '9')))
			return TFO_ERR_INVALID;
	v = realloc(cfg->defs, (cfg->ndefs + 1) * sizeof(*v));
	if (!v)
		return TFO_ERR_NOMEM;
	cfg->defs = v;
	v[cfg->ndefs].name = dup_str(name);
	v[cfg->ndefs].value = dup_str(value);
	if (!v[cfg->ndefs].name || !v[cfg->ndefs].value) {
		free((char *)v[cfg->ndefs].name);
		free((char *)v[cfg->ndefs].value);
		return TFO_ERR_NOMEM;
	}
	cfg->ndefs++;
	return 0;
}

TFO_EXPORT void tfo_script_config_observe(tfo_script_config *cfg, const tfo_script_observer *obs)
{
	if (!cfg)
		return;
	cfg->has_obs = obs != NULL;
	if (obs)
		cfg->obs = *obs;
}

/* Host callbacks. */
static void on_output(void *user, tfo_time now, const tfo_segment *seg)
{
	struct runner *r = user;
	struct sr_out *o = malloc(sizeof(*o) + seg->len);

	if (!o) {
		r->nomem = 1;
		return;
	}
	o->next = NULL;
	o->t = now;
	o->seg = *seg;
	if (seg->len)
		memcpy(o->data, seg->payload, seg->len);
	o->seg.payload = o->data;
	*r->qtail = o;
	r->qtail = &o->next;
	if (r->obs && r->obs->packet)
		r->obs->packet(r->obs->user, now - r->base, 0, &o->seg);
}

static int same_conn(const struct runner *r, tfo_endpoint *ep)
{
	tfo_endpoint_info in;

	tfo_endpoint_get_info(ep, &in);
	return in.local.port == r->cur.local.port && in.remote.port == r->cur.remote.port &&
	       tfo_addr_equal(&in.local.addr, &r->cur.local.addr) &&
	       tfo_addr_equal(&in.remote.addr, &r->cur.remote.addr);
}

static void on_event(void *user, tfo_time now, const tfo_event *ev)
{
	struct runner *r = user;

	if (!ev->ep || !r->cur.valid)
		return;
	if (ev->type == TFO_EV_STATE && !r->cur.ep && !r->cur.active && same_conn(r, ev->ep))
		r->cur.ep = ev->ep;
	if (ev->ep != r->cur.ep)
		return;
	if (ev->type == TFO_EV_STATE) {
		r->cur.state = ev->new_state;
		if (r->obs && r->obs->state)
			r->obs->state(r->obs->user, now - r->base, r->cur.active, ev->old_state,
			              ev->new_state);
	} else if (ev->type == TFO_EV_CLOSED) {
		r->cur.ep = NULL;
	}
}

/* A fixed-seed generator (splitmix64): the same script gives the same run. */
static void on_random(void *user, uint8_t *buf, size_t len)
{
	struct runner *r = user;

	for (size_t i = 0; i < len; i++) {
		uint64_t z;

		if (i % 8 == 0) {
			z = (r->rng += UINT64_C(0x9e3779b97f4a7c15));
			z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
			z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
			r->seed_word = z ^ (z >> 31);
		}
		buf[i] = (uint8_t)(r->seed_word >> (8 * (i % 8)));
	}
}

static int result(tfo_script_result *res, int verdict, int line, const char *msg)
{
	res->verdict = verdict;
	res->line = line;
	snprintf(res->message, sizeof(res->message), "%s", msg);
	return verdict;
}

/* settle: the script's option lines, then the caller's (which win). */
static int settle(const struct sc_script *sc, const tfo_script_config *cfg, const char *name,
                  struct opts *o, tfo_script_result *res)
{
	char msg[300];

	opts_default(o);
	for (size_t i = 0; i < sc->nopt; i++) {
		const char *bad = NULL;

		if (opt_apply(o, sc->opt[i].name, sc->opt[i].value, &bad)) {
			snprintf(msg, sizeof(msg), "%s:%d: bad option --%s=%s: %s", name,
			         sc->opt[i].line, sc->opt[i].name, sc->opt[i].value, bad);
			return result(res, TFO_SCRIPT_ERROR, sc->opt[i].line, msg);
		}
	}
	if (cfg) {
		const struct opts *c = &cfg->o;

		if (c->set & OPT_LOCAL)
			memcpy(o->local, c->local, sizeof(o->local));
		if (c->set & OPT_REMOTE)
			memcpy(o->remote, c->remote, sizeof(o->remote));
		if (c->set & OPT_VERSION)
			o->version = c->version;
		if (c->set & OPT_MTU)
			o->mtu = c->mtu;
		if (c->set & OPT_TOL)
			o->tol = c->tol;
		if (c->set & OPT_TICK)
			o->tick = c->tick;
		if (c->set & OPT_PCT)
			o->pct = c->pct;
		if (c->set & OPT_BIND)
			o->bind_port = c->bind_port;
		if (c->set & OPT_CONNECT)
			o->connect_port = c->connect_port;
		o->set |= c->set;
	}
	return 0;
}

static int addresses(const struct opts *o, struct sr_config *c, const char *name,
                     tfo_script_result *res)
{
	int v6 = o->version == V6;
	const char *local = (o->set & OPT_LOCAL) ? o->local
	                    : v6                 ? "fd3d:a0b:17d6::1"
	                                         : "192.168.0.1";
	const char *remote = (o->set & OPT_REMOTE) ? o->remote
	                     : v6                  ? "fd3d:fa7b:d17d::1"
	                                           : "192.0.2.1";
	char msg[200];

	memset(c, 0, sizeof(*c));
	tfo_addr_parse(&c->local, local);
	tfo_addr_parse(&c->remote, remote);
	c->family = v6 ? TFO_AF_INET6 : TFO_AF_INET;
	c->mapped = o->version == V4_MAPPED;
	if (c->local.family != c->family || c->remote.family != c->family) {
		snprintf(msg, sizeof(msg), "%s: local_ip and remote_ip must be %s addresses", name,
		         v6 ? "IPv6" : "IPv4");
		return result(res, TFO_SCRIPT_ERROR, 0, msg);
	}
	c->mtu = o->mtu;
	c->tolerance_us = o->tol;
	c->tolerance_pct = o->pct;
	c->ts_tick_us = o->tick;
	c->bind_port = o->bind_port;
	c->connect_port = o->connect_port;
	return 0;
}

static int make_host(struct runner *r)
{
	tfo_callbacks cb = {
		.user = r, .output = on_output, .event = on_event, .random = on_random
	};
	tfo_settings s;
	int rc;

	tfo_settings_default(&s);
	s.mtu = r->cfg.mtu;
	/* Linux 6.18's defaults in a fresh namespace: tcp_rmem 4096 131072 33554432. */
	r->rmem2 = LINUX_RMEM2;
	r->rmem_max = LINUX_RMEM_MAX;
	r->window_scaling = 1;
	s.wscale = sh_wscale(r->rmem2, r->rmem_max);
	rc = tfo_host_new(&r->h, &s, &cb, NULL);
	if (rc)
		return rc;
	return tfo_keyring_parse(tfo_host_keyring(r->h), DEFAULT_KEY);
}

static void runner_free(struct runner *r)
{
	tfo_host_del(r->h);
	while (r->q) {
		struct sr_out *o = r->q;

		r->q = o->next;
		free(o);
	}
	free(r->buf);
}

static int run_parsed(struct runner *r, tfo_script_result *res)
{
	int rc = make_host(r);

	if (rc == TFO_ERR_NOMEM)
		return TFO_ERR_NOMEM;
	if (rc)
		return result(res, TFO_SCRIPT_ERROR, 0, "cannot make the host");
	r->base = TFO_NS_PER_S;
	r->now = r->last = r->base;
	r->next_port = FIRST_REMOTE_PORT;
	r->qtail = &r->q;
	sr_walk(r);
	if (r->nomem)
		return TFO_ERR_NOMEM;
	return result(res, r->verdict, r->line, r->verdict ? r->msg : "");
}

static int run_text(const char *name, const char *dir, const char *text, size_t len,
                    const tfo_script_config *cfg, tfo_script_result *res)
{
	struct sc_script sc;
	struct runner *r;
	struct opts o;
	char msg[300], full[TFO_SCRIPT_MSGLEN];
	int line = 0, rc;

	memset(&sc, 0, sizeof(sc));
	rc = sc_parse(&sc, text, len, cfg ? cfg->defs : NULL, cfg ? cfg->ndefs : 0, &line, msg,
	              sizeof(msg));
	if (rc == TFO_ERR_NOMEM || rc) {
		sc_script_free(&sc);
		if (rc == TFO_ERR_NOMEM)
			return rc;
		snprintf(full, sizeof(full), "%s:%d: %s", name, line, msg);
		return result(res, TFO_SCRIPT_ERROR, line, full);
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		sc_script_free(&sc);
		return TFO_ERR_NOMEM;
	}
	r->name = name;
	r->dir = dir;
	r->sc = &sc;
	r->obs = cfg && cfg->has_obs ? &cfg->obs : NULL;
	rc = settle(&sc, cfg, name, &o, res);
	if (!rc)
		rc = addresses(&o, &r->cfg, name, res);
	if (!rc)
		rc = run_parsed(r, res);
	runner_free(r);
	free(r);
	sc_script_free(&sc);
	return rc;
}

TFO_EXPORT int tfo_script_run_string(const char *name, const char *text,
                                     const tfo_script_config *cfg, tfo_script_result *res)
{
	if (!text || !res)
		return TFO_ERR_INVALID;
	return run_text(name ? name : "script", NULL, text, strlen(text), cfg, res);
}

TFO_EXPORT int tfo_script_run_file(const char *path, const tfo_script_config *cfg,
                                   tfo_script_result *res)
{
	FILE *f;
	char *text, *dir, msg[300];
	const char *slash;
	size_t n;
	int rc;

	if (!path || !res)
		return TFO_ERR_INVALID;
	f = fopen(path, "rb");
	if (!f) {
		snprintf(msg, sizeof(msg), "%s: cannot open the script", path);
		return result(res, TFO_SCRIPT_ERROR, 0, msg);
	}
	text = malloc(MAX_SCRIPT + 1);
	if (!text) {
		fclose(f);
		return TFO_ERR_NOMEM;
	}
	n = fread(text, 1, MAX_SCRIPT + 1, f);
	rc = ferror(f);
	fclose(f);
	if (rc || n > MAX_SCRIPT || memchr(text, '\0', n)) {
		free(text);
		snprintf(msg, sizeof(msg), "%s: %s", path,
		         rc ? "cannot read the script" : "not a script (too long, or binary)");
		return result(res, TFO_SCRIPT_ERROR, 0, msg);
	}
	text[n] = '\0';
	slash = strrchr(path, '/');
	dir = slash ? malloc((size_t)(slash - path) + 1) : NULL;
	if (slash && !dir) {
		free(text);
		return TFO_ERR_NOMEM;
	}
	if (dir) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	rc = run_text(path, dir, text, n, cfg, res);
	free(dir);
	free(text);
	return rc;
}
