// SPDX-License-Identifier: MIT
/*
 * test_growth.c - full region tables: failing cleanly without a way to
 * grow, growing through an embedder's allocator, growing into memblock's
 * own memory after mb_allow_resize(), Linux's rules for when to grow, and
 * failing cleanly when no memory is left for a larger table.
 *
 * Self-grown tables are written through MEMBLOCK_ENV_PHYS_TO_VIRT, so the
 * memory handed to memblock is a real host buffer (phys_arena()).
 */
#include "support.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

#define PG ((phys_addr_t)0x1000)
#define KERN MEMBLOCK_RSRV_KERN
#define NO NUMA_NO_NODE
#define RSZ sizeof(struct memblock_region)

/* ---- real memory standing for physical memory ---- */

static phys_addr_t arena_get(size_t bytes)
{
	return MEMBLOCK_ENV_VIRT_TO_PHYS(phys_arena(bytes, PG));
}

static void arena_put(phys_addr_t base)
{
	phys_arena_free(MEMBLOCK_ENV_PHYS_TO_VIRT(base));
}

/* ---- an embedder allocator that counts ---- */

struct counting {
	int allocs, frees;
	bool fail;
	size_t last_alloc_bytes, last_free_bytes;
	void *last_freed;
	void *live[16];
	int nlive;
};

static void *c_alloc(void *ctx, size_t bytes)
{
	struct counting *c = ctx;
	void *p;

	if (c->fail)
		return NULL;
	p = calloc(1, bytes);
	assert_non_null(p);
	assert_true(c->nlive < 16);
	c->live[c->nlive++] = p;
	c->allocs++;
	c->last_alloc_bytes = bytes;
	return p;
}

static void c_free(void *ctx, void *p, size_t bytes)
{
	struct counting *c = ctx;
	int i;

	for (i = 0; i < c->nlive && c->live[i] != p; i++)
		;
	assert_true(i < c->nlive); /* only arrays this allocator gave out */
	c->live[i] = c->live[--c->nlive];
	c->frees++;
	c->last_freed = p;
	c->last_free_bytes = bytes;
	free(p);
}

/* An instance with 2-slot tables growing through a counting allocator. */
struct emb {
	struct counting c;
	struct mb_grow_ops ops;
	struct tmap t;
};

static int emb_setup(void **state)
{
	struct emb *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	e->ops.alloc = c_alloc;
	e->ops.free = c_free;
	e->ops.ctx = &e->c;
	tmap_init(&e->t, 2, 2, 2);
	mb_set_grow_ops(&e->t.mb, &e->ops);
	*state = e;
	return 0;
}

static int emb_teardown(void **state)
{
	struct emb *e = *state;

	while (e->c.nlive)
		free(e->c.live[--e->c.nlive]);
	tmap_fini(&e->t);
	free(e);
	return 0;
}

/* n disjoint one-page regions of @t, 2 pages apart, from @base */
static void fill(struct memblock *mb, struct memblock_type *t,
		 phys_addr_t base, unsigned long n)
{
	unsigned long i;

	int nid = t == &mb->reserved ? NO : MAX_NUMNODES;

	for (i = 0; i < n; i++)
		assert_int_equal(mb_add_type(mb, t, base + 2 * i * PG, PG, nid,
					     MEMBLOCK_NONE),
				 0);
}

/* ---- (1) no way to grow ---- */

static void full_memory_table_without_growth_fails_unchanged(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	fill(&t.mb, &t.mb.memory, 0x10000, 2);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM, mb_add(&t.mb, 0x100000, PG));
	/* an add that merges still inserts a piece first, as in Linux */
	assert_fails_unchanged(&t.mb, -MB_ENOMEM, mb_add(&t.mb, 0x11000, PG));
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void add_inside_existing_fits_in_full_table(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	fill(&t.mb, &t.mb.memory, 0x10000, 2);
	assert_int_equal(mb_add(&t.mb, 0x10000, PG), 0);
	assert_int_equal(t.mb.memory.cnt, 2);
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void full_reserved_table_without_growth_fails_unchanged(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	fill(&t.mb, &t.mb.reserved, 0x10000, 2);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM, mb_reserve(&t.mb, 0x100000, PG));
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			  mb_reserve_kern(&t.mb, 0x100000, PG));
	tmap_fini(&t);
}

static void full_physmem_table_without_growth_fails_unchanged(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 2);
	fill(&t.mb, &t.mb.physmem, 0x10000, 2);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			  mb_physmem_add(&t.mb, 0x100000, PG));
	tmap_fini(&t);
}

/* ---- (4) Linux's rules for when to grow ---- */

static void remove_needs_two_free_slots_even_without_split(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	fill(&t.mb, &t.mb.memory, 0x10000, 1);
	/* cnt 1 + 2 > max 2: grows (here: fails) though nothing splits */
	assert_fails_unchanged(&t.mb, -MB_ENOMEM, mb_remove(&t.mb, 0x10000, PG));
	assert_fails_unchanged(&t.mb, -MB_ENOMEM, mb_remove(&t.mb, 0x80000, PG));
	fill(&t.mb, &t.mb.reserved, 0x10000, 1);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM, mb_free(&t.mb, 0x10000, PG));
	tmap_fini(&t);
}

/*
 * The same rule on the free-gap index's one-pass free: a full reserved
 * table large enough to be indexed refuses to free one of its regions,
 * unchanged, rather than skip the two free slots Linux asks for.
 */
static void indexed_free_needs_two_free_slots_too(void **state)
{
	const unsigned long max = 128;
	struct tmap t;
	phys_addr_t a;

	(void)state;
	tmap_init(&t, 4, max, 0);
	assert_int_equal(mb_add(&t.mb, 0, 0x10000000), 0);
	fill(&t.mb, &t.mb.reserved, 0x10000, max - 2);
	/* The allocation builds the index; it lands at the top, alone. */
	assert_int_equal(mb_alloc_range(&t.mb, PG, PG, 0,
					MEMBLOCK_ALLOC_ANYWHERE, &a),
			 0);
	assert_int_equal(a, 0x10000000 - PG);
	fill(&t.mb, &t.mb.reserved, 0x1000000, 1);
	assert_int_equal(t.mb.reserved.cnt, max);
	assert_int_equal(t.mb.reserved.max, max);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			       mb_free(&t.mb, 0x10000 + 2 * 60 * PG, PG));
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void mark_and_set_node_need_two_free_slots(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	fill(&t.mb, &t.mb.memory, 0x10000, 1);
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			  mb_set_flags(&t.mb, &t.mb.memory, 0x10000, PG,
				       MEMBLOCK_HOTPLUG));
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			  mb_clear_flags(&t.mb, &t.mb.memory, 0x10000, PG,
					 MEMBLOCK_HOTPLUG));
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			  mb_mark_mirror(&t.mb, 0x10000, PG));
	assert_fails_unchanged(&t.mb, -MB_ENOMEM,
			  mb_set_node(&t.mb, &t.mb.memory, 0x10000, PG, 1));
	assert_false(t.mb.priv.has_mirror);
	tmap_fini(&t);
}

static void remove_with_two_free_slots_needs_no_growth(void **state)
{
	struct tmap t;

	(void)state;
	tmap_init(&t, 3, 2, 0);
	fill(&t.mb, &t.mb.memory, 0x10000, 1);
	assert_int_equal(mb_remove(&t.mb, 0x10400, 0x400), 0);
	assert_int_equal(t.mb.memory.cnt, 2);
	assert_int_equal(type_capacity(&t.mb, &t.mb.memory), 3);
	assert_valid(&t.mb);
	tmap_fini(&t);
}

static void remove_grows_with_embedder_even_without_split(void **state)
{
	struct emb *e = *state;

	fill(&e->t.mb, &e->t.mb.memory, 0x10000, 1);
	assert_int_equal(mb_remove(&e->t.mb, 0x10000, PG), 0);
	assert_int_equal(e->c.allocs, 1);
	assert_int_equal(type_capacity(&e->t.mb, &e->t.mb.memory), 4);
	assert_empty(&e->t.mb.memory);
	assert_valid(&e->t.mb);
}

static void add_grows_only_when_new_pieces_do_not_fit(void **state)
{
	struct emb *e = *state;
	struct memblock *mb = &e->t.mb;

	fill(mb, &mb->memory, 0x10000, 1);
	/* one new piece, cnt 1 + 1 <= 2: no growth */
	assert_int_equal(mb_add(mb, 0x20000, PG), 0);
	assert_int_equal(e->c.allocs, 0);
	/* one piece again: 2 + 1 > 2 grows, though it then merges to 2 */
	assert_int_equal(mb_add(mb, 0x10000, 0x3000), 0);
	assert_int_equal(e->c.allocs, 1);
	assert_int_equal(type_capacity(mb, &mb->memory), 4);
	assert_type(&mb->memory, { 0x10000, 0x3000, 0, MAX_NUMNODES },
		    { 0x20000, PG, 0, MAX_NUMNODES });
	assert_valid(mb);
}

/* ---- (2) growth through the embedder's allocator ---- */

static void embedder_growth_doubles_and_keeps_contents(void **state)
{
	struct emb *e = *state;

	fill(&e->t.mb, &e->t.mb.memory, 0x10000, 3);
	assert_int_equal(e->c.allocs, 1);
	assert_int_equal(e->c.last_alloc_bytes, 4 * RSZ);
	assert_int_equal(e->c.frees, 0); /* the initial array is the caller's */
	assert_int_equal(type_capacity(&e->t.mb, &e->t.mb.memory), 4);
	assert_ptr_equal(e->t.mb.memory.regions, e->c.live[0]);
	assert_type(&e->t.mb.memory, { 0x10000, PG, 0, MAX_NUMNODES },
		    { 0x12000, PG, 0, MAX_NUMNODES },
		    { 0x14000, PG, 0, MAX_NUMNODES });
	/* nothing of this is reserved: the embedder owns the storage */
	assert_empty(&e->t.mb.reserved);
	assert_valid(&e->t.mb);
}

static void embedder_second_growth_frees_first_array(void **state)
{
	struct emb *e = *state;
	void *first;

	fill(&e->t.mb, &e->t.mb.memory, 0x10000, 3);
	first = e->t.mb.memory.regions;
	fill(&e->t.mb, &e->t.mb.memory, 0x20000, 2);
	assert_int_equal(e->c.allocs, 2);
	assert_int_equal(e->c.frees, 1);
	assert_ptr_equal(e->c.last_freed, first);
	assert_int_equal(e->c.last_free_bytes, 4 * RSZ);
	assert_int_equal(type_capacity(&e->t.mb, &e->t.mb.memory), 8);
	assert_int_equal(e->t.mb.memory.cnt, 5);
	assert_int_equal(e->t.mb.memory.regions[4].base, 0x22000);
	assert_valid(&e->t.mb);
}

static void embedder_growth_serves_reserved_too(void **state)
{
	struct emb *e = *state;

	fill(&e->t.mb, &e->t.mb.reserved, 0x10000, 5);
	assert_int_equal(type_capacity(&e->t.mb, &e->t.mb.reserved), 8);
	assert_int_equal(e->c.allocs, 2);
	assert_int_equal(e->c.frees, 1);
	assert_int_equal(e->t.mb.reserved.cnt, 5);
	assert_valid(&e->t.mb);
}

static void embedder_allocation_failure_fails_unchanged(void **state)
{
	struct emb *e = *state;

	e->c.fail = true;
	fill(&e->t.mb, &e->t.mb.memory, 0x10000, 2);
	assert_fails_unchanged(&e->t.mb, -MB_ENOMEM, mb_add(&e->t.mb, 0x100000, PG));
	fill(&e->t.mb, &e->t.mb.reserved, 0x10000, 1);
	assert_fails_unchanged(&e->t.mb, -MB_ENOMEM, mb_free(&e->t.mb, 0x10000, 0x100));
}

static void embedder_is_preferred_over_self_growth(void **state)
{
	struct emb *e = *state;

	assert_int_equal(mb_add(&e->t.mb, 0x100000, 0x100000), 0);
	mb_allow_resize(&e->t.mb);
	fill(&e->t.mb, &e->t.mb.memory, 0x10000, 2);
	assert_int_equal(e->c.allocs, 1);
	assert_empty(&e->t.mb.reserved);
}

/* ---- (3) self growth into memblock's own memory ---- */

#define ARENA (64 * PG)

struct self {
	struct tmap t;
	phys_addr_t base;
};

/* Memory is the arena; tables of @mem_max and @rsv_max; resize allowed. */
static void self_init(struct self *s, unsigned long mem_max,
		      unsigned long rsv_max)
{
	s->base = arena_get(ARENA);
	tmap_init(&s->t, mem_max, rsv_max, 0);
	assert_int_equal(mb_add(&s->t.mb, s->base, ARENA), 0);
	mb_allow_resize(&s->t.mb);
}

static void self_fini(struct self *s)
{
	tmap_fini(&s->t);
	arena_put(s->base);
}

/*
 * Where a type's array lives: the start of its buffer (regions may sit
 * further in when slack is kept at both ends of a grown table).
 */
static phys_addr_t buffer_phys(struct memblock *owner, struct memblock_type *t)
{
	return MEMBLOCK_ENV_VIRT_TO_PHYS(mb_buffer(owner, t));
}

/* The reserved region holding @addr, which must exist. */
static const struct memblock_region *rsv_at(const struct memblock *mb,
					    phys_addr_t addr)
{
	long i = mb_search(&mb->reserved, addr);

	assert_true(i >= 0);
	return &mb->reserved.regions[i];
}

static void self_growth_of_reserved_reserves_new_array_as_kern(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;
	phys_addr_t arr, end;

	(void)state;
	self_init(&s, 2, 4);
	fill(mb, &mb->reserved, s.base, 4);
	assert_int_equal(mb_reserve(mb, s.base + 8 * PG, PG), 0);
	assert_int_equal(type_capacity(mb, &mb->reserved), 8);
	arr = buffer_phys(mb, &mb->reserved);
	/* top-down from the limit: the last page of the arena */
	end = s.base + ARENA;
	assert_int_equal(arr, end - PG);
	assert_int_equal(rsv_at(mb, arr)->flags, KERN);
	assert_int_equal(rsv_at(mb, arr)->size, PG); /* 8 regions, a page */
	assert_int_equal(rsv_at(mb, arr)->nid, NO);
	assert_int_equal(mb->reserved.cnt, 6);
	assert_int_equal(mb->reserved.regions[4].base, s.base + 8 * PG);
	assert_int_equal(mb->reserved.total_size, 6 * PG);
	assert_valid(mb);
	self_fini(&s);
}

static void self_growth_of_memory_also_grows_full_reserved(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;
	phys_addr_t end;

	(void)state;
	self_init(&s, 2, 2);
	assert_int_equal(mb_add(mb, s.base - 0x100000, PG), 0);
	fill(mb, &mb->reserved, s.base, 2);
	assert_int_equal(mb_add(mb, s.base - 0x200000, PG), 0);
	assert_int_equal(type_capacity(mb, &mb->memory), 4);
	assert_int_equal(type_capacity(mb, &mb->reserved), 4);
	assert_int_equal(mb->memory.cnt, 3);
	assert_int_equal(mb->memory.regions[2].base, s.base);
	assert_int_equal(mb->memory.regions[2].size, ARENA);
	end = s.base + ARENA;
	/* both new arrays at the top, one kernel reservation for the two */
	assert_int_equal(buffer_phys(mb, &mb->memory), end - PG);
	assert_int_equal(buffer_phys(mb, &mb->reserved), end - 2 * PG);
	assert_type(&mb->reserved, { s.base, PG, 0, NO },
		    { s.base + 2 * PG, PG, 0, NO },
		    { end - 2 * PG, 2 * PG, KERN, NO });
	assert_valid(mb);
	self_fini(&s);
}

static void self_growth_array_size_is_page_aligned(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;
	phys_addr_t want = (phys_addr_t)((256 * RSZ + PG - 1) & ~(PG - 1));

	(void)state;
	self_init(&s, 128, 128);
	fill(mb, &mb->reserved, s.base - 0x400000, 128);
	assert_int_equal(mb_reserve(mb, s.base + 60 * PG, 0x10), 0);
	assert_int_equal(type_capacity(mb, &mb->reserved), 256);
	assert_int_equal(mb->priv.self_size[1], want);
	assert_int_equal(rsv_at(mb, buffer_phys(mb, &mb->reserved))->size, want);
	assert_int_equal(buffer_phys(mb, &mb->reserved) % PG, 0);
	assert_valid(mb);
	self_fini(&s);
}

static void self_second_doubling_frees_first_array(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;
	phys_addr_t first, second;
	unsigned long i;

	(void)state;
	self_init(&s, 2, 4);
	fill(mb, &mb->reserved, s.base, 5);
	first = buffer_phys(mb, &mb->reserved);
	assert_int_equal(type_capacity(mb, &mb->reserved), 8);
	/* 5 + the array = 6 regions; two more fill it, a third doubles */
	for (i = 5; i < 8; i++)
		assert_int_equal(mb_reserve(mb, s.base + 2 * i * PG, PG), 0);
	second = buffer_phys(mb, &mb->reserved);
	assert_int_equal(type_capacity(mb, &mb->reserved), 16);
	assert_true(second != first);
	assert_false(mb_is_reserved(mb, first));
	assert_int_equal(rsv_at(mb, second)->flags, KERN);
	for (i = 0; i < 8; i++)
		assert_int_equal(mb->reserved.regions[i].base,
				 s.base + 2 * i * PG);
	assert_int_equal(mb->reserved.total_size, 9 * PG);
	assert_valid(mb);
	self_fini(&s);
}

static void self_grown_memory_array_freed_on_next_doubling(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;
	phys_addr_t first;

	(void)state;
	self_init(&s, 2, 8);
	fill(mb, &mb->memory, s.base - 0x100000, 2);
	first = buffer_phys(mb, &mb->memory);
	assert_int_equal(type_capacity(mb, &mb->memory), 4);
	assert_true(mb_is_reserved(mb, first));
	fill(mb, &mb->memory, s.base - 0x200000, 2);
	assert_int_equal(type_capacity(mb, &mb->memory), 8);
	assert_int_equal(mb->memory.cnt, 5);
	assert_false(mb_is_reserved(mb, first));
	assert_true(mb_is_reserved(mb, buffer_phys(mb, &mb->memory)));
	assert_int_equal(mb->reserved.cnt, 1);
	assert_valid(mb);
	self_fini(&s);
}

static void self_growth_without_room_fails_unchanged(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;

	(void)state;
	self_init(&s, 2, 2);
	/* memory: the arena and one page below, both tables full; all is
	 * reserved but for half a page at the bottom of the arena */
	assert_int_equal(mb_add(mb, s.base - 0x100000, PG), 0);
	assert_int_equal(mb_reserve(mb, s.base + PG / 2, ARENA - PG / 2), 0);
	assert_int_equal(mb_reserve_kern(mb, s.base - 0x100000, PG), 0);
	assert_fails_unchanged(mb, -MB_ENOMEM, mb_reserve(mb, s.base - 0x200000, PG));
	assert_fails_unchanged(mb, -MB_ENOMEM, mb_add(mb, s.base - 0x200000, PG));
	assert_fails_unchanged(mb, -MB_ENOMEM, mb_free(mb, s.base + PG, PG));
	self_fini(&s);
}

static void self_growth_stays_below_current_limit(void **state)
{
	struct self s;
	struct memblock *mb = &s.t.mb;

	(void)state;
	self_init(&s, 2, 2);
	mb_set_current_limit(mb, s.base + 8 * PG);
	fill(mb, &mb->reserved, s.base, 3);
	assert_int_equal(buffer_phys(mb, &mb->reserved), s.base + 7 * PG);
	assert_valid(mb);
	/* the table (4 = 3 + itself) is full; a limit below all memory
	 * leaves no room to grow it */
	assert_int_equal(mb->reserved.cnt, mb->reserved.max);
	mb_set_current_limit(mb, s.base);
	assert_fails_unchanged(mb, -MB_ENOMEM,
			  mb_reserve(mb, s.base + 40 * PG, PG));
	self_fini(&s);
}

/*
 * Reserving a range that needs as many new pieces as the doubled table
 * has room for: the grown table must also hold its own reservation, so
 * one growth must be enough (or the call fail with nothing changed).
 */
static void self_growth_of_reserved_sizes_for_its_own_reservation(void **state)
{
	struct tmap t;
	struct memblock *mb = &t.mb;
	phys_addr_t base = arena_get(16 * PG);
	struct snap sn;
	int err;

	(void)state;
	tmap_init(&t, 2, 4, 0);
	/* memory: 9 pages; reserved: pages 0, 2, 4, 6; page 8 is the only
	 * free page outside the range [0, 8 pages) reserved next */
	assert_int_equal(mb_add(mb, base, 9 * PG), 0);
	fill(mb, &mb->reserved, base, 4);
	mb_allow_resize(mb);
	snap_take(&sn, mb);
	err = mb_reserve(mb, base, 8 * PG);
	if (err)
		snap_assert_same(&sn, mb);
	snap_free(&sn);
	assert_int_equal(err, 0);
	assert_type(&mb->reserved, { base, 8 * PG, 0, NO },
		    { base + 8 * PG, PG, KERN, NO });
	assert_valid(mb);
	tmap_fini(&t);
	arena_put(base);
}

/*
 * Memory growth that must also grow a two-slot reserved table: the grown
 * reserved table receives its own reservation, then the old memory array
 * is freed from the middle of a kernel reservation (a split) and the new
 * one reserved apart from any neighbour.  All of that must fit.
 */
static void self_growth_of_memory_fits_tiny_reserved_table(void **state)
{
	struct tmap t;
	struct memblock *mb = &t.mb;
	phys_addr_t base = arena_get(ARENA), fake = base - 0x400000;

	(void)state;
	tmap_init(&t, 2, 2, 0);
	/* memory: pages [0, 31) and [32, 64) of the arena, page 31 a hole */
	assert_int_equal(mb_add_node(mb, base, 31 * PG, 0, 0), 0);
	assert_int_equal(mb_add_node(mb, base + 32 * PG, 32 * PG, 1, 0), 0);
	mb_allow_resize(mb);
	/* first memory growth: its array lands on page 63 */
	assert_int_equal(mb_add(mb, fake, PG), 0);
	assert_int_equal(buffer_phys(mb, &mb->memory), base + 63 * PG);
	/* wrap it in one kernel reservation [62, 65) and fill reserved */
	assert_int_equal(mb_reserve_kern(mb, base + 62 * PG, PG), 0);
	assert_int_equal(mb_reserve_kern(mb, base + 64 * PG, PG), 0);
	assert_int_equal(mb_reserve(mb, base + 33 * PG, 29 * PG), 0);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_int_equal(mb_add(mb, fake + 2 * PG, PG), 0);
	assert_int_equal(mb->memory.cnt, mb->memory.max);
	/* second memory growth: new arrays on pages 32 (memory) and 30 */
	assert_int_equal(mb_add(mb, fake + 4 * PG, PG), 0);
	assert_int_equal(buffer_phys(mb, &mb->memory), base + 32 * PG);
	assert_int_equal(buffer_phys(mb, &mb->reserved), base + 30 * PG);
	assert_valid(mb);
	assert_type(&mb->reserved, { base + 30 * PG, PG, KERN, NO },
		    { base + 32 * PG, PG, KERN, NO },
		    { base + 33 * PG, 29 * PG, 0, NO },
		    { base + 62 * PG, PG, KERN, NO },
		    { base + 64 * PG, PG, KERN, NO });
	tmap_fini(&t);
	arena_put(base);
}

/* ---- random changes with self growth, against a page model ---- */

#define RPMAX 4096 /* most pages of arena */

struct pcell {
	bool in;
	int nid;
	unsigned flags;
};

struct pmodel {
	struct pcell c[2][RPMAX]; /* memory, reserved */
	bool array[RPMAX];        /* page holds a self-grown table */
	unsigned np, maxlen;      /* pages modelled, longest range used */
};

static uint32_t xrnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Mark the pages of every self-grown table as reserved kernel memory. */
static void sync_arrays(struct pmodel *m, struct memblock *mb, phys_addr_t base)
{
	struct memblock_type *ts[3] = { &mb->memory, &mb->reserved,
					&mb->physmem };
	static bool now[RPMAX];
	int ti;
	unsigned i;

	memset(now, 0, sizeof(now));

	for (ti = 0; ti < 3; ti++) {
		phys_addr_t p = mb->priv.self_phys[ti], sz = mb->priv.self_size[ti];

		if (mb->priv.source[ti] != MB_ARRAY_SELF ||
		    mb->priv.initial[ti] == ts[ti]->regions)
			continue;
		assert_true(p >= base && p + sz <= base + m->np * PG);
		assert_int_equal(p % PG, 0);
		assert_int_equal(sz % PG, 0);
		for (i = (unsigned)((p - base) / PG);
		     i < (unsigned)((p + sz - base) / PG); i++) {
			assert_false(now[i]); /* tables never overlap */
			now[i] = true;
		}
	}
	for (i = 0; i < m->np; i++) {
		struct pcell *c = &m->c[1][i];

		if (now[i] && !m->array[i]) {
			assert_false(c->in); /* placed in free memory */
			c->in = true;
			c->nid = NO;
			c->flags = KERN;
		} else if (!now[i] && m->array[i]) {
			c->in = false;
		}
		m->array[i] = now[i];
	}
}

static void compare_pages(const struct pmodel *m, int ti, phys_addr_t base,
			  const struct memblock_type *t)
{
	static struct xr x[RPMAX];
	unsigned long n = 0;
	unsigned i;

	for (i = 0; i < m->np; i++) {
		const struct pcell *c = &m->c[ti][i];

		if (!c->in)
			continue;
		if (n && x[n - 1].base + x[n - 1].size == base + i * PG &&
		    x[n - 1].nid == c->nid && x[n - 1].flags == c->flags) {
			x[n - 1].size += PG;
			continue;
		}
		x[n].base = base + i * PG;
		x[n].size = PG;
		x[n].flags = c->flags;
		x[n].nid = c->nid;
		n++;
	}
	assert_type_is(t, x, n, __FILE__, __LINE__);
}

static bool touches_array(const struct pmodel *m, unsigned b, unsigned e)
{
	for (; b < e; b++)
		if (m->array[b])
			return true;
	return false;
}

/* One random change; the model follows when it succeeds. */
static void self_step(struct pmodel *m, struct memblock *mb, phys_addr_t base,
		      uint32_t *seed)
{
	unsigned op = xrnd(seed) % 6, b = xrnd(seed) % m->np;
	unsigned e = b + 1 + xrnd(seed) % m->maxlen, i;
	int nid = (int)(xrnd(seed) % 3);
	unsigned f = xrnd(seed) % 3 ? 0 : KERN;
	struct snap sn;
	int err;

	if (e > m->np)
		e = m->np;
	/* the tables' own reservations are not the caller's to change */
	if ((op == 3 || op == 5) && touches_array(m, b, e))
		return;
	snap_take(&sn, mb);
	switch (op) {
	case 0:
		err = mb_add_node(mb, base + b * PG, (e - b) * PG, nid, 0);
		break;
	case 1:
		err = mb_remove(mb, base + b * PG, (e - b) * PG);
		break;
	case 2:
		err = mb_reserve_node(mb, base + b * PG, (e - b) * PG, NO,
				      (enum memblock_flags)f);
		break;
	case 3:
		err = mb_free(mb, base + b * PG, (e - b) * PG);
		break;
	case 4:
		err = mb_set_node(mb, &mb->memory, base + b * PG, (e - b) * PG,
				  nid);
		break;
	default:
		err = mb_set_flags(mb, &mb->reserved, base + b * PG,
				   (e - b) * PG, MEMBLOCK_RSRV_NOINIT);
		break;
	}
	if (snap_failed_unchanged(&sn, mb, err))
		return;
	for (i = b; i < e; i++) {
		struct pcell *mc = &m->c[0][i], *rc = &m->c[1][i];

		if (op == 0 && !mc->in) {
			mc->in = true;
			mc->nid = nid;
			mc->flags = 0;
		} else if (op == 1) {
			mc->in = false;
		} else if (op == 2 && !rc->in) {
			rc->in = true;
			rc->nid = NO;
			rc->flags = f;
		} else if (op == 3) {
			rc->in = false;
		} else if (op == 4 && mc->in) {
			mc->nid = nid;
		} else if (op == 5 && rc->in) {
			rc->flags |= MEMBLOCK_RSRV_NOINIT;
		}
	}
}

/* @rounds sequences of @ops changes over an arena of @np pages. */
static void self_run(unsigned np, unsigned maxlen, uint32_t seed, int rounds,
		     int ops)
{
	int round, k;

	for (round = 0; round < rounds; round++) {
		phys_addr_t base = arena_get(np * PG);
		struct pmodel *m = calloc(1, sizeof(*m));
		struct tmap t;

		assert_non_null(m);
		m->np = np;
		m->maxlen = maxlen;
		tmap_init(&t, 2, 2, 0);
		mb_allow_resize(&t.mb);
		for (k = 0; k < ops; k++) {
			self_step(m, &t.mb, base, &seed);
			sync_arrays(m, &t.mb, base);
			assert_valid(&t.mb);
			compare_pages(m, 0, base, &t.mb.memory);
			compare_pages(m, 1, base, &t.mb.reserved);
		}
		tmap_fini(&t);
		free(m);
		arena_put(base);
	}
}

static void random_changes_with_self_growth_match_page_model(void **state)
{
	(void)state;
	self_run(96, 6, 0x2468ace1u, 12, 150);
}

/* Short ranges over many pages: self-grown tables of hundreds of regions. */
static void random_changes_grow_large_self_tables(void **state)
{
	(void)state;
	self_run(RPMAX, 4, 0x1357bdf1u, 1, 5000);
}

/* ---- the Linux names on the default instance ---- */

static void linux_full_table_without_resize_returns_enomem(void **state)
{
	unsigned long i;

	(void)state;
	reset_default();
	for (i = 0; i < INIT_MEMBLOCK_RESERVED_REGIONS; i++)
		assert_int_equal(memblock_reserve(0x100000 + 2 * i * PG, PG),
				 0);
	assert_fails_unchanged(&memblock, -MB_ENOMEM, memblock_reserve(0x10, 0x10));
	assert_valid(&memblock);
}

static void linux_allow_resize_grows_default_reserved(void **state)
{
	phys_addr_t base = arena_get(ARENA), low = base - 0x400000;
	unsigned long i;

	(void)state;
	reset_default();
	assert_int_equal(memblock_add(base, ARENA), 0);
	memblock_allow_resize();
	for (i = 0; i <= INIT_MEMBLOCK_RESERVED_REGIONS; i++)
		assert_int_equal(memblock_reserve(low + 2 * i * PG, PG), 0);
	assert_int_equal(memblock.reserved.max,
			 2 * INIT_MEMBLOCK_RESERVED_REGIONS);
	assert_int_equal(memblock.reserved.cnt,
			 INIT_MEMBLOCK_RESERVED_REGIONS + 2);
	assert_true(memblock_is_reserved(buffer_phys(&memblock, &memblock.reserved)));
	assert_int_equal(rsv_at(&memblock, buffer_phys(&memblock, &memblock.reserved))->flags,
			 KERN);
	assert_valid(&memblock);
	reset_default();
	arena_put(base);
}

int main(void)
{
#define EMB(f) cmocka_unit_test_setup_teardown(f, emb_setup, emb_teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_memory_table_without_growth_fails_unchanged),
		cmocka_unit_test(add_inside_existing_fits_in_full_table),
		cmocka_unit_test(full_reserved_table_without_growth_fails_unchanged),
		cmocka_unit_test(full_physmem_table_without_growth_fails_unchanged),
		cmocka_unit_test(remove_needs_two_free_slots_even_without_split),
		cmocka_unit_test(indexed_free_needs_two_free_slots_too),
		cmocka_unit_test(mark_and_set_node_need_two_free_slots),
		cmocka_unit_test(remove_with_two_free_slots_needs_no_growth),
		EMB(remove_grows_with_embedder_even_without_split),
		EMB(add_grows_only_when_new_pieces_do_not_fit),
		EMB(embedder_growth_doubles_and_keeps_contents),
		EMB(embedder_second_growth_frees_first_array),
		EMB(embedder_growth_serves_reserved_too),
		EMB(embedder_allocation_failure_fails_unchanged),
		EMB(embedder_is_preferred_over_self_growth),
		cmocka_unit_test(self_growth_of_reserved_reserves_new_array_as_kern),
		cmocka_unit_test(self_growth_of_memory_also_grows_full_reserved),
		cmocka_unit_test(self_growth_array_size_is_page_aligned),
		cmocka_unit_test(self_second_doubling_frees_first_array),
		cmocka_unit_test(self_grown_memory_array_freed_on_next_doubling),
		cmocka_unit_test(self_growth_without_room_fails_unchanged),
		cmocka_unit_test(self_growth_stays_below_current_limit),
		cmocka_unit_test(self_growth_of_reserved_sizes_for_its_own_reservation),
		cmocka_unit_test(self_growth_of_memory_fits_tiny_reserved_table),
		cmocka_unit_test(random_changes_with_self_growth_match_page_model),
		cmocka_unit_test(random_changes_grow_large_self_tables),
		cmocka_unit_test(linux_full_table_without_resize_returns_enomem),
		cmocka_unit_test(linux_allow_resize_grows_default_reserved),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
