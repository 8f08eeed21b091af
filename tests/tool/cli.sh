#!/bin/sh
# Exit codes, --help for every subcommand, file:line diagnostics, and the
# command-line options of simulate on small hand-made maps.
set -u
M=${MEMBLOCK:-build/memblock}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
expect() { # expect WANT-EXIT DESCRIPTION CMD...
	want=$1; what=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL: $what: exit $got, wanted $want"; cat "$T/out" "$T/err"; fail=1
	fi
}
has() { # has FILE PATTERN DESCRIPTION
	grep -q -- "$2" "$1" || { echo "FAIL: $3: no '$2' in:"; cat "$1"; fail=1; }
}

expect 2 "no command" "$M"
expect 2 "unknown command" "$M" frobnicate
expect 0 "main help" "$M" --help
expect 0 "formats" "$M" formats
has "$T/out" "memory  BASE SIZE" "formats documents the text format"
for c in simulate replay draw parse; do
	expect 0 "$c --help" "$M" $c --help
	has "$T/out" "usage: memblock $c" "$c --help"
	expect 2 "$c without file" "$M" $c
	expect 2 "$c bad option" "$M" $c --no-such-option x
done
expect 1 "missing file" "$M" simulate "$T/nonexistent"

# Own text format; a bad line is reported as FILE:LINE and gives exit 1.
cat >"$T/map.txt" <<'MAP'
# two banks and a reservation
memory 0x1000 0x9f000
memory 0x100000 1G nid=0
reserve 0x200000 0x100000
bogus line here
MAP
expect 1 "bad line" "$M" simulate "$T/map.txt"
has "$T/err" "map.txt:5: error" "file:line diagnostic"
has "$T/out" "memory.cnt  = 0x2" "map still simulated"

sed -i '/bogus/d' "$T/map.txt"
expect 0 "good text map" "$M" simulate --only reserved "$T/map.txt"
has "$T/out" "   0: 0x0000000000200000..0x00000000002fffff    x NONE" "debugfs line"
expect 0 "totals" "$M" simulate --only totals "$T/map.txt"
has "$T/out" "Memory: 1048188K/1049212K available (1024K reserved)" "totals line"

# x86 options on an e820 map: memmap= edits the table, mem= caps addresses.
cat >"$T/e820.txt" <<'MAP'
BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable
BIOS-e820: [mem 0x0000000000100000-0x00000000bfffffff] usable
BIOS-e820: [mem 0x0000000100000000-0x000000023fffffff] usable
MAP
expect 0 "mem=" "$M" simulate --only dump --cmdline "mem=4G" "$T/e820.txt"
has "$T/out" "memory.cnt  = 0x2" "mem=4G drops RAM above 4G"
expect 0 "memmap=\$" "$M" simulate --only dump --cmdline 'memmap=256M$0x10000000' "$T/e820.txt"
has "$T/out" "\[0x0000000000100000-0x000000000fffffff\]" "memmap=\$ carves reserved"
expect 0 "exactmap" "$M" simulate --only dump --cmdline 'memmap=exactmap memmap=640K@0 memmap=1G@1M' "$T/e820.txt"
has "$T/out" "memory size = 0x00000000400a0000" "exactmap keeps only given RAM"
expect 0 "crashkernel low" "$M" simulate --cmdline 'crashkernel=256M' "$T/e820.txt"
has "$T/out" "# crashkernel: \[0xb0000000-0xbfffffff\]" "crashkernel below 4G, 16M aligned"
expect 0 "crashkernel fixed" "$M" simulate --cmdline 'crashkernel=64M@0x20000000' "$T/e820.txt"
has "$T/out" "# crashkernel: \[0x20000000-0x23ffffff\]" "crashkernel at offset"
expect 0 "crashkernel falls back above 4G" "$M" simulate --cmdline 'crashkernel=4G' "$T/e820.txt"
has "$T/out" "# crashkernel low: \[0xb0000000-0xbfffffff\] (256 MiB)" "crashkernel default low part"
has "$T/out" "# crashkernel: \[0x140000000-0x23fffffff\] (4096 MiB)" "crashkernel above 4G"
expect 0 "crashkernel high" "$M" simulate --cmdline 'crashkernel=1G,high crashkernel=64M,low' "$T/e820.txt"
has "$T/out" "# crashkernel low: \[0xbc000000-0xbfffffff\] (64 MiB)" "crashkernel ,low size"
expect 0 "reserve_mem" "$M" simulate --cmdline 'reserve_mem=2M:4096:oops' "$T/e820.txt"
has "$T/out" "# reserve_mem oops: \[0x23fe00000-0x23fffffff\]" "reserve_mem top-down"
expect 0 "generic mem=" "$M" simulate --arch generic --only dump --cmdline "mem=1G" "$T/e820.txt"
has "$T/out" "memory size = 0x0000000040000000" "generic mem= keeps 1G"
expect 0 "json" "$M" simulate --json "$T/e820.txt"
has "$T/out" '"present_kib": ' "json totals"

# draw: an SVG with the holes compressed and labelled, NOMAP shown.
printf 'memory 0x1000 0x9f000\nmemory 4G 1G nid=1\nnomap 0x200000000 2M\nreserve 0x2000 0x1000\n' >"$T/d.txt"
expect 0 "draw" "$M" draw "$T/d.txt"
head -c 4 "$T/out" | grep -q "<svg" || { echo "FAIL: draw: not an SVG"; fail=1; }
tail -n 1 "$T/out" | grep -q "</svg>" || { echo "FAIL: draw: unterminated SVG"; fail=1; }
has "$T/out" "hole, 4.0 GiB (compressed)" "draw: compressed hole label"
has "$T/out" "memory, NOMAP, 2 MiB" "draw: NOMAP row"
has "$T/out" ">N1<" "draw: node label"
expect 0 "draw -o" "$M" draw -o "$T/d.svg" "$T/d.txt"
grep -q "</svg>" "$T/d.svg" || { echo "FAIL: draw -o wrote nothing"; fail=1; }

# An efi=debug log imported as Linux's EFI code would (NOMAP for runtime
# and reserved types), next to its e820 view.
expect 0 "efi lines" "$M" simulate --efi --only totals maps/efi/ovmf-q35-7g-fedora-5.3-efi-debug.txt
has "$T/out" "Memory: 5204896K/5242496K available (37600K reserved)" "EFI totals"
expect 0 "efi lines" "$M" simulate --efi --only memory maps/efi/ovmf-q35-7g-fedora-5.3-efi-debug.txt
has "$T/out" "   1: 0x0000000000030000..0x000000000004ffff    x NOMAP" "EFI NOMAP region"

# With --arch x86 the same EFI lines go through the x86 EFI stub's e820
# conversion: memblock then holds what the e820 table Linux printed in that
# boot gives it, with and without mem= (which edits the converted table).
OVMF=maps/efi/ovmf-q35-7g-fedora-5.3-efi-debug.txt
for opt in "" "mem=3G"; do
	expect 0 "e820 view $opt" "$M" simulate --only dump --cmdline "$opt" "$OVMF"
	cp "$T/out" "$T/e820view"
	expect 0 "x86 EFI view $opt" "$M" simulate --efi --arch x86 --only dump --cmdline "$opt" "$OVMF"
	cmp -s "$T/out" "$T/e820view" || {
		echo "FAIL: x86 EFI view ($opt) differs from the e820 view"
		diff "$T/e820view" "$T/out"; fail=1; }
done

# A /sys/firmware/memmap directory.
mkdir -p "$T/mm/0" "$T/mm/1"
echo 0x0 >"$T/mm/0/start"; echo 0x9fbff >"$T/mm/0/end"; echo "System RAM" >"$T/mm/0/type"
echo 0x100000 >"$T/mm/1/start"; echo 0x3fffffff >"$T/mm/1/end"; echo "System RAM" >"$T/mm/1/type"
expect 0 "sysfs memmap dir" "$M" simulate --only totals "$T/mm"
has "$T/out" "Memory: 1048188K/1048188K available" "sysfs memmap totals"

# A device tree source, through dtc, imported by the library's FDT reader.
cat >"$T/board.dts" <<'DTS'
/dts-v1/;
/memreserve/ 0x80000000 0x10000;
/ {
	model = "test board";
	#address-cells = <2>; #size-cells = <2>;
	memory@80000000 { device_type = "memory"; reg = <0x0 0x80000000 0x0 0x40000000>; };
	reserved-memory {
		#address-cells = <2>; #size-cells = <2>; ranges;
		fw@90000000 { reg = <0x0 0x90000000 0x0 0x200000>; no-map; };
		pool { size = <0x0 0x400000>; alignment = <0x0 0x400000>; reusable; };
	};
};
DTS
expect 0 "dts" "$M" simulate "$T/board.dts"
has "$T/out" "# device tree: test board" "dts model"
has "$T/out" "memory\[0x1\].*\[0x0000000090000000-0x00000000901fffff\].*flags: 0x4" "dts no-map is NOMAP"
has "$T/out" "reserved-memory pool: \[0xbfc00000-0xbfffffff\] reusable (placed by size)" "dts dynamic region"
dtc -q -I dts -O dtb -o "$T/board.dtb" "$T/board.dts"
expect 0 "dtb" "$M" simulate --only totals "$T/board.dtb"
# A board with more carve-outs (100 no-map regions) than the library's
# stack array holds: the tool lends the import room for all of them.
{
	echo '/dts-v1/;'
	echo '/ { model = "many carve-outs"; #address-cells = <1>; #size-cells = <1>;'
	echo '	memory@80000000 { device_type = "memory"; reg = <0x80000000 0x40000000>; };'
	echo '	reserved-memory { #address-cells = <1>; #size-cells = <1>; ranges;'
	i=0
	while [ $i -lt 100 ]; do
		printf '\tc%d@%x { reg = <0x%x 0x1000>; no-map; };\n' $i \
			$((0x90000000 + i * 0x100000)) $((0x90000000 + i * 0x100000))
		i=$((i + 1))
	done
	echo '	}; };'
} >"$T/many.dts"
expect 0 "dts with 100 carve-outs" "$M" simulate "$T/many.dts"
has "$T/out" "fdt: 101 banks/reservations, 0 ignored" "every carve-out imported"
has "$T/out" "memory.cnt  = 0xc9" "100 no-map pieces split memory into 201"
has "$T/out" "reserved-memory c99@96300000: \[0x96300000-0x96300fff\] no-map" "the last carve-out listed"
# A 64 MiB blob asks for 448 MiB of scratch; with the address space capped
# below that the tool reports it ran out of host memory and imports nothing.
# (The plain build only: ASan's shadow memory does not fit under the cap.)
printf '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>;\n' >"$T/pad.dts"
printf '\tmemory@80000000 { device_type = "memory"; reg = <0x80000000 0x40000000>; }; };\n' >>"$T/pad.dts"
dtc -q -p 67108864 -I dts -O dtb -o "$T/pad.dtb" "$T/pad.dts"
expect 0 "padded dtb" "$M" simulate --only totals "$T/pad.dtb"
has "$T/out" "Memory: 1048576K/1048576K available" "padded dtb imports"
# shellcheck disable=SC2016 # $0 and $1 are the inner shell's
expect 1 "padded dtb, no host memory for scratch" \
	sh -c 'ulimit -v 400000 && exec "$0" simulate --only totals "$1"' "$M" "$T/pad.dtb"
has "$T/err" "out of host memory for [0-9]* bytes of scratch" "scratch malloc failure reported"
has "$T/out" "Memory: 0K/0K available" "nothing imported without scratch"
rm -f "$T/pad.dtb"
printf '/dts-v1/;\n/ { memory { reg = <1 2>; \n' >"$T/broken.dts"
expect 1 "broken dts" "$M" simulate "$T/broken.dts"
has "$T/err" "dtc could not compile" "dtc failure reported"
head -c 64 "$T/board.dtb" >"$T/cut.dtb"
expect 1 "truncated dtb" "$M" simulate "$T/cut.dtb"
has "$T/err" "libfdt rejects the device tree" "libfdt check"

# Scripts.
cat >"$T/script" <<'S'
bottom-up
alloc 0x1000 0x1000
top-down
alloc 1M 1M 0 4G
reserve 0x300000 0x1000
free 0x300000 0x1000
frobnicate 1 2
S
expect 1 "script with a bad line" "$M" simulate --script "$T/script" "$T/e820.txt"
has "$T/out" "alloc 0x1000 -> \[0x1000-0x1fff\]" "bottom-up alloc"
has "$T/out" "alloc 0x100000 -> \[0xbff00000-0xbfffffff\]" "bounded top-down alloc"
has "$T/err" "script:7: error" "script file:line"
# Round trip: simulate's memblock=debug trace replays exactly.
printf 'alloc 0x1000 0x1000\nalloc 1M 2M 0 4G\nbottom-up\nalloc 8K\nreserve 0x300000 0x1000\nfree 0x300000 0x1000\ndump\n' >"$T/rt"
"$M" simulate --debug --script "$T/rt" --cmdline 'crashkernel=64M reserve_mem=4M:1M:x' \
	maps/e820/msi-a320m-ryzen-desktop-16g.txt >"$T/trace.txt" 2>&1
expect 0 "replay of simulate's trace" "$M" replay "$T/trace.txt"
has "$T/out" "4 allocation(s) placed as in the log, 1 explained" "round trip placements"
has "$T/out" "unlogged switch to bottom-up" "round trip infers bottom-up"
has "$T/out" "2/2 MEMBLOCK dumps identical" "round trip dumps"
exit $fail
