#!/bin/sh
# tfosim run and tfosim demo end to end: exit statuses, exact error
# messages, and that a bad scenario runs nothing.
# Usage: cli-run.sh PATH-TO-TFOSIM
set -u
tfosim=$1
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# expect STATUS STDERR-LINE ARGS...: no stdout when STATUS is 2.
expect() {
	want_status=$1 want_err=$2
	shift 2
	count=$((count + 1))
	"$tfosim" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	err=$(cat "$tmp/err")
	if [ "$status" -ne "$want_status" ] || [ "$err" != "$want_err" ] ||
		{ [ "$status" -eq 2 ] && [ -s "$tmp/out" ]; }; then
		failures=$((failures + 1))
		echo "FAIL: tfosim $*"
		echo "  status $status, wanted $want_status"
		echo "  stderr: $err"
		echo "  wanted: $want_err"
	fi
}

printf 'host c\nhost s\nlink c s delay 100\n' >"$tmp/bad.scn"
printf 'host c\nhost s\nlink c s delay 1ms\nconnect at 0ms c s:80\n' >"$tmp/ok.scn"
HELP="(try 'tfosim run --help')"

expect 2 "$tmp/bad.scn:3:16: expected a time with a unit (e.g. 100ms), got '100'" \
	run "$tmp/bad.scn"
expect 2 "tfosim: run: expected one SCENARIO, a built-in name or a file $HELP" run
expect 2 "tfosim: run: cannot read 'no-such.scn': No such file or directory (and no built-in \
has that name; try 'tfosim run --list')" run no-such.scn
expect 2 "tfosim: run: unknown option '--fast' $HELP" run demo --fast
expect 2 "tfosim: run: option '--seed' needs an argument" run demo --seed
expect 2 "tfosim: run: bad --seed 'x': expected a number" run demo --seed x
expect 2 "tfosim: run: bad --format 'xml': expected text or json" run demo --format xml
expect 2 "tfosim: run: bad --ladder 'some': expected a number, all or none" run demo --ladder some
expect 2 "tfosim: run: bad --connections '0': expected 1 to 1000000000" run bulk --connections 0
expect 2 "tfosim: run: bad --pcap-at 'router': expected client, server or a host of the \
scenario" run demo --pcap "$tmp/x.pcap" --pcap-at router
expect 2 "tfosim: run: no built-in scenario 'nope' (try 'tfosim run --list')" run --print nope
expect 2 "tfosim: demo: unknown option '--seed' (try 'tfosim run demo' for the run's options)" demo --seed 2
expect 2 "tfosim: demo: takes no arguments (try 'tfosim run demo' for options)" demo 2
expect 0 "" run "$tmp/ok.scn" --ladder none
expect 0 "" run --list
expect 0 "" demo --help

# --print gives back a scenario that runs exactly like the built-in.
count=$((count + 1))
"$tfosim" run --print stale-cookie >"$tmp/stale.scn"
"$tfosim" run stale-cookie >"$tmp/a"
"$tfosim" run "$tmp/stale.scn" | sed "1s|$tmp/stale.scn|stale-cookie|" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || {
	failures=$((failures + 1))
	echo "FAIL: the printed stale-cookie does not run like the built-in"
}

# A refused connection: the same word in the table and the summary.
count=$((count + 1))
cat >"$tmp/refused.scn" <<'SCN'
host c addr 10.0.0.1
host s addr 10.0.0.2
link c s delay 10ms
listen s port 80 response 100B
connect at 0ms c s:81 request 10B
connect at 0ms c s:80 request 10B
SCN
"$tfosim" run "$tmp/refused.scn" --ladder none >"$tmp/refused.out"
if ! grep -q '^    1  refused  *refused  *refused  *-$' "$tmp/refused.out" ||
	! grep -q '^connections: 2 (1 done, 1 failed: 1 refused; 0 unfinished)$' "$tmp/refused.out"; then
	failures=$((failures + 1))
	echo "FAIL: a refused connection is not 'refused' in the table and the summary:"
	cat "$tmp/refused.out"
fi

t_done cli-run
