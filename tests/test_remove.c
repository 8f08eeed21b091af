// SPDX-License-Identifier: MIT
/*
 * test_remove.c - removing memory: splitting, trimming either side,
 * dropping whole regions, ranges across several regions and holes, and
 * total_size after each.  Both APIs.
 */
#include "support.h"

#include <linux/memblock.h>

#define NN MAX_NUMNODES

/* Memory [0x1000, 0x5000) and [0x8000, 0xa000). */
static struct fix *seeded(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0x1000, 0x4000), 0);
	assert_int_equal(f->api->add(f->mb, 0x8000, 0x2000), 0);
	return f;
}

static void remove_middle_splits_region_in_two(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x2000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0, NN },
		    { 0x3000, 0x2000, 0, NN }, { 0x8000, 0x2000, 0, NN });
	assert_int_equal(mb_phys_mem_size(f->mb), 0x5000);
	assert_valid(f->mb);
}

static void remove_low_part_trims_region_start(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x1000, 0x1800), 0);
	assert_type(&f->mb->memory, { 0x2800, 0x2800, 0, NN },
		    { 0x8000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_overlapping_low_end_trims_region_start(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x0, 0x2000), 0);
	assert_type(&f->mb->memory, { 0x2000, 0x3000, 0, NN },
		    { 0x8000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_high_part_trims_region_end(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x4000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x3000, 0, NN },
		    { 0x8000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_overlapping_high_end_trims_region_end(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x9000, 0x4000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x4000, 0, NN },
		    { 0x8000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void remove_exactly_one_region_drops_it(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x1000, 0x4000), 0);
	assert_type(&f->mb->memory, { 0x8000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_range_larger_than_region_drops_it(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x6000, 0x8000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x4000, 0, NN });
	assert_valid(f->mb);
}

static void remove_across_two_regions_trims_both(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x3000, 0x6000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x2000, 0, NN },
		    { 0x9000, 0x1000, 0, NN });
	assert_int_equal(mb_phys_mem_size(f->mb), 0x3000);
	assert_valid(f->mb);
}

static void remove_across_several_regions_drops_inner_ones(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->add(f->mb, 0x6000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0xc000, 0x2000), 0);
	assert_int_equal(f->mb->memory.cnt, 4);
	assert_int_equal(f->api->remove(f->mb, 0x2000, 0xb000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0, NN },
		    { 0xd000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void remove_hole_changes_nothing(void **state)
{
	struct fix *f = seeded(state);
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->remove(f->mb, 0x5000, 0x3000), 0);
	assert_int_equal(f->api->remove(f->mb, 0x100000, 0x1000), 0);
	snap_assert_same_map(&s, f->mb);
	snap_free(&s);
}

static void remove_on_empty_map_changes_nothing(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->remove(f->mb, 0x1000, 0x1000), 0);
	assert_empty(&f->mb->memory);
	assert_valid(f->mb);
}

static void remove_everything_leaves_empty_type_with_zeroed_first_slot(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0, 0x100000), 0);
	assert_int_equal(f->mb->memory.cnt, 0);
	assert_int_equal(f->mb->memory.total_size, 0);
	assert_int_equal(f->mb->memory.regions[0].base, 0);
	assert_int_equal(f->mb->memory.regions[0].size, 0);
	assert_valid(f->mb);
	/* and the map is usable again */
	assert_int_equal(f->api->add(f->mb, 0x3000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x3000, 0x1000, 0, NN });
}

static void remove_piece_by_piece_tracks_total_size(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x1000, 0x1000), 0);
	assert_int_equal(f->mb->memory.total_size, 0x5000);
	assert_int_equal(f->api->remove(f->mb, 0x4000, 0x1000), 0);
	assert_int_equal(f->mb->memory.total_size, 0x4000);
	assert_int_equal(f->api->remove(f->mb, 0x8800, 0x800), 0);
	assert_int_equal(f->mb->memory.total_size, 0x3800);
	assert_int_equal(f->api->remove(f->mb, 0x2000, 0x2000), 0);
	assert_int_equal(f->mb->memory.total_size, 0x1800);
	assert_type(&f->mb->memory, { 0x8000, 0x800, 0, NN },
		    { 0x9000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void remove_split_halves_keep_nid_and_flags(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add_node(f->mb, 0x10000, 0x10000, 2,
					  MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(f->api->remove(f->mb, 0x14000, 0x4000), 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, MEMBLOCK_HOTPLUG, 2 },
		    { 0x18000, 0x8000, MEMBLOCK_HOTPLUG, 2 });
	assert_valid(f->mb);
}

static void remove_leaves_reserved_alone(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve(f->mb, 0x2000, 0x1000), 0);
	assert_int_equal(f->api->remove(f->mb, 0x1000, 0x4000), 0);
	assert_type(&f->mb->reserved, { 0x2000, 0x1000, 0, NUMA_NO_NODE });
	assert_type(&f->mb->memory, { 0x8000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_then_add_back_restores_merged_region(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->remove(f->mb, 0x2000, 0x1000), 0);
	assert_int_equal(f->api->add(f->mb, 0x2000, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x4000, 0, NN },
		    { 0x8000, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_type_works_on_physmem(void **state)
{
	struct fix *f = *state;

	assert_int_equal(mb_physmem_add(f->mb, 0x1000, 0x3000), 0);
	assert_int_equal(mb_remove_type(f->mb, &f->mb->physmem, 0x2000,
					0x1000),
			 0);
	assert_type(&f->mb->physmem, { 0x1000, 0x1000, 0, NN },
		    { 0x3000, 0x1000, 0, NN });
	assert_valid(f->mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH_APIS(remove_middle_splits_region_in_two),
		BOTH_APIS(remove_low_part_trims_region_start),
		BOTH_APIS(remove_overlapping_low_end_trims_region_start),
		BOTH_APIS(remove_high_part_trims_region_end),
		BOTH_APIS(remove_overlapping_high_end_trims_region_end),
		BOTH_APIS(remove_exactly_one_region_drops_it),
		BOTH_APIS(remove_range_larger_than_region_drops_it),
		BOTH_APIS(remove_across_two_regions_trims_both),
		BOTH_APIS(remove_across_several_regions_drops_inner_ones),
		BOTH_APIS(remove_hole_changes_nothing),
		BOTH_APIS(remove_on_empty_map_changes_nothing),
		BOTH_APIS(remove_everything_leaves_empty_type_with_zeroed_first_slot),
		BOTH_APIS(remove_piece_by_piece_tracks_total_size),
		BOTH_APIS(remove_split_halves_keep_nid_and_flags),
		BOTH_APIS(remove_leaves_reserved_alone),
		BOTH_APIS(remove_then_add_back_restores_merged_region),
		BOTH_APIS(remove_type_works_on_physmem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
