/* SPDX-License-Identifier: MIT */
/*
 * entry.S - entry of the RISC-V 64 demo kernel.  OpenSBI (fw_dynamic)
 * jumps here in S-mode with the MMU off, a0 = hart id, a1 = device tree.
 */
	.section .text.boot, "ax"
	.globl _start
_start:
	csrw sie, zero
	la t0, __bss_start
	la t1, __image_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	la sp, boot_stack_top
	call riscv_main
3:	wfi
	j 3b

	.section .bss
	.balign 16
boot_stack:	.skip 16384
boot_stack_top:
