// SPDX-License-Identifier: MIT
/*
 * region.c - the sorted region array: search, insert, split, merge, grow.
 *
 * Every changing operation first makes sure the array has the slots it
 * will need (growing it if it must), and only then writes, so that a
 * failure leaves nothing half-done.
 */
#include "internal.h"

int mb_type_index(const struct memblock *mb, const struct memblock_type *t)
{
	if (t == &mb->memory)
		return 0;
	if (t == &mb->reserved)
		return 1;
	if (t == &mb->physmem)
		return 2;
	return -1;
}

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

unsigned long mb_first_ending_above(const struct memblock_type *type,
				    phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	/* Regions are disjoint and sorted, so their ends are sorted too. */
	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (region_end(&type->regions[mid]) > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void open_slot(struct memblock_type *type, unsigned long idx)
{
	struct memblock_region *r = type->regions;

	MEMBLOCK_ENV_MEMMOVE(&r[idx + 1], &r[idx],
			     (type->cnt - idx) * sizeof(*r));
	type->cnt++;
}

void mb_insert_region(struct memblock_type *type, unsigned long idx,
		      phys_addr_t base, phys_addr_t size, int nid,
		      enum memblock_flags flags)
{
	struct memblock_region *r;

	open_slot(type, idx);
	r = &type->regions[idx];
	r->base = base;
	r->size = size;
	r->flags = flags;
	r->nid = nid;
	type->total_size += size;
}

void mb_remove_regions(struct memblock_type *type, unsigned long idx,
		       unsigned long n)
{
	struct memblock_region *r = type->regions;
	unsigned long i;

	if (!n)
		return;
	for (i = idx; i < idx + n; i++)
		type->total_size -= r[i].size;
	MEMBLOCK_ENV_MEMMOVE(&r[idx], &r[idx + n],
			     (type->cnt - idx - n) * sizeof(*r));
	type->cnt -= n;
	if (type->cnt == 0) {
		/* An empty type reads as one zeroed region, as in Linux. */
		r[0].base = 0;
		r[0].size = 0;
		r[0].flags = MEMBLOCK_NONE;
		r[0].nid = MAX_NUMNODES;
	}
}

static bool mergeable(const struct memblock_region *a,
		      const struct memblock_region *b)
{
	return region_end(a) == b->base && a->nid == b->nid &&
	       a->flags == b->flags;
}

void mb_merge_window(struct memblock_type *type, unsigned long lo,
		     unsigned long hi)
{
	struct memblock_region *r = type->regions;
	unsigned long w, i, gone;

	if (type->cnt < 2)
		return;
	if (hi >= type->cnt)
		hi = type->cnt - 1;
	if (lo >= hi)
		return;
	/* Compact [lo, hi] in place, then close the gap with one move. */
	for (w = lo, i = lo + 1; i <= hi; i++) {
		if (mergeable(&r[w], &r[i]))
			r[w].size += r[i].size;
		else if (++w != i)
			r[w] = r[i];
	}
	gone = hi - w;
	if (!gone)
		return;
	MEMBLOCK_ENV_MEMMOVE(&r[w + 1], &r[hi + 1],
			     (type->cnt - hi - 1) * sizeof(*r));
	type->cnt -= gone;
}

unsigned long mb_add_count(const struct memblock_type *type, phys_addr_t base,
			   phys_addr_t size)
{
	phys_addr_t end = base + size, cur = base;
	unsigned long i = mb_first_ending_above(type, base), n = 0;

	for (; i < type->cnt && type->regions[i].base < end; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (r->base > cur)
			n++;
		cur = mb_max(cur, region_end(r));
	}
	return n + (cur < end);
}

void mb_add_prepared(struct memblock_type *type, phys_addr_t base,
		     phys_addr_t size, int nid, enum memblock_flags flags)
{
	phys_addr_t end = base + size, cur = base;
	unsigned long lo = mb_first_ending_above(type, base), i = lo;

	/* Fill only the gaps: existing regions keep their own attributes. */
	for (; i < type->cnt && type->regions[i].base < end; i++) {
		struct memblock_region *r = &type->regions[i];
		phys_addr_t rend = region_end(r);

		if (r->base > cur) {
			mb_insert_region(type, i, cur, r->base - cur, nid,
					 flags);
			i++;
		}
		cur = mb_max(cur, rend);
	}
	if (cur < end)
		mb_insert_region(type, i, cur, end - cur, nid, flags);
	mb_merge_window(type, lo ? lo - 1 : 0, i + 1);
}

/* Split region @idx at @at; both halves keep its node and flags. */
static void split_at(struct memblock_type *type, unsigned long idx,
		     phys_addr_t at)
{
	struct memblock_region *r;
	phys_addr_t end;

	open_slot(type, idx + 1);
	r = &type->regions[idx];
	end = region_end(r);
	r->size = at - r->base;
	r[1] = r[0];
	r[1].base = at;
	r[1].size = end - at;
}

void mb_isolate(struct memblock_type *type, phys_addr_t base,
		phys_addr_t size, unsigned long *lo, unsigned long *hi)
{
	phys_addr_t end = base + size;
	unsigned long i = mb_first_ending_above(type, base);

	*lo = i;
	while (i < type->cnt) {
		struct memblock_region *r = &type->regions[i];

		if (r->base >= end)
			break;
		if (r->base < base) {
			split_at(type, i, base);
			*lo = ++i;
			continue;
		}
		if (region_end(r) > end) {
			split_at(type, i, end);
			i++;
			break;
		}
		i++;
	}
	*hi = i;
}

void mb_remove_prepared(struct memblock_type *type, phys_addr_t base,
			phys_addr_t size)
{
	unsigned long lo, hi;

	mb_isolate(type, base, size, &lo, &hi);
	mb_remove_regions(type, lo, hi - lo);
}

/* ---- growth ---- */

static phys_addr_t page_align(phys_addr_t x)
{
	return (x + MB_PAGE_SIZE - 1) & ~(MB_PAGE_SIZE - 1);
}

static struct memblock_type *type_at(struct memblock *mb, int ti)
{
	return ti == 0 ? &mb->memory : ti == 1 ? &mb->reserved : &mb->physmem;
}

static enum mb_array_source array_source(struct memblock *mb, int ti)
{
	if (mb->priv.initial[ti] == type_at(mb, ti)->regions)
		return MB_ARRAY_INITIAL;
	return (enum mb_array_source)mb->priv.source[ti];
}

/*
 * Find room for a self-grown array the way Linux does: above the range
 * being reserved first, then below it; then without the mirror preference.
 */
static int find_array_space(const struct memblock *mb, phys_addr_t bytes,
			    phys_addr_t avoid_base, phys_addr_t avoid_size,
			    phys_addr_t *out)
{
	enum memblock_flags flags = mb_alloc_flags(mb);
	phys_addr_t limit = mb->current_limit;
	phys_addr_t above = avoid_base + avoid_size;
	phys_addr_t lo;

	for (;;) {
		lo = mb_max(above, MB_PAGE_SIZE);
		if (lo < limit && !mb_find_free(mb, bytes, MB_PAGE_SIZE, lo,
						limit, NUMA_NO_NODE, flags, out))
			return 0;
		if (avoid_size) {
			phys_addr_t hi = mb_min(avoid_base, limit);

			if (MB_PAGE_SIZE < hi &&
			    !mb_find_free(mb, bytes, MB_PAGE_SIZE, MB_PAGE_SIZE,
					  hi, NUMA_NO_NODE, flags, out))
				return 0;
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return -MB_ENOMEM;
		flags &= ~MEMBLOCK_MIRROR;
	}
}

/* A new array for one type: where it is and where it came from. */
struct array_plan {
	struct memblock_region *regions;
	unsigned long max;
	enum mb_array_source src;
	phys_addr_t phys, bytes;
};

/*
 * Switch @ti to the planned array, then give back the old one.  Cannot
 * fail: when the old or new array is (or was) self-grown, the caller made
 * sure reserved has two free slots.
 */
static void commit_array(struct memblock *mb, int ti,
			 const struct array_plan *p)
{
	struct memblock_type *t = type_at(mb, ti);
	enum mb_array_source old_src = array_source(mb, ti);
	struct memblock_region *old = t->regions;
	unsigned long old_max = t->max;
	phys_addr_t old_phys = mb->priv.self_phys[ti];
	phys_addr_t old_size = mb->priv.self_size[ti];
	size_t sz = sizeof(struct memblock_region);

	mb_cache_drop(mb); /* the old array's space becomes free */
	if (old_max)
		MEMBLOCK_ENV_MEMCPY(p->regions, old, old_max * sz);
	MEMBLOCK_ENV_MEMSET(p->regions + old_max, 0,
			    (p->max - old_max) * sz);
	t->regions = p->regions;
	t->max = p->max;
	mb->priv.source[ti] = (unsigned char)p->src;
	mb->priv.self_phys[ti] = p->phys;
	mb->priv.self_size[ti] = p->bytes;

	if (old_src == MB_ARRAY_EMBEDDER && mb->priv.grow && mb->priv.grow->free)
		mb->priv.grow->free(mb->priv.grow->ctx, old, old_max * sz);
	else if (old_src == MB_ARRAY_SELF)
		mb_remove_prepared(&mb->reserved, old_phys, old_size);
	if (p->src == MB_ARRAY_SELF)
		mb_add_prepared(&mb->reserved, p->phys, p->bytes, NUMA_NO_NODE,
				MEMBLOCK_RSRV_KERN);
}

static void *self_virt(phys_addr_t phys)
{
	return MEMBLOCK_ENV_PHYS_TO_VIRT(phys);
}

static int plan_array(struct memblock *mb, unsigned long new_max,
		      phys_addr_t avoid_base, phys_addr_t avoid_size,
		      struct array_plan *p)
{
	size_t bytes = new_max * sizeof(struct memblock_region);

	if (!new_max || new_max > (size_t)-1 / sizeof(struct memblock_region))
		return -MB_ENOMEM;
	p->max = new_max;
	if (mb->priv.grow && mb->priv.grow->alloc) {
		p->regions = mb->priv.grow->alloc(mb->priv.grow->ctx, bytes);
		p->src = MB_ARRAY_EMBEDDER;
		p->phys = p->bytes = 0;
		return p->regions ? 0 : -MB_ENOMEM;
	}
	if (!mb->priv.can_resize)
		return -MB_ENOMEM;
	p->src = MB_ARRAY_SELF;
	p->bytes = page_align(bytes);
	if (find_array_space(mb, p->bytes, avoid_base, avoid_size, &p->phys))
		return -MB_ENOMEM;
	p->regions = self_virt(p->phys);
	return 0;
}

static void drop_plan(struct memblock *mb, const struct array_plan *p)
{
	if (p->src == MB_ARRAY_EMBEDDER && mb->priv.grow->free)
		mb->priv.grow->free(mb->priv.grow->ctx, p->regions,
				    p->max * sizeof(struct memblock_region));
}

/* Double @max (as often as needed) until @want regions fit; 0 on overflow. */
static unsigned long doubled(unsigned long max, unsigned long want)
{
	unsigned long m = max ? max : INIT_PHYSMEM_REGIONS / 2;

	do {
		if (m > (unsigned long)-1 / 2)
			return 0;
		m *= 2;
	} while (m < want);
	return m;
}

int mb_ensure_room(struct memblock *mb, struct memblock_type *type,
		   unsigned long need, phys_addr_t avoid_base,
		   phys_addr_t avoid_size)
{
	int ti = mb_type_index(mb, type);
	struct array_plan tp, rp;
	bool self_involved, rsv_grow;
	unsigned long want = type->cnt + need, room;
	bool self_plan = !(mb->priv.grow && mb->priv.grow->alloc);
	int err;

	if (type->cnt + need <= type->max)
		return 0;
	if (mb->priv.discarded)
		return -MB_ENOMEM;
	if (ti != 1)
		avoid_base = avoid_size = 0; /* only reserved protects a range */
	/*
	 * A reserved table grown into our own memory reserves itself, and
	 * freeing a self-grown predecessor may split a region and open a gap
	 * in the range being added: leave room for those, so one growth is
	 * enough (a second could fail after this one changed the map).
	 */
	if (ti == 1)
		want += self_plan + 2 * (array_source(mb, 1) == MB_ARRAY_SELF);
	err = plan_array(mb, doubled(type->max, want), avoid_base, avoid_size,
			 &tp);
	if (err)
		return err;
	if (ti == 1) {
		commit_array(mb, ti, &tp);
		return 0;
	}
	/* Memory or physmem: reserved takes up to two more regions. */
	self_involved = tp.src == MB_ARRAY_SELF ||
			array_source(mb, ti) == MB_ARRAY_SELF;
	rsv_grow = self_involved && mb->reserved.cnt + 2 > mb->reserved.max;
	if (rsv_grow) {
		/* reserved's own new array and its old one's split, then the
		 * new and old arrays of @type */
		room = mb->reserved.cnt + 2 * self_plan +
		       (array_source(mb, 1) == MB_ARRAY_SELF) +
		       (array_source(mb, ti) == MB_ARRAY_SELF);
		err = plan_array(mb, doubled(mb->reserved.max, room),
				 tp.phys, tp.src == MB_ARRAY_SELF ? tp.bytes : 0,
				 &rp);
		if (err) {
			drop_plan(mb, &tp);
			return err;
		}
		commit_array(mb, 1, &rp);
	}
	commit_array(mb, ti, &tp);
	return 0;
}
