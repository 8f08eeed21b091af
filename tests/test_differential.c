// SPDX-License-Identifier: MIT
/*
 * test_differential.c - random operation sequences agree with the
 * reference model step by step (see tests/driver.c for every check).
 *
 * The seeds are fixed so a failure here is reproducible; the failing seed
 * is printed with the command that replays it, and the sequence is shrunk
 * and printed as C calls.
 */
#include "support.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

#define SEQS 400
#define OPS 250
#define SEED0 0x6d656d626c6f636bull

static void report(uint64_t seed, size_t ops, struct drv_seq *q,
		   const char *why)
{
	fprintf(stderr,
		"seed %" PRIu64 " failed: %s\n"
		"replay: build/tools/soak --seed %" PRIu64 " --ops %zu\n",
		seed, why, seed, ops);
	drv_shrink(q);
	fprintf(stderr, "shrunk to %zu calls:\n", q->n);
	drv_print_c(q, stderr);
}

/* Run @n sequences from consecutive seeds; fail on the first mismatch. */
static void run_seeds(uint64_t first, unsigned n, size_t ops)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		struct drv_src src;
		struct drv_seq q;
		char why[600];
		bool failed;

		drv_src_seed(&src, first + i);
		drv_run(&src, ops, &q, &failed, why, sizeof(why));
		if (failed)
			report(first + i, ops, &q, why);
		drv_seq_free(&q);
		assert_false(failed);
	}
}

static void random_sequences_match_the_model(void **state)
{
	(void)state;
	run_seeds(SEED0, SEQS, OPS);
}

static void long_sequences_match_the_model(void **state)
{
	(void)state;
	run_seeds(SEED0 + 1000000, 8, 4000);
}

/* The driver itself must notice a wrong answer, or it proves nothing. */
static void driver_detects_a_model_disagreement(void **state)
{
	struct drv_config cfg = { .space = 0, .max = { 4, 4, 0 }, .grow = 1 };
	struct drv_op add = { .kind = OP_ADD, .base = 0x1000, .size = 0x2000 };
	struct drv d;

	(void)state;
	drv_start(&d, &cfg);
	assert_true(drv_step(&d, &add));
	/* Tamper with the instance behind the model's back. */
	d.mb.memory.regions[0].nid = 3;
	assert_false(drv_compare(&d));
	assert_non_null(strstr(d.why, "memory[0]"));
	drv_stop(&d);
}

static bool fewer_than_three_memory_regions(const struct drv *d)
{
	return d->mb.memory.cnt < 3;
}

/* Shrinking must cut a long failing run down to the calls that matter. */
static void shrinking_reduces_a_failure_to_its_cause(void **state)
{
	struct drv_config cfg = { .space = 1, .max = { 2, 2, 0 }, .grow = 1 };
	struct drv_op add = { .kind = OP_ADD, .size = 0x1000 };
	struct drv_op rsv = { .kind = OP_RESERVE, .size = 0x1000 };
	struct drv_seq q;
	unsigned i;

	(void)state;
	drv_seq_init(&q, &cfg);
	for (i = 0; i < 20; i++) {
		add.base = rsv.base = 0x40000000 + (phys_addr_t)i * 0x2000;
		drv_seq_push(&q, &rsv);
		drv_seq_push(&q, &add);
	}
	assert_false(drv_replay_fails(&q, NULL, 0));
	drv_extra_check = fewer_than_three_memory_regions;
	assert_true(drv_replay_fails(&q, NULL, 0));
	drv_shrink(&q);
	assert_int_equal(q.n, 3);
	for (i = 0; i < q.n; i++)
		assert_int_equal(q.ops[i].kind, OP_ADD);
	drv_extra_check = NULL;
	drv_seq_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(driver_detects_a_model_disagreement),
		cmocka_unit_test(shrinking_reduces_a_failure_to_its_cause),
		cmocka_unit_test(random_sequences_match_the_model),
		cmocka_unit_test(long_sequences_match_the_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
