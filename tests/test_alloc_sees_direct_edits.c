// SPDX-License-Identifier: MIT
/*
 * test_alloc_sees_direct_edits.c - an allocation notices a memory region's
 * node or flags changed in place (memblock_set_region_node() or a plain
 * field write, as Linux arch code does), so it lands where Linux would put
 * it.  The free-gap index summarises reserved only; memory is read as it is
 * at each search.
 */
#include "support.h"

#include <linux/memblock.h>

#define PG ((phys_addr_t)0x1000)
#define MiB ((phys_addr_t)0x100000)

static void direct_node_edit_is_seen_by_the_next_allocation(void **state)
{
	phys_addr_t a;

	(void)state;
	reset_default();
	assert_int_equal(memblock_add_node(3 * MiB, MiB, 1, 0), 0);
	assert_int_equal(memblock_add_node(5 * MiB, PG, 1, 0), 0);
	assert_int_equal(memblock_add_node(6 * MiB, MiB, 0, 0), 0);
	assert_int_equal(memblock_add_node(7 * MiB + 0x10000, PG, 1, 0), 0);
	/* Walks past the two one-page regions of node 1, fits in the big one. */
	a = memblock_alloc_range_nid(2 * PG, PG, 0, MEMBLOCK_ALLOC_ANYWHERE, 1,
				     true);
	assert_int_equal(a, 4 * MiB - 2 * PG);
	/* NUMA set-up moves [6M, 7M) to node 1 in place. */
	memblock_set_region_node(&memblock.memory.regions[2], 1);
	a = memblock_alloc_range_nid(2 * PG, PG, 0, MEMBLOCK_ALLOC_ANYWHERE, 1,
				     true);
	assert_int_equal(a, 7 * MiB - 2 * PG);
}

static void direct_flag_edit_is_seen_by_the_next_allocation(void **state)
{
	phys_addr_t a;

	(void)state;
	reset_default();
	assert_int_equal(memblock_add(3 * MiB, MiB), 0);
	assert_int_equal(memblock_add_node(6 * MiB, MiB, MAX_NUMNODES,
					   MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(memblock_add(7 * MiB + 0x10000, PG), 0);
	a = memblock_phys_alloc(2 * PG, PG);
	assert_int_equal(a, 4 * MiB - 2 * PG);
	/* Firmware quirk code makes the NOMAP region ordinary memory. */
	memblock.memory.regions[1].flags = MEMBLOCK_NONE;
	a = memblock_phys_alloc(2 * PG, PG);
	assert_int_equal(a, 7 * MiB - 2 * PG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(direct_node_edit_is_seen_by_the_next_allocation),
		cmocka_unit_test(direct_flag_edit_is_seen_by_the_next_allocation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
