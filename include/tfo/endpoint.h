/*
 * libtfo endpoints: a host's TCP stack in miniature, sans I/O.
 *
 * A tfo_host is one machine's TCP: its settings (Linux's sysctls), the
 * server key ring, the client cookie cache, the counters, and every
 * connection (tfo_endpoint) and listening socket (tfo_listener) on it.
 * The caller owns time and the network: it passes segments in with
 * tfo_host_input(), receives segments through the output callback, asks
 * tfo_host_next_deadline() when a timer is due and fires it with
 * tfo_host_advance(). Nothing here reads a clock or draws randomness of
 * its own: initial sequence numbers, timestamp offsets and ephemeral
 * ports come from the random callback.
 *
 * Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_ENDPOINT_H
#define TFO_ENDPOINT_H

#include <tfo/common.h>
#include <tfo/cookie.h>
#include <tfo/wire.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tfo_host tfo_host;
typedef struct tfo_endpoint tfo_endpoint;
typedef struct tfo_listener tfo_listener;

/* ------------------------------------------------------------------ */
/* Settings                                                             */
/* ------------------------------------------------------------------ */

/* The bits of Linux's net.ipv4.tcp_fastopen (Documentation/networking/ip-sysctl.rst). */
#define TFO_FASTOPEN_CLIENT 0x001u               /* clients may use TFO */
#define TFO_FASTOPEN_SERVER 0x002u               /* listeners that ask for it may use TFO */
#define TFO_FASTOPEN_CLIENT_NO_COOKIE 0x004u     /* clients send SYN data without a cookie */
#define TFO_FASTOPEN_SERVER_NO_COOKIE 0x200u     /* servers accept SYN data without a cookie */
#define TFO_FASTOPEN_SERVER_ALL_LISTENERS 0x400u /* every listener, qlen = backlog */

typedef struct tfo_settings {
	uint32_t fastopen;          /* TFO_FASTOPEN_* bits; default 0x1, as Linux */
	int cookie_alg;             /* server cookies: enum tfo_cookie_alg; default siphash */
	uint8_t cookie_len;         /* server cookie length; default 8 */
	uint32_t cookie_cache_max;  /* client cookie cache entries (LRU); default 1024 */
	tfo_time blackhole_timeout; /* net.ipv4.tcp_fastopen_blackhole_timeout_sec; 0 = off
	                               (default) */

	uint32_t mtu;           /* the MSS advertised is mtu - 40 (IPv4) or - 60 (IPv6),
	                         * at most 65495; default 1500 */
	uint8_t wscale;         /* our window scale shift; default 7; above 14: not offered */
	uint8_t sack;           /* offer SACK-permitted; default 1 */
	uint8_t timestamps;     /* offer timestamps; default 1 */
	uint32_t rcvbuf;        /* receive buffer bytes, the window we offer; default 65535 */
	uint32_t sndbuf;        /* send buffer bytes; default 65536 */
	tfo_time rto_initial;   /* RFC 6298: 1 s */
	tfo_time rto_min;       /* Linux TCP_RTO_MIN: 200 ms */
	tfo_time rto_max;       /* Linux TCP_RTO_MAX: 120 s */
	uint8_t syn_retries;    /* net.ipv4.tcp_syn_retries: 6 (ETIMEDOUT 131 s after the SYN) */
	uint8_t synack_retries; /* net.ipv4.tcp_synack_retries: 5 */
	uint8_t retries2;       /* net.ipv4.tcp_retries2: 15 consecutive timeouts (a count) */
	tfo_time time_wait;     /* TIME-WAIT length, Linux TCP_TIMEWAIT_LEN: 60 s */
	tfo_time fin_timeout;   /* FIN-WAIT-2 of an orphan, net.ipv4.tcp_fin_timeout: 60 s */
	tfo_time delack;        /* delayed ACK timeout; 0 = ACK every segment at once (default) */
	uint16_t port_lo;       /* ephemeral ports, net.ipv4.ip_local_port_range: 32768 */
	uint16_t port_hi;       /* ... 60999 */
	/* net.ipv4.tcp_syn_linear_timeouts (Linux 6.18): 4, the first four SYN
	 * retransmissions keep the RTO (1 s); 0 doubles it from the first one */
	uint8_t syn_linear_timeouts;
} tfo_settings;

/* tfo_settings_default: fills *s with the defaults documented above. */
TFO_EXPORT void tfo_settings_default(tfo_settings *s);

/* ------------------------------------------------------------------ */
/* States, events, callbacks                                            */
/* ------------------------------------------------------------------ */

/* RFC 793 states. Never do arithmetic on their order. */
enum tfo_state {
	TFO_CLOSED,
	TFO_LISTEN,
	TFO_SYN_SENT,
	TFO_SYN_RECEIVED,
	TFO_ESTABLISHED,
	TFO_FIN_WAIT_1,
	TFO_FIN_WAIT_2,
	TFO_CLOSE_WAIT,
	TFO_CLOSING,
	TFO_LAST_ACK,
	TFO_TIME_WAIT
};

/* tfo_state_name: "CLOSED", "SYN-SENT", ...; "?" for an unknown value. */
TFO_EXPORT const char *tfo_state_name(int state);

enum tfo_event_type {
	TFO_EV_STATE,     /* ep moved from old_state to new_state */
	TFO_EV_CONNECTED, /* ep's handshake completed: ESTABLISHED (a Fast Open child
	                   * whose SYN carried a FIN: CLOSE-WAIT) */
	TFO_EV_ACCEPT,    /* listener has a child ready for tfo_accept() */
	TFO_EV_READABLE,  /* ep has data, or the peer's FIN, to read */
	TFO_EV_WRITABLE,  /* after TFO_ERR_AGAIN: half of ep's send buffer is free */
	TFO_EV_COOKIE,    /* client: a cookie was cached for (local, remote) */
	TFO_EV_ERROR,     /* ep failed; error is CONNREFUSED, CONNRESET, TIMEDOUT, or
	                   * PIPE (a RST in CLOSE-WAIT, as Linux) */
	TFO_EV_CLOSED     /* ep reached CLOSED; the last event it ever gets */
};

/* tfo_event_name: "state", "connected", ...; "?" for an unknown value. */
TFO_EXPORT const char *tfo_event_name(int type);

typedef struct tfo_event {
	int type;               /* enum tfo_event_type */
	tfo_endpoint *ep;       /* NULL for TFO_EV_ACCEPT */
	tfo_listener *listener; /* TFO_EV_ACCEPT: the listener */
	int old_state;          /* TFO_EV_STATE */
	int new_state;          /* TFO_EV_STATE */
	int error;              /* TFO_EV_ERROR */
	uint8_t cookie_len;     /* TFO_EV_COOKIE */
	uint8_t cookie[TFO_COOKIE_MAX];
} tfo_event;

typedef struct tfo_callbacks {
	void *user;
	/*
	 * A segment leaves the host. seg and its payload are valid only during
	 * the call. Must not call into the host (TFO_ERR_REENTRANT).
	 */
	void (*output)(void *user, tfo_time now, const tfo_segment *seg);
	/*
	 * An event. Delivered once the host is consistent again, after the
	 * segment or call that caused it has been handled, so the callback may
	 * call tfo_read(), tfo_write(), tfo_accept(), tfo_close() and so on
	 * (their events follow in the same delivery), but not tfo_host_del().
	 * May be NULL.
	 */
	void (*event)(void *user, tfo_time now, const tfo_event *ev);
	/*
	 * One log line, without newline. Every state transition is logged as
	 * "<local> > <remote> STATE --event--> STATE". May be NULL.
	 */
	void (*log)(void *user, tfo_time now, const char *line);
	/*
	 * Fills buf with len random bytes (4 per call: ISNs, timestamp
	 * offsets, ephemeral port offsets). Required: the caller seeds it.
	 * Must not call into the host.
	 */
	void (*random)(void *user, uint8_t *buf, size_t len);
} tfo_callbacks;

/* ------------------------------------------------------------------ */
/* Host                                                                 */
/* ------------------------------------------------------------------ */

/*
 * tfo_host_new: a host with settings s (NULL: defaults), callbacks cb
 * (copied; output and random are required) and allocator mem (NULL: libc).
 * The key ring starts empty: a server needs tfo_keyring_*() on
 * tfo_host_keyring() before it can make cookies; without a primary key it
 * sends none and finds every cookie invalid. Returns 0, TFO_ERR_INVALID
 * (settings out of range: mtu < 128, buffers 0 or above 1 GiB, rto_max <
 * rto_min, an empty port range, a cookie length the algorithm does not
 * take), TFO_ERR_UNSUPPORTED, TFO_ERR_CRYPTO or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_host_new(tfo_host **out, const tfo_settings *s, const tfo_callbacks *cb,
                            const tfo_allocator *mem);

/*
 * tfo_host_del: frees the host and everything on it (endpoints,
 * listeners, sockets), sending nothing and delivering no event.
 */
TFO_EXPORT void tfo_host_del(tfo_host *h);

/* tfo_host_settings: the settings in force (read-only). */
TFO_EXPORT const tfo_settings *tfo_host_settings(const tfo_host *h);

/*
 * tfo_host_set_settings: replaces the settings in force, as writing
 * Linux's sysctls does: later segments, timers and calls see the new
 * values (a timer already armed keeps its deadline). mtu, cookie_alg,
 * cookie_len and cookie_cache_max are fixed at tfo_host_new(). Returns 0,
 * TFO_ERR_INVALID (out of range, or one of the fixed fields changed) or
 * TFO_ERR_REENTRANT. Since 0.2.0.
 */
TFO_EXPORT int tfo_host_set_settings(tfo_host *h, const tfo_settings *s);

/*
 * tfo_host_mute_events: event types the application does not want, one
 * bit each (1u << TFO_EV_STATE, ...; 0, the default, wants them all).
 * Events of a muted type raised from now on are never queued nor
 * delivered, which saves their cost (a simulator that draws nothing
 * ignores every state change). Returns 0 or TFO_ERR_INVALID (NULL).
 * Since 0.2.0.
 */
TFO_EXPORT int tfo_host_mute_events(tfo_host *h, uint32_t mute);

/*
 * tfo_host_sender: called from the output callback, the endpoint whose
 * segment it is, or NULL for a reset answering a segment no endpoint owns.
 * It tells a caller with many connections which one sent, without a
 * lookup by 4-tuple. Outside the output callback (or h NULL): NULL.
 * Since 0.2.0.
 */
TFO_EXPORT tfo_endpoint *tfo_host_sender(const tfo_host *h);

/* tfo_host_keyring: the server key ring, for setting and rotating keys. */
TFO_EXPORT tfo_keyring *tfo_host_keyring(tfo_host *h);

/*
 * tfo_host_input: one segment arrives. It goes to the connection with its
 * 4-tuple, else to a listener on its destination, else it is answered as
 * RFC 793 says for a CLOSED port. Malformed or unwanted segments are
 * dropped, counted and logged; that is not an error. Returns 0,
 * TFO_ERR_NOMEM (the segment is dropped as if lost, an event could not be
 * queued, or a cookie learned could not be cached), TFO_ERR_REENTRANT or
 * TFO_ERR_INVALID (NULL).
 */
TFO_EXPORT int tfo_host_input(tfo_host *h, tfo_time now, const tfo_segment *seg);

/* tfo_host_next_deadline: the earliest armed timer, or TFO_TIME_NEVER. */
TFO_EXPORT tfo_time tfo_host_next_deadline(const tfo_host *h);

/*
 * tfo_host_advance: fires every timer due at or before now, earliest
 * first, ties in the order they were armed. Each runs at its own deadline:
 * that is the time its segments and events carry, and its events are
 * delivered before the next timer runs. Returns 0, TFO_ERR_NOMEM (an
 * event could not be queued, or the cookie cache could not record what a
 * timer taught it), TFO_ERR_REENTRANT or TFO_ERR_INVALID.
 */
TFO_EXPORT int tfo_host_advance(tfo_host *h, tfo_time now);

/* tfo_host_endpoint_count: connections alive on the host (TIME-WAIT included). */
TFO_EXPORT size_t tfo_host_endpoint_count(const tfo_host *h);

/* ------------------------------------------------------------------ */
/* Counters, named after Linux's /proc/net/netstat and /proc/net/snmp   */
/* ------------------------------------------------------------------ */

enum tfo_counter {
	TFO_CTR_FASTOPEN_ACTIVE,          /* TCPFastOpenActive: SYN data acked */
	TFO_CTR_FASTOPEN_ACTIVE_FAIL,     /* TCPFastOpenActiveFail */
	TFO_CTR_FASTOPEN_PASSIVE,         /* TCPFastOpenPassive: SYN data accepted */
	TFO_CTR_FASTOPEN_PASSIVE_FAIL,    /* TCPFastOpenPassiveFail */
	TFO_CTR_FASTOPEN_LISTEN_OVERFLOW, /* TCPFastOpenListenOverflow */
	TFO_CTR_FASTOPEN_COOKIE_REQD,     /* TCPFastOpenCookieReqd */
	TFO_CTR_FASTOPEN_PASSIVE_ALT_KEY, /* TCPFastOpenPassiveAltKey */
	TFO_CTR_FASTOPEN_BLACKHOLE,       /* TCPFastOpenBlackhole */
	TFO_CTR_ACTIVE_OPENS,             /* ActiveOpens */
	TFO_CTR_PASSIVE_OPENS,            /* PassiveOpens */
	TFO_CTR_ATTEMPT_FAILS,            /* AttemptFails */
	TFO_CTR_ESTAB_RESETS,             /* EstabResets */
	TFO_CTR_IN_SEGS,                  /* InSegs */
	TFO_CTR_OUT_SEGS,                 /* OutSegs */
	TFO_CTR_RETRANS_SEGS,             /* RetransSegs */
	TFO_CTR_IN_ERRS,                  /* InErrs */
	TFO_CTR_OUT_RSTS,                 /* OutRsts */
	TFO_CTR_LISTEN_OVERFLOWS,         /* ListenOverflows: accept queue full */
	TFO_CTR_CHALLENGE_ACK,            /* TCPChallengeACK (RFC 5961) */
	TFO_CTR_ABORT_ON_DATA,            /* TCPAbortOnData: data after close, RST */
	TFO_CTR_ABORT_ON_CLOSE,           /* TCPAbortOnClose: close with unread data, RST */
	TFO_CTR_TIMEOUTS,                 /* TCPTimeouts: retransmission timer expiries */
	TFO_CTR_COUNT
};

/* tfo_counter_name: Linux's name, "TCPFastOpenActive" ...; NULL if unknown. */
TFO_EXPORT const char *tfo_counter_name(int counter);

/* tfo_host_counter: the counter's value; 0 for an unknown counter. */
TFO_EXPORT uint64_t tfo_host_counter(const tfo_host *h, int counter);

/* ------------------------------------------------------------------ */
/* Client cookie cache                                                  */
/* ------------------------------------------------------------------ */

/*
 * tfo_host_cookie_get: the cookie and server MSS cached for connections
 * from local to remote (addresses only). *len gets 0 when the entry holds
 * no cookie; mss may be NULL. Returns 1 when there is an entry, 0 when
 * there is none.
 */
TFO_EXPORT int tfo_host_cookie_get(const tfo_host *h, const tfo_addr *local, const tfo_addr *remote,
                                   uint8_t *cookie, size_t *len, uint16_t *mss);

/*
 * tfo_host_cookie_set: stores a cookie (len 4..16, even) and MSS (0:
 * unknown), as if learned from a SYN-ACK in the kind-34 option. Returns 0,
 * TFO_ERR_INVALID (also for a cache of size 0) or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_host_cookie_set(tfo_host *h, const tfo_addr *local, const tfo_addr *remote,
                                   const uint8_t *cookie, size_t len, uint16_t mss);

/* tfo_host_cookie_clear: forgets every cached cookie (ip tcp_metrics flush). */
TFO_EXPORT void tfo_host_cookie_clear(tfo_host *h);

/* ------------------------------------------------------------------ */
/* Listeners                                                            */
/* ------------------------------------------------------------------ */

/*
 * tfo_listen: a listening socket on local (an address of family
 * TFO_AF_NONE listens on every address; port 0 is TFO_ERR_INVALID).
 * Children wait for tfo_accept(); as in Linux the accept queue is full
 * when it holds more than backlog, and then SYNs and handshake ACKs are
 * dropped (ListenOverflows). With TFO_FASTOPEN_SERVER and
 * TFO_FASTOPEN_SERVER_ALL_LISTENERS its Fast Open queue is backlog.
 * Returns 0, TFO_ERR_ADDRINUSE (the port is taken on that address or a
 * wildcard), TFO_ERR_INVALID, TFO_ERR_REENTRANT or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_listen(tfo_host *h, const tfo_sockaddr *local, int backlog, tfo_listener **out);

/*
 * tfo_listener_set_fastopen: like setsockopt(TCP_FASTOPEN, qlen): allow
 * up to qlen pending TFO children (accepted SYN data, handshake not yet
 * complete). 0 turns server TFO off for this listener. It only takes
 * effect when the host's fastopen setting has TFO_FASTOPEN_SERVER.
 * Returns 0 or TFO_ERR_INVALID.
 */
TFO_EXPORT int tfo_listener_set_fastopen(tfo_listener *l, int qlen);

/*
 * tfo_accept: takes the oldest child off the accept queue. A TFO child
 * can be accepted before its handshake completes (state SYN-RECEIVED),
 * with the SYN's data readable. Returns 0, TFO_ERR_AGAIN,
 * TFO_ERR_REENTRANT or TFO_ERR_INVALID.
 */
TFO_EXPORT int tfo_accept(tfo_listener *l, tfo_endpoint **out);

/*
 * tfo_listener_close: stops listening. As Linux's inet_csk_listen_stop():
 * children in the accept queue are reset (a RST where Linux's
 * tcp_need_reset() says so), children still in the handshake vanish
 * silently, accepted children are not touched. Its queued events are
 * dropped. The listener is freed (once no accepted Fast Open child still
 * counts in its queue).
 */
TFO_EXPORT void tfo_listener_close(tfo_listener *l, tfo_time now);

TFO_EXPORT void tfo_listener_set_user(tfo_listener *l, void *user);
TFO_EXPORT void *tfo_listener_user(const tfo_listener *l);

/* ------------------------------------------------------------------ */
/* Connections                                                          */
/* ------------------------------------------------------------------ */

/* How tfo_connect() opens, after Linux's client-side Fast Open APIs. */
#define TFO_CONNECT_FASTOPEN 0x1u /* sendto(MSG_FASTOPEN): try TFO with data */
/* TCP_FASTOPEN_CONNECT: with a cached cookie, the SYN waits for the first tfo_write(). */
#define TFO_CONNECT_DEFER 0x2u
/*
 * With TFO_CONNECT_FASTOPEN (or DEFER, for the deferred first write): take
 * only the data that rides in the SYN, none when the SYN carries a cookie
 * request, as a non-blocking sendto(MSG_FASTOPEN) does.
 */
#define TFO_CONNECT_SYN_DATA_ONLY 0x4u

typedef struct tfo_connect_args {
	tfo_sockaddr local; /* local address; port 0 picks an ephemeral port */
	tfo_sockaddr remote;
	unsigned flags;      /* TFO_CONNECT_* */
	const uint8_t *data; /* with TFO_CONNECT_FASTOPEN: data to send */
	size_t len;
	uint16_t mss;        /* Linux TCP_MAXSEG: caps the MSS we announce and the SYN's
	                      * data; 0: none */
	uint8_t syn_retries; /* Linux TCP_SYNCNT: SYN retransmissions; 0: the host's.
	                      * mss and syn_retries: since 0.2.0 */
} tfo_connect_args;

/*
 * tfo_connect: an active open. Without flags a plain SYN leaves now (no
 * TFO option). With TFO_CONNECT_FASTOPEN and a cached cookie the SYN
 * carries the cookie and as much data as fits (at most the cached MSS,
 * else 536 for IPv4 or 1220 for IPv6, never more than our own MSS, minus
 * 40); without a cookie it carries a cookie request (kind 254 while the
 * cache says so, Linux's try_exp); in cookie-less mode
 * (TFO_FASTOPEN_CLIENT_NO_COOKIE) the data rides with no TFO option; while
 * a blackhole pause is on the SYN is plain. Data that does not ride in
 * the SYN is queued and sent after the handshake, up to sndbuf (only the
 * SYN's share with TFO_CONNECT_SYN_DATA_ONLY). With TFO_CONNECT_DEFER and
 * a cookie (or in cookie-less mode) nothing is sent: ep is in SYN-SENT and
 * the SYN leaves with the first tfo_write(); without a cookie the
 * cookie-request SYN leaves now. local.port 0 picks an ephemeral port.
 * The random callback gives, in order: the port offset (port 0 only), the
 * ISN, the timestamp offset. Returns the number of data bytes taken
 * (queued or sent, >= 0), or TFO_ERR_OPNOTSUPP (TFO asked for but the
 * client bit is off), TFO_ERR_ADDRINUSE (the 4-tuple exists),
 * TFO_ERR_ADDRNOTAVAIL (no free port), TFO_ERR_INVALID (families differ
 * or are unset, remote port 0, data without TFO_CONNECT_FASTOPEN or with
 * TFO_CONNECT_DEFER, unknown flags), TFO_ERR_REENTRANT, TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_connect(tfo_host *h, tfo_time now, const tfo_connect_args *args,
                           tfo_endpoint **out);

/*
 * tfo_write: queues data; it is sent as the windows allow (before the
 * handshake completes it waits, except on a Fast Open child). The first
 * write of a deferred fast-open connect sends the SYN with the data (see
 * tfo_connect(); with TFO_CONNECT_SYN_DATA_ONLY only the SYN's share is
 * taken, 0 bytes when the SYN had to be a cookie request). Returns bytes
 * taken (short when the send buffer fills), TFO_ERR_AGAIN (buffer full),
 * TFO_ERR_PIPE (after tfo_shutdown or a graceful close), the error that
 * closed the connection (TFO_ERR_CONNRESET, TFO_ERR_CONNREFUSED,
 * TFO_ERR_TIMEDOUT, TFO_ERR_PIPE), TFO_ERR_INVALID, TFO_ERR_REENTRANT or
 * TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_write(tfo_endpoint *ep, tfo_time now, const void *buf, size_t len);

/*
 * tfo_read: copies received in-order data; may announce the grown window
 * (Linux __tcp_cleanup_rbuf()). Returns bytes read, 0 at end of stream
 * (the peer's FIN read, or CLOSED after a graceful close), TFO_ERR_AGAIN
 * (nothing yet), the error that closed the connection (TFO_ERR_CONNRESET,
 * ...), TFO_ERR_INVALID, TFO_ERR_REENTRANT.
 */
TFO_EXPORT int tfo_read(tfo_endpoint *ep, tfo_time now, void *buf, size_t len);

/*
 * tfo_shutdown: no more writes; a FIN follows the queued data. In
 * SYN-SENT the connection goes to CLOSED at once, sending nothing (Linux
 * tcp_close_state()). Returns 0, TFO_ERR_NOTCONN (CLOSED),
 * TFO_ERR_INVALID or TFO_ERR_REENTRANT.
 */
TFO_EXPORT int tfo_shutdown(tfo_endpoint *ep, tfo_time now);

/*
 * tfo_close: the application is done with ep: like close(2), a FIN (or a
 * RST when unread data remains, as Linux does; in SYN-SENT nothing) and
 * the endpoint lives on inside the host until it reaches CLOSED and its
 * TFO_EV_CLOSED has been delivered, then is freed. Its events keep coming
 * until then; ep must not be passed to any call after this one. An orphan
 * in FIN-WAIT-2 waits fin_timeout for the peer's FIN; new data for an
 * orphan is answered with a RST (Linux TCPAbortOnData).
 */
TFO_EXPORT void tfo_close(tfo_endpoint *ep, tfo_time now);

/*
 * tfo_abort: a RST where Linux's tcp_need_reset() sends one (SYN-RECEIVED,
 * ESTABLISHED, FIN-WAIT-1/2, CLOSE-WAIT), then frees ep at once; its
 * queued events are dropped and none follow.
 */
TFO_EXPORT void tfo_abort(tfo_endpoint *ep, tfo_time now);

TFO_EXPORT void tfo_endpoint_set_user(tfo_endpoint *ep, void *user);
TFO_EXPORT void *tfo_endpoint_user(const tfo_endpoint *ep);

/* tfo_endpoint_state: enum tfo_state. */
TFO_EXPORT int tfo_endpoint_state(const tfo_endpoint *ep);

/* What Fast Open did for a connection, as the tables and reports name it. */
enum tfo_outcome {
	TFO_OUTCOME_PLAIN,          /* "plain": no TFO option, no SYN data */
	TFO_OUTCOME_COOKIE_REQUEST, /* "cookie-request": empty TFO option, no data */
	TFO_OUTCOME_ACCEPTED,       /* "tfo-accepted": SYN data acked by the SYN-ACK */
	TFO_OUTCOME_PARTIAL,        /* "tfo-partial": part of the SYN data acked */
	TFO_OUTCOME_REJECTED,       /* "tfo-rejected": only ISN+1 acked, data resent */
	TFO_OUTCOME_INCOMPLETE      /* "incomplete": no handshake (seen) */
};

/* tfo_outcome_name: the names above; "?" for an unknown value. */
TFO_EXPORT const char *tfo_outcome_name(int outcome);

/* Linux's TCP_INFO tcpi_fastopen_client_fail values. */
enum tfo_client_fail {
	TFO_CLIENT_FAIL_NONE,               /* TFO_STATUS_UNSPEC */
	TFO_CLIENT_FAIL_COOKIE_UNAVAILABLE, /* TFO_COOKIE_UNAVAILABLE */
	TFO_CLIENT_FAIL_DATA_NOT_ACKED,     /* TFO_DATA_NOT_ACKED */
	TFO_CLIENT_FAIL_SYN_RETRANSMITTED   /* TFO_SYN_RETRANSMITTED */
};

typedef struct tfo_endpoint_info {
	int state;  /* enum tfo_state */
	int active; /* 1: we sent the SYN (client) */
	tfo_sockaddr local, remote;
	uint32_t iss, irs;
	uint32_t snd_una, snd_nxt, rcv_nxt;
	uint32_t snd_wnd, rcv_wnd;
	uint16_t mss;       /* send MSS in use */
	uint8_t snd_wscale; /* 0xff: window scaling not in use */
	uint8_t rcv_wscale;
	uint8_t sack_ok, ts_ok;
	tfo_time srtt; /* 0 until the first sample */
	tfo_time rto;
	uint32_t retransmits; /* segments retransmitted, SYNs included */
	/* Fast Open */
	int outcome;        /* enum tfo_outcome (client: as known so far; server
	                     * child: what its SYN asked and got) */
	int client_fail;    /* enum tfo_client_fail */
	uint8_t cookie_exp; /* the TFO option used the experimental form */
	uint8_t cookie_len; /* cookie sent (client) or received (server), 0 none */
	uint8_t cookie[TFO_COOKIE_MAX];
	uint32_t syn_data;       /* data bytes in our SYN (client) or the peer's (server) */
	uint32_t syn_data_acked; /* of those, acked by the SYN-ACK / accepted */
	uint64_t bytes_sent;     /* payload bytes acked by the peer */
	uint64_t bytes_received; /* payload bytes received in order */
	tfo_time t_open;         /* when the SYN was sent or received */
	tfo_time t_established;  /* when the handshake completed; 0 not yet */
	int error;               /* the error that closed it (TFO_ERR_*), 0 none */
	uint32_t delivered;      /* segments the peer acked, our SYN or SYN-ACK included
	                          * (Linux tcpi_delivered; a segment is up to mss bytes).
	                          * Since 0.2.0. */
} tfo_endpoint_info;

/* tfo_endpoint_get_info: a snapshot of ep. */
TFO_EXPORT void tfo_endpoint_get_info(const tfo_endpoint *ep, tfo_endpoint_info *info);

/*
 * tfo_endpoint_addrs: ep's local and remote addresses, the same as
 * tfo_endpoint_get_info()'s, without the rest of the snapshot (for a
 * caller that keys many connections by 4-tuple). Either out pointer may be
 * NULL; a NULL ep gives zeroed addresses. Since 0.2.0.
 */
TFO_EXPORT void tfo_endpoint_addrs(const tfo_endpoint *ep, tfo_sockaddr *local,
                                   tfo_sockaddr *remote);

#ifdef __cplusplus
}
#endif

#endif /* TFO_ENDPOINT_H */
