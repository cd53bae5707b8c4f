/* The script model's storage: an arena for the parse, arrays for events. */
#include <stdlib.h>
#include <string.h>

#include "script_model.h"

#define BLOCK_MIN 4096

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->size - b->used < n) {
		size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

void arena_free(struct arena *a)
{
	while (a->head) {
		struct arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
}

struct sc_event *sc_add_event(struct sc_script *s)
{
	if (s->nev == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct sc_event *v = realloc(s->ev, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->ev = v;
		s->cap = cap;
	}
	memset(&s->ev[s->nev], 0, sizeof(s->ev[0]));
	return &s->ev[s->nev++];
}

int sc_add_option(struct sc_script *s, const char *name, const char *value, int line)
{
	struct sc_option *o;

	if (s->nopt == s->optcap) {
		size_t cap = s->optcap ? s->optcap * 2 : 8;
		struct sc_option *v = realloc(s->opt, cap * sizeof(*v));

		if (!v)
			return -1;
		s->opt = v;
		s->optcap = cap;
	}
	o = &s->opt[s->nopt];
	o->name = arena_strndup(&s->arena, name, strlen(name));
	o->value = arena_strndup(&s->arena, value, strlen(value));
	o->line = line;
	if (!o->name || !o->value)
		return -1;
	s->nopt++;
	return 0;
}

void sc_script_free(struct sc_script *s)
{
	free(s->ev);
	free(s->opt);
	arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}
