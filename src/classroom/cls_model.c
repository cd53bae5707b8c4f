/* The classroom model: allocation and the small formatting helpers. */
#include <stdlib.h>
#include <string.h>

#include <tfo/tfo.h>

#include "cls_model.h"

int cls_vstrf(char **out, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	*out = n < 0 ? NULL : malloc((size_t)n + 1);
	if (!*out)
		return TFO_ERR_NOMEM;
	vsnprintf(*out, (size_t)n + 1, fmt, ap);
	return 0;
}

int cls_strf(char **out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = cls_vstrf(out, fmt, ap);
	va_end(ap);
	return rc;
}

struct cls_seg *cls_seg_add(struct cls_conn *c)
{
	struct cls_seg *s;

	if (c->nsegs == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;

		s = realloc(c->segs, cap * sizeof(*s));
		if (!s)
			return NULL;
		c->segs = s;
		c->cap = cap;
	}
	s = &c->segs[c->nsegs++];
	memset(s, 0, sizeof(*s));
	return s;
}

int cls_doc_init(struct cls_doc *d, size_t n)
{
	memset(d, 0, sizeof(*d));
	if (!n)
		return 0;
	d->pairs = calloc(n, sizeof(*d->pairs));
	if (!d->pairs)
		return TFO_ERR_NOMEM;
	d->npairs = n;
	for (size_t i = 0; i < n; i++) {
		cls_conn_init(&d->pairs[i].on);
		cls_conn_init(&d->pairs[i].off);
	}
	return 0;
}

void cls_conn_init(struct cls_conn *c)
{
	memset(c, 0, sizeof(*c));
	c->mark[0] = c->mark[1] = c->saved_est = CLS_NO_TIME;
}

void cls_conn_free(struct cls_conn *c)
{
	for (size_t i = 0; i < c->nsegs; i++) {
		struct cls_seg *s = &c->segs[i];

		free(s->label);
		free(s->brief);
		free(s->why);
		free(s->what);
		free(s->tcpdump);
		free(s->cookie);
		free(s->check);
		free(s->change);
	}
	free(c->segs);
	free(c->title);
	free(c->outcome);
	free(c->middle);
	memset(c, 0, sizeof(*c));
}

void cls_doc_free(struct cls_doc *d)
{
	for (size_t i = 0; i < d->npairs; i++) {
		cls_conn_free(&d->pairs[i].on);
		cls_conn_free(&d->pairs[i].off);
	}
	free(d->pairs);
	free(d->title);
	free(d->subtitle);
	free(d->note);
	memset(d, 0, sizeof(*d));
}

char *cls_ms(char *buf, int64_t ns)
{
	uint64_t a = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	uint64_t whole = a / 1000000, frac = a % 1000000;
	int n = snprintf(buf, 32, "%s%llu", ns < 0 ? "-" : "", (unsigned long long)whole);

	if (frac) {
		char f[8];
		int k = 6;

		snprintf(f, sizeof(f), "%06llu", (unsigned long long)frac);
		while (k > 0 && f[k - 1] == '0')
			k--;
		/* Three decimals are plenty on a ladder: microseconds. */
		if (k > 3)
			k = 3;
		if (k > 0)
			snprintf(buf + n, (size_t)(32 - n), ".%.*s", k, f);
	}
	return buf;
}
