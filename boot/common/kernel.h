/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - what the demo kernels' common code (demo.c, kprintf.c,
 * env.c) and the architecture code (boot/<arch>/) provide each other.
 */
#ifndef BOOT_KERNEL_H
#define BOOT_KERNEL_H

#include <stdarg.h>
#include <libmemblock.h>

#define KPAGE_SIZE 4096u
#define SZ_2M 0x200000ull
#define MAX_CPUS 16

/* ---- provided by the architecture ---- */

/** arch_putc - write one byte to the boot console. */
void arch_putc(char c);

/**
 * arch_exit - power the machine off.
 * @code: 0 for success; anything else makes QEMU report a failure
 */
_Noreturn void arch_exit(int code);

/** struct boot_info - what the architecture found before demo_main(). */
struct boot_info {
	const char *arch;        /* "x86_64", "riscv64", "aarch64", "arm", "arm-lpae" */
	const char *cmdline;     /* the kernel command line, never NULL */
	phys_addr_t image_start; /* the kernel image, bss included */
	phys_addr_t image_end;
	phys_addr_t mapped_end;  /* end of what the boot page tables map */
	int nr_cpus;
	int cpu_node[MAX_CPUS];  /* NUMA node of each CPU */
	void *arch_data;         /* multiboot info, device tree, ... */
};

/**
 * arch_import - feed the firmware's memory map to @mb with the library's
 * importers (printing it as FW lines first) and assign NUMA nodes.
 * Return: 0 or a negative MB_E* code.
 */
int arch_import(struct memblock *mb, struct boot_info *bi);

/** arch_reserve - reserve boot information and modules (demo_reserve). */
void arch_reserve(struct memblock *mb, struct boot_info *bi);

/**
 * arch_map_2m - identity-map the 2 MiB at @pa unless the boot page tables
 * already do, taking table pages from memblock (demo_alloc_table).
 */
void arch_map_2m(struct memblock *mb, uint64_t pa);

/** arch_flush_tlb - make page-table changes visible. */
void arch_flush_tlb(void);

/**
 * arch_kmap_2m - map the 2 MiB block holding @pa, which lies above what
 * identity mapping can reach (a 32-bit kernel with LPAE and RAM above
 * 4 GiB), at a window of virtual addresses, as Linux's kmap does for
 * highmem; the previous window's mapping is replaced.
 * Return: the virtual address of @pa.  Only the 32-bit Arm kernel has
 * one; elsewhere every page is identity mapped and this panics.
 */
void *arch_kmap_2m(uint64_t pa);

/* ---- provided by boot/common ---- */

void kputs(const char *s);
void kvprintf(const char *fmt, va_list ap);
__attribute__((format(printf, 1, 2))) void kprintf(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) _Noreturn void panic(const char *fmt,
							   ...);

/*
 * For kernels started with a device tree (boot/common/dtboot.c, which also
 * supplies their arch_import() and arch_reserve()): the boot information
 * from @dtb (panics on a bad blob) and the image's bounds, then demo_main().
 * @mapped_end is where the boot page tables end.
 */
_Noreturn void dt_boot(const char *arch, void *dtb, phys_addr_t mapped_end);

/** demo_main - the demo proper; called by the architecture's entry. */
_Noreturn void demo_main(struct boot_info *bi);

/** demo_reserve - reserve a range and say so on a RESV line. */
void demo_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		  const char *what);

/** demo_alloc_table - a zeroed page for a page table, below the limit. */
phys_addr_t demo_alloc_table(struct memblock *mb);

/* Byte routines the compiler and the library call. */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
size_t strlen(const char *s);

#endif /* BOOT_KERNEL_H */
