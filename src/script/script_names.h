/*
 * The names scripts use, with Linux's values: errno names, numbers and
 * texts (include/uapi/asm-generic/errno*.h, strerror), the socket-API
 * constants of system call arguments, and the TCP_INFO constants of
 * asserts. Tables of facts, so that the runner never depends on the
 * build machine's headers.
 */
#ifndef SCRIPT_NAMES_H
#define SCRIPT_NAMES_H

#include <stdint.h>

struct sn_errno {
	const char *name;
	int num;
	const char *text;
};

/* sn_errno_by_name / sn_errno_by_num: the entry, or NULL. */
const struct sn_errno *sn_errno_by_name(const char *name);
const struct sn_errno *sn_errno_by_num(int num);

/* sn_errno_of: the Linux errno of a TFO_ERR_* code of the socket layer (EINVAL for others). */
int sn_errno_of(int tfo_err);

/* sn_constant: a socket-API symbol's value (SOCK_STREAM, TCP_FASTOPEN, MSG_FASTOPEN...). Returns 0
 * or -1. */
int sn_constant(const char *name, int64_t *value);

/* sn_info_constant: TCPI_OPT_*, TCP_ESTABLISHED..., TCP_CA_*. Returns 0 or -1. */
int sn_info_constant(const char *name, int64_t *value);

/* sn_linux_state: Linux's TCP state number (tcpi_state) of an enum tfo_state. */
int sn_linux_state(int tfo_state);

/* Linux values the syscall layer tests for. */
#define SN_AF_UNSPEC 0
#define SN_AF_INET 2
#define SN_AF_INET6 10
#define SN_SOCK_STREAM 1
#define SN_IPPROTO_TCP 6
#define SN_SOL_SOCKET 1
#define SN_SO_ERROR 4
#define SN_TCP_MAXSEG 2
#define SN_TCP_SYNCNT 7
#define SN_TCP_INFO 11
#define SN_TCP_FASTOPEN 23
#define SN_TCP_FASTOPEN_CONNECT 30
#define SN_TCP_FASTOPEN_KEY 33
#define SN_MSG_DONTWAIT 0x40
#define SN_MSG_FASTOPEN 0x20000000
#define SN_F_GETFL 3
#define SN_F_SETFL 4
#define SN_O_RDWR 2
#define SN_O_NONBLOCK 0x800

#endif /* SCRIPT_NAMES_H */
