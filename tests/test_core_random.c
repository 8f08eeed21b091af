// SPDX-License-Identifier: MIT
/*
 * test_core_random.c - random sequences of adds, removes, reservations,
 * frees, flag changes and node changes against a byte-by-byte model, at
 * the bottom of the address space and at its very top (where ranges are
 * capped and PHYS_ADDR_MAX itself can never be covered).  After every
 * call the regions must be exactly the model's maximal runs, and address
 * queries and free ranges must agree with it.  Tables start at two slots
 * and grow through an embedder allocator, or cannot grow at all, in which
 * case a failing call must leave everything unchanged.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#define NMAX 4096 /* most bytes modelled */

struct cell {
	bool in;
	int nid;
	unsigned flags;
};

struct model {
	struct cell c[2][NMAX]; /* memory, reserved */
	long run[2][NMAX];      /* index of the region holding a cell, or -1 */
	unsigned n;             /* cells modelled */
	unsigned maxlen;        /* longest range a call takes */
	phys_addr_t off;        /* address of cell 0 */
	bool top;               /* the last cell is PHYS_ADDR_MAX */
	unsigned cap;           /* cells that can be covered */
};

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Embedder tables, remembered so that the last ones can be released. */
struct live {
	void *p[64];
	int n;
};

static void *g_alloc(void *ctx, size_t bytes)
{
	struct live *l = ctx;
	void *p = calloc(1, bytes);

	assert_non_null(p);
	assert_true(l->n < 64);
	l->p[l->n++] = p;
	return p;
}

static void g_free(void *ctx, void *p, size_t bytes)
{
	struct live *l = ctx;
	int i;

	(void)bytes;
	for (i = 0; i < l->n && l->p[i] != p; i++)
		;
	assert_true(i < l->n); /* only a buffer it handed out */
	l->p[i] = l->p[--l->n];
	free(p);
}

/* The model's maximal runs of type @ti must be @t's regions. */
static void compare_type(const struct model *m, int ti,
			 const struct memblock_type *t)
{
	static struct xr x[NMAX];
	unsigned long n = 0;
	unsigned i;

	for (i = 0; i < m->cap; i++) {
		const struct cell *c = &m->c[ti][i];

		if (!c->in)
			continue;
		if (n && x[n - 1].base + x[n - 1].size == m->off + i &&
		    x[n - 1].nid == c->nid && x[n - 1].flags == c->flags) {
			x[n - 1].size++;
			continue;
		}
		x[n].base = m->off + i;
		x[n].size = 1;
		x[n].flags = c->flags;
		x[n].nid = c->nid;
		n++;
	}
	assert_type_is(t, x, n, __FILE__, __LINE__);
}

/* Number the model's maximal runs: run[ti][i] for every cell. */
static void number_runs(struct model *m)
{
	int ti;
	unsigned i;

	for (ti = 0; ti < 2; ti++) {
		long r = -1;

		for (i = 0; i < m->n; i++) {
			const struct cell *c = &m->c[ti][i];

			if (i >= m->cap || !c->in) {
				m->run[ti][i] = -1;
				continue;
			}
			if (!i || !m->c[ti][i - 1].in ||
			    m->c[ti][i - 1].nid != c->nid ||
			    m->c[ti][i - 1].flags != c->flags)
				r++;
			m->run[ti][i] = r;
		}
	}
}

static long run_of(const struct model *m, int ti, unsigned i)
{
	return m->run[ti][i];
}

static void compare_queries(const struct model *m, const struct memblock *mb,
			    uint32_t *seed)
{
	int k;

	for (k = 0; k < 8; k++) {
		unsigned b = rnd(seed) % m->n, s = rnd(seed) % 24, i;
		unsigned lim = b + s < m->cap ? b + s : m->cap;
		phys_addr_t a = m->off + b;
		long r0 = run_of(m, 0, b);
		bool any = false, one = r0 >= 0;

		assert_int_equal(mb_is_memory(mb, a), r0 >= 0);
		assert_int_equal(mb_is_reserved(mb, a), run_of(m, 1, b) >= 0);
		for (i = b; i < lim; i++) {
			any |= run_of(m, 1, i) >= 0;
			one &= run_of(m, 0, i) == r0;
		}
		/* at the bottom, ranges past the model are left out; at the
		 * top they are capped, as the library caps them */
		if (!m->top && b + s > m->cap)
			continue;
		if (s)
			assert_int_equal(mb_is_region_reserved(mb, a, s), any);
		assert_int_equal(mb_is_region_memory(mb, a, s),
				 s ? one : r0 >= 0);
	}
}

/* Free ranges with nothing skipped: memory runs minus reserved cells. */
static void compare_free(const struct model *m, const struct memblock *mb)
{
	enum memblock_flags all = (enum memblock_flags)(
		MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED | MEMBLOCK_HOTPLUG);
	uint64_t idx = 0;
	phys_addr_t s, e;
	unsigned i, total = 0, want = 0;

	for (i = 0; i < m->cap; i++)
		want += run_of(m, 0, i) >= 0 && run_of(m, 1, i) < 0;

	for (mb_next_range(mb, &idx, NUMA_NO_NODE, all, &mb->memory,
			   &mb->reserved, &s, &e, NULL);
	     idx != UINT64_MAX;
	     mb_next_range(mb, &idx, NUMA_NO_NODE, all, &mb->memory,
			   &mb->reserved, &s, &e, NULL)) {
		unsigned a = (unsigned)(s - m->off), z = (unsigned)(e - m->off);
		long r;

		total += z - a;
		assert_true(s < e);
		/* every byte of the range is free memory of one region */
		r = run_of(m, 0, a);
		assert_true(r >= 0);
		for (i = a; i < z; i++) {
			assert_true(m->c[0][i].in && !m->c[1][i].in);
			assert_int_equal(run_of(m, 0, i), r);
		}
		/* and it is maximal within its region */
		assert_false(z < m->cap && !m->c[1][z].in && run_of(m, 0, z) == r);
		assert_false(a > 0 && !m->c[1][a - 1].in &&
			     run_of(m, 0, a - 1) == r);
	}
	/* no free byte was missed: the ranges add up to the model */
	assert_int_equal(total, want);
}

static const int nids[] = { NUMA_NO_NODE, 0, 1, MAX_NUMNODES };
static const unsigned mflags[] = { 0, 0, MEMBLOCK_HOTPLUG, MEMBLOCK_NOMAP,
				   MEMBLOCK_MIRROR };
static const unsigned rflags[] = { 0, 0, MEMBLOCK_RSRV_KERN,
				   MEMBLOCK_RSRV_NOINIT };

/* Apply one random call to @mb and, if it succeeded, to @m. */
static void step(struct model *m, struct memblock *mb, uint32_t *seed)
{
	unsigned op = rnd(seed) % 8, ti = rnd(seed) % 2;
	unsigned b = rnd(seed) % m->n, s = 1 + rnd(seed) % m->maxlen, i, end;
	int nid = nids[rnd(seed) % 4];
	unsigned f = ti ? rflags[rnd(seed) % 4] : mflags[rnd(seed) % 5];
	struct memblock_type *t = ti ? &mb->reserved : &mb->memory;
	phys_addr_t size = s;
	struct snap sn;
	int err;

	if (!m->top && b + s > m->n)
		size = s = m->n - b;
	else if (m->top && rnd(seed) % 4 == 0)
		size = PHYS_ADDR_MAX; /* run far past the top */
	if (!f && (op == 4 || op == 5))
		f = ti ? MEMBLOCK_RSRV_NOINIT : MEMBLOCK_HOTPLUG;
	snap_take(&sn, mb);
	switch (op) {
	case 0:
	case 1:
		err = mb_add_type(mb, t, m->off + b, size, nid,
				  (enum memblock_flags)f);
		break;
	case 2:
	case 3:
		err = mb_remove_type(mb, t, m->off + b, size);
		break;
	case 4:
		err = mb_set_flags(mb, t, m->off + b, size,
				   (enum memblock_flags)f);
		break;
	case 5:
		err = mb_clear_flags(mb, t, m->off + b, size,
				     (enum memblock_flags)f);
		break;
	default:
		err = mb_set_node(mb, t, m->off + b, size, nid);
		break;
	}
	if (snap_failed_unchanged(&sn, mb, err))
		return;
	end = b + s < m->cap && size == s ? b + s : m->cap;
	for (i = b; i < end; i++) {
		struct cell *c = &m->c[ti][i];

		if (op <= 1 && !c->in) {
			c->in = true;
			c->nid = nid;
			c->flags = f;
		} else if (op == 2 || op == 3) {
			c->in = false;
		} else if (op == 4 && c->in) {
			c->flags |= f;
		} else if (op == 5 && c->in) {
			c->flags &= ~f;
		} else if (op >= 6 && c->in) {
			c->nid = nid;
		}
	}
}

/* @rounds sequences of @ops calls over @n bytes at @off. */
static void run(phys_addr_t off, unsigned n, unsigned maxlen, bool can_grow,
		uint32_t seed, int rounds, int ops)
{
	int r, k;

	for (r = 0; r < rounds; r++) {
		struct live live = { .n = 0 };
		struct mb_grow_ops grow = { g_alloc, g_free, &live };
		struct tmap t;
		struct model *m = calloc(1, sizeof(*m));

		assert_non_null(m);
		m->off = off;
		m->n = n;
		m->maxlen = maxlen;
		m->top = off + (n - 1) == PHYS_ADDR_MAX;
		m->cap = m->top ? n - 1 : n;
		tmap_init(&t, can_grow ? 2 : 6, can_grow ? 2 : 6, 0);
		if (can_grow)
			mb_set_grow_ops(&t.mb, &grow);
		for (k = 0; k < ops; k++) {
			step(m, &t.mb, &seed);
			number_runs(m);
			assert_valid(&t.mb);
			compare_type(m, 0, &t.mb.memory);
			compare_type(m, 1, &t.mb.reserved);
			compare_queries(m, &t.mb, &seed);
			compare_free(m, &t.mb);
		}
		while (live.n)
			free(live.p[--live.n]);
		tmap_fini(&t);
		free(m);
	}
}

static void random_calls_match_model_at_bottom_with_growth(void **state)
{
	(void)state;
	run(0, 192, 40, true, 0x12345678u, 30, 60);
}

static void random_calls_match_model_at_top_with_growth(void **state)
{
	(void)state;
	run(PHYS_ADDR_MAX - 191, 192, 40, true, 0x9abcdef1u, 30, 60);
}

static void random_calls_on_full_tables_fail_unchanged(void **state)
{
	(void)state;
	run(0, 192, 40, false, 0x0badf00du, 30, 60);
	run(PHYS_ADDR_MAX - 191, 192, 40, false, 0x5eed5eedu, 30, 60);
}

/* Short ranges over many bytes: tables of over a thousand regions. */
static void random_calls_on_large_tables_match_model(void **state)
{
	(void)state;
	run(0x100000, NMAX, 2, true, 0x7777abcdu, 1, 6000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_calls_match_model_at_bottom_with_growth),
		cmocka_unit_test(random_calls_match_model_at_top_with_growth),
		cmocka_unit_test(random_calls_on_full_tables_fail_unchanged),
		cmocka_unit_test(random_calls_on_large_tables_match_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
