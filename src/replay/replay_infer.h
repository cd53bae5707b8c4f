/*
 * --conform, first pass: the settings of the server the trace shows,
 * read from its answers, so that a libtfo server can be set up the same
 * way for the second pass (replay_conform.h).
 *
 * Per server address and port (a listener: one that answered a SYN with
 * a SYN-ACK; one that only answered with RSTs has none):
 *   Fast Open is on when one of its SYN-ACKs carries a TFO option or
 *   acknowledges SYN data; else its queue length (qlen) is 0.
 *   qlen is found from the pending Fast Open children (SYN data accepted,
 *   handshake not yet complete) at each SYN: it must exceed the count at
 *   every accepted SYN and be at most the count at every SYN that asked
 *   for Fast Open and got neither its data acknowledged nor a cookie (the
 *   queue was full: Linux tcp_fastopen_queue_check()). A child its client
 *   reset before the handshake completed stays counted for 60 s (Linux
 *   reqsk_fastopen_remove() holds the request on rskq_rst_head). Those SYNs are the
 *   ones with a TFO option (a request, or a cookie and data) or, in the
 *   cookie-less mode, the ones with data. With no such SYN qlen is 16, or
 *   more when the accepted SYNs need more; when the bounds contradict each
 *   other, the accepted SYNs win.
 * For the host (net.ipv4.tcp_fastopen): 0x1, with 0x2 when a listener
 * does Fast Open and 0x200 (Linux's server mode that needs no cookie) when
 * SYN data without any TFO option was acknowledged, or when, with no
 * SYN-ACK carrying a cookie, SYN data with a cookie the key did not make
 * was acknowledged and a cookie request was answered without a cookie
 * (what Linux's tcp_try_fastopen() does when tcp_fastopen_no_cookie()
 * holds: it skips the cookie check and sends none).
 *
 * Each SYN-ACK is judged against the SYN it answers (replay_pair.h), not
 * the first SYN: after a lost SYN-data, the SYN-ACK answers a
 * retransmission without data or option.
 */
#ifndef REPLAY_INFER_H
#define REPLAY_INFER_H

#include <tfo/tfo.h>

#include "replay.h"
#include "replay_conn.h"
#include "replay_pair.h"
#include "replay_slots.h"

/* qlen when nothing in the trace bounds it. */
#define REPLAY_INFER_QLEN_DEFAULT 16

struct replay_listener {
	tfo_sockaddr addr;
	int qlen; /* TCP_FASTOPEN; 0: no Fast Open on this listener */
};

/* Why 0x200 (no cookie needed) was inferred. */
enum replay_no_cookie_why {
	REPLAY_NO_COOKIE_NONE,
	REPLAY_NO_COOKIE_DATA_NO_OPTION, /* SYN data without a TFO option acknowledged */
	REPLAY_NO_COOKIE_ANY_COOKIE      /* a bad cookie's data taken, a request got no cookie */
};

/* The server that --conform models. */
struct replay_server {
	uint32_t fastopen; /* net.ipv4.tcp_fastopen: TFO_FASTOPEN_* bits */
	struct replay_listener *listeners;
	size_t nlisteners;
	int no_cookie_why; /* enum replay_no_cookie_why, when inferred */
};

struct replay_infer_listener;

struct replay_infer {
	const tfo_allocator *mem;
	struct replay_slots conns;
	struct replay_infer_listener *l;
	size_t n, cap, last;
	unsigned seen;             /* REPLAY_SEEN_* */
	int64_t now;               /* capture time in ns (a microsecond per packet without times) */
	const struct replay *keys; /* the key rings per connection, or NULL */
};

/* What the answers showed, as bits of struct replay_infer.seen. */
#define REPLAY_SEEN_DATA_NO_OPTION 0x1u    /* SYN data without a TFO option acknowledged */
#define REPLAY_SEEN_BAD_COOKIE_TAKEN 0x2u  /* SYN data with an invalid cookie acknowledged */
#define REPLAY_SEEN_REQUEST_NO_COOKIE 0x4u /* a cookie request answered without a cookie */
#define REPLAY_SEEN_COOKIE_GRANTED 0x8u    /* a SYN-ACK carried a cookie */

/* replay_infer_init: an empty inference (mem NULL: libc). */
void replay_infer_init(struct replay_infer *inf, const tfo_allocator *mem);

/*
 * replay_infer_set_keys: the replay whose key rings (--key, --rekey) check
 * the SYNs' cookies; without it no cookie counts as invalid.
 */
void replay_infer_set_keys(struct replay_infer *inf, const struct replay *keys);

/* replay_infer_free: frees what inf holds. */
void replay_infer_free(struct replay_infer *inf);

/*
 * replay_infer_packet: one packet, after the tracker updated c (a replay
 * packet hook). Returns 0 or TFO_ERR_NOMEM.
 */
int replay_infer_packet(struct replay_infer *inf, const struct replay_conn *c,
                        const struct replay_packet *p, int from_client);

/* replay_infer_release: c is finished and handed out (a replay release hook). */
void replay_infer_release(struct replay_infer *inf, const struct replay_conn *c);

/*
 * replay_infer_server: the server found, in *out; out->listeners is
 * allocated with inf's allocator (free it with replay_server_free).
 * Returns 0 or TFO_ERR_NOMEM.
 */
int replay_infer_server(const struct replay_infer *inf, struct replay_server *out);

/* replay_no_cookie_why_text: why 0x200 was inferred, in words; NULL for NONE. */
const char *replay_no_cookie_why_text(int why);

/* replay_server_free: frees out->listeners. */
void replay_server_free(struct replay_server *s, const tfo_allocator *mem);

/*
 * replay_server_needs_key: 1 when the server makes or checks cookies (Fast
 * Open on a listener, and not the cookie-less mode), so --conform needs
 * its key.
 */
int replay_server_needs_key(const struct replay_server *s);

#endif /* REPLAY_INFER_H */
