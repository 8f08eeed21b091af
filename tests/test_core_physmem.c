// SPDX-License-Identifier: MIT
/*
 * test_core_physmem.c - the physmem type of an instance created without
 * one (NULL array, capacity 0): it stays usable through growth, by an
 * embedder's allocator or into memblock's own memory.
 */
#include "support.h"

#include <stdlib.h>

#define NN MAX_NUMNODES

static int allocs;

static void *p_alloc(void *ctx, size_t bytes)
{
	(void)ctx;
	allocs++;
	return calloc(1, bytes);
}

static void p_free(void *ctx, void *p, size_t bytes)
{
	(void)ctx;
	(void)bytes;
	free(p);
}

static void physmem_without_array_grows_through_embedder(void **state)
{
	static const struct mb_grow_ops ops = { p_alloc, p_free, NULL };
	struct tmap t;
	int i;

	(void)state;
	allocs = 0;
	tmap_init(&t, 4, 4, 0);
	assert_null(t.mb.physmem.regions);
	assert_int_equal(t.mb.physmem.max, 0);
	mb_set_grow_ops(&t.mb, &ops);
	for (i = 0; i < 5; i++)
		assert_int_equal(mb_physmem_add(&t.mb, 0x1000 + 0x2000 * i,
						0x1000),
				 0);
	assert_int_equal(allocs, 2); /* 0 -> 4 -> 8 */
	assert_int_equal(t.mb.physmem.max, 8);
	assert_int_equal(t.mb.physmem.cnt, 5);
	assert_int_equal(t.mb.physmem.regions[4].base, 0x9000);
	assert_int_equal(t.mb.physmem.regions[4].nid, NN);
	assert_empty(&t.mb.reserved);
	assert_valid(&t.mb);
	free(t.mb.physmem.regions);
	tmap_fini(&t);
}

static void physmem_without_array_grows_into_own_memory(void **state)
{
	const phys_addr_t pg = 0x1000;
	char *arena = phys_arena(16 * 0x1000, 0x1000);
	phys_addr_t base = (phys_addr_t)(uintptr_t)arena;
	struct tmap t;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	assert_int_equal(mb_add(&t.mb, base, 16 * pg), 0);
	mb_allow_resize(&t.mb);
	assert_int_equal(mb_physmem_add(&t.mb, 0, 0x1000), 0);
	assert_int_equal(t.mb.physmem.max, 4);
	assert_ptr_equal(t.mb.physmem.regions, arena + 15 * pg);
	assert_type(&t.mb.reserved,
		    { base + 15 * pg, pg, MEMBLOCK_RSRV_KERN, NUMA_NO_NODE });
	assert_type(&t.mb.physmem, { 0, 0x1000, 0, NN });
	assert_valid(&t.mb);
	tmap_fini(&t);
	phys_arena_free(arena);
}

static void physmem_without_room_to_grow_fails_unchanged(void **state)
{
	struct tmap t;
	struct snap s;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	mb_allow_resize(&t.mb); /* but there is no memory to grow into */
	snap_take(&s, &t.mb);
	assert_int_equal(mb_physmem_add(&t.mb, 0, 0x1000), -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

static void physmem_remove_type_on_empty_capacityless_type_fails_cleanly(void **state)
{
	struct tmap t;
	struct snap s;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_remove_type(&t.mb, &t.mb.physmem, 0, 0x1000),
			 -MB_ENOMEM);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	assert_false(mb_overlaps_region(&t.mb.physmem, 0, 0x1000));
	assert_int_equal(mb_search(&t.mb.physmem, 0), -1);
	tmap_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(physmem_without_array_grows_through_embedder),
		cmocka_unit_test(physmem_without_array_grows_into_own_memory),
		cmocka_unit_test(physmem_without_room_to_grow_fails_unchanged),
		cmocka_unit_test(physmem_remove_type_on_empty_capacityless_type_fails_cleanly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
