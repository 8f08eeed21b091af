// SPDX-License-Identifier: MIT
/*
 * iter.c - walking ranges: one type, one type minus another (free memory),
 * forwards and backwards, and whole pages per region.
 */
#include "iter_next.h"

uint64_t mb_cursor(long ia, long ib)
{
	return cursor_of(ia, ib);
}

void mb_next_range(const struct memblock *mb, uint64_t *idx, int nid,
		   enum memblock_flags flags,
		   const struct memblock_type *type_a,
		   const struct memblock_type *type_b, phys_addr_t *out_start,
		   phys_addr_t *out_end, int *out_nid)
{
	next_range(mb, idx, nid, flags, type_a, type_b, out_start, out_end,
		   out_nid);
}

void mb_next_range_rev(const struct memblock *mb, uint64_t *idx, int nid,
		       enum memblock_flags flags,
		       const struct memblock_type *type_a,
		       const struct memblock_type *type_b,
		       phys_addr_t *out_start, phys_addr_t *out_end,
		       int *out_nid)
{
	long ia, ib;

	if (*idx == UINT64_MAX) {
		ia = (long)type_a->cnt - 1;
		ib = type_b ? (long)type_b->cnt : 0;
	} else {
		ia = (long)(int32_t)(uint32_t)*idx;
		ib = (long)(*idx >> 32);
	}
	for (; ia >= 0; ia--) {
		const struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t ms = m->base, me = m->base + m->size;

		if (skip_region(mb, type_a, m, nid, flags))
			continue;
		if (!type_b) {
			emit(ms, me, m->nid, out_start, out_end, out_nid);
			*idx = cursor_of(ia - 1, ib);
			return;
		}
		for (; ib >= 0; ib--) {
			phys_addr_t gs, ge;

			gap_of(type_b, ib, &gs, &ge);
			if (ge <= ms)
				break;
			if (me > gs && gs < ge) {
				emit(mb_max(ms, gs), mb_min(me, ge), m->nid,
				     out_start, out_end, out_nid);
				if (ms >= gs)
					ia--;
				else
					ib--;
				*idx = cursor_of(ia, ib);
				return;
			}
		}
	}
	*idx = UINT64_MAX;
}

static unsigned long pfn_up(phys_addr_t a)
{
	return (unsigned long)mb_pfn_up(a);
}

static unsigned long pfn_down(phys_addr_t a)
{
	return (unsigned long)mb_pfn_down(a);
}

void mb_next_pfn_range(const struct memblock *mb, int *idx, int nid,
		       unsigned long *out_start_pfn,
		       unsigned long *out_end_pfn, int *out_nid)
{
	const struct memblock_type *t = &mb->memory;
	const struct memblock_region *r = NULL;

	while ((unsigned long)++*idx < t->cnt) {
		r = &t->regions[*idx];
		if (pfn_up(r->base) >= pfn_down(r->base + r->size))
			continue;
		if (!nid_valid(nid) || nid == r->nid)
			break;
	}
	if ((unsigned long)*idx >= t->cnt) {
		*idx = -1;
		return;
	}
	if (out_start_pfn)
		*out_start_pfn = pfn_up(r->base);
	if (out_end_pfn)
		*out_end_pfn = pfn_down(r->base + r->size);
	if (out_nid)
		*out_nid = r->nid;
}
