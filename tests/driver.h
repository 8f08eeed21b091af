/* SPDX-License-Identifier: MIT */
/*
 * driver.h - random operation sequences run against libmemblock and the
 * reference model side by side, shared by test_differential, the soak
 * tool and the fuzzer.
 *
 * A sequence is a configuration plus a list of operations with concrete
 * arguments, so any prefix or subset of it can be replayed: that is what
 * shrinking does.  Operations are drawn from a "source" which is either a
 * seeded PRNG (tests, soak) or the fuzzer's bytes.
 */
#ifndef MEMBLOCK_TEST_DRIVER_H
#define MEMBLOCK_TEST_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmemblock.h>

#include "model.h"

enum drv_kind {
	OP_ADD, OP_ADD_NODE, OP_REMOVE, OP_RESERVE, OP_RESERVE_KERN,
	OP_RESERVE_NODE, OP_FREE, OP_PHYSMEM_ADD, OP_SET_FLAGS,
	OP_CLEAR_FLAGS, OP_MARK_MIRROR, OP_SET_NODE, OP_ALLOC, OP_ALLOC_VIRT,
	OP_FIND, OP_BOTTOM_UP, OP_LIMIT, OP_MOVABLE, OP_KHO_ONLY, OP_GROW,
	OP_ENFORCE, OP_CAP, OP_REMOVE_MAP, OP_TRIM, OP_FREE_ALL, OP_KINDS
};

/* One operation; which fields matter depends on @kind. */
struct drv_op {
	unsigned char kind;
	unsigned char type;  /* MT_* for flag/node changes */
	unsigned char on;    /* exact_nid, or a switch's new value */
	int nid;
	unsigned flags;
	phys_addr_t base, size, align, end;
};

/* The address window a sequence works in (units of 4 KiB). */
#define DRV_UNIT ((phys_addr_t)0x1000)
#define DRV_UNITS 256u

struct drv_config {
	unsigned char space;          /* 0: at 0, 1: middle, 2: at the top */
	unsigned long max[MT_COUNT];  /* initial capacities */
	unsigned char grow;           /* growth allocator present at start */
};

struct drv_seq {
	struct drv_config cfg;
	size_t n, cap;
	struct drv_op *ops;
};

/* Where choices come from: a PRNG, or bytes (empty once they run out). */
struct drv_src {
	uint64_t rng;
	const uint8_t *bytes;
	size_t len, pos;
};
void drv_src_seed(struct drv_src *s, uint64_t seed);
void drv_src_bytes(struct drv_src *s, const uint8_t *data, size_t len);
bool drv_src_empty(const struct drv_src *s);

/*
 * A tracked growth allocator: counts calls, fails the @fail_at-th one
 * (0-based; -1 never), and frees what is left at teardown.
 */
struct drv_heap {
	long calls, fail_at;
	unsigned long live;
	void *ptrs[64];
	size_t sizes[64];
};
void drv_heap_init(struct drv_heap *h, long fail_at);
void drv_heap_release(struct drv_heap *h);
void drv_heap_ops(struct drv_heap *h, struct mb_grow_ops *ops);

/* A live pair: the instance, its model and its allocator. */
struct drv {
	struct memblock mb;
	struct model *m;
	struct drv_config cfg;
	struct memblock_region *init[MT_COUNT];
	struct drv_heap heap;
	struct mb_grow_ops grow_ops;
	unsigned long steps;
	int last_rc;             /* what the last call returned */
	phys_addr_t last_addr;   /* and the address, for allocations */
	char why[512];   /* first failure, empty while all agree */
	void *scratch[MT_COUNT + 1]; /* reused buffers: snapshots, regions */
	size_t scratch_len[MT_COUNT + 1];
};

void drv_start(struct drv *d, const struct drv_config *cfg);
void drv_stop(struct drv *d);
/* Run one operation on both sides and check everything; false on failure. */
bool drv_step(struct drv *d, const struct drv_op *op);
/*
 * An extra property checked after every step when set (tests use it to
 * exercise shrinking); NULL normally.  Return false to fail the step.
 */
extern bool (*drv_extra_check)(const struct drv *d);
/* Totals over every drv_step() of the process, for reports. */
struct drv_stats {
	unsigned long long ops[OP_KINDS], ok[OP_KINDS], queries;
};
extern struct drv_stats drv_stats;
void drv_print_stats(FILE *out);

/* Run @op on the library only (no model, no checks); its return code. */
int drv_call(struct drv *d, const struct drv_op *op, phys_addr_t *addr);
/* Compare instance and model (regions, totals, capacities, invariants). */
bool drv_compare(struct drv *d);

/* Draw a configuration and an operation (addresses chosen near @d's state). */
void drv_gen_config(struct drv_src *s, struct drv_config *cfg);
void drv_gen_op(struct drv_src *s, const struct drv *d, struct drv_op *op);

void drv_seq_init(struct drv_seq *q, const struct drv_config *cfg);
void drv_seq_push(struct drv_seq *q, const struct drv_op *op);
void drv_seq_free(struct drv_seq *q);

/*
 * Generate and run up to @nops operations from @s, recording them in @q.
 * Return: the number run; *failed set when a check failed (@q then ends
 * with the failing operation and @why holds the reason).
 */
size_t drv_run(struct drv_src *s, size_t nops, struct drv_seq *q,
	       bool *failed, char *why, size_t whylen);
/* Replay a recorded sequence; true when it fails somewhere. */
bool drv_replay_fails(const struct drv_seq *q, char *why, size_t whylen);
/* Delta-debug @q down to a short sequence that still fails. */
void drv_shrink(struct drv_seq *q);
/* Print @q as C calls on the instance API. */
void drv_print_c(const struct drv_seq *q, FILE *out);

#endif
