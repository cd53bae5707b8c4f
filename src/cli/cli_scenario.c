/* Loading a scenario, a built-in by name or a file: shared by run and sweep. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_scenario.h"
#include "sim_builtin.h"

#define MAX_FILE (4u << 20)

char *cli_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(MAX_FILE + 1);
	if (!buf) {
		fclose(f);
		errno = ENOMEM;
		return NULL;
	}
	*len = fread(buf, 1, MAX_FILE + 1, f);
	if (ferror(f) || *len > MAX_FILE) {
		int e = ferror(f) ? errno : EFBIG;

		fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

int cli_load_scenario(const char *cmd, const char *arg, struct sim_scenario *sc)
{
	const struct sim_builtin *b = builtin_find(arg);
	char err[SC_ERR_MAX];
	char *text = NULL;
	size_t len;
	int rc;

	if (b) {
		rc = scenario_parse(sc, arg, b->text, strlen(b->text), err);
	} else {
		text = cli_read_file(arg, &len);
		if (!text) {
			cli_error("%s: cannot read '%s': %s (and no built-in has that name; try "
			          "'tfosim run --list')",
			          cmd, arg, strerror(errno));
			return CLI_USAGE;
		}
		rc = scenario_parse(sc, arg, text, len, err);
		free(text);
	}
	if (rc != 0) {
		fprintf(stderr, "%s\n", err);
		return CLI_USAGE;
	}
	snprintf(sc->name, sizeof(sc->name), "%s", arg);
	return CLI_OK;
}
