// SPDX-License-Identifier: MIT
/*
 * test_buddy_handoff.c - the reference buddy allocator (examples/buddy.c)
 * on its own, and fed by the hand-off: after mb_free_all() /
 * memblock_free_all() every free page of a 64 MiB map is in the buddy
 * exactly once and no reserved or NOMAP page is.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

#include "buddy.h"

#define PG ((phys_addr_t)1 << MEMBLOCK_ENV_PAGE_SHIFT)
#define NPAGES 16384UL /* 64 MiB */

static struct buddy_page meta[NPAGES];

/* ---- the allocator on its own ---- */

static void init_rejects_bad_arguments(void **state)
{
	struct buddy b;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 16, BUDDY_MAX_ORDER + 1, meta),
			 -MB_EINVAL);
	assert_int_equal(buddy_init(&b, 0, 0, 3, meta), -MB_EINVAL);
	assert_int_equal(buddy_init(&b, 0, 16, 3, NULL), -MB_EINVAL);
	assert_int_equal(buddy_init(&b, (unsigned long)-8, 16, 3, meta),
			 -MB_EINVAL);
}

static void pages_start_in_use(void **state)
{
	struct buddy b;
	unsigned long pfn;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 64, 3, meta), 0);
	assert_int_equal(buddy_free_pages(&b), 0);
	for (pfn = 0; pfn < 64; pfn++)
		assert_false(buddy_page_is_free(&b, pfn));
	assert_int_equal(buddy_alloc(&b, 0, &pfn), -MB_ENOMEM);
}

static void freeing_buddies_merges_them(void **state)
{
	struct buddy b;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 64, 3, meta), 0);
	assert_int_equal(buddy_free(&b, 1, 0), 0);
	assert_int_equal(b.nr_free[0], 1);
	assert_int_equal(buddy_free(&b, 0, 0), 0);
	assert_int_equal(b.nr_free[0], 0);
	assert_int_equal(b.nr_free[1], 1);
	assert_int_equal(buddy_free(&b, 2, 1), 0);
	assert_int_equal(b.nr_free[1], 0);
	assert_int_equal(b.nr_free[2], 1);
	assert_int_equal(buddy_free(&b, 4, 2), 0);
	assert_int_equal(b.nr_free[3], 1);
	assert_int_equal(buddy_free_pages(&b), 8);
	assert_true(buddy_page_is_free(&b, 7));
	assert_false(buddy_page_is_free(&b, 8));
}

static void merging_stops_at_max_order(void **state)
{
	struct buddy b;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 64, 2, meta), 0);
	assert_int_equal(buddy_free(&b, 0, 2), 0);
	assert_int_equal(buddy_free(&b, 4, 2), 0);
	assert_int_equal(b.nr_free[2], 2);
	assert_int_equal(b.nr_free[3], 0);
}

static void merging_needs_a_whole_free_buddy(void **state)
{
	struct buddy b;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 64, 3, meta), 0);
	assert_int_equal(buddy_free(&b, 4, 0), 0); /* half of 4's buddy pair */
	assert_int_equal(buddy_free(&b, 0, 2), 0);
	assert_int_equal(b.nr_free[2], 1);
	assert_int_equal(b.nr_free[0], 1);
	assert_int_equal(b.nr_free[3], 0);
}

static void merging_stays_inside_the_range(void **state)
{
	struct buddy b;

	(void)state;
	/* Pages 16..19: the buddy of 16 (order 2) is 20, outside. */
	assert_int_equal(buddy_init(&b, 16, 4, 5, meta), 0);
	assert_int_equal(buddy_free(&b, 16, 2), 0);
	assert_int_equal(b.nr_free[2], 1);
	assert_int_equal(buddy_free_pages(&b), 4);
	assert_int_equal(buddy_free(&b, 20, 0), -MB_EINVAL);
	assert_int_equal(buddy_free(&b, 15, 0), -MB_EINVAL);
}

static void bad_frees_are_refused_unchanged(void **state)
{
	struct buddy b;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 60, 3, meta), 0);
	assert_int_equal(buddy_free(&b, 8, 3), 0);
	assert_int_equal(buddy_free(&b, 8, 3), -MB_EINVAL);  /* again */
	assert_int_equal(buddy_free(&b, 9, 0), -MB_EINVAL);  /* inside a free block */
	assert_int_equal(buddy_free(&b, 2, 1), 0);
	assert_int_equal(buddy_free(&b, 1, 1), -MB_EINVAL);  /* misaligned */
	assert_int_equal(buddy_free(&b, 0, 4), -MB_EINVAL);  /* above max */
	assert_int_equal(buddy_free(&b, 64, 0), -MB_EINVAL); /* outside */
	assert_int_equal(buddy_free(&b, 56, 3), -MB_EINVAL); /* runs past end */
	assert_int_equal(buddy_free_pages(&b), 10);
	assert_int_equal(b.nr_free[3], 1);
	assert_int_equal(b.nr_free[1], 1);
}

static void alloc_splits_the_smallest_larger_block(void **state)
{
	struct buddy b;
	unsigned long pfn = 99;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 64, 3, meta), 0);
	assert_int_equal(buddy_free(&b, 8, 3), 0);
	assert_int_equal(buddy_free(&b, 32, 3), 0);
	assert_int_equal(buddy_alloc(&b, 0, &pfn), 0);
	assert_true(pfn == 8 || pfn == 32);
	assert_int_equal(b.nr_free[0], 1);
	assert_int_equal(b.nr_free[1], 1);
	assert_int_equal(b.nr_free[2], 1);
	assert_int_equal(b.nr_free[3], 1);
	assert_int_equal(buddy_free_pages(&b), 15);
	assert_false(buddy_page_is_free(&b, pfn));
	assert_true(buddy_page_is_free(&b, pfn + 1));
	/* Freeing it again rebuilds the whole block. */
	assert_int_equal(buddy_free(&b, pfn, 0), 0);
	assert_int_equal(b.nr_free[3], 2);
	assert_int_equal(b.nr_free[0] + b.nr_free[1] + b.nr_free[2], 0);
	assert_int_equal(buddy_alloc(&b, 4, &pfn), -MB_EINVAL);
}

static void alloc_takes_everything_then_fails(void **state)
{
	struct buddy b;
	unsigned long pfn, n = 0;

	(void)state;
	assert_int_equal(buddy_init(&b, 0, 64, 3, meta), 0);
	assert_int_equal(buddy_free(&b, 0, 3), 0);
	assert_int_equal(buddy_free(&b, 9, 0), 0);
	while (buddy_alloc(&b, 1, &pfn) == 0) {
		assert_int_equal(pfn % 2, 0);
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(buddy_alloc(&b, 0, &pfn), 0);
	assert_int_equal(pfn, 9);
	assert_int_equal(buddy_alloc(&b, 0, &pfn), -MB_ENOMEM);
	assert_int_equal(buddy_free_pages(&b), 0);
}

/* ---- fed by memblock ---- */

struct span {
	phys_addr_t base, end;
};

/* Memory of the 64 MiB map: a PC-like low area, holes, an odd end. */
static const struct span ram[] = {
	{ 0, 0x9f000 },
	{ 0x100000, 0x2000000 },
	{ 0x2100000, 0x3ff0800 }, /* on node 1 */
};
static const struct span nomap[] = { { 0x2000000, 0x2100000 } };
static const struct span rsv[] = {
	{ 0, 0x1000 },              /* page 0 */
	{ 0xa0000, 0x100000 },      /* outside memory */
	{ 0x500010, 0x500020 },     /* a few bytes */
	{ 0x1000000, 0x1a34567 },   /* kernel image, odd end */
	{ 0x1fff000, 0x2101000 },   /* across two boundaries */
	{ 0x2800123, 0x2900000 },   /* initrd, odd start */
	{ 0x3ff0000, 0x3ff0400 },   /* inside the last, partial page */
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool overlaps(const struct span *s, size_t n, phys_addr_t a,
		     phys_addr_t e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].base < e && a < s[i].end)
			return true;
	return false;
}

static bool inside(const struct span *s, size_t n, phys_addr_t a,
		   phys_addr_t e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].base <= a && e <= s[i].end)
			return true;
	return false;
}

/* Page @pfn should end up free: whole in RAM, touching no reservation. */
static bool should_be_free(unsigned long pfn)
{
	phys_addr_t a = (phys_addr_t)pfn * PG;

	return inside(ram, N(ram), a, a + PG) &&
	       !overlaps(rsv, N(rsv), a, a + PG);
}

static void build_map(struct memblock *mb)
{
	size_t i;

	for (i = 0; i < N(ram); i++)
		assert_int_equal(mb_add_node(mb, ram[i].base,
					     ram[i].end - ram[i].base,
					     i == 2 ? 1 : 0, MEMBLOCK_NONE),
				 0);
	for (i = 0; i < N(nomap); i++)
		assert_int_equal(mb_add_node(mb, nomap[i].base,
					     nomap[i].end - nomap[i].base, 0,
					     MEMBLOCK_NOMAP),
				 0);
	for (i = 0; i < N(rsv); i++)
		assert_int_equal(mb_reserve(mb, rsv[i].base,
					    rsv[i].end - rsv[i].base),
				 0);
}

/* Page by page: free exactly where expected, and the count agrees. */
static void assert_buddy_matches_map(const struct buddy *b)
{
	unsigned long pfn, want = 0;

	assert_int_equal(b->rejected, 0);
	for (pfn = 0; pfn < NPAGES; pfn++) {
		bool exp = should_be_free(pfn);

		if (buddy_page_is_free(b, pfn) != exp)
			fail_msg("page %#lx: free in buddy %d, expected %d",
				 pfn, !exp, exp);
		want += exp;
	}
	assert_int_equal(buddy_free_pages(b), want);
	assert_true(want > 10000);
}

/* Drain the buddy page by page: each expected page comes out once. */
static void assert_drains_to_expected_pages(struct buddy *b)
{
	unsigned char *seen = calloc(NPAGES, 1);
	unsigned long pfn, n = 0, want = buddy_free_pages(b);

	assert_non_null(seen);
	while (buddy_alloc(b, 0, &pfn) == 0) {
		assert_true(pfn < NPAGES);
		assert_true(should_be_free(pfn));
		assert_int_equal(seen[pfn], 0);
		seen[pfn] = 1;
		n++;
	}
	assert_int_equal(n, want);
	free(seen);
}

static void handoff_fills_buddy_with_exactly_the_free_pages(void **state)
{
	struct tmap t;
	struct buddy b;
	struct mb_handoff h;
	struct mb_handoff_stats st;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	build_map(&t.mb);
	assert_int_equal(buddy_init(&b, 0, NPAGES, 10, meta), 0);
	buddy_handoff(&b, &h);
	assert_int_equal(mb_free_all(&t.mb, &h, &st), 0);
	assert_buddy_matches_map(&b);
	assert_int_equal(st.pages, buddy_free_pages(&b));
	assert_drains_to_expected_pages(&b);
	tmap_fini(&t);
}

static void handoff_with_small_max_order(void **state)
{
	struct tmap t;
	struct buddy b;
	struct mb_handoff h;

	(void)state;
	tmap_init(&t, 16, 16, 4);
	build_map(&t.mb);
	assert_int_equal(buddy_init(&b, 0, NPAGES, 2, meta), 0);
	buddy_handoff(&b, &h);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), 0);
	assert_buddy_matches_map(&b);
	/* Nothing above order 2, and big runs arrive as order-2 blocks. */
	for (unsigned o = 3; o <= BUDDY_MAX_ORDER; o++)
		assert_int_equal(b.nr_free[o], 0);
	assert_true(b.nr_free[2] > 1000);
	tmap_fini(&t);
}

static void linux_free_all_feeds_the_buddy(void **state)
{
	struct buddy b;
	struct mb_handoff h;
	size_t i;

	(void)state;
	reset_default();
	for (i = 0; i < N(ram); i++)
		assert_int_equal(memblock_add_node(ram[i].base,
						   ram[i].end - ram[i].base,
						   i == 2 ? 1 : 0,
						   MEMBLOCK_NONE),
				 0);
	assert_int_equal(memblock_add(nomap[0].base,
				      nomap[0].end - nomap[0].base),
			 0);
	assert_int_equal(memblock_mark_nomap(nomap[0].base,
					     nomap[0].end - nomap[0].base),
			 0);
	for (i = 0; i < N(rsv); i++)
		assert_int_equal(memblock_reserve(rsv[i].base,
						  rsv[i].end - rsv[i].base),
				 0);
	assert_int_equal(buddy_init(&b, 0, NPAGES, 10, meta), 0);
	buddy_handoff(&b, &h);
	memblock_set_handoff(&h);
	memblock_free_all();
	memblock_discard();
	assert_buddy_matches_map(&b);
	reset_default();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_rejects_bad_arguments),
		cmocka_unit_test(pages_start_in_use),
		cmocka_unit_test(freeing_buddies_merges_them),
		cmocka_unit_test(merging_stops_at_max_order),
		cmocka_unit_test(merging_needs_a_whole_free_buddy),
		cmocka_unit_test(merging_stays_inside_the_range),
		cmocka_unit_test(bad_frees_are_refused_unchanged),
		cmocka_unit_test(alloc_splits_the_smallest_larger_block),
		cmocka_unit_test(alloc_takes_everything_then_fails),
		cmocka_unit_test(handoff_fills_buddy_with_exactly_the_free_pages),
		cmocka_unit_test(handoff_with_small_max_order),
		cmocka_unit_test(linux_free_all_feeds_the_buddy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
