// SPDX-License-Identifier: MIT
/*
 * find.c - locating free memory for allocations and for grown tables.
 *
 * Free memory is memory minus reserved.  A search starts at its bound by
 * binary search instead of walking in from the end of the map; once the
 * reserved table is large, a top-down search goes through the free-gap
 * index (gaps.c) and skips every stretch where no gap is long enough.
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

/* ---- positioned starts ---- */

/* Reverse cursor whose first range is the highest one starting below @top. */
static uint64_t rev_cursor_below(const struct memblock *mb, phys_addr_t top)
{
	return mb_cursor((long)mb_count_below(&mb->memory, top) - 1,
			 (long)mb_count_below(&mb->reserved, top));
}

/* Forward cursor whose first range is the lowest one ending above @bottom. */
static uint64_t fwd_cursor_above(const struct memblock *mb,
				 phys_addr_t bottom)
{
	return mb_cursor((long)mb_first_ending_above(&mb->memory, bottom),
			 (long)mb_first_ending_above(&mb->reserved, bottom));
}

static void clamp_range(phys_addr_t *s, phys_addr_t *e, phys_addr_t lo,
			phys_addr_t hi)
{
	*s = mb_min(mb_max(*s, lo), hi);
	*e = mb_min(mb_max(*e, lo), hi);
}

static int find_top_down(const struct memblock *mb, phys_addr_t size,
			 phys_addr_t align, phys_addr_t start, phys_addr_t end,
			 int nid, enum memblock_flags flags, phys_addr_t *out)
{
	uint64_t i = rev_cursor_below(mb, end);
	phys_addr_t s, e;
	bool fits = false;

	for (mb_next_range_rev(mb, &i, nid, flags, &mb->memory, &mb->reserved,
			       &s, &e, NULL);
	     i != UINT64_MAX;
	     mb_next_range_rev(mb, &i, nid, flags, &mb->memory, &mb->reserved,
			       &s, &e, NULL)) {
		phys_addr_t cand;

		if (e <= start)
			break; /* everything further down is below the bounds */
		clamp_range(&s, &e, start, end);
		if (e - s >= size) {
			fits = true;
			cand = mb_round_down(e - size, align);
			if (cand >= s) {
				*out = cand;
				return 0;
			}
		}
	}
	return fits ? -MB_EALIGN : -MB_ENOSPC;
}

static int find_bottom_up(const struct memblock *mb, phys_addr_t size,
			  phys_addr_t align, phys_addr_t start, phys_addr_t end,
			  int nid, enum memblock_flags flags, phys_addr_t *out)
{
	uint64_t i = fwd_cursor_above(mb, start);
	phys_addr_t s, e;
	bool fits = false;

	for (mb_next_range(mb, &i, nid, flags, &mb->memory, &mb->reserved, &s,
			   &e, NULL);
	     i != UINT64_MAX;
	     mb_next_range(mb, &i, nid, flags, &mb->memory, &mb->reserved, &s,
			   &e, NULL)) {
		phys_addr_t cand;

		if (s >= end)
			break;
		clamp_range(&s, &e, start, end);
		if (e - s < size)
			continue;
		fits = true;
		if (mb_round_up(s, align, &cand) && cand < e &&
		    e - cand >= size) {
			*out = cand;
			return 0;
		}
	}
	return fits ? -MB_EALIGN : -MB_ENOSPC;
}

int mb_find_free(const struct memblock *mb, phys_addr_t size,
		 phys_addr_t align, phys_addr_t start, phys_addr_t end,
		 int nid, enum memblock_flags flags, phys_addr_t *out)
{
	if (start >= end || end - start < size)
		return -MB_ENOSPC;
	if (mb_gaps_fresh(mb))
		return (mb->bottom_up ? mb_gaps_find_bottom_up
				      : mb_gaps_find_top_down)(
			mb, size, align, start, end, nid, flags, out);
	if (mb->bottom_up)
		return find_bottom_up(mb, size, align, start, end, nid, flags,
				      out);
	return find_top_down(mb, size, align, start, end, nid, flags, out);
}
