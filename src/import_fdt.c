// SPDX-License-Identifier: MIT
/*
 * import_fdt.c - a small reader of flattened device trees and the import
 * of their memory description (/memory, /memreserve/, /reserved-memory)
 * the way Linux's early FDT code does it.
 *
 * The blob is untrusted: every read is bounds-checked against the blocks
 * the header declares, and the whole blob is checked before anything
 * changes.
 */
#include "import.h"

#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u

#define FDT_V16_HEADER 36u
#define FDT_V17_HEADER 40u

/* ---- The blob ---- */

struct fdt {
	const unsigned char *b;
	uint32_t total;
	uint32_t st, st_end;    /* structure block */
	uint32_t str, str_size; /* strings block */
	uint32_t rsv;           /* memory reservation block */
};

/* Where and why a blob is malformed. */
struct fdt_fault {
	uint32_t at;
	const char *why;
};

static int fault(struct fdt_fault *f, uint32_t at, const char *why)
{
	f->at = at;
	f->why = why;
	return -MB_EINVAL;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* [off, off + len) lies inside [lo, hi). */
static bool inside(uint64_t off, uint64_t len, uint64_t lo, uint64_t hi)
{
	return off >= lo && off <= hi && len <= hi - off;
}

static int read_header(struct fdt *f, const void *blob, size_t size,
		       struct fdt_fault *ft)
{
	const unsigned char *b = blob;
	uint32_t version, hdr, st_size;

	f->b = b;
	if (size < FDT_V16_HEADER)
		return fault(ft, 0, "blob shorter than an FDT header");
	if (be32(b) != MB_FDT_MAGIC)
		return fault(ft, 0, "bad FDT magic");
	version = be32(b + 20);
	if (version < 16)
		return fault(ft, 20, "FDT version below 16");
	if (be32(b + 24) > 17)
		return fault(ft, 24, "FDT last compatible version above 17");
	hdr = version >= 17 ? FDT_V17_HEADER : FDT_V16_HEADER;
	f->total = be32(b + 4);
	if (f->total > size || size < hdr)
		return fault(ft, 4, "FDT totalsize beyond the buffer");
	if (f->total < hdr)
		return fault(ft, 4, "FDT totalsize smaller than its header");
	f->st = be32(b + 8);
	f->str = be32(b + 12);
	f->rsv = be32(b + 16);
	f->str_size = be32(b + 32);
	if (f->st % 4 || f->rsv % 8)
		return fault(ft, f->st % 4 ? 8 : 16, "FDT block misaligned");
	if (f->st < hdr || f->st > f->total)
		return fault(ft, 8, "FDT structure block outside the blob");
	st_size = version >= 17 ? be32(b + 36) : f->total - f->st;
	if (!inside(f->st, st_size, hdr, f->total))
		return fault(ft, 36, "FDT structure block outside the blob");
	f->st_end = f->st + st_size;
	if (!inside(f->str, f->str_size, hdr, f->total))
		return fault(ft, 12, "FDT strings block outside the blob");
	if (f->rsv < hdr || f->rsv > f->total)
		return fault(ft, 16, "FDT memory reservation block outside the blob");
	return 0;
}

/* ---- Tokens of the structure block ---- */

struct fdt_token {
	uint32_t tok, at;
	uint32_t name, name_len; /* BEGIN_NODE: the name; PROP: its name */
	uint32_t val, len;       /* PROP: the value */
};

/* Length of the NUL-terminated string at @off, within [off, end). */
static bool str_len(const struct fdt *f, uint32_t off, uint32_t end,
		    uint32_t *len)
{
	uint32_t i;

	for (i = off; i < end; i++) {
		if (!f->b[i]) {
			*len = i - off;
			return true;
		}
	}
	return false;
}

static uint64_t align4(uint64_t x)
{
	return (x + 3) & ~(uint64_t)3;
}

static int next_token(const struct fdt *f, uint32_t *off, struct fdt_token *t,
		      struct fdt_fault *ft)
{
	uint32_t o = *off, nameoff;
	uint64_t next;

	t->at = o;
	if (!inside(o, 4, f->st, f->st_end))
		return fault(ft, o, "FDT structure block ends without FDT_END");
	t->tok = be32(f->b + o);
	o += 4;
	next = o;
	switch (t->tok) {
	case FDT_BEGIN_NODE:
		t->name = o;
		if (!str_len(f, o, f->st_end, &t->name_len))
			return fault(ft, o, "FDT node name not terminated");
		next = align4((uint64_t)o + t->name_len + 1);
		break;
	case FDT_PROP:
		if (!inside(o, 8, f->st, f->st_end))
			return fault(ft, o, "FDT property header truncated");
		t->len = be32(f->b + o);
		nameoff = be32(f->b + o + 4);
		t->val = o + 8;
		if (!inside(t->val, t->len, f->st, f->st_end))
			return fault(ft, o, "FDT property value outside the structure block");
		if (nameoff >= f->str_size ||
		    !str_len(f, f->str + nameoff, f->str + f->str_size,
			     &t->name_len))
			return fault(ft, o + 4, "FDT property name outside the strings block");
		t->name = f->str + nameoff;
		next = align4((uint64_t)t->val + t->len);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return fault(ft, t->at, "unknown FDT token");
	}
	if (next > f->st_end)
		return fault(ft, o, "FDT token runs past the structure block");
	*off = (uint32_t)next;
	return 0;
}

/* ---- Nodes, with the properties the import reads ---- */

enum fdt_prop_id {
	P_DEVICE_TYPE, P_STATUS, P_REG, P_USABLE, P_NUMA, P_HOTPLUG, P_NOMAP,
	P_REUSABLE, P_SIZE, P_ALIGN, P_ALLOC_RANGES, P_ADDR_CELLS,
	P_SIZE_CELLS, P_RANGES, P_COUNT
};

static const char *const prop_names[P_COUNT] = {
	"device_type", "status", "reg", "linux,usable-memory",
	"numa-node-id", "hotpluggable", "no-map", "reusable", "size",
	"alignment", "alloc-ranges", "#address-cells", "#size-cells",
	"ranges",
};

struct fdt_prop {
	uint32_t val, len;
	bool present;
};

struct fdt_node {
	uint32_t at, name, name_len;
	unsigned level;  /* 0 root, 1 its children, ... */
	bool is_rmem;    /* /reserved-memory */
	bool in_rmem;    /* a child of /reserved-memory */
	struct fdt_prop p[P_COUNT];
};

/* Does @len bytes at @off spell @s exactly? */
static bool bytes_are(const struct fdt *f, uint32_t off, uint32_t len,
		      const char *s)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (!s[i] || f->b[off + i] != (unsigned char)s[i])
			return false;
	return !s[i];
}

static void note_prop(const struct fdt *f, struct fdt_node *n,
		      const struct fdt_token *t)
{
	unsigned i;

	for (i = 0; i < P_COUNT; i++) {
		if (bytes_are(f, t->name, t->name_len, prop_names[i])) {
			n->p[i] = (struct fdt_prop){ t->val, t->len, true };
			return;
		}
	}
}

static bool is_rmem_name(const struct fdt *f, const struct fdt_token *t)
{
	static const char rm[] = "reserved-memory";
	uint32_t n = sizeof(rm) - 1;

	if (t->name_len < n || !bytes_are(f, t->name, n, rm))
		return false;
	return t->name_len == n || f->b[t->name + n] == '@';
}

typedef int (*fdt_visit)(void *ctx, const struct fdt_node *n);

/*
 * Walk the whole structure block, checking it, and hand every node with
 * its properties to @visit once they are all known (properties precede
 * subnodes).
 */
static int fdt_scan(const struct fdt *f, fdt_visit visit, void *ctx,
		    struct fdt_fault *ft)
{
	struct fdt_node cur = { 0 };
	struct fdt_token t;
	uint32_t off = f->st;
	unsigned depth = 0;
	bool delivered = true, rmem_open = false, root_done = false;
	int err;

	for (;;) {
		err = next_token(f, &off, &t, ft);
		if (err)
			return err;
		switch (t.tok) {
		case FDT_BEGIN_NODE:
			if (root_done)
				return fault(ft, t.at, "FDT has more than one root node");
			if (!delivered && (err = visit(ctx, &cur)))
				return err;
			cur = (struct fdt_node){ .at = t.at, .name = t.name,
						 .name_len = t.name_len,
						 .level = depth };
			cur.is_rmem = depth == 1 && is_rmem_name(f, &t);
			cur.in_rmem = depth == 2 && rmem_open;
			rmem_open |= cur.is_rmem;
			depth++;
			delivered = false;
			break;
		case FDT_END_NODE:
			if (!depth)
				return fault(ft, t.at, "FDT node end without a node");
			if (!delivered && (err = visit(ctx, &cur)))
				return err;
			delivered = true;
			if (--depth == 1)
				rmem_open = false;
			root_done = !depth;
			break;
		case FDT_PROP:
			if (!depth)
				return fault(ft, t.at, "FDT property outside any node");
			if (delivered)
				return fault(ft, t.at, "FDT property after a subnode");
			note_prop(f, &cur, &t);
			break;
		case FDT_END:
			if (depth || !root_done)
				return fault(ft, t.at, "FDT_END inside a node or before the root");
			return 0;
		default: /* FDT_NOP */
			break;
		}
	}
}

/* ---- What the tree asks for ---- */

enum range_kind { R_BANK, R_MEMRSV, R_FIXED, R_NOMAP, R_DYNAMIC };

struct fdt_range {
	uint64_t base, size, align;
	uint32_t name, name_len;      /* reserved-memory node name */
	uint32_t ranges, ranges_len;  /* dynamic: alloc-ranges */
	int nid;
	uint8_t kind;
	bool hotplug, nomap, reusable, failed;
};

struct fdt_collect {
	const struct fdt *f;
	struct fdt_fault *ft;
	unsigned flags;
	unsigned ac, sc;   /* root #address-cells, #size-cells */
	bool rmem_ok;
	unsigned long entries, ignored;
	size_t n, cap;
	struct fdt_range *r; /* local, or the caller's scratch if larger */
	struct fdt_range local[MB_FDT_MAX_RANGES];
};

_Static_assert(sizeof(struct fdt_range) <= MB_FDT_RANGE_BYTES &&
		       _Alignof(struct fdt_range) <= 8,
	       "MB_FDT_RANGE_BYTES must hold a range");

/*
 * Gather into @opts->scratch when it holds more than the stack array: its
 * first 8-byte boundary on, whole ranges of MB_FDT_RANGE_BYTES.
 */
static void use_scratch(struct fdt_collect *c, const struct mb_fdt_opts *o)
{
	uintptr_t a, skip;
	size_t cap;

	c->r = c->local;
	c->cap = MB_FDT_MAX_RANGES;
	if (!o || !o->scratch)
		return;
	a = (uintptr_t)o->scratch;
	skip = (8 - (a & 7)) & 7;
	if (o->scratch_bytes < skip)
		return;
	cap = (o->scratch_bytes - skip) / MB_FDT_RANGE_BYTES;
	if (cap > c->cap) {
		c->r = (struct fdt_range *)(void *)((unsigned char *)o->scratch +
						    skip);
		c->cap = cap;
	}
}

static struct fdt_range *new_range(struct fdt_collect *c, uint32_t at)
{
	if (c->n == c->cap) {
		c->ft->at = at;
		c->ft->why = "more ranges than MB_FDT_MAX_RANGES or the scratch "
			     "holds";
		return NULL;
	}
	c->r[c->n] = (struct fdt_range){ .nid = MAX_NUMNODES };
	return &c->r[c->n++];
}

/*
 * @len bytes hold whole (address, size) pairs of @cells cells in all (2 to
 * 4).  Written without a variable divisor: 32-bit Arm has no divide
 * instruction and the core links no helper library.
 */
static bool whole_pairs(uint32_t len, unsigned cells)
{
	uint32_t words = len >> 2;

	if (len & 3)
		return false;
	switch (cells) {
	case 2:
		return !(words & 1);
	case 3:
		return words % 3 == 0;
	default:
		return !(words & 3);
	}
}

static uint64_t read_cells(const struct fdt *f, uint32_t off, unsigned cells)
{
	return cells == 2 ? be64(f->b + off) : be32(f->b + off);
}

/* A string property equal to @s (NUL-terminated within the value). */
static bool prop_is(const struct fdt *f, const struct fdt_prop *p,
		    const char *s)
{
	return p->present && p->len && !f->b[p->val + p->len - 1] &&
	       bytes_are(f, p->val, p->len - 1, s);
}

static bool available(const struct fdt *f, const struct fdt_node *n)
{
	const struct fdt_prop *st = &n->p[P_STATUS];

	return !st->present || prop_is(f, st, "okay") || prop_is(f, st, "ok");
}

/* A one-cell property holding @want. */
static bool cell_is(const struct fdt *f, const struct fdt_prop *p,
		    uint32_t want)
{
	return p->present && p->len == 4 && be32(f->b + p->val) == want;
}

static int root_cells(struct fdt_collect *c, const struct fdt_node *n)
{
	const struct fdt_prop *a = &n->p[P_ADDR_CELLS], *s = &n->p[P_SIZE_CELLS];

	c->ac = c->sc = 1;
	if (a->present) {
		c->ac = a->len == 4 ? be32(c->f->b + a->val) : 0;
		if (c->ac < 1 || c->ac > 2)
			return fault(c->ft, a->val, "root #address-cells not 1 or 2");
	}
	if (s->present) {
		c->sc = s->len == 4 ? be32(c->f->b + s->val) : 0;
		if (c->sc < 1 || c->sc > 2)
			return fault(c->ft, s->val, "root #size-cells not 1 or 2");
	}
	return 0;
}

/*
 * Shrink to whole pages inward, as early_init_dt_add_memory_arch(), and
 * cap at the top of phys_addr_t (again in whole pages).
 */
static bool bank_span(uint64_t base, uint64_t size, uint64_t *s, uint64_t *e)
{
	uint64_t mask = ~((uint64_t)MB_PAGE_SIZE - 1), end;

	end = size > UINT64_MAX - base ? UINT64_MAX : base + size;
	if (base > (UINT64_MAX & mask))
		return false;
	base = (base + ~mask) & mask;
	if (end <= base || !mb_import_cap(base, end - base, s, e))
		return false;
	*e &= mask;
	return *e > *s;
}

static int memory_node(struct fdt_collect *c, const struct fdt_node *n)
{
	const struct fdt *f = c->f;
	const struct fdt_prop *reg = &n->p[P_USABLE];
	uint32_t pair = 4 * (c->ac + c->sc), off;
	uint64_t base, size, s, e;
	struct fdt_range *r;
	int nid = MAX_NUMNODES;

	if (!prop_is(f, &n->p[P_DEVICE_TYPE], "memory") || !available(f, n) ||
	    (c->flags & MB_FDT_NO_MEMORY))
		return 0;
	if (!reg->present)
		reg = &n->p[P_REG];
	if (!reg->present)
		return 0;
	if (n->p[P_NUMA].present && n->p[P_NUMA].len == 4 &&
	    be32(f->b + n->p[P_NUMA].val) < MAX_NUMNODES)
		nid = (int)be32(f->b + n->p[P_NUMA].val);
	for (off = reg->val; reg->val + reg->len - off >= pair; off += pair) {
		base = read_cells(f, off, c->ac);
		size = read_cells(f, off + 4 * c->ac, c->sc);
		c->entries++;
		if (!bank_span(base, size, &s, &e)) {
			c->ignored++;
			continue;
		}
		if (!(r = new_range(c, n->at)))
			return -MB_ENOSPC;
		r->kind = R_BANK;
		r->base = s;
		r->size = e - s;
		r->nid = nid;
		r->hotplug = n->p[P_HOTPLUG].present;
	}
	return 0;
}

/* Linux ignores a /reserved-memory whose cells differ from the root's. */
static void rmem_root(struct fdt_collect *c, const struct fdt_node *n)
{
	c->rmem_ok = cell_is(c->f, &n->p[P_ADDR_CELLS], c->ac) &&
		     cell_is(c->f, &n->p[P_SIZE_CELLS], c->sc) &&
		     n->p[P_RANGES].present;
	if (!c->rmem_ok)
		c->ignored++;
}

static struct fdt_range *rmem_range(struct fdt_collect *c,
				    const struct fdt_node *n, uint8_t kind)
{
	struct fdt_range *r = new_range(c, n->at);

	if (r) {
		r->kind = kind;
		r->name = n->name;
		r->name_len = n->name_len;
		r->nomap = n->p[P_NOMAP].present;
		r->reusable = n->p[P_REUSABLE].present;
	}
	return r;
}

static int rmem_fixed(struct fdt_collect *c, const struct fdt_node *n)
{
	const struct fdt_prop *reg = &n->p[P_REG];
	uint32_t pair = 4 * (c->ac + c->sc), off;
	uint64_t base, size, s, e;
	struct fdt_range *r;

	if (!whole_pairs(reg->len, c->ac + c->sc)) {
		c->entries++;
		c->ignored++;
		return 0;
	}
	for (off = reg->val; off < reg->val + reg->len; off += pair) {
		base = read_cells(c->f, off, c->ac);
		size = read_cells(c->f, off + 4 * c->ac, c->sc);
		c->entries++;
		if (size > UINT64_MAX - base ||
		    !mb_import_cap(base, size, &s, &e)) {
			c->ignored++;
			continue;
		}
		r = rmem_range(c, n, n->p[P_NOMAP].present ? R_NOMAP : R_FIXED);
		if (!r)
			return -MB_ENOSPC;
		r->base = s;
		r->size = e - s;
	}
	return 0;
}

static int rmem_dynamic(struct fdt_collect *c, const struct fdt_node *n)
{
	const struct fdt *f = c->f;
	const struct fdt_prop *sz = &n->p[P_SIZE], *al = &n->p[P_ALIGN];
	const struct fdt_prop *ar = &n->p[P_ALLOC_RANGES];
	uint64_t size, align = 0;
	struct fdt_range *r;

	c->entries++;
	if (sz->len != 4 * c->sc || (al->present && al->len != 4 * c->ac) ||
	    (ar->present && !whole_pairs(ar->len, c->ac + c->sc))) {
		c->ignored++;
		return 0;
	}
	size = read_cells(f, sz->val, c->sc);
	if (al->present)
		align = read_cells(f, al->val, c->ac);
	if (!size || (align & (align - 1))) {
		c->ignored++;
		return 0;
	}
	if (!(r = rmem_range(c, n, R_DYNAMIC)))
		return -MB_ENOSPC;
	r->size = size;
	r->align = align;
	r->ranges = ar->val;
	r->ranges_len = ar->present ? ar->len : 0;
	return 0;
}

static int collect_node(void *ctx, const struct fdt_node *n)
{
	struct fdt_collect *c = ctx;

	if (n->level == 0)
		return root_cells(c, n);
	if (n->is_rmem) {
		rmem_root(c, n);
		return 0;
	}
	if (n->level == 1)
		return memory_node(c, n);
	if (!n->in_rmem || !c->rmem_ok)
		return 0;
	if (!available(c->f, n)) {
		c->entries++;
		c->ignored++;
		return 0;
	}
	if (n->p[P_REG].present)
		return rmem_fixed(c, n);
	if (n->p[P_SIZE].present)
		return rmem_dynamic(c, n);
	c->entries++;
	c->ignored++;
	return 0;
}

static int collect_memreserve(struct fdt_collect *c)
{
	const struct fdt *f = c->f;
	uint32_t off = f->rsv;
	uint64_t base, size, s, e;
	struct fdt_range *r;

	for (;; off += 16) {
		if (!inside(off, 16, f->rsv, f->total))
			return fault(c->ft, off, "FDT /memreserve/ list not terminated");
		base = be64(f->b + off);
		size = be64(f->b + off + 8);
		if (!size)
			return 0;
		c->entries++;
		if (size > UINT64_MAX - base ||
		    !mb_import_cap(base, size, &s, &e)) {
			c->ignored++;
			continue;
		}
		if (!(r = new_range(c, off)))
			return -MB_ENOSPC;
		r->kind = R_MEMRSV;
		r->base = s;
		r->size = e - s;
	}
}

/* ---- Planning: what the tables will need ---- */

static bool overlaps(const struct fdt_range *a, uint64_t base, uint64_t size)
{
	return a->base < base + size && base < a->base + a->size;
}

/*
 * Walk sources: banks keyed by their index (the first bank wins an
 * overlap), reservations all alike (a union).
 */
static bool bank_piece(const void *ctx, size_t i, uint64_t *s, uint64_t *e,
		       uint32_t *key)
{
	const struct fdt_range *r = (const struct fdt_range *)ctx + i;

	*s = r->base;
	*e = r->base + r->size;
	*key = (uint32_t)i + 1;
	return r->kind == R_BANK;
}

static bool rsv_piece(const void *ctx, size_t i, uint64_t *s, uint64_t *e,
		      uint32_t *key)
{
	const struct fdt_range *r = (const struct fdt_range *)ctx + i;

	*s = r->base;
	*e = r->base + r->size;
	*key = 1;
	return r->kind == R_MEMRSV || r->kind == R_FIXED;
}

static uint32_t first_key(uint32_t a, uint32_t b)
{
	return !a || (b && b < a) ? b : a;
}

struct fdt_plan {
	struct memblock *mb;
	struct fdt_collect *c;
	struct mb_walk_src banks, rsvs;
	bool allocate;
	unsigned long mem_need, rsv_need;
	uint64_t added, reserved;
};

/*
 * Linux refuses to mark no-map memory already reserved (by /memreserve/,
 * an earlier node or before the import).
 */
static bool nomap_busy(const struct memblock *mb, const struct fdt_collect *c,
		       size_t k)
{
	const struct fdt_range *r = &c->r[k];
	bool mem = mb_overlaps_region(&mb->memory, (phys_addr_t)r->base,
				      (phys_addr_t)r->size);
	bool rsv = mb_is_region_reserved(mb, (phys_addr_t)r->base,
					 (phys_addr_t)r->size);
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (!overlaps(&c->r[i], r->base, r->size))
			continue;
		mem |= c->r[i].kind == R_BANK;
		rsv |= i < k && (c->r[i].kind == R_MEMRSV ||
				 c->r[i].kind == R_FIXED);
	}
	return mem && rsv;
}

static void plan_import(void *ctx)
{
	struct fdt_plan *p = ctx;
	struct fdt_collect *c = p->c;
	const struct memblock *mb = p->mb;
	unsigned long marks = 0, pieces = 0;
	struct mb_walk w;
	uint64_t s, e;
	uint32_t k;
	size_t i;

	p->added = p->reserved = 0;
	mb_walk_start(&w, &p->banks);
	while (mb_walk_next(&w, &s, &e, &k)) {
		pieces += mb_add_count(&mb->memory, (phys_addr_t)s,
				       (phys_addr_t)(e - s));
		p->added += e - s;
	}
	p->rsv_need = 0;
	mb_walk_start(&w, &p->rsvs);
	while (mb_walk_next(&w, &s, &e, &k)) {
		p->rsv_need += mb_add_count(&mb->reserved, (phys_addr_t)s,
					    (phys_addr_t)(e - s));
		p->reserved += e - s;
	}
	for (i = 0; i < c->n; i++) {
		struct fdt_range *r = &c->r[i];

		if (r->kind == R_NOMAP) {
			r->failed = nomap_busy(mb, c, i);
			marks += !r->failed;
		} else if (r->kind == R_DYNAMIC && p->allocate) {
			p->rsv_need++;
			marks += r->nomap;
		}
	}
	/*
	 * Mark j (from 0) finds at most pieces + 2j more regions and wants
	 * two free slots; each may split two regions.
	 */
	p->mem_need = pieces + 2 * marks;
}

/* ---- Applying ---- */

/* Allocate a dynamic region as of_reserved_mem does; false if it fails. */
static bool place_dynamic(struct memblock *mb, const struct fdt_collect *c,
			  struct fdt_range *r)
{
	const struct fdt *f = c->f;
	uint32_t pair = 4 * (c->ac + c->sc), off = r->ranges;
	phys_addr_t out;

	if (r->size > PHYS_ADDR_MAX || r->align > PHYS_ADDR_MAX)
		return false;
	do {
		uint64_t start = 0, end = 0;
		phys_addr_t lo, hi;

		if (r->ranges_len) {
			start = read_cells(f, off, c->ac);
			end = start + read_cells(f, off + 4 * c->ac, c->sc);
			off += pair;
		}
		if (start >= MB_IMPORT_CAP)
			continue;
		/* The allocator never hands out the first page. */
		lo = mb_max((phys_addr_t)start, MB_PAGE_SIZE);
		hi = !end || end > MB_IMPORT_CAP ? MEMBLOCK_ALLOC_ANYWHERE :
						   (phys_addr_t)end;
		if (!mb_alloc_range_nid(mb, (phys_addr_t)r->size,
					(phys_addr_t)r->align, lo, hi,
					NUMA_NO_NODE, false, &out)) {
			r->base = out;
			return true;
		}
	} while (off < r->ranges + r->ranges_len);
	return false;
}

static int apply(struct fdt_plan *p, struct mb_import_report *rep)
{
	struct fdt_collect *c = p->c;
	struct memblock *mb = p->mb;
	struct mb_walk w;
	uint64_t s, e;
	uint32_t k;
	size_t i;
	int err = 0;

	mb_walk_start(&w, &p->banks);
	while (!err && mb_walk_next(&w, &s, &e, &k)) {
		const struct fdt_range *b = &c->r[k - 1];

		err = mb_add_node(mb, (phys_addr_t)s, (phys_addr_t)(e - s),
				  b->nid,
				  b->hotplug ? MEMBLOCK_HOTPLUG : MEMBLOCK_NONE);
	}
	mb_walk_start(&w, &p->rsvs);
	while (!err && mb_walk_next(&w, &s, &e, &k))
		err = mb_reserve(mb, (phys_addr_t)s, (phys_addr_t)(e - s));
	for (i = 0; !err && i < c->n; i++) {
		struct fdt_range *r = &c->r[i];

		if (r->kind == R_NOMAP && !r->failed) {
			err = mb_set_flags(mb, &mb->memory, (phys_addr_t)r->base,
					   (phys_addr_t)r->size, MEMBLOCK_NOMAP);
			rep->nomap += r->size;
		}
	}
	for (i = 0; !err && i < c->n; i++) {
		struct fdt_range *r = &c->r[i];

		if (r->kind != R_DYNAMIC || !p->allocate)
			continue;
		r->failed = !place_dynamic(mb, c, r);
		if (r->failed)
			continue;
		rep->reserved += r->size;
		if (r->nomap) {
			err = mb_set_flags(mb, &mb->memory, (phys_addr_t)r->base,
					   (phys_addr_t)r->size, MEMBLOCK_NOMAP);
			rep->nomap += r->size;
		}
	}
	return err; /* never fails: room was made first */
}

static void describe(const struct fdt_collect *c, struct mb_fdt_opts *o)
{
	size_t i, j;

	o->rmem_cnt = 0;
	for (i = 0; i < c->n; i++) {
		const struct fdt_range *r = &c->r[i];
		struct mb_fdt_rmem *d;

		if (r->kind != R_FIXED && r->kind != R_NOMAP &&
		    r->kind != R_DYNAMIC)
			continue;
		if (o->rmem && o->rmem_cnt < o->rmem_max) {
			d = &o->rmem[o->rmem_cnt];
			for (j = 0; j < r->name_len && j < sizeof(d->name) - 1; j++)
				d->name[j] = (char)c->f->b[r->name + j];
			d->name[j] = '\0';
			d->base = r->base;
			d->size = r->size;
			d->align = r->align;
			d->nomap = r->nomap;
			d->reusable = r->reusable;
			d->dynamic = r->kind == R_DYNAMIC;
			d->failed = r->failed;
		}
		o->rmem_cnt++;
	}
}

static void count_outcome(const struct fdt_collect *c,
			  struct mb_import_report *rep)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		rep->ignored += c->r[i].failed;
		rep->dynamic += c->r[i].kind == R_DYNAMIC;
	}
}

static int import_collected(struct memblock *mb, struct fdt_collect *c,
			    struct mb_import_report *r)
{
	struct fdt_plan p = { .mb = mb, .c = c,
			      .allocate = !(c->flags & MB_FDT_NO_DYNAMIC) };
	int err;

	p.banks = (struct mb_walk_src){ c->n, bank_piece, first_key, c->r };
	p.rsvs = (struct mb_walk_src){ c->n, rsv_piece, first_key, c->r };
	plan_import(&p);
	err = mb_import_room(mb, &p.mem_need, &p.rsv_need, plan_import, &p);
	if (err)
		return err;
	r->added = p.added;
	r->reserved = p.reserved;
	err = apply(&p, r);
	if (err)
		return err;
	count_outcome(c, r);
	return 0;
}

int mb_import_fdt(struct memblock *mb, const void *fdt, size_t size,
		  struct mb_fdt_opts *opts, struct mb_import_report *rep)
{
	struct mb_import_report r = { 0 };
	struct fdt_fault ft = { 0, NULL };
	struct fdt_collect c;
	struct fdt f;
	int err;

	if (opts) {
		opts->why = NULL;
		opts->rmem_cnt = 0;
	}
	if (rep)
		*rep = r;
	if (!mb || !fdt)
		return -MB_EINVAL;
	c.f = &f;
	c.ft = &ft;
	c.flags = opts ? opts->flags : 0;
	c.ac = c.sc = 1;
	c.rmem_ok = false;
	c.entries = c.ignored = 0;
	c.n = 0;
	use_scratch(&c, opts);
	err = read_header(&f, fdt, size, &ft);
	if (!err)
		err = collect_memreserve(&c);
	if (!err)
		err = fdt_scan(&f, collect_node, &c, &ft);
	r.entries = c.entries;
	r.ignored = c.ignored;
	if (!err && mb->priv.discarded)
		err = -MB_ENOENT;
	if (!err)
		err = import_collected(mb, &c, &r);
	if (err) {
		r.bad_index = ft.at;
		if (opts)
			opts->why = ft.why;
		if (rep)
			*rep = (struct mb_import_report){
				.entries = r.entries, .bad_index = ft.at };
		return err;
	}
	if (opts)
		describe(&c, opts);
	if (rep)
		*rep = r;
	return 0;
}
