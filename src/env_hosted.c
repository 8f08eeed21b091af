// SPDX-License-Identifier: MIT
/*
 * env_hosted.c - the seam's functions for hosted builds (Linux userspace,
 * tests, the host tool).  Embedders provide their own.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "memblock_env.h"

void memblock_env_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stderr);
}

size_t memblock_env_symbolize(const void *addr, char *buf, size_t len)
{
	Dl_info info;
	int n;

	if (!addr || !dladdr(addr, &info) || !info.dli_sname)
		return 0;
	n = snprintf(buf, len, "%s+0x%lx", info.dli_sname,
		     (unsigned long)((const char *)addr -
				     (const char *)info.dli_saddr));
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}
