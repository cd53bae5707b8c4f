#!/bin/sh
# tfosim cookie, end to end: exact stdout, stderr and exit status for good
# and bad input. Usage: test-cookie.sh PATH-TO-TFOSIM
set -u
tfosim=$1
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

KEY=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4
K1=01234567-89abcdef-fedcba98-76543210
K256=00010203-04050607-08090a0b-0c0d0e0f-10111213-14151617-18191a1b-1c1d1e1f
V6S=fd3d:fa7b:d17d::1
V6D=fd3d:a0b:17d6::1
FORM=xxxxxxxx-xxxxxxxx-xxxxxxxx-xxxxxxxx
HELP="(try 'tfosim cookie --help')"

# expect STATUS STDOUT STDERR ARGS...: runs "tfosim cookie ARGS..." and
# compares byte for byte; a non-empty STDOUT/STDERR is one line.
expect() {
	want_status=$1 want_out=$2 want_err=$3
	shift 3
	count=$((count + 1))
	"$tfosim" cookie "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	: >"$tmp/want_out"
	: >"$tmp/want_err"
	[ -z "$want_out" ] || printf '%s\n' "$want_out" >"$tmp/want_out"
	[ -z "$want_err" ] || printf '%s\n' "$want_err" >"$tmp/want_err"
	if [ "$status" -ne "$want_status" ] || ! cmp -s "$tmp/out" "$tmp/want_out" ||
		! cmp -s "$tmp/err" "$tmp/want_err"; then
		failures=$((failures + 1))
		echo "FAIL: tfosim cookie $*"
		echo "  status $status, wanted $want_status"
		echo "  stdout: $(cat "$tmp/out")"
		echo "  wanted: $want_out"
		echo "  stderr: $(cat "$tmp/err")"
		echo "  wanted: $want_err"
	fi
}

# Linux >= 5.3 known answers: the issue's two, and cookies a 6.18 kernel
# granted in traces/cold-warm.pcap, asym-addr.pcap, ipv6.pcap and
# backup-key.pcap (there the client's old cookie, made with what had become
# the backup key, was accepted and the fresh primary cookie handed out).
expect 0 3021b9d889017eeb "" --key $KEY 192.0.2.1 192.168.0.1
expect 0 c1d1e9742a47a9bc "" --key $KEY $V6S $V6D
expect 0 9609976ee4a2284d "" --key $KEY 127.0.0.1 127.0.0.1
expect 0 e7fd7578d13fe323 "" --key $KEY 127.0.0.2 127.0.0.1
expect 0 bde56f53c92f0191 "" --key $KEY ::1 ::1
B1=10203040-50607080-90a0b0c0-d0e0f000
B2=0f0e0d0c-0b0a0908-07060504-03020100
expect 0 f9c30622b3538d63 "" --key $B1 127.0.0.1 127.0.0.1
expect 0 valid-backup "" --key $B2,$B1 --check f9c30622b3538d63 127.0.0.1 127.0.0.1
expect 0 2f0d7630aafc9bab "" --key $B2,$B1 127.0.0.1 127.0.0.1
expect 0 3021b9d889017eeb "" --key $KEY --alg siphash --len 8 192.0.2.1 192.168.0.1
expect 0 3021b9d889017eeb "" 192.0.2.1 192.168.0.1 --key=$KEY
expect 0 3021b9d889017eeb "" --key A1A1A1A1-B2B2B2B2-C3C3C3C3-D4D4D4D4 192.0.2.1 192.168.0.1
expect 0 3021b9d889017eeb "" --key $KEY,$K1 192.0.2.1 192.168.0.1

# HMAC-SHA256 (cross-checked with openssl dgst -mac HMAC, see test_cookie.c)
expect 0 dbcfb599e23b1e35 "" --key $KEY --alg hmac-sha256 192.0.2.1 192.168.0.1
expect 0 dbcfb599e23b1e35a39245cc8ab5a92a "" --key $KEY --alg hmac-sha256 --len 16 \
	192.0.2.1 192.168.0.1
expect 0 dbcfb599 "" --alg=hmac-sha256 --len=4 --key $KEY 192.0.2.1 192.168.0.1
expect 0 9635d7ea59756b88b2c6db64162038fd "" --key $K256 --alg hmac-sha256 --len 16 $V6S $V6D

# --check
expect 0 valid-primary "" --key $KEY --check 3021b9d889017eeb 192.0.2.1 192.168.0.1
expect 0 valid-primary "" --key $KEY --check 3021B9D889017EEB 192.0.2.1 192.168.0.1
expect 0 valid-backup "" --key $K1,$KEY --check 3021b9d889017eeb 192.0.2.1 192.168.0.1
expect 1 invalid "" --key $KEY --check 3021b9d889017eec 192.0.2.1 192.168.0.1
expect 1 invalid "" --key $KEY --check 3021b9d8 192.0.2.1 192.168.0.1
expect 1 invalid "" --key $KEY --check 3021b9d889017eeb 192.168.0.1 192.0.2.1
expect 1 invalid "" --key $K1 --check 3021b9d889017eeb 192.0.2.1 192.168.0.1
expect 0 valid-backup "" --key $K1,$K256 --alg hmac-sha256 --len 16 \
	--check 9635d7ea59756b88b2c6db64162038fd $V6S $V6D
expect 1 invalid "" --key $K256 --alg hmac-sha256 --check 9635d7ea59756b88b2c6db64162038fd \
	$V6S $V6D

# AES (answers from tests/ref/aes_cookie.py), where the CPU has it
if grep -qw aes /proc/cpuinfo 2>/dev/null && grep -qw pclmulqdq /proc/cpuinfo 2>/dev/null; then
	expect 0 37a6541bbcd4a087 "" --key $KEY --alg aes 192.0.2.1 192.168.0.1
	expect 0 89366f572ff52f61a26b72204e842525 "" --key $K256 --alg aes --len 16 $V6S $V6D
	expect 0 valid-primary "" --key $KEY --alg aes --check 37a6541bbcd4a087 \
		192.0.2.1 192.168.0.1
	expect 1 invalid "" --key $KEY --alg aes --check 37a6541bbcd4a088 192.0.2.1 192.168.0.1
else
	echo "NOTE: no AES-NI/PCLMUL on this CPU: checking the error instead of AES cookies"
	expect 2 "" "tfosim: cookie: --alg aes needs a CPU with AES-NI and PCLMUL" \
		--key $KEY --alg aes 192.0.2.1 192.168.0.1
fi

# Bad input: one line naming the argument, exit 2, nothing on stdout.
expect 2 "" "tfosim: cookie: bad --key 'xyz': expected $FORM[,BACKUP]" \
	--key xyz 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '1-2-3': expected $FORM[,BACKUP]" \
	--key 1-2-3 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '0x1-2-3-4': expected $FORM[,BACKUP]" \
	--key 0x1-2-3-4 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '$KEY,': expected $FORM[,BACKUP]" \
	--key $KEY, 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '$KEY ': expected $FORM[,BACKUP]" \
	--key "$KEY " 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '': expected $FORM[,BACKUP]" \
	--key "" 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '$K256': siphash needs a 128-bit key (4 groups)" \
	--key $K256 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --key '$KEY,$K256': siphash needs a 128-bit key (4 groups)" \
	--key $KEY,$K256 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: SRC '192.0.2.1' and DST '$V6D' are of two families: give two IPv4 or two IPv6 addresses" \
	--key $KEY 192.0.2.1 $V6D
expect 2 "" "tfosim: cookie: SRC '$V6S' and DST '192.168.0.1' are of two families: give two IPv4 or two IPv6 addresses" \
	--key $KEY --check 3021b9d889017eeb $V6S 192.168.0.1
expect 2 "" "tfosim: cookie: bad SRC '192.0.2': expected an IPv4 or IPv6 address" \
	--key $KEY 192.0.2 192.168.0.1
expect 2 "" "tfosim: cookie: bad DST '[::1]': expected an IPv4 or IPv6 address" \
	--key $KEY ::2 [::1]
expect 2 "" "tfosim: cookie: bad --check 'xyz': expected the cookie in hex, 1 to 16 bytes" \
	--key $KEY --check xyz 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --check '3021b9d889017ee': expected the cookie in hex, 1 to 16 bytes" \
	--key $KEY --check 3021b9d889017ee 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --check '': expected the cookie in hex, 1 to 16 bytes" \
	--key $KEY --check "" 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --check '0x3021b9d889017eeb': expected the cookie in hex, 1 to 16 bytes" \
	--key $KEY --check 0x3021b9d889017eeb 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --check '000102030405060708090a0b0c0d0e0f10': expected the cookie in hex, 1 to 16 bytes" \
	--key $KEY --check 000102030405060708090a0b0c0d0e0f10 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --alg 'SipHash': expected siphash, hmac-sha256 or aes" \
	--key $KEY --alg SipHash 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --len '5': expected an even number from 4 to 16" \
	--key $KEY --alg hmac-sha256 --len 5 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --len '18': expected an even number from 4 to 16" \
	--key $KEY --alg hmac-sha256 --len 18 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --len '+8': expected an even number from 4 to 16" \
	--key $KEY --alg hmac-sha256 --len +8 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --len '8x': expected an even number from 4 to 16" \
	--key $KEY --alg hmac-sha256 --len 8x 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: bad --len '16': siphash cookies are 8 bytes" \
	--key $KEY --len 16 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: missing --key $HELP" 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: expected SRC and DST $HELP" --key $KEY 192.0.2.1
expect 2 "" "tfosim: cookie: expected SRC and DST $HELP" --key $KEY
expect 2 "" "tfosim: cookie: unexpected argument '10.0.0.1'" \
	--key $KEY 192.0.2.1 192.168.0.1 10.0.0.1
expect 2 "" "tfosim: cookie: unknown option '--keys' $HELP" \
	--keys $KEY 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: unknown option '-k' $HELP" -k $KEY 192.0.2.1 192.168.0.1
expect 2 "" "tfosim: cookie: option '--check' needs an argument" \
	--key $KEY 192.0.2.1 192.168.0.1 --check

# --help: the usage on stdout, exit 0, whatever else is there.
count=$((count + 1))
"$tfosim" cookie --help --bogus >"$tmp/out" 2>"$tmp/err"
status=$?
first=$(head -n 1 "$tmp/out")
if [ "$status" -ne 0 ] || [ -s "$tmp/err" ] ||
	[ "$first" != "usage: tfosim cookie --key KEY[,BACKUP] [--alg ALG] [--len N] [--check HEX] SRC DST" ]; then
	failures=$((failures + 1))
	echo "FAIL: tfosim cookie --help: status $status, first line '$first'"
fi

# --version: every command answers it, with the same line, and runs nothing.
"$tfosim" --version >"$tmp/version"
for args in "cookie --version" "run --version" "demo --version" \
	"replay --version /nonexistent" "cookie --key 1 --version 1.2.3.4"; do
	count=$((count + 1))
	# shellcheck disable=SC2086
	"$tfosim" $args >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "$status" -ne 0 ] || [ -s "$tmp/err" ] || ! cmp -s "$tmp/out" "$tmp/version" ||
		! grep -q '^tfosim [0-9.]* (libtfo [0-9.]*, libsodium ' "$tmp/out"; then
		failures=$((failures + 1))
		echo "FAIL: tfosim $args: status $status, output '$(cat "$tmp/out" "$tmp/err")'"
	fi
done

t_done
