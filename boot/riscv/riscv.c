// SPDX-License-Identifier: MIT
/*
 * riscv.c - the RISC-V 64 side of the demo kernel (QEMU virt, OpenSBI):
 * SBI console and shutdown, the device tree from the firmware, and Sv39
 * page tables (gigapages at boot, then 2 MiB pages from memblock).
 */
#include <memblock_import.h>

#include "../common/fdt.h"
#include "../common/kernel.h"

#define SBI_EXT_BASE 0x10
#define SBI_BASE_PROBE 3
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_DBCN 0x4442434E
#define SBI_DBCN_WRITE_BYTE 2
#define SBI_EXT_SRST 0x53525354
#define TEST_DEVICE 0x100000ul /* QEMU's sifive_test finisher */

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

/*
 * Without a numa-node-id on every /memory node Linux gives up on NUMA and
 * puts all memory on node 0 (of_numa_init() fails, dummy_numa_init()).
 */
static int default_nodes(struct memblock *mb)
{
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++)
		if (mb->memory.regions[i].nid == MAX_NUMNODES)
			return mb_set_node(mb, &mb->memory, 0, PHYS_ADDR_MAX,
					   0);
	return 0;
}

int arch_import(struct memblock *mb, struct boot_info *bi)
{
	const void *dtb = bi->arch_data;
	struct mb_fdt_rmem rmem[16];
	struct mb_fdt_opts opts = { .rmem = rmem, .rmem_max = 16 };
	size_t i;
	int err;

	dump_dtb(dtb, fdt_totalsize(dtb));
	err = mb_import_fdt(mb, dtb, fdt_totalsize(dtb), &opts, NULL);
	if (err) {
		kprintf("FW dtb rejected: %s\n", opts.why ? opts.why : "?");
		return err;
	}
	for (i = 0; i < opts.rmem_cnt && i < opts.rmem_max; i++)
		kprintf("FW reserved-memory %s 0x%llx 0x%llx%s%s\n",
			rmem[i].name, (unsigned long long)rmem[i].base,
			(unsigned long long)rmem[i].size,
			rmem[i].nomap ? " no-map" : "",
			rmem[i].failed ? " failed" : "");
	return default_nodes(mb);
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

void arch_map_2m(struct memblock *mb, uint64_t pa)
{
	uint64_t *l1;

	if (early_mapped(pa))
		return;
	l1 = table_under(mb, &root[(pa >> 30) & 511]);
	l1[(pa >> 21) & 511] = (pa >> 12) << 10 | PTE_LEAF;
}

void arch_flush_tlb(void)
{
	__asm__ volatile("sfence.vma" : : : "memory");
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
