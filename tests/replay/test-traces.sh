#!/bin/sh
# Replays every real trace in traces/: the pcap and each tcpdump text form
# must give the stored analysis traces/NAME.expect.json (the numbered form,
# which has no times, all but the timed fields), the per-visit outcome and
# cookies must be what traces/manifest.txt says Linux did, and with
# --conform the libtfo server must answer every SYN as Linux did.
# Usage: test-traces.sh TFOSIM TRACES-DIR
set -u
tfosim=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
failures=0

fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

# key_args NAME: --key for the first visit, --rekey N=KEY where the key changes.
key_args() {
	prev=
	n=0
	grep "^visit $1/" "$dir/manifest.txt" | while read -r _ _ key _; do
		n=$((n + 1))
		key=${key#key=}
		if [ -z "$prev" ]; then
			printf -- '--key %s' "$key"
		elif [ "$key" != "$prev" ]; then
			printf -- ' --rekey %s=%s' "$n" "$key"
		fi
		prev=$key
	done
}

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

run_expect() {
	count=$((count + 1))
	# shellcheck disable=SC2086
	if ! "$tfosim" replay $1 --expect "$2" "$3" >"$tmp/out" 2>&1; then
		fail "tfosim replay $1 --expect $2 $3"
		cat "$tmp/out"
	fi
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
		! grep -q "^conformance: $3 match, 0 mismatch, 0 skipped$" "$tmp/conform"; then
		fail "tfosim replay --conform $1 $2 (status $status, $matches of $3 match)"
		grep '^conform' "$tmp/conform"
	fi
}

for pcap in "$dir"/*.pcap; do
	name=$(basename "$pcap" .pcap)
	case $name in kcptun-*) continue ;; esac # KCP over UDP: tests/replay/test-kcp-traces.sh
	args=$(key_args "$name")
	expect=$dir/$name.expect.json
	run_expect "$args" "$expect" "$pcap"
	run_expect "$args" "$expect" "$dir/$name.txt"
	run_expect "$args" "$expect" "$dir/$name.tt.txt"
	run_expect "$args --ignore-times" "$expect" "$dir/$name.numbered.txt"
	manifest_check "$name" "$args"
	visits=$(grep -c "^visit $name/" "$dir/manifest.txt")
	for f in "$pcap" "$dir/$name.txt" "$dir/$name.tt.txt" "$dir/$name.numbered.txt"; do
		conform "$args" "$f" "$visits"
	done
done

# pcapng: a copy of cold-warm made with 'editcap -F pcapng'.
run_expect "$(key_args cold-warm)" "$dir/cold-warm.expect.json" "$dir/cold-warm.pcapng"
conform "$(key_args cold-warm)" "$dir/cold-warm.pcapng" 3

# The seed blog's trace: Fast Open rejected, not accepted (see docs/replay.md),
# as by a listener without Fast Open.
run_expect "" "$dir/seed-blog.expect.json" "$dir/seed-blog.numbered.txt"
conform "" "$dir/seed-blog.numbered.txt" 1

# A check that can fail: qlen-overflow's third visit overflowed a queue of 1.
count=$((count + 1))
# shellcheck disable=SC2046
"$tfosim" replay --conform $(key_args qlen-overflow) --qlen 16 "$dir/qlen-overflow.pcap" \
	>"$tmp/conform" 2>&1
status=$?
if [ "$status" -ne 1 ] || ! grep -q '^conform 3 .* mismatch: SYN-ACK ack: trace ISN+1, libtfo ISN+7$' "$tmp/conform"; then
	fail "qlen-overflow with --qlen 16 (status $status) must mismatch on visit 3"
	cat "$tmp/conform"
fi

[ -f "$tmp/manifest-failures" ] && failures=$((failures + $(wc -l <"$tmp/manifest-failures")))
echo "$((count - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
