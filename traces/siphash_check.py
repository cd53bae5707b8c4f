#!/usr/bin/env python3
"""Check the Linux TCP Fast Open cookies in the traces against SipHash-2-4.

Independent pure-Python SipHash-2-4, written from the description in
Aumasson & Bernstein, "SipHash: a fast short-input PRF" (2012):
  * key k = k0 || k1, two 64-bit little-endian words;
  * state v0..v3 = k0^"somepseu", k1^"dorandom", k0^"lygenera", k1^"tedbytes";
  * the message is cut into 64-bit little-endian words; the last word holds
    the remaining 0..7 bytes and, in its top byte, the message length mod 256;
  * each word m: v3 ^= m, c=2 SipRounds, v0 ^= m;
  * finalisation: v2 ^= 0xff, d=4 SipRounds, result v0^v1^v2^v3.

Linux (5.3+, net/ipv4/tcp_fastopen.c) makes the cookie as
    le64( siphash(saddr || daddr, key) )
over the addresses of the SYN (client -> server), 4+4 bytes for IPv4 and
16+16 for IPv6.  The sysctl key "g0-g1-g2-g3" (hex u32 groups) is stored
as four little-endian u32, so k0 = g0 | g1 << 32 and k1 = g2 | g3 << 32.

What this script does (exit status 0 only if everything agrees):
  1. known answers: the paper's test vector and two TFO vectors;
  2. for every scenario in manifest.txt, reads the pcap (plain libpcap
     format, Ethernet/cooked/raw link types), splits it into connections
     (in order of their first SYN), and checks that the observed
     syn / syn_data / synack / synack_acks fields equal the manifest's
     visit lines;
  3. every cookie a SYN-ACK carries equals siphash(primary key, client||server),
     and every cookie a SYN presents is valid (primary or backup) exactly
     when the server accepted the data (overflow visits excepted).

  python3 siphash_check.py [--dir DIR] [--manifest FILE] [--only NAME ...]
                                                check (all or some scenarios)
  python3 siphash_check.py --classify X.pcap    print observed visit fields
  python3 siphash_check.py --shape X.pcap       print one normalised line per
        packet (direction, flags, length, window, option kinds) with the
        run-dependent numbers left out; diff two runs' shapes to compare them
"""

import argparse
import ipaddress
import os
import struct
import sys

MASK = (1 << 64) - 1


def rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK


def sipround(v0, v1, v2, v3):
    v0 = (v0 + v1) & MASK
    v1 = rotl(v1, 13)
    v1 ^= v0
    v0 = rotl(v0, 32)
    v2 = (v2 + v3) & MASK
    v3 = rotl(v3, 16)
    v3 ^= v2
    v0 = (v0 + v3) & MASK
    v3 = rotl(v3, 21)
    v3 ^= v0
    v2 = (v2 + v1) & MASK
    v1 = rotl(v1, 17)
    v1 ^= v2
    v2 = rotl(v2, 32)
    return v0, v1, v2, v3


def siphash24(key16, msg):
    """SipHash-2-4 of bytes msg under a 16-byte key; returns a 64-bit int."""
    assert len(key16) == 16
    k0 = int.from_bytes(key16[0:8], "little")
    k1 = int.from_bytes(key16[8:16], "little")
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    full = len(msg) - (len(msg) % 8)
    words = [int.from_bytes(msg[i:i + 8], "little") for i in range(0, full, 8)]
    tail = msg[full:]
    words.append(int.from_bytes(tail, "little") | ((len(msg) & 0xFF) << 56))
    for m in words:
        v3 ^= m
        for _ in range(2):
            v0, v1, v2, v3 = sipround(v0, v1, v2, v3)
        v0 ^= m
    v2 ^= 0xFF
    for _ in range(4):
        v0, v1, v2, v3 = sipround(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def linux_key(text):
    """sysctl form a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4 -> 16 key bytes."""
    groups = text.split("-")
    if len(groups) != 4:
        raise ValueError("bad key %r" % text)
    return b"".join(struct.pack("<I", int(g, 16)) for g in groups)


def tfo_cookie(key_text, src, dst):
    """Linux TFO cookie (8 bytes, hex) for a SYN src -> dst."""
    msg = ipaddress.ip_address(src).packed + ipaddress.ip_address(dst).packed
    return siphash24(linux_key(key_text), msg).to_bytes(8, "little").hex()


# ----------------------------------------------------------------- pcap input

def read_pcap(path):
    """Yield (ts, l3 bytes, ethertype-ish family) for each packet."""
    with open(path, "rb") as fh:
        data = fh.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        endian = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = ">"
    else:
        raise ValueError("%s: not a classic pcap file" % path)
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(endian + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        frame = data[off:off + incl]
        off += incl
        ts = sec + frac / (1e9 if nano else 1e6)
        if linktype == 1:          # Ethernet
            etype = struct.unpack(">H", frame[12:14])[0]
            l3 = frame[14:]
        elif linktype == 113:      # Linux cooked v1
            etype = struct.unpack(">H", frame[14:16])[0]
            l3 = frame[16:]
        elif linktype in (12, 101):  # raw IP
            etype = 0x0800 if frame[0] >> 4 == 4 else 0x86DD
            l3 = frame
        elif linktype == 0:        # BSD null
            etype = 0x0800 if frame[4] >> 4 == 4 else 0x86DD
            l3 = frame[4:]
        else:
            raise ValueError("%s: unsupported link type %d" % (path, linktype))
        if etype in (0x0800, 0x86DD):
            yield ts, l3


def parse_tcp(l3):
    """Return a dict for a TCP segment, or None."""
    ver = l3[0] >> 4
    if ver == 4:
        ihl = (l3[0] & 0xF) * 4
        total = struct.unpack(">H", l3[2:4])[0]
        if l3[9] != 6:
            return None
        src = str(ipaddress.IPv4Address(l3[12:16]))
        dst = str(ipaddress.IPv4Address(l3[16:20]))
        tcp = l3[ihl:total]
    elif ver == 6:
        plen = struct.unpack(">H", l3[4:6])[0]
        if l3[6] != 6:
            return None            # no extension headers in these traces
        src = str(ipaddress.IPv6Address(l3[8:24]))
        dst = str(ipaddress.IPv6Address(l3[24:40]))
        tcp = l3[40:40 + plen]
    else:
        return None
    sport, dport, seq, ack, offflags, win = struct.unpack(">HHIIHH", tcp[:16])
    doff = (offflags >> 12) * 4
    flags = offflags & 0x1FF
    opts = parse_options(tcp[20:doff])
    return {"src": src, "dst": dst, "sport": sport, "dport": dport, "seq": seq,
            "ack": ack, "flags": flags, "win": win, "opts": opts,
            "len": len(tcp) - doff}


def parse_options(raw):
    """List of (name, value) in wire order."""
    out = []
    i = 0
    while i < len(raw):
        kind = raw[i]
        if kind == 0:
            out.append(("eol", None))
            break
        if kind == 1:
            out.append(("nop", None))
            i += 1
            continue
        if i + 1 >= len(raw):
            break
        ln = raw[i + 1]
        if ln < 2:
            break
        body = raw[i + 2:i + ln]
        if kind == 2:
            out.append(("mss", struct.unpack(">H", body)[0]))
        elif kind == 3:
            out.append(("wscale", body[0]))
        elif kind == 4:
            out.append(("sackOK", None))
        elif kind == 8:
            out.append(("TS", struct.unpack(">II", body)))
        elif kind == 34:
            out.append(("tfo", body.hex()))
        elif kind == 254 and body[:2] == b"\xf9\x89":
            out.append(("exp-tfo", body[2:].hex()))
        else:
            out.append(("kind%d" % kind, body.hex()))
        i += ln
    return out


SYN, ACK = 0x02, 0x10


def tfo_field(opts):
    for name, val in opts:
        if name == "tfo":
            return "cookie:" + val if val else "cookiereq"
        if name == "exp-tfo":
            return "exp-cookie:" + val if val else "exp-cookiereq"
    return "none"


def connections(path):
    """Connections in order of their first SYN, each a dict of observations."""
    conns = {}
    order = []
    for _ts, l3 in read_pcap(path):
        seg = parse_tcp(l3)
        if seg is None:
            continue
        fwd = (seg["src"], seg["sport"], seg["dst"], seg["dport"])
        rev = (seg["dst"], seg["dport"], seg["src"], seg["sport"])
        if seg["flags"] & SYN and not seg["flags"] & ACK:
            if fwd not in conns:
                conns[fwd] = {"client": seg["src"], "server": seg["dst"],
                              "cport": seg["sport"], "syn": seg, "synack": None,
                              "packets": []}
                order.append(fwd)
            c = conns[fwd]
        elif fwd in conns:
            c = conns[fwd]
        elif rev in conns:
            c = conns[rev]
            if seg["flags"] & SYN and seg["flags"] & ACK and c["synack"] is None:
                c["synack"] = seg
        else:
            continue
        c["packets"].append(seg)
    return [conns[k] for k in order]


def shape(path):
    """Run-independent description of every packet, connection by connection."""
    names = "FSRPAUEC"
    out = []
    for i, c in enumerate(connections(path), 1):
        for p in c["packets"]:
            d = "C>S" if (p["src"], p["sport"]) == (c["client"], c["cport"]) else "S>C"
            fl = "".join(names[b] for b in range(8) if p["flags"] >> b & 1)
            opts = ",".join(n if n not in ("tfo", "exp-tfo") else "%s(%d)" % (n, len(v) // 2)
                            for n, v in p["opts"])
            out.append("visit%d %s %s len=%d win=%d [%s]" % (i, d, fl, p["len"], p["win"], opts))
    return out


def observe(c):
    """The manifest fields for one connection."""
    syn, synack = c["syn"], c["synack"]
    f = {"syn": tfo_field(syn["opts"]), "syn_data": str(syn["len"])}
    if synack is None:
        f["synack"] = "missing"
        f["synack_acks"] = "none"
        return f
    f["synack"] = tfo_field(synack["opts"])
    acked = (synack["ack"] - syn["seq"]) & 0xFFFFFFFF
    f["synack_acks"] = "syn+data" if acked == 1 + syn["len"] and syn["len"] else (
        "syn" if acked == 1 else "odd:%d" % acked)
    return f


# --------------------------------------------------------------- manifest

def parse_manifest(path):
    scenarios = []
    with open(path, encoding="ascii") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            kv = {}
            for w in words[2:]:
                if "=" not in w:
                    raise ValueError("%s:%d: bad field %r" % (path, lineno, w))
                k, v = w.split("=", 1)
                kv[k] = v
            if words[0] == "kernel":
                continue
            if words[0] == "scenario":
                kv["name"] = words[1]
                kv["visits"] = []
                scenarios.append(kv)
            elif words[0] == "visit":
                if not scenarios or scenarios[-1]["name"] != words[1].split("/")[0]:
                    raise ValueError("%s:%d: visit outside its scenario" % (path, lineno))
                kv["n"] = words[1].split("/")[1]
                scenarios[-1]["visits"].append(kv)
            else:
                raise ValueError("%s:%d: unknown record %r" % (path, lineno, words[0]))
    return scenarios


class Report:
    def __init__(self):
        self.ok = 0
        self.bad = 0

    def check(self, cond, what):
        if cond:
            self.ok += 1
        else:
            self.bad += 1
            print("FAIL " + what)


def known_answers(rep):
    paper = siphash24(bytes(range(16)), bytes(range(15)))
    rep.check(paper == 0xA129CA6149BE45E5, "paper vector: got %016x" % paper)
    print("KAT siphash-2-4 paper vector (key 00..0f, msg 00..0e): %016x (want a129ca6149be45e5)" % paper)
    key = "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"
    for src, dst, want in (("192.0.2.1", "192.168.0.1", "3021b9d889017eeb"),
                           ("fd3d:fa7b:d17d::1", "fd3d:a0b:17d6::1", "c1d1e9742a47a9bc")):
        got = tfo_cookie(key, src, dst)
        rep.check(got == want, "KAT %s -> %s: got %s want %s" % (src, dst, got, want))
        print("KAT key %s %s -> %s: %s (want %s)" % (key, src, dst, got, want))


def check_scenario(sc, tracedir, rep):
    name = sc["name"]
    path = os.path.join(tracedir, sc["file"])
    conns = connections(path)
    rep.check(len(conns) == len(sc["visits"]),
              "%s: %d connections in pcap, %d visits in manifest" % (name, len(conns), len(sc["visits"])))
    for c, v in zip(conns, sc["visits"]):
        tag = "%s/%s" % (name, v["n"])
        got = observe(c)
        for field in ("syn", "syn_data", "synack", "synack_acks"):
            rep.check(got[field] == v.get(field),
                      "%s: %s observed %s, manifest says %s" % (tag, field, got[field], v.get(field)))
        ring = v["key"].split(",") if v.get("key", "-") != "-" else []
        client, server = c["client"], c["server"]
        if got["synack"].startswith("cookie:"):
            want = tfo_cookie(ring[0], client, server)
            rep.check(got["synack"] == "cookie:" + want,
                      "%s: SYN-ACK cookie %s != siphash(primary) %s" % (tag, got["synack"], want))
            print("%-22s SYN-ACK cookie %s = siphash(%s, %s||%s): %s"
                  % (tag, got["synack"][7:], ring[0], client, server,
                     "yes" if got["synack"][7:] == want else "NO"))
        if got["syn"].startswith("cookie:") and ring:
            presented = got["syn"][7:]
            valid = [k for k in ring if tfo_cookie(k, client, server) == presented]
            which = ("primary" if valid and valid[0] == ring[0] else
                     "backup" if valid else "invalid")
            accepted = got["synack_acks"] == "syn+data"
            if v.get("expect", "").startswith("tfo-rejected-overflow"):
                rep.check(which != "invalid" and not accepted,
                          "%s: overflow visit should carry a valid cookie and not be accepted" % tag)
            else:
                rep.check(accepted == (which != "invalid"),
                          "%s: SYN cookie is %s but data %s" % (tag, which, "accepted" if accepted else "rejected"))
            print("%-22s SYN cookie %s is %s under key ring %s; data %s"
                  % (tag, presented, which, v["key"], "accepted" if accepted else "not accepted"))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--dir", default=here, help="where the pcaps are")
    ap.add_argument("--manifest", default=os.path.join(here, "manifest.txt"))
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="check only this scenario (repeatable)")
    ap.add_argument("--classify", metavar="PCAP", help="print the observed fields and exit")
    ap.add_argument("--shape", metavar="PCAP", help="print packet shapes and exit")
    args = ap.parse_args(argv)
    if args.shape:
        print("\n".join(shape(args.shape)))
        return 0
    if args.classify:
        for i, c in enumerate(connections(args.classify), 1):
            f = observe(c)
            print("visit %d client=%s:%d server=%s syn=%s syn_data=%s synack=%s synack_acks=%s"
                  % (i, c["client"], c["cport"], c["server"], f["syn"], f["syn_data"],
                     f["synack"], f["synack_acks"]))
        return 0
    rep = Report()
    known_answers(rep)
    scenarios = parse_manifest(args.manifest)
    known = {sc["name"] for sc in scenarios}
    for name in args.only:
        rep.check(name in known, "scenario %s is not in %s" % (name, args.manifest))
    for sc in scenarios:
        if not args.only or sc["name"] in args.only:
            check_scenario(sc, args.dir, rep)
    print("siphash_check: %d passed, %d failed" % (rep.ok, rep.bad))
    return 0 if rep.bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
