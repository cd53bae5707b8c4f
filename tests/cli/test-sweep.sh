#!/bin/sh
# tfosim sweep end to end: the numbers against theory where it is exact,
# determinism, shards merged equal to the whole run byte for byte, the
# chart, and usage errors (exit 2, one line naming the problem).
# Usage: test-sweep.sh TFOSIM
set -u
tfosim=$1
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

check() { # DESCRIPTION COMMAND...: the command must succeed
	what=$1
	shift
	count=$((count + 1))
	"$@" || fail "$what"
}

refused() { # EXPECTED-TEXT ARGS...: exit 2 and the text on stderr
	want=$1
	shift
	count=$((count + 1))
	"$tfosim" sweep "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" -eq 2 ] && grep -q -e "$want" "$tmp/err" && [ ! -s "$tmp/out" ] ||
		fail "sweep $*: status $status, stderr: $(cat "$tmp/err")"
}

# ms: nanoseconds as the CSV prints milliseconds.
ms() { awk -v ns="$1" 'BEGIN { printf "%d.%03d", ns / 1000000, (ns % 1000000) / 1000 }'; }

# No loss, no rate: TCP's first byte comes 2 RTT after connect (handshake,
# then request and answer), TFO's 1 RTT (the request rides in the SYN);
# every percentile is the same and every TFO connection is accepted.
"$tfosim" sweep --rtt 10ms,37ms,100ms..300ms/100ms --loss 0% --connections 20 >"$tmp/t.csv"
check "no-loss grid ran" [ "$(wc -l <"$tmp/t.csv")" -eq 11 ]
for rtt in 10 37 100 200 300; do
	r=$(ms $((rtt * 1000000)))
	tcp=$(ms $((rtt * 2000000)))
	check "tcp at $rtt ms is 2 RTT" grep -qx "$r,0,tcp,20,$tcp,$tcp,$tcp,,0.00" "$tmp/t.csv"
	check "tfo at $rtt ms is 1 RTT" grep -qx "$r,0,tfo,20,$r,$r,$r,$r,100.00" "$tmp/t.csv"
done

# With a rate: 2 RTT plus the serialisation of the segments on the way,
# the same at every RTT, and half as long at twice the rate.
cat >"$tmp/rate.scn" <<'SCN'
host client addr 10.0.0.1 fastopen client
host server addr 10.0.0.2 fastopen server key a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4
link client server delay 50ms rate RATE
listen server port 80 response 1000B
connect at 0ms client server:80 request 100B
connect at 1s client server:80 request 100B every 1s count 5
SCN
for rate in 1Mbit 2Mbit; do
	sed "s/RATE/$rate/" "$tmp/rate.scn" >"$tmp/r$rate.scn"
	"$tfosim" sweep "$tmp/r$rate.scn" --rtt 20ms,100ms,260ms --loss 0% >"$tmp/r$rate.csv"
done
# extra: ttfb - k RTT for each row, in microseconds
extra() { awk -F, -v mode="$2" -v k="$3" 'NR > 1 && $3 == mode {
	printf "%d\n", ($5 - k * $1) * 1000 + 0.5 }' "$1" | sort -u; }
for mode in tcp:2 tfo:1; do
	m=${mode%:*}
	k=${mode#*:}
	e1=$(extra "$tmp/r1Mbit.csv" "$m" "$k")
	e2=$(extra "$tmp/r2Mbit.csv" "$m" "$k")
	check "$m: serialisation the same at every RTT ($e1)" [ "$(echo "$e1" | wc -l)" -eq 1 ]
	check "$m: serialisation above zero" [ "$e1" -gt 0 ]
	check "$m: half the serialisation at twice the rate ($e1, $e2)" [ "$e1" -eq $((e2 * 2)) ]
done

# With loss, TFO is never slower at the median.
"$tfosim" sweep --rtt 20ms,80ms,200ms --loss 1%,5%,10% --seeds 3 >"$tmp/l.csv"
count=$((count + 1))
awk -F, 'NR > 1 { key = $1 "," $2; if ($3 == "tcp") tcp[key] = $5; else tfo[key] = $5 }
	END { for (k in tcp) if (tfo[k] + 0 > tcp[k] + 0) { print k; bad = 1 } exit bad }' \
	"$tmp/l.csv" >"$tmp/slower" || fail "tfo slower at the median: $(cat "$tmp/slower")"

# The same grid and seeds give the same bytes.
"$tfosim" sweep --rtt 20ms,80ms,200ms --loss 1%,5%,10% --seeds 3 >"$tmp/l2.csv"
check "same grid, same bytes" cmp -s "$tmp/l.csv" "$tmp/l2.csv"

# Shards merged equal the whole run, byte for byte, in JSON and in CSV.
grid="--rtt 10ms..50ms/20ms --loss 0%,3% --seeds 2 --connections 10"
# shellcheck disable=SC2086
"$tfosim" sweep $grid --format json >"$tmp/whole.json"
# shellcheck disable=SC2086
"$tfosim" sweep $grid >"$tmp/whole.csv"
for i in 0 1 2 3; do
	# shellcheck disable=SC2086
	"$tfosim" sweep $grid --format json --shard "$i/4" >"$tmp/s$i.json"
done
"$tfosim" sweep --merge --format json "$tmp/s3.json" "$tmp/s1.json" "$tmp/s0.json" \
	"$tmp/s2.json" >"$tmp/merged.json"
check "merged JSON = whole JSON" cmp -s "$tmp/whole.json" "$tmp/merged.json"
"$tfosim" sweep --merge "$tmp/s0.json" "$tmp/s1.json" "$tmp/s2.json" "$tmp/s3.json" \
	>"$tmp/merged.csv"
check "merged CSV = whole CSV" cmp -s "$tmp/whole.csv" "$tmp/merged.csv"
check "a shard holds its cells only" [ "$(grep -c '"cell": ' "$tmp/s1.json")" -eq 4 ]
refused "cell 3 is missing" --merge "$tmp/s0.json" "$tmp/s1.json" "$tmp/s2.json"
refused "cell 0 is twice" --merge "$tmp/s0.json" "$tmp/s0.json" "$tmp/s1.json" "$tmp/s2.json" \
	"$tmp/s3.json"
"$tfosim" sweep --rtt 10ms --loss 0% --format json --shard 0/2 >"$tmp/other.json"
refused "not from the same sweep" --merge "$tmp/s0.json" "$tmp/other.json"
sed 's/"cell": 1, "rtt_ns": \([0-9]*\), "loss_ppm": 30000, "mode": "tfo"/"cell": 1, "rtt_ns": 2\1, "loss_ppm": 30000, "mode": "tfo"/' \
	"$tmp/s1.json" >"$tmp/s1bad.json"
refused "cell 1 has two RTTs" --merge "$tmp/s0.json" "$tmp/s1bad.json" "$tmp/s2.json" "$tmp/s3.json"
echo '{"format": "tfosim-run", "version": 1}' >"$tmp/run.json"
refused "not a tfosim-sweep document" --merge "$tmp/run.json"
echo '{"format": "tfosim-sweep", "version": 9}' >"$tmp/v9.json"
refused "version 9" --merge "$tmp/v9.json"
printf '{"format": "tfosim-sweep",\n "version": ' >"$tmp/cut.json"
refused "cut.json:2" --merge "$tmp/cut.json"

# The chart: an SVG with axes, a line per mode and a band per loss rate.
"$tfosim" sweep --rtt 10ms..100ms/30ms --loss 0%,5% --connections 10 --plot "$tmp/p.svg" \
	>"$tmp/p.csv"
check "chart written" grep -q '^<svg ' "$tmp/p.svg"
check "chart ends" [ "$(tail -n 1 "$tmp/p.svg")" = "</svg>" ]
check "a line per mode and loss rate" [ "$(grep -c '<polyline' "$tmp/p.svg")" -eq 4 ]
check "a band per loss rate" [ "$(grep -c 'class="saved"' "$tmp/p.svg")" -eq 2 ]
check "legend" grep -q 'time saved' "$tmp/p.svg"
"$tfosim" sweep --merge --plot "$tmp/m.svg" "$tmp/s0.json" "$tmp/s1.json" "$tmp/s2.json" \
	"$tmp/s3.json" >/dev/null
# shellcheck disable=SC2086
"$tfosim" sweep $grid --plot "$tmp/w.svg" >/dev/null
check "the merged chart = the whole run's chart" cmp -s "$tmp/m.svg" "$tmp/w.svg"

# Usage errors.
refused "--rtt and --loss are required" --rtt 10ms
refused "'10' is not a time" --rtt 10 --loss 0%
refused "a range goes up" --rtt 50ms..10ms/10ms --loss 0%
refused "'200%' is not a percentage" --rtt 10ms --loss 200%
refused "more than 1000 values" --rtt 1ms..2s/1ms --loss 0%
refused "--shard is I/N" --rtt 10ms --loss 0% --format json --shard 2/2
refused "--shard writes JSON" --rtt 10ms --loss 0% --shard 0/2
refused "--format is csv or json" --rtt 10ms --loss 0% --format xml
refused "--seeds takes a number" --rtt 10ms --loss 0% --seeds 0
refused "no built-in has that name" no-such-scenario --rtt 10ms --loss 0%
refused "--merge takes" --merge --rtt 10ms "$tmp/s0.json"
refused "cannot read" --merge "$tmp/none.json"
refused "$tmp/p.svg/x" --rtt 10ms --loss 0% --plot "$tmp/p.svg/x"

t_done
