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
 * @added, @reserved: bytes given to mb_add / mb_reserve (before any page
 *                    trimming; read mb_phys_mem_size() for the result)
 * @bad_index: index of the first malformed entry, when one is
 *
 * On error only @entries and @bad_index are meaningful.
 */
struct mb_import_report {
	unsigned long entries, ignored;
	uint64_t added, reserved;
	unsigned long bad_index;
};

/* Largest e820 table mb_import_e820() accepts (sanitising is O(n^2)). */
#define MB_E820_MAX_ENTRIES 4096

/**
 * mb_import_e820 - feed an e820 map to @mb the way Linux's x86 setup does
 * (e820__update_table() then e820__memblock_setup()).
 * @mb: the instance; what it already holds is kept
 * @map: the firmware entries, in any order
 * @n: number of entries (at most MB_E820_MAX_ENTRIES)
 * @rep: may be NULL
 *
 * Policy:
 *  1. Sanitise, as Linux does: zero-sized entries are dropped; overlaps
 *     are resolved per byte in favour of the highest type number, so any
 *     reserved-like type (2, 3, 4, 5, 7, 12, soft reserved ...) wins over
 *     usable RAM (1); adjacent pieces of one type merge.  Entries whose
 *     end passes the top of phys_addr_t are capped there (the last byte,
 *     PHYS_ADDR_MAX, is never covered); entries starting at or above it
 *     are ignored.  An entry whose addr + size does not fit in 64 bits is
 *     malformed (Linux's sanitiser refuses such a table).
 *  2. Feed: RAM (1) and RESERVED_KERN (128) ranges go to mb_add (no node),
 *     SOFT_RESERVED ranges to mb_reserve; every other type (including
 *     unknown numbers) is not memory and is left out.
 *  3. mb_trim_memory(@mb, page size): every memory region of @mb, old or
 *     new, shrinks to whole pages (as Linux).
 *
 * All or nothing: the sanitised table is computed twice without writing
 * (it is never stored, so no scratch memory is needed): once to count the
 * regions each table will need, then to apply.  When a table lacks room it
 * is grown once, up front, through the instance's usual growth rules; the
 * adds that follow cannot fail.  The single exception: when both memory
 * and reserved must grow and the second growth fails, the first table
 * stays grown (same regions, larger capacity) and -MB_ENOMEM is returned
 * without any range added.
 *
 * Return: 0; -MB_EINVAL for a NULL @mb, a NULL @map with @n > 0, @n over
 * MB_E820_MAX_ENTRIES (bad_index = MB_E820_MAX_ENTRIES) or an entry
 * reaching 2^64 (bad_index = its index); -MB_ENOENT after
 * mb_discard(); -MB_ENOMEM when a table cannot grow.  On error @mb is
 * unchanged.
 */
int mb_import_e820(struct memblock *mb, const struct mb_e820_entry *map,
		   size_t n, struct mb_import_report *rep);

/**
 * enum mb_e820_style - which of Linux's e820 print vocabularies to use.
 * @MB_E820_STYLE_CLASSIC: "usable", "reserved", "ACPI data", "ACPI NVS",
 *      "unusable", "persistent (type N)", "soft reserved", "type N"
 *      (Linux 2.6.x to 6.x; RESERVED_KERN prints as "usable")
 * @MB_E820_STYLE_V7: the reworded table of Linux 6.16+/7.x: "System RAM",
 *      "device reserved", "persistent RAM (type N)", the others as classic
 */
enum mb_e820_style { MB_E820_STYLE_CLASSIC, MB_E820_STYLE_V7 };

/**
 * mb_e820_type_name - the name Linux prints for an e820 type.
 * Return: a static string, or NULL for a type Linux prints as "type N"
 * (use mb_e820_format_type() for those).
 */
const char *mb_e820_type_name(uint32_t type, enum mb_e820_style style);

/**
 * mb_e820_format_type - write the exact text Linux prints for @type
 * (including "type N" for unknown numbers) into @buf, NUL-terminated and
 * truncated to @len bytes.
 * Return: the length of the full text (as snprintf does).
 */
size_t mb_e820_format_type(uint32_t type, enum mb_e820_style style,
			   char *buf, size_t len);

/**
 * mb_e820_parse_type - recognise a type name printed by any Linux version
 * (either style, "persistent (type N)", "type N").
 * @s, @len: the text (not NUL-terminated), without surrounding blanks
 * @type: the type number
 * Return: 0, or -MB_EINVAL when the text is no e820 type name.
 */
int mb_e820_parse_type(const char *s, size_t len, uint32_t *type);

#ifdef __cplusplus
}
#endif

#endif /* MEMBLOCK_IMPORT_H */
