// SPDX-License-Identifier: MIT
/*
 * env.c - the platform seam of libmemblock for the demo kernels, and the
 * byte routines a freestanding C program still needs.
 */
#include "kernel.h"

void memblock_env_write(const char *s, size_t len)
{
	while (len--)
		arch_putc(*s++);
}

size_t memblock_env_symbolize(const void *addr, char *buf, size_t len)
{
	(void)addr;
	(void)buf;
	(void)len;
	return 0; /* no symbol table in the image: print the raw address */
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;

	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
