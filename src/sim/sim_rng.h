/*
 * The simulator's only source of randomness: PCG32 (M. E. O'Neill, "PCG: A
 * Family of Simple Fast Space-Efficient Statistically Good Algorithms for
 * Random Number Generation", 2014; the pcg32 XSH-RR variant).
 *
 * Every stream is derived from the run's one seed and a label naming its
 * purpose ("link client>server loss", "host server"), so adding a host or
 * a link never shifts the numbers another stream draws.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stddef.h>
#include <stdint.h>

struct sim_rng {
	uint64_t state;
	uint64_t inc; /* odd: selects the stream */
};

/* rng_seed_raw: pcg32_srandom_r(initstate, initseq), as in the reference code. */
void rng_seed_raw(struct sim_rng *r, uint64_t initstate, uint64_t initseq);

/* rng_init: the stream named label for the run seeded with seed. */
void rng_init(struct sim_rng *r, uint64_t seed, const char *label);

/* rng_u32: the next 32 random bits. */
uint32_t rng_u32(struct sim_rng *r);

/* rng_below: uniform in [0, bound), without modulo bias; 0 when bound is 0. */
uint64_t rng_below(struct sim_rng *r, uint64_t bound);

/* rng_chance: 1 with probability ppm / 1000000, else 0. Draws nothing for 0 or 1000000. */
int rng_chance(struct sim_rng *r, uint32_t ppm);

/* rng_bytes: fills buf with len random bytes. */
void rng_bytes(struct sim_rng *r, uint8_t *buf, size_t len);

#endif /* SIM_RNG_H */
