#!/usr/bin/env python3
"""The two ends of the echo workload carried through kcptun.

    kcp_echo.py server PORT                 a TCP echo server on 127.0.0.1:PORT
    kcp_echo.py client PORT COUNT EVERY_MS  sends COUNT 8-byte messages (number,
                                            send time in ms) to 127.0.0.1:PORT,
                                            EVERY_MS apart, reads the echoes and
                                            prints one JSON line: count, mean, p50,
                                            p99 and max echo latency in ms
"""
import json
import socket
import struct
import sys
import threading
import time


def server(port):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", port))
    ls.listen(4)
    while True:
        c, _ = ls.accept()
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=echo, args=(c,), daemon=True).start()


def echo(c):
    while True:
        data = c.recv(65536)
        if not data:
            c.close()
            return
        c.sendall(data)


def client(port, count, every_ms):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    start = time.monotonic()
    lat = []

    def reader():
        buf = b""
        while len(lat) < count:
            data = s.recv(65536)
            if not data:
                return
            buf += data
            while len(buf) >= 8:
                _, sent = struct.unpack("<II", buf[:8])
                buf = buf[8:]
                lat.append(int((time.monotonic() - start) * 1000) - sent)

    t = threading.Thread(target=reader)
    t.start()
    for i in range(count):
        due = start + i * every_ms / 1000.0
        time.sleep(max(0.0, due - time.monotonic()))
        s.sendall(struct.pack("<II", i, int((time.monotonic() - start) * 1000)))
    t.join(timeout=60)
    s.close()
    lat.sort()
    n = len(lat)
    out = {"count": n}
    if n:
        out.update(mean_ms=round(sum(lat) / n, 1), p50_ms=lat[(n * 50 + 99) // 100 - 1],
                   p99_ms=lat[(n * 99 + 99) // 100 - 1], max_ms=lat[-1])
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(int(sys.argv[2]))
    else:
        client(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
