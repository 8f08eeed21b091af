/* SPDX-License-Identifier: MIT */
/*
 * iter_next.h - the step of a forward range walk, inline so that the
 * Linux iterators (linux.c) and the instance API (iter.c) run it without
 * an extra call per range.  Private to the core.
 */
#ifndef MEMBLOCK_ITER_NEXT_H
#define MEMBLOCK_ITER_NEXT_H

#include "internal.h"

static inline bool nid_valid(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

/*
 * Only memory regions carry the attributes allocations care about;
 * reserved and physmem regions are never filtered out.
 */
static inline bool skip_region(const struct memblock *mb,
			       const struct memblock_type *type,
			       const struct memblock_region *m, int nid,
			       enum memblock_flags flags)
{
	unsigned f = m->flags;

	if (type != &mb->memory)
		return false;
	/* The common case: no node asked for, nothing special about m. */
	if (!f && !(flags & (MEMBLOCK_MIRROR | MEMBLOCK_KHO_SCRATCH)) &&
	    !nid_valid(nid))
		return false;
	if (nid_valid(nid) && m->nid != nid)
		return true;
	if (mb->priv.movable_node && (f & MEMBLOCK_HOTPLUG) &&
	    !(flags & MEMBLOCK_HOTPLUG))
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !(f & MEMBLOCK_MIRROR))
		return true;
	if ((f & MEMBLOCK_NOMAP) && !(flags & MEMBLOCK_NOMAP))
		return true;
	if ((f & MEMBLOCK_DRIVER_MANAGED) && !(flags & MEMBLOCK_DRIVER_MANAGED))
		return true;
	if ((flags & MEMBLOCK_KHO_SCRATCH) && !(f & MEMBLOCK_KHO_SCRATCH))
		return true;
	return false;
}

/* Gap @ib of @b: the space before b->regions[ib] (or after the last). */
static inline void gap_of(const struct memblock_type *b, long ib, phys_addr_t *gs,
		   phys_addr_t *ge)
{
	const struct memblock_region *r = b->regions;

	*gs = ib ? r[ib - 1].base + r[ib - 1].size : 0;
	*ge = (unsigned long)ib < b->cnt ? r[ib].base : PHYS_ADDR_MAX;
}

static inline void emit(phys_addr_t s, phys_addr_t e, int nid, phys_addr_t *os,
		 phys_addr_t *oe, int *on)
{
	if (os)
		*os = s;
	if (oe)
		*oe = e;
	if (on)
		*on = nid;
}

static inline uint64_t cursor_of(long ia, long ib)
{
	return (uint64_t)(uint32_t)ia | ((uint64_t)(uint32_t)ib << 32);
}

static inline void next_range(const struct memblock *mb, uint64_t *idx,
			      int nid,
		   enum memblock_flags flags,
		   const struct memblock_type *type_a,
		   const struct memblock_type *type_b, phys_addr_t *out_start,
		   phys_addr_t *out_end, int *out_nid)
{
	long ia = (long)(uint32_t)*idx, ib = (long)(*idx >> 32);

	for (; (unsigned long)ia < type_a->cnt; ia++) {
		const struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t ms = m->base, me = m->base + m->size;

		if (skip_region(mb, type_a, m, nid, flags))
			continue;
		if (!type_b) {
			emit(ms, me, m->nid, out_start, out_end, out_nid);
			*idx = cursor_of(ia + 1, ib);
			return;
		}
		/* Walk the gaps of type_b that can still meet this region. */
		for (; (unsigned long)ib <= type_b->cnt; ib++) {
			phys_addr_t gs, ge;

			gap_of(type_b, ib, &gs, &ge);
			if (gs >= me)
				break;
			if (ms < ge && gs < ge) {
				emit(mb_max(ms, gs), mb_min(me, ge), m->nid,
				     out_start, out_end, out_nid);
				/* Advance whichever ends first. */
				if (me <= ge)
					ia++;
				else
					ib++;
				*idx = cursor_of(ia, ib);
				return;
			}
		}
	}
	*idx = UINT64_MAX;
}

#endif /* MEMBLOCK_ITER_NEXT_H */
