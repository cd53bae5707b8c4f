#!/bin/sh
# The README's quick start. On a fresh Debian 12 machine, as root:
#   ./quickstart.sh demo   installs what is missing, builds, runs tfosim demo
#   ./quickstart.sh test   installs what is missing, builds, runs every test
set -eu
cd "$(dirname "$0")"

# The argument first: nothing is installed or built for a typo.
case "${1:-}" in
demo | test) ;;
*)
	echo "usage: $0 demo|test" >&2
	exit 2
	;;
esac

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

# MESON_ARGS: extra options for a new build dir (CI passes -Dwerror=true).
# shellcheck disable=SC2086
[ -f build/build.ninja ] || meson setup build ${MESON_ARGS:-} >/dev/null
ninja -C build >/dev/null

case "${1:-}" in
demo)
	exec build/src/cli/tfosim demo
	;;
test)
	status=0
	meson test -C build --print-errorlogs || status=$?
	# check's own summary line, one per suite, after the suite's name
	grep -E '^[a-z0-9_, ]+: [0-9]+%: Checks: ' build/meson-logs/testlog.txt || true
	exit $status
	;;
esac
