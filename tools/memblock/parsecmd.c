// SPDX-License-Identifier: MIT
/*
 * parsecmd.c - the parse subcommand: how the tool read its input.
 */
#include <string.h>

#include "mbt.h"

static const char parse_help[] =
"usage: memblock parse [--firmware] FILE\n"
"\n"
"Read FILE as simulate does and print what was found: the format, the\n"
"e820 table that would be imported (the log's last table with the\n"
"'e820: update/remove' lines that precede memblock's set-up applied),\n"
"extra operations, the command line and the log's Memory: line.\n"
"Unusable lines are reported on stderr as FILE:LINE.\n"
"\n"
"  --firmware   start from the firmware table, not the log's user: table\n"
"\n"
"Exit status: 0 ok, 1 input errors, 2 usage errors.\n";

static const char *format_name(enum mbt_format f)
{
	switch (f) {
	case FMT_DMESG: return "kernel log";
	case FMT_TEXT: return "memblock text format";
	case FMT_IOMEM: return "/proc/iomem";
	case FMT_RAW_E820: return "raw e820 dump";
	case FMT_SYSFS: return "/sys/firmware/memmap";
	case FMT_DTB: return "flattened device tree";
	case FMT_RAW_EFI: return "raw UEFI memory map";
	case FMT_DEBUGFS: return "memblock debugfs listing";
	case FMT_UNKNOWN:
	default: return "unknown";
	}
}

int mbt_cmd_parse(int argc, char **argv)
{
	struct mbt_input in;
	struct e820_table t;
	const char *path = NULL;
	bool firmware = false;
	char tn[32];
	size_t i;
	int rc;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(parse_help, stdout);
			return MBT_EXIT_OK;
		} else if (!strcmp(argv[i], "--firmware")) {
			firmware = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "parse: unknown option '%s'\n", argv[i]);
			return MBT_EXIT_USAGE;
		} else if (!path) {
			path = argv[i];
		} else {
			return MBT_EXIT_USAGE;
		}
	}
	if (!path) {
		fputs(parse_help, stderr);
		return MBT_EXIT_USAGE;
	}
	mbt_input_init(&in, path);
	rc = mbt_load_input(&in, path);
	printf("format: %s\n", format_name(in.format));
	if (!rc && in.has_e820 && !mbt_effective_e820(&in, firmware, &t)) {
		e820_sort(&t);
		printf("e820 table (%zu entries%s):\n", t.n,
		       in.has_user && !firmware ? ", from the user: table" : "");
		for (i = 0; i < t.n; i++)
			printf("  [mem 0x%016llx-0x%016llx] %s\n",
			       (unsigned long long)t.e[i].addr,
			       (unsigned long long)(t.e[i].addr + t.e[i].size - 1),
			       e820_type_name(t.e[i].type, tn, sizeof(tn)));
		e820_free(&t);
	}
	for (i = 0; i < in.n_ops; i++)
		printf("line %lu: %s 0x%llx 0x%llx\n", in.ops[i].line,
		       in.ops[i].kind == OP_MEMORY ? "memory" :
		       in.ops[i].kind == OP_NOMAP ? "nomap" : "reserve",
		       (unsigned long long)in.ops[i].base,
		       (unsigned long long)in.ops[i].size);
	if (in.cmdline)
		printf("command line (line %lu): %s\n", in.cmdline_line,
		       in.cmdline);
	if (in.n_efi)
		printf("UEFI descriptors: %zu\n", in.n_efi);
	if (in.fdt)
		printf("device tree blob: %zu bytes%s%s\n", in.fdt_size,
		       in.fdt_model ? ", model " : "",
		       in.fdt_model ? in.fdt_model : "");
	if (in.has_memory_line)
		printf("Memory line %lu: %lluK/%lluK\n", in.memory_line,
		       (unsigned long long)in.mem_avail_k,
		       (unsigned long long)in.mem_total_k);
	if (in.n_nodes)
		printf("node ranges: %zu\n", in.n_nodes);
	rc = rc || in.diag.errors ? MBT_EXIT_INPUT : MBT_EXIT_OK;
	mbt_input_free(&in);
	return rc;
}
