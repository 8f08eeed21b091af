/* SPDX-License-Identifier: MIT */
/*
 * <linux/memblock.h> - Linux's memblock API over libmemblock's default
 * instance, so code written for Linux compiles unchanged (-Iinclude).
 *
 * Names, signatures and return conventions follow Linux 6.x.  Where Linux
 * WARNs or panics these return an error (int functions) or 0/NULL
 * (allocations) and carry on.  Zero-size add/remove/reserve/free calls are
 * a successful no-op here, as they are in Linux; the mb_* instance API
 * reports them as -MB_EINVAL instead.
 */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <limits.h>
#include <libmemblock.h>

#ifndef MEMBLOCK_HAVE_LINUX_TYPES
typedef uint64_t u64;
#endif

#ifndef PAGE_SHIFT
#define PAGE_SHIFT MEMBLOCK_ENV_PAGE_SHIFT
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE ((unsigned long)1 << PAGE_SHIFT)
#endif
#ifndef PFN_PHYS
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
#endif
#ifndef PFN_DOWN
#define PFN_DOWN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#endif
#ifndef PFN_UP
#define PFN_UP(x) (PFN_DOWN(x) + (((x) & (PAGE_SIZE - 1)) != 0))
#endif
#ifndef SMP_CACHE_BYTES
#define SMP_CACHE_BYTES MEMBLOCK_ENV_CACHE_BYTES
#endif
#ifndef ARCH_LOW_ADDRESS_LIMIT
#define ARCH_LOW_ADDRESS_LIMIT MEMBLOCK_ENV_LOW_ADDRESS_LIMIT
#endif
#ifndef __init_memblock
#define __init_memblock
#define __initdata_memblock
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** memblock - the default instance, over static arrays of INIT_* entries. */
extern struct memblock memblock;
/** memblock_debug - non-zero: trace calls in the memblock=debug format. */
extern int memblock_debug;
/** movable_node_enabled - allocations skip MEMBLOCK_HOTPLUG memory. */
extern bool movable_node_enabled;

/* ---- Changing the map (0 or -errno; zero size is a no-op) ---- */
int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      enum memblock_flags flags);
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_reserve_kern(phys_addr_t base, phys_addr_t size);
int memblock_physmem_add(phys_addr_t base, phys_addr_t size);
/** memblock_free - unreserve memory given by its virtual address. */
void memblock_free(void *ptr, size_t size);
void memblock_trim_memory(phys_addr_t align);
void memblock_allow_resize(void);

int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size);
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size);
int memblock_reserved_mark_kern(phys_addr_t base, phys_addr_t size);
int memblock_mark_kho_scratch(phys_addr_t base, phys_addr_t size);
int memblock_clear_kho_scratch(phys_addr_t base, phys_addr_t size);
void memblock_set_kho_scratch_only(void);
void memblock_clear_kho_scratch_only(void);
int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid);

/* ---- Queries ---- */
unsigned long memblock_addrs_overlap(phys_addr_t base1, phys_addr_t size1,
				     phys_addr_t base2, phys_addr_t size2);
bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size);
/**
 * memblock_validate_numa_coverage - is the memory without a valid node at
 * most @threshold_bytes?  Prints how much is uncovered when it is not.
 */
bool memblock_validate_numa_coverage(unsigned long threshold_bytes);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
unsigned long memblock_estimated_nr_free_pages(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_map_memory(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn,
			    unsigned long *end_pfn);
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);

static inline void memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

static inline bool memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

static inline bool movable_node_is_enabled(void)
{
	return movable_node_enabled;
}

/* ---- Allocation (0 / NULL on failure) ---- */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid);
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid);
/** memblock_find_in_range_node - where an allocation would go; 0 if none. */
phys_addr_t memblock_find_in_range_node(phys_addr_t size, phys_addr_t align,
					phys_addr_t start, phys_addr_t end,
					int nid, enum memblock_flags flags);
/** memblock_find_in_range - the same on any node, with mirror fallback. */
phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
				   phys_addr_t size, phys_addr_t align);
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
				   phys_addr_t min_addr, phys_addr_t max_addr,
				   int nid);
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid);
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid);

/**
 * __memblock_alloc_or_panic - memblock_alloc(), but a failure is reported.
 * Linux panics here; we print "@func: Failed to allocate N bytes" through
 * the seam and return NULL, so the caller decides.
 */
void *__memblock_alloc_or_panic(phys_addr_t size, phys_addr_t align,
				const char *func);
#define memblock_alloc_or_panic(size, align) \
	__memblock_alloc_or_panic(size, align, __func__)

static inline phys_addr_t memblock_phys_alloc(phys_addr_t size,
					      phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0,
					 MEMBLOCK_ALLOC_ACCESSIBLE);
}

static inline void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_alloc_raw(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid_raw(size, align, MEMBLOCK_LOW_LIMIT,
					  MEMBLOCK_ALLOC_ACCESSIBLE,
					  NUMA_NO_NODE);
}

static inline void *memblock_alloc_from(phys_addr_t size, phys_addr_t align,
					phys_addr_t min_addr)
{
	return memblock_alloc_try_nid(size, align, min_addr,
				      MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_alloc_low(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

static inline void *memblock_alloc_node(phys_addr_t size, phys_addr_t align,
					int nid)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT,
				      MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* ---- Limits ---- */
void memblock_enforce_memory_limit(phys_addr_t memory_limit);
void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size);
void memblock_mem_limit_remove_map(phys_addr_t limit);

/* ---- Hand-off ---- */
/**
 * memblock_set_handoff - name the page allocator memblock_free_all() and
 * memblock_discard() feed (Linux's is the buddy allocator; ours is yours).
 */
void memblock_set_handoff(const struct mb_handoff *h);
/** memblock_free_all - release free memory; returns nothing, as in Linux. */
void memblock_free_all(void);
void memblock_discard(void);
/**
 * memblock_free_late - after the hand-off, give the whole pages of a range
 * straight to the registered consumer (it is not unreserved: memblock's
 * tables are gone by then, as in Linux).
 */
void memblock_free_late(phys_addr_t base, phys_addr_t size);

/* ---- Debugging ---- */
void memblock_dump_all(void);   /* only with memblock_debug, as in Linux */
void __memblock_dump_all(void); /* always */

/* ---- Iteration ---- */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
		      struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start,
		      phys_addr_t *out_end, int *out_nid);
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start,
			  phys_addr_t *out_end, int *out_nid);
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid);
void __next_physmem_range(u64 *idx, struct memblock_type *type,
			  phys_addr_t *out_start, phys_addr_t *out_end);

/*
 * A forward walk's step: the usual case inline (mb_next_range_quick), the
 * rest in __next_mem_range.  Not Linux API; the macros below use it.
 */
static inline void __next_mem_range_step(u64 *idx, int nid,
					 enum memblock_flags flags,
					 struct memblock_type *type_a,
					 struct memblock_type *type_b,
					 phys_addr_t *out_start,
					 phys_addr_t *out_end, int *out_nid)
{
	uint64_t i = *idx; /* u64 may be another type of the same width */

	if (mb_next_range_quick(&i, nid, flags, type_a, type_b, out_start,
				out_end, out_nid))
		*idx = i;
	else
		__next_mem_range(idx, nid, flags, type_a, type_b, out_start,
				 out_end, out_nid);
}

#define __for_each_mem_range(i, type_a, type_b, nid, flags, p_start, p_end, \
			     p_nid)                                         \
	for (i = 0, __next_mem_range_step(&i, nid, flags, type_a, type_b,   \
					  p_start, p_end, p_nid);           \
	     i != (u64)ULLONG_MAX;                                          \
	     __next_mem_range_step(&i, nid, flags, type_a, type_b, p_start, \
				   p_end, p_nid))

#define __for_each_mem_range_rev(i, type_a, type_b, nid, flags, p_start,    \
				 p_end, p_nid)                              \
	for (i = (u64)ULLONG_MAX,                                           \
	    __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start,   \
				 p_end, p_nid);                             \
	     i != (u64)ULLONG_MAX;                                          \
	     __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start,  \
				  p_end, p_nid))

/* Memory without hotplug or driver-managed regions. */
#define for_each_mem_range(i, p_start, p_end)                              \
	__for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE,       \
			     MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED,    \
			     p_start, p_end, NULL)

#define for_each_mem_range_rev(i, p_start, p_end)                          \
	__for_each_mem_range_rev(i, &memblock.memory, NULL, NUMA_NO_NODE,   \
				 MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED, \
				 p_start, p_end, NULL)

#define for_each_reserved_mem_range(i, p_start, p_end)                     \
	__for_each_mem_range(i, &memblock.reserved, NULL, NUMA_NO_NODE,     \
			     MEMBLOCK_NONE, p_start, p_end, NULL)

#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid)      \
	__for_each_mem_range(i, &memblock.memory, &memblock.reserved, nid,  \
			     flags, p_start, p_end, p_nid)

#define for_each_free_mem_range_reverse(i, nid, flags, p_start, p_end,     \
					p_nid)                              \
	__for_each_mem_range_rev(i, &memblock.memory, &memblock.reserved,   \
				 nid, flags, p_start, p_end, p_nid)

#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid)              \
	for (i = -1, __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid);  \
	     i >= 0; __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid))

#define for_each_physmem_range(i, type, p_start, p_end)                    \
	for (i = 0, __next_physmem_range(&i, type, p_start, p_end);         \
	     i != (u64)ULLONG_MAX;                                          \
	     __next_physmem_range(&i, type, p_start, p_end))

#define for_each_mem_region(region)                                        \
	for (region = memblock.memory.regions;                              \
	     region < (memblock.memory.regions + memblock.memory.cnt);      \
	     region++)

#define for_each_reserved_mem_region(region)                               \
	for (region = memblock.reserved.regions;                            \
	     region < (memblock.reserved.regions + memblock.reserved.cnt);  \
	     region++)

/* ---- Region helpers ---- */
static inline bool memblock_is_hotpluggable(struct memblock_region *m)
{
	return m->flags & MEMBLOCK_HOTPLUG;
}

static inline bool memblock_is_mirror(struct memblock_region *m)
{
	return m->flags & MEMBLOCK_MIRROR;
}

static inline bool memblock_is_nomap(struct memblock_region *m)
{
	return m->flags & MEMBLOCK_NOMAP;
}

static inline bool memblock_is_reserved_noinit(struct memblock_region *m)
{
	return m->flags & MEMBLOCK_RSRV_NOINIT;
}

static inline bool memblock_is_driver_managed(struct memblock_region *m)
{
	return m->flags & MEMBLOCK_DRIVER_MANAGED;
}

static inline bool memblock_is_kho_scratch(struct memblock_region *m)
{
	return m->flags & MEMBLOCK_KHO_SCRATCH;
}

static inline void memblock_set_region_node(struct memblock_region *r,
					    int nid)
{
	r->nid = nid;
}

static inline int memblock_get_region_node(const struct memblock_region *r)
{
	return r->nid;
}

static inline unsigned long
memblock_region_memory_base_pfn(const struct memblock_region *reg)
{
	return PFN_UP(reg->base);
}

static inline unsigned long
memblock_region_memory_end_pfn(const struct memblock_region *reg)
{
	return PFN_DOWN(reg->base + reg->size);
}

static inline unsigned long
memblock_region_reserved_base_pfn(const struct memblock_region *reg)
{
	return PFN_DOWN(reg->base);
}

static inline unsigned long
memblock_region_reserved_end_pfn(const struct memblock_region *reg)
{
	return PFN_UP(reg->base + reg->size);
}

#ifdef __cplusplus
}
#endif

#endif /* _LINUX_MEMBLOCK_H */
