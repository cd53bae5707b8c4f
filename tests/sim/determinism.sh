#!/bin/sh
# Determinism: every built-in run twice with the same seed gives the same
# bytes (text and JSON); the lossy ones with two seeds differ.
# Usage: determinism.sh PATH-TO-TFOSIM
set -u
tfosim=$1
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

for name in $("$tfosim" run --list | cut -d' ' -f1); do
	args="--seed 7"
	[ "$name" = bulk ] && args="$args --connections 300"
	for fmt in text json; do
		count=$((count + 1))
		# shellcheck disable=SC2086
		"$tfosim" run "$name" $args --format $fmt --log >"$tmp/a" 2>&1
		# shellcheck disable=SC2086
		"$tfosim" run "$name" $args --format $fmt --log >"$tmp/b" 2>&1
		cmp -s "$tmp/a" "$tmp/b" || fail "$name ($fmt) differs between two runs with seed 7"
	done
done

# Random loss, jitter, ISNs and ports follow the seed.
for name in lossy-mobile return-visit; do
	count=$((count + 1))
	"$tfosim" run "$name" --seed 1 >"$tmp/a"
	"$tfosim" run "$name" --seed 2 >"$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" && fail "$name gives the same output for seeds 1 and 2"
done

t_done determinism
