#!/bin/sh
# Keeps the mutants honest: makes mutate.py's mutants of the scripts named
# and runs each against this machine's Linux kernel with packetdrill, in a
# network namespace of its own, one at a time. A mutant counts as killed
# when packetdrill fails and its log names the mutated line
# ("NAME.pkt:LINE:"). Prints one line per mutant and a total; exit 1 if
# any mutant survived or failed elsewhere. Needs root.
#   tests/scripts/mutants-on-linux.sh SCRIPT.pkt...
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${PD_BUILD:-/work/shared/packetdrill/build.sh}
pd=$("$build") || exit 2
v4="--local_ip=192.168.0.1 --remote_ip=192.0.2.1 --gateway_ip=192.168.0.1 --netmask_ip=255.255.0.0"
v6="--ip_version=ipv6 --local_ip=fd3d:0a0b:17d6::1 --gateway_ip=fd3d:0a0b:17d6:8888::1 --remote_ip=fd3d:fa7b:d17d::1"
dir=$(mktemp -d /tmp/script-tests-mutants.XXXXXX) || exit 2
trap 'rm -rf "$dir"' EXIT
python3 "$here/mutate.py" --write "$dir" "$@" >"$dir/list" || exit 2
ns=script-tests-m$$
total=0 killed=0
while IFS= read -r l; do
	name=${l%%:*} rest=${l#*:}
	line=${rest%%:*}
	case "$name" in *ipv6*) addr=$v6 ;; *) addr=$v4 ;; esac
	ip netns add "$ns" || exit 2
	ip netns exec "$ns" ip link set lo up
	# shellcheck disable=SC2086
	(cd "$dir" && ip netns exec "$ns" "$pd" $addr --send_omit_free "$name") >"$dir/log" 2>&1
	rc=$?
	ip netns del "$ns"
	total=$((total + 1))
	if [ $rc -ne 0 ] && grep -q "^$name:$line:" "$dir/log"; then
		killed=$((killed + 1))
		echo "killed at line $line: $l"
	else
		echo "NOT KILLED AT ITS LINE (exit $rc): $l"
		sed 's/^/    /' "$dir/log" | grep -v "syscall:\|sniffed" | head -3
	fi
done <"$dir/list"
echo "$total mutants, $killed killed at the mutated line on Linux $(uname -r)"
[ "$killed" = "$total" ]
