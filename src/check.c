// SPDX-License-Identifier: MIT
/*
 * check.c - the invariant checker tests and debug builds call after any
 * operation.
 */
#include "internal.h"

static const char *check_empty(const struct memblock_type *t)
{
	if (t->total_size)
		return "empty type with non-zero total_size";
	if (t->regions && (t->regions[0].base || t->regions[0].size))
		return "empty type with a non-zero regions[0]";
	return NULL;
}

static const char *check_type(const struct memblock_type *t,
			      unsigned long *at)
{
	phys_addr_t sum = 0;
	unsigned long i;

	*at = 0;
	if (t->cnt > t->max)
		return "cnt exceeds max";
	if (t->max && !t->regions)
		return "capacity without an array";
	if (!t->cnt)
		return check_empty(t);
	for (i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];

		*at = i;
		if (!r->size)
			return "empty region";
		if (r->size > PHYS_ADDR_MAX - r->base)
			return "region runs past the top of the address space";
		if (sum > PHYS_ADDR_MAX - r->size)
			return "total size overflows";
		sum += r->size;
		if (i == 0)
			continue;
		if (r[-1].base + r[-1].size > r->base)
			return "regions unsorted or overlapping";
		if (r[-1].base + r[-1].size == r->base &&
		    r[-1].nid == r->nid && r[-1].flags == r->flags)
			return "adjacent regions left unmerged";
	}
	if (sum != t->total_size)
		return "total_size differs from the sum of the regions";
	return NULL;
}

int mb_check(const struct memblock *mb, struct mb_check_report *rep)
{
	const struct memblock_type *types[3] = { &mb->memory, &mb->reserved,
						 &mb->physmem };
	static const char *const names[3] = { "memory", "reserved",
					      "physmem" };
	const char *why;
	int i;

	for (i = 0; i < 3; i++) {
		unsigned long at;
		why = check_type(types[i], &at);

		if (why) {
			if (rep) {
				rep->type = names[i];
				rep->what = why;
				rep->index = at;
			}
			return -MB_EINVAL;
		}
	}
	why = mb_gaps_check(mb);
	if (why) {
		if (rep) {
			rep->type = "reserved";
			rep->what = why;
			rep->index = 0;
		}
		return -MB_EINVAL;
	}
	return 0;
}
