// SPDX-License-Identifier: MIT
/*
 * e820tab.c - an e820 table as Linux's x86 code edits it before memblock
 * sees it: entries appended (memmap=), retyped (e820: update) and cut out
 * (e820: remove, mem=).  Overlaps left by appending are resolved later by
 * the library's importer, as Linux resolves them when it sanitizes.
 */
#include <stdlib.h>
#include <string.h>

#include "mbt.h"

void e820_free(struct e820_table *t)
{
	free(t->e);
	t->e = NULL;
	t->n = t->cap = 0;
}

static int reserve_slots(struct e820_table *t, size_t more)
{
	size_t cap;
	struct mb_e820_entry *e;

	if (t->n + more <= t->cap)
		return 0;
	cap = t->cap ? t->cap : 16;
	while (cap < t->n + more)
		cap *= 2;
	e = realloc(t->e, cap * sizeof(*e));
	if (!e)
		return -1;
	t->e = e;
	t->cap = cap;
	return 0;
}

int e820_copy(struct e820_table *dst, const struct e820_table *src)
{
	dst->e = NULL;
	dst->n = dst->cap = 0;
	if (reserve_slots(dst, src->n ? src->n : 1))
		return -1;
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof(*src->e));
	dst->n = src->n;
	return 0;
}

int e820_add(struct e820_table *t, uint64_t addr, uint64_t size,
	     uint32_t type)
{
	if (reserve_slots(t, 1))
		return -1;
	t->e[t->n].addr = addr;
	t->e[t->n].size = size;
	t->e[t->n].type = type;
	t->n++;
	return 0;
}

static uint64_t end_of(uint64_t addr, uint64_t size)
{
	return size > UINT64_MAX - addr ? UINT64_MAX : addr + size;
}

/*
 * Apply one edit to entry @i for the range [a, b): retype the overlap to
 * @new_type, or drop it when @drop.  Pieces are appended at the end.
 */
static int edit_entry(struct e820_table *t, size_t i, uint64_t a, uint64_t b,
		      uint32_t new_type, bool drop)
{
	uint64_t es = t->e[i].addr, ee = end_of(es, t->e[i].size);
	uint64_t os = a > es ? a : es, oe = b < ee ? b : ee;
	uint32_t old = t->e[i].type;

	if (os >= oe)
		return 0;
	if (reserve_slots(t, 2))
		return -1;
	/* Keep the head in place, append the overlap and the tail. */
	t->e[i].size = os - es;
	if (!drop)
		e820_add(t, os, oe - os, new_type);
	if (oe < ee)
		e820_add(t, oe, ee - oe, old);
	return 0;
}

static void drop_empty(struct e820_table *t)
{
	size_t i, j = 0;

	for (i = 0; i < t->n; i++)
		if (t->e[i].size)
			t->e[j++] = t->e[i];
	t->n = j;
}

static int edit_range(struct e820_table *t, uint64_t addr, uint64_t size,
		      uint32_t old_type, bool check_type, uint32_t new_type,
		      bool drop)
{
	uint64_t end = end_of(addr, size);
	size_t i, n = t->n;

	if (!size)
		return 0;
	for (i = 0; i < n; i++) {
		if (check_type && t->e[i].type != old_type)
			continue;
		if (edit_entry(t, i, addr, end, new_type, drop))
			return -1;
	}
	drop_empty(t);
	return 0;
}

int e820_update(struct e820_table *t, uint64_t addr, uint64_t size,
		uint32_t old_type, uint32_t new_type)
{
	if (old_type == new_type)
		return 0;
	return edit_range(t, addr, size, old_type, true, new_type, false);
}

int e820_remove(struct e820_table *t, uint64_t addr, uint64_t size,
		uint32_t type, bool check_type)
{
	return edit_range(t, addr, size, type, check_type, 0, true);
}

void e820_sort(struct e820_table *t)
{
	size_t i, j;

	/* Insertion sort: stable, and tables are short. */
	for (i = 1; i < t->n; i++) {
		struct mb_e820_entry x = t->e[i];

		for (j = i; j > 0 && t->e[j - 1].addr > x.addr; j--)
			t->e[j] = t->e[j - 1];
		t->e[j] = x;
	}
}

const char *e820_type_name(uint32_t type, char *buf, size_t len)
{
	mb_e820_format_type(type, MB_E820_STYLE_CLASSIC, buf, len);
	return buf;
}

/*
 * The library knows every name Linux printed; the tool only trims what
 * surrounds the name in a log ("(usable)", trailing blanks).
 */
bool e820_type_parse(const char *s, uint32_t *type)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '(')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		     s[n - 1] == '\n'))
		n--;
	/* The old format wrapped the name in parentheses. */
	if (n && s[n - 1] == ')' && !memchr(s, '(', n))
		n--;
	return n && mb_e820_parse_type(s, n, type) == 0;
}
