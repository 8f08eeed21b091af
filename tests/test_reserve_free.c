// SPDX-License-Identifier: MIT
/*
 * test_reserve_free.c - reserving and freeing: the same shapes as memory
 * on the reserved type, the node and flags each call stores, and kernel
 * reservations that keep apart from plain ones.  Both APIs.
 */
#include "support.h"

#include <linux/memblock.h>

#define NO NUMA_NO_NODE
#define KERN MEMBLOCK_RSRV_KERN

/* Reserved [0x1000, 0x5000) and [0x8000, 0xa000). */
static struct fix *seeded(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve(f->mb, 0x1000, 0x4000), 0);
	assert_int_equal(f->api->reserve(f->mb, 0x8000, 0x2000), 0);
	return f;
}

static void reserve_stores_no_node_and_no_flags(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve(f->mb, 0x3000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x3000, 0x1000, 0, NO });
	assert_empty(&f->mb->memory);
	assert_valid(f->mb);
}

static void reserve_outside_memory_is_recorded(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0x100000, 0x100000), 0);
	assert_int_equal(f->api->reserve(f->mb, 0x1000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, 0, NO });
	assert_int_equal(mb_reserved_size(f->mb), 0x1000);
	assert_valid(f->mb);
}

static void reserve_adjacent_ranges_merge(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve(f->mb, 0x5000, 0x3000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x9000, 0, NO });
	assert_valid(f->mb);
}

static void reserve_overlapping_ranges_merge(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve(f->mb, 0x4000, 0x5000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x9000, 0, NO });
	assert_int_equal(mb_reserved_size(f->mb), 0x9000);
	assert_valid(f->mb);
}

static void reserve_inside_existing_changes_nothing(void **state)
{
	struct fix *f = seeded(state);
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->reserve(f->mb, 0x2000, 0x1000), 0);
	assert_int_equal(f->api->reserve(f->mb, 0x8000, 0x2000), 0);
	snap_assert_same_map(&s, f->mb);
	snap_free(&s);
}

static void reserve_kern_sets_rsrv_kern_flag(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve_kern(f->mb, 0x2000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x2000, 0x1000, KERN, NO });
	assert_valid(f->mb);
}

static void reserve_kern_adjacent_to_plain_does_not_merge(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve_kern(f->mb, 0x5000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x4000, 0, NO },
		    { 0x5000, 0x1000, KERN, NO }, { 0x8000, 0x2000, 0, NO });
	assert_valid(f->mb);
}

static void reserve_kern_adjacent_to_kern_merges(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve_kern(f->mb, 0x5000, 0x1000), 0);
	assert_int_equal(f->api->reserve_kern(f->mb, 0x6000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x5000, 0x2000, KERN, NO });
	assert_valid(f->mb);
}

static void reserve_kern_over_plain_keeps_plain_part_plain(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve_kern(f->mb, 0x4000, 0x5000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x4000, 0, NO },
		    { 0x5000, 0x3000, KERN, NO }, { 0x8000, 0x2000, 0, NO });
	assert_int_equal(mb_reserved_size(f->mb), 0x9000);
	assert_valid(f->mb);
}

static void reserve_plain_over_kern_keeps_kern_part(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve_kern(f->mb, 0x3000, 0x1000), 0);
	assert_int_equal(f->api->reserve(f->mb, 0x2000, 0x3000), 0);
	assert_type(&f->mb->reserved, { 0x2000, 0x1000, 0, NO },
		    { 0x3000, 0x1000, KERN, NO }, { 0x4000, 0x1000, 0, NO });
	assert_valid(f->mb);
}

static void free_middle_splits_reservation(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->free(f->mb, 0x2000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, 0, NO },
		    { 0x3000, 0x2000, 0, NO }, { 0x8000, 0x2000, 0, NO });
	assert_int_equal(mb_reserved_size(f->mb), 0x5000);
	assert_valid(f->mb);
}

static void free_low_part_trims_reservation_start(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->free(f->mb, 0x0, 0x2000), 0);
	assert_type(&f->mb->reserved, { 0x2000, 0x3000, 0, NO },
		    { 0x8000, 0x2000, 0, NO });
	assert_valid(f->mb);
}

static void free_high_part_trims_reservation_end(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->free(f->mb, 0x9800, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x4000, 0, NO },
		    { 0x8000, 0x1800, 0, NO });
	assert_valid(f->mb);
}

static void free_exactly_one_reservation_drops_it(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->free(f->mb, 0x8000, 0x2000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x4000, 0, NO });
	assert_valid(f->mb);
}

static void free_across_several_reservations_drops_and_trims(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->reserve(f->mb, 0x6000, 0x1000), 0);
	assert_int_equal(f->api->free(f->mb, 0x4000, 0x5000), 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x3000, 0, NO },
		    { 0x9000, 0x1000, 0, NO });
	assert_int_equal(mb_reserved_size(f->mb), 0x4000);
	assert_valid(f->mb);
}

static void free_hole_changes_nothing(void **state)
{
	struct fix *f = seeded(state);
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->free(f->mb, 0x5000, 0x3000), 0);
	snap_assert_same_map(&s, f->mb);
	snap_free(&s);
}

static void free_everything_empties_reserved(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->free(f->mb, 0x1000, 0x9000), 0);
	assert_int_equal(f->mb->reserved.cnt, 0);
	assert_int_equal(f->mb->reserved.regions[0].base, 0);
	assert_int_equal(f->mb->reserved.regions[0].size, 0);
	assert_int_equal(mb_reserved_size(f->mb), 0);
	assert_valid(f->mb);
}

static void free_leaves_memory_alone(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(f->api->add(f->mb, 0x0, 0x10000), 0);
	assert_int_equal(f->api->free(f->mb, 0x0, 0x10000), 0);
	assert_empty(&f->mb->reserved);
	assert_type(&f->mb->memory, { 0x0, 0x10000, 0, MAX_NUMNODES });
	assert_valid(f->mb);
}

static void free_part_of_kern_reservation_keeps_flag_on_rest(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve_kern(f->mb, 0x4000, 0x4000), 0);
	assert_int_equal(f->api->free(f->mb, 0x5000, 0x1000), 0);
	assert_type(&f->mb->reserved, { 0x4000, 0x1000, KERN, NO },
		    { 0x6000, 0x2000, KERN, NO });
	assert_valid(f->mb);
}

static void memblock_free_takes_a_virtual_address(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(0x10000, 0x3000), 0);
	memblock_free(MEMBLOCK_ENV_PHYS_TO_VIRT(0x11000), 0x1000);
	assert_type(&memblock.reserved, { 0x10000, 0x1000, 0, NO },
		    { 0x12000, 0x1000, 0, NO });
	/* a NULL pointer is ignored, as in Linux */
	memblock_free(NULL, 0x1000);
	assert_int_equal(memblock.reserved.cnt, 2);
	assert_valid(&memblock);
}

static void reserve_node_stores_given_nid_and_flags(void **state)
{
	struct fix *f = *state;

	assert_int_equal(mb_reserve_node(f->mb, 0x1000, 0x1000, 3,
					 MEMBLOCK_RSRV_NOINIT),
			 0);
	assert_int_equal(mb_reserve_node(f->mb, 0x2000, 0x1000, 4,
					 MEMBLOCK_RSRV_NOINIT),
			 0);
	assert_type(&f->mb->reserved, { 0x1000, 0x1000, MEMBLOCK_RSRV_NOINIT, 3 },
		    { 0x2000, 0x1000, MEMBLOCK_RSRV_NOINIT, 4 });
	assert_valid(f->mb);
}

/*
 * Reserved bases rewritten in place, keeping count, sizes and order, as
 * code working on the array directly might: the free-gap index's stamps
 * do not see it, so its blocks now point at the wrong part of the array.
 * A reserve and a free must still find their places in the array.
 */
static void reserve_and_free_after_direct_base_edits_find_their_slots(
	void **state)
{
	const phys_addr_t mem = 0x800000, n = 200;
	struct memblock_type *r = &memblock.reserved;
	void *arena = phys_arena((size_t)mem, 0x1000);
	phys_addr_t at = MEMBLOCK_ENV_VIRT_TO_PHYS(arena), i;

	(void)state;
	reset_default();
	memblock_allow_resize(); /* reserved grows in the arena */
	assert_int_equal(memblock_add(at, mem), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(memblock_reserve(at + i * 0x4000, 0x1000), 0);
	/* The first allocation builds the index. */
	assert_true(memblock_phys_alloc(0x1000, 0x1000) > at + n * 0x4000);
	/* Squeeze the 200 regions to an 8 KiB stride. */
	for (i = 0; i < n; i++)
		r->regions[i].base = at + i * 0x2000;
	/* Into the hole between regions 149 and 150, then free region 100. */
	assert_int_equal(memblock_reserve(at + 149 * 0x2000 + 0x1800, 0x400), 0);
	assert_int_equal(r->regions[150].base, at + 149 * 0x2000 + 0x1800);
	assert_int_equal(r->regions[151].base, at + 150 * 0x2000);
	assert_int_equal(memblock_phys_free(at + 100 * 0x2000, 0x1000), 0);
	assert_int_equal(r->regions[99].base, at + 99 * 0x2000);
	assert_int_equal(r->regions[100].base, at + 101 * 0x2000);
	for (i = 1; i < r->cnt; i++)
		assert_true(r->regions[i - 1].base + r->regions[i - 1].size <
			    r->regions[i].base);
	reset_default();
	phys_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH_APIS(reserve_stores_no_node_and_no_flags),
		BOTH_APIS(reserve_outside_memory_is_recorded),
		BOTH_APIS(reserve_adjacent_ranges_merge),
		BOTH_APIS(reserve_overlapping_ranges_merge),
		BOTH_APIS(reserve_inside_existing_changes_nothing),
		BOTH_APIS(reserve_kern_sets_rsrv_kern_flag),
		BOTH_APIS(reserve_kern_adjacent_to_plain_does_not_merge),
		BOTH_APIS(reserve_kern_adjacent_to_kern_merges),
		BOTH_APIS(reserve_kern_over_plain_keeps_plain_part_plain),
		BOTH_APIS(reserve_plain_over_kern_keeps_kern_part),
		BOTH_APIS(free_middle_splits_reservation),
		BOTH_APIS(free_low_part_trims_reservation_start),
		BOTH_APIS(free_high_part_trims_reservation_end),
		BOTH_APIS(free_exactly_one_reservation_drops_it),
		BOTH_APIS(free_across_several_reservations_drops_and_trims),
		BOTH_APIS(free_hole_changes_nothing),
		BOTH_APIS(free_everything_empties_reserved),
		BOTH_APIS(free_leaves_memory_alone),
		BOTH_APIS(free_part_of_kern_reservation_keeps_flag_on_rest),
		LINUX_ONLY(memblock_free_takes_a_virtual_address),
		cmocka_unit_test(reserve_and_free_after_direct_base_edits_find_their_slots),
		INSTANCE_ONLY(reserve_node_stores_given_nid_and_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
