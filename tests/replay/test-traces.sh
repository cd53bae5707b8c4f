#!/bin/sh
# Replays every real trace in traces/: with 'tfosim replay --check', the
# pcap and each tcpdump text form must give the stored analysis
# traces/NAME.expect.json (the numbered form, which has no times, all but
# the timed fields) with the settings it records, and the libtfo server
# must answer every SYN as Linux did (--conform, recorded too); the
# per-visit outcome and cookies must be what traces/manifest.txt says
# Linux did, with keys taken from the manifest, not from the expectations.
# Usage: test-traces.sh TFOSIM TRACES-DIR
set -u
tfosim=$1
dir=$2
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# key_args MANIFEST NAME, shared with traces/make-expects.sh.
# shellcheck source=traces/key-args.sh
. "$dir/key-args.sh"

# What the manifest's expect= class means for replay's outcome and cookie_check.
outcome_of() {
	case $1 in
	cookie-request*|exp-cookie-request*) echo cookie-request ;;
	tfo-accepted*) echo tfo-accepted ;;
	tfo-rejected*) echo tfo-rejected ;;
	*) echo "$1" ;;
	esac
}

check_of() {
	case $1 in
	tfo-accepted-backup-key) echo valid-backup ;;
	tfo-accepted-no-cookie) echo - ;;
	tfo-accepted|tfo-rejected-overflow) echo valid-primary ;;
	tfo-rejected-bad-cookie) echo invalid ;;
	*) echo - ;;
	esac
}

cookie_of() {
	case $1 in
	cookie:*) echo "${1#cookie:}" ;;
	*) echo - ;;
	esac
}


# manifest_check NAME ARGS: each visit line of the report against the manifest.
manifest_check() {
	# shellcheck disable=SC2086
	"$tfosim" replay $2 "$dir/$1.pcap" >"$tmp/report" 2>&1
	n=0
	grep "^visit $1/" "$dir/manifest.txt" | while read -r _ visit _ class syn data synack _; do
		n=$((n + 1))
		class=${class#expect=}
		want="$(outcome_of "$class") option=.* cookie_sent=$(cookie_of "${syn#syn=}")"
		want="$want cookie_granted=$(cookie_of "${synack#synack=}")"
		want="$want cookie_check=$(check_of "$class") syn_data_bytes=${data#syn_data=} "
		if ! grep -q "^$n [^ ]* > [^ ]* $want" "$tmp/report"; then
			echo "FAIL: $visit: wanted '$want' in line $n of"
			cat "$tmp/report"
			echo x >>"$tmp/manifest-failures"
		fi
	done
	count=$((count + 1))
}

# conform ARGS FILE VISITS: every connection's answer to its SYN matches libtfo's.
conform() {
	count=$((count + 1))
	# shellcheck disable=SC2086
	"$tfosim" replay --conform $1 "$2" >"$tmp/conform" 2>&1
	status=$?
	matches=$(grep -c '^conform [0-9]* .* match$' "$tmp/conform")
	if [ "$status" -ne 0 ] || [ "$matches" -ne "$3" ] ||
		! grep -q "^conformance: $3 match, 0 mismatch, 0 unanswered, 0 skipped$" "$tmp/conform"; then
		fail "tfosim replay --conform $1 $2 (status $status, $matches of $3 match)"
		grep '^conform' "$tmp/conform"
	fi
}

# Every trace against its expectation: the pcap, the pcapng copy of
# cold-warm, the three text forms, the seed blog's trace.
count=$((count + 1))
"$tfosim" replay --check "$dir" >"$tmp/check" 2>&1
status=$?
traces=$(grep -c '^ok ' "$tmp/check")
# the TCP pcaps (kcptun-*.pcap is KCP over UDP: tests/replay/test-kcp-traces.sh)
npcap=0
for pcap in "$dir"/*.pcap; do
	case $(basename "$pcap") in kcptun-*) ;; *) npcap=$((npcap + 1)) ;; esac
done
# each pcap with its three text forms, the pcapng copy and the blog post's trace
if [ "$status" -ne 0 ] || [ "$traces" -ne $((npcap * 4 + 2)) ]; then
	fail "tfosim replay --check $dir (status $status, $traces traces ok)"
	cat "$tmp/check"
fi

# The lossy captures (traces/lossy/, a router between client and server
# losing or rewriting packets, captured at both ends): every pcap and its
# -tt text form against its expectation, with --conform where the capture
# view can show what the server did (see traces/MANIFEST.md).
count=$((count + 1))
"$tfosim" replay --check "$dir/lossy" >"$tmp/check" 2>&1
status=$?
traces=$(grep -c '^ok ' "$tmp/check")
set -- "$dir"/lossy/*.pcap
if [ "$status" -ne 0 ] || [ "$traces" -ne $(($# * 2)) ]; then
	fail "tfosim replay --check $dir/lossy (status $status, $traces traces ok)"
	cat "$tmp/check"
fi

# --check fails on a difference, and names the trace and the field.
count=$((count + 1))
mkdir "$tmp/dir"
cp "$dir/key-rotated.pcap" "$tmp/dir/"
sed 's/"outcome": "tfo-rejected"/"outcome": "tfo-accepted"/' "$dir/key-rotated.expect.json" \
	>"$tmp/dir/key-rotated.expect.json"
"$tfosim" replay --check "$tmp/dir" >"$tmp/check" 2>&1
status=$?
if [ "$status" -ne 1 ] || ! grep -q "^FAIL $tmp/dir/key-rotated.pcap$" "$tmp/check" ||
	! grep -q '^connection 2 (.*): outcome: expected "tfo-accepted", got "tfo-rejected"$' "$tmp/check" ||
	! grep -q '^check: 1 trace against 1 expectation: 0 ok, 1 failed$' "$tmp/check"; then
	fail "--check with a wrong expectation (status $status)"
	cat "$tmp/check"
fi

# Every visit as the manifest says, and every SYN of the pcap answered as
# Linux did (none skipped).
for pcap in "$dir"/*.pcap; do
	name=$(basename "$pcap" .pcap)
	case $name in kcptun-*) continue ;; esac # KCP over UDP: tests/replay/test-kcp-traces.sh
	args=$(key_args "$dir/manifest.txt" "$name")
	manifest_check "$name" "$args"
	conform "$args" "$pcap" "$(grep -c "^visit $name/" "$dir/manifest.txt")"
done

# A check that can fail: qlen-overflow's third visit overflowed a queue of 1.
count=$((count + 1))
# shellcheck disable=SC2046
"$tfosim" replay --conform $(key_args "$dir/manifest.txt" qlen-overflow) --qlen 16 "$dir/qlen-overflow.pcap" \
	>"$tmp/conform" 2>&1
status=$?
if [ "$status" -ne 1 ] || ! grep -q '^conform 3 .* mismatch: SYN-ACK ack: trace ISN+1, libtfo ISN+7$' "$tmp/conform"; then
	fail "qlen-overflow with --qlen 16 (status $status) must mismatch on visit 3"
	cat "$tmp/conform"
fi

[ -f "$tmp/manifest-failures" ] && failures=$((failures + $(wc -l <"$tmp/manifest-failures")))
t_done
