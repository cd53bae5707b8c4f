#!/bin/sh
# The simulator's golden outputs: every built-in with seed 1, tfosim demo,
# the JSON of the return visit and a log, byte for byte against
# tests/golden/ (regenerate on purpose with tests/golden/regen.sh).
# Usage: golden.sh PATH-TO-TFOSIM GOLDEN-DIR
set -u
# The goldens are the UTF-8 output (the ladder's ellipsis); LC_ALL=C is tested below.
export LC_ALL=C.UTF-8
tfosim=$1
golden=$2
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

same() { # NAME FILE: compares FILE with the golden NAME
	count=$((count + 1))
	if ! cmp -s "$golden/$1" "$2"; then
		failures=$((failures + 1))
		echo "FAIL: $1 differs from the golden file:"
		diff -u "$golden/$1" "$2" | head -40
	fi
}

names=$("$tfosim" run --list | cut -d' ' -f1)
for name in $names; do
	args=""
	[ "$name" = bulk ] && args="--connections 200"
	# shellcheck disable=SC2086
	"$tfosim" run "$name" --seed 1 $args >"$tmp/out" 2>"$tmp/err" || {
		echo "FAIL: tfosim run $name exited $?: $(cat "$tmp/err")"
		failures=$((failures + 1))
	}
	same "$name.txt" "$tmp/out"
done
"$tfosim" demo >"$tmp/demo"
same demo-command.txt "$tmp/demo"
"$tfosim" run return-visit --seed 1 --format json --log >"$tmp/json"
same return-visit.json "$tmp/json"
"$tfosim" run nat-rebind --seed 1 --log --ladder none --table 2 >"$tmp/log"
same nat-rebind-log.txt "$tmp/log"
"$tfosim" compare >"$tmp/compare"
same compare-reference.txt "$tmp/compare"
"$tfosim" compare --format json >"$tmp/compare.json"
same compare-reference.json "$tmp/compare.json"
"$tfosim" compare --grid --loss 0,10 --rtt 40,200 --echoes 100 >"$tmp/grid"
same compare-grid.csv "$tmp/grid"

# The demo's point, said in its summary: one RTT, 100 ms, saved.
count=$((count + 1))
grep -q "^The return visit got its request to the server 100.000 ms (1.00 RTT) sooner" \
	"$tmp/demo" || {
	failures=$((failures + 1))
	echo "FAIL: tfosim demo does not say the return visit saved 100 ms (1 RTT)"
}
# Every line fits in 100 columns (the endpoints' own log lines aside); the
# ellipsis after a cut cookie is one column but three bytes.
count=$((count + 1))
for f in "$golden"/*.txt; do
	case $f in *-log.txt) continue ;; esac
	sed 's/\xe2\x80\xa6/./g' "$f" | awk -v f="$f" 'length($0) > 100 { print f ": " $0 }'
done >"$tmp/wide"
if [ -s "$tmp/wide" ]; then
	failures=$((failures + 1))
	echo "FAIL: lines longer than 100 columns:"
	head -5 "$tmp/wide"
fi


# Under LC_ALL=C the output is ASCII: the same but for "..." in place of the
# ellipsis (and the two dashes of the arrow that make room for it).
count=$((count + 1))
LC_ALL=C "$tfosim" run lossy-mobile --seed 1 | sed 's/--*/-/g' >"$tmp/ascii"
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$tmp/ascii" ||
	! sed -e 's/\xe2\x80\xa6/.../g' -e 's/--*/-/g' "$golden/lossy-mobile.txt" |
	cmp -s - "$tmp/ascii"; then
	failures=$((failures + 1))
	echo "FAIL: tfosim run under LC_ALL=C is not the golden output in ASCII"
fi

# --width: every ladder line fits; the narrowest and the widest.
for w in 80 160; do
	count=$((count + 1))
	LC_ALL=C "$tfosim" run lossy-mobile --seed 1 --width $w --table 1 |
		sed -n '/^== ladders/,/^== results/p' | grep -v '^==' >"$tmp/wide"
	longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$tmp/wide")
	if [ "$longest" -gt $w ] || [ "$longest" -lt $((w - 10)) ]; then
		failures=$((failures + 1))
		echo "FAIL: tfosim run --width $w: the longest ladder line has $longest columns"
	fi
done

t_done golden
