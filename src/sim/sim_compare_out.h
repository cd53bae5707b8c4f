/* The compare command's reports: text, JSON and CSV, the seed's claims, and the grid's plot. */
#ifndef SIM_COMPARE_OUT_H
#define SIM_COMPARE_OUT_H

#include "sim_compare.h"

/* One of the seed's three claims, judged on kcp-fast against tcp. */
struct cmp_claim {
	const char *name;  /* "mean-latency", "max-latency", "bandwidth" */
	const char *claim; /* the seed's words */
	double value;      /* the measured reduction, ratio or extra cost */
	int supported;
	char text[192]; /* the sentence the report prints */
};

#define CMP_NCLAIMS 3

/* cmp_claims: judges the claims from the five results (indexed by enum cmp_proto). */
void cmp_claims(const struct cmp_result *res, struct cmp_claim *claims);

/* cmp_write_text: the table and the claims. */
void cmp_write_text(FILE *out, const char *preset, const struct cmp_workload *w,
                    const struct cmp_result *res);

/* cmp_write_json: the tfosim-compare document. Returns 0 or -1. */
int cmp_write_json(FILE *out, const char *preset, const struct cmp_workload *w,
                   const struct cmp_result *res);

/* A grid point: the workload's loss and delays, and every protocol's result. */
struct cmp_point {
	struct cmp_workload w;
	struct cmp_result res[CMP_NPROTO];
};

/* The grid as CSV (one row per point and protocol), JSON, or an SVG plot of mean latency. */
void cmp_grid_csv(FILE *out, const struct cmp_point *pts, size_t n);
int cmp_grid_json(FILE *out, const struct cmp_point *pts, size_t n);
void cmp_grid_svg(FILE *out, const struct cmp_point *pts, size_t n);

#endif /* SIM_COMPARE_OUT_H */
