#!/bin/sh
# The README's quick start. On a fresh Debian 12 machine, as root:
#   ./quickstart.sh demo   installs what is missing, builds, runs tfosim demo
#   ./quickstart.sh test   installs what is missing, builds, runs every test
set -eu
cd "$(dirname "$0")"

packages="meson ninja-build pkg-config gcc g++ check libsodium-dev libpcap-dev \
libjansson-dev scdoc tcpdump tshark valgrind python3-jsonschema"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "quickstart: missing Debian packages:$missing (run as root to install them)" >&2
		exit 2
	fi
	echo "quickstart: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null

case "${1:-}" in
demo)
	exec build/src/cli/tfosim demo
	;;
test)
	status=0
	meson test -C build --print-errorlogs || status=$?
	# check's own summary line, one per suite
	grep -E '^[0-9]+%: Checks: ' build/meson-logs/testlog.txt || true
	exit $status
	;;
*)
	echo "usage: $0 demo|test" >&2
	exit 2
	;;
esac
