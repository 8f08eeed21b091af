/* SPDX-License-Identifier: MIT */
/*
 * memblock_env.h for the demo kernels - replaces include/memblock_env.h
 * (this directory comes first on the include path).
 *
 * The kernels run identity mapped, so the library's defaults for
 * phys/virt translation are right; only the node count is made small and
 * the functions the seam declares are supplied by boot/common/env.c
 * (serial console output, no symbolizer, memcpy/memmove/memset).
 */
#ifndef BOOT_MEMBLOCK_ENV_H
#define BOOT_MEMBLOCK_ENV_H

/* Enough for the NUMA layouts the boot test uses. */
#define MEMBLOCK_ENV_MAX_NUMNODES 8

/* Everything else as the library defines it. */
#include "../../include/memblock_env.h"

#endif /* BOOT_MEMBLOCK_ENV_H */
