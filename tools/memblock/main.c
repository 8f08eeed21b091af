// SPDX-License-Identifier: MIT
/*
 * main.c - the memblock host tool: subcommand dispatch, and the platform
 * seam's two functions (output goes to stdout, traces name the simulated
 * caller instead of a host symbol).
 */
#include <string.h>

#include "mbt.h"

FILE *mbt_out;
const char *mbt_caller = "memblock";

void memblock_env_write(const char *s, size_t len)
{
	fwrite(s, 1, len, mbt_out ? mbt_out : stdout);
}

size_t memblock_env_symbolize(const void *addr, char *buf, size_t len)
{
	int n;

	(void)addr;
	n = snprintf(buf, len, "%s+0x0/0x0", mbt_caller ? mbt_caller : "?");
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len - 1;
}

static const char formats_help[] =
"Inputs memblock reads (the format is recognised from the content):\n"
"\n"
"  kernel log (dmesg)   'BIOS-e820:' tables in the 2.6, classic and 6.16+/7.x\n"
"                       print formats ('[gap ...]' lines included), 'user:' and\n"
"                       'reserve setup_data:' tables, the 'e820: update' and\n"
"                       'e820: remove' lines before memblock's set-up (up to the\n"
"                       last 'last_pfn =' line), 'efi: memNN:' lines (old\n"
"                       'type=N, attr=0x..' and new '[Type|..|WB|..]' formats),\n"
"                       'Command line:', 'Memory: ..K/..K available', node\n"
"                       ranges, and memblock=debug lines (for replay).\n"
"  /proc/iomem          top-level System RAM / Reserved / ACPI ... ranges as the\n"
"                       map; 'reserved', 'Kernel ...' and 'Crash kernel'\n"
"                       children as reservations.  Must be read as root.\n"
"  /sys/firmware/memmap the directory, or its 'grep -r . DIR' listing.\n"
"  raw e820 dump        binary entries {u64 addr, u64 size, u32 type} of 20 or\n"
"                       24 bytes, little-endian.\n"
"  raw UEFI map         a GetMemoryMap() buffer: descriptors of 40, 48, 56, 64\n"
"                       or 80 bytes (chosen when every descriptor is sane).\n"
"  device tree          a .dtb (checked with libfdt), or a .dts (compiled with\n"
"                       dtc; kernel sources with #include need 'make dtbs').\n"
"  memblock debugfs     /sys/kernel/debug/memblock/memory (old or new format),\n"
"                       read as memory regions with their node and flag.\n"
"  memblock text        one statement a line, '#' comments, numbers as Linux's\n"
"                       memparse() reads them (0x.., K/M/G/T suffixes):\n"
"                         memory  BASE SIZE [nid=N] [hotplug] [mirror] [nomap]\n"
"                                 [driver_managed]\n"
"                         reserve BASE SIZE [nid=N]\n"
"                         nomap   BASE SIZE\n"
"                         e820    BASE SIZE TYPE  (number or Linux's name)\n"
"                         cmdline KERNEL COMMAND LINE\n"
"\n"
"Lines starting with '#' are comments in every text format.  Lines that\n"
"cannot be used are reported as FILE:LINE: error: ... on stderr.\n";

static const char main_help[] =
"usage: memblock COMMAND [options] FILE\n"
"\n"
"Shows what Linux's boot-time memory manager (memblock) does with a real\n"
"machine's memory map.\n"
"\n"
"Commands:\n"
"  simulate   import a map, apply kernel options and a script, print the\n"
"             MEMBLOCK configuration, debugfs files and Memory: totals\n"
"  replay     re-execute a memblock=debug log and check every allocation\n"
"             and every MEMBLOCK configuration dump against it\n"
"  draw       an SVG picture of the physical address space\n"
"  parse      show how the input was read (the e820 table it yields)\n"
"  formats    describe the inputs memblock reads\n"
"\n"
"'memblock COMMAND --help' describes each command.\n"
"Exit status: 0 ok, 1 input errors, 2 usage errors.\n";

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	mbt_out = stdout;
	if (!cmd) {
		fputs(main_help, stderr);
		return MBT_EXIT_USAGE;
	}
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(main_help, stdout);
		return MBT_EXIT_OK;
	}
	if (!strcmp(cmd, "formats")) {
		fputs(formats_help, stdout);
		return MBT_EXIT_OK;
	}
	if (!strcmp(cmd, "simulate"))
		return mbt_cmd_simulate(argc - 1, argv + 1);
	if (!strcmp(cmd, "replay"))
		return mbt_cmd_replay(argc - 1, argv + 1);
	if (!strcmp(cmd, "draw"))
		return mbt_cmd_draw(argc - 1, argv + 1);
	if (!strcmp(cmd, "parse"))
		return mbt_cmd_parse(argc - 1, argv + 1);
	fprintf(stderr, "memblock: unknown command '%s'\n\n%s", cmd, main_help);
	return MBT_EXIT_USAGE;
}
