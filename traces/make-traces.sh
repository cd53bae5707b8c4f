#!/usr/bin/env bash
# make-traces.sh - recreate the real Linux TCP Fast Open captures in traces/.
#
# Run as root on Linux (uses network namespaces, sysctl, tcpdump, python3):
#     sudo bash traces/make-traces.sh            # all scenarios
#     sudo bash traces/make-traces.sh cold-warm  # only the named ones
#
# Every scenario runs in its own freshly created network namespace, on its
# loopback only (127.0.0.1/127.0.0.2 or ::1); nothing ever leaves the machine.
# For each scenario NAME it writes, next to this script (or into $OUT_DIR):
#     NAME.pcap           the capture (tcpdump -i lo 'tcp port PORT')
#     NAME.txt            tcpdump -n -r            (UTC HH:MM:SS.us, relative seq)
#     NAME.tt.txt         tcpdump -n -tt -S -r     (epoch seconds, absolute seq)
#     NAME.numbered.txt   tcpdump -n -t -S -r | awk '{print NR". "$0}'
#     NAME.state.txt      sysctls, key ring per visit, what both peers saw
#                         (TCP_INFO), the client's tcp_metrics cookie cache
#                         and the TcpExt TCPFastOpen* counters after each visit
# What happens is deterministic; timestamps, ISNs, ports and TS values are real
# and change on every run.  The keys are fixed and listed in manifest.txt.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT_DIR:-$HERE}
PEER=$HERE/tfo_peer.py
# shellcheck source=traces/lab-lib.sh
. "$HERE/lab-lib.sh"
PY=${PYTHON:-python3}
RUN_ID=$$

# Keys used by the scenarios (sysctl form; see manifest.txt).
KEY_A=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4   # the issue's test key
KEY_K1=01234567-89abcdef-fedcba98-76543210
KEY_K2=deadbeef-cafebabe-feedface-0ddba11f
KEY_B1=10203040-50607080-90a0b0c0-d0e0f000
KEY_B2=0f0e0d0c-0b0a0908-07060504-03020100
KEY_Q=5eed5eed-0000ffff-12345678-9abcdef0

ALL_SCENARIOS=(cold-warm key-rotated backup-key server-off cookieless ipv6 plain
               fastopen-connect asym-addr qlen-overflow)

NAMESPACES=()
PIDS=()
WORK=""

die() { echo "make-traces: $*" >&2; exit 1; }
note() { echo "make-traces: $*" >&2; }

cleanup() {
    local pid ns
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -INT "$pid" 2>/dev/null || true
            sleep 0.2
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    for ns in "${NAMESPACES[@]}"; do
        ip netns del "$ns" 2>/dev/null || true
    done
    if [[ -n $WORK && -d $WORK ]]; then
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- per scenario
# Globals for the scenario in progress.
NS="" NAME="" PORT="" FAMILY="" PCAP="" STATE="" PEERLOG=""
CAP_PID="" CAP_LOG="" SRV_PID="" VISIT=0

nsx() { ip netns exec "$NS" "$@"; }

lo_has_v6() { nsx ip -6 addr show dev lo | grep -q '::1/128'; }

begin() {  # begin NAME PORT FAMILY TFO_SYSCTL KEYRING
    NAME=$1 PORT=$2 FAMILY=$3
    local tfo=$4 keys=$5
    NS="tfosim-$RUN_ID-$NAME"
    PCAP="$OUT/$NAME.pcap"
    STATE="$OUT/$NAME.state.txt"
    PEERLOG="$WORK/$NAME.peer.log"
    CAP_LOG="$WORK/$NAME.tcpdump.log"
    VISIT=0
    : > "$PEERLOG"
    rm -f -- "$PCAP" "$STATE"
    note "scenario $NAME (port $PORT, IPv$FAMILY, tcp_fastopen=$tfo)"

    ip netns del "$NS" 2>/dev/null || true
    ip netns add "$NS"
    NAMESPACES+=("$NS")
    nsx ip link set lo up
    if [[ $FAMILY == 6 ]]; then
        nsx sysctl -qw net.ipv6.conf.lo.disable_ipv6=0
        wait_for 5 lo_has_v6 || die "::1 did not come up in $NS"
    fi
    nsx sysctl -qw net.ipv4.tcp_fastopen="$tfo"
    set_keys "$keys"
    {
        echo "# $NAME: state recorded by make-traces.sh"
        echo "kernel $(uname -r)"
        echo "namespace $NS port $PORT family IPv$FAMILY"
        echo "sysctl net.ipv4.tcp_fastopen = $(nsx sysctl -n net.ipv4.tcp_fastopen)"
        echo "sysctl net.ipv4.tcp_fastopen_blackhole_timeout_sec = $(nsx sysctl -n net.ipv4.tcp_fastopen_blackhole_timeout_sec)"
        echo "sysctl net.ipv4.tcp_timestamps = $(nsx sysctl -n net.ipv4.tcp_timestamps)"
        echo "sysctl net.ipv4.tcp_sack = $(nsx sysctl -n net.ipv4.tcp_sack)"
        echo "sysctl net.ipv4.tcp_window_scaling = $(nsx sysctl -n net.ipv4.tcp_window_scaling)"
        echo "sysctl net.ipv4.tcp_ecn = $(nsx sysctl -n net.ipv4.tcp_ecn)"
        echo "sysctl net.ipv4.tcp_rmem = $(nsx sysctl -n net.ipv4.tcp_rmem)"
        echo "key ring at start: $(nsx sysctl -n net.ipv4.tcp_fastopen_key)"
    } > "$STATE"
    capture_start
}

set_keys() {  # set_keys PRIMARY[,BACKUP]
    nsx sysctl -qw net.ipv4.tcp_fastopen_key="$1"
    local got
    got=$(nsx sysctl -n net.ipv4.tcp_fastopen_key)
    [[ $got == "$1" ]] || die "key ring read back as '$got', wanted '$1'"
    if [[ -n $STATE && -f $STATE ]]; then
        echo "key ring set to: $got" >> "$STATE"
    fi
}

capture_start() {
    : > "$CAP_LOG"
    # "ip netns exec" execs its command, so $! is tcpdump's own pid.
    ip netns exec "$NS" tcpdump --immediate-mode -U -Z root -i lo -w "$PCAP" "tcp port $PORT" \
        > /dev/null 2> "$CAP_LOG" &
    CAP_PID=$!
    PIDS+=("$CAP_PID")
    wait_for 10 grep -q 'listening on' "$CAP_LOG" || die "tcpdump did not start: $(cat "$CAP_LOG")"
    sleep 0.2
}

capture_stop() {
    sleep 0.3   # let the last ACKs go by
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || die "tcpdump exited badly: $(cat "$CAP_LOG")"
    forget_pid "$CAP_PID"
    grep -E 'packets (captured|received|dropped)' "$CAP_LOG" | sed 's/^/tcpdump: /' >> "$STATE"
}

server_start() {  # server_start [extra tfo_peer.py server args...]
    local ready="$WORK/$NAME.ready"
    rm -f -- "$ready"
    ip netns exec "$NS" "$PY" "$PEER" server --family "$FAMILY" --port "$PORT" --log "$PEERLOG" \
        --ready "$ready" "$@" > /dev/null &
    SRV_PID=$!
    PIDS+=("$SRV_PID")
    wait_for 10 test -e "$ready" || die "server did not start"
}

visit() {  # visit [extra tfo_peer.py client args...]
    VISIT=$(( VISIT + 1 ))
    nsx "$PY" "$PEER" client --family "$FAMILY" --port "$PORT" --log "$PEERLOG" \
        --label "$VISIT" "$@" > /dev/null || die "visit $VISIT of $NAME failed"
    sleep 0.1
    snapshot "visit $VISIT"
}

snapshot() {  # snapshot LABEL: client cookie cache and TFO counters
    {
        echo "--- after $1"
        echo "key ring: $(nsx sysctl -n net.ipv4.tcp_fastopen_key)"
        echo "tcp_metrics:"
        nsx ip tcp_metrics show | sed 's/^/  /'
        echo "counters:"
        nsx cat /proc/net/netstat | awk '
            /^TcpExt:/ { if (!n) { split($0, h); n = 1 } else {
                for (i = 2; i <= NF; i++) if (h[i] ~ /FastOpen/) printf "  %s %s\n", h[i], $i } }'
    } >> "$STATE"
}

finish() {
    server_wait
    capture_stop
    {
        echo "--- peer log (TCP_INFO as seen by each end)"
        cat "$PEERLOG"
    } >> "$STATE"
    ip netns del "$NS"
    forget_ns "$NS"
    render "$NAME"
}

forget_ns() {
    local keep=() n
    for n in "${NAMESPACES[@]}"; do
        [[ $n == "$1" ]] || keep+=("$n")
    done
    NAMESPACES=("${keep[@]}")
}

render() {  # the three tcpdump text forms
    local base="$OUT/$1"
    TZ=UTC tcpdump -n -r "$base.pcap" > "$base.txt" 2>/dev/null
    tcpdump -n -tt -S -r "$base.pcap" > "$base.tt.txt" 2>/dev/null
    tcpdump -n -t -S -r "$base.pcap" 2>/dev/null | awk '{print NR". "$0}' > "$base.numbered.txt"
}

# ------------------------------------------------------------------ scenarios

scenario_cold-warm() {
    begin cold-warm 8101 4 3 "$KEY_A"
    server_start --tfo-qlen 16 --count 3
    visit            # no cookie yet: cookie request, SYN-ACK grants one
    visit            # data in SYN with cookie, accepted
    visit            # again
    finish
}

scenario_key-rotated() {
    begin key-rotated 8102 4 3 "$KEY_K1"
    server_start --tfo-qlen 16 --count 3
    visit                    # cookie request under K1
    set_keys "$KEY_K2"       # rotate, no backup
    visit                    # K1 cookie now invalid: data not acked, new cookie
    visit                    # K2 cookie accepted
    finish
}

scenario_backup-key() {
    begin backup-key 8103 4 3 "$KEY_B1"
    server_start --tfo-qlen 16 --count 3
    visit                            # cookie request under B1
    set_keys "$KEY_B2,$KEY_B1"       # primary B2, backup B1
    visit                            # accepted on the backup key, fresh cookie
    visit                            # B2 cookie accepted on the primary
    finish
}

scenario_server-off() {
    begin server-off 8104 4 1 "$KEY_A"
    server_start --tfo-qlen 0 --count 4   # listener without TCP_FASTOPEN
    visit
    visit
    visit
    visit
    finish
}

scenario_cookieless() {
    begin cookieless 8105 4 0x207 "$KEY_A"
    server_start --tfo-qlen 16 --count 2
    visit
    visit
    finish
}

scenario_ipv6() {
    begin ipv6 8106 6 3 "$KEY_A"
    server_start --tfo-qlen 16 --count 3
    visit
    visit
    visit
    finish
}

scenario_plain() {
    begin plain 8107 4 0 "$KEY_A"
    server_start --tfo-qlen 0 --count 2
    visit --api plain
    visit --api plain
    finish
}

scenario_fastopen-connect() {
    begin fastopen-connect 8110 4 3 "$KEY_A"
    server_start --tfo-qlen 16 --count 3
    visit --api connect
    visit --api connect
    visit --api connect
    finish
}

scenario_asym-addr() {
    begin asym-addr 8109 4 3 "$KEY_A"
    server_start --tfo-qlen 16 --count 2
    visit --bind 127.0.0.2
    visit --bind 127.0.0.2
    finish
}

scenario_qlen-overflow() {
    begin qlen-overflow 8108 4 3 "$KEY_Q"
    local go="$WORK/$NAME.go" sent="$WORK/$NAME.sent" burst
    rm -f -- "$go" "$sent"
    server_start --tfo-qlen 1 --count 3 --hold "$go" --hold-before 2
    visit                       # cookie request, cookie granted
    # Two SYN-data connections back to back.  The first one's handshake ACK is
    # held back 200 ms (TCP_DEFER_ACCEPT on the client), so its Fast Open
    # request is still pending (qlen 1 of 1) when the second SYN arrives.
    ip netns exec "$NS" "$PY" "$PEER" burst --family "$FAMILY" --port "$PORT" --log "$PEERLOG" \
        --label 2 --n 2 --defer-first --sent "$sent" > /dev/null &
    burst=$!
    PIDS+=("$burst")
    wait_for 10 test -e "$sent" || die "burst did not send"
    sleep 0.6                   # the deferred ACK (200 ms) completes visit 2
    touch "$go"                 # now let the server answer both
    wait "$burst" || die "burst failed"
    forget_pid "$burst"
    VISIT=3
    sleep 0.1
    snapshot "visits 2 and 3"
    finish
}

# ----------------------------------------------------------------------- main

main() {
    [[ $(id -u) == 0 ]] || die "must run as root (network namespaces, sysctl, tcpdump)"
    local tool
    for tool in ip tcpdump "$PY" awk; do
        command -v "$tool" > /dev/null || die "missing $tool"
    done
    [[ -f $PEER ]] || die "missing $PEER"
    mkdir -p -- "$OUT"
    WORK=$(mktemp -d)

    run_scenarios "$@"
    # Check the new captures against manifest.txt and the SipHash cookies.
    if [[ -f $HERE/siphash_check.py && -f $HERE/manifest.txt ]]; then
        local only=() s
        for s in "${RAN[@]}"; do
            only+=(--only "$s")
        done
        "$PY" "$HERE/siphash_check.py" --dir "$OUT" --manifest "$HERE/manifest.txt" "${only[@]}" \
            || die "siphash_check.py found a difference from manifest.txt"
    fi
}

main "$@"
