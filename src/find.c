// SPDX-License-Identifier: MIT
/*
 * find.c - locating free memory for allocations and for grown tables.
 *
 * Free memory is memory minus reserved.  The walk itself is in gaps.c: it
 * starts at its bound by binary search and, through the free-gap index,
 * skips every stretch of the map where no gap is long enough.
 */
#include "internal.h"

enum memblock_flags mb_alloc_flags(const struct memblock *mb)
{
	unsigned flags = MEMBLOCK_NONE;

	if (mb->priv.has_mirror)
		flags |= MEMBLOCK_MIRROR;
	if (mb->priv.kho_scratch_only)
		flags |= MEMBLOCK_KHO_SCRATCH;
	return (enum memblock_flags)flags;
}

int mb_find_free(const struct memblock *mb, phys_addr_t size,
		 phys_addr_t align, phys_addr_t start, phys_addr_t end,
		 int nid, enum memblock_flags flags, phys_addr_t *out,
		 unsigned long *at)
{
	if (start >= end || end - start < size)
		return -MB_ENOSPC;
	if (mb->bottom_up)
		return mb_gaps_find_bottom_up(mb, size, align, start, end, nid,
					      flags, out, at);
	return mb_gaps_find_top_down(mb, size, align, start, end, nid, flags,
				     out, at);
}
