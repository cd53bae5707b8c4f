#!/usr/bin/env python3
"""Keeps libtfo's layers honest: dependencies run only downward.

    check-layers.py SRCDIR OBJDIR        check; exit 1 on an upward dependency
    check-layers.py SRCDIR OBJDIR --graph print the dependency lists that
                                          docs/architecture.md holds
    check-layers.py SRCDIR OBJDIR --doc FILE  also require FILE's generated
                                          block to equal --graph's output

SRCDIR is the source root; OBJDIR holds libtfo_internal's object files
(build/src/libtfo/libtfo_internal.a.p). Two kinds of evidence:
  - #include "..." lines: a header is in the layer of the folder it lives in;
  - the symbols each object file uses and defines (nm): this also catches a
    call through the public umbrella header, which every file includes.
A file of layer L may use its own layer and the layers below it. Files in
LEAVES are policy: they may use nothing of libtfo but their own header and
the public API, so they are tested without a host.
"""
import os
import re
import subprocess
import sys

# Bottom first. cookie and wire are side by side: neither uses the other.
LAYERS = ["base", "wire", "cookie", "endpoint", "socket", "pair"]
ALLOWED = {
    "base": {"base"},
    "wire": {"wire", "base"},
    "cookie": {"cookie", "base"},
    "endpoint": {"endpoint", "cookie", "wire", "base"},
    "socket": {"socket", "endpoint", "cookie", "wire", "base"},
    "pair": {"pair", "endpoint", "cookie", "wire", "base"},
}
LEAVES = {"endpoint/tfo_fastopen_policy.c"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
BEGIN, END = "<!-- check-layers:begin -->", "<!-- check-layers:end -->"


def sources(lib):
    """{ 'layer/file': path } for every .c and .h of libtfo."""
    out = {}
    for layer in sorted(os.listdir(lib)):
        d = os.path.join(lib, layer)
        if not os.path.isdir(d):
            continue
        if layer not in LAYERS:
            sys.exit(f"check-layers: {d}: a folder that is not a layer")
        for f in sorted(os.listdir(d)):
            if f.endswith((".c", ".h")):
                out[f"{layer}/{f}"] = os.path.join(d, f)
    return out


def symbols(objdir, files):
    """Per .c file: (defined, used) global symbols, from nm."""
    table = {}
    for name in files:
        if not name.endswith(".c"):
            continue
        obj = os.path.join(objdir, name.replace("/", "_") + ".o")
        if not os.path.exists(obj):
            sys.exit(f"check-layers: {obj}: missing (build first)")
        text = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        defined, used = set(), set()
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                used.add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDBR":
                defined.add(parts[2])
        table[name] = (defined, used)
    return table


def dependencies(lib, objdir):
    """{ 'layer/file.c': set of 'layer/file' it depends on } and a problem list."""
    files = sources(lib)
    by_base = {os.path.basename(n): n for n in files}
    syms = symbols(objdir, files)
    owner = {s: n for n, (d, _) in syms.items() for s in d}
    deps, problems = {}, []
    for name, path in files.items():
        got = set()
        with open(path, encoding="utf-8") as f:
            for inc in INCLUDE.findall(f.read()):
                if inc in by_base:
                    got.add(by_base[inc])
                elif inc != "tfo_config.h":
                    problems.append(f"{name}: includes \"{inc}\", which is not part of libtfo")
        if name in syms:
            got |= {owner[s] for s in syms[name][1] if s in owner}
        got.discard(name)
        deps[name] = got
    return deps, problems


def check(deps, problems):
    for name, got in sorted(deps.items()):
        layer = name.split("/")[0]
        for d in sorted(got):
            if d.split("/")[0] not in ALLOWED[layer]:
                problems.append(f"{name}: uses {d}, a layer above {layer}")
        if name in LEAVES:
            own = name[:-2] + ".h"
            extra = sorted(x for x in got if x != own)
            if extra:
                problems.append(f"{name}: policy file uses {', '.join(extra)}")
    return problems


def graph(deps):
    """The layer edges, then each .c file's dependencies, as text."""
    edges = set()
    for name, got in deps.items():
        for d in got:
            a, b = name.split("/")[0], d.split("/")[0]
            if a != b:
                edges.add((LAYERS.index(a), LAYERS.index(b)))
    lines = ["layer edges (user -> used):"]
    for a in range(len(LAYERS) - 1, -1, -1):
        used = [LAYERS[b] for b in range(len(LAYERS) - 1, -1, -1) if (a, b) in edges]
        lines.append(f"  {LAYERS[a]} -> {', '.join(used) if used else '(nothing)'}")
    lines.append("")
    lines.append("files (each .c file -> the files whose headers or functions it uses):")
    for name in sorted(n for n in deps if n.endswith(".c")):
        stem = name[:-2]
        used = sorted({x.rsplit(".", 1)[0] for x in deps[name]} - {stem})
        lines.append(f"  {stem} -> {', '.join(used) if used else '(nothing)'}")
    return "\n".join(lines) + "\n"


def doc_block(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit(f"check-layers: {path}: no {BEGIN} ... {END} block")
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return block.strip("\n").removeprefix("```text\n").removesuffix("\n```").strip("\n") + "\n"


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    deps, problems = dependencies(os.path.join(argv[1], "src", "libtfo"), argv[2])
    problems = check(deps, problems)
    text = graph(deps)
    if "--graph" in argv:
        sys.stdout.write(text)
    if "--doc" in argv:
        doc = argv[argv.index("--doc") + 1]
        if doc_block(doc) != text:
            problems.append(f"{doc}: the generated block differs from the code; remake it with "
                            f"tests/check-layers.py . build/src/libtfo/libtfo_internal.a.p --graph")
    for p in problems:
        print(f"check-layers: {p}", file=sys.stderr)
    if not problems and "--graph" not in argv:
        print(f"check-layers: {len(deps)} files, no upward dependency")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
