// SPDX-License-Identifier: MIT
/*
 * alloc.c - early allocations: find a block, reserve it, fall back.
 */
#include "internal.h"

/* Check arguments and resolve the bounds; shared by find and alloc. */
static int prepare(const struct memblock *mb, phys_addr_t size,
		   phys_addr_t *align, phys_addr_t start, phys_addr_t *end,
		   int *nid)
{
	if (!size)
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	if (!*align)
		*align = MEMBLOCK_ENV_CACHE_BYTES;
	if (!mb_is_pow2(*align))
		return -MB_EINVAL;
	if (*nid == MAX_NUMNODES)
		*nid = NUMA_NO_NODE;
	if (*nid < NUMA_NO_NODE || *nid >= MAX_NUMNODES)
		return -MB_EINVAL;
	if (*end == MEMBLOCK_ALLOC_ACCESSIBLE ||
	    *end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		*end = mb->current_limit;
	if (start >= *end)
		return -MB_ERANGE;
	return 0;
}

/* Prefer the more telling failure: "misaligned" beats "no room". */
static int worse(int a, int b)
{
	return (a == -MB_EALIGN || b == -MB_EALIGN) ? -MB_EALIGN : b;
}

int mb_find_in_range_node(const struct memblock *mb, phys_addr_t size,
			  phys_addr_t align, phys_addr_t start,
			  phys_addr_t end, int nid, enum memblock_flags flags,
			  phys_addr_t *out)
{
	int err = prepare(mb, size, &align, start, &end, &nid);

	if (err)
		return err;
	return mb_find_free(mb, size, align, start, end, nid, flags, out,
			    NULL);
}

/* One placement attempt: find on @nid, then reserve with @nid. */
static int attempt(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t start, phys_addr_t end, int nid,
		   enum memblock_flags flags, const void *caller,
		   phys_addr_t *out)
{
	phys_addr_t addr;
	unsigned long at;
	int err;

	if (!mb->bottom_up) {
		/* Leaves the index built, as below. */
		err = mb_gaps_alloc_top_down(mb, size, align, start, end, nid,
					     flags, caller, &addr);
	} else {
		err = mb_find_free(mb, size, align, start, end, nid, flags,
				   &addr, &at);
		if (!err)
			err = mbi_reserve_at(mb, at, addr, size, nid,
					     MEMBLOCK_RSRV_KERN, caller);
		/* Allocations are what the index is for: have one from now on. */
		if (!err)
			mb_gaps_ensure(mb);
	}
	if (err)
		return err;
	*out = addr;
	return 0;
}

int mbi_alloc(struct memblock *mb, phys_addr_t size, phys_addr_t align,
	      phys_addr_t start, phys_addr_t end, int nid, bool exact_nid,
	      const void *caller, phys_addr_t *out)
{
	enum memblock_flags flags = mb_alloc_flags(mb);
	int err = prepare(mb, size, &align, start, &end, &nid);
	int res;

	if (err)
		return err;
	for (;;) {
		res = attempt(mb, size, align, start, end, nid, flags, caller,
			      out);
		if (!res || res == -MB_ENOMEM)
			return res;
		if (nid != NUMA_NO_NODE && !exact_nid) {
			err = attempt(mb, size, align, start, end,
				      NUMA_NO_NODE, flags, caller, out);
			if (!err || err == -MB_ENOMEM)
				return err;
			res = worse(res, err);
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return res;
		flags = (enum memblock_flags)(flags & ~MEMBLOCK_MIRROR);
	}
}

int mb_alloc_range_nid(struct memblock *mb, phys_addr_t size,
		       phys_addr_t align, phys_addr_t start, phys_addr_t end,
		       int nid, bool exact_nid, phys_addr_t *out)
{
	return mbi_alloc(mb, size, align, start, end, nid, exact_nid,
			 MEMBLOCK_ENV_RET_IP(), out);
}

int mb_alloc_range(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t start, phys_addr_t end, phys_addr_t *out)
{
	return mbi_alloc(mb, size, align, start, end, NUMA_NO_NODE, false,
			 MEMBLOCK_ENV_RET_IP(), out);
}

int mbi_alloc_virt(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t min_addr, phys_addr_t floor,
		   phys_addr_t max_addr, int nid, bool exact_nid, bool raw,
		   const void *caller, void **out)
{
	phys_addr_t addr;
	int err;

	if (max_addr > mb->current_limit)
		max_addr = mb->current_limit;
	err = mbi_alloc(mb, size, align, min_addr, max_addr, nid, exact_nid,
			caller, &addr);
	/* Linux retries without the lower bound before giving up. */
	if (err && err != -MB_EINVAL && err != -MB_ENOMEM && min_addr > floor)
		err = mbi_alloc(mb, size, align, floor, max_addr, nid,
				exact_nid, caller, &addr);
	if (err)
		return err;
	*out = MEMBLOCK_ENV_PHYS_TO_VIRT(addr);
	if (!raw)
		MEMBLOCK_ENV_MEMSET(*out, 0, (size_t)size);
	return 0;
}

int mb_alloc_virt(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		  phys_addr_t min_addr, phys_addr_t max_addr, int nid,
		  bool exact_nid, bool raw, void **out)
{
	return mbi_alloc_virt(mb, size, align, min_addr, 0, max_addr, nid,
			      exact_nid, raw, MEMBLOCK_ENV_RET_IP(), out);
}
