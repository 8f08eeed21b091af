// SPDX-License-Identifier: MIT
/*
 * soak.c - run the differential driver (tests/driver.c) for as long as
 * asked, or replay one seed.
 *
 *   soak [--seconds S] [--ops M] [--first N]   random sequences for S s
 *   soak --seed N [--ops M]                     replay one sequence
 *
 * On a failure the seed and the command replaying it are printed, then
 * the sequence is shrunk and printed as C calls; the exit status is 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run one seed; on failure report, shrink and print. Returns ops run. */
static size_t run_seed(uint64_t seed, size_t ops, bool *failed)
{
	struct drv_src src;
	struct drv_seq q;
	char why[600];
	size_t n;

	drv_src_seed(&src, seed);
	n = drv_run(&src, ops, &q, failed, why, sizeof(why));
	if (*failed) {
		printf("FAIL seed %" PRIu64 ": %s\n"
		       "replay: build/tools/soak --seed %" PRIu64 " --ops %zu\n",
		       seed, why, seed, ops);
		drv_shrink(&q);
		printf("shrunk to %zu calls:\n", q.n);
		drv_print_c(&q, stdout);
	}
	drv_seq_free(&q);
	return n;
}

static uint64_t arg_u64(const char *s)
{
	return strtoull(s, NULL, 0);
}

int main(int argc, char **argv)
{
	double seconds = 60, t0, last;
	uint64_t seed = 0, first = 0, seqs = 0, total = 0;
	bool replay = false, have_first = false, failed = false;
	size_t ops = 500;
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--seconds"))
			seconds = strtod(argv[i + 1], NULL);
		else if (!strcmp(argv[i], "--ops"))
			ops = (size_t)arg_u64(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = arg_u64(argv[i + 1]), replay = true;
		else if (!strcmp(argv[i], "--first"))
			first = arg_u64(argv[i + 1]), have_first = true;
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "usage: soak [--seconds S] [--ops M] "
				"[--first N] | --seed N [--ops M]\n");
		return 2;
	}
	if (replay) {
		size_t n = run_seed(seed, ops, &failed);

		printf("seed %" PRIu64 ": %zu ops, %s\n", seed, n,
		       failed ? "FAILED" : "all agreed with the model");
		return failed;
	}
	if (!have_first)
		first = (uint64_t)time(NULL) * 1000003u;
	printf("soak: %.0f s, %zu ops per sequence, seeds from %" PRIu64 "\n",
	       seconds, ops, first);
	fflush(stdout);
	t0 = last = now();
	while (!failed && now() - t0 < seconds) {
		total += run_seed(first + seqs, ops, &failed);
		seqs++;
		if (now() - last >= 10) {
			last = now();
			printf("soak: %.0f s, %" PRIu64 " sequences, %" PRIu64
			       " ops\n", last - t0, seqs, total);
			fflush(stdout);
		}
	}
	t0 = now() - t0;
	printf("soak: %" PRIu64 " sequences, %" PRIu64 " ops in %.1f s "
	       "(%.0f ops/s), %s\n", seqs, total, t0, (double)total / t0,
	       failed ? "FAILED" : "no disagreement");
	drv_print_stats(stdout);
	return failed;
}
