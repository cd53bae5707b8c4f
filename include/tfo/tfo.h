/*
 * libtfo: a sans-I/O TCP endpoint with TCP Fast Open (RFC 7413), and a
 * sans-I/O KCP endpoint (tfo/kcp.h) to compare it with.
 *
 * The one header to include. libtfo never reads a clock, never draws
 * randomness of its own and never does I/O: time, seeds and packets are
 * passed in, segments and events come out through callbacks.
 */
#ifndef TFO_TFO_H
#define TFO_TFO_H

#include <tfo/common.h>
#include <tfo/wire.h>
#include <tfo/cookie.h>
#include <tfo/endpoint.h>
#include <tfo/socket.h>
#include <tfo/pair.h>
#include <tfo/script.h>
#include <tfo/kcp.h>

#endif /* TFO_TFO_H */
