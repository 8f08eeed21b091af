#!/bin/sh
# deps.sh GROUP... - install the Debian packages a make target needs, if
# any are missing.  Groups: test (cmocka), cross (clang, lld, llvm),
# fuzz (clang's libFuzzer runtime), tool (libfdt, dtc), boot (QEMU,
# OpenSBI), grub (GRUB and OVMF for the UEFI boots), lint (cppcheck,
# clang-tidy), icount (valgrind, for make bench-icount).  Runs apt-get as root (directly or through sudo).
set -e
pkgs=""
need() { # need PACKAGE FILE-OR-COMMAND
	case "$2" in
	/*) [ -e "$2" ] && return 0 ;;
	*) command -v "$2" >/dev/null 2>&1 && return 0 ;;
	esac
	pkgs="$pkgs $1"
}
for group in "$@"; do
	case "$group" in
	test) need libcmocka-dev /usr/include/cmocka.h
	      need pkg-config pkg-config ;;
	cross) need clang clang; need lld ld.lld; need llvm llvm-size ;;
	fuzz) need clang clang; need libclang-rt-14-dev \
	      /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ;;
	tool) need libfdt-dev /usr/include/libfdt.h; need device-tree-compiler dtc ;;
	boot) need qemu-system-x86 qemu-system-x86_64
	      need qemu-system-misc qemu-system-riscv64
	      need qemu-system-arm qemu-system-aarch64
	      need opensbi /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin ;;
	grub) need grub-common grub-mkrescue; need grub-pc-bin /usr/lib/grub/i386-pc
	      need grub-efi-amd64-bin /usr/lib/grub/x86_64-efi
	      need xorriso xorriso; need mtools mformat
	      need ovmf /usr/share/OVMF/OVMF_CODE_4M.fd ;;
	lint) need cppcheck cppcheck; need clang-tidy clang-tidy ;;
	icount) need valgrind /usr/include/valgrind/callgrind.h ;;
	*) echo "deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done
[ -z "$pkgs" ] && exit 0
echo "deps.sh: installing:$pkgs" >&2
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt or dpkg run (a second make target, the system's own
# updates) instead of failing on its lock.
lock="-o DPkg::Lock::Timeout=300"
# shellcheck disable=SC2086
$SUDO apt-get $lock update -qq >/dev/null || true
apt_install() {
	# shellcheck disable=SC2086
	$SUDO apt-get $lock install -y -qq --no-install-recommends $pkgs >/dev/null
}
# A failed fetch (an index that moved on meanwhile) gets one fresh retry.
apt_install || {
	echo "deps.sh: install failed; updating the package lists and retrying" >&2
	sleep 5
	# shellcheck disable=SC2086
	$SUDO apt-get $lock update -qq >/dev/null || true
	apt_install
}
