// SPDX-License-Identifier: MIT
/*
 * model.c - the reference model (see model.h for the idea).
 *
 * Written for clarity, not speed: every operation is a walk over the
 * elementary intervals.  Only include/libmemblock.h is used, for the
 * types, constants and error codes.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#define KNOWN_FLAGS 0xffu

static phys_addr_t iv_end(const struct model *m, unsigned i)
{
	return i + 1 < m->n ? m->start[i + 1] : PHYS_ADDR_MAX;
}

static bool cell_eq(const struct mcell *a, const struct mcell *b)
{
	if (a->in != b->in)
		return false;
	return !a->in || (a->flags == b->flags && a->nid == b->nid);
}

/* Index of the interval starting at @a, cutting one in two if needed. */
static unsigned cut(struct model *m, phys_addr_t a)
{
	unsigned i;

	if (a == PHYS_ADDR_MAX)
		return m->n;
	for (i = m->n - 1; m->start[i] > a; i--)
		;
	if (m->start[i] == a)
		return i;
	if (m->n == MODEL_MAX_CUTS)
		abort(); /* the driver never names this many addresses */
	memmove(&m->start[i + 2], &m->start[i + 1],
		(m->n - i - 1) * sizeof(m->start[0]));
	memmove(&m->cell[i + 2], &m->cell[i + 1],
		(m->n - i - 1) * sizeof(m->cell[0]));
	m->start[i + 1] = a;
	memcpy(&m->cell[i + 1], &m->cell[i], sizeof(m->cell[0]));
	m->n++;
	return i + 1;
}

/* Drop cuts that separate nothing, so the model stays small. */
static void tidy(struct model *m)
{
	unsigned i, w = 0;

	for (i = 1; i < m->n; i++) {
		bool same = true;
		int t;

		for (t = 0; t < MT_COUNT; t++)
			same = same && cell_eq(&m->cell[w][t], &m->cell[i][t]);
		if (same)
			continue;
		w++;
		m->start[w] = m->start[i];
		memcpy(&m->cell[w], &m->cell[i], sizeof(m->cell[0]));
	}
	m->n = w + 1;
}

void model_init(struct model *m, unsigned long mem_max, unsigned long rsv_max,
		unsigned long phys_max, bool grow)
{
	memset(m, 0, sizeof(*m));
	m->n = 1;
	m->max[MT_MEM] = mem_max;
	m->max[MT_RSV] = rsv_max;
	m->max[MT_PHYS] = phys_max;
	m->grow = grow;
	m->limit = MEMBLOCK_ALLOC_ANYWHERE;
}

unsigned long model_regions(const struct model *m, int t, struct mregion *out,
			    unsigned long cap)
{
	unsigned long cnt = 0;
	unsigned i;

	for (i = 0; i < m->n; i++) {
		const struct mcell *c = &m->cell[i][t];

		if (!c->in)
			continue;
		if (i && cell_eq(&m->cell[i - 1][t], c)) {
			if (cnt <= cap)
				out[cnt - 1].size += iv_end(m, i) - m->start[i];
			continue;
		}
		if (cnt < cap) {
			out[cnt].base = m->start[i];
			out[cnt].size = iv_end(m, i) - m->start[i];
			out[cnt].flags = c->flags;
			out[cnt].nid = c->nid;
		}
		cnt++;
	}
	return cnt;
}

unsigned long model_cnt(const struct model *m, int t)
{
	return model_regions(m, t, NULL, 0);
}

phys_addr_t model_total(const struct model *m, int t)
{
	phys_addr_t sum = 0;
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (m->cell[i][t].in)
			sum += iv_end(m, i) - m->start[i];
	return sum;
}

const struct mcell *model_at(const struct model *m, int t, phys_addr_t addr)
{
	static const struct mcell none;
	unsigned i;

	if (addr == PHYS_ADDR_MAX)
		return &none; /* the last byte is never covered */
	for (i = m->n - 1; m->start[i] > addr; i--)
		;
	return &m->cell[i][t];
}

/* The intervals [*lo, *hi) covering [base, base + size), size capped. */
static bool span(struct model *m, phys_addr_t base, phys_addr_t size,
		 unsigned *lo, unsigned *hi)
{
	if (size > PHYS_ADDR_MAX - base)
		size = PHYS_ADDR_MAX - base;
	if (!size)
		return false;
	*lo = cut(m, base);
	*hi = cut(m, base + size);
	return true;
}

/*
 * Linux's growth rule: a full table doubles (from 2 when it had no
 * capacity at all) until @need more regions fit; without an allocator it
 * cannot, and the call fails.
 */
static int room(struct model *m, int t, unsigned long need)
{
	unsigned long cnt = model_cnt(m, t), nmax;

	if (cnt + need <= m->max[t])
		return 0;
	if (!m->grow)
		return -MB_ENOMEM;
	nmax = m->max[t] ? m->max[t] : INIT_PHYSMEM_REGIONS / 2;
	do
		nmax *= 2;
	while (nmax < cnt + need);
	m->max[t] = nmax;
	return 0;
}

static bool nid_ok(int nid)
{
	return nid >= NUMA_NO_NODE && nid <= MAX_NUMNODES;
}

static int add(struct model *m, int t, phys_addr_t base, phys_addr_t size,
	       int nid, unsigned flags)
{
	unsigned lo, hi, i;
	unsigned long pieces = 0;
	int err;

	if (!size || !nid_ok(nid) || (flags & ~KNOWN_FLAGS))
		return -MB_EINVAL;
	if (!span(m, base, size, &lo, &hi))
		return 0;
	/* Each uncovered stretch becomes one new region before merging. */
	for (i = lo; i < hi; i++)
		if (!m->cell[i][t].in && (i == lo || m->cell[i - 1][t].in))
			pieces++;
	err = room(m, t, pieces);
	if (err)
		return err;
	for (i = lo; i < hi; i++) {
		struct mcell *c = &m->cell[i][t];

		if (!c->in) {
			c->in = 1;
			c->flags = flags;
			c->nid = nid;
		}
	}
	return 0;
}

int model_add(struct model *m, int t, phys_addr_t base, phys_addr_t size,
	      int nid, unsigned flags)
{
	int err = add(m, t, base, size, nid, flags);

	tidy(m);
	return err;
}

enum change { CH_REMOVE, CH_SET, CH_CLEAR, CH_NODE };

static int change(struct model *m, int t, phys_addr_t base, phys_addr_t size,
		  enum change how, unsigned arg)
{
	unsigned lo, hi, i;
	int err;

	if (!size)
		return -MB_EINVAL;
	if (!span(m, base, size, &lo, &hi))
		return 0;
	/* Linux grows whenever two free slots are missing. */
	err = room(m, t, 2);
	if (err)
		return err;
	for (i = lo; i < hi; i++) {
		struct mcell *c = &m->cell[i][t];

		if (!c->in)
			continue;
		if (how == CH_REMOVE)
			memset(c, 0, sizeof(*c));
		else if (how == CH_SET)
			c->flags |= arg;
		else if (how == CH_CLEAR)
			c->flags &= ~arg;
		else
			c->nid = (int)arg;
	}
	return 0;
}

static int change_tidy(struct model *m, int t, phys_addr_t base,
		       phys_addr_t size, enum change how, unsigned arg)
{
	int err = change(m, t, base, size, how, arg);

	tidy(m);
	return err;
}

int model_remove(struct model *m, int t, phys_addr_t base, phys_addr_t size)
{
	return change_tidy(m, t, base, size, CH_REMOVE, 0);
}

int model_set_flags(struct model *m, int t, phys_addr_t base,
		    phys_addr_t size, unsigned flags)
{
	if (flags & ~KNOWN_FLAGS)
		return -MB_EINVAL;
	return change_tidy(m, t, base, size, CH_SET, flags);
}

int model_clear_flags(struct model *m, int t, phys_addr_t base,
		      phys_addr_t size, unsigned flags)
{
	if (flags & ~KNOWN_FLAGS)
		return -MB_EINVAL;
	return change_tidy(m, t, base, size, CH_CLEAR, flags);
}

int model_mark_mirror(struct model *m, phys_addr_t base, phys_addr_t size)
{
	int err = model_set_flags(m, MT_MEM, base, size, MEMBLOCK_MIRROR);

	if (!err)
		m->has_mirror = true;
	return err;
}

int model_set_node(struct model *m, int t, phys_addr_t base,
		   phys_addr_t size, int nid)
{
	if (!nid_ok(nid))
		return -MB_EINVAL;
	return change_tidy(m, t, base, size, CH_NODE, (unsigned)nid);
}

/* ---- placement ---- */

/* May memory with attributes @c hold an allocation asking @nid, @flags? */
static bool usable(const struct model *m, const struct mcell *c, int nid,
		   unsigned flags)
{
	if (nid >= 0 && nid < MAX_NUMNODES && c->nid != nid)
		return false;
	if (m->movable && (c->flags & MEMBLOCK_HOTPLUG) &&
	    !(flags & MEMBLOCK_HOTPLUG))
		return false;
	if ((flags & MEMBLOCK_MIRROR) && !(c->flags & MEMBLOCK_MIRROR))
		return false;
	if ((c->flags & MEMBLOCK_NOMAP) && !(flags & MEMBLOCK_NOMAP))
		return false;
	if ((c->flags & MEMBLOCK_DRIVER_MANAGED) &&
	    !(flags & MEMBLOCK_DRIVER_MANAGED))
		return false;
	if ((flags & MEMBLOCK_KHO_SCRATCH) && !(c->flags & MEMBLOCK_KHO_SCRATCH))
		return false;
	return true;
}

static bool is_free(const struct model *m, unsigned i, int nid,
		    unsigned flags)
{
	return m->cell[i][MT_MEM].in && !m->cell[i][MT_RSV].in &&
	       usable(m, &m->cell[i][MT_MEM], nid, flags);
}

/*
 * The best aligned block in free memory: the highest (or lowest) address
 * a with [a, a + size) inside [start, end), inside one memory region and
 * outside every reserved region.  Free stretches are taken one at a time,
 * each ending where the memory region or the free space ends.
 */
static int place(const struct model *m, phys_addr_t size, phys_addr_t align,
		 phys_addr_t start, phys_addr_t end, int nid, unsigned flags,
		 phys_addr_t *out)
{
	bool fits = false, found = false;
	phys_addr_t best = 0;
	unsigned i = 0, j;

	while (i < m->n) {
		phys_addr_t s, e, cand;

		if (!is_free(m, i, nid, flags)) {
			i++;
			continue;
		}
		for (j = i + 1; j < m->n && is_free(m, j, nid, flags) &&
				cell_eq(&m->cell[j][MT_MEM], &m->cell[i][MT_MEM]);
		     j++)
			;
		s = m->start[i] > start ? m->start[i] : start;
		e = iv_end(m, j - 1) < end ? iv_end(m, j - 1) : end;
		i = j;
		if (s >= e || e - s < size)
			continue;
		fits = true;
		if (m->bottom_up) {
			cand = s - s % align;
			if (cand != s) {
				if (cand > PHYS_ADDR_MAX - align)
					continue;
				cand += align;
			}
			if (cand > e - size || (found && cand >= best))
				continue;
		} else {
			cand = (e - size) - (e - size) % align;
			if (cand < s || (found && cand <= best))
				continue;
		}
		best = cand;
		found = true;
	}
	if (!found)
		return fits ? -MB_EALIGN : -MB_ENOSPC;
	*out = best;
	return 0;
}

static int prepare(const struct model *m, phys_addr_t size,
		   phys_addr_t *align, phys_addr_t start, phys_addr_t *end,
		   int *nid)
{
	if (!size)
		return -MB_EINVAL;
	if (!*align)
		*align = MEMBLOCK_ENV_CACHE_BYTES;
	if (*align & (*align - 1))
		return -MB_EINVAL;
	if (*nid == MAX_NUMNODES)
		*nid = NUMA_NO_NODE;
	if (*nid < NUMA_NO_NODE || *nid >= MAX_NUMNODES)
		return -MB_EINVAL;
	if (*end == MEMBLOCK_ALLOC_ACCESSIBLE ||
	    *end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		*end = m->limit;
	return start >= *end ? -MB_ERANGE : 0;
}

int model_find(const struct model *m, phys_addr_t size, phys_addr_t align,
	       phys_addr_t start, phys_addr_t end, int nid, unsigned flags,
	       phys_addr_t *out)
{
	int err = prepare(m, size, &align, start, &end, &nid);

	return err ? err : place(m, size, align, start, end, nid, flags, out);
}

static int try_node(struct model *m, phys_addr_t size, phys_addr_t align,
		    phys_addr_t start, phys_addr_t end, int nid,
		    unsigned flags, phys_addr_t *out)
{
	int err = place(m, size, align, start, end, nid, flags, out);

	return err ? err : model_add(m, MT_RSV, *out, size, nid,
				     MEMBLOCK_RSRV_KERN);
}

int model_alloc(struct model *m, phys_addr_t size, phys_addr_t align,
		phys_addr_t start, phys_addr_t end, int nid, bool exact,
		phys_addr_t *out)
{
	unsigned flags = (m->has_mirror ? MEMBLOCK_MIRROR : 0) |
			 (m->kho_only ? MEMBLOCK_KHO_SCRATCH : 0);
	phys_addr_t a;
	int err = prepare(m, size, &align, start, &end, &nid), res;

	if (err)
		return err;
	/* Requested node, then any node; then the same without mirror. */
	for (;;) {
		res = try_node(m, size, align, start, end, nid, flags, &a);
		if (res && res != -MB_ENOMEM && nid != NUMA_NO_NODE && !exact) {
			err = try_node(m, size, align, start, end,
				       NUMA_NO_NODE, flags, &a);
			if (res == -MB_EALIGN && err && err != -MB_ENOMEM)
				err = -MB_EALIGN;
			res = err;
		}
		if (!res)
			*out = a;
		if (!res || res == -MB_ENOMEM || !(flags & MEMBLOCK_MIRROR))
			return res;
		flags &= ~(unsigned)MEMBLOCK_MIRROR;
	}
}

int model_alloc_virt(struct model *m, phys_addr_t size, phys_addr_t align,
		     phys_addr_t min_addr, phys_addr_t max_addr, int nid,
		     bool exact, phys_addr_t *out)
{
	int err;

	if (max_addr > m->limit)
		max_addr = m->limit;
	err = model_alloc(m, size, align, min_addr, max_addr, nid, exact, out);
	if (err && err != -MB_EINVAL && err != -MB_ENOMEM && min_addr)
		err = model_alloc(m, size, align, 0, max_addr, nid, exact, out);
	return err;
}

/* ---- limits ---- */

static void drop_if(struct model *m, int t, bool (*gone)(const struct model *,
							 unsigned, phys_addr_t,
							 phys_addr_t),
		    phys_addr_t a, phys_addr_t b)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		if (m->cell[i][t].in && gone(m, i, a, b))
			memset(&m->cell[i][t], 0, sizeof(m->cell[i][t]));
}

static bool outside(const struct model *m, unsigned i, phys_addr_t a,
		    phys_addr_t b)
{
	return m->start[i] < a || iv_end(m, i) > b;
}

static bool outside_mapped(const struct model *m, unsigned i, phys_addr_t a,
			   phys_addr_t b)
{
	return !(m->cell[i][MT_MEM].flags & MEMBLOCK_NOMAP) &&
	       outside(m, i, a, b);
}

/* Address where the lowest @limit bytes of memory end (limit < total). */
static phys_addr_t limit_addr(struct model *m, phys_addr_t limit)
{
	unsigned i;

	for (i = 0; i < m->n; i++) {
		phys_addr_t len = iv_end(m, i) - m->start[i];

		if (!m->cell[i][MT_MEM].in)
			continue;
		if (limit <= len)
			return m->start[i] + limit;
		limit -= len;
	}
	return PHYS_ADDR_MAX;
}

int model_enforce_limit(struct model *m, phys_addr_t limit)
{
	phys_addr_t at;

	if (!limit || limit >= model_total(m, MT_MEM))
		return 0;
	at = limit_addr(m, limit);
	cut(m, at);
	drop_if(m, MT_MEM, outside, 0, at);
	drop_if(m, MT_RSV, outside, 0, at);
	tidy(m);
	return 0;
}

int model_cap_range(struct model *m, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end;

	if (!size || !model_total(m, MT_MEM))
		return -MB_EINVAL;
	if (size > PHYS_ADDR_MAX - base)
		size = PHYS_ADDR_MAX - base;
	end = base + size;
	cut(m, base);
	cut(m, end);
	drop_if(m, MT_MEM, outside_mapped, base, end);
	drop_if(m, MT_RSV, outside, base, end);
	tidy(m);
	return 0;
}

int model_mem_limit_remove_map(struct model *m, phys_addr_t limit)
{
	if (!limit || limit >= model_total(m, MT_MEM))
		return 0;
	return model_cap_range(m, 0, limit_addr(m, limit));
}

int model_trim(struct model *m, phys_addr_t align)
{
	struct mregion *r;
	unsigned long n, i;

	if (!align || (align & (align - 1)))
		return -MB_EINVAL;
	n = model_cnt(m, MT_MEM);
	r = calloc(n ? n : 1, sizeof(*r));
	if (!r)
		abort();
	model_regions(m, MT_MEM, r, n);
	for (i = 0; i < m->n; i++)
		memset(&m->cell[i][MT_MEM], 0, sizeof(m->cell[i][MT_MEM]));
	/* Put each region back shrunk to whole @align blocks, if any remain. */
	for (i = 0; i < n; i++) {
		phys_addr_t s = r[i].base, e = r[i].base + r[i].size;
		unsigned lo, hi, k;

		e -= e % align;
		if (s % align) {
			if (s - s % align > PHYS_ADDR_MAX - align)
				continue;
			s = s - s % align + align;
		}
		if (s >= e)
			continue;
		span(m, s, e - s, &lo, &hi);
		for (k = lo; k < hi; k++) {
			m->cell[k][MT_MEM].in = 1;
			m->cell[k][MT_MEM].flags = r[i].flags;
			m->cell[k][MT_MEM].nid = r[i].nid;
		}
	}
	free(r);
	tidy(m);
	return 0;
}

void model_clear_hotplug(struct model *m)
{
	unsigned i;

	for (i = 0; i < m->n; i++)
		m->cell[i][MT_MEM].flags &= ~(unsigned)MEMBLOCK_HOTPLUG;
	tidy(m);
}
