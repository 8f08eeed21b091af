// SPDX-License-Identifier: MIT
/*
 * script.c - simulate --script: further memblock operations, one a line
 * (reserve, free, add, remove, nomap, mirror, hotplug, node, alloc, limit,
 * mem, bottom-up, top-down, dump), applied after the map and the kernel
 * command line.  Problems are reported as FILE:LINE.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static int script_words(char *line, char **w, int max)
{
	int n = 0;
	char *p = line, *save = NULL;

	if ((save = strchr(p, '#')))
		*save = '\0';
	for (p = strtok(p, " \t\r\n"); p && n < max; p = strtok(NULL, " \t\r\n"))
		w[n++] = p;
	return n;
}

static bool num(const char *w, phys_addr_t *v)
{
	uint64_t x;
	const char *rest;

	if (!w || mb_parse_size(w, &x, &rest) || *rest || x > PHYS_ADDR_MAX)
		return false;
	*v = (phys_addr_t)x;
	return true;
}

static int script_alloc(struct sim *s, char **w, int n, struct mbt_diag *d,
			unsigned long ln)
{
	phys_addr_t size = 0, align = 0, min = MBT_PAGE;
	phys_addr_t max = MEMBLOCK_ALLOC_ACCESSIBLE;
	phys_addr_t at;
	int nid = NUMA_NO_NODE, i, pos = 0, r;

	for (i = 1; i < n; i++) {
		phys_addr_t v;

		if (!strncmp(w[i], "nid=", 4)) {
			if (!num(w[i] + 4, &v) || v >= MAX_NUMNODES)
				goto bad;
			nid = (int)v;
			continue;
		}
		if (!num(w[i], &v))
			goto bad;
		switch (pos++) {
		case 0: size = v; break;
		case 1: align = v; break;
		case 2: min = v; break;
		case 3: max = v; break;
		default: goto bad;
		}
	}
	if (!pos || pos == 3)
		goto bad;
	mbt_caller = "script";
	mbt_trace_alloc(s, size, align, min, max, nid);
	r = mb_alloc_range_nid(&s->m.mb, size, align, min, max, nid, false, &at);
	if (r) {
		mbt_error(d, ln, "alloc of 0x%llx bytes failed: %s",
			  (unsigned long long)size, mb_strerror(r));
		mbt_event(s, "line %lu: alloc 0x%llx: %s", ln,
		      (unsigned long long)size, mb_strerror(r));
		return 0;
	}
	mbt_event(s, "line %lu: alloc 0x%llx -> [0x%llx-0x%llx]", ln,
	      (unsigned long long)size, (unsigned long long)at,
	      (unsigned long long)(at + size - 1));
	return 0;
bad:
	mbt_error(d, ln, "usage: alloc SIZE [ALIGN [MIN MAX]] [nid=N]");
	return 0;
}

static void script_line(struct sim *s, char *line, struct mbt_diag *d,
			unsigned long ln)
{
	struct memblock *mb = &s->m.mb;
	char *w[8];
	int n = script_words(line, w, 8), r = 0;
	phys_addr_t a, b, c;

	if (!n)
		return;
	mbt_caller = "script";
	if (!strcmp(w[0], "alloc")) {
		script_alloc(s, w, n, d, ln);
		return;
	}
	if (!strcmp(w[0], "bottom-up") || !strcmp(w[0], "top-down")) {
		mb_set_bottom_up(mb, w[0][0] == 'b');
		return;
	}
	if (!strcmp(w[0], "dump")) {
		mb_dump(mb);
		return;
	}
	if (!strcmp(w[0], "limit") || !strcmp(w[0], "mem")) {
		if (n != 2 || !num(w[1], &a)) {
			mbt_error(d, ln, "usage: %s ADDRESS", w[0]);
			return;
		}
		if (w[0][0] == 'l')
			mb_set_current_limit(mb, a);
		else
			r = mb_enforce_memory_limit(mb, a);
	} else if (n == 4 && !strcmp(w[0], "node") && num(w[1], &a) &&
		   num(w[2], &b) && num(w[3], &c) && c <= MAX_NUMNODES) {
		r = mb_set_node(mb, &mb->memory, a, b, (int)c);
	} else if (n == 3 && num(w[1], &a) && num(w[2], &b)) {
		if (!strcmp(w[0], "reserve"))
			r = mb_reserve(mb, a, b);
		else if (!strcmp(w[0], "free"))
			r = mb_free(mb, a, b);
		else if (!strcmp(w[0], "add"))
			r = mb_add(mb, a, b);
		else if (!strcmp(w[0], "remove"))
			r = mb_remove(mb, a, b);
		else if (!strcmp(w[0], "nomap"))
			r = mb_set_flags(mb, &mb->memory, a, b, MEMBLOCK_NOMAP);
		else if (!strcmp(w[0], "mirror"))
			r = mb_mark_mirror(mb, a, b);
		else if (!strcmp(w[0], "hotplug"))
			r = mb_set_flags(mb, &mb->memory, a, b,
					 MEMBLOCK_HOTPLUG);
		else {
			mbt_error(d, ln, "unknown operation '%s'", w[0]);
			return;
		}
	} else {
		mbt_error(d, ln, "cannot read '%s' line (see simulate --help)",
			  w[0]);
		return;
	}
	if (r)
		mbt_error(d, ln, "%s: %s", w[0], mb_strerror(r));
}

int mbt_run_script(struct sim *s, const char *path)
{
	struct mbt_diag d = { .file = path, .out = stderr };
	size_t len, i, start = 0;
	unsigned long ln = 0;
	char *buf = mbt_read_file(path, &len);

	if (!buf)
		return -1;
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		ln++;
		script_line(s, buf + start, &d, ln);
		start = i + 1;
	}
	free(buf);
	s->d->errors += d.errors;
	return d.errors ? -1 : 0;
}

