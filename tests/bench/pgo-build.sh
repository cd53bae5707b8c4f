#!/bin/bash
# A release build with link-time and profile-guided optimisation, for
# benchmarks (docs/performance.md, "Profile-guided optimisation").
#
#   tests/bench/pgo-build.sh [-b BUILD] [-t]
#
# Three steps in BUILD (default build-pgo), which is made afresh:
#   1. meson setup --buildtype=release -Db_lto=true -Db_pgo=generate, and the
#      instrumented tfosim, pcap-loop and cookie benchmarks;
#   2. a training run of the instrumented tfosim (below). It never runs the
#      'bulk' scenario nor replays a capture of it, which are what bench.sh
#      times: the profile comes from other work, so the benchmark measures
#      the build on input it was not trained on;
#   3. meson configure -Db_pgo=use, and the same targets built again from
#      the profile.
# -t prints the training commands and stops.
set -euo pipefail

build="build-pgo"
only_list=0
while getopts b:th opt; do
	case $opt in
	b) build=$OPTARG ;;
	t) only_list=1 ;;
	*) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
targets=(src/cli/tfosim tests/pcap-loop tests/cookie-bench tests/cookie-bench-static)
scenarios="demo first-visit return-visit stale-cookie backup-key syn-data-lost
syn-data-dropper option-stripper nat-rebind queue-overflow reset-held cookieless
exp-option-fallback lossy-mobile ipv6 kcp-echo"

# write_scenarios WORK: two of training's own, written into WORK: the other
# cookie algorithms (code a profile without them would lay out as cold),
# over IPv6, with jitter, loss and answers of many segments
write_scenarios() {
	cat >"$1/train-hmac.tfo" <<-'END'
		title training: HMAC cookies, jitter, answers of many segments
		host client addr 10.1.0.1 fastopen client
		host server addr 10.1.0.2 fastopen server cookie-alg hmac-sha256 cookie-len 16B key 01020304-05060708-090a0b0c-0d0e0f10
		link client server delay 20ms jitter 2ms
		listen server port 443 response 20000B
		connect at 0ms client server:443 request 1000B every 7ms count 5000
	END
	cat >"$1/train-aes.tfo" <<-'END'
		title training: AES cookies over IPv6, loss
		host client addr fd00::1 fastopen client
		host server addr fd00::2 fastopen server cookie-alg aes cookie-len 12B key 11121314-15161718-191a1b1c-1d1e1f20
		link client server delay 30ms loss 1%
		listen server port 80 response 3000B
		connect at 0ms client server:80 request 300B every 11ms count 5000
	END
}

# training T WORK: the commands of step 2, for the tfosim at T, one a line
training() {
	local t=$1 work=$2 s f
	for s in hmac aes; do
		echo "$t run $work/train-$s.tfo"
		echo "$t run $work/train-$s.tfo --pcap $work/train-$s.pcap"
		echo "$t replay $work/train-$s.pcap"
	done
	for s in $scenarios; do
		for seed in 1 2 3; do
			echo "$t run $s --seed $seed"
			echo "$t run $s --seed $seed --format json --log"
		done
	done
	# captures to train replay: many connections on a lossy, jittery path,
	# a return visit over IPv4 and over IPv6
	echo "$t run lossy-mobile --connections 20000 --pcap $work/lossy-mobile.pcap"
	echo "$t run return-visit --pcap $work/return-visit.pcap"
	echo "$t run ipv6 --pcap $work/ipv6.pcap"
	for s in lossy-mobile return-visit ipv6; do
		echo "$t replay $work/$s.pcap"
		echo "$t replay --format json $work/$s.pcap"
	done
	for f in "$root"/traces/*.pcap; do
		echo "$t replay $f"
		echo "$t replay --format json $f"
	done
	echo "$t script $root/tests/scripts/*.pkt"
	echo "$t sweep --rtt 10ms..100ms/30ms --loss 0%,2% --seeds 2"
	echo "$t compare"
}

if [ "$only_list" = 1 ]; then
	training tfosim WORK
	exit 0
fi
command -v meson >/dev/null || { echo "pgo-build: meson missing" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# -Wno-missing-profile: the test programs are never run in training, and the
# compiler would warn for each of their files. An existing BUILD must be a
# meson build directory: it is wiped, anything else is left alone.
if [ -e "$build" ] && [ ! -d "$build/meson-private" ]; then
	echo "pgo-build: $build exists and is not a meson build directory" >&2
	exit 2
fi
wipe=()
[ -d "$build/meson-private" ] && wipe=(--wipe)
meson setup "${wipe[@]}" "$build" "$root" --buildtype=release -Db_lto=true \
	-Db_pgo=generate -Dc_args=-Wno-missing-profile >/dev/null
ninja -C "$build" "${targets[@]}" >/dev/null
find "$build" -name '*.gcda' -delete
echo "pgo-build: training $build/src/cli/tfosim"
write_scenarios "$work"
while read -r line; do
	rc=0
	# shellcheck disable=SC2086
	$line >/dev/null 2>"$work/err" || rc=$?
	# a check that fails (exit 1) still trained; anything else is an error
	if [ "$rc" -gt 1 ]; then
		echo "pgo-build: training failed ($rc): $line" >&2
		tail -3 "$work/err" >&2
		exit 1
	fi
done < <(training "$build/src/cli/tfosim" "$work")
meson configure "$build" -Db_pgo=use >/dev/null
ninja -C "$build" "${targets[@]}" >/dev/null
echo "pgo-build: $build is ready: tests/bench/bench.sh -b $build"
