// SPDX-License-Identifier: MIT
/*
 * test_core_check.c - mb_check() catches each broken invariant when a map
 * is corrupted by hand, names the type and index, and passes every state
 * the library itself produces.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define NN MAX_NUMNODES

static struct tmap *T(void **state)
{
	return *state;
}

static int setup(void **state)
{
	struct tmap *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tmap_init(t, 8, 8, 4);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tmap_fini(T(state));
	free(*state);
	return 0;
}

/* Write regions into @type by hand, with a correct total unless told. */
static void poke(struct memblock_type *type, const struct xr *x,
		 unsigned long n)
{
	unsigned long i;

	type->total_size = 0;
	for (i = 0; i < n; i++) {
		type->regions[i].base = x[i].base;
		type->regions[i].size = x[i].size;
		type->regions[i].flags = (enum memblock_flags)x[i].flags;
		type->regions[i].nid = x[i].nid;
		type->total_size += x[i].size;
	}
	type->cnt = n;
}

#define POKE(type, ...)                                                      \
	do {                                                                 \
		const struct xr p_[] = { __VA_ARGS__ };                      \
		poke((type), p_, sizeof(p_) / sizeof(p_[0]));                \
	} while (0)

static void expect_fault(const struct memblock *mb, const char *type,
			 const char *word, unsigned long index)
{
	struct mb_check_report rep = { NULL, NULL, 99 };

	assert_int_equal(mb_check(mb, &rep), -MB_EINVAL);
	assert_non_null(rep.type);
	assert_non_null(rep.what);
	assert_string_equal(rep.type, type);
	if (!strstr(rep.what, word))
		fail_msg("report '%s' lacks '%s'", rep.what, word);
	assert_int_equal(rep.index, index);
	/* the report is optional */
	assert_int_equal(mb_check(mb, NULL), -MB_EINVAL);
}

static void check_passes_fresh_and_well_formed_maps(void **state)
{
	struct tmap *t = T(state);

	assert_int_equal(mb_check(&t->mb, NULL), 0);
	POKE(&t->mb.memory, { 0x1000, 0x1000, 0, NN }, { 0x2000, 0x1000, 0, 1 },
	     { 0x4000, 0x1000, 0, 1 });
	assert_int_equal(mb_check(&t->mb, NULL), 0);
}

static void check_reports_unsorted_regions(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { 0x1000, 0x1000, 0, NN }, { 0x5000, 0x1000, 0, NN },
	     { 0x3000, 0x1000, 0, NN });
	expect_fault(&t->mb, "memory", "unsorted", 2);
}

static void check_reports_overlapping_regions(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.reserved, { 0x1000, 0x2000, 0, NN },
	     { 0x2fff, 0x1000, 0, 1 });
	expect_fault(&t->mb, "reserved", "overlapping", 1);
}

static void check_reports_adjacent_unmerged_regions(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { 0x1000, 0x1000, MEMBLOCK_HOTPLUG, 2 },
	     { 0x2000, 0x1000, MEMBLOCK_HOTPLUG, 2 });
	expect_fault(&t->mb, "memory", "unmerged", 1);
}

static void check_accepts_adjacent_regions_that_differ(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { 0x1000, 0x1000, MEMBLOCK_HOTPLUG, 2 },
	     { 0x2000, 0x1000, 0, 2 }, { 0x3000, 0x1000, 0, 3 });
	assert_int_equal(mb_check(&t->mb, NULL), 0);
}

static void check_reports_wrong_total_size(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { 0x1000, 0x1000, 0, NN }, { 0x3000, 0x1000, 0, NN });
	t->mb.memory.total_size += 1;
	expect_fault(&t->mb, "memory", "total_size", 1);
}

static void check_reports_cnt_above_max(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.physmem, { 0x1000, 0x1000, 0, NN }, { 0x3000, 0x1000, 0, NN });
	t->mb.physmem.max = 1;
	expect_fault(&t->mb, "physmem", "cnt exceeds max", 0);
	t->mb.physmem.max = 4;
}

static void check_reports_empty_region(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { 0x1000, 0x1000, 0, NN }, { 0x3000, 0, 0, 1 });
	expect_fault(&t->mb, "memory", "empty region", 1);
}

static void check_reports_region_past_top(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { PHYS_ADDR_MAX - 0xf, 0x10, 0, NN });
	expect_fault(&t->mb, "memory", "past the top", 0);
}

static void check_reports_total_overflow(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.memory, { 0, PHYS_ADDR_MAX - 1, 0, NN },
	     { 1, PHYS_ADDR_MAX - 1, 0, 1 });
	expect_fault(&t->mb, "memory", "overflows", 1);
}

static void check_reports_empty_type_with_stale_first_slot(void **state)
{
	struct tmap *t = T(state);

	t->mb.reserved.regions[0].base = 0x1000;
	expect_fault(&t->mb, "reserved", "regions[0]", 0);
	t->mb.reserved.regions[0].base = 0;
	t->mb.reserved.regions[0].size = 0x1000;
	expect_fault(&t->mb, "reserved", "regions[0]", 0);
}

static void check_reports_empty_type_with_total(void **state)
{
	struct tmap *t = T(state);

	t->mb.memory.total_size = 0x1000;
	expect_fault(&t->mb, "memory", "total_size", 0);
}

static void check_reports_capacity_without_array(void **state)
{
	struct tmap *t = T(state);

	t->mb.physmem.regions = NULL;
	expect_fault(&t->mb, "physmem", "without an array", 0);
	t->mb.physmem.regions = t->phys;
}

static void check_reports_first_broken_type_in_order(void **state)
{
	struct tmap *t = T(state);

	POKE(&t->mb.reserved, { 0x3000, 0x1000, 0, NN }, { 0x1000, 0x1000, 0, NN });
	POKE(&t->mb.memory, { 0x1000, 0x1000, 0, NN }, { 0x2000, 0x1000, 0, NN });
	expect_fault(&t->mb, "memory", "unmerged", 1);
}

int main(void)
{
#define C(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		C(check_passes_fresh_and_well_formed_maps),
		C(check_reports_unsorted_regions),
		C(check_reports_overlapping_regions),
		C(check_reports_adjacent_unmerged_regions),
		C(check_accepts_adjacent_regions_that_differ),
		C(check_reports_wrong_total_size),
		C(check_reports_cnt_above_max),
		C(check_reports_empty_region),
		C(check_reports_region_past_top),
		C(check_reports_total_overflow),
		C(check_reports_empty_type_with_stale_first_slot),
		C(check_reports_empty_type_with_total),
		C(check_reports_capacity_without_array),
		C(check_reports_first_broken_type_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
