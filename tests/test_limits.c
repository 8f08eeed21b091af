// SPDX-License-Identifier: MIT
/*
 * test_limits.c - mem= and its relatives: enforcing a memory size,
 * capping to a range, the NOMAP variant, trimming to an alignment, and the
 * current limit's effect on allocations.  Both APIs.
 */
#include "support.h"

#include <linux/memblock.h>

#define MiB ((phys_addr_t)1 << 20)
#define KiB ((phys_addr_t)1 << 10)
#define PG ((phys_addr_t)0x1000)
#define NOMAP MEMBLOCK_NOMAP
#define NN NUMA_NO_NODE
#define MN MAX_NUMNODES

/* A call that returns @ret (0 for a no-op) and changes nothing. */
#define assert_unchanged(mb, ret, call) assert_fails_unchanged(mb, ret, call)

/*
 * Memory [1M, 2M) and [3M, 4M); reservations [1.5M, 1.5M + 4K),
 * [3.25M, 3.75M) and one above DRAM at [5M, 5M + 4K).
 */
static void map_two_banks(struct memblock *mb)
{
	assert_int_equal(mb_add(mb, MiB, MiB), 0);
	assert_int_equal(mb_add(mb, 3 * MiB, MiB), 0);
	assert_int_equal(mb_reserve(mb, MiB + MiB / 2, PG), 0);
	assert_int_equal(mb_reserve(mb, 3 * MiB + MiB / 4, MiB / 2), 0);
	assert_int_equal(mb_reserve(mb, 5 * MiB, PG), 0);
}

static void tmap_two_banks(struct tmap *t)
{
	tmap_init(t, 16, 16, 4);
	map_two_banks(&t->mb);
}

/* ---- memory limit (mem=) ---- */

static void limit_keeps_the_lowest_bytes(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_enforce_memory_limit(&t.mb, MiB + MiB / 2), 0);
	assert_type(&t.mb.memory, { MiB, MiB, 0, MN },
		    { 3 * MiB, MiB / 2, 0, MN });
	assert_type(&t.mb.reserved, { MiB + MiB / 2, PG, 0, NN },
		    { 3 * MiB + MiB / 4, MiB / 4, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void limit_ending_exactly_at_a_region_end(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_enforce_memory_limit(&t.mb, MiB), 0);
	assert_type(&t.mb.memory, { MiB, MiB, 0, MN });
	assert_type(&t.mb.reserved, { MiB + MiB / 2, PG, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void limit_one_byte_below_a_region_end(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_enforce_memory_limit(&t.mb, MiB - 1), 0);
	assert_type(&t.mb.memory, { MiB, MiB - 1, 0, MN });
	assert_type(&t.mb.reserved, { MiB + MiB / 2, PG, 0, NN });
	tmap_fini(&t);
}

static void limit_one_byte_into_the_next_region(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_enforce_memory_limit(&t.mb, MiB + 1), 0);
	assert_type(&t.mb.memory, { MiB, MiB, 0, MN }, { 3 * MiB, 1, 0, MN });
	assert_type(&t.mb.reserved, { MiB + MiB / 2, PG, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void limit_counts_nomap_memory(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_set_flags(&t.mb, &t.mb.memory, MiB, MiB, NOMAP), 0);
	assert_int_equal(mb_enforce_memory_limit(&t.mb, MiB + MiB / 2), 0);
	assert_type(&t.mb.memory, { MiB, MiB, NOMAP, MN },
		    { 3 * MiB, MiB / 2, 0, MN });
	tmap_fini(&t);
}

static void limit_zero_changes_nothing(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_unchanged(&t.mb, 0, mb_enforce_memory_limit(&t.mb, 0));
	tmap_fini(&t);
}

static void limit_of_total_or_more_keeps_reservations_above_dram(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	/* Linux drops [5M, 5M + 4K) at exactly the total; we keep it. */
	assert_unchanged(&t.mb, 0, mb_enforce_memory_limit(&t.mb, 2 * MiB));
	assert_unchanged(&t.mb, 0,
			 mb_enforce_memory_limit(&t.mb, 2 * MiB + 1));
	assert_unchanged(&t.mb, 0,
			 mb_enforce_memory_limit(&t.mb, PHYS_ADDR_MAX));
	tmap_fini(&t);
}

static void limit_leaves_physmem_alone(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_physmem_add(&t.mb, MiB, 3 * MiB), 0);
	assert_int_equal(mb_enforce_memory_limit(&t.mb, MiB / 2), 0);
	assert_type(&t.mb.memory, { MiB, MiB / 2, 0, MN });
	assert_empty(&t.mb.reserved);
	assert_type(&t.mb.physmem, { MiB, 3 * MiB, 0, MN });
	tmap_fini(&t);
}

static void linux_enforce_memory_limit_takes_a_size(void **state)
{
	(void)state;
	reset_default();
	map_two_banks(&memblock);
	memblock_enforce_memory_limit(2 * MiB);
	assert_int_equal(memblock.reserved.cnt, 3);
	memblock_enforce_memory_limit(MiB + MiB / 4);
	assert_type(&memblock.memory, { MiB, MiB, 0, MN },
		    { 3 * MiB, MiB / 4, 0, MN });
	assert_type(&memblock.reserved, { MiB + MiB / 2, PG, 0, NN });
	assert_int_equal(memblock_end_of_DRAM(), 3 * MiB + MiB / 4);
	assert_int_equal(memblock_phys_mem_size(), MiB + MiB / 4);
}

/* ---- capping to a range ---- */

static void cap_keeps_only_the_range(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_cap_memory_range(&t.mb, MiB + MiB / 2, 2 * MiB), 0);
	assert_type(&t.mb.memory, { MiB + MiB / 2, MiB / 2, 0, MN },
		    { 3 * MiB, MiB / 2, 0, MN });
	assert_type(&t.mb.reserved, { MiB + MiB / 2, PG, 0, NN },
		    { 3 * MiB + MiB / 4, MiB / 4, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void cap_trims_reservations_below_the_range(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_cap_memory_range(&t.mb, 3 * MiB + MiB / 2, MiB), 0);
	assert_type(&t.mb.memory, { 3 * MiB + MiB / 2, MiB / 2, 0, MN });
	assert_type(&t.mb.reserved,
		    { 3 * MiB + MiB / 2, MiB / 4, 0, NN });
	tmap_fini(&t);
}

static void cap_keeps_nomap_regions_outside_the_range(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_add_node(&t.mb, 6 * MiB, MiB, MN, NOMAP), 0);
	assert_int_equal(mb_set_flags(&t.mb, &t.mb.memory, MiB, MiB, NOMAP), 0);
	assert_int_equal(mb_cap_memory_range(&t.mb, 3 * MiB, MiB / 2), 0);
	assert_type(&t.mb.memory, { MiB, MiB, NOMAP, MN },
		    { 3 * MiB, MiB / 2, 0, MN }, { 6 * MiB, MiB, NOMAP, MN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void cap_keeps_a_straddling_nomap_region_whole(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add_node(&t.mb, MiB, MiB, MN, NOMAP), 0);
	assert_int_equal(mb_add(&t.mb, 2 * MiB, MiB), 0);
	assert_int_equal(mb_cap_memory_range(&t.mb, MiB + MiB / 2, MiB), 0);
	assert_type(&t.mb.memory, { MiB, MiB, NOMAP, MN },
		    { 2 * MiB, MiB / 2, 0, MN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void cap_with_overflowing_end_keeps_reservations_inside(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	/* Linux drops every reservation here; we cap the range instead. */
	assert_int_equal(mb_cap_memory_range(&t.mb, 3 * MiB, PHYS_ADDR_MAX), 0);
	assert_type(&t.mb.memory, { 3 * MiB, MiB, 0, MN });
	assert_type(&t.mb.reserved, { 3 * MiB + MiB / 4, MiB / 2, 0, NN },
		    { 5 * MiB, PG, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void cap_with_zero_size_is_einval(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_unchanged(&t.mb, -MB_EINVAL, mb_cap_memory_range(&t.mb, MiB, 0));
	tmap_fini(&t);
}

static void cap_without_memory_is_einval(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_reserve(&t.mb, MiB, PG), 0);
	assert_unchanged(&t.mb, -MB_EINVAL,
			 mb_cap_memory_range(&t.mb, MiB, MiB));
	tmap_fini(&t);
}

static void linux_cap_memory_range(void **state)
{
	(void)state;
	reset_default();
	map_two_banks(&memblock);
	memblock_cap_memory_range(MiB, 0);
	assert_int_equal(memblock.memory.cnt, 2);
	memblock_cap_memory_range(MiB + MiB / 2, 2 * MiB);
	assert_type(&memblock.memory, { MiB + MiB / 2, MiB / 2, 0, MN },
		    { 3 * MiB, MiB / 2, 0, MN });
	assert_int_equal(memblock_phys_mem_size(), MiB);
}

/* ---- mem= that keeps the rest as NOMAP memory ---- */

static void remove_map_caps_at_the_limit_address(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_int_equal(mb_add_node(&t.mb, 6 * MiB, MiB, MN, NOMAP), 0);
	assert_int_equal(mb_mem_limit_remove_map(&t.mb, MiB + MiB / 2), 0);
	assert_type(&t.mb.memory, { MiB, MiB, 0, MN },
		    { 3 * MiB, MiB / 2, 0, MN }, { 6 * MiB, MiB, NOMAP, MN });
	assert_type(&t.mb.reserved, { MiB + MiB / 2, PG, 0, NN },
		    { 3 * MiB + MiB / 4, MiB / 4, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void remove_map_zero_or_total_changes_nothing(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_unchanged(&t.mb, 0, mb_mem_limit_remove_map(&t.mb, 0));
	assert_unchanged(&t.mb, 0, mb_mem_limit_remove_map(&t.mb, 2 * MiB));
	assert_unchanged(&t.mb, 0, mb_mem_limit_remove_map(&t.mb, 3 * MiB));
	tmap_fini(&t);
}

static void linux_mem_limit_remove_map(void **state)
{
	(void)state;
	reset_default();
	map_two_banks(&memblock);
	memblock_mem_limit_remove_map(MiB / 2);
	assert_type(&memblock.memory, { MiB, MiB / 2, 0, MN });
	assert_empty(&memblock.reserved);
}

/* ---- trimming to an alignment ---- */

static void trim_shrinks_regions_to_alignment(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, 0x1800, 0x3000), 0);   /* 1800-4800 */
	assert_int_equal(mb_add(&t.mb, 0x5100, 0xe00), 0);    /* vanishes */
	assert_int_equal(mb_add_node(&t.mb, 0x8000, 0x2000, 1, 0), 0);
	assert_int_equal(mb_trim_memory(&t.mb, PG), 0);
	assert_type(&t.mb.memory, { 0x2000, 0x2000, 0, MN },
		    { 0x8000, 0x2000, 0, 1 });
	assert_int_equal(t.mb.memory.total_size, 0x4000);
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void trim_drops_a_region_at_the_top_of_the_address_space(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	/* [..b7ff, ..dfff) keeps one page; [..f7ff, ..ffff) rounds past the top. */
	assert_int_equal(mb_add(&t.mb, PHYS_ADDR_MAX - 0x4800, 0x2800), 0);
	assert_int_equal(mb_add(&t.mb, PHYS_ADDR_MAX - 0x800, 0x800), 0);
	assert_int_equal(mb_trim_memory(&t.mb, PG), 0);
	assert_type(&t.mb.memory, { PHYS_ADDR_MAX - 0x3fff, PG, 0, MN });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void trim_with_bad_alignment_is_einval(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_unchanged(&t.mb, -MB_EINVAL, mb_trim_memory(&t.mb, 0x3000));
	assert_unchanged(&t.mb, -MB_EINVAL, mb_trim_memory(&t.mb, 0));
	tmap_fini(&t);
}

static void trim_of_aligned_memory_changes_nothing(void **state)
{
	struct tmap t;

	(void)state;
	tmap_two_banks(&t);
	assert_unchanged(&t.mb, 0, mb_trim_memory(&t.mb, MiB));
	tmap_fini(&t);
}

static void linux_trim_memory_keeps_total_size_right(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB + 0x100, MiB), 0);
	memblock_trim_memory(PG);
	assert_type(&memblock.memory, { MiB + PG, MiB - PG, 0, MN });
	assert_int_equal(memblock_phys_mem_size(), MiB - PG);
	assert_valid(&memblock);
}

/* ---- the current limit ---- */

static void current_limit_bounds_accessible_allocations(void **state)
{
	struct tmap t;
	phys_addr_t a = 0;

	(void)state;
	tmap_two_banks(&t);
	mb_set_current_limit(&t.mb, 2 * MiB);
	assert_int_equal(mb_alloc_range(&t.mb, PG, PG, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE, &a),
			 0);
	assert_int_equal(a, 2 * MiB - PG);
	mb_set_current_limit(&t.mb, MiB);
	assert_unchanged(&t.mb, -MB_ERANGE,
			 mb_alloc_range(&t.mb, PG, PG, MiB,
					MEMBLOCK_ALLOC_ACCESSIBLE, &a));
	mb_set_current_limit(&t.mb, MEMBLOCK_ALLOC_ANYWHERE);
	assert_int_equal(mb_alloc_range(&t.mb, PG, PG, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE, &a),
			 0);
	assert_int_equal(a, 4 * MiB - PG);
	tmap_fini(&t);
}

static void linux_current_limit_bounds_allocations(void **state)
{
	(void)state;
	reset_default();
	map_two_banks(&memblock);
	memblock_set_current_limit(3 * MiB + PG);
	assert_int_equal(memblock_phys_alloc(PG, PG), 3 * MiB);
	assert_int_equal(memblock_phys_alloc(PG, PG), 2 * MiB - PG);
	memblock_set_current_limit(MiB);
	assert_int_equal(memblock_phys_alloc(PG, PG), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(limit_keeps_the_lowest_bytes),
		cmocka_unit_test(limit_ending_exactly_at_a_region_end),
		cmocka_unit_test(limit_one_byte_below_a_region_end),
		cmocka_unit_test(limit_one_byte_into_the_next_region),
		cmocka_unit_test(limit_counts_nomap_memory),
		cmocka_unit_test(limit_zero_changes_nothing),
		cmocka_unit_test(limit_of_total_or_more_keeps_reservations_above_dram),
		cmocka_unit_test(limit_leaves_physmem_alone),
		cmocka_unit_test(linux_enforce_memory_limit_takes_a_size),
		cmocka_unit_test(cap_keeps_only_the_range),
		cmocka_unit_test(cap_trims_reservations_below_the_range),
		cmocka_unit_test(cap_keeps_nomap_regions_outside_the_range),
		cmocka_unit_test(cap_keeps_a_straddling_nomap_region_whole),
		cmocka_unit_test(cap_with_overflowing_end_keeps_reservations_inside),
		cmocka_unit_test(cap_with_zero_size_is_einval),
		cmocka_unit_test(cap_without_memory_is_einval),
		cmocka_unit_test(linux_cap_memory_range),
		cmocka_unit_test(remove_map_caps_at_the_limit_address),
		cmocka_unit_test(remove_map_zero_or_total_changes_nothing),
		cmocka_unit_test(linux_mem_limit_remove_map),
		cmocka_unit_test(trim_shrinks_regions_to_alignment),
		cmocka_unit_test(trim_drops_a_region_at_the_top_of_the_address_space),
		cmocka_unit_test(trim_with_bad_alignment_is_einval),
		cmocka_unit_test(trim_of_aligned_memory_changes_nothing),
		cmocka_unit_test(linux_trim_memory_keeps_total_size_right),
		cmocka_unit_test(current_limit_bounds_accessible_allocations),
		cmocka_unit_test(linux_current_limit_bounds_allocations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
