/* SPDX-License-Identifier: MIT */
/*
 * import.h - what the firmware-map importers share; not installed.
 */
#ifndef MEMBLOCK_IMPORT_INTERNAL_H
#define MEMBLOCK_IMPORT_INTERNAL_H

#include "internal.h"
#include "memblock_import.h"

/*
 * A table of ranges with a small key each, walked as its sanitised form:
 * the address space is cut at every range edge and each piece gets the
 * keys of all ranges covering it combined by @combine (0 = nothing).  No
 * copy of the table is made, so the walk needs no memory.  A table whose
 * ranges are in address order and do not overlap (what firmware nearly
 * always hands over) is walked in one pass, O(n); any other is swept
 * edge by edge, reading every range once per edge, O(n^2).
 */
struct mb_walk_src {
	size_t n;
	/*
	 * Range @i: [*start, *end) once capped, and its key; false when it
	 * is left out.
	 */
	bool (*range)(const void *ctx, size_t i, uint64_t *start,
		      uint64_t *end, uint32_t *key);
	uint32_t (*combine)(uint32_t a, uint32_t b);
	const void *ctx;
};

struct mb_walk {
	const struct mb_walk_src *src;
	uint64_t pos, next; /* the piece at pos runs to next */
	uint32_t key;       /* ... with this key */
	bool more;          /* next is a real edge */
	bool ordered;       /* sorted and disjoint: walked in one pass */
	size_t at;          /* ... from this range on */
};

void mb_walk_start(struct mb_walk *w, const struct mb_walk_src *src);
/*
 * Next piece [*start, *end) with a non-zero key, adjacent pieces of one
 * key merged.  False at the end.
 */
bool mb_walk_next(struct mb_walk *w, uint64_t *start, uint64_t *end,
		  uint32_t *key);

/* The first address no range may reach: the top of phys_addr_t. */
#define MB_IMPORT_CAP ((uint64_t)PHYS_ADDR_MAX)

/*
 * Cap [base, base + size) (which must not wrap 64 bits) at the top of
 * phys_addr_t; false when nothing of it is left.
 */
bool mb_import_cap(uint64_t base, uint64_t size, uint64_t *start,
		   uint64_t *end);

/*
 * Make sure memory can take @mem more regions and reserved @rsv more, so
 * that the import that follows cannot fail.  Tables grow through the
 * instance's growth rules; @replan recomputes the needs after memory grew
 * (a self-grown array is itself reserved).
 */
int mb_import_room(struct memblock *mb, unsigned long *mem,
		   unsigned long *rsv, void (*replan)(void *ctx), void *ctx);

/*
 * An e820 table read through an accessor, so that tables in other layouts
 * (multiboot) are imported without a copy.  Entries are fetched in index
 * order within each pass, which lets a variable-stride reader keep a
 * cursor.
 */
struct mb_e820_src {
	size_t n;
	void (*get)(void *ctx, size_t i, struct mb_e820_entry *e);
	void *ctx;
};

/* mb_import_e820() on an accessor. */
int mb_import_e820_src(struct memblock *mb, const struct mb_e820_src *src,
		       struct mb_import_report *rep);

#endif
