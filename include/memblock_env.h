/* SPDX-License-Identifier: MIT */
/*
 * memblock_env.h - the one platform seam of libmemblock.
 *
 * Everything the core needs from its surroundings is named here.  An
 * embedder (kernel, bootloader, firmware) replaces this header, or defines
 * the MEMBLOCK_ENV_* macros before it is included, and supplies the three
 * functions declared at the bottom (the hosted build takes them from
 * src/env_hosted.c).  The rest of the core needs only <stdint.h>,
 * <stddef.h> and <stdbool.h>, plus memcpy/memmove/memset which the
 * compiler may emit calls to.
 */
#ifndef MEMBLOCK_ENV_H
#define MEMBLOCK_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Physical address width.  64-bit by default; define
 * MEMBLOCK_PHYS_ADDR_32BIT for 32-bit Arm without LPAE and similar.
 * Every computation in the core is safe up to the top of either width.
 */
#ifndef MEMBLOCK_ENV_PHYS_ADDR_T_DEFINED
#define MEMBLOCK_ENV_PHYS_ADDR_T_DEFINED
#ifdef MEMBLOCK_PHYS_ADDR_32BIT
typedef uint32_t phys_addr_t;
#else
typedef uint64_t phys_addr_t;
#endif
#endif

/* Granule of the page allocator fed by memblock_free_all(). */
#ifndef MEMBLOCK_ENV_PAGE_SHIFT
#define MEMBLOCK_ENV_PAGE_SHIFT 12
#endif

/* Alignment used when a Linux caller passes align == 0 (SMP_CACHE_BYTES). */
#ifndef MEMBLOCK_ENV_CACHE_BYTES
#define MEMBLOCK_ENV_CACHE_BYTES 64
#endif

/* Number of NUMA nodes; MAX_NUMNODES is "no node given" for memory. */
#ifndef MEMBLOCK_ENV_MAX_NUMNODES
#define MEMBLOCK_ENV_MAX_NUMNODES 64
#endif

/*
 * Highest address memblock_alloc_low() may return (ARCH_LOW_ADDRESS_LIMIT).
 */
#ifndef MEMBLOCK_ENV_LOW_ADDRESS_LIMIT
#define MEMBLOCK_ENV_LOW_ADDRESS_LIMIT ((phys_addr_t)0xffffffffu)
#endif

/*
 * Physical to virtual translation for memory memblock hands out through the
 * virtual allocation API and for arrays it grows from its own memory.  The
 * hosted build maps physical addresses one to one.
 */
#ifndef MEMBLOCK_ENV_PHYS_TO_VIRT
#define MEMBLOCK_ENV_PHYS_TO_VIRT(p) ((void *)(uintptr_t)(p))
#endif
#ifndef MEMBLOCK_ENV_VIRT_TO_PHYS
#define MEMBLOCK_ENV_VIRT_TO_PHYS(v) ((phys_addr_t)(uintptr_t)(v))
#endif

/* The caller of a public function, for memblock=debug traces. */
#ifndef MEMBLOCK_ENV_RET_IP
#define MEMBLOCK_ENV_RET_IP() (__builtin_return_address(0))
#endif

/* Byte copies; the compiler turns these into calls the embedder provides. */
#ifndef MEMBLOCK_ENV_MEMMOVE
#define MEMBLOCK_ENV_MEMMOVE(d, s, n) __builtin_memmove((d), (s), (n))
#endif
#ifndef MEMBLOCK_ENV_MEMCPY
#define MEMBLOCK_ENV_MEMCPY(d, s, n) __builtin_memcpy((d), (s), (n))
#endif
#ifndef MEMBLOCK_ENV_MEMSET
#define MEMBLOCK_ENV_MEMSET(d, c, n) __builtin_memset((d), (c), (n))
#endif

/**
 * memblock_env_write - emit text from dumps and memblock=debug traces.
 * @s: bytes to write (not NUL-terminated)
 * @len: number of bytes
 *
 * Called with whole lines ending in '\n'.  Hosted: stderr.
 */
void memblock_env_write(const char *s, size_t len);

/**
 * memblock_env_symbolize - name a code address for a trace line.
 * @addr: return address of a memblock caller
 * @buf: output buffer
 * @len: size of @buf
 *
 * Return: number of bytes written (no NUL needed), or 0 to let the core
 * print the raw address.  Hosted: dladdr() when symbols are available.
 */
size_t memblock_env_symbolize(const void *addr, char *buf, size_t len);

#endif /* MEMBLOCK_ENV_H */
