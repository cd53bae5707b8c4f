#!/bin/sh
# tfosim replay, end to end: exit statuses and exact messages for bad
# input, --expect / --write-expect, stdin, and the report of the seed
# trace. Usage: test-replay.sh PATH-TO-TFOSIM TRACES-DIR
set -u
tfosim=$1
traces=$2
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

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
expect 2 - "tfosim: replay: bad --rekey 2 key 'zz': expected xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx[,BACKUP] (siphash needs 128-bit keys)" \
	--key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4 --rekey 2=zz "$traces/plain.pcap"
expect 2 - "tfosim: replay: bad --rekey 1 key 'zz': expected xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx[,BACKUP] (siphash needs 128-bit keys)" \
	--rekey 1=zz "$traces/plain.pcap"
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

: >"$tmp/nothing.out"

# An expectation records its keys, rekeys, algorithm and conformance
# settings: key-rotated needs two rings and the flags are not given.
"$tfosim" replay --expect "$traces/key-rotated.expect.json" "$traces/key-rotated.tt.txt" \
	>"$tmp/rekeyed.out" 2>&1
status=$?
count=$((count + 1))
if [ "$status" -ne 0 ] || ! grep -q '^conformance: 3 match, 0 mismatch, 0 unanswered, 0 skipped$' "$tmp/rekeyed.out" ||
	! grep -q "^the analysis matches $traces/key-rotated.expect.json$" "$tmp/rekeyed.out"; then
	failures=$((failures + 1))
	echo "FAIL: --expect without flags on key-rotated"
	cat "$tmp/rekeyed.out"
fi
# Flags given win over the file's: another key makes cookie_check differ.
count=$((count + 1))
"$tfosim" replay --key 00000000-00000000-00000000-00000000 \
	--expect "$traces/key-rotated.expect.json" "$traces/key-rotated.pcap" >"$tmp/out" 2>&1
status=$?
if [ "$status" -ne 1 ] || ! grep -q '^connection 3 (.*): cookie_check: expected "valid-primary", got "invalid"$' "$tmp/out"; then
	failures=$((failures + 1))
	echo "FAIL: --key over the expectation's key (status $status)"
	cat "$tmp/out"
fi
# --order is recorded and used too.
count=$((count + 1))
"$tfosim" replay --order finish --write-expect "$tmp/finish.json" "$traces/plain.pcap" >/dev/null 2>&1
if ! grep -q '"order": "finish"' "$tmp/finish.json" ||
	! "$tfosim" replay --expect "$tmp/finish.json" "$traces/plain.pcap" >/dev/null 2>&1 ||
	"$tfosim" replay --check "$tmp" >/dev/null 2>&1; then
	failures=$((failures + 1))
	echo "FAIL: --order finish not recorded, or --check of a folder without traces passes"
fi
printf '{"connections": []}\n' >"$tmp/old.json"
expect 2 "$tmp/nothing.out" "tfosim: replay: $tmp/old.json: not a tfosim expectation file (its \"format\" is not \"tfosim-expect\"; remake it with --write-expect)" \
	--expect "$tmp/old.json" "$traces/plain.pcap"
sed 's/"cookie_len": 8/"cookie_len": 7/' "$traces/plain.expect.json" >"$tmp/len.json"
expect 2 "$tmp/nothing.out" "tfosim: replay: $tmp/len.json: \"settings.cookie_len\" is not an even number from 4 to 16" \
	--expect "$tmp/len.json" "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: $traces: is a directory (--check DIR checks a folder)" \
	--expect "$traces" "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: --check DIR takes no FILE and no other option but --max-anomalies (the settings come from each expectation)" \
	--check "$traces" "$traces/plain.pcap"

# --width: the ladder's rails that far apart; only with --ladder.
expect 2 "$tmp/nothing.out" "tfosim: replay: --width goes with --ladder" \
	--width 100 "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: bad --width (expected 80 to 240 columns) '79'" \
	--ladder --width 79 "$traces/plain.pcap"
count=$((count + 1))
"$tfosim" replay --ladder --width 120 "$traces/plain.pcap" >"$tmp/wide.out" 2>&1
if [ "$(grep -c '^ *[0-9-]*  |.*|$' "$tmp/wide.out")" -lt 10 ] ||
	[ "$(grep '^ *[0-9-]*  |.*|$' "$tmp/wide.out" | awk 'length($0) != 120' | wc -l)" -ne 0 ]; then
	failures=$((failures + 1))
	echo "FAIL: replay --ladder --width 120: rungs not 120 columns"
	cat "$tmp/wide.out"
fi

# Several files: each connection names the file of its first packet.
count=$((count + 1))
"$tfosim" replay "$traces/plain.pcap" "$traces/cookieless.txt" >"$tmp/two.out" 2>&1
if [ "$(grep -c " file=$traces/plain.pcap\$" "$tmp/two.out")" -ne 2 ] ||
	[ "$(grep -c " file=$traces/cookieless.txt\$" "$tmp/two.out")" -ne 2 ]; then
	failures=$((failures + 1))
	echo "FAIL: replay of two files does not name each connection's file"
	cat "$tmp/two.out"
fi

# same_but_file A B: the two JSON reports differ only in each connection's "file".
same_but_file() {
	sed 's/, "file": "[^"]*"}/}/' "$1" >"$1.nofile"
	sed 's/, "file": "[^"]*"}/}/' "$2" >"$2.nofile"
	grep -q '"file": "(stdin)"' "$1" && cmp -s "$1.nofile" "$2.nofile"
}

# Standard input, in either format.
count=$((count + 1))
if ! "$tfosim" replay --format json - <"$traces/ipv6.pcap" >"$tmp/a.json" ||
	! "$tfosim" replay --format json "$traces/ipv6.pcap" >"$tmp/b.json" ||
	! same_but_file "$tmp/a.json" "$tmp/b.json"; then
	failures=$((failures + 1))
	echo "FAIL: stdin pcap differs from the file"
fi

# --conform: usage, the key it needs, and the seed trace both ways.
: >"$tmp/nothing.out"
expect 2 "$tmp/nothing.out" "tfosim: replay: --fastopen and --qlen go with --conform" \
	--fastopen 3 "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: bad --qlen (expected 0 to 1000000) 'x'" \
	--conform --qlen x "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: bad --fastopen (expected a number such as 0x3) '0xz'" \
	--conform --fastopen 0xz "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: --conform: the server in the trace makes Fast Open cookies (tcp_fastopen=0x3); give its key with --key" \
	--conform "$traces/cold-warm.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: $tmp/garbage: not a pcap, pcapng or tcpdump text file" \
	--conform "$tmp/garbage"

sed '1a\
conform 1 127.0.0.1:51902 > 127.0.0.1:8000 match' "$tmp/seed.out" >"$tmp/seed-conform.out"
cat >>"$tmp/seed-conform.out" <<'OUT'
conform server tcp_fastopen=0x1 (inferred)
conform listener 127.0.0.1:8000 qlen=0 (inferred)
conformance: 1 match, 0 mismatch, 0 unanswered, 0 skipped
OUT
expect 0 "$tmp/seed-conform.out" "" --conform "$traces/seed-blog.numbered.txt"

sed -e 's/cookie_check=unchecked/cookie_check=invalid/' -e '1a\
conform 1 127.0.0.1:51902 > 127.0.0.1:8000 mismatch: SYN-ACK cookie: trace none, libtfo 9609976ee4a2284d' \
	"$tmp/seed.out" >"$tmp/seed-mismatch.out"
cat >>"$tmp/seed-mismatch.out" <<'OUT'
conform server tcp_fastopen=0x3 (--fastopen)
conform listener 127.0.0.1:8000 qlen=16 (--qlen)
conformance: 0 match, 1 mismatch, 0 unanswered, 0 skipped
OUT
expect 1 "$tmp/seed-mismatch.out" "" --conform --key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4 \
	--fastopen 0x3 --qlen 16 "$traces/seed-blog.numbered.txt"

# --conform reads standard input twice (through a copy), in JSON too.
count=$((count + 1))
qkey=5eed5eed-0000ffff-12345678-9abcdef0
if ! "$tfosim" replay --conform --key $qkey --format json - <"$traces/qlen-overflow.pcap" \
	>"$tmp/a.json" ||
	! "$tfosim" replay --conform --key $qkey --format json "$traces/qlen-overflow.pcap" \
		>"$tmp/b.json" ||
	! same_but_file "$tmp/a.json" "$tmp/b.json" ||
	! grep -q '^"conformance_summary": {$' "$tmp/a.json" ||
	[ "$(grep -c '"result": "match"' "$tmp/a.json")" -ne 3 ]; then
	failures=$((failures + 1))
	echo "FAIL: --conform from stdin differs from the file, or not 3 matches"
	cat "$tmp/a.json"
fi

# A JSON report cut short by a bad input still ends, valid, with "error".
count=$((count + 1))
"$tfosim" replay --format json "$traces/plain.pcap" "$tmp/none.pcap" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -ne 2 ] || [ "$(tail -n 1 "$tmp/out")" != "\"error\": \"$tmp/none.pcap: No such file or directory\"}" ] ||
	[ "$(cat "$tmp/err")" != "tfosim: replay: $tmp/none.pcap: No such file or directory" ]; then
	failures=$((failures + 1))
	echo "FAIL: a JSON report cut short: status $status, ends $(tail -n 1 "$tmp/out")"
fi

# --conform reads an input that cannot be read twice once, into a bounded
# copy, after checking its format: a FIFO, /dev/stdin from a pipe.
"$tfosim" replay --conform --key $qkey "$traces/qlen-overflow.pcap" >"$tmp/conform-file.out"
mkfifo "$tmp/fifo"
count=$((count + 1))
cat "$traces/qlen-overflow.pcap" >"$tmp/fifo" &
if ! timeout 20 "$tfosim" replay --conform --key $qkey "$tmp/fifo" >"$tmp/conform-fifo.out" ||
	! cmp -s "$tmp/conform-file.out" "$tmp/conform-fifo.out"; then
	failures=$((failures + 1))
	echo "FAIL: --conform over a FIFO differs from the file"
fi
count=$((count + 1))
if ! cat "$traces/qlen-overflow.pcap" |
	"$tfosim" replay --conform --key $qkey /dev/stdin >"$tmp/conform-stdin.out" ||
	! cmp -s "$tmp/conform-file.out" "$tmp/conform-stdin.out"; then
	failures=$((failures + 1))
	echo "FAIL: --conform over /dev/stdin from a pipe differs from the file"
fi
# Endless input of no known format: refused at once, nothing copied.
count=$((count + 1))
timeout 20 "$tfosim" replay --conform - </dev/zero >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -ne 2 ] || [ "$(cat "$tmp/err")" != "tfosim: replay: (stdin): not a pcap, pcapng or tcpdump text file" ]; then
	failures=$((failures + 1))
	echo "FAIL: --conform - </dev/zero: status $status, $(cat "$tmp/err")"
fi
# A pcap that does not end: stopped at --max-buffer.
count=$((count + 1))
{ cat "$traces/qlen-overflow.pcap"; cat /dev/zero; } | timeout 20 "$tfosim" replay --conform \
	--max-buffer 2M --key $qkey - >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -ne 2 ] || [ "$(cat "$tmp/err")" != "tfosim: replay: (stdin): more than 2097152 bytes to keep for --conform's second pass (--max-buffer); give a regular file, or a larger --max-buffer" ]; then
	failures=$((failures + 1))
	echo "FAIL: --conform over an endless pcap: status $status, $(cat "$tmp/err")"
fi
expect 2 "$tmp/nothing.out" "tfosim: replay: --max-buffer goes with --conform" \
	--max-buffer 1M "$traces/plain.pcap"
expect 2 "$tmp/nothing.out" "tfosim: replay: bad --max-buffer (expected a size such as 512M or 2G) '0'" \
	--conform --max-buffer 0 "$traces/plain.pcap"

t_done
