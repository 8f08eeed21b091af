// SPDX-License-Identifier: MIT
/*
 * x86.c - the x86-64 side of the demo kernel: COM1 console, isa-debug-exit
 * power-off, NUMA from ACPI, and 2 MiB page tables over all of RAM.  The
 * boot loader's information is multiboot.c's.
 */
#include "../common/kernel.h"
#include "acpi.h"
#include "multiboot.h"

#define COM1 0x3f8
#define DEBUG_EXIT_PORT 0xf4
#define EXIT_SUCCESS_VALUE 0x10
#define SZ_1M 0x100000ull
#define SZ_1G 0x40000000ull
#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull
#define PTE_ADDR 0x000ffffffffff000ull

extern char __image_start[], __image_end[];
extern uint64_t early_pml4[512];

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void arch_putc(char c)
{
	if (c == '\n')
		arch_putc('\r');
	while (!(inb(COM1 + 5) & 0x20)) /* transmit holding register empty */
		;
	outb(COM1, (uint8_t)c);
}

/*
 * isa-debug-exit: QEMU exits with (value << 1) | 1.  Success writes
 * EXIT_SUCCESS_VALUE (exit status 33), so that neither QEMU's own error
 * status (1) nor a triple fault under -no-reboot (0) can pass for it.
 */
void arch_exit(int code)
{
	outb(DEBUG_EXIT_PORT, code ? (uint8_t)code : EXIT_SUCCESS_VALUE);
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void *phys(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

struct numa_import {
	struct memblock *mb;
	int err;
};

/* One SRAT memory range: its proximity domain is its node. */
static void srat_memory(void *ctx, uint64_t base, uint64_t size, uint32_t pxm)
{
	struct numa_import *ni = ctx;

	if (pxm >= MAX_NUMNODES) {
		kprintf("SRAT: domain %u ignored\n", pxm);
		return;
	}
	kprintf("FW node %u 0x%llx 0x%llx\n", pxm, (unsigned long long)base,
		(unsigned long long)size);
	if (!ni->err)
		ni->err = mb_set_node(ni->mb, &ni->mb->memory, base, size,
				      (int)pxm);
}

/*
 * Nodes from the SRAT, CPUs from the MADT.  Without an SRAT, or when it
 * leaves memory without a node, everything is node 0 (Linux's
 * dummy_numa_init()).
 */
static int import_numa(struct memblock *mb, struct boot_info *bi)
{
	struct numa_import ni = { mb, 0 };
	struct acpi_cpus cpus;
	unsigned long i;
	bool numa;

	acpi_set_rsdp(loader_rsdp(bi));
	numa = acpi_numa(srat_memory, &ni, &cpus);

	if (ni.err)
		return ni.err;
	for (i = 0; i < mb->memory.cnt; i++)
		if (mb->memory.regions[i].nid == MAX_NUMNODES)
			numa = false;
	bi->nr_cpus = cpus.n ? (int)cpus.n : 1;
	for (i = 0; i < (unsigned long)bi->nr_cpus; i++)
		bi->cpu_node[i] = numa && cpus.n && cpus.pxm[i] >= 0 &&
				  cpus.pxm[i] < MAX_NUMNODES ? cpus.pxm[i] : 0;
	if (numa)
		return 0;
	kprintf("FW node 0 0x0 0x%llx\n", (unsigned long long)PHYS_ADDR_MAX);
	return mb_set_node(mb, &mb->memory, 0, PHYS_ADDR_MAX, 0);
}

int arch_import(struct memblock *mb, struct boot_info *bi)
{
	int err = loader_import(mb, bi);

	return err ? err : import_numa(mb, bi);
}

void arch_reserve(struct memblock *mb, struct boot_info *bi)
{
	/* Real-mode area, BIOS data, EBDA: Linux keeps the first 1 MiB. */
	demo_reserve(mb, 0, SZ_1M, "lowmem");
	loader_reserve(mb, bi);
}

/*
 * Tables for mappings made before memblock knows the memory (firmware
 * tables above the boot map), as Linux's early_dynamic_pgts.
 */
static uint64_t early_pool[4][512] __attribute__((aligned(4096)));
static unsigned early_pool_used;

/*
 * The next-level table under @entry; when absent, allocated from
 * memblock, or from the early pool when @mb is NULL.
 */
static uint64_t *table_under(struct memblock *mb, uint64_t *entry)
{
	if (*entry & PTE_P)
		return phys(*entry & PTE_ADDR);
	if (mb)
		*entry = demo_alloc_table(mb) | PTE_P | PTE_RW;
	else if (early_pool_used < sizeof(early_pool) / sizeof(early_pool[0]))
		*entry = (uintptr_t)early_pool[early_pool_used++] | PTE_P |
			 PTE_RW;
	else
		panic("early page-table pool exhausted");
	return phys(*entry & PTE_ADDR);
}

static void map_2m(struct memblock *mb, uint64_t pa)
{
	uint64_t *pdpt = table_under(mb, &early_pml4[(pa >> 39) & 511]);
	uint64_t *pd = table_under(mb, &pdpt[(pa >> 30) & 511]);

	pd[(pa >> 21) & 511] = pa | PTE_P | PTE_RW | PTE_PS;
}

void arch_map_2m(struct memblock *mb, uint64_t pa)
{
	if (pa >= SZ_1G) /* entry.S maps the first GiB */
		map_2m(mb, pa);
}

void arch_flush_tlb(void)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(early_pml4) : "memory");
}

const uint8_t *acpi_map(uint64_t pa, uint64_t len)
{
	uint64_t a;

	for (a = pa & ~(SZ_2M - 1); a < pa + len; a += SZ_2M)
		if (a >= SZ_1G)
			map_2m(NULL, a);
	arch_flush_tlb();
	return phys(pa);
}

static struct boot_info boot;

void x86_main(uint32_t magic, uint32_t info);

void x86_main(uint32_t magic, uint32_t info)
{
	boot.arch = "x86_64";
	loader_setup(&boot, magic, info);
	boot.image_start = (uintptr_t)__image_start;
	boot.image_end = (uintptr_t)__image_end;
	boot.mapped_end = SZ_1G; /* entry.S maps the first GiB */
	boot.nr_cpus = 1;
	boot.cpu_node[0] = 0;
	demo_main(&boot);
}
