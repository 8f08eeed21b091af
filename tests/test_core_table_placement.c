// SPDX-License-Identifier: MIT
/*
 * test_core_table_placement.c - a table grown into memblock's own memory
 * while memory is being removed or marked NOMAP stays out of that range
 * (Linux excludes the range only when growing reserved, so its table can
 * end up outside usable memory), and so does a reserved table grown with it.
 *
 * Tables are written through MEMBLOCK_ENV_PHYS_TO_VIRT, so the memory is a
 * real host buffer (phys_arena()).
 */
#include "support.h"

#include <stdlib.h>

#define PG ((phys_addr_t)0x1000)
#define ARENA (16 * 0x1000)

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

struct arena_map {
	struct tmap t;
	void *host;
	phys_addr_t base;
};

/* Memory: 8 pages on node 0 then 8 on node 1, a full 2-slot table. */
static int setup(void **state)
{
	struct arena_map *a = calloc(1, sizeof(*a));

	assert_non_null(a);
	a->host = phys_arena(ARENA, PG);
	a->base = MEMBLOCK_ENV_VIRT_TO_PHYS(a->host);
	assert_ptr_equal(MEMBLOCK_ENV_PHYS_TO_VIRT(a->base), a->host);
	tmap_init(&a->t, 2, 4, 0);
	assert_int_equal(mb_add_node(&a->t.mb, a->base, 8 * PG, 0, 0), 0);
	assert_int_equal(mb_add_node(&a->t.mb, a->base + 8 * PG, 8 * PG, 1, 0),
			 0);
	mb_allow_resize(&a->t.mb);
	*state = a;
	return 0;
}

static int teardown(void **state)
{
	struct arena_map *a = *state;

	tmap_fini(&a->t);
	phys_arena_free(a->host);
	free(a);
	return 0;
}

static void table_grown_by_remove_stays_in_remaining_memory(void **state)
{
	struct arena_map *a = *state;

	/* cnt 2 + 2 > max 2: the memory table grows first */
	assert_int_equal(mb_remove(&a->t.mb, a->base + 12 * PG, 4 * PG), 0);
	assert_valid(&a->t.mb);
	assert_tables_in_memory(&a->t.mb);
}

static void table_grown_by_mark_nomap_stays_in_mapped_memory(void **state)
{
	struct arena_map *a = *state;

	assert_int_equal(mb_set_flags(&a->t.mb, &a->t.mb.memory,
				      a->base + 12 * PG, 4 * PG,
				      MEMBLOCK_NOMAP),
			 0);
	assert_valid(&a->t.mb);
	assert_tables_in_memory(&a->t.mb);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(table_grown_by_remove_stays_in_remaining_memory),
		T(table_grown_by_mark_nomap_stays_in_mapped_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
