// SPDX-License-Identifier: MIT
/*
 * linux.c - the default instance and Linux's function names over it.
 *
 * Each function here is a thin wrapper: it passes its caller's address for
 * memblock=debug traces and turns the instance API's status into the
 * return convention Linux uses.
 */
#include <linux/memblock.h>

#include "iter_next.h"

static struct memblock_region
	memory_init_regions[INIT_MEMBLOCK_MEMORY_REGIONS];
static struct memblock_region
	reserved_init_regions[INIT_MEMBLOCK_RESERVED_REGIONS];
static struct memblock_region physmem_init_regions[INIT_PHYSMEM_REGIONS];

struct memblock memblock = {
	.bottom_up = false,
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
	.memory = { .regions = memory_init_regions,
		    .max = INIT_MEMBLOCK_MEMORY_REGIONS,
		    .name = (char *)"memory" },
	.reserved = { .regions = reserved_init_regions,
		      .max = INIT_MEMBLOCK_RESERVED_REGIONS,
		      .name = (char *)"reserved" },
	.physmem = { .regions = physmem_init_regions,
		     .max = INIT_PHYSMEM_REGIONS,
		     .name = (char *)"physmem" },
	.priv = { .initial = { memory_init_regions, reserved_init_regions,
			       physmem_init_regions },
		  .initial_max = { INIT_MEMBLOCK_MEMORY_REGIONS,
				   INIT_MEMBLOCK_RESERVED_REGIONS,
				   INIT_PHYSMEM_REGIONS },
		  .buf = { memory_init_regions, reserved_init_regions,
			   physmem_init_regions },
		  .cap = { INIT_MEMBLOCK_MEMORY_REGIONS,
			   INIT_MEMBLOCK_RESERVED_REGIONS,
			   INIT_PHYSMEM_REGIONS } },
};

int memblock_debug;
bool movable_node_enabled;

static const struct mb_handoff *handoff;

/* The default instance, with the Linux-style global switches applied. */
static struct memblock *def(void)
{
	memblock.priv.debug = memblock_debug;
	memblock.priv.movable_node = movable_node_enabled;
	return &memblock;
}

/* Linux treats a zero size as nothing to do. */
static int zero_ok(int err, phys_addr_t size)
{
	return (!size && err == -MB_EINVAL) ? 0 : err;
}

#define RET_IP MEMBLOCK_ENV_RET_IP()

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid,
		      enum memblock_flags flags)
{
	return zero_ok(mbi_add_node(def(), base, size, nid, flags, RET_IP),
		       size);
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mbi_add(def(), base, size, RET_IP), size);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mbi_remove(def(), base, size, RET_IP), size);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mbi_free(def(), base, size, RET_IP), size);
}

void memblock_free(void *ptr, size_t size)
{
	if (ptr)
		(void)mbi_free(def(), MEMBLOCK_ENV_VIRT_TO_PHYS(ptr), size,
			       RET_IP);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mbi_reserve(def(), base, size, NUMA_NO_NODE,
				   MEMBLOCK_NONE, RET_IP),
		       size);
}

int memblock_reserve_kern(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mbi_reserve(def(), base, size, NUMA_NO_NODE,
				   MEMBLOCK_RSRV_KERN, RET_IP),
		       size);
}

int memblock_physmem_add(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mbi_physmem_add(def(), base, size, RET_IP), size);
}

void memblock_trim_memory(phys_addr_t align)
{
	(void)mb_trim_memory(def(), align);
}

void memblock_allow_resize(void)
{
	mb_allow_resize(&memblock);
}

/* ---- flags and nodes ---- */

static int setclr(struct memblock_type *t, phys_addr_t base, phys_addr_t size,
		  enum memblock_flags f, bool set)
{
	struct memblock *mb = def();
	int err = set ? mb_set_flags(mb, t, base, size, f)
		      : mb_clear_flags(mb, t, base, size, f);

	return zero_ok(err, size);
}

int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.memory, base, size, MEMBLOCK_HOTPLUG, true);
}

int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.memory, base, size, MEMBLOCK_HOTPLUG, false);
}

int memblock_mark_mirror(phys_addr_t base, phys_addr_t size)
{
	return zero_ok(mb_mark_mirror(def(), base, size), size);
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.memory, base, size, MEMBLOCK_NOMAP, true);
}

int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.memory, base, size, MEMBLOCK_NOMAP, false);
}

int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.reserved, base, size, MEMBLOCK_RSRV_NOINIT,
		      true);
}

int memblock_reserved_mark_kern(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.reserved, base, size, MEMBLOCK_RSRV_KERN,
		      true);
}

int memblock_mark_kho_scratch(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.memory, base, size, MEMBLOCK_KHO_SCRATCH,
		      true);
}

int memblock_clear_kho_scratch(phys_addr_t base, phys_addr_t size)
{
	return setclr(&memblock.memory, base, size, MEMBLOCK_KHO_SCRATCH,
		      false);
}

void memblock_set_kho_scratch_only(void)
{
	mb_set_kho_scratch_only(&memblock, true);
}

void memblock_clear_kho_scratch_only(void)
{
	mb_set_kho_scratch_only(&memblock, false);
}

int memblock_set_node(phys_addr_t base, phys_addr_t size,
		      struct memblock_type *type, int nid)
{
	return zero_ok(mb_set_node(def(), type, base, size, nid), size);
}

/* ---- queries ---- */

unsigned long memblock_addrs_overlap(phys_addr_t base1, phys_addr_t size1,
				     phys_addr_t base2, phys_addr_t size2)
{
	return (base1 < base2 + size2) && (base2 < base1 + size1);
}

bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size)
{
	return mb_overlaps_region(type, base, size);
}

bool memblock_validate_numa_coverage(unsigned long threshold_bytes)
{
	phys_addr_t lost = mb_uncovered_size(&memblock);
	struct mb_line l;

	if (lost <= threshold_bytes)
		return true;
	l.len = 0;
	mb_line_str(&l, "NUMA: no nodes coverage for ");
	mb_line_udec(&l, lost >> 20);
	mb_line_str(&l, "MB of ");
	mb_line_udec(&l, memblock.memory.total_size >> 20);
	mb_line_str(&l, "MB RAM");
	mb_line_emit(&l);
	return false;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return mb_phys_mem_size(&memblock);
}

phys_addr_t memblock_reserved_size(void)
{
	return mb_reserved_size(&memblock);
}

unsigned long memblock_estimated_nr_free_pages(void)
{
	phys_addr_t m = memblock.memory.total_size;
	phys_addr_t r = memblock.reserved.total_size;

	return PFN_DOWN(m > r ? m - r : 0);
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return mb_start_of_DRAM(&memblock);
}

phys_addr_t memblock_end_of_DRAM(void)
{
	return mb_end_of_DRAM(&memblock);
}

bool memblock_is_memory(phys_addr_t addr)
{
	return mb_is_memory(&memblock, addr);
}

bool memblock_is_map_memory(phys_addr_t addr)
{
	return mb_is_map_memory(&memblock, addr);
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	return mb_is_region_memory(&memblock, base, size);
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return mb_is_reserved(&memblock, addr);
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return mb_is_region_reserved(&memblock, base, size);
}

int memblock_search_pfn_nid(unsigned long pfn, unsigned long *start_pfn,
			    unsigned long *end_pfn)
{
	return mb_search_pfn_nid(&memblock, pfn, start_pfn, end_pfn);
}

void memblock_set_current_limit(phys_addr_t limit)
{
	mb_set_current_limit(&memblock, limit);
}

phys_addr_t memblock_get_current_limit(void)
{
	return memblock.current_limit;
}

/* ---- allocation ---- */

static void trace_alloc(const char *fn, phys_addr_t size, phys_addr_t align,
			const int *nid, phys_addr_t from, phys_addr_t max,
			const void *caller)
{
	struct mb_line l;

	if (!memblock.priv.debug)
		return;
	l.len = 0;
	mb_line_str(&l, fn);
	mb_line_str(&l, ": ");
	mb_line_udec(&l, size);
	mb_line_str(&l, " bytes align=");
	mb_line_hex(&l, align, 0);
	if (nid) {
		mb_line_str(&l, " nid=");
		mb_line_dec(&l, *nid);
	}
	mb_line_str(&l, " from=");
	mb_line_phys(&l, from);
	mb_line_str(&l, " max_addr=");
	mb_line_phys(&l, max);
	mb_line_str(&l, " ");
	mb_line_caller(&l, caller);
	mb_line_emit(&l);
}

/* Linux never hands out the first page. */
static phys_addr_t above_first_page(phys_addr_t start)
{
	return start < MB_PAGE_SIZE ? MB_PAGE_SIZE : start;
}

static phys_addr_t alloc_phys(phys_addr_t size, phys_addr_t align,
			      phys_addr_t start, phys_addr_t end, int nid,
			      bool exact, const void *caller)
{
	struct mb_req rq = {.size = size, .align = align,
			    .start = above_first_page(start), .end = end,
			    .nid = nid, .exact_nid = exact, .caller = caller};
	phys_addr_t addr;

	if (mbi_alloc(def(), &rq, &addr))
		return 0;
	return addr;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	trace_alloc("memblock_phys_alloc_range", size, align, NULL, start, end,
		    RET_IP);
	return alloc_phys(size, align, start, end, NUMA_NO_NODE, false,
			  RET_IP);
}

phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align,
				     phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid)
{
	return alloc_phys(size, align, start, end, nid, exact_nid, RET_IP);
}

phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align,
					int nid)
{
	return alloc_phys(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid,
			  false, RET_IP);
}

phys_addr_t memblock_find_in_range_node(phys_addr_t size, phys_addr_t align,
					phys_addr_t start, phys_addr_t end,
					int nid, enum memblock_flags flags)
{
	phys_addr_t addr;

	if (mb_find_in_range_node(def(), size, align, above_first_page(start),
				  end, nid, flags, &addr))
		return 0;
	return addr;
}

phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end,
				   phys_addr_t size, phys_addr_t align)
{
	enum memblock_flags flags = mb_alloc_flags(&memblock);
	phys_addr_t addr;

	addr = memblock_find_in_range_node(size, align, start, end,
					   NUMA_NO_NODE, flags);
	if (!addr && (flags & MEMBLOCK_MIRROR))
		addr = memblock_find_in_range_node(
			size, align, start, end, NUMA_NO_NODE,
			(enum memblock_flags)(flags & ~MEMBLOCK_MIRROR));
	return addr;
}

static void *alloc_virt(const char *fn, phys_addr_t size, phys_addr_t align,
			phys_addr_t min_addr, phys_addr_t max_addr, int nid,
			bool exact, bool raw, const void *caller)
{
	void *p;

	trace_alloc(fn, size, align, &nid, min_addr, max_addr, caller);
	if (mbi_alloc_virt(def(), size, align, above_first_page(min_addr),
			   MB_PAGE_SIZE, max_addr, nid, exact, raw, caller, &p))
		return NULL;
	return p;
}

void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align,
				   phys_addr_t min_addr, phys_addr_t max_addr,
				   int nid)
{
	return alloc_virt("memblock_alloc_exact_nid_raw", size, align,
			  min_addr, max_addr, nid, true, true, RET_IP);
}

void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align,
				 phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	return alloc_virt("memblock_alloc_try_nid_raw", size, align, min_addr,
			  max_addr, nid, false, true, RET_IP);
}

void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align,
			     phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid)
{
	return alloc_virt("memblock_alloc_try_nid", size, align, min_addr,
			  max_addr, nid, false, false, RET_IP);
}

void *__memblock_alloc_or_panic(phys_addr_t size, phys_addr_t align,
				const char *func)
{
	void *p = alloc_virt("memblock_alloc_try_nid", size, align,
			     MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE,
			     NUMA_NO_NODE, false, false, RET_IP);
	struct mb_line l;

	if (p)
		return p;
	/* Linux panics; report it and let the caller decide. */
	l.len = 0;
	mb_line_str(&l, func ? func : "memblock_alloc_or_panic");
	mb_line_str(&l, ": Failed to allocate ");
	mb_line_udec(&l, size);
	mb_line_str(&l, " bytes");
	mb_line_emit(&l);
	return NULL;
}

/* ---- limits ---- */

void memblock_enforce_memory_limit(phys_addr_t memory_limit)
{
	(void)mb_enforce_memory_limit(def(), memory_limit);
}

void memblock_cap_memory_range(phys_addr_t base, phys_addr_t size)
{
	(void)mb_cap_memory_range(def(), base, size);
}

void memblock_mem_limit_remove_map(phys_addr_t limit)
{
	(void)mb_mem_limit_remove_map(def(), limit);
}

/* ---- hand-off ---- */

void memblock_set_handoff(const struct mb_handoff *h)
{
	handoff = h;
}

void memblock_free_all(void)
{
	(void)mb_free_all(def(), handoff, NULL);
}

void memblock_discard(void)
{
	(void)mb_discard(def(), handoff, NULL);
}

void memblock_free_late(phys_addr_t base, phys_addr_t size)
{
	(void)mb_free_late(handoff, base, size, NULL);
}

/* ---- debugging and iteration ---- */

void __memblock_dump_all(void)
{
	mb_dump(&memblock);
}

void memblock_dump_all(void)
{
	if (memblock_debug)
		mb_dump(&memblock);
}

/* Iteration needs only the movable-node switch; skip the stores of def(). */
static struct memblock *def_for_iteration(void)
{
	if (memblock.priv.movable_node != movable_node_enabled)
		memblock.priv.movable_node = movable_node_enabled;
	return &memblock;
}

void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags,
		      struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start,
		      phys_addr_t *out_end, int *out_nid)
{
	uint64_t i = *idx; /* u64 may be another type of the same width */

	next_range(def_for_iteration(), &i, nid, flags, type_a, type_b,
		   out_start, out_end, out_nid);
	*idx = i;
}

void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags,
			  struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start,
			  phys_addr_t *out_end, int *out_nid)
{
	uint64_t i = *idx;

	mb_next_range_rev(def_for_iteration(), &i, nid, flags, type_a, type_b,
			  out_start, out_end, out_nid);
	*idx = i;
}

void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn,
			  unsigned long *out_end_pfn, int *out_nid)
{
	mb_next_pfn_range(&memblock, idx, nid, out_start_pfn, out_end_pfn,
			  out_nid);
}

void __next_physmem_range(u64 *idx, struct memblock_type *type,
			  phys_addr_t *out_start, phys_addr_t *out_end)
{
	uint64_t i = *idx;

	mb_next_range(&memblock, &i, NUMA_NO_NODE, MEMBLOCK_NONE,
		      &memblock.physmem, type, out_start, out_end, NULL);
	*idx = i;
}
