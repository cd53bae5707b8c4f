#!/usr/bin/env python3
"""Runs every command of docs/tutorial.md, so that the lesson cannot go stale.

In each ```console block, a line "$ tfosim ..." is a command; the lines
under it, up to the next command or the block's end, are what it shows:
they must appear in that order in the command's standard output ("..."
stands for any lines). Every command must exit 0. The commands run in a
scratch folder that sees the source tree's traces/, with tfosim first on
PATH. Images the lesson shows must exist.

Usage: tutorial.py TFOSIM SOURCE-ROOT
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile


def blocks(text):
    """The commands of the console blocks: (line number, command, shown lines)."""
    out, inside, cur = [], False, None
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith("```"):
            inside = line.strip() == "```console"
            cur = None
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            cur = (n, line[2:], [])
            out.append(cur)
        elif cur is None:
            raise SystemExit(f"docs/tutorial.md:{n}: output before any command")
        else:
            cur[2].append(line.rstrip())
    return out


def shown_in(shown, actual):
    """None when the shown lines appear in order in actual, else the first missing."""
    i = 0
    for want in shown:
        if want == "...":
            continue
        while i < len(actual) and actual[i].rstrip() != want:
            i += 1
        if i == len(actual):
            return want
        i += 1
    return None


def main():
    tfosim, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    text = open(os.path.join(root, "docs", "tutorial.md"), encoding="utf-8").read()
    failures = 0
    for img in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        if not os.path.isfile(os.path.join(root, "docs", img)):
            print(f"FAIL: the image {img} is missing")
            failures += 1
    cmds = blocks(text)
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(tfosim, os.path.join(bindir, "tfosim"))
        os.symlink(os.path.join(os.path.abspath(root), "traces"), os.path.join(tmp, "traces"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
                   LC_ALL="C.UTF-8")
        for n, cmd, shown in cmds:
            argv = shlex.split(cmd)
            if argv[0] != "tfosim":
                print(f"FAIL: docs/tutorial.md:{n}: not a tfosim command: {cmd}")
                failures += 1
                continue
            r = subprocess.run(argv, cwd=tmp, env=env, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=120)
            missing = shown_in(shown, r.stdout.splitlines())
            if r.returncode != 0:
                print(f"FAIL: docs/tutorial.md:{n}: {cmd}: exit {r.returncode}: {r.stderr}")
                failures += 1
            elif missing is not None:
                print(f"FAIL: docs/tutorial.md:{n}: {cmd}: not in the output: {missing!r}")
                failures += 1
        # The chart both documents show, drawn again by the command docs/sweeps.md gives.
        chart = os.path.join(tmp, "chart.svg")
        subprocess.run([tfosim, "sweep", "--rtt", "10ms..300ms/10ms", "--loss", "0%,2%,10%",
                        "--seeds", "3", "--plot", chart], stdout=subprocess.DEVNULL, check=True)
        with open(chart, "rb") as a, open(os.path.join(root, "docs", "images",
                                                       "sweep-chart.svg"), "rb") as b:
            if a.read() != b.read():
                print("FAIL: docs/images/sweep-chart.svg is not what tfosim draws today")
                failures += 1
    print(f"{len(cmds)} commands, {failures} failed")
    return 1 if failures or not cmds else 0


if __name__ == "__main__":
    sys.exit(main())
