// SPDX-License-Identifier: MIT
/*
 * test_edges.c - the edges of the address space and of the arguments:
 * ranges at 0, ranges reaching or running past PHYS_ADDR_MAX (capped,
 * never wrapping), zero sizes (-MB_EINVAL in the instance API, a no-op in
 * the Linux API), invalid nodes and flags, mb_init's argument checks.
 * Values are written with PHYS_ADDR_MAX so they mean the top in both the
 * 64-bit and the 32-bit phys_addr_t builds.
 */
#include "support.h"

#include <string.h>

#include <linux/memblock.h>

#define NN MAX_NUMNODES
#define NO NUMA_NO_NODE
#define TOP PHYS_ADDR_MAX

/* ---- address 0 ---- */

static void add_at_zero_is_kept(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0, 0x1000), 0);
	assert_type(&f->mb->memory, { 0, 0x1000, 0, NN });
	assert_int_equal(mb_start_of_DRAM(f->mb), 0);
	assert_true(mb_is_memory(f->mb, 0));
	assert_valid(f->mb);
}

static void remove_at_zero_trims_region_start(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0, 0x4000), 0);
	assert_int_equal(f->api->remove(f->mb, 0, 0x1000), 0);
	assert_type(&f->mb->memory, { 0x1000, 0x3000, 0, NN });
	assert_valid(f->mb);
}

static void reserve_at_zero_and_free_it(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve(f->mb, 0, 0x10), 0);
	assert_true(mb_is_reserved(f->mb, 0));
	assert_int_equal(f->api->free(f->mb, 0, 0x10), 0);
	assert_empty(&f->mb->reserved);
	assert_valid(f->mb);
}

/* ---- the top of the address space ---- */

static void add_ending_exactly_at_top_is_kept_whole(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, TOP - 0xfff, 0xfff), 0);
	assert_type(&f->mb->memory, { TOP - 0xfff, 0xfff, 0, NN });
	assert_int_equal(mb_end_of_DRAM(f->mb), TOP);
	assert_true(mb_is_memory(f->mb, TOP - 1));
	assert_false(mb_is_memory(f->mb, TOP));
	assert_valid(f->mb);
}

static void add_running_past_top_is_capped_not_wrapped(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, TOP - 0xfff, 0x10000), 0);
	assert_type(&f->mb->memory, { TOP - 0xfff, 0xfff, 0, NN });
	/* nothing appeared at the bottom */
	assert_false(mb_is_memory(f->mb, 0));
	assert_valid(f->mb);
}

static void add_with_maximal_size_is_capped(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0x1000, TOP), 0);
	assert_type(&f->mb->memory, { 0x1000, TOP - 0x1000, 0, NN });
	assert_valid(f->mb);
}

static void add_whole_space_covers_all_but_the_last_byte(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0, TOP), 0);
	assert_type(&f->mb->memory, { 0, TOP, 0, NN });
	assert_int_equal(mb_phys_mem_size(f->mb), TOP);
	assert_int_equal(mb_end_of_DRAM(f->mb), TOP);
	assert_valid(f->mb);
}

static void add_at_top_address_is_a_no_op(void **state)
{
	struct fix *f = *state;
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->add(f->mb, TOP, 1), 0);
	assert_int_equal(f->api->add(f->mb, TOP, TOP), 0);
	assert_int_equal(f->api->reserve(f->mb, TOP, 0x1000), 0);
	assert_int_equal(f->api->remove(f->mb, TOP, 0x1000), 0);
	snap_assert_same_map(&s, f->mb);
	snap_free(&s);
}

static void remove_running_past_top_trims_top_region(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, TOP - 0x3fff, 0x3fff), 0);
	assert_int_equal(f->api->remove(f->mb, TOP - 0x1fff, 0x10000), 0);
	assert_type(&f->mb->memory, { TOP - 0x3fff, 0x2000, 0, NN });
	assert_valid(f->mb);
}

static void remove_middle_of_whole_space_splits_it(void **state)
{
	struct fix *f = *state;
	phys_addr_t mid = TOP / 2 + 1;

	assert_int_equal(f->api->add(f->mb, 0, TOP), 0);
	assert_int_equal(f->api->remove(f->mb, mid, 0x1000), 0);
	assert_type(&f->mb->memory, { 0, mid, 0, NN },
		    { mid + 0x1000, TOP - mid - 0x1000, 0, NN });
	assert_int_equal(mb_phys_mem_size(f->mb), TOP - 0x1000);
	assert_valid(f->mb);
}

static void reserve_and_free_past_top_are_capped(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->reserve(f->mb, TOP - 0x7ff, 0x1000), 0);
	assert_type(&f->mb->reserved, { TOP - 0x7ff, 0x7ff, 0, NO });
	assert_int_equal(f->api->free(f->mb, TOP - 0x3ff, TOP), 0);
	assert_type(&f->mb->reserved, { TOP - 0x7ff, 0x400, 0, NO });
	assert_valid(f->mb);
}

static void mark_and_set_node_past_top_are_capped(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, TOP - 0x1fff, 0x1fff), 0);
	assert_int_equal(f->api->flag(f->mb, false, TOP - 0xfff, 0x2000,
				      MEMBLOCK_HOTPLUG, true),
			 0);
	assert_int_equal(f->api->set_node(f->mb, &f->mb->memory, TOP - 0xfff,
					  TOP, 3),
			 0);
	assert_type(&f->mb->memory, { TOP - 0x1fff, 0x1000, 0, NN },
		    { TOP - 0xfff, 0xfff, MEMBLOCK_HOTPLUG, 3 });
	assert_valid(f->mb);
}

static void queries_at_top_do_not_wrap(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, TOP - 0xfff, 0xfff), 0);
	assert_int_equal(f->api->reserve(f->mb, TOP - 0xff, 0xff), 0);
	assert_true(mb_is_region_memory(f->mb, TOP - 0xfff, 0x10000));
	assert_true(mb_is_region_memory(f->mb, TOP - 1, TOP));
	assert_true(mb_overlaps_region(&f->mb->memory, TOP - 1, TOP));
	assert_false(mb_overlaps_region(&f->mb->memory, TOP, TOP));
	assert_true(mb_is_region_reserved(f->mb, TOP - 0x100, 0x10000));
	assert_false(mb_is_region_reserved(f->mb, 0, TOP - 0xff));
	assert_true(mb_is_region_reserved(f->mb, 0, TOP));
	assert_false(mb_is_reserved(f->mb, TOP));
}

static void free_range_reaches_top_and_stops(void **state)
{
	struct fix *f = *state;
	phys_addr_t s = 0, e = 0;
	uint64_t i = 0;
	int n = 0;

	assert_int_equal(f->api->add(f->mb, TOP - 0xfff, 0xfff), 0);
	assert_int_equal(f->api->reserve(f->mb, TOP - 0xfff, 0x10), 0);
	for (mb_next_range(f->mb, &i, NO, 0, &f->mb->memory, &f->mb->reserved,
			   &s, &e, NULL);
	     i != UINT64_MAX;
	     mb_next_range(f->mb, &i, NO, 0, &f->mb->memory, &f->mb->reserved,
			   &s, &e, NULL))
		n++;
	assert_int_equal(n, 1);
	assert_int_equal(s, TOP - 0xfef);
	assert_int_equal(e, TOP);
	i = UINT64_MAX;
	mb_next_range_rev(f->mb, &i, NO, 0, &f->mb->memory, &f->mb->reserved,
			  &s, &e, NULL);
	assert_true(i != UINT64_MAX);
	assert_int_equal(s, TOP - 0xfef);
	assert_int_equal(e, TOP);
	mb_next_range_rev(f->mb, &i, NO, 0, &f->mb->memory, &f->mb->reserved,
			  &s, &e, NULL);
	assert_true(i == UINT64_MAX);
}

#ifndef MEMBLOCK_PHYS_ADDR_32BIT
static void add_above_4g_is_kept_in_64_bit_builds(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0x100000000ull, 0x40000000), 0);
	assert_int_equal(f->api->add(f->mb, 0xfff00000ull, 0x100000), 0);
	assert_type(&f->mb->memory, { 0xfff00000ull, 0x40100000, 0, NN });
	assert_valid(f->mb);
}
#endif

/* ---- zero sizes ---- */

static void zero_size_changes_are_einval_in_instance_api(void **state)
{
	struct fix *f = *state;
	struct memblock *mb = f->mb;
	struct snap s;

	assert_int_equal(mb_add(mb, 0x1000, 0x1000), 0);
	assert_int_equal(mb_reserve(mb, 0x1000, 0x10), 0);
	snap_take(&s, mb);
	assert_int_equal(mb_add(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_add_node(mb, 0x1000, 0, 0, 0), -MB_EINVAL);
	assert_int_equal(mb_remove(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_reserve(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_reserve_kern(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_reserve_node(mb, 0x1000, 0, 0, 0), -MB_EINVAL);
	assert_int_equal(mb_free(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_physmem_add(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_set_flags(mb, &mb->memory, 0x1000, 0,
				      MEMBLOCK_NOMAP),
			 -MB_EINVAL);
	assert_int_equal(mb_clear_flags(mb, &mb->memory, 0x1000, 0,
					MEMBLOCK_NOMAP),
			 -MB_EINVAL);
	assert_int_equal(mb_mark_mirror(mb, 0x1000, 0), -MB_EINVAL);
	assert_int_equal(mb_set_node(mb, &mb->memory, 0x1000, 0, 1),
			 -MB_EINVAL);
	assert_int_equal(mb_add_type(mb, &mb->reserved, 0x1000, 0, 0, 0),
			 -MB_EINVAL);
	assert_int_equal(mb_remove_type(mb, &mb->reserved, 0x1000, 0),
			 -MB_EINVAL);
	snap_assert_same(&s, mb);
	snap_free(&s);
}

static void zero_size_changes_are_no_ops_in_linux_api(void **state)
{
	struct snap s;

	(void)state;
	assert_int_equal(memblock_add(0x1000, 0x1000), 0);
	assert_int_equal(memblock_reserve(0x1000, 0x10), 0);
	snap_take(&s, &memblock);
	assert_int_equal(memblock_add(0x1000, 0), 0);
	assert_int_equal(memblock_add_node(0x1000, 0, 0, 0), 0);
	assert_int_equal(memblock_remove(0x1000, 0), 0);
	assert_int_equal(memblock_reserve(0x1000, 0), 0);
	assert_int_equal(memblock_reserve_kern(0x1000, 0), 0);
	assert_int_equal(memblock_phys_free(0x1000, 0), 0);
	assert_int_equal(memblock_physmem_add(0x1000, 0), 0);
	assert_int_equal(memblock_mark_hotplug(0x1000, 0), 0);
	assert_int_equal(memblock_clear_hotplug(0x1000, 0), 0);
	assert_int_equal(memblock_mark_mirror(0x1000, 0), 0);
	assert_int_equal(memblock_mark_nomap(0x1000, 0), 0);
	assert_int_equal(memblock_clear_nomap(0x1000, 0), 0);
	assert_int_equal(memblock_reserved_mark_noinit(0x1000, 0), 0);
	assert_int_equal(memblock_reserved_mark_kern(0x1000, 0), 0);
	assert_int_equal(memblock_mark_kho_scratch(0x1000, 0), 0);
	assert_int_equal(memblock_clear_kho_scratch(0x1000, 0), 0);
	assert_int_equal(memblock_set_node(0x1000, 0, &memblock.memory, 1), 0);
	memblock_free(MEMBLOCK_ENV_PHYS_TO_VIRT(0x1000), 0);
	snap_assert_same(&s, &memblock);
	snap_free(&s);
}

/* ---- invalid nodes and flags ---- */

static void add_node_with_invalid_nid_is_rejected_unchanged(void **state)
{
	struct fix *f = *state;
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, -2, 0),
			 -MB_EINVAL);
	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, NN + 1, 0),
			 -MB_EINVAL);
	snap_assert_same(&s, f->mb);
	snap_free(&s);
	/* the ends of the valid range are accepted */
	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, NO, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x3000, 0x1000, NN, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x5000, 0x1000, NN - 1, 0),
			 0);
	assert_int_equal(f->mb->memory.cnt, 3);
}

static void add_node_with_unknown_flag_is_rejected_unchanged(void **state)
{
	struct fix *f = *state;
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 0,
					  (enum memblock_flags)0x100),
			 -MB_EINVAL);
	snap_assert_same(&s, f->mb);
	snap_free(&s);
	assert_int_equal(f->api->add_node(f->mb, 0x1000, 0x1000, 0,
					  (enum memblock_flags)0xff),
			 0);
	assert_type(&f->mb->memory, { 0x1000, 0x1000, 0xff, 0 });
}

static void reserve_node_with_invalid_nid_or_flag_is_rejected(void **state)
{
	struct fix *f = *state;
	struct snap s;

	snap_take(&s, f->mb);
	assert_int_equal(mb_reserve_node(f->mb, 0x1000, 0x1000, -5, 0),
			 -MB_EINVAL);
	assert_int_equal(mb_reserve_node(f->mb, 0x1000, 0x1000, 0,
					 (enum memblock_flags)0x200),
			 -MB_EINVAL);
	snap_assert_same(&s, f->mb);
	snap_free(&s);
}

/* ---- mb_init ---- */

static void init_rejects_missing_or_too_small_arrays(void **state)
{
	struct memblock_region a[4], b[4], c[4];
	struct memblock mb;

	(void)state;
	assert_int_equal(mb_init(NULL, a, 4, b, 4, NULL, 0), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, NULL, 4, b, 4, NULL, 0), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, a, 4, NULL, 4, NULL, 0), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, a, 1, b, 4, NULL, 0), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, a, 4, b, 1, NULL, 0), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, a, 4, b, 4, NULL, 2), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, a, 4, b, 4, c, 1), -MB_EINVAL);
	assert_int_equal(mb_init(&mb, a, 2, b, 2, NULL, 0), 0);
	assert_int_equal(mb_init(&mb, a, 4, b, 4, c, 4), 0);
	assert_int_equal(mb.current_limit, MEMBLOCK_ALLOC_ANYWHERE);
	assert_false(mb.bottom_up);
	assert_valid(&mb);
}

static void init_zeroes_arrays_and_discards_old_content(void **state)
{
	struct memblock_region a[4], b[4];
	struct memblock mb;

	(void)state;
	memset(a, 0xa5, sizeof(a));
	memset(b, 0x5a, sizeof(b));
	assert_int_equal(mb_init(&mb, a, 4, b, 4, NULL, 0), 0);
	assert_int_equal(mb_add(&mb, 0x1000, 0x1000), 0);
	assert_int_equal(mb_init(&mb, a, 4, b, 4, NULL, 0), 0);
	assert_int_equal(mb.memory.cnt, 0);
	assert_int_equal(a[0].base, 0);
	assert_int_equal(a[3].size, 0);
	assert_int_equal(b[3].base, 0);
	assert_valid(&mb);
}

static void instance_without_physmem_rejects_physmem_add(void **state)
{
	struct memblock_region a[4], b[4];
	struct memblock mb;
	struct snap s;

	(void)state;
	assert_int_equal(mb_init(&mb, a, 4, b, 4, NULL, 0), 0);
	snap_take(&s, &mb);
	assert_int_equal(mb_physmem_add(&mb, 0x1000, 0x1000), -MB_ENOMEM);
	snap_assert_same(&s, &mb);
	snap_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH_APIS(add_at_zero_is_kept),
		BOTH_APIS(remove_at_zero_trims_region_start),
		BOTH_APIS(reserve_at_zero_and_free_it),
		BOTH_APIS(add_ending_exactly_at_top_is_kept_whole),
		BOTH_APIS(add_running_past_top_is_capped_not_wrapped),
		BOTH_APIS(add_with_maximal_size_is_capped),
		BOTH_APIS(add_whole_space_covers_all_but_the_last_byte),
		BOTH_APIS(add_at_top_address_is_a_no_op),
		BOTH_APIS(remove_running_past_top_trims_top_region),
		BOTH_APIS(remove_middle_of_whole_space_splits_it),
		BOTH_APIS(reserve_and_free_past_top_are_capped),
		BOTH_APIS(mark_and_set_node_past_top_are_capped),
		BOTH_APIS(queries_at_top_do_not_wrap),
		BOTH_APIS(free_range_reaches_top_and_stops),
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
		BOTH_APIS(add_above_4g_is_kept_in_64_bit_builds),
#endif
		INSTANCE_ONLY(zero_size_changes_are_einval_in_instance_api),
		LINUX_ONLY(zero_size_changes_are_no_ops_in_linux_api),
		BOTH_APIS(add_node_with_invalid_nid_is_rejected_unchanged),
		BOTH_APIS(add_node_with_unknown_flag_is_rejected_unchanged),
		INSTANCE_ONLY(reserve_node_with_invalid_nid_or_flag_is_rejected),
		cmocka_unit_test(init_rejects_missing_or_too_small_arrays),
		cmocka_unit_test(init_zeroes_arrays_and_discards_old_content),
		cmocka_unit_test(instance_without_physmem_rejects_physmem_add),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
