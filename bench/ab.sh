#!/bin/sh
# ab.sh A B [ROUNDS] - compare two bench binaries (e.g. build/bench/bench and a
# build/bench/bench-tree made with BENCH_TREE=) on (c) churn, byte mode, at
# N = 1000 and 10000.  The host's speed changes from one moment to the next,
# so the two are run alternately, ROUNDS times each (default 15), and the
# medians of their ns/op and ns/bare are printed.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 A B [ROUNDS]" >&2; exit 2; }
a=$1 b=$2 rounds=${3:-15}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
i=0
while [ "$i" -lt "$rounds" ]; do
	for x in a b; do
		eval "bin=\$$x"
		"$bin" --n 1000,10000 --reps 5 2>/dev/null |
			awk -v x="$x" '/^ +(1000|10000) +byte/ && NF >= 9 {
				sub("x", "", $7); print x, $1, $5, $7 }'
	done
	i=$((i + 1))
done >"$out"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for x in a b; do
	for n in 1000 10000; do
		ns=$(awk -v x="$x" -v n="$n" '$1 == x && $2 == n { print $3 }' "$out" | median)
		r=$(awk -v x="$x" -v n="$n" '$1 == x && $2 == n { print $4 }' "$out" | median)
		printf '%s  N=%-6s ns/op %-8s ns/bare %sx\n' "$x" "$n" "$ns" "$r"
	done
done
