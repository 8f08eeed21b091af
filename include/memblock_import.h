/* SPDX-License-Identifier: MIT */
/*
 * memblock_import.h - turning firmware memory maps into memblock calls.
 * Freestanding like the core: a kernel can call these at boot.
 */
#ifndef MEMBLOCK_IMPORT_H
#define MEMBLOCK_IMPORT_H

#include <libmemblock.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- e820 (x86 BIOS map; also what multiboot memory maps carry) ---- */

/* Entry types, numbered and named as Linux names them. */
enum mb_e820_type {
	MB_E820_RAM = 1,
	MB_E820_RESERVED = 2,
	MB_E820_ACPI = 3,
	MB_E820_NVS = 4,
	MB_E820_UNUSABLE = 5,
	MB_E820_PMEM = 7,
	MB_E820_PRAM = 12,
	MB_E820_RESERVED_KERN = 128,
	MB_E820_SOFT_RESERVED = 0xefffffff,
};

/** struct mb_e820_entry - one firmware entry: [addr, addr + size), type. */
struct mb_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

/**
 * struct mb_import_report - what an importer did with its input.
 * @entries: entries read
 * @ignored: entries skipped (zero size, past the address space, types
 *           that are neither memory nor reserved)
 * @added, @reserved: bytes given to mb_add / mb_reserve
 * @bad_index: index of the first malformed entry, when one is
 */
struct mb_import_report {
	unsigned long entries, ignored;
	uint64_t added, reserved;
	unsigned long bad_index;
};

/**
 * mb_import_e820 - feed an e820 map to @mb the way Linux's x86 setup does
 * (e820__memblock_setup): usable RAM (and RESERVED_KERN) is added, soft-
 * reserved ranges are reserved, everything else is left out; overlapping
 * and unsorted entries are resolved first with reserved types winning over
 * usable; RAM is trimmed to whole pages.
 * @rep: may be NULL
 * Return: 0, or a negative MB_E* code with @mb unchanged.
 */
int mb_import_e820(struct memblock *mb, const struct mb_e820_entry *map,
		   size_t n, struct mb_import_report *rep);

#ifdef __cplusplus
}
#endif

#endif /* MEMBLOCK_IMPORT_H */
