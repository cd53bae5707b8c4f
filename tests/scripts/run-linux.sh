#!/bin/sh
# Runs every script here (or those named) against this machine's Linux kernel
# through ../shared/packetdrill/run-on-linux.sh, one at a time, and prints a
# Markdown table row per script: name, kernel, PASS/FAIL. Scripts whose name
# contains "ipv6" get the IPv6 addresses of Linux's packetdrill harness
# (run_all.py) instead of the IPv4 ones; tfosim's defaults are the same.
# Needs root (run-on-linux.sh makes a network namespace per script). The
# oracle is ../shared/packetdrill/run-on-linux.sh beside the repository (or
# /work/shared/..., or $PD_ORACLE).
#   tests/scripts/run-linux.sh [SCRIPT.pkt...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
oracle=${PD_ORACLE:-$here/../../../shared/packetdrill/run-on-linux.sh}
[ -x "$oracle" ] || oracle=/work/shared/packetdrill/run-on-linux.sh
v6="--ip_version=ipv6 --local_ip=fd3d:0a0b:17d6::1 --gateway_ip=fd3d:0a0b:17d6:8888::1 --remote_ip=fd3d:fa7b:d17d::1"
kernel=$(uname -r)
[ $# -gt 0 ] || set -- "$here"/*.pkt
status=0
for s in "$@"; do
	# shellcheck disable=SC2086 # $v6 is a list of options
	case "$(basename "$s")" in
	*ipv6*) out=$(PD_NO_ADDR=1 sh "$oracle" $v6 "$s") ;;
	*) out=$(sh "$oracle" "$s") ;;
	esac || status=1
	case "$out" in
	PASS*) r=PASS ;;
	*) r=FAIL; echo "$out" >&2 ;;
	esac
	echo "| $(basename "$s") | $kernel | $r |"
done
exit $status
