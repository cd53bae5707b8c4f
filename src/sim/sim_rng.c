/* PCG32 streams derived from one seed. */
#include "sim_rng.h"

#define PCG_MULT UINT64_C(6364136223846793005)
#define PPM_ONE 1000000u

static void step(struct sim_rng *r)
{
	r->state = r->state * PCG_MULT + r->inc;
}

void rng_seed_raw(struct sim_rng *r, uint64_t initstate, uint64_t initseq)
{
	r->state = 0;
	r->inc = initseq << 1 | 1;
	step(r);
	r->state += initstate;
	step(r);
}

/* FNV-1a, 64 bits: a stable hash of the label, the same on every machine. */
static uint64_t fnv1a(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* SplitMix64's finaliser: spreads seed bits so that seeds 1 and 2 differ everywhere. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void rng_init(struct sim_rng *r, uint64_t seed, const char *label)
{
	uint64_t h = fnv1a(label);

	rng_seed_raw(r, mix64(seed ^ mix64(h)), mix64(h + seed));
}

uint32_t rng_u32(struct sim_rng *r)
{
	uint64_t old = r->state;
	uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
	uint32_t rot = (uint32_t)(old >> 59);

	step(r);
	return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

static uint64_t u64(struct sim_rng *r)
{
	uint64_t hi = rng_u32(r);

	return hi << 32 | rng_u32(r);
}

uint64_t rng_below(struct sim_rng *r, uint64_t bound)
{
	uint64_t threshold, x;

	if (bound == 0)
		return 0;
	if (bound <= UINT32_MAX) {
		/* Reject the low values that would make some results likelier. */
		uint32_t b = (uint32_t)bound, t = (uint32_t)(-b) % b, v;

		do
			v = rng_u32(r);
		while (v < t);
		return v % b;
	}
	threshold = (-bound) % bound;
	do
		x = u64(r);
	while (x < threshold);
	return x % bound;
}

int rng_chance(struct sim_rng *r, uint32_t ppm)
{
	if (ppm == 0)
		return 0;
	if (ppm >= PPM_ONE)
		return 1;
	return rng_below(r, PPM_ONE) < ppm;
}

void rng_bytes(struct sim_rng *r, uint8_t *buf, size_t len)
{
	/* Whole draws first, least significant byte first: one store each. */
	for (; len >= 4; len -= 4, buf += 4) {
		uint32_t v = rng_u32(r);

		buf[0] = (uint8_t)v;
		buf[1] = (uint8_t)(v >> 8);
		buf[2] = (uint8_t)(v >> 16);
		buf[3] = (uint8_t)(v >> 24);
	}
	while (len) {
		uint32_t v = rng_u32(r);

		for (int i = 0; i < 4 && len; i++, len--) {
			*buf++ = (uint8_t)v;
			v >>= 8;
		}
	}
}
