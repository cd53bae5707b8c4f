# shellcheck shell=sh
# Shared by the shell tests: sourced as  . "$(dirname "$0")/../lib.sh"
# It gives a temporary folder $tmp (removed at exit), the counters $count
# (checks made) and $failures, fail MESSAGE (counts a failure and says
# it), and t_done [NAME], which prints the closing line in the form CI
# reads ("N passed, N failed") and returns nonzero when anything failed.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
failures=0

fail() {
	failures=$((failures + 1))
	echo "FAIL: $*"
}

t_done() {
	echo "${1:+$1: }$((count - failures)) passed, $failures failed"
	[ "$failures" -eq 0 ]
}
