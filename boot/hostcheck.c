// SPDX-License-Identifier: MIT
/*
 * hostcheck.c - checks a demo kernel's boot log (boot/check.sh runs it).
 *
 * The kernel prints the firmware's map (FW lines, and for a device tree
 * the blob itself as DTB hex lines), every range it reserved (RESV), mem=
 * (MEMLIMIT), each current-limit change (LIMIT), each allocation (ALLOC),
 * its memblock dump and the pages it handed off (HANDOFF).  From the same
 * inputs this program computes the hand-off twice:
 *
 *  - a model written here without memblock: RAM from the raw map
 *    (e820 entries resolved per byte, highest type wins; UEFI descriptors
 *    (only the x86 kernel prints them) turned into the e820 entries x86's
 *    EFI stub makes of them first; device-tree /memory nodes through
 *    libfdt), mem= as "keep the lowest N bytes",
 *    minus every reserved range, counted in whole pages per region and
 *    in the fewest naturally aligned blocks of at most 2^10 pages;
 *  - a replay through the host build of the library: the same importer,
 *    reservations, limit and allocations, then mb_free_all() and mb_dump(),
 *    whose text must equal the kernel's dump line for line.
 *
 * It also checks each allocation: inside RAM, below the limit in force,
 * overlapping no reservation and no other allocation, on the node asked
 * for; that the buddy allocator holds exactly the pages handed off and
 * that the blocks it then gives out are free RAM; and that the log ends
 * with DONE.
 *
 * With the kernel image's bounds (from its symbol table) it also checks
 * that one reservation covers the whole image.
 *
 * Built twice: hostcheck for the kernels whose phys_addr_t has 64 bits,
 * hostcheck32 (the library with MEMBLOCK_PHYS_ADDR_32BIT) for the 32-bit
 * Arm one, so that the replay cuts the map where the kernel does and its
 * dump prints addresses at the kernel's width.
 *
 * Usage: hostcheck LOG [IMAGE_START IMAGE_END]
 * (exit 0 and one "ok ..." line, or 1 and the reasons)
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmemblock.h>
#include <memblock_import.h>

#define MAXR 1024
#define PAGE 4096ull
#define NO_NID (-1)

struct range {
	uint64_t s, e; /* [s, e) */
	int nid;
	uint32_t type; /* e820 type, or what the line said */
	char what[24];
	uint64_t limit; /* ALLOC: the current limit when it was made */
	uint64_t max;   /* ALLOC: the bound it asked for */
	uint64_t attr;  /* FW efi: the descriptor's attributes */
};

struct rlist {
	size_t n;
	struct range r[MAXR];
};

/* Everything the log says. */
struct bootlog {
	struct rlist e820, nodes, resv, allocs, fwresv;
	struct rlist efi; /* FW efi: UEFI memory descriptors */
	struct rlist pages_taken;   /* PAGEALLOC: blocks from the buddy */
	uint64_t buddy_free, buddy_rejected;
	bool has_buddy;
	struct rlist ram; /* the model's RAM, filled by model_ram() */
	uint64_t memlimit, limit;
	unsigned char dtb[1 << 20];
	size_t dtb_len;
	uint64_t dtb_total; /* FW dtb: the blob's size; DTB lines may stop short */
	bool has_dtb, done, has_handoff;
	uint64_t pages, blocks;
	char dump[1 << 16]; /* the kernel's memblock dump */
	size_t dump_len;
	bool in_dump;
};

static int failures;

__attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("hostcheck: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	failures++;
}

static struct range *push(struct rlist *l, uint64_t s, uint64_t e)
{
	struct range *r;

	if (l->n == MAXR) {
		fprintf(stderr, "hostcheck: too many ranges\n");
		exit(2);
	}
	r = &l->r[l->n++];
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->e = e;
	r->nid = NO_NID;
	return r;
}

/* ---- parsing the log ---- */

static uint64_t num(const char **p)
{
	char *end;
	uint64_t v = strtoull(*p, &end, 0);

	*p = end;
	return v;
}

static void word(const char **p, char *out, size_t len)
{
	size_t i = 0;

	while (**p == ' ')
		(*p)++;
	while (**p && **p != ' ' && **p != '\n' && i + 1 < len)
		out[i++] = *(*p)++;
	out[i] = 0;
}

static void parse_hex(struct bootlog *b, const char *p)
{
	while (p[0] && p[1] && p[0] != '\n' && b->dtb_len < sizeof(b->dtb)) {
		char h[3] = { p[0], p[1], 0 };

		b->dtb[b->dtb_len++] = (unsigned char)strtoul(h, NULL, 16);
		p += 2;
	}
}

static void parse_line(struct bootlog *b, const char *line)
{
	const char *p = line;
	struct range *r;
	uint64_t s, n;

	if (b->in_dump) {
		if (line[0] == ' ') {
			size_t len = strlen(line);

			if (b->dump_len + len < sizeof(b->dump)) {
				memcpy(b->dump + b->dump_len, line, len);
				b->dump_len += len;
			}
			return;
		}
		b->in_dump = false;
	}
	if (!strncmp(p, "FW e820 ", 8)) {
		p += 8;
		s = num(&p);
		n = num(&p);
		r = push(&b->e820, s, s + n);
		r->type = (uint32_t)num(&p);
	} else if (!strncmp(p, "FW efi ", 7)) {
		uint32_t type;

		p += 7;
		type = (uint32_t)num(&p);
		s = num(&p);
		n = num(&p);
		r = push(&b->efi, s, s + (n << 12));
		r->type = type;
		r->attr = num(&p);
	} else if (!strncmp(p, "FW node ", 8)) {
		int nid;

		p += 8;
		nid = (int)num(&p);
		s = num(&p);
		n = num(&p);
		r = push(&b->nodes, s, n > UINT64_MAX - s ? UINT64_MAX : s + n);
		r->nid = nid;
	} else if (!strncmp(p, "FW dtb ", 7)) {
		p += 7;
		(void)num(&p);
		b->dtb_total = num(&p);
		b->has_dtb = true;
	} else if (!strncmp(p, "DTB ", 4)) {
		parse_hex(b, p + 4);
	} else if (!strncmp(p, "RESV ", 5)) {
		p += 5;
		s = num(&p);
		n = num(&p);
		r = push(&b->resv, s, s + n);
		word(&p, r->what, sizeof(r->what));
	} else if (!strncmp(p, "ALLOC ", 6)) {
		p += 6;
		s = num(&p);
		n = num(&p);
		r = push(&b->allocs, s, s + n);
		r->nid = (int)strtol(p, (char **)&p, 0);
		r->max = num(&p);
		word(&p, r->what, sizeof(r->what));
		r->limit = b->limit;
	} else if (!strncmp(p, "MEMLIMIT ", 9)) {
		p += 9;
		b->memlimit = num(&p);
	} else if (!strncmp(p, "LIMIT ", 6)) {
		p += 6;
		b->limit = num(&p);
	} else if (!strncmp(p, "MEMBLOCK configuration:", 23)) {
		b->in_dump = true;
	} else if (sscanf(p, "HANDOFF pages=%lu blocks=%lu", &b->pages,
			  &b->blocks) == 2) {
		b->has_handoff = true;
	} else if (sscanf(p, "BUDDY free=%lu rejected=%lu", &b->buddy_free,
			  &b->buddy_rejected) == 2) {
		b->has_buddy = true;
	} else if (!strncmp(p, "PAGEALLOC ", 10)) {
		p += 10;
		s = num(&p);
		n = num(&p);
		r = push(&b->pages_taken, s, s + n);
		strcpy(r->what, "page");
	} else if (!strncmp(p, "DONE", 4)) {
		b->done = true;
	} else if (!strncmp(p, "FAIL", 4)) {
		fail("kernel reported: %s", p);
	}
}

static void read_log(struct bootlog *b, FILE *f)
{
	char line[4096];

	while (fgets(line, sizeof(line), f)) {
		char *cr;

		while ((cr = strchr(line, '\r')))
			memmove(cr, cr + 1, strlen(cr));
		parse_line(b, line);
	}
}

/* ---- the model: RAM from the raw map ---- */

static bool is_e820_ram(uint32_t t)
{
	return t == MB_E820_RAM || t == MB_E820_RESERVED_KERN;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_range(const void *a, const void *b);
static void merge_nodes(struct rlist *l);

/*
 * Cut the address space at every entry edge; each piece takes the highest
 * type covering it.  RAM pieces merge into regions, which are then
 * trimmed to whole pages; soft-reserved pieces are reserved.
 */
static void model_e820(struct bootlog *b, const struct rlist *t)
{
	static uint64_t edge[2 * MAXR];
	size_t n = 0, i, j;
	struct range *cur = NULL;

	for (i = 0; i < t->n; i++) {
		edge[n++] = t->r[i].s;
		edge[n++] = t->r[i].e;
	}
	qsort(edge, n, sizeof(edge[0]), cmp_u64);
	for (i = 0; i + 1 < n; i++) {
		uint64_t s = edge[i], e = edge[i + 1];
		uint32_t type = 0;

		if (s == e)
			continue;
		for (j = 0; j < t->n; j++)
			if (t->r[j].s <= s && e <= t->r[j].e &&
			    t->r[j].type > type)
				type = t->r[j].type;
		if (type == MB_E820_SOFT_RESERVED)
			push(&b->fwresv, s, e);
		if (!is_e820_ram(type)) {
			cur = NULL;
			continue;
		}
		if (cur && cur->e == s)
			cur->e = e;
		else
			cur = push(&b->ram, s, e);
	}
}

/*
 * The e820 type x86's EFI stub gives a descriptor, 0 for none: RAM for
 * what is free after ExitBootServices() (soft reserved when marked
 * specific-purpose), and unaccepted memory; the ACPI, NVS, unusable and
 * persistent types keep their e820 names; firmware-owned and I/O ranges
 * are reserved.  Caching attributes play no part.
 */
static uint32_t stub_type(const struct range *d)
{
	switch (d->type) {
	case MB_EFI_LOADER_CODE: case MB_EFI_LOADER_DATA:
	case MB_EFI_BOOT_SERVICES_CODE: case MB_EFI_BOOT_SERVICES_DATA:
	case MB_EFI_CONVENTIONAL:
		return d->attr & MB_EFI_MEMORY_SP ? MB_E820_SOFT_RESERVED
						  : MB_E820_RAM;
	case MB_EFI_UNACCEPTED: return MB_E820_RAM;
	case MB_EFI_ACPI_RECLAIM: return MB_E820_ACPI;
	case MB_EFI_ACPI_NVS: return MB_E820_NVS;
	case MB_EFI_UNUSABLE: return MB_E820_UNUSABLE;
	case MB_EFI_PERSISTENT: return MB_E820_PMEM;
	case MB_EFI_RESERVED: case MB_EFI_RUNTIME_SERVICES_CODE:
	case MB_EFI_RUNTIME_SERVICES_DATA: case MB_EFI_MMIO:
	case MB_EFI_MMIO_PORT_SPACE: case MB_EFI_PAL_CODE:
		return MB_E820_RESERVED;
	default: return 0;
	}
}

/* A UEFI map as an x86 kernel gets it: the stub's e820 table. */
static const struct rlist *efi_as_e820(const struct bootlog *b)
{
	static struct rlist t;
	size_t i;

	for (i = 0; i < b->efi.n; i++) {
		uint32_t type = stub_type(&b->efi.r[i]);

		if (type && b->efi.r[i].s != b->efi.r[i].e)
			push(&t, b->efi.r[i].s, b->efi.r[i].e)->type = type;
	}
	return &t;
}

/* Whole pages only; regions that vanish are dropped. */
static void trim_pages(struct rlist *l)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		struct range r = l->r[i];

		r.s = (r.s + PAGE - 1) & ~(PAGE - 1);
		r.e &= ~(PAGE - 1);
		if (r.s < r.e)
			l->r[k++] = r;
	}
	l->n = k;
}

/* Adjacent regions on the same node are one region, as in memblock. */
static void merge_nodes(struct rlist *l)
{
	size_t k, m = 0;

	for (k = 0; k < l->n; k++)
		if (m && l->r[m - 1].e == l->r[k].s &&
		    l->r[m - 1].nid == l->r[k].nid)
			l->r[m - 1].e = l->r[k].e;
		else
			l->r[m++] = l->r[k];
	l->n = m;
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

static uint64_t read_cells(const fdt32_t *p, int n)
{
	return n == 2 ? (uint64_t)fdt32_ld(p) << 32 | fdt32_ld(p + 1) :
	       n == 1 ? fdt32_ld(p) : 0;
}

/* Each (address, size) pair of @node's "reg", read with @parent's cells. */
static void dt_reg(const void *fdt, int parent, int node, struct rlist *l,
		   int nid, uint32_t type)
{
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	int len, i;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	for (i = 0; reg && ac > 0 && (i + 1) * (ac + sc) * 4 <= len; i++) {
		uint64_t a = read_cells(reg + i * (ac + sc), ac);
		uint64_t n = read_cells(reg + i * (ac + sc) + ac, sc);
		struct range *r = push(l, a, a + n);

		r->nid = nid;
		r->type = type;
	}
}

/* The free space after the blob's last block, not in the DTB lines. */
static void unfold_dtb(struct bootlog *b)
{
	if (b->dtb_len < b->dtb_total && b->dtb_total <= sizeof(b->dtb)) {
		memset(b->dtb + b->dtb_len, 0, b->dtb_total - b->dtb_len);
		b->dtb_len = (size_t)b->dtb_total;
	}
}

/*
 * RAM from the device tree (libfdt): /memory nodes on their
 * numa-node-id (all on node 0 unless every node has one, as Linux's
 * of_numa_init() falls back to one node), each reg trimmed to whole pages,
 * adjacent ranges of a node merged; /reserved-memory children and
 * /memreserve/ entries are never handed off (no-map or not).
 */
static void model_dtb(struct bootlog *b)
{
	const void *fdt = b->dtb;
	int node, rm, i, len;
	size_t k;
	bool numa = true;

	if (fdt_check_header(fdt) || fdt_totalsize(fdt) != b->dtb_len) {
		fail("the DTB lines are no complete device tree");
		return;
	}
	fdt_for_each_subnode(node, fdt, 0) {
		const char *dt = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *nid = fdt_getprop(fdt, node, "numa-node-id",
						 &len);

		if (!dt || strcmp(dt, "memory"))
			continue;
		dt_reg(fdt, 0, node, &b->ram,
		       nid && len == 4 ? (int)fdt32_ld(nid) : 0, 0);
		numa = numa && nid && len == 4;
	}
	for (k = 0; !numa && k < b->ram.n; k++)
		b->ram.r[k].nid = 0;
	trim_pages(&b->ram);
	qsort(b->ram.r, b->ram.n, sizeof(b->ram.r[0]), cmp_range);
	merge_nodes(&b->ram);
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm >= 0)
		fdt_for_each_subnode(node, fdt, rm)
			dt_reg(fdt, rm, node, &b->fwresv, NO_NID, 0);
	for (i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		uint64_t a, n;

		fdt_get_mem_rsv(fdt, i, &a, &n);
		push(&b->fwresv, a, a + n);
	}
}

/*
 * RAM past the last page phys_addr_t can end at is not memblock's: the
 * importers cut it there (a 32-bit build, hostcheck32, for the 32-bit Arm
 * kernel: RAM reaching 4 GiB loses its last page, RAM above is left out).
 */
static void cap_phys(struct rlist *l)
{
	uint64_t top = (uint64_t)PHYS_ADDR_MAX & ~(PAGE - 1);
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		struct range r = l->r[i];

		if (r.e > top)
			r.e = top;
		if (r.s < r.e)
			l->r[n++] = r;
	}
	l->n = n;
}

/*
 * FW node lines (x86: SRAT ranges, or one range for all) assign nodes
 * in order, splitting RAM regions at their edges.
 */
static void model_nodes(struct bootlog *b)
{
	static struct rlist out;
	size_t i, j;

	for (j = 0; j < b->nodes.n; j++) {
		const struct range *nd = &b->nodes.r[j];

		out.n = 0;
		for (i = 0; i < b->ram.n; i++) {
			struct range r = b->ram.r[i];
			uint64_t s = r.s > nd->s ? r.s : nd->s;
			uint64_t e = r.e < nd->e ? r.e : nd->e;

			if (s >= e) {
				*push(&out, r.s, r.e) = r;
				continue;
			}
			if (r.s < s)
				push(&out, r.s, s)->nid = r.nid;
			push(&out, s, e)->nid = nd->nid;
			if (e < r.e)
				push(&out, e, r.e)->nid = r.nid;
		}
		b->ram = out;
	}
	merge_nodes(&b->ram);
}

/* mem=: keep the lowest @limit bytes of RAM. */
static void model_memlimit(struct rlist *ram, uint64_t limit)
{
	size_t i;

	if (!limit)
		return;
	for (i = 0; i < ram->n; i++) {
		uint64_t size = ram->r[i].e - ram->r[i].s;

		if (size >= limit) {
			ram->r[i].e = ram->r[i].s + limit;
			ram->n = i + 1;
			return;
		}
		limit -= size;
	}
}

static bool overlaps(const struct range *a, const struct range *b)
{
	return a->s < b->e && b->s < a->e;
}

/* What a hand-off releases. */
struct count {
	uint64_t pages, blocks;
};

/* The largest block the kernel's buddy allocators take (demo.c). */
#define HANDOFF_MAX_ORDER 10

/* Pages [ps, pe) as the fewest naturally aligned blocks: how many. */
static uint64_t aligned_blocks(uint64_t ps, uint64_t pe)
{
	uint64_t n = 0;

	while (ps < pe) {
		unsigned o = 0;

		while (o < HANDOFF_MAX_ORDER && !(ps & ((2ull << o) - 1)) &&
		       pe - ps >= 2ull << o)
			o++;
		ps += 1ull << o;
		n++;
	}
	return n;
}

/* Whole free pages of [s, e) that no range of @res covers, into @c. */
static void free_pages(uint64_t s, uint64_t e, const struct rlist *res,
		       struct count *c)
{
	uint64_t pos = s;

	while (pos < e) {
		uint64_t next = e; /* end of the free stretch from pos */
		uint64_t skip = pos;
		size_t i;
		bool moved = true;

		/* Step over reservations covering pos. */
		while (moved) {
			moved = false;
			for (i = 0; i < res->n; i++)
				if (res->r[i].s <= skip && skip < res->r[i].e) {
					skip = res->r[i].e;
					moved = true;
				}
		}
		if (skip >= e)
			break;
		for (i = 0; i < res->n; i++)
			if (res->r[i].s > skip && res->r[i].s < next)
				next = res->r[i].s;
		{
			uint64_t ps = (skip + PAGE - 1) / PAGE, pe = next / PAGE;

			if (ps < pe) {
				c->pages += pe - ps;
				c->blocks += aligned_blocks(ps, pe);
			}
		}
		pos = next;
	}
}

static struct count model_handoff(const struct bootlog *b)
{
	static struct rlist res;
	struct count c = { 0, 0 };
	size_t i;

	res.n = 0;
	for (i = 0; i < b->resv.n; i++)
		res.r[res.n++] = b->resv.r[i];
	for (i = 0; i < b->fwresv.n; i++)
		res.r[res.n++] = b->fwresv.r[i];
	for (i = 0; i < b->allocs.n; i++)
		res.r[res.n++] = b->allocs.r[i];
	for (i = 0; i < b->ram.n; i++)
		free_pages(b->ram.r[i].s, b->ram.r[i].e, &res, &c);
	return c;
}

/* ---- the model: checks on allocations ---- */

static const struct range *ram_holding(const struct bootlog *b,
				       const struct range *a)
{
	size_t i;

	for (i = 0; i < b->ram.n; i++)
		if (b->ram.r[i].s <= a->s && a->e <= b->ram.r[i].e)
			return &b->ram.r[i];
	return NULL;
}

static void check_alloc_against(const struct range *a, const struct rlist *l,
				 const char *kind)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (a != &l->r[i] && overlaps(a, &l->r[i]))
			fail("ALLOC %s [0x%lx-0x%lx) overlaps %s %s [0x%lx-0x%lx)",
			     a->what, a->s, a->e, kind, l->r[i].what,
			     l->r[i].s, l->r[i].e);
}

/* Blocks the buddy allocator gave out: free RAM, nothing reserved. */
static void check_buddy(const struct bootlog *b)
{
	size_t i;

	if (!b->has_buddy) {
		fail("no BUDDY line");
		return;
	}
	if (b->buddy_free != b->pages || b->buddy_rejected)
		fail("the buddy allocator holds %lu pages (%lu rejected), the "
		     "hand-off gave %lu", b->buddy_free, b->buddy_rejected,
		     b->pages);
	for (i = 0; i < b->pages_taken.n; i++) {
		const struct range *a = &b->pages_taken.r[i];

		if (!ram_holding(b, a))
			fail("PAGEALLOC [0x%lx-0x%lx) is not RAM", a->s, a->e);
		check_alloc_against(a, &b->resv, "RESV");
		check_alloc_against(a, &b->fwresv, "firmware reservation");
		check_alloc_against(a, &b->allocs, "ALLOC");
		check_alloc_against(a, &b->pages_taken, "PAGEALLOC");
	}
}

static void check_allocs(const struct bootlog *b)
{
	size_t i;

	for (i = 0; i < b->allocs.n; i++) {
		const struct range *a = &b->allocs.r[i];
		const struct range *ram = ram_holding(b, a);

		if (!ram)
			fail("ALLOC %s [0x%lx-0x%lx) is not inside one RAM region",
			     a->what, a->s, a->e);
		else if (a->nid != NO_NID && ram->nid != a->nid)
			fail("ALLOC %s [0x%lx-0x%lx) asked for node %d, got node %d",
			     a->what, a->s, a->e, a->nid, ram->nid);
		if (a->e > a->limit || a->e > a->max)
			fail("ALLOC %s [0x%lx-0x%lx) is above the limit 0x%lx "
			     "or its bound 0x%lx",
			     a->what, a->s, a->e, a->limit, a->max);
		check_alloc_against(a, &b->resv, "RESV");
		check_alloc_against(a, &b->fwresv, "firmware reservation");
		check_alloc_against(a, &b->allocs, "ALLOC");
	}
}

/* ---- the replay through the library ---- */

static char host_dump[1 << 16];
static size_t host_dump_len;

void memblock_env_write(const char *s, size_t len)
{
	if (host_dump_len + len < sizeof(host_dump)) {
		memcpy(host_dump + host_dump_len, s, len);
		host_dump_len += len;
	}
}

size_t memblock_env_symbolize(const void *addr, char *buf, size_t len)
{
	(void)addr;
	(void)buf;
	(void)len;
	return 0;
}

static void count_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct count *c = ctx;

	(void)base;
	c->pages += 1ull << order;
	c->blocks++;
}

static void put_le(unsigned char *p, uint64_t v, unsigned bytes)
{
	while (bytes--) {
		*p++ = (unsigned char)v;
		v >>= 8;
	}
}

/* The FW efi lines back into a UEFI memory map (40-byte descriptors). */
static void replay_efi(struct memblock *mb, const struct bootlog *b)
{
	static unsigned char map[MAXR * 40];
	size_t i;

	if (!b->efi.n)
		return;
	memset(map, 0, sizeof(map));
	for (i = 0; i < b->efi.n; i++) {
		unsigned char *d = map + 40 * i;

		put_le(d, b->efi.r[i].type, 4);
		put_le(d + 8, b->efi.r[i].s, 8);
		put_le(d + 24, (b->efi.r[i].e - b->efi.r[i].s) >> 12, 8);
		put_le(d + 32, b->efi.r[i].attr, 8);
	}
	if (mb_import_efi_x86(mb, map, 40 * b->efi.n, 40, 0, NULL))
		fail("replay: mb_import_efi_x86 failed");
}

/* The FW e820 lines back into a multiboot 1 memory map, as loaders lay it out. */
static void replay_import(struct memblock *mb, const struct bootlog *b)
{
	static unsigned char mmap[MAXR * 24];
	size_t i;

	for (i = 0; i < b->e820.n; i++) {
		unsigned char *e = mmap + 24 * i;

		put_le(e, 20, 4);
		put_le(e + 4, b->e820.r[i].s, 8);
		put_le(e + 12, b->e820.r[i].e - b->e820.r[i].s, 8);
		put_le(e + 20, b->e820.r[i].type, 4);
	}
	if (b->e820.n && mb_import_multiboot1(mb, mmap, 24 * b->e820.n, NULL))
		fail("replay: mb_import_multiboot1 failed");
	replay_efi(mb, b);
	if (b->has_dtb) {
		if (mb_import_fdt(mb, b->dtb, b->dtb_len, NULL, NULL))
			fail("replay: mb_import_fdt failed");
		for (i = 0; i < mb->memory.cnt; i++)
			if (mb->memory.regions[i].nid == MAX_NUMNODES) {
				mb_set_node(mb, &mb->memory, 0, PHYS_ADDR_MAX, 0);
				break;
			}
	}
	for (i = 0; i < b->nodes.n; i++)
		if (mb_set_node(mb, &mb->memory, b->nodes.r[i].s,
				b->nodes.r[i].e - b->nodes.r[i].s,
				b->nodes.r[i].nid))
			fail("replay: mb_set_node failed");
}

/* What mb_free_all() hands off; fills host_dump. */
static struct count replay(const struct bootlog *b)
{
	static struct memblock_region mem[MAXR], res[MAXR];
	struct memblock mb;
	struct mb_handoff h = { .free_block = count_block,
				.max_order = HANDOFF_MAX_ORDER };
	struct count c = { 0, 0 };
	size_t i;

	mb_init(&mb, mem, MAXR, res, MAXR, NULL, 0);
	replay_import(&mb, b);
	for (i = 0; i < b->resv.n; i++)
		mb_reserve(&mb, b->resv.r[i].s, b->resv.r[i].e - b->resv.r[i].s);
	if (b->memlimit)
		mb_enforce_memory_limit(&mb, b->memlimit);
	for (i = 0; i < b->allocs.n; i++) {
		const struct range *a = &b->allocs.r[i];
		const struct range *ram = ram_holding(b, a);
		int nid = ram && ram->nid == a->nid ? a->nid : NUMA_NO_NODE;

		mb_reserve_node(&mb, a->s, a->e - a->s, nid,
				MEMBLOCK_RSRV_KERN);
	}
	host_dump_len = 0;
	mb_dump(&mb);
	h.ctx = &c;
	mb_free_all(&mb, &h, NULL);
	return c;
}

/* The kernel's dump against the replay's, without the heading line. */
static void compare_dumps(const struct bootlog *b)
{
	const char *body = memchr(host_dump, '\n', host_dump_len);
	size_t len;

	if (!b->dump_len) {
		fail("no memblock dump in the log");
		return;
	}
	body = body ? body + 1 : host_dump;
	len = host_dump_len - (size_t)(body - host_dump);
	if (len != b->dump_len || memcmp(body, b->dump, len))
		fail("memblock dump differs from the host replay:\n"
		     "--- kernel\n%.*s--- host\n%.*s",
		     (int)b->dump_len, b->dump, (int)len, body);
}

static void check_image_reserved(const struct bootlog *b, uint64_t s,
				 uint64_t e)
{
	size_t i;

	for (i = 0; i < b->resv.n; i++)
		if (b->resv.r[i].s <= s && e <= b->resv.r[i].e)
			return;
	fail("no reservation covers the kernel image [0x%lx-0x%lx)", s, e);
}

int main(int argc, char **argv)
{
	static struct bootlog b;
	struct count model, lib;
	FILE *f;

	if ((argc != 2 && argc != 4) || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: hostcheck LOG [IMAGE_START IMAGE_END]\n");
		return 2;
	}
	read_log(&b, f);
	fclose(f);
	if (!b.done)
		fail("no DONE line");
	if (!b.has_handoff)
		fail("no HANDOFF line");
	if (!b.e820.n && !b.efi.n && !b.has_dtb)
		fail("no firmware map in the log");
	if (b.has_dtb) {
		unfold_dtb(&b);
		model_dtb(&b);
	} else {
		model_e820(&b, b.efi.n ? efi_as_e820(&b) : &b.e820);
		trim_pages(&b.ram);
	}
	cap_phys(&b.ram);
	model_nodes(&b);
	model_memlimit(&b.ram, b.memlimit);
	model = model_handoff(&b);
	lib = replay(&b);
	check_allocs(&b);
	check_buddy(&b);
	compare_dumps(&b);
	if (argc == 4)
		check_image_reserved(&b, strtoull(argv[2], NULL, 16),
				     strtoull(argv[3], NULL, 16));
	if (b.pages != model.pages || b.blocks != model.blocks)
		fail("kernel handed off %lu pages in %lu blocks, the model "
		     "expects %lu in %lu", b.pages, b.blocks, model.pages,
		     model.blocks);
	if (b.pages != lib.pages || b.blocks != lib.blocks)
		fail("kernel handed off %lu pages in %lu blocks, the host "
		     "replay %lu in %lu", b.pages, b.blocks, lib.pages,
		     lib.blocks);
	if (failures)
		return 1;
	printf("ok pages=%lu blocks=%lu ram_regions=%zu reservations=%zu "
	       "allocations=%zu\n", b.pages, b.blocks, b.ram.n,
	       b.resv.n + b.fwresv.n, b.allocs.n);
	return 0;
}
