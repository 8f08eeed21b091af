// SPDX-License-Identifier: MIT
/* test_smoke.c - a quick pass through the main paths of both APIs. */
#include "support.h"

#include <linux/memblock.h>

static void add_merges_adjacent_ranges(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 8, 8, 4);
	assert_int_equal(mb_add(&t.mb, 0x1000, 0x1000), 0);
	assert_int_equal(mb_add(&t.mb, 0x2000, 0x1000), 0);
	assert_type(&t.mb.memory, { 0x1000, 0x2000, 0, MAX_NUMNODES });
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void top_down_alloc_lands_at_the_top(void **state)
{
	phys_addr_t a = 0;

	(void)state;
	reset_default();
	assert_int_equal(memblock_add(0x100000, 0x100000), 0);
	a = memblock_phys_alloc(0x1000, 0x1000);
	assert_int_equal(a, 0x1ff000);
	assert_type(&memblock.reserved,
		    { 0x1ff000, 0x1000, MEMBLOCK_RSRV_KERN, NUMA_NO_NODE });
	assert_valid(&memblock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(add_merges_adjacent_ranges),
		cmocka_unit_test(top_down_alloc_lands_at_the_top),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
