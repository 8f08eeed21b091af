// SPDX-License-Identifier: MIT
/*
 * test_handoff.c - mb_free_all() and mb_discard(): every whole free page
 * given exactly once as the fewest naturally aligned blocks, reserved and
 * NOMAP ranges reported in address order, self-grown tables given back,
 * and a dead map refusing changes.  Expectations are computed here page by
 * page, independently of the library.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

#define KiB ((phys_addr_t)1 << 10)
#define MiB ((phys_addr_t)1 << 20)
#define PG ((phys_addr_t)1 << MEMBLOCK_ENV_PAGE_SHIFT)
#define MN MAX_NUMNODES
#define NN NUMA_NO_NODE
#define SPAN_PAGES 16384UL /* the maps checked page by page: 64 MiB */

/* ---- a consumer that records everything ---- */

struct blk {
	phys_addr_t base;
	unsigned order;
};

struct rr {
	phys_addr_t base, end;
	unsigned flags;
	int nid;
};

struct rec {
	unsigned char hits[SPAN_PAGES]; /* times each page was given */
	struct blk blocks[SPAN_PAGES];
	size_t nblocks;
	struct rr rsv[256];
	size_t nrsv;
	unsigned max_order;
	unsigned bad; /* blocks misaligned, too large or outside the span */
};

static void rec_free_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct rec *r = ctx;
	uint64_t pfn = (uint64_t)(base / PG), n = (uint64_t)1 << order, i;

	if (order > r->max_order || base % PG || pfn % n ||
	    pfn + n > SPAN_PAGES || r->nblocks == SPAN_PAGES) {
		r->bad++;
		return;
	}
	r->blocks[r->nblocks].base = base;
	r->blocks[r->nblocks++].order = order;
	for (i = pfn; i < pfn + n; i++)
		r->hits[i]++;
}

static void rec_reserved(void *ctx, phys_addr_t base, phys_addr_t end,
			 enum memblock_flags flags, int nid)
{
	struct rec *r = ctx;

	if (r->nrsv == sizeof(r->rsv) / sizeof(r->rsv[0])) {
		r->bad++;
		return;
	}
	r->rsv[r->nrsv].base = base;
	r->rsv[r->nrsv].end = end;
	r->rsv[r->nrsv].flags = flags;
	r->rsv[r->nrsv++].nid = nid;
}

static struct rec *rec_new(struct mb_handoff *h, unsigned max_order)
{
	struct rec *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->max_order = max_order;
	h->free_block = rec_free_block;
	h->reserved_range = rec_reserved;
	h->max_order = max_order;
	h->ctx = r;
	return r;
}

/* ---- the expectation, from a copy of the map taken before ---- */

struct mapcopy {
	struct memblock_region mem[128], rsv[128];
	unsigned long nmem, nrsv;
};

/* Copy the map, clearing HOTPLUG and merging what then matches. */
static void copy_map(struct mapcopy *c, const struct memblock *mb)
{
	unsigned long i;

	assert_true(mb->memory.cnt <= 128 && mb->reserved.cnt <= 128);
	c->nmem = 0;
	for (i = 0; i < mb->memory.cnt; i++) {
		struct memblock_region r = mb->memory.regions[i];
		struct memblock_region *last = c->nmem ? &c->mem[c->nmem - 1]
						       : NULL;

		r.flags = (enum memblock_flags)(r.flags & ~MEMBLOCK_HOTPLUG);
		if (last && last->base + last->size == r.base &&
		    last->nid == r.nid && last->flags == r.flags)
			last->size += r.size;
		else
			c->mem[c->nmem++] = r;
	}
	c->nrsv = mb->reserved.cnt;
	memcpy(c->rsv, mb->reserved.regions, c->nrsv * sizeof(c->rsv[0]));
}

static bool given_kind(const struct memblock_region *m)
{
	return !(m->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED));
}

/* Index of the memory region holding page @pfn whole, or -1. */
static long region_of_page(const struct mapcopy *c, uint64_t pfn)
{
	phys_addr_t a = (phys_addr_t)(pfn * PG);
	unsigned long i;

	for (i = 0; i < c->nmem; i++)
		if (c->mem[i].base <= a &&
		    a + PG - 1 <= c->mem[i].base + c->mem[i].size - 1)
			return (long)i;
	return -1;
}

static bool page_reserved(const struct mapcopy *c, uint64_t pfn)
{
	phys_addr_t a = (phys_addr_t)(pfn * PG);
	unsigned long i;

	for (i = 0; i < c->nrsv; i++)
		if (c->rsv[i].base < a + PG &&
		    a < c->rsv[i].base + c->rsv[i].size)
			return true;
	return false;
}

/* Region index of a free page, or -1 when the page must not be given. */
static long free_region(const struct mapcopy *c, uint64_t pfn)
{
	long i = region_of_page(c, pfn);

	if (i < 0 || !given_kind(&c->mem[i]) || page_reserved(c, pfn))
		return -1;
	return i;
}

/* The fewest naturally aligned blocks covering pages [s, e): a DP. */
static uint64_t min_blocks(uint64_t s, uint64_t e, unsigned max_order)
{
	uint64_t n = e - s, i, *f = calloc(n + 1, sizeof(*f));
	uint64_t best;
	unsigned k;

	assert_non_null(f);
	for (i = 1; i <= n; i++) {
		f[i] = UINT64_MAX;
		for (k = 0; k <= max_order && ((uint64_t)1 << k) <= i; k++) {
			uint64_t from = s + i - ((uint64_t)1 << k);

			if (from % ((uint64_t)1 << k) == 0 &&
			    f[i - ((uint64_t)1 << k)] + 1 < f[i])
				f[i] = f[i - ((uint64_t)1 << k)] + 1;
		}
	}
	best = f[n];
	free(f);
	return best;
}

/* Reserved regions and NOMAP memory, by address (reserved first on ties). */
static size_t expected_reserved(const struct mapcopy *c, struct rr *out)
{
	unsigned long i = 0, j = 0;
	size_t n = 0;

	for (;;) {
		const struct memblock_region *x;

		while (j < c->nmem && !(c->mem[j].flags & MEMBLOCK_NOMAP))
			j++;
		if (i >= c->nrsv && j >= c->nmem)
			return n;
		if (j >= c->nmem ||
		    (i < c->nrsv && c->rsv[i].base <= c->mem[j].base))
			x = &c->rsv[i++];
		else
			x = &c->mem[j++];
		out[n].base = x->base;
		out[n].end = x->base + x->size;
		out[n].flags = x->flags;
		out[n++].nid = x->nid;
	}
}

/*
 * Run mb_free_all() on @mb (all inside the first SPAN_PAGES pages) with
 * @max_order and check every promise against the copy.
 */
static void check_free_all(struct memblock *mb, unsigned max_order)
{
	static struct rr want[256];
	struct mapcopy *c = calloc(1, sizeof(*c));
	struct mb_handoff h;
	struct mb_handoff_stats st;
	struct rec *r = rec_new(&h, max_order);
	uint64_t pfn, run_start = 0, expect_blocks = 0, pages = 0;
	long run_region = -1;
	unsigned long i;
	size_t nwant;

	assert_non_null(c);
	copy_map(c, mb);
	memset(&st, 0xff, sizeof(st));
	assert_int_equal(mb_free_all(mb, &h, &st), 0);
	assert_valid(mb);
	assert_int_equal(r->bad, 0);
	for (i = 0; i < mb->memory.cnt; i++)
		assert_false(mb->memory.regions[i].flags & MEMBLOCK_HOTPLUG);

	/* Each free page given once, nothing else given; runs per region. */
	for (pfn = 0; pfn <= SPAN_PAGES; pfn++) {
		long reg = pfn < SPAN_PAGES ? free_region(c, pfn) : -1;

		if (pfn < SPAN_PAGES) {
			if (r->hits[pfn] != (reg >= 0 ? 1 : 0))
				fail_msg("page %#llx given %u times, want %d",
					 (unsigned long long)pfn, r->hits[pfn],
					 reg >= 0);
			pages += reg >= 0;
		}
		if (reg != run_region) {
			if (run_region >= 0)
				expect_blocks += min_blocks(run_start, pfn,
							    max_order);
			run_region = reg;
			run_start = pfn;
		}
	}
	/* No block crosses from one memory region into another. */
	for (i = 0; i < r->nblocks; i++) {
		uint64_t first = r->blocks[i].base / PG;
		uint64_t last = first + ((uint64_t)1 << r->blocks[i].order) - 1;

		assert_int_equal(free_region(c, first), free_region(c, last));
	}
	assert_int_equal(r->nblocks, expect_blocks);
	assert_int_equal(st.blocks, expect_blocks);
	assert_int_equal(st.pages, pages);

	nwant = expected_reserved(c, want);
	assert_int_equal(r->nrsv, nwant);
	assert_int_equal(st.reserved, nwant);
	for (i = 0; i < nwant; i++) {
		assert_int_equal(r->rsv[i].base, want[i].base);
		assert_int_equal(r->rsv[i].end, want[i].end);
		assert_int_equal(r->rsv[i].flags, want[i].flags);
		assert_int_equal(r->rsv[i].nid, want[i].nid);
		if (i)
			assert_true(r->rsv[i - 1].base <= r->rsv[i].base);
	}
	free(r);
	free(c);
}

/* ---- maps with awkward edges ---- */

static void odd_edges_map(struct memblock *mb)
{
	/* From page 0, with an odd number of pages. */
	assert_int_equal(mb_add(mb, 0, 0x5000), 0);
	/* Unaligned start; a sub-page and a page-straddling reservation. */
	assert_int_equal(mb_add(mb, 0x10800, 0x42800), 0);
	assert_int_equal(mb_reserve(mb, 0x20100, 0x100), 0);
	assert_int_equal(mb_reserve(mb, 0x30800, 0x2000), 0);
	/* Unaligned end. */
	assert_int_equal(mb_add(mb, 0x60000, 0x31234), 0);
	/* NOMAP memory: reported, never given. */
	assert_int_equal(mb_add_node(mb, 0x100000, 0x40000, MN,
				     MEMBLOCK_NOMAP),
			 0);
	/* Adjacent regions on two nodes: blocks must not cross. */
	assert_int_equal(mb_add_node(mb, 0x200000, 0x3000, 0, 0), 0);
	assert_int_equal(mb_add_node(mb, 0x203000, 0x5000, 1, 0), 0);
	/* Hotplug next to plain memory: one region once HOTPLUG is cleared. */
	assert_int_equal(mb_add_node(mb, 0x300000, 0x4000, MN,
				     MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(mb_add(mb, 0x304000, 0x4000), 0);
	/* Driver-managed memory is not the boot allocator's to give. */
	assert_int_equal(mb_add_node(mb, 0x400000, 0x10000, MN,
				     MEMBLOCK_DRIVER_MANAGED),
			 0);
	/* A reservation outside memory. */
	assert_int_equal(mb_reserve(mb, 0x500000, 0x1000), 0);
	/* A large region with a reservation in the middle. */
	assert_int_equal(mb_add(mb, 16 * MiB, 16 * MiB), 0);
	assert_int_equal(mb_reserve_kern(mb, 0x1234567, 0x89ab), 0);
	/* A NOMAP region that is also reserved. */
	assert_int_equal(mb_add_node(mb, 40 * MiB, MiB, 3, MEMBLOCK_NOMAP), 0);
	assert_int_equal(mb_reserve(mb, 40 * MiB + 0x3000, 0x1000), 0);
}

static void free_all_gives_every_free_page_once_order_10(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	odd_edges_map(&t.mb);
	check_free_all(&t.mb, 10);
	tmap_fini(&t);
}

static void free_all_with_max_order_zero_gives_single_pages(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	odd_edges_map(&t.mb);
	check_free_all(&t.mb, 0);
	tmap_fini(&t);
}

static void free_all_with_large_max_order(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	odd_edges_map(&t.mb);
	check_free_all(&t.mb, 19);
	tmap_fini(&t);
}

static void free_all_exact_blocks_for_small_ranges(void **state)
{
	struct tmap t;
	struct mb_handoff h;
	struct rec *r = rec_new(&h, 10);

	(void)state;
	tmap_init(&t, 32, 32, 4);
	/* Pages 0..4: 4 at 0 and 1 at 4.  Pages 0x11..0x14: 1, 2, 1. */
	assert_int_equal(mb_add(&t.mb, 0, 0x5000), 0);
	assert_int_equal(mb_add(&t.mb, 0x10800, 0x4800), 0);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), 0);
	assert_int_equal(r->nblocks, 5);
	assert_int_equal(r->blocks[0].base, 0);
	assert_int_equal(r->blocks[0].order, 2);
	assert_int_equal(r->blocks[1].base, 0x4000);
	assert_int_equal(r->blocks[1].order, 0);
	assert_int_equal(r->blocks[2].base, 0x11000);
	assert_int_equal(r->blocks[2].order, 0);
	assert_int_equal(r->blocks[3].base, 0x12000);
	assert_int_equal(r->blocks[3].order, 1);
	assert_int_equal(r->blocks[4].base, 0x14000);
	assert_int_equal(r->blocks[4].order, 0);
	free(r);
	tmap_fini(&t);
}

static void free_all_hotplug_neighbours_merge_into_one_block(void **state)
{
	struct tmap t;
	struct mb_handoff h;
	struct rec *r = rec_new(&h, 10);

	(void)state;
	tmap_init(&t, 32, 32, 4);
	assert_int_equal(mb_add_node(&t.mb, 0x300000, 0x4000, MN,
				     MEMBLOCK_HOTPLUG),
			 0);
	assert_int_equal(mb_add(&t.mb, 0x304000, 0x4000), 0);
	assert_int_equal(t.mb.memory.cnt, 2);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), 0);
	assert_type(&t.mb.memory, { 0x300000, 0x8000, 0, MN });
	assert_int_equal(r->nblocks, 1);
	assert_int_equal(r->blocks[0].order, 3);
	free(r);
	tmap_fini(&t);
}

/* A consumer for blocks far above the span: just the list. */
struct few {
	struct blk b[8];
	size_t n;
};

static void few_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct few *f = ctx;

	if (f->n < 8) {
		f->b[f->n].base = base;
		f->b[f->n].order = order;
	}
	f->n++;
}

static void free_all_never_gives_the_last_page_of_the_address_space(void **state)
{
	struct tmap t;
	struct few f = { .n = 0 };
	struct mb_handoff h = { few_block, NULL, 10, &f };
	phys_addr_t top_page = PHYS_ADDR_MAX - PG + 1;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	/* Capped at PHYS_ADDR_MAX, so the top page is one byte short. */
	assert_int_equal(mb_add(&t.mb, top_page - 3 * PG, 4 * PG), 0);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), 0);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.b[0].base, top_page - 3 * PG);
	assert_int_equal(f.b[0].order, 1);
	assert_int_equal(f.b[1].base, top_page - PG);
	assert_int_equal(f.b[1].order, 0);
	tmap_fini(&t);
}

static void free_all_over_the_whole_address_space(void **state)
{
	struct tmap t;
	struct few f = { .n = 0 };
	struct mb_handoff h = { few_block, NULL, 63, &f };
	struct mb_handoff_stats st;
	unsigned bits = (unsigned)(sizeof(phys_addr_t) * 8);
	unsigned pfn_bits = bits - MEMBLOCK_ENV_PAGE_SHIFT;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	assert_int_equal(mb_add(&t.mb, 0, PHYS_ADDR_MAX), 0);
	assert_int_equal(mb_free_all(&t.mb, &h, &st), 0);
	/* Every page but the last: 2^(n-1) + ... + 2 + 1 pages. */
	assert_int_equal(st.pages, ((uint64_t)1 << pfn_bits) - 1);
	assert_int_equal(st.blocks, pfn_bits);
	assert_int_equal(f.b[0].base, 0);
	assert_int_equal(f.b[0].order, pfn_bits - 1);
	assert_int_equal(f.b[1].base, (phys_addr_t)1 << (bits - 1));
	assert_int_equal(f.b[1].order, pfn_bits - 2);
	tmap_fini(&t);
}

/* ---- random maps ---- */

static phys_addr_t rnd(phys_addr_t n)
{
	return (phys_addr_t)((((uint64_t)rand() << 16) ^ (uint64_t)rand()) %
			     (uint64_t)n);
}

static void free_all_on_random_maps(void **state)
{
	static const unsigned flag_choice[] = { 0, 0, 0, MEMBLOCK_HOTPLUG,
						MEMBLOCK_NOMAP,
						MEMBLOCK_MIRROR,
						MEMBLOCK_HOTPLUG |
							MEMBLOCK_NOMAP };
	static const int nid_choice[] = { MN, MN, 0, 1 };
	unsigned iter;

	(void)state;
	srand(12345);
	for (iter = 0; iter < 300; iter++) {
		struct tmap t;
		unsigned k, nmem = 1 + (unsigned)rnd(12), nrsv = (unsigned)rnd(16);
		phys_addr_t span = (phys_addr_t)(2 + rnd(62)) * MiB;

		tmap_init(&t, 128, 128, 4);
		for (k = 0; k < nmem; k++) {
			phys_addr_t b = rnd(span), s = 1 + rnd(span / 4);

			if (b + s > span)
				s = span - b;
			if (rnd(2))
				b &= ~(PG - 1);
			if (s)
				assert_int_equal(
					mb_add_node(&t.mb, b, s,
						    nid_choice[rnd(4)],
						    (enum memblock_flags)
							    flag_choice[rnd(7)]),
					0);
		}
		for (k = 0; k < nrsv; k++) {
			phys_addr_t b = rnd(span), s = 1 + rnd(span / 16);

			if (b + s > span)
				s = span - b;
			if (s)
				assert_int_equal(mb_reserve(&t.mb, b, s), 0);
		}
		check_free_all(&t.mb, (unsigned)rnd(12));
		tmap_fini(&t);
	}
}

/* ---- stats and refusals ---- */

static void free_all_without_free_block_is_einval(void **state)
{
	struct tmap t;
	struct snap s;
	struct mb_handoff h = { NULL, NULL, 10, NULL };

	(void)state;
	tmap_init(&t, 32, 32, 4);
	assert_int_equal(mb_add_node(&t.mb, 0, MiB, MN, MEMBLOCK_HOTPLUG), 0);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_free_all(&t.mb, NULL, NULL), -MB_EINVAL);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), -MB_EINVAL);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
}

static void free_all_without_reserved_callback_still_gives_pages(void **state)
{
	struct tmap t;
	struct mb_handoff h;
	struct mb_handoff_stats st;
	struct rec *r = rec_new(&h, 10);

	(void)state;
	h.reserved_range = NULL;
	tmap_init(&t, 32, 32, 4);
	assert_int_equal(mb_add(&t.mb, 0, MiB), 0);
	assert_int_equal(mb_reserve(&t.mb, 0, PG), 0);
	assert_int_equal(mb_free_all(&t.mb, &h, &st), 0);
	assert_int_equal(st.pages, 255);
	assert_int_equal(st.reserved, 0);
	assert_int_equal(r->nrsv, 0);
	free(r);
	tmap_fini(&t);
}

/* ---- discard ---- */

static void discard_without_grown_tables_needs_no_consumer(void **state)
{
	struct tmap t;
	struct mb_handoff_stats st;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	assert_int_equal(mb_add(&t.mb, 0, MiB), 0);
	assert_int_equal(mb_reserve(&t.mb, 0, PG), 0);
	memset(&st, 0xff, sizeof(st));
	assert_int_equal(mb_discard(&t.mb, NULL, &st), 0);
	assert_int_equal(st.pages, 0);
	assert_int_equal(st.blocks, 0);
	assert_empty(&t.mb.memory);
	assert_empty(&t.mb.reserved);
	assert_ptr_equal(t.mb.memory.regions, t.mem);
	assert_ptr_equal(t.mb.reserved.regions, t.rsv);
	tmap_fini(&t);
}

/* A call on a discarded map: -MB_ENOENT and nothing changed. */
#define assert_dead(mb, call) assert_fails_unchanged((mb), -MB_ENOENT, (call))

static void after_discard_every_change_is_enoent(void **state)
{
	struct tmap t;
	struct mb_handoff h;
	struct rec *r = rec_new(&h, 10);
	phys_addr_t a = 0;
	void *v = NULL;

	(void)state;
	tmap_init(&t, 32, 32, 4);
	assert_int_equal(mb_add(&t.mb, 0, MiB), 0);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), 0);
	assert_int_equal(mb_discard(&t.mb, &h, NULL), 0);
	assert_dead(&t.mb, mb_add(&t.mb, 0, MiB));
	assert_dead(&t.mb, mb_add_node(&t.mb, 0, MiB, 0, 0));
	assert_dead(&t.mb, mb_remove(&t.mb, 0, MiB));
	assert_dead(&t.mb, mb_reserve(&t.mb, 0, PG));
	assert_dead(&t.mb, mb_reserve_kern(&t.mb, 0, PG));
	assert_dead(&t.mb, mb_reserve_node(&t.mb, 0, PG, 0, 0));
	assert_dead(&t.mb, mb_free(&t.mb, 0, PG));
	assert_dead(&t.mb, mb_physmem_add(&t.mb, 0, PG));
	assert_dead(&t.mb, mb_set_flags(&t.mb, &t.mb.memory, 0, PG,
					MEMBLOCK_NOMAP));
	assert_dead(&t.mb, mb_clear_flags(&t.mb, &t.mb.memory, 0, PG,
					  MEMBLOCK_NOMAP));
	assert_dead(&t.mb, mb_mark_mirror(&t.mb, 0, PG));
	assert_dead(&t.mb, mb_set_node(&t.mb, &t.mb.memory, 0, PG, 1));
	assert_dead(&t.mb, mb_alloc_range(&t.mb, PG, PG, 0,
					  MEMBLOCK_ALLOC_ANYWHERE, &a));
	assert_dead(&t.mb, mb_alloc_range_nid(&t.mb, PG, PG, 0,
					      MEMBLOCK_ALLOC_ANYWHERE, 0, true,
					      &a));
	assert_dead(&t.mb, mb_alloc_virt(&t.mb, PG, PG, 0,
					 MEMBLOCK_ALLOC_ANYWHERE, NN, false,
					 true, &v));
	assert_dead(&t.mb, mb_free_all(&t.mb, &h, NULL));
	assert_dead(&t.mb, mb_enforce_memory_limit(&t.mb, PG));
	assert_dead(&t.mb, mb_cap_memory_range(&t.mb, 0, PG));
	assert_dead(&t.mb, mb_mem_limit_remove_map(&t.mb, PG));
	assert_dead(&t.mb, mb_trim_memory(&t.mb, PG));
	assert_dead(&t.mb, mb_discard(&t.mb, &h, NULL));
	free(r);
	tmap_fini(&t);
}

/* An embedder allocator that counts what it hands out and gets back. */
struct grow_count {
	unsigned allocs, frees;
	size_t bytes_out;
};

static void *gc_alloc(void *ctx, size_t bytes)
{
	struct grow_count *g = ctx;

	g->allocs++;
	g->bytes_out += bytes;
	return malloc(bytes);
}

static void gc_free(void *ctx, void *p, size_t bytes)
{
	struct grow_count *g = ctx;

	g->frees++;
	g->bytes_out -= bytes;
	free(p);
}

static void discard_returns_embedder_tables_to_their_allocator(void **state)
{
	struct grow_count g = { 0, 0, 0 };
	struct mb_grow_ops ops = { gc_alloc, gc_free, &g };
	struct tmap t;
	unsigned i;

	(void)state;
	tmap_init(&t, 2, 2, 4);
	mb_set_grow_ops(&t.mb, &ops);
	for (i = 0; i < 5; i++) {
		assert_int_equal(mb_add(&t.mb, i * 2 * MiB, MiB), 0);
		assert_int_equal(mb_reserve(&t.mb, i * 2 * MiB, PG), 0);
	}
	assert_true(g.allocs >= 2);
	assert_int_equal(mb_discard(&t.mb, NULL, NULL), 0);
	assert_int_equal(g.allocs, g.frees);
	assert_int_equal(g.bytes_out, 0);
	assert_ptr_equal(t.mb.memory.regions, t.mem);
	assert_int_equal(t.mb.memory.max, 2);
	tmap_fini(&t);
}

/*
 * Arena memory in three pieces, each table grown from it: memory and
 * reserved both self-grown.
 */
static void grow_into_arena(struct tmap *t, phys_addr_t base)
{
	tmap_init(t, 2, 2, 4);
	mb_allow_resize(&t->mb);
	assert_int_equal(mb_add(&t->mb, base, 64 * KiB), 0);
	assert_int_equal(mb_add(&t->mb, base + 128 * KiB, 64 * KiB), 0);
	assert_int_equal(mb_add(&t->mb, base + 256 * KiB, 768 * KiB), 0);
	assert_int_equal(mb_reserve(&t->mb, base, PG), 0);
	assert_int_equal(mb_reserve(&t->mb, base + 128 * KiB, PG), 0);
	assert_int_equal(mb_reserve(&t->mb, base + 256 * KiB, PG), 0);
	assert_valid(&t->mb);
	assert_true(t->mb.memory.regions != t->mem);
	assert_true(t->mb.reserved.regions != t->rsv);
}

/* Every block must lie inside one of two ranges [lo, hi). */
struct given {
	phys_addr_t lo[2], hi[2];
	uint64_t pages;
	unsigned outside;
};

static void given_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct given *g = ctx;
	phys_addr_t n = PG << order;

	if (!(base >= g->lo[0] && base + n <= g->hi[0]) &&
	    !(base >= g->lo[1] && base + n <= g->hi[1]))
		g->outside++;
	g->pages += (uint64_t)1 << order;
}

static void discard_gives_self_grown_tables_back_as_free_pages(void **state)
{
	char *p = phys_arena(MiB, 0x1000);
	phys_addr_t base = (phys_addr_t)(uintptr_t)p;
	struct tmap t;
	struct given g = { { 0, 0 }, { 0, 0 }, 0, 0 };
	struct mb_handoff h = { given_block, NULL, 10, &g };
	struct mb_handoff_stats st;
	phys_addr_t m, r;

	(void)state;
	grow_into_arena(&t, base);
	m = (phys_addr_t)(uintptr_t)t.mb.memory.regions;
	r = (phys_addr_t)(uintptr_t)t.mb.reserved.regions;
	/* Both tables are reserved, so the hand-off does not give them. */
	assert_true(mb_is_reserved(&t.mb, m));
	assert_true(mb_is_reserved(&t.mb, r));
	g.lo[0] = g.lo[1] = base;
	g.hi[0] = g.hi[1] = base + MiB;
	assert_int_equal(mb_free_all(&t.mb, &h, &st), 0);
	assert_int_equal(g.outside, 0);
	assert_int_equal(st.pages, (64 + 64 + 768) / 4 - 3 - 2);
	/* Discard gives exactly the two table pages. */
	g.lo[0] = m;
	g.hi[0] = m + PG;
	g.lo[1] = r;
	g.hi[1] = r + PG;
	g.pages = 0;
	assert_int_equal(mb_discard(&t.mb, &h, &st), 0);
	assert_int_equal(g.outside, 0);
	assert_int_equal(g.pages, 2);
	assert_int_equal(st.pages, 2);
	assert_ptr_equal(t.mb.memory.regions, t.mem);
	assert_ptr_equal(t.mb.reserved.regions, t.rsv);
	assert_empty(&t.mb.memory);
	tmap_fini(&t);
	phys_arena_free(p);
}

static void discard_of_self_grown_tables_needs_a_consumer(void **state)
{
	char *p = phys_arena(MiB, 0x1000);
	struct tmap t;
	struct snap s;
	struct mb_handoff h = { NULL, NULL, 10, NULL };

	(void)state;
	grow_into_arena(&t, (phys_addr_t)(uintptr_t)p);
	snap_take(&s, &t.mb);
	assert_int_equal(mb_discard(&t.mb, NULL, NULL), -MB_EINVAL);
	assert_int_equal(mb_discard(&t.mb, &h, NULL), -MB_EINVAL);
	snap_assert_same(&s, &t.mb);
	snap_free(&s);
	tmap_fini(&t);
	phys_arena_free(p);
}

/* ---- the Linux names ---- */

static void linux_free_all_feeds_the_registered_consumer(void **state)
{
	struct mb_handoff h;
	struct rec *r = rec_new(&h, 10);

	(void)state;
	reset_default();
	memblock_free_all(); /* nobody registered: nothing happens */
	assert_int_equal(memblock_add(0, MiB), 0);
	assert_int_equal(memblock_reserve(0, 2 * PG), 0);
	memblock_free_all();
	assert_int_equal(memblock.memory.cnt, 1);
	memblock_set_handoff(&h);
	memblock_free_all();
	assert_int_equal(r->nblocks, 7); /* 2, 4, 8, ..., 128 pages */
	assert_int_equal(r->nrsv, 1);
	memblock_discard();
	assert_int_equal(memblock_add(MiB, MiB), -MB_ENOENT);
	assert_int_equal(memblock_phys_alloc(PG, PG), 0);
	reset_default();
	free(r);
}

/*
 * A self-grown table cut off by mem= is no longer memory: mb_discard()
 * must not give its pages to the page allocator (Linux avoids the case
 * only by the order of its calls).  64-bit only: writes into a heap arena.
 */
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
static void count_above_limit(void *ctx, phys_addr_t base, unsigned order)
{
	phys_addr_t *lim = ctx;

	/* ctx: the limit address; count blocks above it in lim[1] */
	if (base + (PG << order) > lim[0])
		lim[1]++;
}

static void discard_gives_nothing_above_a_memory_limit(void **state)
{
	char *p = phys_arena(MiB, MiB);
	phys_addr_t base = (phys_addr_t)(uintptr_t)p;
	phys_addr_t lim[2] = { base + 64 * KiB, 0 };
	struct mb_handoff h = { count_above_limit, NULL, 10, lim };
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 16, 4);
	mb_allow_resize(&t.mb);
	assert_int_equal(mb_add(&t.mb, base, 64 * KiB), 0);
	assert_int_equal(mb_add(&t.mb, base + 128 * KiB, 64 * KiB), 0);
	assert_int_equal(mb_add(&t.mb, base + 256 * KiB, 768 * KiB), 0);
	/* The memory table grew into the top of the second region. */
	assert_true(t.mb.memory.regions != t.mem);
	assert_true((phys_addr_t)(uintptr_t)t.mb.memory.regions >= lim[0]);
	/* mem=64K: keep only [base, base + 64K). */
	assert_int_equal(mb_enforce_memory_limit(&t.mb, 64 * KiB), 0);
	assert_int_equal(mb_free_all(&t.mb, &h, NULL), 0);
	assert_int_equal(lim[1], 0);
	assert_int_equal(mb_discard(&t.mb, &h, NULL), 0);
	assert_int_equal(lim[1], 0);
	tmap_fini(&t);
	phys_arena_free(p);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(free_all_gives_every_free_page_once_order_10),
		cmocka_unit_test(free_all_with_max_order_zero_gives_single_pages),
		cmocka_unit_test(free_all_with_large_max_order),
		cmocka_unit_test(free_all_exact_blocks_for_small_ranges),
		cmocka_unit_test(free_all_hotplug_neighbours_merge_into_one_block),
		cmocka_unit_test(free_all_never_gives_the_last_page_of_the_address_space),
		cmocka_unit_test(free_all_over_the_whole_address_space),
		cmocka_unit_test(free_all_on_random_maps),
		cmocka_unit_test(free_all_without_free_block_is_einval),
		cmocka_unit_test(free_all_without_reserved_callback_still_gives_pages),
		cmocka_unit_test(discard_without_grown_tables_needs_no_consumer),
		cmocka_unit_test(after_discard_every_change_is_enoent),
		cmocka_unit_test(discard_returns_embedder_tables_to_their_allocator),
		cmocka_unit_test(discard_gives_self_grown_tables_back_as_free_pages),
		cmocka_unit_test(discard_of_self_grown_tables_needs_a_consumer),
		cmocka_unit_test(linux_free_all_feeds_the_registered_consumer),
#ifndef MEMBLOCK_PHYS_ADDR_32BIT
		cmocka_unit_test(discard_gives_nothing_above_a_memory_limit),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
