#!/bin/sh
# cross-report.sh DIR TARGET... - size of the freestanding core per target,
# and the undefined symbols it needs (must be only memcpy/memmove/memset and
# the two memblock_env_* functions of the seam).
dir=$1; shift
printf '%-28s %8s %8s %8s %8s %8s  %s\n' target text core importers data bss undefined
bad=0
# Text of the objects in $1 named by the rest, linked as one.
text_of() {
	out=$1; shift
	ld.lld -r -o "$out" "$@" && llvm-size "$out" | awk 'NR==2 {print $1}'
}
for t in "$@"; do
	o="$dir/$t/libmemblock.o"
	set -- $(llvm-size "$o" | awk 'NR==2 {print $1, $2, $3}')
	und=$(llvm-nm -u "$o" | awk '{print $2}' | sort | tr '\n' ' ')
	imp=$(ls "$dir/$t"/import_*.o)
	core=$(ls "$dir/$t"/*.o | grep -v -e '/import_' -e '/libmemblock.o$' -e '/part-')
	ct=$(text_of "$dir/$t/part-core.o" $core)
	it=$(text_of "$dir/$t/part-importers.o" $imp)
	printf '%-28s %8s %8s %8s %8s %8s  %s\n' "$t" "$1" "$ct" "$it" "$2" "$3" "$und"
	max=$(awk -v t="$t" '$1 == t {print $2}' mk/size-budget.txt 2>/dev/null)
	if [ -n "$max" ] && [ "$1" -gt "$max" ]; then
		echo "cross: $t text $1 exceeds its budget $max (mk/size-budget.txt)" >&2
		bad=1
	fi
	for s in $und; do
		case "$s" in
		memcpy|memmove|memset|memblock_env_write|memblock_env_symbolize) ;;
		__aeabi_memcpy*|__aeabi_memmove*|__aeabi_memset*|__aeabi_memclr*) ;; # Arm EABI names of the same
		*) echo "cross: $t needs unexpected symbol $s" >&2; bad=1 ;;
		esac
	done
done
exit $bad
