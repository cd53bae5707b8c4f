#!/bin/sh
# Fails when libtfo.so exports a symbol outside the tfo_ namespace.
set -eu
lib=$1
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBRW]/ && $3 !~ /^tfo_/ && $3 !~ /^TFO_/ {print $3}')
count=$(nm -D --defined-only "$lib" | awk '$3 ~ /^tfo_/' | wc -l)
if [ -n "$bad" ]; then
	echo "symbols exported outside tfo_:" $bad
	exit 1
fi
if [ "$count" -eq 0 ]; then
	echo "no tfo_ symbols exported"
	exit 1
fi
echo "$count tfo_ symbols exported, nothing else"
