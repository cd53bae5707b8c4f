/*
 * The system-call layer: packetdrill's calls and argument forms over
 * libtfo's socket layer (<tfo/socket.h>). Arguments written "..." are
 * filled in (addresses from the run's configuration, buffers of zeros).
 * A call on a blocking socket that would block waits in r->pend and is
 * tried again each time the model moves.
 */
#include <stdio.h>
#include <string.h>

#include "script_names.h"
#include "script_run.h"

enum sys_op { OP_NONE, OP_ACCEPT, OP_CONNECT, OP_READ, OP_WRITE, OP_FASTOPEN, OP_POLL };

#define POLL_MAX 8

/* A call's outcome: ret >= 0, or ret -1 with a Linux errno. */
struct sys_res {
	int64_t ret;
	int err;
};

static int cannot(struct runner *r, struct sc_event *ev, const char *what)
{
	return sr_fail(r, TFO_SCRIPT_ERROR, ev->line, "%s call: %s", ev->call->name, what);
}

static int is_ellipsis(const struct sc_expr *x)
{
	return x && x->kind == X_ELLIPSIS;
}

/* ival: an integer argument: a number, a constant, a | b, or [n]. Returns 0 or -1. */
static int ival(const struct sc_expr *x, int64_t *v)
{
	int64_t a, b;

	if (!x)
		return -1;
	switch (x->kind) {
	case X_INT:
		*v = x->num;
		return 0;
	case X_IDENT:
		return sn_constant(x->text, v);
	case X_OR:
		if (ival(x->items[0], &a) || ival(x->items[1], &b))
			return -1;
		*v = a | b;
		return 0;
	case X_LIST:
		return x->n == 1 ? ival(x->items[0], v) : -1;
	default:
		return -1;
	}
}

static const struct sc_expr *arg(const struct sc_event *ev, size_t i)
{
	return i < ev->call->nargs ? ev->call->args[i] : NULL;
}

static int need_args(struct runner *r, struct sc_event *ev, size_t n)
{
	char m[64];

	if (ev->call->nargs == n)
		return 0;
	snprintf(m, sizeof(m), "takes %zu arguments, not %zu", n, ev->call->nargs);
	return cannot(r, ev, m);
}

static int int_arg(struct runner *r, struct sc_event *ev, size_t i, int64_t *v)
{
	char m[80];

	if (!ival(arg(ev, i), v))
		return 0;
	snprintf(m, sizeof(m), "argument %zu is not a number or a known constant", i + 1);
	return cannot(r, ev, m);
}

static int fd_arg(struct runner *r, struct sc_event *ev, int *fd)
{
	int64_t v;

	if (int_arg(r, ev, 0, &v))
		return -1;
	/* The script's descriptor names the one the model handed out for it. */
	*fd = v >= 0 && v < SR_FDS && r->fdmap[v] ? r->fdmap[v] : -1;
	return 0;
}

/*
 * new_fd: a descriptor socket() or accept() returned (model fd nfd, or an
 * error). As packetdrill does, the script's number names it from now on,
 * whatever number the model picked. Returns what the call returns.
 */
static int new_fd(struct runner *r, const struct sc_event *ev, int nfd)
{
	int64_t want = ev->call->ret;

	if (nfd < 0)
		return nfd;
	if (nfd < SR_FDS)
		memset(&r->fds[nfd], 0, sizeof(r->fds[nfd]));
	if (ev->call->ret_any || want < 0 || want >= SR_FDS)
		want = nfd < SR_FDS ? nfd : -1;
	if (want < 0)
		return nfd;
	r->fdmap[want] = nfd;
	return (int)want;
}

static struct sr_fd *fdinfo(struct runner *r, int fd)
{
	return fd >= 0 && fd < SR_FDS ? &r->fds[fd] : NULL;
}

static void set_res(struct sys_res *res, int rc)
{
	if (rc >= 0) {
		res->ret = rc;
		res->err = 0;
	} else {
		res->ret = -1;
		res->err = sn_errno_of(rc);
	}
}

static void set_err(struct sys_res *res, int err)
{
	res->ret = -1;
	res->err = err;
}

static const char *err_text(int err)
{
	const struct sn_errno *e = sn_errno_by_num(err);

	return e ? e->text : "Unknown error";
}

/* compare: the result against the line's "= N", "= -1 ERRNO" or "= -1". */
static int compare(struct runner *r, struct sc_event *ev, const struct sys_res *res)
{
	const struct sc_syscall *c = ev->call;
	const struct sn_errno *want = NULL;
	char got[120];

	sr_note(r, "%s() = %lld%s%s", c->name, (long long)res->ret, res->err ? " " : "",
	        res->err ? (sn_errno_by_num(res->err) ? sn_errno_by_num(res->err)->name : "?")
	                 : "");
	if (c->ret_any)
		return 0;
	if (c->errno_name) {
		want = sn_errno_by_name(c->errno_name);
		if (!want)
			return sr_fail(r, TFO_SCRIPT_ERROR, ev->line, "unknown errno name '%s'",
			               c->errno_name);
	}
	if (res->ret == c->ret && (!want || want->num == res->err))
		return 0;
	if (res->ret < 0)
		snprintf(got, sizeof(got), "-1 with errno %d (%s)", res->err, err_text(res->err));
	else
		snprintf(got, sizeof(got), "%lld", (long long)res->ret);
	if (want && res->ret == -1 && c->ret == -1)
		return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
		               "runtime error in %s call: Expected errno %d (%s) but got %d (%s)",
		               c->name, want->num, want->text, res->err, err_text(res->err));
	if (want)
		return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
		               "runtime error in %s call: Expected result %lld with errno %s (%s) "
		               "but got %s",
		               c->name, (long long)c->ret, want->name, want->text, got);
	return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
	               "runtime error in %s call: Expected result %lld but got %s", c->name,
	               (long long)c->ret, got);
}

static int has_fd(struct runner *r, int fd)
{
	return tfo_sock_poll(r->h, fd) >= 0;
}

static void local_addr(const struct runner *r, tfo_sockaddr *a, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	a->addr = r->cfg.local;
	a->port = port;
}

static void remote_addr(const struct runner *r, tfo_sockaddr *a)
{
	memset(a, 0, sizeof(*a));
	a->addr = r->cfg.remote;
	a->port = r->cfg.connect_port;
}

/* under_test: the connection of fd becomes the one packets and asserts refer to. */
static void under_test(struct runner *r, int fd, int active)
{
	tfo_endpoint *ep = tfo_sock_endpoint(r->h, fd);
	tfo_endpoint_info in;

	if (!ep)
		return;
	tfo_endpoint_get_info(ep, &in);
	memset(&r->cur, 0, sizeof(r->cur));
	r->cur.valid = 1;
	r->cur.active = active;
	r->cur.local = in.local;
	r->cur.remote = in.remote;
	r->cur.ep = ep;
	r->cur.state = in.state;
	if (in.state != TFO_SYN_SENT || in.snd_nxt != in.iss) {
		r->cur.know_isn = 1;
		r->cur.isn = in.iss;
	}
}

static int do_socket(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t dom = SN_AF_INET, type, proto = SN_IPPROTO_TCP;
	int fd;

	if (need_args(r, ev, 3))
		return -1;
	if (!is_ellipsis(arg(ev, 0)) && int_arg(r, ev, 0, &dom))
		return -1;
	if (int_arg(r, ev, 1, &type) || (!is_ellipsis(arg(ev, 2)) && int_arg(r, ev, 2, &proto)))
		return -1;
	if (dom != SN_AF_INET && dom != SN_AF_INET6)
		return set_err(res, 97), 0;
	if ((type & 0xf) != SN_SOCK_STREAM || (proto != 0 && proto != SN_IPPROTO_TCP))
		return set_err(res, 93), 0;
	fd = tfo_sock_open(r->h);
	if (fd >= 0 && fd < SR_FDS)
		r->fds[fd].nonblock = 0;
	set_res(res, new_fd(r, ev, fd));
	if (fd >= 0 && fd < SR_FDS)
		r->fds[fd].nonblock = (type & SN_O_NONBLOCK) != 0;
	return 0;
}

static int do_fcntl(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t cmd, flags = 0;
	int fd;

	if (ev->call->nargs < 2 || fd_arg(r, ev, &fd) || int_arg(r, ev, 1, &cmd))
		return ev->call->nargs < 2 ? cannot(r, ev, "takes 2 or 3 arguments") : -1;
	if (!has_fd(r, fd) || !fdinfo(r, fd))
		return set_err(res, 9), 0;
	if (cmd == SN_F_GETFL) {
		res->ret = SN_O_RDWR | (r->fds[fd].nonblock ? SN_O_NONBLOCK : 0);
		return 0;
	}
	if (cmd != SN_F_SETFL)
		return cannot(r, ev, "only F_GETFL and F_SETFL are modelled");
	if (need_args(r, ev, 3) || int_arg(r, ev, 2, &flags))
		return -1;
	r->fds[fd].nonblock = (flags & SN_O_NONBLOCK) != 0;
	res->ret = 0;
	return 0;
}

static int set_key(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	const struct sc_expr *v = arg(ev, 3);
	int64_t len;
	tfo_key k[2];

	if (!v || v->kind != X_STRING || int_arg(r, ev, 4, &len))
		return cannot(r, ev, "TCP_FASTOPEN_KEY takes a \"\\x..\" string and its length");
	if ((len != 16 && len != 32) || (int64_t)v->len < len)
		return set_err(res, 22), 0;
	for (int i = 0; i < (int)(len / 16); i++) {
		memcpy(k[i].bytes, v->text + 16 * i, 16);
		k[i].len = 16;
	}
	set_res(res, tfo_keyring_set(tfo_host_keyring(r->h), &k[0], len == 32 ? &k[1] : NULL));
	return 0;
}

static int tcp_opt(struct runner *r, struct sc_event *ev, int fd, int64_t name, int64_t v,
                   struct sys_res *res)
{
	switch (name) {
	case SN_TCP_FASTOPEN:
		set_res(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_FASTOPEN, (int)v));
		return 0;
	case SN_TCP_FASTOPEN_CONNECT:
		set_res(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, (int)v));
		return 0;
	case SN_TCP_SYNCNT:
		set_res(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_SYNCNT, (int)v));
		return 0;
	case SN_TCP_MAXSEG:
		set_res(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_MAXSEG, (int)v));
		return 0;
	default:
		sr_note(r, "setsockopt: TCP option %lld accepted, not modelled", (long long)name);
	}
	res->ret = 0;
	return 0;
}

static int do_setsockopt(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t level, name, v = 0;
	int fd;

	if (need_args(r, ev, 5) || fd_arg(r, ev, &fd) || int_arg(r, ev, 1, &level) ||
	    int_arg(r, ev, 2, &name))
		return -1;
	if (!has_fd(r, fd) || !fdinfo(r, fd))
		return set_err(res, 9), 0;
	if (level == SN_IPPROTO_TCP && name == SN_TCP_FASTOPEN_KEY)
		return set_key(r, ev, res);
	if (ival(arg(ev, 3), &v) && !is_ellipsis(arg(ev, 3)))
		return cannot(r, ev, "the option value is not a number");
	if (level == SN_SOL_SOCKET) {
		sr_note(r, "setsockopt: socket option %lld accepted, not modelled",
		        (long long)name);
		res->ret = 0;
		return 0;
	}
	if (level != SN_IPPROTO_TCP)
		return set_err(res, 92), 0;
	return tcp_opt(r, ev, fd, name, v, res);
}

static int optval_check(struct runner *r, struct sc_event *ev, int64_t got)
{
	int64_t want;

	if (is_ellipsis(arg(ev, 3)) || ival(arg(ev, 3), &want))
		return 0;
	if (want == got)
		return 0;
	return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
	               "runtime error in getsockopt call: Bad getsockopt optval: expected: %lld "
	               "actual: %lld",
	               (long long)want, (long long)got);
}

static int do_getsockopt(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t level, name;
	int fd, v = 0, rc = 0;

	if (need_args(r, ev, 5) || fd_arg(r, ev, &fd) || int_arg(r, ev, 1, &level) ||
	    int_arg(r, ev, 2, &name))
		return -1;
	if (!has_fd(r, fd) || !fdinfo(r, fd))
		return set_err(res, 9), 0;
	if (level == SN_SOL_SOCKET && name == SN_SO_ERROR) {
		rc = tfo_sock_getsockopt(r->h, fd, TFO_SOCKOPT_ERROR, &v);
		v = v < 0 ? sn_errno_of(v) : v;
	} else if (level == SN_IPPROTO_TCP && name == SN_TCP_FASTOPEN) {
		rc = tfo_sock_getsockopt(r->h, fd, TFO_SOCKOPT_FASTOPEN, &v);
	} else if (level == SN_IPPROTO_TCP && name == SN_TCP_FASTOPEN_CONNECT) {
		rc = tfo_sock_getsockopt(r->h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, &v);
	} else if (level == SN_IPPROTO_TCP && name == SN_TCP_SYNCNT) {
		rc = tfo_sock_getsockopt(r->h, fd, TFO_SOCKOPT_SYNCNT, &v);
	} else if (level == SN_IPPROTO_TCP && name == SN_TCP_MAXSEG) {
		rc = tfo_sock_getsockopt(r->h, fd, TFO_SOCKOPT_MAXSEG, &v);
	} else if (level == SN_IPPROTO_TCP && name == SN_TCP_INFO) {
		res->ret = 0;
		return 0;
	} else {
		return cannot(r, ev,
		              "only SO_ERROR, TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_SYNCNT, "
		              "TCP_MAXSEG and TCP_INFO are read");
	}
	set_res(res, rc);
	return rc ? 0 : optval_check(r, ev, v);
}

static int do_bind(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	tfo_sockaddr a;
	int fd, rc;

	if (need_args(r, ev, 3) || fd_arg(r, ev, &fd))
		return -1;
	if (!is_ellipsis(arg(ev, 1)))
		return cannot(r, ev, "the address must be ... (the run's local address)");
	local_addr(r, &a, r->cfg.bind_port);
	rc = tfo_sock_bind(r->h, fd, &a);
	if (rc == 0 && fdinfo(r, fd))
		r->listen_addr = a;
	set_res(res, rc);
	return 0;
}

static int do_listen(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t backlog;
	int fd, rc;

	if (need_args(r, ev, 2) || fd_arg(r, ev, &fd) || int_arg(r, ev, 1, &backlog))
		return -1;
	rc = tfo_sock_listen(r->h, fd, (int)(backlog > 65535 ? 65535 : backlog));
	if (rc == 0) {
		r->have_listen = 1;
		if (fdinfo(r, fd))
			r->fds[fd].listening = 1;
	}
	set_res(res, rc);
	return 0;
}

/* blocks: whether fd is a blocking socket for this call (MSG_DONTWAIT aside). */
static int blocks(struct runner *r, int fd, int64_t msgflags)
{
	struct sr_fd *f = fdinfo(r, fd);

	return f && !f->nonblock && !(msgflags & SN_MSG_DONTWAIT);
}

static void wait_for(struct runner *r, struct sc_event *ev, int op, int fd, size_t len, size_t done)
{
	struct sr_pending *p = &r->pend;

	memset(p, 0, sizeof(*p));
	p->active = 1;
	p->ev = ev;
	p->op = op;
	p->fd = fd;
	p->len = len;
	p->done = done;
	p->start = r->now;
}

static int do_accept(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int fd, rc;

	if (need_args(r, ev, 3) || fd_arg(r, ev, &fd))
		return -1;
	rc = tfo_sock_accept(r->h, r->now, fd, NULL);
	if (rc == TFO_ERR_AGAIN && blocks(r, fd, 0))
		return wait_for(r, ev, OP_ACCEPT, fd, 0, 0), 1;
	set_res(res, new_fd(r, ev, rc));
	return 0;
}

/* bind_implicit: a socket connects from the run's local address, as the kernel picks it. */
static int bind_implicit(struct runner *r, int fd)
{
	tfo_sockaddr a;
	int rc;

	local_addr(r, &a, 0);
	rc = tfo_sock_bind(r->h, fd, &a);
	return rc == TFO_ERR_INVALID ? 0 : rc;
}

static int addr_arg(struct runner *r, struct sc_event *ev, size_t i, tfo_sockaddr *a)
{
	const struct sc_expr *x = arg(ev, i);
	int64_t v;

	if (is_ellipsis(x)) {
		remote_addr(r, a);
		return 0;
	}
	if (!ival(x, &v) && v == 0) /* NULL, or AF_UNSPEC */
		return 1;
	return cannot(r, ev, "the address must be ..., NULL or AF_UNSPEC");
}

static int do_connect(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	tfo_sockaddr a;
	int fd, rc;

	if (need_args(r, ev, 3) || fd_arg(r, ev, &fd))
		return -1;
	rc = addr_arg(r, ev, 1, &a);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return cannot(r, ev, "connect to AF_UNSPEC (disconnect) is not modelled");
	rc = bind_implicit(r, fd);
	if (!rc)
		rc = tfo_sock_connect(r->h, r->now, fd, &a);
	if (rc == 0 || rc == TFO_ERR_INPROGRESS) {
		if (!tfo_sock_endpoint(r->h, fd) || r->cur.ep != tfo_sock_endpoint(r->h, fd))
			under_test(r, fd, 1);
	}
	if (rc == TFO_ERR_INPROGRESS && blocks(r, fd, 0))
		return wait_for(r, ev, OP_CONNECT, fd, 0, 0), 1;
	set_res(res, rc);
	return 0;
}

/* write_some: the blocking or non-blocking write of len bytes. */
static int write_some(struct runner *r, struct sc_event *ev, int fd, size_t len, int64_t flags,
                      struct sys_res *res)
{
	uint8_t *buf = sr_scratch(r, len ? len : 1);
	int rc;

	if (!buf)
		return r->nomem = 1, -1;
	rc = tfo_sock_write(r->h, r->now, fd, buf, len);
	if (blocks(r, fd, flags) && (rc == TFO_ERR_AGAIN || (rc >= 0 && (size_t)rc < len))) {
		wait_for(r, ev, OP_WRITE, fd, len, rc > 0 ? (size_t)rc : 0);
		return 1;
	}
	set_res(res, rc);
	return 0;
}

static int fastopen(struct runner *r, struct sc_event *ev, int fd, size_t len, int64_t flags,
                    const tfo_sockaddr *a, struct sys_res *res)
{
	uint8_t *buf = sr_scratch(r, len ? len : 1);
	int rc;

	if (!buf)
		return r->nomem = 1, -1;
	rc = bind_implicit(r, fd);
	if (!rc)
		rc = tfo_sock_sendto(r->h, r->now, fd, buf, len, TFO_MSG_FASTOPEN, a);
	if ((rc >= 0 || rc == TFO_ERR_INPROGRESS) && tfo_sock_endpoint(r->h, fd) &&
	    r->cur.ep != tfo_sock_endpoint(r->h, fd))
		under_test(r, fd, 1);
	if ((rc >= 0 || rc == TFO_ERR_INPROGRESS) && blocks(r, fd, flags)) {
		/* Linux waits for the handshake, then sends the rest (tcp_sendmsg_fastopen()). */
		wait_for(r, ev, OP_FASTOPEN, fd, len, rc > 0 ? (size_t)rc : 0);
		return 1;
	}
	set_res(res, rc);
	return 0;
}

static int send_common(struct runner *r, struct sc_event *ev, int fd, const struct sc_expr *buf,
                       int64_t len, int64_t flags, size_t addr_i, struct sys_res *res)
{
	tfo_sockaddr a;
	int rc;

	if (len < 0 || len > (1 << 24))
		return cannot(r, ev, "the length is out of range");
	if (buf && !is_ellipsis(buf) && buf->kind != X_STRING) {
		int64_t v;

		if (ival(buf, &v) || v != 0)
			return cannot(r, ev, "the buffer must be ... or NULL");
		/* Linux copies late: a Fast Open SYN without room for data never faults
		 * (EINPROGRESS), one that would carry it falls back to a SYN without data. */
		if (len > 0 && !(flags & SN_MSG_FASTOPEN))
			return set_err(res, 14), 0; /* EFAULT */
		len = 0;
	}
	if (flags & ~(int64_t)(SN_MSG_FASTOPEN | SN_MSG_DONTWAIT | 0x4000 | 0x8000))
		return set_err(res, 95), 0;
	if (!(flags & SN_MSG_FASTOPEN))
		return write_some(r, ev, fd, (size_t)len, flags, res);
	rc = addr_i ? addr_arg(r, ev, addr_i, &a) : (remote_addr(r, &a), 0);
	if (rc < 0)
		return -1;
	if (rc == 1) /* MSG_FASTOPEN without an address: Linux says EDESTADDRREQ */
		return set_err(res, 89), 0;
	return fastopen(r, ev, fd, (size_t)len, flags, &a, res);
}

static int do_sendto(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t len, flags;
	int fd;

	if (need_args(r, ev, 6) || fd_arg(r, ev, &fd) || int_arg(r, ev, 2, &len) ||
	    int_arg(r, ev, 3, &flags))
		return -1;
	return send_common(r, ev, fd, arg(ev, 1), len, flags, 4, res);
}

static int do_send(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t len, flags = 0;
	int fd;
	int is_write = !strcmp(ev->call->name, "write");

	if (need_args(r, ev, is_write ? 3 : 4) || fd_arg(r, ev, &fd) || int_arg(r, ev, 2, &len) ||
	    (!is_write && int_arg(r, ev, 3, &flags)))
		return -1;
	return send_common(r, ev, fd, arg(ev, 1), len, flags, 0, res);
}

/* field_of: the value of name=value in a struct, or NULL. */
static const struct sc_expr *field_of(const struct sc_expr *s, const char *name)
{
	for (size_t i = 0; s && s->kind == X_STRUCT && i < s->n; i++)
		if (s->items[i]->kind == X_FIELD && !strcmp(s->items[i]->text, name))
			return s->items[i]->items[1];
	return NULL;
}

static int do_sendmsg(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	const struct sc_expr *msg = arg(ev, 1), *iov, *name;
	int64_t flags, len = 0;
	int fd;

	if (need_args(r, ev, 3) || fd_arg(r, ev, &fd) || int_arg(r, ev, 2, &flags))
		return -1;
	iov = field_of(msg, "msg_iov");
	name = field_of(msg, "msg_name");
	if (!iov || iov->kind != X_LIST)
		return cannot(r, ev, "the message needs msg_iov(N)=[{..., LEN}, ...]");
	for (size_t i = 0; i < iov->n; i++) {
		const struct sc_expr *e = iov->items[i];
		int64_t l;

		if (e->kind != X_STRUCT || e->n != 2 || ival(e->items[1], &l) || l < 0)
			return cannot(r, ev, "each msg_iov entry is {..., LEN}");
		len += l;
	}
	if (flags & SN_MSG_FASTOPEN) {
		tfo_sockaddr a;

		if (name && !is_ellipsis(name))
			return set_err(res, 89), 0;
		if (!name)
			return set_err(res, 89), 0;
		remote_addr(r, &a);
		return fastopen(r, ev, fd, (size_t)len, flags, &a, res);
	}
	return send_common(r, ev, fd, NULL, len, flags, 0, res);
}

static int do_read(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t len, flags = 0;
	uint8_t *buf;
	int fd, rc;
	int is_read = !strcmp(ev->call->name, "read");

	if (need_args(r, ev, is_read ? 3 : 4) || fd_arg(r, ev, &fd) || int_arg(r, ev, 2, &len) ||
	    (!is_read && int_arg(r, ev, 3, &flags)))
		return -1;
	if (len < 0 || len > (1 << 24))
		return cannot(r, ev, "the length is out of range");
	buf = sr_scratch(r, len ? (size_t)len : 1);
	if (!buf)
		return r->nomem = 1, -1;
	rc = tfo_sock_read(r->h, r->now, fd, buf, (size_t)len);
	if (rc == TFO_ERR_AGAIN && blocks(r, fd, flags))
		return wait_for(r, ev, OP_READ, fd, (size_t)len, 0), 1;
	set_res(res, rc);
	return 0;
}

static int do_close(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int fd, rc;

	if (need_args(r, ev, 1) || fd_arg(r, ev, &fd))
		return -1;
	rc = tfo_sock_close(r->h, r->now, fd);
	if (rc == 0 && fdinfo(r, fd)) {
		int64_t v;

		memset(&r->fds[fd], 0, sizeof(r->fds[fd]));
		if (!ival(arg(ev, 0), &v) && v >= 0 && v < SR_FDS)
			r->fdmap[v] = 0;
	}
	set_res(res, rc);
	return 0;
}

static int do_shutdown(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t how;
	int fd;

	if (need_args(r, ev, 2) || fd_arg(r, ev, &fd) || int_arg(r, ev, 1, &how))
		return -1;
	set_res(res, tfo_sock_shutdown(r->h, r->now, fd, (int)how));
	return 0;
}

/* poll(): Linux's bits; RDNORM and WRNORM go with IN and OUT (tcp_poll()). */
#define SN_POLLIN 0x001
#define SN_POLLOUT 0x004
#define SN_POLLERR 0x008
#define SN_POLLHUP 0x010
#define SN_POLLRDNORM 0x040
#define SN_POLLWRNORM 0x100

struct poll_req {
	int fd; /* the model's */
	int64_t events, want;
	int has_want;
};

static int poll_args(struct runner *r, struct sc_event *ev, struct poll_req *pr, size_t *n,
                     int64_t *timeout)
{
	const struct sc_expr *list = arg(ev, 0);

	if (need_args(r, ev, 3) || int_arg(r, ev, 2, timeout))
		return -1;
	if (!list || list->kind != X_LIST || list->n > POLL_MAX)
		return cannot(r, ev, "the first argument is [{fd=N, events=E, revents=R}, ...]");
	*n = list->n;
	for (size_t i = 0; i < list->n; i++) {
		const struct sc_expr *fd = field_of(list->items[i], "fd");
		const struct sc_expr *evs = field_of(list->items[i], "events");
		const struct sc_expr *rev = field_of(list->items[i], "revents");
		int64_t v;

		if (!fd || ival(fd, &v) || !evs || ival(evs, &pr[i].events))
			return cannot(r, ev, "each entry needs fd= and events=");
		pr[i].fd = v >= 0 && v < SR_FDS && r->fdmap[v] ? r->fdmap[v] : -1;
		pr[i].has_want = rev && !is_ellipsis(rev);
		if (pr[i].has_want && ival(rev, &pr[i].want))
			return cannot(r, ev, "revents is not a number or known constant");
	}
	return 0;
}

/* poll_ready: what poll() reports for one entry now (POLLNVAL 0x20 for a bad fd). */
static int64_t poll_ready(struct runner *r, const struct poll_req *pr)
{
	int ready = tfo_sock_poll(r->h, pr->fd);
	int64_t bits;

	if (ready < 0)
		return 0x20;
	bits = ready & (SN_POLLIN | SN_POLLOUT | SN_POLLERR | SN_POLLHUP);
	if (ready & SN_POLLIN)
		bits |= SN_POLLRDNORM;
	if (ready & SN_POLLOUT)
		bits |= SN_POLLWRNORM;
	return bits & (pr->events | SN_POLLERR | SN_POLLHUP);
}

/* poll_now: the count of ready entries, their revents checked. 0: none ready. */
static int poll_now(struct runner *r, struct sc_event *ev, int final, struct sys_res *res)
{
	struct poll_req pr[POLL_MAX];
	int64_t timeout, got[POLL_MAX];
	size_t n = 0;
	int count = 0;

	if (poll_args(r, ev, pr, &n, &timeout))
		return -1;
	for (size_t i = 0; i < n; i++) {
		got[i] = poll_ready(r, &pr[i]);
		count += got[i] != 0;
	}
	if (!count && !final)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (pr[i].has_want && pr[i].want != got[i])
			return sr_fail(
			        r, TFO_SCRIPT_FAIL, ev->line,
			        "runtime error in poll call: Expected revents 0x%llx but got "
			        "revents 0x%llx for entry %zu",
			        (unsigned long long)pr[i].want, (unsigned long long)got[i], i);
	res->ret = count;
	return 1;
}

static int do_poll(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	struct poll_req pr[POLL_MAX];
	int64_t timeout;
	size_t n = 0;
	int rc;

	if (poll_args(r, ev, pr, &n, &timeout))
		return -1;
	rc = poll_now(r, ev, timeout == 0, res);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	wait_for(r, ev, OP_POLL, -1, 0, 0);
	r->pend.deadline =
	        timeout < 0 ? TFO_TIME_NEVER : r->now + (tfo_time)timeout * TFO_NS_PER_MS;
	return 1;
}

struct sys_entry {
	const char *name;
	int (*run)(struct runner *r, struct sc_event *ev, struct sys_res *res);
};

static const struct sys_entry calls[] = {
	{ "socket", do_socket },
	{ "fcntl", do_fcntl },
	{ "setsockopt", do_setsockopt },
	{ "getsockopt", do_getsockopt },
	{ "bind", do_bind },
	{ "listen", do_listen },
	{ "accept", do_accept },
	{ "connect", do_connect },
	{ "sendto", do_sendto },
	{ "send", do_send },
	{ "write", do_send },
	{ "sendmsg", do_sendmsg },
	{ "read", do_read },
	{ "recv", do_read },
	{ "close", do_close },
	{ "shutdown", do_shutdown },
	{ "poll", do_poll },
	{ NULL, NULL },
};

int sys_call(struct runner *r, struct sc_event *ev)
{
	struct sys_res res = { 0, 0 };

	for (const struct sys_entry *e = calls; e->name; e++) {
		int rc;

		if (strcmp(e->name, ev->call->name))
			continue;
		rc = e->run(r, ev, &res);
		if (rc < 0)
			return -1;
		if (rc == 1)
			return 0; /* blocked: r->pend */
		return compare(r, ev, &res);
	}
	return sr_fail(r, TFO_SCRIPT_ERROR, ev->line, "unknown system call '%s'", ev->call->name);
}

/* retry_op: one more try of the pending call. Returns 1 still blocked, 0 done (res set),
 * -1 failed (the verdict is set). */
static int retry_op(struct runner *r, struct sr_pending *p, struct sys_res *res)
{
	tfo_sockaddr a;
	uint8_t *buf = sr_scratch(r, p->len > p->done ? p->len - p->done : 1);
	int rc;

	if (!buf)
		return r->nomem = 1, set_err(res, 12), 0;
	switch (p->op) {
	case OP_POLL:
		rc = poll_now(r, p->ev, r->now >= p->deadline, res);
		return rc < 0 ? -1 : rc == 0;
	case OP_ACCEPT:
		rc = tfo_sock_accept(r->h, r->now, p->fd, NULL);
		if (rc == TFO_ERR_AGAIN)
			return 1;
		set_res(res, new_fd(r, p->ev, rc));
		return 0;
	case OP_READ:
		rc = tfo_sock_read(r->h, r->now, p->fd, buf, p->len);
		if (rc == TFO_ERR_AGAIN)
			return 1;
		set_res(res, rc);
		return 0;
	case OP_CONNECT:
	case OP_FASTOPEN:
		remote_addr(r, &a);
		rc = tfo_sock_connect(r->h, r->now, p->fd, &a);
		if (rc == TFO_ERR_ALREADY)
			return 1;
		if (p->op == OP_CONNECT || (rc != 0 && rc != TFO_ERR_ISCONN)) {
			set_res(res, p->op == OP_FASTOPEN && p->done ? (int)p->done : rc);
			return 0;
		}
		p->op = OP_WRITE; /* the rest of the data, as a blocking write */
		__attribute__((fallthrough));
	default:
		if (p->done == p->len) {
			set_res(res, (int)p->done);
			return 0;
		}
		rc = tfo_sock_write(r->h, r->now, p->fd, buf, p->len - p->done);
		if (rc >= 0)
			p->done += (size_t)rc;
		if (rc == TFO_ERR_AGAIN || (rc >= 0 && p->done < p->len))
			return 1;
		set_res(res, rc < 0 && p->done ? (int)p->done : (rc < 0 ? rc : (int)p->done));
		return 0;
	}
}

int sys_retry(struct runner *r)
{
	struct sr_pending *p = &r->pend;
	struct sys_res res = { 0, 0 };
	char a[32], b[32], c[32];
	int rc;
	tfo_time lo, hi, tol = (tfo_time)r->cfg.tolerance_us * TFO_NS_PER_US;

	if (!p->active)
		return 0;
	rc = retry_op(r, p, &res);
	if (rc < 0 || r->nomem)
		return -1;
	if (rc)
		return 0;
	p->active = 0;
	if (compare(r, p->ev, &res))
		return -1;
	lo = p->end > tol ? p->end - tol : 0;
	hi = p->end + tol;
	if (r->now < lo || r->now > hi)
		return sr_fail(
		        r, TFO_SCRIPT_FAIL, p->ev->line,
		        "timing error: expected system call return at %s sec but happened at "
		        "%s sec; tolerance %s sec",
		        sr_secs(r, p->end, a, sizeof(a)), sr_secs(r, r->now, b, sizeof(b)),
		        sr_secs(r, r->base + tol, c, sizeof(c)));
	return 0;
}
