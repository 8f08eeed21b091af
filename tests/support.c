// SPDX-License-Identifier: MIT
/*
 * support.c - shared helpers for the cmocka tests.
 */
#define _GNU_SOURCE /* MAP_32BIT */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/memblock.h>

#include "internal.h"

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

unsigned long type_capacity(struct memblock *mb, struct memblock_type *t)
{
	return (unsigned long)(t->regions - mb_buffer(mb, t)) + t->max;
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
		memblock.priv.buf[i] = ts[i]->regions;
		memblock.priv.cap[i] = ts[i]->max;
	}
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock.priv.grow = NULL;
	memblock.priv.can_resize = false;
	memblock.priv.has_mirror = false;
	memblock.priv.movable_node = false;
	memblock.priv.kho_scratch_only = false;
	memblock.priv.discarded = false;
	memset(&memblock.priv.gaps, 0, sizeof(memblock.priv.gaps));
	memblock_debug = 0;
	movable_node_enabled = false;
	memblock_set_handoff(NULL);
}

#ifdef MEMBLOCK_PHYS_ADDR_32BIT
/*
 * With 32-bit physical addresses the arena must sit below 4 GiB for its
 * host address to be its physical address: map it there, and remember
 * sizes for unmapping.
 */
static struct {
	void *p;
	size_t bytes;
} arenas[64];

void *phys_arena(size_t bytes, size_t align)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	size_t i;

	assert_true(p != MAP_FAILED);
	assert_true((uintptr_t)p % align == 0 || align <= 4096);
	assert_true((uintptr_t)p + bytes - 1 <= (uintptr_t)PHYS_ADDR_MAX);
	for (i = 0; i < sizeof(arenas) / sizeof(arenas[0]); i++) {
		if (!arenas[i].p) {
			arenas[i].p = p;
			arenas[i].bytes = bytes;
			return p;
		}
	}
	fail_msg("too many arenas");
	return NULL;
}

void phys_arena_free(void *p)
{
	size_t i;

	for (i = 0; i < sizeof(arenas) / sizeof(arenas[0]); i++) {
		if (arenas[i].p == p) {
			munmap(p, arenas[i].bytes);
			arenas[i].p = NULL;
			return;
		}
	}
}
#else
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
#endif

/* ---- Running one scenario through both APIs ---- */

static int i_add(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	return mb_add(mb, b, s);
}

static int i_add_node(struct memblock *mb, phys_addr_t b, phys_addr_t s,
		      int nid, enum memblock_flags f)
{
	return mb_add_node(mb, b, s, nid, f);
}

static int i_remove(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	return mb_remove(mb, b, s);
}

static int i_reserve(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	return mb_reserve(mb, b, s);
}

static int i_reserve_kern(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	return mb_reserve_kern(mb, b, s);
}

static int i_free(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	return mb_free(mb, b, s);
}

static int i_flag(struct memblock *mb, bool rsv, phys_addr_t b,
		  phys_addr_t s, enum memblock_flags f, bool set)
{
	struct memblock_type *t = rsv ? &mb->reserved : &mb->memory;

	if (f == MEMBLOCK_MIRROR && set && !rsv)
		return mb_mark_mirror(mb, b, s);
	return set ? mb_set_flags(mb, t, b, s, f)
		   : mb_clear_flags(mb, t, b, s, f);
}

static int i_set_node(struct memblock *mb, struct memblock_type *t,
		      phys_addr_t b, phys_addr_t s, int nid)
{
	return mb_set_node(mb, t, b, s, nid);
}

const struct api api_instance = {
	"instance", false, i_add, i_add_node, i_remove, i_reserve,
	i_reserve_kern, i_free, i_flag, i_set_node,
};

static int l_add(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	(void)mb;
	return memblock_add(b, s);
}

static int l_add_node(struct memblock *mb, phys_addr_t b, phys_addr_t s,
		      int nid, enum memblock_flags f)
{
	(void)mb;
	return memblock_add_node(b, s, nid, f);
}

static int l_remove(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	(void)mb;
	return memblock_remove(b, s);
}

static int l_reserve(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	(void)mb;
	return memblock_reserve(b, s);
}

static int l_reserve_kern(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	(void)mb;
	return memblock_reserve_kern(b, s);
}

static int l_free(struct memblock *mb, phys_addr_t b, phys_addr_t s)
{
	(void)mb;
	return memblock_phys_free(b, s);
}

/* Linux has one function per flag and side; -1 for pairs it lacks. */
static int l_flag(struct memblock *mb, bool rsv, phys_addr_t b,
		  phys_addr_t s, enum memblock_flags f, bool set)
{
	(void)mb;
	if (rsv && set && f == MEMBLOCK_RSRV_NOINIT)
		return memblock_reserved_mark_noinit(b, s);
	if (rsv && set && f == MEMBLOCK_RSRV_KERN)
		return memblock_reserved_mark_kern(b, s);
	if (rsv)
		return -1;
	switch (f) {
	case MEMBLOCK_HOTPLUG:
		return set ? memblock_mark_hotplug(b, s)
			   : memblock_clear_hotplug(b, s);
	case MEMBLOCK_NOMAP:
		return set ? memblock_mark_nomap(b, s)
			   : memblock_clear_nomap(b, s);
	case MEMBLOCK_KHO_SCRATCH:
		return set ? memblock_mark_kho_scratch(b, s)
			   : memblock_clear_kho_scratch(b, s);
	case MEMBLOCK_MIRROR:
		return set ? memblock_mark_mirror(b, s) : -1;
	default:
		return -1;
	}
}

static int l_set_node(struct memblock *mb, struct memblock_type *t,
		      phys_addr_t b, phys_addr_t s, int nid)
{
	(void)mb;
	return memblock_set_node(b, s, t, nid);
}

const struct api api_linux = {
	"linux", true, l_add, l_add_node, l_remove, l_reserve,
	l_reserve_kern, l_free, l_flag, l_set_node,
};

int fix_setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->api = *state;
	if (f->api->linux_names) {
		reset_default();
		f->mb = &memblock;
	} else {
		tmap_init(&f->t, 16, 16, 4);
		f->mb = &f->t.mb;
	}
	*state = f;
	return 0;
}

int fix_teardown(void **state)
{
	struct fix *f = *state;

	if (!f->api->linux_names)
		tmap_fini(&f->t);
	free(f);
	return 0;
}

/* ---- stderr capture ---- */

static int saved_stderr = -1;
static FILE *capture_file;

void capture_stderr_begin(void)
{
	fflush(stderr);
	capture_file = tmpfile();
	assert_non_null(capture_file);
	saved_stderr = dup(2);
	assert_true(saved_stderr >= 0);
	assert_true(dup2(fileno(capture_file), 2) >= 0);
}

char *capture_stderr_end(void)
{
	long n;
	char *text;

	fflush(stderr);
	assert_true(dup2(saved_stderr, 2) >= 0);
	close(saved_stderr);
	saved_stderr = -1;
	assert_int_equal(fseek(capture_file, 0, SEEK_END), 0);
	n = ftell(capture_file);
	assert_true(n >= 0);
	text = malloc((size_t)n + 1);
	assert_non_null(text);
	rewind(capture_file);
	assert_int_equal(fread(text, 1, (size_t)n, capture_file), (size_t)n);
	text[n] = '\0';
	fclose(capture_file);
	capture_file = NULL;
	return text;
}

/* ---- comparing what a successful no-op may not change ---- */

void snap_assert_same_map_at(const struct snap *s, const struct memblock *mb,
			     const char *file, int line)
{
	const struct memblock_type *now[3] = { &mb->memory, &mb->reserved,
					       &mb->physmem };
	const struct memblock_type *was[3] = { &s->mb.memory, &s->mb.reserved,
					       &s->mb.physmem };
	int i;

	if (s->mb.bottom_up != mb->bottom_up ||
	    s->mb.current_limit != mb->current_limit) {
		fprintf(stderr, "%s:%d: allocation settings changed\n", file,
			line);
		_fail(file, line);
	}
	for (i = 0; i < 3; i++) {
		if (was[i]->cnt != now[i]->cnt ||
		    was[i]->total_size != now[i]->total_size ||
		    was[i]->regions != now[i]->regions ||
		    (now[i]->cnt && memcmp(s->arr[i], now[i]->regions,
					   now[i]->cnt * sizeof(*s->arr[i])))) {
			fprintf(stderr, "%s:%d: %s changed\n", file, line,
				now[i]->name);
			_fail(file, line);
		}
	}
}

bool snap_failed_unchanged(struct snap *s, const struct memblock *mb, int err)
{
	if (err) {
		assert_int_equal(err, -MB_ENOMEM);
		snap_assert_same(s, mb);
	}
	snap_free(s);
	return err != 0;
}

void assert_same_regions(const struct memblock *a, const struct memblock *b)
{
	size_t rs = sizeof(struct memblock_region);

	assert_int_equal(a->memory.cnt, b->memory.cnt);
	assert_int_equal(a->reserved.cnt, b->reserved.cnt);
	assert_memory_equal(a->memory.regions, b->memory.regions,
			    a->memory.cnt * rs);
	assert_memory_equal(a->reserved.regions, b->reserved.regions,
			    a->reserved.cnt * rs);
}
