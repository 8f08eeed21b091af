#!/bin/sh
# check.sh BUILD_DIR [CASE...] - boot the demo kernels under QEMU and check
# each boot log with BUILD_DIR/hostcheck (see boot/hostcheck.c).
#
# Each case below is: name | arch | -m | extra QEMU options | command line.
# arch x86 boots the kernel with QEMU's multiboot loader; grub-bios and
# grub-efi boot it from a GRUB ISO (multiboot 2) under SeaBIOS or under
# OVMF (UEFI, q35); those two are skipped, and said so, when grub-mkrescue
# or OVMF are not installed.
# arch arm64 boots the AArch64 kernel as a Linux Image on virt (QEMU's own
# PSCI, semihosting for the failure status); arch arm the 32-bit Arm kernel
# as a zImage on virt with a Cortex-A15, checked by hostcheck32 (its
# phys_addr_t has 32 bits: RAM reaching 4 GiB loses its last page, RAM
# above 4 GiB is left out); arch arm-lpae the same kernel with the library's
# 64-bit phys_addr_t, checked by hostcheck: RAM above 4 GiB is kept as
# highmem, allocations stay below 4 GiB, and a block from the top of memory
# is written through the kernel's highmem window.
# DTB+ in a RISC-V or AArch64 case: boot with QEMU's own device tree for that machine
# plus a /memreserve/ entry and a /reserved-memory node (a no-map region
# and an unaligned one), as board trees have them.
# A case passes when QEMU exits with the status of a clean power-off (x86:
# isa-debug-exit with 0x10 gives 33; RISC-V: SBI shutdown gives 0) within
# the timeout and hostcheck accepts the log (Arm: PSCI SYSTEM_OFF, 0).  A case named fail-* must
# instead end in the kernel's failure path: a FAIL line and the failure
# status (x86 3, RISC-V and Arm 1).  Then the checker itself is tested: logs
# doctored to be wrong must be rejected.  Logs stay in BUILD_DIR/logs.
# Name cases on the command line to run only those.
set -u
B=${1:?usage: check.sh BUILD_DIR [CASE...]}
shift
LOGS=$B/logs
mkdir -p "$LOGS"
TIMEOUT=${BOOT_TIMEOUT:-60}
# NUMA(a,b) in a case: two nodes of a and b bytes, one CPU each.
NUMA2="-smp 2 -object memory-backend-ram,id=m0,size=\\1\
 -object memory-backend-ram,id=m1,size=\\2\
 -numa node,nodeid=0,cpus=0,memdev=m0 -numa node,nodeid=1,cpus=1,memdev=m1"

CASES=$(cat <<'END'
x86-128m        | x86   | 128M |                   |
x86-1g-debug    | x86   | 1G   |                   | memblock=debug
x86-4g          | x86   | 4G   |                   |
x86-6g          | x86   | 6G   |                   |
x86-6g-mem2g    | x86   | 6G   |                   | mem=2G
x86-6g-mem4g    | x86   | 6G   |                   | mem=4G
x86-4g-mem3500m | x86   | 4G   |                   | mem=3500M reserve_mem=64M:4096:trace
x86-1g-module   | x86   | 1G   | -initrd MODULE    | quiet
x86-numa-1g-1g  | x86   | 2G   | NUMA(1G,1G)       |
x86-numa-2g-4g  | x86   | 6G   | NUMA(2G,4G)       |
x86-numa-mem3g  | x86   | 6G   | NUMA(2G,4G)       | mem=3G memblock=debug
grub-bios-1g    | grub-bios | 1G |                   | memblock=debug
grub-efi-2g     | grub-efi | 2G  |                   | mem=1536M
rv-128m         | riscv | 128M |                   |
rv-1g-debug     | riscv | 1G   |                   | memblock=debug
rv-4g           | riscv | 4G   |                   |
rv-6g           | riscv | 6G   |                   |
rv-6g-mem1g     | riscv | 6G   |                   | mem=1G reserve_mem=16M:2M:oops
rv-numa-1g-1g   | riscv | 2G   | NUMA(1G,1G)       |
rv-numa-2g-4g   | riscv | 6G   | NUMA(2G,4G)       |
rv-numa-mem3g   | riscv | 6G   | NUMA(2G,4G)       | mem=3G
rv-numa-3g-3g   | riscv | 6G   | NUMA(3G,3G)       | memblock=debug mem=5000M
rv-dtb-resv     | riscv | 1G   | DTB+              | memblock=debug
a64-128m        | arm64 | 128M |                   |
a64-1g-debug    | arm64 | 1G   |                   | memblock=debug
a64-6g-mem1g    | arm64 | 6G   |                   | mem=1G reserve_mem=16M:2M:oops
a64-numa-1g-1g  | arm64 | 2G   | NUMA(1G,1G)       |
a64-numa-mem3g  | arm64 | 6G   | NUMA(2G,4G)       | mem=3G
a64-dtb-resv    | arm64 | 2G   | DTB+              | memblock=debug
arm-128m        | arm   | 128M |                   |
arm-1g-debug    | arm   | 1G   |                   | memblock=debug
arm-3g          | arm   | 3G   |                   |
arm-4g          | arm   | 4G   |                   | memblock=debug
arm-3g-mem1g    | arm   | 3G   |                   | mem=1G reserve_mem=16M:2M:oops
arm-numa-1g-2g  | arm   | 3G   | NUMA(1G,2G)       |
arm-dtb-resv    | arm   | 2G   | DTB+              | memblock=debug
lpae-3g         | arm-lpae | 3G |                   |
lpae-6g-debug   | arm-lpae | 6G |                   | memblock=debug
lpae-6g-mem5g   | arm-lpae | 6G |                   | mem=5G reserve_mem=16M:2M:oops
lpae-numa-2g-4g | arm-lpae | 6G | NUMA(2G,4G)       |
lpae-dtb-resv   | arm-lpae | 6G | DTB+              | memblock=debug
fail-x86-mem1m  | x86   | 128M |                   | mem=1M
fail-rv-mem1m   | riscv | 128M |                   | mem=1M
fail-a64-mem1m  | arm64 | 128M |                   | mem=1M
fail-arm-mem1m  | arm   | 128M |                   | mem=1M
fail-lpae-mem1m | arm-lpae | 128M |                 | mem=1M
END
)

OVMF=/usr/share/OVMF
X86="qemu-system-x86_64 -display none -serial stdio -no-reboot \
 -device isa-debug-exit,iobase=0xf4,iosize=0x04"

# A GRUB ISO for case $1 that boots the x86 kernel with command line $2.
make_iso() {
	dir=$B/iso/$1
	mkdir -p "$dir/boot/grub"
	cp "$B/x86/kernel.bin" "$dir/boot/"
	printf 'set timeout=0\nmenuentry demo {\n\tmultiboot2 %s %s\n\tboot\n}\n' \
		/boot/kernel.bin "$2" >"$dir/boot/grub/grub.cfg"
	grub-mkrescue -o "$B/iso/$1.iso" "$dir" >"$B/iso/$1.mkrescue.log" 2>&1
}

# QEMU's device tree for arch $3 (riscv, arm64, arm) and options $2 with
# reservations added, in $1.  The reservations lie in the RAM of a 1 GiB
# RISC-V or a 2 GiB Arm virt machine.
make_dtb() {
	dts=$1.dts
	case "$3" in
	riscv) qemu="qemu-system-riscv64" cpu="" ;;
	arm | arm-lpae) qemu="qemu-system-arm" cpu="-cpu cortex-a15" ;;
	*) qemu="qemu-system-aarch64" cpu="-cpu cortex-a57" ;;
	esac
	# shellcheck disable=SC2086 # $cpu and $2 are lists of options
	$qemu -machine virt,dumpdtb="$1.qemu" $cpu $2 -display none \
		>/dev/null 2>&1 || return 1
	dtc -q -I dtb -O dts "$1.qemu" >"$dts" || return 1
	sed -i 's|^/dts-v1/;|/dts-v1/;\n/memreserve/ 0x84000000 0x10000;|' "$dts"
	# The root node's closing brace is the file's last line.
	sed -i '$d' "$dts"
	cat >>"$dts" <<'DTS'
	reserved-memory {
		#address-cells = <0x02>;
		#size-cells = <0x02>;
		ranges;
		framebuffer@90000000 {
			reg = <0x00 0x90000000 0x00 0x800000>;
			no-map;
		};
		ramoops@a0000800 {
			reg = <0x00 0xa0000800 0x00 0x1000>;
		};
	};
};
DTS
	dtc -q -I dts -O dtb -o "$1" "$dts"
}

# Why a case cannot run here, if it cannot.
missing_tools() {
	case "$1" in
	grub-*) if ! command -v grub-mkrescue >/dev/null ||
		   ! command -v xorriso >/dev/null; then
			echo "grub-mkrescue/xorriso"
			return
		fi ;;
	esac
	case "$1" in
	grub-efi) [ -e $OVMF/OVMF_CODE_4M.fd ] || echo "OVMF" ;;
	esac
}

# The QEMU command line: $1 arch, $2 memory, $3 extra options, $4 case.
qemu_cmd() {
	case "$1" in
	x86) echo "$X86 -m $2 -kernel $B/x86/kernel.bin $3" ;;
	grub-bios) echo "$X86 -m $2 -cdrom $B/iso/$4.iso $3" ;;
	grub-efi) cp $OVMF/OVMF_VARS_4M.fd "$B/iso/$4.vars"
		echo "$X86 -machine q35 -m $2 -cdrom $B/iso/$4.iso" \
		"-drive if=pflash,format=raw,unit=0,readonly=on,file=$OVMF/OVMF_CODE_4M.fd" \
		"-drive if=pflash,format=raw,unit=1,file=$B/iso/$4.vars $3" ;;
	riscv) echo "qemu-system-riscv64 -machine virt -bios default" \
		"-display none -serial stdio -no-reboot" \
		"-m $2 -kernel $B/riscv/kernel.elf $3" ;;
	arm64) echo "qemu-system-aarch64 -machine virt -cpu cortex-a57" \
		"-display none -serial stdio -no-reboot -semihosting" \
		"-m $2 -kernel $B/arm64/Image $3" ;;
	arm | arm-lpae) echo "qemu-system-arm -machine virt -cpu cortex-a15" \
		"-display none -serial stdio -no-reboot -semihosting" \
		"-m $2 -kernel $B/$1/zImage $3" ;;
	esac
}

# Exit status of a clean power-off ($2 = ok) or of the failure path.
want_rc() {
	case "$1:$2" in
	x86:ok | grub-*:ok) echo 33 ;; x86:fail | grub-*:fail) echo 3 ;;
	riscv:ok | arm64:ok | arm:ok | arm-lpae:ok) echo 0 ;;
	riscv:fail | arm64:fail | arm:fail | arm-lpae:fail) echo 1 ;;
	esac
}

# The kernel image as its symbol table has it: start and end, in hex.
image_bounds() {
	case "$1" in
	riscv | arm64 | arm | arm-lpae) elf=$B/$1/kernel.elf ;;
	*) elf=$B/x86/kernel.elf ;;
	esac
	llvm-nm "$elf" | awk '$3 == "__image_start" { s = $1 }
		$3 == "__image_end" { e = $1 } END { print s, e }'
}

# hostcheck LOG with the bounds of the image of ARCH's kernel.
hostcheck() { # hostcheck LOG ARCH
	checker=$B/hostcheck
	[ "$2" != arm ] || checker=$B/hostcheck32
	# shellcheck disable=SC2046 # two words: start and end
	set -- "$1" $(image_bounds "$2")
	"$checker" "$@"
}

trim() { echo "$1" | sed 's/^ *//; s/ *$//'; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

pass=0
failed=""
skipped=""
first_log=""
arm_cut_log="" # a passed 32-bit Arm boot whose RAM reached 4 GiB
lpae_log=""    # a passed LPAE boot with RAM above 4 GiB
start=$(now)
head -c 300000 /dev/urandom >"$B/module.bin"
echo "$CASES" | while IFS='|' read -r name arch mem extra append; do
	extra=$(trim "$extra" | sed "s|MODULE|$B/module.bin|;
		s|NUMA(\\([^,]*\\),\\([^)]*\\))|$NUMA2|")
	echo "$(trim "$name")|$(trim "$arch")|$(trim "$mem")|$extra|$(trim "$append")"
done >"$B/cases.txt"

while IFS='|' read -r name arch mem extra append; do
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	case "$name" in fail-*) expect=fail ;; *) expect=ok ;; esac
	why=$(missing_tools "$arch")
	if [ -n "$why" ]; then
		echo "SKIP $name: $why not installed"
		skipped="$skipped $name"
		continue
	fi
	log=$LOGS/$name.log
	t0=$(now)
	case "$arch" in
	grub-*) make_iso "$name" "$append" || {
		echo "FAIL $name: grub-mkrescue failed (see $B/iso/$name.mkrescue.log)"
		failed="$failed $name"
		continue
	} ;;
	esac
	case "$extra" in
	DTB+*) extra=${extra#DTB+}
		make_dtb "$B/$name.dtb" "-m $mem $extra" "$arch" || {
			echo "FAIL $name: could not make its device tree"
			failed="$failed $name"
			continue
		}
		extra="$extra -dtb $B/$name.dtb" ;;
	esac
	# The x86, RISC-V and Arm kernels take the command line from QEMU.
	case "$arch" in grub-*) args="" ;; *) args="-append" ;; esac
	# shellcheck disable=SC2046
	timeout "$TIMEOUT" $(qemu_cmd "$arch" "$mem" "$extra" "$name") \
		${args:+"$args" "$append"} </dev/null >"$log" 2>&1
	rc=$?
	secs=$(since "$t0")
	want=$(want_rc "$arch" "$expect")
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: QEMU exited $rc, expected $want (log: $log)"
		tail -5 "$log" | sed 's/^/    /'
		failed="$failed $name"
	elif [ "$expect" = fail ]; then
		if grep -q '^FAIL ' "$log"; then
			printf 'PASS %-18s %5ss %s\n' "$name" "$secs" \
				"$(grep -m1 '^FAIL ' "$log" | tr -d '\r')"
			pass=$((pass + 1))
		else
			echo "FAIL $name: no FAIL line from the kernel (log: $log)"
			failed="$failed $name"
		fi
	elif out=$(hostcheck "$log" "$arch"); then
		printf 'PASS %-18s %5ss %s\n' "$name" "$secs" "$out"
		pass=$((pass + 1))
		[ -n "$first_log" ] || first_log=$log
		[ "$name" != arm-3g ] || arm_cut_log=$log
		[ "$name" != lpae-6g-debug ] || lpae_log=$log
	else
		echo "FAIL $name (log: $log)"
		echo "$out" | sed 's/^/    /'
		failed="$failed $name"
	fi
done <"$B/cases.txt"

# The checker must reject logs that are wrong in each way it checks.
selftest_on() { # selftest_on LOG ARCH WHAT FILTER... (a command on stdin)
	log=$1 arch=$2 what=$3
	shift 3
	"$@" <"$log" >"$LOGS/doctored.log"
	if cmp -s "$log" "$LOGS/doctored.log"; then
		echo "FAIL selftest: doctoring for $what changed nothing in $log"
		failed="$failed selftest"
	elif hostcheck "$LOGS/doctored.log" "$arch" >/dev/null; then
		echo "FAIL hostcheck accepted a log with $what"
		failed="$failed selftest"
	else
		pass=$((pass + 1))
	fi
}
selftest() { selftest_on "$first_log" x86 "$1" sed -e "$2"; }
case "$first_log" in
*/x86-*)
	selftest "a wrong page count" 's/^HANDOFF pages=/HANDOFF pages=1/'
	selftest "a wrong block count" 's/^\(HANDOFF .*\) blocks=/\1 blocks=1/'
	selftest "no DONE line" '/^DONE/d'
	selftest "a page from the buddy inside the kernel" \
		'0,/^PAGEALLOC /s/^PAGEALLOC 0x[0-9a-f]* /PAGEALLOC 0x101000 /'
	selftest "the buddy short of a page" 's/^BUDDY free=/BUDDY free=9/'
	selftest "an allocation on top of the kernel image" \
		'0,/^ALLOC /s/^ALLOC 0x[0-9a-f]* /ALLOC 0x100000 /'
	selftest "the kernel image not reserved" \
		'/^RESV .* kernel/s/ 0x[0-9a-f]* kernel/ 0x1000 kernel/'
	selftest "a different firmware map" \
		'0,/^FW e820 .* 1\r*$/s/ 1\(\r*\)$/ 2\1/'
	selftest "a dump that is not memblock's" '/^ reserved.cnt/s/0x/0x1/'
	;;
esac
# hostcheck32: a 32-bit kernel whose RAM reaching 4 GiB was not cut, or
# that handed off the page it should have cut.
if [ -n "$arm_cut_log" ]; then
	selftest_on "$arm_cut_log" arm "RAM up to 4 GiB" \
		sed -e 's/^\( memory\[.*-0x\)ffffefff\]/\1ffffffff]/'
	# shellcheck disable=SC2016 # awk's fields, not the shell's
	selftest_on "$arm_cut_log" arm "the page below 4 GiB handed off" \
		awk '/^HANDOFF / { split($2, p, "="); split($3, b, "=");
			$0 = "HANDOFF pages=" p[2] + 1 " blocks=" b[2] + 1 } 1'
fi
# hostcheck on an LPAE boot: the current limit must keep allocations in
# lowmem, and RAM above 4 GiB must stay in the map.
if [ -n "$lpae_log" ]; then
	selftest_on "$lpae_log" arm-lpae "an allocation in highmem" \
		sed -e 's/^ALLOC 0x[0-9a-f]* \(.* memmap\)/ALLOC 0x1a0000000 \1/'
	selftest_on "$lpae_log" arm-lpae "RAM cut at 4 GiB as a 32-bit phys_addr_t cuts it" \
		sed -e 's/^ memory\[0x0\]\(.*\)-0x00000001bfffffff\]/ memory[0x0]\1-0x00000000ffffffff]/'
fi
echo "boot-test: $pass passed in $(since "$start")s${skipped:+, skipped:$skipped}${failed:+, FAILED:$failed}"
[ -z "$failed" ]
