// SPDX-License-Identifier: MIT
/*
 * driver.c - the differential driver: generate operations, run them on
 * libmemblock and on the model, and check after every step that
 *  - mb_check() passes;
 *  - both return the same code and hold the same regions, counts,
 *    capacities and totals in memory, reserved and physmem;
 *  - a failed call left the instance byte-for-byte unchanged;
 *  - an allocation lies in one memory region, outside what was reserved
 *    before, aligned, inside its bounds and the limit, on an allowed node
 *    and on memory with allowed flags;
 *  - the point and range queries (mb_is_memory, mb_is_reserved,
 *    mb_is_map_memory, mb_is_region_memory, mb_is_region_reserved, the
 *    size queries) answer as the model does;
 *  - mb_free_all() gives exactly the whole free pages as maximal naturally
 *    aligned blocks and reports reserved and NOMAP ranges in order.
 * No cmocka here: failures are reported as text so the soak tool and the
 * fuzzer can use the same code.
 */
#include "driver.h"
#include "internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- choice sources ---- */

void drv_src_seed(struct drv_src *s, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->rng = seed;
}

void drv_src_bytes(struct drv_src *s, const uint8_t *data, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->bytes = data;
	s->len = len;
}

bool drv_src_empty(const struct drv_src *s)
{
	return s->bytes && s->pos >= s->len;
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static uint32_t pick(struct drv_src *s, uint32_t n)
{
	uint32_t v = 0;

	if (!s->bytes)
		return (uint32_t)(splitmix(&s->rng) % n);
	if (s->pos < s->len)
		v = s->bytes[s->pos++];
	if (n > 256 && s->pos < s->len)
		v = v << 8 | s->bytes[s->pos++];
	return v % n;
}

/* ---- the growth allocator ---- */

static void *heap_alloc(void *ctx, size_t bytes)
{
	struct drv_heap *h = ctx;
	void *p;

	if (h->calls++ == h->fail_at)
		return NULL;
	if (h->live == sizeof(h->ptrs) / sizeof(h->ptrs[0]))
		abort();
	p = calloc(1, bytes);
	if (!p)
		abort();
	h->ptrs[h->live] = p;
	h->sizes[h->live++] = bytes;
	return p;
}

static void heap_free(void *ctx, void *ptr, size_t bytes)
{
	struct drv_heap *h = ctx;
	unsigned long i;

	for (i = 0; i < h->live; i++) {
		if (h->ptrs[i] != ptr)
			continue;
		if (h->sizes[i] != bytes)
			abort(); /* the library gave back a wrong size */
		free(ptr);
		h->ptrs[i] = h->ptrs[--h->live];
		h->sizes[i] = h->sizes[h->live];
		return;
	}
	abort(); /* freeing something it never got */
}

void drv_heap_init(struct drv_heap *h, long fail_at)
{
	memset(h, 0, sizeof(*h));
	h->fail_at = fail_at;
}

void drv_heap_release(struct drv_heap *h)
{
	while (h->live)
		free(h->ptrs[--h->live]);
}

void drv_heap_ops(struct drv_heap *h, struct mb_grow_ops *ops)
{
	ops->alloc = heap_alloc;
	ops->free = heap_free;
	ops->ctx = h;
}

/* ---- instance + model ---- */

static phys_addr_t space_base(const struct drv_config *c)
{
	if (c->space == 0)
		return 0;
	if (c->space == 1)
		return (phys_addr_t)0x40000000u;
	return (phys_addr_t)0 - (phys_addr_t)DRV_UNITS * DRV_UNIT;
}

void drv_start(struct drv *d, const struct drv_config *cfg)
{
	int t;

	memset(d, 0, sizeof(*d));
	d->cfg = *cfg;
	d->m = malloc(sizeof(*d->m));
	if (!d->m)
		abort();
	for (t = 0; t < MT_COUNT; t++)
		d->init[t] = cfg->max[t] ? calloc(cfg->max[t],
						  sizeof(*d->init[t]))
					 : NULL;
	if (mb_init(&d->mb, d->init[MT_MEM], cfg->max[MT_MEM],
		    d->init[MT_RSV], cfg->max[MT_RSV], d->init[MT_PHYS],
		    cfg->max[MT_PHYS]))
		abort();
	drv_heap_init(&d->heap, -1);
	drv_heap_ops(&d->heap, &d->grow_ops);
	if (cfg->grow)
		mb_set_grow_ops(&d->mb, &d->grow_ops);
	model_init(d->m, cfg->max[MT_MEM], cfg->max[MT_RSV],
		   cfg->max[MT_PHYS], cfg->grow);
}

/* Buffer @i of @d, at least @bytes long (never NULL). */
static void *scratch(struct drv *d, int i, size_t bytes)
{
	if (bytes > d->scratch_len[i]) {
		free(d->scratch[i]);
		d->scratch[i] = malloc(bytes);
		if (!d->scratch[i])
			abort();
		d->scratch_len[i] = bytes;
	}
	return d->scratch[i];
}

void drv_stop(struct drv *d)
{
	int t;

	drv_heap_release(&d->heap);
	for (t = 0; t < MT_COUNT; t++)
		free(d->init[t]);
	for (t = 0; t <= MT_COUNT; t++)
		free(d->scratch[t]);
	free(d->m);
	d->m = NULL;
}

static bool fail(struct drv *d, const char *fmt, ...)
{
	va_list ap;

	if (d->why[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	return false;
}

static struct memblock_type *type_of(struct memblock *mb, int t)
{
	return t == MT_MEM ? &mb->memory : t == MT_RSV ? &mb->reserved
						       : &mb->physmem;
}

static const char *const type_names[MT_COUNT] = { "memory", "reserved",
						  "physmem" };

#define HX(v) ((unsigned long long)(v))

/*
 * Slots in a type's buffer: max counts from regions, which sits inside the
 * buffer when a large grown table keeps slack at both ends.
 */
static unsigned long capacity(struct memblock *mb,
			      const struct memblock_type *ty)
{
	return (unsigned long)(ty->regions -
			       mb_buffer(mb, (struct memblock_type *)ty)) +
	       ty->max;
}

static bool compare_type(struct drv *d, int t)
{
	const struct memblock_type *ty = type_of(&d->mb, t);
	unsigned long n = model_cnt(d->m, t), i;
	struct mregion *r = scratch(d, MT_COUNT, (n + 1) * sizeof(*r));
	bool ok = true;

	model_regions(d->m, t, r, n);
	if (ty->cnt != n)
		ok = fail(d, "%s: cnt %lu, model %lu", type_names[t], ty->cnt,
			  n);
	else if (capacity(&d->mb, ty) != d->m->max[t])
		ok = fail(d, "%s: max %lu, model %lu", type_names[t],
			  capacity(&d->mb, ty), d->m->max[t]);
	else if (ty->total_size != model_total(d->m, t))
		ok = fail(d, "%s: total %#llx, model %#llx", type_names[t],
			  HX(ty->total_size), HX(model_total(d->m, t)));
	for (i = 0; ok && i < n; i++) {
		const struct memblock_region *g = &ty->regions[i];

		if (g->base != r[i].base || g->size != r[i].size ||
		    (unsigned)g->flags != r[i].flags || g->nid != r[i].nid)
			ok = fail(d,
				  "%s[%lu]: [%#llx +%#llx f%#x n%d], model "
				  "[%#llx +%#llx f%#x n%d]",
				  type_names[t], i, HX(g->base), HX(g->size),
				  (unsigned)g->flags, g->nid, HX(r[i].base),
				  HX(r[i].size), r[i].flags, r[i].nid);
	}
	return ok;
}

bool (*drv_extra_check)(const struct drv *d);
struct drv_stats drv_stats;

/*
 * The point queries agree with the model at every address where anything
 * changes (each interval's first byte and the byte before it).
 */
static bool compare_queries(struct drv *d)
{
	const struct model *m = d->m;
	unsigned i, k;

	for (i = 0; i < m->n; i++) {
		for (k = 0; k < 2; k++) {
			phys_addr_t a = m->start[i] - k;
			const struct mcell *mc = model_at(m, MT_MEM, a);
			bool mem = mc->in, rsv = model_at(m, MT_RSV, a)->in;
			bool map = mem && !(mc->flags & MEMBLOCK_NOMAP);

			if (i == 0 && k)
				continue;
			drv_stats.queries++;
			if (mb_is_memory(&d->mb, a) != mem ||
			    mb_is_reserved(&d->mb, a) != rsv ||
			    mb_is_map_memory(&d->mb, a) != map)
				return fail(d, "queries at %#llx: memory %d "
					       "reserved %d map %d, model %d %d %d",
					    HX(a), mb_is_memory(&d->mb, a),
					    mb_is_reserved(&d->mb, a),
					    mb_is_map_memory(&d->mb, a), mem, rsv,
					    map);
		}
	}
	if (mb_phys_mem_size(&d->mb) != model_total(m, MT_MEM) ||
	    mb_reserved_size(&d->mb) != model_total(m, MT_RSV))
		return fail(d, "size queries differ from the model");
	return true;
}

/*
 * The range queries agree with the model for [base, base + size): inside
 * one memory region (mb_is_region_memory), and overlapping a reserved
 * region with Linux's test (mb_is_region_reserved).
 */
static bool compare_range_queries(struct drv *d, phys_addr_t base,
				  phys_addr_t size)
{
	unsigned long n, i;
	struct mregion *r;
	phys_addr_t end;
	bool inside = false, overlap = false;

	if (size > PHYS_ADDR_MAX - base)
		size = PHYS_ADDR_MAX - base;
	end = base + size;
	n = model_cnt(d->m, MT_MEM);
	r = scratch(d, MT_COUNT, (n + 1) * sizeof(*r));
	model_regions(d->m, MT_MEM, r, n);
	for (i = 0; i < n; i++)
		inside = inside || (r[i].base <= base &&
				    base - r[i].base < r[i].size &&
				    end - r[i].base <= r[i].size);
	n = model_cnt(d->m, MT_RSV);
	r = scratch(d, MT_COUNT, (n + 1) * sizeof(*r));
	model_regions(d->m, MT_RSV, r, n);
	for (i = 0; i < n; i++)
		overlap = overlap || (base < r[i].base + r[i].size &&
				      r[i].base < end);
	drv_stats.queries += 2;
	if (mb_is_region_memory(&d->mb, base, size) != inside ||
	    mb_is_region_reserved(&d->mb, base, size) != overlap)
		return fail(d, "range queries on [%#llx +%#llx): memory %d "
			       "reserved %d, model %d %d", HX(base), HX(size),
			    mb_is_region_memory(&d->mb, base, size),
			    mb_is_region_reserved(&d->mb, base, size), inside,
			    overlap);
	return true;
}

bool drv_compare(struct drv *d)
{
	struct mb_check_report rep;
	int t;

	if (mb_check(&d->mb, &rep))
		return fail(d, "mb_check: %s[%lu]: %s", rep.type, rep.index,
			    rep.what);
	for (t = 0; t < MT_COUNT; t++)
		if (!compare_type(d, t))
			return false;
	if (d->mb.bottom_up != d->m->bottom_up ||
	    d->mb.current_limit != d->m->limit)
		return fail(d, "bottom_up/current_limit differ");
	if (!compare_queries(d))
		return false;
	if (drv_extra_check && !drv_extra_check(d))
		return fail(d, "extra check");
	return true;
}

/* ---- byte-for-byte snapshots ---- */

struct dsnap {
	struct memblock mb;
	struct memblock_region *arr[MT_COUNT];
};

static void snap(struct dsnap *s, struct drv *d)
{
	int t;

	s->mb = d->mb;
	for (t = 0; t < MT_COUNT; t++) {
		const struct memblock_type *ty = type_of(&d->mb, t);
		size_t bytes = ty->max * sizeof(*ty->regions);

		s->arr[t] = scratch(d, t, bytes + 1);
		if (bytes)
			memcpy(s->arr[t], ty->regions, bytes);
	}
}

static bool snap_same(const struct dsnap *s, struct memblock *mb)
{
	int t;

	if (memcmp(&s->mb, mb, sizeof(*mb)))
		return false;
	for (t = 0; t < MT_COUNT; t++) {
		const struct memblock_type *ty = type_of(mb, t);

		if (ty->max && memcmp(s->arr[t], ty->regions,
				      ty->max * sizeof(*ty->regions)))
			return false;
	}
	return true;
}

/* ---- allocation properties, checked against the state before ---- */

static const struct memblock_region *
holder(const struct memblock_region *r, unsigned long n, phys_addr_t a,
       phys_addr_t size)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (r[i].base <= a && a - r[i].base < r[i].size &&
		    size <= r[i].size - (a - r[i].base))
			return &r[i];
	return NULL;
}

static bool overlaps_any(const struct memblock_region *r, unsigned long n,
			 phys_addr_t a, phys_addr_t size)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (a < r[i].base + r[i].size && r[i].base < a + size)
			return true;
	return false;
}

static bool check_alloc(struct drv *d, const struct dsnap *pre,
			const struct drv_op *op, phys_addr_t a)
{
	phys_addr_t align = op->align ? op->align : MEMBLOCK_ENV_CACHE_BYTES;
	phys_addr_t end = op->end, lo = op->base;
	const struct memblock_region *r;
	unsigned long f;
	long ri;

	if (op->kind == OP_ALLOC_VIRT) {
		end = end > pre->mb.current_limit ? pre->mb.current_limit
						  : end;
		lo = 0; /* it may retry from 0 */
	}
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE ||
	    end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = pre->mb.current_limit;
	if (a % align)
		return fail(d, "allocation %#llx misaligned", HX(a));
	if (a < lo || a > end || end - a < op->size)
		return fail(d, "allocation %#llx outside bounds", HX(a));
	r = holder(pre->arr[MT_MEM], pre->mb.memory.cnt, a, op->size);
	if (!r)
		return fail(d, "allocation %#llx not inside one memory region",
			    HX(a));
	if (overlaps_any(pre->arr[MT_RSV], pre->mb.reserved.cnt, a, op->size))
		return fail(d, "allocation %#llx overlaps a reservation",
			    HX(a));
	f = r->flags;
	if ((f & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED)) ||
	    (pre->mb.priv.movable_node && (f & MEMBLOCK_HOTPLUG)) ||
	    (pre->mb.priv.kho_scratch_only && !(f & MEMBLOCK_KHO_SCRATCH)))
		return fail(d, "allocation %#llx on memory with flags %#lx",
			    HX(a), f);
	if (op->on && op->nid >= 0 && op->nid < MAX_NUMNODES &&
	    r->nid != op->nid)
		return fail(d, "exact-node allocation on node %d", r->nid);
	ri = mb_search(&d->mb.reserved, a);
	if (ri < 0 ||
	    !(d->mb.reserved.regions[ri].flags & MEMBLOCK_RSRV_KERN))
		return fail(d, "allocation %#llx not reserved as RSRV_KERN",
			    HX(a));
	return true;
}

/* ---- hand-off (mb_free_all) ---- */

/* Hand-offs are checked only while memory is this small (pages listed). */
#define DRV_HANDOFF_MAX_BYTES ((phys_addr_t)1 << 26)
#define PG_SHIFT MEMBLOCK_ENV_PAGE_SHIFT

struct hblock {
	uint64_t page;
	unsigned order;
};

static struct {
	bool skipped;
	size_t nb, nr, capb, capr;
	struct hblock *b;
	struct mregion *r;
} hlog;

static void *grow_to(void *p, size_t *cap, size_t need, size_t each)
{
	if (need > *cap) {
		*cap = need * 2;
		p = realloc(p, *cap * each);
		if (!p)
			abort();
	}
	return p;
}

static void log_block(void *ctx, phys_addr_t base, unsigned order)
{
	(void)ctx;
	hlog.b = grow_to(hlog.b, &hlog.capb, hlog.nb + 1, sizeof(*hlog.b));
	hlog.b[hlog.nb].page = (uint64_t)(base >> PG_SHIFT);
	hlog.b[hlog.nb++].order = order;
}

static void log_range(void *ctx, phys_addr_t base, phys_addr_t end,
		      enum memblock_flags flags, int nid)
{
	(void)ctx;
	hlog.r = grow_to(hlog.r, &hlog.capr, hlog.nr + 1, sizeof(*hlog.r));
	hlog.r[hlog.nr].base = base;
	hlog.r[hlog.nr].size = end - base;
	hlog.r[hlog.nr].flags = (unsigned)flags;
	hlog.r[hlog.nr++].nid = nid;
}

static int run_free_all(struct memblock *mb, unsigned max_order)
{
	struct mb_handoff h = { log_block, log_range, max_order, NULL };

	hlog.nb = hlog.nr = 0;
	hlog.skipped = mb->memory.total_size > DRV_HANDOFF_MAX_BYTES;
	if (hlog.skipped)
		return 0;
	return mb_free_all(mb, &h, NULL);
}

static int by_page(const void *a, const void *b)
{
	const struct hblock *x = a, *y = b;

	return x->page < y->page ? -1 : x->page > y->page;
}

/* Is model interval @i free memory whose pages go to the page allocator? */
static bool page_free(const struct model *m, unsigned i)
{
	const struct mcell *c = &m->cell[i][MT_MEM];

	return c->in && !m->cell[i][MT_RSV].in &&
	       !(c->flags & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED));
}

/*
 * The blocks must tile exactly the whole pages of each free stretch (one
 * memory region minus reserved), each naturally aligned, no larger than
 * max_order, and each as large as alignment and the stretch allow.
 */
static bool check_blocks(struct drv *d, unsigned max_order)
{
	const struct model *m = d->m;
	unsigned cap = (unsigned)(sizeof(phys_addr_t) * 8 - PG_SHIFT - 1);
	unsigned lim = max_order < cap ? max_order : cap;
	size_t k = 0;
	unsigned i = 0, j;

	if (hlog.nb)
		qsort(hlog.b, hlog.nb, sizeof(*hlog.b), by_page);
	while (i < m->n) {
		phys_addr_t s, e;
		uint64_t ps, pe;

		if (!page_free(m, i)) {
			i++;
			continue;
		}
		for (j = i + 1; j < m->n && page_free(m, j) &&
				m->cell[j][MT_MEM].flags ==
					m->cell[i][MT_MEM].flags &&
				m->cell[j][MT_MEM].nid == m->cell[i][MT_MEM].nid;
		     j++)
			;
		s = m->start[i];
		e = j < m->n ? m->start[j] : PHYS_ADDR_MAX;
		i = j;
		ps = (uint64_t)(s >> PG_SHIFT) + ((s & ((1u << PG_SHIFT) - 1)) != 0);
		pe = (uint64_t)(e >> PG_SHIFT);
		while (ps < pe) {
			const struct hblock *b = &hlog.b[k];
			uint64_t n, up;

			if (k == hlog.nb || b->page != ps)
				return fail(d, "free_all: page %#llx not given",
					    HX(ps));
			n = (uint64_t)1 << b->order;
			if (b->order > lim || ps & (n - 1) || n > pe - ps)
				return fail(d, "free_all: bad block %#llx "
					       "order %u", HX(ps), b->order);
			/* Greedy is minimal: a block aligned for twice its
			 * size that would still fit should have been doubled. */
			up = ps & ~(2 * n - 1);
			if (b->order < lim && up == ps && pe - ps >= 2 * n)
				return fail(d, "free_all: block %#llx order %u "
					       "could be larger", HX(ps),
					    b->order);
			ps += n;
			k++;
		}
	}
	if (k != hlog.nb)
		return fail(d, "free_all: %zu blocks beyond free memory",
			    hlog.nb - k);
	return true;
}

/* Reserved regions and NOMAP memory, in address order, reserved first. */
static bool check_reported(struct drv *d)
{
	unsigned long nr = model_cnt(d->m, MT_RSV), nm = model_cnt(d->m, MT_MEM);
	struct mregion *r = calloc(nr + nm + 1, sizeof(*r)), *mm = r + nr;
	unsigned long i = 0, j = 0, k = 0;

	if (!r)
		abort();
	model_regions(d->m, MT_RSV, r, nr);
	model_regions(d->m, MT_MEM, mm, nm);
	for (;;) {
		const struct mregion *x;

		while (j < nm && !(mm[j].flags & MEMBLOCK_NOMAP))
			j++;
		if (i == nr && j == nm)
			break;
		x = (j == nm || (i < nr && r[i].base <= mm[j].base)) ? &r[i++]
								 : &mm[j++];
		if (k == hlog.nr || hlog.r[k].base != x->base ||
		    hlog.r[k].size != x->size || hlog.r[k].flags != x->flags ||
		    hlog.r[k].nid != x->nid) {
			free(r);
			return fail(d, "free_all: reported range %zu differs",
				    (size_t)k);
		}
		k++;
	}
	free(r);
	if (k != hlog.nr)
		return fail(d, "free_all: %zu extra reported ranges",
			    hlog.nr - (size_t)k);
	return true;
}

/* ---- running one operation ---- */

struct result {
	int rc;
	phys_addr_t addr;
};

static void set_switch(struct drv *d, const struct drv_op *op)
{
	switch (op->kind) {
	case OP_BOTTOM_UP:
		mb_set_bottom_up(&d->mb, op->on);
		d->m->bottom_up = op->on;
		break;
	case OP_LIMIT:
		mb_set_current_limit(&d->mb, op->end);
		d->m->limit = op->end;
		break;
	case OP_MOVABLE:
		mb_set_movable_node(&d->mb, op->on);
		d->m->movable = op->on;
		break;
	case OP_KHO_ONLY:
		mb_set_kho_scratch_only(&d->mb, op->on);
		d->m->kho_only = op->on;
		break;
	default: /* OP_GROW */
		mb_set_grow_ops(&d->mb, op->on ? &d->grow_ops : NULL);
		d->m->grow = op->on;
		break;
	}
}

static struct result run_lib(struct drv *d, const struct drv_op *op)
{
	struct memblock *mb = &d->mb;
	struct result r = { 0, 0 };
	void *v = NULL;

	switch (op->kind) {
	case OP_ADD:
		r.rc = mb_add(mb, op->base, op->size);
		break;
	case OP_ADD_NODE:
		r.rc = mb_add_node(mb, op->base, op->size, op->nid,
				   (enum memblock_flags)op->flags);
		break;
	case OP_REMOVE:
		r.rc = mb_remove(mb, op->base, op->size);
		break;
	case OP_RESERVE:
		r.rc = mb_reserve(mb, op->base, op->size);
		break;
	case OP_RESERVE_KERN:
		r.rc = mb_reserve_kern(mb, op->base, op->size);
		break;
	case OP_RESERVE_NODE:
		r.rc = mb_reserve_node(mb, op->base, op->size, op->nid,
				       (enum memblock_flags)op->flags);
		break;
	case OP_FREE:
		r.rc = mb_free(mb, op->base, op->size);
		break;
	case OP_PHYSMEM_ADD:
		r.rc = mb_physmem_add(mb, op->base, op->size);
		break;
	case OP_SET_FLAGS:
		r.rc = mb_set_flags(mb, type_of(mb, op->type), op->base,
				    op->size, (enum memblock_flags)op->flags);
		break;
	case OP_CLEAR_FLAGS:
		r.rc = mb_clear_flags(mb, type_of(mb, op->type), op->base,
				      op->size, (enum memblock_flags)op->flags);
		break;
	case OP_MARK_MIRROR:
		r.rc = mb_mark_mirror(mb, op->base, op->size);
		break;
	case OP_SET_NODE:
		r.rc = mb_set_node(mb, type_of(mb, op->type), op->base,
				   op->size, op->nid);
		break;
	case OP_ALLOC:
		r.rc = mb_alloc_range_nid(mb, op->size, op->align, op->base,
					  op->end, op->nid, op->on, &r.addr);
		break;
	case OP_ALLOC_VIRT:
		r.rc = mb_alloc_virt(mb, op->size, op->align, op->base,
				     op->end, op->nid, op->on, true, &v);
		if (!r.rc)
			r.addr = MEMBLOCK_ENV_VIRT_TO_PHYS(v);
		break;
	case OP_FIND:
		r.rc = mb_find_in_range_node(mb, op->size, op->align, op->base,
					     op->end, op->nid,
					     (enum memblock_flags)op->flags,
					     &r.addr);
		break;
	case OP_ENFORCE:
		r.rc = mb_enforce_memory_limit(mb, op->size);
		break;
	case OP_CAP:
		r.rc = mb_cap_memory_range(mb, op->base, op->size);
		break;
	case OP_REMOVE_MAP:
		r.rc = mb_mem_limit_remove_map(mb, op->size);
		break;
	case OP_TRIM:
		r.rc = mb_trim_memory(mb, op->align);
		break;
	case OP_FREE_ALL:
		r.rc = run_free_all(mb, op->flags);
		break;
	default:
		set_switch(d, op);
		break;
	}
	return r;
}

static struct result run_model(struct model *m, const struct drv_op *op)
{
	struct result r = { 0, 0 };

	switch (op->kind) {
	case OP_ADD:
		r.rc = model_add(m, MT_MEM, op->base, op->size, MAX_NUMNODES,
				 0);
		break;
	case OP_ADD_NODE:
		r.rc = model_add(m, MT_MEM, op->base, op->size, op->nid,
				 op->flags);
		break;
	case OP_REMOVE:
		r.rc = model_remove(m, MT_MEM, op->base, op->size);
		break;
	case OP_RESERVE:
		r.rc = model_add(m, MT_RSV, op->base, op->size, NUMA_NO_NODE,
				 0);
		break;
	case OP_RESERVE_KERN:
		r.rc = model_add(m, MT_RSV, op->base, op->size, NUMA_NO_NODE,
				 MEMBLOCK_RSRV_KERN);
		break;
	case OP_RESERVE_NODE:
		r.rc = model_add(m, MT_RSV, op->base, op->size, op->nid,
				 op->flags);
		break;
	case OP_FREE:
		r.rc = model_remove(m, MT_RSV, op->base, op->size);
		break;
	case OP_PHYSMEM_ADD:
		r.rc = model_add(m, MT_PHYS, op->base, op->size, MAX_NUMNODES,
				 0);
		break;
	case OP_SET_FLAGS:
		r.rc = model_set_flags(m, op->type, op->base, op->size,
				       op->flags);
		break;
	case OP_CLEAR_FLAGS:
		r.rc = model_clear_flags(m, op->type, op->base, op->size,
					 op->flags);
		break;
	case OP_MARK_MIRROR:
		r.rc = model_mark_mirror(m, op->base, op->size);
		break;
	case OP_SET_NODE:
		r.rc = model_set_node(m, op->type, op->base, op->size,
				      op->nid);
		break;
	case OP_ALLOC:
		r.rc = model_alloc(m, op->size, op->align, op->base, op->end,
				   op->nid, op->on, &r.addr);
		break;
	case OP_ALLOC_VIRT:
		r.rc = model_alloc_virt(m, op->size, op->align, op->base,
					op->end, op->nid, op->on, &r.addr);
		break;
	case OP_FIND:
		r.rc = model_find(m, op->size, op->align, op->base, op->end,
				  op->nid, op->flags, &r.addr);
		break;
	case OP_ENFORCE:
		r.rc = model_enforce_limit(m, op->size);
		break;
	case OP_CAP:
		r.rc = model_cap_range(m, op->base, op->size);
		break;
	case OP_REMOVE_MAP:
		r.rc = model_mem_limit_remove_map(m, op->size);
		break;
	case OP_TRIM:
		r.rc = model_trim(m, op->align);
		break;
	case OP_FREE_ALL:
		if (!hlog.skipped)
			model_clear_hotplug(m);
		break;
	default:
		break; /* switches: set_switch() updated the model */
	}
	return r;
}

int drv_call(struct drv *d, const struct drv_op *op, phys_addr_t *addr)
{
	struct result r = run_lib(d, op);

	if (addr)
		*addr = r.addr;
	return r.rc;
}

static bool returns_address(unsigned kind)
{
	return kind == OP_ALLOC || kind == OP_ALLOC_VIRT || kind == OP_FIND;
}

bool drv_step(struct drv *d, const struct drv_op *op)
{
	struct dsnap pre;
	struct result got, want;
	bool ok = true;

	d->steps++;
	snap(&pre, d);
	got = run_lib(d, op);
	want = run_model(d->m, op);
	d->last_rc = got.rc;
	d->last_addr = got.addr;
	drv_stats.ops[op->kind]++;
	drv_stats.ok[op->kind] += !got.rc;
	if (got.rc != want.rc)
		ok = fail(d, "returned %d (%s), model %d (%s)", got.rc,
			  mb_strerror(got.rc), want.rc, mb_strerror(want.rc));
	else if (returns_address(op->kind) && !got.rc &&
		 got.addr != want.addr)
		ok = fail(d, "address %#llx, model %#llx", HX(got.addr),
			  HX(want.addr));
	else if ((got.rc || op->kind == OP_FIND) && !snap_same(&pre, &d->mb))
		ok = fail(d, "call %s changed the instance",
			  got.rc ? "failed but" : "that only looks");
	else if (!got.rc && op->kind != OP_FIND && returns_address(op->kind))
		ok = check_alloc(d, &pre, op, got.addr);
	if (ok && op->kind == OP_FREE_ALL && !got.rc && !hlog.skipped)
		ok = check_blocks(d, op->flags) && check_reported(d);
	return ok && drv_compare(d) &&
	       compare_range_queries(d, op->base, op->size);
}

/* ---- generation ---- */

static phys_addr_t gen_addr(struct drv_src *s, const struct drv *d)
{
	phys_addr_t a;
	static const phys_addr_t nudge[] = { 1, 0x40, 0x800 };
	const struct memblock_type *ty = type_of((struct memblock *)&d->mb,
						 (int)pick(s, MT_COUNT));

	if (pick(s, 4) == 0 && ty->cnt) {
		const struct memblock_region *r =
			&ty->regions[pick(s, (uint32_t)ty->cnt)];

		a = pick(s, 2) ? r->base : r->base + r->size;
	} else {
		a = space_base(&d->cfg) +
		    (phys_addr_t)pick(s, DRV_UNITS + 1) * DRV_UNIT;
	}
	if (pick(s, 8) == 0) {
		phys_addr_t n = nudge[pick(s, 3)];

		a = pick(s, 2) ? a + n : a - n;
	}
	return a;
}

static phys_addr_t gen_size(struct drv_src *s)
{
	uint32_t k = pick(s, 64);

	if (k == 0)
		return 0;
	if (k == 1)
		return PHYS_ADDR_MAX; /* runs past the top: capped */
	if (k == 2)
		return 1 + pick(s, 0x1000);
	return (phys_addr_t)(1 + pick(s, 32)) * DRV_UNIT +
	       (pick(s, 8) ? 0 : 0x40);
}

static int gen_nid(struct drv_src *s)
{
	uint32_t k = pick(s, 32);

	if (k == 0)
		return NUMA_NO_NODE;
	if (k == 1)
		return MAX_NUMNODES;
	if (k == 2)
		return pick(s, 2) ? -2 : MAX_NUMNODES + 1;
	return (int)pick(s, 4);
}

static unsigned gen_flag(struct drv_src *s)
{
	static const unsigned one[] = {
		MEMBLOCK_NONE,       MEMBLOCK_HOTPLUG,
		MEMBLOCK_MIRROR,     MEMBLOCK_NOMAP,
		MEMBLOCK_DRIVER_MANAGED, MEMBLOCK_KHO_SCRATCH,
		MEMBLOCK_RSRV_NOINIT, MEMBLOCK_RSRV_KERN,
	};
	uint32_t k = pick(s, 24);

	if (k == 0)
		return pick(s, 0x100);
	if (k == 1)
		return pick(s, 4) ? 0 : 0x100; /* unknown flag */
	return k < 10 ? MEMBLOCK_NONE : one[k % 8];
}

static phys_addr_t gen_align(struct drv_src *s)
{
	static const phys_addr_t al[] = { 0, 1, 8, 64, DRV_UNIT,
					  2 * DRV_UNIT, 4 * DRV_UNIT,
					  16 * DRV_UNIT, 64 * DRV_UNIT, 3 };
	uint32_t k = pick(s, 10);

	return (k == 9 && pick(s, 4)) ? DRV_UNIT : al[k];
}

static phys_addr_t gen_end(struct drv_src *s, const struct drv *d)
{
	uint32_t k = pick(s, 8);

	if (k == 0)
		return MEMBLOCK_ALLOC_ACCESSIBLE;
	if (k == 1)
		return MEMBLOCK_ALLOC_NOLEAKTRACE;
	if (k <= 3)
		return MEMBLOCK_ALLOC_ANYWHERE;
	return gen_addr(s, d);
}

static phys_addr_t gen_limit_bytes(struct drv_src *s, const struct drv *d)
{
	const struct memblock_type *mem = &d->mb.memory;
	phys_addr_t total = mem->total_size, upto = 0;
	unsigned long k, i;

	switch (pick(s, 6)) {
	case 0:
		return 0;
	case 1:
		return total;
	case 2:
		return total + 1;
	case 3: /* exactly where a region ends, or a byte either side */
		if (!mem->cnt)
			return 0;
		k = pick(s, (uint32_t)mem->cnt);
		for (i = 0; i <= k; i++)
			upto += mem->regions[i].size;
		return upto + pick(s, 3) - 1;
	default:
		return total ? 1 + (phys_addr_t)pick(s, 0x10000) *
					   (total / 0x10000 + 1) % total
			     : 0;
	}
}

/* Relative weights of the operations. */
static const unsigned char weight[OP_KINDS] = {
	[OP_ADD] = 12,        [OP_ADD_NODE] = 12,   [OP_REMOVE] = 5,
	[OP_RESERVE] = 8,     [OP_RESERVE_KERN] = 3, [OP_RESERVE_NODE] = 4,
	[OP_FREE] = 6,        [OP_PHYSMEM_ADD] = 3, [OP_SET_FLAGS] = 4,
	[OP_CLEAR_FLAGS] = 4, [OP_MARK_MIRROR] = 2, [OP_SET_NODE] = 4,
	[OP_ALLOC] = 16,      [OP_ALLOC_VIRT] = 3,  [OP_FIND] = 3,
	[OP_BOTTOM_UP] = 2,   [OP_LIMIT] = 2,       [OP_MOVABLE] = 1,
	[OP_KHO_ONLY] = 1,    [OP_GROW] = 2,        [OP_ENFORCE] = 1,
	[OP_CAP] = 1,         [OP_REMOVE_MAP] = 1,  [OP_TRIM] = 1,
	[OP_FREE_ALL] = 1,
};

static unsigned gen_kind(struct drv_src *s)
{
	unsigned sum = 0, k, x;

	for (k = 0; k < OP_KINDS; k++)
		sum += weight[k];
	x = pick(s, sum);
	for (k = 0; x >= weight[k]; k++)
		x -= weight[k];
	return k;
}

void drv_gen_op(struct drv_src *s, const struct drv *d, struct drv_op *op)
{
	memset(op, 0, sizeof(*op));
	op->kind = (unsigned char)gen_kind(s);
	op->type = (unsigned char)pick(s, MT_COUNT);
	op->on = (unsigned char)(pick(s, 3) == 0);
	op->nid = gen_nid(s);
	op->flags = gen_flag(s);
	op->base = gen_addr(s, d);
	op->size = gen_size(s);
	switch (op->kind) {
	case OP_ALLOC:
	case OP_ALLOC_VIRT:
	case OP_FIND:
		if (pick(s, 4) == 0)
			op->size = 1 + pick(s, 2 * DRV_UNIT);
		else
			op->size = (phys_addr_t)(1 + pick(s, pick(s, 4) ? 4 : 16)) *
				   DRV_UNIT;
		op->align = gen_align(s);
		op->base = pick(s, 3) ? 0 : gen_addr(s, d);
		op->end = gen_end(s, d);
		break;
	case OP_LIMIT:
		op->end = pick(s, 2) ? gen_addr(s, d) : MEMBLOCK_ALLOC_ANYWHERE;
		break;
	case OP_BOTTOM_UP:
	case OP_MOVABLE:
		op->on = (unsigned char)pick(s, 2);
		break;
	case OP_KHO_ONLY: /* mostly off: it starves allocations */
		op->on = (unsigned char)(pick(s, 8) == 0);
		break;
	case OP_GROW:
		op->on = (unsigned char)(pick(s, 4) != 0);
		break;
	case OP_ENFORCE:
	case OP_REMOVE_MAP:
		op->size = gen_limit_bytes(s, d);
		break;
	case OP_TRIM:
		op->align = gen_align(s);
		break;
	case OP_FREE_ALL: /* max_order; sometimes past what fits */
		op->flags = pick(s, 8) ? pick(s, 12) : 70;
		break;
	case OP_RESERVE:
	case OP_RESERVE_KERN:
	case OP_RESERVE_NODE: /* keep some memory free for allocations */
		if (op->size > 4 * DRV_UNIT)
			op->size = op->size % (4 * DRV_UNIT) + DRV_UNIT;
		break;
	default:
		break;
	}
}

void drv_gen_config(struct drv_src *s, struct drv_config *cfg)
{
	static const unsigned long caps[] = { 2, 3, 4, 8, 16, 128 };
	static const unsigned long pcaps[] = { 0, 2, 4, 8 };

	memset(cfg, 0, sizeof(*cfg));
	cfg->space = (unsigned char)pick(s, 3);
	cfg->max[MT_MEM] = caps[pick(s, 6)];
	cfg->max[MT_RSV] = caps[pick(s, 6)];
	cfg->max[MT_PHYS] = pcaps[pick(s, 4)];
	cfg->grow = (unsigned char)(pick(s, 5) != 0);
}

/* ---- sequences ---- */

void drv_seq_init(struct drv_seq *q, const struct drv_config *cfg)
{
	memset(q, 0, sizeof(*q));
	q->cfg = *cfg;
}

void drv_seq_push(struct drv_seq *q, const struct drv_op *op)
{
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->ops = realloc(q->ops, q->cap * sizeof(*q->ops));
		if (!q->ops)
			abort();
	}
	q->ops[q->n++] = *op;
}

void drv_seq_free(struct drv_seq *q)
{
	free(q->ops);
	q->ops = NULL;
	q->n = q->cap = 0;
}

size_t drv_run(struct drv_src *s, size_t nops, struct drv_seq *q,
	       bool *failed, char *why, size_t whylen)
{
	struct drv_config cfg;
	struct drv d;
	size_t i;

	drv_gen_config(s, &cfg);
	drv_seq_init(q, &cfg);
	drv_start(&d, &cfg);
	*failed = false;
	for (i = 0; i < nops && !drv_src_empty(s); i++) {
		struct drv_op op;

		drv_gen_op(s, &d, &op);
		drv_seq_push(q, &op);
		if (!drv_step(&d, &op)) {
			*failed = true;
			snprintf(why, whylen, "op %zu: %s", i, d.why);
			i++;
			break;
		}
	}
	drv_stop(&d);
	return i;
}

bool drv_replay_fails(const struct drv_seq *q, char *why, size_t whylen)
{
	struct drv d;
	bool failed = false;
	size_t i;

	drv_start(&d, &q->cfg);
	for (i = 0; i < q->n && !failed; i++) {
		if (!drv_step(&d, &q->ops[i])) {
			failed = true;
			if (why)
				snprintf(why, whylen, "op %zu: %s", i, d.why);
		}
	}
	drv_stop(&d);
	return failed;
}

/* Remove ops [from, to) from a copy of @q into @out. */
static void without(const struct drv_seq *q, size_t from, size_t to,
		    struct drv_seq *out)
{
	size_t i;

	drv_seq_init(out, &q->cfg);
	for (i = 0; i < q->n; i++)
		if (i < from || i >= to)
			drv_seq_push(out, &q->ops[i]);
}

void drv_shrink(struct drv_seq *q)
{
	size_t parts = 2;

	/* Classic ddmin over the operation list, complements only. */
	while (q->n >= 2) {
		size_t chunk = (q->n + parts - 1) / parts, i;
		bool cut = false;

		for (i = 0; i < q->n && !cut; i += chunk) {
			struct drv_seq t;

			without(q, i, i + chunk, &t);
			if (t.n && drv_replay_fails(&t, NULL, 0)) {
				drv_seq_free(q);
				*q = t;
				parts = parts > 2 ? parts - 1 : 2;
				cut = true;
			} else {
				drv_seq_free(&t);
			}
		}
		if (cut)
			continue;
		if (parts >= q->n)
			break;
		parts = parts * 2 < q->n ? parts * 2 : q->n;
	}
}

/* ---- printing ---- */

static const char *const kind_names[OP_KINDS] = {
	"add", "add_node", "remove", "reserve", "reserve_kern",
	"reserve_node", "free", "physmem_add", "set_flags", "clear_flags",
	"mark_mirror", "set_node", "alloc_range_nid", "alloc_virt",
	"find_in_range_node", "set_bottom_up", "set_current_limit",
	"set_movable_node", "set_kho_scratch_only", "set_grow_ops",
	"enforce_memory_limit", "cap_memory_range", "mem_limit_remove_map",
	"trim_memory", "free_all",
};

void drv_print_stats(FILE *f)
{
	unsigned long long all = 0, ok = 0;
	unsigned k;

	for (k = 0; k < OP_KINDS; k++) {
		all += drv_stats.ops[k];
		ok += drv_stats.ok[k];
		fprintf(f, "  %-22s %12llu calls, %12llu returned 0\n",
			kind_names[k], drv_stats.ops[k], drv_stats.ok[k]);
	}
	fprintf(f, "  %-22s %12llu calls, %12llu returned 0\n", "total", all,
		ok);
	fprintf(f, "  point queries compared: %llu\n", drv_stats.queries);
}

static const char *const tyexpr[MT_COUNT] = { "&mb.memory", "&mb.reserved",
					      "&mb.physmem" };

static void print_op(const struct drv_op *o, FILE *f)
{
	unsigned long long b = HX(o->base), s = HX(o->size), a = HX(o->align),
			   e = HX(o->end);

	switch (o->kind) {
	case OP_ADD: fprintf(f, "mb_add(&mb, %#llx, %#llx)", b, s); break;
	case OP_ADD_NODE:
		fprintf(f, "mb_add_node(&mb, %#llx, %#llx, %d, %#x)", b, s,
			o->nid, o->flags);
		break;
	case OP_REMOVE: fprintf(f, "mb_remove(&mb, %#llx, %#llx)", b, s); break;
	case OP_RESERVE: fprintf(f, "mb_reserve(&mb, %#llx, %#llx)", b, s); break;
	case OP_RESERVE_KERN:
		fprintf(f, "mb_reserve_kern(&mb, %#llx, %#llx)", b, s);
		break;
	case OP_RESERVE_NODE:
		fprintf(f, "mb_reserve_node(&mb, %#llx, %#llx, %d, %#x)", b, s,
			o->nid, o->flags);
		break;
	case OP_FREE: fprintf(f, "mb_free(&mb, %#llx, %#llx)", b, s); break;
	case OP_PHYSMEM_ADD:
		fprintf(f, "mb_physmem_add(&mb, %#llx, %#llx)", b, s);
		break;
	case OP_SET_FLAGS:
	case OP_CLEAR_FLAGS:
		fprintf(f, "mb_%s_flags(&mb, %s, %#llx, %#llx, %#x)",
			o->kind == OP_SET_FLAGS ? "set" : "clear",
			tyexpr[o->type], b, s, o->flags);
		break;
	case OP_MARK_MIRROR:
		fprintf(f, "mb_mark_mirror(&mb, %#llx, %#llx)", b, s);
		break;
	case OP_SET_NODE:
		fprintf(f, "mb_set_node(&mb, %s, %#llx, %#llx, %d)",
			tyexpr[o->type], b, s, o->nid);
		break;
	case OP_ALLOC:
		fprintf(f,
			"mb_alloc_range_nid(&mb, %#llx, %#llx, %#llx, %#llx, "
			"%d, %d, &addr)", s, a, b, e, o->nid, o->on);
		break;
	case OP_ALLOC_VIRT:
		fprintf(f,
			"mb_alloc_virt(&mb, %#llx, %#llx, %#llx, %#llx, %d, "
			"%d, true, &ptr)", s, a, b, e, o->nid, o->on);
		break;
	case OP_FIND:
		fprintf(f,
			"mb_find_in_range_node(&mb, %#llx, %#llx, %#llx, "
			"%#llx, %d, %#x, &addr)", s, a, b, e, o->nid, o->flags);
		break;
	case OP_BOTTOM_UP: fprintf(f, "mb_set_bottom_up(&mb, %d)", o->on); break;
	case OP_LIMIT: fprintf(f, "mb_set_current_limit(&mb, %#llx)", e); break;
	case OP_MOVABLE:
		fprintf(f, "mb_set_movable_node(&mb, %d)", o->on);
		break;
	case OP_KHO_ONLY:
		fprintf(f, "mb_set_kho_scratch_only(&mb, %d)", o->on);
		break;
	case OP_GROW:
		fprintf(f, "mb_set_grow_ops(&mb, %s)", o->on ? "&grow" : "NULL");
		break;
	case OP_ENFORCE:
		fprintf(f, "mb_enforce_memory_limit(&mb, %#llx)", s);
		break;
	case OP_CAP:
		fprintf(f, "mb_cap_memory_range(&mb, %#llx, %#llx)", b, s);
		break;
	case OP_REMOVE_MAP:
		fprintf(f, "mb_mem_limit_remove_map(&mb, %#llx)", s);
		break;
	case OP_TRIM: fprintf(f, "mb_trim_memory(&mb, %#llx)", a); break;
	default:
		fprintf(f, "h.max_order = %u, mb_free_all(&mb, &h, NULL)",
			o->flags);
		break;
	}
}

void drv_print_c(const struct drv_seq *q, FILE *f)
{
	struct drv d;
	size_t i;

	fprintf(f, "\t/* grow: a calloc-backed mb_grow_ops */\n");
	fprintf(f, "\tstruct memblock_region mem[%lu], rsv[%lu]",
		q->cfg.max[MT_MEM], q->cfg.max[MT_RSV]);
	if (q->cfg.max[MT_PHYS])
		fprintf(f, ", phys[%lu]", q->cfg.max[MT_PHYS]);
	fprintf(f, ";\n\tmb_init(&mb, mem, %lu, rsv, %lu, %s, %lu);\n",
		q->cfg.max[MT_MEM], q->cfg.max[MT_RSV],
		q->cfg.max[MT_PHYS] ? "phys" : "NULL", q->cfg.max[MT_PHYS]);
	if (q->cfg.grow)
		fprintf(f, "\tmb_set_grow_ops(&mb, &grow);\n");
	/* Replay to annotate each call with what the library returned. */
	drv_start(&d, &q->cfg);
	for (i = 0; i < q->n; i++) {
		struct drv_op op = q->ops[i];
		struct result r;

		fprintf(f, "\t");
		print_op(&op, f);
		r = run_lib(&d, &op);
		run_model(d.m, &op);
		fprintf(f, "; /* -> %d", r.rc);
		if (!r.rc && returns_address(op.kind))
			fprintf(f, ", %#llx", HX(r.addr));
		fprintf(f, " */\n");
	}
	drv_stop(&d);
}
