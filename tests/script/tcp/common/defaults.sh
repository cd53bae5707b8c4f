#!/bin/sh
# The packetdrill harness's TCP defaults, as Linux's own TCP tests start
# with them (`../../common/defaults.sh`). The packetdrill tarball in
# ../shared/packetdrill has only a dangling link where this file belongs,
# so this one is written from what the harness is known to set; tfosim
# interprets it line by line (docs/script.md) and Linux runs it with sh.

# Forget the cached metrics, among them Fast Open cookies.
ip tcp_metrics flush all > /dev/null 2>&1

# Buffers: the window scale follows the largest receive buffer.
sysctl -q net.ipv4.tcp_rmem="4096 540000 $((15*1024*1024))"
sysctl -q net.ipv4.tcp_wmem="4096 $((256*1024)) 4194304"

sysctl -q net.ipv4.tcp_timestamps=1
sysctl -q net.ipv4.tcp_sack=1
sysctl -q net.ipv4.tcp_reordering=3
sysctl -q net.ipv4.tcp_congestion_control=cubic
sysctl -q net.ipv4.tcp_slow_start_after_idle=0
sysctl -q net.ipv4.tcp_early_retrans=4 net.ipv4.tcp_recovery=1
sysctl -q net.ipv4.tcp_tso_win_divisor=3
sysctl -q net.ipv4.tcp_ecn=0
sysctl -q net.ipv4.tcp_pacing_ss_ratio=200
sysctl -q net.ipv4.tcp_pacing_ca_ratio=120
sysctl -q net.ipv4.tcp_notsent_lowat=4294967295 > /dev/null 2>&1

# Fast Open: client, server, and Linux's test bits; the harness's key.
sysctl -q net.ipv4.tcp_fastopen=0x70403
sysctl -q net.ipv4.tcp_fastopen_key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4

sysctl -q net.ipv4.tcp_syncookies=1
