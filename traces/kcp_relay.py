#!/usr/bin/env python3
"""A UDP relay that adds a fixed one-way delay (this kernel has no netem).

    kcp_relay.py LISTEN_ADDR LISTEN_PORT UP_BIND_ADDR UP_BIND_PORT SERVER_ADDR SERVER_PORT DELAY_MS

Datagrams from a client to LISTEN go to SERVER from UP_BIND after DELAY_MS;
the server's answers go back to the last client after DELAY_MS. Order is
kept (a fixed delay). Runs until killed.
"""
import heapq
import select
import socket
import sys
import time


def main():
    la, lp, ua, up, sa, sp, delay = sys.argv[1:8]
    delay = float(delay) / 1000.0
    down = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    down.bind((la, int(lp)))
    upsock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    upsock.bind((ua, int(up)))
    server = (sa, int(sp))
    client = None
    queue = []  # (due, seq, socket, addr, data)
    seq = 0
    while True:
        timeout = None
        if queue:
            timeout = max(0.0, queue[0][0] - time.monotonic())
        ready, _, _ = select.select([down, upsock], [], [], timeout)
        now = time.monotonic()
        for s in ready:
            data, addr = s.recvfrom(65535)
            if s is down:
                client = addr
                heapq.heappush(queue, (now + delay, seq, upsock, server, data))
            elif client is not None:
                heapq.heappush(queue, (now + delay, seq, down, client, data))
            seq += 1
        while queue and queue[0][0] <= time.monotonic():
            _, _, s, addr, data = heapq.heappop(queue)
            s.sendto(data, addr)


if __name__ == "__main__":
    main()
