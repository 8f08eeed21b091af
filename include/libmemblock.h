/* SPDX-License-Identifier: MIT */
/*
 * libmemblock.h - boot-time physical memory manager, instance API.
 *
 * The data structures are Linux's (struct memblock_region, memblock_type,
 * memblock) so code and debuggers can read regions[0..cnt) directly.  Every
 * operation takes an explicit struct memblock * whose storage the caller
 * owns; <linux/memblock.h> wraps these for the default instance.
 *
 * Contract of every mb_* call that changes state: it returns 0, or a
 * negative MB_E* code and leaves the instance byte-for-byte as it was.
 */
#ifndef LIBMEMBLOCK_H
#define LIBMEMBLOCK_H

#include <memblock_env.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Errors: negative returns, numerically equal to errno values ---- */
#define MB_ENOENT 2   /* no region matches (e.g. hand-off of a dead map) */
#define MB_ENOMEM 12  /* a region table is full and cannot grow */
#define MB_EINVAL 22  /* bad argument: zero size, bad alignment, bad node */
#define MB_ENOSPC 28  /* no free memory of that size within the bounds */
#define MB_EALIGN 33  /* (EDOM) free memory fits, but not at that alignment */
#define MB_ERANGE 34  /* the bounds are empty once limits are applied */

/**
 * mb_strerror - describe an MB_E* code.
 * @err: a return value of an mb_* call (negative or positive form)
 * Return: a static string, never NULL.
 */
const char *mb_strerror(int err);

/* ---- Constants shared with Linux ---- */
#define PHYS_ADDR_MAX (~(phys_addr_t)0)
#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif
#ifndef MAX_NUMNODES
#define MAX_NUMNODES MEMBLOCK_ENV_MAX_NUMNODES
#endif

#ifndef INIT_MEMBLOCK_REGIONS
#define INIT_MEMBLOCK_REGIONS 128
#endif
#ifndef INIT_MEMBLOCK_RESERVED_REGIONS
#define INIT_MEMBLOCK_RESERVED_REGIONS INIT_MEMBLOCK_REGIONS
#endif
#ifndef INIT_MEMBLOCK_MEMORY_REGIONS
#define INIT_MEMBLOCK_MEMORY_REGIONS INIT_MEMBLOCK_REGIONS
#endif
#ifndef INIT_PHYSMEM_REGIONS
#define INIT_PHYSMEM_REGIONS 4
#endif

/* "end" values for allocations: the current limit, or no limit at all. */
#define MEMBLOCK_ALLOC_ANYWHERE (~(phys_addr_t)0)
#define MEMBLOCK_ALLOC_ACCESSIBLE 0
#define MEMBLOCK_ALLOC_NOLEAKTRACE 1
#define MEMBLOCK_LOW_LIMIT 0

/**
 * enum memblock_flags - attributes of a region (values as in Linux).
 */
enum memblock_flags {
	MEMBLOCK_NONE = 0x0,           /* no special request */
	MEMBLOCK_HOTPLUG = 0x1,        /* hotpluggable memory */
	MEMBLOCK_MIRROR = 0x2,         /* mirrored (reliable) memory */
	MEMBLOCK_NOMAP = 0x4,          /* keep out of the direct map */
	MEMBLOCK_DRIVER_MANAGED = 0x8, /* added by a driver, not firmware */
	MEMBLOCK_RSRV_NOINIT = 0x10,   /* reserved: don't init struct pages */
	MEMBLOCK_RSRV_KERN = 0x20,     /* reserved for kernel use (allocations) */
	MEMBLOCK_KHO_SCRATCH = 0x40,   /* kexec hand-over scratch memory */
	MEMBLOCK_RSRV_HUGETLB = 0x80,  /* reserved for early hugetlb pages */
};

/** struct memblock_region - one range [base, base + size). */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

/**
 * struct memblock_type - a sorted, disjoint, merged array of regions.
 * @cnt: regions in use (0 when empty; regions[0] is then zeroed)
 * @max: capacity of @regions
 * @total_size: sum of the sizes of the regions in use
 * @regions: the array
 * @name: "memory", "reserved" or "physmem"
 */
struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	char *name;
};

/**
 * struct mb_grow_ops - an embedder-supplied allocator for region arrays.
 * @alloc: return @bytes of storage aligned for struct memblock_region, or
 *         NULL; called when a table is full.  For a reserved table of 512
 *         slots or more, @bytes also covers the free-gap index kept after
 *         the slots (1.75 bytes per slot on 64-bit builds)
 * @free: give back an array @alloc returned, with the same @bytes (may be NULL)
 * @ctx: passed to both
 */
struct mb_grow_ops {
	void *(*alloc)(void *ctx, size_t bytes);
	void (*free)(void *ctx, void *ptr, size_t bytes);
	void *ctx;
};

/* Where a type's current array came from (private bookkeeping). */
enum mb_array_source { MB_ARRAY_INITIAL, MB_ARRAY_EMBEDDER, MB_ARRAY_SELF };

/*
 * The free-gap index (src/gaps.c): a summary of the gaps between reserved
 * regions that lets a top-down search skip every stretch of the map where
 * no gap is long enough, instead of walking past each one.  The gap below
 * reserved region i (i >= 1) belongs to the block whose address range
 * holds that region's base; a block's value is the most room any of its
 * gaps has from its first page-aligned address (so gaps long enough only
 * unaligned are skipped too), and a tree over the blocks keeps the maximum
 * of each subtree.  It
 * depends on the reserved regions alone; counts, total and the array's
 * address detect edits made behind memblock's back, which make it stale
 * until the next allocation rebuilds it.  Storage: MB_GAP_INLINE blocks
 * here, or (for large reserved tables from an embedder allocator) a larger
 * area after the table.
 */
#ifndef MB_GAP_INLINE
#define MB_GAP_INLINE 16
#endif
/*
 * Rooms a block keeps beside its best: the next best, as far as known.
 * One is the fewest instructions per operation in the churn and
 * allocation benchmarks (3 cost 1-5 % more: more to load and store).
 */
#ifndef MB_GAP_BEST
#define MB_GAP_BEST 1
#endif
struct mb_gap_index {
	const struct memblock_region *regions; /* stamps: reserved as indexed */
	unsigned long cnt;
	phys_addr_t total;
	unsigned long nblk;   /* blocks in use */
	unsigned long cap;    /* blocks the storage holds */
	unsigned long leaves; /* tree leaves: a power of two >= cap */
	unsigned long per;    /* regions per block when one is split */
	phys_addr_t *ext;     /* storage after the reserved table, or NULL */
	const struct memblock_region *ext_owner; /* the table it follows */
	unsigned long ext_max; /* that table's slots */
	bool valid;
	bool in_ext; /* built in ext, not in the arrays below */
	struct mb_gap_store { /* where the built index's arrays are */
		phys_addr_t *lo, *tree, *best;
		unsigned long *first, *goff;
		unsigned long *hint; /* NULL: none (inline storage) */
	} st;
	phys_addr_t in_lo[MB_GAP_INLINE];       /* block j starts at lo[j] */
	phys_addr_t in_tree[2 * MB_GAP_INLINE]; /* leaves at [leaves, 2 leaves) */
	phys_addr_t in_best[MB_GAP_BEST * MB_GAP_INLINE]; /* next best rooms */
	unsigned long in_first[MB_GAP_INLINE];  /* index of its first region */
	unsigned long in_goff[(MB_GAP_INLINE + 15) / 16]; /* added per 16 */
};

/*
 * Private state of an instance.  Kept after the Linux fields so that code
 * written against Linux's struct memblock sees the layout it expects.
 * Read and written only through mb_* calls.
 */
struct mb_private {
	struct memblock_region *initial[3]; /* arrays given at init */
	unsigned long initial_max[3];       /* and their capacities */
	struct memblock_region *buf[3];     /* buffer each regions lives in */
	unsigned long cap[3];               /* its size; max counts from regions */
	unsigned char source[3];            /* enum mb_array_source */
	phys_addr_t self_phys[3];           /* where a SELF array lives */
	phys_addr_t self_size[3];           /* and how much it reserved */
	const struct mb_grow_ops *grow;
	bool can_resize;     /* memblock_allow_resize() was called */
	bool has_mirror;     /* memblock_mark_mirror() marked something */
	bool movable_node;   /* skip HOTPLUG memory when allocating */
	bool kho_scratch_only;
	bool discarded;      /* arrays given back by mb_discard() */
	int debug;           /* memblock=debug tracing */
	struct mb_gap_index gaps;
};

/**
 * struct memblock - one physical memory map.
 * @bottom_up: allocate from low addresses up instead of top down
 * @current_limit: highest address (exclusive) allocations may use
 * @memory: usable RAM
 * @reserved: ranges in use
 * @physmem: all physical memory, including what mem= removed
 */
struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
	struct memblock_type physmem;
	struct mb_private priv;
};

/* ---- Set-up ---- */

/**
 * mb_init - make @mb an empty map over caller-provided arrays.
 * @mb: the instance to initialise (any previous content is discarded)
 * @memory: array for memory regions, @memory_max entries (>= 2)
 * @reserved: array for reserved regions, @reserved_max entries (>= 2)
 * @physmem: array for physmem regions, @physmem_max entries; may be NULL
 *           with @physmem_max 0 when physmem is not used
 *
 * The arrays are zeroed.  Tables grow only through mb_set_grow_ops() or
 * after mb_allow_resize().
 * Return: 0, or -MB_EINVAL for a NULL instance or arrays too small.
 */
int mb_init(struct memblock *mb, struct memblock_region *memory,
	    unsigned long memory_max, struct memblock_region *reserved,
	    unsigned long reserved_max, struct memblock_region *physmem,
	    unsigned long physmem_max);

/**
 * mb_set_grow_ops - supply an allocator for growing full tables.
 * @ops: allocator (must outlive @mb), or NULL to remove it
 *
 * When set it is used in preference to memblock's own memory.
 */
void mb_set_grow_ops(struct memblock *mb, const struct mb_grow_ops *ops);

/**
 * mb_allow_resize - let full tables double into memory memblock finds
 * itself (below the current limit), reserved as MEMBLOCK_RSRV_KERN.
 */
void mb_allow_resize(struct memblock *mb);

/** mb_set_debug - turn memblock=debug tracing of @mb on or off. */
void mb_set_debug(struct memblock *mb, int on);

/** mb_set_movable_node - make allocations skip MEMBLOCK_HOTPLUG memory. */
void mb_set_movable_node(struct memblock *mb, bool on);

/** mb_set_kho_scratch_only - allocate only from MEMBLOCK_KHO_SCRATCH. */
void mb_set_kho_scratch_only(struct memblock *mb, bool on);

/** mb_set_bottom_up - choose the allocation direction. */
void mb_set_bottom_up(struct memblock *mb, bool enable);

/** mb_set_current_limit - set the highest address allocations may reach. */
void mb_set_current_limit(struct memblock *mb, phys_addr_t limit);

/* ---- Adding and removing ranges ----
 *
 * All take [base, base + size).  A range running past the top of
 * phys_addr_t is capped there (the last byte, PHYS_ADDR_MAX itself, can
 * never be covered).  Errors: -MB_EINVAL for size 0, -MB_ENOMEM when the
 * table must grow and cannot.  Growth follows Linux: an add grows when the
 * pieces it inserts do not fit, other changes whenever fewer than two free
 * slots remain.
 */

/** mb_add_node - add memory on node @nid with @flags (no flags merge in). */
int mb_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		int nid, enum memblock_flags flags);
/** mb_add - add memory without a node (nid MAX_NUMNODES). */
int mb_add(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/** mb_remove - remove memory; reserved ranges are left alone. */
int mb_remove(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/** mb_reserve - reserve a range (nid NUMA_NO_NODE, no flags). */
int mb_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/** mb_reserve_kern - reserve a range as MEMBLOCK_RSRV_KERN. */
int mb_reserve_kern(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/** mb_reserve_node - reserve with an explicit node and flags. */
int mb_reserve_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		    int nid, enum memblock_flags flags);
/** mb_free - unreserve a range (Linux's memblock_phys_free). */
int mb_free(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/** mb_physmem_add - record physical memory in @physmem. */
int mb_physmem_add(struct memblock *mb, phys_addr_t base, phys_addr_t size);

/**
 * mb_add_type / mb_remove_type - the low-level operations on any type of @mb.
 * @type: &mb->memory, &mb->reserved or &mb->physmem (else -MB_EINVAL)
 */
int mb_add_type(struct memblock *mb, struct memblock_type *type,
		phys_addr_t base, phys_addr_t size, int nid,
		enum memblock_flags flags);
int mb_remove_type(struct memblock *mb, struct memblock_type *type,
		   phys_addr_t base, phys_addr_t size);

/* ---- Attributes ---- */

/**
 * mb_set_flags / mb_clear_flags - set or clear @flags on the parts of
 * @type inside [base, base + size), splitting regions at the edges and
 * merging afterwards.  Errors as for mb_remove.
 */
int mb_set_flags(struct memblock *mb, struct memblock_type *type,
		 phys_addr_t base, phys_addr_t size, enum memblock_flags flags);
int mb_clear_flags(struct memblock *mb, struct memblock_type *type,
		   phys_addr_t base, phys_addr_t size,
		   enum memblock_flags flags);
/**
 * mb_mark_mirror - mark memory MEMBLOCK_MIRROR and from then on prefer
 * mirrored memory for allocations (Linux does this only with
 * kernelcore=mirror; an instance that calls this has asked for it).
 */
int mb_mark_mirror(struct memblock *mb, phys_addr_t base, phys_addr_t size);
/**
 * mb_set_node - assign @nid to the parts of @type inside the range.
 * Errors as for mb_remove, and -MB_EINVAL for @nid outside
 * [NUMA_NO_NODE, MAX_NUMNODES].
 */
int mb_set_node(struct memblock *mb, struct memblock_type *type,
		phys_addr_t base, phys_addr_t size, int nid);

/* ---- Queries (never change state) ---- */

phys_addr_t mb_phys_mem_size(const struct memblock *mb);
phys_addr_t mb_reserved_size(const struct memblock *mb);
/** mb_start_of_DRAM - base of the lowest memory region, 0 when empty. */
phys_addr_t mb_start_of_DRAM(const struct memblock *mb);
/** mb_end_of_DRAM - end of the highest memory region, 0 when empty. */
phys_addr_t mb_end_of_DRAM(const struct memblock *mb);
/** mb_search - index of the region of @type holding @addr, or -1. */
long mb_search(const struct memblock_type *type, phys_addr_t addr);
bool mb_is_memory(const struct memblock *mb, phys_addr_t addr);
/** mb_is_map_memory - @addr is memory and not MEMBLOCK_NOMAP. */
bool mb_is_map_memory(const struct memblock *mb, phys_addr_t addr);
/** mb_is_region_memory - the range lies inside one memory region. */
bool mb_is_region_memory(const struct memblock *mb, phys_addr_t base,
			 phys_addr_t size);
bool mb_is_reserved(const struct memblock *mb, phys_addr_t addr);
/** mb_is_region_reserved - the range overlaps a reserved region. */
bool mb_is_region_reserved(const struct memblock *mb, phys_addr_t base,
			   phys_addr_t size);
/**
 * mb_overlaps_region - does [base, base + size) overlap a region of @type?
 * Same test as Linux (base < r_end && r_base < base + size), so a zero
 * size counts when @base lies strictly inside a region.
 */
bool mb_overlaps_region(const struct memblock_type *type, phys_addr_t base,
			phys_addr_t size);
/**
 * mb_search_pfn_nid - node of the memory region holding page @pfn.
 * Return: its nid with *@start_pfn and *@end_pfn set, or NUMA_NO_NODE.
 */
int mb_search_pfn_nid(const struct memblock *mb, unsigned long pfn,
		      unsigned long *start_pfn, unsigned long *end_pfn);

/* ---- Iteration ---- */

/**
 * mb_next_range - step through @type_a, minus @type_b when non-NULL.
 * @idx: cursor; start at 0, iteration is over when it reads UINT64_MAX
 * @nid: only regions on this node, or NUMA_NO_NODE for all
 * @flags: regions of @mb->memory are skipped unless they match: NOMAP,
 *         DRIVER_MANAGED and (with movable node) HOTPLUG memory only when
 *         asked for; MIRROR and KHO_SCRATCH demand those flags
 * @out_start, @out_end, @out_nid: the range found; each may be NULL
 */
void mb_next_range(const struct memblock *mb, uint64_t *idx, int nid,
		   enum memblock_flags flags,
		   const struct memblock_type *type_a,
		   const struct memblock_type *type_b, phys_addr_t *out_start,
		   phys_addr_t *out_end, int *out_nid);
/** mb_next_range_rev - as mb_next_range, from the top; start at UINT64_MAX. */
void mb_next_range_rev(const struct memblock *mb, uint64_t *idx, int nid,
		       enum memblock_flags flags,
		       const struct memblock_type *type_a,
		       const struct memblock_type *type_b,
		       phys_addr_t *out_start, phys_addr_t *out_end,
		       int *out_nid);

/**
 * mb_next_range_quick - mb_next_range's usual step, inline: the region
 * under the cursor has no flags and no node or MIRROR/KHO_SCRATCH filter
 * is asked for (so no filter can reject it), and the gap of @type_b under
 * the cursor overlaps it.  Then it writes that range and advances @idx as
 * mb_next_range would; otherwise it changes nothing.  A walk calls it
 * first and mb_next_range() when it returns false, which saves a call per
 * range on long walks of free memory.
 * Return: true if it took the step.
 */
static inline bool mb_next_range_quick(uint64_t *idx, int nid,
				       enum memblock_flags flags,
				       const struct memblock_type *type_a,
				       const struct memblock_type *type_b,
				       phys_addr_t *out_start,
				       phys_addr_t *out_end, int *out_nid)
{
	uint64_t ia = (uint32_t)*idx, ib = *idx >> 32;
	const struct memblock_region *m, *g;
	phys_addr_t ms, me, gs, ge;

	/* Gap ib must have a region on each side. */
	if (!type_b || ia >= type_a->cnt || !ib || ib >= type_b->cnt ||
	    (nid >= 0 && nid < MAX_NUMNODES) ||
	    (flags & (MEMBLOCK_MIRROR | MEMBLOCK_KHO_SCRATCH)))
		return false;
	m = &type_a->regions[ia];
	g = &type_b->regions[ib];
	ms = m->base;
	me = ms + m->size;
	gs = g[-1].base + g[-1].size;
	ge = g->base;
	if (m->flags || gs >= me || ms >= ge || gs >= ge)
		return false;
	if (out_start)
		*out_start = ms > gs ? ms : gs;
	if (out_end)
		*out_end = me < ge ? me : ge;
	if (out_nid)
		*out_nid = m->nid;
	/* Advance whichever ends first, as mb_next_range does. */
	*idx = me <= ge ? (ia + 1) | (ib << 32) : ia | ((ib + 1) << 32);
	return true;
}
/**
 * mb_next_pfn_range - next memory region with at least one whole page.
 * @idx: cursor; start at -1, over when it reads -1 again
 * @nid: node filter; NUMA_NO_NODE or MAX_NUMNODES for all
 */
void mb_next_pfn_range(const struct memblock *mb, int *idx, int nid,
		       unsigned long *out_start_pfn,
		       unsigned long *out_end_pfn, int *out_nid);

/* ---- Allocation ----
 *
 * Placement follows Linux: top-down from @end unless bottom_up is set;
 * free memory is memory minus reserved, skipping NOMAP, DRIVER_MANAGED
 * and (with movable node) HOTPLUG regions; never spanning two memory
 * regions that did not merge.  An allocation is reserved as
 * MEMBLOCK_RSRV_KERN with the node asked for (NUMA_NO_NODE after falling
 * back), so it merges only with allocations of the same kind.
 *
 * Unlike the Linux names, the instance API honours @start exactly (so
 * address 0 can be allocated when the caller allows it) and reports the
 * address separately from the status.
 */

/**
 * mb_alloc_range_nid - find and reserve @size bytes.
 * @size: bytes (> 0)
 * @align: power of two; 0 means MEMBLOCK_ENV_CACHE_BYTES (as Linux)
 * @start: lowest address the block may start at
 * @end: exclusive upper bound; MEMBLOCK_ALLOC_ACCESSIBLE means
 *       current_limit, MEMBLOCK_ALLOC_ANYWHERE means no bound
 * @nid: preferred node, or NUMA_NO_NODE (MAX_NUMNODES reads as that)
 * @exact_nid: do not fall back to other nodes
 * @out: the physical address, set only on success
 *
 * Mirrored memory is preferred once mb_mark_mirror() was used, with a
 * fallback to any memory.
 * Return: 0; -MB_EINVAL (size 0, alignment not a power of two, bad node);
 * -MB_ERANGE (bounds empty); -MB_ENOSPC (no free block that large in
 * bounds); -MB_EALIGN (large enough free memory, but not at @align);
 * -MB_ENOMEM (the reserved table is full and cannot grow).
 */
int mb_alloc_range_nid(struct memblock *mb, phys_addr_t size,
		       phys_addr_t align, phys_addr_t start, phys_addr_t end,
		       int nid, bool exact_nid, phys_addr_t *out);

/** mb_alloc_range - mb_alloc_range_nid() on any node. */
int mb_alloc_range(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t start, phys_addr_t end, phys_addr_t *out);

/**
 * mb_find_in_range_node - where mb_alloc_range_nid() would place a block
 * on exactly node @nid with @flags, without reserving it.
 * Return: as mb_alloc_range_nid() (no fallback, never -MB_ENOMEM).
 */
int mb_find_in_range_node(const struct memblock *mb, phys_addr_t size,
			  phys_addr_t align, phys_addr_t start,
			  phys_addr_t end, int nid, enum memblock_flags flags,
			  phys_addr_t *out);

/**
 * mb_alloc_virt - allocate and return a virtual address (Linux's
 * memblock_alloc_try_nid family).  @max_addr is capped at current_limit;
 * when nothing fits above @min_addr the search is repeated from 0.
 * @raw: leave the memory as it is instead of zeroing it
 * @out: the virtual address (MEMBLOCK_ENV_PHYS_TO_VIRT), set on success
 * Return: as mb_alloc_range_nid().
 */
int mb_alloc_virt(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		  phys_addr_t min_addr, phys_addr_t max_addr, int nid,
		  bool exact_nid, bool raw, void **out);

/* ---- Limits ---- */

/**
 * mb_enforce_memory_limit - keep the lowest @limit bytes of memory (the
 * mem= rule; NOMAP memory counts) and drop memory and reservations above.
 * A @limit of 0 or of at least the total memory changes nothing.
 * Return: 0 (it never needs to grow a table), -MB_ENOENT after mb_discard().
 */
int mb_enforce_memory_limit(struct memblock *mb, phys_addr_t limit);

/**
 * mb_cap_memory_range - keep only memory inside [base, base + size) (and
 * NOMAP memory anywhere) and reservations inside the range.
 * Return: 0, -MB_EINVAL for size 0 or when no memory is registered,
 * -MB_ENOENT after mb_discard().
 */
int mb_cap_memory_range(struct memblock *mb, phys_addr_t base,
			phys_addr_t size);

/**
 * mb_mem_limit_remove_map - mem= for architectures that keep the rest of
 * memory as NOMAP: caps memory at the address where @limit bytes end.
 * Return: as mb_enforce_memory_limit().
 */
int mb_mem_limit_remove_map(struct memblock *mb, phys_addr_t limit);

/**
 * mb_trim_memory - shrink memory regions to @align boundaries, dropping
 * those that vanish; total_size follows.
 * Return: 0, -MB_EINVAL when @align is not a power of two, -MB_ENOENT
 * after mb_discard().
 */
int mb_trim_memory(struct memblock *mb, phys_addr_t align);

/* ---- Hand-off to a page allocator ---- */

/**
 * struct mb_handoff - the consumer of memblock_free_all().
 * @free_block: receives 2^@order free pages at @base, naturally aligned
 * @reserved_range: optional; receives every range whose pages stay in use
 *                  (reserved regions and NOMAP memory), in address order
 * @max_order: largest order the consumer takes
 * @ctx: passed to both callbacks
 */
struct mb_handoff {
	void (*free_block)(void *ctx, phys_addr_t base, unsigned order);
	void (*reserved_range)(void *ctx, phys_addr_t base, phys_addr_t end,
			       enum memblock_flags flags, int nid);
	unsigned max_order;
	void *ctx;
};

/** struct mb_handoff_stats - what a hand-off released. */
struct mb_handoff_stats {
	uint64_t pages;     /* pages given to free_block */
	uint64_t blocks;    /* free_block calls */
	uint64_t reserved;  /* reserved_range calls */
};

/**
 * mb_free_all - give every whole free page to @h as the fewest naturally
 * aligned blocks no larger than 2^max_order pages, and report reserved
 * ranges.  Clears MEMBLOCK_HOTPLUG first, as Linux does.
 * @st: counts, may be NULL
 * Return: 0, -MB_EINVAL without free_block, -MB_ENOENT after mb_discard().
 */
int mb_free_all(struct memblock *mb, const struct mb_handoff *h,
		struct mb_handoff_stats *st);

/**
 * mb_free_late - give the whole pages of [base, base + size) to @h as the
 * fewest naturally aligned blocks (for memory freed after the hand-off).
 * Return: 0, or -MB_EINVAL without a consumer or for size 0.
 */
int mb_free_late(const struct mb_handoff *h, phys_addr_t base,
		 phys_addr_t size, struct mb_handoff_stats *st);

/**
 * mb_uncovered_size - bytes of whole pages of memory whose region has no
 * valid node (NUMA_NO_NODE or MAX_NUMNODES).
 */
phys_addr_t mb_uncovered_size(const struct memblock *mb);

/**
 * mb_discard - end of memblock's life: arrays it grew from its own memory
 * are handed to @h as free blocks, arrays from the embedder's allocator go
 * back to it, and the instance is left empty and refuses further changes.
 * @h: may be NULL when nothing was self-grown
 * @st: counts, may be NULL
 * Return: 0, -MB_EINVAL when a self-grown array needs @h, -MB_ENOENT when
 * already discarded.
 */
int mb_discard(struct memblock *mb, const struct mb_handoff *h,
	       struct mb_handoff_stats *st);

/* ---- Command line ---- */

/**
 * mb_parse_size - parse a size the way Linux's memparse() does: a number
 * in C notation (0x.., 0.., decimal) and an optional K, M, G, T, P or E.
 * @s: text; parsing stops at the first character that does not belong
 * @out: the value
 * @rest: set to the first unparsed character; may be NULL
 * Return: 0, -MB_EINVAL when no digits, -MB_ERANGE on overflow.
 */
int mb_parse_size(const char *s, uint64_t *out, const char **rest);

/** struct mb_cmdline - what mb_parse_cmdline() recognised. */
struct mb_cmdline {
	uint64_t mem_limit;      /* mem=, 0 if absent */
	bool debug;              /* memblock=debug */
	unsigned reserve_mem_cnt;
	struct {
		uint64_t size, align;
		char name[16];
	} reserve_mem[8];        /* reserve_mem=size:align:name */
	unsigned errors;         /* options present but malformed */
};

/**
 * mb_parse_cmdline - pick memblock's options out of a kernel command line.
 * Malformed values are counted in @out->errors and otherwise ignored.
 * Quotes work as in Linux's next_arg(): text inside them is part of its
 * word (so it is never an option of its own), and quotes around a whole
 * word or around a value are dropped; the word "--" ends the options.
 * Return: 0, or -MB_EINVAL when any option was malformed.
 */
int mb_parse_cmdline(const char *cmdline, struct mb_cmdline *out);

/* ---- Debugging ---- */

/** mb_dump - print the "MEMBLOCK configuration:" dump of @mb. */
void mb_dump(const struct memblock *mb);

/** struct mb_check_report - where mb_check() found a fault. */
struct mb_check_report {
	const char *type;    /* "memory", "reserved" or "physmem" */
	const char *what;    /* the broken rule */
	unsigned long index; /* the region it was found at */
};

/**
 * mb_check - verify the invariants of @mb: each type sorted, disjoint,
 * merged, within capacity, total_size equal to the sum of sizes, no region
 * empty or running past the top of the address space, an empty type with
 * regions[0] zeroed.
 * @rep: filled in on failure; may be NULL
 * Return: 0, or -MB_EINVAL when a rule is broken.
 */
int mb_check(const struct memblock *mb, struct mb_check_report *rep);

#ifdef __cplusplus
}
#endif

#endif /* LIBMEMBLOCK_H */
