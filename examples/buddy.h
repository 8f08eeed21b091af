/* SPDX-License-Identifier: MIT */
/*
 * buddy.h - a small binary buddy page allocator, the reference consumer of
 * memblock's hand-off (mb_free_all / memblock_free_all).
 *
 * It manages page frames [base_pfn, base_pfn + npages) in blocks of 2^order
 * pages, naturally aligned on the absolute page frame number, with one free
 * list per order up to max_order.  Freeing a block merges it with its buddy
 * as long as the buddy is free and whole.  All bookkeeping lives in storage
 * the caller provides (one struct buddy_page per page frame); nothing is
 * allocated.  Every page starts out in use: pages become free only when
 * they are freed, which is what the hand-off does.
 */
#ifndef MEMBLOCK_EXAMPLE_BUDDY_H
#define MEMBLOCK_EXAMPLE_BUDDY_H

#include <libmemblock.h>

/* Largest order an allocator may be set up with (2^19 pages per block). */
#define BUDDY_MAX_ORDER 19
/* "No page": the end of a free list. */
#define BUDDY_NONE UINT32_MAX

/* Per-page bookkeeping; meaningful only for the first page of a free block. */
struct buddy_page {
	uint32_t next, prev; /* free-list neighbours (page indexes) */
	int8_t order;        /* order of the free block it heads, or -1 */
};

struct buddy {
	unsigned long base_pfn;  /* first page frame managed */
	unsigned long npages;    /* number of page frames managed */
	unsigned max_order;      /* largest block */
	struct buddy_page *pages;                 /* npages entries */
	uint32_t free_list[BUDDY_MAX_ORDER + 1];  /* heads, BUDDY_NONE if empty */
	unsigned long nr_free[BUDDY_MAX_ORDER + 1]; /* blocks on each list */
	unsigned long free_pages;                 /* pages on all lists */
	unsigned long rejected;  /* hand-off blocks buddy_free() refused */
};

/**
 * buddy_init - set up an allocator with every page in use.
 * @pages: storage for @npages entries, owned by the caller
 * Return: 0, or -MB_EINVAL for @max_order above BUDDY_MAX_ORDER, no pages,
 * more pages than a uint32_t index reaches, or a range past the top.
 */
int buddy_init(struct buddy *b, unsigned long base_pfn, unsigned long npages,
	       unsigned max_order, struct buddy_page *pages);

/**
 * buddy_free - give back 2^@order pages at @pfn, merging with free buddies.
 * Return: 0; -MB_EINVAL when the block is not naturally aligned, larger
 * than max_order, outside the managed range, or its first page is
 * already free (nothing is changed then).
 */
int buddy_free(struct buddy *b, unsigned long pfn, unsigned order);

/**
 * buddy_alloc - take 2^@order pages, splitting a larger block if needed.
 * @pfn: the first page frame, set on success
 * Return: 0, -MB_EINVAL for @order above max_order, -MB_ENOMEM when no
 * block that large is free.
 */
int buddy_alloc(struct buddy *b, unsigned order, unsigned long *pfn);

/** buddy_free_pages - number of free pages. */
unsigned long buddy_free_pages(const struct buddy *b);

/** buddy_page_is_free - is page frame @pfn inside a free block? */
bool buddy_page_is_free(const struct buddy *b, unsigned long pfn);

/**
 * buddy_handoff - fill @h so that mb_free_all() / memblock_free_all() feed
 * @b: free blocks go to buddy_free() (those it refuses are counted in
 * b->rejected); reserved ranges are not needed, as pages start in use.
 */
void buddy_handoff(struct buddy *b, struct mb_handoff *h);

#endif /* MEMBLOCK_EXAMPLE_BUDDY_H */
