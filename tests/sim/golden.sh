#!/bin/sh
# The simulator's golden outputs: every built-in with seed 1, tfosim demo,
# the JSON of the return visit and a log, byte for byte against
# tests/golden/ (regenerate on purpose with tests/golden/regen.sh).
# Usage: golden.sh PATH-TO-TFOSIM GOLDEN-DIR
set -u
tfosim=$1
golden=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
failures=0

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

echo "golden: $((count - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
