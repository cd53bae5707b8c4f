#!/bin/sh
# Every JSON output of tfosim against its schema in docs/schemas/ (the
# convention is docs/json.md). Usage: schemas.sh TFOSIM PYTHON3 SOURCE-ROOT
# Exit 77 (skipped) when python3-jsonschema is missing.
set -u
tfosim=$1
python=$2
root=$3
schemas=$root/docs/schemas
traces=$root/traces
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count=0
failures=0

"$python" -c 'import jsonschema' 2>/dev/null || {
	echo "python3-jsonschema is not installed: skipped"
	exit 77
}

# valid SCHEMA FILE: FILE must validate.
valid() {
	count=$((count + 1))
	if ! "$python" "$root/tests/json/validate.py" "$schemas/$1" "$2" >"$tmp/why" 2>&1; then
		failures=$((failures + 1))
		echo "FAIL: $2 against $1:"
		cat "$tmp/why"
	fi
}

# check SCHEMA ARGS...: the standard output of 'tfosim ARGS...' must validate.
check() {
	schema=$1
	shift
	count=$((count + 1))
	"$tfosim" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" -gt 1 ]; then
		failures=$((failures + 1))
		echo "FAIL: tfosim $* exited $status: $(cat "$tmp/err")"
		return
	fi
	count=$((count - 1))
	valid "$schema" "$tmp/out"
}

# A report cut short by a bad input (exit 2) still validates, with "error".
count=$((count + 1))
"$tfosim" replay --format json "$traces/plain.pcap" "$tmp/no-such.pcap" >"$tmp/cut.json" 2>/dev/null
if [ $? -ne 2 ] || ! grep -q '^"error": ' "$tmp/cut.json"; then
	failures=$((failures + 1))
	echo "FAIL: a JSON report cut short exits 2 with an \"error\" member"
else
	count=$((count - 1))
	valid tfosim-replay.schema.json "$tmp/cut.json"
fi

# A check that can fail: a document missing its format is refused.
count=$((count + 1))
printf '{"version": 1}\n' >"$tmp/bad.json"
if "$python" "$root/tests/json/validate.py" "$schemas/tfosim-run.schema.json" "$tmp/bad.json" \
	>/dev/null 2>&1; then
	failures=$((failures + 1))
	echo "FAIL: a document without format validates"
fi

# tfosim run: every built-in, with ladders (events) and the log.
for name in $("$tfosim" run --list | cut -d' ' -f1); do
	args=""
	[ "$name" = bulk ] && args="--connections 50"
	# shellcheck disable=SC2086
	check tfosim-run.schema.json run "$name" --seed 1 --format json --log --ladder all $args
done

# tfosim replay: each kind of input, with and without --conform, several files.
key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4
check tfosim-replay.schema.json replay --format json "$traces/cold-warm.pcap"
check tfosim-replay.schema.json replay --format json "$traces/seed-blog.numbered.txt"
check tfosim-replay.schema.json replay --format json --conform --key $key \
	"$traces/cold-warm.pcap" "$traces/ipv6.tt.txt"
check tfosim-replay.schema.json replay --format json --conform "$traces/server-off.txt"
head -c 1000 "$traces/cold-warm.pcap" >"$tmp/cut.pcap"
check tfosim-replay.schema.json replay --format json "$tmp/cut.pcap"

# tfosim compare: the reference run and a small grid; replay --kcp and its stored analyses.
check tfosim-compare.schema.json compare --format json
check tfosim-compare.schema.json compare --grid --format json --loss 0,10 --rtt 40 --echoes 50
check tfosim-kcp-replay.schema.json replay --kcp 4000 --format json "$traces/kcptun-fast3.pcap"
for f in "$traces"/kcptun-*.kcp.json; do
	valid tfosim-kcp-replay.schema.json "$f"
done

# tfosim sweep: a whole grid with loss, and one shard.
check tfosim-sweep.schema.json sweep --format json --rtt 20ms,100ms --loss 0%,5% --connections 10
check tfosim-sweep.schema.json sweep --format json --rtt 20ms,100ms --loss 0%,5% --connections 10 --shard 1/3

# Expectation files: the stored ones, and one written now with every setting.
for f in "$traces"/*.expect.json; do
	valid tfosim-expect.schema.json "$f"
done
"$tfosim" replay --key $key --rekey 2=$key --conform --fastopen 0x3 --qlen 16 \
	--write-expect "$tmp/all.json" "$traces/cold-warm.pcap" >/dev/null 2>&1
valid tfosim-expect.schema.json "$tmp/all.json"

echo "$((count - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
