/* Linux's numbers for the names scripts use. */
#include <string.h>

#include <tfo/tfo.h>

#include "script_names.h"

static const struct sn_errno errnos[] = {
	{ "EPERM", 1, "Operation not permitted" },
	{ "ENOENT", 2, "No such file or directory" },
	{ "EINTR", 4, "Interrupted system call" },
	{ "EIO", 5, "Input/output error" },
	{ "EBADF", 9, "Bad file descriptor" },
	{ "EAGAIN", 11, "Resource temporarily unavailable" },
	{ "EWOULDBLOCK", 11, "Resource temporarily unavailable" },
	{ "ENOMEM", 12, "Cannot allocate memory" },
	{ "EACCES", 13, "Permission denied" },
	{ "EFAULT", 14, "Bad address" },
	{ "EBUSY", 16, "Device or resource busy" },
	{ "EINVAL", 22, "Invalid argument" },
	{ "EMFILE", 24, "Too many open files" },
	{ "EPIPE", 32, "Broken pipe" },
	{ "ENOTSOCK", 88, "Socket operation on non-socket" },
	{ "EDESTADDRREQ", 89, "Destination address required" },
	{ "EMSGSIZE", 90, "Message too long" },
	{ "EPROTOTYPE", 91, "Protocol wrong type for socket" },
	{ "ENOPROTOOPT", 92, "Protocol not available" },
	{ "EPROTONOSUPPORT", 93, "Protocol not supported" },
	{ "ESOCKTNOSUPPORT", 94, "Socket type not supported" },
	{ "EOPNOTSUPP", 95, "Operation not supported" },
	{ "EAFNOSUPPORT", 97, "Address family not supported by protocol" },
	{ "EADDRINUSE", 98, "Address already in use" },
	{ "EADDRNOTAVAIL", 99, "Cannot assign requested address" },
	{ "ENETUNREACH", 101, "Network is unreachable" },
	{ "ECONNABORTED", 103, "Software caused connection abort" },
	{ "ECONNRESET", 104, "Connection reset by peer" },
	{ "ENOBUFS", 105, "No buffer space available" },
	{ "EISCONN", 106, "Transport endpoint is already connected" },
	{ "ENOTCONN", 107, "Transport endpoint is not connected" },
	{ "ETIMEDOUT", 110, "Connection timed out" },
	{ "ECONNREFUSED", 111, "Connection refused" },
	{ "EHOSTUNREACH", 113, "No route to host" },
	{ "EALREADY", 114, "Operation already in progress" },
	{ "EINPROGRESS", 115, "Operation now in progress" },
	{ NULL, 0, NULL },
};

const struct sn_errno *sn_errno_by_name(const char *name)
{
	for (const struct sn_errno *e = errnos; e->name; e++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

const struct sn_errno *sn_errno_by_num(int num)
{
	for (const struct sn_errno *e = errnos; e->name; e++)
		if (e->num == num)
			return e;
	return NULL;
}

int sn_errno_of(int tfo_err)
{
	static const struct {
		int err, num;
	} map[] = {
		{ TFO_ERR_INPROGRESS, 115 },  { TFO_ERR_AGAIN, 11 },
		{ TFO_ERR_OPNOTSUPP, 95 },    { TFO_ERR_ALREADY, 114 },
		{ TFO_ERR_ISCONN, 106 },      { TFO_ERR_NOTCONN, 107 },
		{ TFO_ERR_CONNREFUSED, 111 }, { TFO_ERR_CONNRESET, 104 },
		{ TFO_ERR_TIMEDOUT, 110 },    { TFO_ERR_PIPE, 32 },
		{ TFO_ERR_ADDRINUSE, 98 },    { TFO_ERR_BADF, 9 },
		{ TFO_ERR_MFILE, 24 },        { TFO_ERR_NOTSOCK, 88 },
		{ TFO_ERR_ADDRNOTAVAIL, 99 }, { TFO_ERR_NOMEM, 12 },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].err == tfo_err)
			return map[i].num;
	return 22; /* EINVAL */
}

struct sn_const {
	const char *name;
	int64_t value;
};

static const struct sn_const consts[] = {
	{ "AF_UNSPEC", SN_AF_UNSPEC },
	{ "AF_INET", SN_AF_INET },
	{ "AF_INET6", SN_AF_INET6 },
	{ "PF_INET", SN_AF_INET },
	{ "PF_INET6", SN_AF_INET6 },
	{ "SOCK_STREAM", SN_SOCK_STREAM },
	{ "SOCK_DGRAM", 2 },
	{ "IPPROTO_IP", 0 },
	{ "IPPROTO_TCP", SN_IPPROTO_TCP },
	{ "IPPROTO_UDP", 17 },
	{ "SOL_SOCKET", SN_SOL_SOCKET },
	{ "SOL_TCP", SN_IPPROTO_TCP },
	{ "SOL_IP", 0 },
	{ "SO_REUSEADDR", 2 },
	{ "SO_ERROR", SN_SO_ERROR },
	{ "SO_SNDBUF", 7 },
	{ "SO_RCVBUF", 8 },
	{ "SO_KEEPALIVE", 9 },
	{ "SO_LINGER", 13 },
	{ "SO_REUSEPORT", 15 },
	{ "TCP_NODELAY", 1 },
	{ "TCP_MAXSEG", SN_TCP_MAXSEG },
	{ "TCP_CORK", 3 },
	{ "TCP_KEEPIDLE", 4 },
	{ "TCP_KEEPINTVL", 5 },
	{ "TCP_KEEPCNT", 6 },
	{ "TCP_SYNCNT", SN_TCP_SYNCNT },
	{ "TCP_DEFER_ACCEPT", 9 },
	{ "TCP_INFO", SN_TCP_INFO },
	{ "TCP_QUICKACK", 12 },
	{ "TCP_USER_TIMEOUT", 18 },
	{ "TCP_FASTOPEN", SN_TCP_FASTOPEN },
	{ "TCP_NOTSENT_LOWAT", 25 },
	{ "TCP_FASTOPEN_CONNECT", SN_TCP_FASTOPEN_CONNECT },
	{ "TCP_FASTOPEN_KEY", SN_TCP_FASTOPEN_KEY },
	{ "TCP_FASTOPEN_NO_COOKIE", 34 },
	{ "MSG_OOB", 1 },
	{ "MSG_PEEK", 2 },
	{ "MSG_DONTWAIT", SN_MSG_DONTWAIT },
	{ "MSG_WAITALL", 0x100 },
	{ "MSG_NOSIGNAL", 0x4000 },
	{ "MSG_MORE", 0x8000 },
	{ "MSG_FASTOPEN", SN_MSG_FASTOPEN },
	{ "F_GETFL", SN_F_GETFL },
	{ "F_SETFL", SN_F_SETFL },
	{ "O_RDONLY", 0 },
	{ "O_WRONLY", 1 },
	{ "O_RDWR", SN_O_RDWR },
	{ "O_NONBLOCK", SN_O_NONBLOCK },
	{ "SHUT_RD", 0 },
	{ "SHUT_WR", 1 },
	{ "SHUT_RDWR", 2 },
	{ "POLLIN", 0x001 },
	{ "POLLPRI", 0x002 },
	{ "POLLOUT", 0x004 },
	{ "POLLERR", 0x008 },
	{ "POLLHUP", 0x010 },
	{ "POLLNVAL", 0x020 },
	{ "POLLRDNORM", 0x040 },
	{ "POLLWRNORM", 0x100 },
	{ "POLLRDHUP", 0x2000 },
	{ "NULL", 0 },
	{ NULL, 0 },
};

static const struct sn_const info_consts[] = {
	{ "TCPI_OPT_TIMESTAMPS", 1 },
	{ "TCPI_OPT_SACK", 2 },
	{ "TCPI_OPT_WSCALE", 4 },
	{ "TCPI_OPT_ECN", 8 },
	{ "TCPI_OPT_ECN_SEEN", 16 },
	{ "TCPI_OPT_SYN_DATA", 32 },
	{ "TCPI_OPT_USEC_TS", 64 },
	{ "TCP_ESTABLISHED", 1 },
	{ "TCP_SYN_SENT", 2 },
	{ "TCP_SYN_RECV", 3 },
	{ "TCP_FIN_WAIT1", 4 },
	{ "TCP_FIN_WAIT2", 5 },
	{ "TCP_TIME_WAIT", 6 },
	{ "TCP_CLOSE", 7 },
	{ "TCP_CLOSE_WAIT", 8 },
	{ "TCP_LAST_ACK", 9 },
	{ "TCP_LISTEN", 10 },
	{ "TCP_CLOSING", 11 },
	{ "TCP_CA_Open", 0 },
	{ "TCP_CA_Disorder", 1 },
	{ "TCP_CA_CWR", 2 },
	{ "TCP_CA_Recovery", 3 },
	{ "TCP_CA_Loss", 4 },
	{ "TFO_STATUS_UNSPEC", 0 },
	{ "TFO_COOKIE_UNAVAILABLE", 1 },
	{ "TFO_DATA_NOT_ACKED", 2 },
	{ "TFO_SYN_RETRANSMITTED", 3 },
	{ NULL, 0 },
};

static int lookup(const struct sn_const *t, const char *name, int64_t *value)
{
	for (; t->name; t++) {
		if (!strcmp(t->name, name)) {
			*value = t->value;
			return 0;
		}
	}
	return -1;
}

int sn_constant(const char *name, int64_t *value)
{
	return lookup(consts, name, value);
}

int sn_info_constant(const char *name, int64_t *value)
{
	return lookup(info_consts, name, value);
}

int sn_linux_state(int s)
{
	switch (s) {
	case TFO_ESTABLISHED:
		return 1;
	case TFO_SYN_SENT:
		return 2;
	case TFO_SYN_RECEIVED:
		return 3;
	case TFO_FIN_WAIT_1:
		return 4;
	case TFO_FIN_WAIT_2:
		return 5;
	case TFO_TIME_WAIT:
		return 6;
	case TFO_CLOSE_WAIT:
		return 8;
	case TFO_LAST_ACK:
		return 9;
	case TFO_LISTEN:
		return 10;
	case TFO_CLOSING:
		return 11;
	default:
		return 7; /* TCP_CLOSE */
	}
}
