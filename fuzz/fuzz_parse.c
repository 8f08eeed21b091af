// SPDX-License-Identifier: MIT
/*
 * fuzz_parse.c - libFuzzer harness for everything that reads outside
 * input: the host tool's map parsers (kernel logs, /proc/iomem, sysfs,
 * raw dumps, debugfs listings, the text format) and kernel-option parser,
 * and the library's binary importers (FDT, UEFI generic and x86,
 * multiboot).  The first byte picks the target; the rest is the input.
 * Any crash, sanitizer report or broken invariant is a finding.
 */
#include <stdlib.h>
#include <string.h>

#include <libmemblock.h>
#include <memblock_import.h>

#include "mbt.h"

static void check(const struct memblock *mb)
{
	if (mb_check(mb, NULL))
		abort();
}

static void fuzz_tool_text(const uint8_t *data, size_t size)
{
	struct mbt_input in;
	struct mbt_kopts k;
	struct mbt_diag d = { .file = "fuzz", .out = NULL };
	char *s = malloc(size + 1);

	mbt_input_init(&in, "fuzz");
	in.diag.out = NULL;
	(void)mbt_parse_buffer(&in, (const char *)data, size);
	mbt_input_free(&in);
	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)mbt_parse_kopts(s, &k, NULL, &d);
	free(s);
}

/*
 * The FDT importer without options, or (odd @mode) with a reserved-memory
 * list and the scratch memory the host tool lends, so that the path that
 * gathers more ranges than the stack array holds is fuzzed too.
 */
static void fuzz_fdt(struct memblock *mb, const void *blob, size_t size,
		     unsigned mode, struct mb_import_report *rep)
{
	static struct mb_fdt_rmem rm[8];
	size_t bytes = MB_FDT_SCRATCH_FOR(size);
	void *scratch = (mode & 1) ? malloc(bytes) : NULL;
	struct mb_fdt_opts o = { .rmem = rm, .rmem_max = 8,
				 .scratch = scratch, .scratch_bytes = bytes };

	(void)mb_import_fdt(mb, blob, size, scratch ? &o : NULL, rep);
	free(scratch);
}

static void fuzz_importers(uint8_t which, const uint8_t *data, size_t size)
{
	static struct memblock_region mem[16], rsv[16], phys[4];
	struct memblock mb;
	struct mb_import_report rep;
	/* Importers get firmware tables, which are aligned: copy the bytes. */
	uint64_t *buf = malloc(size + 8);

	if (!buf)
		return;
	memcpy(buf, data, size);
	if (mb_init(&mb, mem, 16, rsv, 16, phys, 4))
		abort();
	switch (which % 4) {
	case 0:
		fuzz_fdt(&mb, buf, size, which >> 2, &rep);
		break;
	case 1: /* the generic policy or x86's, at a descriptor size */
		(void)((which >> 2) & 1 ? mb_import_efi_x86 : mb_import_efi)(
			&mb, buf, size, 40 + (which >> 3) % 16, 0, &rep);
		break;
	case 2:
		(void)mb_import_multiboot1(&mb, buf, size, &rep);
		break;
	default:
		(void)mb_import_e820(&mb, (const struct mb_e820_entry *)buf,
				     size / sizeof(struct mb_e820_entry), &rep);
		break;
	}
	check(&mb);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		fuzz_tool_text(data + 1, size - 1);
	else
		fuzz_importers((uint8_t)(data[0] >> 1), data + 1, size - 1);
	return 0;
}
