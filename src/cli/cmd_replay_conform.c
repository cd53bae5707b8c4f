/*
 * tfosim replay --conform: the first pass, which reads the server's
 * settings from the trace, and the libtfo server of the second pass.
 * Standard input is kept in a temporary file so that it can be read twice.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd_replay.h"

struct pass1 {
	struct replay_infer inf;
	const struct replay_config *base;
};

static int on_packet(void *user, struct replay_conn *c, const struct replay_packet *p,
                     int from_client)
{
	struct pass1 *p1 = user;

	return replay_infer_packet(&p1->inf, c, p, from_client);
}

static void on_release(void *user, struct replay_conn *c)
{
	struct pass1 *p1 = user;

	replay_infer_release(&p1->inf, c);
}

static void on_warn(void *user, const char *msg)
{
	struct pass1 *p1 = user;

	if (p1->base->warn)
		p1->base->warn(p1->base->user, msg);
}

static void on_progress(void *user, const char *name, uint64_t bytes, uint64_t packets)
{
	struct pass1 *p1 = user;

	if (p1->base->progress)
		p1->base->progress(p1->base->user, name, bytes, packets);
}

static int copy_stdin(struct cli_conform *cc, char *err, size_t errsize)
{
	uint8_t buf[16384];
	size_t n;

	cc->stdin_copy = tmpfile();
	if (!cc->stdin_copy) {
		snprintf(err, errsize, "(stdin): cannot make a temporary copy to read twice");
		return REPLAY_ERR_INPUT;
	}
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		if (fwrite(buf, 1, n, cc->stdin_copy) != n)
			break;
	}
	if (ferror(stdin) || ferror(cc->stdin_copy) || fflush(cc->stdin_copy) != 0) {
		snprintf(err, errsize, "(stdin): cannot make a temporary copy to read twice");
		return REPLAY_ERR_INPUT;
	}
	return 0;
}

int cli_read_input(const struct cli_conform *cc, struct replay *r, const char *path, char *err,
                   size_t errsize)
{
	uint8_t head[4096];
	FILE *f;
	size_t n;
	int fd;

	if (!cc || !cc->stdin_copy || strcmp(path, "-") != 0)
		return replay_file(r, path, err, errsize);
	fd = dup(fileno(cc->stdin_copy));
	f = fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 ? fdopen(fd, "rb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errsize, "(stdin): cannot read the temporary copy again");
		return REPLAY_ERR_INPUT;
	}
	n = fread(head, 1, sizeof(head), f);
	return replay_stream(r, f, head, n, "(stdin)", err, errsize);
}

/* The first pass: every input read once, for the server's settings only. */
static int infer(struct cli_conform *cc, const struct replay_args *a,
                 const struct replay_config *base, char *err, size_t errsize)
{
	struct replay_config cfg = *base;
	struct replay *r = NULL;
	struct pass1 p1;
	int rc;

	replay_infer_init(&p1.inf, NULL);
	p1.base = base;
	cfg.user = &p1;
	cfg.result = NULL;
	cfg.packet = on_packet;
	cfg.release = on_release;
	cfg.warn = on_warn;
	cfg.progress = on_progress;
	cfg.anomaly_keep = 1;
	rc = replay_new(&r, &cfg, err, errsize);
	if (rc == 0)
		replay_infer_set_keys(&p1.inf, r);
	for (int i = 0; rc == 0 && i < a->nfiles; i++)
		rc = cli_read_input(cc, r, a->files[i], err, errsize);
	if (rc == 0)
		rc = replay_end(r);
	if (rc == 0)
		rc = replay_infer_server(&p1.inf, &cc->server);
	replay_del(r);
	replay_infer_free(&p1.inf);
	return rc;
}

int cli_conform_prepare(struct cli_conform *cc, const struct replay_args *a,
                        const struct replay_config *base, char *err, size_t errsize)
{
	struct replay_conform_config cfg;
	int rc = 0;

	for (int i = 0; rc == 0 && !cc->stdin_copy && i < a->nfiles; i++)
		if (strcmp(a->files[i], "-") == 0)
			rc = copy_stdin(cc, err, errsize);
	if (rc == 0)
		rc = infer(cc, a, base, err, errsize);
	if (rc != 0)
		return rc;
	cc->given = a->server_given;
	if (a->server_given & REPLAY_SERVER_FASTOPEN_GIVEN)
		cc->server.fastopen = a->fastopen;
	if (a->server_given & REPLAY_SERVER_QLEN_GIVEN)
		for (size_t i = 0; i < cc->server.nlisteners; i++)
			cc->server.listeners[i].qlen = a->qlen;
	if (replay_server_needs_key(&cc->server) && !a->key) {
		snprintf(err, errsize,
		         "--conform: the server in the trace makes Fast Open cookies "
		         "(tcp_fastopen=0x%x); give its key with --key",
		         (unsigned)cc->server.fastopen);
		return TFO_ERR_INVALID;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.server = &cc->server;
	cfg.key = a->key;
	cfg.rekeys = a->rekeys;
	cfg.nrekeys = a->nrekeys;
	cfg.alg = a->alg;
	cfg.cookie_len = a->cookie_len;
	return replay_conform_new(&cc->cf, &cfg, err, errsize);
}

void cli_conform_free(struct cli_conform *cc)
{
	replay_conform_del(cc->cf);
	replay_server_free(&cc->server, NULL);
	if (cc->stdin_copy)
		fclose(cc->stdin_copy);
	memset(cc, 0, sizeof(*cc));
}
