#!/bin/sh
# The GNU parallel form of docs/sweeps.md on a small grid: N shards run at
# once, merged, must equal the unsharded run byte for byte (JSON and chart).
# Usage: sweep-parallel.sh TFOSIM [SHARDS]. Exit 77 (skip) without parallel.
set -eu
tfosim=$1
n=${2:-4}
command -v parallel >/dev/null || {
	echo "GNU parallel is not installed: skipped"
	exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grid="--rtt 10ms..150ms/20ms --loss 0%,2%,5% --seeds 2 --connections 20"

# shellcheck disable=SC2086
seq 0 $((n - 1)) | parallel --will-cite --halt now,fail=1 \
	"$tfosim" sweep $grid --format json --shard {}/"$n" ">" "$tmp"/shard-{}.json
"$tfosim" sweep --merge --format json --plot "$tmp/merged.svg" "$tmp"/shard-*.json \
	>"$tmp/merged.json"
# shellcheck disable=SC2086
"$tfosim" sweep $grid --format json --plot "$tmp/whole.svg" >"$tmp/whole.json"
cmp "$tmp/merged.json" "$tmp/whole.json"
cmp "$tmp/merged.svg" "$tmp/whole.svg"
echo "$n shards run with GNU parallel, merged: equal to the whole run ($(grep -c '"cell"' "$tmp/merged.json") rows)"
