// SPDX-License-Identifier: MIT
/*
 * test_linux_api.c - the Linux names as Linux code uses them: the default
 * instance's layout, the switches and inline helpers of <linux/memblock.h>,
 * error returns passed through, and direct reads of the region arrays.
 */
#include "support.h"

#include <linux/memblock.h>

static int reset(void **state)
{
	(void)state;
	reset_default();
	return 0;
}

static void default_instance_starts_empty_with_linux_capacities(void **state)
{
	(void)state;
	assert_int_equal(memblock.memory.cnt, 0);
	assert_int_equal(memblock.reserved.cnt, 0);
	assert_int_equal(memblock.physmem.cnt, 0);
	assert_int_equal(memblock.memory.max, INIT_MEMBLOCK_MEMORY_REGIONS);
	assert_int_equal(memblock.reserved.max,
			 INIT_MEMBLOCK_RESERVED_REGIONS);
	assert_int_equal(memblock.physmem.max, INIT_PHYSMEM_REGIONS);
	assert_string_equal(memblock.memory.name, "memory");
	assert_string_equal(memblock.reserved.name, "reserved");
	assert_string_equal(memblock.physmem.name, "physmem");
	assert_int_equal(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
	assert_false(memblock_bottom_up());
	assert_valid(&memblock);
}

static void linux_code_reads_regions_directly(void **state)
{
	struct memblock_region *r;
	phys_addr_t sum = 0;

	(void)state;
	assert_int_equal(memblock_add(0x200000, 0x100000), 0);
	assert_int_equal(memblock_add(0x100000, 0x80000), 0);
	for_each_mem_region(r)
		sum += r->size;
	assert_int_equal(sum, memblock_phys_mem_size());
	assert_int_equal(memblock.memory.regions[0].base, 0x100000);
	assert_int_equal(memblock.memory.regions[1].base, 0x200000);
	assert_int_equal(memblock_get_region_node(&memblock.memory.regions[0]),
			 MAX_NUMNODES);
}

static void set_region_node_writes_nid(void **state)
{
	struct memblock_region r = { 0x1000, 0x1000, MEMBLOCK_NONE, 0 };

	(void)state;
	memblock_set_region_node(&r, 7);
	assert_int_equal(r.nid, 7);
	assert_int_equal(memblock_get_region_node(&r), 7);
}

static void region_flag_helpers_read_each_flag(void **state)
{
	struct memblock_region r = { 0, 0x1000, MEMBLOCK_NONE, 0 };

	(void)state;
	assert_false(memblock_is_hotpluggable(&r) || memblock_is_mirror(&r) ||
		     memblock_is_nomap(&r) || memblock_is_reserved_noinit(&r) ||
		     memblock_is_driver_managed(&r) ||
		     memblock_is_kho_scratch(&r));
	r.flags = MEMBLOCK_HOTPLUG;
	assert_true(memblock_is_hotpluggable(&r));
	r.flags = MEMBLOCK_MIRROR;
	assert_true(memblock_is_mirror(&r));
	r.flags = MEMBLOCK_NOMAP;
	assert_true(memblock_is_nomap(&r));
	r.flags = MEMBLOCK_RSRV_NOINIT;
	assert_true(memblock_is_reserved_noinit(&r));
	r.flags = MEMBLOCK_DRIVER_MANAGED;
	assert_true(memblock_is_driver_managed(&r));
	r.flags = MEMBLOCK_KHO_SCRATCH;
	assert_true(memblock_is_kho_scratch(&r));
	assert_false(memblock_is_nomap(&r));
}

static void region_pfn_helpers_round_memory_in_and_reserved_out(void **state)
{
	struct memblock_region r = { 0x1800, 0x2000, MEMBLOCK_NONE, 0 };

	(void)state;
	assert_int_equal(memblock_region_memory_base_pfn(&r), 2);
	assert_int_equal(memblock_region_memory_end_pfn(&r), 3);
	assert_int_equal(memblock_region_reserved_base_pfn(&r), 1);
	assert_int_equal(memblock_region_reserved_end_pfn(&r), 4);
	assert_int_equal(PFN_PHYS(3), 0x3000);
	assert_int_equal(PFN_UP(0x3001), 4);
	assert_int_equal(PFN_DOWN(0x3fff), 3);
	assert_int_equal(PAGE_SIZE, 1ul << PAGE_SHIFT);
}

static void switches_set_the_default_instance(void **state)
{
	(void)state;
	memblock_set_bottom_up(true);
	assert_true(memblock_bottom_up());
	assert_true(memblock.bottom_up);
	memblock_set_bottom_up(false);
	memblock_set_current_limit(0x8000000);
	assert_int_equal(memblock_get_current_limit(), 0x8000000);
	assert_int_equal(memblock.current_limit, 0x8000000);
	memblock_allow_resize();
	assert_true(memblock.priv.can_resize);
	memblock_set_kho_scratch_only();
	assert_true(memblock.priv.kho_scratch_only);
	memblock_clear_kho_scratch_only();
	assert_false(memblock.priv.kho_scratch_only);
	movable_node_enabled = true;
	assert_true(movable_node_is_enabled());
	movable_node_enabled = false;
}

static void mark_mirror_turns_on_mirror_preference(void **state)
{
	(void)state;
	assert_int_equal(memblock_add(0x100000, 0x100000), 0);
	assert_false(memblock.priv.has_mirror);
	assert_int_equal(memblock_mark_mirror(0x100000, 0x80000), 0);
	assert_true(memblock.priv.has_mirror);
	assert_type(&memblock.memory,
		    { 0x100000, 0x80000, MEMBLOCK_MIRROR, MAX_NUMNODES },
		    { 0x180000, 0x80000, 0, MAX_NUMNODES });
	assert_valid(&memblock);
}

static void errors_pass_through_as_negative_errno(void **state)
{
	unsigned long i;
	struct snap s;

	(void)state;
	for (i = 0; i < INIT_MEMBLOCK_MEMORY_REGIONS; i++)
		assert_int_equal(memblock_add(0x2000 * (i + 1), 0x1000), 0);
	snap_take(&s, &memblock);
	assert_int_equal(memblock_add(0x1000000, 0x1000), -12);
	assert_int_equal(memblock_remove(0x2000, 0x1000), -12);
	assert_int_equal(memblock_mark_nomap(0x2000, 0x1000), -12);
	assert_int_equal(memblock_add_node(0x1000000, 0x1000, -7, 0), -22);
	assert_int_equal(memblock_set_node(0x2000, 0x1000, &memblock.memory,
					   MAX_NUMNODES + 1),
			 -22);
	snap_assert_same(&s, &memblock);
	snap_free(&s);
}

static void set_node_on_foreign_type_is_rejected(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	assert_int_equal(mb_add(&t.mb, 0x1000, 0x1000), 0);
	assert_int_equal(memblock_set_node(0x1000, 0x1000, &t.mb.memory, 1),
			 -MB_EINVAL);
	assert_int_equal(t.mb.memory.regions[0].nid, MAX_NUMNODES);
	tmap_fini(&t);
}

static void overlaps_region_on_default_types(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(0x10000, 0x1000), 0);
	assert_true(memblock_overlaps_region(&memblock.reserved, 0xf000,
					     0x1001));
	assert_false(memblock_overlaps_region(&memblock.reserved, 0xf000,
					      0x1000));
	assert_false(memblock_overlaps_region(&memblock.memory, 0xf000,
					      0x10000));
}

static void free_virt_round_trips_a_reservation(void **state)
{
	(void)state;
	assert_int_equal(memblock_reserve(0x40000, 0x2000), 0);
	memblock_free(MEMBLOCK_ENV_PHYS_TO_VIRT(0x40000), 0x2000);
	assert_empty(&memblock.reserved);
	assert_valid(&memblock);
}

static void typical_boot_sequence_leaves_consistent_map(void **state)
{
	phys_addr_t s, e;
	phys_addr_t free_sum = 0;
	u64 i;

	(void)state;
	/* the QEMU i440fx map from the shared memblock=debug trace */
	assert_int_equal(memblock_reserve(0x1000000, 0x2600000), 0);
	assert_int_equal(memblock_reserve(0x0, 0x10000), 0);
	assert_int_equal(memblock_reserve(0x9f000, 0x61000), 0);
	assert_int_equal(memblock_reserve(0xf5470, 0x10), 0);
	assert_int_equal(memblock_reserve(0xf5480, 0xd8), 0);
	assert_int_equal(memblock_reserve(0x3600000, 0x9000), 0);
	assert_int_equal(memblock_add(0x1000, 0x9ec00), 0);
	assert_int_equal(memblock_add(0x100000, 0xbfee0000), 0);
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
	assert_int_equal(memblock_add(0x100000000ull, 0x40000000), 0);
#endif
	assert_int_equal(memblock.reserved.cnt, 3);
	assert_int_equal(memblock.reserved.regions[2].base, 0x1000000);
	assert_int_equal(memblock.reserved.regions[2].size, 0x2609000);
	assert_int_equal(memblock_reserved_size(), 0x267a000);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		free_sum += e - s;
	/* memory in [0x1000, 0x9fc00) and the rest minus reservations */
	assert_int_equal(free_sum, memblock_phys_mem_size() -
					   (0x9fc00 - 0x9f000) -
					   (0x10000 - 0x1000) - 0x2609000);
	assert_valid(&memblock);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, reset, reset)
	const struct CMUnitTest tests[] = {
		T(default_instance_starts_empty_with_linux_capacities),
		T(linux_code_reads_regions_directly),
		T(set_region_node_writes_nid),
		T(region_flag_helpers_read_each_flag),
		T(region_pfn_helpers_round_memory_in_and_reserved_out),
		T(switches_set_the_default_instance),
		T(mark_mirror_turns_on_mirror_preference),
		T(errors_pass_through_as_negative_errno),
		T(set_node_on_foreign_type_is_rejected),
		T(overlaps_region_on_default_types),
		T(free_virt_round_trips_a_reservation),
		T(typical_boot_sequence_leaves_consistent_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
