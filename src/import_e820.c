// SPDX-License-Identifier: MIT
/*
 * import_e820.c - sanitising an e820 table and feeding it to memblock the
 * way Linux's x86 setup does; e820 type names.
 */
#include "import.h"

static void entry_at(const struct mb_e820_src *src, size_t i,
		     struct mb_e820_entry *e)
{
	src->get(src->ctx, i, e);
}

/* Entry @i capped to [start, end), its type as key; false if empty. */
static bool e820_range(const void *ctx, size_t i, uint64_t *start,
		       uint64_t *end, uint32_t *type)
{
	struct mb_e820_entry e;

	entry_at(ctx, i, &e);
	*type = e.type;
	return mb_import_cap(e.addr, e.size, start, end);
}

/* Linux's sanitiser: the highest type number wins an overlap. */
static uint32_t higher_type(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
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

static int check_entries(const struct mb_e820_src *src, unsigned long *bad)
{
	struct mb_e820_entry e;
	size_t i;

	if (src->n > MB_E820_MAX_ENTRIES) {
		*bad = MB_E820_MAX_ENTRIES;
		return -MB_EINVAL;
	}
	for (i = 0; i < src->n; i++) {
		entry_at(src, i, &e);
		if (e.size > UINT64_MAX - e.addr) {
			*bad = (unsigned long)i;
			return -MB_EINVAL;
		}
	}
	return 0;
}

/* Regions each table would take (before merging) and the report. */
struct e820_plan {
	const struct memblock *mb;
	const struct mb_walk_src *src;
	unsigned long mem_pieces, rsv_pieces;
	uint64_t added, reserved;
};

static void plan_import(void *ctx)
{
	struct e820_plan *p = ctx;
	const struct memblock *mb = p->mb;
	struct mb_walk w;
	uint64_t s, e;
	uint32_t t;

	p->mem_pieces = p->rsv_pieces = 0;
	p->added = p->reserved = 0;
	mb_walk_start(&w, p->src);
	while (mb_walk_next(&w, &s, &e, &t)) {
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

static unsigned long count_ignored(const struct mb_e820_src *src)
{
	unsigned long ign = 0;
	uint64_t s, e;
	size_t i;

	uint32_t t;

	for (i = 0; i < src->n; i++)
		if (!e820_range(src, i, &s, &e, &t) || e820_use(t) == USE_NONE)
			ign++;
	return ign;
}

int mb_import_e820_src(struct memblock *mb, const struct mb_e820_src *es,
		       struct mb_import_report *rep)
{
	struct mb_import_report r = { .entries = (unsigned long)es->n };
	struct mb_walk_src src = { es->n, e820_range, higher_type, es };
	struct e820_plan p;
	struct mb_walk w;
	uint64_t s, e;
	uint32_t t;
	int err;

	if (rep)
		*rep = r;
	if (!mb)
		return -MB_EINVAL;
	err = check_entries(es, rep ? &rep->bad_index : &r.bad_index);
	if (err)
		return err;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	p.mb = mb;
	p.src = &src;
	plan_import(&p);
	err = mb_import_room(mb, &p.mem_pieces, &p.rsv_pieces, plan_import,
			     &p);
	if (err)
		return err;

	mb_walk_start(&w, &src);
	while (mb_walk_next(&w, &s, &e, &t)) {
		phys_addr_t base = (phys_addr_t)s, size = (phys_addr_t)(e - s);

		if (e820_use(t) == USE_MEMORY)
			err = mb_add(mb, base, size);
		else if (e820_use(t) == USE_RESERVED)
			err = mb_reserve(mb, base, size);
		if (err) /* cannot happen: room was made above */
			return err;
	}
	mb_trim_memory(mb, MB_PAGE_SIZE);

	r.ignored = count_ignored(es);
	r.added = p.added;
	r.reserved = p.reserved;
	if (rep)
		*rep = r;
	return 0;
}

static void array_entry(void *ctx, size_t i, struct mb_e820_entry *e)
{
	*e = ((const struct mb_e820_entry *)ctx)[i];
}

int mb_import_e820(struct memblock *mb, const struct mb_e820_entry *map,
		   size_t n, struct mb_import_report *rep)
{
	struct mb_e820_src src = { n, array_entry, (void *)(uintptr_t)map };

	if (!map && n) {
		if (rep)
			*rep = (struct mb_import_report){ .entries = n };
		return -MB_EINVAL;
	}
	return mb_import_e820_src(mb, &src, rep);
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
