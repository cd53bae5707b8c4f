/* Error names and descriptions, and the library version. */
#include <tfo/common.h>

#include "tfo_config.h"

struct err_entry {
	int code;
	const char *name;
	const char *text;
};

static const struct err_entry errors[] = {
	{ TFO_OK, "TFO_OK", "success" },
	{ TFO_ERR_INVALID, "TFO_ERR_INVALID", "invalid argument" },
	{ TFO_ERR_NOMEM, "TFO_ERR_NOMEM", "out of memory" },
	{ TFO_ERR_NOBUF, "TFO_ERR_NOBUF", "output buffer too small" },
	{ TFO_ERR_NOSPACE, "TFO_ERR_NOSPACE", "no room left in the TCP option space" },
	{ TFO_ERR_UNSUPPORTED, "TFO_ERR_UNSUPPORTED", "not supported on this machine" },
	{ TFO_ERR_CRYPTO, "TFO_ERR_CRYPTO", "cryptographic library failure" },
	{ TFO_ERR_STATE, "TFO_ERR_STATE", "operation not valid in the current state" },
	{ TFO_ERR_REENTRANT, "TFO_ERR_REENTRANT", "called from inside the object's own callback" },
	{ TFO_ERR_TRUNCATED, "TFO_ERR_TRUNCATED",
	  "packet truncated before the end of its headers" },
	{ TFO_ERR_BAD_IP, "TFO_ERR_BAD_IP", "malformed IP header" },
	{ TFO_ERR_NOT_TCP, "TFO_ERR_NOT_TCP", "not a TCP packet" },
	{ TFO_ERR_BAD_OFFSET, "TFO_ERR_BAD_OFFSET", "bad TCP data offset" },
	{ TFO_ERR_FRAGMENT, "TFO_ERR_FRAGMENT", "IP fragment without a whole TCP header" },
	{ TFO_ERR_BAD_OPTION, "TFO_ERR_BAD_OPTION", "TCP option length overruns the header" },
	{ TFO_ERR_BAD_ADDR, "TFO_ERR_BAD_ADDR", "malformed address" },
	{ TFO_ERR_BAD_KEY, "TFO_ERR_BAD_KEY", "malformed key" },
	{ TFO_ERR_BAD_HEX, "TFO_ERR_BAD_HEX", "malformed hex string" },
	{ TFO_ERR_FAMILY, "TFO_ERR_FAMILY", "addresses of different families" },
	{ TFO_ERR_INPROGRESS, "EINPROGRESS", "operation now in progress" },
	{ TFO_ERR_AGAIN, "EAGAIN", "resource temporarily unavailable" },
	{ TFO_ERR_OPNOTSUPP, "EOPNOTSUPP", "operation not supported" },
	{ TFO_ERR_ALREADY, "EALREADY", "operation already in progress" },
	{ TFO_ERR_ISCONN, "EISCONN", "transport endpoint is already connected" },
	{ TFO_ERR_NOTCONN, "ENOTCONN", "transport endpoint is not connected" },
	{ TFO_ERR_CONNREFUSED, "ECONNREFUSED", "connection refused" },
	{ TFO_ERR_CONNRESET, "ECONNRESET", "connection reset by peer" },
	{ TFO_ERR_TIMEDOUT, "ETIMEDOUT", "connection timed out" },
	{ TFO_ERR_PIPE, "EPIPE", "broken pipe" },
	{ TFO_ERR_ADDRINUSE, "EADDRINUSE", "address already in use" },
	{ TFO_ERR_BADF, "EBADF", "bad descriptor" },
	{ TFO_ERR_MFILE, "EMFILE", "too many open descriptors" },
	{ TFO_ERR_NOTSOCK, "ENOTSOCK", "descriptor is not a socket of the right kind" },
	{ TFO_ERR_ADDRNOTAVAIL, "EADDRNOTAVAIL", "cannot assign requested address" },
	{ TFO_ERR_KCP_CONV, "TFO_ERR_KCP_CONV", "KCP segment of another conversation" },
	{ TFO_ERR_KCP_CMD, "TFO_ERR_KCP_CMD", "unknown KCP command" },
};

static const struct err_entry *find(int code)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].code == code)
			return &errors[i];
	return NULL;
}

TFO_EXPORT const char *tfo_strerror(int code)
{
	const struct err_entry *e = find(code);

	return e ? e->text : "unknown error";
}

TFO_EXPORT const char *tfo_errname(int code)
{
	const struct err_entry *e = find(code);

	return e ? e->name : "UNKNOWN";
}

TFO_EXPORT const char *tfo_version(void)
{
	return TFO_VERSION;
}
