/* SPDX-License-Identifier: MIT */
/*
 * lpae.h - the long-descriptor translation table format, the same for
 * AArch64 stage 1 (4 KiB granule) and 32-bit Arm with LPAE: block and
 * table descriptors, and the two memory types the demo kernels use (their
 * MAIR slots: 0 Device-nGnRnE, 1 Normal write-back).
 */
#ifndef BOOT_LPAE_H
#define BOOT_LPAE_H

#include "kernel.h"

#define SZ_1G 0x40000000ull

#define ATTR_DEVICE (0ull << 2)
#define ATTR_NORMAL (1ull << 2)
#define MAIR_VALUE 0xff00ul /* a register wide on either state */
#define D_VALID 0x1ull
#define D_BLOCK 0x1ull /* with D_VALID: a block, not a table */
#define D_TABLE 0x3ull
#define D_AF (1ull << 10)
#define D_INNER_SHARE (3ull << 8)
#define D_XN (3ull << 53) /* PXN, UXN (XN) */
#define D_NORMAL (D_BLOCK | D_AF | D_INNER_SHARE | ATTR_NORMAL)
#define D_DEVICE (D_BLOCK | D_AF | ATTR_DEVICE | D_XN)
#define D_ADDR 0x0000fffffffff000ull

/*
 * The 2 MiB at @pa as a block in the level-2 table under level-1 entry
 * @entry, which gets a table page from memblock if it has none yet.
 */
static inline void lpae_map_2m(struct memblock *mb, uint64_t *entry,
			       uint64_t pa)
{
	uint64_t *l2;

	if (!(*entry & D_VALID))
		*entry = demo_alloc_table(mb) | D_TABLE;
	l2 = (uint64_t *)(uintptr_t)(*entry & D_ADDR);
	l2[(pa >> 21) & 511] = pa | D_NORMAL;
}

#endif /* BOOT_LPAE_H */
