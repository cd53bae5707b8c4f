/*
 * Fuzzes the scenario parser with arbitrary text. Whatever it reads must
 * be a model the engine can trust: every index in range, every count
 * within its limit; whatever it rejects must come with a
 * "name:line:column: " message.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_scenario.h"

static void check_model(const struct sim_scenario *sc)
{
	if (sc->nhosts > SC_MAX_HOSTS || sc->nlinks > SC_MAX_LINKS || sc->nloss > SC_MAX_LOSS ||
	    sc->nmbox > SC_MAX_MBOX || sc->nlisten > SC_MAX_LISTEN ||
	    sc->nconnect > SC_MAX_CONNECT || sc->nkeyops > SC_MAX_KEYOPS)
		abort();
	for (size_t i = 0; i < sc->nlinks; i++)
		if (sc->links[i].a >= sc->nhosts || sc->links[i].b >= sc->nhosts ||
		    sc->links[i].a == sc->links[i].b)
			abort();
	for (size_t i = 0; i < sc->nloss; i++)
		if (sc->loss[i].link >= sc->nlinks || sc->loss[i].dir > 1 ||
		    sc->loss[i].kind >= SC_PK_COUNT || sc->loss[i].nth == 0)
			abort();
	for (size_t i = 0; i < sc->nmbox; i++)
		if (sc->mbox[i].link >= sc->nlinks || sc->mbox[i].type > SC_MB_NAT)
			abort();
	for (size_t i = 0; i < sc->nlisten; i++)
		if (sc->listen[i].host >= sc->nhosts || sc->listen[i].port == 0)
			abort();
	for (size_t i = 0; i < sc->nconnect; i++) {
		const struct sc_connect *c = &sc->connect[i];

		if (c->client >= sc->nhosts || c->server >= sc->nhosts || c->count == 0 ||
		    (c->count > 1 && c->every == 0) ||
		    scenario_find_link(sc, c->client, c->server) < 0)
			abort();
	}
	for (size_t i = 0; i < sc->nkeyops; i++)
		if (sc->keyops[i].host >= sc->nhosts)
			abort();
	for (size_t i = 0; i < sc->nhosts; i++)
		if (sc->hosts[i].addr4.family == TFO_AF_NONE &&
		    sc->hosts[i].addr6.family == TFO_AF_NONE)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_scenario *sc = malloc(sizeof(*sc));
	char err[SC_ERR_MAX];
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	char *text = malloc(size ? size : 1);

	if (!sc || !text) {
		free(sc);
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	if (scenario_parse(sc, "f", text, size, err) == 0) {
		if (err[0])
			abort();
		check_model(sc);
	} else if (strncmp(err, "f:", 2) != 0 || !strchr(err + 2, ':')) {
		abort();
	}
	free(text);
	free(sc);
	return 0;
}
