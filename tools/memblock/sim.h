/* SPDX-License-Identifier: MIT */
/*
 * sim.h - the state of one simulation, shared by sim.c (the pipeline and
 * its output) and script.c (--script operations).
 */
#ifndef MBT_SIM_H
#define MBT_SIM_H

#include "mbt.h"

struct sim {
	struct mbt_mb m;
	struct mbt_input in;
	struct mbt_diag *d;        /* where simulation problems go */
	char **events;             /* notes, printed as "# ..." / JSON */
	size_t n_events;
	bool x86;
	bool json;
	uint64_t crash_low_max;    /* CRASH_ADDR_LOW_MAX: 4 GiB today */
	bool crash_placed;
	uint64_t crash_at, crash_size;
};

/* Note what the simulation did ("# ..." lines, JSON "events"). */
void mbt_event(struct sim *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A value capped at the top of phys_addr_t. */
phys_addr_t mbt_clamp_phys(uint64_t v);
/* With --debug, an allocation line as Linux's memblock=debug prints it. */
void mbt_trace_alloc(const struct sim *s, phys_addr_t size,
		     phys_addr_t align, phys_addr_t min, phys_addr_t max,
		     int nid);
/* Run a --script file; errors are reported as FILE:LINE and counted. */
int mbt_run_script(struct sim *s, const char *path);

#endif /* MBT_SIM_H */
