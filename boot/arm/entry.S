/* SPDX-License-Identifier: MIT */
/*
 * entry.S - entry of the 32-bit Arm demo kernel.  QEMU's -kernel loader
 * takes a flat image that is not ELF or uImage for a Linux zImage: it
 * loads it 64 KiB into RAM (the linker script's address) and enters it
 * in SVC mode with the MMU and caches off, r0 = 0, r1 = ~0 (no machine
 * number: a device tree), r2 = the device tree, as a bootloader would.
 */
	.syntax unified
	.arm
	.section .text.boot, "ax"
	.globl _start
_start:
	mov	r4, r2
	cpsid	aif
	ldr	r0, =__bss_start
	ldr	r1, =__image_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	ldr	sp, =boot_stack_top
	mov	r0, r4
	bl	arm_main
2:	wfe
	b	2b
	.ltorg

	.section .bss
	.balign 16
boot_stack:	.skip 16384
boot_stack_top:
