#!/bin/sh
# The classroom pages in chromium (test-pages.js). Skipped (77) when node,
# the browser or the npm package is missing: .ci/run installs them
# (apt-get install chromium nodejs npm; npm ci in this folder).
# Usage: run.sh TFOSIM OUTDIR
set -u
here=$(dirname "$0")
browser=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null 2>&1 || [ ! -x "$browser" ] ||
	[ ! -d "$here/node_modules/puppeteer-core" ]; then
	echo "skipped: needs node, $browser and 'npm ci' in $here"
	exit 77
fi
exec node "$here/test-pages.js" "$1" "$2"
