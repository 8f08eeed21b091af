// SPDX-License-Identifier: MIT
/*
 * parse.c - read a memory map from a kernel log (dmesg), /proc/iomem, a
 * raw e820 dump or the tool's own text format.  Any byte sequence is
 * accepted: what cannot be used is reported with its line and skipped.
 *
 * The tool's own text format, one statement a line ('#' starts a comment,
 * numbers in C notation with optional K/M/G/T suffix as in memparse()):
 *
 *   memory  BASE SIZE [nid=N] [hotplug] [mirror] [nomap] [driver_managed]
 *   reserve BASE SIZE [nid=N]
 *   nomap   BASE SIZE            (memory that stays out of the direct map)
 *   e820    BASE SIZE TYPE       (TYPE: a number or a Linux name such as
 *                                 usable, reserved, "ACPI data", ACPI NVS)
 *   cmdline REST OF THE LINE     (a kernel command line)
 *
 * /sys/firmware/memmap is read as "grep -r . /sys/firmware/memmap" prints
 * it (".../memmap/N/start:0x...", "end:", "type:"); the tool turns a
 * directory into those lines (sysfs.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mbt.h"

#define MAX_INPUT_BYTES (256u << 20)

void mbt_input_init(struct mbt_input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->path = path;
	in->diag.file = path;
	in->diag.out = stderr;
	in->boundary_line = (unsigned long)-1;
}

void mbt_input_free(struct mbt_input *in)
{
	e820_free(&in->firmware);
	e820_free(&in->user);
	free(in->edits);
	free(in->ops);
	free(in->nodes);
	free(in->cmdline);
	free(in->version);
	free(in->efi);
	free(in->fdt);
	free(in->fdt_model);
	in->fdt = NULL;
	in->fdt_model = NULL;
	in->efi = NULL;
	in->edits = NULL;
	in->ops = NULL;
	in->nodes = NULL;
	in->cmdline = in->version = NULL;
}

/* ---- small scanners over NUL-terminated text ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex number with optional 0x; false without digits or on overflow. */
bool mbt_scan_hex(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;
	int d, n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	for (; (d = hexval(*p)) >= 0; p++, n++) {
		if (x >> 60)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	if (!n)
		return false;
	*v = x;
	*pp = p;
	return true;
}

bool mbt_scan_dec(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;
	int n = 0;

	for (; *p >= '0' && *p <= '9'; p++, n++) {
		if (x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	if (!n)
		return false;
	*v = x;
	*pp = p;
	return true;
}

const char *mbt_skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "A-B]" with hex numbers; inclusive range. */
bool mbt_scan_range(const char **pp, uint64_t *a, uint64_t *b)
{
	const char *p = *pp;

	if (!mbt_scan_hex(&p, a) || *p != '-')
		return false;
	p++;
	if (!mbt_scan_hex(&p, b) || *b < *a)
		return false;
	*pp = p;
	return true;
}

static uint64_t range_size(uint64_t a, uint64_t b)
{
	/* [a, b] inclusive; the full 64-bit space loses its last byte. */
	return b - a == UINT64_MAX ? UINT64_MAX : b - a + 1;
}

static char *dup_trimmed(const char *s)
{
	size_t n = strlen(s);
	char *d;

	while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ---- collected items ---- */

static void *grow(void *arr, size_t n, size_t size)
{
	/* Double at powers of two so appends stay amortised O(1). */
	if (n && (n & (n - 1)))
		return arr;
	return realloc(arr, (n ? n * 2 : 8) * size);
}

static int add_edit(struct mbt_input *in, const struct mbt_edit *e)
{
	struct mbt_edit *a = grow(in->edits, in->n_edits, sizeof(*a));

	if (!a)
		return -1;
	in->edits = a;
	in->edits[in->n_edits++] = *e;
	return 0;
}

static int add_op(struct mbt_input *in, const struct mbt_op *o)
{
	struct mbt_op *a = grow(in->ops, in->n_ops, sizeof(*a));

	if (!a)
		return -1;
	in->ops = a;
	in->ops[in->n_ops++] = *o;
	return 0;
}

static int add_node_range(struct mbt_input *in, uint64_t s, uint64_t e,
			  int nid)
{
	struct mbt_node_range *a = grow(in->nodes, in->n_nodes, sizeof(*a));

	if (!a)
		return -1;
	in->nodes = a;
	in->nodes[in->n_nodes].start = s;
	in->nodes[in->n_nodes].end = e;
	in->nodes[in->n_nodes].nid = nid;
	in->n_nodes++;
	return 0;
}

/* ---- "efi: memNN:" lines, printed with efi=debug ---- */

static bool efi_type_name(const char *s, size_t n, uint32_t *type)
{
	/* Linux's names over the years, longest spelling first. */
	static const struct {
		const char *name;
		uint32_t type;
	} names[] = {
		{ "Reserved", MB_EFI_RESERVED },
		{ "Loader Code", MB_EFI_LOADER_CODE },
		{ "Loader Data", MB_EFI_LOADER_DATA },
		{ "Boot Code", MB_EFI_BOOT_SERVICES_CODE },
		{ "Boot Data", MB_EFI_BOOT_SERVICES_DATA },
		{ "Runtime Code", MB_EFI_RUNTIME_SERVICES_CODE },
		{ "Runtime Data", MB_EFI_RUNTIME_SERVICES_DATA },
		{ "Conventional Memory", MB_EFI_CONVENTIONAL },
		{ "Conventional", MB_EFI_CONVENTIONAL },
		{ "Unusable Memory", MB_EFI_UNUSABLE },
		{ "Unusable", MB_EFI_UNUSABLE },
		{ "ACPI Reclaim Memory", MB_EFI_ACPI_RECLAIM },
		{ "ACPI Reclaim", MB_EFI_ACPI_RECLAIM },
		{ "ACPI Memory NVS", MB_EFI_ACPI_NVS },
		{ "ACPI Mem NVS", MB_EFI_ACPI_NVS },
		{ "Memory Mapped I/O", MB_EFI_MMIO },
		{ "MMIO Port Space", MB_EFI_MMIO_PORT_SPACE },
		{ "MMIO Port", MB_EFI_MMIO_PORT_SPACE },
		{ "MMIO", MB_EFI_MMIO },
		{ "PAL Code", MB_EFI_PAL_CODE },
		{ "Persistent Memory", MB_EFI_PERSISTENT },
		{ "Persistent", MB_EFI_PERSISTENT },
		{ "Unaccepted Memory", MB_EFI_UNACCEPTED },
		{ "Unaccepted", MB_EFI_UNACCEPTED },
	};
	size_t i;

	while (n && s[n - 1] == ' ')
		n--;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && !strncmp(s, names[i].name, n)) {
			*type = names[i].type;
			return true;
		}
	return false;
}

/* "|RUN|  |...|WB|WT|WC|UC]": the attribute columns by name. */
static uint64_t efi_attr_names(const char *p)
{
	static const struct {
		const char *name;
		uint64_t bit;
	} bits[] = {
		{ "RUN", MB_EFI_MEMORY_RUNTIME }, { "MR", MB_EFI_MEMORY_MORE_RELIABLE },
		{ "SP", MB_EFI_MEMORY_SP }, { "WB", MB_EFI_MEMORY_WB },
		{ "WT", MB_EFI_MEMORY_WT }, { "WC", MB_EFI_MEMORY_WC },
		{ "UC", MB_EFI_MEMORY_UC }, { "XP", 0x4000 }, { "RP", 0x2000 },
		{ "WP", 0x1000 }, { "RO", 0x20000 }, { "UCE", 0x10 },
		{ "NV", 0x8000 }, { "CC", 0x80000 },
	};
	uint64_t attr = 0;
	size_t i;

	while (*p == '|') {
		size_t n = strcspn(p + 1, "|]");

		for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			if (strlen(bits[i].name) == n &&
			    !strncmp(p + 1, bits[i].name, n))
				attr |= bits[i].bit;
		p += 1 + n;
		if (*p != '|')
			break;
	}
	return attr;
}

static void efi_line(struct mbt_input *in, const char *p, unsigned long ln)
{
	struct mb_efi_desc d = { 0 };
	uint64_t a, b, v;
	bool exclusive = false;
	struct mb_efi_desc *arr;

	if (!strncmp(p, "type=", 5)) {
		/* Old: "type=7, attr=0xf, range=[0x...-0x...) (0MB)". */
		p += 5;
		if (!mbt_scan_dec(&p, &v) || v > 0xffffffffu ||
		    strncmp(p, ", attr=", 7)) {
			mbt_error(&in->diag, ln, "malformed efi: memory descriptor");
			return;
		}
		d.type = (uint32_t)v;
		p += 7;
		if (!mbt_scan_hex(&p, &d.attribute)) {
			mbt_error(&in->diag, ln, "malformed efi: attributes");
			return;
		}
		exclusive = true;
	} else if (*p == '[') {
		size_t n = strcspn(p + 1, "|]");

		if (!efi_type_name(p + 1, n, &d.type)) {
			mbt_error(&in->diag, ln, "unknown EFI memory type");
			return;
		}
		d.attribute = efi_attr_names(p + 1 + n);
	} else {
		return;
	}
	p = strstr(p, "range=[");
	if (!p) {
		mbt_error(&in->diag, ln, "efi: descriptor without a range");
		return;
	}
	p += 7;
	if (!mbt_scan_hex(&p, &a) || *p++ != '-' || !mbt_scan_hex(&p, &b) ||
	    *p != (exclusive ? ')' : ']') || b < a) {
		mbt_error(&in->diag, ln, "malformed efi: range");
		return;
	}
	if (!exclusive)
		b = b == UINT64_MAX ? b : b + 1;
	if ((a | b) & (MBT_PAGE - 1)) {
		mbt_error(&in->diag, ln, "efi: range not in whole 4 KiB pages");
		return;
	}
	d.phys_addr = a;
	d.num_pages = (b - a) / MBT_PAGE;
	arr = grow(in->efi, in->n_efi, sizeof(*arr));
	if (!arr) {
		mbt_error(&in->diag, ln, "out of memory");
		return;
	}
	in->efi = arr;
	in->efi[in->n_efi++] = d;
}

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

unsigned char *mbt_efi_raw(const struct mbt_input *in, size_t *size)
{
	unsigned char *m = calloc(in->n_efi ? in->n_efi : 1, MBT_EFI_DESC_SIZE);
	size_t i;

	if (!m)
		return NULL;
	for (i = 0; i < in->n_efi; i++) {
		unsigned char *d = m + i * MBT_EFI_DESC_SIZE;

		put_le(d, in->efi[i].type, 4);
		put_le(d + 8, in->efi[i].phys_addr, 8);
		put_le(d + 24, in->efi[i].num_pages, 8);
		put_le(d + 32, in->efi[i].attribute, 8);
	}
	*size = in->n_efi * MBT_EFI_DESC_SIZE;
	return m;
}

/* ---- dmesg ---- */

enum table_kind { TBL_NONE, TBL_FIRMWARE, TBL_USER };

struct dmesg_state {
	enum table_kind last;      /* table the previous line belonged to */
	const char *last_prefix;
	unsigned long first_marker; /* first memblock_add / dump line */
	unsigned long last_pfn_line;
};

/* A table line: "<prefix> [mem A-B] TYPE" or the old "A - B (TYPE)". */
static const char *const table_prefixes[] = {
	"BIOS-e820:", "reserve setup_data:", "user:", "e820:",
};

static void table_line(struct mbt_input *in, struct dmesg_state *st,
		       const char *prefix, const char *p, unsigned long ln)
{
	enum table_kind kind = !strcmp(prefix, "user:") ? TBL_USER :
								 TBL_FIRMWARE;
	struct e820_table *t = kind == TBL_USER ? &in->user : &in->firmware;
	uint64_t a, b;
	uint32_t type;
	bool old_format;

	p = mbt_skip_space(p);
	if (!strncmp(p, "[gap ", 5)) {
		st->last = kind;
		st->last_prefix = prefix;
		return; /* the new format prints holes; nothing to add */
	}
	old_format = strncmp(p, "[mem ", 5) != 0;
	if (!old_format)
		p += 5;
	if (!mbt_scan_hex(&p, &a)) {
		mbt_error(&in->diag, ln, "%s line without an address range",
			  prefix);
		return;
	}
	if (old_format) {
		/* 2.6-era: "0000000000000000 - 000000000009f400 (usable)". */
		p = mbt_skip_space(p);
		if (*p != '-') {
			mbt_error(&in->diag, ln, "malformed %s range", prefix);
			return;
		}
		p = mbt_skip_space(p + 1);
		if (!mbt_scan_hex(&p, &b) || b < a) {
			mbt_error(&in->diag, ln, "malformed %s range", prefix);
			return;
		}
		if (b == a) {
			mbt_warn(&in->diag, ln, "empty %s entry skipped",
				 prefix);
			return;
		}
		b--; /* that format printed the end exclusive */
	} else if (*p != '-' || (p++, !mbt_scan_hex(&p, &b)) || *p != ']' ||
		   b < a) {
		mbt_error(&in->diag, ln, "malformed %s range", prefix);
		return;
	} else {
		p++;
	}
	if (!e820_type_parse(p, &type)) {
		mbt_error(&in->diag, ln, "unknown e820 type '%s'",
			  mbt_skip_space(p));
		return;
	}
	if (st->last != kind || st->last_prefix != prefix) {
		/* A new table replaces what was read before. */
		t->n = 0;
		if (kind == TBL_USER) {
			in->has_user = true;
			in->user_line = ln;
		} else {
			in->firmware_line = ln;
		}
	}
	st->last = kind;
	st->last_prefix = prefix;
	if (e820_add(t, a, range_size(a, b), type))
		mbt_error(&in->diag, ln, "out of memory");
	in->has_e820 = true;
}

/* "e820: update [mem A-B] OLD ==> NEW" and "e820: remove [mem A-B] [TYPE]" */
static bool edit_line(struct mbt_input *in, const char *p, unsigned long ln)
{
	struct mbt_edit e = { .line = ln };
	uint64_t a, b;
	const char *arrow;
	char oldname[64];
	size_t n;

	if (!strncmp(p, "update [mem ", 12)) {
		e.kind = EDIT_UPDATE;
		p += 12;
	} else if (!strncmp(p, "remove [mem ", 12)) {
		e.kind = EDIT_REMOVE;
		p += 12;
	} else {
		return false;
	}
	if (!mbt_scan_range(&p, &a, &b) || *p != ']') {
		mbt_error(&in->diag, ln, "malformed e820 %s range",
			  e.kind == EDIT_UPDATE ? "update" : "remove");
		return true;
	}
	p = mbt_skip_space(p + 1);
	e.addr = a;
	e.size = range_size(a, b);
	if (e.kind == EDIT_REMOVE) {
		e.check_type = *p && *p != '\r';
		if (e.check_type && !e820_type_parse(p, &e.old_type)) {
			mbt_error(&in->diag, ln, "unknown e820 type '%s'", p);
			return true;
		}
		if (add_edit(in, &e))
			mbt_error(&in->diag, ln, "out of memory");
		return true;
	}
	arrow = strstr(p, "==>");
	n = arrow ? (size_t)(arrow - p) : 0;
	if (!arrow || n >= sizeof(oldname)) {
		mbt_error(&in->diag, ln, "e820 update without '==>'");
		return true;
	}
	memcpy(oldname, p, n);
	oldname[n] = '\0';
	if (!e820_type_parse(oldname, &e.old_type) ||
	    !e820_type_parse(arrow + 3, &e.new_type)) {
		mbt_error(&in->diag, ln, "unknown e820 type in update");
		return true;
	}
	e.check_type = true;
	if (add_edit(in, &e))
		mbt_error(&in->diag, ln, "out of memory");
	return true;
}

/* "Memory: 7699816K/8261796K available (...)" */
static void memory_line(struct mbt_input *in, const char *p, unsigned long ln)
{
	uint64_t a, t;

	if (!mbt_scan_dec(&p, &a) || *p++ != 'K' || *p++ != '/' ||
	    !mbt_scan_dec(&p, &t) || *p != 'K')
		return; /* other "Memory:" lines exist (arm64, older kernels) */
	if (in->has_memory_line)
		return;
	in->has_memory_line = true;
	in->mem_avail_k = a;
	in->mem_total_k = t;
	in->memory_line = ln;
}

/* "  node   0: [mem 0x...-0x...]" under "Early memory node ranges". */
static void node_line(struct mbt_input *in, const char *p, unsigned long ln)
{
	uint64_t nid, a, b;

	p = mbt_skip_space(p);
	if (!mbt_scan_dec(&p, &nid) || *p != ':' || nid > 1u << 20)
		return;
	p = mbt_skip_space(p + 1);
	if (strncmp(p, "[mem ", 5))
		return;
	p += 5;
	if (!mbt_scan_range(&p, &a, &b)) {
		mbt_error(&in->diag, ln, "malformed node range");
		return;
	}
	if (add_node_range(in, a, b, (int)nid))
		mbt_error(&in->diag, ln, "out of memory");
}

static void note_last_pfn(struct mbt_input *in, struct dmesg_state *st,
			  const char *p, unsigned long ln)
{
	uint64_t v;

	st->last_pfn_line = ln;
	p = strstr(p, "= ");
	if (!in->last_pfn_line && p && (p += 2, mbt_scan_hex(&p, &v))) {
		in->last_pfn = v;
		in->last_pfn_line = ln;
	}
}

static void dmesg_line(struct mbt_input *in, struct dmesg_state *st,
		       const char *line, unsigned long ln)
{
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(table_prefixes) / sizeof(table_prefixes[0]);
	     i++) {
		const char *pre = table_prefixes[i];

		p = strstr(line, pre);
		if (!p)
			continue;
		p += strlen(pre);
		if (!strcmp(pre, "e820:")) {
			p = mbt_skip_space(p);
			if (edit_line(in, p, ln)) {
				st->last = TBL_NONE;
				return;
			}
			if (!strncmp(p, "last_pfn", 8))
				note_last_pfn(in, st, p, ln);
			break; /* other "e820:" lines are informational */
		}
		/* "user:" must be followed by a range to be a table line. */
		if (!strcmp(pre, "user:") && strncmp(mbt_skip_space(p), "[mem ", 5))
			break;
		table_line(in, st, pre, p, ln);
		return;
	}
	st->last = TBL_NONE;
	if ((p = strstr(line, "last_pfn = ")))
		note_last_pfn(in, st, p, ln);
	if ((p = strstr(line, "efi: mem")) && (p = strchr(p, ':')) &&
	    (p = strchr(p + 1, ':'))) {
		efi_line(in, mbt_skip_space(p + 1), ln);
		return;
	}
	if (!st->first_marker &&
	    (strstr(line, "memblock_add") || strstr(line, "MEMBLOCK configuration")
	     || strstr(line, "Zone ranges:")))
		st->first_marker = ln;
	if ((p = strstr(line, "Command line: ")) && !in->cmdline) {
		in->cmdline = dup_trimmed(p + 14);
		in->cmdline_line = ln;
	} else if ((p = strstr(line, "Linux version ")) && !in->version) {
		in->version = dup_trimmed(p + 14);
	} else if ((p = strstr(line, "for crashkernel (System RAM: "))) {
		uint64_t mb, sz, at;
		const char *q = strstr(line, "Reserving ");

		if (q && (q += 10, mbt_scan_dec(&q, &sz)) &&
		    !strncmp(q, "MB of memory at ", 16) &&
		    (q += 16, mbt_scan_dec(&q, &at))) {
			in->crash_size_mb = sz;
			in->crash_at_mb = at;
		}
		p += 29;
		if (mbt_scan_dec(&p, &mb) && !strncmp(p, "MB)", 3)) {
			in->crash_system_ram_mb = mb;
			in->crash_line = ln;
		}
	} else if ((p = strstr(line, "Memory: "))) {
		memory_line(in, p + 8, ln);
	} else if ((p = strstr(line, "node ")) && strstr(line, ": [mem ") &&
		   !strstr(line, "Initmem") && !strstr(line, "NODE_DATA")) {
		node_line(in, p + 5, ln);
	}
}

/* ---- the tool's own text format ---- */

static bool next_word(const char **pp, char *w, size_t len)
{
	const char *p = mbt_skip_space(*pp);
	size_t n = 0;

	while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#') {
		if (n + 1 < len)
			w[n++] = *p;
		else
			return false;
		p++;
	}
	w[n] = '\0';
	*pp = p;
	return n > 0;
}

static bool word_size(const char *w, uint64_t *v)
{
	const char *rest;

	return mb_parse_size(w, v, &rest) == 0 && *rest == '\0';
}

static void text_line(struct mbt_input *in, const char *line, unsigned long ln)
{
	char kw[32], w[64];
	const char *p = line;
	struct mbt_op op = { .nid = -2, .line = ln };
	uint64_t v;

	if (!next_word(&p, kw, sizeof(kw))) {
		if (*mbt_skip_space(p) && *mbt_skip_space(p) != '#' &&
		    *mbt_skip_space(p) != '\r')
			mbt_error(&in->diag, ln, "unrecognised line");
		return;
	}
	if (!strcmp(kw, "cmdline")) {
		free(in->cmdline);
		in->cmdline = dup_trimmed(mbt_skip_space(p));
		in->cmdline_line = ln;
		return;
	}
	if (!strcmp(kw, "memory"))
		op.kind = OP_MEMORY;
	else if (!strcmp(kw, "reserve"))
		op.kind = OP_RESERVE;
	else if (!strcmp(kw, "nomap"))
		op.kind = OP_NOMAP;
	else if (strcmp(kw, "e820")) {
		mbt_error(&in->diag, ln, "unknown statement '%s'", kw);
		return;
	}
	if (!next_word(&p, w, sizeof(w)) || !word_size(w, &op.base) ||
	    !next_word(&p, w, sizeof(w)) || !word_size(w, &op.size)) {
		mbt_error(&in->diag, ln, "'%s' needs BASE and SIZE", kw);
		return;
	}
	if (!op.size) {
		mbt_error(&in->diag, ln, "zero size");
		return;
	}
	if (!strcmp(kw, "e820")) {
		uint32_t type;
		const char *t = mbt_skip_space(p);

		if (word_size(t, &v) && v <= UINT32_MAX)
			type = (uint32_t)v;
		else if (!e820_type_parse(t, &type)) {
			mbt_error(&in->diag, ln, "unknown e820 type '%s'", t);
			return;
		}
		if (!in->firmware_line)
			in->firmware_line = ln;
		if (e820_add(&in->firmware, op.base, op.size, type))
			mbt_error(&in->diag, ln, "out of memory");
		in->has_e820 = true;
		return;
	}
	while (next_word(&p, w, sizeof(w))) {
		if (!strncmp(w, "nid=", 4) && word_size(w + 4, &v) &&
		    v <= MAX_NUMNODES)
			op.nid = (int)v;
		else if (op.kind == OP_MEMORY && !strcmp(w, "hotplug"))
			op.flags |= MEMBLOCK_HOTPLUG;
		else if (op.kind == OP_MEMORY && !strcmp(w, "mirror"))
			op.flags |= MEMBLOCK_MIRROR;
		else if (op.kind == OP_MEMORY && !strcmp(w, "nomap"))
			op.flags |= MEMBLOCK_NOMAP;
		else if (op.kind == OP_MEMORY && !strcmp(w, "driver_managed"))
			op.flags |= MEMBLOCK_DRIVER_MANAGED;
		else {
			mbt_error(&in->diag, ln, "unknown attribute '%s'", w);
			return;
		}
	}
	if (*mbt_skip_space(p) && *mbt_skip_space(p) != '#' && *mbt_skip_space(p) != '\r') {
		mbt_error(&in->diag, ln, "trailing text");
		return;
	}
	if (add_op(in, &op))
		mbt_error(&in->diag, ln, "out of memory");
}

/* ---- /proc/iomem ---- */

static bool iomem_split(const char *line, unsigned *depth, uint64_t *a,
			uint64_t *b, const char **name)
{
	const char *p = line;

	while (*p == ' ')
		p++;
	*depth = (unsigned)(p - line) / 2;
	if (!mbt_scan_range(&p, a, b) || strncmp(p, " : ", 3))
		return false;
	*name = p + 3;
	return true;
}

static bool name_is(const char *name, const char *want)
{
	size_t n = strlen(want);

	return !strncmp(name, want, n) &&
	       (name[n] == '\0' || name[n] == '\r' || name[n] == ' ');
}

/*
 * The e820 type behind a resource name, as /proc/iomem and
 * /sys/firmware/memmap print them; 0 for anything that is not memory.
 */
static uint32_t resource_type(const char *name)
{
	if (name_is(name, "System RAM"))
		return MB_E820_RAM;
	if (name_is(name, "Reserved") || name_is(name, "reserved"))
		return MB_E820_RESERVED;
	if (name_is(name, "ACPI Tables"))
		return MB_E820_ACPI;
	if (name_is(name, "ACPI Non-volatile Storage"))
		return MB_E820_NVS;
	if (name_is(name, "Unusable memory"))
		return MB_E820_UNUSABLE;
	if (name_is(name, "Persistent Memory (legacy)"))
		return MB_E820_PRAM;
	if (name_is(name, "Persistent Memory"))
		return MB_E820_PMEM;
	if (name_is(name, "Soft Reserved"))
		return MB_E820_SOFT_RESERVED;
	return 0;
}

static void iomem_line(struct mbt_input *in, const char *line,
		       unsigned long ln, bool *all_zero)
{
	unsigned depth;
	uint64_t a, b;
	const char *name;
	uint32_t type = 0;

	if (!iomem_split(line, &depth, &a, &b, &name)) {
		if (*mbt_skip_space(line) && *mbt_skip_space(line) != '\r')
			mbt_error(&in->diag, ln,
				  "not a /proc/iomem line (START-END : NAME)");
		return;
	}
	if (a || b)
		*all_zero = false;
	if (depth > 0) {
		/* Children: what memblock reserved inside System RAM. */
		if (name_is(name, "reserved") || name_is(name, "Crash kernel") ||
		    !strncmp(name, "Kernel ", 7)) {
			struct mbt_op op = { .kind = OP_RESERVE, .base = a,
					     .size = range_size(a, b),
					     .nid = -2, .line = ln };

			if (add_op(in, &op))
				mbt_error(&in->diag, ln, "out of memory");
		}
		return;
	}
	type = resource_type(name);
	if (!type)
		return; /* devices, ROMs, PCI windows: not memory */
	if (!in->firmware_line)
		in->firmware_line = ln;
	if (e820_add(&in->firmware, a, range_size(a, b), type))
		mbt_error(&in->diag, ln, "out of memory");
	in->has_e820 = true;
}

/* ---- /sys/firmware/memmap, as "grep -r . /sys/firmware/memmap" prints it ---- */

struct sysfs_entry {
	uint64_t start, end;
	uint32_t type;
	unsigned have;     /* bits: 1 start, 2 end, 4 type */
	unsigned long line;
};

struct sysfs_state {
	struct sysfs_entry *e;
	size_t n;
};

/* ".../memmap/N/start:0x..." - false when the line is not of that shape. */
static bool sysfs_split(const char *line, uint64_t *idx, const char **key,
			const char **val)
{
	const char *p = strstr(line, "memmap/");

	if (!p)
		return false;
	p += 7;
	if (!mbt_scan_dec(&p, idx) || *p != '/' || *idx > 100000)
		return false;
	*key = p + 1;
	p = strchr(p, ':');
	if (!p)
		return false;
	*val = p + 1;
	return true;
}

static void sysfs_line(struct mbt_input *in, struct sysfs_state *st,
		       const char *line, unsigned long ln)
{
	uint64_t idx, v;
	const char *key, *val;
	struct sysfs_entry *e;

	if (!sysfs_split(line, &idx, &key, &val)) {
		if (*mbt_skip_space(line) && *mbt_skip_space(line) != '\r')
			mbt_error(&in->diag, ln, "not a memmap/N/{start,end,type} line");
		return;
	}
	if (idx >= st->n) {
		e = realloc(st->e, (size_t)(idx + 1) * sizeof(*e));
		if (!e) {
			mbt_error(&in->diag, ln, "out of memory");
			return;
		}
		memset(e + st->n, 0, (size_t)(idx + 1 - st->n) * sizeof(*e));
		st->e = e;
		st->n = (size_t)idx + 1;
	}
	e = &st->e[idx];
	e->line = ln;
	if (!strncmp(key, "start:", 6) || !strncmp(key, "end:", 4)) {
		const char *p = val;

		if (!mbt_scan_hex(&p, &v)) {
			mbt_error(&in->diag, ln, "malformed address");
			return;
		}
		if (key[0] == 's') {
			e->start = v;
			e->have |= 1;
		} else {
			e->end = v;
			e->have |= 2;
		}
	} else if (!strncmp(key, "type:", 5)) {
		e->type = resource_type(val);
		if (!e->type) {
			mbt_error(&in->diag, ln, "unknown memmap type '%s'", val);
			return;
		}
		e->have |= 4;
	} else {
		mbt_error(&in->diag, ln, "unknown memmap attribute");
	}
}

static void sysfs_finish(struct mbt_input *in, struct sysfs_state *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		const struct sysfs_entry *e = &st->e[i];

		if (!e->have)
			continue;
		if (e->have != 7 || e->end < e->start) {
			mbt_error(&in->diag, e->line,
				  "memmap/%zu is incomplete or inverted", i);
			continue;
		}
		if (!in->firmware_line)
			in->firmware_line = e->line;
		if (e820_add(&in->firmware, e->start,
			     range_size(e->start, e->end), e->type))
			mbt_error(&in->diag, e->line, "out of memory");
		in->has_e820 = true;
	}
	free(st->e);
}

/* ---- raw e820 dumps: little-endian {u64 addr, u64 size, u32 type[, u32]} */

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static bool plausible_type(uint32_t t)
{
	return (t >= 1 && t <= 20) || t == MB_E820_RESERVED_KERN ||
	       t == MB_E820_SOFT_RESERVED;
}

static unsigned plausible_entries(const unsigned char *b, size_t len,
				  size_t stride)
{
	unsigned ok = 0;
	size_t i;

	for (i = 0; i + stride <= len; i += stride)
		ok += plausible_type((uint32_t)le64(b + i + 16));
	return ok;
}

static int parse_raw(struct mbt_input *in, const unsigned char *b, size_t len)
{
	size_t stride, i;

	in->format = FMT_RAW_E820;
	if (len % 20 && len % 24) {
		mbt_error(&in->diag, 0,
			  "binary input of %zu bytes is not a raw e820 dump "
			  "(entries of 20 or 24 bytes)", len);
		return -1;
	}
	stride = len % 20 ? 24 : 20;
	if (!(len % 20) && !(len % 24) &&
	    plausible_entries(b, len, 24) > plausible_entries(b, len, 20))
		stride = 24;
	for (i = 0; i + stride <= len; i += stride) {
		uint64_t addr = le64(b + i), size = le64(b + i + 8);
		uint32_t type = (uint32_t)(b[i + 16] | b[i + 17] << 8 |
					   b[i + 18] << 16 |
					   (uint32_t)b[i + 19] << 24);

		if (!plausible_type(type))
			mbt_warn(&in->diag, i / stride + 1,
				 "entry has unknown type %u", (unsigned)type);
		if (e820_add(&in->firmware, addr, size, type))
			return -1;
	}
	in->has_e820 = true;
	in->firmware_line = 1;
	return 0;
}

/* ---- detection and line splitting ---- */

static bool looks_binary(const char *buf, size_t len)
{
	size_t i, n = len < 4096 ? len : 4096;

	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			return true;
	return false;
}

static bool is_dmesg_marker(const char *line)
{
	static const char *const marks[] = {
		"BIOS-e820:", "user: [mem ", "e820: ", "memblock_",
		"MEMBLOCK configuration", "Command line: ", "Linux version ",
		"Memory: ", "reserve setup_data:", "efi: mem",
	};
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(line, marks[i]))
			return true;
	return false;
}

/* Calls @fn for each line, NUL-terminated, NULs inside made spaces. */
static void for_each_line(const char *buf, size_t len,
			  void (*fn)(void *ctx, const char *line,
				     unsigned long ln),
			  void *ctx)
{
	size_t start = 0, i;
	unsigned long ln = 0;
	char *line = NULL;
	size_t cap = 0;

	while (start < len) {
		size_t n;

		for (i = start; i < len && buf[i] != '\n'; i++)
			;
		n = i - start;
		if (n + 1 > cap) {
			char *l = realloc(line, n + 1);

			if (!l)
				break;
			line = l;
			cap = n + 1;
		}
		memcpy(line, buf + start, n);
		line[n] = '\0';
		for (i = 0; i < n; i++)
			if (line[i] == '\0')
				line[i] = ' ';
		ln++;
		if (line[0] != '#')
			fn(ctx, line, ln);
		start += n + 1;
	}
	free(line);
}

struct detect_ctx {
	bool dmesg, iomem_first, seen, sysfs_first;
};

static void detect_fn(void *vctx, const char *line, unsigned long ln)
{
	struct detect_ctx *c = vctx;
	unsigned depth;
	uint64_t a, b;
	const char *name;

	(void)ln;
	if (is_dmesg_marker(line))
		c->dmesg = true;
	if (!c->seen && *mbt_skip_space(line) && *mbt_skip_space(line) != '\r') {
		c->seen = true;
		c->iomem_first = iomem_split(line, &depth, &a, &b, &name);
		c->sysfs_first = sysfs_split(line, &a, &name, &name);
	}
}

struct parse_ctx {
	struct mbt_input *in;
	struct dmesg_state st;
	struct sysfs_state sysfs;
	bool all_zero;
};

static void sysfs_fn(void *v, const char *line, unsigned long ln)
{
	struct parse_ctx *c = v;

	sysfs_line(c->in, &c->sysfs, line, ln);
}

static void dmesg_fn(void *v, const char *line, unsigned long ln)
{
	struct parse_ctx *c = v;

	dmesg_line(c->in, &c->st, line, ln);
}

static void text_fn(void *v, const char *line, unsigned long ln)
{
	text_line(((struct parse_ctx *)v)->in, line, ln);
}

static void iomem_fn(void *v, const char *line, unsigned long ln)
{
	struct parse_ctx *c = v;

	iomem_line(c->in, line, ln, &c->all_zero);
}

int mbt_parse_buffer(struct mbt_input *in, const char *buf, size_t len)
{
	struct detect_ctx d = { false, false, false, false };
	struct parse_ctx c = { .in = in, .all_zero = true };

	if (!len) {
		mbt_error(&in->diag, 0, "empty input");
		return -1;
	}
	if (len >= 4 && (unsigned char)buf[0] == 0xd0 &&
	    (unsigned char)buf[1] == 0x0d && (unsigned char)buf[2] == 0xfe &&
	    (unsigned char)buf[3] == 0xed) {
		/* A device tree blob: the library's importer validates it. */
		in->format = FMT_DTB;
		in->fdt = malloc(len);
		if (!in->fdt)
			return -1;
		memcpy(in->fdt, buf, len);
		in->fdt_size = len;
		return 0;
	}
	if (looks_binary(buf, len))
		return parse_raw(in, (const unsigned char *)buf, len);
	for_each_line(buf, len, detect_fn, &d);
	if (d.dmesg) {
		in->format = FMT_DMESG;
		for_each_line(buf, len, dmesg_fn, &c);
		if (c.st.last_pfn_line)
			in->boundary_line = c.st.last_pfn_line;
		else if (c.st.first_marker)
			in->boundary_line = c.st.first_marker;
	} else if (d.sysfs_first) {
		in->format = FMT_SYSFS;
		for_each_line(buf, len, sysfs_fn, &c);
		sysfs_finish(in, &c.sysfs);
	} else if (d.iomem_first) {
		in->format = FMT_IOMEM;
		for_each_line(buf, len, iomem_fn, &c);
		if (in->has_e820 && c.all_zero) {
			mbt_error(&in->diag, 0,
				  "all addresses are zero: /proc/iomem must "
				  "be read as root");
			in->has_e820 = false;
			in->firmware.n = 0;
			in->n_ops = 0;
		}
	} else {
		in->format = FMT_TEXT;
		for_each_line(buf, len, text_fn, &c);
	}
	if (!in->has_e820 && !in->n_ops && !in->n_efi) {
		mbt_error(&in->diag, 0, "no memory map found in the input");
		return -1;
	}
	return 0;
}

char *mbt_read_file(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			char *b;

			if (cap >= MAX_INPUT_BYTES) {
				fprintf(stderr, "%s: larger than %u MiB\n",
					path, MAX_INPUT_BYTES >> 20);
				free(buf);
				buf = NULL;
				break;
			}
			cap = cap ? cap * 2 : 65536;
			b = realloc(buf, cap + 1);
			if (!b) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (!got) {
			if (ferror(f)) {
				fprintf(stderr, "%s: read error\n", path);
				free(buf);
				buf = NULL;
			}
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

int mbt_parse_file(struct mbt_input *in, const char *path)
{
	size_t len;
	char *buf = mbt_read_file(path, &len);
	int ret;

	if (!buf) {
		in->diag.errors++;
		return -1;
	}
	ret = mbt_parse_buffer(in, buf, len);
	free(buf);
	return ret;
}

int mbt_effective_e820(const struct mbt_input *in, bool from_firmware,
		       struct e820_table *out)
{
	bool user = in->has_user && !from_firmware;
	unsigned long after = user ? in->user_line : in->firmware_line;
	size_t i;

	if (e820_copy(out, user ? &in->user : &in->firmware))
		return -1;
	for (i = 0; i < in->n_edits; i++) {
		const struct mbt_edit *e = &in->edits[i];
		int r;

		if (e->line < after || e->line >= in->boundary_line)
			continue;
		if (e->kind == EDIT_UPDATE)
			r = e820_update(out, e->addr, e->size, e->old_type,
					e->new_type);
		else
			r = e820_remove(out, e->addr, e->size, e->old_type,
					e->check_type);
		if (r) {
			e820_free(out);
			return -1;
		}
	}
	return 0;
}
