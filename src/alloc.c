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

/* One placement attempt: find on rq->nid, then reserve with it. */
static int attempt(struct memblock *mb, const struct mb_req *rq,
		   phys_addr_t *out)
{
	phys_addr_t addr;
	unsigned long at;
	int err;

	/* Top-down leaves the index built, as below. */
	if (!mb->bottom_up)
		return mb_gaps_alloc_top_down(mb, rq, out);
	err = mb_find_free(mb, rq->size, rq->align, rq->start, rq->end,
			   rq->nid, rq->flags, &addr, &at);
	if (!err)
		err = mbi_reserve_at(mb, at, addr, rq->size, rq->nid,
				     MEMBLOCK_RSRV_KERN, rq->caller);
	if (err)
		return err;
	/* Allocations are what the index is for: have one from now on. */
	mb_gaps_ensure(mb);
	*out = addr;
	return 0;
}

int mbi_alloc(struct memblock *mb, const struct mb_req *rq, phys_addr_t *out)
{
	struct mb_req r = *rq;
	int err = prepare(mb, r.size, &r.align, r.start, &r.end, &r.nid);
	int res;

	if (err)
		return err;
	r.flags = mb_alloc_flags(mb);
	for (;;) {
		res = attempt(mb, &r, out);
		if (!res || res == -MB_ENOMEM)
			return res;
		if (r.nid != NUMA_NO_NODE && !r.exact_nid) {
			struct mb_req any = r;

			any.nid = NUMA_NO_NODE;
			err = attempt(mb, &any, out);
			if (!err || err == -MB_ENOMEM)
				return err;
			res = worse(res, err);
		}
		if (!(r.flags & MEMBLOCK_MIRROR))
			return res;
		r.flags = (enum memblock_flags)(r.flags & ~MEMBLOCK_MIRROR);
	}
}

int mb_alloc_range_nid(struct memblock *mb, phys_addr_t size,
		       phys_addr_t align, phys_addr_t start, phys_addr_t end,
		       int nid, bool exact_nid, phys_addr_t *out)
{
	struct mb_req rq = {.size = size, .align = align, .start = start,
			    .end = end, .nid = nid, .exact_nid = exact_nid,
			    .caller = MEMBLOCK_ENV_RET_IP()};

	return mbi_alloc(mb, &rq, out);
}

int mb_alloc_range(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t start, phys_addr_t end, phys_addr_t *out)
{
	struct mb_req rq = {.size = size, .align = align, .start = start,
			    .end = end, .nid = NUMA_NO_NODE,
			    .caller = MEMBLOCK_ENV_RET_IP()};

	return mbi_alloc(mb, &rq, out);
}

int mbi_alloc_virt(struct memblock *mb, phys_addr_t size, phys_addr_t align,
		   phys_addr_t min_addr, phys_addr_t floor,
		   phys_addr_t max_addr, int nid, bool exact_nid, bool raw,
		   const void *caller, void **out)
{
	struct mb_req rq = {.size = size, .align = align, .start = min_addr,
			    .end = max_addr, .nid = nid, .exact_nid = exact_nid,
			    .caller = caller};
	phys_addr_t addr;
	int err;

	if (rq.end > mb->current_limit)
		rq.end = mb->current_limit;
	err = mbi_alloc(mb, &rq, &addr);
	/* Linux retries without the lower bound before giving up. */
	if (err && err != -MB_EINVAL && err != -MB_ENOMEM && min_addr > floor) {
		rq.start = floor;
		err = mbi_alloc(mb, &rq, &addr);
	}
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
