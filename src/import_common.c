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

/* Smallest range edge above @pos; false when there is none. */
static bool next_edge(const struct mb_walk_src *src, uint64_t pos,
		      uint64_t *out)
{
	bool found = false;
	uint64_t best = 0, s, e;
	size_t i;

	for (i = 0; i < src->n; i++) {
		if (!src->span(src->ctx, i, &s, &e))
			continue;
		if (s > pos && (!found || s < best))
			best = s, found = true;
		if (e > pos && (!found || e < best))
			best = e, found = true;
	}
	*out = best;
	return found;
}

/* Combined key of the ranges covering the byte at @pos. */
static uint32_t key_at(const struct mb_walk_src *src, uint64_t pos)
{
	uint32_t k = 0;
	uint64_t s, e;
	size_t i;

	for (i = 0; i < src->n; i++)
		if (src->span(src->ctx, i, &s, &e) && s <= pos && pos < e)
			k = src->combine(k, src->key(src->ctx, i));
	return k;
}

void mb_walk_start(struct mb_walk *w, const struct mb_walk_src *src)
{
	w->src = src;
	w->pos = 0;
	w->done = false;
	/* Edges are searched above pos: a piece at 0 is found directly. */
	if (!key_at(src, 0) && !next_edge(src, 0, &w->pos))
		w->done = true;
}

bool mb_walk_next(struct mb_walk *w, uint64_t *start, uint64_t *end,
		  uint32_t *key)
{
	uint64_t edge, next;
	uint32_t k;

	while (!w->done) {
		k = key_at(w->src, w->pos);
		if (!next_edge(w->src, w->pos, &edge))
			break;
		if (!k) {
			w->pos = edge;
			continue;
		}
		while (next_edge(w->src, edge, &next) &&
		       key_at(w->src, edge) == k)
			edge = next;
		*start = w->pos;
		*end = edge;
		*key = k;
		w->pos = edge;
		return true;
	}
	w->done = true;
	return false;
}

int mb_import_room(struct memblock *mb, unsigned long *mem,
		   unsigned long *rsv, void (*replan)(void *ctx), void *ctx)
{
	int err;

	/* mb_ensure_room() does nothing when the room is there already. */
	err = mb_ensure_room(mb, &mb->memory, *mem, 0, 0);
	if (err)
		return err;
	replan(ctx);
	return mb_ensure_room(mb, &mb->reserved, *rsv, 0, 0);
}
