#!/usr/bin/env python3
"""Rewrites the table at the end of LINUX.md from run-linux.sh's output.

  ./run-linux.sh > /tmp/linux.txt && ./linux-table.py /tmp/linux.txt

Each row: the script, what it tests (its leading // comment), the kernel
and the result from the run, and the tfosim column (PASS: meson's
'scripts' suite runs every script listed in meson.build). Exit status 1 if
a script here has no row in the run's output.
"""
import glob
import os
import sys

HEADER = "| Script | What it tests | Linux | Linux result | tfosim |\n|---|---|---|---|---|\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    runs = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 3:
                runs[cells[0]] = (cells[1], cells[2])
    rows, missing = [], []
    for path in sorted(glob.glob(os.path.join(here, "*.pkt"))):
        name = os.path.basename(path)
        if name not in runs:
            missing.append(name)
            continue
        words = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("//"):
                    break
                words.append(line[2:].strip())
        kernel, result = runs[name]
        what = " ".join(words).replace("|", "\\|")
        rows.append("| `%s` | %s | %s | %s | PASS |" % (name, what, kernel, result))
    md = os.path.join(here, "LINUX.md")
    with open(md, encoding="utf-8") as f:
        text = f.read()
    text = text[: text.index(HEADER)] + HEADER + "\n".join(rows) + "\n"
    with open(md, "w", encoding="utf-8") as f:
        f.write(text)
    for name in missing:
        print("%s: not in the run's output" % name, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
