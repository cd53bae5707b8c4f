#!/usr/bin/env python3
"""Installs a one-line alias page (".so man3/PAGE.3") for every function a
public header exports, so that `man tfo_connect` finds the page that
documents it. Run by meson at install time:
    aliases.py INCLUDE-DIR MAN3-DIR
MAN3-DIR is relative to the install prefix; DESTDIR is honoured."""
import os
import re
import sys

# The page of each header (docs/man/*.3.scd).
PAGES = {
    "common.h": "libtfo",
    "wire.h": "tfo_segment",
    "cookie.h": "tfo_keyring",
    "endpoint.h": "tfo_host",
    "socket.h": "tfo_sock",
    "pair.h": "tfo_pair",
    "script.h": "tfo_script",
    "kcp.h": "tfo_kcp",
}
EXPORT = re.compile(r"TFO_EXPORT[^;{(]*?\b(tfo_[a-z0-9_]+)\s*\(", re.S)


def main():
    include, man3 = sys.argv[1], sys.argv[2]
    prefix = os.environ.get("MESON_INSTALL_DESTDIR_PREFIX")
    if prefix is None:
        sys.exit("aliases.py: run by meson install (MESON_INSTALL_DESTDIR_PREFIX unset)")
    out = os.path.join(prefix, man3)
    os.makedirs(out, exist_ok=True)
    count = 0
    for header, page in PAGES.items():
        with open(os.path.join(include, "tfo", header)) as f:
            names = sorted(set(EXPORT.findall(f.read())))
        if not names:
            sys.exit(f"aliases.py: no exported function found in {header}")
        for name in names:
            if name == page:
                continue
            with open(os.path.join(out, name + ".3"), "w") as f:
                f.write(f".so man3/{page}.3\n")
            count += 1
    print(f"aliases.py: {count} alias pages in {out}")


if __name__ == "__main__":
    main()
