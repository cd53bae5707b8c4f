/*
 * A deterministic segment generator for the round-trip and tcpdump tests:
 * a xorshift64 generator (fixed seeds, no rand()) and segments built from
 * it, with well-formed or arbitrary option bytes.
 */
#ifndef TFO_SEGGEN_H
#define TFO_SEGGEN_H

#include <tfo/tfo.h>

struct xorshift {
	uint64_t s; /* never 0 */
};

void xs_seed(struct xorshift *x, uint64_t seed);
uint64_t xs_next(struct xorshift *x);
/* A number in [0, n), n > 0. */
uint32_t xs_below(struct xorshift *x, uint32_t n);

enum seggen_opts {
	SEGGEN_OPTS_BUILT, /* only what the tfo_opt_add_*() builders make */
	SEGGEN_OPTS_MIXED, /* built ones plus wrong lengths, unknown kinds, EOL */
	SEGGEN_OPTS_RAW    /* arbitrary bytes, malformed lengths included */
};

/*
 * seggen_make: fills seg with random addresses (IPv4 or IPv6), ports,
 * numbers, flags, IP fields, options of the given kind and a payload of
 * up to payload_cap bytes written into payload.
 */
void seggen_make(struct xorshift *x, tfo_segment *seg, enum seggen_opts opts, uint8_t *payload,
                 size_t payload_cap);

/* seggen_options: only the options, appended to seg. */
void seggen_options(struct xorshift *x, tfo_segment *seg, enum seggen_opts opts);

#endif /* TFO_SEGGEN_H */
