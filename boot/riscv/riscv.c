// SPDX-License-Identifier: MIT
/*
 * riscv.c - the RISC-V 64 side of the demo kernel (QEMU virt, OpenSBI):
 * SBI console and shutdown, the device tree from the firmware, and Sv39
 * page tables (gigapages at boot, then 2 MiB pages from memblock).
 */
#include "../common/fdt.h"
#include "../common/kernel.h"

#define SBI_EXT_BASE 0x10
#define SBI_BASE_PROBE 3
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_DBCN 0x4442434E
#define SBI_DBCN_WRITE_BYTE 2
#define SBI_EXT_SRST 0x53525354
#define TEST_DEVICE 0x100000ul /* QEMU's sifive_test finisher */

#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull
#define DRAM_BASE 0x80000000ull
#define PTE_V 0x01ull
#define PTE_RWX 0x0eull
#define PTE_LEAF (PTE_V | PTE_RWX | 0x20 | 0x40 | 0x80) /* G, A, D */
#define SATP_SV39 (8ull << 60)

struct sbiret {
	long error, value;
};

static struct sbiret sbi_call(long ext, long fid, long arg0, long arg1)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = ext;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){ a0, a1 };
}

/* OpenSBI 1.1 has no DBCN: fall back to the legacy call. */
static int have_dbcn = -1;

void arch_putc(char c)
{
	if (have_dbcn < 0)
		have_dbcn = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE,
				     SBI_EXT_DBCN, 0).value != 0;
	if (have_dbcn)
		sbi_call(SBI_EXT_DBCN, SBI_DBCN_WRITE_BYTE, (unsigned char)c,
			 0);
	else
		sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0);
}

/*
 * Success: SBI system reset (QEMU exits 0).  Failure: SRST would exit 0
 * too, so write the test device, which makes QEMU exit with @code.
 */
void arch_exit(int code)
{
	if (!code)
		sbi_call(SBI_EXT_SRST, 0, 0, 0);
	__asm__ volatile("csrw satp, zero; sfence.vma" : : : "memory");
	*(volatile uint32_t *)TEST_DEVICE = 0x3333u | (uint32_t)code << 16;
	for (;;)
		__asm__ volatile("wfi");
}

/* ---- the device tree ---- */

static void dump_dtb(const uint8_t *dtb, uint32_t size)
{
	uint32_t i;

	kprintf("FW dtb 0x%llx 0x%x\n", (unsigned long long)(uintptr_t)dtb,
		size);
	for (i = 0; i < size; i++) {
		if (i % 32 == 0)
			kputs(i ? "\nDTB " : "DTB ");
		kprintf("%02x", dtb[i]);
	}
	kputs("\n");
}

struct dt_import {
	struct memblock *mb;
	int err;
};

/* /memory nodes: RAM in whole pages, on the node the tree names. */
static void add_memory(void *ctx, const struct fdt_node *n)
{
	struct dt_import *im = ctx;
	size_t i;

	if (n->depth != 1 || !n->device_type ||
	    !fdt_name_is(n->device_type, "memory"))
		return;
	for (i = 0; i < fdt_reg_count(n); i++) {
		uint64_t base, size, end;

		fdt_reg(n, i, &base, &size);
		kprintf("FW memory 0x%llx 0x%llx node %d\n",
			(unsigned long long)base, (unsigned long long)size,
			n->nid);
		end = (base + size) & ~(uint64_t)(KPAGE_SIZE - 1);
		base = (base + KPAGE_SIZE - 1) & ~(uint64_t)(KPAGE_SIZE - 1);
		if (base < end && !im->err)
			im->err = mb_add_node(im->mb, base, end - base,
					      n->nid < 0 ? 0 : n->nid,
					      MEMBLOCK_NONE);
	}
}

/* /reserved-memory children: reserved, or NOMAP with no-map. */
static void add_reserved(void *ctx, const struct fdt_node *n)
{
	struct dt_import *im = ctx;
	size_t i;

	if (n->depth != 2 || !fdt_name_is(n->parent, "reserved-memory"))
		return;
	for (i = 0; i < fdt_reg_count(n); i++) {
		uint64_t base, size;

		fdt_reg(n, i, &base, &size);
		kprintf("FW reserved-memory 0x%llx 0x%llx %s%s\n",
			(unsigned long long)base, (unsigned long long)size,
			n->name, n->no_map ? " no-map" : "");
		if (im->err || !size)
			continue;
		im->err = n->no_map ? mb_set_flags(im->mb, &im->mb->memory,
						   base, size, MEMBLOCK_NOMAP) :
				      mb_reserve(im->mb, base, size);
	}
}

int arch_import(struct memblock *mb, struct boot_info *bi)
{
	const void *dtb = bi->arch_data;
	struct dt_import im = { mb, 0 };
	uint64_t base, size;
	size_t i;

	dump_dtb(dtb, fdt_totalsize(dtb));
	if (fdt_walk(dtb, add_memory, &im) || fdt_walk(dtb, add_reserved, &im))
		panic("malformed device tree");
	for (i = 0; !im.err && fdt_memreserve(dtb, i, &base, &size); i++) {
		kprintf("FW memreserve 0x%llx 0x%llx\n",
			(unsigned long long)base, (unsigned long long)size);
		im.err = mb_reserve(mb, base, size);
	}
	return im.err;
}

void arch_reserve(struct memblock *mb, struct boot_info *bi)
{
	demo_reserve(mb, (uintptr_t)bi->arch_data,
		     fdt_totalsize(bi->arch_data), "dtb");
}

/* /chosen/bootargs and the CPUs with their nodes. */
static void scan_boot(void *ctx, const struct fdt_node *n)
{
	struct boot_info *bi = ctx;

	if (n->depth == 1 && fdt_name_is(n->name, "chosen") && n->bootargs)
		bi->cmdline = n->bootargs;
	if (n->depth == 2 && fdt_name_is(n->parent, "cpus") &&
	    fdt_name_is(n->name, "cpu") && bi->nr_cpus < MAX_CPUS)
		bi->cpu_node[bi->nr_cpus++] = n->nid < 0 ? 0 : n->nid;
}

/* ---- Sv39 page tables ---- */

static uint64_t root[512] __attribute__((aligned(4096)));

static uint64_t *table_under(struct memblock *mb, uint64_t *entry)
{
	if (!(*entry & PTE_V))
		*entry = (demo_alloc_table(mb) >> 12) << 10 | PTE_V;
	return (uint64_t *)(uintptr_t)((*entry >> 10) << 12);
}

static bool early_mapped(uint64_t pa)
{
	return pa < DRAM_BASE + SZ_1G && (pa < SZ_1G || pa >= DRAM_BASE);
}

phys_addr_t arch_map_memory(struct memblock *mb, struct boot_info *bi)
{
	phys_addr_t end = bi->mapped_end;
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		uint64_t a = r->base & ~(SZ_2M - 1);
		uint64_t e = (r->base + r->size + SZ_2M - 1) & ~(SZ_2M - 1);

		for (; a < e; a += SZ_2M) {
			uint64_t *l1;

			if (early_mapped(a))
				continue;
			l1 = table_under(mb, &root[(a >> 30) & 511]);
			l1[(a >> 21) & 511] = (a >> 12) << 10 | PTE_LEAF;
		}
		if (e > end)
			end = e;
	}
	__asm__ volatile("sfence.vma" : : : "memory");
	return end;
}

/* Identity gigapages: devices below 1 GiB and the first GiB of DRAM. */
static void enable_paging(void)
{
	root[0] = PTE_LEAF;
	root[DRAM_BASE >> 30] = (DRAM_BASE >> 12) << 10 | PTE_LEAF;
	__asm__ volatile("csrw satp, %0; sfence.vma"
			 :
			 : "r"(SATP_SV39 | (uintptr_t)root >> 12)
			 : "memory");
}

extern char __image_start[], __image_end[];
static struct boot_info boot;

void riscv_main(unsigned long hart, void *dtb);

void riscv_main(unsigned long hart, void *dtb)
{
	(void)hart;
	enable_paging();
	boot.arch = "riscv64";
	boot.cmdline = "";
	if (!fdt_totalsize(dtb))
		panic("no device tree at %p", dtb);
	if (fdt_walk(dtb, scan_boot, &boot))
		panic("malformed device tree");
	if (!boot.nr_cpus)
		boot.cpu_node[boot.nr_cpus++] = 0;
	boot.image_start = (uintptr_t)__image_start;
	boot.image_end = (uintptr_t)__image_end;
	boot.mapped_end = DRAM_BASE + SZ_1G;
	boot.arch_data = dtb;
	demo_main(&boot);
}
