// SPDX-License-Identifier: MIT
/*
 * test_alloc_linux.c - the Linux-named allocators over the default
 * instance: physical (memblock_phys_alloc*, memblock_alloc_range_nid,
 * memblock_find_in_range*) and virtual (memblock_alloc* returning real
 * pointers into arena memory that stands for physical memory).
 */
#define _GNU_SOURCE
#include "support.h"

#include <string.h>
#include <sys/mman.h>

#include <linux/memblock.h>

#define MiB ((phys_addr_t)1 << 20)
#define PG ((phys_addr_t)PAGE_SIZE)
#define KERN MEMBLOCK_RSRV_KERN
#define ARENA_BYTES ((size_t)0x40000)

/*
 * Arena memory the default instance can write into.  It comes from below
 * 2 GiB (MAP_32BIT) so its host address is a valid 32-bit phys_addr_t and
 * lies under ARCH_LOW_ADDRESS_LIMIT.
 */
static unsigned char *arena;
static phys_addr_t abase;

static int arena_setup(void **state)
{
	void *p = mmap(NULL, ARENA_BYTES, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	(void)state;
	if (p == MAP_FAILED)
		return -1;
	arena = p;
	abase = (phys_addr_t)(uintptr_t)p;
	memset(arena, 0xAA, ARENA_BYTES);
	reset_default();
	return 0;
}

static int arena_teardown(void **state)
{
	(void)state;
	reset_default();
	return munmap(arena, ARENA_BYTES);
}

static void add_arena(void)
{
	assert_int_equal(memblock_add(abase, ARENA_BYTES), 0);
}

static bool all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return false;
	return true;
}

/* A Linux call that must fail and leave the default instance unchanged. */
#define assert_linux_fails_unchanged(call, failed)                           \
	do {                                                                 \
		struct snap s_;                                              \
		snap_take(&s_, &memblock);                                   \
		assert_true((call) == (failed));                             \
		snap_assert_same(&s_, &memblock);                            \
		snap_free(&s_);                                              \
	} while (0)

/* ---- physical allocations ---- */

static void phys_alloc_is_top_down_by_default(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	assert_int_equal(memblock_phys_alloc(PG, PG), 2 * MiB - PG);
	assert_type(&memblock.reserved,
		    { 2 * MiB - PG, PG, KERN, NUMA_NO_NODE });
	assert_valid(&memblock);
}

static void phys_alloc_bottom_up_when_set(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	memblock_set_bottom_up(true);
	assert_true(memblock_bottom_up());
	assert_int_equal(memblock_phys_alloc(PG, PG), MiB);
}

static void first_page_is_never_handed_out(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(0, 2 * PG), 0);
	memblock_set_bottom_up(true);
	assert_int_equal(memblock_phys_alloc(PG, PG), PG);
	assert_linux_fails_unchanged(memblock_phys_alloc(PG, PG), 0);
	assert_linux_fails_unchanged(
		memblock_phys_alloc_range(0x100, 0x100, 0, PG), 0);
	assert_linux_fails_unchanged(
		memblock_alloc_range_nid(0x100, 0x100, 0, PG, NUMA_NO_NODE,
					 false),
		0);
	assert_linux_fails_unchanged(
		memblock_find_in_range_node(0x100, 0x100, 0, PG, NUMA_NO_NODE,
					    MEMBLOCK_NONE),
		0);
	assert_type(&memblock.reserved, { PG, PG, KERN, NUMA_NO_NODE });
}

static void phys_alloc_range_respects_bounds(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	assert_int_equal(memblock_phys_alloc_range(PG, PG, MiB, MiB + 0x10000),
			 MiB + 0x10000 - PG);
	memblock_set_bottom_up(true);
	assert_int_equal(memblock_phys_alloc_range(PG, PG, MiB + 0x20000,
						   2 * MiB),
			 MiB + 0x20000);
}

static void phys_alloc_zero_size_fails_and_reserves_nothing(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	assert_linux_fails_unchanged(memblock_phys_alloc_range(0, PG, 0,
							       2 * MiB),
				     0);
}

static void phys_alloc_bad_alignment_returns_zero(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	assert_linux_fails_unchanged(memblock_phys_alloc(PG, 0x3000), 0);
	assert_linux_fails_unchanged(
		memblock_alloc_range_nid(PG, 6, 0, MEMBLOCK_ALLOC_ANYWHERE,
					 NUMA_NO_NODE, false),
		0);
}

static void phys_alloc_align_zero_means_smp_cache_bytes(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	assert_int_equal(memblock_reserve(2 * MiB - 8, 8), 0);
	assert_int_equal(memblock_phys_alloc(8, 0), 2 * MiB - SMP_CACHE_BYTES);
}

static void phys_alloc_stays_below_current_limit(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	memblock_set_current_limit(MiB + 0x80000);
	assert_int_equal(memblock_get_current_limit(), MiB + 0x80000);
	assert_int_equal(memblock_phys_alloc(PG, PG), MiB + 0x7f000);
	assert_int_equal(memblock_phys_alloc_try_nid(PG, PG, NUMA_NO_NODE),
			 MiB + 0x7e000);
	/* An explicit ANYWHERE end still ignores the limit. */
	assert_int_equal(memblock_phys_alloc_range(PG, PG, 0,
						   MEMBLOCK_ALLOC_ANYWHERE),
			 2 * MiB - PG);
}

static void try_nid_falls_back_and_records_no_node(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add_node(MiB, MiB, 0, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add_node(2 * MiB, MiB, 1, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_phys_alloc_try_nid(PG, PG, 0), 2 * MiB - PG);
	assert_int_equal(memblock_reserve(MiB, MiB - PG), 0);
	assert_int_equal(memblock_phys_alloc_try_nid(PG, PG, 0), 3 * MiB - PG);
	assert_type(&memblock.reserved, { MiB, MiB - PG, 0, NUMA_NO_NODE },
		    { 2 * MiB - PG, PG, KERN, 0 },
		    { 3 * MiB - PG, PG, KERN, NUMA_NO_NODE });
}

static void alloc_range_nid_exact_does_not_fall_back(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add_node(MiB, MiB, 0, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add_node(2 * MiB, MiB, 1, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_reserve(MiB, MiB), 0);
	assert_linux_fails_unchanged(
		memblock_alloc_range_nid(PG, PG, 0, MEMBLOCK_ALLOC_ANYWHERE, 0,
					 true),
		0);
	assert_int_equal(memblock_alloc_range_nid(PG, PG, 0,
						  MEMBLOCK_ALLOC_ANYWHERE, 0,
						  false),
			 3 * MiB - PG);
}

static void movable_node_enabled_skips_hotplug_memory(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, 2 * MiB), 0);
	assert_int_equal(memblock_mark_hotplug(2 * MiB, MiB), 0);
	assert_int_equal(memblock_phys_alloc(PG, PG), 3 * MiB - PG);
	movable_node_enabled = true;
	assert_true(movable_node_is_enabled());
	assert_int_equal(memblock_phys_alloc(PG, PG), 2 * MiB - PG);
	movable_node_enabled = false;
}

static void mark_mirror_makes_allocations_prefer_mirror(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, 2 * MiB), 0);
	assert_int_equal(memblock_mark_mirror(MiB, MiB), 0);
	assert_int_equal(memblock_phys_alloc(PG, PG), 2 * MiB - PG);
	/* Larger than any mirrored block: falls back to plain memory. */
	assert_int_equal(memblock_phys_alloc(MiB, PG), 2 * MiB);
}

static void nomap_memory_is_not_allocated(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, 2 * MiB), 0);
	assert_int_equal(memblock_mark_nomap(2 * MiB, MiB), 0);
	assert_int_equal(memblock_phys_alloc(PG, PG), 2 * MiB - PG);
}

static void find_in_range_does_not_reserve(void **state)
{
	struct snap s;

	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	snap_take(&s, &memblock);
	assert_int_equal(memblock_find_in_range(0, 2 * MiB, PG, PG),
			 2 * MiB - PG);
	assert_int_equal(memblock_find_in_range_node(PG, PG, MiB, MiB + 0x8000,
						     NUMA_NO_NODE,
						     MEMBLOCK_NONE),
			 MiB + 0x7000);
	snap_assert_same(&s, &memblock);
	snap_free(&s);
	assert_int_equal(memblock_find_in_range(0, 2 * MiB, 2 * MiB, PG), 0);
}

static void find_in_range_falls_back_from_mirror(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, 2 * MiB), 0);
	assert_int_equal(memblock_mark_mirror(MiB, PG), 0);
	assert_int_equal(memblock_find_in_range(0, 3 * MiB, PG, PG), MiB);
	assert_int_equal(memblock_find_in_range(0, 3 * MiB, 2 * PG, PG),
			 3 * MiB - 2 * PG);
	/* The _node form takes its flags literally. */
	assert_int_equal(memblock_find_in_range_node(2 * PG, PG, 0, 3 * MiB,
						     NUMA_NO_NODE,
						     MEMBLOCK_MIRROR),
			 0);
}

/* ---- virtual allocations ---- */

static void alloc_returns_zeroed_memory(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena();
	p = memblock_alloc(0x100, 0x100);
	assert_non_null(p);
	assert_ptr_equal(p, arena + ARENA_BYTES - 0x100);
	assert_true(all_bytes(p, 0, 0x100));
	assert_true(all_bytes(arena, 0xAA, ARENA_BYTES - 0x100));
	assert_type(&memblock.reserved,
		    { abase + ARENA_BYTES - 0x100, 0x100, KERN, NUMA_NO_NODE });
}

static void alloc_raw_leaves_memory_as_it_was(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena();
	p = memblock_alloc_raw(0x100, 0x100);
	assert_ptr_equal(p, arena + ARENA_BYTES - 0x100);
	assert_true(all_bytes(p, 0xAA, 0x100));
	p = memblock_alloc_try_nid_raw(0x100, 0x100, 0,
				       MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	assert_ptr_equal(p, arena + ARENA_BYTES - 0x200);
	assert_true(all_bytes(p, 0xAA, 0x100));
}

static void alloc_from_honours_min_addr(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena();
	memblock_set_bottom_up(true);
	p = memblock_alloc_from(PG, PG, abase + 0x8000);
	assert_ptr_equal(p, arena + 0x8000);
	assert_true(all_bytes(p, 0, PG));
}

static void alloc_from_retries_below_min_addr(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena();
	memblock_set_bottom_up(true);
	p = memblock_alloc_from(PG, PG, abase + ARENA_BYTES);
	assert_ptr_equal(p, arena);
	assert_true(all_bytes(p, 0, PG));
}

static void retry_below_min_addr_never_returns_first_page(void **state)
{
	(void)state;
	reset_default();
	/* Free memory: only page 0, which the Linux names never hand out. */
	assert_int_equal(memblock_add(0, 2 * PG), 0);
	assert_int_equal(memblock_reserve(PG, PG), 0);
	assert_linux_fails_unchanged(memblock_alloc_raw(PG, PG), NULL);
	assert_linux_fails_unchanged(
		memblock_alloc_try_nid_raw(0x100, 0x100, 2 * PG,
					   MEMBLOCK_ALLOC_ACCESSIBLE,
					   NUMA_NO_NODE),
		NULL);
	assert_linux_fails_unchanged(
		memblock_alloc_exact_nid_raw(0x100, 0x100, PG + 0x100,
					     MEMBLOCK_ALLOC_ANYWHERE,
					     NUMA_NO_NODE),
		NULL);
	assert_false(memblock_is_reserved(0));
}

static void alloc_max_addr_is_capped_at_current_limit(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena();
	memblock_set_current_limit(abase + 0x8000);
	p = memblock_alloc_try_nid(PG, PG, 0, MEMBLOCK_ALLOC_ANYWHERE,
				   NUMA_NO_NODE);
	assert_ptr_equal(p, arena + 0x7000);
	p = memblock_alloc_try_nid(PG, PG, 0, abase + 0x20000, NUMA_NO_NODE);
	assert_ptr_equal(p, arena + 0x6000);
	p = memblock_alloc(PG, PG);
	assert_ptr_equal(p, arena + 0x5000);
	/* A lower max_addr is kept. */
	p = memblock_alloc_try_nid(PG, PG, 0, abase + 0x2000, NUMA_NO_NODE);
	assert_ptr_equal(p, arena + 0x1000);
}

static void alloc_low_stays_below_low_address_limit(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena();
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
	/* Memory above 4 GiB that must not be used (nor written). */
	assert_int_equal(memblock_add((phys_addr_t)1 << 33, MiB), 0);
	assert_int_equal(memblock_phys_alloc(PG, PG),
			 ((phys_addr_t)1 << 33) + MiB - PG);
#endif
	p = memblock_alloc_low(PG, PG);
	assert_ptr_equal(p, arena + ARENA_BYTES - PG);
	assert_true(all_bytes(p, 0, PG));
	assert_true((phys_addr_t)(uintptr_t)p + PG - 1 <=
		    ARCH_LOW_ADDRESS_LIMIT);
}

/* Arena halves on nodes 0 (low) and 1 (high). */
static void add_arena_two_nodes(void)
{
	assert_int_equal(memblock_add_node(abase, ARENA_BYTES / 2, 0,
					   MEMBLOCK_NONE),
			 0);
	assert_int_equal(memblock_add_node(abase + ARENA_BYTES / 2,
					   ARENA_BYTES / 2, 1, MEMBLOCK_NONE),
			 0);
}

static void alloc_node_prefers_node_and_records_it(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena_two_nodes();
	p = memblock_alloc_node(PG, PG, 0);
	assert_ptr_equal(p, arena + ARENA_BYTES / 2 - PG);
	assert_true(all_bytes(p, 0, PG));
	assert_type(&memblock.reserved,
		    { abase + ARENA_BYTES / 2 - PG, PG, KERN, 0 });
}

static void exact_nid_raw_does_not_fall_back(void **state)
{
	unsigned char *p;

	(void)state;
	add_arena_two_nodes();
	assert_int_equal(memblock_reserve(abase, ARENA_BYTES / 2), 0);
	assert_linux_fails_unchanged(
		memblock_alloc_exact_nid_raw(PG, PG, 0,
					     MEMBLOCK_ALLOC_ACCESSIBLE, 0),
		NULL);
	p = memblock_alloc_try_nid_raw(PG, PG, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
				       0);
	assert_ptr_equal(p, arena + ARENA_BYTES - PG);
	assert_true(all_bytes(p, 0xAA, PG));
	p = memblock_alloc_exact_nid_raw(PG, PG, 0, MEMBLOCK_ALLOC_ACCESSIBLE,
					 1);
	assert_ptr_equal(p, arena + ARENA_BYTES - 2 * PG);
	assert_type(&memblock.reserved,
		    { abase, ARENA_BYTES / 2, 0, NUMA_NO_NODE },
		    { abase + ARENA_BYTES - 2 * PG, PG, KERN, 1 },
		    { abase + ARENA_BYTES - PG, PG, KERN, NUMA_NO_NODE });
}

static void virtual_alloc_failure_returns_null_unchanged(void **state)
{
	(void)state;
	add_arena();
	assert_linux_fails_unchanged(memblock_alloc(ARENA_BYTES + PG, PG),
				     NULL);
	assert_linux_fails_unchanged(memblock_alloc(PG, 3), NULL);
	assert_linux_fails_unchanged(memblock_alloc(0, PG), NULL);
	assert_true(all_bytes(arena, 0xAA, ARENA_BYTES));
}

static void free_by_pointer_unreserves(void **state)
{
	unsigned char *p, *q;

	(void)state;
	add_arena();
	p = memblock_alloc(PG, PG);
	q = memblock_alloc(PG, PG);
	assert_ptr_equal(q, p - PG);
	memblock_free(p, PG);
	assert_type(&memblock.reserved,
		    { abase + ARENA_BYTES - 2 * PG, PG, KERN, NUMA_NO_NODE });
	memblock_free(NULL, PG);
	memblock_free(q, 0);
	assert_int_equal(memblock.reserved.cnt, 1);
	memblock_free(q, PG);
	assert_empty(&memblock.reserved);
	/* The freed space is used again. */
	assert_ptr_equal(memblock_alloc(PG, PG), p);
}

/* ---- the instance form of the virtual allocator ---- */

static void instance_alloc_virt_zeroes_unless_raw(void **state)
{
	struct tmap t;
	void *p = NULL, *q = NULL;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, abase, ARENA_BYTES), 0);
	assert_int_equal(mb_alloc_virt(&t.mb, PG, PG, 0,
				       MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE,
				       false, false, &p),
			 0);
	assert_ptr_equal(p, arena + ARENA_BYTES - PG);
	assert_true(all_bytes(p, 0, PG));
	assert_int_equal(mb_alloc_virt(&t.mb, PG, PG, 0,
				       MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE,
				       false, true, &q),
			 0);
	assert_ptr_equal(q, arena + ARENA_BYTES - 2 * PG);
	assert_true(all_bytes(q, 0xAA, PG));
	tmap_fini(&t);
}

static void instance_alloc_virt_retries_from_zero(void **state)
{
	struct tmap t;
	void *p = NULL;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, abase, ARENA_BYTES), 0);
	mb_set_bottom_up(&t.mb, true);
	assert_int_equal(mb_alloc_virt(&t.mb, PG, PG, abase + ARENA_BYTES,
				       MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE,
				       false, false, &p),
			 0);
	assert_ptr_equal(p, arena);
	tmap_fini(&t);
}

static void instance_alloc_virt_failure_leaves_out_alone(void **state)
{
	struct tmap t;
	void *p = &t;
	struct snap s;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	assert_int_equal(mb_add(&t.mb, abase, ARENA_BYTES), 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_alloc_virt(&t.mb, ARENA_BYTES + PG, PG, PG,
				       MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE,
				       false, false, &p),
			 -MB_ENOSPC);
	assert_int_equal(mb_alloc_virt(&t.mb, PG, 5, 0,
				       MEMBLOCK_ALLOC_ANYWHERE, NUMA_NO_NODE,
				       false, false, &p),
			 -MB_EINVAL);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	assert_ptr_equal(p, &t);
	assert_true(all_bytes(arena, 0xAA, ARENA_BYTES));
	tmap_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phys_alloc_is_top_down_by_default),
		cmocka_unit_test(phys_alloc_bottom_up_when_set),
		cmocka_unit_test(first_page_is_never_handed_out),
		cmocka_unit_test(phys_alloc_range_respects_bounds),
		cmocka_unit_test(phys_alloc_zero_size_fails_and_reserves_nothing),
		cmocka_unit_test(phys_alloc_bad_alignment_returns_zero),
		cmocka_unit_test(phys_alloc_align_zero_means_smp_cache_bytes),
		cmocka_unit_test(phys_alloc_stays_below_current_limit),
		cmocka_unit_test(try_nid_falls_back_and_records_no_node),
		cmocka_unit_test(alloc_range_nid_exact_does_not_fall_back),
		cmocka_unit_test(movable_node_enabled_skips_hotplug_memory),
		cmocka_unit_test(mark_mirror_makes_allocations_prefer_mirror),
		cmocka_unit_test(nomap_memory_is_not_allocated),
		cmocka_unit_test(find_in_range_does_not_reserve),
		cmocka_unit_test(find_in_range_falls_back_from_mirror),
		cmocka_unit_test_setup_teardown(alloc_returns_zeroed_memory,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(alloc_raw_leaves_memory_as_it_was,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(alloc_from_honours_min_addr,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(alloc_from_retries_below_min_addr,
						arena_setup, arena_teardown),
		cmocka_unit_test(retry_below_min_addr_never_returns_first_page),
		cmocka_unit_test_setup_teardown(
			alloc_max_addr_is_capped_at_current_limit, arena_setup,
			arena_teardown),
		cmocka_unit_test_setup_teardown(
			alloc_low_stays_below_low_address_limit, arena_setup,
			arena_teardown),
		cmocka_unit_test_setup_teardown(
			alloc_node_prefers_node_and_records_it, arena_setup,
			arena_teardown),
		cmocka_unit_test_setup_teardown(exact_nid_raw_does_not_fall_back,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(
			virtual_alloc_failure_returns_null_unchanged,
			arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(free_by_pointer_unreserves,
						arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(
			instance_alloc_virt_zeroes_unless_raw, arena_setup,
			arena_teardown),
		cmocka_unit_test_setup_teardown(
			instance_alloc_virt_retries_from_zero, arena_setup,
			arena_teardown),
		cmocka_unit_test_setup_teardown(
			instance_alloc_virt_failure_leaves_out_alone,
			arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
