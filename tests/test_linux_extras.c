// SPDX-License-Identifier: MIT
/*
 * test_linux_extras.c - the smaller Linux names: memblock_alloc_or_panic
 * (reports instead of panicking), memblock_free_late (pages straight to the
 * consumer) and memblock_validate_numa_coverage.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

#define PG ((phys_addr_t)0x1000)
#define MiB ((phys_addr_t)0x100000)

#ifndef MEMBLOCK_PHYS_ADDR_32BIT /* writes into a heap arena */
static void alloc_or_panic_returns_zeroed_memory(void **state)
{
	size_t bytes = 64 * 1024;
	unsigned char *arena = phys_arena(bytes, 4096), *p;
	size_t i;

	(void)state;
	reset_default();
	memset(arena, 0xaa, bytes);
	assert_int_equal(memblock_add((phys_addr_t)(uintptr_t)arena, bytes), 0);
	p = memblock_alloc_or_panic(256, 64);
	assert_non_null(p);
	assert_true(p >= arena && p + 256 <= arena + bytes);
	for (i = 0; i < 256; i++)
		assert_int_equal(p[i], 0);
	assert_true(memblock_is_reserved((phys_addr_t)(uintptr_t)p));
	phys_arena_free(arena);
}
#endif

static void alloc_or_panic_reports_failure_and_returns_null(void **state)
{
	char *out;

	(void)state;
	reset_default();
	assert_int_equal(memblock_add(MiB, MiB), 0);
	capture_stderr_begin();
	assert_null(memblock_alloc_or_panic(4 * MiB, PG));
	out = capture_stderr_end();
	assert_non_null(strstr(out, "Failed to allocate 4194304 bytes"));
	assert_non_null(strstr(out,
			"alloc_or_panic_reports_failure_and_returns_null"));
	free(out);
	assert_int_equal(memblock.reserved.cnt, 0);
}

struct late {
	phys_addr_t pages;
	unsigned calls;
};

static void late_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct late *l = ctx;

	assert_int_equal(base % (PG << order), 0);
	l->pages += (phys_addr_t)1 << order;
	l->calls++;
}

static void free_late_gives_whole_pages_as_aligned_blocks(void **state)
{
	struct late l = { 0, 0 };
	struct mb_handoff h = { late_block, NULL, 10, &l };

	(void)state;
	reset_default();
	memblock_set_handoff(&h);
	/* [0x1800, 0x9800): pages 0x2000-0x8fff, as 2 + 4 + 1 pages */
	memblock_free_late(0x1800, 0x8000);
	assert_int_equal(l.pages, 7);
	assert_int_equal(l.calls, 3);
	memblock_set_handoff(NULL);
}

static void free_late_without_consumer_is_refused(void **state)
{
	(void)state;
	assert_int_equal(mb_free_late(NULL, 0x1000, 0x1000, NULL), -MB_EINVAL);
}

static void numa_coverage_counts_memory_without_a_node(void **state)
{
	(void)state;
	reset_default();
	assert_int_equal(memblock_add_node(0, 64 * MiB, 0, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add(64 * MiB, 3 * MiB), 0); /* no node */
	assert_int_equal(mb_uncovered_size(&memblock), 3 * MiB);
	assert_true(memblock_validate_numa_coverage(3 * MiB));
	assert_false(memblock_validate_numa_coverage(3 * MiB - 1));
	assert_int_equal(memblock_set_node(64 * MiB, 3 * MiB, &memblock.memory,
					   1),
			 0);
	assert_true(memblock_validate_numa_coverage(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
		cmocka_unit_test(alloc_or_panic_returns_zeroed_memory),
#endif
		cmocka_unit_test(alloc_or_panic_reports_failure_and_returns_null),
		cmocka_unit_test(free_late_gives_whole_pages_as_aligned_blocks),
		cmocka_unit_test(free_late_without_consumer_is_refused),
		cmocka_unit_test(numa_coverage_counts_memory_without_a_node),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
