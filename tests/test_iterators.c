// SPDX-License-Identifier: MIT
/*
 * test_iterators.c - walking ranges: Linux's for_each_* macros on the
 * default instance and mb_next_range(_rev) / mb_next_pfn_range on
 * instances.  Which regions each walk skips, node and flag filters, free
 * ranges equal to memory minus reserved, reverse equal to forward
 * reversed, whole pages only for pfn ranges.
 */
#include "support.h"

#include <linux/memblock.h>

#define MAXR 256

struct rng {
	phys_addr_t s, e;
	int nid;
};

struct list {
	size_t n;
	struct rng r[MAXR];
};

static void push(struct list *l, phys_addr_t s, phys_addr_t e, int nid)
{
	assert_true(l->n < MAXR);
	l->r[l->n].s = s;
	l->r[l->n].e = e;
	l->r[l->n].nid = nid;
	l->n++;
}

static void walk(const struct memblock *mb, bool rev, int nid,
		 enum memblock_flags fl, const struct memblock_type *a,
		 const struct memblock_type *b, struct list *l)
{
	uint64_t i = rev ? UINT64_MAX : 0;
	phys_addr_t s, e;
	int n;

	l->n = 0;
	for (;;) {
		if (rev)
			mb_next_range_rev(mb, &i, nid, fl, a, b, &s, &e, &n);
		else
			mb_next_range(mb, &i, nid, fl, a, b, &s, &e, &n);
		if (i == UINT64_MAX)
			break;
		push(l, s, e, n);
	}
}

/*
 * A forward walk as the Linux macros take it: the inline quick step where
 * it applies, mb_next_range where not.  Return: the quick steps taken.
 */
static unsigned long walk_quick(const struct memblock *mb, int nid,
				enum memblock_flags fl,
				const struct memblock_type *a,
				const struct memblock_type *b, struct list *l)
{
	uint64_t i = 0;
	unsigned long quick = 0;
	phys_addr_t s, e;
	int n;

	l->n = 0;
	for (;;) {
		if (mb_next_range_quick(&i, nid, fl, a, b, &s, &e, &n))
			quick++;
		else
			mb_next_range(mb, &i, nid, fl, a, b, &s, &e, &n);
		if (i == UINT64_MAX)
			break;
		push(l, s, e, n);
	}
	return quick;
}

#define expect(l, ...)                                                       \
	do {                                                                 \
		const struct rng x_[] = { __VA_ARGS__ };                     \
		expect_is((l), x_, sizeof(x_) / sizeof(x_[0]), __LINE__);    \
	} while (0)

static void expect_is(const struct list *l, const struct rng *x, size_t n,
		      int line)
{
	size_t i;
	int bad = l->n != n;

	for (i = 0; !bad && i < n; i++)
		bad = l->r[i].s != x[i].s || l->r[i].e != x[i].e ||
		      l->r[i].nid != x[i].nid;
	if (!bad)
		return;
	print_error("line %d: got %zu ranges:\n", line, l->n);
	for (i = 0; i < l->n; i++)
		print_error("  [%#llx-%#llx) nid %d\n",
			    (unsigned long long)l->r[i].s,
			    (unsigned long long)l->r[i].e, l->r[i].nid);
	fail_msg("iteration differs from expectation (%zu expected)", n);
}

static void assert_reversed(const struct list *fwd, const struct list *rev)
{
	size_t i;

	assert_int_equal(fwd->n, rev->n);
	for (i = 0; i < fwd->n; i++) {
		const struct rng *a = &fwd->r[i], *b = &rev->r[rev->n - 1 - i];

		assert_int_equal(a->s, b->s);
		assert_int_equal(a->e, b->e);
		assert_int_equal(a->nid, b->nid);
	}
}

/*
 * A: [0x10000,0x20000) n0          B: [0x20000,0x30000) n1 HOTPLUG
 * C: [0x40000,0x50000) n1 NOMAP    D: [0x60000,0x70000) n0 MIRROR
 * E: [0x80000,0x90000) n1 DRIVER_MANAGED
 * reserved: [0,0x11000) [0x18000,0x19000) [0x2f000,0x41000)
 *           [0x6f000,0x70000) KERN
 */
static struct fix *seeded(void **state)
{
	struct fix *f = *state;
	const struct api *a = f->api;

	assert_int_equal(a->add_node(f->mb, 0x10000, 0x10000, 0, 0), 0);
	assert_int_equal(a->add_node(f->mb, 0x20000, 0x10000, 1,
				     MEMBLOCK_HOTPLUG), 0);
	assert_int_equal(a->add_node(f->mb, 0x40000, 0x10000, 1,
				     MEMBLOCK_NOMAP), 0);
	assert_int_equal(a->add_node(f->mb, 0x60000, 0x10000, 0,
				     MEMBLOCK_MIRROR), 0);
	assert_int_equal(a->add_node(f->mb, 0x80000, 0x10000, 1,
				     MEMBLOCK_DRIVER_MANAGED), 0);
	assert_int_equal(a->reserve(f->mb, 0x0, 0x11000), 0);
	assert_int_equal(a->reserve(f->mb, 0x18000, 0x1000), 0);
	assert_int_equal(a->reserve(f->mb, 0x2f000, 0x12000), 0);
	assert_int_equal(a->reserve_kern(f->mb, 0x6f000, 0x1000), 0);
	assert_valid(f->mb);
	return f;
}

#define HP_DM (MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED)

/* ---- Linux macros on the default instance ---- */

static void for_each_mem_range_skips_nomap_only(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	u64 i;

	(void)seeded(state);
	for_each_mem_range(i, &s, &e)
		push(&l, s, e, 0);
	expect(&l, { 0x10000, 0x20000, 0 }, { 0x20000, 0x30000, 0 },
	       { 0x60000, 0x70000, 0 }, { 0x80000, 0x90000, 0 });
}

static void for_each_mem_range_keeps_hotplug_with_movable_node(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	u64 i;

	(void)seeded(state);
	movable_node_enabled = true;
	for_each_mem_range(i, &s, &e)
		push(&l, s, e, 0);
	movable_node_enabled = false;
	expect(&l, { 0x10000, 0x20000, 0 }, { 0x20000, 0x30000, 0 },
	       { 0x60000, 0x70000, 0 }, { 0x80000, 0x90000, 0 });
}

static void for_each_mem_range_rev_is_forward_reversed(void **state)
{
	struct list fwd = { 0 }, rev = { 0 };
	phys_addr_t s, e;
	u64 i;

	(void)seeded(state);
	for_each_mem_range(i, &s, &e)
		push(&fwd, s, e, 0);
	for_each_mem_range_rev(i, &s, &e)
		push(&rev, s, e, 0);
	assert_int_equal(fwd.n, 4);
	assert_reversed(&fwd, &rev);
}

static void for_each_free_mem_range_is_memory_minus_reserved(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	int nid;
	u64 i;

	(void)seeded(state);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid)
		push(&l, s, e, nid);
	/* C is NOMAP and E driver-managed: both skipped */
	expect(&l, { 0x11000, 0x18000, 0 }, { 0x19000, 0x20000, 0 },
	       { 0x20000, 0x2f000, 1 }, { 0x60000, 0x6f000, 0 });
}

static void for_each_free_mem_range_filters_by_node(void **state)
{
	struct list l0 = { 0 }, l1 = { 0 };
	phys_addr_t s, e;
	int nid;
	u64 i;

	(void)seeded(state);
	for_each_free_mem_range(i, 0, MEMBLOCK_NONE, &s, &e, &nid)
		push(&l0, s, e, nid);
	for_each_free_mem_range(i, 1, MEMBLOCK_NONE, &s, &e, &nid)
		push(&l1, s, e, nid);
	expect(&l0, { 0x11000, 0x18000, 0 }, { 0x19000, 0x20000, 0 },
	       { 0x60000, 0x6f000, 0 });
	expect(&l1, { 0x20000, 0x2f000, 1 });
}

static void for_each_free_mem_range_with_mirror_only_mirror(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	int nid;
	u64 i;

	(void)seeded(state);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_MIRROR, &s, &e, &nid)
		push(&l, s, e, nid);
	expect(&l, { 0x60000, 0x6f000, 0 });
}

static void for_each_free_mem_range_with_nomap_includes_nomap(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	int nid;
	u64 i;

	(void)seeded(state);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NOMAP, &s, &e, &nid)
		push(&l, s, e, nid);
	expect(&l, { 0x11000, 0x18000, 0 }, { 0x19000, 0x20000, 0 },
	       { 0x20000, 0x2f000, 1 }, { 0x41000, 0x50000, 1 },
	       { 0x60000, 0x6f000, 0 });
}

static void for_each_free_mem_range_skips_hotplug_with_movable_node(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	int nid;
	u64 i;

	(void)seeded(state);
	movable_node_enabled = true;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid)
		push(&l, s, e, nid);
	movable_node_enabled = false;
	expect(&l, { 0x11000, 0x18000, 0 }, { 0x19000, 0x20000, 0 },
	       { 0x60000, 0x6f000, 0 });
}

static void for_each_free_mem_range_reverse_is_forward_reversed(void **state)
{
	static const int nids[] = { NUMA_NO_NODE, 0, 1, MAX_NUMNODES };
	static const enum memblock_flags fls[] = { MEMBLOCK_NONE,
						   MEMBLOCK_MIRROR,
						   MEMBLOCK_NOMAP, HP_DM };
	phys_addr_t s, e;
	size_t a, b, total = 0;
	int nid;
	u64 i;

	(void)seeded(state);
	for (a = 0; a < 4; a++) {
		for (b = 0; b < 4; b++) {
			struct list fwd = { 0 }, rev = { 0 };

			for_each_free_mem_range(i, nids[a], fls[b], &s, &e,
						&nid)
				push(&fwd, s, e, nid);
			for_each_free_mem_range_reverse(i, nids[a], fls[b], &s,
							&e, &nid)
				push(&rev, s, e, nid);
			assert_reversed(&fwd, &rev);
			total += fwd.n;
		}
	}
	assert_true(total > 16);
}

static void for_each_reserved_mem_range_lists_every_reservation(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	u64 i;

	(void)seeded(state);
	for_each_reserved_mem_range(i, &s, &e)
		push(&l, s, e, 0);
	expect(&l, { 0x0, 0x11000, 0 }, { 0x18000, 0x19000, 0 },
	       { 0x2f000, 0x41000, 0 }, { 0x6f000, 0x70000, 0 });
}

static void for_each_mem_region_visits_every_region_in_order(void **state)
{
	struct memblock_region *r;
	unsigned long n = 0;

	(void)seeded(state);
	for_each_mem_region(r) {
		assert_ptr_equal(r, &memblock.memory.regions[n]);
		n++;
	}
	assert_int_equal(n, 5);
	n = 0;
	for_each_reserved_mem_region(r) {
		assert_ptr_equal(r, &memblock.reserved.regions[n]);
		n++;
	}
	assert_int_equal(n, 4);
}

static void region_walks_on_empty_map_do_nothing(void **state)
{
	struct memblock_region *r;
	phys_addr_t s, e;
	int n = 0, nid;
	unsigned long ps, pe;
	u64 i;

	(void)state;
	for_each_mem_region(r)
		n++;
	for_each_reserved_mem_region(r)
		n++;
	for_each_mem_range(i, &s, &e)
		n++;
	for_each_mem_range_rev(i, &s, &e)
		n++;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid)
		n++;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					&nid)
		n++;
	for_each_reserved_mem_range(i, &s, &e)
		n++;
	for_each_mem_pfn_range(nid, MAX_NUMNODES, &ps, &pe, NULL)
		n++;
	assert_int_equal(n, 0);
}

static void free_range_of_memory_without_reservations_is_whole(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	int nid;
	u64 i;

	(void)state;
	assert_int_equal(memblock_add(0x100000, 0x100000), 0);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid)
		push(&l, s, e, nid);
	expect(&l, { 0x100000, 0x200000, MAX_NUMNODES });
	l.n = 0;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					&nid)
		push(&l, s, e, nid);
	expect(&l, { 0x100000, 0x200000, MAX_NUMNODES });
}

static void free_range_skips_adjacent_reservations_without_empty_ranges(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	u64 i;

	(void)state;
	assert_int_equal(memblock_add(0x10000, 0x10000), 0);
	/* adjacent reservations that do not merge leave an empty gap */
	assert_int_equal(memblock_reserve(0x14000, 0x1000), 0);
	assert_int_equal(memblock_reserve_kern(0x15000, 0x1000), 0);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		push(&l, s, e, 0);
	expect(&l, { 0x10000, 0x14000, 0 }, { 0x16000, 0x20000, 0 });
	l.n = 0;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					NULL)
		push(&l, s, e, 0);
	expect(&l, { 0x16000, 0x20000, 0 }, { 0x10000, 0x14000, 0 });
}

static void free_range_of_fully_reserved_memory_is_empty(void **state)
{
	phys_addr_t s, e;
	int n = 0;
	u64 i;

	(void)state;
	assert_int_equal(memblock_add(0x10000, 0x10000), 0);
	assert_int_equal(memblock_reserve(0x8000, 0x20000), 0);
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					NULL)
		n++;
	assert_int_equal(n, 0);
}

static void for_each_mem_pfn_range_yields_whole_pages_only(void **state)
{
	struct list l = { 0 };
	unsigned long ps, pe;
	int i, nid;

	(void)state;
	assert_int_equal(memblock_add_node(0x10000, 0x2000, 0, 0), 0);
	/* no whole page inside: skipped */
	assert_int_equal(memblock_add_node(0x20800, 0x1000, 0, 0), 0);
	/* partial pages at both ends are dropped */
	assert_int_equal(memblock_add_node(0x30800, 0x3000, 1, 0), 0);
	assert_int_equal(memblock_add_node(0x40000, 0x1000, 1,
					   MEMBLOCK_NOMAP), 0);
	for_each_mem_pfn_range(i, MAX_NUMNODES, &ps, &pe, &nid)
		push(&l, ps, pe, nid);
	expect(&l, { 0x10, 0x12, 0 }, { 0x31, 0x33, 1 }, { 0x40, 0x41, 1 });
}

static void for_each_mem_pfn_range_filters_by_node(void **state)
{
	struct list l = { 0 };
	unsigned long ps, pe;
	int i, nid;

	(void)state;
	assert_int_equal(memblock_add_node(0x10000, 0x2000, 0, 0), 0);
	assert_int_equal(memblock_add_node(0x12000, 0x2000, 1, 0), 0);
	assert_int_equal(memblock_add_node(0x20000, 0x2000, 0, 0), 0);
	for_each_mem_pfn_range(i, 0, &ps, &pe, &nid)
		push(&l, ps, pe, nid);
	expect(&l, { 0x10, 0x12, 0 }, { 0x20, 0x22, 0 });
	l.n = 0;
	for_each_mem_pfn_range(i, 1, &ps, &pe, NULL)
		push(&l, ps, pe, 1);
	expect(&l, { 0x12, 0x14, 1 });
	l.n = 0;
	for_each_mem_pfn_range(i, NUMA_NO_NODE, &ps, &pe, NULL)
		push(&l, ps, pe, 0);
	assert_int_equal(l.n, 3);
}

static void for_each_physmem_range_is_physmem_minus_type(void **state)
{
	struct list l = { 0 };
	phys_addr_t s, e;
	u64 i;

	(void)state;
	assert_int_equal(memblock_physmem_add(0x0, 0x100000), 0);
	assert_int_equal(memblock_add(0x0, 0x80000), 0);
	assert_int_equal(memblock_reserve(0x1000, 0x1000), 0);
	for_each_physmem_range(i, &memblock.reserved, &s, &e)
		push(&l, s, e, 0);
	expect(&l, { 0x0, 0x1000, 0 }, { 0x2000, 0x100000, 0 });
	l.n = 0;
	/* memory removed by mem= stays in physmem */
	for_each_physmem_range(i, &memblock.memory, &s, &e)
		push(&l, s, e, 0);
	expect(&l, { 0x80000, 0x100000, 0 });
	l.n = 0;
	for_each_physmem_range(i, NULL, &s, &e)
		push(&l, s, e, 0);
	expect(&l, { 0x0, 0x100000, 0 });
}

/* ---- the instance functions, on the same map in both APIs ---- */

static void next_range_reports_node_of_each_region(void **state)
{
	struct fix *f = seeded(state);
	struct list l;

	walk(f->mb, false, NUMA_NO_NODE, HP_DM, &f->mb->memory, NULL, &l);
	expect(&l, { 0x10000, 0x20000, 0 }, { 0x20000, 0x30000, 1 },
	       { 0x60000, 0x70000, 0 }, { 0x80000, 0x90000, 1 });
}

static void next_range_never_filters_reserved_regions(void **state)
{
	struct fix *f = seeded(state);
	struct list l;

	walk(f->mb, false, 0, MEMBLOCK_MIRROR, &f->mb->reserved, NULL, &l);
	assert_int_equal(l.n, 4);
}

static void next_range_with_kho_scratch_demands_the_flag(void **state)
{
	struct fix *f = seeded(state);
	struct list l;

	assert_int_equal(f->api->flag(f->mb, false, 0x1c000, 0x8000,
				      MEMBLOCK_KHO_SCRATCH, true),
			 0);
	walk(f->mb, false, NUMA_NO_NODE, MEMBLOCK_KHO_SCRATCH, &f->mb->memory,
	     &f->mb->reserved, &l);
	expect(&l, { 0x1c000, 0x20000, 0 }, { 0x20000, 0x24000, 1 });
}

static void next_range_rev_matches_forward_for_every_filter(void **state)
{
	static const int nids[] = { NUMA_NO_NODE, 0, 1, 2 };
	static const enum memblock_flags fls[] = {
		MEMBLOCK_NONE, MEMBLOCK_MIRROR, MEMBLOCK_NOMAP, HP_DM,
		MEMBLOCK_NOMAP | HP_DM
	};
	struct fix *f = seeded(state);
	struct list fwd, rev;
	size_t a, b;

	for (a = 0; a < 4; a++) {
		for (b = 0; b < 5; b++) {
			walk(f->mb, false, nids[a], fls[b], &f->mb->memory,
			     &f->mb->reserved, &fwd);
			walk(f->mb, true, nids[a], fls[b], &f->mb->memory,
			     &f->mb->reserved, &rev);
			assert_reversed(&fwd, &rev);
			walk(f->mb, false, nids[a], fls[b], &f->mb->memory,
			     NULL, &fwd);
			walk(f->mb, true, nids[a], fls[b], &f->mb->memory,
			     NULL, &rev);
			assert_reversed(&fwd, &rev);
		}
	}
}

static void next_range_outputs_may_be_null(void **state)
{
	struct fix *f = seeded(state);
	uint64_t i = 0;
	int n = 0;

	do {
		mb_next_range(f->mb, &i, NUMA_NO_NODE, 0, &f->mb->memory,
			      &f->mb->reserved, NULL, NULL, NULL);
		n++;
	} while (i != UINT64_MAX);
	assert_int_equal(n, 5);
}

static void next_pfn_range_on_instance_matches_regions(void **state)
{
	struct fix *f = seeded(state);
	unsigned long ps, pe;
	int i = -1, nid, n = 0;

	for (mb_next_pfn_range(f->mb, &i, 1, &ps, &pe, &nid); i >= 0;
	     mb_next_pfn_range(f->mb, &i, 1, &ps, &pe, &nid)) {
		assert_int_equal(nid, 1);
		assert_int_equal(ps, f->mb->memory.regions[i].base >> 12);
		n++;
	}
	assert_int_equal(n, 3);
}

/* ---- random maps against a page-by-page model ---- */

#define PAGES 64
#define PG 0x1000u

static uint32_t rnd(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

static bool model_skip(const struct memblock_region *m, int nid, unsigned fl)
{
	if (nid >= 0 && nid < MAX_NUMNODES && m->nid != nid)
		return true;
	if ((fl & MEMBLOCK_MIRROR) && !(m->flags & MEMBLOCK_MIRROR))
		return true;
	if ((m->flags & MEMBLOCK_NOMAP) && !(fl & MEMBLOCK_NOMAP))
		return true;
	return (m->flags & MEMBLOCK_DRIVER_MANAGED) &&
	       !(fl & MEMBLOCK_DRIVER_MANAGED);
}

/* Free ranges, region by region, computed page by page. */
static void model_free(const struct memblock *mb, int nid, unsigned fl,
		       struct list *l)
{
	unsigned long i;

	l->n = 0;
	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *m = &mb->memory.regions[i];
		phys_addr_t a, run = 0;
		bool in = false;

		if (model_skip(m, nid, fl))
			continue;
		for (a = m->base; a < m->base + m->size; a += PG) {
			bool fr = !mb_is_reserved(mb, a);

			if (fr && !in)
				run = a;
			if (!fr && in)
				push(l, run, a, m->nid);
			in = fr;
		}
		if (in)
			push(l, run, m->base + m->size, m->nid);
	}
}

static void random_maps_free_ranges_match_page_model(void **state)
{
	static const unsigned mflags[] = { 0, 0, 0, MEMBLOCK_HOTPLUG,
					   MEMBLOCK_NOMAP, MEMBLOCK_MIRROR,
					   MEMBLOCK_DRIVER_MANAGED };
	static const unsigned fls[] = { 0, MEMBLOCK_MIRROR, MEMBLOCK_NOMAP,
					HP_DM };
	uint32_t seed = 12345;
	unsigned long quick = 0;
	int round;

	(void)state;
	for (round = 0; round < 300; round++) {
		struct tmap t;
		struct list got, want, rev;
		int k, nid;
		unsigned fi;

		tmap_init(&t, 128, 128, 0);
		for (k = 0; k < 12; k++) {
			phys_addr_t b = (rnd(&seed) % PAGES) * PG;
			phys_addr_t s = (1 + rnd(&seed) % 8) * PG;

			assert_int_equal(mb_add_node(&t.mb, b, s,
						     (int)(rnd(&seed) % 3),
						     mflags[rnd(&seed) % 7]),
					 0);
			b = (rnd(&seed) % (PAGES + 4)) * PG;
			s = (1 + rnd(&seed) % 4) * PG;
			assert_int_equal(mb_reserve_node(&t.mb, b, s,
							 NUMA_NO_NODE,
							 rnd(&seed) % 2
								 ? MEMBLOCK_RSRV_KERN
								 : MEMBLOCK_NONE),
					 0);
		}
		assert_valid(&t.mb);
		for (nid = -1; nid < 3; nid++) {
			for (fi = 0; fi < 4; fi++) {
				model_free(&t.mb, nid, fls[fi], &want);
				walk(&t.mb, false, nid, fls[fi], &t.mb.memory,
				     &t.mb.reserved, &got);
				expect_is(&got, want.r, want.n, __LINE__);
				quick += walk_quick(&t.mb, nid, fls[fi],
						    &t.mb.memory,
						    &t.mb.reserved, &got);
				expect_is(&got, want.r, want.n, __LINE__);
				walk(&t.mb, true, nid, fls[fi], &t.mb.memory,
				     &t.mb.reserved, &rev);
				assert_reversed(&got, &rev);
			}
		}
		tmap_fini(&t);
	}
	/* The quick step was exercised, not always declined. */
	assert_true(quick > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		LINUX_ONLY(for_each_mem_range_skips_nomap_only),
		LINUX_ONLY(for_each_mem_range_keeps_hotplug_with_movable_node),
		LINUX_ONLY(for_each_mem_range_rev_is_forward_reversed),
		LINUX_ONLY(for_each_free_mem_range_is_memory_minus_reserved),
		LINUX_ONLY(for_each_free_mem_range_filters_by_node),
		LINUX_ONLY(for_each_free_mem_range_with_mirror_only_mirror),
		LINUX_ONLY(for_each_free_mem_range_with_nomap_includes_nomap),
		LINUX_ONLY(for_each_free_mem_range_skips_hotplug_with_movable_node),
		LINUX_ONLY(for_each_free_mem_range_reverse_is_forward_reversed),
		LINUX_ONLY(for_each_reserved_mem_range_lists_every_reservation),
		LINUX_ONLY(for_each_mem_region_visits_every_region_in_order),
		LINUX_ONLY(region_walks_on_empty_map_do_nothing),
		LINUX_ONLY(free_range_of_memory_without_reservations_is_whole),
		LINUX_ONLY(free_range_skips_adjacent_reservations_without_empty_ranges),
		LINUX_ONLY(free_range_of_fully_reserved_memory_is_empty),
		LINUX_ONLY(for_each_mem_pfn_range_yields_whole_pages_only),
		LINUX_ONLY(for_each_mem_pfn_range_filters_by_node),
		LINUX_ONLY(for_each_physmem_range_is_physmem_minus_type),
		BOTH_APIS(next_range_reports_node_of_each_region),
		BOTH_APIS(next_range_never_filters_reserved_regions),
		BOTH_APIS(next_range_with_kho_scratch_demands_the_flag),
		BOTH_APIS(next_range_rev_matches_forward_for_every_filter),
		BOTH_APIS(next_range_outputs_may_be_null),
		BOTH_APIS(next_pfn_range_on_instance_matches_regions),
		cmocka_unit_test(random_maps_free_ranges_match_page_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
