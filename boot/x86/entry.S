/* SPDX-License-Identifier: MIT */
/*
 * entry.S - multiboot entry of the x86 demo kernel.
 *
 * QEMU's -kernel loader (multiboot 1) and GRUB's "multiboot2" command
 * start us in 32-bit protected mode with paging off, EAX = the loader's
 * magic and EBX = its information.  The image is a flat binary described
 * by the headers' address fields (the "a.out kludge", flag bit 16, in
 * multiboot 1; the address and entry tags in multiboot 2), since QEMU's
 * loader refuses 64-bit ELF files.  Under UEFI, GRUB exits boot services
 * and enters the same way.  We identity-map the first GiB with 2 MiB
 * pages, switch to long mode and call x86_main(magic, info).
 */
#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00010003 /* page-aligned modules, memory map, addresses */
#define MB2_MAGIC 0xE85250D6

	.section .multiboot, "a"
	.balign 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header          /* header_addr */
	.long __image_start      /* load_addr */
	.long __load_end         /* load_end_addr */
	.long __image_end        /* bss_end_addr */
	.long _start32           /* entry_addr */

	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0                  /* i386 protected mode */
	.long mb2_end - mb2_header
	.long 0x100000000 - (MB2_MAGIC + (mb2_end - mb2_header))
	.short 2, 0              /* address tag */
	.long 24
	.long mb2_header, __image_start, __load_end, __image_end
	.short 3, 0              /* entry address tag */
	.long 12
	.long _start32
	.balign 8
	.short 0, 0              /* end tag */
	.long 8
mb2_end:

	.section .text.boot, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl %eax, %ebp                 /* magic */
	movl %ebx, %esi                 /* multiboot info */

	/* Clear .bss (stack and page tables live there). */
	movl $__bss_start, %edi
	movl $__image_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl $boot_stack_top, %esp

	/* PML4[0] -> PDPT, PDPT[0] -> PD, PD[i] = i * 2 MiB (P|RW|PS). */
	movl $early_pdpt + 3, early_pml4
	movl $early_pd + 3, early_pdpt
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax
	movl %eax, early_pd(,%ecx,8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	movl %cr4, %eax
	orl $0x620, %eax                /* PAE, OSFXSR, OSXMMEXCPT */
	movl %eax, %cr4
	movl $early_pml4, %eax
	movl %eax, %cr3
	movl $0xC0000080, %ecx          /* EFER */
	rdmsr
	orl $0x100, %eax                /* LME */
	wrmsr
	movl %cr0, %eax
	andl $~0x4, %eax                /* no x87 emulation (EM) */
	orl $0x80000003, %eax           /* PG, MP, PE */
	movl %eax, %cr0
	lgdt gdt_ptr
	ljmp $0x08, $start64

	.code64
start64:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movl $boot_stack_top, %esp
	movl %ebp, %edi
	/* %esi already holds the info pointer, zero-extended. */
	call x86_main
2:	hlt
	jmp 2b

	.section .rodata
	.balign 16
gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF        /* 0x08: 64-bit code */
	.quad 0x00CF92000000FFFF        /* 0x10: data */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt

	.section .bss
	.balign 4096
	.globl early_pml4
early_pml4:	.skip 4096
early_pdpt:	.skip 4096
early_pd:	.skip 4096
boot_stack:	.skip 16384
boot_stack_top:
