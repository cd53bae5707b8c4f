#!/bin/sh
# tfosim run/replay --html, --svg, --connection and --step, end to end:
# files written whole (or not at all), the text output unchanged, exact
# errors and exit statuses. The pages' behaviour in a browser is
# tests/browser's job. Usage: test-classroom.sh TFOSIM TRACES-DIR
set -u
tfosim=$1
traces=$2
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

ok() {
	count=$((count + 1))
	if ! eval "$2"; then
		failures=$((failures + 1))
		echo "FAIL: $1"
	fi
}

# fails STATUS MESSAGE ARGS...: tfosim ARGS exits with STATUS, printing only MESSAGE on stderr.
fails() {
	want_status=$1 want_err=$2
	shift 2
	count=$((count + 1))
	"$tfosim" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	printf '%s\n' "$want_err" >"$tmp/want_err"
	if [ "$status" -ne "$want_status" ] || ! cmp -s "$tmp/err" "$tmp/want_err"; then
		failures=$((failures + 1))
		echo "FAIL: tfosim $*"
		echo "  status $status, wanted $want_status"
		echo "  stderr: $(cat "$tmp/err")"
		echo "  wanted: $want_err"
	fi
}

# The page and the drawing, beside the usual text.
"$tfosim" run demo >"$tmp/plain.txt" 2>&1
"$tfosim" run demo --html "$tmp/demo.html" --svg "$tmp/demo.svg" --connection 3 \
	>"$tmp/with.txt" 2>&1
ok "run --html/--svg exits 0" '[ $? -eq 0 ]'
ok "the text output does not change" 'cmp -s "$tmp/plain.txt" "$tmp/with.txt"'
ok "the page is HTML" '[ "$(head -n 1 "$tmp/demo.html")" = "<!DOCTYPE html>" ]'
ok "the page ends" '[ "$(tail -n 1 "$tmp/demo.html")" = "</html>" ]'
ok "the page has a section per connection" \
	'[ "$(grep -c "<section class=\"conn\"" "$tmp/demo.html")" -eq 3 ]'
ok "the page has the runs with TFO off" \
	'[ "$(grep -c "<figure class=\"run-off\">" "$tmp/demo.html")" -eq 3 ]'
ok "the page fetches nothing" '! grep -q -e "https\?:" -e "<link" -e " src=" "$tmp/demo.html"'
ok "the SVG is well-formed XML with 9 segments" \
	'[ "$(python3 -c "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); print(sum(1 for g in r.iter(\"{http://www.w3.org/2000/svg}g\") if \"seg\" in g.get(\"class\", \"\").split()))" "$tmp/demo.svg")" = 9 ]'
ok "the SVG is the return visit" 'grep -q "<title id=\"ladder-t\">connection 3: " "$tmp/demo.svg"'
ok "no temporary file is left" '[ "$(ls -A "$tmp" | grep -c tmp)" -eq 0 ]'
"$tfosim" run demo --html "$tmp/again.html" >/dev/null 2>&1
ok "the same run gives the same page" 'cmp -s "$tmp/demo.html" "$tmp/again.html"'

# Replay.
"$tfosim" replay "$traces/cold-warm.pcap" >"$tmp/r-plain.txt" 2>&1
"$tfosim" replay "$traces/cold-warm.pcap" --html "$tmp/cw.html" --svg "$tmp/cw.svg" \
	--connection 2 >"$tmp/r-with.txt" 2>&1
ok "replay --html/--svg exits 0" '[ $? -eq 0 ]'
ok "the replay's text does not change" 'cmp -s "$tmp/r-plain.txt" "$tmp/r-with.txt"'
ok "the replay page has the 3 connections" \
	'[ "$(grep -c "<section class=\"conn\"" "$tmp/cw.html")" -eq 3 ]'
ok "the replay SVG has the 8 packets of connection 2" \
	'[ "$(grep -c "<g class=\"seg " "$tmp/cw.svg")" -eq 8 ]'

# The demo takes the same options.
"$tfosim" demo >"$tmp/demo-plain.txt" 2>&1
"$tfosim" demo --html "$tmp/d.html" --svg "$tmp/d.svg" --connection 3 >"$tmp/demo-with.txt" 2>&1
ok "demo --html/--svg exits 0" '[ $? -eq 0 ]'
ok "the demo's text does not change" 'cmp -s "$tmp/demo-plain.txt" "$tmp/demo-with.txt"'
ok "the demo page is run demo's page" 'cmp -s "$tmp/d.html" "$tmp/demo.html"'
ok "the demo SVG is run demo's" 'cmp -s "$tmp/d.svg" "$tmp/demo.svg"'
fails 2 "tfosim: demo: option '--html' needs an argument" demo --html

# Stepping without a terminal runs through.
"$tfosim" run demo --step </dev/null >"$tmp/step.txt" 2>&1
ok "--step exits 0" '[ $? -eq 0 ]'
ok "--step shows the 30 segments" '[ "$(grep -c "^\[[0-9]*/[0-9]*\] " "$tmp/step.txt")" -eq 30 ]'
ok "--step leaves out the ladders" '! grep -q "^== ladders" "$tmp/step.txt"'
ok "--step ends with the summary" 'grep -q "^== summary" "$tmp/step.txt"'
ok "--step does not wait without a terminal" '! grep -q "Enter: next" "$tmp/step.txt"'
ok "--step explains the return visit's SYN" \
	'grep -q "The server checks the cookie with its primary key: valid; it hands the" "$tmp/step.txt"'

# Errors.
fails 2 "tfosim: run: bad --connection '0': expected a connection number from 1" \
	run demo --svg "$tmp/x.svg" --connection 0
fails 2 "tfosim: run: --connection chooses the connection --svg draws; give --svg FILE" \
	run demo --connection 2
fails 2 "tfosim: run: no ladder for connection 4 to draw in '$tmp/x.svg' (ladders were kept for 3 connections; see --ladder)" \
	run demo --svg "$tmp/x.svg" --connection 4
ok "nothing is left of a failed SVG" '[ ! -e "$tmp/x.svg" ] && [ "$(ls -A "$tmp" | grep -c tmp)" -eq 0 ]'
fails 2 "tfosim: $tmp/no/such/dir.html: No such file or directory" \
	run demo --html "$tmp/no/such/dir.html"
fails 2 "tfosim: run: --html -: standard output has the text report; give a file name" \
	run demo --html -
fails 2 "tfosim: run: --step prints text; it does not go with --format json" \
	run demo --step --format json
fails 2 "tfosim: replay: --check DIR takes no FILE and no other option but --max-anomalies (the settings come from each expectation)" \
	replay --check "$traces" --html "$tmp/x.html"
fails 2 "tfosim: replay: --connection chooses the connection --svg draws; give --svg FILE" \
	replay "$traces/cold-warm.pcap" --connection 2
fails 2 "tfosim: replay: no ladder for connection 9 to draw in '$tmp/x.svg' (ladders were kept for 3 connections)" \
	replay "$traces/cold-warm.pcap" --svg "$tmp/x.svg" --connection 9

t_done
