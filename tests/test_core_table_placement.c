// SPDX-License-Identifier: MIT
/*
 * test_core_table_placement.c - a table grown into memblock's own memory
 * while memory is being removed or marked NOMAP stays out of that range
 * (Linux excludes the range only when growing reserved, so its table can
 * end up outside usable memory), and so does a reserved table grown with it.
 */
#include "support.h"

#define PG ((phys_addr_t)0x1000)

/* Every self-grown table lies inside one map-able memory region. */
static void assert_tables_in_memory(const struct memblock *mb)
{
	int ti;

	for (ti = 0; ti < 3; ti++) {
		phys_addr_t p = mb->priv.self_phys[ti];
		phys_addr_t sz = mb->priv.self_size[ti];

		if (mb->priv.source[ti] != MB_ARRAY_SELF)
			continue;
		assert_true(mb_is_region_memory(mb, p, sz));
		assert_true(mb_is_map_memory(mb, p));
	}
}

static void table_grown_by_remove_stays_in_remaining_memory(void **state)
{
	char *arena = phys_arena(16 * 0x1000, 0x1000);
	phys_addr_t base = (phys_addr_t)(uintptr_t)arena;
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 4, 0);
	assert_int_equal(mb_add_node(&t.mb, base, 8 * PG, 0, 0), 0);
	assert_int_equal(mb_add_node(&t.mb, base + 8 * PG, 8 * PG, 1, 0), 0);
	mb_allow_resize(&t.mb);
	/* cnt 2 + 2 > max 2: the memory table grows first */
	assert_int_equal(mb_remove(&t.mb, base + 12 * PG, 4 * PG), 0);
	assert_valid(&t.mb);
	assert_tables_in_memory(&t.mb); 
	tmap_fini(&t);
	phys_arena_free(arena);
}

static void table_grown_by_mark_nomap_stays_in_mapped_memory(void **state)
{
	char *arena = phys_arena(16 * 0x1000, 0x1000);
	phys_addr_t base = (phys_addr_t)(uintptr_t)arena;
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 4, 0);
	assert_int_equal(mb_add_node(&t.mb, base, 8 * PG, 0, 0), 0);
	assert_int_equal(mb_add_node(&t.mb, base + 8 * PG, 8 * PG, 1, 0), 0);
	mb_allow_resize(&t.mb);
	assert_int_equal(mb_set_flags(&t.mb, &t.mb.memory, base + 12 * PG,
				      4 * PG, MEMBLOCK_NOMAP),
			 0);
	assert_valid(&t.mb);
	assert_tables_in_memory(&t.mb);
	tmap_fini(&t);
	phys_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_grown_by_remove_stays_in_remaining_memory),
		cmocka_unit_test(table_grown_by_mark_nomap_stays_in_mapped_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
