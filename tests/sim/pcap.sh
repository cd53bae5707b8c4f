#!/bin/sh
# The capture of a return visit, read by tshark and tcpdump: the first SYN
# asks for a cookie, the SYN-ACK brings it, the second SYN carries it; and
# tcpdump's text is the golden one.
# Usage: pcap.sh PATH-TO-TFOSIM TSHARK TCPDUMP GOLDEN-DIR
set -u
tfosim=$1
tshark=$2
tcpdump=$3
golden=$4
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

check() { # WHAT GOT WANT
	count=$((count + 1))
	if [ "$2" != "$3" ]; then
		failures=$((failures + 1))
		printf 'FAIL: %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3"
	fi
}

for at in client server; do
	"$tfosim" run return-visit --seed 1 --pcap "$tmp/$at.pcap" --pcap-at "$at" >/dev/null
	# Frames with a cookie request: the first SYN, only.
	req=$("$tshark" -r "$tmp/$at.pcap" -Y tcp.options.tfo.request -T fields \
		-e tcp.flags.syn -e tcp.flags.ack 2>/dev/null | tr '\t\n' ', ')
	check "$at: cookie requests" "$req" "1,0 "
	# Cookies: the first SYN-ACK hands it out, the second SYN sends it back
	# (tfosim cookie --key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4 10.0.0.1 10.0.0.2).
	cookies=$("$tshark" -r "$tmp/$at.pcap" -Y tcp.options.tfo.cookie -T fields \
		-e tcp.flags.ack -e tcp.options.tfo.cookie -e tcp.len 2>/dev/null | tr '\t\n' ', ')
	check "$at: cookies" "$cookies" "1,b65b7897f70bf77d,0 0,b65b7897f70bf77d,100 "
	# Every checksum right.
	bad=$("$tshark" -r "$tmp/$at.pcap" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
		-Y 'tcp.checksum.status == 2 || ip.checksum.status == 2' 2>/dev/null | wc -l)
	check "$at: bad checksums" "$bad" "0"
done

count=$((count + 1))
"$tcpdump" -n -tt -r "$tmp/client.pcap" 2>/dev/null >"$tmp/tcpdump"
if ! cmp -s "$golden/return-visit.tcpdump" "$tmp/tcpdump"; then
	failures=$((failures + 1))
	echo "FAIL: tcpdump's reading differs from $golden/return-visit.tcpdump"
	diff -u "$golden/return-visit.tcpdump" "$tmp/tcpdump" | head -30
fi

t_done pcap
