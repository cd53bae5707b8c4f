/* JSON to text through one fixed buffer: see jsontext.h for why. */
#include <stdlib.h>

#include "jsontext.h"

char *json_text(const json_t *v, size_t flags)
{
	size_t n, again;
	char *s;

	if (!v)
		return NULL;
	/* writing into a caller's buffer makes jansson allocate nothing */
	n = json_dumpb(v, NULL, 0, flags);
	if (n == 0 || !(s = malloc(n + 1)))
		return NULL;
	again = json_dumpb(v, s, n, flags);
	if (again != n) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}
