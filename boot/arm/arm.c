// SPDX-License-Identifier: MIT
/*
 * arm.c - the 32-bit Arm side of the demo kernel (QEMU virt, Cortex-A15,
 * entered as a zImage in SVC mode): PL011 console, PSCI power-off, the
 * device tree from r2, and LPAE page tables (1 GiB blocks at boot, then
 * 2 MiB blocks from memblock).  Built twice: with a 32-bit phys_addr_t
 * (MEMBLOCK_PHYS_ADDR_32BIT, "arm"), where RAM reaching 4 GiB is cut at
 * the last page the type can end and RAM above it is left out; and with a
 * 64-bit one ("arm-lpae"), where memblock keeps RAM above 4 GiB as Linux's
 * LPAE kernels do: allocations stay below 4 GiB (the current limit) and
 * the pages above go to the page allocator as highmem, written through a
 * 2 MiB window (arch_kmap_2m).
 */
#include "../common/armvirt.h"
#include "../common/lpae.h"

/*
 * TTBCR: the long-descriptor format (EAE), TTBR0 for all 4 GiB (T0SZ 0,
 * so the walk starts at level 1: four 1 GiB entries), TTBR1 walks off,
 * write-back inner-shareable walks.
 */
#define TTBCR_VALUE (1u << 31 | 1u << 23 | 3u << 12 | 1u << 10 | 1u << 8)
#define SCTLR_M (1u << 0)
#define SCTLR_A (1u << 1)
#define SCTLR_C (1u << 2)
#define SCTLR_I (1u << 12)

void arch_putc(char c)
{
	pl011_putc(c);
}

/*
 * Success: PSCI SYSTEM_OFF through QEMU's own PSCI (the tree says "hvc";
 * QEMU exits 0).  Failure: semihosting's exit with a reason other than a
 * normal stop, which QEMU reports as status 1 (the AArch32 call carries
 * no status).  QEMU takes the semihosting SVC itself: no vector runs.
 */
void arch_exit(int code)
{
	register uint32_t r0 __asm__("r0");
	register uint32_t r1 __asm__("r1");

	if (!code) {
		r0 = PSCI_SYSTEM_OFF;
		__asm__ volatile(".arch_extension virt\n\thvc #0"
				 : "+r"(r0) : : "memory");
	}
	r0 = SEMIHOST_EXIT;
	r1 = code ? SEMIHOST_RUN_ERROR : SEMIHOST_APP_EXIT;
	__asm__ volatile("svc #0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
	for (;;)
		__asm__ volatile("wfe");
}

/* ---- page tables ---- */

/* Level 1 of a 32-bit address space: four entries, 32-byte aligned. */
static uint64_t root[4] __attribute__((aligned(32)));
/*
 * The first GiB, the devices', in 2 MiB blocks, so that one of them can be
 * the highmem window: a slot inside virt's PCIe MMIO window
 * (0x10000000-0x3efeffff), which no device of these boots uses.
 */
static uint64_t dev_l2[512] __attribute__((aligned(4096)));
#define KMAP_VA 0x3e000000u

void *arch_kmap_2m(uint64_t pa)
{
	dev_l2[KMAP_VA >> 21] = (pa & ~(SZ_2M - 1)) | D_NORMAL;
	arch_flush_tlb();
	return (void *)(uintptr_t)(KMAP_VA + (uint32_t)(pa & (SZ_2M - 1)));
}

static bool early_mapped(uint64_t pa)
{
	return pa < DRAM_BASE + SZ_1G;
}

void arch_map_2m(struct memblock *mb, uint64_t pa)
{
	if (!early_mapped(pa))
		lpae_map_2m(mb, &root[(pa >> 30) & 3], pa);
}

void arch_flush_tlb(void)
{
	__asm__ volatile("dsb ishst\n\tmcr p15, 0, %0, c8, c3, 0\n\t"
			 "dsb ish\n\tisb"
			 : : "r"(0) : "memory"); /* TLBIALLIS */
}

/*
 * Identity 1 GiB blocks: the devices below DRAM and DRAM's first GiB.
 * With the MMU off every data access is strongly ordered, where an
 * unaligned access faults: the kernel is built not to make any.
 */
static void enable_mmu(void)
{
	uint32_t sctlr;
	uint64_t ttbr0 = (uintptr_t)root;
	unsigned i;

	for (i = 0; i < 512; i++)
		dev_l2[i] = (uint64_t)i << 21 | D_DEVICE;
	root[0] = (uintptr_t)dev_l2 | D_TABLE;
	root[DRAM_BASE >> 30] = DRAM_BASE | D_NORMAL;
	__asm__ volatile("mcr p15, 0, %0, c10, c2, 0\n\t" /* MAIR0 */
			 "mcr p15, 0, %1, c2, c0, 2\n\t"  /* TTBCR */
			 "mcrr p15, 0, %Q2, %R2, c2\n\t"  /* TTBR0 */
			 "isb\n\tmcr p15, 0, %3, c8, c7, 0\n\t" /* TLBIALL */
			 "dsb\n\tisb"
			 :
			 : "r"(MAIR_VALUE), "r"(TTBCR_VALUE), "r"(ttbr0),
			   "r"(0)
			 : "memory");
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	sctlr = (sctlr | SCTLR_M | SCTLR_C | SCTLR_I) & ~SCTLR_A;
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb"
			 : : "r"(sctlr) : "memory");
}

/*
 * The Arm EABI's byte routines: what clang calls for copies and clears on
 * this target instead of memcpy/memset (the 4 and 8 forms only promise
 * aligned pointers).  __aeabi_memset takes its value last.
 */
void __aeabi_memcpy(void *d, const void *s, size_t n);
void __aeabi_memcpy4(void *d, const void *s, size_t n);
void __aeabi_memcpy8(void *d, const void *s, size_t n);
void __aeabi_memmove(void *d, const void *s, size_t n);
void __aeabi_memmove4(void *d, const void *s, size_t n);
void __aeabi_memmove8(void *d, const void *s, size_t n);
void __aeabi_memset(void *d, size_t n, int c);
void __aeabi_memclr(void *d, size_t n);
void __aeabi_memclr4(void *d, size_t n);
void __aeabi_memclr8(void *d, size_t n);

void __aeabi_memcpy(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy4(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memcpy8(void *d, const void *s, size_t n) { memcpy(d, s, n); }
void __aeabi_memmove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove4(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memmove8(void *d, const void *s, size_t n) { memmove(d, s, n); }
void __aeabi_memset(void *d, size_t n, int c) { memset(d, c, n); }
void __aeabi_memclr(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr4(void *d, size_t n) { memset(d, 0, n); }
void __aeabi_memclr8(void *d, size_t n) { memset(d, 0, n); }

void arm_main(void *dtb);

void arm_main(void *dtb)
{
	enable_mmu();
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
	dt_boot("arm", dtb, DRAM_BASE + SZ_1G);
#else
	dt_boot("arm-lpae", dtb, DRAM_BASE + SZ_1G);
#endif
}
