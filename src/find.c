// SPDX-License-Identifier: MIT
/*
 * find.c - locating free memory for allocations and for grown tables.
 *
 * Free memory is memory minus reserved.  A search starts at its bound by
 * binary search instead of walking in from the end of the map, and a
 * top-down search remembers how far down everything was too small (see
 * struct mb_find_cache), so a run of top-down allocations does not walk
 * past the same small holes again and again.
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

/* ---- the search cache ---- */

/*
 * A checksum of every field of the memory regions.  Memory tables are
 * short (tens of regions), and this is what notices a node or flag changed
 * in place, as memblock_set_region_node() does.
 */
static uint64_t memory_sum(const struct memblock *mb)
{
	const uint64_t k = 0x9e3779b97f4a7c15u;
	uint64_t h = mb->memory.cnt;
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];

		h = (h ^ r->base) * k;
		h = (h ^ r->size) * k;
		h = (h ^ ((uint64_t)r->flags << 32 | (uint32_t)r->nid)) * k;
	}
	return h;
}

bool mb_cache_intact(const struct memblock *mb)
{
	const struct mb_find_cache *c = &mb->priv.fcache;

	return c->valid && c->mem_cnt == mb->memory.cnt &&
	       c->rsv_cnt == mb->reserved.cnt &&
	       c->mem_total == mb->memory.total_size &&
	       c->rsv_total == mb->reserved.total_size &&
	       c->mem_regions == mb->memory.regions &&
	       c->rsv_regions == mb->reserved.regions &&
	       c->movable == mb->priv.movable_node;
}

bool mb_cache_fresh(const struct memblock *mb)
{
	return mb_cache_intact(mb) &&
	       mb->priv.fcache.mem_sum == memory_sum(mb);
}

void mb_cache_touch_reserved(struct memblock *mb)
{
	struct mb_find_cache *c = &mb->priv.fcache;

	c->rsv_cnt = mb->reserved.cnt;
	c->rsv_total = mb->reserved.total_size;
	c->rsv_regions = mb->reserved.regions;
}

void mb_cache_touch(struct memblock *mb)
{
	struct mb_find_cache *c = &mb->priv.fcache;

	mb_cache_touch_reserved(mb);
	c->mem_cnt = mb->memory.cnt;
	c->mem_total = mb->memory.total_size;
	c->mem_regions = mb->memory.regions;
	c->movable = mb->priv.movable_node;
	c->mem_sum = memory_sum(mb);
}

/* ---- positioned starts ---- */

/* Number of regions of @t that start below @addr. */
static unsigned long count_below(const struct memblock_type *t,
				 phys_addr_t addr)
{
	unsigned long lo = 0, hi = t->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (t->regions[mid].base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Reverse cursor whose first range is the highest one starting below @top. */
static uint64_t rev_cursor_below(const struct memblock *mb, phys_addr_t top)
{
	return mb_cursor((long)count_below(&mb->memory, top) - 1,
			 (long)count_below(&mb->reserved, top));
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

/* What a top-down walk saw, for the cache. */
struct walk {
	phys_addr_t maxlen; /* longest range walked past */
	phys_addr_t floor;  /* everything from here up was walked past */
};

static int find_top_down(const struct memblock *mb, phys_addr_t size,
			 phys_addr_t align, phys_addr_t start, phys_addr_t end,
			 phys_addr_t from, int nid, enum memblock_flags flags,
			 phys_addr_t *out, struct walk *w)
{
	uint64_t i = rev_cursor_below(mb, from);
	phys_addr_t s, e;
	bool fits = false;

	w->floor = start;
	for (mb_next_range_rev(mb, &i, nid, flags, &mb->memory, &mb->reserved,
			       &s, &e, NULL);
	     i != UINT64_MAX;
	     mb_next_range_rev(mb, &i, nid, flags, &mb->memory, &mb->reserved,
			       &s, &e, NULL)) {
		phys_addr_t cand, rs = s, re = e;

		if (e <= start)
			break; /* everything further down is below the bounds */
		clamp_range(&s, &e, start, end);
		if (e - s >= size) {
			fits = true;
			cand = mb_round_down(e - size, align);
			if (cand >= s) {
				*out = cand;
				w->floor = re;
				return 0;
			}
		}
		w->maxlen = mb_max(w->maxlen, re - rs);
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
	struct walk w = { 0, 0 };

	if (start >= end || end - start < size)
		return -MB_ENOSPC;
	if (mb->bottom_up)
		return find_bottom_up(mb, size, align, start, end, nid, flags,
				      out);
	return find_top_down(mb, size, align, start, end, end, nid, flags,
			     out, &w);
}

/* Can the cache skip the ranges from its floor up to @end? */
static bool cache_covers(const struct memblock *mb, phys_addr_t size,
			 phys_addr_t end, int nid, enum memblock_flags flags)
{
	const struct mb_find_cache *c = &mb->priv.fcache;

	return mb_cache_fresh(mb) && c->nid == nid &&
	       c->flags == (unsigned)flags && c->maxlen < size &&
	       c->top >= end && c->floor < end;
}

/* The free range (under the filter) holding @addr, if there is one. */
static bool range_at(const struct memblock *mb, phys_addr_t addr, int nid,
		     enum memblock_flags flags, phys_addr_t *s, phys_addr_t *e)
{
	uint64_t i = fwd_cursor_above(mb, addr);

	mb_next_range(mb, &i, nid, flags, &mb->memory, &mb->reserved, s, e,
		      NULL);
	return i != UINT64_MAX && *s <= addr && addr < *e;
}

/* Drop the exceptions that point into [s, e). */
static void dirty_forget(struct mb_find_cache *c, phys_addr_t s, phys_addr_t e)
{
	unsigned k, w = 0;

	for (k = 0; k < c->ndirty; k++)
		if (c->dirty[k].addr < s || c->dirty[k].addr >= e)
			c->dirty[w++] = c->dirty[k];
	c->ndirty = w;
}

/* Note free range [s, e) as an exception, if the rule does not cover it. */
static void dirty_note(struct mb_find_cache *c, phys_addr_t s, phys_addr_t e)
{
	unsigned k;

	if (e - s <= c->maxlen || s < c->floor || s >= c->top)
		return;
	if (c->ndirty == MB_CACHE_DIRTY) {
		c->valid = false; /* too many exceptions: forget it all */
		return;
	}
	for (k = c->ndirty; k > 0 && c->dirty[k - 1].addr < s; k--)
		c->dirty[k] = c->dirty[k - 1];
	c->dirty[k].addr = s;
	c->dirty[k].len = e - s;
	c->ndirty++;
}

void mb_cache_freed(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	struct mb_find_cache *c = &mb->priv.fcache;
	long i = mb_search(&mb->memory, base);
	const struct memblock_region *r;
	phys_addr_t s, e;

	/*
	 * The freed window lies in one memory region, so it joined exactly
	 * one free range, the one holding @base.  Anything else (a window
	 * over a hole or across regions) is not worth describing.
	 */
	if (i < 0) {
		c->valid = false;
		return;
	}
	r = &mb->memory.regions[i];
	if (base + size > r->base + r->size) {
		c->valid = false;
		return;
	}
	/* Outside the filter the cache was made for, nothing changed. */
	if (range_at(mb, base, c->nid, (enum memblock_flags)c->flags, &s,
		     &e)) {
		dirty_forget(c, s, e);
		dirty_note(c, s, e);
	}
	if (c->valid)
		mb_cache_touch_reserved(mb);
}

/*
 * Search the exceptions, highest first: every other range above the floor
 * is too small, so the first that fits holds the answer.  A stored length
 * is an upper bound (reservations only shrink a range; a free that grows
 * it adds its own entry), so entries shorter than @size are passed over
 * without a look; those looked at get their length refreshed, or are
 * dropped when they no longer stand for a long range above the floor.
 */
static bool find_in_dirty(struct mb_find_cache *c, const struct memblock *mb,
			  phys_addr_t size, phys_addr_t align,
			  phys_addr_t start, phys_addr_t end, int nid,
			  enum memblock_flags flags, phys_addr_t *out,
			  phys_addr_t *rs, phys_addr_t *re)
{
	unsigned k, w = 0;
	bool found = false;

	for (k = 0; k < c->ndirty; k++) {
		phys_addr_t s, e, cs, ce, cand;

		if (found || c->dirty[k].len < size ||
		    c->dirty[k].addr >= end) {
			c->dirty[w++] = c->dirty[k];
			continue;
		}
		if (!range_at(mb, c->dirty[k].addr, nid, flags, &s, &e) ||
		    s < c->floor || s >= c->top || e - s <= c->maxlen)
			continue;
		c->dirty[w].addr = c->dirty[k].addr;
		c->dirty[w++].len = e - s;
		cs = s;
		ce = e;
		clamp_range(&cs, &ce, start, end);
		if (ce - cs < size)
			continue;
		cand = mb_round_down(ce - size, align);
		if (cand >= cs) {
			*out = cand;
			*rs = s;
			*re = e;
			found = true;
		}
	}
	c->ndirty = w;
	return found;
}

/* After taking [addr, addr + size) out of [s, e): note what is left. */
static void dirty_split(struct mb_find_cache *c, phys_addr_t s, phys_addr_t e,
			phys_addr_t addr, phys_addr_t size)
{
	dirty_forget(c, s, e);
	dirty_note(c, addr + size, e);
	if (c->valid)
		dirty_note(c, s, addr);
}

size_t mb_cache_save_size(const struct mb_find_cache *c)
{
	unsigned n = c->ndirty + 2 < MB_CACHE_DIRTY ? c->ndirty + 2
						    : MB_CACHE_DIRTY;

	return offsetof(struct mb_find_cache, dirty) + n * sizeof(c->dirty[0]);
}

int mb_find_free_cached(struct memblock *mb, phys_addr_t size,
			phys_addr_t align, phys_addr_t start, phys_addr_t end,
			int nid, enum memblock_flags flags, phys_addr_t *out)
{
	struct mb_find_cache *c = &mb->priv.fcache;
	struct walk w = { 0, 0 };
	phys_addr_t from = end, top = end;
	bool used = false;
	int err;

	if (mb->bottom_up || start >= end || end - start < size)
		return mb_find_free(mb, size, align, start, end, nid, flags,
				    out);
	if (cache_covers(mb, size, end, nid, flags)) {
		phys_addr_t rs, re;

		if (find_in_dirty(c, mb, size, align, start, end, nid, flags,
				  out, &rs, &re)) {
			dirty_split(c, rs, re, *out, size);
			/* The stamps were just verified; nothing has changed. */
			c->planned_base = *out;
			c->planned_size = size;
			return 0;
		}
		from = c->floor;
		top = c->top;
		w.maxlen = c->maxlen;
		used = true;
	} else {
		c->ndirty = 0; /* a fresh walk from the top knows everything */
	}
	err = find_top_down(mb, size, align, start, end, from, nid, flags, out,
			    &w);
	/*
	 * The walk, plus what the cache knew when it was used, covered every
	 * range starting in [w.floor, top).  A failed search leaves the
	 * instance exactly as it was, cache included.
	 */
	if (err)
		return err;
	c->floor = w.floor;
	c->top = top;
	c->maxlen = w.maxlen;
	c->nid = nid;
	c->flags = flags;
	c->valid = true;
	c->planned_base = *out;
	c->planned_size = size;
	/* A used cache was verified just now; a new one needs its stamps. */
	if (!used)
		mb_cache_touch(mb);
	return 0;
}

bool mb_cache_keeps_reserve(struct memblock *mb, phys_addr_t base,
			    phys_addr_t size)
{
	struct mb_find_cache *c = &mb->priv.fcache;
	bool planned = c->planned_base == base && c->planned_size == size;

	c->planned_size = 0;
	/*
	 * A reservation only shrinks free space, but one the search did not
	 * plan may split a range an exception stands for, leaving a long
	 * piece no exception marks.
	 */
	return planned || !c->ndirty;
}
