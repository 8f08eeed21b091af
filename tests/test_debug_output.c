// SPDX-License-Identifier: MIT
/*
 * test_debug_output.c - memblock=debug traces and the "MEMBLOCK
 * configuration:" dump, byte for byte in Linux's format: %pa addresses
 * zero-padded to the width of phys_addr_t (16 digits, 8 with a 32-bit
 * phys_addr_t), " on node N" only for valid nodes, %#x indices and flags.
 */
#include "support.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/memblock.h>

#define W ((int)(2 * sizeof(phys_addr_t)))

/* %pa: 0x and the address padded to the width of phys_addr_t */
static const char *pa(char *buf, phys_addr_t v)
{
	snprintf(buf, 32, "0x%0*llx", W, (unsigned long long)v);
	return buf;
}

/* Expected "name: [base-end]" prefix of a range trace. */
static void range_prefix(char *out, size_t n, const char *name,
			 phys_addr_t base, phys_addr_t size)
{
	char a[32], b[32];

	snprintf(out, n, "%s: [%s-%s] ", name, pa(a, base),
		 pa(b, base + size - 1));
}

/* A %pS caller: a symbol+0xoff, or the raw address when unnamed. */
static bool looks_like_caller(const char *s, size_t len)
{
	size_t i = 0;

	if (len > 2 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < len && isxdigit((unsigned char)s[i]); i++)
			;
		return i == len;
	}
	return len > 0 && memchr(s, '+', len) != NULL;
}

/* @text is exactly one line: @prefix, then a caller, then '\n'. */
static void assert_trace_line(const char *text, const char *prefix)
{
	size_t pl = strlen(prefix), tl = strlen(text);

	if (strncmp(text, prefix, pl))
		fail_msg("trace '%s' does not start with '%s'", text, prefix);
	assert_true(tl > pl + 1);
	assert_int_equal(text[tl - 1], '\n');
	assert_null(memchr(text, '\n', tl - 1));
	if (!looks_like_caller(text + pl, tl - pl - 1))
		fail_msg("no caller in trace '%s'", text);
}

static void debug_traces_memblock_add_with_padded_addresses(void **state)
{
	char want[128];
	char *out;

	(void)state;
	memblock_debug = 1;
	capture_stderr_begin();
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	out = capture_stderr_end();
	range_prefix(want, sizeof(want), "memblock_add", 0x1000, 0x2000);
	assert_trace_line(out, want);
	/* 16 hex digits, or 8 with a 32-bit phys_addr_t */
	assert_non_null(strstr(out, sizeof(phys_addr_t) == 8
					    ? "[0x0000000000001000-0x0000000000002fff]"
					    : "[0x00001000-0x00002fff]"));
	free(out);
}

static void debug_traces_each_range_call_by_its_linux_name(void **state)
{
	static const char *const names[] = {
		"memblock_add", "memblock_reserve", "memblock_phys_free",
		"memblock_remove", "memblock_physmem_add",
	};
	char want[128];
	char *out[5];
	int i;

	(void)state;
	memblock_debug = 1;
	for (i = 0; i < 5; i++) {
		capture_stderr_begin();
		switch (i) {
		case 0:
			assert_int_equal(memblock_add(0x10000, 0x4000), 0);
			break;
		case 1:
			assert_int_equal(memblock_reserve(0x10000, 0x4000), 0);
			break;
		case 2:
			assert_int_equal(memblock_phys_free(0x10000, 0x4000),
					 0);
			break;
		case 3:
			assert_int_equal(memblock_remove(0x10000, 0x4000), 0);
			break;
		default:
			assert_int_equal(memblock_physmem_add(0x10000, 0x4000),
					 0);
			break;
		}
		out[i] = capture_stderr_end();
		range_prefix(want, sizeof(want), names[i], 0x10000, 0x4000);
		assert_trace_line(out[i], want);
		free(out[i]);
	}
}

static void debug_traces_add_node_with_nid_and_flags_like_linux(void **state)
{
	char want[160], a[32], b[32];
	char *out;

	(void)state;
	memblock_debug = 1;
	capture_stderr_begin();
	assert_int_equal(memblock_add_node(0x20000, 0x1000, 1,
					   MEMBLOCK_NOMAP | MEMBLOCK_MIRROR),
			 0);
	out = capture_stderr_end();
	/* Linux prints the flags with %x: no 0x prefix */
	snprintf(want, sizeof(want), "memblock_add_node: [%s-%s] nid=1 flags=6 ",
		 pa(a, 0x20000), pa(b, 0x20fff));
	assert_trace_line(out, want);
	free(out);
}

static void no_trace_without_memblock_debug(void **state)
{
	char *out;

	(void)state;
	capture_stderr_begin();
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	assert_int_equal(memblock_reserve(0x1000, 0x100), 0);
	memblock_dump_all();
	out = capture_stderr_end();
	assert_string_equal(out, "");
	free(out);
}

static void instance_debug_switch_traces_mb_calls(void **state)
{
	struct tmap t;
	char want[128];
	char *out;

	(void)state;
	tmap_init(&t, 4, 4, 0);
	capture_stderr_begin();
	assert_int_equal(mb_add(&t.mb, 0x1000, 0x1000), 0);
	mb_set_debug(&t.mb, 1);
	assert_int_equal(mb_reserve(&t.mb, 0x1000, 0x10), 0);
	mb_set_debug(&t.mb, 0);
	assert_int_equal(mb_free(&t.mb, 0x1000, 0x10), 0);
	out = capture_stderr_end();
	range_prefix(want, sizeof(want), "memblock_reserve", 0x1000, 0x10);
	assert_trace_line(out, want);
	free(out);
	tmap_fini(&t);
}

/* Append one dump line for region @i of @name. */
static void region_line(char *buf, size_t n, const char *name, unsigned i,
			phys_addr_t base, phys_addr_t size, int nid,
			unsigned flags)
{
	char a[32], b[32], c[32], node[24] = "";
	size_t l = strlen(buf);

	if (nid >= 0 && nid < MAX_NUMNODES)
		snprintf(node, sizeof(node), " on node %d", nid);
	snprintf(buf + l, n - l, " %s[0x%x]\t[%s-%s], %s bytes%s flags: 0x%x\n",
		 name, i, pa(a, base), pa(b, base + size - 1), pa(c, size),
		 node, flags);
}

static void dump_all_prints_linux_configuration_block(void **state)
{
	char want[2048], a[32], b[32];
	char *out;

	(void)state;
	assert_int_equal(memblock_add_node(0x1000, 0x9e000, 0, 0), 0);
	assert_int_equal(memblock_add(0x100000, 0xbfee0000), 0);
	assert_int_equal(memblock_add_node(0xc0000000, 0x1000, 1,
					   MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP),
			 0);
	assert_int_equal(memblock_reserve(0x0, 0x10000), 0);
	assert_int_equal(memblock_reserve_kern(0x9f000, 0x61000), 0);
	snprintf(want, sizeof(want),
		 "MEMBLOCK configuration:\n"
		 " memory size = %s reserved size = %s\n"
		 " memory.cnt  = 0x3\n",
		 pa(a, 0x9e000 + 0xbfee0000 + 0x1000), pa(b, 0x71000));
	region_line(want, sizeof(want), "memory", 0, 0x1000, 0x9e000, 0, 0);
	region_line(want, sizeof(want), "memory", 1, 0x100000, 0xbfee0000,
		    MAX_NUMNODES, 0);
	region_line(want, sizeof(want), "memory", 2, 0xc0000000, 0x1000, 1,
		    0x5);
	strcat(want, " reserved.cnt  = 0x2\n");
	region_line(want, sizeof(want), "reserved", 0, 0x0, 0x10000,
		    NUMA_NO_NODE, 0);
	region_line(want, sizeof(want), "reserved", 1, 0x9f000, 0x61000,
		    NUMA_NO_NODE, 0x20);
	capture_stderr_begin();
	__memblock_dump_all();
	out = capture_stderr_end();
	assert_string_equal(out, want);
	free(out);
	/* memblock_dump_all() prints the same, only with memblock=debug */
	memblock_debug = 1;
	capture_stderr_begin();
	memblock_dump_all();
	out = capture_stderr_end();
	assert_string_equal(out, want);
	free(out);
}

static void dump_of_empty_map_prints_zero_counts(void **state)
{
	char want[256], a[32];
	char *out;

	(void)state;
	snprintf(want, sizeof(want),
		 "MEMBLOCK configuration:\n"
		 " memory size = %s reserved size = %s\n"
		 " memory.cnt  = 0x0\n"
		 " reserved.cnt  = 0x0\n",
		 pa(a, 0), a);
	capture_stderr_begin();
	__memblock_dump_all();
	out = capture_stderr_end();
	assert_string_equal(out, want);
	free(out);
}

static void dump_numbers_regions_in_hex(void **state)
{
	char *out, *p;
	int i;

	(void)state;
	for (i = 0; i < 17; i++)
		assert_int_equal(memblock_reserve(0x1000 * (2 * i + 1), 0x1000),
				 0);
	capture_stderr_begin();
	__memblock_dump_all();
	out = capture_stderr_end();
	assert_non_null(strstr(out, " reserved.cnt  = 0x11\n"));
	assert_non_null(strstr(out, " reserved[0xa]\t["));
	p = strstr(out, " reserved[0x10]\t[");
	assert_non_null(p);
	assert_null(strstr(out, " reserved[0x11]"));
	free(out);
}

static void dump_of_instance_uses_its_own_map(void **state)
{
	struct tmap t;
	char want[512], a[32], b[32];
	char *out;

	(void)state;
	tmap_init(&t, 4, 4, 4);
	assert_int_equal(mb_add(&t.mb, PHYS_ADDR_MAX - 0xfff, 0xfff), 0);
	assert_int_equal(mb_physmem_add(&t.mb, 0, 0x1000), 0);
	snprintf(want, sizeof(want),
		 "MEMBLOCK configuration:\n"
		 " memory size = %s reserved size = %s\n"
		 " memory.cnt  = 0x1\n",
		 pa(a, 0xfff), pa(b, 0));
	region_line(want, sizeof(want), "memory", 0, PHYS_ADDR_MAX - 0xfff,
		    0xfff, MAX_NUMNODES, 0);
	strcat(want, " reserved.cnt  = 0x0\n physmem.cnt  = 0x1\n");
	region_line(want, sizeof(want), "physmem", 0, 0, 0x1000,
		    MAX_NUMNODES, 0);
	capture_stderr_begin();
	mb_dump(&t.mb);
	out = capture_stderr_end();
	assert_string_equal(out, want);
	free(out);
	tmap_fini(&t);
}

static int reset(void **state)
{
	(void)state;
	reset_default();
	return 0;
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, reset, reset)
	const struct CMUnitTest tests[] = {
		T(debug_traces_memblock_add_with_padded_addresses),
		T(debug_traces_each_range_call_by_its_linux_name),
		T(debug_traces_add_node_with_nid_and_flags_like_linux),
		T(no_trace_without_memblock_debug),
		T(instance_debug_switch_traces_mb_calls),
		T(dump_all_prints_linux_configuration_block),
		T(dump_of_empty_map_prints_zero_counts),
		T(dump_numbers_regions_in_hex),
		T(dump_of_instance_uses_its_own_map),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
