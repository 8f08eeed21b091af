// SPDX-License-Identifier: MIT
/*
 * import_common.c - the sanitising walk and the room check shared by the
 * firmware-map importers.
 */
#include "import.h"

bool mb_import_cap(uint64_t base, uint64_t size, uint64_t *start,
		   uint64_t *end)
{
	if (!size || base >= MB_IMPORT_CAP)
		return false;
	*start = base;
	*end = size > MB_IMPORT_CAP - base ? MB_IMPORT_CAP : base + size;
	return true;
}

/*
 * One pass over the table at @pos: the combined key of the ranges
 * covering that byte, and the smallest edge above it (false if none).
 */
static bool scan_at(const struct mb_walk_src *src, uint64_t pos,
		    uint32_t *key, uint64_t *next)
{
	bool found = false;
	uint64_t s, e;
	uint32_t k;
	size_t i;

	*key = 0;
	*next = 0;
	for (i = 0; i < src->n; i++) {
		if (!src->range(src->ctx, i, &s, &e, &k))
			continue;
		if (s <= pos && pos < e)
			*key = src->combine(*key, k);
		if (s > pos && (!found || s < *next))
			*next = s, found = true;
		if (e > pos && (!found || e < *next))
			*next = e, found = true;
	}
	return found;
}

/* Whether every kept range starts at or above the end of the one before. */
static bool in_order(const struct mb_walk_src *src)
{
	uint64_t s, e, prev_end = 0;
	uint32_t k;
	size_t i;

	for (i = 0; i < src->n; i++) {
		if (!src->range(src->ctx, i, &s, &e, &k))
			continue;
		if (s < prev_end)
			return false;
		prev_end = e;
	}
	return true;
}

void mb_walk_start(struct mb_walk *w, const struct mb_walk_src *src)
{
	w->src = src;
	w->pos = 0;
	w->at = 0;
	w->ordered = in_order(src);
	if (!w->ordered)
		w->more = scan_at(src, 0, &w->key, &w->next);
}

/*
 * In an ordered table a piece is one range, keyed as if alone, and runs
 * on into the ranges that start where it ends with the same key; the
 * next piece (unless left out) is the first range the run stopped at.
 */
static bool next_ordered(struct mb_walk *w, uint64_t *start, uint64_t *end,
			 uint32_t *key)
{
	const struct mb_walk_src *src = w->src;
	uint64_t s, e;
	uint32_t k;

	for (*key = 0; w->at < src->n; w->at++) {
		if (!src->range(src->ctx, w->at, &s, &e, &k))
			continue;
		k = src->combine(0, k);
		if (*key && (s != *end || k != *key))
			break;
		if (!*key && !k)
			continue;
		if (!*key)
			*start = s;
		*key = k;
		*end = e;
	}
	return *key;
}

bool mb_walk_next(struct mb_walk *w, uint64_t *start, uint64_t *end,
		  uint32_t *key)
{
	uint64_t next;
	uint32_t k;
	bool more;

	if (w->ordered)
		return next_ordered(w, start, end, key);
	for (; w->more; w->pos = w->next, w->key = k, w->next = next,
			w->more = more) {
		more = scan_at(w->src, w->next, &k, &next);
		if (!w->key)
			continue;
		/* Run on over pieces with the same key. */
		*start = w->pos;
		*key = w->key;
		while (more && k == w->key) {
			w->next = next;
			more = scan_at(w->src, w->next, &k, &next);
		}
		*end = w->next;
		w->pos = w->next;
		w->key = k;
		w->next = next;
		w->more = more;
		return true;
	}
	return false;
}

int mb_import_room(struct memblock *mb, unsigned long *mem,
		   unsigned long *rsv, void (*replan)(void *ctx), void *ctx)
{
	struct memblock_type before = mb->reserved;
	int err;

	/* mb_ensure_room() does nothing when the room is there already. */
	err = mb_ensure_room(mb, &mb->memory, *mem, 0, 0);
	if (err)
		return err;
	/* Growing memory into its own memory reserves the new table. */
	if (before.cnt != mb->reserved.cnt ||
	    before.total_size != mb->reserved.total_size ||
	    before.regions != mb->reserved.regions)
		replan(ctx);
	return mb_ensure_room(mb, &mb->reserved, *rsv, 0, 0);
}
