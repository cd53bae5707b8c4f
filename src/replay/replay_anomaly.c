/* Anomaly names, the detail formatter and the capped store. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "replay_anomaly.h"
#include "tfo_alloc.h"

static const char *const names[RA_COUNT] = {
	[RA_NO_SYN] = "no-syn",
	[RA_RETRANSMISSION] = "retransmission",
	[RA_OUT_OF_ORDER] = "out-of-order",
	[RA_GAP] = "gap",
	[RA_SNAPPED] = "snapped",
	[RA_BAD_CHECKSUM] = "bad-checksum",
	[RA_NON_TCP] = "non-tcp",
	[RA_MALFORMED] = "malformed",
	[RA_TUPLE_REUSE] = "tuple-reuse",
	[RA_AFTER_CLOSE] = "after-close",
	[RA_UNPARSABLE] = "unparsable",
	[RA_TRUNCATED] = "truncated",
};

char *replay_printable(char *s)
{
	for (char *c = s; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			*c = '?';
	return s;
}

const char *replay_anomaly_name(int kind)
{
	return kind >= 0 && kind < RA_COUNT ? names[kind] : "?";
}

int replay_vnote(const struct replay_emit *emit, int kind, uint32_t file, uint64_t index,
                 uint64_t conn, const char *fmt, va_list ap)
{
	struct replay_anomaly a;

	a.kind = kind;
	a.file = file;
	a.index = index;
	a.conn = conn;
	vsnprintf(a.detail, sizeof(a.detail), fmt, ap);
	replay_printable(a.detail);
	return emit->anomaly(emit->user, &a);
}

int replay_note(const struct replay_emit *emit, int kind, uint32_t file, uint64_t index,
                uint64_t conn, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = replay_vnote(emit, kind, file, index, conn, fmt, ap);
	va_end(ap);
	return rc;
}

void replay_anomalies_init(struct replay_anomalies *s, const tfo_allocator *mem, uint64_t keep)
{
	memset(s, 0, sizeof(*s));
	s->mem = mem_get(mem);
	s->keep = keep;
}

void replay_anomalies_free(struct replay_anomalies *s)
{
	mem_free(s->mem, s->list);
	s->list = NULL;
	s->n = s->cap = 0;
}

static int grow(struct replay_anomalies *s)
{
	size_t cap = s->cap ? s->cap * 2 : 16;
	struct replay_anomaly *list;

	if (cap > SIZE_MAX / sizeof(*list))
		return TFO_ERR_NOMEM;
	list = mem_alloc(s->mem, cap * sizeof(*list));
	if (!list)
		return TFO_ERR_NOMEM;
	if (s->n)
		memcpy(list, s->list, s->n * sizeof(*list));
	mem_free(s->mem, s->list);
	s->list = list;
	s->cap = cap;
	return 0;
}

int replay_anomalies_add(struct replay_anomalies *s, const struct replay_anomaly *a)
{
	if (a->kind < 0 || a->kind >= RA_COUNT)
		return TFO_ERR_INVALID;
	s->count[a->kind]++;
	if (s->keep && s->kept[a->kind] >= s->keep)
		return 0;
	if (s->n == s->cap && grow(s) != 0)
		return TFO_ERR_NOMEM;
	s->list[s->n++] = *a;
	s->kept[a->kind]++;
	return 0;
}

uint64_t replay_anomalies_total(const struct replay_anomalies *s)
{
	uint64_t total = 0;

	for (int k = 0; k < RA_COUNT; k++)
		total += s->count[k];
	return total;
}
