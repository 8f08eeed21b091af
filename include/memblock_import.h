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
 * @ignored: entries that gave memblock nothing: zero size, past the
 *           address space, or a type that is neither added nor reserved
 *           (e820 reserved/ACPI/NVS, EFI MMIO, ...); for FDT also nodes
 *           skipped for bad properties and regions reported @failed
 * @added, @reserved: bytes given to mb_add / mb_reserve (before any page
 *                    trimming; read mb_phys_mem_size() for the result)
 * @bad_index: index of the first malformed entry, when one is
 * @nomap: bytes of @added that were made MEMBLOCK_NOMAP
 * @dynamic: reserved-memory nodes placed by size rather than by address
 *           (FDT only; see mb_import_fdt())
 *
 * On error only @entries and @bad_index are meaningful.
 */
struct mb_import_report {
	unsigned long entries, ignored;
	uint64_t added, reserved;
	unsigned long bad_index;
	uint64_t nomap;
	unsigned long dynamic;
};

/*
 * Largest e820 table mb_import_e820() accepts: Linux's own table holds up
 * to 128 + 3 * MAX_NUMNODES entries.  Sanitising needs no scratch
 * memory: a table in address order without overlaps (as firmware lists
 * it) takes one pass, O(n); any other is swept edge by edge, O(n^2), about
 * 0.3 s for 4096 entries on a 2020s x86 host (the host tool's `simulate`
 * of such a table: 5 ms sorted, 270 ms shuffled).
 */
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
 * unchanged (but for the one exception above).
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


/* ---- UEFI memory maps (GetMemoryMap() output) ---- */

/* EFI_MEMORY_TYPE values. */
enum mb_efi_type {
	MB_EFI_RESERVED = 0,
	MB_EFI_LOADER_CODE = 1,
	MB_EFI_LOADER_DATA = 2,
	MB_EFI_BOOT_SERVICES_CODE = 3,
	MB_EFI_BOOT_SERVICES_DATA = 4,
	MB_EFI_RUNTIME_SERVICES_CODE = 5,
	MB_EFI_RUNTIME_SERVICES_DATA = 6,
	MB_EFI_CONVENTIONAL = 7,
	MB_EFI_UNUSABLE = 8,
	MB_EFI_ACPI_RECLAIM = 9,
	MB_EFI_ACPI_NVS = 10,
	MB_EFI_MMIO = 11,
	MB_EFI_MMIO_PORT_SPACE = 12,
	MB_EFI_PAL_CODE = 13,
	MB_EFI_PERSISTENT = 14,
	MB_EFI_UNACCEPTED = 15,
};

/* EFI_MEMORY_* attribute bits. */
#define MB_EFI_MEMORY_UC 0x1ull
#define MB_EFI_MEMORY_WC 0x2ull
#define MB_EFI_MEMORY_WT 0x4ull
#define MB_EFI_MEMORY_WB 0x8ull
#define MB_EFI_MEMORY_MORE_RELIABLE 0x10000ull
#define MB_EFI_MEMORY_SP 0x40000ull
#define MB_EFI_MEMORY_RUNTIME 0x8000000000000000ull

/* EFI pages are 4 KiB whatever the kernel's page size. */
#define MB_EFI_PAGE_SHIFT 12
/* Bytes of EFI_MEMORY_DESCRIPTOR version 1 that are read. */
#define MB_EFI_DESC_MIN_SIZE 40
/* Largest map mb_import_efi() accepts (an unsorted map's walk is O(n^2)). */
#define MB_EFI_MAX_DESCRIPTORS 4096

/** struct mb_efi_desc - the fields of one descriptor, decoded. */
struct mb_efi_desc {
	uint32_t type;
	uint64_t phys_addr;
	uint64_t num_pages;
	uint64_t attribute;
};

/**
 * mb_efi_read_desc - decode descriptor @i of a raw map.
 * @map: the bytes GetMemoryMap() returned (little-endian, any alignment)
 * @desc_size: the DescriptorSize it returned (>= MB_EFI_DESC_MIN_SIZE)
 * Does no bounds checking: @i must be below map_size / desc_size.
 */
void mb_efi_read_desc(const void *map, size_t desc_size, size_t i,
		      struct mb_efi_desc *out);

/* Flags of mb_import_efi(). */
/* Keep memory @mb already holds (Linux drops it: UEFI's map replaces the
 * DT's /memory nodes). */
#define MB_EFI_KEEP_MEMORY 0x1u
/* efi=nosoftreserve: EFI_MEMORY_SP memory is treated as ordinary memory. */
#define MB_EFI_NO_SOFT_RESERVE 0x2u

/**
 * mb_import_efi - feed a UEFI memory map to @mb the way Linux's generic
 * EFI code does on arm64, riscv and loongarch (efi_init() and
 * reserve_regions() in drivers/firmware/efi/efi-init.c).
 * @mb: the instance
 * @map: descriptor array; descriptors are @desc_size bytes apart (never
 *       sizeof a struct: firmware may append fields)
 * @map_size: bytes in @map, a whole number of descriptors
 * @desc_size: the firmware's DescriptorSize
 * @flags: MB_EFI_* flags
 * @rep: may be NULL
 *
 * Policy (per descriptor, as Linux):
 *  - Unless @flags has MB_EFI_KEEP_MEMORY, all memory @mb holds is
 *    removed first (reservations stay).
 *  - A descriptor is memory only when its attributes allow a cacheable
 *    mapping (WB, WT or WC); MMIO and other uncached-only ranges are left
 *    out, whatever their type.
 *  - Memory with EFI_MEMORY_SP (soft reserved, specific-purpose) is left
 *    out, so it can be hot-plugged later (unless MB_EFI_NO_SOFT_RESERVE).
 *  - Memory is added (no node).  It is usable only for the types loader
 *    code/data, boot services code/data, conventional, persistent and
 *    ACPI reclaim, and only with EFI_MEMORY_WB; all other memory -
 *    runtime services code/data, reserved, ACPI NVS, unusable, PAL code,
 *    unaccepted, or usable types without WB - is marked MEMBLOCK_NOMAP.
 *    The EFI_MEMORY_RUNTIME attribute on its own changes nothing (Linux
 *    decides by type).
 *  - ACPI reclaim memory is also reserved, to keep the tables for kexec.
 *  - Ranges are rounded out to whole pages of the page size, as Linux's
 *    memrange_efi_to_native() does (a no-op for 4 KiB pages); they are
 *    capped at the top of phys_addr_t, and dropped if they start above.
 *  - Overlapping descriptors combine as Linux's calls do: memory is the
 *    union, NOMAP wins over usable, reservations add up.
 *  - Linux's later steps are the caller's: reserving the memory map
 *    itself, efi_find_mirror(), usable-memory-range capping.
 *
 * All or nothing, as mb_import_e820() (same single exception).
 * Return: 0; -MB_EINVAL for a NULL @mb or @map (with @map_size > 0),
 * @desc_size below MB_EFI_DESC_MIN_SIZE, @map_size not a multiple of
 * @desc_size (bad_index = the partial descriptor), more than
 * MB_EFI_MAX_DESCRIPTORS, or a descriptor whose end does not fit in 64
 * bits (bad_index = its index); -MB_ENOENT after mb_discard();
 * -MB_ENOMEM when a table cannot grow.  On error @mb is unchanged.
 */
int mb_import_efi(struct memblock *mb, const void *map, size_t map_size,
		  size_t desc_size, unsigned flags,
		  struct mb_import_report *rep);


/**
 * mb_efi_x86_e820_type - the e820 type the x86 EFI stub gives descriptor
 * @d (see mb_import_efi_x86() for the table), for callers that build
 * their own e820 table from a UEFI map.
 * @flags: MB_EFI_NO_SOFT_RESERVE or 0
 * Return: an MB_E820_* type, or 0 when the stub leaves @d out.
 */
uint32_t mb_efi_x86_e820_type(const struct mb_efi_desc *d, unsigned flags);

/**
 * mb_import_efi_x86 - feed a UEFI memory map to @mb as an x86 Linux sees
 * it: the EFI stub turns the map into an e820 table (setup_e820() in its
 * x86 part), which then goes through mb_import_e820()'s whole policy.
 * @mb, @map, @map_size, @desc_size, @rep: as mb_import_efi()
 * @flags: MB_EFI_NO_SOFT_RESERVE or 0 (memory @mb holds is always kept,
 *         as x86 adds its e820 table to it)
 *
 * The stub's types: loader code/data, boot services code/data and
 * conventional memory are RAM (soft reserved with EFI_MEMORY_SP, unless
 * MB_EFI_NO_SOFT_RESERVE); unaccepted memory is RAM (a kernel that can
 * accept memory); ACPI reclaim is ACPI data, ACPI NVS is NVS, persistent
 * memory PMEM, unusable unusable; reserved, runtime services code/data,
 * MMIO, MMIO port space and PAL code are reserved; other types are left
 * out (counted as ignored).  Attributes other than EFI_MEMORY_SP do not
 * matter, unlike mb_import_efi(): the stub does not look at them.  So
 * memory is what is RAM after e820 sanitising (overlaps: the higher type
 * wins), soft-reserved ranges are reserved, and the rest is left out.
 * Linux's later x86 steps (efi_reserve_boot_services(), the e820 updates
 * of setup_data and the kernel) are the caller's.
 *
 * All or nothing.  Return: as mb_import_efi() (bad_index likewise).
 */
int mb_import_efi_x86(struct memblock *mb, const void *map, size_t map_size,
		      size_t desc_size, unsigned flags,
		      struct mb_import_report *rep);

/* ---- Flattened device trees (DTB, version 16 and 17) ---- */

#define MB_FDT_MAGIC 0xd00dfeedu

/*
 * Memory banks, /memreserve/ entries and /reserved-memory regions one
 * import can hold: they are gathered on the stack (MB_FDT_RANGE_BYTES
 * each) before anything changes, so mb_import_fdt() takes about 4 KiB of
 * stack with the default of 64.  An embedder may define another value, or
 * lend the import more room through struct mb_fdt_opts (@scratch).
 */
#ifndef MB_FDT_MAX_RANGES
#define MB_FDT_MAX_RANGES 64
#endif
/* Bytes of @scratch one range takes (struct mb_fdt_opts). */
#define MB_FDT_RANGE_BYTES 56
/*
 * Scratch bytes that hold every range a blob of @size bytes can have: each
 * takes at least 8 bytes of it (an address and a size of one cell each).
 */
#define MB_FDT_SCRATCH_FOR(size) ((((size) / 8) + 1) * MB_FDT_RANGE_BYTES)

/**
 * struct mb_fdt_rmem - one /reserved-memory region, as the import saw it.
 * @name: the child node's name with its unit address, NUL-terminated,
 *        truncated to fit
 * @base, @size: the region; for a dynamic one where it was placed (@base
 *               0 when it was not)
 * @align: the alignment asked for (dynamic only; 0 = none given)
 * @nomap, @reusable: the node's "no-map" and "reusable" properties
 * @dynamic: placed by "size" (and "alignment", "alloc-ranges"), not "reg"
 * @failed: not applied: a dynamic region no free memory could take, or a
 *          no-map region refused because it overlaps memory already
 *          reserved (Linux's -EBUSY)
 */
struct mb_fdt_rmem {
	char name[32];
	uint64_t base, size, align;
	bool nomap, reusable, dynamic, failed;
};

/* Flags of struct mb_fdt_opts. */
/* Leave /memory nodes out (UEFI's map describes memory instead). */
#define MB_FDT_NO_MEMORY 0x1u
/* Report dynamic /reserved-memory regions but do not allocate them. */
#define MB_FDT_NO_DYNAMIC 0x2u

/**
 * struct mb_fdt_opts - optional inputs and outputs of mb_import_fdt().
 * @flags: MB_FDT_* flags
 * @rmem: where to describe each /reserved-memory region (may be NULL)
 * @rmem_max: capacity of @rmem
 * @rmem_cnt: out: regions found (may exceed @rmem_max: only the first
 *            @rmem_max are described)
 * @why: out: on -MB_EINVAL or -MB_ENOSPC, a static text naming what is
 *       malformed or full
 * @scratch: NULL, or memory the import may use instead of its stack to
 *           gather ranges, for trees with more than MB_FDT_MAX_RANGES
 *           (Linux reserves any number; boards with many carve-outs have
 *           more than 64): @scratch_bytes / MB_FDT_RANGE_BYTES ranges, less
 *           one when @scratch is not 8-byte aligned.  Only used during the
 *           call; MB_FDT_SCRATCH_FOR(size) is enough for any blob.
 * @scratch_bytes: its size
 */
struct mb_fdt_opts {
	unsigned flags;
	struct mb_fdt_rmem *rmem;
	size_t rmem_max, rmem_cnt;
	const char *why;
	void *scratch;
	size_t scratch_bytes;
};

/**
 * mb_import_fdt - feed a device tree's memory description to @mb the way
 * Linux's early FDT code does (early_init_dt_scan_memory(),
 * early_init_fdt_scan_reserved_mem() and of_reserved_mem).
 * @mb: the instance
 * @fdt: the blob (any alignment; read big-endian, never past @size)
 * @size: bytes available at @fdt (the header's totalsize must fit)
 * @opts: may be NULL
 * @rep: may be NULL; @entries counts banks, /memreserve/ entries and
 *       reserved-memory regions, @ignored those left out
 *
 * Policy, in Linux's order:
 *  1. /memory: every child of the root with device_type "memory" and an
 *     available status ("okay", "ok" or none).  Its "linux,usable-memory"
 *     if present, else its "reg", is read as (address, size) pairs of the
 *     root's #address-cells / #size-cells (default 1 and 1; 1 or 2 are
 *     supported); trailing bytes short of a pair are ignored.  Each bank
 *     is shrunk to whole pages inward as early_init_dt_add_memory_arch()
 *     does, capped at the top of phys_addr_t, and added with the node's
 *     "numa-node-id" as nid (MAX_NUMNODES without one; Linux applies the
 *     ids later in of_numa_init(), to the same effect) and
 *     MEMBLOCK_HOTPLUG for "hotpluggable" nodes.  Where banks overlap,
 *     the first bank's node and flags keep the overlap.
 *  2. /memreserve/ entries (up to the first of size 0) are reserved.  The
 *     blob's own location is the caller's to reserve.
 *  3. /reserved-memory, when its #address-cells and #size-cells equal the
 *     root's and it has "ranges" (else Linux ignores it whole, and so do
 *     we, counting it ignored); each available child:
 *     - with "reg": each (address, size) pair is reserved - or, with
 *       "no-map", only marked MEMBLOCK_NOMAP in memory, not reserved, as
 *       Linux's early_init_dt_reserve_memory() does; a no-map range that
 *       overlaps memory and something already reserved (by /memreserve/
 *       or an earlier node) is refused (@failed).  "reusable" (CMA pools)
 *       is reserved like any other: the pool is given back later.
 *     - without "reg" but with "size": dynamic.  After all fixed regions,
 *       in node order, each is allocated as Linux's
 *       early_init_dt_alloc_reserved_memory_arch() does: top-down within
 *       each "alloc-ranges" window in turn (anywhere without one), at
 *       "alignment" (default MEMBLOCK_ENV_CACHE_BYTES), never in the first
 *       page; reserved as an allocation (MEMBLOCK_RSRV_KERN) and marked
 *       NOMAP for "no-map".  One that does not fit is reported @failed,
 *       as Linux only logs it.  With MB_FDT_NO_DYNAMIC they are only
 *       reported.  (The CMA alignment rounding Linux applies to reusable
 *       shared-dma-pool nodes depends on its configuration and is not
 *       applied.)
 *     - a child whose properties have the wrong length is skipped
 *       (ignored), as Linux skips it.
 *  Left to the caller, as in Linux they happen elsewhere: reserving the
 *  blob itself, /chosen's linux,usable-memory-range and
 *  linux,elfcorehdr, the initrd.
 *
 * All or nothing, as mb_import_e820() (same single exception); dynamic
 * regions that do not fit are not errors.
 * Return: 0; -MB_EINVAL for a NULL @mb or @fdt, or a malformed blob
 * (@rep->bad_index is the byte offset of the fault, @opts->why names
 * it): bad magic, version below 16 or last compatible version above 17,
 * totalsize beyond @size, blocks outside the blob or misaligned, an
 * unterminated /memreserve/ list or name, a bad token or nesting, a
 * property before its node, after a subnode, or outside the blob,
 * #address-cells or #size-cells outside 1..2; -MB_ENOSPC when there are
 * more ranges than MB_FDT_MAX_RANGES, or than @opts->scratch holds when
 * it is given (whichever is more); -MB_ENOENT after mb_discard();
 * -MB_ENOMEM when a table cannot grow.  On error @mb is unchanged.
 */
int mb_import_fdt(struct memblock *mb, const void *fdt, size_t size,
		  struct mb_fdt_opts *opts, struct mb_import_report *rep);


/* ---- Multiboot memory maps ---- */

/*
 * Both multiboot versions number their memory types as e820 does (1
 * available, 3 ACPI reclaimable, 4 NVS, 5 defective, others reserved), so
 * their maps are read in place (little-endian, any alignment) as e820
 * entries and imported by mb_import_e820() with all its policy: sanitised
 * (reserved types win), RAM added, page-trimmed, all or nothing.
 */

/* Smallest multiboot 1 entry after its size field: base, length, type. */
#define MB_MULTIBOOT1_ENTRY_MIN 20
/* Smallest multiboot 2 mmap entry: base, length, type, reserved. */
#define MB_MULTIBOOT2_ENTRY_MIN 24

/**
 * mb_import_multiboot1 - import the memory map a multiboot 1 loader
 * passes (multiboot_info.mmap_addr / mmap_length).
 * @mmap: the first entry's size field
 * @length: mmap_length: bytes of all entries, size fields included
 * @rep: as mb_import_e820(); @bad_index is an entry index
 *
 * Each entry is a 32-bit size (of the rest of the entry, at least 20)
 * followed by a 64-bit base, a 64-bit length and a 32-bit type; the next
 * entry starts size + 4 bytes further on.
 * Return: as mb_import_e820(); -MB_EINVAL also for an entry whose size
 * is below 20 or runs past @length, or bytes left over that cannot hold
 * a size field.
 */
int mb_import_multiboot1(struct memblock *mb, const void *mmap,
			 size_t length, struct mb_import_report *rep);

/**
 * mb_import_multiboot2 - import the entries of a multiboot 2 memory-map
 * tag (type 6).
 * @entries: the first entry (16 bytes after the tag's start)
 * @length: bytes of entries (the tag's size minus 16)
 * @entry_size: the tag's entry_size (at least 24, a multiple of 8)
 * Return: as mb_import_e820(); -MB_EINVAL also for a bad @entry_size or
 * @length not a whole number of entries (bad_index: the partial entry).
 */
int mb_import_multiboot2(struct memblock *mb, const void *entries,
			 size_t length, size_t entry_size,
			 struct mb_import_report *rep);

/* Multiboot 2 tag types the importers read. */
#define MB_MULTIBOOT2_TAG_END 0
#define MB_MULTIBOOT2_TAG_MMAP 6
#define MB_MULTIBOOT2_TAG_EFI_MMAP 17

/**
 * mb_multiboot2_find_tag - the first tag of @type in a multiboot 2
 * information structure (what the loader passes in EBX).
 * @info: the structure: total_size, reserved, then 8-byte aligned tags
 * @size: out: the tag's size field; may be NULL
 * Return: the tag, or NULL when absent or when the tags are malformed
 * (a tag smaller than 8 bytes or running past total_size).
 */
const void *mb_multiboot2_find_tag(const void *info, uint32_t type,
				   uint32_t *size);

/**
 * mb_import_multiboot2_mmap_tag - mb_import_multiboot2() on a whole
 * memory-map tag (type 6: type, size, entry_size, entry_version, entries).
 * Return: as mb_import_multiboot2(); -MB_EINVAL for a NULL tag, another
 * type or a size below 16.
 */
int mb_import_multiboot2_mmap_tag(struct memblock *mb, const void *tag,
				  struct mb_import_report *rep);

/**
 * mb_import_multiboot2_efi_tag - import the EFI memory-map tag (type 17:
 * type, size, descr_size, descr_vers, then the map GetMemoryMap()
 * returned) through mb_import_efi() with @efi_flags.  Note that this is
 * the policy of Linux's arm64/riscv EFI code; an x86 kernel that wants
 * x86's rules passes the map after the tag's 16 bytes to
 * mb_import_efi_x86() (as boot/x86/multiboot.c does).
 * Return: as mb_import_efi(); -MB_EINVAL for a NULL tag, another type or
 * a size below 16.
 */
int mb_import_multiboot2_efi_tag(struct memblock *mb, const void *tag,
				 unsigned efi_flags,
				 struct mb_import_report *rep);

#ifdef __cplusplus
}
#endif

#endif /* MEMBLOCK_IMPORT_H */
