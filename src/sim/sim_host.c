/*
 * Simulated hosts: a tfo_host with the scenario's settings, keys and
 * listeners, its callbacks, its timer and its key changes.
 */
#include <stdio.h>
#include <string.h>

#include "sim_engine.h"

void sim_host_settings(const struct sc_host *h, tfo_settings *s)
{
	tfo_settings_default(s);
	if (h->set & SC_SET_FASTOPEN)
		s->fastopen = h->fastopen;
	if (h->set & SC_SET_COOKIE_ALG)
		s->cookie_alg = h->cookie_alg;
	if (h->set & SC_SET_COOKIE_LEN)
		s->cookie_len = h->cookie_len;
	else if (s->cookie_alg == TFO_COOKIE_SIPHASH)
		s->cookie_len = 8;
	if (h->set & SC_SET_MTU)
		s->mtu = h->mtu;
	if (h->set & SC_SET_SYN_RETRIES)
		s->syn_retries = h->syn_retries;
	if (h->set & SC_SET_RTO)
		s->rto_initial = h->rto;
	if (h->set & SC_SET_TIME_WAIT)
		s->time_wait = h->time_wait;
	if (h->set & SC_SET_COOKIE_CACHE)
		s->cookie_cache_max = h->cookie_cache;
	if (h->set & SC_SET_BLACKHOLE)
		s->blackhole_timeout = h->blackhole;
	if (h->set & SC_SET_DELACK)
		s->delack = h->delack;
	if (h->set & SC_SET_RCVBUF)
		s->rcvbuf = h->rcvbuf;
	if (h->set & SC_SET_SNDBUF)
		s->sndbuf = h->sndbuf;
}

static void cb_output(void *user, tfo_time now, const tfo_segment *seg)
{
	wire_output(user, now, seg);
}

static void cb_event(void *user, tfo_time now, const tfo_event *ev)
{
	app_event(user, now, ev);
}

/*
 * cb_log: to the run's log, and into the trace of the connection the call
 * is about (a connect or an arriving packet), where the ladders' steps
 * find the Fast Open decisions.
 */
static void cb_log(void *user, tfo_time now, const char *line)
{
	struct sim_host *sh = user;
	struct sim *s = sh->sim;
	const struct sim_options *o = s->opt;
	struct sim_conn *c = s->ctx;
	struct trace_ev ev = { .t = now, .type = TR_LOG };

	if (o->log)
		o->log(o->log_user, now, sh->cfg->name, line);
	if (!c || !c->tr || sh->idx != s->ctx_host)
		return;
	ev.side = (uint8_t)(sh->idx == c->server);
	if (trace_text(c->tr, line, &ev.text, s->mem) != 0)
		sim_fail(s, TFO_ERR_NOMEM);
	else
		app_trace(s, c, &ev);
}

static void cb_random(void *user, uint8_t *buf, size_t len)
{
	struct sim_host *sh = user;

	rng_bytes(&sh->rng, buf, len);
}

/*
 * keys: the scenario's keys, or, like Linux when none was set, a random
 * one (drawn from the host's own stream, so it too follows the seed).
 */
static int keys(struct sim *s, struct sim_host *sh)
{
	const struct sc_host *c = sh->cfg;
	tfo_keyring *ring = tfo_host_keyring(sh->h);
	struct sim_rng r;
	char label[64];
	tfo_key k = { .len = 16 };

	if (c->has_key)
		return tfo_keyring_set(ring, &c->key, c->has_backup ? &c->backup : NULL);
	snprintf(label, sizeof(label), "host %s key", c->name);
	rng_init(&r, s->opt->seed, label);
	rng_bytes(&r, k.bytes, k.len);
	return tfo_keyring_set(ring, &k, NULL);
}

static int listeners(struct sim *s, struct sim_host *sh, const tfo_settings *set)
{
	for (size_t i = 0; i < s->sc->nlisten; i++) {
		const struct sc_listen *l = &s->sc->listen[i];
		tfo_sockaddr any = { .port = l->port };
		tfo_listener *lis;
		int qlen = l->qlen, rc;

		if (l->host != sh->idx)
			continue;
		rc = tfo_listen(sh->h, &any, l->backlog, &lis);
		if (rc != 0)
			return rc;
		/* Unless told otherwise, a TFO server's listeners ask for TFO. */
		if (qlen < 0)
			qlen = (set->fastopen & TFO_FASTOPEN_SERVER) ? 16 : 0;
		if (qlen > 0 && (rc = tfo_listener_set_fastopen(lis, qlen)) != 0)
			return rc;
	}
	return 0;
}

/* is_client: whether a connect line opens connections from host idx. */
static int is_client(const struct sim_scenario *sc, uint32_t idx)
{
	for (size_t i = 0; i < sc->nconnect; i++)
		if (sc->connect[i].client == idx)
			return 1;
	return 0;
}

/*
 * mute: the events nobody reads. State changes serve the ladders alone
 * (app_event's on_state); TFO_EV_CONNECTED serves the client application
 * alone, so a host that opens no connection does without it (a server
 * child's CONNECTED was always dropped in app_event's dispatch).
 */
static uint32_t mute(const struct sim *s, uint32_t idx)
{
	uint32_t m = 0;

	if (!s->opt->ladders)
		m |= 1u << TFO_EV_STATE;
	if (!is_client(s->sc, idx))
		m |= 1u << TFO_EV_CONNECTED;
	return m;
}

int shost_setup(struct sim *s, uint32_t idx, char *err)
{
	struct sim_host *sh = &s->hosts[idx];
	/*
	 * No log callback when nobody reads the lines (no --log, no ladder to
	 * explain): libtfo then formats none, which is a third of a bulk run.
	 */
	tfo_callbacks cb = { .user = sh,
		             .output = cb_output,
		             .event = cb_event,
		             .log = s->opt->log || s->opt->ladders ? cb_log : NULL,
		             .random = cb_random };
	tfo_settings set;
	char label[64];
	int rc;

	sh->sim = s;
	sh->idx = idx;
	sh->cfg = &s->sc->hosts[idx];
	sh->timer_at = TFO_TIME_NEVER;
	snprintf(label, sizeof(label), "host %s", sh->cfg->name);
	rng_init(&sh->rng, s->opt->seed, label);
	sim_host_settings(sh->cfg, &set);
	if (s->opt->tfo_off)
		set.fastopen = 0;
	sh->fastopen = set.fastopen;
	if (!tfo_cookie_alg_available(set.cookie_alg)) {
		snprintf(err, SC_ERR_MAX, "host '%s': this machine cannot compute %s cookies",
		         sh->cfg->name, tfo_cookie_alg_name(set.cookie_alg));
		return TFO_ERR_UNSUPPORTED;
	}
	rc = tfo_host_new(&sh->h, &set, &cb, s->mem);
	if (rc == 0)
		rc = tfo_host_mute_events(sh->h, mute(s, idx));
	if (rc == 0)
		rc = keys(s, sh);
	if (rc == 0)
		rc = listeners(s, sh, &set);
	if (rc != 0)
		snprintf(err, SC_ERR_MAX, "host '%s': %s", sh->cfg->name, tfo_strerror(rc));
	return rc;
}

void shost_rearm(struct sim_host *sh)
{
	tfo_time d = tfo_host_next_deadline(sh->h);

	if (d == TFO_TIME_NEVER || d >= sh->timer_at)
		return;
	if (d < sh->sim->now)
		d = sh->sim->now;
	sh->timer_at = d;
	sim_push(sh->sim, d, EV_TIMER, sh->idx, NULL);
}

void shost_timer(struct sim *s, uint32_t idx, tfo_time t)
{
	struct sim_host *sh = &s->hosts[idx];
	int rc;

	/* A timer moved earlier leaves its old event behind: skip that one. */
	if (t != sh->timer_at)
		return;
	sh->timer_at = TFO_TIME_NEVER;
	s->in_timer = 1;
	rc = tfo_host_advance(sh->h, t);
	s->in_timer = 0;
	if (rc != 0)
		sim_fail(s, rc);
	shost_rearm(sh);
}

void shost_keyop(struct sim *s, uint32_t op)
{
	const struct sc_keyop *k = &s->sc->keyops[op];
	tfo_keyring *ring = tfo_host_keyring(s->hosts[k->host].h);
	int rc;

	if (k->type == SC_KEY_ROTATE)
		rc = tfo_keyring_rotate(ring, &k->key);
	else
		rc = tfo_keyring_set(ring, &k->key, k->has_backup ? &k->backup : NULL);
	if (rc != 0)
		sim_fail(s, rc);
}
