// SPDX-License-Identifier: MIT
/*
 * parse_text.c - the tool's own text format, one statement a line ('#'
 * starts a comment, numbers in C notation with an optional K/M/G/T suffix
 * as in memparse()):
 *
 *   memory  BASE SIZE [nid=N] [hotplug] [mirror] [nomap] [driver_managed]
 *   reserve BASE SIZE [nid=N]
 *   nomap   BASE SIZE            (memory that stays out of the direct map)
 *   e820    BASE SIZE TYPE       (TYPE: a number or a Linux name such as
 *                                 usable, reserved, "ACPI data", ACPI NVS)
 *   cmdline REST OF THE LINE     (a kernel command line)
 *
 * Also memblock's own debugfs listing of memory, which simulate prints.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

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

void mbt_text_line(struct mbt_input *in, const char *line, unsigned long ln)
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
		in->cmdline = mbt_dup_trimmed(mbt_skip_space(p));
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
	if (mbt_add_op(in, &op))
		mbt_error(&in->diag, ln, "out of memory");
}


/*
 * /sys/kernel/debug/memblock/memory, old ("   0: 0xA..0xB") and new
 * ("   0: 0xA..0xB    0 NOMAP") formats: each line is a memory region.
 */
bool mbt_debugfs_split(const char *line, uint64_t *a, uint64_t *b,
		       const char **rest)
{
	const char *p = mbt_skip_space(line);
	uint64_t idx;

	if (!mbt_scan_dec(&p, &idx) || *p != ':')
		return false;
	p = mbt_skip_space(p + 1);
	if (strncmp(p, "0x", 2) || !mbt_scan_hex(&p, a) || strncmp(p, "..", 2))
		return false;
	p += 2;
	if (!mbt_scan_hex(&p, b) || *b < *a)
		return false;
	*rest = mbt_skip_space(p);
	return true;
}

void mbt_debugfs_line(struct mbt_input *in, const char *line, unsigned long ln)
{
	static const char *const names[] = {
		"HOTPLUG", "MIRROR", "NOMAP", "DRV_MNG", "RSV_NIT", "RSV_KERN",
		"KHO_SCRATCH",
	};
	struct mbt_op op = { .kind = OP_MEMORY, .nid = -2, .line = ln };
	uint64_t a, b, v;
	const char *p;
	char w[16];
	size_t i;

	if (!mbt_debugfs_split(line, &a, &b, &p)) {
		if (*mbt_skip_space(line) && *mbt_skip_space(line) != '\r')
			mbt_error(&in->diag, ln, "not a memblock debugfs line "
				  "(N: 0xSTART..0xEND [NID FLAG])");
		return;
	}
	op.base = a;
	op.size = mbt_range_size(a, b);
	if (mbt_scan_dec(&p, &v) && v < MAX_NUMNODES)
		op.nid = (int)v;
	else if (*p == 'x')
		p++;
	if (next_word(&p, w, sizeof(w))) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(w, names[i]))
				op.flags = 1u << i;
		if (!op.flags && strcmp(w, "NONE")) {
			mbt_error(&in->diag, ln, "unknown flag '%s'", w);
			return;
		}
	}
	if (mbt_add_op(in, &op))
		mbt_error(&in->diag, ln, "out of memory");
}
