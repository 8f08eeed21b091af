// SPDX-License-Identifier: MIT
/*
 * import_efi.c - feeding a UEFI memory map to memblock the way Linux's
 * generic EFI code (arm64, riscv, loongarch) does, or the way an x86
 * kernel sees it: converted to e820 by the EFI stub.
 */
#include "import.h"

static uint64_t get_le(const unsigned char *p, unsigned bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

void mb_efi_read_desc(const void *map, size_t desc_size, size_t i,
		      struct mb_efi_desc *out)
{
	const unsigned char *d = (const unsigned char *)map + i * desc_size;

	out->type = (uint32_t)get_le(d, 4);
	out->phys_addr = get_le(d + 8, 8);
	out->num_pages = get_le(d + 24, 8);
	out->attribute = get_le(d + 32, 8);
}

/* What a descriptor asks of memblock: bits, OR-ed where they overlap. */
#define USE_MEMORY 0x1u
#define USE_NOMAP 0x2u
#define USE_RESERVE 0x4u

struct efi_map {
	const void *map;
	size_t desc_size;
	unsigned flags;
};

static bool is_usable(const struct mb_efi_desc *d)
{
	switch (d->type) {
	case MB_EFI_LOADER_CODE:
	case MB_EFI_LOADER_DATA:
	case MB_EFI_ACPI_RECLAIM:
	case MB_EFI_BOOT_SERVICES_CODE:
	case MB_EFI_BOOT_SERVICES_DATA:
	case MB_EFI_CONVENTIONAL:
	case MB_EFI_PERSISTENT:
		/* Free after ExitBootServices(), if it can be mapped WB. */
		return d->attribute & MB_EFI_MEMORY_WB;
	default:
		return false;
	}
}

static uint32_t desc_use(const struct efi_map *m, const struct mb_efi_desc *d)
{
	uint32_t use = USE_MEMORY;

	if (!(d->attribute &
	      (MB_EFI_MEMORY_WB | MB_EFI_MEMORY_WT | MB_EFI_MEMORY_WC)))
		return 0;
	if (!(m->flags & MB_EFI_NO_SOFT_RESERVE) &&
	    (d->attribute & MB_EFI_MEMORY_SP))
		return 0;
	if (!is_usable(d))
		use |= USE_NOMAP;
	if (d->type == MB_EFI_ACPI_RECLAIM)
		use |= USE_RESERVE;
	return use;
}

/* The range in whole pages of the page size, capped; false if empty. */
static bool desc_span(const struct mb_efi_desc *d, uint64_t *start,
		      uint64_t *end)
{
	uint64_t page = (uint64_t)MB_PAGE_SIZE;
	uint64_t s = d->phys_addr & ~(page - 1);
	uint64_t e = d->phys_addr + (d->num_pages << MB_EFI_PAGE_SHIFT);

	if (!d->num_pages)
		return false;
	/* Round the end up; at the very top, stay one byte short. */
	e = e > UINT64_MAX - (page - 1) ? UINT64_MAX : (e + page - 1) & ~(page - 1);
	return mb_import_cap(s, e - s, start, end);
}

static bool walk_range(const void *ctx, size_t i, uint64_t *start,
		       uint64_t *end, uint32_t *use)
{
	const struct efi_map *m = ctx;
	struct mb_efi_desc d;

	mb_efi_read_desc(m->map, m->desc_size, i, &d);
	*use = desc_use(m, &d);
	return *use && desc_span(&d, start, end);
}

static uint32_t either(uint32_t a, uint32_t b)
{
	return a | b;
}

/*
 * Whole descriptors in @map_size bytes, counting no further than one past
 * the limit; *@rest gets the bytes left over.  (No division: 32-bit Arm
 * has no divide instruction and the core links no helper library.)
 */
static size_t count_descs(size_t map_size, size_t desc_size, size_t *rest)
{
	size_t n = 0;

	while (map_size >= desc_size && n <= MB_EFI_MAX_DESCRIPTORS) {
		map_size -= desc_size;
		n++;
	}
	*rest = map_size;
	return n;
}

static int check_map(const void *map, size_t map_size, size_t desc_size,
		     size_t *count, unsigned long *bad)
{
	size_t n, i, rest;
	struct mb_efi_desc d;

	*count = 0;
	if (desc_size < MB_EFI_DESC_MIN_SIZE) {
		*bad = 0;
		return -MB_EINVAL;
	}
	n = *count = count_descs(map_size, desc_size, &rest);
	if (n > MB_EFI_MAX_DESCRIPTORS || rest) {
		*bad = (unsigned long)(n > MB_EFI_MAX_DESCRIPTORS ?
				       MB_EFI_MAX_DESCRIPTORS : n);
		return -MB_EINVAL;
	}
	for (i = 0; i < n; i++) {
		mb_efi_read_desc(map, desc_size, i, &d);
		if (d.num_pages > (UINT64_MAX >> MB_EFI_PAGE_SHIFT) ||
		    (d.num_pages << MB_EFI_PAGE_SHIFT) >
			    UINT64_MAX - d.phys_addr) {
			*bad = (unsigned long)i;
			return -MB_EINVAL;
		}
	}
	return 0;
}

/*
 * The arguments and the map checked, the report started (*@r, copied to
 * @rep): @n descriptors, or an error with bad_index set.
 */
static int begin_import(const struct memblock *mb, const void *map,
			size_t map_size, size_t desc_size, size_t *n,
			struct mb_import_report *r,
			struct mb_import_report *rep)
{
	int err = -MB_EINVAL;

	*r = (struct mb_import_report){ 0 };
	*n = 0;
	if (mb && (map || !map_size))
		err = check_map(map, map_size, desc_size, n, &r->bad_index);
	r->entries = (unsigned long)*n;
	if (rep)
		*rep = *r;
	return err;
}

/* What the import will need and report; recomputed after growth. */
struct efi_plan {
	const struct memblock *mb;
	const struct mb_walk_src *src;
	bool discard;
	unsigned long mem_need, rsv_need;
	uint64_t added, nomap, reserved;
};

static void plan_import(void *ctx)
{
	struct efi_plan *p = ctx;
	const struct memblock *mb = p->mb;
	unsigned long pieces = 0, marks = 0;
	struct mb_walk w;
	uint64_t s, e;
	uint32_t use;

	p->rsv_need = 0;
	p->added = p->nomap = p->reserved = 0;
	mb_walk_start(&w, p->src);
	while (mb_walk_next(&w, &s, &e, &use)) {
		phys_addr_t base = (phys_addr_t)s, size = (phys_addr_t)(e - s);

		/* Pieces are disjoint: counting against the tables as they
		 * are now gives what each add will insert in its turn. */
		if (p->discard)
			pieces++;
		else
			pieces += mb_add_count(&mb->memory, base, size);
		p->added += e - s;
		if (use & USE_NOMAP) {
			p->nomap += e - s;
			/* Marking memory that was there splits up to two. */
			if (!p->discard &&
			    mb_overlaps_region(&mb->memory, base, size))
				marks++;
		}
		if (use & USE_RESERVE) {
			p->rsv_need += mb_add_count(&mb->reserved, base, size);
			p->reserved += e - s;
		}
	}
	/*
	 * Mark j (from 0) finds at most pieces + 2j more regions and wants
	 * two free slots; each may split two regions.
	 */
	p->mem_need = pieces + 2 * marks;
	/* Discarding removes first (two free slots), then fills an empty
	 * table: the larger of the two needs. */
	if (p->discard)
		p->mem_need = pieces > mb->memory.cnt + 2 ?
				      pieces - mb->memory.cnt : 2;
}

static unsigned long count_ignored(const struct efi_map *m, size_t n)
{
	unsigned long ign = 0;
	size_t i;
	uint64_t s, e;
	uint32_t use;

	for (i = 0; i < n; i++)
		if (!walk_range(m, i, &s, &e, &use))
			ign++;
	return ign;
}

static int apply(struct memblock *mb, const struct efi_plan *p)
{
	struct mb_walk w;
	uint64_t s, e;
	uint32_t use;
	int err = 0;

	if (p->discard && mb->memory.cnt)
		err = mb_remove(mb, 0, PHYS_ADDR_MAX);
	/*
	 * Kept memory is marked first, while the table is as planned; the
	 * adds then fill only the gaps, with NOMAP where it is due.  Same
	 * result as Linux's add-then-mark.
	 */
	mb_walk_start(&w, p->src);
	while (!p->discard && !err && mb_walk_next(&w, &s, &e, &use)) {
		phys_addr_t base = (phys_addr_t)s, size = (phys_addr_t)(e - s);

		if ((use & USE_NOMAP) &&
		    mb_overlaps_region(&mb->memory, base, size))
			err = mb_set_flags(mb, &mb->memory, base, size,
					   MEMBLOCK_NOMAP);
	}
	mb_walk_start(&w, p->src);
	while (!err && mb_walk_next(&w, &s, &e, &use)) {
		phys_addr_t base = (phys_addr_t)s, size = (phys_addr_t)(e - s);

		err = mb_add_node(mb, base, size, MAX_NUMNODES,
				  use & USE_NOMAP ? MEMBLOCK_NOMAP :
						    MEMBLOCK_NONE);
		if (!err && (use & USE_RESERVE))
			err = mb_reserve(mb, base, size);
	}
	return err; /* never fails: room was made first */
}

int mb_import_efi(struct memblock *mb, const void *map, size_t map_size,
		  size_t desc_size, unsigned flags,
		  struct mb_import_report *rep)
{
	struct mb_import_report r;
	struct efi_map m = { map, desc_size, flags };
	struct mb_walk_src src;
	struct efi_plan p;
	size_t n;
	int err = begin_import(mb, map, map_size, desc_size, &n, &r, rep);

	if (err)
		return err;
	if (mb->priv.discarded)
		return -MB_ENOENT;

	src = (struct mb_walk_src){ n, walk_range, either, &m };
	p = (struct efi_plan){ .mb = mb, .src = &src,
			       .discard = !(flags & MB_EFI_KEEP_MEMORY) };
	plan_import(&p);
	err = mb_import_room(mb, &p.mem_need, &p.rsv_need, plan_import, &p);
	if (err)
		return err;
	err = apply(mb, &p);
	if (err)
		return err;

	r.ignored = count_ignored(&m, n);
	r.added = p.added;
	r.nomap = p.nomap;
	r.reserved = p.reserved;
	if (rep)
		*rep = r;
	return 0;
}

/* ---- x86: the EFI stub's e820 table ---- */

/* The e820 type the x86 EFI stub gives each EFI type (0: left out). */
static const uint32_t stub_types[MB_EFI_UNACCEPTED + 1] = {
	[MB_EFI_RESERVED] = MB_E820_RESERVED,
	[MB_EFI_LOADER_CODE] = MB_E820_RAM,
	[MB_EFI_LOADER_DATA] = MB_E820_RAM,
	[MB_EFI_BOOT_SERVICES_CODE] = MB_E820_RAM,
	[MB_EFI_BOOT_SERVICES_DATA] = MB_E820_RAM,
	[MB_EFI_RUNTIME_SERVICES_CODE] = MB_E820_RESERVED,
	[MB_EFI_RUNTIME_SERVICES_DATA] = MB_E820_RESERVED,
	[MB_EFI_CONVENTIONAL] = MB_E820_RAM,
	[MB_EFI_UNUSABLE] = MB_E820_UNUSABLE,
	[MB_EFI_ACPI_RECLAIM] = MB_E820_ACPI,
	[MB_EFI_ACPI_NVS] = MB_E820_NVS,
	[MB_EFI_MMIO] = MB_E820_RESERVED,
	[MB_EFI_MMIO_PORT_SPACE] = MB_E820_RESERVED,
	[MB_EFI_PAL_CODE] = MB_E820_RESERVED,
	[MB_EFI_PERSISTENT] = MB_E820_PMEM,
	/* A kernel that can accept memory: RAM, accepted on use. */
	[MB_EFI_UNACCEPTED] = MB_E820_RAM,
};

uint32_t mb_efi_x86_e820_type(const struct mb_efi_desc *d, unsigned flags)
{
	uint32_t t = d->type <= MB_EFI_UNACCEPTED ? stub_types[d->type] : 0;

	if (t == MB_E820_RAM && d->type != MB_EFI_UNACCEPTED &&
	    !(flags & MB_EFI_NO_SOFT_RESERVE) &&
	    (d->attribute & MB_EFI_MEMORY_SP))
		return MB_E820_SOFT_RESERVED;
	return t;
}

/* Descriptor @i as the e820 entry it becomes (empty when left out). */
static void stub_entry(void *ctx, size_t i, struct mb_e820_entry *e)
{
	const struct efi_map *m = ctx;
	struct mb_efi_desc d;

	mb_efi_read_desc(m->map, m->desc_size, i, &d);
	e->type = mb_efi_x86_e820_type(&d, m->flags);
	e->addr = d.phys_addr;
	e->size = e->type ? d.num_pages << MB_EFI_PAGE_SHIFT : 0;
}

int mb_import_efi_x86(struct memblock *mb, const void *map, size_t map_size,
		      size_t desc_size, unsigned flags,
		      struct mb_import_report *rep)
{
	struct mb_import_report r;
	struct efi_map m = { map, desc_size, flags };
	struct mb_e820_src src;
	size_t n;
	int err = begin_import(mb, map, map_size, desc_size, &n, &r, rep);

	if (err)
		return err;
	src = (struct mb_e820_src){ n, stub_entry, &m };
	return mb_import_e820_src(mb, &src, rep);
}
