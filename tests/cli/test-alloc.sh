#!/bin/sh
# Allocation failure, end to end: every allocation a tfosim run makes
# (libtfo's, the CLI's, jansson's, libpcap's, the C library's) is made to
# fail in turn. Each run must then either succeed with exactly the normal
# output, or exit 2 with a "tfosim:" message, its JSON report valid or
# empty. Never a crash, never a silent wrong answer.
# Usage: test-alloc.sh TFOSIM FAILMALLOC.so JSON-VALID TRACES-DIR
set -u
tfosim=$1
shim=$2
json_valid=$3
traces=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cases=0
runs=0
failures=0

# run N ARGS...: tfosim ARGS with the N-th allocation failing (0: none).
# LC_ALL=C: a UTF-8 locale that cannot be loaded short of memory falls
# back to ASCII output, which is right but not the same bytes.
run() {
	n=$1
	shift
	LC_ALL=C TFOSIM_FAIL_ALLOC=$n TFOSIM_ALLOC_COUNT="$tmp/count" LD_PRELOAD="$shim" \
		"$tfosim" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
}

# check KIND ARGS...: KIND is json when the output is a JSON report, text
# otherwise, or expect for --expect: jansson 2.14's parser drops a byte of
# a string when its token buffer cannot grow, and says nothing, so a stored
# expectation read short of memory can show a false difference (exit 1).
check() {
	json=$1
	shift
	cases=$((cases + 1))
	run 0 "$@"
	want_status=$?
	cp "$tmp/out" "$tmp/want"
	total=$(cat "$tmp/count")
	n=1
	while [ "$n" -le "$total" ]; do
		runs=$((runs + 1))
		run "$n" "$@"
		status=$?
		bad=
		if [ "$status" -eq "$want_status" ] && cmp -s "$tmp/out" "$tmp/want"; then
			:
		elif [ "$json" = expect ] && [ "$status" -eq 1 ]; then
			:
		elif [ "$status" -ne 2 ]; then
			bad="status $status"
		elif ! grep -q '^tfosim: ' "$tmp/err"; then
			bad="exit 2 without a message"
		elif [ "$json" = json ] && ! "$json_valid" "$tmp/out" >/dev/null 2>&1; then
			bad="invalid JSON: $("$json_valid" "$tmp/out" 2>&1)"
		fi
		if [ -n "$bad" ]; then
			failures=$((failures + 1))
			echo "FAIL: allocation $n of $total: tfosim $*: $bad"
			head -3 "$tmp/err"
		fi
		n=$((n + 1))
	done
}

key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4
"$tfosim" replay --write-expect "$tmp/plain.json" "$traces/plain.pcap" >/dev/null

check text replay "$traces/cold-warm.pcap"
check text replay "$traces/cold-warm.tt.txt"
check json replay --format json "$traces/cold-warm.pcap"
check text replay --ladder "$traces/cold-warm.pcap"
check expect replay --expect "$tmp/plain.json" "$traces/plain.pcap"
check text replay --write-expect - "$traces/plain.pcap"
check text replay --conform --key "$key" "$traces/cold-warm.pcap"
check json replay --conform --key "$key" --format json "$traces/cold-warm.pcap"
check text run stale-cookie
check json run --format json --ladder 1 stale-cookie
check json run --format json --log --ladder none first-visit
check text demo
check text cookie --key "$key" 192.0.2.1 192.168.0.1

echo "$cases commands, $runs failing runs, $failures failures"
[ "$failures" -eq 0 ]
