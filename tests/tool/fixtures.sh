#!/bin/sh
# For every real e820 log in maps/e820/, `memblock simulate --check` must
# reproduce the memory total Linux printed in its "Memory: A K/B K
# available" line (B: present pages after e820 set-up), the "System RAM"
# of a crashkernel line, and Linux's "Early memory node ranges".
# Logs without such lines still have to import cleanly (exit 0).
set -u
M=${MEMBLOCK:-build/memblock}
fail=0
n=0
for f in maps/e820/*.txt; do
	n=$((n + 1))
	out=$("$M" simulate --check --only totals "$f" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || echo "$out" | grep -q MISMATCH; then
		echo "FAIL: $f (exit $rc)"; echo "$out"; fail=1
	fi
	if grep -q "K available" "$f" && ! echo "$out" | grep -q "Memory total .*: match"; then
		echo "FAIL: $f: Memory total not compared"; fail=1
	fi
	if grep -q "Initmem setup" "$f" && ! echo "$out" | grep -q "node spans .*: match"; then
		echo "FAIL: $f: node spans not compared"; fail=1
	fi
done
# The RHEL 7 log reserved its crashkernel=auto (168 MB) at 720 MB: x86-64
# kernels of that age searched top-down below 896 MB.
out=$("$M" simulate --check --only totals --cmdline crashkernel=168M --crash-low-max 896M \
	maps/e820/aic-sb202-ur-xeon-2socket-128g-rhel7.txt 2>&1)
echo "$out" | grep -q "check: crashkernel 168MB at 720MB, log line 108 says 168MB at 720MB: match" ||
	{ echo "FAIL: RHEL 7 crashkernel placement"; echo "$out"; fail=1; }
# memblock=debug logs without a firmware map: memory comes from their
# first MEMBLOCK dump, and the totals Linux printed per node must follow.
for f in efm32-giant-gecko-armv7m-4m-memblock-debug.txt \
	 sgi-ip27-4node-mips-memblock-debug.txt \
	 kvm-guest-65g-254vcpu-percpu-reserved-doubling-2012.txt; do
	out=$("$M" simulate --check --only totals "maps/memblock/$f" 2>&1); rc=$?
	if [ $rc -ne 0 ] || ! echo "$out" | grep -q "totalpages' lines .*: match"; then
		echo "FAIL: $f"; echo "$out"; fail=1
	fi
done
# The debugfs listing (new format) comes back byte for byte.
"$M" simulate --only memory maps/memblock/arm64-soc-16region-debugfs-memory.txt >"${TMPDIR:-/tmp}/mbt-debugfs.$$" 2>&1
grep -A16 "^# new format" maps/memblock/arm64-soc-16region-debugfs-memory.txt | tail -n 16 |
	cmp -s - "${TMPDIR:-/tmp}/mbt-debugfs.$$" ||
	{ echo "FAIL: debugfs listing not reproduced"; fail=1; }
rm -f "${TMPDIR:-/tmp}/mbt-debugfs.$$"
[ $n -ge 15 ] || { echo "FAIL: expected the 15 bundled e820 logs, found $n"; fail=1; }
[ $fail -eq 0 ] && echo "fixtures: $n e820 logs, 3 memblock logs and a debugfs listing reproduce what Linux printed"
exit $fail
