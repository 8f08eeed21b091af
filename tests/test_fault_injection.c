// SPDX-License-Identifier: MIT
/*
 * test_fault_injection.c - the embedder's growth allocator fails at every
 * possible point in turn.
 *
 * A scenario that makes memory, reserved and physmem grow several times
 * (adds, reservations, splits, allocations) is replayed with the k-th
 * allocator call failing, for k = 0, 1, 2, ... until a run needs no
 * failure at all.  Each time, the call that hit the failure must return
 * -MB_ENOMEM and leave the instance byte-for-byte as it was; retried, it
 * must succeed, and the run must end in the same map as a run without
 * failures (checked against the reference model).
 */
#include "support.h"

#include <stdio.h>

#include "driver.h"

#define U DRV_UNIT
#define B ((phys_addr_t)0x40000000u)

static size_t scenario(struct drv_op *ops)
{
	size_t n = 0;
	int i;

	/* Memory: 12 regions that do not merge (alternating nodes). */
	for (i = 0; i < 12; i++)
		ops[n++] = (struct drv_op){ .kind = OP_ADD_NODE,
					    .base = B + (phys_addr_t)i * 16 * U,
					    .size = 12 * U, .nid = i % 2 };
	/* Physmem: 6 separate ranges. */
	for (i = 0; i < 6; i++)
		ops[n++] = (struct drv_op){ .kind = OP_PHYSMEM_ADD,
					    .base = B + (phys_addr_t)i * 32 * U,
					    .size = U };
	/* Reserved: 6 plain reservations, then 8 allocations on nodes. */
	for (i = 0; i < 6; i++)
		ops[n++] = (struct drv_op){ .kind = OP_RESERVE,
					    .base = B + (phys_addr_t)i * 32 * U,
					    .size = U };
	for (i = 0; i < 8; i++)
		ops[n++] = (struct drv_op){ .kind = OP_ALLOC, .size = U,
					    .align = U, .nid = i % 3,
					    .end = MEMBLOCK_ALLOC_ANYWHERE };
	/* Splits: punch holes and relabel inside existing regions. */
	for (i = 0; i < 4; i++) {
		phys_addr_t at = B + (phys_addr_t)i * 48 * U + 4 * U;

		ops[n++] = (struct drv_op){ .kind = OP_REMOVE, .base = at,
					    .size = U };
		ops[n++] = (struct drv_op){ .kind = OP_SET_NODE,
					    .type = MT_MEM, .base = at + 2 * U,
					    .size = U, .nid = 3 };
		ops[n++] = (struct drv_op){ .kind = OP_SET_FLAGS,
					    .type = MT_PHYS, .base = at,
					    .size = U / 2,
					    .flags = MEMBLOCK_HOTPLUG };
	}
	/* Free the middle of a merged run of allocations. */
	ops[n++] = (struct drv_op){ .kind = OP_FREE, .base = B + 64 * U,
				    .size = 300 * U };
	return n;
}

/*
 * One run with the @fail_at-th allocator call failing.
 * Return: how many calls failed (0 when the run needed no failure).
 */
static int run_with_failure(const struct drv_config *cfg, long fail_at)
{
	struct drv_op ops[128];
	size_t n = scenario(ops), i;
	struct drv lib, ref;
	struct model *own;
	int failures = 0;

	drv_start(&lib, cfg);
	drv_start(&ref, cfg);
	lib.heap.fail_at = fail_at;
	for (i = 0; i < n; i++) {
		long before = lib.heap.calls;
		struct snap s;
		phys_addr_t a = 0;
		int rc;

		snap_take(&s, &lib.mb);
		rc = drv_call(&lib, &ops[i], &a);
		if (before <= fail_at && fail_at < lib.heap.calls) {
			/* This call met the injected failure. */
			failures++;
			assert_int_equal(rc, -MB_ENOMEM);
			snap_assert_same(&s, &lib.mb);
			rc = drv_call(&lib, &ops[i], &a);
		}
		snap_free(&s);
		assert_int_equal(rc, 0);
		/* The model-checked reference run must agree at every step. */
		if (!drv_step(&ref, &ops[i]))
			fail_msg("reference run: %s", ref.why);
		assert_int_equal(a, ref.last_addr);
		assert_valid(&lib.mb);
	}
	/* Same end state: compare the library run against the model. */
	own = lib.m;
	lib.m = ref.m;
	if (!drv_compare(&lib))
		fail_msg("after failure at call %ld: %s", fail_at, lib.why);
	lib.m = own;
	assert_true(ref.heap.calls >= 8); /* the scenario really grows */
	drv_stop(&ref);
	drv_stop(&lib);
	return failures;
}

/* Fail each allocator call of the scenario in turn; returns how many. */
static long fail_each_call(const struct drv_config *cfg)
{
	long k;

	for (k = 0; run_with_failure(cfg, k); k++)
		assert_true(k < 1000);
	/* Every call of a failure-free run was made to fail once. */
	assert_true(k >= 8);
	return k;
}

static void every_growth_failure_leaves_the_map_unchanged(void **state)
{
	const struct drv_config cfg = { .space = 1, .max = { 2, 2, 2 },
					.grow = 1 };

	(void)state;
	printf("fault injection: %ld failure points\n", fail_each_call(&cfg));
}

/* physmem starts with no array at all: its first growth creates one. */
static void growth_failure_without_a_physmem_array_changes_nothing(void **state)
{
	const struct drv_config cfg = { .space = 1, .max = { 2, 2, 0 },
					.grow = 1 };

	(void)state;
	printf("fault injection: %ld failure points\n", fail_each_call(&cfg));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_growth_failure_leaves_the_map_unchanged),
		cmocka_unit_test(
			growth_failure_without_a_physmem_array_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
