/*
 * libtfo: shared definitions (export macro, error codes, time, allocator).
 *
 * Include <tfo/tfo.h>, not this file.
 */
#ifndef TFO_COMMON_H
#define TFO_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TFO_BUILDING_LIBRARY) && defined(__GNUC__)
#define TFO_EXPORT __attribute__((visibility("default")))
#else
#define TFO_EXPORT
#endif

/*
 * Virtual time in nanoseconds. libtfo never reads a clock: every entry
 * point that needs the time takes it as an argument.
 */
typedef uint64_t tfo_time;

/* "No deadline": what next-deadline queries return when no timer is armed. */
#define TFO_TIME_NEVER UINT64_MAX

#define TFO_NS_PER_US UINT64_C(1000)
#define TFO_NS_PER_MS UINT64_C(1000000)
#define TFO_NS_PER_S UINT64_C(1000000000)

/*
 * Error codes. Every fallible function returns 0 (or a non-negative count)
 * on success and one of these on failure. The errno-like group mirrors the
 * errno a Linux socket call would report in the same situation, so that
 * scripts written against Linux read naturally.
 */
enum tfo_error {
	TFO_OK = 0,

	/* Generic */
	TFO_ERR_INVALID = -1,     /* an argument is out of range or inconsistent */
	TFO_ERR_NOMEM = -2,       /* the allocator returned NULL */
	TFO_ERR_NOBUF = -3,       /* the caller's output buffer is too small */
	TFO_ERR_NOSPACE = -4,     /* no room left in the 40-byte option space */
	TFO_ERR_UNSUPPORTED = -5, /* not available on this machine or build */
	TFO_ERR_CRYPTO = -6,      /* libsodium failed to initialise or to compute */
	TFO_ERR_STATE = -7,       /* the object is in a state where this call makes no sense */
	TFO_ERR_REENTRANT = -8,   /* called from inside one of the object's own callbacks */

	/* Decoding outside input */
	TFO_ERR_TRUNCATED = -20,  /* fewer bytes than the headers need */
	TFO_ERR_BAD_IP = -21,     /* IP version, header length or total length is impossible */
	TFO_ERR_NOT_TCP = -22,    /* the IP payload is not TCP */
	TFO_ERR_BAD_OFFSET = -23, /* TCP data offset below 5 or past the end of the packet */
	TFO_ERR_FRAGMENT = -24,   /* a non-first IP fragment, or a first one too short for TCP */
	TFO_ERR_BAD_OPTION = -25, /* a TCP option's length is below 2 or overruns the header */
	TFO_ERR_BAD_ADDR = -26,   /* an address or address:port string does not parse */
	TFO_ERR_BAD_KEY = -27,    /* a key string is not in the xxxxxxxx-xxxxxxxx-... form */
	TFO_ERR_BAD_HEX = -28,    /* a hex string has odd length, a non-hex digit or wrong size */
	TFO_ERR_FAMILY = -29,     /* IPv4 and IPv6 addresses mixed where one family is needed */

	/* Socket-like layer: named after the errno Linux returns */
	TFO_ERR_INPROGRESS = -40,   /* EINPROGRESS: the connection is being set up */
	TFO_ERR_AGAIN = -41,        /* EAGAIN: nothing to read/accept, or the send buffer is full */
	TFO_ERR_OPNOTSUPP = -42,    /* EOPNOTSUPP: Fast Open not enabled for this use */
	TFO_ERR_ALREADY = -43,      /* EALREADY: a connect is already in progress */
	TFO_ERR_ISCONN = -44,       /* EISCONN: already connected */
	TFO_ERR_NOTCONN = -45,      /* ENOTCONN: not connected */
	TFO_ERR_CONNREFUSED = -46,  /* ECONNREFUSED: RST in answer to our SYN */
	TFO_ERR_CONNRESET = -47,    /* ECONNRESET: the peer reset the connection */
	TFO_ERR_TIMEDOUT = -48,     /* ETIMEDOUT: retransmissions exhausted */
	TFO_ERR_PIPE = -49,         /* EPIPE: writing after shutdown or close */
	TFO_ERR_ADDRINUSE = -50,    /* EADDRINUSE: the local address/port is taken */
	TFO_ERR_BADF = -51,         /* EBADF: no such descriptor */
	TFO_ERR_MFILE = -52,        /* EMFILE: descriptor table full */
	TFO_ERR_NOTSOCK = -53,      /* ENOTSOCK-like: descriptor of the wrong kind */
	TFO_ERR_ADDRNOTAVAIL = -54, /* EADDRNOTAVAIL: no ephemeral port left */

	/* KCP (tfo/kcp.h) */
	TFO_ERR_KCP_CONV = -60, /* a KCP segment of another conversation */
	TFO_ERR_KCP_CMD = -61   /* a KCP segment whose cmd is none of the four */
};

/*
 * tfo_strerror: a short human-readable description of an error code.
 * Returns a static string; unknown codes give "unknown error".
 */
TFO_EXPORT const char *tfo_strerror(int code);

/*
 * tfo_errname: the symbolic name of an error code: "TFO_ERR_NOMEM", or the
 * errno name ("EINPROGRESS") for the socket-layer group. Unknown codes give
 * "UNKNOWN". Returns a static string.
 */
TFO_EXPORT const char *tfo_errname(int code);

/*
 * A per-instance allocator. Every object that allocates takes one, so a
 * test can fail the N-th allocation and check that the call returns
 * TFO_ERR_NOMEM and leaves nothing behind. Both functions get `user` back.
 * libtfo never calls realloc; it zeroes what it needs zeroed itself.
 */
typedef struct tfo_allocator {
	void *(*malloc)(size_t size, void *user);
	void (*free)(void *ptr, void *user);
	void *user;
} tfo_allocator;

/* tfo_allocator_default: the C library's allocator. Never NULL. */
TFO_EXPORT const tfo_allocator *tfo_allocator_default(void);

/* The library's version, "MAJOR.MINOR.PATCH". */
TFO_EXPORT const char *tfo_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TFO_COMMON_H */
