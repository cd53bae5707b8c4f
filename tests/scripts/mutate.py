#!/usr/bin/env python3
"""Mutation check for the packetdrill scripts in tests/scripts/.

A runner that passes everything is worthless, so for every script this
makes a few mutants, each changing one line the runner must check:

  ack     the first outbound packet with "ack N" expects N+1
  seq     the first outbound packet with data ends one byte later
  option  the first outbound option list loses one option (a Fast Open
          option with its padding, else "nop,nop,sackOK", else the MSS)
  cookie  the first outbound Fast Open cookie has its last digit changed
  errno   the first "= -1 ERRNO (text)" expects another errno
  ret     a system call returning N >= 0 expects N+1 (the first data call:
          read, write, sendto..., else the first set-up call; never socket()
          or accept(), whose descriptors packetdrill maps instead of checking)
  assert  the first %{ assert }% comparison is turned around
  incookie  the first inbound Fast Open cookie of 4 bytes or more has its
          last digit changed, when the next outbound packet acks the SYN's
          data (the cookie was valid); this one must fail at that packet,
          the first line that can see it

and requires each mutant to fail with exit status 1 and an error naming
the mutated line ("FILE:LINE: ..."). Kinds that find nothing to change in
a script are skipped for it.

  mutate.py [--tfosim PATH] [--list] [--write DIR] [--all-in DIR] SCRIPT.pkt...

--list prints the mutants without running them; --write DIR writes them
to DIR (to run them elsewhere: mutants-on-linux.sh runs them against
Linux). --all-in DIR also fails when a .pkt in DIR is not among the
scripts, so that none is left out of the run.
Exit status: 0 when every mutant fails as required, 1 otherwise, 2 on
bad usage.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ERRNO_SWAP = {
    "EINPROGRESS": ("EALREADY", "Operation already in progress"),
    "EINVAL": ("EPERM", "Operation not permitted"),
    "EAGAIN": ("EINTR", "Interrupted system call"),
}
ERRNO_DEFAULT = ("EINVAL", "Invalid argument")

OUT_PKT = re.compile(r"^\s*[+*0-9.~]+(\.\.\.[0-9.]+)?\s+>\s")
SYSCALL_RET = re.compile(r"^(\s*[+0-9.]+(?:\.\.\.[0-9.]+)?\s+\w+\(.*\)\s*=\s*)(-?\d+)(.*)$")
ERRNO_RET = re.compile(r"(=\s*-1\s+)(E[A-Z0-9]+)(\s*\([^)]*\))?")


def mutate_ack(lines):
    for i, l in enumerate(lines):
        if OUT_PKT.match(l):
            m = re.search(r"\back (\d+)", l)
            if m:
                n = int(m.group(1)) + 1
                return i, l[: m.start(1)] + str(n) + l[m.end(1):]
    return None


def mutate_seq(lines):
    for i, l in enumerate(lines):
        if OUT_PKT.match(l):
            m = re.search(r"\b(\d+):(\d+)\((\d+)\)", l)
            if m and int(m.group(3)) > 0:
                end, ln = int(m.group(2)) + 1, int(m.group(3)) + 1
                rep = "%s:%d(%d)" % (m.group(1), end, ln)
                return i, l[: m.start()] + rep + l[m.end():]
    return None


def mutate_option(lines):
    for i, l in enumerate(lines):
        if not OUT_PKT.match(l):
            continue
        m = re.search(r"<([^>]*)>", l)
        if not m or m.group(1).strip() == "...":
            continue
        opts = [o.strip() for o in m.group(1).split(",")]
        new = None
        for k, o in enumerate(opts):
            if o.startswith("FO"):
                rest = opts[k + 1:]
                pad = 0
                # keep the 4-byte alignment: drop the padding NOPs too
                if o.startswith("FOEXP"):
                    size = 4 + len(o.split()[1]) // 2 if len(o.split()) > 1 else 4
                else:
                    size = 2 + len(o.split()[1]) // 2 if len(o.split()) > 1 else 2
                while size % 4 and pad < len(rest) and rest[pad] == "nop":
                    pad += 1
                    size += 1
                new = opts[:k] + rest[pad:]
                break
        if new is None and "sackOK" in opts:
            k = opts.index("sackOK")
            if k >= 2 and opts[k - 1] == "nop" and opts[k - 2] == "nop":
                new = opts[: k - 2] + opts[k + 1:]
        if new is None and opts and opts[0].startswith("mss"):
            new = opts[1:]
        if new is None:
            continue
        body = "<" + ",".join(new) + ">" if new else ""
        rep = l[: m.start()] + body + l[m.end():]
        return i, rep.rstrip()
    return None


IN_PKT = re.compile(r"^\s*[+0-9.]+\s+<\s")


def change_cookie(lines, pkt_re, cookie_re):
    """The first cookie matching cookie_re on a packet line matching pkt_re,
    its last hex digit changed."""
    for i, l in enumerate(lines):
        if not pkt_re.match(l):
            continue
        m = re.search(cookie_re, l)
        if m:
            c = m.group(1)
            last = "0" if c[-1] != "0" else "1"
            return i, l[: m.start(1)] + c[:-1] + last + l[m.end(1):]
    return None


def mutate_cookie(lines):
    return change_cookie(lines, OUT_PKT, r"\bFO(?:EXP)? ([0-9a-fA-F]+)")


def mutate_errno(lines):
    for i, l in enumerate(lines):
        m = ERRNO_RET.search(l)
        if m and not l.lstrip().startswith("//"):
            name, text = ERRNO_SWAP.get(m.group(2), ERRNO_DEFAULT)
            rep = "%s%s (%s)" % (m.group(1), name, text)
            return i, l[: m.start()] + rep + l[m.end():]
    return None


SETUP_CALLS = ("setsockopt", "getsockopt", "bind", "listen", "fcntl")
# packetdrill maps the descriptors a script predicts onto the live ones, so a
# wrong socket() or accept() result shows only where the descriptor is used;
# those are left alone to keep the mutants failing at their line on Linux too.
FD_CALLS = ("socket", "accept")


def mutate_ret(lines):
    """Prefers a data call (read, write, sendto, accept...) to the set-up ones."""
    found = []
    for i, l in enumerate(lines):
        m = SYSCALL_RET.match(l)
        if m and int(m.group(2)) >= 0 and not m.group(1).lstrip().startswith("//"):
            call = re.search(r"(\w+)\(", m.group(1)).group(1)
            if call in FD_CALLS:
                continue
            found.append((call in SETUP_CALLS, i, m.group(1) + str(int(m.group(2)) + 1) + m.group(3)))
    if not found:
        return None
    _, i, new = min(found, key=lambda f: (f[0], f[1]))
    return i, new


def mutate_incookie(lines):
    """An inbound cookie changed: the server must answer differently at the
    next outbound packet (the data is no longer acked, a cookie appears)."""
    return change_cookie(lines, IN_PKT, r"\bFO(?:EXP)? ([0-9a-fA-F]{8,32})\b")


def mutate_assert(lines):
    swaps = [("!=", "=="), ("==", "!=")]
    for i, l in enumerate(lines):
        if "%{" in l and "assert" in l:
            for a, b in swaps:
                k = l.find(a)
                if k >= 0:
                    return i, l[:k] + b + l[k + len(a):]
    return None


def incookie_line(lines, i):
    """The line where a changed inbound cookie must show: the next outbound
    packet, when it acks the SYN's data (the cookie was valid; changing an
    invalid one changes nothing)."""
    syn = re.search(r"\b(\d+):(\d+)\((\d+)\)", lines[i])
    nxt = [k for k in range(i + 1, len(lines)) if OUT_PKT.match(lines[k])]
    if not syn or int(syn.group(3)) == 0 or not nxt:
        return None
    ack = re.search(r"\back (\d+)", lines[nxt[0]])
    if not ack or int(ack.group(1)) != int(syn.group(2)) + 1:
        return None
    return nxt[0]


KINDS = [
    ("ack", mutate_ack),
    ("seq", mutate_seq),
    ("option", mutate_option),
    ("cookie", mutate_cookie),
    ("errno", mutate_errno),
    ("ret", mutate_ret),
    ("assert", mutate_assert),
    ("incookie", mutate_incookie),
]


def mutants(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    for kind, fn in KINDS:
        r = fn(lines)
        if r is None:
            continue
        i, new = r
        if new == lines[i]:
            continue
        want = i
        if kind == "incookie":
            want = incookie_line(lines, i)
            if want is None:
                continue
        m = list(lines)
        m[i] = new
        out.append((kind, want + 1, lines[i].strip(), new.strip(), "\n".join(m)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tfosim", default="tfosim")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--write")
    ap.add_argument("--all-in", metavar="DIR",
                    help="fail unless every .pkt in DIR is among the scripts")
    ap.add_argument("scripts", nargs="+")
    a = ap.parse_args()
    bad = total = 0
    if a.all_in:
        given = {os.path.basename(s) for s in a.scripts}
        missing = sorted(n for n in os.listdir(a.all_in)
                         if n.endswith(".pkt") and n not in given)
        for n in missing:
            print("%s: not in the list of scripts (tests/scripts/meson.build)"
                  % os.path.join(a.all_in, n))
        if missing:
            return 1
    with tempfile.TemporaryDirectory(prefix="tfo-mutants-") as tmp:
        outdir = a.write or tmp
        os.makedirs(outdir, exist_ok=True)
        for s in a.scripts:
            base = os.path.basename(s)[: -len(".pkt")]
            for kind, line, old, new, text in mutants(s):
                total += 1
                name = "%s--%s.pkt" % (base, kind)
                mp = os.path.join(outdir, name)
                with open(mp, "w", encoding="utf-8") as f:
                    f.write(text)
                if a.list or a.write:
                    print("%s:%d: %s: %s -> %s" % (name, line, kind, old, new))
                    continue
                p = subprocess.run([a.tfosim, "script", mp], capture_output=True,
                                   text=True, check=False)
                first = (p.stderr or p.stdout).split("\n")[0]
                want = "%s:%d:" % (mp, line)
                if p.returncode != 1 or not first.startswith(want):
                    bad += 1
                    print("MUTANT SURVIVED OR FAILED ELSEWHERE: %s (%s at line %d: %s -> %s)"
                          % (name, kind, line, old, new))
                    print("    exit %d: %s" % (p.returncode, first))
    if not a.list and not a.write:
        print("%d mutants, %d killed at the mutated line, %d not" % (total, total - bad, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
