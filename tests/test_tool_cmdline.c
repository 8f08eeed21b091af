// SPDX-License-Identifier: MIT
/*
 * test_tool_cmdline.c - the memblock tool's kernel command-line handling:
 * memmap= forms editing an e820 table as x86 does, x86 mem=, and the
 * crashkernel= syntaxes.
 */
#include "support.h"

#include <string.h>

#include "../tools/memblock/mbt.h"

static struct e820_table ram_4g(void)
{
	struct e820_table t = { 0 };

	assert_int_equal(e820_add(&t, 0, 0x9f000, MB_E820_RAM), 0);
	assert_int_equal(e820_add(&t, 0x100000, 0xfff00000, MB_E820_RAM), 0);
	return t;
}

static void memmap_forms_add_entries_of_their_type(void **state)
{
	struct e820_table t = ram_4g();

	(void)state;
	assert_int_equal(mbt_apply_memmap(&t, "64M@8G,1M#0x10000000"), 0);
	assert_int_equal(mbt_apply_memmap(&t, "2M$0x20000000"), 0);
	assert_int_equal(mbt_apply_memmap(&t, "4K!0x30000000"), 0);
	assert_int_equal(t.n, 6);
	assert_int_equal(t.e[2].addr, 8ull << 30);
	assert_int_equal(t.e[2].type, MB_E820_RAM);
	assert_int_equal(t.e[3].type, MB_E820_ACPI);
	assert_int_equal(t.e[4].type, MB_E820_RESERVED);
	assert_int_equal(t.e[4].size, 2u << 20);
	assert_int_equal(t.e[5].type, MB_E820_PRAM);
	e820_free(&t);
}

static void memmap_exactmap_empties_the_table(void **state)
{
	struct e820_table t = ram_4g();

	(void)state;
	assert_int_equal(mbt_apply_memmap(&t, "exactmap"), 0);
	assert_int_equal(t.n, 0);
	assert_int_equal(mbt_apply_memmap(&t, "640K@0"), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.e[0].size, 640u << 10);
	e820_free(&t);
}

static void memmap_size_alone_and_x86_mem_cut_ram_above(void **state)
{
	struct e820_table t = ram_4g();
	struct mbt_kopts k;
	struct mbt_diag d = { .file = "cmdline", .out = NULL };

	(void)state;
	assert_int_equal(mbt_apply_memmap(&t, "1G"), 0);
	e820_sort(&t);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.e[1].addr + t.e[1].size, 1u << 30);
	e820_free(&t);

	t = ram_4g();
	assert_int_equal(mbt_parse_kopts("quiet mem=512M \"x=mem=1M\"", &k, &t, &d), 0);
	assert_true(k.mem_given);
	assert_int_equal(k.mem, 512u << 20);
	e820_sort(&t);
	assert_int_equal(t.e[t.n - 1].addr + t.e[t.n - 1].size, 512u << 20);
	e820_free(&t);
}

static void malformed_memmap_is_an_error_and_changes_nothing_else(void **state)
{
	struct e820_table t = ram_4g();

	(void)state;
	assert_int_equal(mbt_apply_memmap(&t, "1G&4G"), -1);
	assert_int_equal(mbt_apply_memmap(&t, "zz"), -1);
	assert_int_equal(t.n, 2);
	e820_free(&t);
}

static void crashkernel_syntaxes_are_understood(void **state)
{
	struct mbt_crash c;

	(void)state;
	memset(&c, 0, sizeof(c));
	assert_int_equal(mbt_parse_crashkernel("256M@16M", 0, &c), 0);
	assert_true(c.present && c.fixed);
	assert_int_equal(c.size, 256u << 20);
	assert_int_equal(c.base, 16u << 20);

	memset(&c, 0, sizeof(c));
	assert_int_equal(mbt_parse_crashkernel("1G,high", 0, &c), 0);
	assert_int_equal(mbt_parse_crashkernel("128M,low", 0, &c), 0);
	assert_true(c.high && c.low_given);
	assert_int_equal(c.low_size, 128u << 20);

	/* Ranges pick the size for the amount of RAM. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(mbt_parse_crashkernel("512M-2G:64M,2G-:128M",
					       4ull << 30, &c), 0);
	assert_int_equal(c.size, 128u << 20);
	memset(&c, 0, sizeof(c));
	assert_int_equal(mbt_parse_crashkernel("512M-2G:64M,2G-:128M",
					       1ull << 30, &c), 0);
	assert_int_equal(c.size, 64u << 20);

	memset(&c, 0, sizeof(c));
	assert_int_equal(mbt_parse_crashkernel("lots", 0, &c), -1);
	assert_int_equal(mbt_parse_crashkernel("64M@", 0, &c), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memmap_forms_add_entries_of_their_type),
		cmocka_unit_test(memmap_exactmap_empties_the_table),
		cmocka_unit_test(memmap_size_alone_and_x86_mem_cut_ram_above),
		cmocka_unit_test(malformed_memmap_is_an_error_and_changes_nothing_else),
		cmocka_unit_test(crashkernel_syntaxes_are_understood),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
