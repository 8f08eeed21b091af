// SPDX-License-Identifier: MIT
/*
 * import_e820.c - sanitising an e820 table and feeding it to memblock the
 * way Linux's x86 setup does; e820 type names.
 */
#include "internal.h"
#include "memblock_import.h"

/* The first address an entry cannot cover: the top of phys_addr_t. */
#define E820_CAP ((uint64_t)PHYS_ADDR_MAX)

/* [start, end) of an entry once capped; false when it covers nothing. */
static bool entry_span(const struct mb_e820_entry *e, uint64_t *start,
		       uint64_t *end)
{
	if (!e->size || e->addr >= E820_CAP)
		return false;
	*start = e->addr;
	*end = e->size > E820_CAP - e->addr ? E820_CAP : e->addr + e->size;
	return true;
}

/*
 * Cursor over the sanitised table.  Each step finds the next change
 * point above @pos among all entry edges and the highest type covering
 * the piece in between; no copy of the table is made.
 */
struct e820_walk {
	const struct mb_e820_entry *map;
	size_t n;
	uint64_t pos;
	bool done;
};

/* Smallest entry edge above @pos; false when there is none. */
static bool next_edge(const struct e820_walk *w, uint64_t pos, uint64_t *out)
{
	bool found = false;
	uint64_t best = 0, s, e;
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (!entry_span(&w->map[i], &s, &e))
			continue;
		if (s > pos && (!found || s < best))
			best = s, found = true;
		if (e > pos && (!found || e < best))
			best = e, found = true;
	}
	*out = best;
	return found;
}

/* Highest type covering the byte at @pos, 0 when none does. */
static uint32_t type_at(const struct e820_walk *w, uint64_t pos)
{
	uint32_t t = 0;
	uint64_t s, e;
	size_t i;

	for (i = 0; i < w->n; i++)
		if (entry_span(&w->map[i], &s, &e) && s <= pos && pos < e &&
		    w->map[i].type > t)
			t = w->map[i].type;
	return t;
}

static void walk_start(struct e820_walk *w, const struct mb_e820_entry *map,
		       size_t n)
{
	w->map = map;
	w->n = n;
	w->pos = 0;
	/* Edges are searched strictly above pos: start just "below" 0. */
	w->done = false;
	if (type_at(w, 0) == 0 && !next_edge(w, 0, &w->pos))
		w->done = true;
}

/*
 * Next sanitised range [*start, *end) of type *type (never 0), with
 * adjacent pieces of one type merged.  False at the end of the table.
 */
static bool walk_next(struct e820_walk *w, uint64_t *start, uint64_t *end,
		      uint32_t *type)
{
	uint64_t edge;
	uint32_t t;

	while (!w->done) {
		t = type_at(w, w->pos);
		if (!next_edge(w, w->pos, &edge)) {
			w->done = true;
			return false;
		}
		if (!t) {
			w->pos = edge;
			continue;
		}
		*start = w->pos;
		*type = t;
		while (next_edge(w, edge, &w->pos) && type_at(w, edge) == t)
			edge = w->pos;
		*end = edge;
		w->pos = edge;
		return true;
	}
	return false;
}

enum e820_use { USE_NONE, USE_MEMORY, USE_RESERVED };

static enum e820_use e820_use(uint32_t type)
{
	if (type == MB_E820_RAM || type == MB_E820_RESERVED_KERN)
		return USE_MEMORY;
	if (type == MB_E820_SOFT_RESERVED)
		return USE_RESERVED;
	return USE_NONE;
}

static int check_entries(const struct mb_e820_entry *map, size_t n,
			 unsigned long *bad)
{
	size_t i;

	if (n > MB_E820_MAX_ENTRIES) {
		*bad = MB_E820_MAX_ENTRIES;
		return -MB_EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (map[i].size > UINT64_MAX - map[i].addr) {
			*bad = (unsigned long)i;
			return -MB_EINVAL;
		}
	}
	return 0;
}

/* Regions each table would take (before merging) and the report. */
struct e820_plan {
	unsigned long mem_pieces, rsv_pieces;
	uint64_t added, reserved;
};

static void plan_import(const struct memblock *mb,
			const struct mb_e820_entry *map, size_t n,
			struct e820_plan *p)
{
	struct e820_walk w;
	uint64_t s, e;
	uint32_t t;

	*p = (struct e820_plan){ 0 };
	walk_start(&w, map, n);
	while (walk_next(&w, &s, &e, &t)) {
		/* Ranges are disjoint: counting against the table as it is
		 * now gives what each add will insert when its turn comes. */
		switch (e820_use(t)) {
		case USE_MEMORY:
			p->mem_pieces += mb_add_count(&mb->memory, (phys_addr_t)s,
						      (phys_addr_t)(e - s));
			p->added += e - s;
			break;
		case USE_RESERVED:
			p->rsv_pieces += mb_add_count(&mb->reserved,
						      (phys_addr_t)s,
						      (phys_addr_t)(e - s));
			p->reserved += e - s;
			break;
		case USE_NONE:
			break;
		}
	}
}

static unsigned long count_ignored(const struct mb_e820_entry *map, size_t n)
{
	unsigned long ign = 0;
	uint64_t s, e;
	size_t i;

	for (i = 0; i < n; i++)
		if (!entry_span(&map[i], &s, &e) ||
		    e820_use(map[i].type) == USE_NONE)
			ign++;
	return ign;
}

/* Grow the tables up front so that no add below can fail. */
static int make_room(struct memblock *mb, const struct mb_e820_entry *map,
		     size_t n, struct e820_plan *p)
{
	int err;

	if (mb->memory.cnt + p->mem_pieces > mb->memory.max) {
		err = mb_ensure_room(mb, &mb->memory, p->mem_pieces, 0, 0);
		if (err)
			return err;
		/* A self-grown array is reserved: count reserved again. */
		plan_import(mb, map, n, p);
	}
	if (mb->reserved.cnt + p->rsv_pieces > mb->reserved.max)
		return mb_ensure_room(mb, &mb->reserved, p->rsv_pieces, 0, 0);
	return 0;
}

int mb_import_e820(struct memblock *mb, const struct mb_e820_entry *map,
		   size_t n, struct mb_import_report *rep)
{
	struct mb_import_report r = { .entries = (unsigned long)n };
	struct e820_plan p;
	struct e820_walk w;
	uint64_t s, e;
	uint32_t t;
	int err;

	if (rep)
		*rep = r;
	if (!mb || (!map && n))
		return -MB_EINVAL;
	err = check_entries(map, n, rep ? &rep->bad_index : &r.bad_index);
	if (err)
		return err;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	plan_import(mb, map, n, &p);
	err = make_room(mb, map, n, &p);
	if (err)
		return err;

	walk_start(&w, map, n);
	while (walk_next(&w, &s, &e, &t)) {
		phys_addr_t base = (phys_addr_t)s, size = (phys_addr_t)(e - s);

		if (e820_use(t) == USE_MEMORY)
			err = mb_add(mb, base, size);
		else if (e820_use(t) == USE_RESERVED)
			err = mb_reserve(mb, base, size);
		if (err) /* cannot happen: room was made above */
			return err;
	}
	mb_trim_memory(mb, MB_PAGE_SIZE);

	r.ignored = count_ignored(map, n);
	r.added = p.added;
	r.reserved = p.reserved;
	if (rep)
		*rep = r;
	return 0;
}

/* ---- Names ---- */

const char *mb_e820_type_name(uint32_t type, enum mb_e820_style style)
{
	bool v7 = style == MB_E820_STYLE_V7;

	switch (type) {
	case MB_E820_RAM:
	case MB_E820_RESERVED_KERN:
		return v7 ? "System RAM" : "usable";
	case MB_E820_RESERVED:
		return v7 ? "device reserved" : "reserved";
	case MB_E820_SOFT_RESERVED:
		return "soft reserved";
	case MB_E820_ACPI:
		return "ACPI data";
	case MB_E820_NVS:
		return "ACPI NVS";
	case MB_E820_UNUSABLE:
		return "unusable";
	case MB_E820_PMEM:
		return v7 ? "persistent RAM (type 7)" : "persistent (type 7)";
	case MB_E820_PRAM:
		return v7 ? "persistent RAM (type 12)" : "persistent (type 12)";
	default:
		return NULL;
	}
}

/* Append @s to @buf (capacity @len) at offset @at; returns the new offset. */
static size_t put_str(char *buf, size_t len, size_t at, const char *s)
{
	for (; *s; s++, at++)
		if (at + 1 < len)
			buf[at] = *s;
	return at;
}

static size_t put_udec(char *buf, size_t len, size_t at, uint32_t v)
{
	char d[11];
	int i = 10;

	d[i] = '\0';
	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return put_str(buf, len, at, d + i);
}

size_t mb_e820_format_type(uint32_t type, enum mb_e820_style style,
			   char *buf, size_t len)
{
	const char *name = mb_e820_type_name(type, style);
	size_t at;

	if (name)
		at = put_str(buf, len, 0, name);
	else
		at = put_udec(buf, len, put_str(buf, len, 0, "type "), type);
	if (len)
		buf[at < len ? at : len - 1] = '\0';
	return at;
}

static bool text_is(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len && word[i]; i++)
		if (s[i] != word[i])
			return false;
	return i == len && !word[i];
}

/* A decimal number filling s[0, len) exactly, below 2^32. */
static bool parse_udec(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!len || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* "<prefix>N<suffix>" with a decimal N. */
static bool parse_numbered(const char *s, size_t len, const char *prefix,
			   const char *suffix, uint32_t *out)
{
	size_t p = 0, q = 0;

	while (prefix[p])
		p++;
	while (suffix[q])
		q++;
	if (len < p + q || !text_is(s, p, prefix) ||
	    !text_is(s + len - q, q, suffix))
		return false;
	return parse_udec(s + p, len - p - q, out);
}

int mb_e820_parse_type(const char *s, size_t len, uint32_t *type)
{
	static const struct {
		const char *name;
		uint32_t type;
	} names[] = {
		{ "usable", MB_E820_RAM },
		{ "System RAM", MB_E820_RAM },
		{ "reserved", MB_E820_RESERVED },
		{ "device reserved", MB_E820_RESERVED },
		{ "soft reserved", MB_E820_SOFT_RESERVED },
		{ "ACPI data", MB_E820_ACPI },
		{ "ACPI NVS", MB_E820_NVS },
		{ "unusable", MB_E820_UNUSABLE },
		/* Kernels before the "(type N)" suffix printed these. */
		{ "persistent", MB_E820_PRAM },
		{ "persistent RAM", MB_E820_PRAM },
	};
	size_t i;

	if (!s || !type)
		return -MB_EINVAL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (text_is(s, len, names[i].name)) {
			*type = names[i].type;
			return 0;
		}
	}
	if (parse_numbered(s, len, "persistent (type ", ")", type) ||
	    parse_numbered(s, len, "persistent RAM (type ", ")", type) ||
	    parse_numbered(s, len, "type ", "", type))
		return 0;
	return -MB_EINVAL;
}
