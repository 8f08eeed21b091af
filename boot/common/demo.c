// SPDX-License-Identifier: MIT
/*
 * demo.c - the architecture-neutral part of the demo kernels: memblock
 * from the firmware's map to the hand-off into a page allocator.
 *
 * Every step that shapes the result is printed as a line the boot test
 * parses (boot/hostcheck.c recomputes the hand-off from them):
 *   CMDLINE <text>                    the command line
 *   FW ...                            the firmware map (by the arch code)
 *   RESV <base> <size> <what>         a range reserved by the kernel
 *   MEMLIMIT <bytes>                  mem= applied
 *   LIMIT <addr>                      memblock's current limit set
 *   ALLOC <base> <size> <nid> <max> <what>
 *                                     an allocation asked on node nid,
 *                                     below max (and the current limit)
 *   HANDOFF pages=<n> blocks=<n> reserved=<n>
 *   DONE | FAIL <why>
 */
#include "kernel.h"

#define NR_REGIONS 256

static struct memblock mb;
static struct memblock_region mem_regions[NR_REGIONS];
static struct memblock_region resv_regions[NR_REGIONS];

static void check(int err, const char *what)
{
	if (err)
		panic("%s: %s", what, mb_strerror(err));
}

void demo_reserve(struct memblock *m, phys_addr_t base, phys_addr_t size,
		  const char *what)
{
	kprintf("RESV 0x%llx 0x%llx %s\n", (unsigned long long)base,
		(unsigned long long)size, what);
	check(mb_reserve(m, base, size), what);
}

static void set_limit(struct memblock *m, phys_addr_t limit)
{
	kprintf("LIMIT 0x%llx\n", (unsigned long long)limit);
	mb_set_current_limit(m, limit);
}

/* Allocate below @max and the current limit; zeroed unless @raw. */
static phys_addr_t alloc_below(struct memblock *m, phys_addr_t size,
			       phys_addr_t align, phys_addr_t max, int nid,
			       bool raw, const char *what)
{
	void *p;

	check(mb_alloc_virt(m, size, align, 0, max, nid, false, raw, &p),
	      what);
	kprintf("ALLOC 0x%llx 0x%llx %d 0x%llx %s\n",
		(unsigned long long)MEMBLOCK_ENV_VIRT_TO_PHYS(p),
		(unsigned long long)size, nid, (unsigned long long)max, what);
	return MEMBLOCK_ENV_VIRT_TO_PHYS(p);
}

static phys_addr_t alloc(struct memblock *m, phys_addr_t size,
			 phys_addr_t align, int nid, bool raw,
			 const char *what)
{
	return alloc_below(m, size, align, MEMBLOCK_ALLOC_ANYWHERE, nid, raw,
			   what);
}

phys_addr_t demo_alloc_table(struct memblock *m)
{
	return alloc(m, KPAGE_SIZE, KPAGE_SIZE, NUMA_NO_NODE, false,
		     "pgtable");
}

/* Pages spanned by node @nid's memory (0 when it has none). */
static uint64_t node_span_pages(const struct memblock *m, int nid)
{
	unsigned long s, e, lo = ~0ul, hi = 0;
	int idx = -1;

	for (mb_next_pfn_range(m, &idx, nid, &s, &e, NULL); idx != -1;
	     mb_next_pfn_range(m, &idx, nid, &s, &e, NULL)) {
		if (s < lo)
			lo = s;
		if (e > hi)
			hi = e;
	}
	return hi > lo ? hi - lo : 0;
}

/*
 * What a kernel allocates before its page allocator exists: node data and
 * a memory map (one struct-page-sized entry per page, left unzeroed as
 * Linux leaves it) on each node, a per-CPU area on each CPU's node, the
 * log buffer and a DMA bounce buffer below 4 GiB.
 */
static void early_allocations(struct memblock *m, const struct boot_info *bi)
{
	int nid, cpu;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		uint64_t pages = node_span_pages(m, nid);

		if (!pages)
			continue;
		alloc(m, 16384, 64, nid, false, "node_data");
		alloc(m, pages * 64, KPAGE_SIZE, nid, true, "memmap");
	}
	for (cpu = 0; cpu < bi->nr_cpus; cpu++)
		alloc(m, 64 * 1024, KPAGE_SIZE, bi->cpu_node[cpu], false,
		      "percpu");
	alloc(m, 128 * 1024, KPAGE_SIZE, NUMA_NO_NODE, false, "log_buf");
	alloc_below(m, 2 * 1024 * 1024, 2 * 1024 * 1024,
		    MEMBLOCK_ENV_LOW_ADDRESS_LIMIT, NUMA_NO_NODE, true,
		    "swiotlb");
}

/* ---- the hand-off: count what the page allocator receives ---- */

struct handoff_count {
	uint64_t pages, blocks;
};

static void count_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct handoff_count *c = ctx;

	(void)base;
	c->pages += 1ull << order;
	c->blocks++;
}

static void handoff(struct memblock *m)
{
	struct handoff_count c = { 0, 0 };
	struct mb_handoff h = { .free_block = count_block, .max_order = 10,
				.ctx = &c };
	struct mb_handoff_stats st;

	check(mb_free_all(m, &h, &st), "mb_free_all");
	if (st.pages != c.pages || st.blocks != c.blocks)
		panic("hand-off statistics disagree with the blocks received");
	kprintf("HANDOFF pages=%llu blocks=%llu reserved=%llu\n",
		(unsigned long long)st.pages, (unsigned long long)st.blocks,
		(unsigned long long)st.reserved);
}

void demo_main(struct boot_info *bi)
{
	struct mb_cmdline opts;
	struct mb_check_report rep;

	kprintf("BOOT %s memblock demo\n", bi->arch);
	kprintf("CMDLINE %s\n", bi->cmdline);
	if (mb_parse_cmdline(bi->cmdline, &opts))
		kprintf("cmdline: %u malformed option(s) ignored\n",
			opts.errors);
	check(mb_init(&mb, mem_regions, NR_REGIONS, resv_regions, NR_REGIONS,
		      NULL, 0),
	      "mb_init");
	mb_set_debug(&mb, opts.debug);

	check(arch_import(&mb, bi), "import");
	demo_reserve(&mb, bi->image_start, bi->image_end - bi->image_start,
		     "kernel");
	arch_reserve(&mb, bi);
	if (opts.mem_limit) {
		kprintf("MEMLIMIT 0x%llx\n",
			(unsigned long long)opts.mem_limit);
		check(mb_enforce_memory_limit(&mb, (phys_addr_t)opts.mem_limit),
		      "mem=");
	}

	set_limit(&mb, bi->mapped_end);
	set_limit(&mb, arch_map_memory(&mb, bi));
	early_allocations(&mb, bi);

	if (mb_check(&mb, &rep))
		panic("mb_check: %s[%lu]: %s", rep.type, rep.index, rep.what);
	mb_dump(&mb);
	handoff(&mb);
	kprintf("DONE\n");
	arch_exit(0);
}
