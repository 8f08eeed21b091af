// SPDX-License-Identifier: MIT
/*
 * sim.c - the simulate subcommand: import a map, apply the kernel
 * command line and a script, print the result as Linux prints it.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define SZ_16M (16ull << 20)
#define SZ_256M (256ull << 20)
#define SZ_4G (4ull << 30)
#define SZ_64T (64ull << 40)

void mbt_event(struct sim *s, const char *fmt, ...)
{
	char buf[512], **a;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	a = realloc(s->events, (s->n_events + 1) * sizeof(*a));
	if (!a)
		return;
	s->events = a;
	s->events[s->n_events] = strdup(buf);
	if (s->events[s->n_events])
		s->n_events++;
}

phys_addr_t mbt_clamp_phys(uint64_t v)
{
	return v > PHYS_ADDR_MAX ? PHYS_ADDR_MAX : (phys_addr_t)v;
}

/*
 * With --debug, announce an allocation the way Linux's memblock=debug
 * does, so the trace can be fed back to 'memblock replay'.
 */
void mbt_trace_alloc(const struct sim *s, phys_addr_t size,
			phys_addr_t align, phys_addr_t min, phys_addr_t max,
			int nid)
{
	if (!s->m.mb.priv.debug)
		return;
	fprintf(mbt_out, "memblock_phys_alloc_range: %llu bytes align=0x%llx "
		"nid=%d from=0x%016llx max_addr=0x%016llx %s+0x0/0x0\n",
		(unsigned long long)size, (unsigned long long)align, nid,
		(unsigned long long)min, (unsigned long long)max,
		mbt_caller ? mbt_caller : "?");
}

/* ---- crashkernel= as x86's reservation code places it ---- */

static int crash_alloc(struct sim *s, uint64_t size, uint64_t start,
		       uint64_t end, phys_addr_t *out)
{
	if (start < MBT_PAGE)
		start = MBT_PAGE; /* memblock never hands out the first page */
	mbt_caller = "reserve_crashkernel";
	mbt_trace_alloc(s, mbt_clamp_phys(size), SZ_16M, mbt_clamp_phys(start),
		    mbt_clamp_phys(end), NUMA_NO_NODE);
	return mb_alloc_range(&s->m.mb, mbt_clamp_phys(size), SZ_16M,
			      mbt_clamp_phys(start), mbt_clamp_phys(end), out);
}

static void crash_reserve(struct sim *s, const struct mbt_crash *c)
{
	const uint64_t lowmax = s->crash_low_max;
	uint64_t start = 0, end = lowmax, low = c->low_given ? c->low_size : 0;
	phys_addr_t at, low_at;
	int r;

	if (c->fixed) {
		start = c->base;
		end = c->base + c->size;
	} else if (c->high) {
		start = lowmax;
		end = SZ_64T;
		if (!c->low_given)
			low = SZ_256M;
	}
	r = crash_alloc(s, c->size, start, end, &at);
	if (r && !c->fixed && !c->high) {
		/* Nothing below 4 GiB: try above, with the default low part
		 * (Linux's fallback ignores a crashkernel=,low here). */
		start = lowmax;
		end = SZ_64T;
		low = SZ_256M;
		r = crash_alloc(s, c->size, start, end, &at);
	} else if (r && c->high) {
		start = 0;
		end = lowmax;
		r = crash_alloc(s, c->size, start, end, &at);
	}
	if (r) {
		mbt_event(s, "crashkernel: cannot reserve %llu MiB%s: %s",
		      (unsigned long long)(c->size >> 20),
		      c->fixed ? " at the requested address" : "",
		      mb_strerror(r));
		return;
	}
	if ((uint64_t)at >= lowmax && low) {
		r = crash_alloc(s, low, 0, lowmax, &low_at);
		if (r) {
			mb_free(&s->m.mb, at, mbt_clamp_phys(c->size));
			mbt_event(s, "crashkernel: low part of %llu MiB does not "
				 "fit below 0x%llx (%s); nothing reserved",
			      (unsigned long long)(low >> 20),
			      (unsigned long long)lowmax, mb_strerror(r));
			return;
		}
		mbt_event(s, "crashkernel low: [0x%llx-0x%llx] (%llu MiB)",
		      (unsigned long long)low_at,
		      (unsigned long long)(low_at + low - 1),
		      (unsigned long long)(low >> 20));
	}
	s->crash_placed = true;
	s->crash_at = at;
	s->crash_size = c->size;
	mbt_event(s, "crashkernel: [0x%llx-0x%llx] (%llu MiB)",
	      (unsigned long long)at, (unsigned long long)(at + c->size - 1),
	      (unsigned long long)(c->size >> 20));
}

static void apply_crashkernel(struct sim *s, const struct mbt_kopts *k)
{
	struct mbt_crash c = { 0 };
	unsigned i;

	for (i = 0; i < k->n_crash; i++)
		if (mbt_parse_crashkernel(k->crash_val[i],
					  mb_phys_mem_size(&s->m.mb), &c))
			mbt_error(s->d, 0, "malformed crashkernel=%s",
				  k->crash_val[i]);
	if (!c.present)
		return;
	if (!c.size) {
		mbt_event(s, "crashkernel: no size applies to %llu MiB of RAM",
		      (unsigned long long)(mb_phys_mem_size(&s->m.mb) >> 20));
		return;
	}
	crash_reserve(s, &c);
}

static void apply_reserve_mem(struct sim *s, const struct mbt_kopts *k)
{
	unsigned i;

	mbt_caller = "reserve_mem";
	for (i = 0; i < k->lib.reserve_mem_cnt; i++) {
		phys_addr_t at;
		int r;

		mbt_trace_alloc(s, mbt_clamp_phys(k->lib.reserve_mem[i].size),
			    mbt_clamp_phys(k->lib.reserve_mem[i].align), MBT_PAGE,
			    MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
		r = mb_alloc_range(&s->m.mb, mbt_clamp_phys(k->lib.reserve_mem[i].size),
				   mbt_clamp_phys(k->lib.reserve_mem[i].align),
				   MBT_PAGE, MEMBLOCK_ALLOC_ACCESSIBLE, &at);

		if (r)
			mbt_event(s, "reserve_mem %s: %s", k->lib.reserve_mem[i].name,
			      mb_strerror(r));
		else
			mbt_event(s, "reserve_mem %s: [0x%llx-0x%llx]",
			      k->lib.reserve_mem[i].name,
			      (unsigned long long)at,
			      (unsigned long long)(at +
						   k->lib.reserve_mem[i].size - 1));
	}
}

/* ---- the input's own operations ---- */

static int apply_ops(struct sim *s)
{
	struct memblock *mb = &s->m.mb;
	size_t i;

	mbt_caller = "input";
	for (i = 0; i < s->in.n_ops; i++) {
		const struct mbt_op *o = &s->in.ops[i];
		phys_addr_t base = mbt_clamp_phys(o->base);
		phys_addr_t size = mbt_clamp_phys(o->size);
		int r;

		if (o->base > PHYS_ADDR_MAX) {
			mbt_warn(&s->in.diag, o->line,
				 "range beyond phys_addr_t; skipped");
			continue;
		}
		switch (o->kind) {
		case OP_MEMORY:
			/* Memory already known takes the node and flags given. */
			r = mb_add_node(mb, base, size,
					o->nid == -2 ? MAX_NUMNODES : o->nid,
					(enum memblock_flags)o->flags);
			if (!r && o->nid != -2)
				r = mb_set_node(mb, &mb->memory, base, size,
						o->nid);
			if (!r && o->flags)
				r = mb_set_flags(mb, &mb->memory, base, size,
						 (enum memblock_flags)o->flags);
			break;
		case OP_NOMAP:
			r = mb_add(mb, base, size);
			if (!r)
				r = mb_set_flags(mb, &mb->memory, base, size,
						 MEMBLOCK_NOMAP);
			break;
		case OP_RESERVE:
		default:
			r = o->nid == -2 ? mb_reserve(mb, base, size) :
					   mb_reserve_node(mb, base, size, o->nid,
							   MEMBLOCK_NONE);
			break;
		}
		if (r)
			mbt_error(&s->in.diag, o->line, "%s", mb_strerror(r));
	}
	return 0;
}

/* ---- comparing with the log ---- */

static int check_against_log(struct sim *s, FILE *f)
{
	const struct memblock *mb = &s->m.mb;
	uint64_t total = mbt_present_pages(mb) * (MBT_PAGE / 1024);
	int bad = 0;
	size_t i;

	if (s->in.has_memory_line) {
		bool ok = total == s->in.mem_total_k;

		fprintf(f, "check: Memory total %lluK, log line %lu says %lluK: %s\n",
			(unsigned long long)total, s->in.memory_line,
			(unsigned long long)s->in.mem_total_k,
			ok ? "match" : "MISMATCH");
		bad |= !ok;
	} else {
		fprintf(f, "check: the log has no 'Memory: ...K/...K available' line\n");
	}
	if (s->in.totalpages_line) {
		/* Older kernels print each node's present pages. */
		uint64_t pages = mbt_present_pages(mb);
		bool ok = pages == s->in.node_totalpages;

		fprintf(f, "check: %llu present pages, the log's 'On node N "
			   "totalpages' lines (last at line %lu) sum to %llu: %s\n",
			(unsigned long long)pages, s->in.totalpages_line,
			(unsigned long long)s->in.node_totalpages,
			ok ? "match" : "MISMATCH");
		bad |= !ok;
	}
	if (s->in.initmem_line) {
		uint64_t end = (uint64_t)mb_end_of_DRAM(mb);
		bool ok = end == s->in.initmem_end;

		fprintf(f, "check: end of memory 0x%llx, the log's node spans "
			   "(line %lu) end at 0x%llx: %s\n",
			(unsigned long long)end, s->in.initmem_line,
			(unsigned long long)s->in.initmem_end,
			ok ? "match" : "MISMATCH");
		bad |= !ok;
	}
	if (s->in.last_pfn_line && s->x86) {
		uint64_t end = (uint64_t)mb_end_of_DRAM(mb) / MBT_PAGE;
		bool ok = end == s->in.last_pfn;

		fprintf(f, "check: end of RAM pfn 0x%llx, log line %lu says "
			   "last_pfn = 0x%llx: %s\n", (unsigned long long)end,
			s->in.last_pfn_line, (unsigned long long)s->in.last_pfn,
			ok ? "match" : "MISMATCH");
		bad |= !ok;
	}
	if (s->in.crash_line) {
		/* Linux printed memblock_phys_mem_size() in MiB there. */
		uint64_t ram = (uint64_t)mb_phys_mem_size(mb) >> 20;
		bool ok = ram == s->in.crash_system_ram_mb;

		fprintf(f, "check: System RAM %lluMB, log line %lu says %lluMB: %s\n",
			(unsigned long long)ram, s->in.crash_line,
			(unsigned long long)s->in.crash_system_ram_mb,
			ok ? "match" : "MISMATCH");
		bad |= !ok;
	}
	if (s->in.crash_line && s->in.crash_size_mb && s->crash_placed) {
		bool ok = s->crash_at >> 20 == s->in.crash_at_mb &&
			  s->crash_size >> 20 == s->in.crash_size_mb;

		fprintf(f, "check: crashkernel %lluMB at %lluMB, log line %lu "
			   "says %lluMB at %lluMB: %s\n",
			(unsigned long long)(s->crash_size >> 20),
			(unsigned long long)(s->crash_at >> 20), s->in.crash_line,
			(unsigned long long)s->in.crash_size_mb,
			(unsigned long long)s->in.crash_at_mb,
			ok ? "match" : "MISMATCH");
		bad |= !ok;
	}
	if (!s->in.n_nodes)
		return bad;
	/* Linux's node ranges are memory regions (split at node borders). */
	for (i = 0; i < s->in.n_nodes; i++) {
		const struct mbt_node_range *n = &s->in.nodes[i];

		if (!mb_is_region_memory(mb, mbt_clamp_phys(n->start),
					 mbt_clamp_phys(n->end - n->start + 1))) {
			fprintf(f, "check: node range [0x%llx-0x%llx] is not "
				   "one of our memory regions\n",
				(unsigned long long)n->start,
				(unsigned long long)n->end);
			bad = 1;
		}
	}
	fprintf(f, "check: %zu node ranges %s\n", s->in.n_nodes,
		bad ? "compared (see above)" : "all inside our memory regions");
	return bad;
}

/* ---- command ---- */

static const char simulate_help[] =
"usage: memblock simulate [options] MAP\n"
"\n"
"Import MAP (a kernel log with a BIOS-e820 table or efi=debug 'efi: mem'\n"
"lines, /proc/iomem, /sys/firmware/memmap or its 'grep -r .' listing, a\n"
"raw e820 dump, a device tree (.dtb, or .dts through dtc), or the tool's\n"
"text format), apply the kernel command line and a\n"
"script, and print memblock's state as Linux prints it: the MEMBLOCK\n"
"configuration dump, the debugfs memblock/memory and memblock/reserved\n"
"files, and a 'Memory: ...K/...K available' line.\n"
"\n"
"Options:\n"
"  --cmdline STR   kernel command line (instead of the log's 'Command line:');\n"
"                  honours mem=, memmap= (@ $ # ! %% exactmap), reserve_mem=,\n"
"                  crashkernel=SIZE[@OFFSET] / SIZE,high / SIZE,low / ranges.\n"
"                  With --cmdline the log's firmware table is the starting\n"
"                  point; without it the log's final (user:) table is.\n"
"  --no-cmdline    ignore the log's command line\n"
"  --efi           import the log's 'efi: memNN:' lines (efi=debug, old or\n"
"                  new format) as Linux's generic EFI code does (arm64,\n"
"                  riscv, loongarch), instead of its e820 table; the default\n"
"                  when the log has no e820 table.  With --arch x86: as an\n"
"                  x86 kernel sees them, converted to e820 by the EFI stub\n"
"                  (then mem= and memmap= edit that table)\n"
"  --arch ARCH     x86 (default for e820 input: mem= and memmap= edit the\n"
"                  e820 table, mem= is an address) or generic (mem= keeps\n"
"                  that many bytes, memblock_enforce_memory_limit)\n"
"  --crash-low-max ADDR  CRASH_ADDR_LOW_MAX for crashkernel= (default 4G;\n"
"                  Linux before 4.x on x86-64 used 896M)\n"
"  --script FILE   further operations, one a line:\n"
"                    reserve|free|add|remove|nomap|mirror|hotplug BASE SIZE\n"
"                    alloc SIZE [ALIGN [MIN MAX]] [nid=N]\n"
"                    node BASE SIZE NID   limit ADDRESS   mem SIZE\n"
"                    bottom-up   top-down   dump\n"
"  --json          print JSON instead of text\n"
"  --only WHAT     print only one part: dump, memory, reserved, totals\n"
"  --check         compare with what the log printed: the Memory: total,\n"
"                  last_pfn, crashkernel's System RAM, the node ranges;\n"
"                  exit status 1 if they differ\n"
"  --debug         print memblock=debug traces (to stdout)\n"
"  -h, --help      this text\n"
"\n"
"Exit status: 0 ok, 1 input errors (reported as FILE:LINE) or a failed\n"
"--check, 2 usage errors.\n";

static void print_text(struct sim *s, const char *only)
{
	size_t i;

	if (!only)
		for (i = 0; i < s->n_events; i++)
			fprintf(mbt_out, "# %s\n", s->events[i]);
	if (!only || !strcmp(only, "dump"))
		mb_dump(&s->m.mb);
	if (!only || !strcmp(only, "memory")) {
		if (!only)
			fprintf(mbt_out, "/sys/kernel/debug/memblock/memory:\n");
		mbt_print_debugfs(mbt_out, &s->m.mb.memory);
	}
	if (!only || !strcmp(only, "reserved")) {
		if (!only)
			fprintf(mbt_out, "/sys/kernel/debug/memblock/reserved:\n");
		mbt_print_debugfs(mbt_out, &s->m.mb.reserved);
	}
	if (!only || !strcmp(only, "totals"))
		mbt_print_totals(mbt_out, &s->m.mb);
}

static char *events_json(const struct sim *s)
{
	size_t i, cap = 32, n = 0;
	char *j = malloc(cap);

	if (!j)
		return NULL;
	n = (size_t)snprintf(j, cap, "\"events\": [");
	for (i = 0; i < s->n_events; i++) {
		const char *p;
		size_t need = n + strlen(s->events[i]) * 6 + 8;

		if (need > cap) {
			char *k = realloc(j, need * 2);

			if (!k)
				break;
			j = k;
			cap = need * 2;
		}
		if (i)
			j[n++] = ',';
		j[n++] = '"';
		for (p = s->events[i]; *p; p++) {
			if ((unsigned char)*p < 0x20) {
				/* JSON strings hold no raw control characters. */
				n += (size_t)snprintf(j + n, 7, "\\u%04x",
						      (unsigned char)*p);
				continue;
			}
			if (*p == '"' || *p == '\\')
				j[n++] = '\\';
			j[n++] = *p;
		}
		j[n++] = '"';
	}
	j[n++] = ']';
	j[n] = '\0';
	return j;
}

static const char draw_help[] =
"usage: memblock draw [options] MAP > picture.svg\n"
"\n"
"Simulate MAP exactly as 'memblock simulate' does (same options: --cmdline,\n"
"--no-cmdline, --arch, --script) and print an SVG picture of the physical\n"
"address space instead of text: free, reserved, allocated and NOMAP memory,\n"
"firmware ranges that are not memory, holes (drawn compressed), NUMA nodes\n"
"(the stripe on the left) and the start address and size of every piece.\n"
"Row heights grow with the logarithm of the size.  Opens in any browser.\n"
"\n"
"  -o FILE     write the SVG to FILE instead of stdout\n"
"  -h, --help  this text\n"
"\n"
"Exit status: 0 ok, 1 input errors, 2 usage errors.\n";

/*
 * The log's UEFI map as an x86 kernel receives it: the e820 table the EFI
 * stub makes of it (mb_efi_x86_e820_type), in @t (empty on entry).
 */
static int efi_as_e820(const struct mbt_input *in, struct e820_table *t)
{
	size_t i;
	int err = 0;

	/* The parser keeps each descriptor inside the 64-bit space. */
	for (i = 0; !err && i < in->n_efi; i++) {
		const struct mb_efi_desc *d = &in->efi[i];
		uint32_t type = mb_efi_x86_e820_type(d, 0);

		if (type && d->num_pages)
			err = e820_add(t, d->phys_addr,
				       d->num_pages << MB_EFI_PAGE_SHIFT, type);
	}
	return err;
}

static int simulate_main(int argc, char **argv, bool draw)
{
	const char *cmdline = NULL, *script = NULL, *arch = NULL, *only = NULL;
	const char *path = NULL, *svg_path = NULL;
	bool no_cmdline = false, check = false, debug = false, explicit_cmd;
	bool use_efi = false;
	struct sim s;
	struct e820_table table = { 0 };
	struct mbt_kopts k;
	struct mb_import_report rep;
	int i, r, rc = MBT_EXIT_OK;

	memset(&s, 0, sizeof(s));
	s.crash_low_max = SZ_4G;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(draw ? draw_help : simulate_help, stdout);
			return MBT_EXIT_OK;
		} else if (draw && !strcmp(a, "-o") && i + 1 < argc) {
			svg_path = argv[++i];
		} else if (!strcmp(a, "--cmdline") && i + 1 < argc) {
			cmdline = argv[++i];
		} else if (!strcmp(a, "--script") && i + 1 < argc) {
			script = argv[++i];
		} else if (!strcmp(a, "--arch") && i + 1 < argc) {
			arch = argv[++i];
		} else if (!strcmp(a, "--only") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(a, "--crash-low-max") && i + 1 < argc) {
			const char *rest;

			if (mb_parse_size(argv[++i], &s.crash_low_max, &rest) ||
			    *rest || !s.crash_low_max) {
				fprintf(stderr, "simulate: bad --crash-low-max\n");
				return MBT_EXIT_USAGE;
			}
		} else if (!strcmp(a, "--efi")) {
			use_efi = true;
		} else if (!strcmp(a, "--no-cmdline")) {
			no_cmdline = true;
		} else if (!strcmp(a, "--json")) {
			s.json = true;
		} else if (!strcmp(a, "--check")) {
			check = true;
		} else if (!strcmp(a, "--debug")) {
			debug = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "%s: unknown option '%s'\n%s",
				draw ? "draw" : "simulate", a,
				draw ? draw_help : simulate_help);
			return MBT_EXIT_USAGE;
		} else if (!path) {
			path = a;
		} else {
			fprintf(stderr, "simulate: one MAP only\n");
			return MBT_EXIT_USAGE;
		}
	}
	if (!path) {
		fprintf(stderr, "%s: missing MAP\n%s", draw ? "draw" : "simulate",
			draw ? draw_help : simulate_help);
		return MBT_EXIT_USAGE;
	}
	if ((arch && strcmp(arch, "x86") && strcmp(arch, "generic")) ||
	    (only && strcmp(only, "dump") && strcmp(only, "memory") &&
	     strcmp(only, "reserved") && strcmp(only, "totals"))) {
		fprintf(stderr, "simulate: bad --arch or --only value\n");
		return MBT_EXIT_USAGE;
	}

	mbt_input_init(&s.in, path);
	s.d = &s.in.diag;
	if (mbt_load_input(&s.in, path)) {
		mbt_input_free(&s.in);
		return MBT_EXIT_INPUT;
	}
	if (!s.in.has_e820 && !s.in.n_ops && s.in.n_efi && !s.in.fdt)
		use_efi = true;
	if (use_efi && !s.in.n_efi) {
		fprintf(stderr, "%s: --efi: the input has no 'efi: memNN:' lines\n",
			path);
		mbt_input_free(&s.in);
		return MBT_EXIT_INPUT;
	}
	s.x86 = arch ? !strcmp(arch, "x86") : s.in.has_e820 && !use_efi;
	explicit_cmd = cmdline != NULL;
	if (!cmdline && !no_cmdline)
		cmdline = s.in.cmdline;

	if ((use_efi && s.x86 ? efi_as_e820(&s.in, &table)
			      : mbt_effective_e820(&s.in, explicit_cmd, &table)) ||
	    mbt_mb_init(&s.m)) {
		fprintf(stderr, "simulate: out of memory\n");
		mbt_input_free(&s.in);
		return MBT_EXIT_INPUT;
	}
	/* The log's user: table already holds its own memmap=/mem=. */
	mbt_parse_kopts(cmdline, &k,
			s.x86 && (explicit_cmd || !s.in.has_user) ? &table :
								      NULL,
			s.d);
	if (!s.x86 && k.memmap_given)
		mbt_warn(s.d, 0, "memmap= is x86-only; ignored with --arch generic");
	if (cmdline && *cmdline)
		mbt_event(&s, "command line%s: %s", explicit_cmd ? "" : " (from log)",
		      cmdline);

	mb_set_debug(&s.m.mb, debug || k.lib.debug);
	mbt_caller = "e820__memblock_setup";
	if (s.in.fdt) {
		/*
		 * Room for every range the blob can hold, so that boards with
		 * more carve-outs than the library's stack array (64) import
		 * as Linux boots them.
		 */
		enum { RM_MAX = 256 };
		struct mb_fdt_rmem *rm = calloc(RM_MAX, sizeof(*rm));
		size_t scratch_bytes = MB_FDT_SCRATCH_FOR(s.in.fdt_size);
		void *scratch = malloc(scratch_bytes);
		struct mb_fdt_opts o = { .rmem = rm, .rmem_max = RM_MAX,
					 .scratch = scratch,
					 .scratch_bytes = scratch_bytes };
		size_t j;

		mbt_caller = "early_init_fdt_scan_reserved_mem";
		if (s.in.fdt_model)
			mbt_event(&s, "device tree: %s", s.in.fdt_model);
		r = rm && scratch ? mb_import_fdt(&s.m.mb, s.in.fdt,
						  s.in.fdt_size, &o, &rep)
				  : -MB_ENOMEM;
		free(scratch);
		if (!rm || !scratch)
			mbt_error(s.d, 0, "device tree import failed: out of "
				  "host memory for %zu bytes of scratch",
				  scratch_bytes + RM_MAX * sizeof(*rm));
		else if (r)
			mbt_error(s.d, 0, "device tree import failed: %s%s%s",
				  mb_strerror(r), o.why ? ": " : "",
				  o.why ? o.why : "");
		else
			mbt_event(&s, "fdt: %lu banks/reservations, %lu ignored, "
				  "0x%llx bytes of memory (0x%llx NOMAP), 0x%llx "
				  "reserved", rep.entries, rep.ignored,
			      (unsigned long long)rep.added,
			      (unsigned long long)rep.nomap,
			      (unsigned long long)rep.reserved);
		for (j = 0; !r && j < o.rmem_cnt && j < RM_MAX; j++)
			mbt_event(&s, "reserved-memory %s: [0x%llx-0x%llx]%s%s%s%s",
			      rm[j].name, (unsigned long long)rm[j].base,
			      (unsigned long long)(rm[j].base + rm[j].size - 1),
			      rm[j].nomap ? " no-map" : "",
			      rm[j].reusable ? " reusable" : "",
			      rm[j].dynamic ? " (placed by size)" : "",
			      rm[j].failed ? " FAILED" : "");
		if (!r && o.rmem_cnt > RM_MAX)
			mbt_event(&s, "reserved-memory: %zu more not listed",
				  o.rmem_cnt - RM_MAX);
		free(rm);
	} else if (use_efi && !s.x86) {
		size_t sz;
		unsigned char *raw = mbt_efi_raw(&s.in, &sz);

		mbt_caller = "efi_init";
		r = raw ? mb_import_efi(&s.m.mb, raw, sz, MBT_EFI_DESC_SIZE, 0,
					&rep) : -MB_ENOMEM;
		if (r)
			mbt_error(s.d, 0, "EFI import failed: %s", mb_strerror(r));
		else
			mbt_event(&s, "efi: %lu descriptors, %lu ignored, 0x%llx bytes "
				  "of memory (0x%llx NOMAP), 0x%llx reserved",
			      rep.entries, rep.ignored,
			      (unsigned long long)rep.added,
			      (unsigned long long)rep.nomap,
			      (unsigned long long)rep.reserved);
		free(raw);
	} else if (s.in.has_e820 || use_efi) {
		r = mb_import_e820(&s.m.mb, table.e, table.n, &rep);
		if (r)
			mbt_error(s.d, 0, "e820 import failed: %s", mb_strerror(r));
		else
			mbt_event(&s, "e820: %lu entries, %lu ignored, 0x%llx bytes "
				  "added, 0x%llx reserved", rep.entries,
			      rep.ignored, (unsigned long long)rep.added,
			      (unsigned long long)rep.reserved);
	}
	apply_ops(&s);
	if (!s.x86 && k.lib.mem_limit) {
		mbt_caller = "memblock_enforce_memory_limit";
		mb_enforce_memory_limit(&s.m.mb, mbt_clamp_phys(k.lib.mem_limit));
		mbt_event(&s, "mem=%llu: memory limited to that many bytes",
		      (unsigned long long)k.lib.mem_limit);
	} else if (s.x86 && k.mem_given) {
		mbt_event(&s, "mem=0x%llx: RAM above that address removed from e820",
		      (unsigned long long)k.mem);
	}
	apply_reserve_mem(&s, &k);
	apply_crashkernel(&s, &k);
	if (script && mbt_run_script(&s, script) && !s.d->errors)
		s.d->errors++;

	if (draw) {
		FILE *f = svg_path ? fopen(svg_path, "w") : mbt_out;

		if (!f) {
			perror(svg_path);
			rc = MBT_EXIT_INPUT;
		} else {
			e820_sort(&table);
			mbt_draw_svg(f, &s.m.mb, &table, path);
			if (f != mbt_out)
				fclose(f);
		}
	} else if (s.json) {
		char *ev = events_json(&s);

		mbt_print_json(mbt_out, &s.m.mb, &s.in, ev);
		free(ev);
	} else {
		print_text(&s, only);
	}
	if (check && check_against_log(&s, s.json ? stderr : mbt_out))
		rc = MBT_EXIT_INPUT;
	if (s.in.diag.errors)
		rc = MBT_EXIT_INPUT;

	for (size_t e = 0; e < s.n_events; e++)
		free(s.events[e]);
	free(s.events);
	e820_free(&table);
	mbt_mb_fini(&s.m);
	mbt_input_free(&s.in);
	return rc;
}

int mbt_cmd_simulate(int argc, char **argv)
{
	return simulate_main(argc, argv, false);
}

int mbt_cmd_draw(int argc, char **argv)
{
	return simulate_main(argc, argv, true);
}
