/*
 * The replay driver: wires the readers to the tracker, the tracker to the
 * analysis, and hands results out in order as soon as every earlier
 * connection is finished too (or, by finish order, as each finishes).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "replay.h"
#include "replay_source.h"
#include "tfo_alloc.h"

struct replay {
	struct replay_config cfg;
	const tfo_allocator *mem;
	struct replay_conns *conns;
	struct replay_anomalies anomalies;
	struct replay_summary summary;
	tfo_keyring **rings; /* [0] is --key's; then one per rekey */
	size_t nrings;
	const char **names;
	uint32_t nnames, capnames;
	const char *current;
	/* a connection finished since the last drain: only then can one be ready */
	int finished;
	/* the last packet's time, per file: a capture going back in time is said */
	int64_t last_t;
	uint32_t last_t_file;
	int has_last_t;
	uint64_t untimed; /* packets read without a time */
};

static int on_anomaly(void *user, const struct replay_anomaly *a)
{
	struct replay *r = user;

	return replay_anomalies_add(&r->anomalies, a);
}

static void on_warn(void *user, const char *msg)
{
	struct replay *r = user;

	if (r->cfg.warn)
		r->cfg.warn(r->cfg.user, msg);
}

static void on_progress(void *user, uint64_t bytes, uint64_t packets)
{
	struct replay *r = user;

	if (r->cfg.progress)
		r->cfg.progress(r->cfg.user, r->current, bytes, packets);
}

/* Hands out every finished connection that no open one precedes. */
static int drain(struct replay *r)
{
	struct replay_conn *c;
	struct replay_result res;
	int rc = 0;

	while (rc == 0 && (c = replay_conns_next(r->conns)) != NULL) {
		replay_analyse(c, replay_keyring_for(r, c->number), &res);
		res.file = replay_input_name(r, c->first_file);
		replay_summary_add(&r->summary, &res);
		if (r->cfg.result)
			rc = r->cfg.result(r->cfg.user, &res, c);
		if (r->cfg.release)
			r->cfg.release(r->cfg.user, c);
		c->ext = NULL;
		replay_conns_release(r->conns, c);
	}
	return rc;
}

static void emit_of(struct replay *r, struct replay_emit *e);

/*
 * A packet stamped before the one read before it in the same file: the
 * capture is not in time order (merged by hand, a clock stepped back), so
 * durations measured across the step are wrong. The times are still used.
 * Out of line: its note's frame would otherwise be set up on every packet.
 */
static __attribute__((noinline)) int time_went_back(struct replay *r, const struct replay_packet *p)
{
	struct replay_emit e;
	int64_t back = r->last_t - p->t_ns;

	emit_of(r, &e);
	return replay_note(&e, RA_MALFORMED, p->file, p->index, 0,
	                   "time %" PRId64 ".%09" PRId64 " s before the packet before it: "
	                   "the capture is not in time order",
	                   back / 1000000000, back % 1000000000);
}

static int time_order(struct replay *r, const struct replay_packet *p)
{
	int rc = 0;

	if (!p->has_time)
		return 0;
	if (r->has_last_t && r->last_t_file == p->file && p->t_ns < r->last_t)
		rc = time_went_back(r, p);
	r->last_t = p->t_ns;
	r->last_t_file = p->file;
	r->has_last_t = 1;
	return rc;
}

static int on_packet(void *user, struct replay_packet *p)
{
	struct replay *r = user;
	int rc = time_order(r, p);

	r->untimed += !p->has_time;
	if (rc == 0)
		rc = replay_conns_input(r->conns, p);
	if (rc != 0)
		return rc;
	/* Most packets finish nothing, and a drain leaves none ready: drain
	 * only after a connection finished. */
	if (!r->finished)
		return 0;
	r->finished = 0;
	return drain(r);
}

static int on_conn_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                          int from_client)
{
	struct replay *r = user;

	return r->cfg.packet(r->cfg.user, c, p, from_client);
}

static int on_conn_done(void *user, struct replay_conn *c)
{
	struct replay *r = user;

	(void)c;
	r->finished = 1;
	return 0;
}

static void emit_of(struct replay *r, struct replay_emit *e)
{
	e->user = r;
	e->packet = on_packet;
	e->anomaly = on_anomaly;
	e->warn = on_warn;
	e->progress = on_progress;
}

static int make_ring(struct replay *r, const char *text, tfo_keyring **out, char *err,
                     size_t errsize)
{
	size_t len = r->cfg.cookie_len ? r->cfg.cookie_len : TFO_COOKIE_DEFAULT_LEN;
	int rc = tfo_keyring_new(out, r->cfg.alg, len, r->mem);

	if (rc != 0) {
		snprintf(err, errsize, "cookie algorithm: %s", tfo_strerror(rc));
		return rc;
	}
	rc = tfo_keyring_parse(*out, text);
	if (rc != 0)
		replay_key_error(err, errsize, "key", text, r->cfg.alg);
	return rc;
}

void replay_key_error(char *err, size_t errsize, const char *what, const char *text, int alg)
{
	snprintf(err, errsize,
	         "bad %s '%s': expected xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx[,BACKUP] (%s needs %s)",
	         what, text, tfo_cookie_alg_name(alg),
	         alg == TFO_COOKIE_SIPHASH ? "128-bit keys" : "128- or 256-bit keys");
}

static int make_rings(struct replay *r, char *err, size_t errsize)
{
	size_t n = r->cfg.key ? 1 + r->cfg.nrekeys : 0;
	int rc;

	if (!r->cfg.key && r->cfg.nrekeys) {
		snprintf(err, errsize, "a key schedule needs a first key");
		return TFO_ERR_INVALID;
	}
	if (!n)
		return 0;
	r->rings = mem_zalloc(r->mem, n, sizeof(*r->rings));
	if (!r->rings)
		return TFO_ERR_NOMEM;
	r->nrings = n;
	for (size_t i = 0; i < n; i++) {
		rc = make_ring(r, i ? r->cfg.rekeys[i - 1].ring : r->cfg.key, &r->rings[i], err,
		               errsize);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int replay_new(struct replay **out, const struct replay_config *cfg, char *err, size_t errsize)
{
	const tfo_allocator *mem = mem_get(cfg->mem);
	struct replay_conns_cb cb;
	struct replay_emit e;
	struct replay *r;
	int rc;

	r = mem_zalloc(mem, 1, sizeof(*r));
	if (!r)
		return TFO_ERR_NOMEM;
	r->cfg = *cfg;
	r->mem = mem;
	replay_anomalies_init(&r->anomalies, mem, cfg->anomaly_keep);
	emit_of(r, &e);
	cb.user = r;
	/* no call per packet where nobody looks at packets */
	cb.packet = cfg->packet ? on_conn_packet : NULL;
	cb.done = on_conn_done;
	rc = replay_conns_new(&r->conns, mem, &e, &cb);
	if (rc == 0 && cfg->by_finish)
		replay_conns_by_finish(r->conns);
	if (rc == 0)
		rc = make_rings(r, err, errsize);
	if (rc != 0) {
		replay_del(r);
		return rc;
	}
	*out = r;
	return 0;
}

void replay_del(struct replay *r)
{
	struct replay_conn *c;

	if (!r)
		return;
	/* Connections not handed out still own their ext. */
	if (r->conns && r->cfg.release) {
		replay_conns_finish(r->conns);
		while ((c = replay_conns_next(r->conns)) != NULL) {
			r->cfg.release(r->cfg.user, c);
			replay_conns_release(r->conns, c);
		}
	}
	replay_conns_del(r->conns);
	for (size_t i = 0; i < r->nrings; i++)
		tfo_keyring_del(r->rings[i]);
	mem_free(r->mem, r->rings);
	mem_free(r->mem, r->names);
	replay_anomalies_free(&r->anomalies);
	mem_free(r->mem, r);
}

static int add_name(struct replay *r, const char *name)
{
	if (r->nnames == r->capnames) {
		uint32_t cap = r->capnames ? r->capnames * 2 : 4;
		const char **n = mem_alloc(r->mem, cap * sizeof(*n));

		if (!n)
			return TFO_ERR_NOMEM;
		if (r->nnames)
			memcpy(n, r->names, r->nnames * sizeof(*n));
		mem_free(r->mem, r->names);
		r->names = n;
		r->capnames = cap;
	}
	r->names[r->nnames++] = name;
	r->current = name;
	return 0;
}

int replay_file(struct replay *r, const char *path, char *err, size_t errsize)
{
	struct replay_emit e;
	int rc = add_name(r, strcmp(path, "-") == 0 ? "(stdin)" : path);

	if (rc != 0)
		return rc;
	emit_of(r, &e);
	return replay_source_read(path, r->nnames - 1, &e, r->mem, err, errsize);
}

int replay_stream(struct replay *r, FILE *f, const uint8_t *head, size_t headlen, const char *name,
                  char *err, size_t errsize)
{
	struct replay_emit e;
	int rc = add_name(r, name);

	if (rc != 0) {
		if (f != stdin)
			fclose(f);
		return rc;
	}
	emit_of(r, &e);
	return replay_source_stream(f, head, headlen, name, r->nnames - 1, &e, r->mem, err,
	                            errsize);
}

int replay_end(struct replay *r)
{
	int rc = replay_conns_finish(r->conns);

	return rc == 0 ? drain(r) : rc;
}

const struct replay_summary *replay_get_summary(const struct replay *r)
{
	return &r->summary;
}

const struct replay_anomalies *replay_get_anomalies(const struct replay *r)
{
	return &r->anomalies;
}

const char *replay_input_name(const struct replay *r, uint32_t file)
{
	return file < r->nnames ? r->names[file] : "?";
}

const tfo_keyring *replay_keyring_for(const struct replay *r, uint64_t n)
{
	size_t i = 0;

	if (!r->nrings)
		return NULL;
	while (i < r->cfg.nrekeys && r->cfg.rekeys[i].from <= n)
		i++;
	return r->rings[i];
}

int replay_all_timed(const struct replay *r)
{
	return r->untimed == 0;
}
