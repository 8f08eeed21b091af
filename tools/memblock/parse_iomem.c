// SPDX-License-Identifier: MIT
/*
 * parse_iomem.c - the kernel's resource listings: /proc/iomem (top-level
 * ranges are the map, memblock's reservations appear as children) and
 * /sys/firmware/memmap as "grep -r . /sys/firmware/memmap" prints it.
 */
#include <stdlib.h>
#include <string.h>

#include "parse.h"

bool mbt_iomem_split(const char *line, unsigned *depth, uint64_t *a,
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

void mbt_iomem_line(struct mbt_input *in, const char *line,
		       unsigned long ln, bool *all_zero)
{
	unsigned depth;
	uint64_t a, b;
	const char *name;
	uint32_t type = 0;

	if (!mbt_iomem_split(line, &depth, &a, &b, &name)) {
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
					     .size = mbt_range_size(a, b),
					     .nid = -2, .line = ln };

			if (mbt_add_op(in, &op))
				mbt_error(&in->diag, ln, "out of memory");
		}
		return;
	}
	type = resource_type(name);
	if (!type)
		return; /* devices, ROMs, PCI windows: not memory */
	if (!in->firmware_line)
		in->firmware_line = ln;
	if (e820_add(&in->firmware, a, mbt_range_size(a, b), type))
		mbt_error(&in->diag, ln, "out of memory");
	in->has_e820 = true;
}

/* ---- /sys/firmware/memmap, as "grep -r . /sys/firmware/memmap" prints it ---- */

/* ".../memmap/N/start:0x..." - false when the line is not of that shape. */
bool mbt_sysfs_split(const char *line, uint64_t *idx, const char **key,
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

void mbt_sysfs_line(struct mbt_input *in, struct sysfs_state *st,
		       const char *line, unsigned long ln)
{
	uint64_t idx, v;
	const char *key, *val;
	struct sysfs_entry *e;

	if (!mbt_sysfs_split(line, &idx, &key, &val)) {
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

void mbt_sysfs_finish(struct mbt_input *in, struct sysfs_state *st)
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
			     mbt_range_size(e->start, e->end), e->type))
			mbt_error(&in->diag, e->line, "out of memory");
		in->has_e820 = true;
	}
	free(st->e);
}

