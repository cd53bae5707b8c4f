#!/bin/sh
# Every ```c block of the given documents compiles, as a translation unit
# of its own, against the public headers with warnings as errors; the
# blocks that define functions are linked together with libtfo too, so a
# misspelt function name fails. A document without C blocks fails (the
# test would check nothing).
# Usage: snippets.sh CC SANITIZE INCLUDE-DIR LIBTFO DOC...
# SANITIZE is meson's b_sanitize ("none", "address,undefined"...): a
# sanitized libtfo links only with the same runtime.
set -u
cc=$1
san=$2
inc=$3
lib=$4
shift 4
link_flags=
[ "$san" = none ] || link_flags="-fsanitize=$san"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
count=0

for doc in "$@"; do
	base=$(basename "$doc" .md)
	# Writes BASE-N.c for the N-th ```c block.
	awk -v out="$tmp/$base" '
		/^```c$/ { n++; file = out "-" n ".c"; inblock = 1; next }
		/^```/ && inblock { inblock = 0; close(file); next }
		inblock { print > file }
	' "$doc"
	set -- "$tmp/$base"-*.c
	if [ ! -f "$1" ]; then
		echo "FAIL: $doc has no C block"
		failures=$((failures + 1))
		continue
	fi
	for src in "$tmp/$base"-*.c; do
		count=$((count + 1))
		# shellcheck disable=SC2086
		if ! $cc -std=c11 -Wall -Wextra -Wno-unused-parameter -Wno-unused-function -Werror \
			-I"$inc" -c "$src" -o "${src%.c}.o" 2>"$tmp/err"; then
			failures=$((failures + 1))
			echo "FAIL: $doc, C block $(basename "$src" .c | sed 's/.*-//'):"
			cat "$tmp/err"
		fi
	done
done
# Linked together, with a main, against libtfo: every name they call exists.
count=$((count + 1))
printf 'int main(void) { return 0; }\n' >"$tmp/main.c"
# shellcheck disable=SC2086
if ! $cc -std=c11 $link_flags -o "$tmp/all" "$tmp/main.c" "$tmp"/*.o "$lib" -lsodium 2>"$tmp/err"; then
	failures=$((failures + 1))
	echo "FAIL: the blocks do not link against libtfo:"
	cat "$tmp/err"
fi
echo "$((count - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
