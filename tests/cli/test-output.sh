#!/bin/sh
# Outputs that cannot be written fail the run: every command, standard
# output on a full disk, named output files (--pcap, --write-expect) that
# are written whole or not at all. Usage: test-output.sh PATH-TO-TFOSIM TRACES-DIR
set -u
tfosim=$1
traces=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
failures=0

fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# full STDERR-TEXT ARGS...: tfosim ARGS with standard output on /dev/full
# exits 2 with exactly STDERR-TEXT.
full() {
	want_err=$1
	shift
	count=$((count + 1))
	"$tfosim" "$@" >/dev/full 2>"$tmp/err" </dev/null
	status=$?
	printf '%s\n' "$want_err" >"$tmp/want_err"
	if [ "$status" -ne 2 ] || ! cmp -s "$tmp/err" "$tmp/want_err"; then
		fail "tfosim $* >/dev/full: status $status, stderr: $(cat "$tmp/err")"
	fi
}

nospace="tfosim: standard output: No space left on device"
full "$nospace" replay "$traces/cold-warm.pcap"
full "$nospace" replay --format json "$traces/cold-warm.pcap"
full "$nospace" replay --ladder "$traces/cold-warm.pcap"
full "$nospace" run stale-cookie
full "$nospace" run --list
full "$nospace" run --format json stale-cookie
full "$nospace" demo
full "$nospace" cookie --key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4 192.0.2.1 192.168.0.1
full "$nospace" --help
full "$nospace" --version

echo "$count checks, $failures failures"
[ "$failures" -eq 0 ]
