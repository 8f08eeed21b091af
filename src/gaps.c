// SPDX-License-Identifier: MIT
/*
 * gaps.c - the free-gap index: where in the reserved array a gap of a
 * given length can be, in O(log n), so that a top-down allocation in a map
 * with thousands of small holes does not walk past each of them.
 *
 * The reserved array stays what it is (sorted, contiguous, read directly
 * by Linux-style code); the index is a summary beside it.  Gap i is the
 * space between reserved regions i - 1 and i, keyed by the base of region
 * i.  The address space is cut into blocks of about `per` keys; a block's
 * leaf in a max-tree holds the most room any of its gaps has (room_of()
 * below).  The gap below the first region and the one above the last are
 * not in any block:
 * a search looks at them directly (top-down allocations from an empty map
 * land in the bottom one again and again).  Blocks are cut by address, not
 * by index, so inserting a region moves no block; a block that has grown
 * past 2 * per regions is split where it grew.
 *
 * Keeping leaves exact: a change to reserved over [b, e) can shrink or
 * remove only the gaps touching [b, e], and can create or grow only the
 * gaps keyed from b to the first base at or above e.  Before the change
 * mb_gaps_begin() notes the touched gaps (how many, the two with most
 * room, their keys); afterwards mb_gaps_end() adds the gaps now touching
 * [b, e] to their blocks' best rooms and takes the touched ones out, and
 * rescans a block only when that leaves it knowing none of its best (see
 * struct best).  Searches only read.
 */
#include "iter_next.h"

/*
 * Build the index once reserved has this many regions (and an allocation).
 * Below, walking every gap costs less than keeping the index up to date
 * (measured: churn of 50 live blocks, 1200 against 1600 instructions per
 * operation; top-down allocations below 64 regions, 1490 against 1380).
 */
#ifndef MB_GAP_MIN
#define MB_GAP_MIN 64
#endif
/* Regions per block at least; blocks are split at twice their size. */
#ifndef MB_GAP_PER_MIN
#define MB_GAP_PER_MIN 32
#endif
/* Embedder-grown reserved tables of this many slots carry own storage. */
#ifndef MB_GAP_EXT_MIN
#define MB_GAP_EXT_MIN 512
#endif

#if MB_GAP_INLINE < 2 || (MB_GAP_PER_MIN & (MB_GAP_PER_MIN - 1))
#error "MB_GAP_INLINE must be 2 or more and MB_GAP_PER_MIN a power of two"
#endif

/*
 * Block j's first region is first[j] + goff[j / GROUP]: a change moves
 * the first index of every block above it, and adding to one offset per
 * group of blocks (and to the entries of one group) is shorter than
 * adding to each entry.
 */
#define GROUP 16

/*
 * Storage after a grown table also holds HINTS + 1 words that narrow the
 * search for a key's block: hint[b] is the block holding lo[1] + (b <<
 * hint[HINTS]), the shift making HINTS buckets cover lo[1] .. lo[nblk -
 * 1].  A free or a reserve then reads one hint and a line or two of lo[]
 * instead of halving all of lo[], each step a cache miss after the
 * array's move has passed through the cache.  lo[] changes only when
 * blocks are built or split, and the hints with it.
 */
#define HINTS 64

#define NO_BLOCK ((unsigned long)-1)

static unsigned long groups_of(unsigned long nblk)
{
	return (nblk + GROUP - 1) / GROUP;
}

static unsigned long first_at(const unsigned long *first,
			      const unsigned long *goff, unsigned long j)
{
	return first[j] + goff[j / GROUP];
}

static unsigned long pow2_at_least(unsigned long n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* log2 of a power of two. */
static unsigned shift_of(unsigned long p)
{
	unsigned k = 0;

	while (p > 1) {
		p >>= 1;
		k++;
	}
	return k;
}

static unsigned long ext_cap(unsigned long max)
{
	/* A power of two for the power-of-two tables doubling makes. */
	return mb_max(2 * (max / MB_GAP_PER_MIN), 2);
}

size_t mb_gaps_ext_bytes(unsigned long max)
{
	unsigned long cap = ext_cap(max), leaves = pow2_at_least(cap);

	if (max < MB_GAP_EXT_MIN)
		return 0;
	return (cap + 2 * leaves + MB_GAP_BEST * cap) * sizeof(phys_addr_t) +
	       (cap + groups_of(cap) + HINTS + 1) * sizeof(unsigned long);
}

void mb_gaps_use_table(struct memblock *mb, struct memblock_region *table,
		       unsigned long max, bool embedder)
{
	struct mb_gap_index *g = &mb->priv.gaps;

	g->valid = false;
	g->ext = NULL;
	g->ext_owner = NULL;
	if (embedder && mb_gaps_ext_bytes(max)) {
		/* The table is aligned for regions, so for phys_addr_t. */
		g->ext = (phys_addr_t *)(void *)(table + max);
		g->ext_owner = table;
		g->ext_max = max;
	}
}

/* Only while the table it follows is still reserved's buffer. */
static bool ext_usable(const struct memblock *mb)
{
	const struct mb_gap_index *g = &mb->priv.gaps;

	return g->ext && g->ext_owner == mb->priv.buf[1];
}

/* Point @s at the storage of @cap blocks and @leaves tree leaves. */
static void layout(const struct memblock *mb, bool ext, unsigned long cap,
		   unsigned long leaves, struct mb_gap_store *s)
{
	struct mb_gap_index *g = (struct mb_gap_index *)&mb->priv.gaps;

	if (ext) {
		s->lo = g->ext;
		s->tree = g->ext + cap;
		s->best = s->tree + 2 * leaves;
		s->first = (unsigned long *)(void *)(s->best + MB_GAP_BEST * cap);
		s->goff = s->first + cap;
		s->hint = s->goff + groups_of(cap);
	} else {
		s->lo = g->in_lo;
		s->tree = g->in_tree;
		s->best = g->in_best;
		s->first = g->in_first;
		s->goff = g->in_goff;
		s->hint = NULL;
	}
}

/* The storage of a built index, as rebuild() laid it out. */
static void store_of(const struct memblock *mb, struct mb_gap_store *s)
{
	*s = mb->priv.gaps.st;
}

bool mb_gaps_fresh(const struct memblock *mb)
{
	const struct mb_gap_index *g = &mb->priv.gaps;
	const struct memblock_type *r = &mb->reserved;

	/* An instance copied whole: its storage pointers name the original. */
	return g->valid && g->regions == r->regions && g->cnt == r->cnt &&
	       g->total == r->total_size &&
	       (g->in_ext ? ext_usable(mb) : g->st.lo == g->in_lo);
}

static void stamp(struct memblock *mb)
{
	struct mb_gap_index *g = &mb->priv.gaps;

	g->regions = mb->reserved.regions;
	g->cnt = mb->reserved.cnt;
	g->total = mb->reserved.total_size;
}

/* ---- reading the reserved array ---- */

static phys_addr_t end_of(const struct memblock_region *r)
{
	return r->base + r->size;
}

/*
 * The room of free space [gs, ge): the length left from its first
 * ROOM_ALIGN-aligned address.  Allocations are mostly page-aligned, and a
 * gap only a little longer than the size asked for is usually too short
 * once aligned; keyed by length, a search would walk every such gap.
 * Like the length, the room only shrinks when a gap does.
 */
#define ROOM_ALIGN ((phys_addr_t)1 << MEMBLOCK_ENV_PAGE_SHIFT)

static phys_addr_t room_of(phys_addr_t gs, phys_addr_t ge)
{
	/*
	 * The pad up to the first aligned address, against the length: no
	 * sum that could wrap at the top of the address space (gs <= ge).
	 * Whether a gap has room is as good as random (most have none): a
	 * mask, not a branch the processor would mispredict.
	 */
	phys_addr_t len = ge - gs, pad = -gs & (ROOM_ALIGN - 1);

	return (len - pad) & -(phys_addr_t)(pad < len);
}

/* Room of gap @i, 1 <= i < cnt. */
static phys_addr_t gap_room(const struct memblock_region *r, unsigned long i)
{
	return room_of(end_of(&r[i - 1]), r[i].base);
}

/*
 * The least room of a gap that can hold @size at @align: @size itself for
 * alignments of ROOM_ALIGN or more; below that, an aligned start can be
 * up to ROOM_ALIGN - align below the gap's first ROOM_ALIGN-aligned one.
 */
static phys_addr_t room_wanted(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t slack = align >= ROOM_ALIGN ? 0 : ROOM_ALIGN - align;

	return size > slack ? size - slack : 0;
}

/* ---- blocks and the tree ---- */

/*
 * The block holding key @a: the last one starting at or below it; @hint
 * is the store's hints or NULL.
 */
static unsigned long block_of(const phys_addr_t *starts,
			      const unsigned long *hint, unsigned long nblk,
			      phys_addr_t a)
{
	unsigned long lo = 0, n = nblk, b;

	/* A top-down search starts in the last block: no search for it. */
	if (starts[nblk - 1] <= a)
		return nblk - 1;
	/* Here nblk >= 2 (starts[0] is 0); a < starts[nblk - 1]: b < HINTS. */
	if (a < starts[1])
		return 0; /* top-down allocations below all land here */
	if (hint) {
		b = (unsigned long)((a - starts[1]) >> hint[HINTS]);
		lo = hint[b];
		n = (b + 1 < HINTS ? hint[b + 1] : nblk - 1) - lo + 1;
	}
	/* starts[0] is 0: the answer is in [lo, lo + n); no branch on it. */
	while (n > 1) {
		unsigned long half = n / 2;

		lo = starts[lo + half] <= a ? lo + half : lo;
		n -= half;
	}
	return lo;
}

/* The same for a key known to lie in block @j or above (usually near). */
static unsigned long block_from(const struct mb_gap_store *s,
				unsigned long nblk, unsigned long j, phys_addr_t a)
{
	while (j + 1 < nblk && s->lo[j + 1] <= a)
		j++;
	return j;
}

/* Index of the first region keyed above block @j (cnt after the last). */
static unsigned long block_last(const struct memblock *mb,
				const unsigned long *first,
				const unsigned long *goff, unsigned long nblk,
				unsigned long j)
{
	return j + 1 < nblk ? first_at(first, goff, j + 1) : mb->reserved.cnt;
}

/* Index range [*first, *last) of the regions keyed in block @j. */
static void block_span(const struct memblock *mb, const struct mb_gap_store *s,
		       unsigned long nblk, unsigned long j,
		       unsigned long *first, unsigned long *last)
{
	*first = first_at(s->first, s->goff, j);
	*last = block_last(mb, s->first, s->goff, nblk, j);
}

/* Set a leaf and bring its ancestors up to date. */
static void set_leaf(phys_addr_t *tree, unsigned long leaves, unsigned long j,
		     phys_addr_t v)
{
	unsigned long k = leaves + j;

	/*
	 * Up to the root whatever changes: where an ancestor stops changing
	 * is as good as random, and a branch there would be mispredicted
	 * more often than the few more levels cost.  Each parent is the new
	 * value so far and the untouched sibling.
	 */
	tree[k] = v;
	for (; k > 1; k >>= 1) {
		v = mb_max(v, tree[k ^ 1]);
		tree[k >> 1] = v;
	}
}

/*
 * A block's best rooms: v[0 .. n) are exactly the n most room among its
 * gaps, most first, counting as many gaps of room 0 as needed.  The leaf
 * holds v[0]; best[] the next MB_GAP_BEST, UNKNOWN past the known ones.
 * An allocation usually takes its block's best gap: the next best is then
 * known without a rescan of the block, until such allocations have used
 * up what was known (frees and the rescans refill it).
 */
#define BEST MB_GAP_BEST
#define UNKNOWN PHYS_ADDR_MAX /* no gap has this much room: gaps start above 0 */

struct best {
	phys_addr_t v[BEST + 1];
	unsigned n;
};

static void best_load(const struct mb_gap_store *s, unsigned long leaves,
		      unsigned long j, struct best *b)
{
	const phys_addr_t *e = s->best + j * BEST;
	unsigned k, known = 0;

	/* Known ones come first: count them rather than stop at the first. */
	b->v[0] = s->tree[leaves + j];
	for (k = 0; k < BEST; k++) {
		b->v[k + 1] = e[k];
		known += e[k] != UNKNOWN;
	}
	b->n = 1 + mb_min(known, BEST); /* the bound, for the analyzer */
}

/* Write @b (n >= 1) as block @j's, its leaf without its ancestors. */
static void best_put(struct mb_gap_store *s, unsigned long leaves,
		     unsigned long j, const struct best *b)
{
	phys_addr_t *e = s->best + j * BEST;
	unsigned k;

	s->tree[leaves + j] = b->v[0];
	for (k = 1; k <= BEST; k++)
		e[k - 1] = k < b->n ? b->v[k] : UNKNOWN;
}

/* The same, and the leaf's ancestors brought up to date. */
static void best_store(struct mb_gap_store *s, unsigned long leaves,
		       unsigned long j, const struct best *b)
{
	phys_addr_t old = s->tree[leaves + j];

	best_put(s, leaves, j, b);
	if (old != b->v[0])
		set_leaf(s->tree, leaves, j, b->v[0]);
}

/*
 * A gap of @room joins the block.  At least the least known room, it is
 * among the best and is inserted (one more known, up to BEST + 1); below
 * it, what is known stays as it is.
 */
static void best_add(struct best *b, phys_addr_t room)
{
	unsigned k;

	if (room < b->v[b->n - 1])
		return;
	k = b->n <= BEST ? b->n++ : BEST;
	for (; k && b->v[k - 1] < room; k--)
		b->v[k] = b->v[k - 1];
	b->v[k] = room;
}

/* A gap of @room leaves the block: if it was a known one, one fewer. */
static void best_remove(struct best *b, phys_addr_t room)
{
	unsigned k = 0;

	while (k < b->n && b->v[k] != room)
		k++;
	if (k == b->n)
		return;
	for (; k + 1 < b->n; k++)
		b->v[k] = b->v[k + 1];
	b->n--;
}

/* Gaps of at most @room leave the block, which ones unknown. */
static void best_remove_upto(struct best *b, phys_addr_t room)
{
	while (b->n && b->v[b->n - 1] <= room)
		b->n--;
}

/* Exactly, from the array: the gaps keyed in [first, last). */
static void best_in(const struct memblock_region *r, unsigned long first,
		    unsigned long last, struct best *b)
{
	unsigned long i;
	unsigned k;

	for (k = 0; k <= BEST; k++)
		b->v[k] = 0;
	b->n = BEST + 1;
	/*
	 * Each room goes into the sorted v[] by maxima and minima, from the
	 * top down so each step reads the v[k - 1] before this room: which
	 * gaps are among the best is as good as random, and a branch on it
	 * would be mispredicted about once per gap that has room.
	 */
	for (i = first ? first : 1; i < last; i++) {
		phys_addr_t room = gap_room(r, i);

		for (k = BEST; k; k--)
			b->v[k] = mb_max(b->v[k], mb_min(b->v[k - 1], room));
		b->v[0] = mb_max(b->v[0], room);
	}
}

/* The shift giving HINTS buckets over lo[1] .. lo[nblk - 1] (nblk >= 2). */
static unsigned hint_shift(const phys_addr_t *lo, unsigned long nblk)
{
	phys_addr_t span = lo[nblk - 1] - lo[1];
	unsigned k = 0;

	while ((span >> k) >= HINTS)
		k++;
	return k;
}

/* The first address of bucket @b under shift @k (past the span: its end). */
static phys_addr_t bucket_start(const phys_addr_t *lo, unsigned long nblk,
				unsigned k, unsigned long b)
{
	phys_addr_t span = lo[nblk - 1] - lo[1];

	/* b << k is at most span for the buckets in use: no overflow. */
	return b <= (span >> k) ? lo[1] + ((phys_addr_t)b << k)
				: lo[nblk - 1];
}

/* Bring the hints up to date after lo[] changed. */
static void set_hints(struct mb_gap_store *s, unsigned long nblk)
{
	unsigned long b, j = 1;
	unsigned k;

	if (!s->hint || nblk < 2)
		return;
	k = hint_shift(s->lo, nblk);
	s->hint[HINTS] = k;
	for (b = 0; b < HINTS; b++) {
		phys_addr_t a = bucket_start(s->lo, nblk, k, b);

		while (j + 1 < nblk && s->lo[j + 1] <= a)
			j++;
		s->hint[b] = j;
	}
}

/* Recompute the inner nodes above leaves [a, b]. */
static void fix_inner(phys_addr_t *tree, unsigned long leaves, unsigned long a,
		      unsigned long b)
{
	unsigned long lo = (leaves + a) >> 1, hi = (leaves + b) >> 1, k;

	for (; lo; lo >>= 1, hi >>= 1)
		for (k = lo; k <= hi; k++)
			tree[k] = mb_max(tree[2 * k], tree[2 * k + 1]);
}

/*
 * The rightmost leaf under node @k (whose value is at least @v) with a
 * value at least @v, as a block number.
 */
static long rightmost_under(const phys_addr_t *tree, unsigned long leaves,
			    unsigned long k, phys_addr_t v)
{
	while (k < leaves)
		k = tree[2 * k + 1] >= v ? 2 * k + 1 : 2 * k;
	return (long)(k - leaves);
}

/* The last block at or before @j whose leaf is at least @v, or -1. */
static long find_prev(const phys_addr_t *tree, unsigned long leaves, long j,
		      phys_addr_t v)
{
	unsigned long k;

	if (j < 0)
		return -1;
	k = leaves + (unsigned long)j;
	if (tree[k] < v) {
		for (;;) {
			if (k == 1)
				return -1;
			if ((k & 1) && tree[k - 1] >= v) {
				k--;
				break;
			}
			k >>= 1;
		}
	}
	return rightmost_under(tree, leaves, k, v);
}

/* The last block whose leaf is at least @v, or -1. */
static long last_with(const phys_addr_t *tree, unsigned long leaves,
		      phys_addr_t v)
{
	return tree[1] < v ? -1 : rightmost_under(tree, leaves, 1, v);
}

/* The first block at or after @j whose leaf is at least @v, or -1. */
static long find_next(const phys_addr_t *tree, unsigned long leaves,
		      unsigned long j, phys_addr_t v)
{
	unsigned long k;

	if (j >= leaves)
		return -1;
	k = leaves + j;
	if (tree[k] < v) {
		for (;;) {
			if (k == 1)
				return -1;
			if (!(k & 1) && tree[k + 1] >= v) {
				k++;
				break;
			}
			k >>= 1;
		}
		while (k < leaves)
			k = tree[2 * k] >= v ? 2 * k : 2 * k + 1;
	}
	return (long)(k - leaves);
}

static void rebuild(struct memblock *mb)
{
	struct mb_gap_index *g = &mb->priv.gaps;
	const struct memblock_region *r = mb->reserved.regions;
	unsigned long n = mb->reserved.cnt, j, k;
	struct mb_gap_store s;
	struct best b;

	g->in_ext = ext_usable(mb);
	g->cap = g->in_ext ? ext_cap(g->ext_max) : MB_GAP_INLINE;
	g->leaves = pow2_at_least(g->cap);
	layout(mb, g->in_ext, g->cap, g->leaves, &g->st);
	store_of(mb, &s);
	/*
	 * At most half the blocks in use, so splits have room; a power of
	 * two, so no division is needed (32-bit Arm has no divide insn).
	 */
	g->per = pow2_at_least(MB_GAP_PER_MIN);
	while (n > g->per * (g->cap / 2))
		g->per <<= 1;
	g->nblk = n ? (n + g->per - 1) >> shift_of(g->per) : 1;
	for (k = 0; k < 2 * g->leaves; k++)
		s.tree[k] = 0;
	for (k = 0; k < groups_of(g->cap); k++)
		s.goff[k] = 0;
	for (j = 0; j < g->nblk; j++) {
		unsigned long first = j * g->per;
		unsigned long last = mb_min(first + g->per, n);

		s.lo[j] = j ? r[first].base : 0;
		s.first[j] = first;
		best_in(r, first, last, &b);
		best_put(&s, g->leaves, j, &b);
	}
	fix_inner(s.tree, g->leaves, 0, g->leaves - 1);
	set_hints(&s, g->nblk);
	g->valid = true;
	stamp(mb);
}

/*
 * Has block @j grown past 2 * per?  Cheap enough for every insertion; the
 * split itself (below) is rare.
 */
static bool block_full(const struct memblock *mb, const struct mb_gap_store *s,
		       unsigned long j)
{
	unsigned long first, last;

	block_span(mb, s, mb->priv.gaps.nblk, j, &first, &last);
	return last - first > 2 * mb->priv.gaps.per;
}

/* Split block @j, which block_full() found too long, into `per` regions. */
static void split_block(struct memblock *mb, struct mb_gap_store *s,
			unsigned long j)
{
	struct mb_gap_index *g = &mb->priv.gaps;
	const struct memblock_region *r = mb->reserved.regions;
	unsigned long first, last, c, extra, k, tail;
	struct best best;

	block_span(mb, s, g->nblk, j, &first, &last);
	c = last - first;
	extra = (c >> shift_of(g->per)) - 1;
	if (g->nblk + extra > g->cap) {
		rebuild(mb);
		return;
	}
	/* Fold the offsets in: entries are about to change groups. */
	for (k = 0; k < g->nblk; k++)
		s->first[k] += s->goff[k / GROUP];
	for (k = 0; k < groups_of(g->cap); k++)
		s->goff[k] = 0;
	tail = g->nblk - j - 1;
	MEMBLOCK_ENV_MEMMOVE(&s->lo[j + 1 + extra], &s->lo[j + 1],
			     tail * sizeof(s->lo[0]));
	MEMBLOCK_ENV_MEMMOVE(&s->first[j + 1 + extra], &s->first[j + 1],
			     tail * sizeof(s->first[0]));
	MEMBLOCK_ENV_MEMMOVE(&s->tree[g->leaves + j + 1 + extra],
			     &s->tree[g->leaves + j + 1],
			     tail * sizeof(s->tree[0]));
	MEMBLOCK_ENV_MEMMOVE(&s->best[(j + 1 + extra) * BEST],
			     &s->best[(j + 1) * BEST],
			     tail * BEST * sizeof(s->best[0]));
	for (k = 0; k <= extra; k++) {
		unsigned long a = first + k * g->per;
		unsigned long b = k == extra ? last : a + g->per;

		if (k)
			s->lo[j + k] = r[a].base;
		s->first[j + k] = a;
		best_in(r, a, b, &best);
		best_put(s, g->leaves, j + k, &best);
	}
	g->nblk += extra;
	fix_inner(s->tree, g->leaves, j, g->nblk - 1);
	set_hints(s, g->nblk);
}

/* ---- keeping it up to date ---- */

/*
 * mb_first_ending_above(reserved, @base), @base in block @j: block j's
 * regions start in [lo[j], lo[j + 1]), so the answer is at least the last
 * region keyed below it and at most the first keyed above it.  The answer
 * is checked against its neighbours, so an edit made behind memblock's
 * back that the stamps miss costs a full search, not a wrong index.
 */
static unsigned long locate_in_block(const struct memblock *mb,
				     const struct mb_gap_store *s, unsigned long j,
				     phys_addr_t base)
{
	const struct memblock_type *t = &mb->reserved;
	unsigned long a = first_at(s->first, s->goff, j), i;

	i = mb_first_ending_above_in(t, base, a ? a - 1 : 0,
				     block_last(mb, s->first, s->goff,
						mb->priv.gaps.nblk, j));
	if ((i && end_of(&t->regions[i - 1]) > base) ||
	    (i < t->cnt && end_of(&t->regions[i]) <= base))
		return mb_first_ending_above(t, base);
	return i;
}

unsigned long mb_gaps_begin(const struct memblock *mb,
			    struct mb_gap_change *ch, unsigned long lo,
			    phys_addr_t base, phys_addr_t end)
{
	const struct memblock_type *t = &mb->reserved;
	struct mb_gap_store s;
	unsigned long i;
	phys_addr_t room;

	ch->cnt = t->cnt;
	ch->longest = ch->second = 0;
	ch->touched = 0;
	ch->klo = ch->khi = 0;
	store_of(mb, &s);
	ch->blk = block_of(s.lo, s.hint, mb->priv.gaps.nblk, base);
	if (lo == MB_AT_UNKNOWN)
		lo = locate_in_block(mb, &s, ch->blk, base);
	/*
	 * No change over [base, end) adds or drops a region starting below
	 * base, so this index still holds after it.  Those regions are the
	 * ones ending at or below base and perhaps regions[lo], which may
	 * straddle it.
	 */
	ch->below = lo + (lo < t->cnt && t->regions[lo].base < base);
	/* Every gap touching [base, end]: each may shrink or disappear. */
	for (i = ch->below; i < t->cnt; i++) {
		if (i && end_of(&t->regions[i - 1]) > end)
			break;
		if (!i)
			continue;
		if (!ch->touched++)
			ch->klo = t->regions[i].base;
		ch->khi = t->regions[i].base;
		room = gap_room(t->regions, i);
		if (room > ch->longest) {
			ch->second = ch->longest;
			ch->longest = room;
		} else {
			ch->second = mb_max(ch->second, room);
		}
	}
	return lo;
}

/* Block @j's best rooms, exactly, from the array. */
static void best_of(const struct memblock *mb, const struct mb_gap_store *s,
		    unsigned long j, struct best *b)
{
	unsigned long first, last;

	block_span(mb, s, mb->priv.gaps.nblk, j, &first, &last);
	best_in(mb->reserved.regions, first, last, b);
}

/* The block a change is at: loaded once, stored when it moves on. */
struct cursor {
	unsigned long j; /* NO_BLOCK: none yet */
	struct best b;
};

static void cursor_done(struct mb_gap_store *s, unsigned long leaves,
			struct cursor *c)
{
	if (c->j != NO_BLOCK)
		best_store(s, leaves, c->j, &c->b);
	c->j = NO_BLOCK;
}

static struct best *cursor_at(struct mb_gap_store *s, unsigned long leaves,
			      struct cursor *c, unsigned long j)
{
	if (c->j != j) {
		cursor_done(s, leaves, c);
		c->j = j;
		best_load(s, leaves, j, &c->b);
	}
	return &c->b;
}

/*
 * Add each gap the change made or kept touching [base, end] to its block:
 * the gaps keyed from index @i (the first keyed above base) to the first
 * key >= @end, less that last one if it lies wholly above end (unchanged,
 * so never touched).  @j is the block of the change's base, at or below.
 */
static void add_new(struct memblock *mb, struct mb_gap_store *s,
		    struct cursor *c, unsigned long i, unsigned long j,
		    phys_addr_t end)
{
	const struct memblock_region *r = mb->reserved.regions;
	struct mb_gap_index *g = &mb->priv.gaps;

	for (i = i ? i : 1; i < mb->reserved.cnt; i++) {
		if (end_of(&r[i - 1]) > end)
			break;
		j = block_from(s, g->nblk, j, r[i].base);
		best_add(cursor_at(s, g->leaves, c, j), gap_room(r, i));
		if (r[i].base >= end)
			break;
	}
}

/*
 * After add_new(): take the gaps the change touched out of the blocks
 * keyed in [klo, khi].  One or two gaps, in one block: their rooms are
 * known (the longest and the second); otherwise only that none had more
 * room than the longest.  A block left knowing none of its best is
 * rescanned.  @j is the block of the change's base, at or below them.
 */
static void remove_touched(struct memblock *mb, struct mb_gap_store *s,
			   struct cursor *c, const struct mb_gap_change *ch,
			   unsigned long j)
{
	struct mb_gap_index *g = &mb->priv.gaps;
	unsigned long jh;
	struct best *b;
	bool known;

	j = block_from(s, g->nblk, j, ch->klo);
	jh = block_from(s, g->nblk, j, ch->khi);
	known = j == jh && ch->touched <= 2;
	for (; j <= jh; j++) {
		b = cursor_at(s, g->leaves, c, j);
		if (known) {
			best_remove(b, ch->longest);
			if (ch->touched == 2)
				best_remove(b, ch->second);
		} else {
			best_remove_upto(b, ch->longest);
		}
		if (!b->n)
			best_of(mb, s, j, b);
	}
}

/* Add @d (modulo the word) to the first index of blocks k .. n - 1. */
static void add_to_firsts(struct mb_gap_store *s, unsigned long k,
			  unsigned long n, unsigned long d)
{
	unsigned long e;

	/*
	 * The rest of k's group entry by entry, the groups above at once.
	 * (Loops of fixed length adding d or 0, which no exit mispredicts,
	 * were measured no faster: twice the instructions.)
	 */
	for (e = mb_min(n, groups_of(k) * GROUP); k < e; k++)
		s->first[k] += d;
	if (k < n)
		for (k /= GROUP, e = groups_of(n); k < e; k++)
			s->goff[k] += d;
}

/*
 * Keep each block's first index exact after a change over [base, end)
 * made in block @j (which holds base): regions keyed at or below base
 * kept their places, those keyed above end moved by @d (the count's
 * change, modulo the word), and a block starting inside (base, end] is
 * counted again.
 */
static void shift_firsts(struct memblock *mb, struct mb_gap_store *s,
			 unsigned long j, phys_addr_t end, unsigned long d)
{
	unsigned long k, n = mb->priv.gaps.nblk, *first = s->first;
	unsigned long *goff = s->goff, from = first_at(first, goff, j);

	for (k = j + 1; k < n && s->lo[k] <= end; k++)
		first[k] = mb_count_below_in(&mb->reserved, s->lo[k], from,
					     mb->reserved.cnt) -
			   goff[k / GROUP];
	if (d)
		add_to_firsts(s, k, n, d);
}

void mb_gaps_end(struct memblock *mb, const struct mb_gap_change *ch,
		 phys_addr_t end)
{
	struct mb_gap_index *g = &mb->priv.gaps;
	struct cursor c = { .j = NO_BLOCK };
	unsigned long j;
	struct mb_gap_store s;

	/* Dropped by a table growth on the way. */
	if (!g->valid)
		return;
	store_of(mb, &s);
	/* No table change since begin (that drops the index): lo[] holds. */
	j = ch->blk;
	shift_firsts(mb, &s, j, end, mb->reserved.cnt - ch->cnt);
	add_new(mb, &s, &c, ch->below, j, end);
	if (ch->touched)
		remove_touched(mb, &s, &c, ch, j);
	cursor_done(&s, g->leaves, &c);
	/*
	 * A change that dropped regions (a free) grew no block, but for a
	 * flag change splitting at base and merging above it, which can add
	 * one: then the next insertion in the block splits it.
	 */
	if (mb->reserved.cnt >= ch->cnt && block_full(mb, &s, j))
		split_block(mb, &s, j);
	stamp(mb);
}

/* Take gap rooms out of block @j's best (@b) and rescan if none is left. */
static void best_drop(const struct memblock *mb, const struct mb_gap_store *s,
		      unsigned long j, struct best *b, phys_addr_t r1,
		      phys_addr_t r2, bool two)
{
	best_remove(b, r1);
	if (two)
		best_remove(b, r2);
	if (!b->n)
		best_of(mb, s, j, b);
}

/*
 * The common free, in one pass: region i is [base, base + size) with a
 * region on either side.  Its two gaps, a below and c above, become one
 * of room m >= both, keyed where c was; no block starts or splits.
 */
bool mb_gaps_remove_one(struct memblock *mb, phys_addr_t base,
			phys_addr_t size)
{
	struct mb_gap_index *g = &mb->priv.gaps;
	struct memblock_type *t = &mb->reserved;
	const struct memblock_region *r = t->regions;
	unsigned long j, jc, i, last;
	phys_addr_t a, c, m;
	struct mb_gap_store s;
	struct best b;

	store_of(mb, &s);
	j = block_of(s.lo, s.hint, g->nblk, base);
	last = block_last(mb, s.first, s.goff, g->nblk, j);
	i = mb_count_below_in(t, base, first_at(s.first, s.goff, j), last);
	if (i == last || !i || i + 1 >= t->cnt || r[i].base != base ||
	    r[i].size != size)
		return false;
	a = gap_room(r, i);
	c = gap_room(r, i + 1);
	m = room_of(end_of(&r[i - 1]), r[i + 1].base);
	jc = block_from(&s, g->nblk, j, r[i + 1].base);
	/* The room the general path would make sure of first. */
	if (!mb_remove_one_if_room(mb, t, i, 2))
		return false;
	add_to_firsts(&s, j + 1, g->nblk, (unsigned long)-1);
	/* Block j loses a; block jc (j or above) loses c and gains m. */
	best_load(&s, g->leaves, j, &b);
	if (jc == j)
		best_add(&b, m);
	best_drop(mb, &s, j, &b, a, c, jc == j);
	best_store(&s, g->leaves, j, &b);
	if (jc != j) {
		best_load(&s, g->leaves, jc, &b);
		best_add(&b, m);
		best_drop(mb, &s, jc, &b, c, 0, false);
		best_store(&s, g->leaves, jc, &b);
	}
	stamp(mb);
	return true;
}

/*
 * The common allocation's reserve, in one pass: [base, base + size)
 * touches no region and lies in gap @lo.  Inside the array (between two
 * regions), @j is the block holding that gap, and the gap (of room rm)
 * becomes two, below and above the new region, each with no more room;
 * the one below is keyed by the new region, in a lower block when block j
 * starts inside the gap (its first region was freed).
 * Below every region (@lo 0, where top-down allocations into an empty
 * stretch land) or above them all (@lo cnt), @j is NO_BLOCK: the gap there
 * is in no block, and the new region splits off one gap that joins a
 * block (the one keyed by the old first region, or by the new last one).
 * Frees can empty blocks (they are cut by address), so which blocks hold
 * the region and that gap is looked up, not assumed to be an end block.
 */
static bool add_in_block(struct memblock *mb, struct mb_gap_store *s,
			 unsigned long j, unsigned long lo, phys_addr_t base,
			 phys_addr_t size, int nid, enum memblock_flags flags)
{
	struct mb_gap_index *g = &mb->priv.gaps;
	struct memblock_type *t = &mb->reserved;
	bool edge = j == NO_BLOCK;
	const struct memblock_region *r;
	unsigned long jg, jn;
	struct best b;

	if (!mb_add_in_gap(mb, t, lo, base, size, nid, flags))
		return false;
	r = t->regions;
	/* jn: the new region's block, below j if j starts inside the gap. */
	jn = edge ? block_of(s->lo, s->hint, g->nblk, base) : j;
	while (s->lo[jn] > base)
		jn--; /* lo[0] is 0 */
	jg = lo ? jn : block_from(s, g->nblk, jn, r[1].base);
	add_to_firsts(s, jn + 1, g->nblk, 1);
	best_load(s, g->leaves, jg, &b);
	if (lo)
		best_add(&b, gap_room(r, lo));
	if (!edge && jn != j) {
		/* The gap above the new region is still keyed in block j. */
		best_store(s, g->leaves, jg, &b);
		best_load(s, g->leaves, j, &b);
		jg = j;
	}
	if (lo + 1 < t->cnt)
		best_add(&b, gap_room(r, lo + 1));
	if (!edge)
		best_drop(mb, s, j, &b,
			  room_of(end_of(&r[lo - 1]), r[lo + 1].base), 0, false);
	best_store(s, g->leaves, jg, &b);
	if (block_full(mb, s, jn))
		split_block(mb, s, jn);
	stamp(mb);
	return true;
}

bool mb_gaps_add_one(struct memblock *mb, unsigned long lo, phys_addr_t base,
		     phys_addr_t size, int nid, enum memblock_flags flags)
{
	const struct memblock_type *t = &mb->reserved;
	struct mb_gap_store s;

	if (lo > t->cnt || !t->cnt)
		return false;
	store_of(mb, &s);
	return add_in_block(mb, &s,
			    !lo || lo == t->cnt
				    ? NO_BLOCK
				    : block_of(s.lo, s.hint, mb->priv.gaps.nblk,
					       t->regions[lo].base),
			    lo, base, size, nid, flags);
}

void mb_gaps_ensure(struct memblock *mb)
{
	if (!mb_gaps_fresh(mb) && mb->reserved.cnt >= MB_GAP_MIN)
		rebuild(mb);
}

/* ---- searching ---- */

/*
 * What a search reads: the index, or, when there is none (small or edited
 * tables), one block that holds every gap and claims the longest possible
 * one, so the same walk visits each gap in turn.
 */
struct gview {
	const phys_addr_t *lo, *tree;
	const unsigned long *first, *goff, *hint;
	unsigned long nblk, leaves;
	bool indexed; /* the index, not the one block of every gap */
};

static const phys_addr_t whole_lo[1] = { 0 };
static const phys_addr_t whole_tree[2] = { PHYS_ADDR_MAX, PHYS_ADDR_MAX };
static const unsigned long whole_first[1] = { 0 }, whole_goff[1] = { 0 };

static void view_of(const struct memblock *mb, struct gview *v)
{
	const struct mb_gap_index *g = &mb->priv.gaps;
	struct mb_gap_store s;

	if (mb_gaps_fresh(mb)) {
		store_of(mb, &s);
		v->lo = s.lo;
		v->tree = s.tree;
		v->first = s.first;
		v->goff = s.goff;
		v->hint = s.hint;
		v->indexed = true;
		v->nblk = g->nblk;
		v->leaves = g->leaves;
	} else {
		v->lo = whole_lo;
		v->tree = whole_tree;
		v->first = whole_first;
		v->goff = whole_goff;
		v->hint = NULL;
		v->indexed = false;
		v->nblk = 1;
		v->leaves = 1;
	}
}

struct want {
	phys_addr_t size, align, start, end;
	phys_addr_t room; /* room_wanted(size, align) */
	int nid;
	enum memblock_flags flags;
	bool up; /* bottom-up: lowest fit first */
	unsigned long at; /* the reserved region above the last gap tried */
	unsigned long blk; /* the index block holding it, or NO_BLOCK */
};

/* The fit inside free piece [ps, pe), if it has one. */
static bool fit_in_piece(struct want *w, phys_addr_t ps, phys_addr_t pe,
			 phys_addr_t *out)
{
	phys_addr_t cand;

	if (pe - ps < w->size)
		return false;
	if (w->up) {
		if (!mb_round_up(ps, w->align, &cand) || cand >= pe ||
		    pe - cand < w->size)
			return false;
	} else {
		cand = mb_round_down(pe - w->size, w->align);
		if (cand < ps)
			return false;
	}
	*out = cand;
	return true;
}

/*
 * The first fit (highest, or lowest when bottom-up) in free memory inside
 * the gap [gs, ge): the memory regions overlapping it, in the order the
 * range walk would see them.
 */
static bool fit_in_gap(const struct memblock *mb, struct want *w,
		       unsigned long k, phys_addr_t gs, phys_addr_t ge,
		       phys_addr_t *out)
{
	const struct memblock_type *m = &mb->memory;
	const struct memblock_region *r;
	phys_addr_t ws = mb_max(gs, w->start), we = mb_min(ge, w->end);
	unsigned long i;

	w->at = k; /* gap k lies below reserved region k */

	if (ws >= we || we - ws < w->size)
		return false;
	if (w->up) {
		for (i = mb_first_ending_above(m, ws);
		     i < m->cnt && m->regions[i].base < we; i++) {
			r = &m->regions[i];
			if (!skip_region(mb, m, r, w->nid, w->flags) &&
			    fit_in_piece(w, mb_max(r->base, ws),
					 mb_min(end_of(r), we), out))
				return true;
		}
		return false;
	}
	for (i = mb_count_below(m, we); i-- > 0;) {
		r = &m->regions[i];
		if (end_of(r) <= ws)
			break;
		if (!skip_region(mb, m, r, w->nid, w->flags) &&
		    fit_in_piece(w, mb_max(r->base, ws), mb_min(end_of(r), we),
				 out))
			return true;
	}
	return false;
}

/*
 * Gaps @k, k - 1, ..., @kmin (>= 1), highest first: 1 on a fit, -1 once
 * a gap lies wholly under the bounds, 0 otherwise.  Most gaps are too
 * short for any fit, so the loop tests only the length, from one new
 * region per gap (the base above is the one read for the gap before), and
 * the lower bound only for a gap long enough and once at the end (bases
 * are sorted: a gap under the bound means every one below it is too).
 */
static int fit_in_run(const struct memblock *mb, struct want *w,
		      unsigned long k, unsigned long kmin, phys_addr_t *out)
{
	const struct memblock_region *r = mb->reserved.regions;
	const struct memblock_region *p, *stop;
	phys_addr_t size = w->size, ge;

	if (k < kmin)
		return 0; /* an empty block */
	p = &r[k - 1];
	stop = &r[kmin - 1];
	ge = r[k].base;
	/* p is the region below gap p - r + 1; kmin >= 1, so stop is in r. */
	for (;; p--) {
		phys_addr_t gs = p->base + p->size;

		if (ge - gs >= size) {
			if (ge <= w->start)
				return -1;
			if (room_of(gs, ge) >= w->room &&
			    fit_in_gap(mb, w, (unsigned long)(p - r) + 1, gs, ge,
				       out))
				return 1;
		}
		ge = p->base;
		if (p == stop)
			return r[kmin].base <= w->start ? -1 : 0;
	}
}

/*
 * Top-down over gaps @k, k - 1, ..., 1: the rest of the block holding gap
 * @k, then each lower block the tree says has a gap long enough.
 */
static bool fit_in_blocks(const struct memblock *mb, const struct gview *v,
			  struct want *w, unsigned long k, phys_addr_t *out)
{
	long j = (long)block_of(v->lo, v->hint, v->nblk,
				mb->reserved.regions[k].base);
	unsigned long kmin;
	int res;

	for (;;) {
		if (v->tree[v->leaves + (unsigned long)j] >= w->room) {
			kmin = first_at(v->first, v->goff, (unsigned long)j);
			res = fit_in_run(mb, w, k, mb_max(kmin, 1), out);
			if (res > 0 && v->indexed)
				w->blk = (unsigned long)j;
			if (res)
				return res > 0;
		}
		/*
		 * From the last block with no fit there (the usual start of a
		 * top-down search), every block above is out of use, leaf 0:
		 * the rightmost leaf with room, found from the root down.
		 */
		if ((unsigned long)j + 1 == v->nblk && w->room &&
		    v->tree[v->leaves + (unsigned long)j] < w->room)
			j = last_with(v->tree, v->leaves, w->room);
		else
			j = find_prev(v->tree, v->leaves, j - 1, w->room);
		/* Gaps of block j end below lo[j + 1]. */
		if (j < 0 || v->lo[j + 1] <= w->start)
			return false;
		/* Its highest gap lies below the first region of block j + 1. */
		k = first_at(v->first, v->goff, (unsigned long)j + 1);
		if (!k--)
			return false;
	}
}

/* The highest fit in bounds: the gap holding the end, blocks, bottom. */
static bool search_down(const struct memblock *mb, struct want *w,
			phys_addr_t *out)
{
	const struct memblock_type *t = &mb->reserved;
	const struct memblock_region *r = t->regions;
	unsigned long n = t->cnt;
	/* The usual bound is above every region: no search for it. */
	unsigned long k =
		n && r[n - 1].base < w->end ? n : mb_count_below(t, w->end);
	struct gview v;
	phys_addr_t gs = k ? end_of(&r[k - 1]) : 0;
	phys_addr_t ge = k < n ? r[k].base : PHYS_ADDR_MAX;

	if (fit_in_gap(mb, w, k, gs, ge, out))
		return true;
	view_of(mb, &v);
	return (k >= 2 && r[k - 1].base > w->start &&
		fit_in_blocks(mb, &v, w, k - 1, out)) ||
	       (k >= 1 && fit_in_gap(mb, w, 0, 0, r[0].base, out));
}

/*
 * Gaps k, k + 1, ... below the first key >= @hi, lowest first; 1 on a
 * fit, -1 once a gap lies wholly above the bounds, 0 otherwise.
 */
static int fit_in_run_up(const struct memblock *mb, struct want *w,
			 unsigned long k, phys_addr_t hi, phys_addr_t *out)
{
	const struct memblock_type *t = &mb->reserved;
	const struct memblock_region *r = t->regions;

	for (; k < t->cnt && r[k].base < hi; k++) {
		phys_addr_t ge = r[k].base, gs = end_of(&r[k - 1]);

		if (gs >= w->end)
			return -1;
		if (ge - gs >= w->size && room_of(gs, ge) >= w->room &&
		    fit_in_gap(mb, w, k, gs, ge, out))
			return 1;
	}
	return 0;
}

/*
 * Bottom-up over gaps @k (>= 1), k + 1, ..., cnt - 1: the rest of the
 * block holding gap @k, then each higher block with a gap long enough.
 */
static int fit_in_blocks_up(const struct memblock *mb, const struct gview *v,
			    struct want *w, unsigned long k, phys_addr_t *out)
{
	long j = (long)block_of(v->lo, v->hint, v->nblk,
				mb->reserved.regions[k].base);
	int res;

	for (;;) {
		phys_addr_t hi = (unsigned long)j + 1 < v->nblk
					 ? v->lo[j + 1]
					 : PHYS_ADDR_MAX;

		if (v->tree[v->leaves + (unsigned long)j] >= w->room) {
			res = fit_in_run_up(mb, w, k, hi, out);
			if (res)
				return res;
		}
		j = find_next(v->tree, v->leaves, (unsigned long)j + 1, w->room);
		if (j < 0 || (unsigned long)j >= v->nblk)
			return 0;
		k = mb_max(first_at(v->first, v->goff, (unsigned long)j), 1);
	}
}

/* The lowest fit in bounds: the bottom gap, blocks, the gap at the top. */
static bool search_up(const struct memblock *mb, struct want *w,
		      phys_addr_t *out)
{
	const struct memblock_type *t = &mb->reserved;
	const struct memblock_region *r = t->regions;
	unsigned long n = t->cnt, k = mb_first_ending_above(t, w->start);
	struct gview v;
	int res = 0;

	/* The first gap ending above the start bound. */
	if (k < n && r[k].base <= w->start)
		k++;
	if (!k && n && fit_in_gap(mb, w, 0, 0, r[0].base, out))
		return true;
	view_of(mb, &v);
	if (n >= 2 && k < n)
		res = fit_in_blocks_up(mb, &v, w, mb_max(k, 1), out);
	return res > 0 ||
	       (!res && fit_in_gap(mb, w, n, n ? end_of(&r[n - 1]) : 0,
				   PHYS_ADDR_MAX, out));
}

typedef bool search_fn(const struct memblock *mb, struct want *w,
		       phys_addr_t *out);

/*
 * Search with @search; on failure tell "misaligned" (some free piece in
 * bounds is long enough: the same search at byte alignment fits) from "no
 * room".  The failed search cannot tell: the index skips gaps too short
 * once aligned without looking at them.
 */
static int search(const struct memblock *mb, search_fn *fn, struct want *w,
		  phys_addr_t *out, unsigned long *at)
{
	phys_addr_t spare;

	if (fn(mb, w, out)) {
		if (at)
			*at = w->at;
		return 0;
	}
	if (w->align == 1)
		return -MB_ENOSPC;
	w->align = 1;
	w->room = room_wanted(w->size, 1);
	return fn(mb, w, &spare) ? -MB_EALIGN : -MB_ENOSPC;
}

/* A search for @size at @align in [start, end), top-down unless @up. */
static struct want want_of(phys_addr_t size, phys_addr_t align,
			   phys_addr_t start, phys_addr_t end, int nid,
			   enum memblock_flags flags, bool up)
{
	struct want w = {size, align, start, end, room_wanted(size, align),
			 nid,  flags, up,    0, NO_BLOCK};

	return w;
}

int mb_gaps_find_top_down(const struct memblock *mb, phys_addr_t size,
			  phys_addr_t align, phys_addr_t start, phys_addr_t end,
			  int nid, enum memblock_flags flags, phys_addr_t *out,
			  unsigned long *at)
{
	struct want w = want_of(size, align, start, end, nid, flags, false);

	return search(mb, search_down, &w, out, at);
}

int mb_gaps_find_bottom_up(const struct memblock *mb, phys_addr_t size,
			   phys_addr_t align, phys_addr_t start,
			   phys_addr_t end, int nid, enum memblock_flags flags,
			   phys_addr_t *out, unsigned long *at)
{
	struct want w = want_of(size, align, start, end, nid, flags, true);

	return search(mb, search_up, &w, out, at);
}

int mb_gaps_alloc_top_down(struct memblock *mb, const struct mb_req *rq,
			   phys_addr_t *out)
{
	phys_addr_t size = rq->size;
	struct want w = want_of(size, rq->align, rq->start, rq->end, rq->nid,
				rq->flags, false);
	struct mb_gap_store s;
	bool edge;
	int err;

	if (w.start >= w.end || w.end - w.start < size)
		return -MB_ENOSPC;
	err = search(mb, search_down, &w, out, NULL);
	if (err)
		return err;
	/*
	 * The search read a fresh index and nothing has changed since: its
	 * block is still the one holding gap w.at.  The checks that
	 * mb_add_type_at() makes hold for what the search found (prepared
	 * arguments, a range that does not wrap).
	 */
	mb_trace_range(mb, "memblock_reserve", *out, size, rq->caller);
	/*
	 * A gap inside the array: the search found it through the index.
	 * Below or above every region (where allocations into an empty
	 * stretch land) it looked there first: ask whether the index holds.
	 */
	edge = !w.at || w.at == mb->reserved.cnt;
	if (edge ? mb->reserved.cnt && mb_gaps_fresh(mb) : w.blk != NO_BLOCK) {
		store_of(mb, &s);
		/* Success leaves the index fresh: nothing to ensure. */
		if (add_in_block(mb, &s, edge ? NO_BLOCK : w.blk, w.at, *out,
				 size, w.nid, MEMBLOCK_RSRV_KERN))
			return 0;
	}
	err = mb_add_type_at(mb, &mb->reserved, w.at, *out, size, w.nid,
			     MEMBLOCK_RSRV_KERN);
	if (!err)
		mb_gaps_ensure(mb);
	return err;
}

/* ---- checking ---- */

/* Block @j's start, first index, leaf and known best rooms. */
static const char *check_block(const struct memblock *mb,
			       const struct mb_gap_store *s, unsigned long j)
{
	const phys_addr_t *e = s->best + j * BEST;
	unsigned k;
	struct best b;

	if (j && s->lo[j] <= s->lo[j - 1])
		return "gap index: blocks out of order";
	if (first_at(s->first, s->goff, j) !=
	    mb_count_below(&mb->reserved, s->lo[j]))
		return "gap index: a block's first index is wrong";
	best_of(mb, s, j, &b);
	if (s->tree[mb->priv.gaps.leaves + j] != b.v[0])
		return "gap index: a block's longest gap is wrong";
	for (k = 1; k <= BEST; k++)
		if (e[k - 1] != b.v[k] &&
		    (e[k - 1] != UNKNOWN || (k < BEST && e[k] != UNKNOWN)))
			return "gap index: a block's next best rooms are wrong";
	return NULL;
}

/* Each hint names the block holding its bucket's first address. */
static bool hints_ok(const struct mb_gap_store *s, unsigned long nblk)
{
	unsigned long b, j;
	unsigned k;

	if (!s->hint || nblk < 2)
		return true;
	k = hint_shift(s->lo, nblk);
	if (s->hint[HINTS] != k)
		return false;
	for (b = 0; b < HINTS; b++) {
		phys_addr_t a = bucket_start(s->lo, nblk, k, b);

		for (j = nblk - 1; s->lo[j] > a; j--)
			;
		if (s->hint[b] != j)
			return false;
	}
	return true;
}

const char *mb_gaps_check(const struct memblock *mb)
{
	const struct mb_gap_index *g = &mb->priv.gaps;
	unsigned long j;
	struct mb_gap_store s;

	if (!mb_gaps_fresh(mb))
		return NULL;
	store_of(mb, &s);
	if (g->leaves != pow2_at_least(g->cap) || !g->nblk ||
	    g->nblk > g->cap || s.lo[0] ||
	    g->cap != (g->in_ext ? ext_cap(g->ext_max) : MB_GAP_INLINE))
		return "gap index: bad shape";
	if (!hints_ok(&s, g->nblk))
		return "gap index: a block hint is wrong";
	for (j = 0; j < g->nblk; j++) {
		const char *bad = check_block(mb, &s, j);

		if (bad)
			return bad;
	}
	for (; j < g->leaves; j++)
		if (s.tree[g->leaves + j])
			return "gap index: a block's longest gap is wrong";
	for (j = g->leaves - 1; j >= 1; j--)
		if (s.tree[j] != mb_max(s.tree[2 * j], s.tree[2 * j + 1]))
			return "gap index: tree node is not its children's max";
	return NULL;
}
