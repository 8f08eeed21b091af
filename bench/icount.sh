#!/bin/sh
# icount.sh BIN [W:N ...] - instructions per operation of the bench's timed
# loops, counted by callgrind (deterministic, unlike the clock on a shared
# machine), in all and outside memmove/memcpy (the array moves themselves).
# W is a (reserve), b (alloc, byte mode) or c (churn, byte mode).
set -eu
bin=$1
shift
[ $# -gt 0 ] || set -- c:1000 c:10000 b:10000 a:10000
out=$(mktemp)
trap 'rm -f "$out"' EXIT
printf '%-10s %14s %14s %10s\n' workload instructions "outside moves" "per op"
for spec in "$@"; do
	w=${spec%%:*}
	n=${spec#*:}
	valgrind --tool=callgrind --collect-atstart=no \
		--callgrind-out-file="$out" "$bin" --icount "$w" "$n" \
		>/dev/null 2>&1
	callgrind_annotate --auto=no "$out" 2>/dev/null | awk -v w="$w" -v n="$n" '
		/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
		/mem(move|cpy)/ && $1 ~ /^[0-9,]+$/ { gsub(",", "", $1); moves += $1 }
		END {
			if (total == "") { print "icount: no counts for " w ":" n > "/dev/stderr"; exit 1 }
			printf "%-10s %14d %14d %10.0f\n", w ":" n, total, total - moves, (total - moves) / n
		}'
done
