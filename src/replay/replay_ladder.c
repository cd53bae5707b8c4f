/* The ladder renderer for replayed connections. */
#include <inttypes.h>
#include <string.h>

#include "replay_ladder.h"
#include "replay_conn_update.h"
#include "replay_report.h"
#include "tfo_alloc.h"

#define RAILS_OUT 16 /* a line's columns outside the rails: the time and the two rails */
#define GROW 16

struct rung {
	int64_t t;
	uint32_t seq, ack, len;
	uint8_t has_time, from_client, flags;
	struct replay_tfo tfo;
};

struct ladder {
	struct rung *rungs;
	size_t n, cap;
	uint64_t omitted;
};

static int grow(struct ladder *l, const tfo_allocator *mem)
{
	size_t cap = l->cap + GROW;
	struct rung *r = mem_alloc(mem, cap * sizeof(*r));

	if (!r)
		return TFO_ERR_NOMEM;
	if (l->n)
		memcpy(r, l->rungs, l->n * sizeof(*r));
	mem_free(mem, l->rungs);
	l->rungs = r;
	l->cap = cap;
	return 0;
}

int replay_ladder_packet(struct replay_conn *c, const struct replay_packet *p, int from_client,
                         const tfo_allocator *mem)
{
	struct ladder *l = c->ext;
	struct rung *r;

	mem = mem_get(mem);
	if (!l) {
		l = mem_zalloc(mem, 1, sizeof(*l));
		if (!l)
			return TFO_ERR_NOMEM;
		c->ext = l;
	}
	if (l->n == REPLAY_LADDER_MAX) {
		l->omitted++;
		return 0;
	}
	if (l->n == l->cap && grow(l, mem) != 0)
		return TFO_ERR_NOMEM;
	r = &l->rungs[l->n++];
	r->t = p->t_ns;
	r->has_time = p->has_time;
	r->from_client = (uint8_t)from_client;
	r->flags = p->seg.flags;
	r->seq = p->seg.seq;
	r->ack = p->seg.ack;
	r->len = p->seg.len;
	replay_tfo_get(&p->seg, &r->tfo);
	return 0;
}

void replay_ladder_free(struct replay_conn *c, const tfo_allocator *mem)
{
	struct ladder *l = c->ext;

	if (!l)
		return;
	mem = mem_get(mem);
	mem_free(mem, l->rungs);
	mem_free(mem, l);
	c->ext = NULL;
}

static void label(const struct replay_conn *c, const struct rung *r, char *buf, size_t size)
{
	uint32_t mine = r->from_client ? c->isn : c->srv_isn;
	uint32_t theirs = r->from_client ? c->srv_isn : c->isn;
	char f[9], cookie[2 * TFO_COOKIE_MAX + 1];
	size_t n;

	replay_flags_text(r->flags, f);
	n = (size_t)snprintf(buf, size, "%s seq %" PRIu32, f, r->seq - mine);
	if ((r->flags & TFO_TH_ACK) && n < size)
		n += (size_t)snprintf(buf + n, size - n, " ack %" PRIu32, r->ack - theirs);
	if (r->len && n < size)
		n += (size_t)snprintf(buf + n, size - n, " len %" PRIu32, r->len);
	if (r->tfo.cookie_len == 0 && n < size)
		snprintf(buf + n, size - n, " tfo cookiereq");
	else if (r->tfo.cookie_len > 0 && n < size)
		snprintf(buf + n, size - n, " tfo cookie %s",
		         replay_cookie_hex(&r->tfo, cookie, sizeof(cookie)));
}

static void arrow(FILE *out, const char *text, int right, int between)
{
	int len = (int)strlen(text), left = (between - len - 2) / 2;

	if (left < 2)
		left = 2;
	fputc('|', out);
	fputs(right ? "" : "<", out);
	for (int i = right ? 0 : 1; i < left; i++)
		fputc('-', out);
	fprintf(out, " %s ", text);
	for (int i = left + len + 2; i < between - (right ? 1 : 0); i++)
		fputc('-', out);
	fputs(right ? ">|\n" : "|\n", out);
}

void replay_ladder_print(FILE *out, const struct replay_conn *c, const struct replay_result *r,
                         unsigned width)
{
	const struct ladder *l = c->ext;
	int between = (int)(width ? width : REPLAY_LADDER_WIDTH) - RAILS_OUT;
	char text[160];
	int64_t t0;

	replay_report_conn(out, r, 0);
	if (!l || !l->n)
		return;
	t0 = l->rungs[0].t;
	fprintf(out, "%12s  %-*s%s\n", "time_us", between - 5, "client", "server");
	for (size_t i = 0; i < l->n; i++) {
		const struct rung *g = &l->rungs[i];

		if (g->has_time && l->rungs[0].has_time)
			fprintf(out, "%12" PRId64 "  ", (g->t - t0) / 1000);
		else
			fprintf(out, "%12s  ", "-");
		label(c, g, text, sizeof(text));
		arrow(out, text, g->from_client, between);
	}
	if (l->omitted)
		fprintf(out, "%12s  (%" PRIu64 " more packets not drawn)\n", "", l->omitted);
	fputc('\n', out);
}
