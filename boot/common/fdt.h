/* SPDX-License-Identifier: MIT */
/*
 * fdt.h - a small flattened-device-tree reader for the demo kernels:
 * one pass over the structure block, one callback per node with the
 * properties the demo needs.  Plain C, so boot/hostcheck.c can use it too.
 */
#ifndef BOOT_FDT_H
#define BOOT_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAX_DEPTH 8

/** struct fdt_node - one node, reported when its end is reached. */
struct fdt_node {
	const char *name;        /* "memory@80000000"; "" for the root */
	const char *parent;      /* the parent's name; NULL for the root */
	int depth;               /* 0 for the root */
	const char *device_type; /* "memory", "cpu", ... or NULL */
	const char *bootargs;    /* /chosen: the command line, or NULL */
	const uint8_t *reg;      /* "reg", or NULL */
	uint32_t reg_len;
	uint32_t addr_cells;     /* the parent's #address-cells and */
	uint32_t size_cells;     /* #size-cells, to read "reg" with */
	int nid;                 /* "numa-node-id", or -1 */
	bool no_map;             /* has "no-map" */
};

typedef void (*fdt_node_fn)(void *ctx, const struct fdt_node *n);

/** fdt_totalsize - size of the blob, or 0 when @fdt is no device tree. */
uint32_t fdt_totalsize(const void *fdt);

/** fdt_walk - call @fn for every node.  Return: 0, or -1 when malformed. */
int fdt_walk(const void *fdt, fdt_node_fn fn, void *ctx);

/** fdt_reg_count - number of (address, size) pairs in @n's "reg". */
size_t fdt_reg_count(const struct fdt_node *n);

/** fdt_reg - the @i-th pair of @n's "reg". */
void fdt_reg(const struct fdt_node *n, size_t i, uint64_t *addr,
	     uint64_t *size);

/**
 * fdt_used_size - bytes from the start of the blob to the end of its last
 * block (the rest of totalsize is free space, as QEMU leaves it).
 */
uint32_t fdt_used_size(const void *fdt);

/**
 * fdt_memreserve - the @i-th /memreserve/ entry.
 * Return: false past the last one.
 */
bool fdt_memreserve(const void *fdt, size_t i, uint64_t *addr,
		    uint64_t *size);

/** fdt_name_is - does node name @name (with any unit address) equal @base? */
bool fdt_name_is(const char *name, const char *base);

#endif /* BOOT_FDT_H */
