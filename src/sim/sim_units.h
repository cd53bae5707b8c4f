/*
 * Quantities with units, as scenario files write them and reports print
 * them: times ("100ms", "1.5s"), percentages ("2%"), rates ("10Mbit"),
 * sizes ("100B", "4KiB") and plain counts. Everything is integer: times in
 * nanoseconds, percentages in parts per million, rates in bits per
 * second, so that no floating point ever reaches the output.
 */
#ifndef SIM_UNITS_H
#define SIM_UNITS_H

#include <stddef.h>
#include <stdint.h>

#include <tfo/common.h>

/* Largest values a scenario may use. */
#define UNITS_TIME_MAX (UINT64_C(1000000) * TFO_NS_PER_S) /* 1e6 s */
#define UNITS_SIZE_MAX (UINT64_C(1) << 30)                /* 1 GiB */
#define UNITS_RATE_MAX UINT64_C(1000000000000)            /* 1 Tbit/s */
#define UNITS_PPM_ONE 1000000u

/*
 * Each parser reads exactly the n bytes at s (no NUL needed) and returns
 * 0 with *out set, or -1 when the text is not such a quantity or is out of
 * range. Decimals are exact or rejected ("1.5ns" is not a time).
 */
int units_time(const char *s, size_t n, tfo_time *out);    /* ns us ms s */
int units_percent(const char *s, size_t n, uint32_t *ppm); /* 0% .. 100%, 4 decimals */
int units_rate(const char *s, size_t n, uint64_t *bps);    /* bit Kbit Mbit Gbit */
int units_size(const char *s, size_t n, uint64_t *bytes);  /* B KB KiB MB MiB */
/* units_count: decimal, or hex with 0x, at most max. */
int units_count(const char *s, size_t n, uint64_t max, uint64_t *out);

/*
 * units_ms: ns as milliseconds with three decimals ("50.000"), rounded
 * half up to the microsecond. buf needs 32 bytes. Returns buf.
 */
char *units_ms(char *buf, tfo_time ns);

/* units_ms_signed: like units_ms for a signed difference ("-0.500"). */
char *units_ms_signed(char *buf, int64_t ns);

/*
 * units_ratio: num / den with two decimals, rounded half away from zero
 * ("1.00", "-0.50"); "n/a" when den is 0. buf needs 32 bytes.
 */
char *units_ratio(char *buf, int64_t num, uint64_t den);

#endif /* SIM_UNITS_H */
