// SPDX-License-Identifier: MIT
/*
 * query.c - read-only questions about a map.
 */
#include "internal.h"

phys_addr_t mb_phys_mem_size(const struct memblock *mb)
{
	return mb->memory.total_size;
}

phys_addr_t mb_reserved_size(const struct memblock *mb)
{
	return mb->reserved.total_size;
}

phys_addr_t mb_start_of_DRAM(const struct memblock *mb)
{
	return mb->memory.cnt ? mb->memory.regions[0].base : 0;
}

phys_addr_t mb_end_of_DRAM(const struct memblock *mb)
{
	const struct memblock_region *r;

	if (!mb->memory.cnt)
		return 0; /* Linux reads regions[-1] here */
	r = &mb->memory.regions[mb->memory.cnt - 1];
	return r->base + r->size;
}

long mb_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long i = mb_first_ending_above(type, addr);

	if (i < type->cnt && type->regions[i].base <= addr)
		return (long)i;
	return -1;
}

bool mb_is_memory(const struct memblock *mb, phys_addr_t addr)
{
	return mb_search(&mb->memory, addr) >= 0;
}

bool mb_is_map_memory(const struct memblock *mb, phys_addr_t addr)
{
	long i = mb_search(&mb->memory, addr);

	return i >= 0 && !(mb->memory.regions[i].flags & MEMBLOCK_NOMAP);
}

bool mb_is_region_memory(const struct memblock *mb, phys_addr_t base,
			 phys_addr_t size)
{
	long i = mb_search(&mb->memory, base);
	const struct memblock_region *r;

	if (i < 0)
		return false;
	r = &mb->memory.regions[i];
	return r->base + r->size >= base + mb_cap_size(base, &size);
}

bool mb_is_reserved(const struct memblock *mb, phys_addr_t addr)
{
	return mb_search(&mb->reserved, addr) >= 0;
}

bool mb_overlaps_region(const struct memblock_type *type, phys_addr_t base,
			phys_addr_t size)
{
	unsigned long i;
	phys_addr_t end = base + mb_cap_size(base, &size);

	/* The first region ending above base is the only candidate. */
	i = mb_first_ending_above(type, base);
	return i < type->cnt && type->regions[i].base < end &&
	       base < type->regions[i].base + type->regions[i].size;
}

bool mb_is_region_reserved(const struct memblock *mb, phys_addr_t base,
			   phys_addr_t size)
{
	return mb_overlaps_region(&mb->reserved, base, size);
}

int mb_search_pfn_nid(const struct memblock *mb, unsigned long pfn,
		      unsigned long *start_pfn, unsigned long *end_pfn)
{
	phys_addr_t addr = (phys_addr_t)pfn << MEMBLOCK_ENV_PAGE_SHIFT;
	const struct memblock_region *r;
	long i;

	if ((addr >> MEMBLOCK_ENV_PAGE_SHIFT) != pfn)
		return NUMA_NO_NODE; /* pfn beyond the address space */
	i = mb_search(&mb->memory, addr);
	if (i < 0)
		return NUMA_NO_NODE;
	r = &mb->memory.regions[i];
	if (start_pfn)
		*start_pfn = (unsigned long)(r->base >> MEMBLOCK_ENV_PAGE_SHIFT);
	if (end_pfn)
		*end_pfn = (unsigned long)((r->base + r->size) >>
					   MEMBLOCK_ENV_PAGE_SHIFT);
	return r->nid;
}

phys_addr_t mb_uncovered_size(const struct memblock *mb)
{
	phys_addr_t sum = 0;
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];
		phys_addr_t s, e = r->base + r->size;

		if (r->nid >= 0 && r->nid < MAX_NUMNODES)
			continue;
		/* whole pages only, as the page allocator will count them */
		if (!mb_round_up(r->base, MB_PAGE_SIZE, &s))
			continue;
		e = mb_round_down(e, MB_PAGE_SIZE);
		if (s < e)
			sum += e - s;
	}
	return sum;
}
