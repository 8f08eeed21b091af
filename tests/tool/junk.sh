#!/bin/sh
# Every subcommand on arbitrary bytes and on damaged real inputs, run
# under ASan+UBSan: exit 0 or 1 (never a crash or a sanitizer report),
# and unusable lines reported as FILE:LINE.
set -u
M=${MEMBLOCK_SAN:-build/memblock-san}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
run() { # run FILE: every subcommand must exit 0 or 1
	for c in "simulate" "simulate --json --cmdline memmap=exactmap" \
		 "simulate --efi" "replay" "draw" "parse"; do
		# shellcheck disable=SC2086
		$M $c "$1" >"$T/out" 2>"$T/err"; rc=$?
		if [ $rc -gt 1 ] || grep -q "runtime error\|AddressSanitizer" "$T/err"; then
			echo "FAIL: memblock $c $1: exit $rc"; head -20 "$T/err"; fail=1
		fi
	done
}
# Deterministic pseudo-random bytes (binary, and text-like).
i=0
while [ $i -lt 12 ]; do
	awk -v seed=$i -v text=$((i % 2)) 'BEGIN { srand(seed); n = 200 + int(rand() * 3000);
		for (k = 0; k < n; k++) { c = int(rand() * 256);
			if (text) { c = 32 + int(rand() * 96); if (rand() < 0.05) c = 10 }
			printf "%c", c } }' >"$T/r$i" 2>/dev/null
	run "$T/r$i"
	i=$((i + 1))
done
# Damaged real logs: lines cut, digits and brackets flipped.
for f in maps/e820/azw-ser8-ryzen7-8745hs-new-format-7.0.txt \
	 maps/memblock/qemu-i440fx-2node-4g-x86-memblock-debug.txt \
	 maps/memblock/sgi-ip27-4node-mips-memblock-debug.txt \
	 maps/efi/ovmf-q35-7g-fedora-5.3-efi-debug.txt \
	 maps/iomem/amd-ryzen-laptop-64g-iomem.txt; do
	b=$(basename "$f")
	sed 's/\(0x[0-9a-f]*\)f\]/\1]/; s/0000-/-/; s/\]/[/3' "$f" >"$T/cut-$b"
	awk 'NR % 3 == 0 { print substr($0, 1, length($0) / 2); next } { print }' "$f" >"$T/half-$b"
	run "$T/cut-$b"
	run "$T/half-$b"
done
# A bad e820 line in a real log is reported with its line number.
sed '4s/usable/usab1e/' maps/e820/apple-macbookpro13-1.txt >"$T/typo.txt"
"$M" simulate "$T/typo.txt" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "typo.txt:4: error: unknown e820 type 'usab1e'" "$T/err" ||
	{ echo "FAIL: typo not reported as typo.txt:4 (exit $rc)"; cat "$T/err"; fail=1; }
[ $fail -eq 0 ] && echo "junk: no crash on random or damaged input"
exit $fail
