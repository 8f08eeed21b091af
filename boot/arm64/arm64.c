// SPDX-License-Identifier: MIT
/*
 * arm64.c - the AArch64 side of the demo kernel (QEMU virt, entered as a
 * Linux Image at EL1): PL011 console, PSCI power-off, the device tree from
 * x0, and stage-1 page tables (1 GiB blocks at boot, then 2 MiB blocks
 * from memblock).
 */
#include "../common/armvirt.h"
#include "../common/lpae.h"

/*
 * TCR_EL1: 39-bit virtual addresses from TTBR0 (a walk starts at level 1,
 * 1 GiB per entry), 4 KiB granule, write-back inner-shareable walks,
 * TTBR1 walks off, 40-bit physical addresses.
 */
#define TCR_VALUE (25ull | 1ull << 8 | 1ull << 10 | 3ull << 12 | 1ull << 23 | \
		   2ull << 32)
#define SCTLR_M (1ull << 0)
#define SCTLR_A (1ull << 1)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

void arch_putc(char c)
{
	pl011_putc(c);
}

/*
 * Success: PSCI SYSTEM_OFF through QEMU's own PSCI (the tree says "hvc";
 * QEMU exits 0).  Failure: semihosting's exit with @code (QEMU exits with
 * it; the boot test passes -semihosting).
 */
void arch_exit(int code)
{
	uint64_t block[2] = { SEMIHOST_APP_EXIT, (uint64_t)code };
	register uint64_t x0 __asm__("x0");
	register uint64_t x1 __asm__("x1");

	if (!code) {
		x0 = PSCI_SYSTEM_OFF;
		__asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
	}
	x0 = SEMIHOST_EXIT;
	x1 = (uint64_t)(uintptr_t)block;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	for (;;)
		__asm__ volatile("wfe");
}

/* ---- page tables ---- */

static uint64_t root[512] __attribute__((aligned(4096)));

static bool early_mapped(uint64_t pa)
{
	return pa < DRAM_BASE + SZ_1G;
}

void arch_map_2m(struct memblock *mb, uint64_t pa)
{
	if (!early_mapped(pa))
		lpae_map_2m(mb, &root[(pa >> 30) & 511], pa);
}

void arch_flush_tlb(void)
{
	__asm__ volatile("dsb ishst; tlbi vmalle1; dsb ish; isb" : : : "memory");
}

/*
 * Identity 1 GiB blocks: the devices below DRAM and DRAM's first GiB.
 * With the MMU off every data access is to Device memory, where an
 * unaligned access faults: nothing before this may make one.
 */
static void enable_mmu(void)
{
	uint64_t sctlr;

	root[0] = 0 | D_DEVICE;
	root[DRAM_BASE >> 30] = DRAM_BASE | D_NORMAL;
	__asm__ volatile("msr mair_el1, %0; msr tcr_el1, %1; msr ttbr0_el1, %2;"
			 "isb; tlbi vmalle1; dsb ish; isb"
			 :
			 : "r"(MAIR_VALUE), "r"(TCR_VALUE), "r"(root)
			 : "memory");
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	sctlr = (sctlr | SCTLR_M | SCTLR_C | SCTLR_I) & ~SCTLR_A;
	__asm__ volatile("msr sctlr_el1, %0; isb" : : "r"(sctlr) : "memory");
}

void arm64_main(void *dtb);

void arm64_main(void *dtb)
{
	enable_mmu();
	dt_boot("aarch64", dtb, DRAM_BASE + SZ_1G);
}
