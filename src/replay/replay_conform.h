/*
 * --conform, second pass: a libtfo server host fed the client's packets
 * of every connection, in capture order and at capture times, and its
 * answers to each SYN compared with the trace's.
 *
 * One tfo_host is the server: net.ipv4.tcp_fastopen and a listener (with
 * its Fast Open qlen) per server address and port come from struct
 * replay_server (inferred by replay_infer.h, or given); its key ring is
 * the replay's, per connection (--key, --rekey), installed when that
 * connection's SYN is fed. The client's SYNs are held until the trace's
 * answer (its first SYN-ACK or RST) shows which one it answers
 * (replay_pair.h); that one goes in then, at the answer's time, with zeros
 * for its payload, and the earlier ones never: they were lost on the way,
 * or their answer was. libtfo's answer to it (its first SYN-ACK or RST to
 * the client) is kept. A connection whose SYNs the trace shows no answer
 * to is "unanswered". SYNs after the answer go in as captured. The
 * client's later segments go
 * in with their acknowledgment number moved from the trace server's ISN
 * to libtfo's (and never past what libtfo has sent), so that handshakes
 * complete, and the Fast Open queue empties, when they did in the trace.
 * The server application is the trace's: libtfo's children are accepted
 * and read at once, and when the trace's server sends data (as many zero
 * bytes), closes or resets, so does libtfo's.
 *
 * What is compared, per connection, is the answer to the SYN: whether it
 * is a SYN-ACK or a RST; its flags, ECE and CWR left out (libtfo does not
 * do ECN); its acknowledgment number relative to the client's ISN; and for
 * a SYN-ACK its TFO option: present or not, the cookie (or request) it
 * carries, and its kind (34 or 254). Sequence numbers, timestamps,
 * windows, other options and everything after the handshake are not.
 */
#ifndef REPLAY_CONFORM_H
#define REPLAY_CONFORM_H

#include <tfo/tfo.h>

#include "replay.h"
#include "replay_infer.h"
#include "replay_pair.h"

enum replay_answer_kind { REPLAY_ANSWER_NONE, REPLAY_ANSWER_SYNACK, REPLAY_ANSWER_RST };

/* A server's answer to a SYN. */
struct replay_answer {
	uint8_t kind;  /* enum replay_answer_kind */
	uint8_t flags; /* TFO_TH_* */
	uint32_t ack;  /* minus the client's ISN; meaningful with TFO_TH_ACK */
	struct replay_tfo tfo;
};

enum replay_verdict_status {
	REPLAY_VERDICT_MATCH,
	REPLAY_VERDICT_MISMATCH,
	REPLAY_VERDICT_SKIPPED,
	REPLAY_VERDICT_UNANSWERED /* the trace shows no answer to any SYN */
};

enum replay_skip {
	REPLAY_SKIP_NONE,
	REPLAY_SKIP_NO_SYN /* the client's SYN was not captured */
};

/* Differences, as bits of struct replay_verdict.diffs. */
#define REPLAY_DIFF_ANSWER 0x01u /* SYN-ACK, RST or none */
#define REPLAY_DIFF_FLAGS 0x02u
#define REPLAY_DIFF_ACK 0x04u
#define REPLAY_DIFF_COOKIE 0x08u /* TFO option present or not, its cookie or request */
#define REPLAY_DIFF_OPTION 0x10u /* both carry one, of different kinds */

/* ECE and CWR are ECN's (RFC 3168), which libtfo does not do. */
#define REPLAY_ANSWER_FLAGS ((uint8_t) ~(TFO_TH_ECE | TFO_TH_CWR))

struct replay_verdict {
	uint64_t number;
	tfo_sockaddr client, server;
	int status;    /* enum replay_verdict_status */
	int skip;      /* enum replay_skip */
	uint32_t syn;  /* 1-based: the SYN the trace's answer answers; 0 when none */
	uint32_t syns; /* the client's SYNs up to the answer (all of them when unanswered) */
	unsigned diffs;
	struct replay_answer trace, libtfo;
};

/* Verdicts counted. */
struct replay_conform_summary {
	uint64_t match, mismatch, unanswered, skipped;
};

/* replay_conform_summary_add: counts v. */
void replay_conform_summary_add(struct replay_conform_summary *s, const struct replay_verdict *v);

/* How the server's settings were had, for the reports. */
#define REPLAY_SERVER_FASTOPEN_GIVEN 0x1u /* --fastopen */
#define REPLAY_SERVER_QLEN_GIVEN 0x2u     /* --qlen */

struct replay_conform_config {
	const tfo_allocator *mem; /* NULL: libc */
	const struct replay_server *server;
	const char *key; /* "KEY[,BACKUP]", or NULL: no key (cookies cannot be made) */
	const struct replay_rekey *rekeys;
	size_t nrekeys;
	int alg;           /* enum tfo_cookie_alg */
	size_t cookie_len; /* 0: TFO_COOKIE_DEFAULT_LEN */
};

struct replay_conform;

/*
 * replay_conform_new: the server host, its listeners and its first key.
 * cfg's strings and arrays must outlive cf. Returns 0, TFO_ERR_NOMEM, or
 * an error of tfo_host_new, tfo_listen or tfo_keyring_parse (err says
 * which).
 */
int replay_conform_new(struct replay_conform **out, const struct replay_conform_config *cfg,
                       char *err, size_t errsize);

/* replay_conform_del: frees cf and its host (NULL is fine). */
void replay_conform_del(struct replay_conform *cf);

/*
 * replay_conform_packet: one packet of the trace (a replay packet hook):
 * fed to the host when the client sent it, handed to libtfo's server
 * application when the server did. Returns 0 or TFO_ERR_NOMEM.
 */
int replay_conform_packet(struct replay_conform *cf, const struct replay_conn *c,
                          const struct replay_packet *p, int from_client);

/* replay_conform_verdict: the comparison for c, finished. */
void replay_conform_verdict(const struct replay_conform *cf, const struct replay_conn *c,
                            struct replay_verdict *v);

/* replay_conform_release: c is handed out: libtfo's connection is dropped. */
void replay_conform_release(struct replay_conform *cf, const struct replay_conn *c);

/* replay_conform_host: the server host, for its counters. */
const tfo_host *replay_conform_host(const struct replay_conform *cf);

#endif /* REPLAY_CONFORM_H */
