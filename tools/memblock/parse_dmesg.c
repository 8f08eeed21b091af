// SPDX-License-Identifier: MIT
/*
 * parse_dmesg.c - kernel logs: BIOS-e820 / user: / reserve setup_data
 * tables in every print format Linux used, the e820 edits that follow
 * them, efi=debug descriptor lines, and the lines the checks compare with
 * (Command line, Memory:, last_pfn, node ranges, crashkernel).
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

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
	arr = mbt_grow(in->efi, in->n_efi, sizeof(*arr));
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
	if (e820_add(t, a, mbt_range_size(a, b), type))
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
	e.size = mbt_range_size(a, b);
	if (e.kind == EDIT_REMOVE) {
		e.check_type = *p && *p != '\r';
		if (e.check_type && !e820_type_parse(p, &e.old_type)) {
			mbt_error(&in->diag, ln, "unknown e820 type '%s'", p);
			return true;
		}
		if (mbt_add_edit(in, &e))
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
	if (mbt_add_edit(in, &e))
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
	if (mbt_add_node_range(in, a, b, (int)nid))
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

/* " memory[0x3]\t[A-B], S bytes [on node N] [flags: F]" of the first dump. */
static bool dump_line(struct dmesg_state *st, const char *line,
		      unsigned long ln)
{
	const char *p = mbt_skip_space(line);
	struct mbt_op op = { .nid = -2, .line = ln };
	const char *q;
	uint64_t a, b, v;

	if (!strncmp(p, "memory[", 7))
		op.kind = OP_MEMORY;
	else if (!strncmp(p, "reserved[", 9))
		op.kind = OP_RESERVE;
	else
		return !strncmp(p, "memory size", 11) ||
		       !strncmp(p, "memory.cnt", 10) ||
		       !strncmp(p, "reserved.cnt", 12) ||
		       !strncmp(p, "physmem", 7);
	p = strchr(p, ']');
	p = p ? strchr(p, '[') : NULL;
	if (!p)
		return false;
	p++;
	if (!mbt_scan_range(&p, &a, &b) || *p != ']')
		return false;
	op.base = a;
	op.size = mbt_range_size(a, b);
	if ((q = strstr(p, "on node ")) && (q += 8, mbt_scan_dec(&q, &v)) &&
	    v < MAX_NUMNODES)
		op.nid = (int)v;
	if ((q = strstr(p, "flags: ")) && (q += 7, mbt_scan_hex(&q, &v)) &&
	    v <= 0xff)
		op.flags = (unsigned)v;
	mbt_add_op(&st->dump, &op);
	return true;
}

void mbt_dmesg_finish(struct mbt_input *in, struct dmesg_state *st)
{
	size_t i;

	if (!in->has_e820 && !in->n_efi)
		for (i = 0; i < st->dump.n_ops; i++)
			mbt_add_op(in, &st->dump.ops[i]);
	free(st->dump.ops);
	st->dump.ops = NULL;
	st->dump.n_ops = 0;
}

void mbt_dmesg_line(struct mbt_input *in, struct dmesg_state *st,
		       const char *line, unsigned long ln)
{
	const char *p;
	size_t i;

	if (st->dump_phase == 1) {
		const char *body = strchr(line, ']');

		/* Timestamps end with ']'; dump lines start after them. */
		if (dump_line(st, line, ln) ||
		    (line[0] == '[' && body && dump_line(st, body + 1, ln)))
			return;
		st->dump_phase = 2;
	}
	/* Dumps quoted without their header start at their first region. */
	if (!st->dump_phase && strstr(line, "memory[0x") &&
	    dump_line(st, strstr(line, "memory[0x"), ln)) {
		st->dump_phase = 1;
		return;
	}
	if (!st->dump_phase && strstr(line, "MEMBLOCK configuration:")) {
		st->dump_phase = 1;
		if (!st->first_marker)
			st->first_marker = ln;
		return;
	}

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
		in->cmdline = mbt_dup_trimmed(p + 14);
		in->cmdline_line = ln;
	} else if ((p = strstr(line, "Linux version ")) && !in->version) {
		in->version = mbt_dup_trimmed(p + 14);
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
	} else if ((p = strstr(line, "Initmem setup node ")) &&
		   (p = strstr(p, "[mem "))) {
		uint64_t a, b;

		p += 5;
		/* A memoryless node prints [mem 0-0]. */
		if (mbt_scan_range(&p, &a, &b) && b && b + 1 > in->initmem_end) {
			in->initmem_end = b + 1;
			in->initmem_line = ln;
		}
	} else if ((p = strstr(line, "totalpages: ")) && strstr(line, "On node ")) {
		uint64_t pages;

		p += 12;
		if (mbt_scan_dec(&p, &pages) && pages < (1ull << 40)) {
			in->node_totalpages += pages;
			in->totalpages_line = ln;
		}
	} else if ((p = strstr(line, "Memory: "))) {
		memory_line(in, p + 8, ln);
	} else if ((p = strstr(line, "node ")) && strstr(line, ": [mem ") &&
		   !strstr(line, "Initmem") && !strstr(line, "NODE_DATA")) {
		node_line(in, p + 5, ln);
	}
}

bool mbt_is_dmesg_marker(const char *line)
{
	static const char *const marks[] = {
		"BIOS-e820:", "user: [mem ", "e820: ", "memblock_",
		"MEMBLOCK configuration", "Command line: ", "Linux version ",
		"Memory: ", "reserve setup_data:", "efi: mem", "memory[0x",
		"reserved[0x",
	};
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(line, marks[i]))
			return true;
	return false;
}

