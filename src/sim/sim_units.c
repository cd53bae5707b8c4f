/* Parsing and printing quantities with units, in integers only. */
#include <stdio.h>
#include <string.h>

#include "sim_units.h"
#include "tfo_hex.h"

struct unit {
	const char *name;
	uint64_t scale;
};

static const struct unit time_units[] = { { "ns", 1 },
	                                  { "us", TFO_NS_PER_US },
	                                  { "ms", TFO_NS_PER_MS },
	                                  { "s", TFO_NS_PER_S },
	                                  { NULL, 0 } };

static const struct unit rate_units[] = {
	{ "bit", 1 }, { "Kbit", 1000 }, { "Mbit", 1000000 }, { "Gbit", 1000000000 }, { NULL, 0 }
};

static const struct unit size_units[] = { { "B", 1 },        { "KB", 1000 },     { "KiB", 1024 },
	                                  { "MB", 1000000 }, { "MiB", 1048576 }, { NULL, 0 } };

/*
 * A decimal number "D[.D]" at the start of s: *ip the integer part, *fp
 * the fraction's digits as an integer and *fd their count. Returns the
 * bytes read, 0 when s does not start with a digit or a part overflows.
 */
static size_t number(const char *s, size_t n, uint64_t *ip, uint64_t *fp, unsigned *fd)
{
	size_t i = 0;

	*ip = *fp = 0;
	*fd = 0;
	if (n == 0 || s[0] < '0' || s[0] > '9')
		return 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (*ip > (UINT64_MAX - 9) / 10)
			return 0;
		*ip = *ip * 10 + (uint64_t)(s[i] - '0');
	}
	if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (*fd >= 18)
				return 0;
			*fp = *fp * 10 + (uint64_t)(s[i] - '0');
			(*fd)++;
		}
	}
	return i;
}

static uint64_t pow10u(unsigned e)
{
	uint64_t p = 1;

	while (e--)
		p *= 10;
	return p;
}

/*
 * value: a number followed by exactly one of the units, scaled. The
 * fraction must come out whole in the base unit.
 */
static int value(const char *s, size_t n, const struct unit *units, uint64_t max, uint64_t *out)
{
	uint64_t ip, fp, frac, den;
	unsigned fd;
	size_t used = number(s, n, &ip, &fp, &fd);

	if (used == 0)
		return -1;
	for (const struct unit *u = units; u->name; u++) {
		if (strlen(u->name) != n - used || memcmp(s + used, u->name, n - used) != 0)
			continue;
		if (ip > max / u->scale)
			return -1;
		den = pow10u(fd);
		if ((fp * u->scale) % den != 0)
			return -1;
		frac = fp * u->scale / den;
		if (ip * u->scale > max - frac)
			return -1;
		*out = ip * u->scale + frac;
		return 0;
	}
	return -1;
}

int units_time(const char *s, size_t n, tfo_time *out)
{
	return value(s, n, time_units, UNITS_TIME_MAX, out);
}

int units_rate(const char *s, size_t n, uint64_t *bps)
{
	return value(s, n, rate_units, UNITS_RATE_MAX, bps);
}

int units_size(const char *s, size_t n, uint64_t *bytes)
{
	return value(s, n, size_units, UNITS_SIZE_MAX, bytes);
}

int units_percent(const char *s, size_t n, uint32_t *ppm)
{
	static const struct unit pct[] = { { "%", 10000 }, { NULL, 0 } };
	uint64_t v;

	if (value(s, n, pct, UNITS_PPM_ONE, &v) != 0)
		return -1;
	*ppm = (uint32_t)v;
	return 0;
}

int units_count(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	size_t i = 0;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		int d = hex_digit(s[i]);

		if (d < 0 || (unsigned)d >= base)
			return -1;
		if ((uint64_t)d > max || v > (max - (uint64_t)d) / base)
			return -1;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

char *units_ms(char *buf, tfo_time ns)
{
	uint64_t us = ns / 1000 + (ns % 1000 >= 500);

	snprintf(buf, 31, "%llu.%03llu", (unsigned long long)(us / 1000),
	         (unsigned long long)(us % 1000));
	return buf;
}

char *units_ms_signed(char *buf, int64_t ns)
{
	uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;

	units_ms(buf + 1, mag);
	if (ns < 0 && strcmp(buf + 1, "0.000") != 0)
		buf[0] = '-';
	else
		memmove(buf, buf + 1, strlen(buf + 1) + 1);
	return buf;
}

char *units_ratio(char *buf, int64_t num, uint64_t den)
{
	uint64_t mag = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num;
	uint64_t hundredths;

	if (den == 0) {
		snprintf(buf, 32, "n/a");
		return buf;
	}
	/* mag * 100 stays far below 2^64 for any time a run can reach. */
	hundredths = (mag * 200 / den + 1) / 2;
	snprintf(buf, 32, "%s%llu.%02llu", num < 0 && hundredths ? "-" : "",
	         (unsigned long long)(hundredths / 100), (unsigned long long)(hundredths % 100));
	return buf;
}
