/*
 * The assert evaluator: the Python that packetdrill's %{ }% blocks hold,
 * cut down to what TCP_INFO checks use: `assert EXPR [, MSG]` statements
 * over integers and names, with Python's operators and precedence
 * (comparisons chain and bind looser than & | ^), and/or/not, True,
 * False. Names are looked up through a callback (the TCP_INFO fields and
 * the TCPI_ and TCP_ constants).
 */
#ifndef SCRIPT_ASSERT_H
#define SCRIPT_ASSERT_H

#include <stddef.h>
#include <stdint.h>

/* Returns 0 with *value set, or -1 for an unknown name. */
typedef int (*sa_lookup)(void *user, const char *name, int64_t *value);

enum sa_result {
	SA_PASS = 0, /* every assert held */
	SA_FAIL = 1, /* an assert was false: msg says which */
	SA_ERROR = 2 /* not something this evaluator runs: msg says why */
};

/*
 * sa_run: runs the block's statements in order. *line gets the offset in
 * lines (from 0) of the statement that failed. Returns enum sa_result.
 */
int sa_run(const char *code, sa_lookup lookup, void *user, int *line, char *msg, size_t msgsz);

/*
 * sa_eval: the value of one expression (the shell interpreter's $((...))
 * uses it). Returns 0, or -1 with msg set.
 */
int sa_eval(const char *expr, sa_lookup lookup, void *user, int64_t *value, char *msg,
            size_t msgsz);

#endif /* SCRIPT_ASSERT_H */
