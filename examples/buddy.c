// SPDX-License-Identifier: MIT
/*
 * buddy.c - a small binary buddy page allocator over caller storage.
 *
 * A free block of order k is a run of 2^k pages whose first page frame
 * number is a multiple of 2^k; its buddy is the block of the same order
 * whose number differs only in bit k.  The first page of each free block
 * records the order and links the block into that order's free list.
 */
#include "buddy.h"

static struct buddy_page *page_of(const struct buddy *b, unsigned long pfn)
{
	return &b->pages[pfn - b->base_pfn];
}

static bool in_range(const struct buddy *b, unsigned long pfn,
		     unsigned long n)
{
	return pfn >= b->base_pfn && pfn - b->base_pfn <= b->npages &&
	       n <= b->npages - (pfn - b->base_pfn);
}

static void list_push(struct buddy *b, unsigned long pfn, unsigned order)
{
	uint32_t idx = (uint32_t)(pfn - b->base_pfn);
	struct buddy_page *p = &b->pages[idx];

	p->order = (int8_t)order;
	p->prev = BUDDY_NONE;
	p->next = b->free_list[order];
	if (p->next != BUDDY_NONE)
		b->pages[p->next].prev = idx;
	b->free_list[order] = idx;
	b->nr_free[order]++;
}

static void list_del(struct buddy *b, unsigned long pfn)
{
	struct buddy_page *p = page_of(b, pfn);
	unsigned order = (unsigned)p->order;

	if (p->prev != BUDDY_NONE)
		b->pages[p->prev].next = p->next;
	else
		b->free_list[order] = p->next;
	if (p->next != BUDDY_NONE)
		b->pages[p->next].prev = p->prev;
	p->order = -1;
	b->nr_free[order]--;
}

int buddy_init(struct buddy *b, unsigned long base_pfn, unsigned long npages,
	       unsigned max_order, struct buddy_page *pages)
{
	unsigned long i;
	unsigned o;

	if (max_order > BUDDY_MAX_ORDER || !npages || !pages ||
	    npages > BUDDY_NONE || base_pfn + npages < base_pfn)
		return -MB_EINVAL;
	b->base_pfn = base_pfn;
	b->npages = npages;
	b->max_order = max_order;
	b->pages = pages;
	b->free_pages = 0;
	b->rejected = 0;
	for (o = 0; o <= BUDDY_MAX_ORDER; o++) {
		b->free_list[o] = BUDDY_NONE;
		b->nr_free[o] = 0;
	}
	for (i = 0; i < npages; i++) {
		pages[i].order = -1;
		pages[i].next = pages[i].prev = BUDDY_NONE;
	}
	return 0;
}

bool buddy_page_is_free(const struct buddy *b, unsigned long pfn)
{
	unsigned o;

	if (!in_range(b, pfn, 1))
		return false;
	/* The only blocks that can hold @pfn start at it rounded down. */
	for (o = 0; o <= b->max_order; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);

		if (head < b->base_pfn)
			break;
		if (page_of(b, head)->order == (int8_t)o)
			return true;
	}
	return false;
}

int buddy_free(struct buddy *b, unsigned long pfn, unsigned order)
{
	unsigned long n;

	if (order > b->max_order)
		return -MB_EINVAL;
	n = 1UL << order;
	if ((pfn & (n - 1)) || !in_range(b, pfn, n) ||
	    buddy_page_is_free(b, pfn))
		return -MB_EINVAL;
	b->free_pages += n;
	/* Merge upwards while the buddy is a free block of the same order. */
	while (order < b->max_order) {
		unsigned long buddy = pfn ^ (1UL << order);

		if (!in_range(b, buddy, 1UL << order) ||
		    page_of(b, buddy)->order != (int8_t)order)
			break;
		list_del(b, buddy);
		if (buddy < pfn)
			pfn = buddy;
		order++;
	}
	list_push(b, pfn, order);
	return 0;
}

int buddy_alloc(struct buddy *b, unsigned order, unsigned long *pfn)
{
	unsigned o = order;
	unsigned long head;

	if (order > b->max_order)
		return -MB_EINVAL;
	while (o <= b->max_order && b->free_list[o] == BUDDY_NONE)
		o++;
	if (o > b->max_order)
		return -MB_ENOMEM;
	head = b->base_pfn + b->free_list[o];
	list_del(b, head);
	/* Give back the upper halves until the block is the size asked for. */
	while (o > order) {
		o--;
		list_push(b, head + (1UL << o), o);
	}
	b->free_pages -= 1UL << order;
	*pfn = head;
	return 0;
}

unsigned long buddy_free_pages(const struct buddy *b)
{
	return b->free_pages;
}

static void handoff_free_block(void *ctx, phys_addr_t base, unsigned order)
{
	struct buddy *b = ctx;

	if (buddy_free(b, (unsigned long)(base >> MEMBLOCK_ENV_PAGE_SHIFT),
		       order))
		b->rejected++;
}

void buddy_handoff(struct buddy *b, struct mb_handoff *h)
{
	h->free_block = handoff_free_block;
	h->reserved_range = NULL;
	h->max_order = b->max_order;
	h->ctx = b;
}
