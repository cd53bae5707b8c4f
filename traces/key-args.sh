# Sourced by make-expects.sh and tests/replay/test-traces.sh.
# key_args MANIFEST NAME: the tfosim replay flags for scenario NAME's keys
# in MANIFEST: --key for the first visit, --rekey N=KEY where it changes.
key_args() {
	prev=
	n=0
	grep "^visit $2/" "$1" | while read -r _ _ key _; do
		n=$((n + 1))
		key=${key#key=}
		if [ -z "$prev" ]; then
			printf -- '--key %s' "$key"
		elif [ "$key" != "$prev" ]; then
			printf -- ' --rekey %s=%s' "$n" "$key"
		fi
		prev=$key
	done
}
