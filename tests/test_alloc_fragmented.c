// SPDX-License-Identifier: MIT
/*
 * test_alloc_fragmented.c - allocations in fragmented maps land exactly
 * where a brute-force search says Linux's rules put them.
 *
 * The reference search below reads only what the public headers expose:
 * the memory and reserved arrays (base, size, flags, nid), current_limit
 * and bottom_up, plus two settings the test made itself and so knows
 * (mirror preference after mb_mark_mirror(), movable node).  It follows
 * the rules as README.md and libmemblock.h state them:
 *   - free memory is memory minus reserved, one memory region at a time,
 *     so a block never spans two memory regions that did not merge;
 *   - NOMAP and DRIVER_MANAGED memory is skipped, HOTPLUG too with
 *     movable node; a node other than NUMA_NO_NODE keeps only its regions
 *     (MAX_NUMNODES reads as NUMA_NO_NODE);
 *   - free ranges are tried highest first (lowest first bottom-up), each
 *     clamped to [start, end), end MEMBLOCK_ALLOC_ACCESSIBLE meaning the
 *     current limit; top-down takes round_down(end - size, align),
 *     bottom-up round_up(start, align); the first range where that spot
 *     lies inside it wins;
 *   - rounds (node, mirror), (any node, mirror), (node), (any node): the
 *     mirror rounds only after mb_mark_mirror(), the any-node rounds only
 *     for a real node without exact_nid; the block is reserved as
 *     MEMBLOCK_RSRV_KERN with the node of the round that found it;
 *   - -MB_EINVAL (size 0, alignment not a power of two, bad node),
 *     -MB_ERANGE (start >= end), -MB_EALIGN when some clamped free range
 *     was long enough but had no aligned spot, else -MB_ENOSPC; a failed
 *     call changes nothing;
 *   - the Linux names never return the first page (start at least
 *     PAGE_SIZE); memblock_alloc_try_nid() and its wrappers cap the end at
 *     the current limit and, when nothing fits above a non-zero min_addr,
 *     search again from 0; memblock_find_in_range() prefers mirrored
 *     memory and falls back.
 * Each scenario also counts what happened (holes hit, fallbacks, each
 * error) and asserts the counts, so that a scenario cannot quietly stop
 * testing what its name says.
 *
 * It is slow and simple on purpose and shares no code with src/: it is the
 * safety net for replacing the library's search, so it must keep passing
 * whatever index the library keeps.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

#define KiB ((phys_addr_t)1 << 10)
#define MiB ((phys_addr_t)1 << 20)
#define PG ((phys_addr_t)0x1000)
#define ANY MEMBLOCK_ALLOC_ANYWHERE
#define ACC MEMBLOCK_ALLOC_ACCESSIBLE
#define KERN MEMBLOCK_RSRV_KERN
#define NOMAP MEMBLOCK_NOMAP
#define NO NUMA_NO_NODE
#define WIDE (sizeof(phys_addr_t) > 4)

/* Sanitizer builds run the largest scenario shorter (never skip it). */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* ---- a small deterministic PRNG (xorshift64) ---- */

struct rng {
	uint64_t s;
};

static uint64_t rnd64(struct rng *g)
{
	g->s ^= g->s << 13;
	g->s ^= g->s >> 7;
	g->s ^= g->s << 17;
	return g->s;
}

static uint64_t rnd(struct rng *g, uint64_t n)
{
	return rnd64(g) % n;
}

/* ---- the reference search ---- */

/* Settings that shape allocations but that the instance cannot report. */
struct known {
	bool mirror;  /* mb_mark_mirror() was used: prefer mirrored memory */
	bool movable; /* movable node: skip HOTPLUG memory */
};

struct req {
	phys_addr_t size, align, start, end;
	int nid;
	bool exact;
};

/* The expected status and, on success, the block and its node. */
struct want {
	int err;
	phys_addr_t addr;
	int nid;
};

/* Index of the last region of @t with base <= @x, or -1. */
static long last_at_or_below(const struct memblock_type *t, phys_addr_t x)
{
	long lo = 0, hi = (long)t->cnt;

	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (t->regions[mid].base <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* Visit free ranges [s, e); return true to stop the walk. */
typedef bool (*range_fn)(void *ctx, phys_addr_t s, phys_addr_t e);

/*
 * The free ranges of memory [mb, me), highest first: walk the reserved
 * array down from the last region starting below me; each gap between
 * reservations that lies in [mb, me) is free.
 */
static bool walk_down(const struct memblock_type *rsv, phys_addr_t mb,
		      phys_addr_t me, range_fn fn, void *ctx)
{
	phys_addr_t hi = me;
	long i = last_at_or_below(rsv, me - 1) + 1;

	while (i-- > 0 && hi > mb) {
		phys_addr_t rb = rsv->regions[i].base;
		phys_addr_t re = rb + rsv->regions[i].size;

		if (re <= mb)
			break; /* this and every lower one lie below it */
		if (re < hi && fn(ctx, re, hi))
			return true;
		hi = rb > mb ? rb : mb;
	}
	return hi > mb && fn(ctx, mb, hi);
}

/* The same, lowest first, from the last region starting at or below mb. */
static bool walk_up(const struct memblock_type *rsv, phys_addr_t mb,
		    phys_addr_t me, range_fn fn, void *ctx)
{
	phys_addr_t lo = mb;
	long i = last_at_or_below(rsv, mb);

	for (i = i < 0 ? 0 : i; i < (long)rsv->cnt && lo < me; i++) {
		phys_addr_t rb = rsv->regions[i].base;
		phys_addr_t re = rb + rsv->regions[i].size;

		if (re <= lo)
			continue;
		if (rb >= me)
			break;
		if (rb > lo && fn(ctx, lo, rb))
			return true;
		lo = re < me ? re : me;
	}
	return lo < me && fn(ctx, lo, me);
}

/* May this round allocate from memory region @m? */
static bool eligible(const struct memblock_region *m, const struct known *k,
		     int nid, bool mirror)
{
	if (m->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
		return false;
	if (k->movable && (m->flags & MEMBLOCK_HOTPLUG))
		return false;
	if (mirror && !(m->flags & MEMBLOCK_MIRROR))
		return false;
	return nid == NO || m->nid == nid;
}

/*
 * Every free range of memory eligible for (@nid, @mirror) inside
 * [lo, hi), in allocation order: highest region first top-down.  Cutting
 * each memory region to [lo, hi) before the walk is the same as clamping
 * each free range afterwards, and spares walking what lies outside.
 */
static bool walk_free(const struct memblock *mb, const struct known *k,
		      int nid, bool mirror, bool bottom_up, phys_addr_t lo,
		      phys_addr_t hi, range_fn fn, void *ctx)
{
	unsigned long n = mb->memory.cnt, i;

	for (i = 0; i < n; i++) {
		const struct memblock_region *m =
			&mb->memory.regions[bottom_up ? i : n - 1 - i];
		phys_addr_t b = m->base > lo ? m->base : lo;
		phys_addr_t e = m->base + m->size < hi ? m->base + m->size : hi;

		if (b >= e || !eligible(m, k, nid, mirror))
			continue;
		if (bottom_up ? walk_up(&mb->reserved, b, e, fn, ctx)
			      : walk_down(&mb->reserved, b, e, fn, ctx))
			return true;
	}
	return false;
}

/* One search: the request with defaults resolved, and what it saw. */
struct round {
	phys_addr_t size, align, start, end;
	bool bottom_up;
	bool room; /* some clamped free range was at least size long */
	phys_addr_t addr;
};

/* Linux's test of one free range, clamped to [start, end). */
static bool try_range(void *ctx, phys_addr_t fs, phys_addr_t fe)
{
	struct round *r = ctx;
	phys_addr_t lo = fs > r->start ? fs : r->start;
	phys_addr_t hi = fe < r->end ? fe : r->end;
	phys_addr_t cand;

	if (hi <= lo || hi - lo < r->size)
		return false;
	r->room = true;
	if (r->bottom_up) /* wraps below lo at the top: refused below */
		cand = (lo + r->align - 1) & ~(r->align - 1);
	else
		cand = (hi - r->size) & ~(r->align - 1);
	if (cand < lo || cand > hi - r->size)
		return false;
	r->addr = cand;
	return true;
}

/* Defaults and argument checks shared by every search: 0 or an error. */
static int resolve(const struct memblock *mb, struct req q, struct round *r,
		   int *nid)
{
	r->size = q.size;
	r->align = q.align ? q.align : MEMBLOCK_ENV_CACHE_BYTES;
	r->start = q.start;
	r->end = q.end == ACC ? mb->current_limit : q.end;
	r->bottom_up = mb->bottom_up;
	r->room = false;
	r->addr = 0;
	*nid = q.nid == MAX_NUMNODES ? NO : q.nid;
	if (!q.size || (r->align & (r->align - 1)) || *nid < NO ||
	    *nid >= MAX_NUMNODES)
		return -MB_EINVAL;
	return r->start >= r->end ? -MB_ERANGE : 0;
}

/* One round: only (@nid, @mirror). */
static bool ref_round(const struct memblock *mb, const struct known *k,
		      struct round *r, int nid, bool mirror)
{
	return walk_free(mb, k, nid, mirror, r->bottom_up, r->start, r->end,
			 try_range, r);
}

/* mb_alloc_range_nid(): the rounds with their fallbacks. */
static struct want ref_alloc(const struct memblock *mb, const struct known *k,
			     struct req q)
{
	struct round r;
	bool mirror = k->mirror;
	struct want w = { 0, 0, NO };
	int nid;

	w.err = resolve(mb, q, &r, &nid);
	if (w.err)
		return w;
	for (;;) {
		if (ref_round(mb, k, &r, nid, mirror)) {
			w.addr = r.addr;
			w.nid = nid;
			return w;
		}
		if (nid != NO && !q.exact && ref_round(mb, k, &r, NO, mirror)) {
			w.addr = r.addr;
			return w;
		}
		if (!mirror)
			break;
		mirror = false;
	}
	w.err = r.room ? -MB_EALIGN : -MB_ENOSPC;
	return w;
}

/* mb_find_in_range_node(): one round, exactly @nid and @flags. */
static struct want ref_find(const struct memblock *mb, const struct known *k,
			    struct req q, enum memblock_flags flags)
{
	struct round r;
	struct want w = { 0, 0, NO };
	int nid;

	w.err = resolve(mb, q, &r, &nid);
	if (w.err)
		return w;
	if (ref_round(mb, k, &r, nid, flags & MEMBLOCK_MIRROR))
		w.addr = r.addr;
	else
		w.err = r.room ? -MB_EALIGN : -MB_ENOSPC;
	return w;
}

/* ---- reading the arrays ---- */

/* Is all of [b, b + s) reserved? */
static bool fully_reserved(const struct memblock_type *t, phys_addr_t b,
			   phys_addr_t s)
{
	long i = last_at_or_below(t, b);
	phys_addr_t at = b, end = b + s;

	for (; i >= 0 && i < (long)t->cnt && at < end; i++) {
		const struct memblock_region *x = &t->regions[i];

		if (x->base > at || x->base + x->size <= at)
			return false;
		at = x->base + x->size;
	}
	return i >= 0 && at >= end;
}

/* The memory region holding @a, or NULL. */
static const struct memblock_region *mem_at(const struct memblock *mb,
					    phys_addr_t a)
{
	long i = last_at_or_below(&mb->memory, a);

	if (i < 0 || a - mb->memory.regions[i].base >=
			     mb->memory.regions[i].size)
		return NULL;
	return &mb->memory.regions[i];
}

/*
 * What reserving the free block [a, a + size) as RSRV_KERN on @nid does
 * to the reserved array: one more region, one fewer for each neighbour
 * of the same kind it touches (allocations merge only with their kind).
 */
struct merge {
	long dcnt;
	int kern_nb, other_nb; /* touching neighbours of each kind */
	bool between;          /* reservations below and above it */
};

static void note_neighbour(struct merge *m, const struct memblock_region *n,
			   int nid)
{
	if (n->flags == KERN && n->nid == nid) {
		m->dcnt--;
		m->kern_nb++;
	} else {
		m->other_nb++;
	}
}

static struct merge predict_merge(const struct memblock_type *rsv,
				  phys_addr_t a, phys_addr_t size, int nid)
{
	long i = last_at_or_below(rsv, a); /* a is free: this ends <= a */
	const struct memblock_region *l = i >= 0 ? &rsv->regions[i] : NULL;
	const struct memblock_region *r =
		i + 1 < (long)rsv->cnt ? &rsv->regions[i + 1] : NULL;
	struct merge m = { 1, 0, 0, l && r };

	if (l && l->base + l->size == a)
		note_neighbour(&m, l, nid);
	if (r && r->base == a + size)
		note_neighbour(&m, r, nid);
	return m;
}

/* The block is reserved as an allocation on @nid. */
static void assert_block_recorded(const struct memblock_type *rsv,
				  phys_addr_t a, phys_addr_t size, int nid)
{
	long i = last_at_or_below(rsv, a);
	const struct memblock_region *r;

	assert_true(i >= 0);
	r = &rsv->regions[i];
	assert_true(a - r->base < r->size && size <= r->size - (a - r->base));
	assert_int_equal(r->flags, KERN);
	assert_int_equal(r->nid, nid);
}

/* ---- one run: an instance, its live allocations, what happened ---- */

struct blk {
	phys_addr_t base, size;
};

/* An embedder allocator on the host heap that counts what it lends. */
struct heap_grow {
	struct mb_grow_ops ops;
	long live;
};

static void *hg_alloc(void *ctx, size_t bytes)
{
	struct heap_grow *h = ctx;
	void *p = malloc(bytes);

	assert_non_null(p);
	h->live++;
	return p;
}

static void hg_free(void *ctx, void *p, size_t bytes)
{
	struct heap_grow *h = ctx;

	(void)bytes;
	h->live--;
	free(p);
}

struct run {
	struct memblock *mb;
	struct known k;
	bool self_grown; /* tables grow into memory: counts move with them */
	bool linux_names;
	struct rng g;
	const char *name;
	unsigned long step;
	struct blk *live;
	size_t nlive, cap;
	phys_addr_t lo, hi; /* where random addresses are drawn from */
	/* what the run did, so that each test proves it did its case */
	unsigned long placed, between, merged, beside_other, fell_back;
	unsigned long erange, enospc, ealign, max_rsv;
	struct tmap t;
	struct heap_grow h;
};

/* An instance with 2-slot tables that grow through the host heap. */
static void run_init(struct run *r, const char *name, uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->g.s = seed;
	tmap_init(&r->t, 2, 2, 0);
	r->mb = &r->t.mb;
	r->h.ops.alloc = hg_alloc;
	r->h.ops.free = hg_free;
	r->h.ops.ctx = &r->h;
	mb_set_grow_ops(r->mb, &r->h.ops);
}

static void run_fini(struct run *r)
{
	if (!r->self_grown) {
		/* the embedder gets every grown array back */
		assert_int_equal(mb_discard(r->mb, NULL, NULL), 0);
		assert_int_equal(r->h.live, 0);
	}
	tmap_fini(&r->t);
	free(r->live);
}

static void live_add(struct run *r, phys_addr_t base, phys_addr_t size)
{
	if (r->nlive == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->live = realloc(r->live, r->cap * sizeof(*r->live));
		assert_non_null(r->live);
	}
	r->live[r->nlive].base = base;
	r->live[r->nlive++].size = size;
}

/* Forget blocks a limit or a free took away (wholly or in part). */
static void prune_live(struct run *r)
{
	size_t i = 0;

	while (i < r->nlive) {
		if (fully_reserved(&r->mb->reserved, r->live[i].base,
				   r->live[i].size))
			i++;
		else
			r->live[i] = r->live[--r->nlive];
	}
}

/*
 * Unreserve; callers check validity after the step the free belongs to
 * (mb_check() walks the whole table, and that dominates the run time).
 */
static void do_free(struct run *r, phys_addr_t base, phys_addr_t size)
{
	if (r->linux_names)
		assert_int_equal(memblock_phys_free(base, size), 0);
	else
		assert_int_equal(mb_free(r->mb, base, size), 0);
}

static void free_random(struct run *r)
{
	size_t i;
	struct blk b;

	if (!r->nlive)
		return;
	i = (size_t)rnd(&r->g, r->nlive);
	b = r->live[i];
	r->live[i] = r->live[--r->nlive];
	do_free(r, b.base, b.size);
}

/* Give back the block allocated last. */
static void free_last(struct run *r)
{
	assert_true(r->nlive > 0);
	r->nlive--;
	do_free(r, r->live[r->nlive].base, r->live[r->nlive].size);
}

static void mismatch(const struct run *r, const struct req *q, int err,
		     phys_addr_t got, const struct want *w)
{
	fail_msg("%s step %lu: alloc %#llx align %#llx [%#llx, %#llx) nid %d%s "
		 "%s, limit %#llx: got %d at %#llx, reference %d at %#llx",
		 r->name, r->step, (unsigned long long)q->size,
		 (unsigned long long)q->align, (unsigned long long)q->start,
		 (unsigned long long)q->end, q->nid, q->exact ? " exact" : "",
		 r->mb->bottom_up ? "bottom-up" : "top-down",
		 (unsigned long long)r->mb->current_limit, err,
		 (unsigned long long)got, w->err, (unsigned long long)w->addr);
}

/*
 * After a successful allocation: the block is recorded as an allocation
 * of the expected node, and (when tables do not grow into memory) the
 * reserved array changed by exactly the block and its merges.
 */
static void check_placed(struct run *r, const struct merge *m, phys_addr_t a,
			 phys_addr_t size, int nid, unsigned long cnt,
			 phys_addr_t total)
{
	const struct memblock_type *rsv = &r->mb->reserved;

	assert_block_recorded(rsv, a, size, nid);
	if (!r->self_grown) {
		assert_int_equal(rsv->total_size, total + size);
		assert_int_equal((long)rsv->cnt, (long)cnt + m->dcnt);
	}
	r->placed++;
	r->between += m->between;
	r->merged += (unsigned long)m->kern_nb;
	r->beside_other += (unsigned long)m->other_nb;
	if (rsv->cnt > r->max_rsv)
		r->max_rsv = rsv->cnt;
}

/*
 * mb_alloc_range_nid() must return exactly what the reference computed
 * from the arrays just before the call; a failure must change nothing.
 */
static int alloc_checked(struct run *r, struct req q, phys_addr_t *out)
{
	struct memblock *mb = r->mb;
	struct want w = ref_alloc(mb, &r->k, q);
	struct merge m = { 0, 0, 0, false };
	unsigned long cnt = mb->reserved.cnt;
	phys_addr_t total = mb->reserved.total_size, got = 0;
	struct snap s;
	int err;

	r->step++;
	if (w.err)
		snap_take(&s, mb);
	else
		m = predict_merge(&mb->reserved, w.addr, q.size, w.nid);
	err = mb_alloc_range_nid(mb, q.size, q.align, q.start, q.end, q.nid,
				 q.exact, &got);
	if (err != w.err || (!err && got != w.addr))
		mismatch(r, &q, err, got, &w);
	if (err) {
		snap_assert_same(&s, mb);
		snap_free(&s);
		r->erange += err == -MB_ERANGE;
		r->enospc += err == -MB_ENOSPC;
		r->ealign += err == -MB_EALIGN;
	} else {
		r->fell_back += q.nid >= 0 && q.nid < MAX_NUMNODES &&
				w.nid == NO;
		check_placed(r, &m, got, q.size, w.nid, cnt, total);
		live_add(r, got, q.size);
		if (out)
			*out = got;
	}
	assert_valid(mb);
	return err;
}

/* A request the reference must refuse with @err, and so the library. */
static void expect_refused(struct run *r, struct req q, int err)
{
	struct want w = ref_alloc(r->mb, &r->k, q);

	assert_int_equal(w.err, err);
	assert_int_equal(alloc_checked(r, q, NULL), err);
}

/* ---- maps ---- */

/* The address-space scale: 64-bit maps go above 4 GiB, 32-bit below. */
static phys_addr_t unit(void)
{
	return (phys_addr_t)(WIDE ? 1ull << 30 : 64ull << 20);
}

static phys_addr_t base0(void)
{
	return (phys_addr_t)(WIDE ? 4ull << 30 : 256ull << 20);
}

static phys_addr_t big_size(void)
{
	return WIDE ? 64 * unit() : 48 * unit();
}

/* One large region on node 0: 64 GiB at 4 GiB (3 GiB at 256 MiB). */
static void one_region_map(struct run *r, const char *name, uint64_t seed)
{
	run_init(r, name, seed);
	assert_int_equal(mb_add_node(r->mb, base0(), big_size(), 0,
				     MEMBLOCK_NONE),
			 0);
}

/* 4 KiB .. 64 KiB at 4 KiB alignment, anywhere. */
static struct req small_req(struct run *r, int nid)
{
	struct req q = { PG * (1 + (phys_addr_t)rnd(&r->g, 16)), PG, 0, ANY,
			 nid, false };

	return q;
}

/*
 * @n allocations in a row, each bounded by the lowest reservation so far
 * (where an unbounded one would go too; the bound spares the reference a
 * walk over everything above); with @mixed every other one asks for
 * node 0, so that neighbours never merge.
 */
static void fill(struct run *r, unsigned long n, bool mixed)
{
	const struct memblock_type *rsv = &r->mb->reserved;
	unsigned long i;

	for (i = 0; i < n; i++) {
		struct req q = small_req(r, mixed && i % 2 ? 0 : NO);

		if (rsv->cnt)
			q.end = rsv->regions[0].base;
		assert_int_equal(alloc_checked(r, q, NULL), 0);
	}
}

/*
 * @steps of: free a random live block, allocate a random size (with @up,
 * every eighth bottom-up).  Frees leave holes; allocations fill the
 * highest that fits, so holes shrink and multiply.
 */
static void churn(struct run *r, unsigned long steps, bool mixed, bool up)
{
	unsigned long i;

	for (i = 0; i < steps; i++) {
		free_random(r);
		mb_set_bottom_up(r->mb, up && i % 8 == 7);
		assert_int_equal(alloc_checked(r, small_req(r, mixed &&
							       rnd(&r->g, 2)
							       ? 0
							       : NO),
					       NULL),
				 0);
	}
	mb_set_bottom_up(r->mb, false);
}

/* ---- 1. many holes in one region ---- */

/*
 * One kind of allocation only, so the table holds one region per run of
 * blocks between holes: its size counts the holes.
 */
static void allocations_among_thousands_of_holes_land_where_the_reference_says(
	void **state)
{
	struct run r;

	(void)state;
	one_region_map(&r, "holes", 0x9e3779b97f4a7c15ull);
	fill(&r, 6000, false);
	churn(&r, 12000, false, true);
	assert_true(r.max_rsv > 1500); /* holes at once, at the most */
	assert_true(r.between > 10000); /* allocations that landed in one */
	run_fini(&r);
}

/*
 * Every block its own region: 20000 of them (14000 under the sanitizers,
 * where mb_check() over the whole table after every step costs the most),
 * then churn among them.
 */
#define HUGE_TABLE (SANITIZED ? 14000ul : 20000ul)

static void allocations_in_a_huge_reserved_table_land_where_the_reference_says(
	void **state)
{
	struct run r;

	(void)state;
	one_region_map(&r, "huge", 0x2545f4914f6cdd1dull);
	fill(&r, HUGE_TABLE, true);
	assert_int_equal(r.mb->reserved.cnt, HUGE_TABLE);
	churn(&r, HUGE_TABLE / 5, true, true);
	assert_true(r.between > HUGE_TABLE / 6);
	run_fini(&r);
}

/* ---- 2. nodes, flags and bounds ---- */

/* Quarter-unit steps above base0(). */
static phys_addr_t quarter(unsigned q)
{
	return base0() + q * (unit() / 4);
}

/*
 * Seven memory regions, in quarter units: node 0 [0, 32), a hole, node 1
 * [33, 64), node 2 [64, 80) right above it (another node: not merged)
 * and [80, 88) NOMAP (other flags: not merged), node 3 [96, 112), node 0
 * [116, 120) DRIVER_MANAGED, node 1 [128, 144) HOTPLUG.
 */
static const struct area {
	unsigned from, to;
	int nid;
	enum memblock_flags flags;
} node_areas[] = {
	{ 0, 32, 0, MEMBLOCK_NONE },
	{ 33, 64, 1, MEMBLOCK_NONE },
	{ 64, 80, 2, MEMBLOCK_NONE },
	{ 80, 88, 2, MEMBLOCK_NOMAP },
	{ 96, 112, 3, MEMBLOCK_NONE },
	{ 116, 120, 0, MEMBLOCK_DRIVER_MANAGED },
	{ 128, 144, 1, MEMBLOCK_HOTPLUG },
};

/* That map; with @mirror, [4, 8) and [100, 104) are marked mirrored. */
static void nodes_map(struct run *r, const char *name, uint64_t seed,
		      bool mirror)
{
	size_t i;

	run_init(r, name, seed);
	for (i = 0; i < sizeof(node_areas) / sizeof(node_areas[0]); i++) {
		const struct area *a = &node_areas[i];

		assert_int_equal(mb_add_node(r->mb, quarter(a->from),
					     quarter(a->to) - quarter(a->from),
					     a->nid, a->flags),
				 0);
	}
	assert_int_equal(r->mb->memory.cnt, 7);
	if (mirror) {
		assert_int_equal(mb_mark_mirror(r->mb, quarter(4), unit()), 0);
		assert_int_equal(mb_mark_mirror(r->mb, quarter(100), unit()),
				 0);
		r->k.mirror = true;
	}
	r->lo = quarter(0) - unit() / 4;
	r->hi = quarter(146);
}

/*
 * An address near something: an edge of a memory or reserved region, give
 * or take up to 256 KiB at byte granularity, or anywhere in the span; so
 * bounds cut through holes, blocks and regions.
 */
static phys_addr_t random_point(struct run *r)
{
	const struct memblock_type *t =
		rnd(&r->g, 2) ? &r->mb->memory : &r->mb->reserved;
	phys_addr_t off = (phys_addr_t)rnd(&r->g, 256 * KiB), p;

	if (!t->cnt || rnd(&r->g, 3) == 0)
		return r->lo + (phys_addr_t)rnd(&r->g, r->hi - r->lo);
	p = t->regions[rnd(&r->g, t->cnt)].base;
	if (rnd(&r->g, 2))
		p += t->regions[rnd(&r->g, t->cnt)].size;
	return rnd(&r->g, 2) && p >= off ? p - off : p + off;
}

/* Any size, alignment, bounds and node, biased towards what fits. */
static struct req random_req(struct run *r)
{
	static const int nids[] = { NO, 0, 1, 2, 3, 5, MAX_NUMNODES };
	static const phys_addr_t aligns[] = { PG, PG, PG, 0, 64, 8 * KiB,
					      64 * KiB, 2 * MiB };
	uint64_t k = rnd(&r->g, 16);
	struct req q;

	if (k < 10)
		q.size = PG * (1 + (phys_addr_t)rnd(&r->g, 16));
	else if (k < 15)
		q.size = 1 + (phys_addr_t)rnd(&r->g, 256 * KiB);
	else
		q.size = unit() / 4 * (1 + (phys_addr_t)rnd(&r->g, 4));
	q.align = aligns[rnd(&r->g, 8)];
	q.start = rnd(&r->g, 2) ? 0 : random_point(r);
	switch (rnd(&r->g, 5)) {
	case 0:
		q.end = ANY;
		break;
	case 1:
		q.end = ACC;
		break;
	case 2: /* a narrow window: where alignment decides */
		q.start = random_point(r);
		q.end = q.start + 1 + (phys_addr_t)rnd(&r->g, 512 * KiB);
		break;
	default:
		q.end = random_point(r);
		if (q.end <= q.start && rnd(&r->g, 4)) {
			phys_addr_t t = q.end;

			q.end = q.start + 1;
			q.start = t;
		}
	}
	q.nid = nids[rnd(&r->g, 7)];
	q.exact = rnd(&r->g, 2);
	return q;
}

/* A small plain reservation somewhere: more fragments, another kind. */
static void reserve_random(struct run *r)
{
	phys_addr_t b = random_point(r) & ~(PG - 1);

	assert_int_equal(mb_reserve(r->mb, b, PG * (1 + rnd(&r->g, 4))), 0);
	assert_valid(r->mb);
}

static void node_flag_and_bound_rules_hold_in_a_fragmented_map(void **state)
{
	struct run r;
	unsigned long i;

	(void)state;
	nodes_map(&r, "nodes", 0x8f1bbcdcb7a56463ull, true);
	for (i = 0; i < 400; i++)
		alloc_checked(&r, random_req(&r), NULL);
	for (i = 0; i < 4000; i++) {
		uint64_t op = rnd(&r.g, 20);

		if (op < 12) {
			alloc_checked(&r, random_req(&r), NULL);
		} else if (op < 16) {
			free_random(&r);
			assert_valid(r.mb);
		} else if (op < 18) {
			reserve_random(&r);
		} else if (op == 18) {
			mb_set_bottom_up(r.mb, !r.mb->bottom_up);
		} else {
			r.k.movable = !r.k.movable;
			mb_set_movable_node(r.mb, r.k.movable);
		}
	}
	/* every outcome was met many times */
	assert_true(r.placed > 1500 && r.between > 500 && r.fell_back > 100);
	assert_true(r.enospc > 100 && r.ealign > 20 && r.erange > 50);
	assert_true(r.max_rsv > 1000);
	run_fini(&r);
}

/* ---- 3. bounded allocations around one hole ---- */

/* The free ranges of @mb between two reservations in one memory region. */
static size_t collect_holes(const struct memblock *mb, struct blk *h,
			    size_t max)
{
	const struct memblock_type *rsv = &mb->reserved;
	unsigned long i;
	size_t n = 0;

	for (i = 0; i + 1 < rsv->cnt && n < max; i++) {
		phys_addr_t e = rsv->regions[i].base + rsv->regions[i].size;
		phys_addr_t b = rsv->regions[i + 1].base;
		const struct memblock_region *m = mem_at(mb, e);

		if (b > e && m && m == mem_at(mb, b - 1)) {
			h[n].base = e;
			h[n++].size = b - e;
		}
	}
	return n;
}

static void bounded_allocations_fit_exactly_fail_by_one_byte_and_see_alignment(
	void **state)
{
	static struct blk holes[8192];
	struct run r;
	unsigned long i, exact = 0, misaligned = 0;

	(void)state;
	one_region_map(&r, "bounded", 0x6a09e667f3bcc909ull);
	fill(&r, 1500, false);
	churn(&r, 1500, false, true);
	for (i = 0; i < 400; i++) {
		size_t n = collect_holes(r.mb, holes, 8192), k;
		struct blk h = holes[rnd(&r.g, n ? n : 1)];
		phys_addr_t low = h.base & (~h.base + 1), end = h.base + h.size;
		long li = last_at_or_below(&r.mb->reserved, h.base);
		const struct memblock_region *left =
			&r.mb->reserved.regions[li];
		const struct memblock_region *right = left + 1;
		struct req q = { h.size, low < 2 * MiB ? low : 2 * MiB, h.base,
				 end, NO, false };
		struct want w;
		phys_addr_t got = 0;

		assert_true(n > 100);
		mb_set_bottom_up(r.mb, rnd(&r.g, 2));
		/* All the hole at the largest alignment its start has: there */
		w = ref_alloc(r.mb, &r.k, q);
		assert_true(w.err == 0 && w.addr == h.base);
		assert_int_equal(alloc_checked(&r, q, &got), 0);
		assert_int_equal(got, h.base);
		free_last(&r);
		assert_valid(r.mb);
		exact++;
		/* One byte more fits nowhere, even with the window opened up to
		 * the far ends of the reservations around the hole. */
		q.size = h.size + 1;
		q.align = PG;
		expect_refused(&r, q, -MB_ENOSPC);
		q.start = left->base;
		q.end = right->base + right->size;
		expect_refused(&r, q, -MB_ENOSPC);
		/* The whole hole at twice its start's alignment: room, but not
		 * at that alignment. */
		if (low < 2 * MiB) {
			q.size = h.size;
			q.align = 2 * low;
			expect_refused(&r, q, -MB_EALIGN);
			q.start = h.base;
			q.end = end;
			expect_refused(&r, q, -MB_EALIGN);
			misaligned++;
		}
		/* Windows around the hole, 4 KiB .. 2 MiB alignments, sizes
		 * at and around the hole's: whatever the reference says. */
		for (k = 0; k < 6; k++) {
			static const phys_addr_t dsize[] = { 0, 1, PG };

			q.size = k < 3 ? h.size + dsize[k]
				       : PG * (1 + (phys_addr_t)rnd(&r.g, 16));
			if (k == 2 && h.size > PG)
				q.size = h.size - PG;
			q.align = PG << rnd(&r.g, 10);
			q.start = h.base - (phys_addr_t)rnd(&r.g, 512 * KiB);
			q.end = end + (phys_addr_t)rnd(&r.g, 512 * KiB);
			if (alloc_checked(&r, q, NULL) == 0) {
				free_last(&r);
				assert_valid(r.mb);
			}
		}
	}
	mb_set_bottom_up(r.mb, false);
	assert_true(exact == 400 && misaligned > 100 && r.ealign > 300);
	run_fini(&r);
}

/* ---- 4. limits and direction change between allocations ---- */

static void limit_direction_and_mem_limits_are_followed_between_allocations(
	void **state)
{
	struct run r;
	struct memblock *mb;
	unsigned long i;
	phys_addr_t before;

	(void)state;
	nodes_map(&r, "limits", 0xbb67ae8584caa73bull, false);
	mb = r.mb;
	for (i = 0; i < 300; i++)
		alloc_checked(&r, random_req(&r), NULL);
	for (i = 0; i < 3000; i++) {
		uint64_t op = rnd(&r.g, 10);
		struct req q;

		before = mb_phys_mem_size(mb);
		if (i == 750) {
			/* mem=: keep three quarters of the memory */
			assert_int_equal(mb_enforce_memory_limit(mb,
								 before / 4 * 3),
					 0);
		} else if (i == 1500) {
			/* keep [8 quarters + half a page, 100 quarters) */
			phys_addr_t b = quarter(8) + PG / 2;

			assert_int_equal(mb_cap_memory_range(mb, b,
							     quarter(100) - b),
					 0);
		} else if (i == 2250) {
			assert_int_equal(mb_mem_limit_remove_map(mb, before / 2),
					 0);
		}
		if (i == 750 || i == 1500 || i == 2250) {
			assert_true(mb_phys_mem_size(mb) < before);
			assert_valid(mb);
			prune_live(&r);
		}
		switch (op) {
		case 0: case 1: case 2: case 3: case 4:
			q = random_req(&r);
			if (rnd(&r.g, 2))
				q.end = ACC;
			alloc_checked(&r, q, NULL);
			break;
		case 5: case 6:
			free_random(&r);
			assert_valid(mb);
			break;
		case 7:
			mb_set_current_limit(mb, rnd(&r.g, 4) ? random_point(&r)
							      : ANY);
			break;
		case 8:
			mb_set_bottom_up(mb, !mb->bottom_up);
			break;
		default:
			q = small_req(&r, NO);
			q.end = ACC;
			alloc_checked(&r, q, NULL);
		}
	}
	assert_true(r.placed > 1000 && r.erange > 50 && r.enospc > 50);
	run_fini(&r);
}

/* ---- 5. direct edits of the arrays ---- */

/* Nodes 0, 1, 2 in three regions with holes between (never mergeable). */
static void three_node_map(struct run *r, const char *name, uint64_t seed)
{
	int j;

	run_init(r, name, seed);
	for (j = 0; j < 3; j++)
		assert_int_equal(mb_add_node(r->mb, quarter(12 * (unsigned)j),
					     2 * unit(), j, MEMBLOCK_NONE),
				 0);
	r->lo = quarter(0);
	r->hi = quarter(32);
	fill(r, 800, false);
	churn(r, 800, false, true);
	for (j = 0; j < 600; j++)
		alloc_checked(r, small_req(r, (int)rnd(&r->g, 4) - 1), NULL);
}

/* A random reserved region of at least two pages inside memory, or -1. */
static long pick_reserved(struct run *r)
{
	const struct memblock_type *rsv = &r->mb->reserved;
	int tries;

	for (tries = 0; tries < 64; tries++) {
		long i = (long)rnd(&r->g, rsv->cnt);
		const struct memblock_region *x = &rsv->regions[i];

		if (x->size >= 2 * PG && mem_at(r->mb, x->base))
			return i;
	}
	return -1;
}

/*
 * Shrink a reserved region in place, fixing total_size as Linux code
 * must; the freed tail is then asked for exactly.  Return whether the
 * allocation landed in it.
 */
static bool shrink_in_place_then_allocate(struct run *r)
{
	struct memblock_type *rsv = &r->mb->reserved;
	long i = pick_reserved(r);
	phys_addr_t cut, tail;
	struct req q;
	phys_addr_t got = 0;

	if (i < 0)
		return false;
	cut = PG * (1 + (phys_addr_t)rnd(&r->g, rsv->regions[i].size / PG - 1));
	rsv->regions[i].size -= cut;
	rsv->total_size -= cut;
	tail = rsv->regions[i].base + rsv->regions[i].size;
	assert_valid(r->mb);
	prune_live(r);
	q = small_req(r, NO);
	q.size = cut;
	return alloc_checked(r, q, &got) == 0 && got >= tail &&
	       got - tail < cut;
}

/*
 * Move a memory region to another node in place (the Linux helper or a
 * plain write), then ask that node exactly.  Return whether the
 * allocation landed in the region.
 */
static bool renode_in_place_then_allocate(struct run *r)
{
	struct memblock_region *m =
		&r->mb->memory.regions[rnd(&r->g, r->mb->memory.cnt)];
	int nid = (m->nid + 1 + (int)rnd(&r->g, 3)) % 4;
	phys_addr_t got = 0;
	struct req q;

	if (rnd(&r->g, 2))
		memblock_set_region_node(m, nid);
	else
		m->nid = nid;
	assert_valid(r->mb);
	q = small_req(r, nid);
	q.exact = true;
	return alloc_checked(r, q, &got) == 0 && got - m->base < m->size;
}

/* Toggle NOMAP on a memory region in place (firmware quirk code). */
static bool flip_nomap_in_place_then_allocate(struct run *r)
{
	struct memblock_region *m =
		&r->mb->memory.regions[rnd(&r->g, r->mb->memory.cnt)];
	phys_addr_t got = 0;

	m->flags = (enum memblock_flags)(m->flags ^ MEMBLOCK_NOMAP);
	assert_valid(r->mb);
	return alloc_checked(r, small_req(r, NO), &got) == 0 &&
	       got - m->base < m->size;
}

static void in_place_edits_of_the_arrays_are_seen_by_the_next_allocation(
	void **state)
{
	struct run r;
	unsigned long i, hits[3] = { 0, 0, 0 };

	(void)state;
	three_node_map(&r, "edits", 0x3c6ef372fe94f82bull);
	for (i = 0; i < 900; i++) {
		unsigned kind = (unsigned)(i % 3);

		if (kind == 0)
			hits[0] += shrink_in_place_then_allocate(&r);
		else if (kind == 1)
			hits[1] += renode_in_place_then_allocate(&r);
		else
			hits[2] += flip_nomap_in_place_then_allocate(&r);
		free_random(&r);
		alloc_checked(&r, small_req(&r, NO), NULL);
	}
	/* the edits mattered: allocations used what they changed */
	assert_true(hits[0] > 20 && hits[1] > 100 && hits[2] > 50);
	run_fini(&r);
}

/* ---- 6. frees and reserves over many holes; kinds of reservation ---- */

static void frees_and_reserves_spanning_many_holes_keep_placements_exact(
	void **state)
{
	struct run r;
	struct memblock *mb;
	unsigned long i, reused = 0, swallowed = 0;

	(void)state;
	one_region_map(&r, "spans", 0x510e527fade682d1ull);
	mb = r.mb;
	/* Allocations with plain and RSRV_KERN reservations right below
	 * them, so the next allocation touches one kind or the other. */
	for (i = 0; i < 1200; i++) {
		if (i && rnd(&r.g, 3) == 0) {
			phys_addr_t s = PG * (1 + (phys_addr_t)rnd(&r.g, 4));
			phys_addr_t b = mb->reserved.regions[0].base - s;

			int err = rnd(&r.g, 2) ? mb_reserve_kern(mb, b, s)
					       : mb_reserve(mb, b, s);

			assert_int_equal(err, 0);
			assert_valid(mb);
		}
		alloc_checked(&r, small_req(&r, NO), NULL);
	}
	churn(&r, 1500, false, true);
	for (i = 0; i < 900; i++) {
		const struct memblock_type *rsv = &mb->reserved;
		long x = (long)rnd(&r.g, rsv->cnt - 8);
		const struct memblock_region *lo = &rsv->regions[x];
		const struct memblock_region *hi = lo + 2 + rnd(&r.g, 5);
		phys_addr_t b = lo->base +
				PG * (phys_addr_t)rnd(&r.g, lo->size / PG);
		phys_addr_t e = hi->base + hi->size -
				PG * (phys_addr_t)rnd(&r.g, hi->size / PG);
		phys_addr_t got = 0;
		struct req q = { e - b, PG, 0, ANY, NO, false };
		uint64_t op = rsv->cnt < 500 ? 2 : rnd(&r.g, 4);

		if (op == 0) {
			/* one free over several blocks and the holes between */
			assert_int_equal(mb_free(mb, b, e - b), 0);
			assert_false(mb_is_region_reserved(mb, b, e - b));
			assert_valid(mb);
			prune_live(&r);
			if (alloc_checked(&r, q, &got) == 0 && got == b)
				reused++;
		} else if (op == 1) {
			/* one reservation swallowing several holes */
			swallowed++;
			int err = rnd(&r.g, 2) ? mb_reserve_kern(mb, b, e - b)
					       : mb_reserve(mb, b, e - b);

			assert_int_equal(err, 0);
			assert_true(fully_reserved(&mb->reserved, b, e - b));
			assert_valid(mb);
		} else {
			churn(&r, 4, false, true);
		}
	}
	/* allocations met neighbours of both kinds, merging with their own */
	assert_true(r.merged > 500 && r.beside_other > 100);
	assert_true(reused > 50 && swallowed > 50);
	run_fini(&r);
}

/* ---- 7. tables grown into the memory they manage ---- */

/*
 * Backed memory for @bytes at a 2 MiB boundary, so that alignments and
 * hence every placement are the same from run to run (@arena keeps what
 * to give back).
 */
static phys_addr_t backed(size_t bytes, void **arena)
{
	phys_addr_t p;

	*arena = phys_arena(bytes + 2 * MiB, PG);
	p = MEMBLOCK_ENV_VIRT_TO_PHYS(*arena);
	return (p + 2 * MiB - 1) & ~(2 * MiB - 1);
}

/*
 * The live reserved table lies in reserved memory of the arena, clear of
 * the block just placed.
 */
static void assert_table_apart(const struct memblock *mb, phys_addr_t a,
			       phys_addr_t size)
{
	const struct memblock_region *m = &mb->memory.regions[0];
	phys_addr_t t = MEMBLOCK_ENV_VIRT_TO_PHYS(mb->reserved.regions);
	phys_addr_t tsz = (phys_addr_t)(mb->reserved.max *
					sizeof(struct memblock_region));

	assert_true(t >= m->base && t - m->base + tsz <= m->size);
	assert_true(fully_reserved(&mb->reserved, t, tsz));
	assert_true(t + tsz <= a || a + size <= t);
}

static void self_grown_tables_in_fragmented_memory_keep_placements_exact(
	void **state)
{
	const size_t bytes = 64 << 20;
	void *arena;
	phys_addr_t base = backed(bytes, &arena);
	struct run r;
	unsigned long i;

	(void)state;
	run_init(&r, "self", 0x9b05688c2b3e6c1full);
	mb_set_grow_ops(r.mb, NULL);
	mb_allow_resize(r.mb);
	r.self_grown = true;
	assert_int_equal(mb_add_node(r.mb, base, bytes, 0, MEMBLOCK_NONE), 0);
	for (i = 0; i < 4000; i++) {
		/* 1500 in a row (alternating kinds: no merges), then churn */
		struct req q = small_req(&r, i < 1500 ? (i % 2 ? 0 : NO)
						      : (rnd(&r.g, 2) ? 0 : NO));
		phys_addr_t got = 0;

		if (i >= 1500)
			free_random(&r);
		mb_set_bottom_up(r.mb, i % 8 == 7);
		assert_int_equal(alloc_checked(&r, q, &got), 0);
		if (r.mb->reserved.regions != r.t.rsv) /* grown at least once */
			assert_table_apart(r.mb, got, q.size);
	}
	/* from two slots to over a thousand: nine doublings, or more */
	assert_true(r.max_rsv > 1000 && r.mb->reserved.regions != r.t.rsv);
	tmap_fini(&r.t);
	free(r.live);
	phys_arena_free(arena);
}

/* ---- 8. failures change nothing ---- */

/* The longest free range in a window, and the best alignment of any so long. */
struct longest {
	phys_addr_t len, low;
};

static bool note_longest(void *ctx, phys_addr_t s, phys_addr_t e)
{
	struct longest *l = ctx;
	phys_addr_t low = s & (~s + 1);

	if (e - s > l->len || (e - s == l->len && low > l->low)) {
		l->len = e - s;
		l->low = low;
	}
	return false;
}

static struct longest longest_free(struct run *r, phys_addr_t lo,
				   phys_addr_t hi)
{
	struct longest l = { 0, 0 };

	walk_free(r->mb, &r->k, NO, false, false, lo, hi, note_longest, &l);
	return l;
}

/* A request that must fail: for every reason the header names. */
static void refuse_everything(struct run *r)
{
	const struct memblock_type *rsv = &r->mb->reserved;
	long x = (long)rnd(&r->g, rsv->cnt - 8);
	phys_addr_t b = rsv->regions[x].base;
	phys_addr_t e = rsv->regions[x + 6].base + rsv->regions[x + 6].size;
	struct longest all = longest_free(r, 0, ANY);
	struct longest in = longest_free(r, b, e);
	struct req q = { all.len + 1, PG, 0, ANY, NO, false };
	struct want w;
	phys_addr_t a = 0;
	struct snap s;

	expect_refused(r, q, -MB_ENOSPC);      /* more than any free range */
	q.nid = 1;                             /* node 1's one small region */
	q.size = 512 * KiB;
	q.exact = true;
	expect_refused(r, q, -MB_ENOSPC);
	q.nid = 7;                             /* a node without memory */
	q.size = PG;
	expect_refused(r, q, -MB_ENOSPC);
	q = (struct req){ in.len + 1, PG, b, e, NO, false };
	expect_refused(r, q, -MB_ENOSPC);      /* more than the window's best */
	if (in.len && in.low <= PHYS_ADDR_MAX / 4) {
		q.size = in.len;
		q.align = 2 * in.low;          /* long enough, never aligned */
		expect_refused(r, q, -MB_EALIGN);
	}
	q = (struct req){ PG, PG, e, b, NO, false };
	expect_refused(r, q, -MB_ERANGE);      /* start above end */
	q.end = e;
	expect_refused(r, q, -MB_ERANGE);      /* start at end */
	mb_set_current_limit(r->mb, b);
	q = (struct req){ PG, PG, b, ACC, NO, false };
	expect_refused(r, q, -MB_ERANGE);      /* start at the current limit */
	mb_set_current_limit(r->mb, ANY);
	q = (struct req){ 0, PG, 0, ANY, NO, false };
	expect_refused(r, q, -MB_EINVAL);      /* size 0 */
	q.size = PG;
	q.align = 0x3000;
	expect_refused(r, q, -MB_EINVAL);      /* alignment not a power of 2 */
	q.align = PG;
	q.nid = -2;
	expect_refused(r, q, -MB_EINVAL);
	q.nid = MAX_NUMNODES + 1;
	expect_refused(r, q, -MB_EINVAL);
	/* finding never changes anything, found or not */
	q = (struct req){ in.len + rnd(&r->g, 2), PG, b, e, NO, false };
	w = ref_find(r->mb, &r->k, q, MEMBLOCK_NONE);
	snap_take(&s, r->mb);
	assert_int_equal(mb_find_in_range_node(r->mb, q.size, q.align, q.start,
					       q.end, NO, MEMBLOCK_NONE, &a),
			 w.err);
	assert_true(w.err || a == w.addr);
	snap_assert_same(&s, r->mb);
	snap_free(&s);
}

static void failed_allocations_in_a_fragmented_map_change_nothing(void **state)
{
	struct run r;
	unsigned long i;

	(void)state;
	one_region_map(&r, "failures", 0x1f83d9abfb41bd6bull);
	/* node 1: 256 KiB far above, mostly reserved */
	assert_int_equal(mb_add_node(r.mb, base0() + big_size() + unit(),
				     256 * KiB, 1, MEMBLOCK_NONE),
			 0);
	assert_int_equal(mb_reserve(r.mb, base0() + big_size() + unit() + PG,
				    128 * KiB),
			 0);
	fill(&r, 1500, false);
	churn(&r, 1500, false, true);
	for (i = 0; i < 300; i++) {
		free_random(&r); /* right after a free */
		refuse_everything(&r);
		alloc_checked(&r, small_req(&r, NO), NULL);
		refuse_everything(&r); /* right after an allocation */
	}
	run_fini(&r);
}

/* ---- 9. the Linux names on the default instance ---- */

/* Linux names never hand out the first page. */
static struct want ref_linux(const struct run *r, struct req q)
{
	if (q.start < PG)
		q.start = PG;
	return ref_alloc(&memblock, &r->k, q);
}

/* memblock_alloc_try_nid(): max capped at the limit, retried from 0. */
static struct want ref_try_nid(const struct run *r, struct req q)
{
	struct want w;

	if (q.end > memblock.current_limit)
		q.end = memblock.current_limit;
	w = ref_linux(r, q);
	if (w.err && q.start) {
		q.start = 0;
		w = ref_linux(r, q);
	}
	return w;
}

/* memblock_find_in_range(): any node, mirrored memory first. */
static struct want ref_find_in_range(const struct run *r, struct req q)
{
	struct want w;

	if (q.start < PG)
		q.start = PG;
	w = ref_find(&memblock, &r->k, q,
		     r->k.mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE);
	if (w.err && r->k.mirror)
		w = ref_find(&memblock, &r->k, q, MEMBLOCK_NONE);
	return w;
}

enum lcall {
	L_PHYS_RANGE, L_PHYS, L_RANGE_NID, L_PHYS_TRY_NID, L_TRY_NID,
	L_TRY_NID_RAW, L_EXACT_RAW, L_ALLOC, L_ALLOC_RAW, L_FROM, L_NODE,
	L_LOW, L_FIND, L_FIND_NODE, L_NCALLS
};

struct lrun {
	struct run r;
	phys_addr_t arena, arena_end; /* backed memory: may be written */
	unsigned long zeroed, kept, low, found;
};

/*
 * Call @c as Linux code would; outside the backed arena a zeroing call is
 * replaced by its raw twin (same arguments, memory left alone).
 */
static phys_addr_t linux_call(struct lrun *l, enum lcall c, struct req q,
			      bool backed)
{
	void *p = NULL;

	switch (c) {
	case L_PHYS_RANGE:
		return memblock_phys_alloc_range(q.size, q.align, q.start,
						 q.end);
	case L_PHYS:
		return memblock_phys_alloc(q.size, q.align);
	case L_RANGE_NID:
		return memblock_alloc_range_nid(q.size, q.align, q.start, q.end,
						q.nid, q.exact);
	case L_PHYS_TRY_NID:
		return memblock_phys_alloc_try_nid(q.size, q.align, q.nid);
	case L_FIND:
		return memblock_find_in_range(q.start, q.end, q.size, q.align);
	case L_FIND_NODE:
		return memblock_find_in_range_node(q.size, q.align, q.start,
						   q.end, q.nid,
						   l->r.k.mirror && q.exact
							   ? MEMBLOCK_MIRROR
							   : MEMBLOCK_NONE);
	case L_TRY_NID_RAW:
		p = memblock_alloc_try_nid_raw(q.size, q.align, q.start, q.end,
					       q.nid);
		break;
	case L_EXACT_RAW:
		p = memblock_alloc_exact_nid_raw(q.size, q.align, q.start,
						 q.end, q.nid);
		break;
	case L_ALLOC_RAW:
		p = memblock_alloc_raw(q.size, q.align);
		break;
	default:
		if (!backed) {
			p = memblock_alloc_try_nid_raw(q.size, q.align, q.start,
						       q.end, q.nid);
			break;
		}
		switch (c) {
		case L_ALLOC:
			p = memblock_alloc(q.size, q.align);
			break;
		case L_FROM:
			p = memblock_alloc_from(q.size, q.align, q.start);
			break;
		case L_NODE:
			p = memblock_alloc_node(q.size, q.align, q.nid);
			break;
		case L_LOW:
			p = memblock_alloc_low(q.size, q.align);
			break;
		default:
			p = memblock_alloc_try_nid(q.size, q.align, q.start,
						   q.end, q.nid);
		}
	}
	return p ? MEMBLOCK_ENV_VIRT_TO_PHYS(p) : 0;
}

/* The request each call makes, in the terms of the reference. */
static struct req linux_req(struct lrun *l, enum lcall c)
{
	static const int nids[] = { NO, 0, 1, 2, MAX_NUMNODES };
	static const phys_addr_t aligns[] = { PG, PG, 0, 64, 16 * KiB,
					      2 * MiB };
	struct run *r = &l->r;
	struct req q;

	q.size = rnd(&r->g, 4) ? PG * (1 + (phys_addr_t)rnd(&r->g, 16))
			       : 1 + (phys_addr_t)rnd(&r->g, 16 * KiB);
	q.align = aligns[rnd(&r->g, 6)];
	q.start = rnd(&r->g, 2) ? 0 : random_point(r);
	q.end = rnd(&r->g, 3) ? ACC : rnd(&r->g, 2) ? ANY : random_point(r);
	q.nid = nids[rnd(&r->g, 5)];
	q.exact = c == L_EXACT_RAW || (c == L_RANGE_NID && rnd(&r->g, 2)) ||
		  (c == L_FIND_NODE && rnd(&r->g, 2));
	switch (c) {
	case L_PHYS:
	case L_ALLOC:
	case L_ALLOC_RAW:
		q.start = 0;
		q.end = ACC;
		q.nid = NO;
		break;
	case L_PHYS_TRY_NID:
	case L_NODE:
		q.start = 0;
		q.end = ACC;
		break;
	case L_FROM:
		q.end = ACC;
		q.nid = NO;
		break;
	case L_LOW:
		q.start = 0;
		q.end = ARCH_LOW_ADDRESS_LIMIT;
		q.nid = NO;
		break;
	case L_PHYS_RANGE:
	case L_FIND:
		q.nid = NO;
		break;
	case L_FIND_NODE:
		if (q.nid == MAX_NUMNODES)
			q.nid = NO;
		break;
	default:
		break;
	}
	return q;
}

static struct want linux_want(const struct lrun *l, enum lcall c, struct req q)
{
	switch (c) {
	case L_PHYS_RANGE:
	case L_PHYS:
	case L_RANGE_NID:
	case L_PHYS_TRY_NID:
		return ref_linux(&l->r, q);
	case L_FIND:
		return ref_find_in_range(&l->r, q);
	case L_FIND_NODE:
		if (q.start < PG)
			q.start = PG;
		return ref_find(&memblock, &l->r.k, q,
				l->r.k.mirror && q.exact ? MEMBLOCK_MIRROR
							 : MEMBLOCK_NONE);
	default:
		return ref_try_nid(&l->r, q);
	}
}

static bool zeroing(enum lcall c)
{
	return c == L_TRY_NID || c == L_ALLOC || c == L_FROM || c == L_NODE ||
	       c == L_LOW;
}

/* One Linux call, checked against the reference (0 meaning failure). */
static void linux_step(struct lrun *l, enum lcall c, struct req q)
{
	struct run *r = &l->r;
	struct want w = linux_want(l, c, q);
	bool finds = c == L_FIND || c == L_FIND_NODE;
	bool backed = !w.err && w.addr >= l->arena &&
		      w.addr + q.size <= l->arena_end;
	unsigned char *mem = backed ? MEMBLOCK_ENV_PHYS_TO_VIRT(w.addr) : NULL;
	struct merge m = { 0, 0, 0, false };
	unsigned long cnt = memblock.reserved.cnt;
	phys_addr_t total = memblock.reserved.total_size, got;
	struct snap s;

	r->step++;
	if (w.err || finds)
		snap_take(&s, &memblock);
	else
		m = predict_merge(&memblock.reserved, w.addr, q.size, w.nid);
	if (mem)
		memset(mem, 0xa5, (size_t)q.size);
	got = linux_call(l, c, q, backed);
	if (got != (w.err ? 0 : w.addr))
		fail_msg("linux call %d: alloc %#llx align %#llx "
			 "[%#llx, %#llx) nid %d%s %s limit %#llx: "
			 "got %#llx, reference %d at %#llx",
			 (int)c, (unsigned long long)q.size,
			 (unsigned long long)q.align,
			 (unsigned long long)q.start,
			 (unsigned long long)q.end, q.nid,
			 q.exact ? " exact" : "",
			 memblock.bottom_up ? "bottom-up" : "top-down",
			 (unsigned long long)memblock.current_limit,
			 (unsigned long long)got, w.err,
			 (unsigned long long)w.addr);
	if (w.err || finds) {
		snap_assert_same(&s, &memblock);
		snap_free(&s);
		l->found += finds && !w.err;
	} else {
		check_placed(r, &m, got, q.size, w.nid, cnt, total);
		live_add(r, got, q.size);
		l->low += got < MiB;
	}
	if (mem && !finds) {
		size_t i;
		unsigned char want = zeroing(c) ? 0 : 0xa5;

		for (i = 0; i < q.size; i++)
			assert_int_equal(mem[i], want);
		l->zeroed += want == 0;
		l->kept += want != 0;
	}
	assert_valid(&memblock);
}

/* Give back a live block by its physical or its virtual address. */
static void linux_free_random(struct lrun *l)
{
	struct run *r = &l->r;
	size_t k;
	struct blk b;

	if (!r->nlive)
		return;
	k = (size_t)rnd(&r->g, r->nlive);
	b = r->live[k];
	r->live[k] = r->live[--r->nlive];
	if (rnd(&r->g, 2))
		memblock_free(MEMBLOCK_ENV_PHYS_TO_VIRT(b.base), (size_t)b.size);
	else
		assert_int_equal(memblock_phys_free(b.base, b.size), 0);
	assert_valid(&memblock);
}

static void linux_names_in_a_fragmented_default_map_match_the_reference(
	void **state)
{
	const size_t bytes = 32 << 20;
	void *arena;
	phys_addr_t base = backed(bytes, &arena);
	static struct lrun l;
	struct run *r = &l.r;
	struct req q;
	unsigned long i;

	(void)state;
	memset(&l, 0, sizeof(l));
	r->name = "linux";
	r->g.s = 0x5be0cd19137e2179ull;
	r->mb = &memblock;
	r->linux_names = true;
	l.arena = base;
	l.arena_end = l.arena + bytes;
	r->lo = l.arena;
	r->hi = l.arena_end;
	reset_default();
	/* low memory (never written: only raw calls may land there) and
	 * the arena, on nodes 0 and 1 */
	assert_int_equal(memblock_add_node(0, MiB, 0, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add_node(l.arena, bytes / 2, 0,
					   MEMBLOCK_NONE),
			 0);
	assert_int_equal(memblock_add_node(l.arena + bytes / 2, bytes / 2, 1,
					   MEMBLOCK_NONE),
			 0);
	/*
	 * The default tables (128 slots) grow through the host heap: grown
	 * into memory they could land in the low megabyte, which is not
	 * backed (self growth is the subject of the test above).
	 */
	r->h.ops.alloc = hg_alloc;
	r->h.ops.free = hg_free;
	r->h.ops.ctx = &r->h;
	mb_set_grow_ops(&memblock, &r->h.ops);
	/* The first page is never handed out, even when it is all there is. */
	assert_int_equal(memblock_reserve(PG, MiB - PG), 0);
	q = (struct req){ PG, PG, 0, MiB, NO, false };
	linux_step(&l, L_PHYS_RANGE, q);
	assert_int_equal(memblock_phys_alloc_range(PG, PG, 0, MiB), 0);
	assert_int_equal(memblock_phys_free(PG, MiB - PG), 0);
	linux_step(&l, L_PHYS_RANGE, q);
	assert_int_equal(r->live[0].base, MiB - PG);
	memblock_set_bottom_up(true);
	linux_step(&l, L_PHYS_RANGE, q);
	assert_int_equal(r->live[1].base, PG); /* not 0 */
	memblock_set_bottom_up(false);
	for (i = 0; i < 2500; i++) {
		uint64_t op = rnd(&r->g, 16);

		if (i == 1200) {
			assert_int_equal(memblock_mark_mirror(l.arena + 4 * MiB,
							      2 * MiB),
					 0);
			r->k.mirror = true;
		}
		if (op < 10) {
			enum lcall c = (enum lcall)rnd(&r->g, L_NCALLS);

			linux_step(&l, c, linux_req(&l, c));
		} else if (op < 13) {
			linux_free_random(&l);
		} else if (op == 13) {
			memblock_set_current_limit(
				rnd(&r->g, 3) ? random_point(r) : ANY);
		} else if (op == 14) {
			memblock_set_bottom_up(!memblock_bottom_up());
		} else {
			/* bounded to the low megabyte, near the first page */
			q = (struct req){ PG * (1 + (phys_addr_t)rnd(&r->g, 4)),
					  PG, (phys_addr_t)rnd(&r->g, 2 * PG),
					  PG + (phys_addr_t)rnd(&r->g, MiB),
					  NO, false };
			linux_step(&l, L_PHYS_RANGE, q);
		}
	}
	assert_true(r->placed > 800 && l.zeroed > 50 && l.kept > 50);
	assert_true(l.low > 50 && l.found > 50 && r->max_rsv > 128);
	assert_int_equal(mb_discard(&memblock, NULL, NULL), 0);
	assert_int_equal(r->h.live, 0);
	reset_default();
	free(r->live);
	phys_arena_free(arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allocations_among_thousands_of_holes_land_where_the_reference_says),
		cmocka_unit_test(allocations_in_a_huge_reserved_table_land_where_the_reference_says),
		cmocka_unit_test(node_flag_and_bound_rules_hold_in_a_fragmented_map),
		cmocka_unit_test(bounded_allocations_fit_exactly_fail_by_one_byte_and_see_alignment),
		cmocka_unit_test(limit_direction_and_mem_limits_are_followed_between_allocations),
		cmocka_unit_test(in_place_edits_of_the_arrays_are_seen_by_the_next_allocation),
		cmocka_unit_test(frees_and_reserves_spanning_many_holes_keep_placements_exact),
		cmocka_unit_test(self_grown_tables_in_fragmented_memory_keep_placements_exact),
		cmocka_unit_test(failed_allocations_in_a_fragmented_map_change_nothing),
		cmocka_unit_test(linux_names_in_a_fragmented_default_map_match_the_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
