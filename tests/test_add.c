// SPDX-License-Identifier: MIT
/*
 * test_add.c - adding memory: merging, overlaps, attributes of existing
 * regions, sorted order.  Each scenario runs through the instance API and
 * through the Linux names on the default instance.
 */
#include "support.h"

#include <linux/memblock.h>

#define NN MAX_NUMNODES

static struct fix *F(void **state)
{
	return *state;
}

static void add_into_empty_map_stores_one_region_without_node(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, MEMBLOCK_NONE, NN });
	assert_empty(&f->mb->reserved);
	assert_valid(f->mb);
}

static void add_directly_above_merges_with_region_below(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	assert_int_equal(f->api->add(f->mb, 0x14000, 0x2000), 0);
	assert_type(&f->mb->memory, { 0x10000, 0x6000, 0, NN });
	assert_valid(f->mb);
}

static void add_directly_below_merges_with_region_above(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	assert_int_equal(f->api->add(f->mb, 0xe000, 0x2000), 0);
	assert_type(&f->mb->memory, { 0xe000, 0x6000, 0, NN });
	assert_valid(f->mb);
}

static void add_filling_gap_exactly_merges_three_into_one(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x13000, 0x1000), 0);
	assert_int_equal(f->mb->memory.cnt, 2);
	assert_int_equal(f->api->add(f->mb, 0x11000, 0x2000), 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, 0, NN });
	assert_valid(f->mb);
}

static void add_overlapping_low_end_extends_region_down(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	assert_int_equal(f->api->add(f->mb, 0xc000, 0x6000), 0);
	assert_type(&f->mb->memory, { 0xc000, 0x8000, 0, NN });
	assert_valid(f->mb);
}

static void add_overlapping_high_end_extends_region_up(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	assert_int_equal(f->api->add(f->mb, 0x12000, 0x6000), 0);
	assert_type(&f->mb->memory, { 0x10000, 0x8000, 0, NN });
	assert_valid(f->mb);
}

static void add_inside_existing_region_changes_nothing(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	assert_int_equal(f->api->add(f->mb, 0x11000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, 0, NN });
	assert_valid(f->mb);
}

static void add_exact_duplicate_changes_nothing(void **state)
{
	struct fix *f = F(state);
	struct snap s;

	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	snap_take(&s, f->mb);
	assert_int_equal(f->api->add(f->mb, 0x10000, 0x4000), 0);
	snap_assert_same_map(&s, f->mb);
	snap_free(&s);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, 0, NN });
}

static void add_covering_several_regions_fills_gaps_and_merges(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x2000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x5000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x8000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x1000, 0xa000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0xa000, 0, NN });
	assert_valid(f->mb);
}

static void add_disjoint_ranges_stay_separate(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x1000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x3000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0, NN },
		    { 0x3000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void add_out_of_order_keeps_regions_sorted(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x9000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x1000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x5000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x3000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x7000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0, NN },
		    { 0x3000, 0x1000, 0, NN }, { 0x5000, 0x1000, 0, NN },
		    { 0x7000, 0x1000, 0, NN }, { 0x9000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void add_node_stores_given_nid_and_flags(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 3,
					  MEMBLOCK_HOTPLUG),
			 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, MEMBLOCK_HOTPLUG, 3 });
	assert_valid(f->mb);
}

static void add_node_adjacent_same_nid_and_flags_merges(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 1, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x2000, 0x1000, 1, 0), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x2000, 0, 1 });
	assert_valid(f->mb);
}

static void add_node_adjacent_different_nid_does_not_merge(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 0, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x2000, 0x1000, 1, 0), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0, 0 },
		    { 0x2000, 0x1000, 0, 1 });
	assert_valid(f->mb);
}

static void add_adjacent_to_node_region_without_node_does_not_merge(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 0, 0), 0);
	assert_int_equal(f->api->add(f->mb, 0x2000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0, 0 },
		    { 0x2000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void add_node_adjacent_different_flags_does_not_merge(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 0,
					  MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(f->api->add_node(f->mb, 0x2000, 0x1000, 0,
					  MEMBLOCK_NONE),
			 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, MEMBLOCK_HOTPLUG, 0 },
		    { 0x2000, 0x1000, 0, 0 });
	assert_valid(f->mb);
}

static void add_overlap_keeps_flags_and_nid_of_existing_region(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x4000, 0x2000, 1,
					  MEMBLOCK_HOTPLUG),
			 0);
	/* The new range covers it on both sides; only the gaps are new. */
	assert_int_equal(f->api->add_node(f->mb, 0x2000, 0x8000, 2,
					  MEMBLOCK_MIRROR),
			 0);
	assert_type(&f->mb->memory, { 0x2000, 0x2000, MEMBLOCK_MIRROR, 2 },
		    { 0x4000, 0x2000, MEMBLOCK_HOTPLUG, 1 },
		    { 0x6000, 0x4000, MEMBLOCK_MIRROR, 2 });
	assert_valid(f->mb);
}

static void add_overlap_without_node_keeps_node_of_existing(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x4000, 0x2000, 1, 0), 0);
	assert_int_equal(f->api->add(f->mb, 0x5000, 0x3000), 0);
	assert_type(&f->mb->memory, { 0x4000, 0x2000, 0, 1 },
		    { 0x6000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void add_bridging_two_nodes_merges_only_with_same_node(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 0, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x4000, 0x1000, 1, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x1800, 0x3000, 0, 0), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x3000, 0, 0 },
		    { 0x4000, 0x1000, 0, 1 });
	assert_valid(f->mb);
}

static void add_covering_mixed_regions_merges_only_equal_neighbours(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x2000, 0x1000), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x4000, 0x1000, 5, 0), 0);
	assert_int_equal(f->api->add(f->mb, 0x6000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x1000, 0x7000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x3000, 0, NN },
		    { 0x4000, 0x1000, 0, 5 }, { 0x5000, 0x3000, 0, NN });
	assert_valid(f->mb);
}

static void add_total_size_counts_overlap_once(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->add(f->mb, 0x1000, 0x3000), 0);
	assert_int_equal(f->api->add(f->mb, 0x2000, 0x3000), 0);
	assert_int_equal(f->mb->memory.total_size, 0x4000);
	assert_int_equal(mb_phys_mem_size(f->mb), 0x4000);
	assert_valid(f->mb);
}

static void add_does_not_touch_reserved_or_physmem(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(f->api->reserve(f->mb, 0x1000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x0, 0x10000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, 0, NUMA_NO_NODE });
	assert_empty(&f->mb->physmem);
	assert_valid(f->mb);
}

static void physmem_add_records_in_physmem_only(void **state)
{
	struct fix *f = F(state);

	if (f->api->linux_names)
		assert_int_equal(memblock_physmem_add(0x1000, 0x2000), 0);
	else
		assert_int_equal(mb_physmem_add(f->mb, 0x1000, 0x2000), 0);
	assert_type(&f->mb->physmem, { 0x1000, 0x2000, 0, NN });
	assert_empty(&f->mb->memory);
	assert_valid(f->mb);
}

static void add_type_on_foreign_type_is_rejected(void **state)
{
	struct fix *f = F(state);
	struct tmap other;
	struct snap s;

	tmap_init(&other, 4, 4, 0);
	snap_take(&s, f->mb);
	assert_int_equal(mb_add_type(f->mb, &other.mb.memory, 0x1000, 0x1000,
				     0, 0),
			 -MB_EINVAL);
	assert_int_equal(mb_remove_type(f->mb, &other.mb.memory, 0x1000,
					0x1000),
			 -MB_EINVAL);
	snap_assert_same(&s, f->mb);
	assert_empty(&other.mb.memory);
	snap_free(&s);
	tmap_fini(&other);
}

static void add_type_adds_to_any_of_the_three_types(void **state)
{
	struct fix *f = F(state);

	assert_int_equal(mb_add_type(f->mb, &f->mb->reserved, 0x1000, 0x1000,
				     2, MEMBLOCK_RSRV_NOINIT),
			 0);
	assert_int_equal(mb_add_type(f->mb, &f->mb->physmem, 0x3000, 0x1000,
				     NUMA_NO_NODE, 0),
			 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, MEMBLOCK_RSRV_NOINIT, 2 });
	assert_type(&f->mb->physmem, { 0x3000, 0x1000, 0, NUMA_NO_NODE });
	assert_empty(&f->mb->memory);
	assert_valid(f->mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH_APIS(add_into_empty_map_stores_one_region_without_node),
		BOTH_APIS(add_directly_above_merges_with_region_below),
		BOTH_APIS(add_directly_below_merges_with_region_above),
		BOTH_APIS(add_filling_gap_exactly_merges_three_into_one),
		BOTH_APIS(add_overlapping_low_end_extends_region_down),
		BOTH_APIS(add_overlapping_high_end_extends_region_up),
		BOTH_APIS(add_inside_existing_region_changes_nothing),
		BOTH_APIS(add_exact_duplicate_changes_nothing),
		BOTH_APIS(add_covering_several_regions_fills_gaps_and_merges),
		BOTH_APIS(add_disjoint_ranges_stay_separate),
		BOTH_APIS(add_out_of_order_keeps_regions_sorted),
		BOTH_APIS(add_node_stores_given_nid_and_flags),
		BOTH_APIS(add_node_adjacent_same_nid_and_flags_merges),
		BOTH_APIS(add_node_adjacent_different_nid_does_not_merge),
		BOTH_APIS(add_adjacent_to_node_region_without_node_does_not_merge),
		BOTH_APIS(add_node_adjacent_different_flags_does_not_merge),
		BOTH_APIS(add_overlap_keeps_flags_and_nid_of_existing_region),
		BOTH_APIS(add_overlap_without_node_keeps_node_of_existing),
		BOTH_APIS(add_bridging_two_nodes_merges_only_with_same_node),
		BOTH_APIS(add_covering_mixed_regions_merges_only_equal_neighbours),
		BOTH_APIS(add_total_size_counts_overlap_once),
		BOTH_APIS(add_does_not_touch_reserved_or_physmem),
		BOTH_APIS(physmem_add_records_in_physmem_only),
		BOTH_APIS(add_type_on_foreign_type_is_rejected),
		BOTH_APIS(add_type_adds_to_any_of_the_three_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
