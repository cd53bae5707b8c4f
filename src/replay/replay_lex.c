/* Bounded scanners: nothing here reads at or past end. */
#include <string.h>

#include "replay_lex.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int lex_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0;

	while (s < end && is_digit(*s)) {
		uint64_t d = (uint64_t)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
		s++;
		n++;
	}
	if (n == 0)
		return 0;
	*out = v;
	*p = s;
	return 1;
}

int lex_u32(const char **p, const char *end, uint32_t *out)
{
	const char *s = *p;
	uint64_t v;

	if (!lex_u64(&s, end, &v) || v > UINT32_MAX)
		return 0;
	*out = (uint32_t)v;
	*p = s;
	return 1;
}

int lex_lit(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n) != 0)
		return 0;
	*p += n;
	return 1;
}

size_t lex_spaces(const char **p, const char *end)
{
	size_t n = 0;

	while (*p < end && (**p == ' ' || **p == '\t')) {
		(*p)++;
		n++;
	}
	return n;
}

size_t lex_word(const char **p, const char *end, const char **word)
{
	const char *s = *p;

	while (s < end && *s != ' ' && *s != '\t')
		s++;
	*word = *p;
	*p = s;
	return (size_t)(s - *word);
}

int lex_frac_ns(const char **p, const char *end, int64_t *ns)
{
	const char *s = *p;
	int64_t v = 0;
	int n = 0;

	if (s >= end || *s != '.')
		return 0;
	s++;
	while (s < end && is_digit(*s) && n < 9) {
		v = v * 10 + (*s - '0');
		s++;
		n++;
	}
	if (n == 0 || (s < end && is_digit(*s)))
		return 0;
	for (int i = n; i < 9; i++)
		v *= 10;
	*ns = v;
	*p = s;
	return 1;
}

const char *lex_find(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return p;
	for (; (size_t)(end - p) >= n; p++)
		if (*p == s[0] && memcmp(p, s, n) == 0)
			return p;
	return NULL;
}
