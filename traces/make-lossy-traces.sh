#!/usr/bin/env bash
# make-lossy-traces.sh - real Linux TCP Fast Open captures with a router in
# the path that loses or rewrites chosen packets.
#
# Run as root on Linux (network namespaces, sysctl, nft, ethtool, tcpdump,
# nstat, python3):
#     sudo bash traces/make-lossy-traces.sh                 # all scenarios
#     sudo bash traces/make-lossy-traces.sh syn-data-lost   # only the named ones
#
# The lab is three namespaces, made afresh for every scenario (so the TcpExt
# counters, the client's cookie cache and the blackhole state start at zero):
#
#     fid-c  10.77.1.1, 10.77.1.3  --veth--  fid-r  --veth--  10.77.2.1  fid-s
#            (client)                       (router)                   (server)
#
# The router forwards (ip_forward=1) through an nft forward chain, where each
# scenario adds the rule that drops or rewrites what it needs.  Offloads are
# off on every veth (ethtool -K), so what is captured is what went on the wire,
# checksums included.  Each scenario is captured at both ends, on the client's
# veth and on the server's.  For each scenario NAME, into traces/lossy/ (or
# $OUT_DIR):
#     NAME-c.pcap, NAME-s.pcap  the captures at the client and at the server
#     NAME-c.tt.txt, NAME-s.tt.txt   tcpdump -n -tt -S -r of each
#     NAME.state.txt   sysctls, the nft rules as they changed, the client's
#                      cookie cache and both namespaces' TcpExt counters
#                      (nstat -asz) after each visit, and the peers' log
# Nothing leaves the machine: the addresses exist only in these namespaces.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT_DIR:-$HERE/lossy}
PEER=$HERE/tfo_peer.py
# shellcheck source=traces/lab-lib.sh
. "$HERE/lab-lib.sh"
PY=${PYTHON:-python3}

C=fid-c R=fid-r S=fid-s
C_ADDR=10.77.1.1 C_ADDR2=10.77.1.3 S_ADDR=10.77.2.1
# The server's key in every scenario, and the one that made the client's
# (then invalid) cookie in the no-cookie scenarios.
KEY_L=1a551e55-0000beef-c0ffee00-5eed0001
KEY_P=0badc0de-11111111-22222222-33333333

ALL_SCENARIOS=(syn-data-lost synack-lost blackhole option-reset rst-held
               no-cookie no-cookie-sockopt)

PIDS=()
WORK=""

die() { echo "make-lossy-traces: $*" >&2; exit 1; }
note() { echo "make-lossy-traces: $*" >&2; }

lab_down() {
    local ns
    for ns in "$C" "$R" "$S"; do
        ip netns del "$ns" 2>/dev/null || true
    done
}

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -INT "$pid" 2>/dev/null || true
    done
    sleep 0.2
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    lab_down
    if [[ -n $WORK && -d $WORK ]]; then
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_c() { ip netns exec "$C" "$@"; }
in_r() { ip netns exec "$R" "$@"; }
in_s() { ip netns exec "$S" "$@"; }

offloads_off() {  # offloads_off NS DEV
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off > /dev/null 2>&1 ||
        ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off > /dev/null
}

lab_up() {
    lab_down
    ip netns add "$C"
    ip netns add "$R"
    ip netns add "$S"
    ip link add c0 netns "$C" type veth peer name rc netns "$R"
    ip link add s0 netns "$S" type veth peer name rs netns "$R"
    local ns
    for ns in "$C" "$R" "$S"; do
        ip netns exec "$ns" ip link set lo up
    done
    in_c ip addr add "$C_ADDR/24" dev c0
    in_c ip addr add "$C_ADDR2/24" dev c0
    in_r ip addr add 10.77.1.254/24 dev rc
    in_r ip addr add 10.77.2.254/24 dev rs
    in_s ip addr add "$S_ADDR/24" dev s0
    in_c ip link set c0 up
    in_s ip link set s0 up
    in_r ip link set rc up
    in_r ip link set rs up
    in_c ip route add default via 10.77.1.254
    in_s ip route add default via 10.77.2.254
    in_r sysctl -qw net.ipv4.ip_forward=1
    offloads_off "$C" c0
    offloads_off "$S" s0
    offloads_off "$R" rc
    offloads_off "$R" rs
    printf 'table inet lab {\n\tchain fw {\n\t\ttype filter hook forward priority 0; policy accept;\n\t}\n}\n' |
        in_r nft -f -
    sleep 0.3   # let the veths come up
}

# ---------------------------------------------------------------- per scenario
NAME="" PORT="" STATE="" PEERLOG="" SRV_PID="" VISIT=0
CAP_C="" CAP_S="" CAP_PID="" BG_PID=""

begin() {  # begin NAME PORT SERVER_SYSCTL CLIENT_SYSCTL
    NAME=$1 PORT=$2
    STATE="$OUT/$NAME.state.txt"
    PEERLOG="$WORK/$NAME.peer.log"
    VISIT=0
    : > "$PEERLOG"
    note "scenario $NAME (port $PORT, server tcp_fastopen=$3, client $4)"
    lab_up
    in_s sysctl -qw net.ipv4.tcp_fastopen="$3"
    in_c sysctl -qw net.ipv4.tcp_fastopen="$4"
    in_s sysctl -qw net.ipv4.tcp_fastopen_key="$KEY_L"
    {
        echo "# $NAME: state recorded by make-lossy-traces.sh"
        echo "kernel $(uname -r)"
        echo "client $C_ADDR (and $C_ADDR2) in $C, server $S_ADDR port $PORT in $S, router $R"
        echo "server sysctl net.ipv4.tcp_fastopen = $(in_s sysctl -n net.ipv4.tcp_fastopen)"
        echo "server key ring: $(in_s sysctl -n net.ipv4.tcp_fastopen_key)"
        echo "client sysctl net.ipv4.tcp_fastopen = $(in_c sysctl -n net.ipv4.tcp_fastopen)"
        echo "client sysctl net.ipv4.tcp_fastopen_blackhole_timeout_sec = $(in_c sysctl -n net.ipv4.tcp_fastopen_blackhole_timeout_sec)"
        echo "client sysctl net.ipv4.tcp_syn_retries = $(in_c sysctl -n net.ipv4.tcp_syn_retries)"
        echo "sysctl net.ipv4.tcp_timestamps = $(in_c sysctl -n net.ipv4.tcp_timestamps) (both ends)"
    } > "$STATE"
}

capture_start() {
    local log
    capture_one "$C" c0 "$OUT/$NAME-c.pcap"
    CAP_C=$CAP_PID
    capture_one "$S" s0 "$OUT/$NAME-s.pcap"
    CAP_S=$CAP_PID
    for log in "$WORK/$NAME-c.pcap.log" "$WORK/$NAME-s.pcap.log"; do
        wait_for 10 grep -q 'listening on' "$log" || die "tcpdump did not start: $(cat "$log")"
    done
    sleep 0.2
    echo "--- capture started $(date -u +%H:%M:%S)" >> "$STATE"
}

capture_one() {  # capture_one NS DEV FILE: tcpdump's pid in CAP_PID
    local log="$WORK/$(basename "$3").log"
    rm -f -- "$3"
    ip netns exec "$1" tcpdump --immediate-mode -U -Z root -i "$2" -w "$3" "tcp port $PORT" \
        > /dev/null 2> "$log" &
    CAP_PID=$!
    PIDS+=("$CAP_PID")
}

capture_stop() {
    local pid
    sleep 0.3
    for pid in "$CAP_C" "$CAP_S"; do
        kill -INT "$pid"
        wait "$pid" || die "tcpdump exited badly"
        forget_pid "$pid"
    done
}

rule() {  # rule NFT-RULE...: add a forward rule, recorded in the state
    echo "add rule inet lab fw $*" | in_r nft -f -
    echo "--- nft rule added: $*" >> "$STATE"
}

rules_flush() {
    in_r nft flush chain inet lab fw
    echo "--- nft rules removed" >> "$STATE"
}

server_start() {  # server_start COUNT [extra tfo_peer.py server args...]
    local ready="$WORK/$NAME.ready" count=$1
    shift
    rm -f -- "$ready"
    in_s "$PY" "$PEER" server --addr "$S_ADDR" --port "$PORT" --log "$PEERLOG" \
        --ready "$ready" --count "$count" "$@" > /dev/null &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    wait_for 10 test -e "$ready" || die "server did not start"
}

visit() {  # visit [extra tfo_peer.py client args...]
    VISIT=$(( VISIT + 1 ))
    in_c "$PY" "$PEER" client --addr "$S_ADDR" --port "$PORT" --log "$PEERLOG" \
        --label "$VISIT" "$@" > /dev/null || die "visit $VISIT of $NAME failed"
    sleep 0.1
    snapshot "visit $VISIT"
}

visit_bg() {  # visit_bg [args...]: start a visit; visit_wait ends it
    VISIT=$(( VISIT + 1 ))
    in_c "$PY" "$PEER" client --addr "$S_ADDR" --port "$PORT" --log "$PEERLOG" \
        --label "$VISIT" "$@" > /dev/null &
    BG_PID=$!
    PIDS+=("$BG_PID")
}

visit_wait() {
    wait "$BG_PID" || die "visit $VISIT of $NAME failed"
    forget_pid "$BG_PID"
    sleep 0.1
    snapshot "visit $VISIT"
}

snapshot() {  # snapshot LABEL
    {
        echo "--- after $1 ($(date -u +%H:%M:%S.%N | cut -c1-12))"
        echo "client tcp_metrics:"
        in_c ip tcp_metrics show | sed 's/^/  /'
        echo "client nstat:"
        in_c nstat -asz 'TcpExtTCPFastOpen*' | awk '!/^#/ { print "  " $1, $2 }'
        echo "server nstat:"
        in_s nstat -asz 'TcpExtTCPFastOpen*' | awk '!/^#/ { print "  " $1, $2 }'
    } >> "$STATE"
}

finish() {
    server_wait
    capture_stop
    {
        echo "--- peer log"
        cat "$PEERLOG"
    } >> "$STATE"
    lab_down
    local side
    for side in c s; do
        tcpdump -n -tt -S -r "$OUT/$NAME-$side.pcap" > "$OUT/$NAME-$side.tt.txt" 2>/dev/null
    done
}

# Get a cookie for the client from a server holding KEY_P, before the capture:
# the no-cookie scenarios need a client holding a cookie their server's key
# did not make.
prime_cookie() {
    in_s sysctl -qw net.ipv4.tcp_fastopen=3
    in_s sysctl -qw net.ipv4.tcp_fastopen_key="$KEY_P"
    server_start 1 --tfo-qlen 16
    in_c "$PY" "$PEER" client --addr "$S_ADDR" --port "$PORT" --log "$PEERLOG" \
        --label prime > /dev/null || die "priming visit of $NAME failed"
    server_wait
    echo "--- primed: client cookie from key $KEY_P" >> "$STATE"
    snapshot "priming visit (not captured)"
}

# ------------------------------------------------------------------ scenarios
# Pure SYNs are 60 bytes of IP (options MSS, SACK-permitted, TS, window
# scale); a cookie makes them 72, so "ip length > 72" picks SYNs with data.

scenario_syn-data-lost() {
    begin syn-data-lost 8201 3 1
    capture_start
    server_start 3 --tfo-qlen 16
    visit                                    # cookie request, cookie granted
    rule 'tcp flags & (syn|ack) == syn ip length > 72 drop'
    visit                                    # SYN-data lost, plain SYN sent again
    rules_flush
    visit                                    # the cookie is still used
    finish
}

scenario_synack-lost() {
    begin synack-lost 8202 3 1
    capture_start
    server_start 2 --tfo-qlen 16
    visit
    rule 'tcp flags & (syn|ack) == syn|ack quota until 100 bytes drop'
    visit                                    # SYN-data accepted, its SYN-ACK lost
    rules_flush
    finish
}

scenario_blackhole() {
    begin blackhole 8203 3 1
    in_c sysctl -qw net.ipv4.tcp_fastopen_blackhole_timeout_sec=3600
    echo "client blackhole timeout set to $(in_c sysctl -n net.ipv4.tcp_fastopen_blackhole_timeout_sec)" >> "$STATE"
    capture_start
    server_start 3 --tfo-qlen 16
    visit                                    # cookie request, cookie granted
    rule 'tcp flags & (syn|ack) == syn drop'
    visit_bg                                 # SYN-data, then a SYN a second: lost
    sleep 4.5
    rules_flush
    visit_wait                               # the SYN at 7 s gets through
    visit                                    # Fast Open paused: no option at all
    finish
}

scenario_option-reset() {
    begin option-reset 8204 3 1
    rule 'tcp flags & (syn|ack) == syn reset tcp option fastopen'
    capture_start
    server_start 2 --tfo-qlen 16
    visit                                    # cookie request turned into NOPs
    visit                                    # no cookie: the same again
    finish
}

scenario_rst-held() {
    begin rst-held 8205 3 1
    capture_start
    server_start 6 --tfo-qlen 1 --tolerate-reset
    visit                                    # cookie request, cookie granted
    # Lose every client segment but SYNs and RSTs: the Fast Open child stays
    # in SYN_RECV (it sends its data meanwhile), then the client resets it.
    rule "ip daddr $S_ADDR tcp flags & (syn|rst) == 0 drop"
    visit --close rst
    local reset_at=$SECONDS
    sleep 0.3
    rules_flush
    visit                                    # queue still full: data not acked
    visit --bind "$C_ADDR2"                  # cookie request gets no cookie
    while (( SECONDS - reset_at < 62 )); do
        sleep 1
    done
    visit                                    # 60 s later: accepted
    visit --bind "$C_ADDR2"                  # and the cookie is granted
    finish
}

scenario_no-cookie() {
    begin no-cookie 8206 0x203 1
    prime_cookie
    in_s sysctl -qw net.ipv4.tcp_fastopen=0x203
    in_s sysctl -qw net.ipv4.tcp_fastopen_key="$KEY_L"
    echo "server sysctl now tcp_fastopen = $(in_s sysctl -n net.ipv4.tcp_fastopen), key $KEY_L" >> "$STATE"
    capture_start
    server_start 3 --tfo-qlen 16
    visit                                    # invalid cookie and data: accepted
    visit --bind "$C_ADDR2"                  # cookie request: no cookie
    visit                                    # again
    finish
}

scenario_no-cookie-sockopt() {
    begin no-cookie-sockopt 8207 3 1
    prime_cookie
    in_s sysctl -qw net.ipv4.tcp_fastopen_key="$KEY_L"
    echo "server key now $KEY_L; listener sets TCP_FASTOPEN_NO_COOKIE" >> "$STATE"
    capture_start
    server_start 3 --tfo-qlen 16 --no-cookie
    visit
    visit --bind "$C_ADDR2"
    visit
    finish
}

# ----------------------------------------------------------------------- main

main() {
    [[ $(id -u) == 0 ]] || die "must run as root (network namespaces, sysctl, nft, tcpdump)"
    local tool
    for tool in ip nft ethtool tcpdump nstat "$PY"; do
        command -v "$tool" > /dev/null || die "missing $tool"
    done
    mkdir -p -- "$OUT"
    WORK=$(mktemp -d)
    run_scenarios "$@"
}

main "$@"
