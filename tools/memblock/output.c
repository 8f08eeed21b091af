// SPDX-License-Identifier: MIT
/*
 * output.c - what simulate prints besides the library's own dump: the
 * debugfs memblock/{memory,reserved} files, the "Memory:" totals line
 * and JSON.  Also the heap-backed instance the subcommands use.
 */
#include <stdlib.h>
#include <string.h>

#include "mbt.h"

/* ---- an instance whose tables grow on the host heap ---- */

static void *heap_alloc(void *ctx, size_t bytes)
{
	(void)ctx;
	return calloc(1, bytes);
}

static void heap_free(void *ctx, void *p, size_t bytes)
{
	(void)ctx;
	(void)bytes;
	free(p);
}

int mbt_mb_init(struct mbt_mb *m)
{
	unsigned long n = INIT_MEMBLOCK_REGIONS;
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < 3; i++) {
		m->arr[i] = calloc(n, sizeof(struct memblock_region));
		if (!m->arr[i]) {
			mbt_mb_fini(m);
			return -1;
		}
	}
	if (mb_init(&m->mb, m->arr[0], n, m->arr[1], n, m->arr[2], n))
		return -1;
	m->grow.alloc = heap_alloc;
	m->grow.free = heap_free;
	mb_set_grow_ops(&m->mb, &m->grow);
	return 0;
}

void mbt_mb_fini(struct mbt_mb *m)
{
	int i;

	/* Arrays the grow ops handed out go back through mb_discard(). */
	if (m->mb.memory.regions)
		mb_discard(&m->mb, NULL, NULL);
	for (i = 0; i < 3; i++) {
		free(m->arr[i]);
		m->arr[i] = NULL;
	}
}

/* ---- debugfs format ---- */

static const char *flag_name(unsigned flags)
{
	static const char *const names[] = {
		"HOTPLUG", "MIRROR", "NOMAP", "DRV_MNG", "RSV_NIT",
		"RSV_KERN", "KHO_SCRATCH",
	};
	unsigned j;

	if (!flags)
		return "NONE";
	for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
		if (flags & (1u << j))
			return names[j];
	return "UNKNOWN";
}

static bool valid_nid(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

void mbt_print_debugfs(FILE *f, const struct memblock_type *t)
{
	unsigned long i;
	int w = (int)sizeof(phys_addr_t) * 2;

	for (i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		fprintf(f, "%4lu: 0x%0*llx..0x%0*llx ", i, w,
			(unsigned long long)r->base, w,
			(unsigned long long)(r->base + r->size - 1));
		if (valid_nid(r->nid))
			fprintf(f, "%4d ", r->nid);
		else
			fprintf(f, "%4c ", 'x');
		fprintf(f, "%s\n", flag_name((unsigned)r->flags));
	}
}

/* ---- totals ---- */

/* Whole pages of memory, as Linux's zones count present pages. */
uint64_t mbt_present_pages(const struct memblock *mb)
{
	uint64_t pages = 0;
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		uint64_t b = mb->memory.regions[i].base;
		uint64_t e = b + mb->memory.regions[i].size;
		uint64_t s = (b + MBT_PAGE - 1) / MBT_PAGE, t = e / MBT_PAGE;

		if (t > s)
			pages += t - s;
	}
	return pages;
}

/* Whole free pages (memory minus reserved, NOMAP left out). */
uint64_t mbt_free_pages(const struct memblock *mb)
{
	uint64_t idx = 0, pages = 0;
	phys_addr_t s, e;

	for (;;) {
		mb_next_range(mb, &idx, NUMA_NO_NODE, MEMBLOCK_NONE,
			      &mb->memory, &mb->reserved, &s, &e, NULL);
		if (idx == UINT64_MAX)
			break;
		s = (phys_addr_t)(((uint64_t)s + MBT_PAGE - 1) / MBT_PAGE);
		e = (phys_addr_t)((uint64_t)e / MBT_PAGE);
		if (e > s)
			pages += e - s;
	}
	return pages;
}

void mbt_print_totals(FILE *f, const struct memblock *mb)
{
	uint64_t present = mbt_present_pages(mb), avail = mbt_free_pages(mb);

	fprintf(f, "Memory: %lluK/%lluK available (%lluK reserved)\n",
		(unsigned long long)(avail * (MBT_PAGE / 1024)),
		(unsigned long long)(present * (MBT_PAGE / 1024)),
		(unsigned long long)((present - avail) * (MBT_PAGE / 1024)));
}

/* ---- JSON ---- */

static void json_type(FILE *f, const struct memblock_type *t)
{
	unsigned long i;

	fprintf(f, "{\"cnt\": %lu, \"total_size\": \"0x%llx\", \"regions\": [",
		t->cnt, (unsigned long long)t->total_size);
	for (i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		fprintf(f,
			"%s\n    {\"base\": \"0x%llx\", \"end\": \"0x%llx\", "
			"\"size\": \"0x%llx\", \"nid\": %d, \"flags\": %u, "
			"\"flag_name\": \"%s\"}",
			i ? "," : "", (unsigned long long)r->base,
			(unsigned long long)(r->base + r->size - 1),
			(unsigned long long)r->size,
			valid_nid(r->nid) ? r->nid : -1, (unsigned)r->flags,
			flag_name((unsigned)r->flags));
	}
	fprintf(f, "]}");
}

void mbt_print_json(FILE *f, const struct memblock *mb,
		    const struct mbt_input *in, const char *extra_json)
{
	uint64_t present = mbt_present_pages(mb), avail = mbt_free_pages(mb);

	fprintf(f, "{\n  \"input\": \"");
	for (const char *p = in && in->path ? in->path : ""; *p; p++) {
		if ((unsigned char)*p < 0x20) {
			fprintf(f, "\\u%04x", (unsigned char)*p);
			continue;
		}
		if (*p == '"' || *p == '\\')
			fputc('\\', f);
		fputc(*p, f);
	}
	fprintf(f, "\",\n  \"memory\": ");
	json_type(f, &mb->memory);
	fprintf(f, ",\n  \"reserved\": ");
	json_type(f, &mb->reserved);
	fprintf(f, ",\n  \"totals\": {\"present_kib\": %llu, "
		   "\"available_kib\": %llu, \"reserved_kib\": %llu}",
		(unsigned long long)(present * 4), (unsigned long long)(avail * 4),
		(unsigned long long)((present - avail) * 4));
	if (in && in->has_memory_line)
		fprintf(f, ",\n  \"log_memory_line\": {\"line\": %lu, "
			   "\"available_kib\": %llu, \"total_kib\": %llu}",
			in->memory_line, (unsigned long long)in->mem_avail_k,
			(unsigned long long)in->mem_total_k);
	if (extra_json && *extra_json)
		fprintf(f, ",\n  %s", extra_json);
	fprintf(f, "\n}\n");
}
