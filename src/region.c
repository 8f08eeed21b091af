// SPDX-License-Identifier: MIT
/*
 * region.c - the sorted region array: search, insert, split, merge, grow.
 *
 * Every changing operation first makes sure the array has the slots it
 * will need (growing it if it must), and only then writes, so that a
 * failure leaves nothing half-done.
 */
#include "internal.h"

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

unsigned long mb_first_ending_above(const struct memblock_type *type,
				    phys_addr_t addr)
{
	return mb_first_ending_above_in(type, addr, 0, type->cnt);
}

unsigned long mb_first_ending_above_in(const struct memblock_type *type,
				       phys_addr_t addr, unsigned long lo,
				       unsigned long hi)
{
	const struct memblock_region *r = type->regions;
	unsigned long n = hi - lo;

	/*
	 * Regions are disjoint and sorted, so their ends are sorted too.  The
	 * answer lies in [lo, lo + n]; each step keeps the half that holds it
	 * with no branch on the compare (the compiler can use a conditional
	 * move), since for random addresses such a branch is mispredicted
	 * half the time.
	 */
	while (n > 1) {
		unsigned long half = n / 2;

		lo = region_end(&r[lo + half - 1]) <= addr ? lo + half : lo;
		n -= half;
	}
	return lo + (n && region_end(&r[lo]) <= addr);
}

unsigned long mb_count_below_in(const struct memblock_type *t,
				phys_addr_t addr, unsigned long lo,
				unsigned long hi)
{
	const struct memblock_region *r = t->regions;
	unsigned long n = hi - lo;

	/* Halving without a branch on the compare, as above. */
	while (n > 1) {
		unsigned long half = n / 2;

		lo = r[lo + half - 1].base < addr ? lo + half : lo;
		n -= half;
	}
	return lo + (n && r[lo].base < addr);
}

unsigned long mb_count_below(const struct memblock_type *t, phys_addr_t addr)
{
	return mb_count_below_in(t, addr, 0, t->cnt);
}

/*
 * regions[0..cnt) sits in a buffer of cap slots, max of them from regions
 * onwards, so regions[0..max) is always valid memory.  Once a table is large
 * (MEMBLOCK_SLACK_MIN regions, and only for arrays memblock grew: small
 * and initial tables keep Linux's fixed regions pointer, which code
 * written for Linux holds on to), free slots are kept at both ends so an
 * insert or removal moves the shorter side and one at either end moves
 * nothing.  The offset of regions in its buffer is kept privately and
 * re-derived when the public fields were edited directly.
 */
#ifndef MEMBLOCK_SLACK_MIN
#define MEMBLOCK_SLACK_MIN 512
#endif

static unsigned long head_of(struct memblock *mb, struct memblock_type *t)
{
	int ti = mb_type_index(mb, t);
	struct memblock_region *buf;
	unsigned long cap;

	if (ti < 0)
		return 0;
	buf = mb->priv.buf[ti];
	cap = mb->priv.cap[ti];
	/*
	 * max counts from regions to the end of the buffer, so regions must
	 * sit exactly cap - max slots in: one compare, no division.
	 */
	if (buf && t->max <= cap && t->regions == buf + (cap - t->max) &&
	    t->cnt <= t->max)
		return cap - t->max;
	mb->priv.buf[ti] = t->regions;
	mb->priv.cap[ti] = t->max;
	return 0;
}

struct memblock_region *mb_buffer(struct memblock *mb,
				  struct memblock_type *type)
{
	int ti = mb_type_index(mb, type);

	(void)head_of(mb, type);
	return ti < 0 ? type->regions : mb->priv.buf[ti];
}

bool mb_has_room(struct memblock *mb, struct memblock_type *type,
		 unsigned long need)
{
	return type->cnt + need <= head_of(mb, type) + type->max;
}

static bool slack_allowed(struct memblock *mb, struct memblock_type *t)
{
	int ti;

	if (t->cnt < MEMBLOCK_SLACK_MIN)
		return false;
	ti = mb_type_index(mb, t);
	return ti >= 0 && mb->priv.initial[ti] != mb->priv.buf[ti];
}

/* Open a slot at @idx; @head is head_of(mb, t), which the caller has. */
static void open_slot_at(struct memblock *mb, struct memblock_type *t,
			 unsigned long idx, unsigned long head)
{
	unsigned long back = t->max - t->cnt;
	struct memblock_region *r = t->regions;
	size_t sz = sizeof(*r);
	bool slack = slack_allowed(mb, t);

	if (slack && !head && back >= 4 && idx < t->cnt - idx) {
		/* Re-centre so the front has room too. */
		unsigned long shift = back / 2;

		MEMBLOCK_ENV_MEMMOVE(r + shift, r, t->cnt * sz);
		r += shift;
		head = shift;
		back -= shift;
		t->regions = r;
		t->max -= shift;
	}
	if (head && (!back || (slack && idx < t->cnt - idx))) {
		MEMBLOCK_ENV_MEMMOVE(r - 1, r, idx * sz);
		t->regions = r - 1;
		t->max++;
	} else {
		MEMBLOCK_ENV_MEMMOVE(&r[idx + 1], &r[idx], (t->cnt - idx) * sz);
	}
	t->cnt++;
}

static void open_slot(struct memblock *mb, struct memblock_type *t,
		      unsigned long idx)
{
	open_slot_at(mb, t, idx, head_of(mb, t));
}

/* Close the @n-slot gap at @idx by moving the shorter side. */
static void close_gap(struct memblock *mb, struct memblock_type *t,
		      unsigned long idx, unsigned long n)
{
	struct memblock_region *r = t->regions;
	unsigned long tail = t->cnt - idx - n;

	if (slack_allowed(mb, t) && idx < tail) {
		MEMBLOCK_ENV_MEMMOVE(r + n, r, idx * sizeof(*r));
		t->regions = r + n;
		t->max -= n;
	} else {
		MEMBLOCK_ENV_MEMMOVE(&r[idx], &r[idx + n], tail * sizeof(*r));
	}
	t->cnt -= n;
}

static void insert_at(struct memblock *mb, struct memblock_type *type,
		      unsigned long idx, unsigned long head, phys_addr_t base,
		      phys_addr_t size, int nid, enum memblock_flags flags)
{
	struct memblock_region *r;

	open_slot_at(mb, type, idx, head);
	r = &type->regions[idx];
	r->base = base;
	r->size = size;
	r->flags = flags;
	r->nid = nid;
	type->total_size += size;
}

void mb_insert_region(struct memblock *mb, struct memblock_type *type,
		      unsigned long idx, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags)
{
	insert_at(mb, type, idx, head_of(mb, type), base, size, nid, flags);
}

bool mb_add_in_gap(struct memblock *mb, struct memblock_type *type,
		   unsigned long lo, phys_addr_t base, phys_addr_t size,
		   int nid, enum memblock_flags flags)
{
	const struct memblock_region *r = type->regions;
	unsigned long head;

	/* regions[lo - 1] ends at or below base: only touching is left. */
	if ((lo < type->cnt && r[lo].base <= base + size) ||
	    (lo && region_end(&r[lo - 1]) == base))
		return false;
	head = head_of(mb, type);
	if (type->cnt + 1 > head + type->max)
		return false;
	insert_at(mb, type, lo, head, base, size, nid, flags);
	return true;
}

/* mb_remove_regions() once head_of() has brought the buffer up to date. */
static void remove_synced(struct memblock *mb, struct memblock_type *type,
			  unsigned long idx, unsigned long n)
{
	struct memblock_region *r;
	unsigned long i;

	for (i = idx; i < idx + n; i++)
		type->total_size -= type->regions[i].size;
	close_gap(mb, type, idx, n);
	if (type->cnt == 0) {
		/* An empty type reads as one zeroed region, as in Linux. */
		type->regions = mb_buffer(mb, type);
		type->max = mb->priv.cap[mb_type_index(mb, type)];
		r = type->regions;
		r[0].base = 0;
		r[0].size = 0;
		r[0].flags = MEMBLOCK_NONE;
		r[0].nid = MAX_NUMNODES;
	}
}

bool mb_remove_one_if_room(struct memblock *mb, struct memblock_type *type,
			   unsigned long idx, unsigned long need)
{
	if (!mb_has_room(mb, type, need))
		return false;
	remove_synced(mb, type, idx, 1);
	return true;
}

void mb_remove_regions(struct memblock *mb, struct memblock_type *type,
		       unsigned long idx, unsigned long n)
{
	if (!n)
		return;
	(void)head_of(mb, type);
	remove_synced(mb, type, idx, n);
}

static bool mergeable(const struct memblock_region *a,
		      const struct memblock_region *b)
{
	return region_end(a) == b->base && a->nid == b->nid &&
	       a->flags == b->flags;
}

void mb_merge_window(struct memblock *mb, struct memblock_type *type,
		     unsigned long lo, unsigned long hi)
{
	struct memblock_region *r = type->regions;
	unsigned long w, i;

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
	if (hi == w)
		return;
	(void)head_of(mb, type);
	/* The gap is [w + 1, hi]: slide the front part up, or the tail down. */
	if (slack_allowed(mb, type) && w + 1 < type->cnt - hi - 1) {
		MEMBLOCK_ENV_MEMMOVE(r + (hi - w), r, (w + 1) * sizeof(*r));
		type->regions = r + (hi - w);
		type->max -= hi - w;
		type->cnt -= hi - w;
	} else {
		close_gap(mb, type, w + 1, hi - w);
	}
}

unsigned long mb_add_count(const struct memblock_type *type, phys_addr_t base,
			   phys_addr_t size)
{
	return mb_add_count_at(type, mb_first_ending_above(type, base), base,
			       size);
}

unsigned long mb_add_count_at(const struct memblock_type *type,
			      unsigned long lo, phys_addr_t base,
			      phys_addr_t size)
{
	phys_addr_t end = base + size, cur = base;
	unsigned long i = lo, n = 0;

	for (; i < type->cnt && type->regions[i].base < end; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (r->base > cur)
			n++;
		cur = mb_max(cur, region_end(r));
	}
	return n + (cur < end);
}

void mb_add_prepared(struct memblock *mb, struct memblock_type *type,
		     phys_addr_t base,
		     phys_addr_t size, int nid, enum memblock_flags flags)
{
	mb_add_prepared_at(mb, type, mb_first_ending_above(type, base), base,
			   size, nid, flags);
}

void mb_add_prepared_at(struct memblock *mb, struct memblock_type *type,
			unsigned long lo, phys_addr_t base, phys_addr_t size,
			int nid, enum memblock_flags flags)
{
	phys_addr_t end = base + size, cur = base;
	unsigned long i = lo;

	/* Fill only the gaps: existing regions keep their own attributes. */
	for (; i < type->cnt && type->regions[i].base < end; i++) {
		struct memblock_region *r = &type->regions[i];
		phys_addr_t rend = region_end(r);

		if (r->base > cur) {
			mb_insert_region(mb, type, i, cur, r->base - cur, nid,
					 flags);
			i++;
		}
		cur = mb_max(cur, rend);
	}
	if (cur < end)
		mb_insert_region(mb, type, i, cur, end - cur, nid, flags);
	mb_merge_window(mb, type, lo ? lo - 1 : 0, i + 1);
}

/* Split region @idx at @at; both halves keep its node and flags. */
static void split_at(struct memblock *mb, struct memblock_type *type,
		     unsigned long idx, phys_addr_t at)
{
	struct memblock_region *r;
	phys_addr_t end;

	open_slot(mb, type, idx + 1);
	r = &type->regions[idx];
	end = region_end(r);
	r->size = at - r->base;
	r[1] = r[0];
	r[1].base = at;
	r[1].size = end - at;
}

void mb_isolate(struct memblock *mb, struct memblock_type *type,
		phys_addr_t base,
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
			split_at(mb, type, i, base);
			*lo = ++i;
			continue;
		}
		if (region_end(r) > end) {
			split_at(mb, type, i, end);
			i++;
			break;
		}
		i++;
	}
	*hi = i;
}

bool mb_remove_exact(struct memblock *mb, struct memblock_type *type,
		     unsigned long lo, phys_addr_t base, phys_addr_t size)
{
	/* The room a remove always asks for (it may split twice). */
	if (type->cnt + 2 > head_of(mb, type) + type->max)
		return false;
	if (lo == type->cnt || type->regions[lo].base != base ||
	    type->regions[lo].size != size)
		return false;
	remove_synced(mb, type, lo, 1);
	return true;
}

void mb_remove_prepared(struct memblock *mb, struct memblock_type *type,
			phys_addr_t base,
			phys_addr_t size)
{
	unsigned long lo, hi;

	mb_isolate(mb, type, base, size, &lo, &hi);
	mb_remove_regions(mb, type, lo, hi - lo);
}

/* ---- growth ---- */

static phys_addr_t page_align(phys_addr_t x)
{
	return (x + MB_PAGE_SIZE - 1) & ~(MB_PAGE_SIZE - 1);
}

static enum mb_array_source array_source(struct memblock *mb, int ti)
{
	if (mb->priv.initial[ti] == mb_type_at(mb, ti)->regions)
		return MB_ARRAY_INITIAL;
	return (enum mb_array_source)mb->priv.source[ti];
}

/* Ranges a self-grown array must stay out of. */
struct avoid {
	phys_addr_t base[2], size[2];
	int n;
};

/* Try the windows of [PAGE_SIZE, limit) between the avoided ranges. */
static int find_in_windows(const struct memblock *mb, phys_addr_t bytes,
			   const struct avoid *av, enum memblock_flags flags,
			   phys_addr_t *out)
{
	phys_addr_t hi = mb->current_limit;
	int order[2] = { 0, 1 }, k;

	/* Highest range first: Linux looks above the range, then below. */
	if (av->n == 2 && av->base[0] < av->base[1]) {
		order[0] = 1;
		order[1] = 0;
	}
	for (k = 0; k <= av->n; k++) {
		phys_addr_t lo = MB_PAGE_SIZE;

		if (k < av->n)
			lo = mb_max(lo, av->base[order[k]] + av->size[order[k]]);
		if (lo < hi && !mb_find_free(mb, bytes, MB_PAGE_SIZE, lo, hi,
					     NUMA_NO_NODE, flags, out, NULL))
			return 0;
		if (k < av->n)
			hi = mb_min(hi, av->base[order[k]]);
	}
	return -MB_ENOMEM;
}

/*
 * Find room for a self-grown array the way Linux does (above the range
 * being changed first, then below it), without the mirror preference if
 * need be.  Linux avoids the range only when growing reserved; we also keep
 * grown tables out of memory being removed or marked NOMAP.
 */
static int find_array_space(const struct memblock *mb, phys_addr_t bytes,
			    const struct avoid *av, phys_addr_t *out)
{
	enum memblock_flags flags = mb_alloc_flags(mb);

	for (;;) {
		if (!find_in_windows(mb, bytes, av, flags, out))
			return 0;
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
	struct memblock_type *t = mb_type_at(mb, ti);
	enum mb_array_source old_src = array_source(mb, ti);
	struct memblock_region *old = mb_buffer(mb, t);
	unsigned long old_max = mb->priv.cap[ti];
	phys_addr_t old_phys = mb->priv.self_phys[ti];
	phys_addr_t old_size = mb->priv.self_size[ti];
	size_t sz = sizeof(struct memblock_region);

	if (ti == 1)
		mb_gaps_use_table(mb, p->regions, p->max,
				  p->src == MB_ARRAY_EMBEDDER);
	else
		mb_gaps_drop(mb); /* the old array's space becomes free */
	/* Content goes to the start of the new buffer, as in Linux. */
	MEMBLOCK_ENV_MEMSET(p->regions, 0, p->max * sz);
	if (t->cnt)
		MEMBLOCK_ENV_MEMCPY(p->regions, t->regions, t->cnt * sz);
	t->regions = p->regions;
	mb->priv.buf[ti] = p->regions;
	mb->priv.cap[ti] = p->max;
	t->max = p->max;
	mb->priv.source[ti] = (unsigned char)p->src;
	mb->priv.self_phys[ti] = p->phys;
	mb->priv.self_size[ti] = p->bytes;

	if (old_src == MB_ARRAY_EMBEDDER && mb->priv.grow && mb->priv.grow->free)
		mb->priv.grow->free(mb->priv.grow->ctx, old,
				    mb_embedder_bytes(ti, old_max));
	else if (old_src == MB_ARRAY_SELF)
		mb_remove_prepared(mb, &mb->reserved, old_phys, old_size);
	if (p->src == MB_ARRAY_SELF)
		mb_add_prepared(mb, &mb->reserved, p->phys, p->bytes, NUMA_NO_NODE,
				MEMBLOCK_RSRV_KERN);
}

static void *self_virt(phys_addr_t phys)
{
	return MEMBLOCK_ENV_PHYS_TO_VIRT(phys);
}

size_t mb_embedder_bytes(int ti, unsigned long max)
{
	size_t bytes = max * sizeof(struct memblock_region);

	/*
	 * A large reserved table carries the free-gap index's storage after
	 * its slots.  Self-grown tables do not: their size is Linux's, so
	 * that replayed boots place them where Linux did.
	 */
	return ti == 1 ? bytes + mb_gaps_ext_bytes(max) : bytes;
}

static int plan_array(struct memblock *mb, int ti, unsigned long new_max,
		      const struct avoid *av,
		      struct array_plan *p)
{
	size_t bytes = new_max * sizeof(struct memblock_region);

	/* Room for the regions and for what may follow them. */
	if (!new_max || new_max > (size_t)-1 / 2 / sizeof(struct memblock_region))
		return -MB_ENOMEM;
	p->max = new_max;
	if (mb->priv.grow && mb->priv.grow->alloc) {
		p->regions = mb->priv.grow->alloc(mb->priv.grow->ctx,
						  mb_embedder_bytes(ti, new_max));
		p->src = MB_ARRAY_EMBEDDER;
		p->phys = p->bytes = 0;
		return p->regions ? 0 : -MB_ENOMEM;
	}
	if (!mb->priv.can_resize)
		return -MB_ENOMEM;
	p->src = MB_ARRAY_SELF;
	p->bytes = page_align(bytes);
	if (find_array_space(mb, p->bytes, av, &p->phys))
		return -MB_ENOMEM;
	p->regions = self_virt(p->phys);
	return 0;
}

static void drop_plan(struct memblock *mb, int ti,
		      const struct array_plan *p)
{
	if (p->src == MB_ARRAY_EMBEDDER && mb->priv.grow && mb->priv.grow->free)
		mb->priv.grow->free(mb->priv.grow->ctx, p->regions,
				    mb_embedder_bytes(ti, p->max));
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

	if (mb_has_room(mb, type, need))
		return 0;
	struct avoid av = { { avoid_base, 0 }, { avoid_size, 0 }, !!avoid_size };

	if (mb->priv.discarded)
		return -MB_ENOMEM;
	/*
	 * A reserved table grown into our own memory reserves itself, and
	 * freeing a self-grown predecessor may split a region and open a gap
	 * in the range being added: leave room for those, so one growth is
	 * enough (a second could fail after this one changed the map).
	 */
	if (ti == 1)
		want += self_plan + 2 * (array_source(mb, 1) == MB_ARRAY_SELF);
	err = plan_array(mb, ti, doubled(mb->priv.cap[ti], want), &av, &tp);
	if (err)
		return err;
	if (ti == 1) {
		commit_array(mb, ti, &tp);
		return 0;
	}
	/* Memory or physmem: reserved takes up to two more regions. */
	self_involved = tp.src == MB_ARRAY_SELF ||
			array_source(mb, ti) == MB_ARRAY_SELF;
	rsv_grow = self_involved && !mb_has_room(mb, &mb->reserved, 2);
	if (rsv_grow) {
		/* reserved's own new array and its old one's split, then the
		 * new and old arrays of @type */
		room = mb->reserved.cnt + 2 * self_plan +
		       (array_source(mb, 1) == MB_ARRAY_SELF) +
		       (array_source(mb, ti) == MB_ARRAY_SELF);
		/* ...kept out of the range and of @type's new array */
		if (tp.src == MB_ARRAY_SELF) {
			av.base[av.n] = tp.phys;
			av.size[av.n++] = tp.bytes;
		}
		err = plan_array(mb, 1, doubled(mb->priv.cap[1], room), &av,
				 &rp);
		if (err) {
			drop_plan(mb, ti, &tp);
			return err;
		}
		commit_array(mb, 1, &rp);
	}
	commit_array(mb, ti, &tp);
	return 0;
}
