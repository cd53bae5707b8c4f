/*
 * The runner: walks the events in order in virtual time. Timers fire as
 * time reaches them; packets the model sends wait in a queue for the >
 * lines; blocking calls wait in r->pend and are retried whenever the
 * model moves. The first difference stops the run.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script_assert.h"
#include "script_run.h"
#include "script_shell.h"

int sr_fail(struct runner *r, int verdict, int line, const char *fmt, ...)
{
	char text[SR_MSG];
	va_list ap;

	if (r->verdict)
		return -1;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	r->verdict = verdict;
	r->line = line;
	snprintf(r->msg, sizeof(r->msg), "%.100s:%d: %.380s", r->name, line, text);
	return -1;
}

void sr_note(struct runner *r, const char *fmt, ...)
{
	char text[SR_MSG];
	va_list ap;

	if (!r->obs || !r->obs->note)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	r->obs->note(r->obs->user, r->now - r->base, text);
}

const char *sr_secs(const struct runner *r, tfo_time t, char *buf, size_t size)
{
	tfo_time d = t > r->base ? t - r->base : 0;

	snprintf(buf, size, "%llu.%06llu", (unsigned long long)(d / TFO_NS_PER_S),
	         (unsigned long long)(d % TFO_NS_PER_S / TFO_NS_PER_US));
	return buf;
}

tfo_time sr_tolerance(const struct runner *r, tfo_time t)
{
	uint64_t us = t > r->base ? (t - r->base) / TFO_NS_PER_US : 0;
	uint64_t pct = us * (uint64_t)r->cfg.tolerance_pct / UINT64_C(100000000);
	uint64_t tol = (uint64_t)r->cfg.tolerance_us > pct ? (uint64_t)r->cfg.tolerance_us : pct;

	return tol * TFO_NS_PER_US;
}

uint8_t *sr_scratch(struct runner *r, size_t n)
{
	if (n > r->buflen) {
		uint8_t *b = realloc(r->buf, n);

		if (!b)
			return NULL;
		r->buf = b;
		r->buflen = n;
	}
	memset(r->buf, 0, n);
	return r->buf;
}

static tfo_time next_deadline(const struct runner *r)
{
	tfo_time d = tfo_host_next_deadline(r->h);

	if (r->pend.active && r->pend.deadline && r->pend.deadline < d)
		d = r->pend.deadline;
	return d;
}

/* advance_to: fires every timer due up to t; a blocked call may return on the way. */
static int advance_to(struct runner *r, tfo_time t)
{
	tfo_time d;

	/* A blocked poll() times out on its own clock, between the host's timers. */
	while ((d = next_deadline(r)) <= t) {
		if (d > r->now)
			r->now = d;
		if (tfo_host_advance(r->h, r->now) == TFO_ERR_NOMEM)
			return r->nomem = 1, -1;
		if (r->pend.active && sys_retry(r))
			return -1;
	}
	if (t > r->now)
		r->now = t;
	return 0;
}

static tfo_time at_us(const struct runner *r, tfo_time from, int64_t us)
{
	int64_t ns = us * (int64_t)TFO_NS_PER_US;

	return (int64_t)from + ns < (int64_t)r->base ? r->base : (tfo_time)((int64_t)from + ns);
}

/* event_time: when an event is due, and for windows the latest time. */
static void event_time(const struct runner *r, const struct sc_time *tm, tfo_time *t,
                       tfo_time *t_end)
{
	switch (tm->kind) {
	case TIME_ABS:
		*t = at_us(r, r->base, tm->usecs);
		break;
	case TIME_REL:
		*t = at_us(r, r->last, tm->usecs);
		break;
	default:
		*t = r->last;
	}
	*t_end = *t;
	if (tm->blocking) /* T...E: E counts from where T counts from (packetdrill) */
		*t_end = at_us(r, tm->kind == TIME_REL ? r->last : r->base, tm->end_usecs);
	else if (tm->window)
		*t_end = at_us(r, tm->end_rel ? r->last : r->base, tm->end_usecs);
}

static int outbound(struct runner *r, struct sc_event *ev, tfo_time t, tfo_time t_end)
{
	tfo_time lo, hi, when = 0;

	if (ev->time.kind == TIME_ANY) {
		lo = r->last;
		hi = TFO_TIME_NEVER - 1;
	} else {
		lo = t > r->base + sr_tolerance(r, t) ? t - sr_tolerance(r, t) : r->base;
		hi = t_end + sr_tolerance(r, t_end);
	}
	if (advance_to(r, lo) || pkt_expect(r, ev, t, lo, hi, &when))
		return -1;
	if (ev->time.kind == TIME_ANY || ev->time.window)
		r->last = when;
	else
		r->last = t;
	if (when > r->now)
		r->now = when;
	return 0;
}

static void shell_note(void *user, const char *line)
{
	sr_note(user, "%s", line);
}

static int shell(struct runner *r, struct sc_event *ev)
{
	struct sh_ctx c = { .s = &r->set,
		            .ring = tfo_host_keyring(r->h),
		            .h = r->h,
		            .dir = r->dir,
		            .rmem2 = &r->rmem2,
		            .rmem_max = &r->rmem_max,
		            .window_scaling = &r->window_scaling,
		            .note = shell_note,
		            .user = r };
	char msg[300];
	int off = 0, rc;

	r->set = *tfo_host_settings(r->h);
	rc = sh_run(&c, ev->text, &off, msg, sizeof(msg));
	if (rc)
		return sr_fail(r, rc == SH_FAIL ? TFO_SCRIPT_FAIL : TFO_SCRIPT_ERROR,
		               ev->text_line + off, "error executing `%s` command: %s", "shell",
		               msg);
	if (tfo_host_set_settings(r->h, &r->set))
		return sr_fail(r, TFO_SCRIPT_FAIL, ev->line,
		               "error executing command: settings out of range");
	return 0;
}

static int code(struct runner *r, struct sc_event *ev)
{
	char msg[300];
	int off = 0, rc;

	if (!r->cur.valid)
		return sr_fail(r, TFO_SCRIPT_ERROR, ev->line,
		               "error executing code: no connection to take TCP_INFO from");
	rc = sa_run(ev->text, sys_info_lookup, r, &off, msg, sizeof(msg));
	if (rc == SA_PASS) {
		sr_note(r, "assert block passed");
		return 0;
	}
	return sr_fail(r, rc == SA_FAIL ? TFO_SCRIPT_FAIL : TFO_SCRIPT_ERROR, ev->text_line + off,
	               "error executing code: %s", msg);
}

static int syscall_event(struct runner *r, struct sc_event *ev, tfo_time t, tfo_time t_end)
{
	char a[32];

	if (advance_to(r, t))
		return -1;
	if (r->pend.active)
		return sr_fail(
		        r, TFO_SCRIPT_FAIL, r->pend.ev->line,
		        "timing error: blocking system call %s still running at %s sec, when "
		        "line %d starts",
		        r->pend.ev->call->name, sr_secs(r, r->now, a, sizeof(a)), ev->line);
	if (sys_call(r, ev))
		return -1;
	r->last = t;
	if (r->pend.active) {
		r->pend.end = t_end;
		return sys_retry(r); /* the call may be done already: it fails on timing then */
	}
	return 0;
}

static int one_event(struct runner *r, struct sc_event *ev)
{
	tfo_time t, t_end;

	event_time(r, &ev->time, &t, &t_end);
	switch (ev->kind) {
	case EV_PACKET:
		if (ev->pkt->dir == '>')
			return outbound(r, ev, t, t_end);
		if (advance_to(r, t) || pkt_inject(r, ev))
			return -1;
		r->last = t;
		return r->pend.active ? sys_retry(r) : 0;
	case EV_SYSCALL:
		return syscall_event(r, ev, t, t_end);
	case EV_SHELL:
		if (advance_to(r, t))
			return -1;
		r->last = t;
		return shell(r, ev);
	default:
		if (advance_to(r, t))
			return -1;
		r->last = t;
		return code(r, ev);
	}
}

/* finish: a call still blocked at the end must return in time. */
static int finish(struct runner *r)
{
	char a[32];

	if (!r->pend.active)
		return 0;
	if (advance_to(r, r->pend.end + sr_tolerance(r, r->pend.end)))
		return -1;
	if (!r->pend.active)
		return 0;
	return sr_fail(r, TFO_SCRIPT_FAIL, r->pend.ev->line,
	               "timing error: expected system call return at %s sec but it never returned",
	               sr_secs(r, r->pend.end, a, sizeof(a)));
}

int sr_walk(struct runner *r)
{
	for (size_t i = 0; i < r->sc->nev; i++)
		if (one_event(r, &r->sc->ev[i]))
			return -1;
	return finish(r);
}
