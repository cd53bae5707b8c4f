#!/bin/bash
# Before and after an optimisation of the simulator: every output byte
# for byte the same.
#
#   tests/bench/same-output.sh REF NEW
#
# REF and NEW are two tfosim binaries (say, a release build of main and
# one of the change). For every built-in scenario it compares, between
# the two, the text and JSON reports and the capture under seeds 1, 2, 7
# and 1234, the --log output, the output and capture without ladders
# (which takes other paths: no trace, no state events), and bulk's JSON
# at 1, 17 and 20000 connections with every row. Prints each difference
# and exits 1 if any, else prints "all identical". Not part of the tests:
# it needs a reference binary, and it takes a few seconds.
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 REF-TFOSIM NEW-TFOSIM" >&2
	exit 2
fi
ref=$1 new=$2 bad=0
d=$(mktemp -d) || exit 2
trap 'rm -rf "$d"' EXIT

# same WHAT ARGS...: both binaries' stdout, stderr, exit status and
# capture (when ARGS write $d/X.pcap) compared.
same() {
	local what=$1
	shift
	rm -f "$d"/r.pcap "$d"/n.pcap
	"$ref" "${@//@/r}" >"$d/r.out" 2>&1
	echo "exit $?" >>"$d/r.out"
	"$new" "${@//@/n}" >"$d/n.out" 2>&1
	echo "exit $?" >>"$d/n.out"
	if ! cmp -s "$d/r.out" "$d/n.out"; then
		echo "DIFF $what"
		bad=1
	fi
	if [ -e "$d/r.pcap" ] && ! cmp -s "$d/r.pcap" "$d/n.pcap"; then
		echo "DIFF $what: capture"
		bad=1
	fi
}

for n in $("$ref" run --list | awk '{print $1}'); do
	extra=()
	[ "$n" = bulk ] && extra=(--connections 3000 --table 200)
	for seed in 1 2 7 1234; do
		for fmt in text json; do
			same "$n seed $seed $fmt" run "$n" --seed "$seed" --format "$fmt" \
				"${extra[@]}" --pcap "$d/@.pcap"
		done
	done
	same "$n --log" run "$n" --log --table all "${extra[@]}"
	same "$n no ladder, json" run "$n" --ladder none --format json --table all "${extra[@]}"
	same "$n no ladder, seed 5" run "$n" --ladder none --seed 5 "${extra[@]}" --pcap "$d/@.pcap"
done
for c in 1 17 20000; do
	same "bulk $c json" run bulk --connections "$c" --table all --format json
done
[ $bad = 0 ] && echo "all identical"
exit $bad
