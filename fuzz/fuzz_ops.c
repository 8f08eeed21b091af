// SPDX-License-Identifier: MIT
/*
 * fuzz_ops.c - libFuzzer harness: the fuzzer's bytes choose the
 * configuration and every operation of a differential run
 * (tests/driver.c); any disagreement with the model, invariant break or
 * changed state after a failed call aborts with the shrunk sequence.
 */
#include <stdio.h>
#include <stdlib.h>

#include "driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* At exit: how many operations all inputs ran, by kind. */
static void report(void)
{
	fprintf(stderr, "fuzz_ops: operations run against the model:\n");
	drv_print_stats(stderr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct drv_src src;
	struct drv_seq q;
	static bool registered;
	char why[600];
	bool failed;

	if (!registered) {
		atexit(report);
		registered = true;
	}
	drv_src_bytes(&src, data, size);
	drv_run(&src, 4096, &q, &failed, why, sizeof(why));
	if (failed) {
		fprintf(stderr, "disagreement: %s\n", why);
		drv_shrink(&q);
		fprintf(stderr, "shrunk to %zu calls:\n", q.n);
		drv_print_c(&q, stderr);
		abort();
	}
	drv_seq_free(&q);
	return 0;
}
