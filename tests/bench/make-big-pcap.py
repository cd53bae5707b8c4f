#!/usr/bin/env python3
"""Writes a large classic pcap by repeating the real traces in traces/
with shifted ports and times, for measuring tfosim replay's throughput.

Usage: make-big-pcap.py TRACES-DIR OUT.pcap SIZE-MB

Only ports and times change: the loopback captures carry the bare
pseudo-header sum as TCP checksum, which ports are not part of, so the
packets stay valid."""
import glob
import struct
import sys


def records(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack("<I", data[:4])
    assert magic == 0xA1B2C3D4, path
    pos, out = 24, []
    while pos + 16 <= len(data):
        sec, usec, caplen, length = struct.unpack("<IIII", data[pos:pos + 16])
        out.append((sec * 1000000 + usec, bytearray(data[pos + 16:pos + 16 + caplen]), length))
        pos += 16 + caplen
    return out


def tcp_offset(frame):
    v = frame[14] >> 4
    return 14 + (frame[14] & 15) * 4 if v == 4 else 14 + 40


def main():
    traces, out_path, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
    packets, conns = [], {}
    for path in sorted(glob.glob(traces + "/*.pcap")):
        recs = records(path)
        t0 = recs[0][0]
        for t, frame, length in recs:
            off = tcp_offset(frame)
            ports = struct.unpack(">HH", frame[off:off + 4])
            # Each original connection (its client port) gets its own slot.
            key = (path, max(ports))
            conns.setdefault(key, len(conns))
            packets.append((t - t0, frame, length, conns[key]))
    limit = size_mb << 20
    written, rep, t_base = 24, 0, 1700000000 * 1000000
    with open(out_path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        while written < limit:
            chunk = []
            for dt, frame, length, slot in packets:
                n = rep * len(conns) + slot
                cport = 32768 + n % 28000
                sport = 1024 + (n // 28000) % 30000
                f = bytearray(frame)
                off = tcp_offset(f)
                src, dst = struct.unpack(">HH", f[off:off + 4])
                if src < dst:  # the server's port is the lower one in these traces
                    src, dst = sport, cport
                else:
                    src, dst = cport, sport
                struct.pack_into(">HH", f, off, src, dst)
                t = t_base + dt
                chunk.append(struct.pack("<IIII", t // 1000000, t % 1000000, len(f), length))
                chunk.append(bytes(f))
            # Traces of one repetition keep their relative times; the next
            # repetition starts 2 s later.
            blob = b"".join(chunk)
            out.write(blob)
            written += len(blob)
            t_base += 2000000
            rep += 1
    print(f"{out_path}: {written >> 20} MB, {rep} repetitions of {len(packets)} packets")


main()
