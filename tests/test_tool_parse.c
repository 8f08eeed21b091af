// SPDX-License-Identifier: MIT
/*
 * test_tool_parse.c - the memblock tool's input parsers (dmesg e820
 * tables old/new/2.6 formats, update/remove lines, user: tables, own text
 * format, /proc/iomem, raw dumps) and their behaviour on arbitrary bytes.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "../tools/memblock/mbt.h"

static void parse(struct mbt_input *in, const char *text)
{
	mbt_input_init(in, "t");
	in->diag.out = NULL; /* count, don't print */
	mbt_parse_buffer(in, text, strlen(text));
}

static void assert_entry(const struct e820_table *t, size_t i, uint64_t addr,
			 uint64_t size, uint32_t type)
{
	assert_true(i < t->n);
	assert_int_equal(t->e[i].addr, addr);
	assert_int_equal(t->e[i].size, size);
	assert_int_equal(t->e[i].type, type);
}

static void dmesg_old_format_table_and_memory_line_are_read(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "[    0.000000] Command line: ro mem=4G\n"
	      "[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
	      "[    0.000000] BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
	      "[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x00000000bffdffff] usable\n"
	      "[    0.000000] BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] ACPI NVS\n"
	      "[    0.1] Memory: 100K/3000K available (1K kernel code)\n");
	assert_int_equal(in.format, FMT_DMESG);
	assert_int_equal(in.diag.errors, 0);
	assert_int_equal(in.firmware.n, 4);
	assert_entry(&in.firmware, 0, 0, 0x9fc00, MB_E820_RAM);
	assert_entry(&in.firmware, 3, 0xfffc0000, 0x40000, MB_E820_NVS);
	assert_string_equal(in.cmdline, "ro mem=4G");
	assert_true(in.has_memory_line);
	assert_int_equal(in.mem_total_k, 3000);
	assert_int_equal(in.memory_line, 6);
	mbt_input_free(&in);
}

static void dmesg_new_format_names_and_gap_lines_are_read(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff]  System RAM\n"
	      "BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff]  device reserved\n"
	      "BIOS-e820: [gap 0x0000000000100000-0x00000000001fffff]\n"
	      "BIOS-e820: [mem 0x0000000000200000-0x00000000002fffff]  ACPI data\n");
	assert_int_equal(in.diag.errors, 0);
	assert_int_equal(in.firmware.n, 3);
	assert_entry(&in.firmware, 0, 0, 0xa0000, MB_E820_RAM);
	assert_entry(&in.firmware, 1, 0xa0000, 0x60000, MB_E820_RESERVED);
	assert_entry(&in.firmware, 2, 0x200000, 0x100000, MB_E820_ACPI);
	mbt_input_free(&in);
}

static void dmesg_2_6_format_has_an_exclusive_end(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in, " BIOS-e820: 0000000000000000 - 000000000009f400 (usable)\n"
		   " BIOS-e820: 0000000000100000 - 0000000020000000 (usable)\n");
	assert_int_equal(in.diag.errors, 0);
	assert_entry(&in.firmware, 0, 0, 0x9f400, MB_E820_RAM);
	assert_entry(&in.firmware, 1, 0x100000, 0x1ff00000, MB_E820_RAM);
	mbt_input_free(&in);
}

static void updates_before_memblock_setup_are_applied_later_ones_not(void **state)
{
	struct mbt_input in;
	struct e820_table t;

	(void)state;
	parse(&in,
	      "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
	      "BIOS-e820: [mem 0x0000000000100000-0x000000003fffffff] usable\n"
	      "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
	      "e820: remove [mem 0x000a0000-0x000fffff] usable\n"
	      "e820: last_pfn = 0x40000 max_arch_pfn = 0x400000000\n"
	      "e820: update [mem 0x20000000-0x20000fff] usable ==> reserved\n");
	assert_int_equal(in.diag.errors, 0);
	assert_int_equal(in.n_edits, 3);
	assert_int_equal(in.boundary_line, 5);
	assert_int_equal(mbt_effective_e820(&in, false, &t), 0);
	e820_sort(&t);
	assert_int_equal(t.n, 3);
	assert_entry(&t, 0, 0, 0x1000, MB_E820_RESERVED);
	assert_entry(&t, 1, 0x1000, 0x9f000, MB_E820_RAM);
	assert_entry(&t, 2, 0x100000, 0x3ff00000, MB_E820_RAM);
	e820_free(&t);
	mbt_input_free(&in);
}

static void user_table_replaces_the_firmware_table(void **state)
{
	struct mbt_input in;
	struct e820_table t;

	(void)state;
	parse(&in,
	      "BIOS-e820: [mem 0x0000000000000000-0x00000000ffffffff] usable\n"
	      "user-defined physical RAM map:\n"
	      "user: [mem 0x0000000000000000-0x000000007fffffff] usable\n"
	      "user: [mem 0x0000000080000000-0x00000000ffffffff] persistent (type 12)\n");
	assert_true(in.has_user);
	assert_int_equal(mbt_effective_e820(&in, false, &t), 0);
	assert_int_equal(t.n, 2);
	assert_entry(&t, 1, 0x80000000, 0x80000000, MB_E820_PRAM);
	e820_free(&t);
	assert_int_equal(mbt_effective_e820(&in, true, &t), 0);
	assert_int_equal(t.n, 1);
	e820_free(&t);
	mbt_input_free(&in);
}

static void malformed_e820_lines_are_reported_with_their_line(void **state)
{
	struct mbt_input in;
	char buf[256];
	FILE *f;

	(void)state;
	mbt_input_init(&in, "log");
	f = tmpfile();
	assert_non_null(f);
	in.diag.out = f;
	{
		const char *text =
			"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
			"BIOS-e820: [mem 0x00000000000a0000-zzzz] reserved\n"
			"BIOS-e820: [mem 0x0000000000100000-0x00000000001fffff] wibble\n";
		mbt_parse_buffer(&in, text, strlen(text));
	}
	assert_int_equal(in.diag.errors, 2);
	assert_int_equal(in.firmware.n, 1);
	rewind(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_non_null(strstr(buf, "log:2: error"));
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_non_null(strstr(buf, "log:3: error"));
	fclose(f);
	mbt_input_free(&in);
}

static void text_format_statements_become_operations(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "# comment\n"
	      "memory 0x1000 0x9f000 nid=1 hotplug\n"
	      "reserve 16M 4K   # trailing comment\n"
	      "nomap 0x200000 0x1000\n"
	      "e820 0x100000 1M ACPI NVS\n"
	      "cmdline mem=1G crashkernel=64M\n"
	      "memory 0x1000\n"
	      "launch rockets\n");
	assert_int_equal(in.format, FMT_TEXT);
	assert_int_equal(in.diag.errors, 2);
	assert_int_equal(in.n_ops, 3);
	assert_int_equal(in.ops[0].kind, OP_MEMORY);
	assert_int_equal(in.ops[0].nid, 1);
	assert_int_equal(in.ops[0].flags, MEMBLOCK_HOTPLUG);
	assert_int_equal(in.ops[1].kind, OP_RESERVE);
	assert_int_equal(in.ops[1].base, 16u << 20);
	assert_int_equal(in.ops[1].size, 4096);
	assert_int_equal(in.ops[2].kind, OP_NOMAP);
	assert_entry(&in.firmware, 0, 0x100000, 0x100000, MB_E820_NVS);
	assert_string_equal(in.cmdline, "mem=1G crashkernel=64M");
	mbt_input_free(&in);
}

static void iomem_top_level_is_the_map_and_children_reservations(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "00000000-00000fff : Reserved\n"
	      "00001000-0009ffff : System RAM\n"
	      "000a0000-000bffff : PCI Bus 0000:00\n"
	      "00100000-3fffffff : System RAM\n"
	      "  01000000-01ffffff : Kernel code\n"
	      "  02000000-020fffff : reserved\n"
	      "40000000-4000ffff : ACPI Tables\n");
	assert_int_equal(in.format, FMT_IOMEM);
	assert_int_equal(in.diag.errors, 0);
	assert_int_equal(in.firmware.n, 4);
	assert_entry(&in.firmware, 1, 0x1000, 0x9f000, MB_E820_RAM);
	assert_entry(&in.firmware, 3, 0x40000000, 0x10000, MB_E820_ACPI);
	assert_int_equal(in.n_ops, 2);
	assert_int_equal(in.ops[1].base, 0x2000000);
	mbt_input_free(&in);
}

static void iomem_read_without_root_is_an_error(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in, "00000000-00000000 : Reserved\n"
		   "00000000-00000000 : System RAM\n");
	assert_int_equal(in.diag.errors, 2); /* all zero, and so no map */
	assert_false(in.has_e820);
	mbt_input_free(&in);
}

static void sysfs_memmap_listing_is_read_and_incomplete_entries_reported(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "/sys/firmware/memmap/1/end:0x7fffffff\n"
	      "/sys/firmware/memmap/1/start:0x100000\n"
	      "/sys/firmware/memmap/1/type:System RAM\n"
	      "/sys/firmware/memmap/0/start:0x0\n"
	      "/sys/firmware/memmap/0/end:0x9fbff\n"
	      "/sys/firmware/memmap/0/type:ACPI Non-volatile Storage\n"
	      "/sys/firmware/memmap/2/start:0xfffc0000\n");
	assert_int_equal(in.format, FMT_SYSFS);
	assert_int_equal(in.diag.errors, 1); /* entry 2 has no end or type */
	assert_int_equal(in.firmware.n, 2);
	assert_entry(&in.firmware, 0, 0, 0x9fc00, MB_E820_NVS);
	assert_entry(&in.firmware, 1, 0x100000, 0x7ff00000, MB_E820_RAM);
	mbt_input_free(&in);
}

static void debugfs_listing_in_both_formats_is_read_as_memory(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "   0: 0x0000000080000000..0x00000000901fffff\n"
	      "   1: 0x0000000090200000..0x00000000905fffff    1 NOMAP\n"
	      "   2: 0x0000000090600000..0x0000000092ffffff    x NONE\n"
	      "   3: 0x0000000093000000..0x00000000973fffff    0 SPARKLY\n");
	assert_int_equal(in.format, FMT_DEBUGFS);
	assert_int_equal(in.diag.errors, 1);
	assert_int_equal(in.n_ops, 3);
	assert_int_equal(in.ops[0].size, 0x10200000);
	assert_int_equal(in.ops[0].nid, -2);
	assert_int_equal(in.ops[1].nid, 1);
	assert_int_equal(in.ops[1].flags, MEMBLOCK_NOMAP);
	assert_int_equal(in.ops[2].nid, -2);
	mbt_input_free(&in);
}

static void first_memblock_dump_gives_memory_without_a_firmware_map(void **state)
{
	struct mbt_input in;

	(void)state;
	parse(&in,
	      "[    0.000000] MEMBLOCK configuration:\n"
	      "[    0.000000]  memory size = 0x400000 reserved size = 0x2503a\n"
	      "[    0.000000]  memory.cnt  = 0x1\n"
	      "[    0.000000]  memory[0x0]\t[0x00000088000000-0x000000883fffff], 0x400000 bytes on node 0 flags: 0x0\n"
	      "[    0.000000]  reserved.cnt  = 0x1\n"
	      "[    0.000000]  reserved[0x0]\t[0x00000010000000-0x000000100010fd], 0x10fe bytes flags: 0x0\n"
	      "[    0.000000] On node 0 totalpages: 1024\n"
	      "[    0.000000] MEMBLOCK configuration:\n"
	      "[    0.000000]  memory[0x0]\t[0x00000000000000-0x000000883fffff], 0x88400000 bytes flags: 0x0\n");
	assert_int_equal(in.diag.errors, 0);
	assert_int_equal(in.n_ops, 2); /* the first dump only */
	assert_int_equal(in.ops[0].kind, OP_MEMORY);
	assert_int_equal(in.ops[0].base, 0x88000000);
	assert_int_equal(in.ops[0].nid, 0);
	assert_int_equal(in.ops[1].kind, OP_RESERVE);
	assert_int_equal(in.ops[1].size, 0x10fe);
	assert_int_equal(in.node_totalpages, 1024);
	mbt_input_free(&in);
}

static void raw_dump_of_20_byte_entries_is_decoded(void **state)
{
	unsigned char b[40] = { 0 };
	struct mbt_input in;

	(void)state;
	b[8 + 1] = 0x10;        /* size 0x1000 */
	b[16] = 1;              /* usable */
	b[20 + 2] = 0x10;       /* addr 0x100000 */
	b[20 + 8 + 2] = 0x20;   /* size 0x200000 */
	b[20 + 16] = 2;         /* reserved */
	mbt_input_init(&in, "raw");
	in.diag.out = NULL;
	assert_int_equal(mbt_parse_buffer(&in, (const char *)b, sizeof(b)), 0);
	assert_int_equal(in.format, FMT_RAW_E820);
	assert_entry(&in.firmware, 0, 0, 0x1000, MB_E820_RAM);
	assert_entry(&in.firmware, 1, 0x100000, 0x200000, MB_E820_RESERVED);
	mbt_input_free(&in);
}

static void raw_uefi_map_with_48_byte_descriptors_is_recognised(void **state)
{
	unsigned char b[96] = { 0 };
	struct mbt_input in;

	(void)state;
	b[0] = MB_EFI_CONVENTIONAL;
	b[8 + 2] = 0x10;        /* phys 0x100000 */
	b[24] = 0x10;           /* 16 pages */
	b[32] = 0x0f;           /* UC WC WT WB */
	b[48] = MB_EFI_RUNTIME_SERVICES_DATA;
	b[48 + 8 + 2] = 0x20;   /* phys 0x200000 */
	b[48 + 24] = 1;
	b[48 + 32] = 0x08;
	b[48 + 39] = 0x80;      /* EFI_MEMORY_RUNTIME */
	mbt_input_init(&in, "efi.bin");
	in.diag.out = NULL;
	assert_int_equal(mbt_parse_buffer(&in, (const char *)b, sizeof(b)), 0);
	assert_int_equal(in.format, FMT_RAW_EFI);
	assert_int_equal(in.n_efi, 2);
	assert_int_equal(in.efi[0].phys_addr, 0x100000);
	assert_int_equal(in.efi[0].num_pages, 16);
	assert_int_equal(in.efi[1].type, MB_EFI_RUNTIME_SERVICES_DATA);
	assert_true(in.efi[1].attribute == (MB_EFI_MEMORY_RUNTIME | MB_EFI_MEMORY_WB));
	mbt_input_free(&in);
}

static void e820_update_splits_an_entry_in_three(void **state)
{
	struct e820_table t = { 0 };

	(void)state;
	assert_int_equal(e820_add(&t, 0, 0x10000, MB_E820_RAM), 0);
	assert_int_equal(e820_update(&t, 0x4000, 0x1000, MB_E820_RAM,
				     MB_E820_RESERVED), 0);
	e820_sort(&t);
	assert_int_equal(t.n, 3);
	assert_entry(&t, 0, 0, 0x4000, MB_E820_RAM);
	assert_entry(&t, 1, 0x4000, 0x1000, MB_E820_RESERVED);
	assert_entry(&t, 2, 0x5000, 0xb000, MB_E820_RAM);
	/* A typed remove leaves other types alone. */
	assert_int_equal(e820_remove(&t, 0, UINT64_MAX, MB_E820_RAM, true), 0);
	assert_int_equal(t.n, 1);
	assert_entry(&t, 0, 0x4000, 0x1000, MB_E820_RESERVED);
	e820_free(&t);
}

static void efi_lines_in_both_formats_become_descriptors(void **state)
{
	struct mbt_input in;
	unsigned char *raw;
	struct mb_efi_desc d;
	size_t size;

	(void)state;
	parse(&in,
	      "[    0.000000] efi: mem00: type=7, attr=0xf, range=[0x0000000000009000-0x0000000000040000) (0MB)\n"
	      "[    0.000000] efi: mem01: [Runtime Data       |RUN|  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0000000000100000-0x0000000000100fff] (0MB)\n"
	      "[    0.000000] efi: mem02: [Memory Mapped I/O  |RUN|  |  |  |  |  |  |   |  |  |  |UC] range=[0x00000000ffe00000-0x00000000ffffffff] (2MB)\n"
	      "[    0.000000] efi: mem03: [Bogus Type|  |UC] range=[0x0-0xfff] (0MB)\n");
	assert_int_equal(in.format, FMT_DMESG);
	assert_int_equal(in.diag.errors, 1);
	assert_int_equal(in.n_efi, 3);
	assert_int_equal(in.efi[0].type, MB_EFI_CONVENTIONAL);
	assert_int_equal(in.efi[0].phys_addr, 0x9000);
	assert_int_equal(in.efi[0].num_pages, 0x37);
	assert_int_equal(in.efi[0].attribute, 0xf);
	assert_int_equal(in.efi[1].type, MB_EFI_RUNTIME_SERVICES_DATA);
	assert_int_equal(in.efi[1].num_pages, 1);
	assert_true(in.efi[1].attribute == (MB_EFI_MEMORY_RUNTIME | 0xf));
	assert_int_equal(in.efi[2].type, MB_EFI_MMIO);
	assert_true(in.efi[2].attribute == (MB_EFI_MEMORY_RUNTIME | MB_EFI_MEMORY_UC));
	raw = mbt_efi_raw(&in, &size);
	assert_non_null(raw);
	assert_int_equal(size, 3 * MBT_EFI_DESC_SIZE);
	mb_efi_read_desc(raw, MBT_EFI_DESC_SIZE, 1, &d);
	assert_int_equal(d.type, MB_EFI_RUNTIME_SERVICES_DATA);
	assert_int_equal(d.phys_addr, 0x100000);
	assert_int_equal(d.num_pages, 1);
	free(raw);
	mbt_input_free(&in);
}

/* Self-check with random bytes and mutated real lines: never crash. */
static void arbitrary_bytes_never_crash_the_parsers(void **state)
{
	static const char *const seeds[] = {
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n",
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n",
		"00100000-3fffffff : System RAM\n  01000000-01ffffff : reserved\n",
		"memory 0x1000 0x9f000 nid=1\nreserve 1M 4K\n",
		"  node   0: [mem 0x0000000000001000-0x000000000009efff]\n",
		"Memory: 1K/2K available\nCommand line: memmap=1G$4G\n",
		"efi: mem01: [Runtime Data       |RUN|  |  |  |  |  |  |   |WB|WT|WC|UC] range=[0x0-0xfff] (0MB)\n",
		"efi: mem00: type=7, attr=0xf, range=[0x9000-0x40000) (0MB)\n",
		"/sys/firmware/memmap/0/start:0x0\n/sys/firmware/memmap/0/end:0xfff\n",
		"   1: 0x0000000090200000..0x00000000905fffff    1 NOMAP\n",
		"MEMBLOCK configuration:\n memory[0x0]\t[0x88000000-0x883fffff], 0x400000 bytes on node 0 flags: 0x4\n",
	};
	unsigned seed = 12345, i, j;
	char buf[512];

	(void)state;
	for (i = 0; i < 4000; i++) {
		struct mbt_input in;
		struct e820_table t;
		size_t len;

		if (i % 2) {
			len = 1 + (seed = seed * 1103515245u + 12345u) % sizeof(buf);
			for (j = 0; j < len; j++) {
				seed = seed * 1103515245u + 12345u;
				buf[j] = (char)(seed >> 16);
			}
		} else {
			const char *s = seeds[(i / 2) % (sizeof(seeds) / sizeof(seeds[0]))];

			len = strlen(s);
			memcpy(buf, s, len);
			for (j = 0; j < 3; j++) {
				seed = seed * 1103515245u + 12345u;
				buf[(seed >> 8) % len] = (char)(seed >> 20);
			}
		}
		mbt_input_init(&in, "fuzz");
		in.diag.out = NULL;
		mbt_parse_buffer(&in, buf, len);
		if (in.has_e820 && !mbt_effective_e820(&in, false, &t))
			e820_free(&t);
		mbt_input_free(&in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dmesg_old_format_table_and_memory_line_are_read),
		cmocka_unit_test(dmesg_new_format_names_and_gap_lines_are_read),
		cmocka_unit_test(dmesg_2_6_format_has_an_exclusive_end),
		cmocka_unit_test(updates_before_memblock_setup_are_applied_later_ones_not),
		cmocka_unit_test(user_table_replaces_the_firmware_table),
		cmocka_unit_test(malformed_e820_lines_are_reported_with_their_line),
		cmocka_unit_test(text_format_statements_become_operations),
		cmocka_unit_test(iomem_top_level_is_the_map_and_children_reservations),
		cmocka_unit_test(iomem_read_without_root_is_an_error),
		cmocka_unit_test(sysfs_memmap_listing_is_read_and_incomplete_entries_reported),
		cmocka_unit_test(debugfs_listing_in_both_formats_is_read_as_memory),
		cmocka_unit_test(first_memblock_dump_gives_memory_without_a_firmware_map),
		cmocka_unit_test(raw_dump_of_20_byte_entries_is_decoded),
		cmocka_unit_test(raw_uefi_map_with_48_byte_descriptors_is_recognised),
		cmocka_unit_test(e820_update_splits_an_entry_in_three),
		cmocka_unit_test(efi_lines_in_both_formats_become_descriptors),
		cmocka_unit_test(arbitrary_bytes_never_crash_the_parsers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
