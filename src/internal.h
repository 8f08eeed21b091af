/* SPDX-License-Identifier: MIT */
/*
 * internal.h - helpers shared by the core's source files; not installed.
 */
#ifndef MEMBLOCK_INTERNAL_H
#define MEMBLOCK_INTERNAL_H

#include "libmemblock.h"

#define MB_PAGE_SIZE ((phys_addr_t)1 << MEMBLOCK_ENV_PAGE_SHIFT)

/*
 * Index of a type inside its instance: 0 memory, 1 reserved, 2 physmem,
 * -1 for a type of another instance.  Inline: every change asks it.
 */
static inline int mb_type_index(const struct memblock *mb,
				const struct memblock_type *t)
{
	if (t == &mb->memory)
		return 0;
	if (t == &mb->reserved)
		return 1;
	if (t == &mb->physmem)
		return 2;
	return -1;
}

static inline phys_addr_t mb_min(phys_addr_t a, phys_addr_t b)
{
	return a < b ? a : b;
}

static inline phys_addr_t mb_max(phys_addr_t a, phys_addr_t b)
{
	return a > b ? a : b;
}

/* Shrink *size so that base + *size does not pass the top of phys_addr_t. */
static inline phys_addr_t mb_cap_size(phys_addr_t base, phys_addr_t *size)
{
	phys_addr_t room = PHYS_ADDR_MAX - base;

	if (*size > room)
		*size = room;
	return *size;
}

/* Page frame numbers: the first whole page at or after @a, and the page of @a. */
static inline uint64_t mb_pfn_up(phys_addr_t a)
{
	return (uint64_t)(a >> MEMBLOCK_ENV_PAGE_SHIFT) +
	       ((a & (MB_PAGE_SIZE - 1)) != 0);
}

static inline uint64_t mb_pfn_down(phys_addr_t a)
{
	return (uint64_t)(a >> MEMBLOCK_ENV_PAGE_SHIFT);
}

/* The type at index @ti (0 memory, 1 reserved, 2 physmem). */
static inline struct memblock_type *mb_type_at(struct memblock *mb, int ti)
{
	return ti == 0 ? &mb->memory : ti == 1 ? &mb->reserved : &mb->physmem;
}

static inline bool mb_is_pow2(phys_addr_t x)
{
	return x && !(x & (x - 1));
}

static inline phys_addr_t mb_round_down(phys_addr_t x, phys_addr_t align)
{
	return x & ~(align - 1);
}

/* Round up; false when the result would not fit in phys_addr_t. */
static inline bool mb_round_up(phys_addr_t x, phys_addr_t align,
			       phys_addr_t *out)
{
	phys_addr_t r = mb_round_down(x, align);

	if (r != x) {
		if (r > PHYS_ADDR_MAX - align)
			return false;
		r += align;
	}
	*out = r;
	return true;
}

/* ---- region.c: the sorted array ---- */

/* Number of regions of @t that start below @addr. */
unsigned long mb_count_below(const struct memblock_type *t, phys_addr_t addr);
/*
 * The same, known to lie in [@lo, @hi]: regions below @lo start below
 * @addr, those from @hi on do not.
 */
unsigned long mb_count_below_in(const struct memblock_type *t,
				phys_addr_t addr, unsigned long lo,
				unsigned long hi);

/* First index whose region ends above @addr (cnt if none). */
unsigned long mb_first_ending_above(const struct memblock_type *type,
				    phys_addr_t addr);
/* The same, known to lie in [@lo, @hi]. */
unsigned long mb_first_ending_above_in(const struct memblock_type *type,
				       phys_addr_t addr, unsigned long lo,
				       unsigned long hi);
void mb_insert_region(struct memblock *mb, struct memblock_type *type,
		      unsigned long idx, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags);
void mb_remove_regions(struct memblock *mb, struct memblock_type *type,
		       unsigned long idx, unsigned long n);
/*
 * Remove region @idx if @type has room for @need more regions (what the
 * general path would ask before it changes anything); false, and nothing
 * changed, when it has not.
 */
bool mb_remove_one_if_room(struct memblock *mb, struct memblock_type *type,
			   unsigned long idx, unsigned long need);
void mb_merge_window(struct memblock *mb, struct memblock_type *type,
		     unsigned long lo, unsigned long hi);
/* Are @need more slots free in @type (before or after its regions)? */
bool mb_has_room(struct memblock *mb, struct memblock_type *type,
		 unsigned long need);
/* The buffer @type's regions live in (regions may sit inside it). */
struct memblock_region *mb_buffer(struct memblock *mb,
				  struct memblock_type *type);
/*
 * Ensure @type has room for @need more regions, growing it (which may also
 * grow reserved) when it has not.  @avoid_base/@avoid_size: a range the new
 * array must not be placed in (the one being reserved).
 */
int mb_ensure_room(struct memblock *mb, struct memblock_type *type,
		   unsigned long need, phys_addr_t avoid_base,
		   phys_addr_t avoid_size);
/*
 * Split regions of @type at base and base + size (room already ensured)
 * and return the half-open index window [*lo, *hi) covering the range.
 */
void mb_isolate(struct memblock *mb, struct memblock_type *type,
		phys_addr_t base,
		phys_addr_t size, unsigned long *lo, unsigned long *hi);
/* Add without growing: the caller ensured room. */
void mb_add_prepared(struct memblock *mb, struct memblock_type *type,
		     phys_addr_t base,
		     phys_addr_t size, int nid, enum memblock_flags flags);
/* Number of regions an add would insert (before merging). */
/*
 * The same two, from @lo = mb_first_ending_above(type, base), so one binary
 * search serves both while the array does not change in between.
 */
unsigned long mb_add_count_at(const struct memblock_type *type,
			      unsigned long lo, phys_addr_t base,
			      phys_addr_t size);
void mb_add_prepared_at(struct memblock *mb, struct memblock_type *type,
			unsigned long lo, phys_addr_t base, phys_addr_t size,
			int nid, enum memblock_flags flags);
unsigned long mb_add_count(const struct memblock_type *type, phys_addr_t base,
			   phys_addr_t size);
/*
 * The common reserve, from @lo = mb_first_ending_above(type, base): the
 * range lies strictly inside the gap before regions[lo], touching neither
 * neighbour, so it is one new region that merges with nothing.  Inserts it
 * and returns true when a slot is free; otherwise changes nothing and
 * returns false (the general path then counts, grows and merges).
 */
bool mb_add_in_gap(struct memblock *mb, struct memblock_type *type,
		   unsigned long lo, phys_addr_t base, phys_addr_t size,
		   int nid, enum memblock_flags flags);
/*
 * The common free, from @lo as above: [base, base + size) is exactly one
 * region.  Removes it and returns true when two slots are free (a remove
 * always asks for two); otherwise changes nothing and returns false, for
 * the general path.
 */
bool mb_remove_exact(struct memblock *mb, struct memblock_type *type,
		     unsigned long lo, phys_addr_t base, phys_addr_t size);
/* Remove without growing: needs two free slots. */
void mb_remove_prepared(struct memblock *mb, struct memblock_type *type,
			phys_addr_t base,
			phys_addr_t size);

/* ---- gaps.c: the free-gap index ---- */

/* Forget the index (reserved changed in a way it does not follow). */
static inline void mb_gaps_drop(struct memblock *mb)
{
	mb->priv.gaps.valid = false;
}
/* Built, and reserved not changed since other than through the index? */
bool mb_gaps_fresh(const struct memblock *mb);
/* What a change to reserved over [base, end) touches, noted before it. */
struct mb_gap_change {
	phys_addr_t longest, second;   /* most room of a touched gap, next */
	phys_addr_t klo, khi;          /* the touched gaps' key range */
	unsigned long cnt, touched;    /* reserved.cnt before; gaps touched */
	unsigned long below;           /* regions starting below base */
	unsigned long blk;             /* the block holding base */
};
/*
 * Before a change of reserved over [@base, @end), with the index fresh
 * (the caller has checked).  @lo is mb_first_ending_above(&mb->reserved,
 * base) if the caller has it, or MB_AT_UNKNOWN; then it is found through
 * the index (a search of one block instead of the whole array).
 * Return: that index.
 */
unsigned long mb_gaps_begin(const struct memblock *mb,
			    struct mb_gap_change *ch, unsigned long lo,
			    phys_addr_t base, phys_addr_t end);
/* After the change succeeded: bring the index up to date (or drop it). */
void mb_gaps_end(struct memblock *mb, const struct mb_gap_change *ch,
		 phys_addr_t end);
/*
 * The common free of reserved through the index, which the caller has
 * found fresh: [@base, @base + @size) is exactly one region with regions
 * on both sides.  Removes it and updates the index in one pass; otherwise
 * changes nothing and returns false (for the general path).
 */
bool mb_gaps_remove_one(struct memblock *mb, phys_addr_t base,
			phys_addr_t size);
/*
 * The common reserve of an allocation through the index, which the
 * caller has found fresh: [@base, @base + @size) lies strictly inside
 * the gap below reserved region @lo (0 <= @lo <= cnt: below the first
 * region or above the last one too), touching no region.  Inserts it and
 * updates the index in one pass; otherwise changes nothing and returns
 * false.
 */
bool mb_gaps_add_one(struct memblock *mb, unsigned long lo, phys_addr_t base,
		     phys_addr_t size, int nid, enum memblock_flags flags);
/* Build the index if reserved is large enough and it is not fresh. */
void mb_gaps_ensure(struct memblock *mb);
/* Bytes of index storage kept after an embedder-grown reserved table. */
size_t mb_gaps_ext_bytes(unsigned long max);
/* Reserved now lives in @table (@max slots): where the index may live. */
void mb_gaps_use_table(struct memblock *mb, struct memblock_region *table,
		       unsigned long max, bool embedder);
/*
 * Top-down search through the index (when it is not fresh: through every
 * gap); the same answers as a walk over the free ranges.
 */
int mb_gaps_find_top_down(const struct memblock *mb, phys_addr_t size,
			  phys_addr_t align, phys_addr_t start,
			  phys_addr_t end, int nid, enum memblock_flags flags,
			  phys_addr_t *out, unsigned long *at);
/*
 * One allocation request as alloc.c passes it down: the arguments in one
 * place, so each layer hands on a pointer rather than nine arguments.
 */
struct mb_req {
	phys_addr_t size, align, start, end;
	int nid;
	bool exact_nid;
	enum memblock_flags flags; /* mbi_alloc() sets it: mb_alloc_flags() */
	const void *caller;
};
/*
 * A top-down allocation: mb_gaps_find_top_down() and the reserve of what
 * it found (MEMBLOCK_RSRV_KERN, node rq->nid), the common case in one pass
 * through the index.  For prepared arguments (alloc.c).  A success leaves
 * the index built and fresh, as mb_gaps_ensure() would.
 * Return: 0 with *out set, or the error of the search or the reserve.
 */
int mb_gaps_alloc_top_down(struct memblock *mb, const struct mb_req *rq,
			   phys_addr_t *out);
/* The same, bottom-up. */
int mb_gaps_find_bottom_up(const struct memblock *mb, phys_addr_t size,
			   phys_addr_t align, phys_addr_t start,
			   phys_addr_t end, int nid, enum memblock_flags flags,
			   phys_addr_t *out, unsigned long *at);
/* NULL, or what is wrong with a fresh index (for mb_check). */
const char *mb_gaps_check(const struct memblock *mb);

/* Bytes of an embedder-grown table of type @ti with @max slots. */
size_t mb_embedder_bytes(int ti, unsigned long max);

/* ---- find.c ---- */

/*
 * Find @size bytes at @align in free memory within [start, end) (already
 * clamped by the caller), honouring direction, @nid and @flags.
 * Return: 0 and *out, and, if @at is not NULL, in *at the index of the
 * first reserved region ending above *out (what a reserve of the block
 * right after would search for); or -MB_ENOSPC / -MB_EALIGN.
 */
int mb_find_free(const struct memblock *mb, phys_addr_t size,
		 phys_addr_t align, phys_addr_t start, phys_addr_t end,
		 int nid, enum memblock_flags flags, phys_addr_t *out,
		 unsigned long *at);
/* Cursor for mb_next_range(_rev) from an index pair. */
uint64_t mb_cursor(long ia, long ib);
/* The flags allocations start from: MIRROR and KHO_SCRATCH as configured. */
enum memblock_flags mb_alloc_flags(const struct memblock *mb);

/* ---- debug.c: text output without libc ---- */
struct mb_line {
	char buf[256];
	size_t len;
};
void mb_line_str(struct mb_line *l, const char *s);
void mb_line_hex(struct mb_line *l, uint64_t v, unsigned width);
void mb_line_dec(struct mb_line *l, int64_t v);
void mb_line_udec(struct mb_line *l, uint64_t v);
void mb_line_phys(struct mb_line *l, phys_addr_t v); /* like %pa */
void mb_line_caller(struct mb_line *l, const void *caller); /* like %pS */
void mb_line_emit(struct mb_line *l);
/* "name: [0x...-0x...] caller"; end is base + size - 1. */
void mb_trace_range_emit(const char *name, phys_addr_t base,
			 phys_addr_t size, const void *caller);
/*
 * The same when @mb traces.  Inline: the test is on every call's path, and
 * a call that does nothing else keeps the traced forms from tail-calling.
 */
static inline void mb_trace_range(const struct memblock *mb, const char *name,
				  phys_addr_t base, phys_addr_t size,
				  const void *caller)
{
	if (mb->priv.debug)
		mb_trace_range_emit(name, base, size, caller);
}



/*
 * ---- traced operations, shared by the instance and Linux APIs ----
 * mbi_add_node (in ops.c) formats its own trace; the others are inline, so
 * a Linux name costs one call, into the operation itself.
 */
int mbi_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		 int nid, enum memblock_flags flags, const void *caller);
static inline int mbi_add(struct memblock *mb, phys_addr_t base,
			  phys_addr_t size, const void *caller)
{
	mb_trace_range(mb, "memblock_add", base, size, caller);
	return mb_add_type(mb, &mb->memory, base, size, MAX_NUMNODES,
			   MEMBLOCK_NONE);
}

static inline int mbi_remove(struct memblock *mb, phys_addr_t base,
			     phys_addr_t size, const void *caller)
{
	mb_trace_range(mb, "memblock_remove", base, size, caller);
	return mb_remove_type(mb, &mb->memory, base, size);
}

/*
 * mb_add_type() with @at = mb_first_ending_above(type, base) known to the
 * caller (MB_AT_UNKNOWN: search for it).
 */
#define MB_AT_UNKNOWN (~0UL)
int mb_add_type_at(struct memblock *mb, struct memblock_type *type,
		   unsigned long at, phys_addr_t base, phys_addr_t size,
		   int nid, enum memblock_flags flags);

/*
 * The traced reserve; @at as for mb_add_type_at() (mb_find_free() gives
 * it for the block it just placed).
 */
static inline int mbi_reserve_at(struct memblock *mb, unsigned long at,
				 phys_addr_t base, phys_addr_t size, int nid,
				 enum memblock_flags flags, const void *caller)
{
	mb_trace_range(mb, "memblock_reserve", base, size, caller);
	return mb_add_type_at(mb, &mb->reserved, at, base, size, nid, flags);
}

static inline int mbi_reserve(struct memblock *mb, phys_addr_t base,
			      phys_addr_t size, int nid,
			      enum memblock_flags flags, const void *caller)
{
	return mbi_reserve_at(mb, MB_AT_UNKNOWN, base, size, nid, flags,
			      caller);
}

static inline int mbi_free(struct memblock *mb, phys_addr_t base,
			   phys_addr_t size, const void *caller)
{
	mb_trace_range(mb, "memblock_phys_free", base, size, caller);
	return mb_remove_type(mb, &mb->reserved, base, size);
}

static inline int mbi_physmem_add(struct memblock *mb, phys_addr_t base,
				  phys_addr_t size, const void *caller)
{
	mb_trace_range(mb, "memblock_physmem_add", base, size, caller);
	return mb_add_type(mb, &mb->physmem, base, size, MAX_NUMNODES,
			   MEMBLOCK_NONE);
}

/* ---- alloc.c: traced forms ---- */
/* The allocation @rq asks for (its fields are not changed). */
int mbi_alloc(struct memblock *mb, const struct mb_req *rq, phys_addr_t *out);
/* @floor: where the retry below @min_addr starts (Linux: the second page) */
int mbi_alloc_virt(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t min_addr, phys_addr_t floor,
		   phys_addr_t max_addr, int nid, bool exact_nid, bool raw,
		   const void *caller, void **out);
#endif /* MEMBLOCK_INTERNAL_H */
