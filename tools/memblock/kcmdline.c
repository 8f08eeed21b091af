// SPDX-License-Identifier: MIT
/*
 * kcmdline.c - the kernel command-line options the simulation honours.
 *
 * memmap= and (on x86) mem= edit the e820 table before memblock sees it,
 * as x86's early parameters do; crashkernel= is parsed here and placed by
 * the simulation after import; mem= for other architectures and
 * reserve_mem= come from the library's own parser.
 */
#include <stdlib.h>
#include <string.h>

#include "mbt.h"

static bool size_at(const char **p, uint64_t *v)
{
	const char *rest;

	if (mb_parse_size(*p, v, &rest))
		return false;
	*p = rest;
	return true;
}

/* One memmap= item, e.g. "64M@16M", "1G$4G", "exactmap", "2G". */
static int memmap_one(struct e820_table *t, const char *p)
{
	uint64_t size, start;
	uint32_t type;
	char op;

	if (!strcmp(p, "exactmap")) {
		t->n = 0;
		return 0;
	}
	if (!size_at(&p, &size))
		return -1;
	op = *p;
	if (op == '\0') {
		/* memmap=SIZE alone limits RAM as mem= does. */
		return size ? e820_remove(t, size, UINT64_MAX - size,
					  MB_E820_RAM, true) : -1;
	}
	p++;
	if (!size_at(&p, &start))
		return -1;
	switch (op) {
	case '@': type = MB_E820_RAM; break;
	case '#': type = MB_E820_ACPI; break;
	case '$': type = MB_E820_RESERVED; break;
	case '!': type = MB_E820_PRAM; break;
	case '%': {
		/* SIZE%OFFSET-OLDTYPE+NEWTYPE: retype (or add without -). */
		uint64_t old = 0, new_type = 0;

		if (*p == '-') {
			p++;
			if (!size_at(&p, &old))
				return -1;
		}
		if (*p != '+')
			return -1;
		p++;
		if (!size_at(&p, &new_type) || *p || new_type > UINT32_MAX ||
		    old > UINT32_MAX)
			return -1;
		return old ? e820_update(t, start, size, (uint32_t)old,
					 (uint32_t)new_type)
			   : e820_add(t, start, size, (uint32_t)new_type);
	}
	default:
		return -1;
	}
	if (*p)
		return -1;
	return e820_add(t, start, size, type);
}

int mbt_apply_memmap(struct e820_table *t, const char *val)
{
	char item[128];
	int bad = 0;

	while (*val) {
		size_t n = strcspn(val, ",");

		if (n && n < sizeof(item)) {
			memcpy(item, val, n);
			item[n] = '\0';
			if (memmap_one(t, item))
				bad = -1;
		} else {
			bad = -1;
		}
		val += n;
		if (*val == ',')
			val++;
	}
	return bad;
}

/* "START-[END]:SIZE,..." - the size for the range holding @ram. */
static int crash_ranges(const char *p, uint64_t ram, uint64_t *size,
			const char **rest)
{
	bool found = false;

	for (;;) {
		uint64_t start, end = UINT64_MAX, sz;

		if (!size_at(&p, &start) || *p != '-')
			return -1;
		p++;
		if (*p != ':' && !size_at(&p, &end))
			return -1;
		if (*p != ':' || end <= start)
			return -1;
		p++;
		if (!size_at(&p, &sz))
			return -1;
		if (!found && ram >= start && ram < end) {
			*size = sz;
			found = true;
		}
		if (*p != ',')
			break;
		p++;
	}
	*rest = p;
	if (!found)
		*size = 0;
	return 0;
}

int mbt_parse_crashkernel(const char *val, uint64_t system_ram,
			  struct mbt_crash *c)
{
	const char *p = val;
	uint64_t size;

	if (strchr(val, ':')) {
		if (crash_ranges(p, system_ram, &size, &p))
			return -1;
	} else if (!size_at(&p, &size)) {
		return -1;
	}
	if (!strcmp(p, ",low")) {
		c->low_given = true;
		c->low_size = size;
		return 0;
	}
	c->present = true;
	c->size = size;
	if (!strcmp(p, ",high")) {
		c->high = true;
		return 0;
	}
	if (*p == '@') {
		p++;
		if (!size_at(&p, &c->base))
			return -1;
		c->fixed = true;
	}
	return *p ? -1 : 0;
}

/* Split the command line into words, leaving quoted words out. */
static const char *next_word(const char *p, const char **end)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	if (*p == '"') {
		const char *q = strchr(p + 1, '"');

		*end = q ? q + 1 : p + strlen(p);
		return p;
	}
	*end = p;
	while (**end && **end != ' ' && **end != '\t') {
		if (**end == '"') {
			const char *q = strchr(*end + 1, '"');

			*end = q ? q : *end + strlen(*end) - 1;
		}
		(*end)++;
	}
	return p;
}

static bool key_is(const char *w, size_t n, const char *key, const char **val)
{
	size_t k = strlen(key);

	if (n < k || strncmp(w, key, k))
		return false;
	*val = w + k;
	return true;
}

int mbt_parse_kopts(const char *cmdline, struct mbt_kopts *k,
		    struct e820_table *table, struct mbt_diag *d)
{
	const char *p = cmdline, *w, *end, *val;
	char buf[512];

	memset(k, 0, sizeof(*k));
	if (!cmdline)
		return 0;
	mb_parse_cmdline(cmdline, &k->lib);
	if (k->lib.errors) {
		k->errors += k->lib.errors;
		mbt_error(d, 0, "%u malformed mem=/reserve_mem= option(s)",
			  k->lib.errors);
	}
	while ((w = next_word(p, &end))) {
		size_t n = (size_t)(end - w);

		p = end;
		if (*w == '"' || n >= sizeof(buf))
			continue;
		memcpy(buf, w, n);
		buf[n] = '\0';
		if (key_is(buf, n, "mem=", &val)) {
			uint64_t v;
			const char *rest;

			if (!strcmp(val, "nopentium"))
				continue;
			if (mb_parse_size(val, &v, &rest) || *rest || !v)
				continue; /* counted by the library's parser */
			k->mem_given = true;
			k->mem = v;
			if (table && e820_remove(table, v, UINT64_MAX - v,
						 MB_E820_RAM, true))
				k->errors++;
		} else if (key_is(buf, n, "memmap=", &val)) {
			k->memmap_given = true;
			if (table && mbt_apply_memmap(table, val)) {
				k->errors++;
				mbt_error(d, 0, "malformed memmap=%s", val);
			}
		} else if (key_is(buf, n, "crashkernel=", &val)) {
			/* The range form needs the RAM size: parsed later. */
			struct mbt_crash probe = { 0 };

			if (!strcmp(val, "auto")) {
				/* RHEL's own sizing rule; nothing to place. */
				mbt_warn(d, 0, "crashkernel=auto (distribution "
					 "kernels size it themselves) not simulated");
				continue;
			}
			if (mbt_parse_crashkernel(val, 0, &probe) ||
			    strlen(val) >= sizeof(k->crash_val[0]) ||
			    k->n_crash >= 4) {
				k->errors++;
				mbt_error(d, 0, "malformed crashkernel=%s", val);
				continue;
			}
			strcpy(k->crash_val[k->n_crash++], val);
		}
	}
	return k->errors ? -1 : 0;
}
