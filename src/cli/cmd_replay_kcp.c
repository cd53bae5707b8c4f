/* tfosim replay --kcp PORT: KCP conversations in captures, one report per file. */
#include <stdio.h>

#include "cli.h"
#include "cmd_replay.h"
#include "replay_kcp.h"

int replay_kcp_run(const struct replay_args *a)
{
	for (int i = 0; i < a->nfiles; i++) {
		struct kcp_replay r;
		char err[256];
		int rc = kcp_replay_file(&r, a->files[i], a->kcp_port, NULL, err);

		if (rc != 0) {
			kcp_replay_free(&r);
			cli_error("replay: %s", err);
			return CLI_USAGE;
		}
		if (a->json)
			rc = kcp_replay_json(stdout, a->files[i], &r);
		else
			kcp_replay_text(stdout, a->files[i], &r);
		kcp_replay_free(&r);
		if (rc != 0) {
			cli_error("replay: %s: %s", a->files[i], tfo_strerror(TFO_ERR_NOMEM));
			return CLI_USAGE;
		}
	}
	return CLI_OK;
}
