#!/bin/sh
# Remakes traces/NAME.expect.json from each pcap, on purpose only (after a
# change meant to change replay's analysis; review 'git diff traces'):
#   traces/make-expects.sh [TFOSIM]     (default: build/src/cli/tfosim)
# The keys come from manifest.txt (--key for the first visit, --rekey where
# the key changes); every file records them, and --conform with inferred
# settings, so that 'tfosim replay --expect F TRACE' and
# 'tfosim replay --check traces' need no flags.
set -eu
cd "$(dirname "$0")"
tfosim=${1:-../build/src/cli/tfosim}

# shellcheck source=traces/key-args.sh
. ./key-args.sh

for pcap in *.pcap; do
	name=${pcap%.pcap}
	# shellcheck disable=SC2046
	"$tfosim" replay --conform $(key_args manifest.txt "$name") --write-expect "$name.expect.json" \
		"$pcap" >/dev/null
done
# The seed blog's trace has no pcap and no key: as by a listener without Fast Open.
"$tfosim" replay --conform --write-expect seed-blog.expect.json seed-blog.numbered.txt >/dev/null
echo "make-expects: wrote traces/*.expect.json; review with 'git diff traces'"
