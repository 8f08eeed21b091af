// SPDX-License-Identifier: MIT
/*
 * bench.c - the workloads of issue 5, run through the Linux-compatible API
 * on the default instance, so the same program can be built against any
 * implementation of <linux/memblock.h>.  See bench/README.md.
 *
 * Only the "port layer" below knows libmemblock's private state: how to
 * put the default instance back to its boot state, how its tables grow on
 * the host, and how memblock_free_all() reaches a page allocator.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/memblock.h>

/*
 * Built with -DBENCH_CALLGRIND (make bench-icount), callgrind counts the
 * instructions of one workload's timed loop only: the clock of this
 * machine swings twofold, instruction counts do not.
 */
#ifdef BENCH_CALLGRIND
#include <valgrind/callgrind.h>
#define COUNT_START(w) do { if (count_workload == (w)) CALLGRIND_TOGGLE_COLLECT; } while (0)
#define COUNT_STOP(w) do { if (count_workload == (w)) CALLGRIND_TOGGLE_COLLECT; } while (0)
#else
#define COUNT_START(w) do { } while (0)
#define COUNT_STOP(w) do { } while (0)
#endif
/* The workload whose timed loop --icount counts: 'a', 'b' or 'c'. */
static int count_workload;

#define KiB ((phys_addr_t)1 << 10)
#define MiB ((phys_addr_t)1 << 20)
#define GiB ((phys_addr_t)1 << 30)

/* The 64 GiB region of workloads (a) to (d); above 4 GiB so that no block
 * can land at 0, which Linux's phys allocators use for "failed". */
#define REGION_BASE (4 * GiB)
#define REGION_SIZE (64 * GiB)
#define REGION_END (REGION_BASE + REGION_SIZE)
#define STRIDE (64 * KiB)
#define MAX_ORDER 10 /* x86's MAX_PAGE_ORDER: 4 MiB blocks */

static int failures; /* correctness problems seen; the exit status */

static void fail(const char *what)
{
	fprintf(stderr, "bench: FAILED: %s\n", what);
	failures++;
}

static void *xmalloc(size_t bytes)
{
	void *p = malloc(bytes ? bytes : 1);

	if (!p) {
		fprintf(stderr, "bench: out of host memory\n");
		exit(2);
	}
	return p;
}

/* ------------------------------------------------------------------ */
/* Port layer: the only code that knows libmemblock's private fields.  */

/*
 * Arrays handed out to the library and not yet given back: the region
 * pointers may point inside them, so the reset frees these instead.
 */
static void **grown;
static size_t grown_cnt, grown_cap;

static void *grow_alloc(void *ctx, size_t bytes)
{
	void *p;

	(void)ctx;
	if (grown_cnt == grown_cap) {
		void **g = realloc(grown, (2 * grown_cap + 8) * sizeof(*g));

		if (!g)
			return NULL;
		grown = g;
		grown_cap = 2 * grown_cap + 8;
	}
	p = malloc(bytes);
	if (p)
		grown[grown_cnt++] = p;
	return p;
}

static void grow_free(void *ctx, void *ptr, size_t bytes)
{
	size_t i;

	(void)ctx;
	(void)bytes;
	for (i = 0; i < grown_cnt; i++)
		if (grown[i] == ptr) {
			grown[i] = grown[--grown_cnt];
			free(ptr);
			return;
		}
	fail("the library freed an array it was not given");
}

/* Tables grow on the host heap: the physical addresses are not backed. */
static const struct mb_grow_ops grow_ops = { grow_alloc, grow_free, NULL };

/*
 * Back to the boot state, as tests/support.c reset_default() does, but
 * clearing every private field (so caches the core may keep start cold),
 * giving grown tables back, and installing the host allocator.
 */
static void port_reset(void)
{
	struct memblock_type *ts[3] = { &memblock.memory, &memblock.reserved,
					&memblock.physmem };
	struct memblock_region *initial[3];
	unsigned long initial_max[3];
	int i;

	for (i = 0; i < 3; i++) {
		initial[i] = memblock.priv.initial[i];
		initial_max[i] = memblock.priv.initial_max[i];
	}
	while (grown_cnt)
		free(grown[--grown_cnt]);
	memset(&memblock.priv, 0, sizeof(memblock.priv));
	for (i = 0; i < 3; i++) {
		memblock.priv.initial[i] = initial[i];
		memblock.priv.initial_max[i] = initial_max[i];
		memblock.priv.source[i] = MB_ARRAY_INITIAL;
		ts[i]->regions = initial[i];
		ts[i]->max = initial_max[i];
		ts[i]->cnt = 0;
		ts[i]->total_size = 0;
		memset(ts[i]->regions, 0, ts[i]->max * sizeof(*ts[i]->regions));
	}
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_debug = 0;
	movable_node_enabled = false;
	memblock_set_handoff(NULL);
	mb_set_grow_ops(&memblock, &grow_ops);
}

/* The library's own invariant checker, outside any timed section. */
static void port_check(const char *where)
{
	struct mb_check_report rep;

	if (mb_check(&memblock, &rep)) {
		fprintf(stderr, "bench: %s: %s[%lu]: %s\n", where, rep.type,
			rep.index, rep.what);
		fail("invariant broken");
	}
}

/* memblock_free_all() feeding @h (Linux feeds its buddy allocator). */
static void port_free_all(const struct mb_handoff *h)
{
	memblock_set_handoff(h);
	memblock_free_all();
	memblock_set_handoff(NULL);
}

/* ------------------------------------------------------------------ */
/* Clock, random numbers, medians.                                      */

/*
 * A timed section reads two clocks: the monotonic one (vDSO, about 30 ns
 * a read) and the CPU time of this thread (a system call, about 0.7-1.5
 * us in a KVM guest).  Its time is the monotonic one, precise even for
 * the few microseconds of an N = 100 run, unless the thread was off the
 * CPU meanwhile (the monotonic time then exceeds the CPU time): the CPU
 * time is taken then, so that time slices lost to other processes on a
 * shared machine are not counted.  The repetition budget reads the wall
 * clock.
 */
static uint64_t read_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct stamp {
	uint64_t cpu, mono;
};

/* The CPU-time read goes outside the monotonic one at both ends. */
static struct stamp clock_start(void)
{
	struct stamp t;

	t.cpu = read_clock(CLOCK_THREAD_CPUTIME_ID);
	t.mono = read_clock(CLOCK_MONOTONIC);
	return t;
}

static struct stamp clock_stop(void)
{
	struct stamp t;

	t.mono = read_clock(CLOCK_MONOTONIC);
	t.cpu = read_clock(CLOCK_THREAD_CPUTIME_ID);
	return t;
}

/*
 * What a timed section reads with nothing in it, on either clock: the
 * cost of the clock reads, subtracted from every section so that short
 * runs are not inflated by it.
 */
static uint64_t cost_mono, cost_cpu;

/* Monotonic time beyond CPU time that says the thread was preempted. */
#define PREEMPTED_NS 2000u

static uint64_t less_cost(uint64_t d, uint64_t cost)
{
	return d > cost ? d - cost : 0;
}

static uint64_t elapsed(struct stamp t0, struct stamp t1)
{
	uint64_t mono = t1.mono - t0.mono, cpu = t1.cpu - t0.cpu;

	if (mono > cpu + PREEMPTED_NS)
		return less_cost(cpu, cost_cpu);
	return less_cost(mono, cost_mono);
}

static uint64_t wall_ns(void)
{
	return read_clock(CLOCK_MONOTONIC);
}

/* The load average, to tell how busy the machine was (Linux only). */
static void print_load(const char *when)
{
	char buf[64] = "";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	printf("load average %s: %s%s", when, buf[0] ? buf : "unknown",
	       buf[0] ? "" : "\n");
}

/*
 * This machine's speed at the moment: ns per step of a chain of dependent
 * multiply-adds (a fixed number of cycles each, so the figure follows the
 * clock rate the host gives this CPU).  Printed at the start and the end,
 * it tells a run in the host's fast phase from one in its slow phase.
 */
static void print_speed(const char *when)
{
	const uint64_t steps = 20000000;
	uint64_t x = wall_ns() | 1, i, t0, t1;

	t0 = wall_ns();
	for (i = 0; i < steps; i++)
		x = x * 6364136223846793005u + 1442695040888963407u;
	t1 = wall_ns();
	printf("host speed %s: %.3f ns per dependent multiply-add%s\n", when,
	       (double)(t1 - t0) / (double)steps, x == 42 ? " " : "");
}

static uint64_t rng_next(uint64_t *s) /* splitmix64 */
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return rng_next(s) % n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ------------------------------------------------------------------ */
/* Move traces: where each operation inserted or removed a reserved     */
/* region, so the bare cost of the array moves can be timed alone.      */

struct move {
	uint32_t cnt;  /* regions before the operation */
	uint32_t idx;  /* where the region count changed */
	int32_t delta; /* +1 insert, -1 remove, 0 nothing moved */
};

struct trace {
	struct move *m;
	size_t n;
	unsigned long cnt0, peak;
};

/*
 * --phases: the time of each call of (c) churn, frees and allocations
 * apart, and of each move of its bare replay, removals and inserts apart,
 * read from a cycle counter around each one (a clock read, about 30 ns,
 * would be as long as what it times at small N).
 */
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
static uint64_t ticks(void)
{
	return __rdtsc();
}
#elif defined(__aarch64__)
static uint64_t ticks(void)
{
	uint64_t v;

	__asm__ __volatile__("mrs %0, cntvct_el0" : "=r"(v));
	return v;
}
#else
static uint64_t ticks(void)
{
	return read_clock(CLOCK_MONOTONIC);
}
#endif

enum { SPLIT_FREE, SPLIT_ALLOC, SPLIT_REMOVE, SPLIT_INSERT, SPLITS };

struct split {
	uint64_t t[SPLITS];
	unsigned long n[SPLITS];
};

/* Filled by run_churn() and replay_moves() while set. */
static struct split *split;

static void split_add(int what, uint64_t t0)
{
	split->t[what] += ticks() - t0;
	split->n[what]++;
}

/*
 * The first of @cnt regions ending above @addr, by halving without a
 * branch on the compare, as the library searches.
 */
static size_t first_ending_above(const struct memblock_region *r, size_t cnt,
				 phys_addr_t addr)
{
	size_t lo = 0, n = cnt;

	while (n > 1) {
		size_t half = n / 2;

		lo = r[lo + half - 1].base + r[lo + half - 1].size <= addr
			     ? lo + half
			     : lo;
		n -= half;
	}
	return lo + (n && r[lo].base + r[lo].size <= addr);
}

static unsigned long reserved_index(phys_addr_t addr)
{
	return first_ending_above(memblock.reserved.regions,
				  memblock.reserved.cnt, addr);
}

static void trace_op(struct trace *tr, unsigned long before, phys_addr_t addr)
{
	struct move *m = &tr->m[tr->n++];
	long d = (long)memblock.reserved.cnt - (long)before;

	m->cnt = (uint32_t)before;
	m->idx = (uint32_t)reserved_index(addr);
	m->delta = d > 0 ? 1 : d < 0 ? -1 : 0;
	if (memblock.reserved.cnt > tr->peak)
		tr->peak = memblock.reserved.cnt;
}

/*
 * Replay @tr on a bare array with slack at both ends: each insert or
 * remove is one memmove, of the shorter side (@shorter) or of the tail
 * (Linux's way), after one search of the array if @search.  Return: ns
 * per traced operation.
 */
static double replay_moves(const struct trace *tr, bool shorter, bool search)
{
	size_t cap = 3 * (tr->peak + tr->n) + 16, lo = cap / 3, cnt = tr->cnt0;
	size_t sz = sizeof(struct memblock_region), i, sum = 0;
	struct memblock_region *buf = xmalloc(cap * sz);
	struct stamp t0, t1;

	memset(buf, 0, cap * sz);
	t0 = clock_start();
	for (i = 0; i < tr->n; i++) {
		const struct move *m = &tr->m[i];
		size_t idx = m->idx < cnt ? m->idx : cnt;
		uint64_t c0 = split ? ticks() : 0;

		/*
		 * The least a sorted-array implementation does per operation:
		 * a free must find its region.  The replay's keys are not
		 * sorted, which changes the search's path but not its cost.
		 */
		if (search)
			sum += first_ending_above(&buf[lo], cnt,
						  (phys_addr_t)i * 7919);
		if (m->delta > 0) {
			if (shorter && idx < cnt - idx && lo > 0) {
				memmove(&buf[lo - 1], &buf[lo], idx * sz);
				lo--;
			} else {
				memmove(&buf[lo + idx + 1], &buf[lo + idx],
					(cnt - idx) * sz);
			}
			buf[lo + idx].base = (phys_addr_t)i;
			cnt++;
			if (split)
				split_add(SPLIT_INSERT, c0);
		} else if (m->delta < 0 && cnt) {
			if (idx >= cnt)
				idx = cnt - 1;
			if (shorter && idx < cnt - 1 - idx) {
				memmove(&buf[lo + 1], &buf[lo], idx * sz);
				lo++;
			} else {
				memmove(&buf[lo + idx], &buf[lo + idx + 1],
					(cnt - 1 - idx) * sz);
			}
			cnt--;
			if (split)
				split_add(SPLIT_REMOVE, c0);
		}
	}
	t1 = clock_stop();
	/* Keep the buffer and searches observable: not optimised out. */
	if (buf[lo].nid == 12345 || sum == 12345)
		fputc(' ', stderr);
	free(buf);
	return tr->n ? (double)elapsed(t0, t1) / (double)tr->n : 0;
}

/* ------------------------------------------------------------------ */
/* Workloads (a)-(d).                                                   */

static void setup_64g(void)
{
	port_reset();
	if (memblock_add(REGION_BASE, REGION_SIZE))
		fail("memblock_add of the 64 GiB region");
}

struct run {
	double ns_per_op;
	double ns_per_range; /* (d) only */
	unsigned long regions;
};

/* The figures of a run whose n operations took [t0, t1). */
static struct run finish(struct stamp t0, struct stamp t1, unsigned long n)
{
	struct run r;

	r.ns_per_op = (double)elapsed(t0, t1) / (double)n;
	r.ns_per_range = 0;
	r.regions = memblock.reserved.cnt;
	return r;
}

/* A random permutation of 0..n-1. */
static uint32_t *shuffled(unsigned long n, uint64_t seed)
{
	uint32_t *p = xmalloc(n * sizeof(*p));
	unsigned long i;

	for (i = 0; i < n; i++)
		p[i] = (uint32_t)i;
	for (i = n; i > 1; i--) {
		unsigned long j = (unsigned long)rng_below(&seed, i);
		uint32_t t = p[i - 1];

		p[i - 1] = p[j];
		p[j] = t;
	}
	return p;
}

/* (d): every free range, walked often enough to time it. */
static double walk_free(unsigned long n)
{
	unsigned long walks = 200000 / (n + 1) + 1, w, ranges = 0;
	phys_addr_t s, e, sum = 0;
	struct stamp t0, t1;
	u64 i;

	t0 = clock_start();
	for (w = 0; w < walks; w++)
		for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e,
					NULL) {
			sum += e - s;
			ranges++;
		}
	t1 = clock_stop();
	/* The first reservation is at the region's base: n ranges. */
	if (ranges != walks * n ||
	    sum != walks * (REGION_SIZE - n * 4 * KiB))
		fail("(d) free ranges differ from the reservations made");
	return (double)elapsed(t0, t1) / (double)ranges;
}

/* (a) and then (d) on the map it leaves. */
static struct run run_reserve(unsigned long n, uint64_t seed,
			      struct trace *tr)
{
	uint32_t *order = shuffled(n, seed);
	struct run r;
	unsigned long i;
	struct stamp t0, t1;
	int bad = 0;

	setup_64g();
	COUNT_START('a');
	t0 = clock_start();
	for (i = 0; i < n; i++) {
		phys_addr_t base = REGION_BASE + (phys_addr_t)order[i] * STRIDE;
		unsigned long before = memblock.reserved.cnt;

		bad |= memblock_reserve(base, 4 * KiB);
		if (tr)
			trace_op(tr, before, base);
	}
	t1 = clock_stop();
	COUNT_STOP('a');
	free(order);
	r = finish(t0, t1, n);
	if (bad || r.regions != n || memblock.reserved.total_size != n * 4 * KiB)
		fail("(a) reservations");
	port_check("(a)");
	if (!tr)
		r.ns_per_range = walk_free(n);
	return r;
}

enum size_mode { PAGE_MODE, BYTE_MODE };
static const char *const mode_name[] = { "page", "byte" };

static phys_addr_t block_size(enum size_mode mode, uint64_t *seed)
{
	if (mode == PAGE_MODE)
		return 4 * KiB * (phys_addr_t)(1 + rng_below(seed, 16));
	return 4 * KiB + (phys_addr_t)rng_below(seed, 64 * KiB - 4 * KiB + 1);
}

static phys_addr_t *block_sizes(unsigned long n, enum size_mode mode,
				uint64_t seed)
{
	phys_addr_t *sz = xmalloc(n * sizeof(*sz));
	unsigned long i;

	for (i = 0; i < n; i++)
		sz[i] = block_size(mode, &seed);
	return sz;
}

/*
 * Where a top-down allocation of @size at 4 KiB must land in the 64 GiB
 * region: the highest fit in the gaps of the reserved array, found by a
 * plain walk (a reference independent of the library's search), or 0.
 */
static phys_addr_t reference_top_down(phys_addr_t size)
{
	const struct memblock_type *t = &memblock.reserved;
	phys_addr_t hi = REGION_END;
	unsigned long k;

	for (k = t->cnt; k > 0; k--) {
		const struct memblock_region *r = &t->regions[k - 1];
		phys_addr_t lo = r->base + r->size;

		if (r->base >= REGION_END)
			continue;
		if (lo < REGION_BASE)
			break;
		if (hi >= lo + size && ((hi - size) & ~(4 * KiB - 1)) >= lo)
			return (hi - size) & ~(4 * KiB - 1);
		hi = r->base;
	}
	if (hi >= REGION_BASE + size)
		return (hi - size) & ~(4 * KiB - 1);
	return 0;
}

static bool verify_placement; /* check every allocation against the reference */

static phys_addr_t alloc_block(phys_addr_t size)
{
	phys_addr_t want = verify_placement ? reference_top_down(size) : 0;
	phys_addr_t got = memblock_phys_alloc_range(size, 4 * KiB, REGION_BASE,
						    REGION_END);

	static int shown;

	if (verify_placement && got != want) {
		if (shown++ < 5)
			fprintf(stderr, "bench: allocation of %#llx bytes at %#llx, "
				"the highest fit is %#llx\n",
				(unsigned long long)size, (unsigned long long)got,
				(unsigned long long)want);
		fail("top-down placement");
	}
	return got;
}

/* (b): n top-down allocations. */
static struct run run_alloc(unsigned long n, enum size_mode mode,
			    uint64_t seed)
{
	phys_addr_t *sz = block_sizes(n, mode, seed), total = 0;
	struct run r;
	unsigned long i;
	struct stamp t0, t1;
	int bad = 0;

	setup_64g();
	COUNT_START('b');
	t0 = clock_start();
	for (i = 0; i < n; i++)
		bad |= !alloc_block(sz[i]);
	t1 = clock_stop();
	COUNT_STOP('b');
	for (i = 0; i < n; i++)
		total += sz[i];
	free(sz);
	r = finish(t0, t1, n);
	if (bad || memblock.reserved.total_size != total)
		fail("(b) allocations");
	port_check("(b)");
	return r;
}

struct block {
	phys_addr_t base, size;
};

/*
 * The live set of (c): where n top-down allocations of @sz land in the
 * empty region, reserved in ascending order as allocations (RSRV_KERN),
 * which builds the same map as the allocations would in O(n log n)
 * instead of O(n^2).  check_churn_setup() proves the two agree.
 */
static void place_live(struct block *live, const phys_addr_t *sz,
		       unsigned long n, bool by_alloc)
{
	phys_addr_t top = REGION_END;
	unsigned long i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		top = (top - sz[i]) & ~(4 * KiB - 1);
		live[i].base = top;
		live[i].size = sz[i];
	}
	for (i = 0; i < n; i++) {
		if (by_alloc)
			bad |= alloc_block(sz[i]) != live[i].base;
		else
			bad |= memblock_reserve_kern(live[n - 1 - i].base,
						     live[n - 1 - i].size);
	}
	if (bad)
		fail("(c) building the live set");
}

/* (c): n/2 live blocks, then n operations: free a random one, allocate. */
static struct run run_churn(unsigned long n, enum size_mode mode,
			    uint64_t seed, struct trace *tr)
{
	unsigned long nlive = n / 2, i, nfree = (n + 1) / 2;
	phys_addr_t *sz = block_sizes(nlive + n, mode, seed);
	struct block *live = xmalloc((nlive + n) * sizeof(*live));
	uint32_t *pick = xmalloc((nfree + 1) * sizeof(*pick));
	struct run r;
	unsigned long cnt, next = nlive, k = 0;
	struct stamp t0, t1;
	uint64_t s = seed ^ 0x5eed;
	int bad = 0;

	/* Which live block each free takes, drawn before the clock runs. */
	for (i = 0, cnt = nlive; i < n; i++) {
		if (i % 2)
			cnt++;
		else
			pick[k++] = (uint32_t)rng_below(&s, cnt--);
	}
	setup_64g();
	place_live(live, sz, nlive, false);
	if (tr)
		tr->cnt0 = memblock.reserved.cnt;
	cnt = nlive;
	k = 0;
	COUNT_START('c');
	t0 = clock_start();
	for (i = 0; i < n; i++) {
		unsigned long before = memblock.reserved.cnt;
		uint64_t c0 = split ? ticks() : 0;
		phys_addr_t at;

		if (i % 2 == 0) {
			struct block *b = &live[pick[k++]];

			at = b->base;
			bad |= memblock_phys_free(b->base, b->size);
			if (split)
				split_add(SPLIT_FREE, c0);
			*b = live[--cnt];
		} else {
			at = alloc_block(sz[next]);
			if (split)
				split_add(SPLIT_ALLOC, c0);
			bad |= !at;
			live[cnt].base = at;
			live[cnt++].size = sz[next++];
		}
		if (tr)
			trace_op(tr, before, at);
	}
	t1 = clock_stop();
	COUNT_STOP('c');
	r = finish(t0, t1, n);
	{
		phys_addr_t total = 0;

		for (i = 0; i < cnt; i++)
			total += live[i].size;
		if (bad || memblock.reserved.total_size != total)
			fail("(c) churn");
	}
	port_check("(c)");
	free(sz);
	free(live);
	free(pick);
	return r;
}

/* Every allocation of (b) and (c) at N = 1000 lands where it must. */
static void check_placement(void)
{
	enum size_mode mode;

	verify_placement = true;
	for (mode = PAGE_MODE; mode <= BYTE_MODE; mode++) {
		run_alloc(1000, mode, 3);
		run_churn(1000, mode, 3, NULL);
	}
	verify_placement = false;
}

/* The shortcut of place_live() builds exactly what allocation builds. */
static void check_churn_setup(void)
{
	enum size_mode mode;

	for (mode = PAGE_MODE; mode <= BYTE_MODE; mode++) {
		unsigned long n = 500, i;
		phys_addr_t *sz = block_sizes(n, mode, 7);
		struct block *live = xmalloc(n * sizeof(*live));
		struct memblock_region *copy;
		unsigned long cnt;

		setup_64g();
		place_live(live, sz, n, true);
		cnt = memblock.reserved.cnt;
		copy = xmalloc(cnt * sizeof(*copy));
		memcpy(copy, memblock.reserved.regions, cnt * sizeof(*copy));
		setup_64g();
		place_live(live, sz, n, false);
		for (i = 0; i < cnt && cnt == memblock.reserved.cnt; i++)
			if (memcmp(&copy[i], &memblock.reserved.regions[i],
				   sizeof(*copy)))
				break;
		if (cnt != memblock.reserved.cnt || i != cnt)
			fail("(c) live set by reservation differs from allocation");
		free(copy);
		free(live);
		free(sz);
	}
}

/* ------------------------------------------------------------------ */
/* Hand-off consumer: counts what it is given.                          */

struct sink {
	uint64_t blocks, pages, reserved;
	phys_addr_t last_end; /* blocks must come in address order */
	int misordered;
};

static void sink_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct sink *k = ctx;

	if (base < k->last_end || order > MAX_ORDER ||
	    (base >> PAGE_SHIFT) & ((1ull << order) - 1))
		k->misordered = 1;
	k->last_end = base + ((phys_addr_t)PAGE_SIZE << order);
	k->blocks++;
	k->pages += 1ull << order;
}

static void sink_reserved(void *ctx, phys_addr_t base, phys_addr_t end,
			  enum memblock_flags flags, int nid)
{
	struct sink *k = ctx;

	(void)base;
	(void)end;
	(void)flags;
	(void)nid;
	k->reserved++;
}

/* The fewest naturally aligned blocks of at most 2^MAX_ORDER pages that
 * cover the whole pages of every free range (computed independently). */
static void minimal_blocks(uint64_t *blocks, uint64_t *pages)
{
	phys_addr_t s, e;
	u64 i;

	*blocks = *pages = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL) {
		uint64_t ps = PFN_UP(s), pe = PFN_DOWN(e);

		while (ps < pe) {
			unsigned o = 0;

			while (o < MAX_ORDER && !(ps & (1ull << o)) &&
			       ps + (2ull << o) <= pe)
				o++;
			ps += 1ull << o;
			*pages += 1ull << o;
			(*blocks)++;
		}
	}
}

struct handoff_result {
	double ns;
	uint64_t blocks, minimal, pages, reserved;
};

/* Time the hand-off of the current map; check it against the minimum. */
static struct handoff_result time_handoff(const char *what)
{
	struct sink k = { 0, 0, 0, 0, 0 };
	struct mb_handoff h = { sink_block, sink_reserved, MAX_ORDER, &k };
	struct handoff_result r;
	struct stamp t0, t1;
	uint64_t minpages;

	minimal_blocks(&r.minimal, &minpages);
	t0 = clock_start();
	port_free_all(&h);
	t1 = clock_stop();
	r.ns = (double)elapsed(t0, t1);
	r.blocks = k.blocks;
	r.pages = k.pages;
	r.reserved = k.reserved;
	if (k.misordered || k.pages != minpages) {
		fprintf(stderr, "bench: %s hand-off: %" PRIu64 " pages, expected %"
			PRIu64 "%s\n", what, k.pages, minpages,
			k.misordered ? ", blocks out of order or misaligned" : "");
		fail("hand-off");
	}
	return r;
}

/* ------------------------------------------------------------------ */
/* (e) a boot from a real map.                                          */

/*
 * BIOS-e820 table of an HPE ProLiant DL380 Gen10, 2 sockets, 128 GiB,
 * from /work/shared/maps/e820/hpe-dl380-gen10-2socket-128g.txt
 * (inclusive ends as printed by the kernel).
 */
enum e820_type { E820_RAM, E820_RESERVED, E820_ACPI, E820_NVS };
static const struct {
	uint64_t start, last;
	enum e820_type type;
} e820[] = {
	{ 0x0000000000000000, 0x000000000008dfff, E820_RAM },
	{ 0x000000000008e000, 0x000000000008ffff, E820_RESERVED },
	{ 0x0000000000090000, 0x000000000009dfff, E820_RAM },
	{ 0x000000000009e000, 0x000000000009ffff, E820_RESERVED },
	{ 0x00000000000f0000, 0x00000000000fffff, E820_RESERVED },
	{ 0x0000000000100000, 0x000000008b614fff, E820_RAM },
	{ 0x000000008b615000, 0x000000008b617fff, E820_RESERVED },
	{ 0x000000008b618000, 0x0000000094695fff, E820_RAM },
	{ 0x0000000094696000, 0x0000000095732fff, E820_RESERVED },
	{ 0x0000000095733000, 0x0000000095733fff, E820_RAM },
	{ 0x0000000095734000, 0x0000000096979fff, E820_RESERVED },
	{ 0x000000009697a000, 0x00000000a0179fff, E820_RAM },
	{ 0x00000000a017a000, 0x00000000a0e79fff, E820_RESERVED },
	{ 0x00000000a0e7a000, 0x00000000a3279fff, E820_NVS },
	{ 0x00000000a327a000, 0x00000000a3479fff, E820_ACPI },
	{ 0x00000000a347a000, 0x00000000a347afff, E820_RAM },
	{ 0x00000000a347b000, 0x00000000a34fbfff, E820_RESERVED },
	{ 0x00000000a34fc000, 0x00000000afffffff, E820_RAM },
	{ 0x00000000b0000000, 0x00000000cfffffff, E820_RESERVED },
	{ 0x00000000fe000000, 0x00000000fe00ffff, E820_RESERVED },
	{ 0x00000000fed20000, 0x00000000fed44fff, E820_RESERVED },
	{ 0x0000000100000000, 0x000000203fffefff, E820_RAM },
	{ 0x000000203ffff000, 0x000000203fffffff, E820_RESERVED },
};

/*
 * Reservations printed in the same log (inclusive ends): the first page,
 * the e820 updates, setup_data, MOKvar, the initrd and the 33 ACPI tables.
 */
static const uint64_t boot_rsv[][2] = {
	{ 0x00000000, 0x00000fff },
	{ 0x8a734000, 0x8a764fff },
	{ 0x99e68000, 0x99e68fff },
	{ 0x9e9c2018, 0x9ebace57 },
	{ 0x9ebad018, 0x9ebb7e57 },
	{ 0x9ebb8018, 0x9ebc0057 },
	{ 0x3be74000, 0x3fffdfff },
	{ 0xa346b000, 0xa346b10b }, { 0xa345a000, 0xa345d866 },
	{ 0xa2bcb000, 0xa2bcb03f }, { 0xa31e8000, 0xa31e8041 },
	{ 0xa3477000, 0xa34773e2 }, { 0xa3476000, 0xa3476033 },
	{ 0xa3475000, 0xa34757d4 }, { 0xa3473000, 0xa3473087 },
	{ 0xa3472000, 0xa347212f }, { 0xa3474000, 0xa3474039 },
	{ 0xa3471000, 0xa34710e7 }, { 0xa3470000, 0xa347002f },
	{ 0xa346f000, 0xa346f24f }, { 0xa346e000, 0xa346e16f },
	{ 0xa346d000, 0xa346d033 }, { 0xa346c000, 0xa346c037 },
	{ 0xa346a000, 0xa346a037 }, { 0xa3469000, 0xa346903f },
	{ 0xa3468000, 0xa346826b }, { 0xa3467000, 0xa346703b },
	{ 0xa3466000, 0xa3466227 }, { 0xa3465000, 0xa3465040 },
	{ 0xa3464000, 0xa346402f }, { 0xa3478000, 0xa347804f },
	{ 0xa3462000, 0xa3462063 }, { 0xa3461000, 0xa346102f },
	{ 0xa3460000, 0xa3460027 }, { 0xa345f000, 0xa345f02f },
	{ 0xa345e000, 0xa345e22f }, { 0xa3455000, 0xa34594a9 },
	{ 0xa3454000, 0xa34541c3 }, { 0xa3453000, 0xa34532f1 },
	{ 0xa3452000, 0xa34520cf },
};

/* SRAT of the same log: node of each range. */
static const struct {
	uint64_t base, size;
	int nid;
} srat[] = {
	{ 0x0, 0xc0000000, 0 },
	{ 0x100000000, 0xf40000000, 0 },
	{ 0x1040000000, 0x1000000000, 1 },
};

#define BOOT_EFI_RSV 240   /* synthetic EFI boot-services/runtime entries */
#define BOOT_SECTIONS 1024 /* 128 MiB sections of the 128 GiB */
#define BOOT_PGTABLES 512
#define BOOT_SMALL 1800

struct boot_result {
	double ns, ns_per_call;
	unsigned long calls, memory, reserved;
	struct handoff_result h;
};

static int boot_reserve(uint64_t *seed, unsigned long *calls)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < sizeof(boot_rsv) / sizeof(boot_rsv[0]); i++, (*calls)++)
		bad |= memblock_reserve(boot_rsv[i][0],
					boot_rsv[i][1] - boot_rsv[i][0] + 1);
	/* The kernel image at 16 MiB: code+rwdata+rodata+init+bss of the
	 * "Memory:" line, 41810 KiB. */
	bad |= memblock_reserve(16 * MiB, 41810 * KiB);
	(*calls)++;
	/* The log does not list the EFI memory map; a UEFI server reserves a
	 * few hundred boot-services and runtime ranges, stood in for here
	 * by page-granular ranges in low usable memory. */
	for (i = 0; i < BOOT_EFI_RSV; i++, (*calls)++)
		bad |= memblock_reserve(0x40000000 + 4 * KiB * rng_below(seed, 0x4b000),
					4 * KiB * (1 + rng_below(seed, 64)));
	return bad;
}

static int boot_alloc(uint64_t *seed, unsigned long *calls)
{
	phys_addr_t small[BOOT_SMALL], small_sz[BOOT_SMALL];
	int bad = 0, nid;
	unsigned long i;

	for (nid = 0; nid < 2; nid++, (*calls)++) /* NODE_DATA */
		bad |= !memblock_phys_alloc_try_nid(0x2b000, SMP_CACHE_BYTES,
						    nid);
	for (i = 0; i < BOOT_PGTABLES; i++, (*calls)++) /* direct map */
		bad |= !memblock_phys_alloc_range(4 * KiB, 4 * KiB, 1 * MiB,
						  4 * GiB);
	for (nid = 0; nid < 2; nid++, (*calls)++) /* percpu: 8 CPUs a node */
		bad |= !memblock_phys_alloc_try_nid(8 * 256 * KiB, 4 * KiB,
						    nid);
	for (i = 0; i < BOOT_SECTIONS; i++, (*calls)++) /* memmap + usemap */
		bad |= !memblock_phys_alloc_try_nid(2 * MiB, 2 * MiB,
						    i < BOOT_SECTIONS / 2 ? 0 : 1);
	for (i = 0; i < BOOT_SMALL; i++, (*calls)++) {
		small_sz[i] = 16 + rng_below(seed, 2048);
		small[i] = memblock_phys_alloc_try_nid(
			small_sz[i], SMP_CACHE_BYTES,
			(int)rng_below(seed, 3) - 1);
		bad |= !small[i];
	}
	for (i = 0; i < BOOT_SMALL; i += 16, (*calls)++)
		bad |= memblock_phys_free(small[i], small_sz[i]);
	return bad;
}

static struct boot_result run_boot(void)
{
	struct boot_result r;
	struct stamp t0, t1;
	uint64_t seed = 820;
	unsigned long calls = 0;
	int bad = 0;
	size_t i;

	port_reset();
	t0 = clock_start();
	for (i = 0; i < sizeof(e820) / sizeof(e820[0]); i++)
		if (e820[i].type == E820_RAM) {
			bad |= memblock_add(e820[i].start,
					    e820[i].last - e820[i].start + 1);
			calls++;
		}
	memblock_trim_memory(PAGE_SIZE);
	calls++;
	bad |= boot_reserve(&seed, &calls);
	for (i = 0; i < sizeof(srat) / sizeof(srat[0]); i++, calls++)
		bad |= memblock_set_node(srat[i].base, srat[i].size,
					 &memblock.memory, srat[i].nid);
	bad |= boot_alloc(&seed, &calls);
	t1 = clock_stop();
	if (bad)
		fail("(e) boot");
	port_check("(e)");
	r.ns = (double)elapsed(t0, t1);
	r.calls = calls;
	r.ns_per_call = r.ns / (double)calls;
	r.memory = memblock.memory.cnt;
	r.reserved = memblock.reserved.cnt;
	r.h = time_handoff("(e)");
	return r;
}

/* ------------------------------------------------------------------ */
/* (f) hand-off of a 1 TiB map with many holes.                        */

#define HOLEY_RANGES 1024 /* one memory region per GiB, ragged ends */
#define HOLEY_RSV 4096

static struct handoff_result run_holey(unsigned long *memory,
				       unsigned long *reserved)
{
	uint64_t seed = 1024;
	unsigned long i;
	int bad = 0;

	port_reset();
	for (i = 0; i < HOLEY_RANGES; i++) {
		phys_addr_t head = 4 * KiB * rng_below(&seed, 256);
		phys_addr_t tail = 4 * KiB * (1 + rng_below(&seed, 512));

		bad |= memblock_add(i * GiB + head, GiB - head - tail);
	}
	for (i = 0; i < HOLEY_RSV; i++)
		bad |= memblock_reserve(rng_below(&seed, 1024 * GiB),
					1 + rng_below(&seed, 256 * KiB));
	if (bad)
		fail("(f) map");
	*memory = memblock.memory.cnt;
	*reserved = memblock.reserved.cnt;
	return time_handoff("(f)");
}

/* ------------------------------------------------------------------ */
/* Driver and report.                                                   */

#define MAX_REPS 15

struct cfg {
	unsigned long ns[8];
	int n_cnt;
	int reps;       /* repetitions per figure (at most) */
	double budget;  /* seconds per figure before reps are cut short */
};

/* Linux's figures from issue 5 (ns per operation). */
static const struct {
	unsigned long n;
	double reserve, iterate, alloc_byte, churn_byte;
} linux_fig[] = {
	{ 100, 60, 5.5, 345, 126 },
	{ 1000, 400, 5.3, 3500, 1100 },
	{ 10000, 3500, 5.2, 34000, 10600 },
	{ 100000, 54000, 5.3, 448000, 107000 },
};

static int linux_row(unsigned long n)
{
	int i;

	for (i = 0; i < 4; i++)
		if (linux_fig[i].n == n)
			return i;
	return -1;
}

/* What the summary needs of every N. */
struct figures {
	unsigned long n;
	int reps[3];
	double reserve, iterate, alloc[2], churn[2];
	unsigned long reserve_regions, alloc_regions[2], churn_regions[2];
	double reserve_bare, churn_bare[2], churn_floor[2];
	/* Medians of each repetition's own ratio (see ratio_median). */
	double reserve_x, churn_x[2], churn_floor_x[2];
};

static void put_ns(double ns)
{
	if (ns < 100)
		printf(" %10.1f", ns);
	else
		printf(" %10.0f", ns);
}

static void put_vs(double ours, int row, double linux_ns)
{
	if (row < 0)
		printf(" %10s %8s", "-", "-");
	else {
		put_ns(linux_ns);
		printf(" %7.2fx", linux_ns / ours);
	}
}

/* Repeat @one until cfg->reps runs or the time budget is spent. */
#define REPEAT(cfg, reps_out, body)                                         \
	do {                                                                \
		uint64_t start_ = wall_ns();                                \
		for (reps_out = 0; reps_out < (cfg)->reps;) {               \
			body;                                               \
			reps_out++;                                         \
			if ((double)(wall_ns() - start_) / 1e9 > (cfg)->budget) \
				break;                                      \
		}                                                           \
	} while (0)

/*
 * This machine's speed can change by a factor of two from one moment to
 * the next (a virtual CPU shares its core), so a ratio of figures timed
 * seconds apart can be off by that much.  Each repetition therefore times
 * the workload and, straight after, the bare replay of that same run's
 * trace; a ratio is the median of the repetitions' own ratios.
 */
struct pairs {
	double ns[MAX_REPS], bare[MAX_REPS], floor[MAX_REPS];
};

static void trace_reset(struct trace *tr)
{
	tr->n = 0;
	tr->cnt0 = tr->peak = 0;
}

/* Repetition @k of (a) and (d), then the bare moves of its reservations. */
static struct run reserve_pair(unsigned long n, uint64_t seed,
			       struct trace *tr, struct pairs *p, int k)
{
	struct run r;

	trace_reset(tr);
	run_reserve(n, seed, tr);
	r = run_reserve(n, seed, NULL);
	p->ns[k] = r.ns_per_op;
	p->bare[k] = replay_moves(tr, true, false);
	return r;
}

/* Repetition @k of (c), then its bare moves and its floor. */
static struct run churn_pair(unsigned long n, enum size_mode m, uint64_t seed,
			     struct trace *tr, struct pairs *p, int k)
{
	struct run r;

	trace_reset(tr);
	run_churn(n, m, seed, tr);
	r = run_churn(n, m, seed, NULL);
	p->ns[k] = r.ns_per_op;
	p->bare[k] = replay_moves(tr, true, false);
	p->floor[k] = replay_moves(tr, true, true);
	return r;
}

/* The median of num[i] / den[i] over @k repetitions. */
static double ratio_median(const double *num, const double *den, int k)
{
	double v[MAX_REPS];
	int i;

	for (i = 0; i < k; i++)
		v[i] = num[i] / den[i];
	return median(v, k);
}

static void measure(const struct cfg *c, struct figures *f)
{
	double a[MAX_REPS], d[MAX_REPS];
	struct pairs p;
	unsigned long n = f->n;
	struct trace tr;
	struct run r = { 0, 0, 0 };
	int m, k;

	tr.m = xmalloc(2 * n * sizeof(*tr.m) + sizeof(*tr.m));
	REPEAT(c, k, (r = reserve_pair(n, 42 + (uint64_t)k, &tr, &p, k),
		      d[k] = r.ns_per_range));
	f->reps[0] = k;
	/* Ratios first: median() sorts its array in place. */
	f->reserve_x = ratio_median(p.ns, p.bare, k);
	f->reserve = median(p.ns, k);
	f->reserve_bare = median(p.bare, k);
	f->iterate = median(d, k);
	f->reserve_regions = r.regions;

	for (m = PAGE_MODE; m <= BYTE_MODE; m++) {
		REPEAT(c, k, (r = run_alloc(n, (enum size_mode)m,
					    7 + (uint64_t)k),
			      a[k] = r.ns_per_op));
		f->reps[1] = k;
		f->alloc[m] = median(a, k);
		f->alloc_regions[m] = r.regions;

		REPEAT(c, k, r = churn_pair(n, (enum size_mode)m,
					    11 + (uint64_t)k, &tr, &p, k));
		f->reps[2] = k;
		f->churn_x[m] = ratio_median(p.ns, p.bare, k);
		f->churn_floor_x[m] = ratio_median(p.floor, p.bare, k);
		f->churn[m] = median(p.ns, k);
		f->churn_bare[m] = median(p.bare, k);
		f->churn_floor[m] = median(p.floor, k);
		f->churn_regions[m] = r.regions;
	}
	free(tr.m);
}

static void print_reserve(const struct figures *f, int nf)
{
	int i;

	printf("\n(a) reserve: 64 GiB region, N disjoint 4 KiB reserves at a 64 KiB stride,\n"
	       "    random order; ns per reserve.  bare = one memmove of the shorter side\n"
	       "    per insert, replayed alone on a plain array.\n");
	printf("%7s %4s %8s %10s %10s %8s %10s %8s\n", "N", "reps",
	       "regions", "ns/op", "bare", "ns/bare", "Linux", "Lx/ours");
	for (i = 0; i < nf; i++) {
		int row = linux_row(f[i].n);

		printf("%7lu %4d %8lu", f[i].n, f[i].reps[0],
		       f[i].reserve_regions);
		put_ns(f[i].reserve);
		put_ns(f[i].reserve_bare);
		printf(" %7.2fx", f[i].reserve_x);
		put_vs(f[i].reserve, row, row < 0 ? 0 : linux_fig[row].reserve);
		printf("\n");
	}
	printf("\n(d) iterate: for_each_free_mem_range over the map (a) leaves; ns per range\n");
	printf("%7s %4s %8s %10s %10s %8s\n", "N", "reps", "ranges", "ns/range",
	       "Linux", "Lx/ours");
	for (i = 0; i < nf; i++) {
		int row = linux_row(f[i].n);

		printf("%7lu %4d %8lu", f[i].n, f[i].reps[0], f[i].n);
		put_ns(f[i].iterate);
		put_vs(f[i].iterate, row, row < 0 ? 0 : linux_fig[row].iterate);
		printf("\n");
	}
}

static void print_alloc_churn(const struct figures *f, int nf)
{
	int i, m;

	printf("\n(b) alloc: N top-down memblock_phys_alloc_range(size, 4 KiB) in the 64 GiB\n"
	       "    region; page = 4 KiB x 1..16, byte = 4096..65536 bytes; ns per alloc\n");
	printf("%7s %5s %4s %8s %10s %10s %8s\n", "N", "mode", "reps",
	       "regions", "ns/op", "Linux", "Lx/ours");
	for (i = 0; i < nf; i++)
		for (m = PAGE_MODE; m <= BYTE_MODE; m++) {
			int row = m == BYTE_MODE ? linux_row(f[i].n) : -1;

			printf("%7lu %5s %4d %8lu", f[i].n, mode_name[m],
			       f[i].reps[1], f[i].alloc_regions[m]);
			put_ns(f[i].alloc[m]);
			put_vs(f[i].alloc[m], row,
			       row < 0 ? 0 : linux_fig[row].alloc_byte);
			printf("\n");
		}
	printf("\n(c) churn: N/2 live blocks, then N operations alternating memblock_phys_free\n"
	       "    of a random live block and an allocation; ns per operation.  bare = the\n"
	       "    memmoves (shorter side) those operations imply, replayed alone;\n"
	       "    floor = the same with one binary search of the array per operation,\n"
	       "    the least a sorted-array implementation does (floor/bare shown).\n");
	printf("%7s %5s %4s %8s %10s %10s %8s %8s %10s %8s\n", "N", "mode",
	       "reps", "regions", "ns/op", "bare", "ns/bare", "floor", "Linux",
	       "Lx/ours");
	for (i = 0; i < nf; i++)
		for (m = PAGE_MODE; m <= BYTE_MODE; m++) {
			int row = m == BYTE_MODE ? linux_row(f[i].n) : -1;

			printf("%7lu %5s %4d %8lu", f[i].n, mode_name[m],
			       f[i].reps[2], f[i].churn_regions[m]);
			put_ns(f[i].churn[m]);
			put_ns(f[i].churn_bare[m]);
			printf(" %7.2fx", f[i].churn_x[m]);
			printf(" %7.2fx", f[i].churn_floor_x[m]);
			put_vs(f[i].churn[m], row,
			       row < 0 ? 0 : linux_fig[row].churn_byte);
			printf("\n");
		}
}

static void print_boot(const struct cfg *c)
{
	struct boot_result b[MAX_REPS];
	double ns[MAX_REPS], ho[MAX_REPS];
	struct handoff_result h = { 0, 0, 0, 0, 0 };
	unsigned long memory = 0, reserved = 0;
	int k;

	REPEAT(c, k, (b[k] = run_boot(), ns[k] = b[k].ns, ho[k] = b[k].h.ns));
	printf("\n(e) boot from the e820 map of an HPE DL380 Gen10 (128 GiB, 2 nodes):\n"
	       "    %lu calls (adds, %d reserves, set_node, %d allocations, frees)\n",
	       b[0].calls, (int)(sizeof(boot_rsv) / sizeof(boot_rsv[0])) + 1 +
			   BOOT_EFI_RSV,
	       4 + BOOT_PGTABLES + BOOT_SECTIONS + BOOT_SMALL);
	printf("    reps %d: %.1f us total, %.0f ns per call; memory %lu regions, "
	       "reserved %lu\n", k, median(ns, k) / 1e3,
	       median(ns, k) / (double)b[0].calls, b[0].memory, b[0].reserved);
	printf("    hand-off: %.1f us, %" PRIu64 " blocks (minimal %" PRIu64
	       "), %" PRIu64 " reserved ranges\n", median(ho, k) / 1e3,
	       b[0].h.blocks, b[0].h.minimal, b[0].h.reserved);

	REPEAT(c, k, (h = run_holey(&memory, &reserved), ns[k] = h.ns));
	printf("\n(f) hand-off of 1 TiB in %lu memory regions with ragged ends and %lu\n"
	       "    reserved regions, max order %d:\n", memory, reserved, MAX_ORDER);
	printf("    reps %d: %.0f us, %" PRIu64 " free_block calls (minimal %" PRIu64
	       "), %" PRIu64 " reserved_range calls, %.1f ns per callback\n", k,
	       median(ns, k) / 1e3, h.blocks, h.minimal, h.reserved,
	       median(ns, k) / (double)(h.blocks + h.reserved));
	if (h.blocks != h.minimal || b[0].h.blocks != b[0].h.minimal)
		fail("hand-off is not minimal");
}

static const char *verdict(bool ok)
{
	return ok ? "met" : "MISSED";
}

/* The targets of issue 5, for the N that were measured. */
static void print_targets(const struct figures *f, int nf)
{
	int i;

	printf("\nTargets (issue 5):\n");
	for (i = 0; i < nf; i++) {
		int row = linux_row(f[i].n);
		double lx;

		if (row < 0)
			continue;
		lx = linux_fig[row].reserve;
		if (f[i].n >= 10000) {
			double need = f[i].n >= 100000 ? 20 : 5;

			printf("  (b) byte N=%-6lu >= %2.0fx Linux:   %6.2fx  %s\n",
			       f[i].n, need, linux_fig[row].alloc_byte / f[i].alloc[1],
			       verdict(linux_fig[row].alloc_byte / f[i].alloc[1] >= need));
			printf("  (c) byte N=%-6lu >= 3x Linux:    %6.2fx  %s;"
			       " <= 1.3x bare: %.2fx  %s\n", f[i].n,
			       linux_fig[row].churn_byte / f[i].churn[1],
			       verdict(linux_fig[row].churn_byte / f[i].churn[1] >= 3),
			       f[i].churn_x[1], verdict(f[i].churn_x[1] <= 1.3));
			printf("  (a) N=%-6lu <= 1.3x bare move:    %6.2fx  %s\n",
			       f[i].n, f[i].reserve_x,
			       verdict(f[i].reserve_x <= 1.3));
		}
		printf("  (a) N=%-6lu faster than Linux:   %6.2fx  %s\n", f[i].n,
		       lx / f[i].reserve, verdict(f[i].reserve < lx));
		printf("  (d) N=%-6lu <= 5 ns per range:   %6.1f   %s\n", f[i].n,
		       f[i].iterate, verdict(f[i].iterate <= 5));
		if (f[i].n <= 200)
			printf("  all N=%-6lu no slower than Linux: %s\n", f[i].n,
			       verdict(f[i].reserve <= linux_fig[row].reserve &&
				       f[i].iterate <= linux_fig[row].iterate &&
				       f[i].alloc[1] <= linux_fig[row].alloc_byte &&
				       f[i].churn[1] <= linux_fig[row].churn_byte));
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: bench [--ci] [--n N[,N...]] [--reps R] [--budget SECONDS]\n"
			"       bench --icount a|b|c N   (one timed loop, for callgrind)\n"
			"       bench --phases [--n N[,N...]] [--reps R]   ((c) byte churn's time per free and\n"
			"                                                 allocation, and per bare removal and insert)\n");
	exit(2);
}

static void parse_ns(struct cfg *c, char *s)
{
	char *tok;

	c->n_cnt = 0;
	for (tok = strtok(s, ","); tok && c->n_cnt < 8; tok = strtok(NULL, ",")) {
		unsigned long n = strtoul(tok, NULL, 10);

		if (n < 2 || n > 500000)
			usage();
		c->ns[c->n_cnt++] = n;
	}
}

/*
 * In a kernel the memory a table grows into is mapped already.  glibc
 * would give large tables fresh pages from mmap on every repetition, so
 * each growth would also time the page faults of first touch; keep freed
 * tables in the heap instead, as the bare replay's buffer is.
 */
static void keep_heap_mapped(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 1 << 30);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

/* cost_mono, cost_cpu: the medians of many empty sections. */
static void calibrate_clock(void)
{
	double vm[101], vc[101];
	struct stamp t0, t1;
	int i;

	for (i = 0; i < 101; i++) {
		t0 = clock_start();
		t1 = clock_stop();
		vm[i] = (double)(t1.mono - t0.mono);
		vc[i] = (double)(t1.cpu - t0.cpu);
	}
	cost_mono = (uint64_t)median(vm, 101);
	cost_cpu = (uint64_t)median(vc, 101);
}

/* Nanoseconds per tick of ticks(), against the monotonic clock. */
static double ns_per_tick(void)
{
	uint64_t m0 = read_clock(CLOCK_MONOTONIC), t0 = ticks(), m1, t1;

	do
		m1 = read_clock(CLOCK_MONOTONIC);
	while (m1 - m0 < 20000000u);
	t1 = ticks();
	return (double)(m1 - m0) / (double)(t1 - t0);
}

/* Ticks of an empty read pair: the median of many. */
static double empty_pair(void)
{
	double v[1001];
	int i;

	for (i = 0; i < 1001; i++) {
		uint64_t t0 = ticks();

		v[i] = (double)(ticks() - t0);
	}
	return median(v, 1001);
}

/*
 * --phases: per N, (c) byte churn's ns per free and per allocation, and
 * per removal and insert of the same run's bare moves, each the median of
 * the repetitions; "over" is ours less the bare move.
 */
static int phases(const struct cfg *c)
{
	double tick = ns_per_tick(), pair = empty_pair();
	double v[SPLITS][MAX_REPS], med[SPLITS];
	struct trace tr = { NULL, 0, 0, 0 };
	struct split sp;
	int i, k, w;

	printf("(c) churn, byte mode: ns per call of each kind (cycle counter "
	       "around each, %.1f ns\n    per empty read pair subtracted); "
	       "bare = the same run's moves alone\n", pair * tick);
	printf("%7s %4s %8s %8s %8s %8s %8s %8s\n", "N", "reps", "free",
	       "bare rm", "over", "alloc", "bare ins", "over");
	for (i = 0; i < c->n_cnt; i++) {
		unsigned long n = c->ns[i];

		tr.m = xmalloc((2 * n + 1) * sizeof(*tr.m));
		for (k = 0; k < c->reps; k++) {
			trace_reset(&tr);
			run_churn(n, BYTE_MODE, 7 + (uint64_t)k, &tr);
			memset(&sp, 0, sizeof(sp));
			split = &sp;
			run_churn(n, BYTE_MODE, 7 + (uint64_t)k, NULL);
			(void)replay_moves(&tr, true, false);
			split = NULL;
			for (w = 0; w < SPLITS; w++)
				v[w][k] = sp.n[w] ? ((double)sp.t[w] / sp.n[w] -
						     pair) * tick
						  : 0;
		}
		for (w = 0; w < SPLITS; w++)
			med[w] = median(v[w], c->reps);
		printf("%7lu %4d %8.0f %8.0f %8.0f %8.0f %8.0f %8.0f\n", n,
		       c->reps, med[SPLIT_FREE], med[SPLIT_REMOVE],
		       med[SPLIT_FREE] - med[SPLIT_REMOVE], med[SPLIT_ALLOC],
		       med[SPLIT_INSERT], med[SPLIT_ALLOC] - med[SPLIT_INSERT]);
		free(tr.m);
	}
	return failures ? 1 : 0;
}

/*
 * --icount W N: workload W once at N (byte mode for (b) and (c)), with
 * only its timed loop counted when built for callgrind (bench/icount.sh).
 */
static int icount(const char *w, const char *nstr)
{
	unsigned long n = strtoul(nstr, NULL, 10);

	if (n < 2 || n > 500000 || !w[0] || w[1])
		usage();
	keep_heap_mapped();
	count_workload = w[0];
	if (w[0] == 'a')
		run_reserve(n, 11, NULL);
	else if (w[0] == 'b')
		run_alloc(n, BYTE_MODE, 11);
	else if (w[0] == 'c')
		run_churn(n, BYTE_MODE, 11, NULL);
	else
		usage();
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct cfg c = { { 100, 1000, 10000, 100000 }, 4, 9, 12.0 };
	struct figures f[8];
	bool want_phases = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ci")) {
			c.ns[0] = 100;
			c.ns[1] = 1000;
			c.n_cnt = 2;
			c.reps = 1;
		} else if (!strcmp(argv[i], "--n") && i + 1 < argc) {
			parse_ns(&c, argv[++i]);
		} else if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
			c.reps = atoi(argv[++i]);
			if (c.reps < 1 || c.reps > MAX_REPS)
				usage();
		} else if (!strcmp(argv[i], "--budget") && i + 1 < argc) {
			c.budget = atof(argv[++i]);
		} else if (!strcmp(argv[i], "--icount") && i + 2 < argc) {
			return icount(argv[i + 1], argv[i + 2]);
		} else if (!strcmp(argv[i], "--phases")) {
			want_phases = true;
		} else {
			usage();
		}
	}
	keep_heap_mapped();
	if (want_phases)
		return phases(&c);
	calibrate_clock();
	check_churn_setup();
	check_placement();
	printf("libmemblock bench: median ns per operation over up to %d reps "
	       "(fewer when a figure\nexceeds %.0f s); Lx/ours = Linux's figure "
	       "from issue 5 / ours (> 1: faster than Linux)\n", c.reps,
	       c.budget);
	print_load("at start");
	print_speed("at start");
	printf("clock: monotonic, %" PRIu64 " ns per empty section subtracted; "
	       "thread CPU time (%" PRIu64 " ns per empty\nsection) for a "
	       "section the thread was preempted in\n", cost_mono, cost_cpu);
	for (i = 0; i < c.n_cnt; i++) {
		f[i].n = c.ns[i];
		measure(&c, &f[i]);
		fprintf(stderr, "bench: N=%lu done\n", c.ns[i]);
	}
	print_reserve(f, c.n_cnt);
	print_alloc_churn(f, c.n_cnt);
	print_boot(&c);
	print_targets(f, c.n_cnt);
	print_load("at end");
	print_speed("at end");
	port_reset();
	free(grown);
	if (failures)
		printf("\nbench: %d correctness FAILURE(S), see stderr\n", failures);
	return failures ? 1 : 0;
}
