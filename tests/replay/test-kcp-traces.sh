#!/bin/sh
# tfosim replay --kcp over the real kcptun captures in traces/ (their stored
# analyses, traces/kcptun-*.kcp.json, and what traces/manifest.txt says
# kcp-go did), over a capture of the simulator's own KCP (plain segments:
# what the simulator says it sent), and on bad input.
# Usage: test-kcp-traces.sh TFOSIM TRACES-DIR
set -u
tfosim=$1
dir=$2
case $tfosim in /*) ;; *) tfosim=$PWD/$tfosim ;; esac
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# The stored analysis, byte for byte (run in the folder: the file name is in it).
for expect in "$dir"/kcptun-*.kcp.json; do
	name=$(basename "$expect" .kcp.json)
	count=$((count + 1))
	(cd "$dir" && "$tfosim" replay --kcp 4000 --format json "$name.pcap") >"$tmp/got" 2>&1
	cmp -s "$tmp/got" "$expect" || {
		fail "$name: the analysis differs from $name.kcp.json"
		diff "$expect" "$tmp/got" | head -20
	}
done

# The manifest: every datagram behind kcp-go's header, none undecodable, the
# workload's 500 messages (and smux's frames) sent new by the client.
grep '^kcp ' "$dir/manifest.txt" | while read -r _ name rest; do
	count=$((count + 1))
	framing=$(echo "$rest" | sed -n 's/.*framing=\([a-z-]*\).*/\1/p')
	"$tfosim" replay --kcp 4000 "$dir/$name.pcap" >"$tmp/text" 2>&1
	case $framing in
	kcp-go) grep -q ' 0 plain KCP, [0-9]* behind kcp-go.s 20-byte header (nonce, CRC32), 0 not KCP$' "$tmp/text" ;;
	*) false ;;
	esac || echo "$name: framing is not $framing" >>"$tmp/manifest-failures"
done

# The simulator's own capture: plain KCP; the client's 25 messages, no header.
count=$((count + 1))
"$tfosim" run kcp-echo --pcap "$tmp/sim.pcap" >/dev/null 2>&1 &&
	"$tfosim" replay --kcp 4000 "$tmp/sim.pcap" >"$tmp/sim" 2>&1
if ! grep -q ' 0 behind kcp-go' "$tmp/sim" || ! grep -q 'PUSH 25 new (200 B, 25 messages)' "$tmp/sim"; then
	fail "the simulator's capture read back"
	cat "$tmp/sim"
fi

# Bad input: a missing file and a file that is not a capture, exit 2 with the name.
count=$((count + 1))
"$tfosim" replay --kcp 4000 "$tmp/none.pcap" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "none.pcap" "$tmp/out" || fail "a missing file: $(cat "$tmp/out")"
count=$((count + 1))
echo "not a capture" >"$tmp/bad.pcap"
"$tfosim" replay --kcp 4000 "$tmp/bad.pcap" >"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q "bad.pcap" "$tmp/out" || fail "not a capture: $(cat "$tmp/out")"
count=$((count + 1))
"$tfosim" replay --kcp 0 "$tmp/bad.pcap" >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "--kcp 0 must be refused"
count=$((count + 1))
"$tfosim" replay --kcp 4000 --key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4 "$dir/kcptun-fast3.pcap" \
	>"$tmp/out" 2>&1
[ $? -eq 2 ] && grep -q -e "--kcp goes with --format only" "$tmp/out" ||
	fail "--kcp with --key must be refused: $(cat "$tmp/out")"

[ -f "$tmp/manifest-failures" ] && {
	cat "$tmp/manifest-failures"
	failures=$((failures + $(wc -l <"$tmp/manifest-failures")))
}
t_done
