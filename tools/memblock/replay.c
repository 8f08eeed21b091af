// SPDX-License-Identifier: MIT
/*
 * replay.c - the replay subcommand: re-execute the memblock calls of a
 * memblock=debug log on a fresh instance and compare every allocation's
 * placement and every "MEMBLOCK configuration" dump with what Linux
 * printed.
 *
 * After each comparison the replay follows the log (an allocation is
 * reserved where Linux put it, a differing dump is adopted), so one
 * divergence does not hide the checks after it.  Changes Linux does not
 * log are inferred where the log pins them down (bottom-up mode, a lower
 * current limit, the cache-line size used for align=0) and reported.
 */
#include <stdlib.h>
#include <string.h>

#include "mbt.h"

struct dumped {
	uint64_t base, size;
	int nid;          /* -1000: no "on node" printed */
	int flags;        /* -1: no flags printed */
};

struct dump_block {
	unsigned long line;
	struct dumped *r[2];  /* memory, reserved */
	size_t n[2], cap[2];
	uint64_t cnt[2];
	bool has_cnt[2];
	uint64_t total[2];
	bool has_total;
};

struct alloc_req {
	uint64_t size, align, from, max;
	int nid;
	bool exact, internal; /* internal: the memblock_alloc_try_nid family */
};

struct pending {
	struct alloc_req req;    /* the request, for explain() */
	bool active;
	unsigned long line;
	char name[48];
	uint64_t size;
	int nid;
	int ret;              /* our result */
	phys_addr_t at;
};

struct replay {
	struct mbt_mb m;
	const char *path;
	bool verbose, kern_mode, log_has_nodes, exclusive_ends;
	bool traced_memory;       /* memory came from replayed calls */
	bool seeded;              /* memory was seeded from the first dump */
	bool stale_total_noted;
	uint64_t cache_bytes;
	bool cache_inferred;
	unsigned long calls, allocs, allocs_ok, allocs_fixed, dumps,
		dumps_ok, dumps_explained, unknown, inferred, errors;
	struct pending p;
	struct dump_block d;
	bool in_dump;
};

static void say(struct replay *r, unsigned long ln, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct replay *r, unsigned long ln, const char *fmt, ...)
{
	va_list ap;

	fprintf(mbt_out, "%s:%lu: ", r->path, ln);
	va_start(ap, fmt);
	vfprintf(mbt_out, fmt, ap);
	va_end(ap);
	fputc('\n', mbt_out);
}

static phys_addr_t cap(uint64_t v)
{
	return v > PHYS_ADDR_MAX ? PHYS_ADDR_MAX : (phys_addr_t)v;
}

/* "key=VALUE" anywhere in @s; hex with 0x, decimal (maybe negative) else. */
static bool field(const char *s, const char *key, int64_t *v)
{
	const char *p = strstr(s, key);
	uint64_t x;
	bool neg = false;

	if (!p)
		return false;
	p += strlen(key);
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (p[0] == '0' && p[1] == 'x') {
		if (!mbt_scan_hex(&p, &x))
			return false;
	} else if (!mbt_scan_dec(&p, &x)) {
		return false;
	}
	if (x > INT64_MAX)
		return false;
	*v = neg ? -(int64_t)x : (int64_t)x;
	return true;
}

/*
 * "[A-B]" after the colon of a call line.  Linux before 3.14 printed the
 * end exclusive there (base + size); @exclusive says so.  "[A-(A-1)]" is
 * a zero-sized call.
 */
static bool call_range(const char *p, bool exclusive, uint64_t *base,
		       uint64_t *size)
{
	uint64_t a, b;

	p = strchr(p, '[');
	if (!p)
		return false;
	p++;
	if (!mbt_scan_hex(&p, &a) || *p++ != '-' || !mbt_scan_hex(&p, &b) ||
	    *p != ']')
		return false;
	*base = a;
	if (exclusive && b >= a)
		*size = b - a;
	else if (b + 1 == a)
		*size = 0;
	else if (b < a)
		return false;
	else
		*size = b - a == UINT64_MAX ? UINT64_MAX : b - a + 1;
	return true;
}

/* ---- allocations ---- */

static int find(struct replay *r, uint64_t size, uint64_t align,
		uint64_t start, uint64_t end, int nid, bool exact,
		phys_addr_t *out)
{
	const struct memblock *mb = &r->m.mb;
	int ret;

	if (start < MBT_PAGE)
		start = MBT_PAGE; /* Linux never hands out the first page */
	ret = mb_find_in_range_node(mb, cap(size), cap(align), cap(start),
				    cap(end), nid, MEMBLOCK_NONE, out);
	if (ret && nid != NUMA_NO_NODE && !exact)
		ret = mb_find_in_range_node(mb, cap(size), cap(align),
					    cap(start), cap(end), NUMA_NO_NODE,
					    MEMBLOCK_NONE, out);
	return ret;
}

static int place(struct replay *r, const struct alloc_req *q,
		 phys_addr_t *out)
{
	uint64_t max = q->max, align = q->align ? q->align : r->cache_bytes;
	int ret;

	if (q->internal && max && max > r->m.mb.current_limit)
		max = r->m.mb.current_limit;
	ret = find(r, q->size, align, q->from, max, q->nid, q->exact, out);
	if (ret && q->internal && q->from)
		ret = find(r, q->size, align, 0, max, q->nid, q->exact, out);
	return ret;
}

static void alloc_line(struct replay *r, const char *name, const char *p,
		       unsigned long ln)
{
	struct alloc_req q = { .nid = NUMA_NO_NODE };
	int64_t v;
	uint64_t bytes;
	const char *s = mbt_skip_space(p);

	if (!mbt_scan_dec(&s, &bytes) || strncmp(s, " bytes", 6)) {
		say(r, ln, "cannot read the size of this %s call", name);
		r->errors++;
		return;
	}
	q.size = bytes;
	if (field(p, "align=", &v) && v >= 0)
		q.align = (uint64_t)v;
	if (field(p, "from=", &v) && v >= 0)
		q.from = (uint64_t)v;
	if (field(p, "max_addr=", &v) && v >= 0)
		q.max = (uint64_t)v;
	if (field(p, "nid=", &v) && v >= -1 && v < MAX_NUMNODES)
		q.nid = (int)v;
	q.exact = strstr(name, "exact_nid") != NULL;
	q.internal = strstr(name, "phys_alloc") == NULL;
	if (r->p.active) {
		say(r, r->p.line, "%s: the log shows no placement (failed in Linux?)%s",
		    r->p.name, r->p.ret ? "; the replay failed too" :
					  "; the replay found room");
		if (!r->p.ret)
			r->errors++;
	}
	memset(&r->p, 0, sizeof(r->p));
	r->p.active = true;
	r->p.line = ln;
	snprintf(r->p.name, sizeof(r->p.name), "%s", name);
	r->p.size = q.size;
	r->p.nid = q.nid;
	r->p.req = q;
	r->p.ret = q.size ? place(r, &q, &r->p.at) : -MB_EINVAL;
	r->allocs++;
}

/*
 * The log put the block at @base; see whether an unlogged setting
 * explains it, adopt the setting if so.
 */
static bool explain(struct replay *r, const struct alloc_req *q,
		    uint64_t base, unsigned long ln)
{
	static const uint64_t limits[] = {
		1ull << 20, 16ull << 20, 512ull << 20, 768ull << 20,
		896ull << 20, 1ull << 30, 2ull << 30, 3ull << 30, 4ull << 30,
	};
	struct memblock *mb = &r->m.mb;
	phys_addr_t at;
	size_t i;

	mb_set_bottom_up(mb, !mb->bottom_up);
	if (!place(r, q, &at) && at == base) {
		say(r, ln, "  explained by an unlogged switch to %s allocation; "
			   "following it from here", mb->bottom_up ?
			   "bottom-up" : "top-down");
		r->inferred++;
		return true;
	}
	mb_set_bottom_up(mb, !mb->bottom_up);
	if (!q->align && !r->cache_inferred) {
		static const uint64_t lines[] = { 16, 32, 64, 128, 256 };
		uint64_t old = r->cache_bytes;

		for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			r->cache_bytes = lines[i];
			if (!place(r, q, &at) && at == base) {
				say(r, ln, "  explained by SMP_CACHE_BYTES = %llu "
					   "for align=0; using it from here",
				    (unsigned long long)lines[i]);
				r->cache_inferred = true;
				r->inferred++;
				return true;
			}
		}
		r->cache_bytes = old;
	}
	if (mb->bottom_up)
		return false;
	/* Only the limits kernels set; any block "fits" below its own end. */
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		phys_addr_t old = mb->current_limit;
		uint64_t lim = limits[i];

		if (lim < base + q->size || lim >= old)
			continue;
		mb_set_current_limit(mb, cap(lim));
		if (!place(r, q, &at) && at == base) {
			say(r, ln, "  explained by an unlogged current limit of "
				   "0x%llx (memblock_set_current_limit is not "
				   "traced); following it from here",
			    (unsigned long long)lim);
			r->inferred++;
			return true;
		}
		mb_set_current_limit(mb, old);
	}
	return false;
}

/* The reserve line after an allocation: check, then follow the log. */
static void check_alloc(struct replay *r, uint64_t base, uint64_t size,
			unsigned long ln)
{
	struct pending *p = &r->p;
	const struct alloc_req *q = &p->req;

	if (size < p->size || size > p->size + MBT_PAGE) {
		say(r, ln, "reserve of 0x%llx bytes does not match the %llu-byte "
			   "%s at line %lu", (unsigned long long)size,
		    (unsigned long long)p->size, p->name, p->line);
	}
	if (!p->ret && p->at == base) {
		r->allocs_ok++;
		if (r->verbose)
			say(r, p->line, "%s %llu bytes -> 0x%llx: as in the log",
			    p->name, (unsigned long long)p->size,
			    (unsigned long long)base);
	} else {
		if (p->ret)
			say(r, p->line, "%s %llu bytes: Linux placed it at 0x%llx "
				   "(line %lu), the replay failed: %s", p->name,
			    (unsigned long long)p->size,
			    (unsigned long long)base, ln, mb_strerror(p->ret));
		else
			say(r, p->line, "%s %llu bytes: Linux placed it at 0x%llx "
				   "(line %lu), the replay at 0x%llx", p->name,
			    (unsigned long long)p->size,
			    (unsigned long long)base, ln,
			    (unsigned long long)p->at);
		if (explain(r, q, base, p->line))
			r->allocs_fixed++;
		else
			r->errors++;
	}
}

/* ---- dumps ---- */

static void dump_reset(struct dump_block *d, unsigned long ln)
{
	int t;

	for (t = 0; t < 2; t++) {
		d->n[t] = 0;
		d->has_cnt[t] = false;
	}
	d->has_total = false;
	d->line = ln;
}

/* " memory[0x3]\t[A-B], S bytes [on node N] [flags: F]" */
static bool dump_region_line(struct replay *r, const char *s)
{
	struct dump_block *d = &r->d;
	int t = !strncmp(s, "memory[", 7) ? 0 :
		!strncmp(s, "reserved[", 9) ? 1 : -1;
	struct dumped x = { .nid = -1000, .flags = -1 };
	uint64_t a, b, sz;
	int64_t v;
	const char *p;

	if (t < 0)
		return false;
	p = strchr(s, '[');
	p = p ? strchr(p + 1, '[') : NULL;
	if (!p)
		return false;
	p++;
	if (!mbt_scan_range(&p, &a, &b) || strncmp(p, "], ", 3))
		return false;
	p += 3;
	if (!mbt_scan_hex(&p, &sz))
		return false;
	x.base = a;
	x.size = b - a + 1;
	if (field(p, "on node ", &v) && v >= 0 && v < MAX_NUMNODES) {
		x.nid = (int)v;
		r->log_has_nodes = true;
	}
	if (field(p, "flags: ", &v) && v >= 0 && v <= 0xffff)
		x.flags = (int)v;
	if (d->n[t] == d->cap[t]) {
		size_t c = d->cap[t] ? d->cap[t] * 2 : 64;
		struct dumped *n = realloc(d->r[t], c * sizeof(*n));

		if (!n)
			return true;
		d->r[t] = n;
		d->cap[t] = c;
	}
	d->r[t][d->n[t]++] = x;
	return true;
}

static bool dump_line(struct replay *r, const char *s)
{
	struct dump_block *d = &r->d;
	const char *p;
	uint64_t v;

	if (dump_region_line(r, s))
		return true;
	if (!strncmp(s, "memory size = ", 14)) {
		p = s + 14;
		if (mbt_scan_hex(&p, &d->total[0]) &&
		    (p = strstr(p, "reserved size = ")) &&
		    (p += 16, mbt_scan_hex(&p, &d->total[1])))
			d->has_total = true;
		return true;
	}
	if (!strncmp(s, "memory.cnt", 10) || !strncmp(s, "reserved.cnt", 12)) {
		int t = s[0] == 'r';

		p = strchr(s, '=');
		if (p && (p = mbt_skip_space(p + 1), mbt_scan_hex(&p, &v))) {
			d->cnt[t] = v;
			d->has_cnt[t] = true;
		}
		return true;
	}
	return false;
}

static void dump_line_no_header(struct replay *r, const char *s)
{
	if (strncmp(s, "MEMBLOCK configuration:", 23))
		dump_line(r, s);
}

static bool same_region(const struct replay *r, const struct dumped *x,
			const struct memblock_region *g)
{
	bool ours_valid = g->nid >= 0 && g->nid < MAX_NUMNODES;

	if (x->base != g->base || x->size != g->size)
		return false;
	if (x->flags >= 0 && (unsigned)x->flags != (unsigned)g->flags)
		return false;
	if (r->log_has_nodes &&
	    (x->nid == -1000 ? ours_valid : (!ours_valid || x->nid != g->nid)))
		return false;
	return true;
}

static void describe(char *buf, size_t len, const struct dumped *x)
{
	int n = snprintf(buf, len, "[0x%llx-0x%llx]",
			 (unsigned long long)x->base,
			 (unsigned long long)(x->base + x->size - 1));

	if (n > 0 && (size_t)n < len && x->nid != -1000)
		n += snprintf(buf + n, len - (size_t)n, " node %d", x->nid);
	if (n > 0 && (size_t)n < len && x->flags >= 0)
		snprintf(buf + n, len - (size_t)n, " flags 0x%x",
			 (unsigned)x->flags);
}

static void describe_ours(char *buf, size_t len,
			  const struct memblock_region *g)
{
	struct dumped x = { g->base, g->size,
			    g->nid >= 0 && g->nid < MAX_NUMNODES ? g->nid : -1000,
			    (int)g->flags };

	describe(buf, len, &x);
}

/* Compare one type; report the first few differences. */
static unsigned compare_type(struct replay *r, int t)
{
	const struct memblock_type *ty = t ? &r->m.mb.reserved : &r->m.mb.memory;
	const char *name = t ? "reserved" : "memory";
	struct dump_block *d = &r->d;
	unsigned diffs = 0, shown = 0, nid_only = 0;
	size_t i, n = d->n[t] > ty->cnt ? d->n[t] : ty->cnt;
	char a[96], b[96];

	for (i = 0; i < n; i++) {
		const struct dumped *x = i < d->n[t] ? &d->r[t][i] : NULL;
		const struct memblock_region *g =
			i < ty->cnt ? &ty->regions[i] : NULL;

		if (x && g && same_region(r, x, g))
			continue;
		diffs++;
		if (x && g && x->base == g->base && x->size == g->size &&
		    (x->flags < 0 || (unsigned)x->flags == (unsigned)g->flags)) {
			nid_only++;
			continue;
		}
		if (shown++ >= 4)
			continue;
		if (x)
			describe(a, sizeof(a), x);
		if (g)
			describe_ours(b, sizeof(b), g);
		say(r, d->line, "  %s[0x%zx]: log %s, replay %s", name, i,
		    x ? a : "(none)", g ? b : "(none)");
	}
	if (nid_only)
		say(r, d->line, "  %s: %u region(s) differ only in their node "
			   "(NUMA set-up assigns nodes without a trace line)",
		    name, nid_only);
	if (shown > 4)
		say(r, d->line, "  %s: %u more difference(s)", name, shown - 4);
	return diffs;
}

/* Put a dumped region into @mb as memory or as a reservation. */
static void add_dumped(struct memblock *mb, const struct dumped *x, int t)
{
	enum memblock_flags f = (enum memblock_flags)(x->flags < 0 ? 0 : x->flags);

	if (t)
		mb_reserve_node(mb, cap(x->base), cap(x->size),
				x->nid == -1000 ? NUMA_NO_NODE : x->nid, f);
	else
		mb_add_node(mb, cap(x->base), cap(x->size),
			    x->nid == -1000 ? MAX_NUMNODES : x->nid, f);
}

/* Rebuild the instance from the dump so the replay follows the log. */
static void adopt_dump(struct replay *r)
{
	struct memblock *mb = &r->m.mb;
	bool bu = mb->bottom_up;
	phys_addr_t lim = mb->current_limit;
	size_t i;

	mbt_mb_fini(&r->m);
	if (mbt_mb_init(&r->m))
		return;
	mb->bottom_up = bu;
	mb->current_limit = lim;
	for (i = 0; i < r->d.n[0]; i++)
		add_dumped(mb, &r->d.r[0][i], 0);
	for (i = 0; i < r->d.n[1]; i++)
		add_dumped(mb, &r->d.r[1][i], 1);
}

/* Bytes covered by @t, as merged ranges, equal to the dump's? */
static bool same_coverage(const struct replay *r, int t)
{
	const struct memblock_type *ty = t ? &r->m.mb.reserved : &r->m.mb.memory;
	const struct dump_block *d = &r->d;
	size_t i = 0, j = 0;

	/* Walk both sorted lists merging adjacent ranges as we go. */
	while (i < d->n[t] || j < ty->cnt) {
		uint64_t a0, a1, b0, b1;

		if (i >= d->n[t] || j >= ty->cnt)
			return false;
		a0 = d->r[t][i].base;
		a1 = a0 + d->r[t][i].size;
		while (++i < d->n[t] && d->r[t][i].base == a1)
			a1 += d->r[t][i].size;
		b0 = ty->regions[j].base;
		b1 = b0 + ty->regions[j].size;
		while (++j < ty->cnt && ty->regions[j].base == b1)
			b1 += ty->regions[j].size;
		if (a0 != b0 || a1 != b1)
			return false;
	}
	return true;
}

static unsigned count_diffs(const struct replay *r, int t)
{
	const struct memblock_type *ty = t ? &r->m.mb.reserved : &r->m.mb.memory;
	size_t i, n = r->d.n[t] > ty->cnt ? r->d.n[t] : ty->cnt;
	unsigned diffs = 0;

	for (i = 0; i < n; i++)
		if (i >= r->d.n[t] || i >= ty->cnt ||
		    !same_region(r, &r->d.r[t][i], &ty->regions[i]))
			diffs++;
	return diffs;
}

static void finish_dump(struct replay *r)
{
	struct dump_block *d = &r->d;
	unsigned diffs;
	const char *why = NULL;

	r->in_dump = false;
	if (!d->n[0] && !d->n[1] && !d->has_cnt[0])
		return;
	r->dumps++;
	diffs = count_diffs(r, 0) + count_diffs(r, 1);
	if (diffs && count_diffs(r, 0) && r->traced_memory) {
		/* e820__memblock_setup() trims to pages without a trace. */
		mb_trim_memory(&r->m.mb, MBT_PAGE);
		if (!count_diffs(r, 0)) {
			say(r, d->line, "  memory matches once trimmed to whole "
				   "pages (memblock_trim_memory() is not traced)");
			r->inferred++;
			diffs = count_diffs(r, 1);
		}
	}
	if (!diffs && d->has_total &&
	    (d->total[0] != r->m.mb.memory.total_size ||
	     d->total[1] != r->m.mb.reserved.total_size)) {
		if (d->total[1] == r->m.mb.reserved.total_size) {
			if (!r->stale_total_noted)
				say(r, d->line, "  the log's memory size 0x%llx is "
					   "Linux's stale total after trimming "
					   "(the regions agree; ours is 0x%llx)",
				    (unsigned long long)d->total[0],
				    (unsigned long long)r->m.mb.memory.total_size);
			r->stale_total_noted = true;
		} else {
			diffs++;
		}
	}
	if (!diffs) {
		r->dumps_ok++;
		if (r->verbose)
			say(r, d->line, "MEMBLOCK configuration: identical "
				   "(%zu memory, %zu reserved regions)",
			    d->n[0], d->n[1]);
		return;
	}
	if (same_coverage(r, 0) && same_coverage(r, 1))
		why = "the same ranges, split or assigned to nodes differently "
		      "(memblock_set_node() is not traced)";
	else if (!r->traced_memory && !r->seeded && r->dumps == 1)
		why = "state registered before memblock=debug took effect";
	if (why) {
		say(r, d->line, "MEMBLOCK configuration: %s; adopting the "
			   "log's state", why);
		if (r->verbose) {
			compare_type(r, 0);
			compare_type(r, 1);
		}
		r->inferred++;
		r->dumps_explained++;
	} else {
		say(r, d->line, "MEMBLOCK configuration differs from the "
			   "replay; adopting the log's state");
		compare_type(r, 0);
		compare_type(r, 1);
		if (d->has_total)
			say(r, d->line, "  sizes: log memory 0x%llx reserved "
				   "0x%llx, replay memory 0x%llx reserved 0x%llx",
			    (unsigned long long)d->total[0],
			    (unsigned long long)d->total[1],
			    (unsigned long long)r->m.mb.memory.total_size,
			    (unsigned long long)r->m.mb.reserved.total_size);
		r->errors++;
	}
	adopt_dump(r);
}

/* ---- the log ---- */

static const char *strip_prefix(const char *s)
{
	/* "[    0.003813] " timestamps, "<6>" levels, leading blanks. */
	s = mbt_skip_space(s);
	if (*s == '<') {
		const char *q = strchr(s, '>');

		if (q && q - s < 5)
			s = q + 1;
	}
	if (*s == '[') {
		const char *q = strchr(s, ']');

		if (q)
			s = q + 1;
	}
	return mbt_skip_space(s);
}

static void call_line(struct replay *r, const char *s, unsigned long ln)
{
	struct memblock *mb = &r->m.mb;
	char name[48];
	size_t n = strcspn(s, ": ");
	uint64_t base, size;
	int64_t v;
	int ret = 0;

	if (s[n] != ':' || n >= sizeof(name))
		return;
	memcpy(name, s, n);
	name[n] = '\0';
	s += n + 1;
	if (strstr(name, "alloc")) {
		alloc_line(r, name, s, ln);
		return;
	}
	if (!strcmp(name, "memblock_add") || !strcmp(name, "memblock_add_node") ||
	    !strcmp(name, "memblock_reserve") || !strcmp(name, "memblock_remove") ||
	    !strcmp(name, "memblock_phys_free") || !strcmp(name, "memblock_free")) {
		if (!call_range(s, r->exclusive_ends, &base, &size)) {
			say(r, ln, "%s: cannot read its range", name);
			r->errors++;
			return;
		}
	} else {
		say(r, ln, "%s: not replayed (unknown call)", name);
		r->unknown++;
		return;
	}
	r->calls++;
	if (!size)
		return; /* Linux ignores empty ranges too */
	if (strstr(name, "add"))
		r->traced_memory = true;
	mbt_caller = "replay";
	if (!strcmp(name, "memblock_reserve") && r->p.active) {
		enum memblock_flags f = r->kern_mode ? MEMBLOCK_RSRV_KERN :
						       MEMBLOCK_NONE;

		check_alloc(r, base, size, ln);
		ret = mb_reserve_node(mb, cap(base), cap(size),
				      r->kern_mode ? r->p.nid : NUMA_NO_NODE, f);
		r->p.active = false;
	} else if (!strcmp(name, "memblock_reserve")) {
		ret = mb_reserve(mb, cap(base), cap(size));
	} else if (!strcmp(name, "memblock_add_node")) {
		int nid = field(s, "nid=", &v) && v >= 0 && v <= MAX_NUMNODES ?
				  (int)v : MAX_NUMNODES;
		int64_t fl = 0;

		field(s, "flags=", &fl);
		ret = mb_add_node(mb, cap(base), cap(size), nid,
				  (enum memblock_flags)(fl & 0xff));
	} else if (!strcmp(name, "memblock_add")) {
		ret = mb_add(mb, cap(base), cap(size));
	} else if (!strcmp(name, "memblock_remove")) {
		ret = mb_remove(mb, cap(base), cap(size));
	} else {
		ret = mb_free(mb, cap(base), cap(size));
	}
	if (ret) {
		say(r, ln, "%s: the replay's call failed: %s", name,
		    mb_strerror(ret));
		r->errors++;
	}
}

struct replay_ctx {
	struct replay *r;
	const struct mbt_input *in;
	struct e820_table *e820;
	bool imported;
	bool has_add;
};

static void import_e820(struct replay_ctx *c, unsigned long ln)
{
	struct mb_import_report rep;
	int ret;

	c->imported = true;
	if (!c->e820 || !c->e820->n || c->has_add)
		return;
	mbt_caller = "e820__memblock_setup";
	ret = mb_import_e820(&c->r->m.mb, c->e820->e, c->e820->n, &rep);
	if (ret)
		say(c->r, ln, "e820 import failed: %s", mb_strerror(ret));
	else if (c->r->verbose)
		say(c->r, ln, "memory from the log's e820 table (%lu entries): "
			      "the log has no memblock_add lines", rep.entries);
}

static void replay_line(struct replay_ctx *c, const char *line,
			unsigned long ln)
{
	struct replay *r = c->r;
	const char *s = strip_prefix(line);

	if (!c->imported && ln >= c->in->boundary_line)
		import_e820(c, ln);
	if (r->in_dump) {
		if (dump_line(r, s))
			return;
		finish_dump(r);
	}
	if (!strncmp(s, "MEMBLOCK configuration:", 23)) {
		r->in_dump = true;
		dump_reset(&r->d, ln);
		return;
	}
	/* Dump fragments quoted without their header. */
	if (!strncmp(s, "memory[0x", 9) || !strncmp(s, "reserved.cnt", 12)) {
		r->in_dump = true;
		dump_reset(&r->d, ln);
		dump_line(r, s);
		return;
	}
	if (!strncmp(s, "memblock_", 9) || !strncmp(s, "__memblock_", 11)) {
		call_line(r, s, ln);
	}
}

/*
 * A log whose memory was registered before tracing started (no
 * memblock_add lines, no e820 table) only shows it in its first dump.
 * Seed memory from that dump, and the reservations in it that no traced
 * call before the dump made, so the allocations before the dump can be
 * checked too.
 */
static void seed_from_first_dump(struct replay *r, const char *buf, size_t len)
{
	struct mbt_mb tmp;
	uint64_t *rs = NULL;
	size_t nrs = 0, i, start = 0, k;
	unsigned long ln = 0, first = 0;
	char *line = malloc(len + 1);

	if (!line || mbt_mb_init(&tmp)) {
		free(line);
		return;
	}
	while (start < len) {
		const char *s;
		size_t n = 0;

		while (start + n < len && buf[start + n] != '\n')
			n++;
		memcpy(line, buf + start, n);
		line[n] = '\0';
		for (k = 0; k < n; k++)
			if (!line[k])
				line[k] = ' ';
		start += n + 1;
		ln++;
		if (line[0] == '#')
			continue;
		s = strip_prefix(line);
		if (r->in_dump) {
			if (dump_line(r, s))
				continue;
			break;
		}
		if (!strncmp(s, "MEMBLOCK configuration:", 23) ||
		    !strncmp(s, "memory[0x", 9)) {
			r->in_dump = true;
			dump_reset(&r->d, ln);
			dump_line_no_header(r, s);
			first = ln;
			continue;
		}
		if (!strncmp(s, "memblock_reserve:", 17)) {
			uint64_t b, sz, *g;

			if (!call_range(s + 17, r->exclusive_ends, &b, &sz) || !sz)
				continue;
			g = realloc(rs, (nrs + 1) * 2 * sizeof(*rs));
			if (!g)
				break;
			rs = g;
			rs[2 * nrs] = b;
			rs[2 * nrs + 1] = sz;
			nrs++;
		}
	}
	r->in_dump = false;
	if (first && r->d.n[0]) {
		for (i = 0; i < r->d.n[0]; i++)
			add_dumped(&r->m.mb, &r->d.r[0][i], 0);
		for (i = 0; i < r->d.n[1]; i++)
			add_dumped(&tmp.mb, &r->d.r[1][i], 1);
		for (i = 0; i < nrs; i++)
			mb_remove_type(&tmp.mb, &tmp.mb.reserved, cap(rs[2 * i]),
				       cap(rs[2 * i + 1]));
		for (i = 0; i < tmp.mb.reserved.cnt; i++) {
			const struct memblock_region *g = &tmp.mb.reserved.regions[i];

			mb_reserve_node(&r->m.mb, g->base, g->size, g->nid,
					g->flags);
		}
		r->seeded = true;
		say(r, first, "no memory is added by traced calls: seeding "
			   "%zu memory region(s) from this dump, and %lu "
			   "reservation(s) no traced call before it made",
		    r->d.n[0], tmp.mb.reserved.cnt);
	}
	dump_reset(&r->d, 0);
	mbt_mb_fini(&tmp);
	free(rs);
	free(line);
}

static const char replay_help[] =
"usage: memblock replay [options] LOG\n"
"\n"
"Re-execute the memblock calls of a memblock=debug kernel log (memblock_add,\n"
"memblock_add_node, memblock_reserve, memblock_remove, memblock_phys_free /\n"
"memblock_free, and the memblock_*alloc* families) on a fresh instance,\n"
"starting from the log's e820 table when it has no memblock_add lines.\n"
"Checks that every allocation lands where the following memblock_reserve\n"
"line says Linux put it, and that every 'MEMBLOCK configuration' dump\n"
"matches.  Each divergence is reported as LOG:LINE; the replay then\n"
"follows the log.  Settings Linux does not trace (bottom-up mode, the\n"
"current limit, SMP_CACHE_BYTES for align=0, node assignment) are\n"
"inferred when a placement pins them down, and reported.\n"
"\n"
"Options:\n"
"  -v, --verbose       also list what matched\n"
"  --cache-bytes N     SMP_CACHE_BYTES for align=0 requests (default 64)\n"
"  --bottom-up         start in bottom-up mode\n"
"  --exclusive-ends    call lines print [base, base + size] (Linux < 3.14;\n"
"                      detected from the 'Linux version' line)\n"
"  --inclusive-ends    call lines print [base, base + size - 1]\n"
"  --kern              allocations are reserved as MEMBLOCK_RSRV_KERN with\n"
"                      their node (Linux 6.16+; detected from dumps)\n"
"  -h, --help          this text\n"
"\n"
"Exit status: 0 everything reproduced, 1 divergences or unusable input,\n"
"2 usage errors.\n";

/* "3.5.0-rc2 (...)": Linux before 3.14 traced ranges as [base, base+size]. */
static bool old_kernel(const char *version)
{
	uint64_t major, minor;
	const char *p = version;

	if (!p || !mbt_scan_dec(&p, &major) || *p++ != '.' ||
	    !mbt_scan_dec(&p, &minor))
		return false;
	return major < 3 || (major == 3 && minor < 14);
}

static void replay_fn(struct replay_ctx *c, char *buf, size_t len)
{
	size_t i, start = 0;
	unsigned long ln = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		buf[i] = '\0';
		ln++;
		for (size_t k = start; k < i; k++)
			if (buf[k] == '\0')
				buf[k] = ' ';
		if (buf[start] != '#')
			replay_line(c, buf + start, ln);
		start = i + 1;
	}
	if (c->r->in_dump)
		finish_dump(c->r);
	if (c->r->p.active && !c->r->p.ret)
		say(c->r, c->r->p.line, "%s: the log ends before its placement",
		    c->r->p.name);
}

int mbt_cmd_replay(int argc, char **argv)
{
	struct replay r;
	struct replay_ctx c;
	struct mbt_input in;
	struct e820_table t = { 0 };
	const char *path = NULL;
	bool bottom_up = false, kern = false;
	int ends = 0;
	size_t len;
	char *buf;
	int i;

	memset(&r, 0, sizeof(r));
	r.cache_bytes = 64;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(replay_help, stdout);
			return MBT_EXIT_OK;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			r.verbose = true;
		} else if (!strcmp(argv[i], "--bottom-up")) {
			bottom_up = true;
		} else if (!strcmp(argv[i], "--exclusive-ends")) {
			ends = 2;
		} else if (!strcmp(argv[i], "--inclusive-ends")) {
			ends = 1;
		} else if (!strcmp(argv[i], "--kern")) {
			kern = true;
		} else if (!strcmp(argv[i], "--cache-bytes") && i + 1 < argc) {
			uint64_t v;
			const char *rest;

			if (mb_parse_size(argv[++i], &v, &rest) || *rest || !v ||
			    (v & (v - 1))) {
				fprintf(stderr, "replay: --cache-bytes needs a power of two\n");
				return MBT_EXIT_USAGE;
			}
			r.cache_bytes = v;
			r.cache_inferred = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "replay: unknown option '%s'\n%s", argv[i],
				replay_help);
			return MBT_EXIT_USAGE;
		} else if (!path) {
			path = argv[i];
		} else {
			fprintf(stderr, "replay: one LOG only\n");
			return MBT_EXIT_USAGE;
		}
	}
	if (!path) {
		fprintf(stderr, "replay: missing LOG\n%s", replay_help);
		return MBT_EXIT_USAGE;
	}
	buf = mbt_read_file(path, &len);
	if (!buf)
		return MBT_EXIT_INPUT;
	r.path = path;
	/* The log's e820 table and its set-up boundary, if it has them. */
	mbt_input_init(&in, path);
	in.diag.out = NULL;
	mbt_parse_buffer(&in, buf, len);
	if (in.has_e820)
		mbt_effective_e820(&in, false, &t);
	r.kern_mode = kern || strstr(buf, "flags: 0x20") != NULL;
	if (mbt_mb_init(&r.m)) {
		free(buf);
		return MBT_EXIT_INPUT;
	}
	mb_set_bottom_up(&r.m.mb, bottom_up);
	memset(&c, 0, sizeof(c));
	c.r = &r;
	c.in = &in;
	c.e820 = &t;
	c.has_add = strstr(buf, "memblock_add") != NULL;
	if (in.boundary_line == (unsigned long)-1)
		in.boundary_line = 0; /* no marker: import up front */
	r.exclusive_ends = old_kernel(in.version);
	if (ends > 0)
		r.exclusive_ends = ends == 2;
	if (r.exclusive_ends)
		fprintf(mbt_out, "%s: call ranges read with exclusive ends "
			"(Linux before 3.14 printed base + size)\n", path);
	if (!c.has_add && !in.has_e820)
		seed_from_first_dump(&r, buf, len);
	replay_fn(&c, buf, len);

	fprintf(mbt_out, "%s: replayed %lu calls and %lu allocations; "
		"%lu allocation(s) placed as in the log, %lu explained by an "
		"inferred setting; %lu/%lu MEMBLOCK dumps identical, %lu "
		"explained by untraced changes; %lu call(s) not replayed\n",
		path, r.calls, r.allocs, r.allocs_ok, r.allocs_fixed,
		r.dumps_ok, r.dumps, r.dumps_explained, r.unknown);
	if (!r.calls && !r.allocs)
		fprintf(mbt_out, "%s: no memblock calls in the log: nothing was "
			"re-executed (only its dumps were read)\n", path);
	mbt_mb_fini(&r.m);
	free(r.d.r[0]);
	free(r.d.r[1]);
	e820_free(&t);
	mbt_input_free(&in);
	free(buf);
	return r.errors || (!r.calls && !r.allocs) ? MBT_EXIT_INPUT :
						     MBT_EXIT_OK;
}
