/*
 * poll() over the socket layer's readiness (tfo_sock_poll()): revents
 * compared when the script writes them; a timeout other than 0 parks the
 * call until an event or the timeout's end, on its own clock.
 */
#include <stdio.h>

#include "script_args.h"

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
	const struct sc_expr *list = arg_at(ev, 0);

	if (arg_need(r, ev, 3) || arg_int(r, ev, 2, timeout))
		return -1;
	if (!list || list->kind != X_LIST || list->n > POLL_MAX)
		return arg_cannot(r, ev,
		                  "the first argument is [{fd=N, events=E, revents=R}, ...]");
	*n = list->n;
	for (size_t i = 0; i < list->n; i++) {
		const struct sc_expr *fd = arg_field(list->items[i], "fd");
		const struct sc_expr *evs = arg_field(list->items[i], "events");
		const struct sc_expr *rev = arg_field(list->items[i], "revents");
		int64_t v;

		if (!fd || arg_value(fd, &v) || !evs || arg_value(evs, &pr[i].events))
			return arg_cannot(r, ev, "each entry needs fd= and events=");
		pr[i].fd = v >= 0 && v < SR_FDS && r->fdmap[v] ? r->fdmap[v] : -1;
		pr[i].has_want = rev && !arg_is_ellipsis(rev);
		if (pr[i].has_want && arg_value(rev, &pr[i].want))
			return arg_cannot(r, ev, "revents is not a number or known constant");
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
int sys_poll_now(struct runner *r, struct sc_event *ev, int final, struct sys_res *res)
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

int sys_poll(struct runner *r, struct sc_event *ev, struct sys_res *res)
{
	struct poll_req pr[POLL_MAX];
	int64_t timeout;
	size_t n = 0;
	int rc;

	if (poll_args(r, ev, pr, &n, &timeout))
		return -1;
	rc = sys_poll_now(r, ev, timeout == 0, res);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	call_wait(r, ev, OP_POLL, -1, 0, 0);
	r->pend.deadline =
	        timeout < 0 ? TFO_TIME_NEVER : r->now + (tfo_time)timeout * TFO_NS_PER_MS;
	return 1;
}
