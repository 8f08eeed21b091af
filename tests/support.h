/* SPDX-License-Identifier: MIT */
/*
 * support.h - shared helpers for the cmocka tests.
 */
#ifndef MEMBLOCK_TEST_SUPPORT_H
#define MEMBLOCK_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libmemblock.h>

/* A test instance over heap arrays of the given capacities. */
struct tmap {
	struct memblock mb;
	struct memblock_region *mem, *rsv, *phys;
};

void tmap_init(struct tmap *t, unsigned long mem_max, unsigned long rsv_max,
	       unsigned long phys_max);
void tmap_fini(struct tmap *t);

/* Expected region for assert_type(). */
struct xr {
	phys_addr_t base, size;
	unsigned flags;
	int nid;
};

/* Compare a type against an expected list and check its total. */
void assert_type_is(const struct memblock_type *t, const struct xr *x,
		    unsigned long n, const char *file, int line);
#define assert_type(t, ...)                                                  \
	do {                                                                 \
		const struct xr xs_[] = { __VA_ARGS__ };                     \
		assert_type_is((t), xs_, sizeof(xs_) / sizeof(xs_[0]),      \
			       __FILE__, __LINE__);                          \
	} while (0)
#define assert_empty(t) assert_type_is((t), NULL, 0, __FILE__, __LINE__)

/* mb_check() must pass; prints the report otherwise. */
void assert_valid_at(const struct memblock *mb, const char *file, int line);
#define assert_valid(mb) assert_valid_at((mb), __FILE__, __LINE__)

/* A byte-for-byte copy of an instance and all its arrays. */
struct snap {
	struct memblock mb;
	struct memblock_region *arr[3];
	unsigned long max[3];
};
void snap_take(struct snap *s, const struct memblock *mb);
void snap_assert_same_at(const struct snap *s, const struct memblock *mb,
			 const char *file, int line);
#define snap_assert_same(s, mb) snap_assert_same_at((s), (mb), __FILE__, __LINE__)
void snap_free(struct snap *s);

/*
 * Slots of @t's buffer: max counts from regions, which may sit inside its
 * buffer when slack is kept at both ends of a large grown table.
 */
unsigned long type_capacity(struct memblock *mb, struct memblock_type *t);

/* Put the Linux default instance back to its boot state. */
void reset_default(void);

/*
 * Real memory to stand for physical memory when memblock must write into
 * what it manages (self-grown tables, zeroed allocations): its host
 * address is its physical address on hosted builds.
 */
void *phys_arena(size_t bytes, size_t align);
void phys_arena_free(void *p);

/* ---- Running one scenario through both APIs (core region tests) ---- */

/*
 * The state-changing calls as the instance API or the Linux names on the
 * default instance see them; @mb is ignored by the Linux forms.
 */
struct api {
	const char *name;
	bool linux_names;
	int (*add)(struct memblock *mb, phys_addr_t base, phys_addr_t size);
	int (*add_node)(struct memblock *mb, phys_addr_t base,
			phys_addr_t size, int nid, enum memblock_flags flags);
	int (*remove)(struct memblock *mb, phys_addr_t base, phys_addr_t size);
	int (*reserve)(struct memblock *mb, phys_addr_t base, phys_addr_t size);
	int (*reserve_kern)(struct memblock *mb, phys_addr_t base,
			    phys_addr_t size);
	int (*free)(struct memblock *mb, phys_addr_t base, phys_addr_t size);
	/* set (@set true) or clear @flag on memory or (@rsv) reserved */
	int (*flag)(struct memblock *mb, bool rsv, phys_addr_t base,
		    phys_addr_t size, enum memblock_flags flag, bool set);
	int (*set_node)(struct memblock *mb, struct memblock_type *type,
			phys_addr_t base, phys_addr_t size, int nid);
};
extern const struct api api_instance, api_linux;

/* Per-test fixture: the API under test and the map it works on. */
struct fix {
	const struct api *api;
	struct memblock *mb;
	struct tmap t;
};
/* Setup/teardown: initial state is &api_instance (a 16/16/4 tmap) or
 * &api_linux (the default instance after reset_default()). */
int fix_setup(void **state);
int fix_teardown(void **state);
#define BOTH_APIS(f)                                                         \
	{ #f "/mb", f, fix_setup, fix_teardown, (void *)&api_instance },    \
	{ #f "/linux", f, fix_setup, fix_teardown, (void *)&api_linux }
#define INSTANCE_ONLY(f)                                                     \
	{ #f, f, fix_setup, fix_teardown, (void *)&api_instance }
#define LINUX_ONLY(f) { #f, f, fix_setup, fix_teardown, (void *)&api_linux }

/*
 * Capture what the library writes to stderr between the two calls; the
 * returned text is NUL-terminated and must be free()d.
 */
void capture_stderr_begin(void);
char *capture_stderr_end(void);

/*
 * The map @s recorded is still the map of @mb: settings, and each type's
 * count, total and regions (private bookkeeping may differ).  For calls
 * that succeed without changing anything.
 */
void snap_assert_same_map_at(const struct snap *s, const struct memblock *mb,
			     const char *file, int line);
#define snap_assert_same_map(s, mb)                                          \
	snap_assert_same_map_at((s), (mb), __FILE__, __LINE__)

/* A call that must fail with @err and leave @mb byte-for-byte as it was. */
#define assert_fails_unchanged(mb, err, call)                                \
	do {                                                                 \
		struct snap s_;                                              \
		snap_take(&s_, (mb));                                        \
		assert_int_equal((call), (err));                             \
		snap_assert_same(&s_, (mb));                                 \
		snap_free(&s_);                                              \
	} while (0)

/*
 * After a call that returned @err with @s taken before it: on failure,
 * assert the error was -MB_ENOMEM and @mb is as @s recorded.  Frees @s.
 * Return: true when the call failed.
 */
bool snap_failed_unchanged(struct snap *s, const struct memblock *mb, int err);

/* @a and @b hold the same memory and reserved regions, byte for byte. */
void assert_same_regions(const struct memblock *a, const struct memblock *b);

#endif
