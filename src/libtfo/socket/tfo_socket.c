/*
 * The socket layer: descriptors over endpoints and listeners, with
 * Linux's errno behaviour for a non-blocking TCP socket (net/ipv4/af_inet.c
 * __inet_stream_connect(), net/ipv4/tcp.c tcp_sendmsg_locked(),
 * tcp_sendmsg_fastopen(), tcp_recvmsg(), do_tcp_setsockopt()).
 */
#include <string.h>

#include "tfo_alloc.h"
#include "tfo_conn.h"
#include "tfo_host.h"

#define FD_FIRST 3
#define FD_LIMIT 1048576

enum { SK_FREE, SK_NEW, SK_LISTEN, SK_CONN };
enum { SS_UNCONNECTED, SS_CONNECTING, SS_CONNECTED };

struct sock {
	uint8_t kind;
	uint8_t ss; /* SS_*, for SK_CONN */
	uint8_t bound;
	uint8_t fo_connect;
	uint8_t rd_shut;
	uint8_t err_seen; /* the endpoint's error was taken into err */
	int err;          /* pending error, as SO_ERROR reports it */
	int fo_qlen;
	uint16_t maxseg;     /* TCP_MAXSEG, 0 none */
	uint8_t syn_retries; /* TCP_SYNCNT, 0 the host's */
	tfo_sockaddr addr;
	struct tfo_listener *l;
	struct tfo_endpoint *ep;
};

struct sock_table {
	struct sock *v;
	int cap;
	int hint; /* no free slot below this index */
};

/* The host calls this when it is freed (struct host_upper). */
static void table_free(tfo_host *h, void *state)
{
	struct sock_table *t = state;

	mem_free(&h->mem, t->v);
	mem_free(&h->mem, t);
}

static struct sock_table *table(const tfo_host *h)
{
	return h->upper.state;
}

static struct sock *get(tfo_host *h, int fd)
{
	struct sock_table *t = h ? table(h) : NULL;

	if (!t || fd < FD_FIRST || fd - FD_FIRST >= t->cap)
		return NULL;
	return t->v[fd - FD_FIRST].kind == SK_FREE ? NULL : &t->v[fd - FD_FIRST];
}

static int grow(tfo_host *h)
{
	struct sock_table *t = table(h);
	int cap = t->cap ? t->cap * 2 : 16;
	struct sock *v;

	if (t->cap >= FD_LIMIT)
		return TFO_ERR_MFILE;
	if (cap > FD_LIMIT)
		cap = FD_LIMIT;
	v = mem_zalloc(&h->mem, (size_t)cap, sizeof(*v));
	if (!v)
		return TFO_ERR_NOMEM;
	if (t->cap)
		memcpy(v, t->v, (size_t)t->cap * sizeof(*v));
	mem_free(&h->mem, t->v);
	t->v = v;
	t->cap = cap;
	return 0;
}

/* The lowest free descriptor, as POSIX gives it. */
static int alloc_fd(tfo_host *h)
{
	struct sock_table *t;
	int i, r;

	if (!table(h)) {
		t = mem_zalloc(&h->mem, 1, sizeof(*t));
		if (!t)
			return TFO_ERR_NOMEM;
		h->upper.state = t;
		h->upper.free_state = table_free;
	}
	t = table(h);
	for (i = t->hint; i < t->cap && t->v[i].kind != SK_FREE; i++)
		;
	if (i == t->cap) {
		r = grow(h);
		if (r)
			return r;
	}
	memset(&t->v[i], 0, sizeof(t->v[i]));
	t->v[i].kind = SK_NEW;
	t->hint = i + 1;
	return i + FD_FIRST;
}

static void free_fd(tfo_host *h, int fd)
{
	struct sock_table *t = table(h);

	memset(&t->v[fd - FD_FIRST], 0, sizeof(t->v[0]));
	if (fd - FD_FIRST < t->hint)
		t->hint = fd - FD_FIRST;
}

/* Linux sock_error(): the connection's error is reported once. */
static int take_error(struct sock *s)
{
	int e;

	if (s->ep && !s->err_seen && s->ep->last_error) {
		s->err = s->ep->last_error;
		s->err_seen = 1;
	}
	e = s->err;
	s->err = 0;
	return e;
}

TFO_EXPORT int tfo_sock_open(tfo_host *h)
{
	if (!h)
		return TFO_ERR_INVALID;
	if (h->in_cb)
		return TFO_ERR_REENTRANT;
	return alloc_fd(h);
}

static int addr_taken(tfo_host *h, const tfo_sockaddr *a)
{
	struct sock_table *t = table(h);

	if (a->port == 0)
		return 0;
	for (int i = 0; i < t->cap; i++) {
		const struct sock *o = &t->v[i];

		if (o->kind == SK_FREE || !o->bound || o->addr.port != a->port)
			continue;
		if (o->addr.addr.family == TFO_AF_NONE || a->addr.family == TFO_AF_NONE ||
		    sockaddr_eq(&o->addr, a))
			return 1;
	}
	return lsn_port_taken(h, a);
}

TFO_EXPORT int tfo_sock_bind(tfo_host *h, int fd, const tfo_sockaddr *addr)
{
	struct sock *s = get(h, fd);
	int fam;

	if (!s)
		return TFO_ERR_BADF;
	fam = addr ? addr->addr.family : -1;
	if (fam != TFO_AF_NONE && fam != TFO_AF_INET && fam != TFO_AF_INET6)
		return TFO_ERR_INVALID;
	if (s->kind != SK_NEW || s->bound)
		return TFO_ERR_INVALID;
	if (addr_taken(h, addr))
		return TFO_ERR_ADDRINUSE;
	s->addr = *addr;
	s->bound = 1;
	return 0;
}

TFO_EXPORT int tfo_sock_listen(tfo_host *h, int fd, int backlog)
{
	struct sock *s = get(h, fd);
	struct tfo_listener *l;
	int r;

	if (!s)
		return TFO_ERR_BADF;
	if (backlog < 0)
		backlog = 0;
	if (s->kind == SK_LISTEN) {
		s->l->backlog = backlog;
		return 0;
	}
	if (s->kind != SK_NEW || !s->bound || s->addr.port == 0)
		return TFO_ERR_INVALID;
	r = tfo_listen(h, &s->addr, backlog, &l);
	if (r)
		return r;
	if (s->fo_qlen)
		tfo_listener_set_fastopen(l, s->fo_qlen);
	l->fd = fd;
	s->l = l;
	s->kind = SK_LISTEN;
	return 0;
}

TFO_EXPORT int tfo_sock_setsockopt(tfo_host *h, int fd, int opt, int value)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	switch (opt) {
	case TFO_SOCKOPT_FASTOPEN:
		if (value < 0 || s->kind == SK_CONN)
			return TFO_ERR_INVALID;
		s->fo_qlen = value;
		if (s->kind == SK_LISTEN)
			tfo_listener_set_fastopen(s->l, value);
		return 0;
	case TFO_SOCKOPT_FASTOPEN_CONNECT:
		if (value < 0 || value > 1)
			return TFO_ERR_INVALID;
		if (!(h->s.fastopen & TFO_FASTOPEN_CLIENT))
			return TFO_ERR_OPNOTSUPP;
		if (s->kind != SK_NEW)
			return TFO_ERR_INVALID;
		s->fo_connect = (uint8_t)value;
		return 0;
	case TFO_SOCKOPT_MAXSEG: /* Linux do_tcp_setsockopt(): TCP_MIN_MSS..MAX_TCP_WINDOW */
		if (value != 0 && (value < 88 || value > 32767))
			return TFO_ERR_INVALID;
		s->maxseg = (uint16_t)value;
		return 0;
	case TFO_SOCKOPT_SYNCNT: /* 1..MAX_TCP_SYNCNT */
		if (value < 1 || value > 127)
			return TFO_ERR_INVALID;
		s->syn_retries = (uint8_t)value;
		return 0;
	default:
		return TFO_ERR_INVALID;
	}
}

TFO_EXPORT int tfo_sock_getsockopt(tfo_host *h, int fd, int opt, int *value)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (!value)
		return TFO_ERR_INVALID;
	switch (opt) {
	case TFO_SOCKOPT_FASTOPEN:
		*value = s->kind == SK_LISTEN ? s->l->fo_max_qlen : s->fo_qlen;
		return 0;
	case TFO_SOCKOPT_FASTOPEN_CONNECT:
		*value = s->fo_connect;
		return 0;
	case TFO_SOCKOPT_ERROR:
		*value = take_error(s);
		return 0;
	case TFO_SOCKOPT_MAXSEG:
		*value = s->ep ? s->ep->mss : s->maxseg;
		return 0;
	case TFO_SOCKOPT_SYNCNT:
		*value = s->syn_retries ? s->syn_retries : h->s.syn_retries;
		return 0;
	default:
		return TFO_ERR_INVALID;
	}
}

TFO_EXPORT int tfo_sock_accept(tfo_host *h, tfo_time now, int fd, tfo_sockaddr *peer)
{
	struct sock *s = get(h, fd);
	struct tfo_endpoint *ep;
	int nfd, r;

	if (!s)
		return TFO_ERR_BADF;
	if (s->kind != SK_LISTEN)
		return TFO_ERR_INVALID;
	if (!s->l->acc_head)
		return TFO_ERR_AGAIN;
	nfd = alloc_fd(h);
	if (nfd < 0)
		return nfd;
	s = get(h, fd); /* the table may have moved */
	r = tfo_accept(s->l, &ep);
	if (r) {
		free_fd(h, nfd);
		return r;
	}
	s = get(h, nfd);
	s->kind = SK_CONN;
	s->ss = SS_CONNECTED;
	s->bound = 1;
	s->addr = ep->local;
	s->ep = ep;
	ep->fd = nfd;
	if (peer)
		*peer = ep->remote;
	return nfd;
}

static int start_connect(tfo_host *h, tfo_time now, int fd, struct sock *s,
                         const tfo_connect_args *a)
{
	struct tfo_endpoint *ep;
	int r = tfo_connect(h, now, a, &ep);

	if (r < 0)
		return r;
	s = get(h, fd);
	s->kind = SK_CONN;
	s->ss = SS_CONNECTING;
	s->ep = ep;
	ep->fd = fd;
	return r;
}

static int connect_args(struct sock *s, const tfo_sockaddr *addr, tfo_connect_args *a)
{
	if (!addr)
		return TFO_ERR_INVALID;
	if (!s->bound || s->addr.addr.family == TFO_AF_NONE)
		return TFO_ERR_ADDRNOTAVAIL;
	memset(a, 0, sizeof(*a));
	a->local = s->addr;
	a->remote = *addr;
	a->mss = s->maxseg;
	a->syn_retries = s->syn_retries;
	return 0;
}

/* Linux __inet_stream_connect() on a socket that already has an endpoint. */
static int connect_again(struct sock *s)
{
	struct tfo_endpoint *ep = s->ep;

	if (s->ss == SS_CONNECTED)
		return TFO_ERR_ISCONN;
	if (s->ss == SS_UNCONNECTED)
		return TFO_ERR_INVALID;
	if (ep->flags & EPF_DEFERRED)
		return TFO_ERR_ISCONN;
	if (ep->state == TFO_SYN_SENT || ep->state == TFO_SYN_RECEIVED)
		return TFO_ERR_ALREADY;
	if (ep->state == TFO_CLOSED && !(ep->flags & EPF_SYNCED)) {
		int e = take_error(s);

		s->ss = SS_UNCONNECTED;
		return e ? e : TFO_ERR_CONNREFUSED;
	}
	s->ss = SS_CONNECTED;
	return 0;
}

TFO_EXPORT int tfo_sock_connect(tfo_host *h, tfo_time now, int fd, const tfo_sockaddr *addr)
{
	struct sock *s = get(h, fd);
	tfo_connect_args a;
	int r;

	if (!s)
		return TFO_ERR_BADF;
	if (s->kind == SK_LISTEN)
		return TFO_ERR_ISCONN;
	if (s->kind == SK_CONN)
		return connect_again(s);
	r = connect_args(s, addr, &a);
	if (r)
		return r;
	if (s->fo_connect)
		a.flags = TFO_CONNECT_DEFER | TFO_CONNECT_SYN_DATA_ONLY;
	r = start_connect(h, now, fd, s, &a);
	if (r < 0)
		return r;
	s = get(h, fd);
	return (s->ep->flags & EPF_DEFERRED) ? 0 : TFO_ERR_INPROGRESS;
}

/* The deferred fast-open SYN leaves with this write (tcp_sendmsg_fastopen()). */
static int deferred_send(tfo_time now, struct sock *s, const void *buf, size_t len)
{
	int r = tfo_write(s->ep, now, buf, len);

	if (r == 0 && len)
		return TFO_ERR_INPROGRESS;
	return r;
}

static int conn_write(tfo_host *h, tfo_time now, struct sock *s, const void *buf, size_t len)
{
	struct tfo_endpoint *ep = s->ep;
	int e, r;

	if (ep->flags & EPF_DEFERRED)
		return deferred_send(now, s, buf, len);
	e = take_error(s);
	if (e)
		return e;
	/* Linux sk_stream_wait_connect(): a non-blocking writer waits for the handshake. */
	if ((ep->state == TFO_SYN_SENT || ep->state == TFO_SYN_RECEIVED) &&
	    !(ep->flags & EPF_TFO_CHILD))
		return TFO_ERR_AGAIN;
	r = tfo_write(ep, now, buf, len);
	if (r == TFO_ERR_CONNRESET || r == TFO_ERR_TIMEDOUT || r == TFO_ERR_CONNREFUSED)
		r = TFO_ERR_PIPE; /* reported once already */
	return r;
}

TFO_EXPORT int tfo_sock_write(tfo_host *h, tfo_time now, int fd, const void *buf, size_t len)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (!buf && len)
		return TFO_ERR_INVALID;
	if (s->kind != SK_CONN)
		return TFO_ERR_PIPE;
	return conn_write(h, now, s, buf, len);
}

static int fastopen_send(tfo_host *h, tfo_time now, int fd, struct sock *s, const void *buf,
                         size_t len, const tfo_sockaddr *addr)
{
	tfo_connect_args a;
	int r;

	if (!(h->s.fastopen & TFO_FASTOPEN_CLIENT))
		return TFO_ERR_OPNOTSUPP;
	if (s->kind == SK_LISTEN)
		return TFO_ERR_ISCONN;
	if (s->kind == SK_CONN) {
		if (s->ep->flags & EPF_DEFERRED)
			return deferred_send(now, s, buf, len);
		/*
		 * Linux tcp_sendmsg_fastopen() -> __inet_stream_connect(): what a
		 * second connect() would say; when that completes the connect (0,
		 * the handshake done since), the data goes out as by write()
		 * (tests/scripts/client-dontwait-eisconn.pkt on Linux 6.18).
		 */
		r = connect_again(s);
		return r ? r : conn_write(h, now, s, buf, len);
	}
	r = connect_args(s, addr, &a);
	if (r)
		return r;
	a.flags = TFO_CONNECT_FASTOPEN | TFO_CONNECT_SYN_DATA_ONLY;
	a.data = buf;
	a.len = len;
	r = start_connect(h, now, fd, s, &a);
	if (r == 0)
		return TFO_ERR_INPROGRESS;
	return r;
}

TFO_EXPORT int tfo_sock_sendto(tfo_host *h, tfo_time now, int fd, const void *buf, size_t len,
                               int flags, const tfo_sockaddr *addr)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (!buf && len)
		return TFO_ERR_INVALID;
	if (flags & ~TFO_MSG_FASTOPEN)
		return TFO_ERR_INVALID;
	if (flags & TFO_MSG_FASTOPEN)
		return fastopen_send(h, now, fd, s, buf, len, addr);
	return tfo_sock_write(h, now, fd, buf, len);
}

TFO_EXPORT int tfo_sock_read(tfo_host *h, tfo_time now, int fd, void *buf, size_t len)
{
	struct sock *s = get(h, fd);
	int r, e;

	if (!s)
		return TFO_ERR_BADF;
	if (!buf && len)
		return TFO_ERR_INVALID;
	if (s->kind != SK_CONN)
		return TFO_ERR_NOTCONN;
	if (s->rd_shut)
		return 0;
	r = tfo_read(s->ep, now, buf, len);
	if (r >= 0 || r == TFO_ERR_AGAIN || r == TFO_ERR_NOTCONN)
		return r;
	s = get(h, fd); /* callbacks may have grown the table */
	if (!s)
		return r;
	e = take_error(s);
	return e ? e : 0;
}

TFO_EXPORT int tfo_sock_shutdown(tfo_host *h, tfo_time now, int fd, int how)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (how < TFO_SHUT_RD || how > TFO_SHUT_RDWR)
		return TFO_ERR_INVALID;
	if (s->kind != SK_CONN)
		return TFO_ERR_NOTCONN;
	if (how != TFO_SHUT_WR)
		s->rd_shut = 1;
	if (how != TFO_SHUT_RD)
		return tfo_shutdown(s->ep, now);
	return 0;
}

TFO_EXPORT int tfo_sock_close(tfo_host *h, tfo_time now, int fd)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (h->in_cb)
		return TFO_ERR_REENTRANT;
	if (s->kind == SK_CONN) {
		s->ep->fd = -1;
		tfo_close(s->ep, now);
	} else if (s->kind == SK_LISTEN) {
		s->l->fd = -1;
		tfo_listener_close(s->l, now);
	}
	free_fd(h, fd);
	return 0;
}

static int conn_poll(struct sock *s)
{
	struct tfo_endpoint *ep = s->ep;
	int ev = 0;

	if (ep->rcvq.len || (ep->flags & EPF_FIN_RCVD) || s->rd_shut)
		ev |= TFO_POLLIN;
	if ((ep->flags & EPF_SYNCED) && !(ep->flags & EPF_FIN_QUEUED) &&
	    ep->sndq.len < ep->h->s.sndbuf && ep->state != TFO_CLOSED)
		ev |= TFO_POLLOUT;
	if (s->err || (!s->err_seen && ep->last_error))
		ev |= TFO_POLLERR;
	if (ep->state == TFO_CLOSED && (ep->flags & EPF_WAS_OPEN))
		ev |= TFO_POLLHUP | TFO_POLLIN;
	return ev;
}

TFO_EXPORT int tfo_sock_poll(tfo_host *h, int fd)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (s->kind == SK_LISTEN)
		return s->l->acc_head ? TFO_POLLIN : 0;
	if (s->kind == SK_CONN)
		return conn_poll(s);
	return TFO_POLLOUT | TFO_POLLHUP; /* Linux: an unconnected TCP socket */
}

TFO_EXPORT int tfo_sock_info(tfo_host *h, int fd, tfo_endpoint_info *info)
{
	struct sock *s = get(h, fd);

	if (!s)
		return TFO_ERR_BADF;
	if (s->kind != SK_CONN || !info)
		return TFO_ERR_NOTCONN;
	tfo_endpoint_get_info(s->ep, info);
	return 0;
}

TFO_EXPORT tfo_endpoint *tfo_sock_endpoint(tfo_host *h, int fd)
{
	struct sock *s = get(h, fd);

	return s && s->kind == SK_CONN ? s->ep : NULL;
}

TFO_EXPORT int tfo_sock_fd(const tfo_endpoint *ep)
{
	return ep && ep->fd >= 0 ? ep->fd : TFO_ERR_BADF;
}

TFO_EXPORT int tfo_sock_listener_fd(const tfo_listener *l)
{
	return l && l->fd >= 0 ? l->fd : TFO_ERR_BADF;
}
