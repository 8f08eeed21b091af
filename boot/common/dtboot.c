// SPDX-License-Identifier: MIT
/*
 * dtboot.c - what a demo kernel started with a device tree (RISC-V,
 * AArch64) does with it: find the command line and the CPUs, dump the
 * blob for the host check, import it with the library, reserve it.
 * Linked into those kernels only: it is their arch_import/arch_reserve.
 */
#include <memblock_import.h>

#include "fdt.h"
#include "kernel.h"

/*
 * FW dtb ADDRESS TOTALSIZE, then the blob up to the end of its last block
 * in DTB lines (the host check zero-fills the free space after it: QEMU's
 * AArch64 trees are 1 MiB, mostly free, and each byte is a trap to QEMU).
 */
static void dump_dtb(const uint8_t *dtb)
{
	uint32_t i, used = fdt_used_size(dtb);

	kprintf("FW dtb 0x%llx 0x%x\n", (unsigned long long)(uintptr_t)dtb,
		fdt_totalsize(dtb));
	for (i = 0; i < used; i++) {
		if (i % 32 == 0)
			kputs(i ? "\nDTB " : "DTB ");
		kprintf("%02x", dtb[i]);
	}
	kputs("\n");
}

/*
 * Without a numa-node-id on every /memory node Linux gives up on NUMA and
 * puts all memory on node 0 (of_numa_init() fails, dummy_numa_init()).
 */
static int default_nodes(struct memblock *mb)
{
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++)
		if (mb->memory.regions[i].nid == MAX_NUMNODES)
			return mb_set_node(mb, &mb->memory, 0, PHYS_ADDR_MAX,
					   0);
	return 0;
}

int arch_import(struct memblock *mb, struct boot_info *bi)
{
	const void *dtb = bi->arch_data;
	struct mb_fdt_rmem rmem[16];
	struct mb_fdt_opts opts = { .rmem = rmem, .rmem_max = 16 };
	size_t i;
	int err;

	dump_dtb(dtb);
	err = mb_import_fdt(mb, dtb, fdt_totalsize(dtb), &opts, NULL);
	if (err) {
		kprintf("FW dtb rejected: %s\n", opts.why ? opts.why : "?");
		return err;
	}
	for (i = 0; i < opts.rmem_cnt && i < opts.rmem_max; i++)
		kprintf("FW reserved-memory %s 0x%llx 0x%llx%s%s\n",
			rmem[i].name, (unsigned long long)rmem[i].base,
			(unsigned long long)rmem[i].size,
			rmem[i].nomap ? " no-map" : "",
			rmem[i].failed ? " failed" : "");
	return default_nodes(mb);
}

void arch_reserve(struct memblock *mb, struct boot_info *bi)
{
	demo_reserve(mb, (uintptr_t)bi->arch_data,
		     fdt_totalsize(bi->arch_data), "dtb");
}

/* /chosen/bootargs and the CPUs with their nodes. */
static void scan_boot(void *ctx, const struct fdt_node *n)
{
	struct boot_info *bi = ctx;

	if (n->depth == 1 && fdt_name_is(n->name, "chosen") && n->bootargs)
		bi->cmdline = n->bootargs;
	if (n->depth == 2 && fdt_name_is(n->parent, "cpus") &&
	    fdt_name_is(n->name, "cpu") && bi->nr_cpus < MAX_CPUS)
		bi->cpu_node[bi->nr_cpus++] = n->nid < 0 ? 0 : n->nid;
}

extern char __image_start[], __image_end[];
static struct boot_info boot;

void dt_boot(const char *arch, void *dtb, phys_addr_t mapped_end)
{
	struct boot_info *bi = &boot;

	bi->arch = arch;
	bi->cmdline = "";
	if (!fdt_totalsize(dtb))
		panic("no device tree at %p", dtb);
	if (fdt_walk(dtb, scan_boot, bi))
		panic("malformed device tree");
	if (!bi->nr_cpus)
		bi->cpu_node[bi->nr_cpus++] = 0;
	bi->arch_data = dtb;
	bi->image_start = (uintptr_t)__image_start;
	bi->image_end = (uintptr_t)__image_end;
	bi->mapped_end = mapped_end;
	demo_main(bi);
}
