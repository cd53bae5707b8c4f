/*
 * The system-call layer: packetdrill's calls and argument forms over
 * libtfo's socket layer (<tfo/socket.h>). Arguments written "..." are
 * filled in (addresses from the run's configuration, buffers of zeros).
 * A call on a blocking socket that would block waits in r->pend and is
 * tried again each time the model moves.
 */
#include <stdio.h>
#include <string.h>

#include "script_args.h"
#include "script_names.h"

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

	if (arg_need(r, ev, 3))
		return -1;
	if (!arg_is_ellipsis(arg_at(ev, 0)) && arg_int(r, ev, 0, &dom))
		return -1;
	if (arg_int(r, ev, 1, &type) ||
	    (!arg_is_ellipsis(arg_at(ev, 2)) && arg_int(r, ev, 2, &proto)))
		return -1;
	if (dom != SN_AF_INET && dom != SN_AF_INET6)
		return res_err(res, 97), 0;
	if ((type & 0xf) != SN_SOCK_STREAM || (proto != 0 && proto != SN_IPPROTO_TCP))
		return res_err(res, 93), 0;
	fd = tfo_sock_open(r->h);
	if (fd >= 0 && fd < SR_FDS)
		r->fds[fd].nonblock = 0;
	res_set(res, arg_new_fd(r, ev, fd));
	if (fd >= 0 && fd < SR_FDS)
		r->fds[fd].nonblock = (type & SN_O_NONBLOCK) != 0;
	return 0;
}

static int do_fcntl(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t cmd, flags = 0;
	int fd;

	if (ev->call->nargs < 2 || arg_fd(r, ev, &fd) || arg_int(r, ev, 1, &cmd))
		return ev->call->nargs < 2 ? arg_cannot(r, ev, "takes 2 or 3 arguments") : -1;
	if (!has_fd(r, fd) || !arg_fdinfo(r, fd))
		return res_err(res, 9), 0;
	if (cmd == SN_F_GETFL) {
		res->ret = SN_O_RDWR | (r->fds[fd].nonblock ? SN_O_NONBLOCK : 0);
		return 0;
	}
	if (cmd != SN_F_SETFL)
		return arg_cannot(r, ev, "only F_GETFL and F_SETFL are modelled");
	if (arg_need(r, ev, 3) || arg_int(r, ev, 2, &flags))
		return -1;
	r->fds[fd].nonblock = (flags & SN_O_NONBLOCK) != 0;
	res->ret = 0;
	return 0;
}

static int set_key(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	const struct sc_expr *v = arg_at(ev, 3);
	int64_t len;
	tfo_key k[2];

	if (!v || v->kind != X_STRING || arg_int(r, ev, 4, &len))
		return arg_cannot(r, ev,
		                  "TCP_FASTOPEN_KEY takes a \"\\x..\" string and its length");
	if ((len != 16 && len != 32) || (int64_t)v->len < len)
		return res_err(res, 22), 0;
	for (int i = 0; i < (int)(len / 16); i++) {
		memcpy(k[i].bytes, v->text + 16 * i, 16);
		k[i].len = 16;
	}
	res_set(res, tfo_keyring_set(tfo_host_keyring(r->h), &k[0], len == 32 ? &k[1] : NULL));
	return 0;
}

/* not_modelled: a -v note for an option the model takes and ignores. */
static void not_modelled(struct runner *r, struct sc_event *ev)
{
	char opt[64] = "";

	arg_format(arg_at(ev, 2), opt, sizeof(opt), 0, "");
	sr_note(r, "setsockopt: %s accepted, not modelled", opt);
}

static int tcp_opt(struct runner *r, struct sc_event *ev, int fd, int64_t name, int64_t v,
                   struct sys_res *res)
{
	switch (name) {
	case SN_TCP_FASTOPEN:
		res_set(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_FASTOPEN, (int)v));
		return 0;
	case SN_TCP_FASTOPEN_CONNECT:
		res_set(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_FASTOPEN_CONNECT, (int)v));
		return 0;
	case SN_TCP_SYNCNT:
		res_set(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_SYNCNT, (int)v));
		return 0;
	case SN_TCP_MAXSEG:
		res_set(res, tfo_sock_setsockopt(r->h, fd, TFO_SOCKOPT_MAXSEG, (int)v));
		return 0;
	default:
		not_modelled(r, ev);
	}
	res->ret = 0;
	return 0;
}

static int do_setsockopt(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t level, name, v = 0;
	int fd;

	if (arg_need(r, ev, 5) || arg_fd(r, ev, &fd) || arg_int(r, ev, 1, &level) ||
	    arg_int(r, ev, 2, &name))
		return -1;
	if (!has_fd(r, fd) || !arg_fdinfo(r, fd))
		return res_err(res, 9), 0;
	if (level == SN_IPPROTO_TCP && name == SN_TCP_FASTOPEN_KEY)
		return set_key(r, ev, res);
	if (arg_value(arg_at(ev, 3), &v) && !arg_is_ellipsis(arg_at(ev, 3)))
		return arg_cannot(r, ev, "the option value is not a number");
	if (level == SN_SOL_SOCKET) {
		not_modelled(r, ev);
		res->ret = 0;
		return 0;
	}
	if (level != SN_IPPROTO_TCP)
		return res_err(res, 92), 0;
	return tcp_opt(r, ev, fd, name, v, res);
}

static int optval_check(struct runner *r, struct sc_event *ev, int64_t got)
{
	int64_t want;

	if (arg_is_ellipsis(arg_at(ev, 3)) || arg_value(arg_at(ev, 3), &want))
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

	if (arg_need(r, ev, 5) || arg_fd(r, ev, &fd) || arg_int(r, ev, 1, &level) ||
	    arg_int(r, ev, 2, &name))
		return -1;
	if (!has_fd(r, fd) || !arg_fdinfo(r, fd))
		return res_err(res, 9), 0;
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
		return arg_cannot(r, ev,
		                  "only SO_ERROR, TCP_FASTOPEN, TCP_FASTOPEN_CONNECT, TCP_SYNCNT, "
		                  "TCP_MAXSEG and TCP_INFO are read");
	}
	res_set(res, rc);
	return rc ? 0 : optval_check(r, ev, v);
}

static int do_bind(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	tfo_sockaddr a;
	int fd, rc;

	if (arg_need(r, ev, 3) || arg_fd(r, ev, &fd))
		return -1;
	if (!arg_is_ellipsis(arg_at(ev, 1)))
		return arg_cannot(r, ev, "the address must be ... (the run's local address)");
	local_addr(r, &a, r->cfg.bind_port);
	rc = tfo_sock_bind(r->h, fd, &a);
	if (rc == 0 && arg_fdinfo(r, fd))
		r->listen_addr = a;
	res_set(res, rc);
	return 0;
}

static int do_listen(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t backlog;
	int fd, rc;

	if (arg_need(r, ev, 2) || arg_fd(r, ev, &fd) || arg_int(r, ev, 1, &backlog))
		return -1;
	rc = tfo_sock_listen(r->h, fd, (int)(backlog > 65535 ? 65535 : backlog));
	if (rc == 0)
		r->have_listen = 1;
	res_set(res, rc);
	return 0;
}

/* blocks: whether fd is a blocking socket for this call (MSG_DONTWAIT aside). */
static int blocks(struct runner *r, int fd, int64_t msgflags)
{
	struct sr_fd *f = arg_fdinfo(r, fd);

	return f && !f->nonblock && !(msgflags & SN_MSG_DONTWAIT);
}

static int do_accept(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int fd, rc;

	if (arg_need(r, ev, 3) || arg_fd(r, ev, &fd))
		return -1;
	rc = tfo_sock_accept(r->h, r->now, fd, NULL);
	if (rc == TFO_ERR_AGAIN && blocks(r, fd, 0))
		return call_wait(r, ev, OP_ACCEPT, fd, 0, 0), 1;
	res_set(res, arg_new_fd(r, ev, rc));
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
	const struct sc_expr *x = arg_at(ev, i);
	int64_t v;

	if (arg_is_ellipsis(x)) {
		remote_addr(r, a);
		return 0;
	}
	if (!arg_value(x, &v) && v == 0) /* NULL, or AF_UNSPEC */
		return 1;
	return arg_cannot(r, ev, "the address must be ..., NULL or AF_UNSPEC");
}

static int do_connect(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	tfo_sockaddr a;
	int fd, rc;

	if (arg_need(r, ev, 3) || arg_fd(r, ev, &fd))
		return -1;
	rc = addr_arg(r, ev, 1, &a);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return arg_cannot(r, ev, "connect to AF_UNSPEC (disconnect) is not modelled");
	rc = bind_implicit(r, fd);
	if (!rc)
		rc = tfo_sock_connect(r->h, r->now, fd, &a);
	if (rc == 0 || rc == TFO_ERR_INPROGRESS) {
		if (!tfo_sock_endpoint(r->h, fd) || r->cur.ep != tfo_sock_endpoint(r->h, fd))
			under_test(r, fd, 1);
	}
	if (rc == TFO_ERR_INPROGRESS && blocks(r, fd, 0))
		return call_wait(r, ev, OP_CONNECT, fd, 0, 0), 1;
	res_set(res, rc);
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
		call_wait(r, ev, OP_WRITE, fd, len, rc > 0 ? (size_t)rc : 0);
		return 1;
	}
	res_set(res, rc);
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
		call_wait(r, ev, OP_FASTOPEN, fd, len, rc > 0 ? (size_t)rc : 0);
		return 1;
	}
	res_set(res, rc);
	return 0;
}

static int send_common(struct runner *r, struct sc_event *ev, int fd, const struct sc_expr *buf,
                       int64_t len, int64_t flags, size_t addr_i, struct sys_res *res)
{
	tfo_sockaddr a;
	int rc;

	if (len < 0 || len > (1 << 24))
		return arg_cannot(r, ev, "the length is out of range");
	if (buf && !arg_is_ellipsis(buf) && buf->kind != X_STRING) {
		int64_t v;

		if (arg_value(buf, &v) || v != 0)
			return arg_cannot(r, ev, "the buffer must be ... or NULL");
		/* Linux copies late: a Fast Open SYN without room for data never faults
		 * (EINPROGRESS), one that would carry it falls back to a SYN without data. */
		if (len > 0 && !(flags & SN_MSG_FASTOPEN))
			return res_err(res, 14), 0; /* EFAULT */
		len = 0;
	}
	if (flags & ~(int64_t)(SN_MSG_FASTOPEN | SN_MSG_DONTWAIT | 0x4000 | 0x8000))
		return res_err(res, 95), 0;
	if (!(flags & SN_MSG_FASTOPEN))
		return write_some(r, ev, fd, (size_t)len, flags, res);
	rc = addr_i ? addr_arg(r, ev, addr_i, &a) : (remote_addr(r, &a), 0);
	if (rc < 0)
		return -1;
	if (rc == 1) /* MSG_FASTOPEN without an address: Linux says EDESTADDRREQ */
		return res_err(res, 89), 0;
	return fastopen(r, ev, fd, (size_t)len, flags, &a, res);
}

static int do_sendto(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t len, flags;
	int fd;

	if (arg_need(r, ev, 6) || arg_fd(r, ev, &fd) || arg_int(r, ev, 2, &len) ||
	    arg_int(r, ev, 3, &flags))
		return -1;
	return send_common(r, ev, fd, arg_at(ev, 1), len, flags, 4, res);
}

static int do_send(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t len, flags = 0;
	int fd;
	int is_write = !strcmp(ev->call->name, "write");

	if (arg_need(r, ev, is_write ? 3 : 4) || arg_fd(r, ev, &fd) || arg_int(r, ev, 2, &len) ||
	    (!is_write && arg_int(r, ev, 3, &flags)))
		return -1;
	return send_common(r, ev, fd, arg_at(ev, 1), len, flags, 0, res);
}

static int do_sendmsg(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	const struct sc_expr *msg = arg_at(ev, 1), *iov, *name;
	int64_t flags, len = 0;
	int fd;

	if (arg_need(r, ev, 3) || arg_fd(r, ev, &fd) || arg_int(r, ev, 2, &flags))
		return -1;
	iov = arg_field(msg, "msg_iov");
	name = arg_field(msg, "msg_name");
	if (!iov || iov->kind != X_LIST)
		return arg_cannot(r, ev, "the message needs msg_iov(N)=[{..., LEN}, ...]");
	for (size_t i = 0; i < iov->n; i++) {
		const struct sc_expr *e = iov->items[i];
		int64_t l;

		if (e->kind != X_STRUCT || e->n != 2 || arg_value(e->items[1], &l) || l < 0)
			return arg_cannot(r, ev, "each msg_iov entry is {..., LEN}");
		len += l;
	}
	if (flags & SN_MSG_FASTOPEN) {
		tfo_sockaddr a;

		if (name && !arg_is_ellipsis(name))
			return res_err(res, 89), 0;
		if (!name)
			return res_err(res, 89), 0;
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

	if (arg_need(r, ev, is_read ? 3 : 4) || arg_fd(r, ev, &fd) || arg_int(r, ev, 2, &len) ||
	    (!is_read && arg_int(r, ev, 3, &flags)))
		return -1;
	if (len < 0 || len > (1 << 24))
		return arg_cannot(r, ev, "the length is out of range");
	buf = sr_scratch(r, len ? (size_t)len : 1);
	if (!buf)
		return r->nomem = 1, -1;
	rc = tfo_sock_read(r->h, r->now, fd, buf, (size_t)len);
	if (rc == TFO_ERR_AGAIN && blocks(r, fd, flags))
		return call_wait(r, ev, OP_READ, fd, (size_t)len, 0), 1;
	res_set(res, rc);
	return 0;
}

static int do_close(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int fd, rc;

	if (arg_need(r, ev, 1) || arg_fd(r, ev, &fd))
		return -1;
	rc = tfo_sock_close(r->h, r->now, fd);
	if (rc == 0 && arg_fdinfo(r, fd)) {
		int64_t v;

		memset(&r->fds[fd], 0, sizeof(r->fds[fd]));
		if (!arg_value(arg_at(ev, 0), &v) && v >= 0 && v < SR_FDS)
			r->fdmap[v] = 0;
	}
	res_set(res, rc);
	return 0;
}

static int do_shutdown(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	int64_t how;
	int fd;

	if (arg_need(r, ev, 2) || arg_fd(r, ev, &fd) || arg_int(r, ev, 1, &how))
		return -1;
	res_set(res, tfo_sock_shutdown(r->h, r->now, fd, (int)how));
	return 0;
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
	{ "poll", sys_poll },
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
		return res_compare(r, ev, &res);
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
		return r->nomem = 1, res_err(res, 12), 0;
	switch (p->op) {
	case OP_POLL:
		rc = sys_poll_now(r, p->ev, r->now >= p->deadline, res);
		return rc < 0 ? -1 : rc == 0;
	case OP_ACCEPT:
		rc = tfo_sock_accept(r->h, r->now, p->fd, NULL);
		if (rc == TFO_ERR_AGAIN)
			return 1;
		res_set(res, arg_new_fd(r, p->ev, rc));
		return 0;
	case OP_READ:
		rc = tfo_sock_read(r->h, r->now, p->fd, buf, p->len);
		if (rc == TFO_ERR_AGAIN)
			return 1;
		res_set(res, rc);
		return 0;
	case OP_CONNECT:
	case OP_FASTOPEN:
		remote_addr(r, &a);
		rc = tfo_sock_connect(r->h, r->now, p->fd, &a);
		if (rc == TFO_ERR_ALREADY)
			return 1;
		if (p->op == OP_CONNECT || (rc != 0 && rc != TFO_ERR_ISCONN)) {
			res_set(res, p->op == OP_FASTOPEN && p->done ? (int)p->done : rc);
			return 0;
		}
		p->op = OP_WRITE; /* the rest of the data, as a blocking write */
		__attribute__((fallthrough));
	default:
		if (p->done == p->len) {
			res_set(res, (int)p->done);
			return 0;
		}
		rc = tfo_sock_write(r->h, r->now, p->fd, buf, p->len - p->done);
		if (rc >= 0)
			p->done += (size_t)rc;
		if (rc == TFO_ERR_AGAIN || (rc >= 0 && p->done < p->len))
			return 1;
		res_set(res, rc < 0 && p->done ? (int)p->done : (rc < 0 ? rc : (int)p->done));
		return 0;
	}
}

int sys_retry(struct runner *r)
{
	struct sr_pending *p = &r->pend;
	struct sys_res res = { 0, 0 };
	char a[32], b[32], c[32];
	int rc;
	tfo_time lo, hi, tol = sr_tolerance(r, p->end);

	if (!p->active)
		return 0;
	rc = retry_op(r, p, &res);
	if (rc < 0 || r->nomem)
		return -1;
	if (rc)
		return 0;
	p->active = 0;
	if (res_compare(r, p->ev, &res))
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
