// SPDX-License-Identifier: MIT
/*
 * debug.c - memblock=debug traces and the MEMBLOCK configuration dump, in
 * Linux's format, formatted without libc.
 */
#include "internal.h"

static void put(struct mb_line *l, char c)
{
	/* Keep one byte for the newline mb_line_emit() adds. */
	if (l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = c;
}

void mb_line_str(struct mb_line *l, const char *s)
{
	while (*s)
		put(l, *s++);
}

/* Hexadecimal with a 0x prefix, zero-padded to @width digits. */
void mb_line_hex(struct mb_line *l, uint64_t v, unsigned width)
{
	char d[16];
	unsigned n = 0;

	do {
		d[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v && n < sizeof(d));
	put(l, '0');
	put(l, 'x');
	while (width > n && width-- > 0)
		put(l, '0');
	while (n)
		put(l, d[--n]);
}

/*
 * Divide by ten with shifts and one multiply, so 32-bit targets need no
 * 64-bit division helper from a runtime library.
 */
static uint64_t div10(uint64_t v, unsigned *rem)
{
	uint64_t q = (v >> 1) + (v >> 2);
	uint64_t r;

	q += q >> 4;
	q += q >> 8;
	q += q >> 16;
	q += q >> 32;
	q >>= 3;
	r = v - q * 10;
	if (r > 9) {
		q++;
		r -= 10;
	}
	*rem = (unsigned)r;
	return q;
}

void mb_line_udec(struct mb_line *l, uint64_t v)
{
	char d[20];
	unsigned n = 0, r;

	do {
		v = div10(v, &r);
		d[n++] = (char)('0' + r);
	} while (v);
	while (n)
		put(l, d[--n]);
}

void mb_line_dec(struct mb_line *l, int64_t v)
{
	if (v < 0) {
		put(l, '-');
		mb_line_udec(l, (uint64_t)0 - (uint64_t)v);
	} else {
		mb_line_udec(l, (uint64_t)v);
	}
}

void mb_line_phys(struct mb_line *l, phys_addr_t v)
{
	mb_line_hex(l, v, sizeof(phys_addr_t) * 2);
}

void mb_line_caller(struct mb_line *l, const void *caller)
{
	char buf[128];
	size_t n = memblock_env_symbolize(caller, buf, sizeof(buf)), i;

	if (!n) {
		mb_line_hex(l, (uint64_t)(uintptr_t)caller, 0);
		return;
	}
	for (i = 0; i < n && i < sizeof(buf); i++)
		put(l, buf[i]);
}

void mb_line_emit(struct mb_line *l)
{
	l->buf[l->len++] = '\n';
	memblock_env_write(l->buf, l->len);
	l->len = 0;
}

void mb_trace_range_emit(const char *name, phys_addr_t base,
			 phys_addr_t size, const void *caller)
{
	struct mb_line l;

	l.len = 0;
	mb_line_str(&l, name);
	mb_line_str(&l, ": [");
	mb_line_phys(&l, base);
	mb_line_str(&l, "-");
	mb_line_phys(&l, base + size - 1);
	mb_line_str(&l, "] ");
	mb_line_caller(&l, caller);
	mb_line_emit(&l);
}

static void dump_type(const struct memblock_type *t)
{
	struct mb_line l = { .len = 0 };
	unsigned long i;

	mb_line_str(&l, " ");
	mb_line_str(&l, t->name ? t->name : "?");
	mb_line_str(&l, ".cnt  = ");
	mb_line_hex(&l, t->cnt, 0);
	mb_line_emit(&l);
	for (i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		mb_line_str(&l, " ");
		mb_line_str(&l, t->name ? t->name : "?");
		mb_line_str(&l, "[");
		mb_line_hex(&l, i, 0);
		mb_line_str(&l, "]\t[");
		mb_line_phys(&l, r->base);
		mb_line_str(&l, "-");
		mb_line_phys(&l, r->base + r->size - 1);
		mb_line_str(&l, "], ");
		mb_line_phys(&l, r->size);
		mb_line_str(&l, " bytes");
		if (r->nid >= 0 && r->nid < MAX_NUMNODES) {
			mb_line_str(&l, " on node ");
			mb_line_dec(&l, r->nid);
		}
		mb_line_str(&l, " flags: ");
		mb_line_hex(&l, (unsigned)r->flags, 0);
		mb_line_emit(&l);
	}
}

void mb_dump(const struct memblock *mb)
{
	struct mb_line l = { .len = 0 };

	mb_line_str(&l, "MEMBLOCK configuration:");
	mb_line_emit(&l);
	mb_line_str(&l, " memory size = ");
	mb_line_phys(&l, mb->memory.total_size);
	mb_line_str(&l, " reserved size = ");
	mb_line_phys(&l, mb->reserved.total_size);
	mb_line_emit(&l);
	dump_type(&mb->memory);
	dump_type(&mb->reserved);
	/* Linux prints physmem only where the architecture keeps it. */
	if (mb->physmem.cnt)
		dump_type(&mb->physmem);
}
