/* The ring of per-connection entries: see replay_slots.h. */
#include <string.h>

#include "replay_slots.h"
#include "tfo_alloc.h"

#define MIN_CAP 16u

void replay_slots_init(struct replay_slots *s, const tfo_allocator *mem, size_t size)
{
	memset(s, 0, sizeof(*s));
	s->mem = mem_get(mem);
	s->size = size;
	s->base = 1;
}

void replay_slots_free(struct replay_slots *s)
{
	mem_free(s->mem, s->ring);
	s->ring = NULL;
	s->cap = s->len = s->head = 0;
}

static uint8_t *at(const struct replay_slots *s, size_t i)
{
	return s->ring + ((s->head + i) % s->cap) * s->size;
}

/* Doubles the ring, the oldest entry first in the new one. */
static int grow(struct replay_slots *s)
{
	size_t cap = s->cap ? s->cap * 2 : MIN_CAP;
	uint8_t *ring = mem_zalloc(s->mem, cap, s->size);

	if (!ring)
		return TFO_ERR_NOMEM;
	for (size_t i = 0; i < s->len; i++)
		memcpy(ring + i * s->size, at(s, i), s->size);
	mem_free(s->mem, s->ring);
	s->ring = ring;
	s->cap = cap;
	s->head = 0;
	return 0;
}

void *replay_slots_peek(const struct replay_slots *s, uint64_t number)
{
	if (number < s->base || number - s->base >= s->len)
		return NULL;
	return at(s, (size_t)(number - s->base));
}

void *replay_slots_get(struct replay_slots *s, uint64_t number)
{
	if (number < s->base)
		return NULL;
	while (number - s->base >= s->len) {
		if (s->len == s->cap && grow(s) != 0)
			return NULL;
		memset(at(s, s->len), 0, s->size);
		s->len++;
	}
	return at(s, (size_t)(number - s->base));
}

void replay_slots_release(struct replay_slots *s, uint64_t number)
{
	/* Older entries go too: a connection the observer never saw has none. */
	while (s->len && s->base <= number) {
		s->head = (s->head + 1) % s->cap;
		s->len--;
		s->base++;
	}
	if (s->base <= number)
		s->base = number + 1;
}
