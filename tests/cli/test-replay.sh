#!/bin/sh
# tfosim replay, end to end: exit statuses and exact messages for bad
# input, --expect / --write-expect, stdin, and the report of the seed
# trace. Usage: test-replay.sh PATH-TO-TFOSIM TRACES-DIR
set -u
tfosim=$1
traces=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
failures=0

# expect STATUS STDOUT-FILE STDERR-TEXT ARGS...: STDOUT-FILE "-" means any.
expect() {
	want_status=$1 want_out=$2 want_err=$3
	shift 3
	count=$((count + 1))
	"$tfosim" replay "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	: >"$tmp/want_err"
	[ -z "$want_err" ] || printf '%s\n' "$want_err" >"$tmp/want_err"
	if [ "$status" -ne "$want_status" ] || ! cmp -s "$tmp/err" "$tmp/want_err" ||
		{ [ "$want_out" != - ] && ! cmp -s "$tmp/out" "$want_out"; }; then
		failures=$((failures + 1))
		echo "FAIL: tfosim replay $*"
		echo "  status $status, wanted $want_status"
		echo "  stdout:"
		cat "$tmp/out"
		echo "  stderr: $(cat "$tmp/err")"
		echo "  wanted: $want_err"
	fi
}

printf 'garbage\001\002\n' >"$tmp/garbage"
: >"$tmp/empty"
head -c 1000 "$traces/cold-warm.pcap" >"$tmp/cut.pcap"
head -c 30 "$traces/cold-warm.pcap" >"$tmp/header-cut.pcap"
printf '1. IP 127.0.0.1.1 > 127.0.0.1.2: Flags [S], seq 1\n' >"$tmp/cut.txt"

expect 2 - "tfosim: replay: $tmp/garbage: not a pcap, pcapng or tcpdump text file" \
	"$tmp/garbage"
expect 2 - "tfosim: replay: $tmp/empty: not a pcap, pcapng or tcpdump text file" "$tmp/empty"
expect 2 - "tfosim: replay: $tmp/nothing: No such file or directory" "$tmp/nothing"
expect 2 - "tfosim: replay: $tmp/header-cut.pcap: packet 1: truncated dump file; tried to read 16 header bytes, only got 6" \
	"$tmp/header-cut.pcap"
expect 2 - "tfosim: replay: warning: $tmp/cut.txt:1: no length field: the line is cut short or is not tcpdump output
tfosim: replay: $tmp/cut.txt:1: no length field: the line is cut short or is not tcpdump output; no line of the file could be read" \
	"$tmp/cut.txt"
expect 0 - "tfosim: replay: warning: $tmp/cut.pcap: packet 11: truncated dump file; tried to read 66 captured bytes, only got 62; the rest of the file is skipped" \
	"$tmp/cut.pcap"
expect 2 - "tfosim: replay: expected at least one FILE (try 'tfosim replay --help')"
expect 2 - "tfosim: replay: bad --rekey (expected N=KEY[,BACKUP]) 'x'" --key 1-2-3-4 --rekey x \
	"$traces/plain.pcap"
expect 2 - "tfosim: replay: bad key '1-2-3': expected xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx[,BACKUP] (siphash needs 128-bit keys)" \
	--key 1-2-3 "$traces/plain.pcap"

# The seed blog's trace: rejected, no times.
cat >"$tmp/seed.out" <<'OUT'
1 127.0.0.1:51902 > 127.0.0.1:8000 tfo-rejected option=standard cookie_sent=ce80700cf8e6113c cookie_granted=- cookie_check=unchecked syn_data_bytes=6 rtt_us=- saved_us=- saved_rtts=0 request_to_response_us=-
connections: 1 (tfo-accepted 0, tfo-partial 0, tfo-rejected 1, cookie-request 0, plain 0, incomplete 0)
tfo used: 0 of 1 connections (0.0%)
time saved: 0 RTTs (the trace has no times)
packets: 9
anomalies: none
OUT
expect 0 "$tmp/seed.out" "" "$traces/seed-blog.numbered.txt"

# The same as a ladder: the golden file, byte for byte.
expect 0 "$(dirname "$0")/../replay/seed-blog.ladder" "" --ladder "$traces/seed-blog.numbered.txt"

# --write-expect, then --expect: a match, then a difference.
expect 0 - "" --write-expect "$tmp/plain.json" "$traces/plain.pcap"
printf 'the analysis matches %s\n' "$tmp/plain.json" >"$tmp/match.out"
expect 0 "$tmp/match.out" "" --expect "$tmp/plain.json" "$traces/plain.txt"
sed 's/"outcome": "plain"/"outcome": "tfo-accepted"/' "$tmp/plain.json" >"$tmp/wrong.json"
cat >"$tmp/diff.out" <<OUT
connection 1 (127.0.0.1:32774 > 127.0.0.1:8107): outcome: expected "tfo-accepted", got "plain"
connection 2 (127.0.0.1:32782 > 127.0.0.1:8107): outcome: expected "tfo-accepted", got "plain"
2 differences from $tmp/wrong.json
OUT
expect 1 "$tmp/diff.out" "" --expect "$tmp/wrong.json" "$traces/plain.pcap"

# Standard input, in either format.
count=$((count + 1))
if ! "$tfosim" replay --format json - <"$traces/ipv6.pcap" >"$tmp/a.json" ||
	! "$tfosim" replay --format json "$traces/ipv6.pcap" >"$tmp/b.json" ||
	! cmp -s "$tmp/a.json" "$tmp/b.json"; then
	failures=$((failures + 1))
	echo "FAIL: stdin pcap differs from the file"
fi

echo "$((count - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
