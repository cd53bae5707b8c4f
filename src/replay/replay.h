/*
 * A replay: inputs in, per-connection results out, in the order of the
 * connections' first packets, plus the summary and the anomalies. This is
 * what the CLI, the tests and the fuzz harnesses drive.
 */
#ifndef REPLAY_H
#define REPLAY_H

#include <stdio.h>

#include <tfo/tfo.h>

#include "replay_analysis.h"
#include "replay_anomaly.h"
#include "replay_conn.h"

/* From connection `from` (1-based) on, the server's key ring is `ring`. */
struct replay_rekey {
	uint64_t from;
	const char *ring; /* "KEY[,BACKUP]" in sysctl form */
};

struct replay_config {
	const tfo_allocator *mem;          /* NULL: libc */
	const char *key;                   /* "KEY[,BACKUP]", or NULL for no key */
	const struct replay_rekey *rekeys; /* in increasing `from` order */
	size_t nrekeys;
	int alg;               /* enum tfo_cookie_alg */
	size_t cookie_len;     /* 0: TFO_COOKIE_DEFAULT_LEN */
	uint64_t anomaly_keep; /* details kept per kind; 0: all */
	/*
	 * 0: results in the order of first packets (a finished connection
	 * waits for every earlier one); 1: as connections finish, so memory
	 * follows the open connections only.
	 */
	int by_finish;

	void *user;
	/* A finished connection, in order. Returns 0 or a negative error. */
	int (*result)(void *user, const struct replay_result *r, struct replay_conn *c);
	/* Every packet, after the tracker (for --conform and --ladder). May be NULL. */
	int (*packet)(void *user, struct replay_conn *c, const struct replay_packet *p,
	              int from_client);
	/* c is about to be reused: free what c->ext holds. May be NULL. */
	void (*release)(void *user, struct replay_conn *c);
	/* One warning line, without "tfosim:". May be NULL. */
	void (*warn)(void *user, const char *msg);
	/* Now and then: how far the current input is. May be NULL. */
	void (*progress)(void *user, const char *name, uint64_t bytes, uint64_t packets);
};

struct replay;

/*
 * replay_new: a replay with cfg (copied). Returns 0, TFO_ERR_NOMEM, or
 * TFO_ERR_BAD_KEY / TFO_ERR_INVALID / TFO_ERR_UNSUPPORTED for the keys or
 * algorithm, with err saying which.
 */
int replay_new(struct replay **out, const struct replay_config *cfg, char *err, size_t errsize);

/* replay_del: frees r (NULL is fine). */
void replay_del(struct replay *r);

/*
 * replay_file: reads one input ("-": stdin); path must outlive r. Inputs
 * read one after another form one capture. Returns 0, REPLAY_ERR_INPUT
 * (err names the file, and the packet or line), or a negative error.
 */
int replay_file(struct replay *r, const char *path, char *err, size_t errsize);

/*
 * replay_stream: the same for an open stream whose first headlen bytes are
 * in head (see replay_source_stream); f is closed. For the fuzz harnesses.
 */
int replay_stream(struct replay *r, FILE *f, const uint8_t *head, size_t headlen, const char *name,
                  char *err, size_t errsize);

/* replay_end: the input is over: every connection still open is finished and handed out. */
int replay_end(struct replay *r);

const struct replay_summary *replay_get_summary(const struct replay *r);
const struct replay_anomalies *replay_get_anomalies(const struct replay *r);

/* replay_input_name: the name of input `file` (0-based), or "?". */
const char *replay_input_name(const struct replay *r, uint32_t file);

/* replay_keyring_for: the key ring in force for connection n, or NULL without keys. */
const tfo_keyring *replay_keyring_for(const struct replay *r, uint64_t n);

/*
 * replay_key_error: err = "bad WHAT 'TEXT': expected xxxxxxxx-...[,BACKUP]
 * (ALG needs N-bit keys)", the one wording for a key ring that does not parse.
 */
void replay_key_error(char *err, size_t errsize, const char *what, const char *text, int alg);

/* replay_all_timed: 1 when every packet read so far had a capture time. */
int replay_all_timed(const struct replay *r);

#endif /* REPLAY_H */
