/* SPDX-License-Identifier: MIT */
/*
 * model.h - a reference model of libmemblock, written from the documented
 * rules only (include/libmemblock.h, Linux's behaviour), sharing no code
 * with src/.
 *
 * The whole address space [0, PHYS_ADDR_MAX) is cut into elementary
 * intervals at every address an operation ever named; each interval
 * carries, for memory, reserved and physmem, whether it is covered and
 * with which flags and node.  An operation only rewrites the attributes of
 * the intervals inside its range.  The region lists are read back as the
 * maximal runs of adjacent covered intervals with equal flags and node,
 * which is exactly Linux's merge rule.  Nothing is ever "merged" by hand,
 * so there is no merge code to get wrong.
 */
#ifndef MEMBLOCK_TEST_MODEL_H
#define MEMBLOCK_TEST_MODEL_H

#include <stdbool.h>
#include <libmemblock.h>

#define MODEL_MAX_CUTS 4096

enum { MT_MEM, MT_RSV, MT_PHYS, MT_COUNT };

/* One type's view of one elementary interval. */
struct mcell {
	unsigned char in;
	unsigned flags;
	int nid;
};

struct model {
	unsigned n;                       /* intervals in use (>= 1) */
	phys_addr_t start[MODEL_MAX_CUTS]; /* interval i starts here */
	struct mcell cell[MODEL_MAX_CUTS][MT_COUNT];
	unsigned long max[MT_COUNT];      /* table capacities */
	bool grow;                        /* a full table can grow */
	bool bottom_up, has_mirror, movable, kho_only;
	phys_addr_t limit;                /* current_limit */
};

struct mregion {
	phys_addr_t base, size;
	unsigned flags;
	int nid;
};

void model_init(struct model *m, unsigned long mem_max, unsigned long rsv_max,
		unsigned long phys_max, bool grow);

/* Regions of type @t as the maximal runs; returns the count (<= cap kept). */
unsigned long model_regions(const struct model *m, int t, struct mregion *out,
			    unsigned long cap);
unsigned long model_cnt(const struct model *m, int t);
phys_addr_t model_total(const struct model *m, int t);

/* The attributes type @t has at byte @addr (in == 0 when not covered). */
const struct mcell *model_at(const struct model *m, int t, phys_addr_t addr);

/* State changes: each returns what the library must return. */
int model_add(struct model *m, int t, phys_addr_t base, phys_addr_t size,
	      int nid, unsigned flags);
int model_remove(struct model *m, int t, phys_addr_t base, phys_addr_t size);
int model_set_flags(struct model *m, int t, phys_addr_t base,
		    phys_addr_t size, unsigned flags);
int model_clear_flags(struct model *m, int t, phys_addr_t base,
		      phys_addr_t size, unsigned flags);
int model_mark_mirror(struct model *m, phys_addr_t base, phys_addr_t size);
int model_set_node(struct model *m, int t, phys_addr_t base,
		   phys_addr_t size, int nid);
int model_alloc(struct model *m, phys_addr_t size, phys_addr_t align,
		phys_addr_t start, phys_addr_t end, int nid, bool exact,
		phys_addr_t *out);
int model_alloc_virt(struct model *m, phys_addr_t size, phys_addr_t align,
		     phys_addr_t min_addr, phys_addr_t max_addr, int nid,
		     bool exact, phys_addr_t *out);
int model_find(const struct model *m, phys_addr_t size, phys_addr_t align,
	       phys_addr_t start, phys_addr_t end, int nid, unsigned flags,
	       phys_addr_t *out);
int model_enforce_limit(struct model *m, phys_addr_t limit);
int model_cap_range(struct model *m, phys_addr_t base, phys_addr_t size);
int model_mem_limit_remove_map(struct model *m, phys_addr_t limit);
int model_trim(struct model *m, phys_addr_t align);
/* mb_free_all()'s one change: memory loses MEMBLOCK_HOTPLUG. */
void model_clear_hotplug(struct model *m);

#endif
