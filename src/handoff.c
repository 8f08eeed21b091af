// SPDX-License-Identifier: MIT
/*
 * handoff.c - the end of memblock's life: free pages go to the page
 * allocator as naturally aligned blocks, reserved ranges are reported, and
 * the tables memblock grew are given back.
 */
#include "internal.h"

#define MB_PAGE_SHIFT MEMBLOCK_ENV_PAGE_SHIFT

static unsigned max_order_of(const struct mb_handoff *h)
{
	unsigned cap = (unsigned)(sizeof(phys_addr_t) * 8 - MB_PAGE_SHIFT - 1);

	return h->max_order < cap ? h->max_order : cap;
}

/*
 * Greedy split of pages [s, e): at each step the largest block that is
 * aligned at s and fits.  This gives the fewest naturally aligned blocks,
 * in time proportional to their number.
 */
static void release_pages(const struct mb_handoff *h, uint64_t s, uint64_t e,
			  struct mb_handoff_stats *st)
{
	unsigned top = max_order_of(h);

	while (s < e) {
		unsigned order = 0;

		while (order < top && !((s >> order) & 1))
			order++;
		while (order && e - s < ((uint64_t)1 << order))
			order--;
		h->free_block(h->ctx, (phys_addr_t)(s << MB_PAGE_SHIFT), order);
		s += (uint64_t)1 << order;
		st->pages += (uint64_t)1 << order;
		st->blocks++;
	}
}

static void release_range(const struct mb_handoff *h, phys_addr_t s,
			  phys_addr_t e, struct mb_handoff_stats *st)
{
	uint64_t ps = mb_pfn_up(s), pe = mb_pfn_down(e);

	if (ps < pe)
		release_pages(h, ps, pe, st);
}

/* Reserved regions and NOMAP memory, merged in address order. */
static void report_reserved(const struct memblock *mb,
			    const struct mb_handoff *h,
			    struct mb_handoff_stats *st)
{
	const struct memblock_type *r = &mb->reserved, *m = &mb->memory;
	unsigned long i = 0, j = 0;

	for (;;) {
		const struct memblock_region *x;

		while (j < m->cnt && !(m->regions[j].flags & MEMBLOCK_NOMAP))
			j++;
		if (i >= r->cnt && j >= m->cnt)
			return;
		if (j >= m->cnt ||
		    (i < r->cnt && r->regions[i].base <= m->regions[j].base))
			x = &r->regions[i++];
		else
			x = &m->regions[j++];
		h->reserved_range(h->ctx, x->base, x->base + x->size, x->flags,
				  x->nid);
		st->reserved++;
	}
}

int mb_free_all(struct memblock *mb, const struct mb_handoff *h,
		struct mb_handoff_stats *st)
{
	struct mb_handoff_stats local = { 0, 0, 0 };
	struct memblock_type *m = &mb->memory;
	unsigned long i;
	uint64_t idx;
	phys_addr_t s, e;

	if (!h || !h->free_block)
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	/* Hotplug memory is ordinary memory from here on, as in Linux. */
	for (i = 0; i < m->cnt; i++)
		m->regions[i].flags = (enum memblock_flags)(m->regions[i].flags &
							   ~MEMBLOCK_HOTPLUG);
	mb_merge_window(mb, m, 0, m->cnt);
	if (h->reserved_range)
		report_reserved(mb, h, &local);
	for (idx = 0, mb_next_range(mb, &idx, NUMA_NO_NODE, MEMBLOCK_NONE, m,
				    &mb->reserved, &s, &e, NULL);
	     idx != UINT64_MAX;
	     mb_next_range(mb, &idx, NUMA_NO_NODE, MEMBLOCK_NONE, m,
			   &mb->reserved, &s, &e, NULL))
		release_range(h, s, e, &local);
	if (st)
		*st = local;
	return 0;
}

static void reset_type(struct memblock *mb, int ti)
{
	struct memblock_type *t = mb_type_at(mb, ti);

	t->regions = mb->priv.initial[ti];
	mb->priv.buf[ti] = t->regions;
	mb->priv.cap[ti] = mb->priv.initial_max[ti];
	t->max = mb->priv.initial_max[ti];
	t->cnt = 0;
	t->total_size = 0;
	if (t->regions && t->max)
		MEMBLOCK_ENV_MEMSET(t->regions, 0, t->max * sizeof(*t->regions));
	mb->priv.source[ti] = MB_ARRAY_INITIAL;
}

/* Pieces of the self-grown tables that are still usable memory. */
#define MB_DISCARD_PIECES 12

struct pieces {
	phys_addr_t base[MB_DISCARD_PIECES], end[MB_DISCARD_PIECES];
	int n;
};

/*
 * A self-grown table may no longer lie in memory (mem= can cut it off, a
 * NOMAP mark can cover it): only the parts that are still ordinary memory
 * go to the page allocator.  Collected before anything is released, since
 * the consumer may reuse the pages it is given, the memory table included.
 * Beyond MB_DISCARD_PIECES pieces the rest is kept back, never given.
 */
static void collect_usable(const struct memblock *mb, phys_addr_t s,
			   phys_addr_t e, struct pieces *p)
{
	const struct memblock_type *m = &mb->memory;
	unsigned long i = mb_first_ending_above(m, s);

	for (; i < m->cnt && m->regions[i].base < e; i++) {
		const struct memblock_region *r = &m->regions[i];

		if ((r->flags & MEMBLOCK_NOMAP) || p->n == MB_DISCARD_PIECES)
			continue;
		p->base[p->n] = mb_max(s, r->base);
		p->end[p->n++] = mb_min(e, r->base + r->size);
	}
}

int mb_discard(struct memblock *mb, const struct mb_handoff *h,
	       struct mb_handoff_stats *st)
{
	struct mb_handoff_stats local = { 0, 0, 0 };
	struct memblock_type *types[3] = { &mb->memory, &mb->reserved,
					   &mb->physmem };
	struct pieces usable = { { 0 }, { 0 }, 0 };
	int ti, k;

	if (mb->priv.discarded)
		return -MB_ENOENT;

	for (ti = 0; ti < 3; ti++)
		if (types[ti]->regions != mb->priv.initial[ti] &&
		    mb->priv.source[ti] == MB_ARRAY_SELF &&
		    (!h || !h->free_block))
			return -MB_EINVAL;
	for (ti = 0; ti < 3; ti++)
		if (types[ti]->regions != mb->priv.initial[ti] &&
		    mb->priv.source[ti] == MB_ARRAY_SELF)
			collect_usable(mb, mb->priv.self_phys[ti],
				       mb->priv.self_phys[ti] +
					       mb->priv.self_size[ti],
				       &usable);
	for (ti = 0; ti < 3; ti++) {
		struct memblock_type *t = types[ti];

		if (t->regions == mb->priv.initial[ti] ||
		    mb->priv.source[ti] == MB_ARRAY_SELF)
			continue;
		if (mb->priv.grow && mb->priv.grow->free) {
			struct memblock_region *buf = mb_buffer(mb, t);

			mb->priv.grow->free(mb->priv.grow->ctx, buf,
					    mb_embedder_bytes(ti,
							      mb->priv.cap[ti]));
		}
	}
	for (ti = 0; ti < 3; ti++)
		reset_type(mb, ti);
	mb_gaps_use_table(mb, mb->reserved.regions, mb->reserved.max, false);
	mb->priv.discarded = true;
	for (k = 0; k < usable.n; k++)
		release_range(h, usable.base[k], usable.end[k], &local);
	if (st)
		*st = local;
	return 0;
}

int mb_free_late(const struct mb_handoff *h, phys_addr_t base,
		 phys_addr_t size, struct mb_handoff_stats *st)
{
	struct mb_handoff_stats local = { 0, 0, 0 };

	if (!h || !h->free_block || !size)
		return -MB_EINVAL;
	release_range(h, base, base + mb_cap_size(base, &size), &local);
	if (st)
		*st = local;
	return 0;
}
