/* Loading a scenario for a subcommand (run, sweep). */
#ifndef TFO_CLI_SCENARIO_H
#define TFO_CLI_SCENARIO_H

#include <stddef.h>

#include "sim_scenario.h"

/*
 * cli_read_file: the whole file (at most 4 MiB), NUL-terminated, in a
 * malloc'd buffer, its length in *len; NULL with errno set.
 */
char *cli_read_file(const char *path, size_t *len);

/*
 * cli_load_scenario: a built-in by name, else a file, into *sc (named
 * arg). Errors are printed with cmd's name. Returns CLI_OK or CLI_USAGE.
 */
int cli_load_scenario(const char *cmd, const char *arg, struct sim_scenario *sc);

#endif /* TFO_CLI_SCENARIO_H */
