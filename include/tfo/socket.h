/*
 * libtfo socket layer: small-integer descriptors over a host's endpoints
 * and listeners, with calls shaped after Linux's socket API and its Fast
 * Open extensions (setsockopt TCP_FASTOPEN and TCP_FASTOPEN_CONNECT,
 * sendto MSG_FASTOPEN). Every call is non-blocking, like a socket with
 * O_NONBLOCK, and returns what Linux returns there, as TFO_ERR_* codes
 * named after the errno values (TFO_ERR_INPROGRESS is EINPROGRESS, ...).
 *
 * A host has no addresses of its own: bind a socket to its local address
 * (port 0 lets connect() pick an ephemeral port) before connect() or
 * sendto(). Descriptors are per host; like a fresh process's, the first
 * is 3 and the lowest free one is always taken.
 *
 * Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_SOCKET_H
#define TFO_SOCKET_H

#include <tfo/common.h>
#include <tfo/endpoint.h>
#include <tfo/wire.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Options for tfo_sock_setsockopt() / tfo_sock_getsockopt(). */
enum tfo_sockopt {
	/* setsockopt(IPPROTO_TCP, TCP_FASTOPEN, qlen): Fast Open queue of a listener */
	TFO_SOCKOPT_FASTOPEN = 1,
	/* setsockopt(IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 0 or 1) */
	TFO_SOCKOPT_FASTOPEN_CONNECT = 2,
	/* getsockopt(SOL_SOCKET, SO_ERROR): the pending error (TFO_ERR_* or 0), cleared */
	TFO_SOCKOPT_ERROR = 3,
	/* setsockopt(IPPROTO_TCP, TCP_MAXSEG, 0 or 88..32767): caps the MSS announced in
	 * the SYN and the SYN's data, before connect */
	TFO_SOCKOPT_MAXSEG = 4,
	/* setsockopt(IPPROTO_TCP, TCP_SYNCNT, 1..127): SYN retransmissions before ETIMEDOUT.
	 * MAXSEG and SYNCNT: since 0.2.0 */
	TFO_SOCKOPT_SYNCNT = 5
};

/* tfo_sock_sendto() flag, Linux's MSG_FASTOPEN. */
#define TFO_MSG_FASTOPEN 0x20000000

/* tfo_sock_shutdown() how. */
enum tfo_shut { TFO_SHUT_RD = 0, TFO_SHUT_WR = 1, TFO_SHUT_RDWR = 2 };

/* tfo_sock_poll() bits, with Linux's poll(2) values. */
#define TFO_POLLIN 0x001
#define TFO_POLLOUT 0x004
#define TFO_POLLERR 0x008
#define TFO_POLLHUP 0x010

/* tfo_sock_open: socket(AF_INET/AF_INET6, SOCK_STREAM, 0). Returns the
 * descriptor (>= 3), TFO_ERR_MFILE or TFO_ERR_NOMEM. */
TFO_EXPORT int tfo_sock_open(tfo_host *h);

/*
 * tfo_sock_bind: bind(). An address of family TFO_AF_NONE binds every
 * address (for listening). Returns 0, TFO_ERR_BADF, TFO_ERR_INVALID
 * (already bound or connected, or a bad address) or TFO_ERR_ADDRINUSE
 * (another socket or listener has that address and port).
 */
TFO_EXPORT int tfo_sock_bind(tfo_host *h, int fd, const tfo_sockaddr *addr);

/*
 * tfo_sock_listen: listen(). The socket must be bound to a port; the
 * TFO_SOCKOPT_FASTOPEN queue length set before or after applies. Called
 * again it changes the backlog. Returns 0, TFO_ERR_BADF, TFO_ERR_INVALID
 * (unbound, port 0, or connected), TFO_ERR_ADDRINUSE or TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_sock_listen(tfo_host *h, int fd, int backlog);

/*
 * tfo_sock_setsockopt: TFO_SOCKOPT_FASTOPEN (qlen >= 0; on a new or
 * listening socket), TFO_SOCKOPT_FASTOPEN_CONNECT (0 or 1, on a socket
 * not yet connected), TFO_SOCKOPT_MAXSEG or TFO_SOCKOPT_SYNCNT (they
 * apply to the connection the socket starts next). Returns 0,
 * TFO_ERR_BADF, TFO_ERR_INVALID (out of Linux's range), or
 * TFO_ERR_OPNOTSUPP (FASTOPEN_CONNECT while the host's client bit is off,
 * as Linux).
 */
TFO_EXPORT int tfo_sock_setsockopt(tfo_host *h, int fd, int opt, int value);

/* tfo_sock_getsockopt: reads an option into *value. Returns 0, TFO_ERR_BADF or TFO_ERR_INVALID. */
TFO_EXPORT int tfo_sock_getsockopt(tfo_host *h, int fd, int opt, int *value);

/*
 * tfo_sock_accept: accept(). A Fast Open child can be accepted before its
 * handshake completes, its SYN data already readable. peer may be NULL.
 * Returns the new descriptor, TFO_ERR_AGAIN (nothing to accept),
 * TFO_ERR_BADF, TFO_ERR_INVALID (not listening), TFO_ERR_MFILE or
 * TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_sock_accept(tfo_host *h, tfo_time now, int fd, tfo_sockaddr *peer);

/*
 * tfo_sock_connect: a non-blocking connect() from the bound address.
 * Returns TFO_ERR_INPROGRESS when a SYN left (a plain SYN, or with
 * TFO_SOCKOPT_FASTOPEN_CONNECT and no cookie cached, a cookie request);
 * 0 with TFO_SOCKOPT_FASTOPEN_CONNECT and a cookie (nothing is sent: the
 * SYN leaves with the first write). Called again: TFO_ERR_ALREADY while
 * the handshake runs, 0 once it completed (the first time), then
 * TFO_ERR_ISCONN; after a failure the error (TFO_ERR_CONNREFUSED after a
 * RST, TFO_ERR_TIMEDOUT). Also TFO_ERR_BADF, TFO_ERR_INVALID,
 * TFO_ERR_ADDRNOTAVAIL (unbound, or no ephemeral port), TFO_ERR_ADDRINUSE,
 * TFO_ERR_NOMEM.
 */
TFO_EXPORT int tfo_sock_connect(tfo_host *h, tfo_time now, int fd, const tfo_sockaddr *addr);

/*
 * tfo_sock_sendto: send()/sendto(). With TFO_MSG_FASTOPEN on a socket not
 * yet connected (Linux tcp_sendmsg_fastopen()): with a cookie cached the
 * SYN leaves with as much of the data as fits and the call returns that
 * count; without one a cookie-request SYN leaves, no data is taken, and
 * the call returns TFO_ERR_INPROGRESS. TFO_ERR_OPNOTSUPP when the host's
 * client bit is off, TFO_ERR_ALREADY while a connect is in progress,
 * TFO_ERR_ISCONN once connected. Without the flag it is tfo_sock_write()
 * and addr is ignored.
 */
TFO_EXPORT int tfo_sock_sendto(tfo_host *h, tfo_time now, int fd, const void *buf, size_t len,
                               int flags, const tfo_sockaddr *addr);

/*
 * tfo_sock_write: write()/send(). Returns the bytes taken (short when the
 * send buffer fills), TFO_ERR_AGAIN (buffer full, or still connecting),
 * TFO_ERR_PIPE (shut down, closed, or never connected, as Linux), a
 * pending error once (TFO_ERR_CONNRESET, ...), TFO_ERR_BADF. On a socket
 * whose TFO_SOCKOPT_FASTOPEN_CONNECT connect returned 0, the first write
 * sends the SYN with the data that fits and returns that count
 * (TFO_ERR_INPROGRESS if the cookie vanished and a cookie request left).
 */
TFO_EXPORT int tfo_sock_write(tfo_host *h, tfo_time now, int fd, const void *buf, size_t len);

/*
 * tfo_sock_read: read()/recv(). Returns the bytes read, 0 at end of stream
 * (or after TFO_SHUT_RD, or once a reported error closed the connection),
 * TFO_ERR_AGAIN, TFO_ERR_NOTCONN (never connected, or listening), a
 * pending error once (TFO_ERR_CONNRESET, TFO_ERR_CONNREFUSED,
 * TFO_ERR_TIMEDOUT), TFO_ERR_BADF.
 */
TFO_EXPORT int tfo_sock_read(tfo_host *h, tfo_time now, int fd, void *buf, size_t len);

/*
 * tfo_sock_shutdown: shutdown(). TFO_SHUT_WR sends a FIN after the queued
 * data; TFO_SHUT_RD makes reads return 0. Returns 0, TFO_ERR_NOTCONN,
 * TFO_ERR_INVALID, TFO_ERR_BADF.
 */
TFO_EXPORT int tfo_sock_shutdown(tfo_host *h, tfo_time now, int fd, int how);

/*
 * tfo_sock_close: close(): tfo_close() or tfo_listener_close() and the
 * descriptor is free. Returns 0 or TFO_ERR_BADF.
 */
TFO_EXPORT int tfo_sock_close(tfo_host *h, tfo_time now, int fd);

/* tfo_sock_poll: TFO_POLL* bits now true for fd, or TFO_ERR_BADF. */
TFO_EXPORT int tfo_sock_poll(tfo_host *h, int fd);

/* tfo_sock_info: TCP_INFO: the endpoint's info. Returns 0, TFO_ERR_BADF or TFO_ERR_NOTCONN. */
TFO_EXPORT int tfo_sock_info(tfo_host *h, int fd, tfo_endpoint_info *info);

/* tfo_sock_endpoint: the endpoint behind fd, or NULL. */
TFO_EXPORT tfo_endpoint *tfo_sock_endpoint(tfo_host *h, int fd);

/* tfo_sock_fd: the descriptor of an endpoint (as events name it), or TFO_ERR_BADF. */
TFO_EXPORT int tfo_sock_fd(const tfo_endpoint *ep);

/* tfo_sock_listener_fd: the descriptor of a listener, or TFO_ERR_BADF. */
TFO_EXPORT int tfo_sock_listener_fd(const tfo_listener *l);

#ifdef __cplusplus
}
#endif

#endif /* TFO_SOCKET_H */
