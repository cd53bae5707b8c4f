/*
 * System-call arguments and results: reading packetdrill's argument
 * forms (numbers, constants, A|B, [n], {name=value}, ...), the script's
 * descriptors, setting and comparing a call's result, and parking a call
 * that blocks. Shared by the system-call layer and poll().
 */
#ifndef SCRIPT_ARGS_H
#define SCRIPT_ARGS_H

#include "script_run.h"

enum sys_op { OP_NONE, OP_ACCEPT, OP_CONNECT, OP_READ, OP_WRITE, OP_FASTOPEN, OP_POLL };

#define POLL_MAX 8

/* A call's outcome: ret >= 0, or ret -1 with a Linux errno. */
struct sys_res {
	int64_t ret;
	int err;
};

/* arg_cannot: the call cannot be run (verdict 2), saying what. Returns -1. */
int arg_cannot(struct runner *r, struct sc_event *ev, const char *what);

/* arg_is_ellipsis: x is "...". */
int arg_is_ellipsis(const struct sc_expr *x);

/* arg_value: an integer argument: a number, a constant, a | b, or [n]. Returns 0 or -1. */
int arg_value(const struct sc_expr *x, int64_t *v);

/* arg_at: the i-th argument, or NULL. */
const struct sc_expr *arg_at(const struct sc_event *ev, size_t i);

/* arg_need: exactly n arguments, else arg_cannot. Returns 0 or -1. */
int arg_need(struct runner *r, struct sc_event *ev, size_t n);

/* arg_int: the i-th argument as an integer, else arg_cannot. Returns 0 or -1. */
int arg_int(struct runner *r, struct sc_event *ev, size_t i, int64_t *v);

/* arg_fd: the first argument, a script descriptor, as the model's (-1: none). Returns 0 or -1. */
int arg_fd(struct runner *r, struct sc_event *ev, int *fd);

/* arg_new_fd: names a descriptor socket() or accept() made (see script_args.c). */
int arg_new_fd(struct runner *r, const struct sc_event *ev, int nfd);

/* arg_fdinfo: what the runner keeps for a model descriptor, or NULL. */
struct sr_fd *arg_fdinfo(struct runner *r, int fd);

/* arg_field: the value of name=value in a {...} struct, or NULL. */
const struct sc_expr *arg_field(const struct sc_expr *s, const char *name);

/*
 * arg_format: appends sep and the argument as the script wrote it (strings
 * shown by length) to buf at offset n. Returns the new offset (at most size).
 */
size_t arg_format(const struct sc_expr *x, char *buf, size_t size, size_t n, const char *sep);

/* res_set: a socket-layer return (count or TFO_ERR_*) as Linux's. */
void res_set(struct sys_res *res, int rc);

/* res_err: -1 with a Linux errno. */
void res_err(struct sys_res *res, int err);

/* res_compare: the result against the line's "= N", "= -1 ERRNO", "= -1" or "= ...". Returns 0 or
 * -1. */
int res_compare(struct runner *r, struct sc_event *ev, const struct sys_res *res);

/* call_wait: parks the call in r->pend (op: enum sys_op) until the model lets it return. */
void call_wait(struct runner *r, struct sc_event *ev, int op, int fd, size_t len, size_t done);

/* poll() (script_poll.c): the call, and its retry while parked. */
int sys_poll(struct runner *r, struct sc_event *ev, struct sys_res *res);
/* sys_poll_now: 1 done (res set), 0 nothing ready yet, -1 failed. final: the timeout is over. */
int sys_poll_now(struct runner *r, struct sc_event *ev, int final, struct sys_res *res);

#endif /* SCRIPT_ARGS_H */
