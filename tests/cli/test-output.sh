#!/bin/sh
# Outputs that cannot be written fail the run: every command, standard
# output on a full disk, named output files (--pcap, --write-expect) that
# are written whole or not at all. Usage: test-output.sh PATH-TO-TFOSIM TRACES-DIR
set -u
tfosim=$1
traces=$2
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

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
full "$nospace" script -v "$(dirname "$0")/../scripts/client-cookie-exp.pkt"
full "$nospace" --help
full "$nospace" --version

# check STATUS STDERR-TEXT ARGS...: tfosim ARGS (stdout to $tmp/out) exits
# STATUS with exactly STDERR-TEXT ("-": any).
check() {
	want_status=$1 want_err=$2
	shift 2
	count=$((count + 1))
	"$tfosim" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	printf '%s\n' "$want_err" >"$tmp/want_err"
	if [ "$status" -ne "$want_status" ] ||
		{ [ "$want_err" != - ] && ! cmp -s "$tmp/err" "$tmp/want_err"; }; then
		fail "tfosim $*: status $status (wanted $want_status), stderr: $(cat "$tmp/err")"
	fi
}

# leftovers DIR: no temporary file may stay behind.
leftovers() {
	count=$((count + 1))
	if ls -A "$1" | grep -q '\.tmp-'; then
		fail "temporary files left in $1: $(ls -A "$1")"
	fi
}

# An endless trace on a full disk: the replay stops at the first write that
# fails, names the cause once, and exits 2 (it would never end otherwise).
endless() {
	awk 'BEGIN { for (i = 0; ; i++) {
		t = sprintf("12:00:00.%06d", i % 1000000); p = 1024 + i % 60000
		printf "%s IP 10.0.0.1.%d > 10.0.0.2.80: Flags [S], seq 1, win 1, length 0\n", t, p
		printf "%s IP 10.0.0.2.80 > 10.0.0.1.%d: Flags [R.], seq 0, ack 2, win 0, length 0\n", t, p
	} }'
}
for form in text json; do
	count=$((count + 1))
	endless | timeout 60 "$tfosim" replay --format $form - >/dev/full 2>"$tmp/err"
	status=$?
	if [ "$status" -ne 2 ] || [ "$(cat "$tmp/err")" != "$nospace" ]; then
		fail "endless replay --format $form >/dev/full: status $status, stderr: $(cat "$tmp/err")"
	fi
done

# Named outputs on a full device: the file and the cause are named.
check 2 "tfosim: /dev/full: No space left on device" run stale-cookie --pcap /dev/full
check 2 "tfosim: /dev/full: No space left on device" run bulk --connections 2000 --pcap /dev/full
check 2 "tfosim: /dev/full: No space left on device" replay --write-expect /dev/full \
	"$traces/cold-warm.pcap"
check 2 "tfosim: $tmp/no/such.pcap: No such file or directory" run stale-cookie \
	--pcap "$tmp/no/such.pcap"
check 2 "tfosim: $tmp: Is a directory" run stale-cookie --pcap "$tmp"

# A capture into a regular file: the same bytes as through standard output.
mkdir "$tmp/d"
check 0 - run stale-cookie --pcap "$tmp/d/a.pcap"
cp "$tmp/out" "$tmp/report-file"
check 0 - run stale-cookie --pcap -
count=$((count + 1))
cmp -s "$tmp/out" "$tmp/d/a.pcap" || fail "run --pcap - differs from run --pcap FILE"
# with --pcap -, the report goes to standard error
count=$((count + 1))
cmp -s "$tmp/err" "$tmp/report-file" || fail "run --pcap -: the report is not on stderr"
leftovers "$tmp/d"

# The umask decides a new file's mode; an existing file keeps its own.
count=$((count + 1))
(umask 027 && "$tfosim" run stale-cookie --pcap "$tmp/d/m.pcap" >/dev/null)
[ "$(stat -c %a "$tmp/d/m.pcap")" = 640 ] || fail "umask 027 gave $(stat -c %a "$tmp/d/m.pcap")"
chmod 604 "$tmp/d/m.pcap"
"$tfosim" run stale-cookie --pcap "$tmp/d/m.pcap" >/dev/null
count=$((count + 1))
[ "$(stat -c %a "$tmp/d/m.pcap")" = 604 ] || fail "the existing mode 604 became $(stat -c %a "$tmp/d/m.pcap")"

# A write that fails half-way (the file size limit): the old file stays
# whole, no temporary file is left, the cause is named.
printf 'old\n' >"$tmp/d/big.pcap"
count=$((count + 1))
(ulimit -f 64 && trap '' XFSZ && "$tfosim" run bulk --connections 2000 --pcap "$tmp/d/big.pcap" \
	>/dev/null 2>"$tmp/err")
status=$?
[ "$status" -eq 2 ] && grep -qx "tfosim: $tmp/d/big.pcap: File too large" "$tmp/err" ||
	fail "run --pcap over the size limit: status $status, stderr: $(cat "$tmp/err")"
count=$((count + 1))
[ "$(cat "$tmp/d/big.pcap")" = old ] || fail "the old capture was overwritten"
leftovers "$tmp/d"

# A FIFO is written through, never replaced: read once, the whole capture.
mkfifo "$tmp/d/fifo"
cat "$tmp/d/fifo" >"$tmp/from-fifo" &
reader=$!
check 0 - run stale-cookie --pcap "$tmp/d/fifo"
wait "$reader"
count=$((count + 1))
cmp -s "$tmp/from-fifo" "$tmp/d/a.pcap" || fail "the capture through a FIFO differs"
count=$((count + 1))
[ -p "$tmp/d/fifo" ] || fail "the FIFO was replaced"

# --write-expect: into a file, or to standard output alone with "-".
check 0 - replay --write-expect "$tmp/d/e.json" "$traces/cold-warm.pcap"
check 0 - replay --write-expect - "$traces/cold-warm.pcap"
count=$((count + 1))
cmp -s "$tmp/out" "$tmp/d/e.json" || fail "replay --write-expect - differs from the file"
leftovers "$tmp/d"

t_done
