#!/usr/bin/env bash
# make-kcp-traces.sh - capture real KCP (kcptun, built on kcp-go) over a lossy,
# delayed path, for `tfosim replay --kcp PORT` and docs/kcp.md.
#
# Run as root on Linux with kcptun, nft, tcpdump and python3:
#     sudo bash traces/make-kcp-traces.sh              # every mode
#     sudo bash traces/make-kcp-traces.sh fast3        # only the named kcptun modes
#
# Three namespaces: kcp-c (client: the echo client and kcptun-client), kcp-r
# (router: a UDP relay adding DELAY_MS each way, and an nft rule dropping
# LOSS% of the datagrams reaching it from either side), kcp-s (server:
# kcptun-server and a TCP echo server). kcptun runs with --crypt none
# --nocomp --datashard 0 --parityshard 0: no FEC header, and the "none"
# cipher leaves kcp-go's 20-byte header (16-byte nonce, CRC32) in front of
# plain KCP segments, which `tfosim replay --kcp` reads past. For each
# mode M it writes next to this script:
#     kcptun-M.pcap        the client's side of the UDP path (udp port 4000)
#     kcptun-M.state.txt   the settings and what the echo client measured
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT_DIR:-$HERE}
LOSS=${LOSS:-10}
DELAY_MS=${DELAY_MS:-20}
COUNT=${COUNT:-500}
EVERY_MS=20
MODES=("$@")
[ ${#MODES[@]} -gt 0 ] || MODES=(fast3 normal)

C=kcp-c R=kcp-r S=kcp-s
PIDS=()

cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	PIDS=()
	for ns in $C $R $S; do ip netns del $ns 2>/dev/null || true; done
}
trap cleanup EXIT

setup() {
	cleanup
	ip netns add $C; ip netns add $R; ip netns add $S
	ip link add kcp-c0 netns $C type veth peer name kcp-r0 netns $R
	ip link add kcp-r1 netns $R type veth peer name kcp-s0 netns $S
	ip -n $C addr add 10.77.1.1/24 dev kcp-c0
	ip -n $R addr add 10.77.1.2/24 dev kcp-r0
	ip -n $R addr add 10.77.2.1/24 dev kcp-r1
	ip -n $S addr add 10.77.2.2/24 dev kcp-s0
	for ns in $C $R $S; do ip -n $ns link set lo up; done
	ip -n $C link set kcp-c0 up; ip -n $R link set kcp-r0 up
	ip -n $R link set kcp-r1 up; ip -n $S link set kcp-s0 up
	# The datagrams reach the relay on the router: drop LOSS% in each direction there.
	ip netns exec $R nft -f - <<NFT
table inet kcploss {
	chain in {
		type filter hook input priority 0;
		udp dport 4000 numgen random mod 100 < $LOSS drop
		udp dport 4001 numgen random mod 100 < $LOSS drop
	}
}
NFT
}

capture() {
	local mode=$1 pcap=$OUT/kcptun-$1.pcap state=$OUT/kcptun-$1.state.txt
	local flags=(--crypt none --nocomp --datashard 0 --parityshard 0 --mode "$mode" --quiet)
	setup
	ip netns exec $S python3 "$HERE/kcp_echo.py" server 7000 & PIDS+=($!)
	ip netns exec $S kcptun-server -l 10.77.2.2:4000 -t 127.0.0.1:7000 "${flags[@]}" \
		>/dev/null 2>&1 & PIDS+=($!)
	ip netns exec $R python3 "$HERE/kcp_relay.py" 10.77.1.2 4000 10.77.2.1 4001 \
		10.77.2.2 4000 "$DELAY_MS" & PIDS+=($!)
	ip netns exec $C tcpdump -i kcp-c0 -s 0 -U -w "$pcap" udp port 4000 \
		>/dev/null 2>&1 & PIDS+=($!)
	ip netns exec $C kcptun-client -r 10.77.1.2:4000 -l 127.0.0.1:12948 "${flags[@]}" \
		>/dev/null 2>&1 & PIDS+=($!)
	sleep 1
	{
		echo "kcptun $(dpkg-query -W -f '${Version}' kcptun) mode $mode: ${flags[*]}"
		echo "path: kcp-c -> relay in kcp-r (+${DELAY_MS} ms each way, nft drops ${LOSS}% each way) -> kcp-s"
		echo "workload: $COUNT messages of 8 B every $EVERY_MS ms over one TCP stream through the tunnel, echoed"
		echo "kernel: $(uname -r)"
		echo -n "echo client: "
		ip netns exec $C python3 "$HERE/kcp_echo.py" client 12948 "$COUNT" "$EVERY_MS"
	} >"$state"
	sleep 1
	cleanup
	chmod 644 "$pcap" "$state"
	echo "make-kcp-traces: wrote $pcap and $state" >&2
}

for m in "${MODES[@]}"; do capture "$m"; done
