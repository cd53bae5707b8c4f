#!/bin/sh
# Regenerates the golden outputs of the simulator, on purpose only: after a
# change meant to change the output, run
#   tests/golden/regen.sh [BUILD_DIR]      (default: build)
# then review 'git diff tests/golden' before committing. The 'golden'
# tests (tests/sim/golden.sh) compare these files byte for byte.
set -eu
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8 # the ladder's ellipsis, as tests/sim/golden.sh expects
build=${1:-build}
tfosim=${TFOSIM:-$build/src/cli/tfosim}
out=${GOLDEN_OUT:-tests/golden}
[ -x "$tfosim" ] || { echo "regen: no $tfosim; build first" >&2; exit 2; }

# One file per built-in: the text output with seed 1 (bulk made small).
"$tfosim" run --list | while read -r name _; do
	args=""
	[ "$name" = bulk ] && args="--connections 200"
	# shellcheck disable=SC2086
	"$tfosim" run "$name" --seed 1 $args >"$out/$name.txt"
done
"$tfosim" demo >"$out/demo-command.txt"
"$tfosim" run return-visit --seed 1 --format json --log >"$out/return-visit.json"
"$tfosim" run nat-rebind --seed 1 --log --ladder none --table 2 >"$out/nat-rebind-log.txt"
"$tfosim" compare >"$out/compare-reference.txt"
"$tfosim" compare --format json >"$out/compare-reference.json"
"$tfosim" compare --grid --loss 0,10 --rtt 40,200 --echoes 100 >"$out/compare-grid.csv"

# tcpdump's reading of the return visit as the client saw it.
if command -v tcpdump >/dev/null; then
	tmp=$(mktemp)
	"$tfosim" run return-visit --seed 1 --pcap "$tmp" >/dev/null
	tcpdump -n -tt -r "$tmp" 2>/dev/null >"$out/return-visit.tcpdump"
	rm -f "$tmp"
fi
echo "regen: wrote $out; review with 'git diff $out'"
