// SPDX-License-Identifier: MIT
/*
 * setup.c - creating an instance and its switches.
 */
#include "internal.h"

static void init_type(struct memblock_type *t, struct memblock_region *r,
		      unsigned long max, const char *name)
{
	if (r && max)
		MEMBLOCK_ENV_MEMSET(r, 0, max * sizeof(*r));
	t->cnt = 0;
	t->max = max;
	t->total_size = 0;
	t->regions = r;
	t->name = (char *)name;
}

int mb_init(struct memblock *mb, struct memblock_region *memory,
	    unsigned long memory_max, struct memblock_region *reserved,
	    unsigned long reserved_max, struct memblock_region *physmem,
	    unsigned long physmem_max)
{
	if (!mb || !memory || !reserved || memory_max < 2 ||
	    reserved_max < 2 || (physmem_max && !physmem) ||
	    physmem_max == 1)
		return -MB_EINVAL;
	MEMBLOCK_ENV_MEMSET(mb, 0, sizeof(*mb));
	init_type(&mb->memory, memory, memory_max, "memory");
	init_type(&mb->reserved, reserved, reserved_max, "reserved");
	init_type(&mb->physmem, physmem, physmem_max, "physmem");
	mb->bottom_up = false;
	mb->current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	mb->priv.initial[0] = memory;
	mb->priv.initial[1] = reserved;
	mb->priv.initial[2] = physmem;
	mb->priv.initial_max[0] = memory_max;
	mb->priv.initial_max[1] = reserved_max;
	mb->priv.initial_max[2] = physmem_max;
	mb->priv.buf[0] = memory;
	mb->priv.buf[1] = reserved;
	mb->priv.buf[2] = physmem;
	mb->priv.cap[0] = memory_max;
	mb->priv.cap[1] = reserved_max;
	mb->priv.cap[2] = physmem_max;
	return 0;
}

void mb_set_grow_ops(struct memblock *mb, const struct mb_grow_ops *ops)
{
	mb->priv.grow = ops;
}

void mb_allow_resize(struct memblock *mb)
{
	mb->priv.can_resize = true;
}

void mb_set_debug(struct memblock *mb, int on)
{
	mb->priv.debug = on;
}

void mb_set_movable_node(struct memblock *mb, bool on)
{
	mb->priv.movable_node = on;
}

void mb_set_kho_scratch_only(struct memblock *mb, bool on)
{
	mb->priv.kho_scratch_only = on;
}

void mb_set_bottom_up(struct memblock *mb, bool enable)
{
	mb->bottom_up = enable;
}

void mb_set_current_limit(struct memblock *mb, phys_addr_t limit)
{
	mb->current_limit = limit;
}
