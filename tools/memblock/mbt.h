/* SPDX-License-Identifier: MIT */
/*
 * mbt.h - internals of the memblock host tool: what the input parsers
 * produce, the e820 table editing that kernel options and log lines do,
 * and the pieces the subcommands share.
 *
 * The parser half (diag.c, e820tab.c, parse.c, kcmdline.c) uses only C11
 * and the library, so tests link it directly.
 */
#ifndef MBT_H
#define MBT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmemblock.h>
#include <memblock_import.h>

#define MBT_PAGE 4096u

/* Exit codes of the tool. */
enum { MBT_EXIT_OK = 0, MBT_EXIT_INPUT = 1, MBT_EXIT_USAGE = 2 };

/* ---- diagnostics: "file:line: message" on stderr, counted ---- */
struct mbt_diag {
	const char *file;
	unsigned long errors, warnings;
	FILE *out;     /* stderr unless a test redirects it; NULL = silent */
};
void mbt_error(struct mbt_diag *d, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void mbt_warn(struct mbt_diag *d, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- e820 tables, edited the way Linux's x86 code edits them ---- */
struct e820_table {
	struct mb_e820_entry *e;
	size_t n, cap;
};
void e820_free(struct e820_table *t);
int e820_copy(struct e820_table *dst, const struct e820_table *src);
/* Append [addr, addr + size) of @type (e820__range_add). */
int e820_add(struct e820_table *t, uint64_t addr, uint64_t size,
	     uint32_t type);
/* Change the parts of entries of @old_type in the range to @new_type. */
int e820_update(struct e820_table *t, uint64_t addr, uint64_t size,
		uint32_t old_type, uint32_t new_type);
/* Cut the range out of entries (of @type only when @check_type). */
int e820_remove(struct e820_table *t, uint64_t addr, uint64_t size,
		uint32_t type, bool check_type);
/* Sort by address (stable), for printing. */
void e820_sort(struct e820_table *t);
/* Linux's name of a type ("usable", "reserved", "ACPI data", ...). */
const char *e820_type_name(uint32_t type, char *buf, size_t len);
/* Parse a type name in the old or new print format; false if unknown. */
bool e820_type_parse(const char *s, uint32_t *type);

/* ---- parsed input ---- */

/* An extra operation the input asks for after the map is imported. */
enum mbt_op_kind { OP_MEMORY, OP_RESERVE, OP_NOMAP };
struct mbt_op {
	enum mbt_op_kind kind;
	uint64_t base, size;
	int nid;
	unsigned flags;
	unsigned long line;
};

/* An e820 edit printed in a log after the table. */
enum mbt_edit_kind { EDIT_UPDATE, EDIT_REMOVE };
struct mbt_edit {
	enum mbt_edit_kind kind;
	uint64_t addr, size;
	uint32_t old_type, new_type;
	bool check_type;
	unsigned long line;
};

/* A memory range Linux printed under "Early memory node ranges". */
struct mbt_node_range {
	uint64_t start, end; /* inclusive end, as printed */
	int nid;
};

enum mbt_format {
	FMT_UNKNOWN, FMT_DMESG, FMT_TEXT, FMT_IOMEM, FMT_RAW_E820, FMT_SYSFS,
	FMT_DTB, FMT_RAW_EFI, FMT_DEBUGFS
};

struct mbt_input {
	const char *path;
	enum mbt_format format;
	bool has_e820;             /* an e820 table (or equivalent) was read */
	struct e820_table firmware; /* BIOS-e820 / reserve setup_data table */
	struct e820_table user;    /* the log's "user:" table, if any */
	bool has_user;
	unsigned long firmware_line, user_line;
	struct mbt_edit *edits;    /* e820 update/remove lines, in order */
	size_t n_edits;
	unsigned long boundary_line; /* edits at or after it come too late */
	struct mbt_op *ops;        /* own format / iomem extra operations */
	size_t n_ops;
	char *cmdline;             /* "Command line:" of a log, or "cmdline" */
	unsigned long cmdline_line;
	bool has_memory_line;      /* "Memory: A K/B K available" */
	uint64_t mem_avail_k, mem_total_k;
	unsigned long memory_line;
	uint64_t crash_system_ram_mb; /* "for crashkernel (System RAM: NMB)" */
	uint64_t crash_size_mb, crash_at_mb; /* "Reserving AMB of memory at BMB" */
	unsigned long crash_line;
	uint64_t initmem_end;      /* highest end of "Initmem setup node" spans */
	unsigned long initmem_line;
	uint64_t node_totalpages;  /* sum of "On node N totalpages: P" */
	unsigned long totalpages_line;
	struct mbt_node_range *nodes;
	size_t n_nodes;
	char *version;             /* "Linux version ..." */
	unsigned char *fdt;        /* a flattened device tree blob */
	size_t fdt_size;
	char *fdt_model;           /* its /model, when the tool read it */
	struct mb_efi_desc *efi;   /* "efi: memNN:" lines (efi=debug) */
	size_t n_efi;
	uint64_t last_pfn;         /* first "last_pfn = 0x..." (end of RAM) */
	unsigned long last_pfn_line;
	struct mbt_diag diag;
};

void mbt_input_init(struct mbt_input *in, const char *path);
void mbt_input_free(struct mbt_input *in);
/*
 * Parse @len bytes of @buf (any content).  Lines it cannot use are
 * reported through in->diag.  Return: 0, or -1 when nothing usable was
 * found at all.
 */
int mbt_parse_buffer(struct mbt_input *in, const char *buf, size_t len);
/* Read and parse a file ("-" = stdin). */
int mbt_parse_file(struct mbt_input *in, const char *path);
/*
 * A file, a /sys/firmware/memmap-style directory, or a device tree source
 * compiled with dtc; blobs are checked with libfdt (tool only, load.c).
 */
int mbt_load_input(struct mbt_input *in, const char *path);
/* Read a whole file; NULL with errno-style message printed on failure. */
char *mbt_read_file(const char *path, size_t *len);

/* Scanners over NUL-terminated text (false: no number / overflow). */
bool mbt_scan_hex(const char **pp, uint64_t *v);  /* optional 0x */
bool mbt_scan_dec(const char **pp, uint64_t *v);
bool mbt_scan_range(const char **pp, uint64_t *a, uint64_t *b); /* A-B */
const char *mbt_skip_space(const char *p);

/* The efi: lines as a raw descriptor array for mb_import_efi(). */
#define MBT_EFI_DESC_SIZE 40
unsigned char *mbt_efi_raw(const struct mbt_input *in, size_t *size);

/* The e820 table to import: the last table plus the log's edits. */
int mbt_effective_e820(const struct mbt_input *in, bool from_firmware,
		       struct e820_table *out);

/* ---- kernel command line ---- */
struct mbt_crash {
	bool present, high, low_given, fixed;
	bool ranges_unmatched;       /* range syntax, no range held the RAM */
	uint64_t size, base, low_size;
};
struct mbt_kopts {
	bool mem_given;
	uint64_t mem;                /* mem= */
	bool memmap_given;           /* any memmap= */
	char crash_val[4][96];       /* crashkernel= values, parsed after import */
	unsigned n_crash;
	struct mb_cmdline lib;       /* mem=, reserve_mem= as the library parses */
	unsigned errors;
};
/*
 * Pick the options out of @cmdline.  When @table is not NULL, apply
 * memmap= and (for x86) mem= to it as Linux's x86 early parameters do.
 * Problems are reported through @d (line 0 = the command line).
 * Return: 0, or -1 when an option was malformed (the rest still apply).
 */
int mbt_parse_kopts(const char *cmdline, struct mbt_kopts *k,
		    struct e820_table *table, struct mbt_diag *d);
/* One memmap= value (comma lists allowed) applied to @t. */
int mbt_apply_memmap(struct e820_table *t, const char *val);
/* crashkernel= value; @system_ram for the range syntax. */
int mbt_parse_crashkernel(const char *val, uint64_t system_ram,
			  struct mbt_crash *c);

/* ---- shared by the subcommands (tool-only files) ---- */
extern FILE *mbt_out;          /* where memblock_env_write() goes */
extern const char *mbt_caller; /* what traces name as the caller */

/* Print helpers. */
void mbt_print_debugfs(FILE *f, const struct memblock_type *t);
void mbt_print_totals(FILE *f, const struct memblock *mb);
void mbt_print_json(FILE *f, const struct memblock *mb,
		    const struct mbt_input *in, const char *extra_json);
uint64_t mbt_present_pages(const struct memblock *mb);
uint64_t mbt_free_pages(const struct memblock *mb);

/* An instance over growable heap arrays. */
struct mbt_mb {
	struct memblock mb;
	struct memblock_region *arr[3];
	struct mb_grow_ops grow;
};
int mbt_mb_init(struct mbt_mb *m);
void mbt_mb_fini(struct mbt_mb *m);

/* The SVG picture of @mb (draw.c); @fw may be NULL. */
void mbt_draw_svg(FILE *f, const struct memblock *mb,
		  const struct e820_table *fw, const char *title);

/* Subcommands. */
int mbt_cmd_simulate(int argc, char **argv);
int mbt_cmd_replay(int argc, char **argv);
int mbt_cmd_draw(int argc, char **argv);
int mbt_cmd_parse(int argc, char **argv);

#endif /* MBT_H */
