// SPDX-License-Identifier: MIT
/*
 * limit.c - mem= and friends: cutting memory down to a size or a range.
 *
 * These only shrink or drop regions, in place, so they never need a
 * larger table and cannot fail half-way.
 */
#include "internal.h"

static void recount(struct memblock_type *t)
{
	phys_addr_t sum = 0;
	unsigned long i;

	for (i = 0; i < t->cnt; i++)
		sum += t->regions[i].size;
	t->total_size = sum;
}

/* Drop everything at or above @addr. */
static void truncate_above(struct memblock *mb, struct memblock_type *t,
			   phys_addr_t addr)
{
	unsigned long i = mb_first_ending_above(t, addr);

	if (i < t->cnt && t->regions[i].base < addr) {
		t->total_size -= t->regions[i].size - (addr - t->regions[i].base);
		t->regions[i].size = addr - t->regions[i].base;
		i++;
	}
	mb_remove_regions(mb, t, i, t->cnt - i);
}

/* Drop everything below @addr. */
static void truncate_below(struct memblock *mb, struct memblock_type *t,
			   phys_addr_t addr)
{
	mb_remove_regions(mb, t, 0, mb_first_ending_above(t, addr));
	if (t->cnt && t->regions[0].base < addr) {
		phys_addr_t cut = addr - t->regions[0].base;

		t->regions[0].base = addr;
		t->regions[0].size -= cut;
		t->total_size -= cut;
	}
}

/* The address at which the lowest @limit bytes of memory end. */
static phys_addr_t limit_to_addr(const struct memblock *mb, phys_addr_t limit)
{
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];

		if (limit <= r->size)
			return r->base + limit;
		limit -= r->size;
	}
	return PHYS_ADDR_MAX;
}

int mb_enforce_memory_limit(struct memblock *mb, phys_addr_t limit)
{
	phys_addr_t max_addr;

	if (mb->priv.discarded)
		return -MB_ENOENT;
	/* Linux drops reservations above DRAM at limit == total; we don't. */
	if (!limit || limit >= mb->memory.total_size)
		return 0;
	max_addr = limit_to_addr(mb, limit);
	mb_gaps_drop(mb);
	truncate_above(mb, &mb->memory, max_addr);
	truncate_above(mb, &mb->reserved, max_addr);
	return 0;
}

int mb_cap_memory_range(struct memblock *mb, phys_addr_t base,
			phys_addr_t size)
{
	struct memblock_type *t = &mb->memory;
	unsigned long i, w = 0;
	phys_addr_t end;

	if (!size)
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	if (!mb->memory.total_size)
		return -MB_EINVAL;
	end = base + mb_cap_size(base, &size);
	mb_gaps_drop(mb);
	/* Keep NOMAP regions whole; clip the rest to [base, end). */
	for (i = 0; i < t->cnt; i++) {
		struct memblock_region r = t->regions[i];

		if (!(r.flags & MEMBLOCK_NOMAP)) {
			phys_addr_t s = mb_max(r.base, base);
			phys_addr_t e = mb_min(r.base + r.size, end);

			if (s >= e)
				continue;
			r.base = s;
			r.size = e - s;
		}
		t->regions[w++] = r;
	}
	mb_remove_regions(mb, t, w, t->cnt - w);
	recount(t);
	truncate_below(mb, &mb->reserved, base);
	truncate_above(mb, &mb->reserved, end);
	return 0;
}

int mb_mem_limit_remove_map(struct memblock *mb, phys_addr_t limit)
{
	if (mb->priv.discarded)
		return -MB_ENOENT;
	if (!limit || limit >= mb->memory.total_size)
		return 0;
	return mb_cap_memory_range(mb, 0, limit_to_addr(mb, limit));
}

int mb_trim_memory(struct memblock *mb, phys_addr_t align)
{
	struct memblock_type *t = &mb->memory;
	unsigned long i, w = 0;

	if (!mb_is_pow2(align))
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	for (i = 0; i < t->cnt; i++) {
		struct memblock_region r = t->regions[i];
		phys_addr_t s, e = mb_round_down(r.base + r.size, align);

		if (!mb_round_up(r.base, align, &s) || s >= e)
			continue;
		r.base = s;
		r.size = e - s;
		t->regions[w++] = r;
	}
	mb_remove_regions(mb, t, w, t->cnt - w);
	recount(t);
	return 0;
}
