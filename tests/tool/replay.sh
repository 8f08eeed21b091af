#!/bin/sh
# `memblock replay` on the bundled memblock=debug logs: every allocation
# Linux traced lands where the log says (some after inferring an untraced
# setting, which must be named), and a tampered log is caught.
set -u
M=${MEMBLOCK:-build/memblock}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # check LOG EXPECTED-SUMMARY-FRAGMENT [EXPECTED-NOTE]
	out=$("$M" replay "maps/memblock/$1" 2>&1); rc=$?
	[ $rc -eq 0 ] || { echo "FAIL: $1: exit $rc"; echo "$out"; fail=1; }
	echo "$out" | grep -q -- "$2" || { echo "FAIL: $1: no '$2'"; echo "$out"; fail=1; }
	if [ $# -ge 3 ]; then
		echo "$out" | grep -q -- "$3" || { echo "FAIL: $1: no '$3'"; echo "$out"; fail=1; }
	fi
}
check qemu-i440fx-2node-4g-x86-memblock-debug.txt \
	"18 allocation(s) placed as in the log, 0 explained" \
	"memblock_set_node() is not traced"
check efm32-giant-gecko-armv7m-4m-memblock-debug.txt \
	"27 allocation(s) placed as in the log, 1 explained" \
	"SMP_CACHE_BYTES = 32"
check sgi-ip27-4node-mips-memblock-debug.txt \
	"17 allocation(s) placed as in the log, 1 explained" \
	"switch to bottom-up"
check kvm-guest-65g-254vcpu-percpu-reserved-doubling-2012.txt \
	"replayed 67 calls" "exclusive ends"

# A log whose placement was edited must fail, naming the line.
sed 's/memblock_reserve: \[0x000000013fff6000-0x000000013fff9fff\]/memblock_reserve: [0x000000013fff2000-0x000000013fff5fff]/' \
	maps/memblock/qemu-i440fx-2node-4g-x86-memblock-debug.txt >"$T/bad.txt"
out=$("$M" replay "$T/bad.txt" 2>&1); rc=$?
[ $rc -eq 1 ] || { echo "FAIL: tampered log: exit $rc"; fail=1; }
echo "$out" | grep -q "bad.txt:90: memblock_alloc_try_nid 16384 bytes: Linux placed it at 0x13fff2000 (line 91), the replay at 0x13fff6000" ||
	{ echo "FAIL: tampered log not reported"; echo "$out"; fail=1; }

# Logs with nothing to execute are input errors.
"$M" replay maps/memblock/arm64-soc-16region-debugfs-memory.txt >/dev/null 2>&1
[ $? -eq 1 ] || { echo "FAIL: empty replay should exit 1"; fail=1; }
[ $fail -eq 0 ] && echo "replay: bundled logs reproduced"
exit $fail
