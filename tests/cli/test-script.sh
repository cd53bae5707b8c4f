#!/bin/sh
# tfosim script, end to end: every script in tests/script passes (each one
# passed on Linux 6.18 first), exit statuses 0/1/2 with packetdrill's
# messages, -v output identical run after run, --ladder and --pcap.
# Usage: test-script.sh PATH-TO-TFOSIM SOURCE-ROOT
set -u
tfosim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# expect STATUS STDERR ARGS...: stderr compared byte for byte (empty: none).
expect() {
	want_status=$1 want_err=$2
	shift 2
	"$tfosim" script "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	: >"$tmp/want_err"
	[ -z "$want_err" ] || printf '%s\n' "$want_err" >"$tmp/want_err"
	if [ "$status" -ne "$want_status" ] || ! cmp -s "$tmp/err" "$tmp/want_err"; then
		fail "tfosim script $* (status $status, wanted $want_status)"
		echo "  stderr: $(cat "$tmp/err")"
		echo "  wanted: $want_err"
	fi
}

scripts=$(find "$root/tests/script" -name '*.pkt' | sort)
# shellcheck disable=SC2086
expect 0 "" $scripts

cd "$tmp" || exit 1
sed 's/ack 11 <mss/ack 12 <mss/' "$root/tests/script/tcp/fastopen/server/syn-data.pkt" >ack.pkt
expect 1 "ack.pkt:12: error handling packet: live packet field tcp_ack_seq: expected: 12 (0xc) vs actual: 11 (0xb)" ack.pkt
printf '0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 frobnicate(3) = 0\n' >call.pkt
expect 2 "call.pkt:2: unknown system call 'frobnicate'" call.pkt
printf '0 < S 0:0(0)\n' >syntax.pkt
expect 2 "syntax.pkt:1: syntax error: an inbound packet needs 'win N'" syntax.pkt
expect 2 "missing.pkt: cannot open the script" missing.pkt
# The worst verdict wins; every failure is reported.
expect 2 "ack.pkt:12: error handling packet: live packet field tcp_ack_seq: expected: 12 (0xc) vs actual: 11 (0xb)
call.pkt:2: unknown system call 'frobnicate'" ack.pkt call.pkt
expect 2 "tfosim: script: --mtu=5: mtu is a number from 576 to 65535" --mtu=5 ack.pkt
expect 2 "tfosim: script: unknown option '-x' (try 'tfosim script --help')" -x ack.pkt
expect 2 "tfosim: script: --colour=red: unknown option" --colour=red ack.pkt
# -D replaces an identifier; the command line wins over a script's option lines.
sed 's/FO 3021b9d889017eeb/FO COOKIE/' "$root/tests/script/tcp/fastopen/server/syn-data.pkt" >d.pkt
expect 0 "" -D COOKIE=3021b9d889017eeb d.pkt
expect 1 "d.pkt:12: error handling packet: live packet field tcp_ack_seq: expected: 11 (0xb) vs actual: 1 (0x1)" -DCOOKIE=3021b9d889017eec d.pkt
expect 1 "d.pkt:12: error handling packet: live packet field tcp_ack_seq: expected: 11 (0xb) vs actual: 1 (0x1)" --remote_ip=192.0.2.9 -D COOKIE=3021b9d889017eeb d.pkt

# -v: the same script prints the same lines every run.
s="$root/tests/script/tcp/fastopen/client/cookie-use.pkt"
"$tfosim" script -v "$s" >v1 2>&1 || fail "-v run 1"
"$tfosim" script -v "$s" >v2 2>&1 || fail "-v run 2"
cmp -s v1 v2 || fail "-v output differs between runs"
grep -q '^0.100000 < IP 192.0.2.1.8080 > 192.168.0.1.[0-9]*: Flags \[S.\], seq 1234, ack [0-9]*, win 5840' v1 ||
	fail "-v does not show the SYN-ACK at 0.1 s"
grep -q '^0.000000   sendto(3, ..., 1000, MSG_FASTOPEN, ..., ...) = -1 EINPROGRESS$' v1 || fail "-v does not show the call"

# --ladder draws the run; --pcap writes a capture tcpdump could read.
"$tfosim" script --ladder "$s" >ladder 2>&1 || fail "--ladder run"
grep -q '^connection 2: 192.168.0.1:[0-9]* -> 192.0.2.1:8080, request 1000 B' ladder || fail "--ladder: no second connection"
grep -q 'ESTABLISHED' ladder || fail "--ladder shows no state"
"$tfosim" script --pcap cap.pcap "$s" || fail "--pcap run"
[ "$(od -An -tx1 -N4 cap.pcap | tr -d ' ')" = "4d3cb2a1" ] || fail "--pcap header"
[ "$(wc -c <cap.pcap)" -gt 400 ] || fail "--pcap holds too little"

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "ok"
