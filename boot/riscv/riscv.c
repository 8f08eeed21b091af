// SPDX-License-Identifier: MIT
/*
 * riscv.c - the RISC-V 64 side of the demo kernel (QEMU virt, OpenSBI):
 * SBI console and shutdown, the device tree from the firmware, and Sv39
 * page tables (gigapages at boot, then 2 MiB pages from memblock).
 */
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

void riscv_main(unsigned long hart, void *dtb);

void riscv_main(unsigned long hart, void *dtb)
{
	(void)hart;
	enable_paging();
	dt_boot("riscv64", dtb, DRAM_BASE + SZ_1G);
}
