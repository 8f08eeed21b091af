// SPDX-License-Identifier: MIT
/*
 * fdt.c - the device-tree reader declared in fdt.h.  Bounds are checked
 * against the header's sizes; a malformed blob ends the walk with -1.
 */
#include "fdt.h"

enum { FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4,
       FDT_END = 9 };

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static uint32_t hdr(const void *fdt, unsigned field)
{
	return be32((const uint8_t *)fdt + 4 * field);
}

uint32_t fdt_totalsize(const void *fdt)
{
	return hdr(fdt, 0) == FDT_MAGIC ? hdr(fdt, 1) : 0;
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

bool fdt_name_is(const char *name, const char *base)
{
	while (*base && *name == *base) {
		name++;
		base++;
	}
	return !*base && (!*name || *name == '@');
}

/* Per-depth state of the walk. */
struct level {
	struct fdt_node node;
	uint32_t child_addr_cells, child_size_cells;
};

static void begin_node(struct level *lv, int depth, const char *name)
{
	struct level *l = &lv[depth];
	const struct level *up = depth ? &lv[depth - 1] : NULL;

	l->node = (struct fdt_node){
		.name = name,
		.parent = up ? up->node.name : NULL,
		.depth = depth,
		.addr_cells = up ? up->child_addr_cells : 2,
		.size_cells = up ? up->child_size_cells : 1,
		.nid = -1,
	};
	/* The defaults the specification gives. */
	l->child_addr_cells = 2;
	l->child_size_cells = 1;
}

static void set_prop(struct level *l, const char *name, const uint8_t *val,
		     uint32_t len)
{
	if (streq(name, "reg")) {
		l->node.reg = val;
		l->node.reg_len = len;
	} else if (streq(name, "#address-cells") && len == 4) {
		l->child_addr_cells = be32(val);
	} else if (streq(name, "#size-cells") && len == 4) {
		l->child_size_cells = be32(val);
	} else if (streq(name, "numa-node-id") && len == 4) {
		l->node.nid = (int)be32(val);
	} else if (streq(name, "no-map")) {
		l->node.no_map = true;
	} else if (streq(name, "device_type") && len && !val[len - 1]) {
		l->node.device_type = (const char *)val;
	} else if (streq(name, "bootargs") && len && !val[len - 1]) {
		l->node.bootargs = (const char *)val;
	}
}

int fdt_walk(const void *fdt, fdt_node_fn fn, void *ctx)
{
	const uint8_t *base = fdt;
	uint32_t total = fdt_totalsize(fdt), off, end, strs, strs_len;
	struct level lv[FDT_MAX_DEPTH];
	int depth = -1;

	if (!total)
		return -1;
	off = hdr(fdt, 2);
	end = off + hdr(fdt, 9);
	strs = hdr(fdt, 3);
	strs_len = hdr(fdt, 8);
	if (end > total || end < off || strs > total || strs_len > total - strs)
		return -1;
	while (off + 4 <= end) {
		uint32_t tok = be32(base + off);

		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)base + off;
			uint32_t n = 0;

			while (off + n < end && base[off + n])
				n++;
			if (off + n >= end || ++depth >= FDT_MAX_DEPTH)
				return -1;
			begin_node(lv, depth, name);
			off += (n + 1 + 3) & ~3u;
		} else if (tok == FDT_END_NODE) {
			if (depth < 0)
				return -1;
			fn(ctx, &lv[depth].node);
			depth--;
		} else if (tok == FDT_PROP) {
			uint32_t len, nameoff;

			if (off + 8 > end || depth < 0)
				return -1;
			len = be32(base + off);
			nameoff = be32(base + off + 4);
			off += 8;
			if (len > end - off || nameoff >= strs_len)
				return -1;
			set_prop(&lv[depth], (const char *)base + strs + nameoff,
				 base + off, len);
			off += (len + 3) & ~3u;
		} else if (tok == FDT_END) {
			return depth == -1 ? 0 : -1;
		} else if (tok != FDT_NOP) {
			return -1;
		}
	}
	return -1;
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	return n == 2 ? be64(p) : n == 1 ? be32(p) : 0;
}

size_t fdt_reg_count(const struct fdt_node *n)
{
	uint32_t pair = 4 * (n->addr_cells + n->size_cells);

	return n->reg && pair ? n->reg_len / pair : 0;
}

void fdt_reg(const struct fdt_node *n, size_t i, uint64_t *addr,
	     uint64_t *size)
{
	const uint8_t *p = n->reg + i * 4 * (n->addr_cells + n->size_cells);

	*addr = cells(p, n->addr_cells);
	*size = cells(p + 4 * n->addr_cells, n->size_cells);
}

uint32_t fdt_used_size(const void *fdt)
{
	uint64_t total = fdt_totalsize(fdt), used, a, s;
	size_t i = 0;

	/* In 64 bits: a malformed header's offsets must not wrap. */
	used = (uint64_t)hdr(fdt, 2) + hdr(fdt, 9); /* the structure block's end */
	if ((uint64_t)hdr(fdt, 3) + hdr(fdt, 8) > used)
		used = (uint64_t)hdr(fdt, 3) + hdr(fdt, 8); /* the strings' */
	while (fdt_memreserve(fdt, i, &a, &s))
		i++;
	/* The reservation block's terminator. */
	if ((uint64_t)hdr(fdt, 4) + 16 * ((uint64_t)i + 1) > used)
		used = (uint64_t)hdr(fdt, 4) + 16 * ((uint64_t)i + 1);
	return (uint32_t)(used < total ? used : total);
}

bool fdt_memreserve(const void *fdt, size_t i, uint64_t *addr,
		    uint64_t *size)
{
	const uint8_t *p;

	/* In 64 bits, so that a huge offset cannot wrap past the check. */
	if ((uint64_t)hdr(fdt, 4) + 16 * ((uint64_t)i + 1) > fdt_totalsize(fdt))
		return false;
	p = (const uint8_t *)fdt + hdr(fdt, 4) + 16 * i;
	*addr = be64(p);
	*size = be64(p + 8);
	return *addr || *size;
}
