#!/usr/bin/env python3
"""Tiny TCP Fast Open client/server used by make-traces.sh to drive Linux.

Every connection does the same small exchange:
    client -> server  b"hello!"
    server -> client  b"world!"
    client shuts down its side (FIN), server sees EOF and closes (FIN),
    client waits for that EOF, then closes.
The client waiting for the server's FIN makes "the client process has
exited" mean "the connection is fully done", so the driving script can
run visits strictly one after another.

Sub-commands
  server  listen (optionally with TCP_FASTOPEN qlen), serve --count
          connections one by one, then exit.
  client  one visit (one connection) using --api sendto|connect|plain.
  burst   several connections opened back to back before any answer is
          read (used by the qlen-overflow scenario).

Each finished connection appends one line to --log, e.g.
  client visit=2 api=sendto local=127.0.0.1:40312 syn_data_acked=1 fastopen_client_fail=0
  server conn=2 peer=127.0.0.1:40312 syn_data=1 end=fin
syn_data_acked / syn_data come from TCP_INFO tcpi_options & TCPI_OPT_SYN_DATA,
fastopen_client_fail from the 2-bit tcpi_fastopen_client_fail field
(0 unspec, 1 cookie unavailable, 2 data not acked, 3 SYN retransmitted).
"""

import argparse
import os
import socket
import struct
import sys
import time

REQUEST = b"hello!"
RESPONSE = b"world!"
TCP_FASTOPEN_CONNECT = 30  # linux/tcp.h; not exported by every Python
TCP_FASTOPEN_NO_COOKIE = 34  # linux/tcp.h: the listener accepts SYN data without a cookie
TCPI_OPT_SYN_DATA = 32
IO_TIMEOUT = 10.0


def family_of(name):
    return socket.AF_INET6 if name == "6" else socket.AF_INET


def tcp_info(sock):
    """Return (syn_data flag, fastopen_client_fail) from struct tcp_info."""
    raw = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    options = raw[5]
    # byte 7: delivery_rate_app_limited:1, fastopen_client_fail:2 (LSB first)
    fail = (raw[7] >> 1) & 0x3
    return int(bool(options & TCPI_OPT_SYN_DATA)), fail


def set_kernel_timeouts(sock, seconds):
    """Bound blocking calls without making the socket non-blocking.

    Python's settimeout() puts the descriptor in O_NONBLOCK mode, which
    changes what sendto(MSG_FASTOPEN) and connect() do (EINPROGRESS), so
    the kernel's SO_RCVTIMEO / SO_SNDTIMEO are used instead.
    """
    tv = struct.pack("@ll", int(seconds), 0)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, tv)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, tv)


def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise RuntimeError("peer closed early after %d bytes" % len(buf))
        buf += chunk
    return buf


def recv_until_eof(sock):
    extra = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return extra
        extra += chunk


def fmt_addr(addr):
    host, port = addr[0], addr[1]
    return ("[%s]:%d" % (host, port)) if ":" in host else ("%s:%d" % (host, port))


def log_line(path, line):
    with open(path, "a", encoding="ascii") as fh:
        fh.write(line + "\n")
    print(line, flush=True)


def wait_for_file(path, timeout):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for %s" % path)
        time.sleep(0.01)


def cmd_server(args):
    fam = family_of(args.family)
    lsock = socket.socket(fam, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((args.addr, args.port))
    if args.tfo_qlen > 0:
        lsock.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, args.tfo_qlen)
    if args.no_cookie:
        lsock.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN_NO_COOKIE, 1)
    lsock.listen(16)
    with open(args.ready, "w", encoding="ascii") as fh:
        fh.write("listening\n")
    lsock.settimeout(120)  # rst-held waits 62 s between visits
    for n in range(1, args.count + 1):
        if args.hold and n == args.hold_before:
            wait_for_file(args.hold, 30)
        conn, peer = lsock.accept()
        conn.setblocking(True)
        set_kernel_timeouts(conn, IO_TIMEOUT)
        req = recv_exact(conn, len(REQUEST))
        if req != REQUEST:
            raise RuntimeError("unexpected request %r" % req)
        syn_data, _ = tcp_info(conn)
        conn.sendall(RESPONSE)
        end = "fin"
        try:
            extra = recv_until_eof(conn)
        except ConnectionResetError:
            if not args.tolerate_reset:
                raise
            extra, end = b"", "rst"
        if extra:
            raise RuntimeError("unexpected extra bytes %r" % extra)
        conn.close()
        log_line(args.log, "server conn=%d peer=%s syn_data=%d end=%s"
                 % (n, fmt_addr(peer), syn_data, end))
    lsock.close()
    return 0


def open_connection(args, fam, dest, defer_ack=False):
    """Start one connection and send the request; return the socket."""
    sock = socket.socket(fam, socket.SOCK_STREAM)
    set_kernel_timeouts(sock, IO_TIMEOUT)
    if args.bind:
        sock.bind((args.bind, 0))
    if defer_ack:
        # On a client socket, TCP_DEFER_ACCEPT makes Linux delay the ACK that
        # completes the handshake (TCP_DELACK_MAX, 200 ms) when it has no data
        # to piggy-back it on.  Used to keep a Fast Open request pending.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 1)
    if args.api == "sendto":
        sent = sock.sendto(REQUEST, socket.MSG_FASTOPEN, dest)
        if sent < len(REQUEST):
            sock.sendall(REQUEST[sent:])
    elif args.api == "connect":
        sock.setsockopt(socket.IPPROTO_TCP, TCP_FASTOPEN_CONNECT, 1)
        sock.connect(dest)
        sock.sendall(REQUEST)
    else:
        sock.connect(dest)
        sock.sendall(REQUEST)
    return sock


def finish_connection(args, sock, label):
    resp = recv_exact(sock, len(RESPONSE))
    if resp != RESPONSE:
        raise RuntimeError("unexpected response %r" % resp)
    syn_data, fail = tcp_info(sock)
    local = fmt_addr(sock.getsockname())
    if args.close == "rst":
        # SO_LINGER with a zero timeout: close() sends a RST at once.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("@ii", 1, 0))
        sock.close()
        log_line(args.log, "client visit=%s api=%s local=%s syn_data_acked=%d "
                 "fastopen_client_fail=%d close=rst" % (label, args.api, local, syn_data, fail))
        return
    sock.shutdown(socket.SHUT_WR)
    extra = recv_until_eof(sock)
    if extra:
        raise RuntimeError("unexpected extra bytes %r" % extra)
    sock.close()
    log_line(args.log, "client visit=%s api=%s local=%s syn_data_acked=%d fastopen_client_fail=%d"
             % (label, args.api, local, syn_data, fail))


def cmd_client(args):
    fam = family_of(args.family)
    sock = open_connection(args, fam, (args.addr, args.port))
    finish_connection(args, sock, args.label)
    return 0


def cmd_burst(args):
    fam = family_of(args.family)
    dest = (args.addr, args.port)
    socks = []
    for i in range(args.n):
        socks.append(open_connection(args, fam, dest, defer_ack=(i == 0 and args.defer_first)))
    with open(args.sent, "w", encoding="ascii") as fh:
        fh.write("sent %d\n" % len(socks))
    first = int(args.label)
    for i, sock in enumerate(socks):
        finish_connection(args, sock, str(first + i))
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p):
        p.add_argument("--family", choices=["4", "6"], default="4")
        p.add_argument("--addr", default=None, help="server address (default 127.0.0.1 / ::1)")
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--log", required=True)

    ps = sub.add_parser("server")
    common(ps)
    ps.add_argument("--tfo-qlen", type=int, default=0,
                    help="TCP_FASTOPEN qlen on the listener; 0 = do not set the option")
    ps.add_argument("--count", type=int, required=True)
    ps.add_argument("--ready", required=True, help="file created once listening")
    ps.add_argument("--hold", default=None,
                    help="before accepting connection --hold-before, wait for this file")
    ps.add_argument("--hold-before", type=int, default=1)
    ps.add_argument("--no-cookie", action="store_true",
                    help="set TCP_FASTOPEN_NO_COOKIE on the listener")
    ps.add_argument("--tolerate-reset", action="store_true",
                    help="a client's RST ends its connection instead of failing the server")

    for name in ("client", "burst"):
        pc = sub.add_parser(name)
        common(pc)
        pc.add_argument("--api", choices=["sendto", "connect", "plain"], default="sendto")
        pc.add_argument("--bind", default=None, help="local address to bind before connecting")
        pc.add_argument("--label", default="1")
        pc.add_argument("--close", choices=["fin", "rst"], default="fin",
                        help="rst: after the response, close with a RST (SO_LINGER 0)")
        if name == "burst":
            pc.add_argument("--n", type=int, default=2)
            pc.add_argument("--defer-first", action="store_true",
                            help="delay the handshake ACK of the first connection")
            pc.add_argument("--sent", required=True, help="file created once all requests are sent")

    args = ap.parse_args(argv)
    if args.addr is None:
        args.addr = "::1" if args.family == "6" else "127.0.0.1"
    return {"server": cmd_server, "client": cmd_client, "burst": cmd_burst}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
