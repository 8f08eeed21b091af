// SPDX-License-Identifier: MIT
/*
 * test_edge_maps.c - maps at the edges: ranges touching address 0 and the
 * top of phys_addr_t (both widths: this file runs in the phys32 config
 * too), tables filled exactly to capacity, and neighbours that must not
 * merge because each has its own node or flag.
 *
 * Every call goes through the differential driver, so besides the explicit
 * expectations below each step is also checked against the reference
 * model, the invariants, and (on failure) for an unchanged instance.
 */
#include "support.h"

#include "driver.h"

#define U DRV_UNIT
#define TOP PHYS_ADDR_MAX

static void fail_why(const char *file, int line, const char *why)
{
	fprintf(stderr, "%s:%d: %s\n", file, line, why);
	_fail(file, line);
}

static void step_at(struct drv *d, struct drv_op op, int rc, const char *file,
		    int line)
{
	if (!drv_step(d, &op))
		fail_why(file, line, d->why);
	if (d->last_rc != rc) {
		fprintf(stderr, "%s:%d: returned %d, expected %d\n", file,
			line, d->last_rc, rc);
		_fail(file, line);
	}
}
#define step(d, rc, ...) \
	step_at((d), (struct drv_op){ __VA_ARGS__ }, (rc), __FILE__, __LINE__)

static void start(struct drv *d, unsigned long mem, unsigned long rsv,
		  unsigned long phys, bool grow)
{
	const struct drv_config cfg = { .space = 0, .max = { mem, rsv, phys },
					.grow = grow };

	drv_start(d, &cfg);
}

static void ranges_touching_zero_and_the_top_stay_exact(void **state)
{
	struct drv d;

	(void)state;
	start(&d, 8, 8, 4, false);
	step(&d, 0, .kind = OP_ADD, .base = 0, .size = 2 * U);
	/* Past the top: capped, and the last byte is never covered. */
	step(&d, 0, .kind = OP_ADD, .base = TOP - 3 * U, .size = TOP);
	step(&d, 0, .kind = OP_PHYSMEM_ADD, .base = TOP - U, .size = 5 * U);
	assert_type(&d.mb.memory, { 0, 2 * U, 0, MAX_NUMNODES },
		    { TOP - 3 * U, 3 * U, 0, MAX_NUMNODES });
	assert_type(&d.mb.physmem, { TOP - U, U, 0, MAX_NUMNODES });
	/* A range starting at the last byte covers nothing and succeeds. */
	step(&d, 0, .kind = OP_ADD, .base = TOP, .size = U);
	step(&d, 0, .kind = OP_RESERVE, .base = TOP, .size = TOP);
	assert_empty(&d.mb.reserved);
	/* A one-byte region just below the top. */
	step(&d, 0, .kind = OP_REMOVE, .base = TOP - 1, .size = 1);
	step(&d, 0, .kind = OP_ADD_NODE, .base = TOP - 1, .size = 9,
	     .nid = 1);
	assert_int_equal(d.mb.memory.cnt, 3);
	assert_int_equal(d.mb.memory.regions[2].base, TOP - 1);
	assert_int_equal(d.mb.memory.regions[2].size, 1);
	/* Top-down allocation with no bound ends just below the top. */
	step(&d, 0, .kind = OP_ALLOC, .size = U, .align = U,
	     .end = MEMBLOCK_ALLOC_ANYWHERE, .nid = NUMA_NO_NODE);
	assert_int_equal(d.last_addr, TOP - 2 * U + 1);
	/* Bottom-up from 0 may hand out address 0 itself. */
	step(&d, 0, .kind = OP_BOTTOM_UP, .on = 1);
	step(&d, 0, .kind = OP_ALLOC, .size = U, .align = U,
	     .end = MEMBLOCK_ALLOC_ANYWHERE, .nid = NUMA_NO_NODE);
	assert_int_equal(d.last_addr, 0);
	/* Free and reserve right up to the top. */
	step(&d, 0, .kind = OP_FREE, .base = 0, .size = TOP);
	assert_empty(&d.mb.reserved);
	step(&d, 0, .kind = OP_RESERVE, .base = TOP - U, .size = U);
	assert_type(&d.mb.reserved, { TOP - U, U, 0, NUMA_NO_NODE });
	/* Limits at the edges. */
	step(&d, 0, .kind = OP_CAP, .base = 0, .size = TOP);
	step(&d, 0, .kind = OP_TRIM, .align = U);
	assert_type(&d.mb.memory, { 0, 2 * U, 0, MAX_NUMNODES },
		    { TOP - 3 * U + 1, 2 * U, 0, MAX_NUMNODES });
	step(&d, 0, .kind = OP_ENFORCE, .size = U);
	assert_type(&d.mb.memory, { 0, U, 0, MAX_NUMNODES });
	assert_empty(&d.mb.reserved);
	drv_stop(&d);
}

static void full_table_accepts_its_last_region_and_refuses_one_more(
	void **state)
{
	struct drv d;
	int i;

	(void)state;
	start(&d, 8, 8, 0, false);
	/* Eight adjacent ranges, each on its own node: nothing merges. */
	for (i = 0; i < 8; i++)
		step(&d, 0, .kind = OP_ADD_NODE, .base = (phys_addr_t)i * U,
		     .size = U, .nid = i);
	assert_int_equal(d.mb.memory.cnt, 8);
	assert_int_equal(d.mb.memory.max, 8);
	/* A ninth region does not fit and cannot grow. */
	step(&d, -MB_ENOMEM, .kind = OP_ADD, .base = 9 * U, .size = U);
	/* Covering only what is there inserts nothing: still fine. */
	step(&d, 0, .kind = OP_ADD, .base = 0, .size = 8 * U);
	/* Linux's rule: changes need two free slots even if they merge. */
	step(&d, -MB_ENOMEM, .kind = OP_SET_NODE, .type = MT_MEM,
	     .base = U, .size = U, .nid = 0);
	step(&d, -MB_ENOMEM, .kind = OP_REMOVE, .base = 0, .size = U);
	step(&d, -MB_ENOMEM, .kind = OP_SET_FLAGS, .type = MT_MEM,
	     .base = 0, .size = 8 * U, .flags = MEMBLOCK_HOTPLUG);
	/* With an allocator the same change grows once, then merges all. */
	step(&d, 0, .kind = OP_GROW, .on = 1);
	step(&d, 0, .kind = OP_SET_NODE, .type = MT_MEM, .base = 0,
	     .size = 8 * U, .nid = 2);
	assert_int_equal(d.mb.memory.max, 16);
	assert_type(&d.mb.memory, { 0, 8 * U, 0, 2 });
	drv_stop(&d);
}

static void reserved_table_filled_by_allocations_to_exactly_max(void **state)
{
	struct drv d;
	int i;

	(void)state;
	start(&d, 4, 16, 0, false);
	for (i = 0; i < 4; i++)
		step(&d, 0, .kind = OP_ADD_NODE, .base = (phys_addr_t)i * 16 * U,
		     .size = 16 * U, .nid = i);
	/* Blocks on different nodes, or apart, never merge. */
	for (i = 0; i < 16; i++)
		step(&d, 0, .kind = OP_ALLOC, .size = U, .align = 2 * U,
		     .end = MEMBLOCK_ALLOC_ANYWHERE, .nid = i % 4);
	assert_int_equal(d.mb.reserved.cnt, 16);
	assert_int_equal(d.mb.reserved.max, 16);
	/*
	 * The next block would touch a node-0 block and merge with it, but
	 * Linux counts the piece before merging: the full table refuses.
	 */
	step(&d, -MB_ENOMEM, .kind = OP_ALLOC, .size = U, .align = U,
	     .end = MEMBLOCK_ALLOC_ANYWHERE, .nid = 0, .on = 1);
	assert_int_equal(d.mb.reserved.cnt, 16);
	drv_stop(&d);
}

static void neighbours_with_different_flags_never_merge(void **state)
{
	static const unsigned flags[] = {
		MEMBLOCK_NONE,        MEMBLOCK_HOTPLUG,
		MEMBLOCK_MIRROR,      MEMBLOCK_NOMAP,
		MEMBLOCK_DRIVER_MANAGED, MEMBLOCK_RSRV_NOINIT,
		MEMBLOCK_RSRV_KERN,   MEMBLOCK_KHO_SCRATCH,
		MEMBLOCK_RSRV_HUGETLB,
	};
	struct drv d;
	unsigned i;

	(void)state;
	start(&d, 16, 16, 0, false);
	for (i = 0; i < 9; i++) {
		step(&d, 0, .kind = OP_ADD_NODE, .base = (phys_addr_t)i * U,
		     .size = U, .nid = 1, .flags = flags[i]);
		step(&d, 0, .kind = OP_RESERVE_NODE, .base = (phys_addr_t)i * U,
		     .size = U, .nid = 1, .flags = flags[i]);
	}
	assert_int_equal(d.mb.memory.cnt, 9);
	assert_int_equal(d.mb.reserved.cnt, 9);
	/* Only usable memory is allocatable: none, hotplug, mirror, ... */
	step(&d, 0, .kind = OP_FREE, .base = 0, .size = 9 * U);
	step(&d, 0, .kind = OP_MOVABLE, .on = 1);
	step(&d, 0, .kind = OP_BOTTOM_UP, .on = 1);
	step(&d, 0, .kind = OP_ALLOC, .size = U, .align = U, .base = U,
	     .end = MEMBLOCK_ALLOC_ANYWHERE, .nid = NUMA_NO_NODE);
	assert_int_equal(d.last_addr, 2 * U); /* mirror; hotplug skipped */
	/* Clearing every flag makes them all alike: one region again. */
	step(&d, 0, .kind = OP_CLEAR_FLAGS, .type = MT_MEM, .base = 0,
	     .size = 9 * U, .flags = 0xff);
	assert_type(&d.mb.memory, { 0, 9 * U, 0, 1 });
	drv_stop(&d);
}

static void maximal_default_table_holds_128_unmerged_regions(void **state)
{
	struct drv d;
	int i;

	(void)state;
	start(&d, INIT_MEMBLOCK_REGIONS, INIT_MEMBLOCK_RESERVED_REGIONS, 0,
	      false);
	for (i = 0; i < INIT_MEMBLOCK_REGIONS; i++) {
		step(&d, 0, .kind = OP_ADD_NODE, .base = (phys_addr_t)i * U,
		     .size = U, .nid = i % 2, .flags = (unsigned)(i / 2 % 2));
		step(&d, 0, .kind = OP_RESERVE_NODE, .base = (phys_addr_t)i * U,
		     .size = U / 2, .nid = NUMA_NO_NODE);
	}
	assert_int_equal(d.mb.memory.cnt, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(d.mb.reserved.cnt, INIT_MEMBLOCK_RESERVED_REGIONS);
	step(&d, -MB_ENOMEM, .kind = OP_ADD, .base = TOP - U, .size = U);
	/* An allocation is a region of its own kind: no room for it. */
	step(&d, -MB_ENOMEM, .kind = OP_ALLOC, .size = U / 2, .align = 1,
	     .end = MEMBLOCK_ALLOC_ANYWHERE, .nid = 1, .on = 1);
	drv_stop(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranges_touching_zero_and_the_top_stay_exact),
		cmocka_unit_test(
		   full_table_accepts_its_last_region_and_refuses_one_more),
		cmocka_unit_test(
		   reserved_table_filled_by_allocations_to_exactly_max),
		cmocka_unit_test(neighbours_with_different_flags_never_merge),
		cmocka_unit_test(
		   maximal_default_table_holds_128_unmerged_regions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
