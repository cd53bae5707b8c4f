#!/bin/sh
# The examples/ programs built as a user of the installed library builds
# them: libtfo configured with default_library=both, installed under a
# temporary prefix, then each example compiled with pkg-config's flags,
# once against the shared library and once statically, and run.
# Usage: .ci/examples-installed.sh [BUILD-DIR]   (default: build-installed)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build-installed}
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT

[ -f "$build/build.ninja" ] || meson setup "$build" -Ddefault_library=both >/dev/null
meson configure "$build" --prefix="$prefix" --libdir=lib >/dev/null
ninja -C "$build" >/dev/null
meson install -C "$build" --no-rebuild >/dev/null

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cc=${CC:-cc}
for src in examples/*.c; do
	name=$(basename "$src" .c)
	# shellcheck disable=SC2046
	"$cc" -std=c99 -Wall -Wextra -Werror "$src" -o "$work/$name" $(pkg-config --cflags --libs tfo)
	LD_LIBRARY_PATH="$prefix/lib" "$work/$name"
	# shellcheck disable=SC2046
	"$cc" -std=c99 -Wall -Wextra -Werror "$src" -o "$work/$name-static" \
		$(pkg-config --cflags tfo) "$prefix/lib/libtfo.a" $(pkg-config --static --libs-only-l tfo | sed 's/-ltfo//')
	"$work/$name-static" >/dev/null
	if ldd "$work/$name-static" | grep -q libtfo; then
		echo "examples: $name-static links libtfo.so" >&2
		exit 1
	fi
done
for page in man1/tfosim.1 man5/tfosim-scenario.5 man3/libtfo.3 man3/tfo_pair.3 \
	man3/tfo_pair_step.3 man3/tfo_connect.3; do
	[ -f "$prefix/share/man/$page" ] || {
		echo "examples: $page was not installed" >&2
		exit 1
	}
done
echo "examples: built and ran against the installed library (shared and static)"
