#!/bin/sh
# Throughput of tfosim replay on a large synthetic capture (not a unit
# test): builds SIZE MB of pcap from traces/ (default 1024) in /tmp, times
# a JSON replay of it, prints packets per second and the peak memory.
# Usage: tests/bench/replay-bench.sh BUILD-DIR [SIZE-MB]
set -eu
build=$1
size=${2:-1024}
root=$(cd "$(dirname "$0")/../.." && pwd)
big=${TMPDIR:-/tmp}/tfosim-replay-bench.pcap
python3 "$root/tests/bench/make-big-pcap.py" "$root/traces" "$big" "$size"
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$big.rss" "$build/src/cli/tfosim" replay --format json "$big" >"$big.json"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
packets=$(sed -n 's/^  "packets": \([0-9]*\),$/\1/p' "$big.json")
printf 'packets %s, %.2f s, %.0f packets/s, %.0f MB/s, peak RSS %s KiB\n' "$packets" "$secs" \
	"$(echo "$packets / $secs" | bc -l)" "$(echo "$size / $secs" | bc -l)" "$(cat "$big.rss")"
tail -n 30 "$big.json" | grep -E '"connections"|"packets"|tuple-reuse' || true
rm -f "$big" "$big.json" "$big.rss"
