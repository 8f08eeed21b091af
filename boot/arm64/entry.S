/* SPDX-License-Identifier: MIT */
/*
 * entry.S - entry of the AArch64 demo kernel.  The image starts with the
 * header of the arm64 Linux boot protocol, so QEMU's -kernel loader (and
 * any bootloader that boots Linux) loads it text_offset into RAM and
 * enters it at EL1 with the MMU off, x0 = the device tree.
 */
	.section .text.boot, "ax"
	.globl _start
_start:
	b	1f			/* code0 */
	.long	0			/* code1 */
	.quad	0x200000		/* text_offset: the linker script's */
	.quad	__image_end - _start	/* image_size, bss included */
	.quad	2			/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0
1:	mov	x19, x0
	msr	daifset, #0xf
	/* Let FP/SIMD instructions run at EL1 (the compiler may use them). */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __image_end
	add	x2, x2, :lo12:__image_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	mov	x0, x19
	bl	arm64_main
4:	wfe
	b	4b

	.section .bss
	.balign 16
boot_stack:	.skip 16384
boot_stack_top:
