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
done
# The RHEL 7 log reserved its crashkernel=auto (168 MB) at 720 MB: x86-64
# kernels of that age searched top-down below 896 MB.
out=$("$M" simulate --check --only totals --cmdline crashkernel=168M --crash-low-max 896M \
	maps/e820/aic-sb202-ur-xeon-2socket-128g-rhel7.txt 2>&1)
echo "$out" | grep -q "check: crashkernel 168MB at 720MB, log line 108 says 168MB at 720MB: match" ||
	{ echo "FAIL: RHEL 7 crashkernel placement"; echo "$out"; fail=1; }
[ $n -ge 15 ] || { echo "FAIL: expected the 15 bundled e820 logs, found $n"; fail=1; }
[ $fail -eq 0 ] && echo "fixtures: $n e820 logs reproduce Linux's totals"
exit $fail
