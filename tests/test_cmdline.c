// SPDX-License-Identifier: MIT
/*
 * test_cmdline.c - mb_parse_size (Linux's memparse) and mb_parse_cmdline
 * (mem=, memblock=debug, reserve_mem=, quoting, "--").
 */
#include "support.h"

#include <stdio.h>
#include <string.h>

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

/* mb_parse_size must succeed with @want and stop at @rest_want. */
static void size_is(const char *s, uint64_t want, const char *rest_want)
{
	uint64_t v = 12345;
	const char *rest = NULL;

	assert_int_equal(mb_parse_size(s, &v, &rest), 0);
	assert_int_equal(v, want);
	assert_string_equal(rest, rest_want);
}

/* mb_parse_size must fail with @err and leave its outputs alone. */
static void size_fails(const char *s, int err)
{
	uint64_t v = 12345;
	const char *rest = "untouched";

	assert_int_equal(mb_parse_size(s, &v, &rest), err);
	assert_int_equal(v, 12345);
	assert_string_equal(rest, "untouched");
}

/* ---- sizes ---- */

static void size_decimal(void **state)
{
	(void)state;
	size_is("0", 0, "");
	size_is("4096", 4096, "");
	size_is("123 rest", 123, " rest");
}

static void size_hex_either_case(void **state)
{
	(void)state;
	size_is("0x10", 16, "");
	size_is("0XfF", 255, "");
	size_is("0xABCdef", 0xabcdef, "");
}

static void size_hex_prefix_without_digits_reads_zero(void **state)
{
	(void)state;
	size_is("0x", 0, "x");
	size_is("0xg", 0, "xg");
}

static void size_octal(void **state)
{
	(void)state;
	size_is("010", 8, "");
	size_is("0777", 511, "");
	size_is("08", 0, "8");
}

static void size_suffixes_either_case(void **state)
{
	(void)state;
	size_is("4K", 4 * KiB, "");
	size_is("4k", 4 * KiB, "");
	size_is("3M", 3 * MiB, "");
	size_is("3m", 3 * MiB, "");
	size_is("2G", 2 * GiB, "");
	size_is("2g", 2 * GiB, "");
	size_is("1T", (uint64_t)1 << 40, "");
	size_is("1t", (uint64_t)1 << 40, "");
	size_is("1P", (uint64_t)1 << 50, "");
	size_is("1p", (uint64_t)1 << 50, "");
	size_is("1E", (uint64_t)1 << 60, "");
	size_is("1e", (uint64_t)1 << 60, "");
	size_is("0x10M", 16 * MiB, "");
}

static void size_stops_after_one_suffix(void **state)
{
	(void)state;
	size_is("4KB", 4 * KiB, "B");
	size_is("1Gx", GiB, "x");
	size_is("12:4096:name", 12, ":4096:name");
}

static void size_rest_may_be_null(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(mb_parse_size("5M", &v, NULL), 0);
	assert_int_equal(v, 5 * MiB);
}

static void size_largest_values_fit(void **state)
{
	(void)state;
	size_is("18446744073709551615", UINT64_MAX, "");
	size_is("0xffffffffffffffff", UINT64_MAX, "");
	size_is("01777777777777777777777", UINT64_MAX, "");
	size_is("15E", (uint64_t)15 << 60, "");
	size_is("16777215T", (uint64_t)16777215 << 40, "");
}

static void size_overflow_is_erange(void **state)
{
	(void)state;
	size_fails("18446744073709551616", -MB_ERANGE);
	size_fails("99999999999999999999", -MB_ERANGE);
	size_fails("0x10000000000000000", -MB_ERANGE);
	size_fails("02000000000000000000000", -MB_ERANGE);
	size_fails("16E", -MB_ERANGE);
	size_fails("16777216T", -MB_ERANGE);
	size_fails("17179869184G", -MB_ERANGE);
}

static void size_without_digits_is_einval(void **state)
{
	(void)state;
	size_fails("", -MB_EINVAL);
	size_fails("K", -MB_EINVAL);
	size_fails("-1", -MB_EINVAL);
	size_fails(" 1", -MB_EINVAL);
	size_fails("+1", -MB_EINVAL);
	size_fails("x10", -MB_EINVAL);
}

/* ---- command lines ---- */

static void parse(const char *line, struct mb_cmdline *c, int ret)
{
	memset(c, 0x5a, sizeof(*c));
	assert_int_equal(mb_parse_cmdline(line, c), ret);
}

static void cmdline_mem_sets_the_limit(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("console=ttyS0 mem=512M quiet", &c, 0);
	assert_int_equal(c.mem_limit, 512 * MiB);
	assert_false(c.debug);
	assert_int_equal(c.reserve_mem_cnt, 0);
	assert_int_equal(c.errors, 0);
}

static void cmdline_without_options_is_empty(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("root=/dev/sda1 ro", &c, 0);
	assert_int_equal(c.mem_limit, 0);
	assert_false(c.debug);
	assert_int_equal(c.reserve_mem_cnt, 0);
	assert_int_equal(c.errors, 0);
	parse("", &c, 0);
	assert_int_equal(c.mem_limit, 0);
	parse(NULL, &c, 0);
	assert_int_equal(c.mem_limit, 0);
	assert_int_equal(c.errors, 0);
}

static void cmdline_last_mem_wins(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("mem=1G mem=2G", &c, 0);
	assert_int_equal(c.mem_limit, 2 * GiB);
	parse("mem=2G\tmem=0x100000\n", &c, 0);
	assert_int_equal(c.mem_limit, MiB);
}

static void cmdline_mem_nopentium_is_ignored(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("mem=nopentium", &c, 0);
	assert_int_equal(c.mem_limit, 0);
	assert_int_equal(c.errors, 0);
	parse("mem=768M mem=nopentium", &c, 0);
	assert_int_equal(c.mem_limit, 768 * MiB);
}

static void cmdline_malformed_mem_is_counted(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("mem=lots mem=", &c, -MB_EINVAL);
	assert_int_equal(c.errors, 2);
	assert_int_equal(c.mem_limit, 0);
	parse("mem=1G mem=99999999999999999999", &c, -MB_EINVAL);
	assert_int_equal(c.errors, 1);
	assert_int_equal(c.mem_limit, GiB);
}

static void cmdline_similar_names_are_not_mem(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("memmap=1G$2G xmem=1G mem_encrypt=on mem", &c, 0);
	assert_int_equal(c.mem_limit, 0);
	assert_int_equal(c.errors, 0);
}

static void cmdline_memblock_debug(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("memblock=debug", &c, 0);
	assert_true(c.debug);
	parse("memblock=nodebug_other", &c, 0);
	assert_true(c.debug); /* Linux looks for "debug" anywhere */
	parse("memblock=other memblock", &c, 0);
	assert_false(c.debug);
	assert_int_equal(c.errors, 0);
}

static void cmdline_reserve_mem(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("reserve_mem=12M:4096:oops reserve_mem=0x100000:2M:trace", &c,
	      0);
	assert_int_equal(c.reserve_mem_cnt, 2);
	assert_int_equal(c.reserve_mem[0].size, 12 * MiB);
	assert_int_equal(c.reserve_mem[0].align, 4096);
	assert_string_equal(c.reserve_mem[0].name, "oops");
	assert_int_equal(c.reserve_mem[1].size, MiB);
	assert_int_equal(c.reserve_mem[1].align, 2 * MiB);
	assert_string_equal(c.reserve_mem[1].name, "trace");
	assert_int_equal(c.errors, 0);
}

static void cmdline_reserve_mem_align_is_at_least_a_cache_line(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("reserve_mem=1M:0:a reserve_mem=1M:8:b reserve_mem=1M:64:c "
	      "reserve_mem=1M:128:d", &c, 0);
	assert_int_equal(c.reserve_mem_cnt, 4);
	assert_int_equal(MEMBLOCK_ENV_CACHE_BYTES, 64);
	assert_int_equal(c.reserve_mem[0].align, 64);
	assert_int_equal(c.reserve_mem[1].align, 64);
	assert_int_equal(c.reserve_mem[2].align, 64);
	assert_int_equal(c.reserve_mem[3].align, 128);
}

static void cmdline_reserve_mem_name_used_twice_is_counted(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("reserve_mem=1M:4K:oops reserve_mem=2M:4K:oops "
	      "reserve_mem=2M:4K:oop reserve_mem=2M:4K:oopsy", &c, -MB_EINVAL);
	assert_int_equal(c.errors, 1);
	assert_int_equal(c.reserve_mem_cnt, 3);
	assert_int_equal(c.reserve_mem[0].size, MiB);
	assert_string_equal(c.reserve_mem[1].name, "oop");
	assert_string_equal(c.reserve_mem[2].name, "oopsy");
}

static void cmdline_reserve_mem_name_of_fifteen_fits(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("reserve_mem=4K:4K:abcdefghijklmno", &c, 0);
	assert_int_equal(c.reserve_mem_cnt, 1);
	assert_string_equal(c.reserve_mem[0].name, "abcdefghijklmno");
}

static void cmdline_malformed_reserve_mem_is_counted(void **state)
{
	static const char *bad[] = {
		"reserve_mem=0:4K:zero",      /* zero size */
		"reserve_mem=1M:3:odd",       /* alignment not a power of two */
		"reserve_mem=1M:4K:",         /* no name */
		"reserve_mem=4K:4K:abcdefghijklmnop", /* name too long */
		"reserve_mem=1M",             /* no alignment, no name */
		"reserve_mem=1M:4K",          /* no name */
		"reserve_mem=:4K:x",          /* no size */
		"reserve_mem=1M::x",          /* no alignment */
		"reserve_mem=1Mx:4K:x",       /* junk after the size */
		"reserve_mem=",
	};
	struct mb_cmdline c;
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &c, -MB_EINVAL);
		assert_int_equal(c.errors, 1);
		assert_int_equal(c.reserve_mem_cnt, 0);
	}
}

static void cmdline_reserve_mem_beyond_capacity_is_counted(void **state)
{
	char line[512] = "";
	struct mb_cmdline c;
	unsigned i;

	(void)state;
	for (i = 0; i < 10; i++) {
		char w[32];

		snprintf(w, sizeof(w), "reserve_mem=4K:4K:r%u ", i);
		strcat(line, w);
	}
	parse(line, &c, -MB_EINVAL);
	assert_int_equal(c.reserve_mem_cnt, 8);
	assert_string_equal(c.reserve_mem[7].name, "r7");
	assert_int_equal(c.errors, 2);
}

static void cmdline_text_inside_quotes_is_not_an_option(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("dyndbg=\"file x.c mem=1G +p\" mem=2G", &c, 0);
	assert_int_equal(c.mem_limit, 2 * GiB);
	parse("foo=\"a memblock=debug reserve_mem=1M:4K:x\"", &c, 0);
	assert_false(c.debug);
	assert_int_equal(c.reserve_mem_cnt, 0);
	assert_int_equal(c.errors, 0);
	/* An unterminated quote swallows the rest of the line. */
	parse("foo=\"bar mem=1G", &c, 0);
	assert_int_equal(c.mem_limit, 0);
}

static void cmdline_quotes_around_an_option_are_dropped(void **state)
{
	struct mb_cmdline c;

	(void)state;
	/* Linux's next_arg() strips them: both forms set the limit. */
	parse("\"mem=1G\"", &c, 0);
	assert_int_equal(c.mem_limit, GiB);
	parse("mem=\"3G\"", &c, 0);
	assert_int_equal(c.mem_limit, 3 * GiB);
	parse("reserve_mem=\"1M:4K:q\"", &c, 0);
	assert_int_equal(c.reserve_mem_cnt, 1);
	assert_string_equal(c.reserve_mem[0].name, "q");
	assert_int_equal(c.errors, 0);
}

static void cmdline_double_dash_stops_parsing(void **state)
{
	struct mb_cmdline c;

	(void)state;
	parse("mem=1G -- mem=2G memblock=debug", &c, 0);
	assert_int_equal(c.mem_limit, GiB);
	assert_false(c.debug);
	/* Only the word "--" itself ends the kernel's part. */
	parse("--x mem=2G", &c, 0);
	assert_int_equal(c.mem_limit, 2 * GiB);
	parse("foo=\"a -- b\" mem=3G", &c, 0);
	assert_int_equal(c.mem_limit, 3 * GiB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_decimal),
		cmocka_unit_test(size_hex_either_case),
		cmocka_unit_test(size_hex_prefix_without_digits_reads_zero),
		cmocka_unit_test(size_octal),
		cmocka_unit_test(size_suffixes_either_case),
		cmocka_unit_test(size_stops_after_one_suffix),
		cmocka_unit_test(size_rest_may_be_null),
		cmocka_unit_test(size_largest_values_fit),
		cmocka_unit_test(size_overflow_is_erange),
		cmocka_unit_test(size_without_digits_is_einval),
		cmocka_unit_test(cmdline_mem_sets_the_limit),
		cmocka_unit_test(cmdline_without_options_is_empty),
		cmocka_unit_test(cmdline_last_mem_wins),
		cmocka_unit_test(cmdline_mem_nopentium_is_ignored),
		cmocka_unit_test(cmdline_malformed_mem_is_counted),
		cmocka_unit_test(cmdline_similar_names_are_not_mem),
		cmocka_unit_test(cmdline_memblock_debug),
		cmocka_unit_test(cmdline_reserve_mem),
		cmocka_unit_test(cmdline_reserve_mem_align_is_at_least_a_cache_line),
		cmocka_unit_test(cmdline_reserve_mem_name_used_twice_is_counted),
		cmocka_unit_test(cmdline_reserve_mem_name_of_fifteen_fits),
		cmocka_unit_test(cmdline_malformed_reserve_mem_is_counted),
		cmocka_unit_test(cmdline_reserve_mem_beyond_capacity_is_counted),
		cmocka_unit_test(cmdline_text_inside_quotes_is_not_an_option),
		cmocka_unit_test(cmdline_quotes_around_an_option_are_dropped),
		cmocka_unit_test(cmdline_double_dash_stops_parsing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
