#!/usr/bin/env python3
"""Every path the documents name exists.

    check-doc-paths.py SRCDIR

Reads README.md and docs/*.md (and docs/*.scd) and checks each `quoted`
word that starts with one of the tree's top folders (src/, include/,
tests/, docs/, traces/, examples/). Globs (*), build outputs and
placeholders in capitals are not paths and are skipped; a stem
(`traces/plain`) counts when files of that name with an ending exist. Exit 1, naming
FILE:LINE, for a path that is not there.
"""
import glob
import os
import re
import sys

TOPS = ("src/", "include/", "tests/", "docs/", "traces/", "examples/")
QUOTED = re.compile(r"`([^`\s]+)`")


def candidates(line):
    for word in QUOTED.findall(line):
        word = word.rstrip(".,:;)")
        if not word.startswith(TOPS) or any(c in word for c in "*<>{}$"):
            continue
        if re.search(r"/[A-Z]+(\.|$)", word):  # tests/scripts/FOO.pkt: a placeholder
            continue
        yield word.split(":")[0]


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    root = argv[1]
    docs = [os.path.join(root, "README.md")]
    docs += sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    docs += sorted(glob.glob(os.path.join(root, "docs", "*.scd")))
    bad = 0
    for doc in docs:
        with open(doc, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                for path in candidates(line):
                    full = os.path.join(root, path)
                    # a trace named by its stem stands for all its forms
                    if not os.path.exists(full) and not glob.glob(full + ".*"):
                        print(f"{os.path.relpath(doc, root)}:{n}: `{path}` does not exist",
                              file=sys.stderr)
                        bad += 1
    print(f"check-doc-paths: {len(docs)} documents, {bad} missing paths")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
