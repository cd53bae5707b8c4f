/*
 * The built-in scenarios: small scenario files compiled into tfosim, each
 * teaching one thing about TCP Fast Open. `tfosim run NAME` runs one;
 * `tfosim run --print NAME` shows its text, to copy and change.
 */
#ifndef SIM_BUILTIN_H
#define SIM_BUILTIN_H

#include <stddef.h>

struct sim_builtin {
	const char *name;
	const char *teaches; /* one line */
	const char *text;    /* the scenario file */
};

/* builtin_find: the built-in called name, or NULL. */
const struct sim_builtin *builtin_find(const char *name);

/* builtin_list: every built-in, ended by an entry with a NULL name. */
const struct sim_builtin *builtin_list(void);

#endif /* SIM_BUILTIN_H */
