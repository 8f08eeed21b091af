// SPDX-License-Identifier: MIT
/*
 * draw.c - an SVG picture of a physical address space: memory (free,
 * reserved, allocated, NOMAP), firmware ranges that are not memory, holes
 * (large ones compressed), NUMA nodes, with address labels.
 *
 * The address space is cut at every boundary of every region; each piece
 * becomes a row whose height grows with the logarithm of its size, so a
 * 4 KiB reservation and a 64 GiB bank are both readable.
 */
#include <stdlib.h>
#include <string.h>

#include "mbt.h"

enum seg_kind {
	SEG_HOLE, SEG_FREE, SEG_RESERVED, SEG_ALLOCATED, SEG_NOMAP,
	SEG_FIRMWARE, SEG_ORPHAN, SEG_MIXED, SEG_KINDS
};

static const struct {
	const char *fill, *name;
} kinds[SEG_KINDS] = {
	[SEG_HOLE] = { "#ffffff", "hole" },
	[SEG_FREE] = { "#66bb6a", "free memory" },
	[SEG_RESERVED] = { "#ffa726", "reserved" },
	[SEG_ALLOCATED] = { "#ef6c00", "allocated (RSRV_KERN)" },
	[SEG_NOMAP] = { "#78909c", "memory, NOMAP" },
	[SEG_FIRMWARE] = { "#bdbdbd", "firmware range, not memory" },
	[SEG_ORPHAN] = { "#e53935", "reserved outside memory" },
	[SEG_MIXED] = { "#ffcc80", "many small regions" },
};

struct seg {
	uint64_t start, end;   /* [start, end) */
	enum seg_kind kind;
	int nid;
	uint32_t fw_type;
	unsigned merged;       /* pieces folded into a SEG_MIXED row */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static long find_region(const struct memblock_type *t, uint64_t a)
{
	unsigned long lo = 0, hi = t->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct memblock_region *r = &t->regions[mid];

		if (a < r->base)
			hi = mid;
		else if (a - r->base >= r->size)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

static void classify(struct seg *s, const struct memblock *mb,
		     const struct e820_table *fw)
{
	long m = find_region(&mb->memory, s->start);
	long r = find_region(&mb->reserved, s->start);
	size_t i;

	s->nid = -1;
	s->fw_type = 0;
	if (m >= 0) {
		const struct memblock_region *g = &mb->memory.regions[m];

		s->nid = g->nid >= 0 && g->nid < MAX_NUMNODES ? g->nid : -1;
		if (g->flags & MEMBLOCK_NOMAP)
			s->kind = SEG_NOMAP;
		else if (r >= 0)
			s->kind = mb->reserved.regions[r].flags & MEMBLOCK_RSRV_KERN ?
					  SEG_ALLOCATED : SEG_RESERVED;
		else
			s->kind = SEG_FREE;
		return;
	}
	if (r >= 0) {
		s->kind = SEG_ORPHAN;
		return;
	}
	s->kind = SEG_HOLE;
	for (i = 0; fw && i < fw->n; i++) {
		uint64_t a = fw->e[i].addr, e = a + fw->e[i].size;

		if (fw->e[i].type != MB_E820_RAM && s->start >= a && s->start < e) {
			s->kind = SEG_FIRMWARE;
			s->fw_type = fw->e[i].type;
			return;
		}
	}
}

/* Cut points: every boundary of memory, reserved and firmware entries. */
static uint64_t *cut_points(const struct memblock *mb,
			    const struct e820_table *fw, size_t *n)
{
	size_t cap = 2 * (mb->memory.cnt + mb->reserved.cnt +
			  (fw ? fw->n : 0)) + 2, k = 0, i;
	uint64_t *p = malloc(cap * sizeof(*p));
	const struct memblock_type *types[2] = { &mb->memory, &mb->reserved };
	int t;

	if (!p)
		return NULL;
	for (t = 0; t < 2; t++)
		for (i = 0; i < types[t]->cnt; i++) {
			p[k++] = types[t]->regions[i].base;
			p[k++] = (uint64_t)types[t]->regions[i].base +
				 types[t]->regions[i].size;
		}
	for (i = 0; fw && i < fw->n; i++) {
		p[k++] = fw->e[i].addr;
		p[k++] = fw->e[i].size > UINT64_MAX - fw->e[i].addr ?
				 UINT64_MAX : fw->e[i].addr + fw->e[i].size;
	}
	qsort(p, k, sizeof(*p), cmp_u64);
	for (i = 0, t = 0; i < k; i++)
		if (!i || p[i] != p[t - 1])
			p[t++] = p[i];
	*n = (size_t)t;
	return p;
}

/* Fold runs of tiny non-hole rows when there are too many rows. */
static size_t fold_small(struct seg *s, size_t n)
{
	size_t i, j = 0;

	if (n <= 160)
		return n;
	for (i = 0; i < n; i++) {
		bool tiny = s[i].kind != SEG_HOLE && s[i].end - s[i].start < (1u << 20);

		if (tiny && j && s[j - 1].end == s[i].start &&
		    (s[j - 1].kind == SEG_MIXED ||
		     s[j - 1].end - s[j - 1].start < (1u << 20)) &&
		    s[j - 1].kind != SEG_HOLE && s[j - 1].nid == s[i].nid) {
			if (s[j - 1].kind != SEG_MIXED) {
				s[j - 1].kind = SEG_MIXED;
				s[j - 1].merged = 1;
			}
			s[j - 1].end = s[i].end;
			s[j - 1].merged++;
			continue;
		}
		s[j++] = s[i];
	}
	return j;
}

static void human(char *buf, size_t len, uint64_t v)
{
	static const char *const u[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned i = 0;
	double d = (double)v;

	while (d >= 1024 && i < 6) {
		d /= 1024;
		i++;
	}
	if (d == (double)(uint64_t)d)
		snprintf(buf, len, "%llu %s", (unsigned long long)d, u[i]);
	else
		snprintf(buf, len, "%.1f %s", d, u[i]);
}

/* Height on the logarithmic scale. */
static unsigned log_height(const struct seg *s)
{
	uint64_t sz = s->end - s->start;
	unsigned lg = 0, h;

	while (sz >>= 1)
		lg++;
	h = lg > 12 ? 14 + 3 * (lg - 12) : 14;
	return h > 70 ? 70 : h;
}

#define HOLE_HEIGHT 22

/* Holes larger than a few MiB are squeezed to one fixed height. */
static bool compressed(const struct seg *s)
{
	return s->kind == SEG_HOLE && log_height(s) > HOLE_HEIGHT;
}

static unsigned row_height(const struct seg *s)
{
	return compressed(s) ? HOLE_HEIGHT : log_height(s);
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			fputc(*s, f);
	}
}

static const char *node_fill(int nid)
{
	static const char *const c[] = { "#1e88e5", "#8e24aa", "#00897b",
					  "#c0ca33", "#6d4c41", "#d81b60",
					  "#3949ab", "#fb8c00" };

	return nid < 0 ? "#eeeeee" : c[nid % 8];
}

/* One stripe for a run of rows on the same node, labelled once. */
static void node_stripe(FILE *f, const struct seg *s, size_t n, unsigned y)
{
	unsigned h = 0;
	size_t i;

	for (i = 0; i < n && s[i].nid == s[0].nid; i++)
		h += row_height(&s[i]);
	fprintf(f, "<rect x=\"10\" y=\"%u\" width=\"24\" height=\"%u\" "
		   "fill=\"%s\"/>\n", y, h, node_fill(s[0].nid));
	if (s[0].nid >= 0)
		fprintf(f, "<text x=\"13\" y=\"%u\" fill=\"#fff\" "
			   "font-size=\"10\">N%d</text>\n", y + h / 2 + 4,
			s[0].nid);
}

void mbt_draw_svg(FILE *f, const struct memblock *mb,
		  const struct e820_table *fw, const char *title)
{
	size_t np, ns = 0, i;
	uint64_t *p = cut_points(mb, fw, &np);
	struct seg *s = p && np > 1 ? calloc(np - 1, sizeof(*s)) : NULL;
	unsigned y, height = 0, legend_y = 40, top;
	char a[32], b[32], tn[32];

	for (i = 0; s && i + 1 < np; i++) {
		struct seg x = { .start = p[i], .end = p[i + 1] };

		classify(&x, mb, fw);
		if (ns && s[ns - 1].kind == x.kind && s[ns - 1].nid == x.nid &&
		    s[ns - 1].fw_type == x.fw_type && s[ns - 1].end == x.start)
			s[ns - 1].end = x.end;
		else
			s[ns++] = x;
	}
	ns = fold_small(s, ns);
	top = legend_y + 24 * 2 + 20;
	for (i = 0; i < ns; i++)
		height += row_height(&s[i]);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" "
		   "height=\"%u\" font-family=\"monospace\" font-size=\"12\">\n",
		top + height + 40);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\"/>\n");
	fprintf(f, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">");
	xml_text(f, title ? title : "physical address space");
	human(a, sizeof(a), mb->memory.total_size);
	human(b, sizeof(b), mb->reserved.total_size);
	fprintf(f, "</text>\n<text x=\"10\" y=\"36\">memory %s in %lu regions, "
		   "reserved %s in %lu regions</text>\n",
		a, mb->memory.cnt, b, mb->reserved.cnt);
	for (i = 0; i < SEG_KINDS; i++) {
		unsigned x = 10 + (unsigned)(i % 4) * 220;
		unsigned ly = legend_y + 8 + (unsigned)(i / 4) * 24;

		fprintf(f, "<rect x=\"%u\" y=\"%u\" width=\"16\" height=\"14\" "
			   "fill=\"%s\" stroke=\"#555\"%s/><text x=\"%u\" y=\"%u\">%s</text>\n",
			x, ly, kinds[i].fill,
			i == SEG_HOLE ? " stroke-dasharray=\"3,2\"" : "", x + 22,
			ly + 12, kinds[i].name);
	}
	y = top;
	for (i = 0; i < ns; i++) {
		const struct seg *g = &s[i];
		unsigned h = row_height(g);

		human(a, sizeof(a), g->end - g->start);
		if (!i || g->nid != s[i - 1].nid)
			node_stripe(f, s + i, ns - i, y);
		fprintf(f, "<rect x=\"40\" y=\"%u\" width=\"260\" height=\"%u\" "
			   "fill=\"%s\" stroke=\"#555\" stroke-width=\"0.5\"%s/>\n",
			y, h, kinds[g->kind].fill,
			g->kind == SEG_HOLE ? " stroke-dasharray=\"3,2\"" : "");
		if (compressed(g))
			fprintf(f, "<path d=\"M40 %u l20 -6 l20 12 l20 -12 l20 12 "
				   "l20 -12 l20 12 l20 -12 l20 12 l20 -12 l20 12 "
				   "l20 -12 l20 12 l20 -6\" fill=\"none\" "
				   "stroke=\"#999\"/>\n", y + h / 2);
		fprintf(f, "<text x=\"310\" y=\"%u\">0x%016llx</text>\n",
			y + 11, (unsigned long long)g->start);
		fprintf(f, "<text x=\"480\" y=\"%u\">", y + 11);
		if (g->kind == SEG_HOLE)
			fprintf(f, "hole, %s%s", a,
				compressed(g) ? " (compressed)" : "");
		else if (g->kind == SEG_FIRMWARE)
			fprintf(f, "e820 %s, %s",
				e820_type_name(g->fw_type, tn, sizeof(tn)), a);
		else if (g->kind == SEG_MIXED)
			fprintf(f, "%u small regions, %s", g->merged, a);
		else
			fprintf(f, "%s, %s", kinds[g->kind].name, a);
		fprintf(f, "</text>\n");
		y += h;
	}
	if (ns)
		fprintf(f, "<text x=\"310\" y=\"%u\">0x%016llx (end)</text>\n",
			y + 12, (unsigned long long)s[ns - 1].end);
	else
		fprintf(f, "<text x=\"40\" y=\"%u\">(empty)</text>\n", top + 12);
	fprintf(f, "</svg>\n");
	free(s);
	free(p);
}
