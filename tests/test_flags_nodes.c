// SPDX-License-Identifier: MIT
/*
 * test_flags_nodes.c - marking and clearing region flags, and assigning
 * nodes: whole regions, partial ranges that split, clears and node changes
 * that merge again, bad arguments.  Both APIs.
 */
#include "support.h"

#include <linux/memblock.h>

#define NN MAX_NUMNODES
#define NO NUMA_NO_NODE

/* Memory [0x10000, 0x20000) on node 0. */
static struct fix *seeded(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add_node(f->mb, 0x10000, 0x10000, 0, 0), 0);
	return f;
}

static void flag_values_equal_linux(void **state)
{
	(void)state;
	assert_int_equal(MEMBLOCK_NONE, 0x0);
	assert_int_equal(MEMBLOCK_HOTPLUG, 0x1);
	assert_int_equal(MEMBLOCK_MIRROR, 0x2);
	assert_int_equal(MEMBLOCK_NOMAP, 0x4);
	assert_int_equal(MEMBLOCK_DRIVER_MANAGED, 0x8);
	assert_int_equal(MEMBLOCK_RSRV_NOINIT, 0x10);
	assert_int_equal(MEMBLOCK_RSRV_KERN, 0x20);
	assert_int_equal(MEMBLOCK_KHO_SCRATCH, 0x40);
	assert_int_equal(MEMBLOCK_RSRV_HUGETLB, 0x80);
}

/* Mark the middle of the seeded region, then clear it again. */
static void mark_middle_then_clear(struct fix *f, enum memblock_flags fl)
{
	assert_int_equal(f->api->flag(f->mb, false, 0x14000, 0x4000, fl, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, 0, 0 },
		    { 0x14000, 0x4000, fl, 0 }, { 0x18000, 0x8000, 0, 0 });
	assert_valid(f->mb);
	assert_int_equal(f->api->flag(f->mb, false, 0x14000, 0x4000, fl,
				      false),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x10000, 0, 0 });
	assert_valid(f->mb);
}

static void mark_hotplug_part_splits_and_clear_merges_back(void **state)
{
	mark_middle_then_clear(seeded(state), MEMBLOCK_HOTPLUG);
}

static void mark_nomap_part_splits_and_clear_merges_back(void **state)
{
	mark_middle_then_clear(seeded(state), MEMBLOCK_NOMAP);
}

static void mark_kho_scratch_part_splits_and_clear_merges_back(void **state)
{
	mark_middle_then_clear(seeded(state), MEMBLOCK_KHO_SCRATCH);
}

static void mark_hotplug_whole_region_keeps_one_region(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x10000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x10000, MEMBLOCK_HOTPLUG, 0 });
	assert_valid(f->mb);
}

static void mark_low_part_splits_in_two(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->flag(f->mb, false, 0x8000, 0x10000,
				      MEMBLOCK_NOMAP, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x8000, MEMBLOCK_NOMAP, 0 },
		    { 0x18000, 0x8000, 0, 0 });
	assert_valid(f->mb);
}

static void mark_high_part_splits_in_two(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->flag(f->mb, false, 0x1c000, 0x10000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0xc000, 0, 0 },
		    { 0x1c000, 0x4000, MEMBLOCK_HOTPLUG, 0 });
	assert_valid(f->mb);
}

static void mark_mirror_sets_flag_and_prefers_mirror(void **state)
{
	struct fix *f = seeded(state);

	assert_false(f->mb->priv.has_mirror);
	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x8000,
				      MEMBLOCK_MIRROR, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x8000, MEMBLOCK_MIRROR, 0 },
		    { 0x18000, 0x8000, 0, 0 });
	assert_true(f->mb->priv.has_mirror);
	assert_valid(f->mb);
}

static void add_node_with_mirror_flag_does_not_prefer_mirror(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add_node(f->mb, 0x10000, 0x1000, 0,
					  MEMBLOCK_MIRROR),
			 0);
	assert_false(f->mb->priv.has_mirror);
	assert_valid(f->mb);
}

static void flags_accumulate_and_clear_one_keeps_others(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x10000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x10000,
				      MEMBLOCK_NOMAP, true),
			 0);
	assert_type(&f->mb->memory,
		    { 0x10000, 0x10000, MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP, 0 });
	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x10000,
				      MEMBLOCK_HOTPLUG, false),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x10000, MEMBLOCK_NOMAP, 0 });
	assert_valid(f->mb);
}

static void mark_joining_region_merges_with_marked_neighbour(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x8000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	assert_int_equal(f->mb->memory.cnt, 2);
	assert_int_equal(f->api->flag(f->mb, false, 0x18000, 0x8000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x10000, MEMBLOCK_HOTPLUG, 0 });
	assert_valid(f->mb);
}

static void mark_across_hole_marks_only_existing_memory(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->add_node(f->mb, 0x30000, 0x10000, 0, 0), 0);
	assert_int_equal(f->api->flag(f->mb, false, 0x18000, 0x20000,
				      MEMBLOCK_NOMAP, true),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x8000, 0, 0 },
		    { 0x18000, 0x8000, MEMBLOCK_NOMAP, 0 },
		    { 0x30000, 0x8000, MEMBLOCK_NOMAP, 0 },
		    { 0x38000, 0x8000, 0, 0 });
	assert_int_equal(f->mb->memory.total_size, 0x20000);
	assert_valid(f->mb);
}

static void mark_on_empty_map_changes_nothing(void **state)
{
	struct fix *f = *state;
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->flag(f->mb, false, 0x1000, 0x1000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	snap_assert_same_map(&s, f->mb);
	snap_free(&s);
}

static void mark_memory_does_not_touch_reserved(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve(f->mb, 0x10000, 0x1000), 0);
	assert_int_equal(f->api->flag(f->mb, false, 0x10000, 0x10000,
				      MEMBLOCK_NOMAP, true),
			 0);
	assert_type(&f->mb->reserved, { 0x10000, 0x1000, 0, NO });
	assert_valid(f->mb);
}

static void reserved_mark_noinit_part_splits_reservation(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve(f->mb, 0x1000, 0x3000), 0);
	assert_int_equal(f->api->flag(f->mb, true, 0x2000, 0x1000,
				      MEMBLOCK_RSRV_NOINIT, true),
			 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, 0, NO },
		    { 0x2000, 0x1000, MEMBLOCK_RSRV_NOINIT, NO },
		    { 0x3000, 0x1000, 0, NO });
	assert_empty(&f->mb->memory);
	assert_valid(f->mb);
}

static void reserved_mark_kern_merges_with_kern_neighbour(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve_kern(f->mb, 0x1000, 0x1000), 0);
	assert_int_equal(f->api->reserve(f->mb, 0x2000, 0x1000), 0);
	assert_int_equal(f->mb->reserved.cnt, 2);
	assert_int_equal(f->api->flag(f->mb, true, 0x2000, 0x1000,
				      MEMBLOCK_RSRV_KERN, true),
			 0);
	assert_type(&f->mb->reserved,
		    { 0x1000, 0x2000, MEMBLOCK_RSRV_KERN, NO });
	assert_valid(f->mb);
}

static void set_flags_with_unknown_bit_is_rejected_unchanged(void **state)
{
	struct fix *f = seeded(state);
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(mb_set_flags(f->mb, &f->mb->memory, 0x10000, 0x1000,
				      (enum memblock_flags)0x100),
			 -MB_EINVAL);
	assert_int_equal(mb_clear_flags(f->mb, &f->mb->memory, 0x10000,
					0x1000, (enum memblock_flags)0x100),
			 -MB_EINVAL);
	snap_assert_same(&s, f->mb);
	snap_free(&s);
}

static void set_node_on_part_splits_by_node(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x14000,
					  0x4000, 1),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, 0, 0 },
		    { 0x14000, 0x4000, 0, 1 }, { 0x18000, 0x8000, 0, 0 });
	assert_valid(f->mb);
}

static void set_node_back_to_equal_nid_merges(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x14000,
					  0x4000, 1),
			 0);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x10000,
					  0x10000, 1),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x10000, 0, 1 });
	assert_valid(f->mb);
}

static void set_node_joins_separately_added_regions(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0x1000, 0x1000), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x2000, 0x1000, 4, 0), 0);
	assert_int_equal(f->mb->memory.cnt, 2);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x1000,
					  0x1000, 4),
			 0);
	assert_type(&f->mb->memory, { 0x1000, 0x2000, 0, 4 });
	assert_valid(f->mb);
}

static void set_node_keeps_flags(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x2000, NN,
					  MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x1000,
					  0x1000, 2),
			 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, MEMBLOCK_HOTPLUG, 2 },
		    { 0x2000, 0x1000, MEMBLOCK_HOTPLUG, NN });
	assert_valid(f->mb);
}

static void set_node_on_reserved_splits_reservation(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve(f->mb, 0x1000, 0x2000), 0);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->reserved, 0x2000,
					  0x1000, 3),
			 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, 0, NO },
		    { 0x2000, 0x1000, 0, 3 });
	assert_valid(f->mb);
}

static void set_node_accepts_no_node_and_max_numnodes(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x10000,
					  0x8000, NO),
			 0);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x18000,
					  0x8000, NN),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x8000, 0, NO },
		    { 0x18000, 0x8000, 0, NN });
	assert_valid(f->mb);
}

static void set_node_with_invalid_nid_is_rejected_unchanged(void **state)
{
	struct fix *f = seeded(state);
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x10000,
					  0x1000, NN + 1),
			 -MB_EINVAL);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x10000,
					  0x1000, -2),
			 -MB_EINVAL);
	snap_assert_same(&s, f->mb);
	snap_free(&s);
}

static void set_node_over_hole_creates_no_region(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, 0x0, 0x14000,
					  5),
			 0);
	assert_type(&f->mb->memory, { 0x10000, 0x4000, 0, 5 },
		    { 0x14000, 0xc000, 0, 0 });
	assert_valid(f->mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flag_values_equal_linux),
		BOTH_APIS(mark_hotplug_part_splits_and_clear_merges_back),
		BOTH_APIS(mark_nomap_part_splits_and_clear_merges_back),
		BOTH_APIS(mark_kho_scratch_part_splits_and_clear_merges_back),
		BOTH_APIS(mark_hotplug_whole_region_keeps_one_region),
		BOTH_APIS(mark_low_part_splits_in_two),
		BOTH_APIS(mark_high_part_splits_in_two),
		BOTH_APIS(mark_mirror_sets_flag_and_prefers_mirror),
		BOTH_APIS(add_node_with_mirror_flag_does_not_prefer_mirror),
		BOTH_APIS(flags_accumulate_and_clear_one_keeps_others),
		BOTH_APIS(mark_joining_region_merges_with_marked_neighbour),
		BOTH_APIS(mark_across_hole_marks_only_existing_memory),
		BOTH_APIS(mark_on_empty_map_changes_nothing),
		BOTH_APIS(mark_memory_does_not_touch_reserved),
		BOTH_APIS(reserved_mark_noinit_part_splits_reservation),
		BOTH_APIS(reserved_mark_kern_merges_with_kern_neighbour),
		INSTANCE_ONLY(set_flags_with_unknown_bit_is_rejected_unchanged),
		BOTH_APIS(set_node_on_part_splits_by_node),
		BOTH_APIS(set_node_back_to_equal_nid_merges),
		BOTH_APIS(set_node_joins_separately_added_regions),
		BOTH_APIS(set_node_keeps_flags),
		BOTH_APIS(set_node_on_reserved_splits_reservation),
		BOTH_APIS(set_node_accepts_no_node_and_max_numnodes),
		BOTH_APIS(set_node_with_invalid_nid_is_rejected_unchanged),
		BOTH_APIS(set_node_over_hole_creates_no_region),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
