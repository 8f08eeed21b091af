// SPDX-License-Identifier: MIT
/*
 * early_boot.c - a kernel's early-boot sequence written against
 * <linux/memblock.h>, run as an ordinary program: a static array stands in
 * for RAM (physical addresses are its host addresses, as in the hosted
 * build of the library), and examples/buddy.c is the page allocator that
 * takes over at the end.
 *
 *   setup_arch():  add RAM, reserve the kernel image, limit allocations to
 *                  what is mapped, allocate page tables, map the rest
 *   mem_init():    memblock_free_all() into the buddy, memblock_discard()
 *
 * Build and run: make examples && build/examples/early_boot
 */
#include <stdio.h>

#include <linux/memblock.h>

#include "buddy.h"

#define RAM_SIZE (16UL << 20)
#define RAM_PAGES (RAM_SIZE / PAGE_SIZE)
#define KERNEL_SIZE (2UL << 20)   /* image at the start of RAM */
#define EARLY_MAPPED (4UL << 20)  /* what the boot code mapped for us */
#define PTRS_PER_TABLE (PAGE_SIZE / sizeof(uint64_t))

static _Alignas(1 << 21) unsigned char ram[RAM_SIZE];
static struct buddy_page buddy_meta[RAM_PAGES];
static struct buddy buddy;

static phys_addr_t ram_pa(void)
{
	return (phys_addr_t)(uintptr_t)ram;
}

/* A toy two-level page table over RAM, 2 MiB per second-level table. */
static uint64_t *map_ram(void)
{
	uint64_t *top = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	unsigned long i, per_table = PTRS_PER_TABLE * PAGE_SIZE;

	if (!top)
		return NULL;
	for (i = 0; i < RAM_SIZE / per_table; i++) {
		uint64_t *pt = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
		unsigned long j;

		if (!pt)
			return NULL;
		for (j = 0; j < PTRS_PER_TABLE; j++)
			pt[j] = (uint64_t)(ram_pa() + i * per_table +
					   j * PAGE_SIZE) | 1;
		top[i] = (uint64_t)(uintptr_t)pt | 1;
	}
	return top;
}

static int setup_arch(void)
{
	uint64_t *pgd;

	memblock_add(ram_pa(), RAM_SIZE);
	memblock_reserve(ram_pa(), KERNEL_SIZE);
	/* Until the page tables exist, only the early mapping is usable. */
	memblock_set_current_limit(ram_pa() + EARLY_MAPPED);
	memblock_allow_resize();

	pgd = map_ram();
	if (!pgd)
		return -1;
	/* All of RAM is mapped now. */
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);

	printf("memory %#llx bytes, reserved %#llx bytes in %lu regions\n",
	       (unsigned long long)memblock_phys_mem_size(),
	       (unsigned long long)memblock_reserved_size(),
	       memblock.reserved.cnt);
	printf("page tables at %p, below the early limit: %s\n", (void *)pgd,
	       (uintptr_t)pgd < ram_pa() + EARLY_MAPPED ? "yes" : "no");
	return 0;
}

static int mem_init(void)
{
	struct mb_handoff h;
	unsigned long pfn;

	if (buddy_init(&buddy, PFN_DOWN(ram_pa()), RAM_PAGES, 10, buddy_meta))
		return -1;
	buddy_handoff(&buddy, &h);
	memblock_set_handoff(&h);
	memblock_free_all();
	memblock_discard();

	printf("buddy: %lu free pages of %lu, %lu refused\n",
	       buddy_free_pages(&buddy), (unsigned long)RAM_PAGES,
	       buddy.rejected);
	if (buddy_alloc(&buddy, 0, &pfn))
		return -1;
	printf("first page from the buddy: pfn %#lx\n", pfn);
	return buddy.rejected ? -1 : 0;
}

int main(void)
{
	if (setup_arch() || mem_init()) {
		fprintf(stderr, "early boot failed\n");
		return 1;
	}
	return 0;
}
