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
 *   HANDOFF pages=<n> blocks=<n>        what mb_free_all() released
 *   BUDDY free=<n> rejected=<n> zones=<n>  what the buddy allocator holds
 *   PAGEALLOC <base> <size>           a block taken from it afterwards
 *   DONE | FAIL <why>
 */
#include <buddy.h>

#include "kernel.h"

#define NR_REGIONS 256
#define MAX_ORDER 10

/* One buddy allocator per node, like a zone: its pages and its span. */
struct zone {
	struct buddy buddy;
	unsigned long start_pfn, end_pfn;
};

static struct memblock mb;
static struct memblock_region mem_regions[NR_REGIONS];
static struct memblock_region resv_regions[NR_REGIONS];
static struct zone zones[MAX_NUMNODES];
static int nr_zones;

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

/*
 * The end of what an identity-mapped kernel can ever map: the top of its
 * virtual address space.  Below the physical one only on a 32-bit kernel
 * with a 64-bit phys_addr_t (Arm LPAE), whose RAM above 4 GiB is highmem.
 */
static uint64_t direct_end(void)
{
	return sizeof(uintptr_t) < sizeof(uint64_t)
		       ? (uint64_t)UINTPTR_MAX + 1
		       : UINT64_MAX;
}

/*
 * Extend the boot page tables over all memory that identity mapping can
 * reach, 2 MiB at a time.  In 64 bits: with a 32-bit phys_addr_t the last
 * 2 MiB of memory end at 4 GiB.
 * Return: the end of mapped memory, at most PHYS_ADDR_MAX, for memblock's
 * current limit (Linux's arm_lowmem_limit on a highmem machine).
 */
static phys_addr_t map_memory(struct memblock *m, phys_addr_t mapped_end)
{
	uint64_t end = mapped_end, top = direct_end();
	unsigned long i;

	for (i = 0; i < m->memory.cnt; i++) {
		const struct memblock_region *r = &m->memory.regions[i];
		uint64_t a = r->base & ~(SZ_2M - 1);
		uint64_t e = ((uint64_t)r->base + r->size + SZ_2M - 1) &
			     ~(SZ_2M - 1);

		if (e > top)
			e = top;
		for (; a < e; a += SZ_2M)
			arch_map_2m(m, a);
		if (e > end)
			end = e;
	}
	arch_flush_tlb();
	return end > PHYS_ADDR_MAX ? PHYS_ADDR_MAX : (phys_addr_t)end;
}

/* Kernels that map every page never call it. */
__attribute__((weak)) void *arch_kmap_2m(uint64_t pa)
{
	panic("no highmem window for 0x%llx", (unsigned long long)pa);
}

/* The page frames node @nid's memory spans; false when it has none. */
static bool node_span(const struct memblock *m, int nid, unsigned long *lo,
		      unsigned long *hi)
{
	unsigned long s, e;
	int idx = -1;

	*lo = ~0ul;
	*hi = 0;
	for (mb_next_pfn_range(m, &idx, nid, &s, &e, NULL); idx != -1;
	     mb_next_pfn_range(m, &idx, nid, &s, &e, NULL)) {
		if (s < *lo)
			*lo = s;
		if (e > *hi)
			*hi = e;
	}
	return *hi > *lo;
}

/*
 * The zone of node @nid: its memory map (the buddy allocator's per-page
 * array, left for buddy_init() to fill as Linux leaves struct pages for
 * memmap_init) on the node itself.
 */
static void setup_zone(struct memblock *m, int nid, unsigned long lo,
		       unsigned long hi)
{
	struct zone *z = &zones[nr_zones++];
	phys_addr_t map = alloc(m, (hi - lo) * sizeof(struct buddy_page),
				KPAGE_SIZE, nid, true, "memmap");

	z->start_pfn = lo;
	z->end_pfn = hi;
	check(buddy_init(&z->buddy, lo, hi - lo, MAX_ORDER,
			 MEMBLOCK_ENV_PHYS_TO_VIRT(map)),
	      "buddy_init");
}

/*
 * What a kernel allocates before its page allocator exists: node data and
 * a zone on each node, a per-CPU area on each CPU's node, the log buffer
 * and a DMA bounce buffer below 4 GiB.
 */
static void early_allocations(struct memblock *m, const struct boot_info *bi)
{
	unsigned long lo, hi;
	int nid, cpu;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!node_span(m, nid, &lo, &hi))
			continue;
		alloc(m, 16384, 64, nid, false, "node_data");
		setup_zone(m, nid, lo, hi);
	}
	for (cpu = 0; cpu < bi->nr_cpus; cpu++)
		alloc(m, 64 * 1024, KPAGE_SIZE, bi->cpu_node[cpu], false,
		      "percpu");
	alloc(m, 128 * 1024, KPAGE_SIZE, NUMA_NO_NODE, false, "log_buf");
	alloc_below(m, 2 * 1024 * 1024, 2 * 1024 * 1024,
		    MEMBLOCK_ENV_LOW_ADDRESS_LIMIT, NUMA_NO_NODE, true,
		    "swiotlb");
}

/* reserve_mem=size:align:name, as Linux places it (left unzeroed). */
static void reserve_mem(struct memblock *m, const struct mb_cmdline *opts)
{
	unsigned i;

	for (i = 0; i < opts->reserve_mem_cnt; i++)
		alloc_below(m, opts->reserve_mem[i].size,
			    opts->reserve_mem[i].align, MEMBLOCK_ALLOC_ANYWHERE,
			    NUMA_NO_NODE, true, opts->reserve_mem[i].name);
}

/* ---- the hand-off into the zones' buddy allocators ---- */

static unsigned long handoff_rejected;

static struct zone *zone_of(unsigned long pfn)
{
	int i;

	for (i = 0; i < nr_zones; i++)
		if (zones[i].start_pfn <= pfn && pfn < zones[i].end_pfn)
			return &zones[i];
	return NULL;
}

static void zone_free(void *ctx, phys_addr_t base, unsigned order)
{
	unsigned long pfn = (unsigned long)(base / KPAGE_SIZE);
	struct zone *z = zone_of(pfn);

	(void)ctx;
	if (!z || buddy_free(&z->buddy, pfn, order))
		handoff_rejected++;
}

static void handoff(struct memblock *m)
{
	struct mb_handoff h = { .free_block = zone_free,
				.max_order = MAX_ORDER };
	struct mb_handoff_stats st;
	unsigned long free = 0;
	int i;

	check(mb_free_all(m, &h, &st), "mb_free_all");
	kprintf("HANDOFF pages=%llu blocks=%llu\n",
		(unsigned long long)st.pages, (unsigned long long)st.blocks);
	for (i = 0; i < nr_zones; i++)
		free += buddy_free_pages(&zones[i].buddy);
	kprintf("BUDDY free=%lu rejected=%lu zones=%d\n", free,
		handoff_rejected, nr_zones);
	if (handoff_rejected || free != st.pages)
		panic("the buddy allocators did not receive the hand-off");
}

/*
 * Fill [pa, pa + size) with a pattern, 2 MiB at a time (highmem through
 * the arch's window).
 */
static void write_block(uint64_t pa, uint64_t size)
{
	uint64_t end = pa + size, n;

	for (; pa < end; pa += n) {
		n = SZ_2M - (pa & (SZ_2M - 1));
		if (n > end - pa)
			n = end - pa;
		memset(pa >= direct_end()
			       ? arch_kmap_2m(pa)
			       : MEMBLOCK_ENV_PHYS_TO_VIRT((phys_addr_t)pa),
		       0x5a, (size_t)n);
	}
}

/*
 * The page allocator at work: take a page, a 2 MiB block and one of the
 * largest, and write them.  The largest come off the free list last
 * handed over, the top of memory: on a highmem machine, above 4 GiB.
 */
static void use_page_allocator(void)
{
	static const unsigned orders[] = { 0, 9, MAX_ORDER };
	unsigned i;

	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		unsigned long pfn;
		uint64_t pa, size = (uint64_t)KPAGE_SIZE << orders[i];

		check(buddy_alloc(&zones[nr_zones - 1].buddy, orders[i], &pfn),
		      "buddy_alloc");
		pa = (uint64_t)pfn * KPAGE_SIZE;
		kprintf("PAGEALLOC 0x%llx 0x%llx%s\n", (unsigned long long)pa,
			(unsigned long long)size,
			pa >= direct_end() ? " highmem" : "");
		write_block(pa, size);
	}
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
	set_limit(&mb, map_memory(&mb, bi->mapped_end));
	early_allocations(&mb, bi);
	reserve_mem(&mb, &opts);

	if (mb_check(&mb, &rep))
		panic("mb_check: %s[%lu]: %s", rep.type, rep.index, rep.what);
	mb_dump(&mb);
	handoff(&mb);
	use_page_allocator();
	kprintf("DONE\n");
	arch_exit(0);
}
