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
 *   queue was full: Linux tcp_fastopen_queue_check()). Those SYNs are the
 *   ones with a TFO option (a request, or a cookie and data) or, in the
 *   cookie-less mode, the ones with data. With no such SYN qlen is 16, or
 *   more when the accepted SYNs need more; when the bounds contradict each
 *   other, the accepted SYNs win.
 * For the host (net.ipv4.tcp_fastopen): 0x1, with 0x2 when a listener
 * does Fast Open and 0x200 when SYN data without any TFO option was
 * acknowledged (Linux's cookie-less server mode).
 */
#ifndef REPLAY_INFER_H
#define REPLAY_INFER_H

#include <tfo/tfo.h>

#include "replay_conn.h"
#include "replay_slots.h"

/* qlen when nothing in the trace bounds it. */
#define REPLAY_INFER_QLEN_DEFAULT 16

struct replay_listener {
	tfo_sockaddr addr;
	int qlen; /* TCP_FASTOPEN; 0: no Fast Open on this listener */
};

/* The server that --conform models. */
struct replay_server {
	uint32_t fastopen; /* net.ipv4.tcp_fastopen: TFO_FASTOPEN_* bits */
	struct replay_listener *listeners;
	size_t nlisteners;
};

struct replay_infer_listener;

struct replay_infer {
	const tfo_allocator *mem;
	struct replay_slots conns;
	struct replay_infer_listener *l;
	size_t n, cap, last;
	uint8_t no_cookie; /* SYN data without a TFO option was acknowledged */
};

/* replay_infer_init: an empty inference (mem NULL: libc). */
void replay_infer_init(struct replay_infer *inf, const tfo_allocator *mem);

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

/* replay_server_free: frees out->listeners. */
void replay_server_free(struct replay_server *s, const tfo_allocator *mem);

/*
 * replay_server_needs_key: 1 when the server makes or checks cookies (Fast
 * Open on a listener, and not the cookie-less mode), so --conform needs
 * its key.
 */
int replay_server_needs_key(const struct replay_server *s);

#endif /* REPLAY_INFER_H */
