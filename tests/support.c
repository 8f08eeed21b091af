// SPDX-License-Identifier: MIT
/*
 * support.c - shared helpers for the cmocka tests.
 */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

void tmap_init(struct tmap *t, unsigned long mem_max, unsigned long rsv_max,
	       unsigned long phys_max)
{
	t->mem = calloc(mem_max, sizeof(*t->mem));
	t->rsv = calloc(rsv_max, sizeof(*t->rsv));
	t->phys = phys_max ? calloc(phys_max, sizeof(*t->phys)) : NULL;
	assert_non_null(t->mem);
	assert_non_null(t->rsv);
	assert_int_equal(mb_init(&t->mb, t->mem, mem_max, t->rsv, rsv_max,
				 t->phys, phys_max),
			 0);
}

void tmap_fini(struct tmap *t)
{
	free(t->mem);
	free(t->rsv);
	free(t->phys);
}

void assert_type_is(const struct memblock_type *t, const struct xr *x,
		    unsigned long n, const char *file, int line)
{
	phys_addr_t sum = 0;
	unsigned long i;
	int bad = t->cnt != n;

	for (i = 0; !bad && i < n; i++) {
		const struct memblock_region *r = &t->regions[i];

		bad = r->base != x[i].base || r->size != x[i].size ||
		      (unsigned)r->flags != x[i].flags || r->nid != x[i].nid;
		sum += x[i].size;
	}
	if (!bad && t->total_size != sum)
		bad = 1;
	if (!bad)
		return;
	fprintf(stderr, "%s:%d: %s differs from expectation\n  got cnt=%lu total=%#llx:\n",
		file, line, t->name, t->cnt, (unsigned long long)t->total_size);
	for (i = 0; i < t->cnt; i++)
		fprintf(stderr, "    [%#llx +%#llx flags %#x nid %d]\n",
			(unsigned long long)t->regions[i].base,
			(unsigned long long)t->regions[i].size,
			(unsigned)t->regions[i].flags, t->regions[i].nid);
	fprintf(stderr, "  expected cnt=%lu:\n", n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "    [%#llx +%#llx flags %#x nid %d]\n",
			(unsigned long long)x[i].base,
			(unsigned long long)x[i].size, x[i].flags, x[i].nid);
	_fail(file, line);
}

void assert_valid_at(const struct memblock *mb, const char *file, int line)
{
	struct mb_check_report rep;

	if (!mb_check(mb, &rep))
		return;
	fprintf(stderr, "%s:%d: invariant broken in %s[%lu]: %s\n", file, line,
		rep.type, rep.index, rep.what);
	_fail(file, line);
}

void snap_take(struct snap *s, const struct memblock *mb)
{
	const struct memblock_type *ts[3] = { &mb->memory, &mb->reserved,
					      &mb->physmem };
	int i;

	s->mb = *mb;
	for (i = 0; i < 3; i++) {
		s->max[i] = ts[i]->max;
		s->arr[i] = NULL;
		if (ts[i]->max) {
			s->arr[i] = malloc(ts[i]->max * sizeof(*s->arr[i]));
			assert_non_null(s->arr[i]);
			memcpy(s->arr[i], ts[i]->regions,
			       ts[i]->max * sizeof(*s->arr[i]));
		}
	}
}

void snap_assert_same_at(const struct snap *s, const struct memblock *mb,
			 const char *file, int line)
{
	const struct memblock_type *ts[3] = { &mb->memory, &mb->reserved,
					      &mb->physmem };
	int i;

	if (memcmp(&s->mb, mb, sizeof(*mb))) {
		fprintf(stderr, "%s:%d: struct memblock changed\n", file, line);
		_fail(file, line);
	}
	for (i = 0; i < 3; i++) {
		if (s->max[i] && memcmp(s->arr[i], ts[i]->regions,
					s->max[i] * sizeof(*s->arr[i]))) {
			fprintf(stderr, "%s:%d: %s array changed\n", file, line,
				ts[i]->name);
			_fail(file, line);
		}
	}
}

void snap_free(struct snap *s)
{
	int i;

	for (i = 0; i < 3; i++)
		free(s->arr[i]);
}

void reset_default(void)
{
	struct memblock_type *ts[3] = { &memblock.memory, &memblock.reserved,
					&memblock.physmem };
	int i;

	for (i = 0; i < 3; i++) {
		ts[i]->regions = memblock.priv.initial[i];
		ts[i]->max = memblock.priv.initial_max[i];
		ts[i]->cnt = 0;
		ts[i]->total_size = 0;
		memset(ts[i]->regions, 0, ts[i]->max * sizeof(*ts[i]->regions));
		memblock.priv.source[i] = MB_ARRAY_INITIAL;
	}
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock.priv.grow = NULL;
	memblock.priv.can_resize = false;
	memblock.priv.has_mirror = false;
	memblock.priv.movable_node = false;
	memblock.priv.kho_scratch_only = false;
	memblock.priv.discarded = false;
	memblock_debug = 0;
	movable_node_enabled = false;
	memblock_set_handoff(NULL);
}

void *phys_arena(size_t bytes, size_t align)
{
	void *p = NULL;

	assert_int_equal(posix_memalign(&p, align, bytes), 0);
	memset(p, 0, bytes);
	return p;
}

void phys_arena_free(void *p)
{
	free(p);
}
