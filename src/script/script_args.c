/* System-call arguments and results: packetdrill's forms read, results set and compared. */
#include <stdio.h>
#include <string.h>

#include "script_args.h"
#include "script_names.h"

int arg_cannot(struct runner *r, struct sc_event *ev, const char *what)
{
	return sr_fail(r, TFO_SCRIPT_ERROR, ev->line, "%s call: %s", ev->call->name, what);
}

int arg_is_ellipsis(const struct sc_expr *x)
{
	return x && x->kind == X_ELLIPSIS;
}

/* ival: an integer argument: a number, a constant, a | b, or [n]. Returns 0 or -1. */
int arg_value(const struct sc_expr *x, int64_t *v)
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
		if (arg_value(x->items[0], &a) || arg_value(x->items[1], &b))
			return -1;
		*v = a | b;
		return 0;
	case X_LIST:
		return x->n == 1 ? arg_value(x->items[0], v) : -1;
	default:
		return -1;
	}
}

const struct sc_expr *arg_at(const struct sc_event *ev, size_t i)
{
	return i < ev->call->nargs ? ev->call->args[i] : NULL;
}

int arg_need(struct runner *r, struct sc_event *ev, size_t n)
{
	char m[64];

	if (ev->call->nargs == n)
		return 0;
	snprintf(m, sizeof(m), "takes %zu arguments, not %zu", n, ev->call->nargs);
	return arg_cannot(r, ev, m);
}

int arg_int(struct runner *r, struct sc_event *ev, size_t i, int64_t *v)
{
	char m[80];

	if (!arg_value(arg_at(ev, i), v))
		return 0;
	snprintf(m, sizeof(m), "argument %zu is not a number or a known constant", i + 1);
	return arg_cannot(r, ev, m);
}

int arg_fd(struct runner *r, struct sc_event *ev, int *fd)
{
	int64_t v;

	if (arg_int(r, ev, 0, &v))
		return -1;
	/* The script's descriptor names the one the model handed out for it. */
	*fd = v >= 0 && v < SR_FDS && r->fdmap[v] ? r->fdmap[v] : -1;
	return 0;
}

/*
 * arg_new_fd: a descriptor socket() or accept() returned (model fd nfd, or an
 * error). As packetdrill does, the script's number names it from now on,
 * whatever number the model picked. Returns what the call returns.
 */
int arg_new_fd(struct runner *r, const struct sc_event *ev, int nfd)
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

struct sr_fd *arg_fdinfo(struct runner *r, int fd)
{
	return fd >= 0 && fd < SR_FDS ? &r->fds[fd] : NULL;
}

void res_set(struct sys_res *res, int rc)
{
	if (rc >= 0) {
		res->ret = rc;
		res->err = 0;
	} else {
		res->ret = -1;
		res->err = sn_errno_of(rc);
	}
}

void res_err(struct sys_res *res, int err)
{
	res->ret = -1;
	res->err = err;
}

static const char *res_errtext(int err)
{
	const struct sn_errno *e = sn_errno_by_num(err);

	return e ? e->text : "Unknown error";
}

size_t arg_format(const struct sc_expr *x, char *buf, size_t size, size_t n, const char *sep)
{
	if (n >= size)
		return n;
	n += (size_t)snprintf(buf + n, size - n, "%s", sep);
	if (n >= size || !x)
		return n < size ? n : size;
	switch (x->kind) {
	case X_ELLIPSIS:
		n += (size_t)snprintf(buf + n, size - n, "...");
		break;
	case X_INT:
		n += (size_t)snprintf(buf + n, size - n, "%lld", (long long)x->num);
		break;
	case X_IDENT:
		n += (size_t)snprintf(buf + n, size - n, "%s", x->text);
		break;
	case X_STRING:
		n += (size_t)snprintf(buf + n, size - n, "\"...\"(%zu bytes)", x->len);
		break;
	case X_OR:
		n = arg_format(x->items[0], buf, size, n, "");
		n = arg_format(x->items[1], buf, size, n, "|");
		break;
	case X_FIELD:
		n += (size_t)snprintf(buf + n, size - n, "%s", x->text);
		if (x->items[0]) {
			n = arg_format(x->items[0], buf, size, n, "(");
			if (n < size)
				n += (size_t)snprintf(buf + n, size - n, ")");
		}
		n = arg_format(x->items[1], buf, size, n, "=");
		break;
	default: /* [...] and {...} */
		n += (size_t)snprintf(buf + n, size - n, "%c", x->kind == X_LIST ? '[' : '{');
		for (size_t i = 0; i < x->n; i++)
			n = arg_format(x->items[i], buf, size, n, i ? ", " : "");
		if (n < size)
			n += (size_t)snprintf(buf + n, size - n, "%c",
			                      x->kind == X_LIST ? ']' : '}');
	}
	return n < size ? n : size;
}

/* compare: the result against the line's "= N", "= -1 ERRNO" or "= -1". */
int res_compare(struct runner *r, struct sc_event *ev, const struct sys_res *res)
{
	const struct sc_syscall *c = ev->call;
	const struct sn_errno *want = NULL;
	char got[120];

	if (r->obs && r->obs->note) {
		char args[200];
		size_t n = 0;

		args[0] = '\0';
		for (size_t i = 0; i < c->nargs; i++)
			n = arg_format(c->args[i], args, sizeof(args), n, i ? ", " : "");
		sr_note(r, "%s(%s) = %lld%s%s", c->name, args, (long long)res->ret,
		        res->err ? " " : "",
		        res->err ? (sn_errno_by_num(res->err) ? sn_errno_by_num(res->err)->name
		                                              : "?")
		                 : "");
	}
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
		snprintf(got, sizeof(got), "-1 with errno %d (%s)", res->err,
		         res_errtext(res->err));
	else
		snprintf(got, sizeof(got), "%lld", (long long)res->ret);
	if (want && res->ret == -1 && c->ret == -1)
		return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
		               "runtime error in %s call: Expected errno %d (%s) but got %d (%s)",
		               c->name, want->num, want->text, res->err, res_errtext(res->err));
	if (want)
		return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
		               "runtime error in %s call: Expected result %lld with errno %s (%s) "
		               "but got %s",
		               c->name, (long long)c->ret, want->name, want->text, got);
	return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
	               "runtime error in %s call: Expected result %lld but got %s", c->name,
	               (long long)c->ret, got);
}

/* field_of: the value of name=value in a struct, or NULL. */
const struct sc_expr *arg_field(const struct sc_expr *s, const char *name)
{
	for (size_t i = 0; s && s->kind == X_STRUCT && i < s->n; i++)
		if (s->items[i]->kind == X_FIELD && !strcmp(s->items[i]->text, name))
			return s->items[i]->items[1];
	return NULL;
}

void call_wait(struct runner *r, struct sc_event *ev, int op, int fd, size_t len, size_t done)
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
