/*
 * tfosim replay --conform: the first pass, which reads the server's
 * settings from the trace, and the libtfo server of the second pass.
 * An input that cannot be read twice (standard input, a pipe, a device) is
 * read once into a bounded temporary copy, after its format is checked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd_replay.h"
#include "replay_source.h"

/* What is looked at to tell the format, as replay_source does. */
#define COPY_HEAD 4096

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

/*
 * An anonymous temporary file in $TMPDIR (else /tmp), private to us (0600)
 * and gone from the folder at once: nothing is left behind whatever happens.
 */
static FILE *anon_tmp(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	if (!dir || !dir[0])
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/tfosim-conform-XXXXXX", dir) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);
	f = fdopen(fd, "w+b");
	if (!f) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return f;
}

/* Up to cap bytes, fewer only at the end of the input (fread stops short on a pipe). */
static size_t read_head(FILE *src, uint8_t *buf, size_t cap)
{
	size_t n = 0, got;

	while (n < cap && (got = fread(buf + n, 1, cap - n, src)) > 0)
		n += got;
	return n;
}

/*
 * Keeps what src holds (an input that cannot be read twice) in a temporary
 * copy, once its first bytes show a known format, and at most limit bytes.
 */
static int keep_copy(FILE *src, const char *name, uint64_t limit, FILE **out, char *err,
                     size_t errsize)
{
	uint8_t buf[16384];
	uint64_t total;
	size_t n = read_head(src, buf, COPY_HEAD);
	FILE *copy;

	if (ferror(src)) {
		snprintf(err, errsize, "%s: %s", name, strerror(errno));
		return REPLAY_ERR_INPUT;
	}
	if (replay_detect(buf, n) == REPLAY_FMT_UNKNOWN)
		return replay_source_unknown(name, err, errsize);
	if (!(copy = anon_tmp())) {
		snprintf(err, errsize, "%s: cannot keep a copy for --conform's second pass: %s",
		         name, strerror(errno));
		return REPLAY_ERR_INPUT;
	}
	total = 0;
	do {
		if (n > limit - total) {
			snprintf(err, errsize,
			         "%s: more than %" PRIu64 " bytes to keep for --conform's second "
			         "pass (--max-buffer); give a regular file, or a larger "
			         "--max-buffer",
			         name, limit);
			fclose(copy);
			return REPLAY_ERR_INPUT;
		}
		total += n;
		if (fwrite(buf, 1, n, copy) != n)
			break;
	} while ((n = fread(buf, 1, sizeof(buf), src)) > 0);
	if (ferror(src) || ferror(copy) || fflush(copy) != 0) {
		snprintf(err, errsize, "%s: %s%s", name,
		         ferror(src) ? "" : "cannot keep a copy for --conform's second pass: ",
		         strerror(errno));
		fclose(copy);
		return REPLAY_ERR_INPUT;
	}
	*out = copy;
	return 0;
}

/* A copy of the i-th input when it cannot be opened and read a second time. */
static int keep_if_once(struct cli_conform *cc, int i, const char *path, uint64_t limit, char *err,
                        size_t errsize)
{
	struct stat st;
	FILE *f;
	int rc;

	if (strcmp(path, "-") == 0)
		return keep_copy(stdin, "(stdin)", limit, &cc->copies[i], err, errsize);
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		return REPLAY_ERR_INPUT;
	}
	/* a regular file reads the same twice; a FIFO, <(...) or a device does not */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		rc = 0;
	else
		rc = keep_copy(f, path, limit, &cc->copies[i], err, errsize);
	fclose(f);
	return rc;
}

int cli_read_input(const struct cli_conform *cc, struct replay *r, int i, const char *path,
                   char *err, size_t errsize)
{
	const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
	uint8_t head[COPY_HEAD];
	FILE *f;
	size_t n;
	int fd;

	if (!cc || i >= cc->ncopies || !cc->copies[i])
		return replay_file(r, path, err, errsize);
	fd = dup(fileno(cc->copies[i]));
	f = fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 ? fdopen(fd, "rb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		snprintf(err, errsize, "%s: cannot read the temporary copy again: %s", name,
		         strerror(errno));
		return REPLAY_ERR_INPUT;
	}
	n = read_head(f, head, sizeof(head));
	return replay_stream(r, f, head, n, name, err, errsize);
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
		rc = cli_read_input(cc, r, i, a->files[i], err, errsize);
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

	cc->copies = calloc((size_t)a->nfiles, sizeof(*cc->copies));
	if (!cc->copies)
		return TFO_ERR_NOMEM;
	cc->ncopies = a->nfiles;
	for (int i = 0; rc == 0 && i < a->nfiles; i++)
		rc = keep_if_once(cc, i, a->files[i], a->max_buffer, err, errsize);
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
	for (int i = 0; i < cc->ncopies; i++)
		if (cc->copies[i])
			fclose(cc->copies[i]);
	free(cc->copies);
	memset(cc, 0, sizeof(*cc));
}
