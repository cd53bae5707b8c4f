#!/bin/bash
# tfosim's benchmark, side by side with what a user would run instead.
#
#   tests/bench/bench.sh [-b BUILD] [-s SIZES] [-r ROUNDS] [-p]
#
# For each size (connections of the built-in 'bulk' scenario; default
# 20000,100000,200000) it makes a capture with the simulator, then times, in
# interleaved rounds (A B C ... A B C ...), whole processes with /usr/bin/time:
#   tfosim replay (text), tfosim replay --format json, a bare libpcap read
#   loop (tests/bench/pcap-loop.c), tcpdump -n -r, tshark -q -z conv,tcp,
#   tcptrace -n; and the simulator itself, tfosim run bulk --connections N,
#   also with --simulate-tfo-off (every connection simulated again, TFO off).
# It prints min and median wall seconds, the median of the per-round ratios to
# tfosim replay's text run, peak RSS, and packets (or connections) per second;
# then the cookie benchmark (tests/bench/cookie-bench.c), through libtfo.so
# and with libtfo linked in as tfosim links it. A reference that
# is not installed is listed as such and skipped. With -p, it then runs 1, 2,
# ... (one per core) copies of the replay and of the simulator at once on the
# largest size and prints the total rate and how close it is to linear.
# docs/performance.md holds the latest table and what each figure means.
set -euo pipefail

build=build
sizes=20000,100000,200000
rounds=5
scale=0
while getopts b:s:r:ph opt; do
	case $opt in
	b) build=$OPTARG ;;
	s) sizes=$OPTARG ;;
	r) rounds=$OPTARG ;;
	p) scale=1 ;;
	*) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
tfosim=$build/src/cli/tfosim
loop=$build/tests/pcap-loop
cookies=$build/tests/cookie-bench
cookies_in=$build/tests/cookie-bench-static
for f in "$tfosim" "$loop" "$cookies" "$cookies_in"; do
	[ -x "$f" ] || { echo "bench: $f missing: build first (ninja -C $build)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
case $rounds in '' | *[!0-9]* | 0) echo "bench: -r takes a count" >&2; exit 2 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# build_kind: the build's type, link-time and profile-guided optimisation,
# which move the figures by a sixth each (docs/performance.md, "Running the
# benchmark")
build_kind() {
	meson introspect --buildoptions "$build" 2>/dev/null | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print("%s, lto %s, pgo %s" % (o.get("buildtype", "?"), "on" if o.get("b_lto") else "off",
                             o.get("b_pgo", "off")))
' 2>/dev/null || echo unknown
}

echo "machine: $(nproc) cores, $(uname -r), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "commit:  $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "build:   $(build_kind)"
echo "rounds:  $rounds, interleaved"

# run NAME CMD...: one timed run, appended to $work/NAME as "wall_s rss_kib";
# wall from bash's microsecond clock (/usr/bin/time's is 10 ms), peak RSS
# from /usr/bin/time
run() {
	local name=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	if ! /usr/bin/time -f '%M' -o "$work/t" "$@" >/dev/null 2>"$work/err"; then
		echo "bench: $name failed:" >&2
		tail -3 "$work/err" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $(tail -1 "$work/t")" \
		>>"$work/$name"
}

# median FILE COLUMN
median() {
	sort -g -k"$2,$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'
}

# report NAME UNITS COUNT: min, median, ratio to the text replay, peak, rate
report() {
	local name=$1 units=$2 count=$3 min med ratio rss rate
	min=$(sort -g "$work/$name" | head -1 | cut -d' ' -f1)
	med=$(median "$work/$name" 1)
	paste -d' ' "$work/$name" "$work/replay-text" | awk '{print (($3 > 0) ? $1 / $3 : 0)}' >"$work/ratio"
	ratio=$(median "$work/ratio" 1)
	rss=$(median "$work/$name" 2)
	rate=$(awk -v n="$count" -v t="$med" 'BEGIN {printf "%.0f", ((t > 0) ? n / t : 0)}')
	printf '  %-22s %8.3f %8.3f %8.2f %9.1f %12s %s/s\n' "$name" "$min" "$med" "$ratio" \
		"$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$rate" "$units"
}

have() { command -v "$1" >/dev/null 2>&1; }

IFS=, read -ra size_list <<<"$sizes"
for n in "${size_list[@]}"; do
	case $n in '' | *[!0-9]*) echo "bench: bad size '$n'" >&2; exit 2 ;; esac
	pcap=$work/bulk-$n.pcap
	"$tfosim" run bulk --connections "$n" --pcap "$pcap" >/dev/null
	packets=$("$loop" "$pcap" | sed 's/^packets \([0-9]*\),.*/\1/')
	echo
	echo "== bulk, $n connections: $packets packets, $(($(stat -c %s "$pcap") / 1048576)) MiB of pcap"
	names=(replay-text replay-json pcap-loop)
	cmds=("$tfosim replay $pcap" "$tfosim replay --format json $pcap" "$loop $pcap")
	for ref in tcpdump tshark tcptrace; do
		if have $ref; then
			names+=("$ref")
			case $ref in
			tcpdump) cmds+=("tcpdump -n -r $pcap") ;;
			tshark) cmds+=("tshark -q -z conv,tcp -r $pcap") ;;
			tcptrace) cmds+=("tcptrace -n $pcap") ;;
			esac
		else
			echo "  ($ref not installed: skipped)"
		fi
	done
	names+=(simulator simulator-tfo-off)
	cmds+=("$tfosim run bulk --connections $n"
		"$tfosim run bulk --connections $n --simulate-tfo-off")
	for name in "${names[@]}"; do : >"$work/$name"; done
	for ((r = 0; r < rounds; r++)); do
		for i in "${!names[@]}"; do
			# shellcheck disable=SC2086
			run "${names[$i]}" ${cmds[$i]}
		done
	done
	printf '  %-22s %8s %8s %8s %9s %12s\n' figure "min s" "median s" "/text" "peak MiB" rate
	for name in "${names[@]}"; do
		if [ "${name%%-*}" = simulator ]; then
			# connections as written; bulk's TFO-off run is derived unless
			# --simulate-tfo-off (simulator-tfo-off) asks for it simulated
			report "$name" conn "$n"
		else
			report "$name" packets "$packets"
		fi
	done
done
echo
echo "== cookies, through libtfo.so"
"$cookies" "$((rounds * 2 + 1))" 200000 | sed 's/^/  /'
echo
echo "== cookies, libtfo linked into the program (as in tfosim)"
"$cookies_in" "$((rounds * 2 + 1))" 200000 | sed 's/^/  /'

[ "$scale" = 1 ] || exit 0

# together P NAME CMD...: P copies of CMD started at once; appends the wall
# seconds until the last one ends to $work/NAME.
together() {
	local p=$1 name=$2 t0 t1 i
	shift 2
	t0=$EPOCHREALTIME
	for ((i = 0; i < p; i++)); do "$@" >/dev/null 2>&1 & done
	if ! wait; then
		echo "bench: $name failed with $p copies" >&2
		exit 1
	fi
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}' >>"$work/$name"
}

n=${size_list[-1]}
pcap=$work/bulk-$n.pcap
cores=$(nproc)
echo
echo "== independent processes at once (bulk, $n connections, $cores cores)"
printf '  %-22s %6s %9s %22s %10s\n' figure copies "median s" "total rate" "of linear"
for name in replay-text simulator; do
	for ((p = 1; p <= cores; p++)); do
		: >"$work/$name-x$p"
		for ((r = 0; r < rounds; r++)); do
			if [ $name = simulator ]; then
				together $p $name-x$p "$tfosim" run bulk --connections "$n"
			else
				together $p $name-x$p "$tfosim" replay "$pcap"
			fi
		done
		med=$(median "$work/$name-x$p" 1)
		units=packets count=$packets
		[ $name = simulator ] && units=conn count=$n
		units=$units/s
		rate=$(awk -v n="$count" -v p=$p -v t="$med" 'BEGIN {printf "%.0f", p * n / t}')
		[ $p = 1 ] && one=$rate
		printf '  %-22s %6d %9.3f %12s %-9s %10.2f\n' $name $p "$med" "$rate" $units \
			"$(awk -v r="$rate" -v o="$one" -v p=$p 'BEGIN {print r / (p * o)}')"
	done
done
