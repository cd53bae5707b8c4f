#!/bin/sh
# tfosim compare end to end: usage errors (exit 2, one line naming the
# problem), the plot written whole through the output helper, and the same
# seed giving the same bytes.
# Usage: test-compare.sh TFOSIM
set -u
tfosim=$1
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

refused() { # EXPECTED-TEXT ARGS...: exit 2 and the text on stderr
	want=$1
	shift
	count=$((count + 1))
	"$tfosim" compare "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" -eq 2 ] && grep -q -e "$want" "$tmp/err" ||
		fail "compare $*: status $status, stderr: $(cat "$tmp/err")"
}

refused "no preset 'turbo'" --preset turbo
refused "bad --format 'xml'" --format xml
refused "--plot goes with --grid" --plot "$tmp/x.svg"
refused "--loss and --rtt go with --grid" --loss 5
refused "bad --loss list" --grid --loss 5,200
refused "the grid is written as csv or json" --grid --format text
refused "bad --seed" --seed x
refused "unexpected argument" extra

count=$((count + 1))
"$tfosim" compare --grid --loss 0,5 --rtt 60 --echoes 50 --plot "$tmp/g.svg" >"$tmp/csv" 2>&1 &&
	head -c 4 "$tmp/g.svg" | grep -q '<svg' && tail -n 1 "$tmp/g.svg" | grep -q '</svg>' &&
	[ "$(wc -l <"$tmp/csv")" -eq 11 ] || fail "the grid with --plot"

count=$((count + 1))
"$tfosim" compare --seed 7 --format json >"$tmp/a" && "$tfosim" compare --seed 7 --format json >"$tmp/b" &&
	cmp -s "$tmp/a" "$tmp/b" && ! "$tfosim" compare --seed 8 --format json | cmp -s - "$tmp/a" ||
	fail "the same seed must give the same bytes, another seed others"

t_done
