// SPDX-License-Identifier: MIT
/*
 * ops.c - adding, removing, reserving and freeing ranges; flags and nodes.
 */
#include "internal.h"

#define MB_KNOWN_FLAGS 0xffu

static bool nid_ok(int nid)
{
	return nid >= NUMA_NO_NODE && nid <= MAX_NUMNODES;
}

static bool flags_ok(unsigned flags)
{
	return !(flags & ~MB_KNOWN_FLAGS);
}

/*
 * Whether a change to @type goes through the free-gap index.  Only
 * reserved is indexed; when its index is stale (never built, or reserved
 * edited behind memblock's back) the change skips it and marks it unusable,
 * so the next allocation rebuilds it instead of trusting stamps a change
 * could make match again.
 */
static bool indexed(struct memblock *mb, const struct memblock_type *type)
{
	if (type != &mb->reserved)
		return false;
	if (mb_gaps_fresh(mb))
		return true;
	mb->priv.gaps.valid = false;
	return false;
}

/*
 * Count the pieces the add inserts, grow until they fit, insert and merge.
 * Growing reserved can free the old array inside this range and so change
 * the count: recount until it fits.
 */
static int add_general(struct memblock *mb, struct memblock_type *type,
		       unsigned long lo, phys_addr_t base, phys_addr_t size,
		       int nid, enum memblock_flags flags)
{
	unsigned long need;
	int err;

	while (!mb_has_room(mb, type,
			    need = mb_add_count_at(type, lo, base, size))) {
		err = mb_ensure_room(mb, type, need, base, size);
		if (err)
			return err;
		lo = mb_first_ending_above(type, base); /* the array moved */
	}
	mb_add_prepared_at(mb, type, lo, base, size, nid, flags);
	return 0;
}

int mb_add_type(struct memblock *mb, struct memblock_type *type,
		phys_addr_t base, phys_addr_t size, int nid,
		enum memblock_flags flags)
{
	return mb_add_type_at(mb, type, MB_AT_UNKNOWN, base, size, nid, flags);
}

int mb_add_type_at(struct memblock *mb, struct memblock_type *type,
		   unsigned long at, phys_addr_t base, phys_addr_t size,
		   int nid, enum memblock_flags flags)
{
	struct mb_gap_change ch;
	bool idx;
	unsigned long lo;
	int err;

	if (mb_type_index(mb, type) < 0 || !size || !nid_ok(nid) ||
	    !flags_ok(flags))
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	if (!mb_cap_size(base, &size))
		return 0;
	idx = indexed(mb, type);
	if (idx && at != MB_AT_UNKNOWN &&
	    mb_gaps_add_one(mb, at, base, size, nid, flags))
		return 0;
	if (idx)
		lo = mb_gaps_begin(mb, &ch, at, base, base + size);
	else
		lo = at != MB_AT_UNKNOWN ? at : mb_first_ending_above(type, base);
	if (!mb_add_in_gap(mb, type, lo, base, size, nid, flags)) {
		err = add_general(mb, type, lo, base, size, nid, flags);
		if (err)
			return err;
	}
	if (idx)
		mb_gaps_end(mb, &ch, base + size);
	return 0;
}

int mb_remove_type(struct memblock *mb, struct memblock_type *type,
		   phys_addr_t base, phys_addr_t size)
{
	struct mb_gap_change ch;
	bool idx;
	unsigned long lo;
	int err;

	if (mb_type_index(mb, type) < 0 || !size)
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	if (!mb_cap_size(base, &size))
		return 0;
	idx = indexed(mb, type);
	if (idx && mb_gaps_remove_one(mb, base, size))
		return 0;
	if (idx)
		lo = mb_gaps_begin(mb, &ch, MB_AT_UNKNOWN, base, base + size);
	else
		lo = mb_first_ending_above(type, base);
	if (!mb_remove_exact(mb, type, lo, base, size)) {
		err = mb_ensure_room(mb, type, 2, base, size);
		if (err)
			return err;
		mb_remove_prepared(mb, type, base, size);
	}
	if (idx)
		mb_gaps_end(mb, &ch, base + size);
	return 0;
}

/* Apply @fn to every region inside the range, splitting at its edges. */
static int change_range(struct memblock *mb, struct memblock_type *type,
			phys_addr_t base, phys_addr_t size,
			void (*fn)(struct memblock_region *, unsigned),
			unsigned arg)
{
	struct mb_gap_change ch;
	unsigned long lo, hi, i;
	bool idx;
	int err;

	if (mb_type_index(mb, type) < 0 || !size)
		return -MB_EINVAL;
	if (mb->priv.discarded)
		return -MB_ENOENT;
	if (!mb_cap_size(base, &size))
		return 0;
	err = mb_ensure_room(mb, type, 2, base, size);
	if (err)
		return err;
	/* Splits and merges here change no gap, but move the regions. */
	idx = indexed(mb, type);
	if (idx)
		(void)mb_gaps_begin(mb, &ch, MB_AT_UNKNOWN, base, base + size);
	mb_isolate(mb, type, base, size, &lo, &hi);
	for (i = lo; i < hi; i++)
		fn(&type->regions[i], arg);
	mb_merge_window(mb, type, lo ? lo - 1 : 0, hi);
	if (idx)
		mb_gaps_end(mb, &ch, base + size);
	return 0;
}

static void set_bits(struct memblock_region *r, unsigned f)
{
	r->flags = (enum memblock_flags)(r->flags | f);
}

static void clear_bits(struct memblock_region *r, unsigned f)
{
	r->flags = (enum memblock_flags)(r->flags & ~f);
}

static void set_nid(struct memblock_region *r, unsigned nid)
{
	r->nid = (int)nid;
}

int mb_set_flags(struct memblock *mb, struct memblock_type *type,
		 phys_addr_t base, phys_addr_t size, enum memblock_flags flags)
{
	if (!flags_ok(flags))
		return -MB_EINVAL;
	return change_range(mb, type, base, size, set_bits, flags);
}

int mb_clear_flags(struct memblock *mb, struct memblock_type *type,
		   phys_addr_t base, phys_addr_t size,
		   enum memblock_flags flags)
{
	if (!flags_ok(flags))
		return -MB_EINVAL;
	return change_range(mb, type, base, size, clear_bits, flags);
}

int mb_mark_mirror(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	int err = mb_set_flags(mb, &mb->memory, base, size, MEMBLOCK_MIRROR);

	if (!err)
		mb->priv.has_mirror = true;
	return err;
}

int mb_set_node(struct memblock *mb, struct memblock_type *type,
		phys_addr_t base, phys_addr_t size, int nid)
{
	if (!nid_ok(nid))
		return -MB_EINVAL;
	return change_range(mb, type, base, size, set_nid, (unsigned)nid);
}

/* ---- traced form of add_node (the others are inline in internal.h) ---- */

int mbi_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		 int nid, enum memblock_flags flags, const void *caller)
{
	if (mb->priv.debug) {
		struct mb_line l = { .len = 0 }, hex = { .len = 0 };

		/* Linux prints these flags with %x: no 0x prefix */
		mb_line_hex(&hex, flags, 0);
		hex.buf[hex.len] = '\0';
		mb_line_str(&l, "memblock_add_node: [");
		mb_line_phys(&l, base);
		mb_line_str(&l, "-");
		mb_line_phys(&l, base + size - 1);
		mb_line_str(&l, "] nid=");
		mb_line_dec(&l, nid);
		mb_line_str(&l, " flags=");
		mb_line_str(&l, hex.buf + 2);
		mb_line_str(&l, " ");
		mb_line_caller(&l, caller);
		mb_line_emit(&l);
	}
	return mb_add_type(mb, &mb->memory, base, size, nid, flags);
}

/* ---- instance API ---- */

int mb_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		int nid, enum memblock_flags flags)
{
	return mbi_add_node(mb, base, size, nid, flags, MEMBLOCK_ENV_RET_IP());
}

int mb_add(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return mbi_add(mb, base, size, MEMBLOCK_ENV_RET_IP());
}

int mb_remove(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return mbi_remove(mb, base, size, MEMBLOCK_ENV_RET_IP());
}

int mb_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return mbi_reserve(mb, base, size, NUMA_NO_NODE, MEMBLOCK_NONE,
			   MEMBLOCK_ENV_RET_IP());
}

int mb_reserve_kern(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return mbi_reserve(mb, base, size, NUMA_NO_NODE, MEMBLOCK_RSRV_KERN,
			   MEMBLOCK_ENV_RET_IP());
}

int mb_reserve_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		    int nid, enum memblock_flags flags)
{
	return mbi_reserve(mb, base, size, nid, flags, MEMBLOCK_ENV_RET_IP());
}

int mb_free(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return mbi_free(mb, base, size, MEMBLOCK_ENV_RET_IP());
}

int mb_physmem_add(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return mbi_physmem_add(mb, base, size, MEMBLOCK_ENV_RET_IP());
}
