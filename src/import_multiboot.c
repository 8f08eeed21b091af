// SPDX-License-Identifier: MIT
/*
 * import_multiboot.c - multiboot 1 and 2 memory maps, read in place and
 * fed to the e820 importer (their entry types are e820's), and the
 * multiboot 2 EFI memory-map tag, fed to the UEFI importer.
 */
#include "import.h"

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* base_addr, length, type: the layout both versions share. */
static void read_entry(const unsigned char *p, struct mb_e820_entry *e)
{
	e->addr = le64(p);
	e->size = le64(p + 8);
	e->type = le32(p + 16);
}

static int bad(struct mb_import_report *rep, unsigned long entries,
	       unsigned long index)
{
	if (rep)
		*rep = (struct mb_import_report){ .entries = entries,
						  .bad_index = index };
	return -MB_EINVAL;
}

/* ---- Multiboot 1: entries of varying size, each led by its size ---- */

struct mb1_map {
	const unsigned char *p;
	size_t i, off; /* cursor: entry i starts at byte off */
};

/* Entries are read in index order: keep a cursor, restart at 0. */
static void mb1_entry(void *ctx, size_t i, struct mb_e820_entry *e)
{
	struct mb1_map *m = ctx;

	if (i < m->i)
		m->i = m->off = 0;
	for (; m->i < i; m->i++)
		m->off += 4 + le32(m->p + m->off);
	read_entry(m->p + m->off + 4, e);
}

int mb_import_multiboot1(struct memblock *mb, const void *mmap,
			 size_t length, struct mb_import_report *rep)
{
	struct mb1_map m = { mmap, 0, 0 };
	struct mb_e820_src src = { 0, mb1_entry, &m };
	size_t off = 0, size;

	if (!mmap && length)
		return bad(rep, 0, 0);
	while (off < length) {
		if (src.n == MB_E820_MAX_ENTRIES)
			return bad(rep, src.n, MB_E820_MAX_ENTRIES);
		if (length - off < 4)
			return bad(rep, src.n, src.n);
		size = le32(m.p + off);
		if (size < MB_MULTIBOOT1_ENTRY_MIN || size > length - off - 4)
			return bad(rep, src.n, src.n);
		off += 4 + size;
		src.n++;
	}
	return mb_import_e820_src(mb, &src, rep);
}

/* ---- Multiboot 2: entries entry_size apart ---- */

struct mb2_map {
	const unsigned char *p;
	size_t entry_size;
};

static void mb2_entry(void *ctx, size_t i, struct mb_e820_entry *e)
{
	const struct mb2_map *m = ctx;

	read_entry(m->p + i * m->entry_size, e);
}

int mb_import_multiboot2(struct memblock *mb, const void *entries,
			 size_t length, size_t entry_size,
			 struct mb_import_report *rep)
{
	struct mb2_map m = { entries, entry_size };
	struct mb_e820_src src = { 0, mb2_entry, &m };
	size_t left = length;

	if ((!entries && length) || entry_size < MB_MULTIBOOT2_ENTRY_MIN ||
	    entry_size % 8)
		return bad(rep, 0, 0);
	/* Count without dividing (no divide helper on 32-bit Arm). */
	for (; left >= entry_size; left -= entry_size) {
		if (src.n == MB_E820_MAX_ENTRIES)
			return bad(rep, src.n, MB_E820_MAX_ENTRIES);
		src.n++;
	}
	if (left)
		return bad(rep, src.n, src.n);
	return mb_import_e820_src(mb, &src, rep);
}

/* ---- Multiboot 2 information structure ---- */

const void *mb_multiboot2_find_tag(const void *info, uint32_t type,
				   uint32_t *size)
{
	const unsigned char *p = info;
	uint32_t total, off = 8, tsize, ttype;

	if (!p)
		return NULL;
	total = le32(p);
	while (total >= 8 && off <= total - 8) {
		ttype = le32(p + off);
		tsize = le32(p + off + 4);
		if (ttype == MB_MULTIBOOT2_TAG_END || tsize < 8 ||
		    tsize > total - off)
			return NULL;
		if (ttype == type) {
			if (size)
				*size = tsize;
			return p + off;
		}
		/* Tags start on 8-byte boundaries. */
		if (tsize > total - off - ((8 - tsize % 8) % 8))
			return NULL;
		off += tsize + (8 - tsize % 8) % 8;
	}
	return NULL;
}

int mb_import_multiboot2_mmap_tag(struct memblock *mb, const void *tag,
				  struct mb_import_report *rep)
{
	const unsigned char *t = tag;
	uint32_t size;

	if (!t || le32(t) != MB_MULTIBOOT2_TAG_MMAP || (size = le32(t + 4)) < 16)
		return bad(rep, 0, 0);
	return mb_import_multiboot2(mb, t + 16, size - 16, le32(t + 8), rep);
}

int mb_import_multiboot2_efi_tag(struct memblock *mb, const void *tag,
				 unsigned efi_flags,
				 struct mb_import_report *rep)
{
	const unsigned char *t = tag;
	uint32_t size;

	if (!t || le32(t) != MB_MULTIBOOT2_TAG_EFI_MMAP ||
	    (size = le32(t + 4)) < 16)
		return bad(rep, 0, 0);
	return mb_import_efi(mb, t + 16, size - 16, le32(t + 8), efi_flags,
			     rep);
}
