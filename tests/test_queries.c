// SPDX-License-Identifier: MIT
/*
 * test_queries.c - the read-only questions: sizes, DRAM bounds, membership
 * of addresses and ranges, overlaps, and the node of a page; on an empty
 * map and on a populated one, through mb_* and the Linux names.
 */
#include "support.h"

#include <limits.h>
#include <linux/memblock.h>

#define NN MAX_NUMNODES

/* Each query as the fixture's API asks it. */
static phys_addr_t start_dram(struct fix *f)
{
	return f->api->linux_names ? memblock_start_of_DRAM()
				   : mb_start_of_DRAM(f->mb);
}

static phys_addr_t end_dram(struct fix *f)
{
	return f->api->linux_names ? memblock_end_of_DRAM()
				   : mb_end_of_DRAM(f->mb);
}

static phys_addr_t mem_size(struct fix *f)
{
	return f->api->linux_names ? memblock_phys_mem_size()
				   : mb_phys_mem_size(f->mb);
}

static phys_addr_t rsv_size(struct fix *f)
{
	return f->api->linux_names ? memblock_reserved_size()
				   : mb_reserved_size(f->mb);
}

static bool is_mem(struct fix *f, phys_addr_t a)
{
	return f->api->linux_names ? memblock_is_memory(a)
				   : mb_is_memory(f->mb, a);
}

static bool is_map(struct fix *f, phys_addr_t a)
{
	return f->api->linux_names ? memblock_is_map_memory(a)
				   : mb_is_map_memory(f->mb, a);
}

static bool is_region_mem(struct fix *f, phys_addr_t b, phys_addr_t s)
{
	return f->api->linux_names ? memblock_is_region_memory(b, s)
				   : mb_is_region_memory(f->mb, b, s);
}

static bool is_rsv(struct fix *f, phys_addr_t a)
{
	return f->api->linux_names ? memblock_is_reserved(a)
				   : mb_is_reserved(f->mb, a);
}

static bool is_region_rsv(struct fix *f, phys_addr_t b, phys_addr_t s)
{
	return f->api->linux_names ? memblock_is_region_reserved(b, s)
				   : mb_is_region_reserved(f->mb, b, s);
}

static bool overlaps(struct fix *f, phys_addr_t b, phys_addr_t s)
{
	return f->api->linux_names
		       ? memblock_overlaps_region(&memblock.memory, b, s)
		       : mb_overlaps_region(&f->mb->memory, b, s);
}

static int pfn_nid(struct fix *f, unsigned long pfn, unsigned long *s,
		   unsigned long *e)
{
	return f->api->linux_names ? memblock_search_pfn_nid(pfn, s, e)
				   : mb_search_pfn_nid(f->mb, pfn, s, e);
}

/*
 * Memory [0x10000, 0x20000) node 0, [0x20000, 0x30000) node 1 (adjacent,
 * not merged), [0x40000, 0x50000) NOMAP on node 1; reserved
 * [0x12000, 0x13000) and [0x40000, 0x41000).
 */
static struct fix *seeded(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add_node(f->mb, 0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x20000, 0x10000, 1, 0), 0);
	assert_int_equal(f->api->add_node(f->mb, 0x40000, 0x10000, 1,
					  MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(f->api->reserve(f->mb, 0x12000, 0x1000), 0);
	assert_int_equal(f->api->reserve(f->mb, 0x40000, 0x1000), 0);
	assert_valid(f->mb);
	return f;
}

static void fresh_map_is_empty_with_zeroed_first_slot(void **state)
{
	struct fix *f = *state;
	const struct memblock_type *ts[3] = { &f->mb->memory,
					      &f->mb->reserved,
					      &f->mb->physmem };
	int i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(ts[i]->cnt, 0);
		assert_int_equal(ts[i]->total_size, 0);
		assert_int_equal(ts[i]->regions[0].base, 0);
		assert_int_equal(ts[i]->regions[0].size, 0);
		assert_int_equal(ts[i]->regions[0].flags, 0);
	}
	assert_string_equal(f->mb->memory.name, "memory");
	assert_string_equal(f->mb->reserved.name, "reserved");
	assert_string_equal(f->mb->physmem.name, "physmem");
	assert_valid(f->mb);
}

static void empty_map_has_zero_sizes_and_dram_bounds(void **state)
{
	struct fix *f = *state;

	assert_int_equal(mem_size(f), 0);
	assert_int_equal(rsv_size(f), 0);
	assert_int_equal(start_dram(f), 0);
	assert_int_equal(end_dram(f), 0);
}

static void empty_map_answers_no_to_every_membership_query(void **state)
{
	struct fix *f = *state;
	unsigned long s = 7, e = 7;

	assert_false(is_mem(f, 0));
	assert_false(is_map(f, 0));
	assert_false(is_region_mem(f, 0, 0x1000));
	assert_false(is_rsv(f, 0));
	assert_false(is_region_rsv(f, 0, 0x1000));
	assert_false(overlaps(f, 0, PHYS_ADDR_MAX));
	assert_int_equal(pfn_nid(f, 0, &s, &e), NUMA_NO_NODE);
	assert_int_equal(s, 7);
	assert_int_equal(e, 7);
	assert_int_equal(mb_search(&f->mb->memory, 0), -1);
}

static void sizes_follow_the_totals(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(mem_size(f), 0x30000);
	assert_int_equal(rsv_size(f), 0x2000);
}

static void dram_bounds_are_lowest_base_and_highest_end(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(start_dram(f), 0x10000);
	assert_int_equal(end_dram(f), 0x50000);
}

static void is_memory_covers_base_to_end_minus_one(void **state)
{
	struct fix *f = seeded(state);

	assert_false(is_mem(f, 0xffff));
	assert_true(is_mem(f, 0x10000));
	assert_true(is_mem(f, 0x2ffff));
	assert_false(is_mem(f, 0x30000));
	assert_false(is_mem(f, 0x3ffff));
	assert_true(is_mem(f, 0x40000)); /* NOMAP is still memory */
	assert_true(is_mem(f, 0x4ffff));
	assert_false(is_mem(f, 0x50000));
}

static void is_map_memory_is_false_on_nomap_and_in_holes(void **state)
{
	struct fix *f = seeded(state);

	assert_true(is_map(f, 0x10000));
	assert_true(is_map(f, 0x2ffff));
	assert_false(is_map(f, 0x30000));
	assert_false(is_map(f, 0x40000));
	assert_false(is_map(f, 0x48000));
}

static void is_region_memory_true_inside_one_region(void **state)
{
	struct fix *f = seeded(state);

	assert_true(is_region_mem(f, 0x10000, 0x10000));
	assert_true(is_region_mem(f, 0x11000, 0x1000));
	assert_true(is_region_mem(f, 0x40000, 0x10000));
}

static void is_region_memory_false_across_two_unmerged_regions(void **state)
{
	struct fix *f = seeded(state);

	/* [0x1f000, 0x21000) is all memory, but in two regions */
	assert_true(is_mem(f, 0x1f000) && is_mem(f, 0x20fff));
	assert_false(is_region_mem(f, 0x1f000, 0x2000));
}

static void is_region_memory_false_past_end_or_from_hole(void **state)
{
	struct fix *f = seeded(state);

	assert_false(is_region_mem(f, 0x4f000, 0x2000));
	assert_false(is_region_mem(f, 0x3f000, 0x2000));
	assert_false(is_region_mem(f, 0x0, 0x20000));
}

static void is_region_memory_zero_size_inside_is_true(void **state)
{
	struct fix *f = seeded(state);

	assert_true(is_region_mem(f, 0x18000, 0));
	assert_false(is_region_mem(f, 0x38000, 0));
}

static void is_reserved_covers_reservations_only(void **state)
{
	struct fix *f = seeded(state);

	assert_false(is_rsv(f, 0x11fff));
	assert_true(is_rsv(f, 0x12000));
	assert_true(is_rsv(f, 0x12fff));
	assert_false(is_rsv(f, 0x13000));
	assert_true(is_rsv(f, 0x40000));
	assert_false(is_rsv(f, 0x20000));
}

static void is_region_reserved_true_on_any_overlap(void **state)
{
	struct fix *f = seeded(state);

	assert_true(is_region_rsv(f, 0x11000, 0x1001));
	assert_true(is_region_rsv(f, 0x12fff, 0x10));
	assert_true(is_region_rsv(f, 0x0, 0x100000));
	assert_false(is_region_rsv(f, 0x11000, 0x1000)); /* touches below */
	assert_false(is_region_rsv(f, 0x13000, 0x1000)); /* touches above */
	assert_false(is_region_rsv(f, 0x14000, 0x2c000));
}

static void overlaps_region_counts_zero_size_strictly_inside(void **state)
{
	struct fix *f = seeded(state);

	assert_true(overlaps(f, 0x18000, 0));
	assert_false(overlaps(f, 0x10000, 0)); /* at a base: not inside */
	assert_false(overlaps(f, 0x30000, 0)); /* at an end */
	assert_false(overlaps(f, 0x38000, 0));
	assert_true(overlaps(f, 0x2ffff, 1));
	assert_false(overlaps(f, 0x30000, 0x10000));
	assert_true(overlaps(f, 0x30000, 0x10001));
}

static void addrs_overlap_uses_linux_formula(void **state)
{
	(void)state;
	assert_true(memblock_addrs_overlap(0x1000, 0x1000, 0x1fff, 0x1));
	assert_false(memblock_addrs_overlap(0x1000, 0x1000, 0x2000, 0x1000));
	assert_false(memblock_addrs_overlap(0x2000, 0x1000, 0x1000, 0x1000));
	assert_true(memblock_addrs_overlap(0x1000, 0x4000, 0x2000, 0x1000));
	assert_true(memblock_addrs_overlap(0x1000, 0x1000, 0x1800, 0));
}

static void search_pfn_nid_returns_node_and_page_bounds(void **state)
{
	struct fix *f = seeded(state);
	unsigned long s = 0, e = 0;

	assert_int_equal(pfn_nid(f, 0x10, &s, &e), 0);
	assert_int_equal(s, 0x10);
	assert_int_equal(e, 0x20);
	assert_int_equal(pfn_nid(f, 0x2f, &s, &e), 1);
	assert_int_equal(s, 0x20);
	assert_int_equal(e, 0x30);
	assert_int_equal(pfn_nid(f, 0x30, NULL, NULL), NUMA_NO_NODE);
	assert_int_equal(pfn_nid(f, 0x45, NULL, NULL), 1);
}

static void search_pfn_nid_rounds_partial_pages_down(void **state)
{
	struct fix *f = *state;
	unsigned long s = 0, e = 0;

	assert_int_equal(f->api->add_node(f->mb, 0x1800, 0x4000, 2, 0), 0);
	assert_int_equal(pfn_nid(f, 2, &s, &e), 2);
	assert_int_equal(s, 1);
	assert_int_equal(e, 5);
	/* a page is looked up by its first byte, as in Linux */
	assert_int_equal(pfn_nid(f, 1, NULL, NULL), NUMA_NO_NODE);
	assert_int_equal(pfn_nid(f, 5, NULL, NULL), 2);
	assert_int_equal(pfn_nid(f, 6, NULL, NULL), NUMA_NO_NODE);
}

static void search_pfn_nid_beyond_address_space_is_no_node(void **state)
{
	struct fix *f = *state;

	assert_int_equal(f->api->add(f->mb, 0, PHYS_ADDR_MAX), 0);
	assert_int_equal(pfn_nid(f, ULONG_MAX, NULL, NULL), NUMA_NO_NODE);
	assert_int_equal(pfn_nid(f, 0, NULL, NULL), NN);
}

static void search_returns_index_of_holding_region(void **state)
{
	struct fix *f = seeded(state);

	assert_int_equal(mb_search(&f->mb->memory, 0x10000), 0);
	assert_int_equal(mb_search(&f->mb->memory, 0x20000), 1);
	assert_int_equal(mb_search(&f->mb->memory, 0x4ffff), 2);
	assert_int_equal(mb_search(&f->mb->memory, 0x30000), -1);
	assert_int_equal(mb_search(&f->mb->reserved, 0x40fff), 1);
}

static void estimated_free_pages_is_memory_minus_reserved(void **state)
{
	struct fix *f = seeded(state);

	(void)f;
	assert_int_equal(memblock_estimated_nr_free_pages(), 0x2e);
}

static void queries_change_nothing(void **state)
{
	struct fix *f = seeded(state);
	struct snap s;
	unsigned long a, b;

	snap_take(&s, f->mb);
	(void)start_dram(f);
	(void)end_dram(f);
	(void)is_mem(f, 0x20000);
	(void)is_map(f, 0x40000);
	(void)is_region_mem(f, 0x10000, 0x1000);
	(void)is_rsv(f, 0x12000);
	(void)is_region_rsv(f, 0x0, PHYS_ADDR_MAX);
	(void)overlaps(f, 0x0, PHYS_ADDR_MAX);
	(void)pfn_nid(f, 0x10, &a, &b);
	snap_assert_same(&s, f->mb);
	snap_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH_APIS(fresh_map_is_empty_with_zeroed_first_slot),
		BOTH_APIS(empty_map_has_zero_sizes_and_dram_bounds),
		BOTH_APIS(empty_map_answers_no_to_every_membership_query),
		BOTH_APIS(sizes_follow_the_totals),
		BOTH_APIS(dram_bounds_are_lowest_base_and_highest_end),
		BOTH_APIS(is_memory_covers_base_to_end_minus_one),
		BOTH_APIS(is_map_memory_is_false_on_nomap_and_in_holes),
		BOTH_APIS(is_region_memory_true_inside_one_region),
		BOTH_APIS(is_region_memory_false_across_two_unmerged_regions),
		BOTH_APIS(is_region_memory_false_past_end_or_from_hole),
		BOTH_APIS(is_region_memory_zero_size_inside_is_true),
		BOTH_APIS(is_reserved_covers_reservations_only),
		BOTH_APIS(is_region_reserved_true_on_any_overlap),
		BOTH_APIS(overlaps_region_counts_zero_size_strictly_inside),
		cmocka_unit_test(addrs_overlap_uses_linux_formula),
		BOTH_APIS(search_pfn_nid_returns_node_and_page_bounds),
		BOTH_APIS(search_pfn_nid_rounds_partial_pages_down),
		BOTH_APIS(search_pfn_nid_beyond_address_space_is_no_node),
		INSTANCE_ONLY(search_returns_index_of_holding_region),
		LINUX_ONLY(estimated_free_pages_is_memory_minus_reserved),
		BOTH_APIS(queries_change_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
