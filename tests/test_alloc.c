// SPDX-License-Identifier: MIT
/*
 * test_alloc.c - placement and failures of the instance allocation API
 * (mb_alloc_range, mb_alloc_range_nid, mb_find_in_range_node).
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define MiB ((phys_addr_t)1 << 20)
#define PG ((phys_addr_t)0x1000)
#define ANY MEMBLOCK_ALLOC_ANYWHERE
#define KERN MEMBLOCK_RSRV_KERN

/* A map with memory [1 MiB, 2 MiB) and roomy tables. */
static void map_1m(struct tmap *t)
{
	tmap_init(t, 16, 16, 4);
	assert_int_equal(mb_add(&t->mb, MiB, MiB), 0);
}

static phys_addr_t alloc_ok(struct memblock *mb, phys_addr_t size,
			    phys_addr_t align, phys_addr_t start,
			    phys_addr_t end)
{
	phys_addr_t a = 0;

	assert_int_equal(mb_alloc_range(mb, size, align, start, end, &a), 0);
	assert_valid(mb);
	return a;
}

static phys_addr_t alloc_nid_ok(struct memblock *mb, phys_addr_t size,
				int nid, bool exact)
{
	phys_addr_t a = 0;

	assert_int_equal(mb_alloc_range_nid(mb, size, PG, 0, ANY, nid, exact,
					    &a),
			 0);
	assert_valid(mb);
	return a;
}

/* ---- placement ---- */

/*
 * Frees can empty the index's first or last block (blocks are cut by
 * address); an allocation below every region or above them all must then
 * still file its new gap, and count its region, in the blocks that hold
 * those addresses.
 */
static void allocations_beyond_emptied_edge_blocks_keep_the_index_exact(
	void **state)
{
	const phys_addr_t base = 1024 * MiB, stride = 16 * PG;
	const unsigned long n = 256, cut = 48;
	struct tmap t;
	phys_addr_t a, top, low, high;
	unsigned long i;

	(void)state;
	tmap_init(&t, 16, 1024, 4);
	assert_int_equal(mb_add(&t.mb, base, 64 * MiB), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(mb_reserve(&t.mb, base + 16 * MiB + i * stride,
					    PG),
				 0);
	/* The first allocation builds the index; freed below. */
	top = alloc_ok(&t.mb, PG, PG, 0, ANY);
	for (i = 0; i < cut; i++) {
		assert_int_equal(mb_free(&t.mb, base + 16 * MiB + i * stride,
					 PG),
				 0);
		assert_int_equal(mb_free(&t.mb,
					 base + 16 * MiB + (n - 1 - i) * stride,
					 PG),
				 0);
	}
	assert_int_equal(mb_free(&t.mb, top, PG), 0);
	assert_valid(&t.mb);
	low = base + 16 * MiB + cut * stride;
	high = base + 16 * MiB + (n - cut) * stride; /* end of the last left */
	for (i = 1; i <= 4; i++) {
		a = alloc_ok(&t.mb, PG, PG, 0, low - (2 * i - 1) * PG);
		assert_int_equal(a, low - 2 * i * PG);
		a = alloc_ok(&t.mb, PG, PG, high, high + 2 * i * PG);
		assert_int_equal(a, high + (2 * i - 1) * PG);
	}
	assert_int_equal(t.mb.reserved.cnt, n - 2 * cut + 8);
	tmap_fini(&t);
}

/*
 * A struct memblock copied whole (to keep a state to go back to, say)
 * carries the index's storage pointers of the original; with inline
 * storage those name the original's arrays.  The copy must treat its
 * index as stale and build its own, never write through to the original.
 */
static void a_copied_instance_builds_its_index_in_its_own_storage(
	void **state)
{
	const phys_addr_t base = 1024 * MiB, stride = 16 * PG;
	const unsigned long n = 128;
	struct memblock copy, before;
	struct tmap t;
	phys_addr_t a;
	unsigned long i;

	(void)state;
	tmap_init(&t, 16, 256, 4); /* under 512 slots: inline index storage */
	assert_int_equal(mb_add(&t.mb, base, 64 * MiB), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(mb_reserve(&t.mb, base + 16 * MiB + i * stride,
					    PG),
				 0);
	(void)alloc_ok(&t.mb, PG, PG, 0, ANY); /* builds the index */
	copy = t.mb;
	before = t.mb;
	/* Through the copy only: a free inside the index, then allocations. */
	assert_int_equal(mb_free(&copy, base + 16 * MiB + 64 * stride, PG), 0);
	a = alloc_ok(&copy, 2 * PG, PG, 0, base + 16 * MiB + 65 * stride);
	assert_int_equal(a, base + 16 * MiB + 65 * stride - 2 * PG);
	a = alloc_ok(&copy, 4 * PG, PG, 0, ANY);
	assert_valid(&copy);
	assert_memory_equal(&t.mb.priv.gaps, &before.priv.gaps,
			    sizeof(before.priv.gaps));
	tmap_fini(&t);
}

static void top_down_takes_highest_fitting_address(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - PG);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - 2 * PG);
	assert_type(&t.mb.reserved,
		    { 2 * MiB - 2 * PG, 2 * PG, KERN, NUMA_NO_NODE });
	tmap_fini(&t);
}

static void top_down_stays_below_end(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, MiB + 0x80800),
			 MiB + 0x7f000);
	tmap_fini(&t);
}

static void top_down_skips_reserved_top(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(mb_reserve(&t.mb, 2 * MiB - 0x10000, 0x10000), 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY),
			 2 * MiB - 0x10000 - PG);
	tmap_fini(&t);
}

static void bottom_up_takes_lowest_fitting_address(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), MiB);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), MiB + PG);
	tmap_fini(&t);
}

static void bottom_up_rounds_start_up_to_alignment(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, MiB + 0x40001, ANY),
			 MiB + 0x41000);
	tmap_fini(&t);
}

static void start_bound_is_respected_top_down(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(mb_reserve(&t.mb, MiB + 0x80000, 0x80000), 0);
	/* Free memory is [1M, 1.5M); from 1.5M - 0x800 only 0x800 is left. */
	assert_int_equal(alloc_ok(&t.mb, 0x800, 0x800, MiB + 0x7f800, ANY),
			 MiB + 0x7f800);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, 0x800, 0x800,
					      MiB + 0x7f800, ANY, &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void accessible_end_means_current_limit(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	mb_set_current_limit(&t.mb, MiB + 0x80000);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, MEMBLOCK_ALLOC_ACCESSIBLE),
			 MiB + 0x7f000);
	tmap_fini(&t);
}

static void anywhere_end_ignores_current_limit(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	mb_set_current_limit(&t.mb, MiB + 0x80000);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - PG);
	tmap_fini(&t);
}

static void explicit_end_above_current_limit_is_honoured(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	mb_set_current_limit(&t.mb, MiB + 0x80000);
	/* Only ACCESSIBLE reads the limit; the instance API takes end as is. */
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, MiB + 0xc0000),
			 MiB + 0xbf000);
	tmap_fini(&t);
}

static void address_zero_can_be_allocated(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, 0, PG), 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 0);
	assert_type(&t.mb.reserved, { 0, PG, KERN, NUMA_NO_NODE });
	tmap_fini(&t);
}

static void allocation_at_the_top_of_the_address_space(void **state)
{
	struct tmap t;
	phys_addr_t top = PHYS_ADDR_MAX - 0x2000; /* ...dfff */

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, top, 0x4000), 0); /* capped */
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), top + 1);
	mb_set_bottom_up(&t.mb, true);
	/* Left: one byte below the block and 0xfff bytes above it. */
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	assert_int_equal(alloc_ok(&t.mb, 0x800, 0x800, 0, ANY), top + 1 + PG);
	tmap_fini(&t);
}

/*
 * The highest [a, a + size) at @align inside memory [lo, PHYS_ADDR_MAX)
 * that misses every reserved region, or 0: walked gap by gap from the top,
 * independently of the library's index.
 */
static phys_addr_t highest_free_fit(const struct memblock *mb, phys_addr_t lo,
				    phys_addr_t size, phys_addr_t align)
{
	const struct memblock_type *r = &mb->reserved;
	unsigned long i = r->cnt + 1;
	phys_addr_t ge = PHYS_ADDR_MAX, gs;

	while (i-- > 0) {
		gs = i ? r->regions[i - 1].base + r->regions[i - 1].size : lo;
		if (gs < lo)
			gs = lo;
		if (ge >= gs && ge - gs >= size &&
		    ((ge - size) & ~(align - 1)) >= gs)
			return (ge - size) & ~(align - 1);
		if (i)
			ge = r->regions[i - 1].base;
	}
	return 0;
}

static void indexed_search_in_the_last_pages_skips_gaps_with_no_aligned_start(
	void **state)
{
	struct tmap t;
	phys_addr_t lo = PHYS_ADDR_MAX - 256 * PG + 1; /* page-aligned */
	phys_addr_t last = PHYS_ADDR_MAX - (PG - 1); /* the last page */
	static const phys_addr_t sizes[][2] = {
		{ PG, PG }, { 2 * PG, PG }, { 100, 16 }, { 3000, 8 },
		{ 1, 1 },   { 5 * PG, PG }, { PG, 2 * PG },
	};
	phys_addr_t a, want;
	unsigned long i;

	(void)state;
	tmap_init(&t, 16, 512, 4);
	assert_int_equal(mb_add(&t.mb, lo, 256 * PG - 1), 0);
	/* 8-byte gaps in the last page: none has an aligned start. */
	for (i = 0; i < 64; i++)
		assert_int_equal(mb_reserve(&t.mb, last + 1 + 16 * i, 8), 0);
	/* Every other page below, but for a stretch of 102 free pages. */
	for (i = 0; i < 127; i++)
		if (i < 60 || i > 110)
			assert_int_equal(mb_reserve(&t.mb, lo + 2 * i * PG, PG),
					 0);
	for (i = 0; i < 40; i++) {
		const phys_addr_t *sz = sizes[i % 7];

		want = highest_free_fit(&t.mb, lo, sz[0], sz[1]);
		assert_true(want != 0);
		assert_int_equal(alloc_ok(&t.mb, sz[0], sz[1], 0, ANY), want);
		/* Free a reserved page now and then: merged gaps. */
		if (i % 3 == 0) {
			a = lo + 2 * (i * 37 % 100) * PG;
			if (mb_is_region_reserved(&t.mb, a, PG))
				assert_int_equal(mb_free(&t.mb, a, PG), 0);
			assert_valid(&t.mb);
		}
	}
	tmap_fini(&t);
}

static void huge_alignment_near_the_top_fails_cleanly(void **state)
{
	struct tmap t;
	phys_addr_t half = (PHYS_ADDR_MAX >> 1) + 1;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, half + PG, 0x10000), 0);
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range(&t.mb, PG, half, 0, ANY,
					      &(phys_addr_t){ 0 }));
	mb_set_bottom_up(&t.mb, true);
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range(&t.mb, PG, half, 0, ANY,
					      &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

/* ---- alignment ---- */

static void power_of_two_alignment_is_honoured(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(mb_reserve(&t.mb, 2 * MiB - 0x1800, 0x1800), 0);
	assert_int_equal(alloc_ok(&t.mb, 0x100, 0x10000, 0, ANY),
			 2 * MiB - 0x10000);
	tmap_fini(&t);
}

static void zero_alignment_means_cache_line(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	/*
	 * Free memory ends at 2M - 8: an 8-byte block lands at 2M - 0x10
	 * with align 16, 2M - 0x20 with 32, 2M - 0x40 with 64, 2M - 0x80
	 * with 128.
	 */
	assert_int_equal(MEMBLOCK_ENV_CACHE_BYTES, 64);
	assert_int_equal(mb_reserve(&t.mb, 2 * MiB - 8, 8), 0);
	assert_int_equal(alloc_ok(&t.mb, 8, 0, 0, ANY), 2 * MiB - 0x40);
	tmap_fini(&t);
}

static void non_power_of_two_alignment_is_einval(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	map_1m(&t);
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_alloc_range(&t.mb, PG, 0x3000, 0, ANY, &a));
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_alloc_range(&t.mb, PG, 3, 0, ANY, &a));
	assert_int_equal(a, 0);
	tmap_fini(&t);
}

/* ---- failure reasons, each leaving the map unchanged ---- */

static void zero_size_is_einval(void **state)
{
	struct tmap t;
	phys_addr_t a = 7;

	(void)state;
	map_1m(&t);
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_alloc_range(&t.mb, 0, PG, 0, ANY, &a));
	assert_int_equal(a, 7);
	tmap_fini(&t);
}

static void empty_bounds_are_erange(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	map_1m(&t);
	assert_fails_unchanged(&t.mb, -MB_ERANGE,
			       mb_alloc_range(&t.mb, PG, PG, 2 * MiB, MiB, &a));
	assert_fails_unchanged(&t.mb, -MB_ERANGE,
			       mb_alloc_range(&t.mb, PG, PG, MiB, MiB, &a));
	mb_set_current_limit(&t.mb, MiB);
	assert_fails_unchanged(&t.mb, -MB_ERANGE,
			       mb_alloc_range(&t.mb, PG, PG, MiB,
					      MEMBLOCK_ALLOC_ACCESSIBLE, &a));
	tmap_fini(&t);
}

static void nothing_big_enough_is_enospc(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	map_1m(&t);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, MiB + PG, PG, 0, ANY, &a));
	/* Two free halves of 0.5 MiB do not make one block of 0.75 MiB. */
	assert_int_equal(mb_reserve(&t.mb, MiB + 0x80000, PG), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, 0xc0000, PG, 0, ANY, &a));
	tmap_fini(&t);
}

static void empty_map_is_enospc(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void big_enough_but_misaligned_is_ealign(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, MiB + PG, 2 * PG), 0);
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range(&t.mb, PG, 0x4000, 0, ANY, &a));
	mb_set_bottom_up(&t.mb, true);
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range(&t.mb, PG, 0x4000, 0, ANY, &a));
	tmap_fini(&t);
}

/*
 * Cells of 4 pages from 64 MiB: cell i reserved but for the gap
 * [c + PG + 1, c + 3 PG), 2 PG - 1 bytes that hold no page-aligned
 * 2 PG - 1; cell 0's gap is [c + PG, c + 3 PG), which does.
 */
#define CELLS 128 /* regions enough for the index */
#define CELL(i) (64 * MiB + (phys_addr_t)(i) * 4 * PG)

static void map_misaligned_cells(struct tmap *t)
{
	int i;

	tmap_init(t, 16, 4 * CELLS, 4);
	assert_int_equal(mb_add(&t->mb, CELL(0), CELLS * 4 * PG), 0);
	assert_int_equal(mb_reserve(&t->mb, CELL(0), PG), 0);
	for (i = 1; i < CELLS; i++)
		assert_int_equal(mb_reserve(&t->mb, CELL(i), PG + 1), 0);
	for (i = 0; i < CELLS; i++)
		assert_int_equal(mb_reserve(&t->mb, CELL(i) + 3 * PG, PG), 0);
}

static void gaps_long_enough_only_unaligned_are_passed_over(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	map_misaligned_cells(&t);
	/* Every gap is long enough; only cell 0's holds it page-aligned. */
	assert_int_equal(alloc_ok(&t.mb, 2 * PG - 1, PG, 0, ANY), CELL(0) + PG);
	/* Now none does, so "misaligned", and one byte more is "no room". */
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range(&t.mb, 2 * PG - 1, PG, 0, ANY,
					      &a));
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, 2 * PG, PG, 0, ANY, &a));
	/* Below page alignment the highest gap holds it. */
	assert_int_equal(alloc_ok(&t.mb, PG + 100, 64, 0, ANY),
			 CELL(CELLS - 1) + 2 * PG - 128);
	assert_int_equal(alloc_ok(&t.mb, 2 * PG - 1, 1, 0, ANY),
			 CELL(CELLS - 2) + PG + 1);
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(alloc_ok(&t.mb, PG + 100, 64, 0, ANY),
			 CELL(1) + PG + 64);
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range(&t.mb, 2 * PG - 1, PG, 0, ANY,
					      &a));
	tmap_fini(&t);
}

static void misaligned_beats_no_room_across_node_fallback(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	/* Node 0 has room but not aligned; node 1 has no room at all. */
	assert_int_equal(mb_add_node(&t.mb, MiB + PG, 2 * PG, 0, 0), 0);
	assert_int_equal(mb_add_node(&t.mb, 2 * MiB, 0x800, 1, 0), 0);
	assert_fails_unchanged(&t.mb, -MB_EALIGN,
			       mb_alloc_range_nid(&t.mb, PG, 0x4000, 0, ANY, 1,
						  false, &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void full_reserved_table_without_growth_is_enomem(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 2, 4);
	assert_int_equal(mb_add(&t.mb, MiB, MiB), 0);
	assert_int_equal(mb_reserve(&t.mb, MiB, PG), 0);
	assert_int_equal(mb_reserve(&t.mb, MiB + 0x80000, PG), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_alloc_range(&t.mb, PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void bad_node_is_einval(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	map_1m(&t);
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_alloc_range_nid(&t.mb, PG, PG, 0, ANY,
						  MAX_NUMNODES + 1, false, &a));
	assert_fails_unchanged(&t.mb, -MB_EINVAL,
			       mb_alloc_range_nid(&t.mb, PG, PG, 0, ANY, -2,
						  false, &a));
	tmap_fini(&t);
}

/* ---- how allocations are recorded ---- */

static void allocation_does_not_merge_with_plain_reservation(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(mb_reserve(&t.mb, 2 * MiB - PG, PG), 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - 2 * PG);
	assert_type(&t.mb.reserved,
		    { 2 * MiB - 2 * PG, PG, KERN, NUMA_NO_NODE },
		    { 2 * MiB - PG, PG, 0, NUMA_NO_NODE });
	tmap_fini(&t);
}

static void allocation_merges_with_adjacent_reserve_kern(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(mb_reserve_kern(&t.mb, 2 * MiB - PG, PG), 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - 2 * PG);
	assert_type(&t.mb.reserved,
		    { 2 * MiB - 2 * PG, 2 * PG, KERN, NUMA_NO_NODE });
	tmap_fini(&t);
}

static void allocations_for_different_nodes_do_not_merge(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add_node(&t.mb, MiB, MiB, 2, 0), 0);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, 2, true), 2 * MiB - PG);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, 2, false), 2 * MiB - 2 * PG);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, NUMA_NO_NODE, false),
			 2 * MiB - 3 * PG);
	assert_type(&t.mb.reserved,
		    { 2 * MiB - 3 * PG, PG, KERN, NUMA_NO_NODE },
		    { 2 * MiB - 2 * PG, 2 * PG, KERN, 2 });
	tmap_fini(&t);
}

static void max_numnodes_reads_as_no_node(void **state)
{
	struct tmap t;

	(void)state;
	map_1m(&t);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, MAX_NUMNODES, false),
			 2 * MiB - PG);
	assert_type(&t.mb.reserved, { 2 * MiB - PG, PG, KERN, NUMA_NO_NODE });
	tmap_fini(&t);
}

/* ---- nodes ---- */

/* Node 0 at [1M, 2M), node 1 at [2M, 3M). */
static void map_two_nodes(struct tmap *t)
{
	tmap_init(t, 16, 16, 4);
	assert_int_equal(mb_add_node(&t->mb, MiB, MiB, 0, 0), 0);
	assert_int_equal(mb_add_node(&t->mb, 2 * MiB, MiB, 1, 0), 0);
}

static void requested_node_is_preferred(void **state)
{
	struct tmap t;

	(void)state;
	map_two_nodes(&t);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, 0, false), 2 * MiB - PG);
	assert_type(&t.mb.reserved, { 2 * MiB - PG, PG, KERN, 0 });
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, 1, false), 2 * MiB);
	tmap_fini(&t);
}

static void full_node_falls_back_to_any_node(void **state)
{
	struct tmap t;

	(void)state;
	map_two_nodes(&t);
	assert_int_equal(mb_reserve(&t.mb, MiB, MiB), 0);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, 0, false), 3 * MiB - PG);
	assert_type(&t.mb.reserved, { MiB, MiB, 0, NUMA_NO_NODE },
		    { 3 * MiB - PG, PG, KERN, NUMA_NO_NODE });
	tmap_fini(&t);
}

static void exact_node_does_not_fall_back(void **state)
{
	struct tmap t;

	(void)state;
	map_two_nodes(&t);
	assert_int_equal(mb_reserve(&t.mb, MiB, MiB), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range_nid(&t.mb, PG, PG, 0, ANY, 0, true,
						  &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void node_without_memory_falls_back(void **state)
{
	struct tmap t;

	(void)state;
	map_two_nodes(&t);
	assert_int_equal(alloc_nid_ok(&t.mb, PG, 5, false), 3 * MiB - PG);
	assert_type(&t.mb.reserved, { 3 * MiB - PG, PG, KERN, NUMA_NO_NODE });
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range_nid(&t.mb, PG, PG, 0, ANY, 5, true,
						  &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void find_in_range_node_does_not_reserve(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;
	struct snap s;

	(void)state;
	map_two_nodes(&t);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_find_in_range_node(&t.mb, PG, PG, 0, ANY, 0,
					       MEMBLOCK_NONE, &a),
			 0);
	assert_int_equal(a, 2 * MiB - PG);
	assert_int_equal(mb_find_in_range_node(&t.mb, PG, PG, 0, ANY,
					       NUMA_NO_NODE, MEMBLOCK_NONE,
					       &a),
			 0);
	assert_int_equal(a, 3 * MiB - PG);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

static void find_in_range_node_never_falls_back(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	map_two_nodes(&t);
	assert_int_equal(mb_reserve(&t.mb, MiB, MiB), 0);
	assert_int_equal(mb_find_in_range_node(&t.mb, PG, PG, 0, ANY, 0,
					       MEMBLOCK_NONE, &a),
			 -MB_ENOSPC);
	/* Asking for MIRROR finds only mirrored memory, and there is none. */
	assert_int_equal(mb_find_in_range_node(&t.mb, PG, PG, 0, ANY,
					       NUMA_NO_NODE, MEMBLOCK_MIRROR,
					       &a),
			 -MB_ENOSPC);
	tmap_fini(&t);
}

/* ---- memory attributes ---- */

/* Memory [1M, 3M) with the upper half given @flags (by mark or by add). */
static void map_upper_half_marked(struct tmap *t, enum memblock_flags flags)
{
	tmap_init(t, 16, 16, 4);
	assert_int_equal(mb_add(&t->mb, MiB, 2 * MiB), 0);
	assert_int_equal(mb_set_flags(&t->mb, &t->mb.memory, 2 * MiB, MiB,
				      flags),
			 0);
}

static void mirrored_memory_is_preferred_after_mark_mirror(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, MiB, 2 * MiB), 0);
	assert_int_equal(mb_mark_mirror(&t.mb, MiB, MiB), 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - PG);
	tmap_fini(&t);
}

static void mirror_falls_back_to_unmirrored_memory(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, MiB, 2 * MiB), 0);
	assert_int_equal(mb_mark_mirror(&t.mb, MiB, MiB), 0);
	assert_int_equal(alloc_ok(&t.mb, MiB, PG, 0, ANY), MiB);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 3 * MiB - PG);
	tmap_fini(&t);
}

static void mirror_flag_from_add_node_does_not_switch_preference(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add_node(&t.mb, MiB, MiB, MAX_NUMNODES,
				     MEMBLOCK_MIRROR),
			 0);
	assert_int_equal(mb_add(&t.mb, 2 * MiB, MiB), 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 3 * MiB - PG);
	tmap_fini(&t);
}

static void nomap_memory_is_skipped(void **state)
{
	struct tmap t;

	(void)state;
	map_upper_half_marked(&t, MEMBLOCK_NOMAP);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - PG);
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(mb_reserve(&t.mb, MiB, MiB - PG), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void driver_managed_memory_is_skipped(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, MiB, MiB), 0);
	assert_int_equal(mb_add_node(&t.mb, 2 * MiB, MiB, MAX_NUMNODES,
				     MEMBLOCK_DRIVER_MANAGED),
			 0);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - PG);
	tmap_fini(&t);
}

static void hotplug_memory_is_used_without_movable_node(void **state)
{
	struct tmap t;

	(void)state;
	map_upper_half_marked(&t, MEMBLOCK_HOTPLUG);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 3 * MiB - PG);
	tmap_fini(&t);
}

static void hotplug_memory_is_skipped_with_movable_node(void **state)
{
	struct tmap t;

	(void)state;
	map_upper_half_marked(&t, MEMBLOCK_HOTPLUG);
	mb_set_movable_node(&t.mb, true);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 2 * MiB - PG);
	mb_set_movable_node(&t.mb, false);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), 3 * MiB - PG);
	tmap_fini(&t);
}

static void kho_scratch_only_allocates_from_scratch(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, MiB, 2 * MiB), 0);
	assert_int_equal(mb_set_flags(&t.mb, &t.mb.memory, MiB, PG,
				      MEMBLOCK_KHO_SCRATCH),
			 0);
	mb_set_kho_scratch_only(&t.mb, true);
	assert_int_equal(alloc_ok(&t.mb, PG, PG, 0, ANY), MiB);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void allocation_never_spans_regions_of_different_nodes(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add_node(&t.mb, MiB, 2 * PG, 0, 0), 0);
	assert_int_equal(mb_add_node(&t.mb, MiB + 2 * PG, 2 * PG, 1, 0), 0);
	assert_int_equal(t.mb.memory.cnt, 2);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, 3 * PG, PG, 0, ANY, &a));
	mb_set_bottom_up(&t.mb, true);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, 3 * PG, PG, 0, ANY, &a));
	assert_int_equal(alloc_ok(&t.mb, 2 * PG, PG, 0, ANY), MiB);
	tmap_fini(&t);
}

static void allocation_never_spans_regions_of_different_flags(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, MiB, 4 * PG), 0);
	assert_int_equal(mb_set_flags(&t.mb, &t.mb.memory, MiB + 2 * PG,
				      2 * PG, MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(t.mb.memory.cnt, 2);
	assert_fails_unchanged(&t.mb, -MB_ENOSPC,
			       mb_alloc_range(&t.mb, 3 * PG, PG, 0, ANY, &a));
	assert_int_equal(alloc_ok(&t.mb, 2 * PG, PG, 0, ANY), MiB + 2 * PG);
	tmap_fini(&t);
}

/* ---- random allocations against a byte-by-byte search ---- */

#define SPAN 0x10000u

struct model {
	signed char region[SPAN];   /* eligible memory region index, or -1 */
	unsigned char used[SPAN];   /* reserved */
	const struct memblock *mb;
};

static unsigned rnd_u(unsigned n)
{
	return (unsigned)(((unsigned)rand() << 8 ^ (unsigned)rand()) % n);
}

/*
 * Which bytes an attempt on @nid may use: memory it may allocate from,
 * mirrored only when @mirror, KHO scratch only in scratch-only mode.
 */
static void model_regions(struct model *m, int nid, bool mirror)
{
	const struct memblock_type *t = &m->mb->memory;
	unsigned long i;
	phys_addr_t x;

	memset(m->region, -1, sizeof(m->region));
	for (i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		if (r->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
			continue;
		if ((r->flags & MEMBLOCK_HOTPLUG) && m->mb->priv.movable_node)
			continue;
		if (nid != NUMA_NO_NODE && r->nid != nid)
			continue;
		if (mirror && !(r->flags & MEMBLOCK_MIRROR))
			continue;
		if (m->mb->priv.kho_scratch_only &&
		    !(r->flags & MEMBLOCK_KHO_SCRATCH))
			continue;
		for (x = r->base; x < r->base + r->size && x < SPAN; x++)
			m->region[x] = (signed char)i;
	}
}

/* Is [a, a + size) free and inside one eligible region? */
static bool model_fits(const struct model *m, phys_addr_t a, phys_addr_t size)
{
	phys_addr_t x;

	if (a + size > SPAN || m->region[a] < 0)
		return false;
	for (x = a; x < a + size; x++)
		if (m->used[x] || m->region[x] != m->region[a])
			return false;
	return true;
}

/* Some free run inside [start, end) is at least @size long. */
static bool model_room(const struct model *m, phys_addr_t size,
		       phys_addr_t start, phys_addr_t end)
{
	phys_addr_t x, run = 0;

	for (x = start; x < end && x < SPAN; x++) {
		bool ok = m->region[x] >= 0 && !m->used[x];

		run = ok && run && m->region[x] == m->region[x - 1] ? run + 1
								  : ok;
		if (run >= size)
			return true;
	}
	return false;
}

/* One attempt on one node: 0 and *out, or -MB_ENOSPC / -MB_EALIGN. */
static int model_attempt(struct model *m, phys_addr_t size, phys_addr_t align,
			 phys_addr_t start, phys_addr_t end, int nid,
			 bool mirror, phys_addr_t *out)
{
	phys_addr_t hi = end < SPAN ? end : SPAN, a;

	model_regions(m, nid, mirror);
	if (hi >= size && hi - size >= start) {
		if (m->mb->bottom_up) {
			for (a = (start + align - 1) / align * align;
			     a + size <= hi; a += align)
				if (model_fits(m, a, size)) {
					*out = a;
					return 0;
				}
		} else {
			for (a = (hi - size) / align * align + align; a >= align &&
			     a - align >= start; a -= align)
				if (model_fits(m, a - align, size)) {
					*out = a - align;
					return 0;
				}
		}
	}
	return model_room(m, size, start, hi) ? -MB_EALIGN : -MB_ENOSPC;
}

static int model_alloc(struct model *m, phys_addr_t size, phys_addr_t align,
		       phys_addr_t start, phys_addr_t end, int nid, bool exact,
		       phys_addr_t *out)
{
	bool mirror = m->mb->priv.has_mirror;
	int err, err2;

	if (!align)
		align = MEMBLOCK_ENV_CACHE_BYTES;
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = m->mb->current_limit;
	if (start >= end)
		return -MB_ERANGE;
	/* Mirrored memory first when asked for; the last round's error. */
	for (;;) {
		err = model_attempt(m, size, align, start, end, nid, mirror,
				    out);
		if (!err)
			return 0;
		if (nid != NUMA_NO_NODE && !exact) {
			err2 = model_attempt(m, size, align, start, end,
					     NUMA_NO_NODE, mirror, out);
			if (!err2)
				return 0;
			err = err == -MB_EALIGN || err2 == -MB_EALIGN
				      ? -MB_EALIGN
				      : -MB_ENOSPC;
		}
		if (!mirror)
			return err;
		mirror = false;
	}
}

static void model_mark(struct model *m, phys_addr_t a, phys_addr_t size,
		       unsigned char v)
{
	memset(&m->used[a], v, (size_t)size);
}

struct done {
	phys_addr_t base, size;
};

/* One random allocation, checked against the model. */
static void random_alloc_step(struct tmap *t, struct model *m,
			      struct done *d, unsigned *nd)
{
	static const int nids[] = { NUMA_NO_NODE, 0, 1, 5 };
	phys_addr_t size = 1 + rnd_u(rnd_u(4) ? 0x800 : 0x6000);
	phys_addr_t align = rnd_u(8) ? (phys_addr_t)1 << rnd_u(14) : 0;
	phys_addr_t start = rnd_u(2) ? 0 : rnd_u(SPAN);
	phys_addr_t end = rnd_u(2) ? ANY : rnd_u(3) ? rnd_u(SPAN) + 1 : 0;
	int nid = nids[rnd_u(4)];
	bool exact = rnd_u(2);
	phys_addr_t got = 0, want = 0;
	int err, werr;
	struct snap s;

	mb_set_bottom_up(&t->mb, rnd_u(2));
	werr = model_alloc(m, size, align, start, end, nid, exact, &want);
	snap_take(&s, &t->mb);
	err = mb_alloc_range_nid(&t->mb, size, align, start, end, nid, exact,
				 &got);
	if (err != werr || (!err && got != want))
		fail_msg("alloc %#llx align %#llx [%#llx, %#llx) nid %d%s %s: "
			 "got %d at %#llx, want %d at %#llx",
			 (unsigned long long)size, (unsigned long long)align,
			 (unsigned long long)start, (unsigned long long)end,
			 nid, exact ? " exact" : "",
			 t->mb.bottom_up ? "bottom-up" : "top-down", err,
			 (unsigned long long)got, werr,
			 (unsigned long long)want);
	if (err) {
		snap_assert_same(&s, &t->mb);
	} else {
		model_mark(m, got, size, 1);
		if (*nd < 64) {
			d[*nd].base = got;
			d[(*nd)++].size = size;
		}
	}
	snap_free(&s);
	assert_valid(&t->mb);
}

static void random_allocations_match_a_byte_search(void **state)
{
	static struct model m;
	static const unsigned flag_pick[] = { 0, 0, 0, MEMBLOCK_HOTPLUG,
					      MEMBLOCK_NOMAP,
					      MEMBLOCK_DRIVER_MANAGED };
	static const int nid_pick[] = { MAX_NUMNODES, 0, 1 };
	unsigned map, step;

	(void)state;
	srand(4242);
	for (map = 0; map < 40; map++) {
		struct tmap t;
		struct done d[64];
		unsigned nd = 0, k;

		tmap_init(&t, 256, 256, 4);
		m.mb = &t.mb;
		memset(m.used, 0, sizeof(m.used));
		for (k = 0; k < 1 + rnd_u(8); k++) {
			phys_addr_t b = rnd_u(SPAN), sz = 1 + rnd_u(SPAN / 4);

			if (b + sz > SPAN)
				sz = SPAN - b;
			assert_int_equal(mb_add_node(&t.mb, b, sz,
						     nid_pick[rnd_u(3)],
						     (enum memblock_flags)
						     flag_pick[rnd_u(6)]),
					 0);
		}
		mb_set_movable_node(&t.mb, rnd_u(2));
		if (rnd_u(3) == 0)
			assert_int_equal(mb_mark_mirror(&t.mb, rnd_u(SPAN / 2),
							1 + rnd_u(SPAN / 2)),
					 0);
		if (rnd_u(4) == 0) {
			assert_int_equal(mb_set_flags(&t.mb, &t.mb.memory,
						      rnd_u(SPAN / 2),
						      1 + rnd_u(SPAN / 2),
						      MEMBLOCK_KHO_SCRATCH),
					 0);
			mb_set_kho_scratch_only(&t.mb, rnd_u(2));
		}
		if (rnd_u(3) == 0)
			mb_set_current_limit(&t.mb, rnd_u(SPAN) + 1);
		for (step = 0; step < 60; step++) {
			unsigned op = rnd_u(10);

			if (op < 6) {
				random_alloc_step(&t, &m, d, &nd);
			} else if (op < 8 && nd) {
				k = rnd_u(nd);
				assert_int_equal(mb_free(&t.mb, d[k].base,
							 d[k].size),
						 0);
				model_mark(&m, d[k].base, d[k].size, 0);
				d[k] = d[--nd];
			} else {
				phys_addr_t b = rnd_u(SPAN);
				phys_addr_t sz = 1 + rnd_u(0x400);

				if (b + sz > SPAN)
					sz = SPAN - b;
				assert_int_equal(mb_reserve(&t.mb, b, sz), 0);
				model_mark(&m, b, sz, 1);
			}
		}
		tmap_fini(&t);
	}
}

/* ---- growth of the reserved table during an allocation ---- */

static void growth_with_no_room_besides_the_block_is_enomem(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 2, 4);
	/* Two pages of memory and a full reserved table (outside memory). */
	assert_int_equal(mb_add(&t.mb, MiB, 2 * PG), 0);
	assert_int_equal(mb_reserve(&t.mb, PG, PG), 0);
	assert_int_equal(mb_reserve(&t.mb, 3 * PG, PG), 0);
	mb_allow_resize(&t.mb);
	/* The new table could only go where the block goes. */
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_alloc_range(&t.mb, 2 * PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	mb_set_bottom_up(&t.mb, true);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_alloc_range(&t.mb, 2 * PG, PG, 0, ANY,
					      &(phys_addr_t){ 0 }));
	tmap_fini(&t);
}

static void bottom_up_growth_puts_the_table_above_the_block(void **state)
{
	struct tmap t;
	char *p = phys_arena(0x10000, 0x1000);
	phys_addr_t base = (phys_addr_t)(uintptr_t)p, a = 0, arr;

	(void)state;
	tmap_init(&t, 16, 2, 4);
	assert_int_equal(mb_add(&t.mb, base, 0x10000), 0);
	assert_int_equal(mb_reserve(&t.mb, PG, PG), 0);
	assert_int_equal(mb_reserve(&t.mb, 3 * PG, PG), 0);
	mb_allow_resize(&t.mb);
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(mb_alloc_range(&t.mb, 2 * PG, PG, 0, ANY, &a), 0);
	assert_valid(&t.mb);
	assert_int_equal(a, base);
	arr = (phys_addr_t)(uintptr_t)t.mb.reserved.regions;
	assert_int_equal(arr, base + 2 * PG);
	assert_type(&t.mb.reserved, { PG, PG, 0, NUMA_NO_NODE },
		    { 3 * PG, PG, 0, NUMA_NO_NODE },
		    { base, 3 * PG, KERN, NUMA_NO_NODE });
	tmap_fini(&t);
	phys_arena_free(p);
}

static void allocation_grows_reserved_table_outside_the_block(void **state)
{
	struct tmap t;
	size_t bytes = 0x40000;
	char *p = phys_arena(bytes, 0x1000);
	phys_addr_t base = (phys_addr_t)(uintptr_t)p, a = 0, arr;
	unsigned long i;

	(void)state;
	tmap_init(&t, 16, 2, 4);
	assert_int_equal(mb_add(&t.mb, base, bytes), 0);
	assert_int_equal(mb_reserve(&t.mb, base, PG), 0);
	assert_int_equal(mb_reserve(&t.mb, base + 0x20000, PG), 0);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_alloc_range(&t.mb, PG, PG, 0, ANY, &a));
	mb_allow_resize(&t.mb);
	assert_int_equal(mb_alloc_range(&t.mb, PG, PG, 0, ANY, &a), 0);
	assert_valid(&t.mb);
	assert_int_equal(t.mb.reserved.max, 4);
	arr = (phys_addr_t)(uintptr_t)t.mb.reserved.regions;
	assert_true(arr >= base && arr + PG <= base + bytes);
	assert_true(arr + PG <= a || a + PG <= arr);
	/* Both the block and the new array are reserved as RSRV_KERN. */
	assert_true(mb_is_reserved(&t.mb, a));
	assert_true(mb_is_reserved(&t.mb, arr));
	for (i = 0; i < t.mb.reserved.cnt; i++) {
		const struct memblock_region *r = &t.mb.reserved.regions[i];

		if (r->base <= arr && arr < r->base + r->size)
			assert_int_equal(r->flags, KERN);
	}
	assert_int_equal(t.mb.reserved.total_size, 2 * PG + PG + PG);
	tmap_fini(&t);
	phys_arena_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(top_down_takes_highest_fitting_address),
		cmocka_unit_test(
			allocations_beyond_emptied_edge_blocks_keep_the_index_exact),
		cmocka_unit_test(
			a_copied_instance_builds_its_index_in_its_own_storage),
		cmocka_unit_test(top_down_stays_below_end),
		cmocka_unit_test(top_down_skips_reserved_top),
		cmocka_unit_test(bottom_up_takes_lowest_fitting_address),
		cmocka_unit_test(bottom_up_rounds_start_up_to_alignment),
		cmocka_unit_test(start_bound_is_respected_top_down),
		cmocka_unit_test(accessible_end_means_current_limit),
		cmocka_unit_test(anywhere_end_ignores_current_limit),
		cmocka_unit_test(explicit_end_above_current_limit_is_honoured),
		cmocka_unit_test(address_zero_can_be_allocated),
		cmocka_unit_test(allocation_at_the_top_of_the_address_space),
		cmocka_unit_test(huge_alignment_near_the_top_fails_cleanly),
		cmocka_unit_test(
			indexed_search_in_the_last_pages_skips_gaps_with_no_aligned_start),
		cmocka_unit_test(power_of_two_alignment_is_honoured),
		cmocka_unit_test(zero_alignment_means_cache_line),
		cmocka_unit_test(non_power_of_two_alignment_is_einval),
		cmocka_unit_test(zero_size_is_einval),
		cmocka_unit_test(empty_bounds_are_erange),
		cmocka_unit_test(nothing_big_enough_is_enospc),
		cmocka_unit_test(empty_map_is_enospc),
		cmocka_unit_test(big_enough_but_misaligned_is_ealign),
		cmocka_unit_test(gaps_long_enough_only_unaligned_are_passed_over),
		cmocka_unit_test(misaligned_beats_no_room_across_node_fallback),
		cmocka_unit_test(full_reserved_table_without_growth_is_enomem),
		cmocka_unit_test(bad_node_is_einval),
		cmocka_unit_test(allocation_does_not_merge_with_plain_reservation),
		cmocka_unit_test(allocation_merges_with_adjacent_reserve_kern),
		cmocka_unit_test(allocations_for_different_nodes_do_not_merge),
		cmocka_unit_test(max_numnodes_reads_as_no_node),
		cmocka_unit_test(requested_node_is_preferred),
		cmocka_unit_test(full_node_falls_back_to_any_node),
		cmocka_unit_test(exact_node_does_not_fall_back),
		cmocka_unit_test(node_without_memory_falls_back),
		cmocka_unit_test(find_in_range_node_does_not_reserve),
		cmocka_unit_test(find_in_range_node_never_falls_back),
		cmocka_unit_test(mirrored_memory_is_preferred_after_mark_mirror),
		cmocka_unit_test(mirror_falls_back_to_unmirrored_memory),
		cmocka_unit_test(mirror_flag_from_add_node_does_not_switch_preference),
		cmocka_unit_test(nomap_memory_is_skipped),
		cmocka_unit_test(driver_managed_memory_is_skipped),
		cmocka_unit_test(hotplug_memory_is_used_without_movable_node),
		cmocka_unit_test(hotplug_memory_is_skipped_with_movable_node),
		cmocka_unit_test(kho_scratch_only_allocates_from_scratch),
		cmocka_unit_test(allocation_never_spans_regions_of_different_nodes),
		cmocka_unit_test(allocation_never_spans_regions_of_different_flags),
		cmocka_unit_test(random_allocations_match_a_byte_search),
		cmocka_unit_test(growth_with_no_room_besides_the_block_is_enomem),
		cmocka_unit_test(bottom_up_growth_puts_the_table_above_the_block),
		cmocka_unit_test(allocation_grows_reserved_table_outside_the_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
