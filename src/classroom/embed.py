#!/usr/bin/env python3
"""Writes a C file defining `const char NAME[]` with the text of FILE, so
the classroom page's script and style stay real .js and .css files.
usage: embed.py OUT.c NAME FILE [NAME FILE...]"""
import sys


def literal(text):
    """A brace initializer of the UTF-8 bytes and a NUL: C limits string
    literals to 4095 characters under -pedantic, arrays not."""
    data = list(text.encode('utf-8')) + [0]
    rows = []
    for i in range(0, len(data), 16):
        rows.append('\t' + ', '.join('%d' % b for b in data[i:i + 16]) + ',')
    return '{\n' + '\n'.join(rows) + '\n}'


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        sys.exit(__doc__)
    parts = ['/* Made by embed.py from the files named below; do not edit. */\n']
    for name, path in zip(argv[2::2], argv[3::2]):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        parts.append('/* %s */\nconst char %s[] =\n%s;\n' % (path.split('/')[-1], name, literal(text)))
    with open(argv[1], 'w', encoding='utf-8') as f:
        f.write('\n'.join(parts))


if __name__ == '__main__':
    main(sys.argv)
